/* lint_sim_httpd.c -- one request through httpd 2.4 (lint_sim.h).
 *
 * In ap_process_request_internal's order:
 *
 *   vhost            the <VirtualHost>s whose address has the port: the
 *                    first whose ServerName / ServerAlias matches Host,
 *                    else the first of them; none: the main server
 *   post_read        server-level SetEnvIf (main server, then the vhost)
 *   translate_name   mod_proxy's ProxyPass (also in <Location>), the
 *                    vhost's RewriteRules (RewriteEngine On), mod_alias
 *                    (Redirect, Alias, ScriptAlias), DocumentRoot
 *   sections         <Directory> (not for proxied requests; shortest
 *                    path first, regexes after), <Files>, <Location> in
 *                    order, then <If> of every scope that applies --
 *                    the per-dir merge order, main server first
 *   header_parser    the sections' SetEnvIf
 *   access           mod_access_compat (Order/Allow/Deny) and
 *                    mod_authz_core (Require; the innermost scope with
 *                    authz directives wins, AuthMerging Off): 403, or
 *                    401 when a user is required and none is sent
 *   fixups           the sections' RewriteRules (after access)
 *   handler          proxy (the backend's status and headers; 503 when
 *                    it is down), CGI (--backend-status is the script's),
 *                    static file (its status; >= 400 is httpd's error)
 *   output           mod_headers (lint_sim_httpd_headers.c)
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <apr_fnmatch.h>
#include "lint_sim_httpd.h"
#include "lint_regex.h"
#include "lint_httpd_expr.h"

/* ---- wrappers, defines, modules ----------------------------------------- */

static int
module_loaded(hs_t *x, const char *name)
{
    if (x->all_modules) {
        return 1;
    }
    return apr_hash_get(x->modules, name, APR_HASH_KEY_STRING) != NULL;
}

int
hs_wrapper_true(hs_t *x, const lint_node_t *n)
{
    const char *a = lint_arg(n, 0);
    int neg = a && a[0] == '!';
    if (!a) {
        return 1;
    }
    if (lint_is(n, "IfModule")) {
        return module_loaded(x, a + neg) != neg;
    }
    if (lint_is(n, "IfDefine")) {
        return (apr_hash_get(x->defines, a + neg, APR_HASH_KEY_STRING) != NULL)
               != neg;
    }
    return 1; /* IfVersion, IfFile, IfDirective, IfSection: assume true */
}

int
hs_is_wrapper(const lint_node_t *n)
{
    return n->is_block
           && (lint_is(n, "IfModule") || lint_is(n, "IfDefine")
               || lint_is(n, "IfVersion") || lint_is(n, "IfFile")
               || lint_is(n, "IfDirective") || lint_is(n, "IfSection"));
}

/* <Limit METHOD...> applies to the listed methods, <LimitExcept> to the
 * others */
int
hs_limit_applies(hs_t *x, const lint_node_t *n)
{
    int i, listed = 0;
    for (i = 0; i < lint_nargs(n); i++) {
        listed |= !strcasecmp(lint_arg(n, i), x->method)
                  || (!strcasecmp(lint_arg(n, i), "GET")
                      && !strcmp(x->method, "HEAD"));
    }
    return lint_is(n, "Limit") ? listed : !listed;
}

void
hs_each_directive(hs_t *x, const lint_node_t *scope, hs_each_fn *fn,
                  void *baton)
{
    int i;
    for (i = 0; scope->children && i < scope->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(scope->children, i, lint_node_t *);
        if (hs_is_wrapper(c)) {
            if (hs_wrapper_true(x, c)) {
                hs_each_directive(x, c, fn, baton);
            }
        } else if (c->is_block
                   && (lint_is(c, "Limit") || lint_is(c, "LimitExcept"))) {
            if (hs_limit_applies(x, c)) {
                hs_each_directive(x, c, fn, baton);
            }
        } else if (!c->is_block) {
            fn(x, c, baton);
        }
    }
}

