# tests/server/adapt.py -- make one nginx / httpd configuration runnable here,
# and derive the requests tests/server/run sends to it.
#
# The adapted file is what the real server runs AND what
# `samesite-lint --simulate` reads: the model is proven on exactly what the
# server ran.  The rewrites are minimal and mechanical; line numbers are kept
# (added directives go on an existing line, removed ones leave an empty
# line), so file:line in the simulation still points at the original line.
#
# nginx
#   - `listen ADDR[:PORT] ...`: the address becomes 127.0.0.1 and each original
#     port a free port of ours (the same original port -> the same new port,
#     so servers sharing a port still share it); options (ssl, http2,
#     default_server, ...) are kept, `ipv6only=` dropped; an IPv6 listen whose
#     port the same server already listens on over IPv4 is removed (it would
#     be a duplicate).  A server without `listen` gets one for port 80 (the
#     default when nginx runs as root).  Why: the fixtures listen on 443/80.
#   - `proxy_pass`, `fastcgi_pass`, `upstream { server ...; }`: the address
#     becomes our backend (HTTP, https for https://, FastCGI), the URI part
#     is kept.  Why: the fixtures name backends that do not run here.
#   - `ssl_certificate[_key]`: the harness's self-signed pair.
#   - `root` / `alias` PATH -> TMP/www/PATH, created with an index.html in
#     it (nginx's default root, TMP/html, too).  Why: the fixtures' roots
#     (/srv/shop, /var/www/spa) do not exist here or hold anything; a
#     missing root turns an SPA's `try_files ... /index.html` into an
#     internal redirect cycle (500).  Every root now holds index.html and
#     nothing else, on any machine.  The last argument of `try_files`, when
#     it is a plain URI (the SPA fallback, e.g. /app/index.html), is created
#     too under the root in effect there: a deployed SPA has it.
#   - `pid`, `access_log`, `error_log` paths, and the *_temp_path directives
#     (added at the top of http{} when absent): into the temp dir.  nginx is
#     started with -p TMP -e TMP/error.log.
# httpd (Apache)
#   - `Listen [ADDR:]PORT [proto]` -> `Listen 127.0.0.1:NEW [proto]`;
#     `<VirtualHost ADDR:PORT ...>`: the port mapped the same way, a concrete
#     address becomes 127.0.0.1 (`*` and `_default_` kept); a port that
#     vhosts use but no Listen opens gets a `Listen` appended at the end of
#     the file (`https` when that port was 443); a configuration without
#     any gets `Listen 127.0.0.1:<80's new port>`.
#   - upstreams: URLs in ProxyPass, ProxyPassReverse, ProxyPassMatch,
#     BalancerMember, `RewriteRule ... [P]` and `SetHandler proxy:...`
#     (http, ws, https, wss, fcgi, and unix:...|fcgi://) -> our backend,
#     the path part kept.
#   - `ScriptAlias URL DIR/` -> `ScriptAlias URL TMP/cgi/ss-backend.cgi/`:
#     the CGI directory becomes our backend as a CGI script (the rest of the
#     URL is its PATH_INFO).  Why: /usr/lib/cgi-bin holds nothing here, and
#     CGI responses are a case of their own for mod_headers (SPEC 6).
#   - SSLCertificateFile / SSLCertificateKeyFile / SSLCertificateChainFile:
#     the harness's pair.
#   - DocumentRoot, Alias targets and `<Directory PATH>` -> TMP/www/PATH,
#     created with an index.html (as nginx's roots; the preamble's
#     DocumentRoot is TMP/www/htdocs, for vhosts without one).
#   - PidFile, ErrorLog, CustomLog, TransferLog, Mutex, ScoreBoardFile,
#     DefaultRuntimeDir, SSLSessionCache, ServerRoot: into the temp dir.
#   - The server runs TMP/main.conf = `Include preamble.conf` (ServerRoot,
#     PidFile, Mutex, LoadModule of the modules of tests/lint/run-fixtures
#     and our mod_samesite.so, Define SS_TEST_CERT/SS_TEST_KEY, User) +
#     `Include site.conf` (the adapted file), as tests/lint/run-fixtures
#     runs `apache2 -t`; the simulation reads the same main.conf.
# Not supported (left as they are, so the difference shows): includes of
# relative files next to the original, scgi/uwsgi/grpc/ajp upstreams,
# upstream addresses built from variables.
import re

