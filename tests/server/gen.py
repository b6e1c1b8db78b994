#!/usr/bin/python3
# tests/server/gen.py -- random small nginx and httpd configurations for the
# server-truth suite (issue 10, "A generator").
#
# Each configuration is built from the constructs that decide the CORS and
# cookie headers a server sends:
#   nginx  add_header with and without `always` at http / server / location /
#          `if` level, nested and regex locations (~, ~*, ^~, =), `if` +
#          `set` + `return`, `map $http_origin`, `include` of a generated
#          snippet, proxy_hide_header / proxy_pass_header,
#          proxy_cookie_flags / _path / _domain, limit_except, error_page,
#          proxy_intercept_errors;
#   httpd  Header set|always set|edit|edit*|merge|unset|append|add with
#          env= and expr=, SetEnvIf / SetEnvIfNoCase, <Location>,
#          <LocationMatch>, <Directory>, <If>/<ElseIf>/<Else>, ProxyPass,
#          RewriteRule ([R], [F], [P]), <Limit>, Require, ErrorDocument, and
#          mod_samesite (SameSiteEngine On/ReportOnly, SameSiteCORS On/Public,
#          SameSiteFrontend, SameSiteCookie, SameSitePreflight Handle,
#          SameSiteCSRF Enforce).  Not generated (a known gap of the
#          simulation): rules for index.html itself (a per-directory
#          RewriteRule or <Files "*.html">), which Apache applies to
#          mod_dir's DirectoryIndex subrequest and --simulate does not.
# A configuration is a pure function of (seed, server type, index): the
# random generator is seeded with "SEED:TYPE:INDEX", so one configuration
# can be rebuilt from its name alone.  Backends are 127.0.0.1:8080 (the
# harness's adapt.py points them at its backend).
#
# tests/server/run runs them after the fixtures, through the same adapt /
# real server / --simulate comparison, each printed as
# `ok - gen nginx seed=S #K` (environment: SS_GEN_SEED, default 1;
# SS_GEN_COUNT, default 160, the total over the server types run;
# SS_GEN_COUNT=0 runs none).  Standalone:
#   tests/server/gen.py --type nginx --seed 7 --index 12   print one config
#                                                          (its include
#                                                          snippet, if any,
#                                                          written to /tmp
#                                                          or --out DIR)
#   tests/server/gen.py --seed 42 --count 5000             the long run: only
#                                                          generated configs,
#                                                          through tests/server/run
#   tests/server/gen.py --seed 42 --count 50 --out DIR     write them to DIR
import os
import random
import sys

DEFAULT_SEED = 1
DEFAULT_COUNT = 160

ORIGINS = ["https://app.shop.test", "https://admin.shop.test", "http://app.shop.test"]
HOSTS = ["api.shop.test", "www.shop.test", "shop.test"]
BACKEND = "127.0.0.1:8080"
ORIGIN_RX = ["^https://(app|admin)\\.shop\\.test$", "^https://app\\.shop\\.test$",
             "shop\\.test$", "^https://[a-z]+\\.shop\\.test$"]


def pick(r, xs):
    return xs[r.randrange(len(xs))]


def chance(r, p):
    return r.random() < p


