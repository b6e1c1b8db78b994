#!/usr/bin/python3
"""tests/httpd/scopes.py TMPDIR MODULE TESTSDIR -- tests/scope-cases.txt in
a real Apache.

Each case's scopes are written where the case says (main server,
<VirtualHost>, <Directory>, <Location>); cases that share their main
server lines share one Apache.  For each case the request is sent with
LogLevel samesite:debug and the module's own merge of the request's
scopes -- its SS0305 line, ss_settings_describe of the per-dir config
httpd built -- must have every `expect` field (unit/test_settings checks
the same fields against ss_settings_merge); with engine=Off the module
must not run at all (no SS0305).  Each `probe` checks the response.

Prints "ok - ..." / "not ok - ..." lines (tests/httpd/run counts them).
"""
import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse

TMP, MOD, TESTS = sys.argv[1], sys.argv[2], sys.argv[3]
HERE = os.path.dirname(os.path.abspath(__file__))
MODDIR = subprocess.run(["apxs", "-q", "LIBEXECDIR"], capture_output=True,
                        text=True).stdout.strip() or "/usr/lib/apache2/modules"
SERVER_KINDS = ("server", "srvdir", "srvloc")


def out(ok, name, *why):
    print(("ok - " if ok else "not ok - ") + "scopes: " + name)
    for w in why if not ok else ():
        print("    " + str(w))


def parse(path):
    cases, case = [], None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition(": ")
        kind, _, where = key.partition(" ")
        if kind == "case":
            case = {"name": value, "lines": [], "probes": []}
            cases.append(case)
        elif kind == "request":
            case["request"] = value
        elif kind == "expect":
            case["expect"] = [f.strip() for f in value.split(";") if f.strip()]
        elif kind == "probe":
            case["probes"].append(value)
        else:
            case["lines"].append((kind, where, value))
    return cases


def sections(lines, kind, open_tag, close_tag):
    """<Directory>/<Location> blocks of one kind, by path, in file order."""
    paths = []
    for k, where, _ in lines:
        if k == kind and where not in paths:
            paths.append(where)
    text = ""
    for p in paths:
        text += open_tag(p) + "\n"
        text += "".join("    %s\n" % v for k, w, v in lines if k == kind and w == p)
        text += close_tag + "\n"
    return text


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def config(g, port, docroot, server_lines, cases):
    mods = ["authz_core", "mime", "cgid", "log_config", "unixd", "dir", "alias"]
    c = ["LoadModule mpm_event_module %s/mod_mpm_event.so" % MODDIR]
    c += ["LoadModule %s_module %s/mod_%s.so" % (m, MODDIR, m) for m in mods
          if os.path.exists("%s/mod_%s.so" % (MODDIR, m))]
    c += ["LoadModule samesite_module " + MOD,
          'ServerRoot "%s"' % TMP, "PidFile %s/scopes%d.pid" % (TMP, g),
          "ErrorLog %s/scopes%d-error.log" % (TMP, g), "Mutex file:%s default" % TMP,
          "DefaultRuntimeDir " + TMP, "TypesConfig /etc/mime.types", "ServerName localhost",
          "Listen 127.0.0.1:%d" % port, "ScriptSock %s/scopes%d-cgid.sock" % (TMP, g),
          "LogLevel warn samesite:debug"]
    if os.getuid() == 0:
        c += ["User www-data", "Group www-data"]
    c += ['<Directory "%s">' % docroot, "    Options +ExecCGI", "    AddHandler cgi-script .cgi",
          "    Require all granted", "</Directory>"]
    c += [v for k, _, v in server_lines if k == "server"]
    text = "\n".join(c) + "\n"
    text += sections(server_lines, "srvdir", lambda p: '<Directory "%s/%s">' % (docroot, p), "</Directory>")
    text += sections(server_lines, "srvloc", lambda p: "<Location %s>" % p, "</Location>")
    # the first vhost of the address answers unknown hosts
    text += "<VirtualHost 127.0.0.1:%d>\n    ServerName default.scopes.test\n</VirtualHost>\n" % port
    for i, case in cases:
        lines = case["lines"]
        text += "<VirtualHost 127.0.0.1:%d>\n    ServerName case%d.scopes.test\n" % (port, i)
        text += '    DocumentRoot "%s"\n' % docroot
        text += "".join("    %s\n" % v for k, _, v in lines if k == "vhost")
        text += sections(lines, "dir", lambda p: '<Directory "%s/%s">' % (docroot, p), "</Directory>")
        text += sections(lines, "loc", lambda p: "<Location %s>" % p, "</Location>")
        text += "</VirtualHost>\n"
    return text


