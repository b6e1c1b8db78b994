/* lint_input.c -- from a PATH on the command line to a parsed
 * configuration: which dialect it is written in, where its relative
 * includes resolve, and which block a snippet is linted inside.
 *
 * Dialect detection reads the structure, never the text inside quotes or
 * comments: a `;` in `Header set Strict-Transport-Security "max-age=1;
 * includeSubDomains"` or in a comment says nothing (Debian's
 * conf-available/security.conf was taken for nginx that way).  Each
 * statement votes: directive names only one server knows, nginx's
 * lower_case_with_underscores against httpd's CamelCase, `<Section>`
 * lines, and how the statement ends (`;`, `{`, `}` for nginx, the end of
 * the line for httpd).
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "lint_input.h"
#include "lint_source.h"

/* Directive names only nginx has (case-sensitive: nginx's are lower
 * case).  Names both servers know (include, user, alias, allow, deny,
 * ...) are left out: they do not tell. */
static const char *const nginx_names[] = { "access_log",
                                           "add_header",
                                           "add_trailer",
                                           "auth_basic",
                                           "auth_basic_user_file",
                                           "auth_request",
                                           "autoindex",
                                           "charset_map",
                                           "client_max_body_size",
                                           "default_type",
                                           "error_log",
                                           "error_page",
                                           "events",
                                           "expires",
                                           "fastcgi_index",
                                           "fastcgi_param",
                                           "fastcgi_pass",
                                           "fastcgi_split_path_info",
                                           "geo",
                                           "grpc_pass",
                                           "gzip",
                                           "http",
                                           "keepalive_timeout",
                                           "limit_except",
                                           "limit_req",
                                           "limit_req_zone",
                                           "listen",
                                           "load_module",
                                           "location",
                                           "log_format",
                                           "map",
                                           "more_set_headers",
                                           "pid",
                                           "proxy_cookie_domain",
                                           "proxy_cookie_flags",
                                           "proxy_cookie_path",
                                           "proxy_hide_header",
                                           "proxy_http_version",
                                           "proxy_pass",
                                           "proxy_pass_header",
                                           "proxy_redirect",
                                           "proxy_set_header",
                                           "return",
                                           "rewrite",
                                           "root",
                                           "scgi_param",
                                           "scgi_pass",
                                           "sendfile",
                                           "server",
                                           "server_name",
                                           "server_tokens",
                                           "set",
                                           "ssl_certificate",
                                           "ssl_certificate_key",
                                           "ssl_ciphers",
                                           "ssl_protocols",
                                           "stream",
                                           "tcp_nopush",
                                           "try_files",
                                           "types",
                                           "upstream",
                                           "uwsgi_param",
                                           "uwsgi_pass",
                                           "worker_connections",
                                           "worker_processes",
                                           NULL };

/* Directive names only httpd has (httpd compares them without case). */
static const char *const httpd_names[] = { "AddDefaultCharset",
                                           "AddHandler",
                                           "AddOutputFilterByType",
                                           "AddType",
                                           "AllowOverride",
                                           "AuthName",
                                           "AuthType",
                                           "AuthUserFile",
                                           "BrowserMatch",
                                           "CustomLog",
                                           "Define",
                                           "DirectoryIndex",
                                           "DocumentRoot",
                                           "ErrorDocument",
                                           "ErrorLog",
                                           "Header",
                                           "IncludeOptional",
                                           "LoadModule",
                                           "LogFormat",
                                           "LogLevel",
                                           "Options",
                                           "ProxyPass",
                                           "ProxyPassReverse",
                                           "ProxyPreserveHost",
                                           "Redirect",
                                           "RedirectMatch",
                                           "RequestHeader",
                                           "Require",
                                           "RewriteBase",
                                           "RewriteCond",
                                           "RewriteEngine",
                                           "RewriteRule",
                                           "SSLCertificateFile",
                                           "SSLCertificateKeyFile",
                                           "SSLEngine",
                                           "ScriptAlias",
                                           "ServerAdmin",
                                           "ServerAlias",
                                           "ServerName",
                                           "ServerRoot",
                                           "ServerSignature",
                                           "ServerTokens",
                                           "SetEnvIf",
                                           "SetEnvIfExpr",
                                           "SetEnvIfNoCase",
                                           "SetHandler",
                                           "TraceEnable",
                                           "UnDefine",
                                           NULL };

static int
in_list(const char *const *list, const char *name, size_t len, int nocase)
{
    int i;
    for (i = 0; list[i]; i++) {
        if (strlen(list[i]) == len
            && !(nocase ? strncasecmp : strncmp)(list[i], name, len)) {
            return 1;
        }
    }
    return 0;
}

const char *
lint_dialect_name(lint_dialect_t d)
{
    return d == LINT_DIALECT_NGINX   ? "nginx"
           : d == LINT_DIALECT_HTTPD ? "httpd"
                                     : "auto";
}

const char *
lint_context_name(lint_context_t c)
{
    return c == LINT_CONTEXT_HTTP       ? "http"
           : c == LINT_CONTEXT_SERVER   ? "server"
           : c == LINT_CONTEXT_LOCATION ? "location"
                                        : NULL;
}