/* LoadModule NAME FILE and Define NAME anywhere in the configuration */
static void
scan_modules(hs_t *x, const lint_node_t *n, int *any)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (lint_is(c, "LoadModule") && lint_nargs(c) >= 2) {
            const char *file = strrchr(lint_arg(c, 1), '/');
            const char *base = file ? file + 1 : lint_arg(c, 1);
            size_t n2 = strlen(base);
            *any = 1;
            apr_hash_set(x->modules, lint_arg(c, 0), APR_HASH_KEY_STRING, "1");
            if (n2 > 3 && !strcmp(base + n2 - 3, ".so")) {
                apr_hash_set(x->modules,
                             apr_pstrcat(x->p,
                                         apr_pstrmemdup(x->p, base, n2 - 3),
                                         ".c", NULL),
                             APR_HASH_KEY_STRING, "1");
            }
        } else if (lint_is(c, "Define") && lint_nargs(c) >= 1) {
            apr_hash_set(x->defines, lint_arg(c, 0), APR_HASH_KEY_STRING, "1");
        }
        if (c->is_block && !lint_is(c, "VirtualHost")) {
            scan_modules(x, c, any);
        }
    }
}

/* modules compiled into Debian's apache2 binary (apache2 -l) */
static void
static_modules(hs_t *x)
{
    static const char *const m[] = {
        "core.c",        "mod_so.c",         "mod_watchdog.c",
        "http_core.c",   "mod_log_config.c", "mod_logio.c",
        "mod_version.c", "mod_unixd.c",      "log_config_module",
        "logio_module",  "version_module",   "unixd_module",
        "so_module",     "watchdog_module",  NULL
    };
    int i;
    for (i = 0; m[i]; i++) {
        apr_hash_set(x->modules, m[i], APR_HASH_KEY_STRING, "1");
    }
}

/* ---- ap_expr --------------------------------------------------------------- */

const char *
hs_lookup(void *baton, const char *kind, const char *name)
{
    hs_t *x = baton;
    const lint_sim_request_t *r = x->req;
    if (!strcmp(kind, "http")) {
        return lint_sim_req_header(r, name);
    }
    if (!strcmp(kind, "env")) {
        return apr_table_get(x->env, name);
    }
    if (strcmp(kind, "var")) {
        return NULL;
    }
    if (!strcasecmp(name, "REQUEST_METHOD")) {
        return x->method;
    }
    if (!strcasecmp(name, "REQUEST_URI")) {
        return x->uri;
    }
    if (!strcasecmp(name, "REQUEST_SCHEME")) {
        return r->scheme;
    }
    if (!strcasecmp(name, "HTTPS")) {
        return strcmp(r->scheme, "https") ? "off" : "on";
    }
    if (!strcasecmp(name, "QUERY_STRING")) {
        return r->args ? r->args : "";
    }
    if (!strcasecmp(name, "THE_REQUEST")) {
        return apr_psprintf(x->p, "%s %s%s%s HTTP/1.1", r->method, r->path,
                            r->args ? "?" : "", r->args ? r->args : "");
    }
    if (!strcasecmp(name, "SERVER_PORT")) {
        return apr_itoa(x->p, r->port);
    }
    if (!strcasecmp(name, "REMOTE_ADDR") || !strcasecmp(name, "SERVER_ADDR")) {
        return "127.0.0.1";
    }
    if (!strcasecmp(name, "SERVER_PROTOCOL")) {
        return "HTTP/1.1";
    }
    if (!strcasecmp(name, "REQUEST_FILENAME")
        || !strcasecmp(name, "SCRIPT_FILENAME")) {
        return x->filename ? x->filename : x->uri;
    }
    if (!strncasecmp(name, "HTTP_", 5)) {
        /* HTTP_HOST, HTTP_REFERER, ...: the header with '-' for '_' */
        char *h = apr_pstrdup(x->p, name + 5), *c;
        for (c = h; *c; c++) {
            if (*c == '_') {
                *c = '-';
            }
        }
        return lint_sim_req_header(r, h);
    }
    return NULL;
}