ORIGIN_DEFAULT = "https://app.shop.test"
HOSTILE_ORIGIN = "https://evil.example"
MISSING_PATH = "/ss-no-such-file-4711.txt"


class AdaptError(Exception):
    pass


# ============================================================================
# nginx
# ============================================================================
class Stmt:
    def __init__(self, name, args, start, end, parent):
        self.name = name          # text of the first word
        self.args = args          # [(text, start, end)] (text unquoted)
        self.start = start        # offset of the directive's first char
        self.end = end            # offset after ';' or '{'
        self.block = None         # list of Stmt for block directives
        self.close = None         # offset of the closing '}'
        self.parent = parent      # enclosing block directive, or None

    def path(self):
        p, out = self.parent, []
        while p is not None:
            out.append(p.name)
            p = p.parent
        return list(reversed(out))

    def walk(self):
        yield self
        for c in self.block or []:
            yield from c.walk()


def ngx_parse(text):
    """A lexer after ngx_conf_read_token: words, quotes, escapes, `#`
    comments, `${var}`.  Returns the top-level statements."""
    top, stack, words = [], [], []
    i, n = 0, len(text)
    cur = top

    def finish(end, opens):
        nonlocal cur
        if not words:
            raise AdaptError("unexpected '%s' at offset %d" % (text[end - 1], end - 1))
        parent = stack[-1][0] if stack else None
        st = Stmt(words[0][0], words[1:], words[0][1], end, parent)
        cur.append(st)
        words.clear()
        if opens:
            st.block = []
            stack.append((st, cur))
            cur = st.block

    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif c == ";":
            finish(i + 1, False)
            i += 1
        elif c == "{":
            finish(i + 1, True)
            i += 1
        elif c == "}":
            if words or not stack:
                raise AdaptError("unexpected '}' at offset %d" % i)
            st, cur = stack.pop()
            st.close = i
            i += 1
        elif c in "\"'":
            q, j, buf = c, i + 1, []
            while j < n and text[j] != q:
                if text[j] == "\\" and j + 1 < n:
                    buf.append(text[j + 1] if text[j + 1] in "\"'\\" else text[j:j + 2])
                    j += 2
                    continue
                buf.append(text[j])
                j += 1
            words.append(("".join(buf), i, j + 1))
            i = j + 1
        else:
            j, buf = i, []
            while j < n and not text[j].isspace() and text[j] not in ";{}" or \
                    (j < n and text[j] == "{" and j > i and text[j - 1] == "$"):
                if text[j] == "\\" and j + 1 < n:
                    buf.append(text[j:j + 2])
                    j += 2
                    continue
                if text[j] == "{" and text[j - 1] == "$":
                    k = text.find("}", j)
                    if k < 0:
                        raise AdaptError("unterminated ${ at offset %d" % j)
                    buf.append(text[j:k + 1])
                    j = k + 1
                    continue
                buf.append(text[j])
                j += 1
            words.append(("".join(buf), i, j))
            i = j
    if stack or words:
        raise AdaptError("unexpected end of file")
    return top


def ngx_all(top):
    for st in top:
        yield from st.walk()


def ngx_listen_port(addr):
    """listen's first argument -> (host or None, port, is_ipv6); port None
    for unix sockets."""
    if addr.startswith("unix:"):
        return None, None, False
    if addr.startswith("["):
        host, _, rest = addr[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else "80"
        return host, int(port), True
    if re.fullmatch(r"\d+", addr):
        return None, int(addr), False
    host, sep, port = addr.rpartition(":")
    if sep and re.fullmatch(r"\d+", port):
        return host, int(port), False
    return addr, 80, False


def ngx_quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"' if re.search(r"[\s;{}\"'#]", s) else s


URL_RE = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.-]*)://(?P<host>\[[^\]]*\]|[^/:$?#]*)(?::(?P<port>\d+))?(?P<rest>.*)$", re.S)


