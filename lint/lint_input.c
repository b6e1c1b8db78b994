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
 *
 * A snippet linted on its own (what CI does with /etc/nginx/snippets/,
 * conf-available/, .htaccess) is a fragment of a block: its directives are
 * put inside synthetic blocks (nginx http { server { location / { ... }}},
 * httpd <Directory "DIR">) so the model sees an ordinary server, and every
 * real node keeps its file:line.  Without --context the block is the one
 * its directives need: nginx http when it holds server{} or http-only
 * directives (map, upstream, log_format, ...), server when it holds
 * location{} or listen/server_name, else location; httpd .htaccess is a
 * <Directory>, any other httpd file the main server config it already is.
 */
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
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
 * not swallow the rest of the file.  Returns 1 when the line opens a
 * block of another language (OpenResty's content_by_lua_block {): its
 * lines are not configuration and must not vote. */
static int
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
        return 0;
    }
    if (*s == '<'
        && (apr_isalpha(s[1]) || (s[1] == '/' && apr_isalpha(s[2])))) {
        *httpd += 3; /* <VirtualHost ...>, </Directory> */
        return 0;
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
        return 0;
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
    return last == '{' && nlen > 6 && !strncmp(name + nlen - 6, "_block", 6);
}

/* Inside a block of another language: the braces it opens and closes
 * outside quotes on this line. */
static int
brace_balance(const char *s, const char *eol)
{
    int d = 0;
    for (; s < eol; s++) {
        if (*s == '"' || *s == '\'') {
            char q = *s;
            for (s++; s < eol && *s != q; s++) {
                if (*s == '\\' && s + 1 < eol) {
                    s++;
                }
            }
            if (s == eol) {
                break;
            }
        } else if (*s == '{') {
            d++;
        } else if (*s == '}') {
            d--;
        }
    }
    return d;
}

lint_dialect_t
lint_detect_dialect_text(const char *buf, const char *name)
{
    const char *s = buf, *base = NULL;
    int nginx = 0, httpd = 0, raw = 0;

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
        if (raw > 0) {
            raw += brace_balance(s, eol);
        } else {
            raw = vote_line(s, eol, &nginx, &httpd);
        }
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
    lint_dialect_t d = LINT_DIALECT_AUTO; /* unreadable: nothing to tell */

    apr_pool_create(&p, NULL);
    if (lint_source_read(&buf, &len, p, path, &e) == APR_SUCCESS) {
        d = lint_detect_dialect_text(buf, path);
    }
    apr_pool_destroy(p);
    return d;
}

/* nginx directives of the main context only: a file holding one is a
 * whole configuration, never a fragment */
static const char *const nginx_main_names[] = { "daemon",
                                                "env",
                                                "events",
                                                "http",
                                                "load_module",
                                                "lock_file",
                                                "mail",
                                                "master_process",
                                                "pcre_jit",
                                                "pid",
                                                "ssl_engine",
                                                "stream",
                                                "thread_pool",
                                                "timer_resolution",
                                                "user",
                                                "worker_cpu_affinity",
                                                "worker_priority",
                                                "worker_processes",
                                                "worker_rlimit_core",
                                                "worker_rlimit_nofile",
                                                "worker_shutdown_timeout",
                                                "working_directory",
                                                NULL };

/* nginx directives of http{} only (a server{} block is one too) */
static const char *const nginx_http_names[] = { "charset_map",
                                                "fastcgi_cache_path",
                                                "geo",
                                                "limit_conn_zone",
                                                "limit_req_zone",
                                                "log_format",
                                                "map",
                                                "map_hash_bucket_size",
                                                "map_hash_max_size",
                                                "proxy_cache_path",
                                                "scgi_cache_path",
                                                "server",
                                                "server_names_hash_bucket_size",
                                                "server_names_hash_max_size",
                                                "split_clients",
                                                "upstream",
                                                "uwsgi_cache_path",
                                                "variables_hash_bucket_size",
                                                "variables_hash_max_size",
                                                NULL };

/* nginx directives of server{} (and not location{}) */
static const char *const nginx_server_names[] = {
    "listen", "location", "server_name", "ssl_reject_handshake", NULL
};

static int
listed(const char *const *list, const char *name)
{
    return in_list(list, name, strlen(name), 0);
}

