/* lint_sim_nginx.c -- one request through nginx's phases (lint_sim.h).
 *
 * The configuration levels and their add_header lists after inheritance
 * come from the model (lint_nginx.c); this file adds what happens at
 * request time, in nginx's order (ngx_http_core_module phases):
 *
 *   server selection   the port's servers, then server_name: exact,
 *                      leading wildcard, trailing wildcard, regex in order;
 *                      else the port's default_server, else its first
 *   server rewrite     set / if / return / rewrite / break of the server
 *   find config        lint_nginx_find_location()
 *   rewrite            the location's script: an `if` taken makes its own
 *                      level the configuration in force (the last one
 *                      taken wins), `return` ends the request, `rewrite
 *                      ... last` searches the locations again
 *   access             allow/deny (client 127.0.0.1), limit_except,
 *                      auth_basic (401 without credentials), satisfy
 *   content            the *_pass backend, or the static file (its
 *                      status is --backend-status), try_files, index
 *   error_page         nginx's own errors go to their error_page URI
 *   header filter      the backend's headers minus *_hide_header, its
 *                      Set-Cookie through proxy_cookie_domain / _path /
 *                      _flags, then add_header of the final level: all
 *                      of them with `always`, the others only for 200,
 *                      201, 204, 206, 301-304, 307, 308; an empty value
 *                      adds nothing.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "lint_sim_nginx.h"
#include "lint_regex.h"

#define NGX_MAX_CYCLES                                                         \
    10 /* ngx_http_core: rewrite or internal redirection
                             cycle (500) */

/* ---- server selection --------------------------------------------------- */

typedef struct {
    int port;
    int default_server;
} ngx_listen_t;

static int
server_listens(const lint_server_t *s, int port, int *def)
{
    int i, any = 0, found = 0;
    *def = 0;
    for (i = 0; s->node->children && i < s->node->children->nelts; i++) {
        const lint_node_t *c =
            APR_ARRAY_IDX(s->node->children, i, lint_node_t *);
        int p = 0, j;
        if (strcmp(c->name, "listen") || lint_nargs(c) < 1) {
            continue;
        }
        any = 1;
        if (!lint_listen_port(lint_arg(c, 0), &p) || p != port) {
            continue;
        }
        found = 1;
        for (j = 1; j < lint_nargs(c); j++) {
            if (!strcmp(lint_arg(c, j), "default_server")
                || !strcmp(lint_arg(c, j), "default")) {
                *def = 1;
            }
        }
    }
    /* no listen: *:80 (nginx run as root; 8000 otherwise) */
    return found || (!any && port == 80);
}

/* ngx_http_find_virtual_server: 0 no, 4 exact, 3 leading wildcard,
 * 2 trailing wildcard, 1 regex; *len: the wildcard's length */
static int
name_match(apr_pool_t *p, const char *name, const char *host, size_t *len)
{
    size_t nl = strlen(name), hl = strlen(host);
    *len = nl;
    if (name[0] == '~') {
        return lint_regex_matches(p, name + 1, 0, host) == 1 ? 1 : 0;
    }
    if (!strcasecmp(name, host)) {
        return 4;
    }
    if (name[0] == '.') {
        if (!strcasecmp(name + 1, host)) {
            return 3;
        }
        return hl > nl && !strcasecmp(host + hl - nl, name) ? 3 : 0;
    }
    if (name[0] == '*' && name[1] == '.') {
        return hl > nl - 1 && !strcasecmp(host + hl - (nl - 1), name + 1) ? 3
                                                                          : 0;
    }
    if (nl >= 2 && name[nl - 1] == '*' && name[nl - 2] == '.') {
        return hl > nl - 1 && !strncasecmp(host, name, nl - 1) ? 2 : 0;
    }
    return 0;
}

static const lint_server_t *
ngx_select_server(ngx_t *x)
{
    const lint_server_t *best = NULL, *def = NULL, *first = NULL;
    int i, j, best_rank = 0;
    size_t best_len = 0;
    const char *host = x->req->host;
    const char *hh = lint_sim_req_header(x->req, "Host");
    if (hh) {
        /* the Host header decides, without its port */
        const char *colon = strrchr(hh, ':');
        host = colon && !strchr(colon, ']')
                   ? apr_pstrmemdup(x->p, hh, (apr_size_t)(colon - hh))
                   : hh;
    }
    for (i = 0; i < x->m->servers->nelts; i++) {
        const lint_server_t *s =
            APR_ARRAY_IDX(x->m->servers, i, lint_server_t *);
        int isdef;
        if (!server_listens(s, x->req->port, &isdef)) {
            continue;
        }
        if (!first) {
            first = s;
        }
        if (isdef && !def) {
            def = s;
        }
        for (j = 0; s->node->children && j < s->node->children->nelts; j++) {
            const lint_node_t *c =
                APR_ARRAY_IDX(s->node->children, j, lint_node_t *);
            int k;
            if (strcmp(c->name, "server_name")) {
                continue;
            }
            for (k = 0; k < lint_nargs(c); k++) {
                size_t len;
                int rank = name_match(x->p, lint_arg(c, k), host, &len);
                /* regexes: the first in order; wildcards: the longest */
                if (rank > best_rank
                    || (rank == best_rank && rank > 1 && rank < 4
                        && len > best_len)) {
                    best = s;
                    best_rank = rank;
                    best_len = len;
                }
            }
        }
    }
    if (best) {
        return best;
    }
    return def ? def : first;
}

