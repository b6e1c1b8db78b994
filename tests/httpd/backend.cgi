#!/usr/bin/python3
# Test backend: a "legacy application" whose response is chosen by the
# query string.  c=NAME=VALUE;attrs -> Set-Cookie (repeatable),
# h=Name:value -> any header (repeatable), s=CODE -> status.
# The body echoes the Cookie header it received, so tests see what the
# application sees.
import os, sys, urllib.parse
q = urllib.parse.parse_qsl(os.environ.get("QUERY_STRING", ""), keep_blank_values=True)
# Read the request body before answering: a CGI that exits with the body
# unread races mod_cgid writing it (EPIPE), and the client then sees a
# reset connection instead of the response (seen in CI on POST tests).
try:
    n = int(os.environ.get("CONTENT_LENGTH") or 0)
except ValueError:
    n = 0
if n > 0:
    sys.stdin.buffer.read(n)
out = []
status = "200 OK"
for k, v in q:
    if k == "c":
        out.append("Set-Cookie: " + v)
    elif k == "h":
        out.append(v)
    elif k == "s":
        status = v + " X"
sys.stdout.write("Status: %s\r\nContent-Type: text/plain\r\n" % status)
for line in out:
    sys.stdout.write(line + "\r\n")
sys.stdout.write("\r\n")
sys.stdout.write("cookie=%s\n" % os.environ.get("HTTP_COOKIE", ""))
sys.stdout.write("method=%s\n" % os.environ.get("REQUEST_METHOD", ""))