class Ports:
    """Original port -> new free port, shared by everything of one config."""

    def __init__(self, alloc):
        self.alloc = alloc
        self.map = {}

    def __call__(self, port):
        if port not in self.map:
            self.map[port] = self.alloc()
        return self.map[port]


def adapt_nginx(text, tmp, ports, backend):
    """-> (adapted text, servers).  backend: dict http, https, fcgi ports,
    cert, key.  servers: [{"names": [...], "listens": [(port, ssl)],
    "locations": [(modifier, path)]}]"""
    top = ngx_parse(text)
    edits = []   # (start, end, replacement)
    upstream_kind = {}   # upstream name -> "http"|"https"|"fcgi"
    upstreams = {st.args[0][0]: st for st in ngx_all(top)
                 if st.name == "upstream" and st.block is not None and st.args}

    def repl_arg(arg, new):
        edits.append((arg[1], arg[2], ngx_quote(new)))

    def backend_addr(kind):
        return "127.0.0.1:%d" % backend[kind]

    servers = []
    docroots = [tmp + "/html"]    # nginx's default root under -p TMP
    files = []                    # try_files fallbacks: made as files
    have = {st.name for st in ngx_all(top)}
    for st in ngx_all(top):
        path = st.path()
        if st.name == "server" and st.block is not None and path and path[-1] == "http":
            srv = {"names": [], "listens": [], "locations": [], "stmt": st}
            listens = [c for c in st.block if c.name == "listen" and c.args]
            v4ports = set()
            for c in listens:
                h, p, v6 = ngx_listen_port(c.args[0][0])
                if p is not None and not v6:
                    v4ports.add(p)
            for c in listens:
                h, p, v6 = ngx_listen_port(c.args[0][0])
                if p is None:
                    continue
                if v6 and p in v4ports:
                    edits.append((c.start, c.end, ""))
                    continue
                if v6:
                    v4ports.add(p)
                repl_arg(c.args[0], "127.0.0.1:%d" % ports(p))
                for a in c.args[1:]:
                    if a[0].startswith("ipv6only="):
                        edits.append((a[1] - 1, a[2], ""))
                ssl = any(a[0] == "ssl" for a in c.args[1:]) or \
                    any(x.name == "ssl" and x.args and x.args[0][0] == "on" for x in st.block)
                srv["listens"].append((p, ports(p), ssl))
            if not listens:
                edits.append((st.end, st.end, " listen 127.0.0.1:%d;" % ports(80)))
                ssl = any(x.name == "ssl" and x.args and x.args[0][0] == "on" for x in st.block)
                srv["listens"].append((80, ports(80), ssl))
            for c in st.block:
                if c.name == "server_name":
                    srv["names"] += [a[0] for a in c.args]
            def loc(c):
                if len(c.args) >= 2:
                    return c.args[0][0], c.args[1][0]
                m = re.match(r"^(=|~\*|~|\^~)(.+)$", c.args[0][0])
                return (m.group(1), m.group(2)) if m else ("", c.args[0][0])
            for c in st.walk():
                if c.name == "location" and c.block is not None and c.args:
                    mod, path = loc(c)
                    # a nested location only sees what its parent matched
                    within = ""
                    if c.parent is not None and c.parent.name == "location" and c.parent.args:
                        pm, pp = loc(c.parent)
                        within = pp if pm in ("", "^~", "=") else ""
                    srv["locations"].append((mod, path, within))
            servers.append(srv)
        elif st.name in ("proxy_pass", "fastcgi_pass") and st.args:
            arg = st.args[0]
            v = arg[0]
            if st.name == "fastcgi_pass":
                if v in upstreams:
                    upstream_kind[v] = "fcgi"
                elif "$" not in v:
                    repl_arg(arg, backend_addr("fcgi"))
                continue
            m = URL_RE.match(v)
            if not m or "$" in m.group("host"):
                continue
            scheme = m.group("scheme")
            kind = "https" if scheme == "https" else "http"
            host = m.group("host")
            if host == "unix" or v.startswith(scheme + "://unix:"):
                rest = v.split(":", 2)[2] if v.count(":") >= 2 else ""
                # http://unix:/path.sock:/uri -> keep /uri
                uri = rest.split(":", 1)[1] if ":" in rest else ""
                repl_arg(arg, "%s://%s%s" % (scheme, backend_addr(kind), uri))
                continue
            if host in upstreams and not m.group("port"):
                upstream_kind.setdefault(host, kind)
                continue
            repl_arg(arg, "%s://%s%s" % (scheme, backend_addr(kind), m.group("rest")))
        elif st.name in ("root", "alias") and st.args and "$" not in st.args[0][0]:
            new = docroot(tmp, st.args[0][0])
            repl_arg(st.args[0], new)
            docroots.append(new)
        elif st.name in ("ssl_certificate", "ssl_certificate_key") and st.args:
            repl_arg(st.args[0], backend["cert" if st.name == "ssl_certificate" else "key"])
        elif st.name == "pid" and st.args:
            repl_arg(st.args[0], tmp + "/nginx.pid")
        elif st.name == "access_log" and st.args and st.args[0][0] != "off" \
                and not st.args[0][0].startswith("syslog:"):
            repl_arg(st.args[0], tmp + "/access.log")
        elif st.name == "error_log" and st.args and not st.args[0][0].startswith(("syslog:", "memory:")):
            repl_arg(st.args[0], tmp + "/error.log")
    for name, st in upstreams.items():
        kind = upstream_kind.get(name, "http")
        for c in st.block:
            if c.name == "server" and c.args:
                repl_arg(c.args[0], backend_addr(kind))
    # temp paths into the temp dir, on the `http {` line
    http = [st for st in top if st.name == "http" and st.block is not None]
    if http:
        add = ""
        for d, sub in (("client_body_temp_path", "body"), ("proxy_temp_path", "proxy"),
                       ("fastcgi_temp_path", "fastcgi"), ("uwsgi_temp_path", "uwsgi"),
                       ("scgi_temp_path", "scgi")):
            if d not in have:
                add += " %s %s/%s;" % (d, tmp, sub)
        if not any(c.name == "access_log" for c in http[0].block):
            add += " access_log %s/access.log;" % tmp
        edits.append((http[0].end, http[0].end, add))
    # the SPA fallback file of try_files, under the root in effect there
    for st in ngx_all(top):
        if st.name == "try_files" and len(st.args) >= 2:
            last = st.args[-1][0]
            if not last.startswith("/") or "$" in last or last.endswith("/"):
                continue
            root, p = tmp + "/html", st.parent
            while p is not None:
                r = [c for c in p.block if c.name == "root" and c.args]
                if r:
                    root = docroot(tmp, r[-1].args[0][0])
                    break
                p = p.parent
            if p is None:
                r = [c for c in top if c.name == "root" and c.args]
                if r:
                    root = docroot(tmp, r[-1].args[0][0])
            if "$" not in root:
                files.append(root.rstrip("/") + last)
    out = apply_edits(text, edits)
    for s in servers:
        del s["stmt"]
    return out, servers, ("pid" not in have), docroots + files