static int
is_htaccess(const char *path)
{
    size_t l = strlen(path);
    return l >= 9 && !strcmp(path + l - 9, ".htaccess");
}

/* Walk the top level, looking through nginx `include` (its nodes are
 * spliced next to it) */
static lint_context_t
nginx_context(const lint_node_t *root)
{
    lint_context_t ctx = LINT_CONTEXT_LOCATION;
    int i;
    if (!root->children || !root->children->nelts) {
        return LINT_CONTEXT_NONE; /* nothing to wrap */
    }
    for (i = 0; i < root->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(root->children, i, lint_node_t *);
        if (listed(nginx_main_names, c->name)) {
            return LINT_CONTEXT_NONE;
        }
        if (listed(nginx_http_names, c->name)) {
            ctx = LINT_CONTEXT_HTTP;
        } else if (listed(nginx_server_names, c->name)
                   && ctx == LINT_CONTEXT_LOCATION) {
            ctx = LINT_CONTEXT_SERVER;
        }
    }
    return ctx;
}

/* A whole httpd configuration: no block to put it in */
static int
httpd_whole(const lint_node_t *root)
{
    int i;
    for (i = 0; root->children && i < root->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(root->children, i, lint_node_t *);
        if (c->is_block && !strcasecmp(c->name, "VirtualHost")) {
            return 1;
        }
    }
    return 0;
}

lint_context_t
lint_fragment_context(const lint_config_t *cfg, const char *path)
{
    if (cfg->dialect == LINT_DIALECT_NGINX) {
        return nginx_context(cfg->root);
    }
    /* httpd reads a file of directives as the main server config, which
     * the model already is; .htaccess is a directory context */
    return is_htaccess(path) && !httpd_whole(cfg->root) ? LINT_CONTEXT_LOCATION
                                                        : LINT_CONTEXT_NONE;
}

static lint_node_t *
synthetic(apr_pool_t *p, lint_node_t *parent, const char *name, const char *arg,
          const char *raw, const char *file)
{
    lint_node_t *n = lint_node_new(p, parent, name, file, 1, 1);
    n->is_block = 1;
    n->synthetic = 1;
    /* the block spans the whole file: `# samesite-lint: frontend`
     * annotations anywhere in the fragment belong to its server */
    n->end_line = INT_MAX;
    n->children = apr_array_make(p, 4, sizeof(lint_node_t *));
    if (arg) {
        APR_ARRAY_PUSH(n->args, const char *) = arg;
        APR_ARRAY_PUSH(n->raw_args, const char *) = raw;
    }
    return n;
}

void
lint_fragment_wrap(lint_config_t *cfg, apr_pool_t *p, lint_context_t ctx,
                   const char *path)
{
    lint_node_t *root = cfg->root, *inner;
    apr_array_header_t *nodes = root->children;
    const char *file = path;
    int i, has_server = 0;

    if (ctx == LINT_CONTEXT_NONE || !nodes || !nodes->nelts) {
        return;
    }
    if (cfg->dialect == LINT_DIALECT_HTTPD) {
        if (ctx != LINT_CONTEXT_LOCATION) {
            return; /* the main server config: as parsed */
        }
        {
            const char *dir = lint_path_canonical(p, lint_dirname(p, path));
            root->children = NULL;
            inner = synthetic(p, root, "Directory", dir,
                              apr_psprintf(p, "\"%s\"", dir), file);
        }
    } else {
        lint_node_t *http;
        root->children = NULL;
        http = synthetic(p, root, "http", NULL, NULL, file);
        inner = http;
        if (ctx != LINT_CONTEXT_HTTP) {
            inner = synthetic(p, inner, "server", NULL, NULL, file);
        }
        if (ctx == LINT_CONTEXT_LOCATION) {
            inner = synthetic(p, inner, "location", "/", "/", file);
        }
        for (i = 0; i < nodes->nelts; i++) {
            const lint_node_t *c = APR_ARRAY_IDX(nodes, i, lint_node_t *);
            has_server |= c->is_block && !strcmp(c->name, "server");
        }
        if (ctx == LINT_CONTEXT_HTTP && !has_server) {
            /* http-level headers and maps only matter to the servers
             * that inherit them: give them one, with no name and no
             * listen (appended, so the fragment's nodes come first) */
            inner->children = nodes;
            for (i = 0; i < nodes->nelts; i++) {
                APR_ARRAY_IDX(nodes, i, lint_node_t *)->parent = inner;
            }
            synthetic(p, inner, "server", NULL, NULL, file);
            return;
        }
    }
    inner->children = nodes;
    for (i = 0; i < nodes->nelts; i++) {
        APR_ARRAY_IDX(nodes, i, lint_node_t *)->parent = inner;
    }
}

