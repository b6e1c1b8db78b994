#!/usr/bin/python3
# tests/server/backend.py -- the backend that tests/server/run puts behind the
# real nginx / Apache.  Deterministic: what it answers is a function of three
# request headers, and response_headers() says exactly which headers it
# sends, so the harness can hand the same list to `samesite-lint --simulate
# --backend-header ...`.
#
#   X-SS-Status: 200|401|404|500   the status to answer (default 200)
#   X-SS-Cors: 1                   also send the backend's own CORS headers
#                                  (Access-Control-Allow-Origin:
#                                  https://backend.example.test,
#                                  Access-Control-Allow-Credentials: true,
#                                  Vary: Origin)
#   Upgrade: websocket + Connection: upgrade
#                                  answer 101 Switching Protocols (same
#                                  cookies), then close
#
# Every response carries three cookies (Set-Cookie session=..., sid=...,
# pref=...: a session cookie, one with a Domain the browser never sees, one
# with no attributes) and the marker X-SS-Backend: "KIND STATUS[ cors]" so
# the harness knows that the backend (and not nginx/Apache or the file
# system) produced the response, and what it sent.  The marker is not
# compared.
#
# Three ways to run it:
#   - in process: Backend(http, fcgi, https, cert, key).start() / .stop()
#     (tests/server/run: one per configuration; stop() closes the listening
#     sockets, so the second round sees a backend that is down)
#   - standalone: backend.py HTTP_PORT FCGI_PORT [HTTPS_PORT CERT KEY]
#   - as a CGI script (GATEWAY_INTERFACE set): the harness copies this file
#     and points the configuration's ScriptAlias at it.
import os
import sys

BODY = b"ss-backend\n"
REASONS = {101: "Switching Protocols", 200: "OK", 401: "Unauthorized",
           404: "Not Found", 500: "Internal Server Error"}
STATUSES = (200, 401, 404, 500)
WS_KEY = "dGhlIHNhbXBsZSBub25jZQ=="
WS_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
MARKER = "X-SS-Backend"
COOKIES = ("session=s1; Path=/; HttpOnly",
           "sid=s2; Path=/; Domain=backend.internal",
           "pref=p1")
BACKEND_CORS = (("Access-Control-Allow-Origin", "https://backend.example.test"),
                ("Access-Control-Allow-Credentials", "true"),
                ("Vary", "Origin"))


def choose(get):
    """get(header name, lower case) -> value or None.  Returns
    (status, cors, websocket) as the backend decides them."""
    try:
        status = int((get("x-ss-status") or "200").strip())
    except ValueError:
        status = 200
    if status not in STATUSES:
        status = 200
    cors = (get("x-ss-cors") or "").strip() == "1"
    ws = ("websocket" in (get("upgrade") or "").lower()
          and "upgrade" in (get("connection") or "").lower())
    return (101 if ws else status), cors, ws


def marker(kind, status, cors):
    return "%s %d%s" % (kind, status, " cors" if cors else "")


def parse_marker(value):
    """'http 401 cors' -> (kind, status, cors); None if it is not ours."""
    parts = (value or "").split()
    if len(parts) not in (2, 3) or parts[0] not in ("http", "https", "fcgi", "cgi"):
        return None
    if len(parts) == 3 and parts[2] != "cors":
        return None
    try:
        status = int(parts[1])
    except ValueError:
        return None
    return parts[0], status, len(parts) == 3


def response_headers(kind, status, cors):
    """The headers the backend sends, in order, without the status line (and
    without the CGI Status: header, which is the status)."""
    h = []
    if status == 101:
        h += [("Upgrade", "websocket"), ("Connection", "Upgrade"),
              ("Sec-WebSocket-Accept", WS_ACCEPT)]
    else:
        h += [("Content-Type", "text/plain")]
        if kind in ("http", "https"):
            h += [("Content-Length", str(len(BODY)))]
    h += [(MARKER, marker(kind, status, cors))]
    h += [("Set-Cookie", c) for c in COOKIES]
    if cors:
        h += list(BACKEND_CORS)
    if kind in ("http", "https") and status != 101:
        h += [("Connection", "close")]
    return h


def cgi_output(kind, status, cors):
    head = "Status: %d %s\r\n" % (status, REASONS[status])
    head += "".join("%s: %s\r\n" % kv for kv in response_headers(kind, status, cors))
    return head.encode("latin-1") + b"\r\n" + (b"" if status == 101 else BODY)


# ---- CGI ---------------------------------------------------------------------
def cgi_main():
    def get(name):
        return os.environ.get("HTTP_" + name.upper().replace("-", "_"))
    status, cors, _ = choose(get)
    if status == 101:  # a CGI cannot switch protocols
        status = 200
    sys.stdin.buffer.read(int(os.environ.get("CONTENT_LENGTH") or 0))
    sys.stdout.buffer.write(cgi_output("cgi", status, cors))
    sys.stdout.flush()


if os.environ.get("GATEWAY_INTERFACE") and __name__ == "__main__":
    cgi_main()
    sys.exit(0)