def docroot(tmp, path):
    """A document root / alias / <Directory> path -> the same path under
    TMP/www (a relative one stays relative to the prefix / ServerRoot,
    which is TMP)."""
    if not path.startswith("/"):
        return path if path.startswith(tmp) else tmp + "/" + path
    return tmp + "/www" + path


def make_docroots(paths):
    """Create each root with one file, index.html (a path ending in .html
    is made as that file)."""
    import os
    for p in paths:
        if "*" in p or "?" in p or "[" in p:
            continue
        if p.endswith(".html"):
            os.makedirs(os.path.dirname(p), mode=0o755, exist_ok=True)
            with open(p, "w") as f:
                f.write("ss-static\n")
            continue
        os.makedirs(p, mode=0o755, exist_ok=True)
        if not os.path.exists(p + "/index.html"):
            with open(p + "/index.html", "w") as f:
                f.write("ss-static\n")


def apply_edits(text, edits):
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        # a removed statement keeps its newlines (line numbers stay)
        old = text[start:end]
        if new == "" and "\n" in old:
            new = "\n" * old.count("\n")
        text = text[:start] + new + text[end:]
    return text


# ============================================================================
# httpd
# ============================================================================
def httpd_logical_lines(text):
    """-> [(first line index, number of physical lines, joined text)]"""
    phys = text.split("\n")
    out, i = [], 0
    while i < len(phys):
        j, buf = i, phys[i]
        while buf.endswith("\\") and j + 1 < len(phys):
            j += 1
            buf = buf[:-1] + phys[j]
        out.append((i, j - i + 1, buf))
        i = j + 1
    return phys, out