static void ngx_request(ngx_t *x);

/* ---- content ------------------------------------------------------------ */

/* The directive of that name at the nearest level from l outwards
 * (levels that inherit it whole when they have none). */
const lint_node_t *
ngx_inherited(const lint_location_t *l, const char *name)
{
    for (; l; l = l->parent) {
        int i;
        for (i = 0; l->node->children && i < l->node->children->nelts; i++) {
            const lint_node_t *c =
                APR_ARRAY_IDX(l->node->children, i, lint_node_t *);
            if (!strcmp(c->name, name) && !c->is_block) {
                return c;
            }
        }
    }
    return NULL;
}

/* Internal redirect (try_files fallback, index, error_page): the server
 * rewrite phase and the location search run again for the new URI. */
static void
ngx_internal_redirect(ngx_t *x, const lint_node_t *why, const char *uri)
{
    const char *q = strchr(uri, '?');
    lint_sim_trace(x->res, x->p, why, "internal redirect to %s", uri);
    if (q) {
        x->args = q + 1;
        uri = apr_pstrmemdup(x->p, uri, (apr_size_t)(q - uri));
    }
    x->uri = ngx_expand(x, uri);
    if (++x->cycles > NGX_MAX_CYCLES) {
        x->status = 500;
        x->res->handler = "server (redirection cycle)";
        return;
    }
    ngx_request(x);
}

/* A named location (@name) of the server */
static const lint_location_t *
ngx_named(ngx_t *x, const char *name)
{
    int i;
    for (i = 0; i < x->s->locations->nelts; i++) {
        const lint_location_t *l =
            APR_ARRAY_IDX(x->s->locations, i, lint_location_t *);
        if (!strcmp(l->path, name)) {
            return l;
        }
    }
    return NULL;
}

static void ngx_content_at(ngx_t *x, const lint_location_t *l);
static const lint_node_t *ngx_error_page_for(const ngx_t *x, int status);

/* try_files FILE... FALLBACK: a file exists when the static status is
 * 200; else the fallback: =CODE, @name or a URI */
static int
ngx_try_files(ngx_t *x, const lint_location_t *l)
{
    const lint_node_t *tf = NULL;
    const char *last;
    int i;
    /* try_files is not inherited: the location's own (or the server
     * level's when no location matched) */
    for (i = 0; l->node->children && i < l->node->children->nelts; i++) {
        const lint_node_t *c =
            APR_ARRAY_IDX(l->node->children, i, lint_node_t *);
        if (!strcmp(c->name, "try_files") && lint_nargs(c) >= 2) {
            tf = c;
        }
    }
    if (!tf) {
        return 0;
    }
    if (NGX_FILE_STATUS(x) == 200) {
        return 0; /* a candidate exists: the static file */
    }
    last = lint_arg(tf, lint_nargs(tf) - 1);
    if (last[0] == '=') {
        x->status = atoi(last + 1);
        x->res->handler = "configuration (try_files)";
        lint_sim_trace(x->res, x->p, tf, "try_files: %s", last);
        return 1;
    }
    if (last[0] == '@') {
        const lint_location_t *nl = ngx_named(x, last);
        lint_sim_trace(x->res, x->p, tf, "try_files: %s", last);
        if (nl) {
            x->loc = nl;
            x->level = nl;
            x->res->node = nl->node;
            APR_ARRAY_PUSH(x->res->scopes, const lint_node_t *) = nl->node;
            if (ngx_script(x, nl->node, nl) == RW_STOP) {
                return 1;
            }
            ngx_content_at(x, nl);
        }
        return 1;
    }
    x->fallback = 1;
    ngx_internal_redirect(x, tf, last);
    return 1;
}

/* The content of the request at location l (the configuration in force
 * is x->level) */