int
hs_expr(hs_t *x, const lint_node_t *where, const char *expr)
{
    const char *err = NULL, *vary = NULL;
    int rc = lint_httpd_expr_eval_vary(x->p, expr, hs_lookup, x, &x->caps,
                                       &vary, &err);
    if (vary && *vary) {
        /* ap_expr_exec merges the request headers it read into the
         * response's Vary (headers_out: an error response drops it) */
        hs_table_merge(x->p, x->out, "Vary", vary, where);
    }
    if (rc < 0) {
        lint_sim_trace(x->res, x->p, where,
                       "expression not understood (%s): taken as false",
                       err ? err : expr);
        return 0;
    }
    return rc;
}

/* ---- vhost ------------------------------------------------------------------ */

/* the ports a <VirtualHost> listens on: 1 when port is one of them (or
 * the address has no port: "*" takes every Listen) */
static int
vhost_port(const lint_node_t *v, int port)
{
    int i;
    for (i = 0; i < lint_nargs(v); i++) {
        const char *a = lint_arg(v, i);
        int p = 0;
        if (!lint_listen_port(a, &p)) {
            if (!strcmp(a, "*") || !strcmp(a, "_default_")) {
                return 1;
            }
            continue;
        }
        if (p == port) {
            return 1;
        }
    }
    return 0;
}

static int
vhost_name_matches(hs_t *x, const lint_node_t *v, const char *host)
{
    int i, j;
    for (i = 0; v->children && i < v->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(v->children, i, lint_node_t *);
        if (hs_is_wrapper(c) && hs_wrapper_true(x, c)
            && vhost_name_matches(x, c, host)) {
            return 1;
        }
        if (lint_is(c, "ServerName") && lint_nargs(c) >= 1) {
            const char *n = lint_arg(c, 0), *sch = strstr(n, "://");
            const char *colon;
            n = sch ? sch + 3 : n;
            colon = strrchr(n, ':');
            if (colon && !strchr(colon, ']')) {
                n = apr_pstrmemdup(x->p, n, (apr_size_t)(colon - n));
            }
            if (!strcasecmp(n, host)) {
                return 1;
            }
        } else if (lint_is(c, "ServerAlias")) {
            for (j = 0; j < lint_nargs(c); j++) {
                if (apr_fnmatch(lint_arg(c, j), host, APR_FNM_CASE_BLIND)
                    == APR_SUCCESS) {
                    return 1;
                }
            }
        }
    }
    return 0;
}

static void
find_vhosts(hs_t *x, const lint_node_t *n, apr_array_header_t *out)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (c->is_block && lint_is(c, "VirtualHost")) {
            APR_ARRAY_PUSH(out, const lint_node_t *) = c;
        } else if (hs_is_wrapper(c) && hs_wrapper_true(x, c)) {
            find_vhosts(x, c, out);
        }
    }
}

static const lint_node_t *
select_vhost(hs_t *x)
{
    apr_array_header_t *all = apr_array_make(x->p, 4, sizeof(lint_node_t *));
    const lint_node_t *first = NULL;
    const char *host = x->req->host, *hh;
    int i;
    hh = lint_sim_req_header(x->req, "Host");
    if (hh) {
        const char *colon = strrchr(hh, ':');
        host = colon && !strchr(colon, ']')
                   ? apr_pstrmemdup(x->p, hh, (apr_size_t)(colon - hh))
                   : hh;
    }
    find_vhosts(x, x->root, all);
    for (i = 0; i < all->nelts; i++) {
        const lint_node_t *v = APR_ARRAY_IDX(all, i, const lint_node_t *);
        if (!vhost_port(v, x->req->port)) {
            continue;
        }
        if (!first) {
            first = v;
        }
        if (vhost_name_matches(x, v, host)) {
            return v;
        }
    }
    return first;
}

/* ---- sections ---------------------------------------------------------------- */

static int
components(const char *path)
{
    int n = 0;
    for (; *path; path++) {
        n += *path == '/';
    }
    return n;
}

typedef struct {
    const lint_node_t *n;
    int regex;
    int depth;
    int order;
} hs_sec_t;