def get(port, host, uri, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    h = {"Host": host}
    h.update(headers or {})
    conn.request("GET", uri, headers=h)
    r = conn.getresponse()
    r.read()
    conn.close()
    return r


def settings_line(log, engine_off):
    """The SS0305 settings of the last request, waiting for the log."""
    for _ in range(10 if not engine_off else 3):
        time.sleep(0.1)
        found = [l for l in open(log, errors="replace") if "SS0305: settings: " in l]
        if found:
            return found[-1].split("SS0305: settings: ", 1)[1].strip()
    return None


def check_case(i, case, port, log):
    host, uri, name = "case%d.scopes.test" % i, case["request"], case["name"]
    open(log, "w").close()
    get(port, host, uri)
    off = "engine=Off" in case["expect"]
    got = settings_line(log, off)
    if off:
        out(got is None, "%s: the module does not run (engine=Off)" % name, got or "")
    else:
        fields = "; " + (got or "") + ";"
        missing = [f for f in case["expect"] if "; %s;" % f not in fields]
        out(got is not None and not missing,
            "%s: the module's merge has %s" % (name, "; ".join(case["expect"])),
            "missing: %s" % "; ".join(missing), "SS0305: %s" % got)
    for probe in case["probes"]:
        what, _, want = probe.partition(" -> ")
        kind, _, arg = what.partition(" ")
        if kind == "cookie":
            r = get(port, host, uri + "?c=" + urllib.parse.quote(arg + "=1", safe=""))
            got = "|".join(r.msg.get_all("Set-Cookie") or [])
        else:
            r = get(port, host, uri, {"Origin": arg})
            got = r.getheader("Access-Control-Allow-Origin") or "none"
        out(got == want, "%s: %s" % (name, probe), "got: %s" % got)


def run_group(g, server_lines, cases):
    port = free_port()
    docroot = "%s/scopes%d" % (TMP, g)
    dirs = {os.path.dirname(c["request"]).strip("/") for _, c in cases}
    dirs |= {w for _, c in cases for k, w, _ in c["lines"] if k == "dir"}
    dirs |= {w for k, w, _ in server_lines if k == "srvdir"}
    for d in dirs:
        os.makedirs("%s/%s" % (docroot, d), exist_ok=True)
        shutil.copy("%s/backend.cgi" % HERE, "%s/%s/backend.cgi" % (docroot, d))
        os.chmod("%s/%s/backend.cgi" % (docroot, d), 0o755)
    for root, subdirs, _ in os.walk(docroot):
        os.chmod(root, 0o755)
    conf = "%s/scopes%d.conf" % (TMP, g)
    with open(conf, "w") as f:
        f.write(config(g, port, docroot, server_lines, cases))
    log = "%s/scopes%d-error.log" % (TMP, g)
    proc = subprocess.Popen(["apache2", "-f", conf, "-DFOREGROUND"], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=open("%s/scopes%d.stderr" % (TMP, g), "w"))
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.1)
        if proc.poll() is not None:
            out(False, "group %d: apache starts" % g, open("%s/scopes%d.stderr" % (TMP, g)).read())
            return
        for i, case in cases:
            check_case(i, case, port, log)
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def main():
    cases = parse(os.path.join(TESTS, "scope-cases.txt"))
    shutil.copy(os.path.join(TESTS, "psl-shop.dat"), TMP)
    groups = {}
    for i, case in enumerate(cases):
        key = tuple(l for l in case["lines"] if l[0] in SERVER_KINDS)
        groups.setdefault(key, []).append((i, case))
    for g, (server_lines, members) in enumerate(groups.items()):
        run_group(g, list(server_lines), members)


try:
    main()
except Exception as e:  # a crash of the harness is a failure, never silence
    out(False, "harness: %s: %s" % (type(e).__name__, e))