static void
ngx_content_at(ngx_t *x, const lint_location_t *l)
{
    const lint_location_t *lv = x->level ? x->level : l;
    const lint_node_t *pass = lv->proxy ? lv->proxy : l->proxy;
    if (pass) {
        if (x->req->backend_status == LINT_SIM_BACKEND_DOWN) {
            x->status = 502;
            x->res->handler = "server (backend down)";
            lint_sim_trace(x->res, x->p, pass, "%s: backend down: 502",
                           pass->name);
            return;
        }
        x->res->handler = "backend";
        lint_sim_trace(x->res, x->p, pass, "%s %s", pass->name,
                       lint_arg(pass, 0) ? lint_arg(pass, 0) : "");
        return;
    }
    if (lv == l && ngx_try_files(x, l)) {
        /* an `if` taken: its level has no try_files (not inherited) */
        return;
    }
    if (x->status || x->res->handler) {
        return; /* answered by a redirected request */
    }
    if (strcmp(x->method, "GET") && strcmp(x->method, "HEAD")
        && strcmp(x->method, "POST")) {
        /* ngx_http_index_module declines and ngx_http_static_module
         * refuses other methods before looking at the file */
        x->status = 405;
        x->res->handler = "server (static files take GET, HEAD)";
        lint_sim_trace(x->res, x->p, NULL, "%s on a static file: 405",
                       x->method);
        return;
    }
    if (x->uri[strlen(x->uri) - 1] == '/' && NGX_FILE_STATUS(x) == 200) {
        /* ngx_http_index_module: the directory's index file */
        const lint_node_t *ix = ngx_inherited(l, "index");
        const char *file = ix ? lint_arg(ix, 0) : "index.html";
        if (file && file[0] != '/') {
            ngx_internal_redirect(x, ix ? ix : l->node,
                                  apr_pstrcat(x->p, x->uri, file, NULL));
            return;
        }
    }
    if (!strcmp(x->method, "POST") && NGX_FILE_STATUS(x) == 200) {
        x->status = 405; /* the file exists: static files refuse POST */
        x->res->handler = "server (static files take GET, HEAD)";
        lint_sim_trace(x->res, x->p, NULL, "POST on a static file: 405");
        return;
    }
    x->res->handler = "static file";
    lint_sim_trace(x->res, x->p, NULL, "static file %s", x->uri);
    if (NGX_FILE_STATUS(x) >= 400
        && ngx_error_page_for(x, NGX_FILE_STATUS(x))) {
        /* the static module's 404 (403, ...) goes to its error_page */
        x->status = NGX_FILE_STATUS(x);
    }
}

/* error_page CODE... [=[NEW]] URI|@name of the level in force */
static void
ngx_error_page(ngx_t *x)
{
    const lint_location_t *l = x->level ? x->level : x->loc;
    int i;
    if (x->in_error_page || x->status < 400) {
        return;
    }
    for (; l; l = l->parent) {
        int found = 0;
        for (i = 0; l->node->children && i < l->node->children->nelts; i++) {
            const lint_node_t *c =
                APR_ARRAY_IDX(l->node->children, i, lint_node_t *);
            int j, n = lint_nargs(c), hit = 0;
            const char *target, *eq = NULL;
            if (strcmp(c->name, "error_page") || n < 2) {
                continue;
            }
            found = 1;
            target = lint_arg(c, n - 1);
            for (j = 0; j < n - 1; j++) {
                if (lint_arg(c, j)[0] == '=') {
                    eq = lint_arg(c, j);
                } else if (atoi(lint_arg(c, j)) == x->status) {
                    hit = 1;
                }
            }
            if (!hit) {
                continue;
            }
            x->in_error_page = 1;
            {
                int code = x->status;
                if (eq) {
                    code = eq[1] ? atoi(eq + 1) : 0;
                }
                if (!strncmp(target, "http://", 7)
                    || !strncmp(target, "https://", 8)) {
                    x->status = code && code >= 301 && code <= 308 ? code : 302;
                    lint_sim_trace(x->res, x->p, c, "error_page: %d",
                                   x->status);
                    return;
                }
                x->method = "GET";
                x->status = 0;
                x->res->handler = NULL;
                if (target[0] == '@') {
                    const lint_location_t *nl = ngx_named(x, target);
                    lint_sim_trace(x->res, x->p, c, "error_page to %s", target);
                    if (nl) {
                        x->loc = nl;
                        x->level = nl;
                        x->res->node = nl->node;
                        APR_ARRAY_PUSH(x->res->scopes, const lint_node_t *) =
                            nl->node;
                        if (ngx_script(x, nl->node, nl) != RW_STOP) {
                            ngx_content_at(x, nl);
                        }
                    }
                } else {
                    ngx_internal_redirect(x, c, target);
                }
                if (code && x->status < 300 && x->status != 201
                    && x->status != 204) {
                    /* ngx_http_send_header: the error's status (or =N)
                     * stays (r->err_status), unless the target answered
                     * by the special response handler (return 3xx, 4xx,
                     * 5xx, 201, 204) */
                    x->status = code;
                }
            }
            return;
        }
        if (found) {
            return; /* error_page lists are inherited whole */
        }
    }
}