static int
sec_cmp(const void *a, const void *b)
{
    const hs_sec_t *x = a, *y = b;
    if (x->regex != y->regex) {
        return x->regex - y->regex;
    }
    if (!x->regex && x->depth != y->depth) {
        return x->depth - y->depth;
    }
    return x->order - y->order;
}

int
hs_section_regex(const lint_node_t *c)
{
    const char *a = lint_arg(c, 0);
    return (a && !strcmp(a, "~")) || lint_is(c, "DirectoryMatch")
           || lint_is(c, "FilesMatch") || lint_is(c, "LocationMatch");
}

const char *
hs_section_path(const lint_node_t *c)
{
    const char *a = lint_arg(c, 0);
    return a && !strcmp(a, "~") ? lint_arg(c, 1) : a;
}

/* every section named name1/name2 directly in scope (through wrappers) */
void
hs_sections_of(hs_t *x, const lint_node_t *scope, const char *name1,
               const char *name2, apr_array_header_t *out)
{
    int i;
    for (i = 0; scope && scope->children && i < scope->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(scope->children, i, lint_node_t *);
        if (hs_is_wrapper(c)) {
            if (hs_wrapper_true(x, c)) {
                hs_sections_of(x, c, name1, name2, out);
            }
        } else if (c->is_block && (lint_is(c, name1) || lint_is(c, name2))) {
            APR_ARRAY_PUSH(out, const lint_node_t *) = c;
        }
    }
}

static void
add_dirs(hs_t *x)
{
    apr_array_header_t *all = apr_array_make(x->p, 4, sizeof(lint_node_t *));
    apr_array_header_t *hit = apr_array_make(x->p, 4, sizeof(hs_sec_t));
    const char *slash = strrchr(x->filename, '/');
    const char *dir = apr_pstrmemdup(
        x->p, x->filename, slash ? (apr_size_t)(slash - x->filename + 1) : 0);
    int i;
    hs_sections_of(x, x->root, "Directory", "DirectoryMatch", all);
    hs_sections_of(x, x->vhost, "Directory", "DirectoryMatch", all);
    for (i = 0; i < all->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(all, i, const lint_node_t *);
        const char *path = hs_section_path(c);
        hs_sec_t *s;
        int re = hs_section_regex(c), ok;
        if (!path) {
            continue;
        }
        ok = re ? lint_regex_matches(x->p, path, 0, dir) == 1
                : lint_httpd_dir_covers(path, dir);
        if (!ok) {
            continue;
        }
        s = apr_array_push(hit);
        s->n = c;
        s->regex = re;
        s->depth = components(path) + (path[strlen(path) - 1] != '/');
        s->order = i;
    }
    qsort(hit->elts, (size_t)hit->nelts, sizeof(hs_sec_t), sec_cmp);
    for (i = 0; i < hit->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(hit, i, hs_sec_t).n;
        APR_ARRAY_PUSH(x->scopes, const lint_node_t *) = c;
        lint_sim_trace(x->res, x->p, c, "<%s %s>", c->name, hs_section_path(c));
    }
}

static void
add_files(hs_t *x, int ndirs_from)
{
    apr_array_header_t *all = apr_array_make(x->p, 4, sizeof(lint_node_t *));
    const char *base = strrchr(x->filename, '/');
    int i, n = x->scopes->nelts;
    base = base ? base + 1 : x->filename;
    hs_sections_of(x, x->root, "Files", "FilesMatch", all);
    hs_sections_of(x, x->vhost, "Files", "FilesMatch", all);
    for (i = ndirs_from; i < n; i++) {
        hs_sections_of(x, APR_ARRAY_IDX(x->scopes, i, const lint_node_t *),
                       "Files", "FilesMatch", all);
    }
    for (i = 0; i < all->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(all, i, const lint_node_t *);
        const char *pat = hs_section_path(c);
        int ok;
        if (!pat) {
            continue;
        }
        ok = hs_section_regex(c) ? lint_regex_matches(x->p, pat, 0, base) == 1
                                 : apr_fnmatch(pat, base, 0) == APR_SUCCESS;
        if (ok) {
            APR_ARRAY_PUSH(x->scopes, const lint_node_t *) = c;
            lint_sim_trace(x->res, x->p, c, "<%s %s>", c->name, pat);
        }
    }
}

