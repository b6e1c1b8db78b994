#!/usr/bin/python3
# rawreq.py PORT REQUEST -- send REQUEST byte for byte to 127.0.0.1:PORT and
# print the raw response (headers and body, CR kept) on stdout.
#
# REQUEST is written with Python escapes (\r \n \t \x00 \x0d ...), so a test
# can send what curl refuses to: bare CR, obs-fold continuation lines, NUL,
# two headers of the same name.  "{PAD:N}" is replaced by N 'a' bytes.
# Exit 0 when a response (or a clean close) came back; 2 when the server
# reset the connection or did not answer within 10 s.
import re
import socket
import sys

port = int(sys.argv[1])
text = sys.argv[2]
text = re.sub(r"\{PAD:(\d+)\}", lambda m: "a" * int(m.group(1)), text)
data = text.encode("latin-1").decode("unicode_escape").encode("latin-1")
s = socket.create_connection(("127.0.0.1", port), timeout=10)
out = b""
try:
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        out += chunk
except (ConnectionResetError, socket.timeout) as e:
    sys.stdout.buffer.write(out)
    sys.stderr.write("rawreq: %s\n" % e)
    sys.exit(2)
finally:
    s.close()
sys.stdout.buffer.write(out)