/* One physical line's votes.  Quotes do not span lines here: httpd's
 * never do, and an unbalanced one (a magic file, a shell script) must
 * not swallow the rest of the file. */
static void
vote_line(const char *s, const char *eol, int *nginx, int *httpd)
{
    const char *name, *c;
    char last = 0;
    size_t nlen;
    int ident = 1, lower_us = 0, upper = 0;

    while (s < eol && apr_isspace(*s)) {
        s++;
    }
    if (s == eol || *s == '#') {
        return;
    }
    if (*s == '<'
        && (apr_isalpha(s[1]) || (s[1] == '/' && apr_isalpha(s[2])))) {
        *httpd += 3; /* <VirtualHost ...>, </Directory> */
        return;
    }
    name = s;
    while (s < eol && !apr_isspace(*s) && *s != ';' && *s != '{') {
        if (!apr_isalnum(*s) && *s != '_') {
            ident = 0;
        }
        if (*s == '_') {
            lower_us = 1;
        }
        if (apr_isupper(*s)) {
            upper = 1;
        }
        s++;
    }
    nlen = (size_t)(s - name);
    ident = ident && nlen && apr_isalpha(*name);
    /* the rest: what ends the statement, outside quotes and comments */
    for (c = s; c < eol; c++) {
        if (*c == '"' || *c == '\'') {
            char q = *c;
            for (c++; c < eol && *c != q; c++) {
                if (*c == '\\' && c + 1 < eol) {
                    c++;
                }
            }
            last = q;
            continue;
        }
        if (*c == '#' && apr_isspace(c[-1])) {
            break; /* nginx comment (httpd has none here: no vote lost) */
        }
        if (!apr_isspace(*c)) {
            last = *c;
        }
    }
    if (c == s && s < eol && (*s == ';' || *s == '{')) {
        last = *s;
    }
    if (!ident) {
        /* a continuation ('...' of log_format), a `}` line, magic data */
        if (last == ';' || last == '{' || last == '}' || *name == '}') {
            *nginx += 1;
        }
        return;
    }
    if (in_list(nginx_names, name, nlen, 0)) {
        *nginx += 2;
    } else if (in_list(httpd_names, name, nlen, 1)) {
        *httpd += 2;
    } else if (upper && apr_isupper(*name) && !lower_us) {
        *httpd += 1; /* CamelCase: nginx has no such directive */
    } else if (lower_us && !upper) {
        *nginx += 1;
    }
    if (last == ';' || last == '{' || last == '}') {
        *nginx += 1;
    } else if (last != '\\') {
        *httpd += 1; /* ends with the line (a `\` continues it) */
    }
}

lint_dialect_t
lint_detect_dialect_text(const char *buf, const char *name)
{
    const char *s = buf, *base = NULL;
    int nginx = 0, httpd = 0;

    if (name) {
        base = strrchr(name, '/');
        base = base ? base + 1 : name;
        if (!strcmp(base, ".htaccess") || !strcmp(base, "apache2.conf")
            || !strcmp(base, "httpd.conf")) {
            httpd += 5;
        } else if (!strcmp(base, "nginx.conf")) {
            nginx += 5;
        }
    }
    while (*s) {
        const char *eol = strchr(s, '\n');
        if (!eol) {
            eol = s + strlen(s);
        }
        /* `nginx -T` output: "# configuration file PATH:" markers */
        if (!strncmp(s, "# configuration file ", 21) && eol > s + 22
            && eol[-1] == ':') {
            return LINT_DIALECT_NGINX;
        }
        vote_line(s, eol, &nginx, &httpd);
        s = *eol ? eol + 1 : eol;
    }
    /* a tie (an empty file, comments only) reads as httpd: nothing in it
     * can be a syntax error there */
    return nginx > httpd ? LINT_DIALECT_NGINX : LINT_DIALECT_HTTPD;
}

lint_dialect_t
lint_detect_dialect(const char *path)
{
    apr_pool_t *p;
    const char *buf, *e;
    apr_size_t len;
    lint_dialect_t d = LINT_DIALECT_HTTPD;

    apr_pool_create(&p, NULL);
    if (lint_source_read(&buf, &len, p, path, &e) == APR_SUCCESS) {
        d = lint_detect_dialect_text(buf, path);
    }
    apr_pool_destroy(p);
    return d;
}

apr_status_t
lint_input_load(lint_input_t *in, lint_config_t **cfg, apr_pool_t *p,
                const lint_input_opts_t *o, const char *path,
                lint_parse_error_t *err)
{
    lint_parse_opts_t po;
    apr_status_t rv;

    memset(in, 0, sizeof(*in));
    memset(&po, 0, sizeof(po));
    in->path = path;
    in->dialect = o->dialect;
    if (in->dialect == LINT_DIALECT_AUTO) {
        in->dialect = lint_detect_dialect(path);
        in->dialect_detected = 1;
    }
    po.root = o->root;
    po.env = o->env;
    rv = in->dialect == LINT_DIALECT_NGINX
             ? lint_parse_nginx_opts(cfg, p, path, &po, err)
             : lint_parse_httpd_opts(cfg, p, path, &po, err);
    in->root = *cfg ? (*cfg)->server_root : NULL;
    return rv;
}