/* <Location PATH>: a prefix on a path-segment boundary (core's
 * location_walk), or wildcards; <LocationMatch> / <Location ~> regexes */
int
hs_location_matches(hs_t *x, const lint_node_t *c, const char *uri)
{
    const char *path = hs_section_path(c);
    size_t l;
    if (!path) {
        return 0;
    }
    if (hs_section_regex(c)) {
        return lint_regex_matches(x->p, path, 0, uri) == 1;
    }
    if (strpbrk(path, "*?[")) {
        return apr_fnmatch(path, uri, APR_FNM_PATHNAME) == APR_SUCCESS;
    }
    l = strlen(path);
    if (strncmp(path, uri, l)) {
        return 0;
    }
    return l == 0 || path[l - 1] == '/' || uri[l] == '/' || uri[l] == '\0';
}

static void
add_locations(hs_t *x)
{
    apr_array_header_t *all = apr_array_make(x->p, 4, sizeof(lint_node_t *));
    int i;
    hs_sections_of(x, x->root, "Location", "LocationMatch", all);
    hs_sections_of(x, x->vhost, "Location", "LocationMatch", all);
    for (i = 0; i < all->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(all, i, const lint_node_t *);
        if (hs_location_matches(x, c, x->uri)) {
            APR_ARRAY_PUSH(x->scopes, const lint_node_t *) = c;
            lint_sim_trace(x->res, x->p, c, "<%s %s>", c->name,
                           hs_section_path(c));
        }
    }
}

/* <If>/<ElseIf>/<Else> chains directly in scope, nested ones when their
 * parent is taken (2.4.26) */
static void
add_ifs(hs_t *x, const lint_node_t *scope, apr_array_header_t *out)
{
    int i, chain_taken = 0;
    for (i = 0; scope->children && i < scope->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(scope->children, i, lint_node_t *);
        int take = 0;
        if (hs_is_wrapper(c)) {
            if (hs_wrapper_true(x, c)) {
                add_ifs(x, c, out);
            }
            continue;
        }
        if (!c->is_block) {
            continue;
        }
        if (lint_is(c, "If")) {
            chain_taken = 0;
            take = hs_expr(x, c, apr_array_pstrcat(x->p, c->args, ' '));
        } else if (lint_is(c, "ElseIf")) {
            take = !chain_taken
                   && hs_expr(x, c, apr_array_pstrcat(x->p, c->args, ' '));
        } else if (lint_is(c, "Else")) {
            take = !chain_taken;
        } else {
            continue;
        }
        if (take) {
            chain_taken = 1;
            APR_ARRAY_PUSH(out, const lint_node_t *) = c;
            lint_sim_trace(x->res, x->p, c, "<%s> taken", c->name);
            add_ifs(x, c, out);
        }
    }
}

static void
walk_sections(hs_t *x)
{
    apr_array_header_t *ifs = apr_array_make(x->p, 2, sizeof(lint_node_t *));
    int i, ndirs;
    x->scopes = apr_array_make(x->p, 8, sizeof(lint_node_t *));
    APR_ARRAY_PUSH(x->scopes, const lint_node_t *) = x->root;
    if (x->vhost) {
        APR_ARRAY_PUSH(x->scopes, const lint_node_t *) = x->vhost;
    }
    ndirs = x->scopes->nelts;
    if (x->filename) {
        add_dirs(x);
        add_files(x, ndirs);
    }
    add_locations(x);
    for (i = 0; i < x->scopes->nelts; i++) {
        add_ifs(x, APR_ARRAY_IDX(x->scopes, i, const lint_node_t *), ifs);
    }
    apr_array_cat(x->scopes, ifs);
}

/* ---- handler ---------------------------------------------------------------------- */

