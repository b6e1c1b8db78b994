#!/usr/bin/python3
"""reportload.py PORT HOST PATH N -- N requests of a migration's mixed
traffic to one vhost over a few keep-alive connections, for the
ReportOnly log tests (tests/httpd/run, report_scale_tests): every kind
of would-be change, every 5th request from one of 40 hostile origins,
so that the error log's size can be measured per 10,000 requests.

Each request, by its number i:
  0  GET from the declared frontend (cross-site): cookies, CORS
  1  GET without Origin (a first-party page load): cookies, Vary
  2  POST from one of 40 undeclared origins: CSRF would reject
  3  GET with a HostPrefix cookie and a tossed twin: request cookies
  4  GET with a hostile Origin (quote, spaces, angle brackets, 300
     bytes): never echoed raw
Prints "sent N, statuses {...}".
"""
import http.client
import sys

port, host, path, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
HOSTILE = 'https://evil.test/"><script>alert(1)</script> ' + "x" * 250


def request(i):
    k = i % 5
    h = {"Host": host}
    method = "GET"
    if k == 0:
        h["Origin"] = "https://shop.example.net"
        h["Sec-Fetch-Site"] = "cross-site"
    elif k == 2:
        method = "POST"
        h["Origin"] = "https://evil%d.test" % (i // 5 % 40)
        h["Sec-Fetch-Site"] = "cross-site"
    elif k == 3:
        h["Cookie"] = "__Host-session=real; session=tossed"
    elif k == 4:
        h["Origin"] = HOSTILE
    return method, h


statuses = {}
conn = None
for i in range(n):
    if conn is None or i % 500 == 0:
        if conn is not None:
            conn.close()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    method, headers = request(i)
    body = "x=1" if method == "POST" else None
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    for attempt in range(3):
        try:
            conn.request(method, "%s?i=%d" % (path, i), body=body, headers=headers)
            resp = conn.getresponse()
            resp.read()
            statuses[resp.status] = statuses.get(resp.status, 0) + 1
            if resp.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            break
        except (http.client.HTTPException, OSError):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
conn.close()
print("sent %d, statuses %s" % (n, dict(sorted(statuses.items()))))