# ============================================================================
# nginx
# ============================================================================
class Ngx:
    def __init__(self, r, snippet_path):
        self.r = r
        self.snippet_path = snippet_path
        self.snippet = None
        self.has_map = False
        self.vars = []          # variables `set` somewhere (usable in values)

    def origin_value(self):
        r = self.r
        vals = ["$http_origin", '"%s"' % ORIGINS[0], '"%s"' % pick(r, ORIGINS), "*"]
        if self.has_map:
            vals += ["$cors_origin", "$cors_origin"]
        vals += ["$" + v for v in self.vars if v == "acao"]
        return pick(r, vals)

    def header(self, allow_always=True):
        r = self.r
        k = r.randrange(12)
        if k < 4:
            line = "add_header Access-Control-Allow-Origin %s" % self.origin_value()
        elif k == 4:
            line = 'add_header Access-Control-Allow-Credentials "true"'
        elif k == 5:
            line = 'add_header Access-Control-Allow-Methods "%s"' % pick(r, ["GET, POST, PUT", "GET", "*"])
        elif k == 6:
            line = 'add_header Access-Control-Allow-Headers "%s"' % pick(r, ["content-type", "*",
                                                                               "$http_access_control_request_headers"])
        elif k == 7:
            line = "add_header Vary %s" % pick(r, ["Origin", '"Origin, Accept"'])
        elif k == 8:
            line = 'add_header Set-Cookie "%s"' % pick(r, ["csrf=t1; Path=/; Secure; SameSite=Strict",
                                                          "lang=en; Path=/", "sid=x; SameSite=None; Secure"])
        elif k == 9:
            line = "add_header Access-Control-Max-Age %s" % pick(r, ["600", "86400"])
        elif k == 10:
            line = "add_header Access-Control-Expose-Headers X-Request-Id"
        else:
            line = "add_header X-Frame-Options DENY"
        if allow_always and chance(r, 0.5):
            line += " always"
        return line + ";"

    def headers(self, n_max, allow_always=True):
        return [self.header(allow_always) for _ in range(self.r.randint(0, n_max))]

    def cors_block(self):
        """The usual CORS pair, so that many configs do send CORS."""
        always = " always" if chance(self.r, 0.6) else ""
        return ["add_header Access-Control-Allow-Origin %s%s;" % (self.origin_value(), always),
                'add_header Access-Control-Allow-Credentials "true"%s;' % always]

    def if_block(self, in_location):
        r = self.r
        conds = ["$request_method = OPTIONS", '$http_origin ~* "%s"' % pick(r, ORIGIN_RX),
                 '$http_origin = "%s"' % ORIGINS[0], '$http_origin = ""', "$http_origin"]
        if self.has_map:
            conds.append("$cors_origin")
        body = []
        if in_location:
            body += self.headers(2)
            if chance(r, 0.3):
                body += self.cors_block()
        if "acao" in self.vars and chance(r, 0.5):
            body.append("set $acao $http_origin;")
        if chance(r, 0.4):
            body.append(pick(r, ["return 204;", "return 403;", 'return 200 "ok";', "return 302 /;",
                                 "return 404;"]))
        if in_location and chance(r, 0.15):
            body.append("proxy_pass http://%s;" % BACKEND)
        if not body:
            body.append("set $ss_x 1;")
        return ["if (%s) {" % pick(r, conds)] + ["    " + b for b in body] + ["}"]

    def location_body(self, path, depth):
        r = self.r
        body = []
        if chance(r, 0.4):
            body += self.cors_block()
        body += self.headers(3)
        if self.snippet is not None and chance(r, 0.25):
            body.append("include %s;" % self.snippet_path)
        if chance(r, 0.3):
            body += self.if_block(True)
        if chance(r, 0.12):
            body += ["limit_except GET%s {" % pick(r, ["", " POST", " OPTIONS"]), "    deny all;", "}"]
        if chance(r, 0.06):
            body += pick(r, [["deny all;"], ["allow 127.0.0.1;", "deny all;"], ["allow 10.9.9.9;", "deny all;"]])
        if chance(r, 0.15):
            body.append("error_page %s;" % pick(r, ["404 /err.html", "502 503 =200 /fallback",
                                                     "401 403 = @err", "500 502 @err", "404 =200 /fallback"]))
        what = r.randrange(10)
        if what < 5:
            body.append("proxy_pass http://%s%s;" % (BACKEND, pick(r, ["", "", "/", "/api/"])
                                                     if not path.startswith(("~", "@")) else ""))
            if chance(r, 0.3):
                body.append("proxy_hide_header %s;" % pick(r, ["Access-Control-Allow-Origin", "Set-Cookie",
                                                               "Vary", "Access-Control-Allow-Credentials"]))
            if chance(r, 0.15):
                body.append("proxy_pass_header %s;" % pick(r, ["Server", "X-Accel-Expires"]))
            if chance(r, 0.3):
                body.append(self.cookie_directive())
            if chance(r, 0.2):
                body.append("proxy_intercept_errors on;")
        elif what < 8:
            body.append(pick(r, ["return 204;", 'return 200 "ok";', "return 403;", "return 404;",
                                 "return 301 https://www.shop.test/;", "return 401;", "return 500;"]))
        elif chance(r, 0.4):
            body.append(pick(r, ["try_files $uri $uri/ /index.html;", "try_files $uri =404;",
                                 "try_files $uri @err;"]))
        # else: static (the root's index.html, or a missing file)
        if depth == 0 and not path.startswith("=") and not path.startswith("~") and chance(r, 0.2):
            base = path.split()[-1].rstrip("/")
            sub = pick(r, ["%s/inner/" % base, "~ \\.json$", "= %s/exact" % base])
            body += ["location %s {" % sub] + ["    " + b for b in self.location_body(sub, 1)] + ["}"]
        return body

    def cookie_directive(self):
        r = self.r
        return pick(r, ["proxy_cookie_flags ~ secure samesite=strict;", "proxy_cookie_flags session nohttponly;",
                        "proxy_cookie_flags ~^s samesite=none secure;", "proxy_cookie_flags pref httponly;",
                        "proxy_cookie_path / /app/;", "proxy_cookie_path ~^/(.*)$ /api/$1;",
                        "proxy_cookie_domain backend.internal shop.test;",
                        "proxy_cookie_domain ~\\.internal$ shop.test;", "proxy_cookie_domain off;"])

    def locations(self):
        r = self.r
        cands = ["/", "/api/", "/static/", "~ \\.php$", "~* \\.(js|css)$", "^~ /assets/", "= /login",
                 "~ ^/v[0-9]+/", "/app/"]
        chosen = r.sample(cands, r.randint(1, 4))
        out = []
        for loc in chosen:
            out += ["location %s {" % loc] + ["    " + b for b in self.location_body(loc, 0)] + ["}"]
        text = "\n".join(out)
        if "/fallback" in text:
            out += ["location = /fallback {"] + ["    " + h for h in self.headers(2)] + ['    return 200 "fb";', "}"]
        if "@err" in text:
            out += ["location @err {"] + ["    " + h for h in self.headers(2)] + \
                [pick(r, ['    return 200 "err";', "    return 503;", "    proxy_pass http://%s;" % BACKEND]), "}"]
        return out

    def server(self, name, default):
        r = self.r
        out = []
        if chance(r, 0.3):
            out += ["listen 443 ssl%s;" % (" default_server" if default else ""),
                    "ssl_certificate ss-test.crt;", "ssl_certificate_key ss-test.key;"]
        else:
            out.append("listen 80%s;" % (" default_server" if default else ""))
        out.append("server_name %s;" % name)
        if chance(r, 0.3):
            self.vars.append("acao")
            out.append('set $acao "";')
        out += self.headers(2)
        if chance(r, 0.2):
            out.append(self.cookie_directive())
        if self.snippet is not None and chance(r, 0.3):
            out.append("include %s;" % self.snippet_path)
        if chance(r, 0.2):
            out += self.if_block(False)
        if chance(r, 0.1):
            out.append("error_page 404 /err.html;")
        if chance(r, 0.1):
            out.append(pick(r, ["rewrite ^/app/(.*)$ /api/$1 last;", "rewrite ^/static/(.*)$ /$1 break;",
                                "rewrite ^/v1/(.*)$ https://www.shop.test/$1 permanent;"]))
        out += self.locations()
        return ["server {"] + ["    " + x for x in out] + ["}"]

    def config(self):
        r = self.r
        http = []
        if chance(r, 0.35):
            self.has_map = True
            http += ["map $http_origin $cors_origin {", '    default "";',
                     '    "%s" $http_origin;' % ORIGINS[0]]
            if chance(r, 0.5):
                http.append('    "~%s" $http_origin;' % pick(r, ORIGIN_RX))
            http.append("}")
        if chance(r, 0.3):
            self.snippet = self.headers(3) or self.cors_block()
        http += self.headers(2)
        if chance(r, 0.15):
            http.append(self.cookie_directive())
        if self.snippet is not None and chance(r, 0.2):
            http.append("include %s;" % self.snippet_path)
        names = r.sample(HOSTS, r.randint(1, 2))
        for i, n in enumerate(names):
            http += self.server(n, i == 0)
        return "\n".join(["# type: nginx", "events {}", "http {"] + ["    " + x for x in http] + ["}"]) + "\n"