/* Without --root, a snippet's relative includes resolve where the
 * server's would: the nearest directory above it (two levels at most:
 * /etc/nginx/snippets/x.conf -> /etc/nginx) that holds the main file.
 * NULL: the file's own directory. */
static const char *
discover_root(apr_pool_t *p, const char *path, lint_dialect_t d)
{
    static const char *const nginx_mains[] = { "nginx.conf", NULL };
    static const char *const httpd_mains[] = { "apache2.conf", "httpd.conf",
                                               "conf/httpd.conf", NULL };
    const char *const *mains =
        d == LINT_DIALECT_NGINX ? nginx_mains : httpd_mains;
    const char *dir;
    int up, k;

    if (!strcmp(path, "-")) {
        return NULL;
    }
    dir = lint_dirname(p, path);
    for (up = 0; up < 3; up++) {
        for (k = 0; mains[k]; k++) {
            struct stat st;
            const char *m = apr_pstrcat(p, dir, "/", mains[k], NULL);
            if (stat(m, &st) == 0 && S_ISREG(st.st_mode)) {
                return up ? dir : NULL;
            }
        }
        {
            const char *parent = lint_dirname(p, dir);
            if (!strcmp(parent, dir)) {
                break;
            }
            dir = parent;
        }
    }
    return NULL;
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
        in->dialect_detected = in->dialect != LINT_DIALECT_AUTO;
        if (!in->dialect_detected) {
            /* it cannot be read: the parser says so, in either dialect */
            in->dialect = LINT_DIALECT_HTTPD;
        }
    }
    po.root = o->root;
    po.env = o->env;
    in->env_file = o->env_file;
    if (!po.env && in->dialect == LINT_DIALECT_HTTPD) {
        /* Debian's apache2ctl sources the envvars next to apache2.conf
         * before it starts httpd: without --env-file, so do we */
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        if (!strcmp(base, "apache2.conf")) {
            const char *ef = apr_pstrcat(p, lint_dirname(p, path), "/envvars",
                                         NULL),
                       *why;
            apr_hash_t *env = lint_env_process(p);
            struct stat st;
            if (stat(ef, &st) == 0 && S_ISREG(st.st_mode)
                && lint_env_file_read(env, p, ef, &why) == APR_SUCCESS) {
                po.env = env;
                in->env_file = ef;
            }
        }
    }
    if (!po.root) {
        po.default_root = discover_root(p, path, in->dialect);
    }
    rv = in->dialect == LINT_DIALECT_NGINX
             ? lint_parse_nginx_opts(cfg, p, path, &po, err)
             : lint_parse_httpd_opts(cfg, p, path, &po, err);
    in->root = *cfg ? (*cfg)->server_root : NULL;
    if (rv != APR_SUCCESS || !*cfg) {
        return rv;
    }
    in->context = lint_fragment_context(*cfg, path);
    in->context_detected = in->context != LINT_CONTEXT_NONE;
    if (o->context != LINT_CONTEXT_NONE) {
        /* --context: for every snippet, not for a whole configuration
         * (nginx http{} / events{}, httpd <VirtualHost>) */
        int whole = (*cfg)->dialect == LINT_DIALECT_NGINX
                        ? in->context == LINT_CONTEXT_NONE
                              && (*cfg)->root->children
                              && (*cfg)->root->children->nelts
                        : httpd_whole((*cfg)->root);
        if (!whole) {
            in->context = o->context;
            in->context_detected = 0;
        }
    }
    lint_fragment_wrap(*cfg, p, in->context, path);
    return rv;
}

/* ---- env files ------------------------------------------------------- */

extern char **environ;