int
hs_backend_kind(const char *url)
{
    const char *bar;
    if (!url) {
        return -1;
    }
    if (!strncasecmp(url, "proxy:", 6)) {
        url += 6;
    }
    if (!strncasecmp(url, "unix:", 5) && (bar = strchr(url, '|'))) {
        url = bar + 1;
    }
    if (!strncasecmp(url, "fcgi://", 7) || !strncasecmp(url, "scgi://", 7)) {
        return HS_PROXY_CGI;
    }
    return HS_PROXY_HTTP; /* http, https, ws, wss, balancer, h2 ... */
}

typedef struct {
    const lint_node_t *sethandler;
    apr_array_header_t *addhandlers; /* const lint_node_t * */
} hs_handler_scan_t;

static void
handler_scan(hs_t *x, const lint_node_t *d, void *baton)
{
    hs_handler_scan_t *h = baton;
    (void)x;
    if (lint_is(d, "SetHandler") && lint_nargs(d) >= 1) {
        h->sethandler = strcasecmp(lint_arg(d, 0), "None") ? d : NULL;
    } else if (lint_is(d, "AddHandler") && lint_nargs(d) >= 2) {
        APR_ARRAY_PUSH(h->addhandlers, const lint_node_t *) = d;
    }
}

/* SetHandler / AddHandler of the merged scopes: a proxy: handler or a
 * CGI script */
static void
choose_handler(hs_t *x)
{
    hs_handler_scan_t h;
    int i, j;
    memset(&h, 0, sizeof(h));
    h.addhandlers = apr_array_make(x->p, 2, sizeof(lint_node_t *));
    for (i = 0; i < x->scopes->nelts; i++) {
        hs_each_directive(x, APR_ARRAY_IDX(x->scopes, i, const lint_node_t *),
                          handler_scan, &h);
    }
    if (h.sethandler) {
        const char *v = lint_arg(h.sethandler, 0);
        if (!strncasecmp(v, "proxy:", 6)) {
            x->proxy_url = v + 6;
            x->handler = hs_backend_kind(v);
            x->mapper = h.sethandler;
        } else if (!strcasecmp(v, "cgi-script")
                   || !strcasecmp(v, "fcgid-script")) {
            x->handler = HS_PROXY_CGI;
            x->mapper = h.sethandler;
        }
        return;
    }
    for (i = 0; x->filename && i < h.addhandlers->nelts; i++) {
        const lint_node_t *d =
            APR_ARRAY_IDX(h.addhandlers, i, const lint_node_t *);
        for (j = 1; j < lint_nargs(d); j++) {
            const char *ext = lint_arg(d, j);
            size_t el = strlen(ext), fl = strlen(x->filename);
            if (ext[0] != '.') {
                ext = apr_pstrcat(x->p, ".", ext, NULL);
                el++;
            }
            if (fl > el && !strcasecmp(x->filename + fl - el, ext)
                && (!strcasecmp(lint_arg(d, 0), "cgi-script")
                    || !strcasecmp(lint_arg(d, 0), "fcgid-script"))) {
                x->handler = HS_PROXY_CGI;
                x->mapper = d;
            }
        }
    }
}

/* ---- the request ---------------------------------------------------------------------- */

/* mod_rewrite's fixup: the RewriteRules of the per-dir sections; 1 when
 * one answered (x->status) or proxied the request */
static int
per_dir_rewrites(hs_t *x)
{
    int i;
    for (i = x->vhost ? 2 : 1; i < x->scopes->nelts; i++) {
        const lint_node_t *sc =
            APR_ARRAY_IDX(x->scopes, i, const lint_node_t *);
        const char *subject = NULL;
        if ((lint_is(sc, "Directory") || lint_is(sc, "DirectoryMatch"))
            && x->filename && !hs_section_regex(sc)) {
            /* per-directory rules see the path below the directory */
            size_t dl = strlen(hs_section_path(sc));
            subject = strlen(x->filename) > dl ? x->filename + dl : "";
            subject += *subject == '/';
        }
        if (hs_rewrite(x, sc, subject) == 1) {
            if (x->proxy_url) {
                x->handler = hs_backend_kind(x->proxy_url);
            }
            return 1;
        }
    }
    return 0;
}