def nginx_config(seed, index, snippet_path):
    """-> (text, snippet text or None)"""
    g = Ngx(random.Random("%s:nginx:%s" % (seed, index)), snippet_path)
    text = g.config()
    snip = "\n".join(g.snippet) + "\n" if g.snippet is not None and snippet_path in text else None
    if snip is None and g.snippet is not None:
        text = text  # no include was drawn: no snippet file
    return text, snip


# ============================================================================
# httpd
# ============================================================================
class Httpd:
    def __init__(self, r):
        self.r = r
        self.envs = []

    def value(self):
        r = self.r
        return pick(r, ['"%s"' % ORIGINS[0], '"%{Origin}i"', "*", '"%s"' % pick(r, ORIGINS)])

    def condition(self):
        r = self.r
        k = r.randrange(6)
        if k < 2 and self.envs:
            return " env=%s%s" % ("!" if chance(r, 0.3) else "", pick(r, self.envs))
        if k == 2:
            return ' "expr=%s"' % pick(r, ["%%{HTTP:Origin} =~ m#%s#" % pick(r, ORIGIN_RX),
                                           "%%{HTTP:Origin} == '%s'" % ORIGINS[0],
                                           "%{REQUEST_METHOD} == 'OPTIONS'", "-n %{HTTP:Origin}"])
        return ""

    def header(self):
        r = self.r
        always = "always " if chance(r, 0.5) else ""
        k = r.randrange(14)
        if k < 4:
            return "Header %sset Access-Control-Allow-Origin %s%s" % (always, self.value(), self.condition())
        if k == 4:
            return 'Header %sset Access-Control-Allow-Credentials "true"%s' % (always, self.condition())
        if k == 5:
            return "Header %smerge Vary Origin%s" % (always, self.condition())
        if k == 6:
            return "Header %sappend Vary Origin%s" % (always, self.condition())
        if k == 7:
            return "Header %sunset %s" % (always, pick(r, ["Access-Control-Allow-Origin", "Set-Cookie", "Vary",
                                                           "Access-Control-Allow-Credentials"]))
        if k == 8:
            return "Header %sedit Set-Cookie %s%s" % (always, pick(r, [
                '^(.*)$ "$1; SameSite=None; Secure"', '"(?i)^(session=[^;]*)(.*)$" "$1$2; SameSite=Strict"',
                "Domain=backend\\.internal Domain=shop.test"]), self.condition())
        if k == 9:
            return 'Header %sedit* Set-Cookie "HttpOnly" "HttpOnly; Secure"' % always
        if k == 10:
            return 'Header %sadd Set-Cookie "csrf=t1; Path=/; Secure; SameSite=Strict"%s' % (always, self.condition())
        if k == 11:
            return 'Header %sset Access-Control-Allow-Methods "GET, POST, PUT"%s' % (always, self.condition())
        if k == 12:
            return 'Header %sedit Access-Control-Allow-Origin "^https://(.*)$" "https://x.$1"' % always
        if chance(r, 0.5):
            return 'Header %s Access-Control-Allow-Origin "%s"%s' % (
                pick(r, ["setifempty", "onsuccess set", "always setifempty"]), ORIGINS[0], self.condition())
        return 'Header %sset X-Frame-Options DENY' % always

    def headers(self, n_max):
        return [self.header() for _ in range(self.r.randint(0, n_max))]

    def cors_block(self):
        r = self.r
        always = "always " if chance(r, 0.6) else ""
        cond = self.condition()
        return ["Header %sset Access-Control-Allow-Origin %s%s" % (always, self.value(), cond),
                'Header %sset Access-Control-Allow-Credentials "true"%s' % (always, cond)]

    def samesite(self):
        r = self.r
        out = []
        if chance(r, 0.7):
            out.append("SameSiteEngine %s" % pick(r, ["On", "On", "ReportOnly", "Off"]))
        if chance(r, 0.7):
            out.append("SameSiteFrontend %s" % pick(r, [ORIGINS[0], "https://*.shop.test",
                                                        "%s %s" % (ORIGINS[0], ORIGINS[1])]))
        if chance(r, 0.6):
            out.append("SameSiteCORS %s" % pick(r, ["On", "On", "Off", "Public"]))
        if chance(r, 0.4):
            out.append("SameSiteCookie %s" % pick(r, ["session Strict", "* None Secure", "sid Lax HttpOnly",
                                                      "pref Keep -HttpOnly", "s* Auto"]))
        if chance(r, 0.3):
            out.append("SameSitePreflight %s" % pick(r, ["Handle", "PassThrough"]))
        if chance(r, 0.3):
            out.append("SameSiteCSRF %s" % pick(r, ["Enforce", "ReportOnly", "Off"]))
        return out

    def access(self):
        r = self.r
        k = r.randrange(5)
        if k == 0:
            return ["<Limit %s>" % pick(r, ["POST PUT", "OPTIONS", "GET"]), "    Require all denied", "</Limit>"]
        if k == 1:
            return ["<LimitExcept GET POST>", "    Require all denied", "</LimitExcept>"]
        if k == 2:
            return [pick(r, ["Require all denied", "Require ip 10.9.9.9", "Require all granted"])]
        if k == 3:
            return ["AuthType Basic", 'AuthName "ss"', "AuthUserFile /etc/ss-no-such-htpasswd",
                    "Require valid-user"]
        return ["Require local"]

    def section_body(self, proxied_here):
        r = self.r
        body = []
        if chance(r, 0.4):
            body += self.cors_block()
        body += self.headers(3)
        if chance(r, 0.2):
            body += self.samesite()
        if chance(r, 0.15):
            body += self.access()
        if proxied_here:
            body.append("ProxyPass http://%s%s" % (BACKEND, pick(r, ["/", "/api/"])))
        if chance(r, 0.1):
            body.append(pick(r, ['ErrorDocument 404 "gone"', "ErrorDocument 403 /err.html"]))
        return body

    def if_chain(self):
        r = self.r
        conds = ["%%{HTTP:Origin} == '%s'" % ORIGINS[0], "%%{HTTP:Origin} =~ m#%s#" % pick(r, ORIGIN_RX),
                 "%{REQUEST_METHOD} == 'OPTIONS'", "-z %{HTTP:Origin}", "%{REQUEST_URI} =~ m#^/api/#"]
        out = ['<If "%s">' % pick(r, conds)] + ["    " + h for h in (self.headers(2) or self.cors_block())] + ["</If>"]
        if chance(r, 0.4):
            out += ['<ElseIf "%s">' % pick(r, conds)] + ["    " + h for h in self.headers(2) or [self.header()]] + \
                ["</ElseIf>"]
        if chance(r, 0.4):
            out += ["<Else>"] + ["    " + h for h in self.headers(2) or [self.header()]] + ["</Else>"]
        return out

    def rewrite(self):
        r = self.r
        out = ["RewriteEngine On"]
        for _ in range(r.randint(1, 2)):
            k = r.randrange(5)
            if k == 0:
                out.append("RewriteRule ^/app/(.*)$ /api/$1 [R=%s,L]" % pick(r, ["301", "302"]))
            elif k == 1:
                out.append("RewriteRule ^/%s - [F]" % pick(r, ["api/x", "static/", "app/x"]))
            elif k == 2:
                out.append("RewriteRule ^/app/(.*)$ http://%s/$1 [P,L]" % BACKEND)
            elif k == 3:
                out += ["RewriteCond %{REQUEST_METHOD} OPTIONS", "RewriteRule ^ - [R=204,L]"]
            else:
                out += ["RewriteCond %%{HTTP:Origin} %s" % pick(r, ORIGIN_RX),
                        "RewriteRule ^ - [E=CORS_OK:1]"]
                self.envs.append("CORS_OK")
        return out

    def vhost(self, name, port):
        r = self.r
        out = ["ServerName %s" % name, "DocumentRoot /var/www/site"]
        if port == 443:
            out += ["SSLEngine on", "SSLCertificateFile ${SS_TEST_CERT}", "SSLCertificateKeyFile ${SS_TEST_KEY}"]
        if chance(r, 0.4):
            out.append('SetEnvIf Origin "%s" ORIGIN_OK=$0' % pick(r, ORIGIN_RX))
            self.envs.append("ORIGIN_OK")
        if chance(r, 0.25):
            out.append("SetEnvIfNoCase Request_Method ^options$ PREFLIGHT")
            self.envs.append("PREFLIGHT")
        if chance(r, 0.15):
            out.append('SetEnvIfExpr "%%{HTTP:Origin} =~ m#%s#" EXPR_OK' % pick(r, ORIGIN_RX))
            self.envs.append("EXPR_OK")
        if chance(r, 0.35):
            out += self.samesite()
        if chance(r, 0.3):
            out += self.rewrite()
        if chance(r, 0.3):
            out += self.cors_block()
        out += self.headers(2)
        if chance(r, 0.25):
            out += self.if_chain()
        if chance(r, 0.15):
            out.append(pick(r, ['ErrorDocument 404 "not here"', "ErrorDocument 503 /down.html",
                                "ErrorDocument 401 /err.html"]))
        if chance(r, 0.5):
            out.append("ProxyPass /api/ http://%s/api/" % BACKEND)
            if chance(r, 0.3):
                out.append(pick(r, ["ProxyPassReverseCookieDomain backend.internal shop.test",
                                    "ProxyPassReverseCookiePath / /api/"]))
        secs = [("<Location /api/>", "</Location>", False), ("<Location /app/>", "</Location>", True),
                ('<Files "*.json">', "</Files>", False),
                ('<LocationMatch "^/v[0-9]+/">', "</LocationMatch>", True),
                ("<Directory /var/www/site>", "</Directory>", False),
                ("<Location /static/>", "</Location>", False)]
        for open_, close, can_proxy in r.sample(secs, r.randint(0, 3)):
            proxied = can_proxy and chance(r, 0.6)
            body = self.section_body(proxied)
            if "Directory" in open_ and chance(r, 0.3):
                body += self.if_chain()
            if "Directory" in open_ and chance(r, 0.2):
                body += ["RewriteEngine On", pick(r, ["RewriteRule ^x\\.json$ - [F]",
                                                      "RewriteRule ^static/ - [R=204,L]",
                                                      "RewriteRule ^$ /api/ [R=302,L]"])]
            out += [open_] + ["    " + b for b in body] + [close]
        return ["<VirtualHost *:%d>" % port] + ["    " + x for x in out] + ["</VirtualHost>"]

    def config(self):
        r = self.r
        out = ["# type: httpd"]
        if chance(r, 0.2):
            out += self.samesite()
        if chance(r, 0.15):
            out += self.headers(1)
        names = r.sample(HOSTS, r.randint(1, 2))
        port = 443 if chance(r, 0.3) else 80
        for n in names:
            out += self.vhost(n, port)
        return "\n".join(out) + "\n"


