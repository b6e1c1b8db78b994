#!/usr/bin/python3
# backend_server.py scgi|fcgi PORT -- the test backend of backend.cgi as an
# SCGI or a FastCGI (responder role) server on 127.0.0.1:PORT, for
# mod_proxy_scgi / mod_proxy_fcgi.  Their responses go through
# ap_scan_script_header_err_*, so Set-Cookie lands in err_headers_out
# (SPEC 3).  Started and stopped (by pid) by tests/httpd/run.
#
# The response is chosen by the query string, as in backend.cgi:
# c=NAME=VALUE;attrs -> Set-Cookie (repeatable), h=Name:value -> any
# header (repeatable), s=CODE -> status.  The body echoes the Cookie header
# and the method it received.
import socket
import socketserver
import struct
import sys
import urllib.parse


def respond(env, body):
    q = urllib.parse.parse_qsl(env.get("QUERY_STRING", ""), keep_blank_values=True)
    out, status = [], "200 OK"
    for k, v in q:
        if k == "c":
            out.append("Set-Cookie: " + v)
        elif k == "h":
            out.append(v)
        elif k == "s":
            status = v + " X"
    head = "Status: %s\r\nContent-Type: text/plain\r\n" % status
    head += "".join(line + "\r\n" for line in out) + "\r\n"
    text = "cookie=%s\nmethod=%s\nbackend=%s\n" % (
        env.get("HTTP_COOKIE", ""), env.get("REQUEST_METHOD", ""), MODE)
    return head.encode("latin-1") + text.encode("latin-1")


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return buf


# ---- SCGI: "<len>:" NAME NUL VALUE NUL ... "," body ----------------------
class ScgiHandler(socketserver.BaseRequestHandler):
    def handle(self):
        s = self.request
        n = b""
        while True:
            ch = recv_exact(s, 1)
            if ch == b":":
                break
            n += ch
        raw = recv_exact(s, int(n))
        recv_exact(s, 1)  # ","
        parts = raw.split(b"\0")
        env = {parts[i].decode("latin-1"): parts[i + 1].decode("latin-1")
               for i in range(0, len(parts) - 1, 2)}
        body = recv_exact(s, int(env.get("CONTENT_LENGTH") or 0))
        s.sendall(respond(env, body))


# ---- FastCGI responder ------------------------------------------------------
BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT = 1, 3, 4, 5, 6
GET_VALUES, GET_VALUES_RESULT, UNKNOWN_TYPE = 9, 10, 11


def record(rtype, rid, content):
    pad = (8 - len(content) % 8) % 8
    return struct.pack("!BBHHBx", 1, rtype, rid, len(content), pad) + content + b"\0" * pad


def pairs(data):
    env, i = {}, 0

    def length():
        nonlocal i
        if data[i] < 128:
            i += 1
            return data[i - 1]
        v = struct.unpack("!I", data[i:i + 4])[0] & 0x7FFFFFFF
        i += 4
        return v
    while i < len(data):
        nl = length()
        vl = length()
        env[data[i:i + nl].decode("latin-1")] = data[i + nl:i + nl + vl].decode("latin-1")
        i += nl + vl
    return env


class FcgiHandler(socketserver.BaseRequestHandler):
    def handle(self):
        s = self.request
        reqs = {}
        try:
            while True:
                _, rtype, rid, clen, plen = struct.unpack("!BBHHBx", recv_exact(s, 8))
                content = recv_exact(s, clen)
                recv_exact(s, plen)
                if rtype == BEGIN_REQUEST:
                    flags = content[2]
                    reqs[rid] = {"params": b"", "stdin": b"", "keep": flags & 1}
                elif rtype == PARAMS:
                    reqs[rid]["params"] += content
                elif rtype == STDIN and content:
                    reqs[rid]["stdin"] += content
                elif rtype == STDIN:
                    r = reqs.pop(rid)
                    out = respond(pairs(r["params"]), r["stdin"])
                    for i in range(0, len(out), 65535):
                        s.sendall(record(STDOUT, rid, out[i:i + 65535]))
                    s.sendall(record(STDOUT, rid, b""))
                    s.sendall(record(END_REQUEST, rid, struct.pack("!IB3x", 0, 0)))
                    if not r["keep"]:
                        return
                elif rtype == GET_VALUES:
                    s.sendall(record(GET_VALUES_RESULT, 0, b""))
                else:
                    s.sendall(record(UNKNOWN_TYPE, 0, bytes([rtype]) + b"\0" * 7))
        except EOFError:
            return


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


MODE = sys.argv[1]
handler = {"scgi": ScgiHandler, "fcgi": FcgiHandler}[MODE]
with Server(("127.0.0.1", int(sys.argv[2])), handler) as srv:
    srv.serve_forever()