static void
hs_request(hs_t *x)
{
    int i;
    hs_setenvif(x, x->root);
    if (x->vhost) {
        hs_setenvif(x, x->vhost);
    }
    hs_translate(x);
    if (x->status) {
        /* answered in translate_name: the per-dir config is the one of
         * the location and <If> walks that ran before it */
        x->filename = NULL;
        walk_sections(x);
        return;
    }
    walk_sections(x);
    for (i = x->vhost ? 2 : 1; i < x->scopes->nelts; i++) {
        hs_setenvif(x, APR_ARRAY_IDX(x->scopes, i, const lint_node_t *));
    }
    if (hs_samesite_request(x)) {
        x->handler = HS_ANSWERED;
        return;
    }
    if (hs_access(x)) {
        x->handler = HS_ANSWERED;
        return;
    }
    if (per_dir_rewrites(x)) {
        return;
    }
    if (!x->proxy_url) {
        choose_handler(x);
    }
    if (x->handler == HS_STATIC && x->filename
        && x->uri[strlen(x->uri) - 1] == '/' && x->req->file_status == 200) {
        /* mod_dir: the DirectoryIndex file, by an internal fast redirect
         * that brings its sections along */
        x->uri = apr_pstrcat(x->p, x->uri, "index.html", NULL);
        x->filename = apr_pstrcat(x->p, x->filename, "index.html", NULL);
        const char *method = x->method;
        lint_sim_trace(x->res, x->p, NULL, "DirectoryIndex: %s", x->uri);
        /* looked up by ap_sub_req_lookup_uri: a GET, whatever the
         * request's method (an <If> on REQUEST_METHOD sees GET) */
        x->method = "GET";
        walk_sections(x);
        /* the subrequest runs access and the per-dir rewrites of the
         * index file: a refusal (401, 403, [F]) is what mod_dir returns
         * (fixup_dir: any status but 200 and 404) */
        if (hs_access(x) || (per_dir_rewrites(x) && x->status)) {
            lint_sim_trace(x->res, x->p, NULL,
                           "DirectoryIndex: the subrequest answers %d",
                           x->status);
            x->handler = HS_ANSWERED;
            x->proxy_url = NULL;
        }
        x->method = method;
    }
}

void
hs_init(hs_t *x, apr_pool_t *p, const lint_model_t *m,
        const lint_sim_request_t *req, lint_sim_response_t *res)
{
    memset(x, 0, sizeof(*x));
    x->p = p;
    x->m = m;
    x->req = req;
    x->res = res;
    x->root = m->config->root;
    x->env = apr_table_make(p, 4);
    x->modules = m->modules;
    x->defines = m->defines;
    x->all_modules = m->all_modules;
    x->uri = req->path;
    x->method = req->method;
    x->out = apr_array_make(p, 4, sizeof(lint_sim_header_t));
    x->err = apr_array_make(p, 4, sizeof(lint_sim_header_t));
}

void
lint_sim_httpd_prepare(lint_model_t *m, apr_pool_t *p)
{
    hs_t x;
    int any = 0;
    memset(&x, 0, sizeof(x));
    x.p = p;
    x.modules = m->modules = apr_hash_make(p);
    x.defines = m->defines = apr_hash_make(p);
    hs_map_prepare(m, p);
    static_modules(&x);
    if (m->config && m->config->root) {
        scan_modules(&x, m->config->root, &any);
    }
    m->all_modules = !any;
}