def httpd_tokens(s):
    """Apache's ap_getword_conf: quoted words with backslash escapes."""
    toks, i, n = [], 0, len(s)
    while i < n:
        while i < n and s[i].isspace():
            i += 1
        if i >= n:
            break
        if s[i] in "\"'":
            q, j, buf = s[i], i + 1, []
            while j < n and s[j] != q:
                if s[j] == "\\" and j + 1 < n and s[j + 1] in (q, "\\"):
                    buf.append(s[j + 1])
                    j += 2
                    continue
                buf.append(s[j])
                j += 1
            toks.append(["".join(buf), i, min(j + 1, n), True])
            i = j + 1
        else:
            j = i
            while j < n and not s[j].isspace():
                j += 1
            toks.append([s[i:j], i, j, False])
            i = j
    return toks


def httpd_quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"' if re.search(r'[\s"]', s) or s == "" else s


def httpd_backend_url(v, backend):
    """An upstream URL -> the same URL on our backend; None if not ours to
    rewrite."""
    m = re.match(r"^unix:[^|]*\|(.*)$", v, re.I)
    if m:
        inner = m.group(1)
        mm = URL_RE.match(inner)
        if mm and mm.group("scheme").lower() == "fcgi":
            return "fcgi://127.0.0.1:%d%s" % (backend["fcgi"], mm.group("rest"))
        if mm and mm.group("scheme").lower() in ("http", "ws"):
            return "%s://127.0.0.1:%d%s" % (mm.group("scheme"), backend["http"], mm.group("rest"))
        return None
    m = URL_RE.match(v)
    if not m:
        return None
    scheme = m.group("scheme").lower()
    kind = {"http": "http", "ws": "http", "https": "https", "wss": "https", "fcgi": "fcgi"}.get(scheme)
    if kind is None or "$" in m.group("host") or "%{" in m.group("host"):
        return None
    return "%s://127.0.0.1:%d%s" % (m.group("scheme"), backend[kind], m.group("rest"))