def httpd_config(seed, index):
    return Httpd(random.Random("%s:httpd:%s" % (seed, index))).config()


# ============================================================================
# for tests/server/run
# ============================================================================
def settings():
    seed = os.environ.get("SS_GEN_SEED") or str(DEFAULT_SEED)
    count = int(os.environ.get("SS_GEN_COUNT") or DEFAULT_COUNT)
    return seed, count


def write_configs(outdir, seed, count, types):
    """Write COUNT configurations (split over TYPES) into OUTDIR -> the
    configuration dicts tests/server/run runs."""
    os.makedirs(outdir, exist_ok=True)
    out = []
    types = [t for t in ("nginx", "httpd") if t in types]
    for ti, kind in enumerate(types):
        n = count // len(types) + (1 if ti < count % len(types) else 0)
        for k in range(n):
            base = os.path.join(outdir, "gen-%s-%s-%d" % (kind, seed, k))
            path = base + ".conf"
            if kind == "nginx":
                text, snip = nginx_config(seed, k, base + ".inc")
                if snip is not None:
                    with open(base + ".inc", "w") as f:
                        f.write(snip)
            else:
                text = httpd_config(seed, k)
            with open(path, "w") as f:
                f.write(text)
            out.append({"path": path, "kind": kind, "args": [], "reject": False, "gen": True,
                        "name": "gen %s seed=%s #%d" % (kind, seed, k),
                        "repro": "tests/server/gen.py --type %s --seed %s --index %d" % (kind, seed, k)})
    return out


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description="random nginx/httpd configurations for tests/server/run")
    ap.add_argument("--seed", default=str(DEFAULT_SEED))
    ap.add_argument("--count", type=int, default=DEFAULT_COUNT)
    ap.add_argument("--type", choices=["nginx", "httpd"])
    ap.add_argument("--index", type=int, help="print configuration INDEX of --type")
    ap.add_argument("--out", help="write the configurations to this directory instead of running them")
    a = ap.parse_args(argv)
    if a.index is not None:
        if a.type == "httpd":
            sys.stdout.write(httpd_config(a.seed, a.index))
        else:
            inc = os.path.join(a.out or "/tmp", "gen-nginx-%s-%d.inc" % (a.seed, a.index))
            text, snip = nginx_config(a.seed, a.index, inc)
            sys.stdout.write(text)
            if snip:
                with open(inc, "w") as f:
                    f.write(snip)
                sys.stderr.write("# written %s (its include):\n%s" % (inc, snip))
        return 0
    types = [a.type] if a.type else ["nginx", "httpd"]
    if a.out:
        for c in write_configs(a.out, a.seed, a.count, types):
            print(c["path"])
        return 0
    env = dict(os.environ, SS_GEN_SEED=a.seed, SS_GEN_COUNT=str(a.count), SS_GEN_ONLY="1",
               SS_SERVER_TYPE=" ".join(types))
    run = os.path.join(os.path.dirname(os.path.abspath(__file__)), "run")
    os.execve(sys.executable, [sys.executable, run], env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