/* Does an error_page of the level in force (the nearest level with any:
 * the lists are inherited whole) list this status? */
static const lint_node_t *
ngx_error_page_for(const ngx_t *x, int status)
{
    const lint_location_t *l = x->level ? x->level : x->loc;
    int i, j;
    for (; l; l = l->parent) {
        const lint_node_t *hit = NULL;
        int found = 0;
        for (i = 0; l->node->children && i < l->node->children->nelts; i++) {
            const lint_node_t *c =
                APR_ARRAY_IDX(l->node->children, i, lint_node_t *);
            if (strcmp(c->name, "error_page") || lint_nargs(c) < 2) {
                continue;
            }
            found = 1;
            for (j = 0; j < lint_nargs(c) - 1; j++) {
                if (!hit && atoi(lint_arg(c, j)) == status) {
                    hit = c;
                }
            }
        }
        if (found) {
            return hit;
        }
    }
    return NULL;
}

/* proxy_intercept_errors on (fastcgi_, ...): the backend's status >= 300
 * goes to the error_page that lists it (ngx_http_upstream_intercept_errors);
 * without one the backend's response goes out */
static void
ngx_intercept(ngx_t *x)
{
    const lint_location_t *l = x->loc ? x->loc : x->s->server_loc;
    const lint_location_t *lv = x->level ? x->level : l;
    const lint_node_t *pass = lv->proxy ? lv->proxy : l->proxy, *ie, *ep;
    int st = x->req->backend_status;
    const char *us;
    if (x->status || !pass || !x->res->handler
        || strcmp(x->res->handler, "backend") || st < 300
        || !(us = strstr(pass->name, "_pass"))) {
        return;
    }
    ie = ngx_inherited(
        lv, apr_pstrcat(x->p, apr_pstrndup(x->p, pass->name, us - pass->name),
                        "_intercept_errors", NULL));
    if (!ie || !lint_arg(ie, 0) || strcmp(lint_arg(ie, 0), "on")
        || !(ep = ngx_error_page_for(x, st))) {
        return;
    }
    x->status = st;
    lint_sim_trace(x->res, x->p, ie, "%s: the backend's %d goes to %s",
                   ie->name, st, ep->name);
}

/* An error_page target proxied again, and the backend errs again: the
 * upstream intercepts it again (ngx_http_upstream_intercept_errors does
 * not look at r->error_page), but the special response handler runs the
 * error_page only once (recursive_error_pages off): nginx sends its own
 * page with that status, none of the backend's headers (found by
 * tests/server/gen.py, seed 42 #342). */
static void
ngx_intercept_in_error_page(ngx_t *x)
{
    const lint_location_t *l = x->loc ? x->loc : x->s->server_loc;
    const lint_location_t *lv = x->level ? x->level : l;
    const lint_node_t *rec = ngx_inherited(lv, "recursive_error_pages");
    int status = x->status;
    if (!x->in_error_page || !x->res->handler
        || strcmp(x->res->handler, "backend")
        || (rec && lint_arg(rec, 0) && !strcmp(lint_arg(rec, 0), "on"))) {
        return;
    }
    x->status = 0;
    ngx_intercept(x);
    if (!x->status) {
        x->status = status;
        return;
    }
    x->res->handler = "server (the backend's error inside an error_page: "
                      "nginx's own page)";
}

/* ---- one pass: server rewrite, location, rewrite, access, content ------ */