def adapt_httpd(text, tmp, ports, backend):
    """-> (adapted text, vhosts).  vhosts: [{"names", "listens": [(orig,
    new, ssl)], "paths": [(kind, path)], "docroot"}]"""
    phys, logical = httpd_logical_lines(text)
    listened = {}     # new port -> proto
    docroots = []
    vhosts, stack = [], []
    cur = None
    main_paths = []
    for first, count, line in logical:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        edits = []

        def setarg(tok, v):
            edits.append((tok[1], tok[2], httpd_quote(v)))
        if stripped.startswith("<"):
            m = re.match(r"^(\s*<\s*)(/?)\s*([A-Za-z][A-Za-z0-9_]*)(.*?)>?\s*$", line)
            if not m:
                continue
            closing, name = m.group(2) == "/", m.group(3).lower()
            if closing:
                if stack:
                    stack.pop()
                if name == "virtualhost":
                    cur = None
                continue
            off = m.start(4)
            toks = [[t[0], t[1] + off, t[2] + off, t[3]] for t in httpd_tokens(m.group(4))]
            stack.append(name)
            target = cur["paths"] if cur is not None else main_paths
            if name == "virtualhost":
                cur = {"names": [], "listens": [], "paths": [], "docroot": None, "ssl": False, "ports": []}
                vhosts.append(cur)
                for t in toks:
                    a = t[0]
                    if a.startswith("["):
                        host, _, rest = a[1:].partition("]")
                        port = rest[1:] if rest.startswith(":") else None
                    else:
                        host, sep, port = a.rpartition(":")
                        if not sep:
                            host, port = a, None
                    h = host if host in ("*", "_default_") else "127.0.0.1"
                    if port is not None and re.fullmatch(r"\d+", port):
                        np = ports(int(port))
                        cur["ports"].append((int(port), np))
                        setarg(t, "%s:%d" % (h, np))
                    else:
                        setarg(t, h if port is None else "%s:%s" % (h, port))
            elif name in ("location", "locationmatch") and toks:
                target.append(("regex" if name == "locationmatch" or toks[0][0] == "~" else "prefix",
                               toks[-1][0]))
            elif name in ("files", "filesmatch") and toks:
                target.append(("fileregex" if name == "filesmatch" or toks[0][0] == "~" else "file",
                               toks[-1][0]))
            elif name == "directory" and toks and toks[0][0] != "~":
                target.append(("dir", toks[0][0]))
                if toks[0][0].startswith("/"):
                    new = docroot(tmp, toks[0][0])
                    setarg(toks[0], new)
                    docroots.append(new)
        else:
            toks = httpd_tokens(line)
            d = toks[0][0].lower()
            args = toks[1:]
            paths = cur["paths"] if cur is not None else main_paths
            if d == "listen" and args:
                a = args[0][0]
                port = int(a[1:].partition("]")[2][1:] if a.startswith("[") else a.rpartition(":")[2])
                np = ports(port)
                if np in listened:
                    set_line(phys, first, count, "")
                    continue
                listened[np] = args[1][0] if len(args) > 1 else ("https" if port == 443 else None)
                setarg(args[0], "127.0.0.1:%d" % np)
            elif d == "servername" and args and cur is not None:
                n = re.sub(r"^[a-z]+://", "", args[0][0], flags=re.I)
                cur["names"].insert(0, re.sub(r":\d+$", "", n))
            elif d == "serveralias" and cur is not None:
                cur["names"] += [a[0] for a in args]
            elif d == "sslengine" and args and cur is not None:
                cur["ssl"] = args[0][0].lower() == "on"
            elif d == "documentroot" and args:
                if cur is not None:
                    cur["docroot"] = args[0][0]
                new = docroot(tmp, args[0][0])
                setarg(args[0], new)
                docroots.append(new)
            elif d in ("alias", "scriptalias") and len(args) >= 2:
                paths.append(("prefix", args[0][0]))
                if d == "alias":
                    new = docroot(tmp, args[1][0])
                    setarg(args[1], new)
                    docroots.append(new)
                if d == "scriptalias":
                    setarg(args[1], tmp + "/cgi/ss-backend.cgi" + ("/" if args[0][0].endswith("/") else ""))
            elif d in ("proxypass", "proxypassreverse", "proxypassmatch"):
                # ProxyPass [path] url [params]; inside <Location> the path is implied
                k = 1 if len(args) >= 2 and not re.match(r"^[a-z]+://|^unix:", args[0][0], re.I) else 0
                if d != "proxypassreverse" and k == 1:
                    paths.append(("regex" if d == "proxypassmatch" else "prefix", args[0][0]))
                if len(args) > k:
                    u = httpd_backend_url(args[k][0], backend)
                    if u is not None:
                        setarg(args[k], u)
            elif d == "balancermember" and args:
                u = httpd_backend_url(args[0][0], backend)
                if u is not None:
                    setarg(args[0], u)
            elif d == "rewriterule" and len(args) >= 3 and \
                    re.search(r"[\[,]\s*(P|proxy)\s*[,\]]", args[2][0], re.I):
                u = httpd_backend_url(args[1][0], backend)
                if u is not None:
                    setarg(args[1], u)
            elif d == "sethandler" and args and args[0][0].lower().startswith("proxy:"):
                u = httpd_backend_url(args[0][0][6:], backend)
                if u is not None:
                    setarg(args[0], "proxy:" + u)
            elif d in ("sslcertificatefile", "sslcertificatechainfile") and args:
                setarg(args[0], backend["cert"])
            elif d == "sslcertificatekeyfile" and args:
                setarg(args[0], backend["key"])
            elif d == "pidfile" and args:
                setarg(args[0], tmp + "/httpd.pid")
            elif d == "errorlog" and args and not args[0][0].startswith(("|", "syslog")):
                setarg(args[0], tmp + "/error.log")
            elif d in ("customlog", "transferlog") and args and not args[0][0].startswith("|"):
                setarg(args[0], tmp + "/access.log")
            elif d == "scoreboardfile" and args:
                setarg(args[0], tmp + "/scoreboard")
            elif d in ("defaultruntimedir", "serverroot") and args:
                setarg(args[0], tmp)
            elif d == "mutex" and args:
                setarg(args[0], "file:" + tmp)
            elif d == "sslsessioncache" and args and args[0][0].lower().startswith("shmcb:"):
                setarg(args[0], "shmcb:%s/ssl_scache(512000)" % tmp)
        if edits:
            new = line
            for s, e, r in sorted(edits, reverse=True):
                new = new[:s] + r + new[e:]
            set_line(phys, first, count, new)
    # vhost ports with no Listen
    tail = []
    for v in vhosts:
        for orig, np in v["ports"]:
            v["listens"].append((orig, np, v["ssl"]))
            if np not in listened:
                proto = "https" if orig == 443 or v["ssl"] else None
                listened[np] = proto
                tail.append("Listen 127.0.0.1:%d%s" % (np, " " + proto if proto else ""))
    if not listened:
        listened[ports(80)] = None
        tail.append("Listen 127.0.0.1:%d" % ports(80))
    out = "\n".join(phys)
    if tail:
        if not out.endswith("\n"):
            out += "\n"
        out += "# added by tests/server/run: Listen for the ports the vhosts use\n" + "\n".join(tail) + "\n"
    # requests go to every vhost; with none, to the main server on every port
    result = [{"names": v["names"], "listens": v["listens"], "paths": v["paths"] + main_paths,
               "docroot": v["docroot"]} for v in vhosts if v["listens"]]
    if not result:
        main_ssl = bool(re.search(r"^\s*SSLEngine\s+on\b", text, re.I | re.M))
        result.append({"names": [], "listens": [(o, n, main_ssl) for o, n in ports.map.items()],
                       "paths": main_paths, "docroot": None})
    return out, result, docroots