import socket  # noqa: E402  (not needed by the CGI, which must start fast)
import socketserver  # noqa: E402
import ssl  # noqa: E402
import struct  # noqa: E402
import threading  # noqa: E402


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return buf


# ---- HTTP/1.1 ----------------------------------------------------------------
class HttpHandler(socketserver.BaseRequestHandler):
    kind = "http"

    def handle(self):
        s = self.request
        s.settimeout(10)
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = s.recv(65536)
                if not chunk:
                    return
                data += chunk
                if len(data) > 1 << 20:
                    return
        except (OSError, ssl.SSLError):
            return
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        hdrs = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                hdrs.setdefault(name.strip().lower(), value.strip())
        status, cors, ws = choose(hdrs.get)
        try:
            n = int(hdrs.get("content-length") or 0)
            if n > len(rest):
                recv_exact(s, n - len(rest))
            out = "HTTP/1.1 %d %s\r\n" % (status, REASONS[status])
            out += "".join("%s: %s\r\n" % kv for kv in response_headers(self.kind, status, cors))
            s.sendall(out.encode("latin-1") + b"\r\n" + (b"" if ws else BODY))
            if ws:
                s.shutdown(socket.SHUT_WR)
        except (OSError, EOFError, ssl.SSLError):
            pass


class HttpsHandler(HttpHandler):
    kind = "https"


# ---- FastCGI responder (as tests/httpd/backend_server.py) ---------------------
BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT = 1, 3, 4, 5, 6
GET_VALUES, GET_VALUES_RESULT, UNKNOWN_TYPE = 9, 10, 11


def fcgi_record(rtype, rid, content):
    pad = (8 - len(content) % 8) % 8
    return struct.pack("!BBHHBx", 1, rtype, rid, len(content), pad) + content + b"\0" * pad


def fcgi_pairs(data):
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
        s.settimeout(10)
        reqs = {}
        try:
            while True:
                _, rtype, rid, clen, plen = struct.unpack("!BBHHBx", recv_exact(s, 8))
                content = recv_exact(s, clen)
                recv_exact(s, plen)
                if rtype == BEGIN_REQUEST:
                    reqs[rid] = {"params": b"", "keep": content[2] & 1}
                elif rtype == PARAMS:
                    reqs[rid]["params"] += content
                elif rtype == STDIN and content:
                    pass
                elif rtype == STDIN:
                    r = reqs.pop(rid)
                    env = fcgi_pairs(r["params"])
                    status, cors, _ = choose(
                        lambda n: env.get("HTTP_" + n.upper().replace("-", "_")))
                    if status == 101:
                        status = 200
                    out = cgi_output("fcgi", status, cors)
                    for i in range(0, len(out), 65535):
                        s.sendall(fcgi_record(STDOUT, rid, out[i:i + 65535]))
                    s.sendall(fcgi_record(STDOUT, rid, b""))
                    s.sendall(fcgi_record(END_REQUEST, rid, struct.pack("!IB3x", 0, 0)))
                    if not r["keep"]:
                        return
                elif rtype == GET_VALUES:
                    s.sendall(fcgi_record(GET_VALUES_RESULT, 0, b""))
                else:
                    s.sendall(fcgi_record(UNKNOWN_TYPE, 0, bytes([rtype]) + b"\0" * 7))
        except (EOFError, OSError, KeyError, struct.error):
            return


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    ssl_context = None

    def get_request(self):
        sock, addr = self.socket.accept()
        if self.ssl_context is not None:
            sock.settimeout(10)
            try:
                sock = self.ssl_context.wrap_socket(sock, server_side=True)
            except (OSError, ssl.SSLError):
                sock.close()
                raise OSError("TLS handshake failed")
        return sock, addr


class Backend:
    """The three listeners of one configuration's backend, on 127.0.0.1."""

    def __init__(self, http_port, fcgi_port, https_port=None, cert=None, key=None):
        self.servers = [Server(("127.0.0.1", http_port), HttpHandler),
                        Server(("127.0.0.1", fcgi_port), FcgiHandler)]
        if https_port:
            srv = Server(("127.0.0.1", https_port), HttpsHandler)
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(cert, key)
            srv.ssl_context = ctx
            self.servers.append(srv)
        self.threads = []

    def start(self):
        for srv in self.servers:
            t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.02},
                                 daemon=True)
            t.start()
            self.threads.append(t)
        return self

    def stop(self):
        """Close the listening sockets: connections are refused from now on."""
        stoppers = [threading.Thread(target=srv.shutdown) for srv in self.servers]
        for t in stoppers:
            t.start()
        for t in stoppers + self.threads:
            t.join()
        for srv in self.servers:
            srv.server_close()
        self.servers, self.threads = [], []


if __name__ == "__main__":
    if len(sys.argv) not in (3, 6):
        sys.exit("usage: backend.py HTTP_PORT FCGI_PORT [HTTPS_PORT CERT KEY]")
    a = sys.argv[1:]
    b = Backend(int(a[0]), int(a[1]), *( [int(a[2]), a[3], a[4]] if len(a) == 5 else []))
    b.start()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        b.stop()