void
lint_sim_httpd(lint_sim_response_t *out, apr_pool_t *p, const lint_model_t *m,
               const lint_server_t *s, const lint_sim_request_t *req)
{
    hs_t x;
    int i, error;
    hs_init(&x, p, m, req, out);
    if (s) {
        x.vhost = s->node == x.root ? NULL : s->node;
        out->server = s;
    } else {
        x.vhost = select_vhost(&x);
        for (i = 0; i < m->servers->nelts; i++) {
            const lint_server_t *v =
                APR_ARRAY_IDX(m->servers, i, lint_server_t *);
            if (v->node == (x.vhost ? x.vhost : x.root)) {
                out->server = v;
            }
        }
    }
    out->node = x.vhost ? x.vhost : x.root;
    lint_sim_trace(out, p, out->node, "%s (port %d, Host %s)",
                   x.vhost ? "<VirtualHost>" : "main server", req->port,
                   lint_sim_req_header(req, "Host"));
    hs_request(&x);
    if (x.handler != HS_ANSWERED && x.handler != HS_STATIC
        && req->backend_status == LINT_SIM_BACKEND_DOWN) {
        x.status = 503;
        lint_sim_trace(out, p, x.mapper, "backend down: 503");
    }
    if (x.handler == HS_STATIC && !x.status && !strcmp(x.method, "OPTIONS")) {
        /* the core's default_handler answers OPTIONS (200, Allow) before
         * it looks for the file: a missing one is no 404 */
        out->final_status = 200;
        lint_sim_trace(out, p, NULL, "OPTIONS: answered 200 by the core");
        error = 0;
    } else if (x.handler == HS_STATIC && !x.status && req->file_status >= 400) {
        /* a missing / forbidden file: httpd's own error response */
        out->final_status = req->file_status;
        error = 1;
    } else {
        error = x.status != 0;
    }
    out->status = out->final_status == 200 && !x.status ? 200 : x.status;
    if (!out->final_status) {
        out->final_status = x.status                 ? x.status
                            : x.handler == HS_STATIC ? req->file_status
                                                     : req->backend_status;
    }
    out->handler = x.status                                    ? "server"
                   : x.handler == HS_STATIC                    ? "static file"
                   : x.handler == HS_PROXY_CGI && !x.proxy_url ? "CGI script"
                                                               : "backend";
    if (!error && x.handler == HS_PROXY_HTTP) {
        /* mod_proxy_http replaces headers_out with the backend's
         * (ap_proxy_read_headers): a Vary an <If> put there is gone */
        apr_array_clear(x.out);
    }
    if (!error && (x.handler == HS_PROXY_HTTP || x.handler == HS_PROXY_CGI)) {
        const lint_node_t *ml = x.mapper;
        for (i = 0; i < req->backend_headers->nelts; i++) {
            const lint_sim_header_t *h =
                &APR_ARRAY_IDX(req->backend_headers, i, lint_sim_header_t);
            if (x.handler == HS_PROXY_HTTP) {
                hs_table_add(p, x.out, h->name, h->value, NULL);
            } else if (!strcasecmp(h->name, "Set-Cookie")) {
                hs_table_add(p, x.err, h->name, h->value, NULL);
            } else {
                /* ap_scan_script_header_err: apr_table_overlap(MERGE) */
                const char *old = hs_table_get(x.err, h->name);
                if (old) {
                    hs_table_set(p, x.err, h->name,
                                 apr_pstrcat(p, old, ", ", h->value, NULL),
                                 NULL);
                } else {
                    hs_table_add(p, x.err, h->name, h->value, NULL);
                }
            }
        }
        (void)ml;
        if (x.handler == HS_PROXY_HTTP) {
            hs_proxy_cookies(&x);
        }
    }
    if (!error && x.handler == HS_PROXY_HTTP && req->backend_status == 101) {
        /* 101 Switching Protocols goes out by ap_send_interim_response:
         * headers_out as the proxy read them, no output filter, so no
         * mod_headers and no err_headers_out (measured on 2.4.71) */
        x.err = apr_array_make(p, 1, sizeof(lint_sim_header_t));
        hs_emit(&x);
        return;
    }
    if (!x.samesite_answered) {
        /* mod_headers' filter, then ours (both AP_FTYPE_CONTENT_SET,
         * inserted by insert_filter hooks at APR_HOOK_LAST: headers
         * loads first) */
        hs_mod_headers(&x, error);
        hs_samesite_response(&x);
    }
    hs_emit(&x);
    if (x.scopes) {
        apr_array_cat(out->scopes, x.scopes);
    }
}