def set_line(phys, first, count, new):
    phys[first] = new
    for k in range(1, count):
        phys[first + k] = ""


# ============================================================================
# requests
# ============================================================================
ORIGIN_RX = re.compile(r"(https?)(\\?\?)?(:|\\:)//((?:[A-Za-z0-9-]|\\\.|\.)+)(?::(\d+))?")


def origin_candidates(text):
    """The origins the configuration itself allows, best first."""
    out = []
    for m in re.finditer(r"#\s*samesite-lint:\s*frontend\s+(\S+)", text):
        out.append(m.group(1))
    for m in re.finditer(r"^\s*SameSiteFrontend\s+(.+)$", text, re.M | re.I):
        out += m.group(1).split()
    for line in text.split("\n"):
        s = line.strip()
        if s.startswith("#"):
            continue
        if re.search(r"access-control-allow-origin|http_origin|\borigin\b", s, re.I):
            for m in ORIGIN_RX.finditer(s):
                host = m.group(4).replace("\\.", ".").rstrip(".")
                o = "%s://%s%s" % (m.group(1), host, ":" + m.group(5) if m.group(5) else "")
                out.append(o)
    seen, res = set(), []
    for o in out:
        o = o.strip("\"'")
        if re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d+)?", o) and o not in seen:
            seen.add(o)
            res.append(o)
    return res