static void
ngx_request(ngx_t *x)
{
    const lint_server_t *s = x->s;
    int rc;
    x->loc = NULL;
    x->level = s->server_loc;
    x->res->node = s->node;
    rc = ngx_script(x, s->node, NULL);
    if (rc == RW_STOP) {
        return;
    }
    for (;;) {
        const lint_location_t *l = lint_nginx_find_location(x->p, s, x->uri);
        x->loc = l;
        x->level = l ? l : s->server_loc;
        x->res->node = l ? l->node : s->node;
        apr_array_clear(x->res->scopes);
        APR_ARRAY_PUSH(x->res->scopes, const lint_node_t *) = s->node;
        if (l) {
            APR_ARRAY_PUSH(x->res->scopes, const lint_node_t *) = l->node;
        }
        if (l) {
            lint_sim_trace(x->res, x->p, l->node, "location %s%s%s",
                           l->kind == LINT_LOC_EXACT            ? "= "
                           : l->kind == LINT_LOC_REGEX          ? "~ "
                           : l->kind == LINT_LOC_REGEX_CASELESS ? "~* "
                           : l->kind == LINT_LOC_PREFIX_NOREGEX ? "^~ "
                                                                : "",
                           l->path, "");
            if (l->kind == LINT_LOC_REGEX
                || l->kind == LINT_LOC_REGEX_CASELESS) {
                x->caps = lint_regex_captures(
                    x->p, l->path, l->kind == LINT_LOC_REGEX_CASELESS, x->uri);
            }
            /* find config: a method limit_except does not list makes the
             * block's configuration the one in force, and it has none of
             * the location's rewrite directives (not inherited) */
            if (ngx_limit_except(x, l)) {
                lint_sim_trace(x->res, x->p, ngx_limit_except(x, l),
                               "limit_except: %s is not listed, the "
                               "location's rewrite directives do not run",
                               x->method);
                rc = RW_NEXT;
            } else {
                rc = ngx_script(x, l->node, l);
            }
        } else {
            lint_sim_trace(x->res, x->p, s->node,
                           "no location: the server "
                           "level");
            rc = RW_NEXT;
        }
        if (rc == RW_STOP) {
            return;
        }
        if (rc == RW_LAST) {
            if (++x->cycles > NGX_MAX_CYCLES) {
                x->status = 500;
                x->res->handler = "server (rewrite cycle)";
                return;
            }
            continue;
        }
        break;
    }
    if (x->loc) {
        const lint_node_t *le = ngx_limit_except(x, x->loc);
        if (le && ngx_access(x, le, x->loc)) {
            return;
        }
        if (!le && ngx_access(x, x->loc->node, x->loc)) {
            return;
        }
    } else if (ngx_access(x, s->node, s->server_loc)) {
        return;
    }
    ngx_content_at(x, x->loc ? x->loc : s->server_loc);
}

static void
ngx_maps(apr_hash_t *maps, const lint_node_t *n)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (!strcmp(c->name, "map") && c->is_block && lint_nargs(c) >= 2
            && lint_arg(c, 1)[0] == '$') {
            apr_hash_set(maps, lint_arg(c, 1) + 1, APR_HASH_KEY_STRING, c);
        } else if (!strcmp(c->name, "http") && c->is_block) {
            ngx_maps(maps, c);
        }
    }
}

void
lint_sim_nginx_prepare(lint_model_t *m, apr_pool_t *p)
{
    m->maps = apr_hash_make(p);
    if (m->config && m->config->root) {
        ngx_maps(m->maps, m->config->root);
    }
}

void
lint_sim_nginx(lint_sim_response_t *out, apr_pool_t *p, const lint_model_t *m,
               const lint_server_t *s, const lint_sim_request_t *req)
{
    ngx_t x;
    int status;
    memset(&x, 0, sizeof(x));
    x.p = p;
    x.m = m;
    x.req = req;
    x.res = out;
    x.vars = apr_hash_make(p);
    x.maps = m->maps;
    x.uri = req->path;
    x.args = req->args;
    x.method = req->method;
    x.s = s ? s : ngx_select_server(&x);
    if (!x.s) {
        out->error = apr_psprintf(p, "no server listens on port %d", req->port);
        return;
    }
    out->server = x.s;
    lint_sim_trace(out, p, x.s->node, "server (port %d, Host %s)", req->port,
                   lint_sim_req_header(req, "Host"));
    ngx_request(&x);
    ngx_intercept(&x);
    ngx_error_page(&x);
    ngx_intercept_in_error_page(&x);
    if (x.status == 444) {
        out->status = 444;
        out->final_status = 444;
        out->handler = "configuration (return 444 closes the connection)";
        return;
    }
    status = x.status ? x.status
             : x.res->handler && !strcmp(x.res->handler, "static file")
                 ? NGX_FILE_STATUS(&x)
                 : req->backend_status;
    out->status = x.status;
    out->final_status = status;
    if (x.res->handler && !strcmp(x.res->handler, "backend")) {
        /* also under an error_page's status: its target proxied */
        const lint_location_t *l = x.loc ? x.loc : x.s->server_loc;
        const lint_location_t *lv = x.level ? x.level : l;
        ngx_upstream_headers(&x, l, lv->proxy ? lv->proxy : l->proxy);
    }
    ngx_add_headers(&x, status);
}