apr_hash_t *
lint_env_process(apr_pool_t *p)
{
    apr_hash_t *vars = apr_hash_make(p);
    char **e;
    for (e = environ; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (eq && eq > *e) {
            apr_hash_set(vars, apr_pstrmemdup(p, *e, (apr_size_t)(eq - *e)),
                         APR_HASH_KEY_STRING, apr_pstrdup(p, eq + 1));
        }
    }
    return vars;
}

typedef struct {
    apr_pool_t *p;
    apr_hash_t *vars;
    const char *s; /* cursor in the file */
    int line;
    const char *err;
} envp_t;

static int
name_char(char c, int first)
{
    return c == '_' || apr_isalpha(c) || (!first && apr_isdigit(c));
}

/* A shell operator or blank ends an unquoted word */
static int
word_end(char c)
{
    return !c || c == '\n' || apr_isspace(c) || strchr(";&|<>()", c);
}

/* $NAME, ${NAME}, ${NAME:-word}, ${NAME-word} at e->s (after the '$');
 * appends the value to *out, or returns 0 when it cannot be known
 * without running the file */
static int
env_dollar(envp_t *e, char **out)
{
    const char *s = e->s, *name;
    const char *val;
    if (*s == '{') {
        const char *end = strchr(s, '}');
        apr_size_t nl = 0;
        name = s + 1;
        while (name_char(name[nl], nl == 0)) {
            nl++;
        }
        if (!end || !nl || strchr(name, '\n') < end) {
            return 0;
        }
        val = apr_hash_get(e->vars, name, (apr_ssize_t)nl);
        if (name + nl == end) {
            /* ${NAME} */
        } else if (name[nl] == ':' && name[nl + 1] == '-') {
            if (!val || !*val) {
                val = apr_pstrmemdup(e->p, name + nl + 2,
                                     (apr_size_t)(end - name - nl - 2));
            }
        } else if (name[nl] == '-') {
            if (!val) {
                val = apr_pstrmemdup(e->p, name + nl + 1,
                                     (apr_size_t)(end - name - nl - 1));
            }
        } else {
            return 0; /* ${NAME##x}, ${NAME%x}, ${NAME:+x}, ... */
        }
        if (val && strpbrk(val, "$`")) {
            return 0; /* a default that expands again */
        }
        e->s = end + 1;
    } else if (name_char(*s, 1)) {
        apr_size_t nl = 0;
        while (name_char(s[nl], nl == 0)) {
            nl++;
        }
        val = apr_hash_get(e->vars, s, (apr_ssize_t)nl);
        e->s = s + nl;
    } else {
        return 0; /* $(...), $1, $?, $$ */
    }
    *out = apr_pstrcat(e->p, *out, val ? val : "", NULL);
    return 1;
}

/* One word at e->s, quotes removed and variables expanded.  *known: 0
 * when its value needs the file to run.  Returns NULL at the end of the
 * command (operator, newline, comment, end of file). */