def allowed_origin(text):
    c = origin_candidates(text)
    return c[0] if c else ORIGIN_DEFAULT


SAMPLE_PATHS = ["/index.php", "/x.php", "/api/", "/api/x", "/app/", "/ws/", "/login", "/static/x.js",
                "/x.css", "/x.png", "/x.html", "/x"]


def regex_sample(rx, icase=False, within=""):
    """A path that the regex matches, if an easy one exists (under the
    prefix `within` when given: a nested location's parent)."""
    try:
        c = re.compile(rx, re.I if icase else 0)
    except re.error:
        return None
    guess = rx.lstrip("^").rstrip("$")
    guess = re.sub(r"\(\?[a-z]+\)", "", guess)
    guess = re.sub(r"\(([^()|]*)\|[^()]*\)", r"\1", guess)      # (a|b) -> a
    guess = re.sub(r"\[\^?[^\]]*\][*+?]?", "x", guess)           # classes -> x
    guess = re.sub(r"\.[*+]\??", "x", guess)                     # .* -> x
    guess = re.sub(r"\\(.)", r"\1", guess)
    guess = re.sub(r"[()?*+]", "", guess)
    cands = []
    if guess:
        g = guess if guess.startswith("/") else "/" + guess
        if g.startswith("/."):          # \.php$ -> /index.php
            cands.append("/index" + g[1:])
        cands += [g, "/x" + guess]
    cands += SAMPLE_PATHS
    if within:
        cands = [within.rstrip("/") + p for p in cands]
    for p in cands:
        if c.search(p) and p.startswith(within):
            return p
    return None


def paths_nginx(server):
    out = ["/"]
    for mod, p, within in server["locations"]:
        if p.startswith("@"):
            continue
        if mod in ("~", "~*"):
            s = regex_sample(p, mod == "~*", within)
            if s:
                out.append(s)
        else:
            out += [p, p + "x"]
    out.append(MISSING_PATH)
    return dedupe(out)


def paths_httpd(vhost):
    out = ["/"]
    for kind, p in vhost["paths"]:
        if kind == "prefix":
            out += [p, p + "x"]
        elif kind == "regex":
            s = regex_sample(p)
            if s:
                out.append(s)
        elif kind == "file":
            out.append("/" + p)
        elif kind == "fileregex":
            s = regex_sample(p)
            if s:
                out.append(s)
        elif kind == "dir" and vhost.get("docroot"):
            root = vhost["docroot"].rstrip("/")
            if p.rstrip("/").startswith(root) and p.rstrip("/") != root:
                rel = p.rstrip("/")[len(root):]
                out += [rel + "/", rel + "/x"]
    out.append(MISSING_PATH)
    return dedupe(out)


def dedupe(xs):
    seen, out = set(), []
    for x in xs:
        if x and x.startswith("/") and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def host_for(names):
    for n in names:
        if n and n != "_" and not n.startswith("~") and "*" not in n and not n.startswith("$"):
            return n.lstrip(".")
    for n in names:
        if n.startswith("*."):
            return "www" + n[1:]
        if n.startswith(".") and len(n) > 1:
            return n[1:]
    return "localhost"


def websocket_proxied(kind, text):
    if kind == "nginx":
        return bool(re.search(r"proxy_set_header\s+['\"]?upgrade|\$http_upgrade", text, re.I))
    return bool(re.search(r"\bwss?://|upgrade=|%\{HTTP:Upgrade\}|proxy_wstunnel", text, re.I))