static char *
env_word(envp_t *e, int *known)
{
    char *out = apr_pstrdup(e->p, "");
    const char *s;
    *known = 1;
    while (*e->s == ' ' || *e->s == '\t'
           || (*e->s == '\\' && e->s[1] == '\n')) {
        if (*e->s == '\\') {
            e->s++;
            e->line++;
        }
        e->s++;
    }
    if (*e->s == '#') {
        while (*e->s && *e->s != '\n') {
            e->s++;
        }
    }
    if (word_end(*e->s)) {
        return NULL;
    }
    while (!word_end(*e->s)) {
        s = e->s;
        if (*s == '\'') {
            const char *end = strchr(s + 1, '\'');
            if (!end) {
                e->err = "unterminated ' quote";
                return NULL;
            }
            for (s++; s < end; s++) {
                e->line += *s == '\n';
            }
            out = apr_pstrcat(
                e->p, out,
                apr_pstrmemdup(e->p, e->s + 1, (apr_size_t)(end - e->s - 1)),
                NULL);
            e->s = end + 1;
        } else if (*s == '"') {
            e->s++;
            while (*e->s && *e->s != '"') {
                if (*e->s == '\\' && e->s[1] && strchr("$`\"\\\n", e->s[1])) {
                    if (e->s[1] != '\n') {
                        out = apr_pstrcat(
                            e->p, out, apr_pstrmemdup(e->p, e->s + 1, 1), NULL);
                    } else {
                        e->line++;
                    }
                    e->s += 2;
                } else if (*e->s == '$') {
                    e->s++;
                    if (!env_dollar(e, &out)) {
                        *known = 0;
                    }
                } else if (*e->s == '`') {
                    *known = 0;
                    e->s++;
                } else {
                    e->line += *e->s == '\n';
                    out = apr_pstrcat(e->p, out, apr_pstrmemdup(e->p, e->s, 1),
                                      NULL);
                    e->s++;
                }
            }
            if (!*e->s) {
                e->err = "unterminated \" quote";
                return NULL;
            }
            e->s++;
        } else if (*s == '\\' && s[1]) {
            if (s[1] == '\n') {
                e->line++;
            } else {
                out = apr_pstrcat(e->p, out, apr_pstrmemdup(e->p, s + 1, 1),
                                  NULL);
            }
            e->s += 2;
        } else if (*s == '$') {
            e->s++;
            if (!env_dollar(e, &out)) {
                *known = 0;
                while (!word_end(*e->s)) {
                    e->s++; /* the rest of $(...) without nesting */
                }
            }
        } else if (*s == '`') {
            *known = 0;
            e->s++;
        } else {
            out = apr_pstrcat(e->p, out, apr_pstrmemdup(e->p, s, 1), NULL);
            e->s++;
        }
    }
    return out;
}

/* NAME=... as written: the name, or NULL */
static const char *
assignment_name(apr_pool_t *p, const char *raw)
{
    apr_size_t n = 0;
    while (name_char(raw[n], n == 0)) {
        n++;
    }
    return n && raw[n] == '=' ? apr_pstrmemdup(p, raw, n) : NULL;
}

apr_status_t
lint_env_file_read(apr_hash_t *vars, apr_pool_t *p, const char *path,
                   const char **err)
{
    const char *buf, *e2 = NULL;
    apr_size_t len;
    envp_t e;

    if (lint_source_read(&buf, &len, p, path, &e2) != APR_SUCCESS) {
        *err = apr_psprintf(p, "%s: %s", path, e2);
        return APR_EINVAL;
    }
    memset(&e, 0, sizeof(e));
    e.p = p;
    e.vars = vars;
    e.s = buf;
    e.line = 1;
    while (*e.s) {
        /* one simple command: leading reserved words, then assignments,
         * export / unset and their arguments; other commands are skipped
         * (nothing is run) */
        /* cmd 0: assignments only so far, 1: export, 2: unset, 3: any
         * other command */
        int first = 1, cmd = 0, known, line = e.line;
        for (;;) {
            const char *start;
            char *w;
            while (*e.s == ' ' || *e.s == '\t') {
                e.s++;
            }
            start = e.s;
            w = env_word(&e, &known);
            if (e.err) {
                *err = apr_psprintf(p, "%s:%d: %s", path, line, e.err);
                return APR_EINVAL;
            }
            if (!w) {
                break;
            }
            if (first
                && (!strcmp(w, "then") || !strcmp(w, "else") || !strcmp(w, "do")
                    || !strcmp(w, "{") || !strcmp(w, "!"))) {
                continue;
            }
            if (cmd <= 1 && assignment_name(p, start)) {
                const char *name = assignment_name(p, start);
                const char *eq = strchr(w, '=');
                /* the value: what follows the first '=' of the expanded
                 * word (the name has no quotes or '$') */
                apr_hash_set(vars, name, APR_HASH_KEY_STRING,
                             known && eq ? apr_pstrdup(p, eq + 1) : NULL);
            } else if (!cmd) {
                cmd = !strcmp(w, "export") || !strcmp(w, "readonly")
                              || !strcmp(w, "declare")
                          ? 1
                      : !strcmp(w, "unset") ? 2
                                            : 3;
            } else if (cmd == 2 && w[0] != '-') {
                apr_hash_set(vars, w, APR_HASH_KEY_STRING, NULL);
            }
            first = 0;
        }
        /* the operator or newline that ended the command */
        if (*e.s == '\n') {
            e.line++;
        }
        if (*e.s) {
            e.s++;
        }
    }
    return APR_SUCCESS;
}
