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
#include "lint_sim.h"
#include "lint_regex.h"

#define NGX_MAX_CYCLES                                                         \
    10 /* ngx_http_core: rewrite or internal redirection
                             cycle (500) */

typedef struct {
    apr_pool_t *p;
    const lint_model_t *m;
    const lint_sim_request_t *req;
    lint_sim_response_t *res;
    const lint_server_t *s;
    apr_hash_t *vars; /* `set` variables, name without '$' */
    apr_hash_t *maps; /* map nodes by variable name */
    const char *uri;  /* the URI now (rewrite, redirects) */
    const char *args;
    const char *method;
    apr_array_header_t *caps;     /* $0..$9 of the last regex that matched */
    const lint_location_t *loc;   /* the location found, NULL: server */
    const lint_location_t *level; /* the configuration in force */
    int status;                   /* nginx answers itself with this */
    int cycles;
    int in_error_page;
} ngx_t;

enum { RW_NEXT = 0, RW_STOP, RW_BREAK, RW_LAST };

/* ---- variables -------------------------------------------------------- */

static const char *ngx_expand(ngx_t *x, const char *text);

static int
var_char(char c)
{
    return apr_isalnum(c) || c == '_';
}

static const char *
req_header_var(ngx_t *x, const char *name)
{
    const lint_sim_request_t *r = x->req;
    int i;
    for (i = 0; r->headers && i < r->headers->nelts; i++) {
        const lint_sim_header_t *h =
            &APR_ARRAY_IDX(r->headers, i, lint_sim_header_t);
        const char *a = h->name, *b = name;
        for (; *a && *b; a++, b++) {
            char ca = *a == '-' ? '_' : (char)apr_tolower(*a);
            if (ca != apr_tolower(*b)) {
                break;
            }
        }
        if (!*a && !*b) {
            return h->value;
        }
    }
    return NULL;
}

/* Cookie: a=1; b=2 -> value of name */
static const char *
cookie_var(ngx_t *x, const char *name)
{
    const char *c = lint_sim_req_header(x->req, "Cookie");
    size_t n = strlen(name);
    while (c && *c) {
        while (*c == ' ' || *c == ';') {
            c++;
        }
        if (!strncmp(c, name, n) && c[n] == '=') {
            return apr_pstrmemdup(x->p, c + n + 1, strcspn(c + n + 1, ";"));
        }
        c = strchr(c, ';');
    }
    return NULL;
}

static const char *
arg_var(ngx_t *x, const char *name)
{
    const char *a = x->args;
    size_t n = strlen(name);
    while (a && *a) {
        if (!strncasecmp(a, name, n) && a[n] == '=') {
            return apr_pstrmemdup(x->p, a + n + 1, strcspn(a + n + 1, "&"));
        }
        a = strchr(a, '&');
        if (a) {
            a++;
        }
    }
    return NULL;
}

/* map $src $name { [hostnames;] default V; "k" V; ~re V; ... }:
 * ngx_http_map_find: the exact keys first (case-insensitive), then the
 * regexes in order, else the default. */
static const char *
map_value(ngx_t *x, const lint_node_t *map)
{
    const char *src = ngx_expand(x, lint_arg(map, 0));
    const char *def = "";
    int i;
    for (i = 0; map->children && i < map->children->nelts; i++) {
        const lint_node_t *e = APR_ARRAY_IDX(map->children, i, lint_node_t *);
        const char *key = e->name;
        if (!strcmp(key, "default") && lint_nargs(e) >= 1) {
            def = lint_arg(e, 0);
            continue;
        }
        if (!strcmp(key, "hostnames") || !strcmp(key, "volatile")
            || !strcmp(key, "include") || key[0] == '~') {
            continue;
        }
        if (key[0] == '\\') {
            key++;
        }
        if (!strcasecmp(key, src) && lint_nargs(e) >= 1) {
            return ngx_expand(x, lint_arg(e, 0));
        }
    }
    for (i = 0; map->children && i < map->children->nelts; i++) {
        const lint_node_t *e = APR_ARRAY_IDX(map->children, i, lint_node_t *);
        apr_array_header_t *caps, *saved;
        const char *v;
        int ci;
        if (e->name[0] != '~' || lint_nargs(e) < 1) {
            continue;
        }
        ci = e->name[1] == '*';
        caps = lint_regex_captures(x->p, e->name + 1 + ci, ci, src);
        if (!caps) {
            continue;
        }
        saved = x->caps;
        x->caps = caps;
        v = ngx_expand(x, lint_arg(e, 0));
        x->caps = saved;
        return v;
    }
    return ngx_expand(x, def);
}

static const char *
builtin_var(ngx_t *x, const char *name)
{
    const lint_sim_request_t *r = x->req;
    if (!strncmp(name, "http_", 5)) {
        return req_header_var(x, name + 5);
    }
    if (!strncmp(name, "cookie_", 7)) {
        return cookie_var(x, name + 7);
    }
    if (!strncmp(name, "arg_", 4)) {
        return arg_var(x, name + 4);
    }
    if (!strcmp(name, "request_method")) {
        return x->method;
    }
    if (!strcmp(name, "uri") || !strcmp(name, "document_uri")) {
        return x->uri;
    }
    if (!strcmp(name, "request_uri")) {
        return r->args ? apr_pstrcat(x->p, r->path, "?", r->args, NULL)
                       : r->path;
    }
    if (!strcmp(name, "args") || !strcmp(name, "query_string")) {
        return x->args;
    }
    if (!strcmp(name, "is_args")) {
        return x->args ? "?" : "";
    }
    if (!strcmp(name, "scheme")) {
        return r->scheme;
    }
    if (!strcmp(name, "https")) {
        return strcmp(r->scheme, "https") ? "" : "on";
    }
    if (!strcmp(name, "host")) {
        return r->host;
    }
    if (!strcmp(name, "server_port")) {
        return apr_itoa(x->p, r->port);
    }
    if (!strcmp(name, "remote_addr") || !strcmp(name, "server_addr")
        || !strcmp(name, "realip_remote_addr")) {
        return "127.0.0.1";
    }
    if (!strcmp(name, "server_protocol")) {
        return "HTTP/1.1";
    }
    return NULL;
}

static const char *
ngx_var(ngx_t *x, const char *name)
{
    const char *v;
    const lint_node_t *map;
    if (apr_isdigit(name[0]) && !name[1]) {
        int i = name[0] - '0';
        return x->caps && i < x->caps->nelts
                   ? APR_ARRAY_IDX(x->caps, i, const char *)
                   : "";
    }
    if ((v = apr_hash_get(x->vars, name, APR_HASH_KEY_STRING))) {
        return v;
    }
    if ((map = apr_hash_get(x->maps, name, APR_HASH_KEY_STRING))) {
        return map_value(x, map);
    }
    v = builtin_var(x, name);
    return v ? v : "";
}

/* "$a-${b}" with the variables' values */
static const char *
ngx_expand(ngx_t *x, const char *text)
{
    apr_array_header_t *out;
    const char *s;
    if (!text || !strchr(text, '$')) {
        return text ? text : "";
    }
    out = apr_array_make(x->p, (int)strlen(text) + 16, 1);
    for (s = text; *s; s++) {
        const char *start, *v;
        size_t n;
        int braced;
        if (*s != '$' || !(var_char(s[1]) || s[1] == '{')) {
            APR_ARRAY_PUSH(out, char) = *s;
            continue;
        }
        braced = s[1] == '{';
        start = s + 1 + braced;
        if (apr_isdigit(*start)) {
            n = 1;
        } else {
            for (n = 0; var_char(start[n]); n++) {
            }
        }
        v = ngx_var(x, apr_pstrmemdup(x->p, start, n));
        while (*v) {
            APR_ARRAY_PUSH(out, char) = *v++;
        }
        s = start + n - 1 + (braced && start[n] == '}');
    }
    APR_ARRAY_PUSH(out, char) = '\0';
    return out->elts;
}

/* ---- if ( ... ) --------------------------------------------------------- */

/* ngx_http_rewrite_if_condition: "$var", "$var = str", "$var != str",
 * "$var ~ re", "~*", "!~", "!~*", "-f $x" and friends. */
static int
ngx_if_true(ngx_t *x, const lint_node_t *n)
{
    lint_nginx_cond_t c;
    const char *lhs;
    lint_nginx_if_cond(&c, x->p, n);
    if (!c.lhs) {
        return 0;
    }
    if (c.file_test) {
        /* -f / -d / -e / -x: the file system; a file exists when the
         * static file's status (--backend-status) is 200 */
        int exists = x->req->backend_status == 200 && c.file_test != 'd';
        lint_sim_trace(x->res, x->p, n, "%s%s assumed %s (--backend-status)",
                       c.negated ? "!-" : "-",
                       apr_pstrmemdup(x->p, &c.file_test, 1),
                       exists ? "true" : "false");
        return c.negated ? !exists : exists;
    }
    lhs = ngx_expand(x, c.lhs);
    if (!c.op) {
        return *lhs && strcmp(lhs, "0");
    }
    if (!strcmp(c.op, "=") || !strcmp(c.op, "!=")) {
        int eq = !strcmp(lhs, ngx_expand(x, c.rhs));
        return c.op[0] == '!' ? !eq : eq;
    } else {
        int neg = c.op[0] == '!';
        int ci = c.op[strlen(c.op) - 1] == '*';
        apr_array_header_t *caps = lint_regex_captures(x->p, c.rhs, ci, lhs);
        if (caps && !neg) {
            x->caps = caps;
        }
        return neg ? caps == NULL : caps != NULL;
    }
}

/* ---- rewrite phase ------------------------------------------------------ */

static const lint_location_t *
if_level(const lint_location_t *l, const lint_node_t *n)
{
    int i;
    for (i = 0; l && l->ifs && i < l->ifs->nelts; i++) {
        const lint_location_t *il = APR_ARRAY_IDX(l->ifs, i, lint_location_t *);
        if (il->node == n) {
            return il;
        }
    }
    return NULL;
}

/* return CODE [TEXT|URL] / return URL (302) */
static int
ngx_return(ngx_t *x, const lint_node_t *c)
{
    const char *a = lint_arg(c, 0);
    int code;
    if (!a) {
        return RW_NEXT;
    }
    code = apr_isdigit(*a) ? atoi(a) : 302;
    x->status = code;
    x->res->handler = "configuration (return)";
    lint_sim_trace(x->res, x->p, c, "return %d", code);
    return RW_STOP;
}

/* rewrite REGEX REPLACEMENT [last|break|redirect|permanent] */
static int
ngx_rewrite(ngx_t *x, const lint_node_t *c)
{
    const char *re = lint_arg(c, 0), *rep = lint_arg(c, 1);
    const char *flag = lint_arg(c, 2);
    apr_array_header_t *caps;
    const char *to;
    if (!re || !rep) {
        return RW_NEXT;
    }
    caps = lint_regex_captures(x->p, re, 0, x->uri);
    if (!caps) {
        return RW_NEXT;
    }
    x->caps = caps;
    to = ngx_expand(x, rep);
    if (!strncmp(to, "http://", 7) || !strncmp(to, "https://", 8)
        || (flag
            && (!strcmp(flag, "redirect") || !strcmp(flag, "permanent")))) {
        x->status = flag && !strcmp(flag, "permanent") ? 301 : 302;
        x->res->handler = "configuration (rewrite redirect)";
        lint_sim_trace(x->res, x->p, c, "rewrite to %s: %d", to, x->status);
        return RW_STOP;
    }
    {
        size_t n = strlen(to);
        const char *q = strchr(to, '?');
        if (n && to[n - 1] == '?') {
            x->uri = apr_pstrmemdup(x->p, to, n - 1);
        } else if (q) {
            x->uri = apr_pstrmemdup(x->p, to, (apr_size_t)(q - to));
            x->args =
                q[1] ? (x->args ? apr_pstrcat(x->p, q + 1, "&", x->args, NULL)
                                : q + 1)
                     : x->args;
        } else {
            x->uri = to;
        }
    }
    lint_sim_trace(x->res, x->p, c, "rewrite to %s", x->uri);
    if (flag && !strcmp(flag, "last")) {
        return RW_LAST;
    }
    if (flag && !strcmp(flag, "break")) {
        return RW_BREAK;
    }
    return RW_NEXT;
}

/* The rewrite module's script of one block, in order.  loc: the location
 * whose `if` levels can be taken (NULL at the server level). */
static int
ngx_script(ngx_t *x, const lint_node_t *blk, const lint_location_t *loc)
{
    int i, rc;
    for (i = 0; blk->children && i < blk->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(blk->children, i, lint_node_t *);
        if (!strcmp(c->name, "set") && lint_nargs(c) >= 2
            && lint_arg(c, 0)[0] == '$') {
            apr_hash_set(x->vars, lint_arg(c, 0) + 1, APR_HASH_KEY_STRING,
                         ngx_expand(x, lint_arg(c, 1)));
        } else if (!strcmp(c->name, "if") && c->is_block) {
            if (!ngx_if_true(x, c)) {
                continue;
            }
            lint_sim_trace(x->res, x->p, c, "if %s taken",
                           apr_array_pstrcat(x->p, c->args, ' '));
            if (loc && if_level(loc, c)) {
                x->level = if_level(loc, c);
            }
            if ((rc = ngx_script(x, c, NULL)) != RW_NEXT) {
                return rc;
            }
        } else if (!strcmp(c->name, "return") && !c->is_block) {
            return ngx_return(x, c);
        } else if (!strcmp(c->name, "rewrite") && !c->is_block) {
            if ((rc = ngx_rewrite(x, c)) != RW_NEXT) {
                return rc;
            }
        } else if (!strcmp(c->name, "break") && !c->is_block) {
            return RW_BREAK;
        }
    }
    return RW_NEXT;
}

/* ---- access phase ------------------------------------------------------- */

/* allow/deny ADDRESS|CIDR|all|unix: against the client 127.0.0.1 */
static int
addr_matches(const char *a)
{
    const char *slash;
    unsigned long bits;
    unsigned int o[4];
    unsigned long ip, mask;
    if (!strcmp(a, "all")) {
        return 1;
    }
    if (sscanf(a, "%u.%u.%u.%u", &o[0], &o[1], &o[2], &o[3]) != 4) {
        return 0; /* IPv6 and unix: never 127.0.0.1 */
    }
    slash = strchr(a, '/');
    bits = slash ? strtoul(slash + 1, NULL, 10) : 32;
    ip = ((unsigned long)o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3];
    mask = bits == 0 ? 0 : (0xffffffffUL << (32 - bits)) & 0xffffffffUL;
    return (ip & mask) == (0x7f000001UL & mask);
}

/* The blocks a directive is looked up in, innermost first: blk (a
 * limit_except block), then l's location, its outer locations, the server
 * and the http level. */
static apr_array_header_t *
levels_out(ngx_t *x, const lint_node_t *blk, const lint_location_t *l)
{
    apr_array_header_t *out = apr_array_make(x->p, 4, sizeof(lint_node_t *));
    if (blk && (!l || blk != l->node)) {
        APR_ARRAY_PUSH(out, const lint_node_t *) = blk;
    }
    for (; l; l = l->parent) {
        APR_ARRAY_PUSH(out, const lint_node_t *) = l->node;
    }
    return out;
}

/* The first directive of one of names in the innermost level that has
 * any of them (a level inherits the outer list whole when it has none:
 * ngx_http_access_merge_loc_conf, auth_basic, satisfy) */
static apr_array_header_t *
level_directives(ngx_t *x, const apr_array_header_t *levels,
                 const char *const *names)
{
    apr_array_header_t *out = apr_array_make(x->p, 2, sizeof(lint_node_t *));
    int i, j, k;
    for (i = 0; i < levels->nelts && !out->nelts; i++) {
        const lint_node_t *n = APR_ARRAY_IDX(levels, i, const lint_node_t *);
        for (j = 0; n->children && j < n->children->nelts; j++) {
            const lint_node_t *c = APR_ARRAY_IDX(n->children, j, lint_node_t *);
            for (k = 0; names[k]; k++) {
                if (!c->is_block && !strcmp(c->name, names[k])
                    && lint_nargs(c) >= 1) {
                    APR_ARRAY_PUSH(out, const lint_node_t *) = c;
                }
            }
        }
    }
    return out;
}

/* satisfy all (default): the first refusal ends it -- the access module
 * runs before auth_basic and auth_request (ngx_http_init_phase_handlers
 * runs the phase's handlers in reverse registration order).  Returns 1
 * when the request is refused (x->status set). */
static int
ngx_access(ngx_t *x, const lint_node_t *blk, const lint_location_t *l)
{
    static const char *const access[] = { "allow", "deny", NULL };
    static const char *const auth[] = { "auth_basic", NULL };
    static const char *const satisfy[] = { "satisfy", NULL };
    apr_array_header_t *lv = levels_out(x, blk, l);
    apr_array_header_t *rules = level_directives(x, lv, access);
    apr_array_header_t *ab = level_directives(x, lv, auth);
    apr_array_header_t *sat = level_directives(x, lv, satisfy);
    const lint_node_t *rule = NULL, *authn = NULL;
    int i, allowed = 1, need_auth = 0, any;
    for (i = 0; i < rules->nelts; i++) {
        const lint_node_t *r = APR_ARRAY_IDX(rules, i, const lint_node_t *);
        if (addr_matches(lint_arg(r, 0))) {
            rule = r;
            allowed = !strcmp(r->name, "allow");
            break;
        }
    }
    if (ab->nelts) {
        authn = APR_ARRAY_IDX(ab, 0, const lint_node_t *);
        need_auth = strcmp(lint_arg(authn, 0), "off")
                    && !lint_sim_req_header(x->req, "Authorization");
    }
    any = sat->nelts
          && !strcmp(lint_arg(APR_ARRAY_IDX(sat, 0, const lint_node_t *), 0),
                     "any");
    if (any ? (!allowed && need_auth) : !allowed) {
        if (any) {
            x->status = 401;
            x->res->handler = "server (auth_basic)";
            lint_sim_trace(x->res, x->p, authn, "auth_basic: 401");
            return 1;
        }
        x->status = 403;
        x->res->handler = "server (allow/deny)";
        lint_sim_trace(x->res, x->p, rule, "%s %s: 403", rule->name,
                       lint_arg(rule, 0));
        return 1;
    }
    if (!any && need_auth) {
        x->status = 401;
        x->res->handler = "server (auth_basic)";
        lint_sim_trace(x->res, x->p, authn,
                       "auth_basic without credentials: 401");
        return 1;
    }
    return 0;
}

/* limit_except METHOD... { ... }: the other methods meet the block's
 * access rules (GET also allows HEAD) */
static const lint_node_t *
ngx_limit_except(ngx_t *x, const lint_location_t *l)
{
    int i, j;
    for (i = 0; l && l->node->children && i < l->node->children->nelts; i++) {
        const lint_node_t *c =
            APR_ARRAY_IDX(l->node->children, i, lint_node_t *);
        int listed = 0;
        if (strcmp(c->name, "limit_except") || !c->is_block) {
            continue;
        }
        for (j = 0; j < lint_nargs(c); j++) {
            const char *m = lint_arg(c, j);
            listed |= !strcasecmp(m, x->method)
                      || (!strcasecmp(m, "GET") && !strcmp(x->method, "HEAD"));
        }
        return listed ? NULL : c;
    }
    return NULL;
}

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

/* ---- content ------------------------------------------------------------ */

/* The directive of that name at the nearest level from l outwards
 * (levels that inherit it whole when they have none). */
static const lint_node_t *
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

static void ngx_request(ngx_t *x);

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
    if (x->req->backend_status == 200) {
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
            if (ngx_script(x, nl->node, nl) == RW_STOP) {
                return 1;
            }
            ngx_content_at(x, nl);
        }
        return 1;
    }
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
    if (ngx_try_files(x, l)) {
        return;
    }
    if (x->status || x->res->handler) {
        return; /* answered by a redirected request */
    }
    if (x->uri[strlen(x->uri) - 1] == '/' && x->req->backend_status == 200) {
        /* ngx_http_index_module: the directory's index file */
        const lint_node_t *ix = ngx_inherited(l, "index");
        const char *file = ix ? lint_arg(ix, 0) : "index.html";
        if (file && file[0] != '/') {
            ngx_internal_redirect(x, ix ? ix : l->node,
                                  apr_pstrcat(x->p, x->uri, file, NULL));
            return;
        }
    }
    x->res->handler = "static file";
    lint_sim_trace(x->res, x->p, NULL, "static file %s", x->uri);
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
                        if (ngx_script(x, nl->node, nl) != RW_STOP) {
                            ngx_content_at(x, nl);
                        }
                    }
                } else {
                    ngx_internal_redirect(x, c, target);
                }
                if (!x->status && code) {
                    x->status = code; /* the error's status stays */
                }
            }
            return;
        }
        if (found) {
            return; /* error_page lists are inherited whole */
        }
    }
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
            rc = ngx_script(x, l->node, l);
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

/* ---- response headers ---------------------------------------------------- */

/* proxy_cookie_path / proxy_cookie_domain FROM TO: the first rule whose
 * FROM matches (a prefix of the path; the domain without its leading
 * dot, case-insensitive; or a ~regex) rewrites the value */
static const char *
cookie_value_rewrite(ngx_t *x, const lint_node_t *rules_at, const char *name,
                     const char *value, int domain)
{
    int i;
    for (i = 0; rules_at && rules_at->children && i < rules_at->children->nelts;
         i++) {
        const lint_node_t *c =
            APR_ARRAY_IDX(rules_at->children, i, lint_node_t *);
        const char *from, *to;
        if (strcmp(c->name, name) || lint_nargs(c) < 2) {
            continue;
        }
        from = lint_arg(c, 0);
        to = lint_arg(c, 1);
        if (from[0] == '~') {
            int ci = from[1] == '*';
            apr_array_header_t *caps =
                lint_regex_captures(x->p, from + 1 + ci, ci, value);
            if (caps) {
                apr_array_header_t *saved = x->caps;
                const char *v;
                x->caps = caps;
                v = ngx_expand(x, to);
                x->caps = saved;
                return v;
            }
            continue;
        }
        from = ngx_expand(x, from);
        if (domain) {
            const char *f = from[0] == '.' ? from + 1 : from;
            const char *v = value[0] == '.' ? value + 1 : value;
            if (!strcasecmp(f, v)) {
                return ngx_expand(x, to);
            }
        } else if (!strncmp(value, from, strlen(from))) {
            return apr_pstrcat(x->p, ngx_expand(x, to), value + strlen(from),
                               NULL);
        }
    }
    return NULL;
}

/* The level (from l outwards) that holds directive name */
static const lint_node_t *
level_with(const lint_location_t *l, const char *name)
{
    const lint_node_t *d = ngx_inherited(l, name);
    if (!d || (lint_nargs(d) == 1 && !strcmp(lint_arg(d, 0), "off"))) {
        return NULL;
    }
    return d->parent;
}

typedef struct {
    const char *key;   /* NULL: removed */
    const char *value; /* NULL: no '=' */
} ck_attr_t;

/* ngx_http_proxy_rewrite_cookie: parse on ';', trim spaces; rewrite
 * Domain= and Path=; then the first proxy_cookie_flags entry whose cookie
 * (name, case-insensitive, or ~regex) matches; rebuilt with "; " only
 * when something changed. */
static const char *
ngx_cookie(ngx_t *x, const lint_location_t *l, const char *line)
{
    apr_array_header_t *attrs = apr_array_make(x->p, 4, sizeof(ck_attr_t));
    const char *s = line, *end = line + strlen(line);
    const lint_node_t *domains = level_with(l, "proxy_cookie_domain");
    const lint_node_t *paths = level_with(l, "proxy_cookie_path");
    const lint_node_t *flags = level_with(l, "proxy_cookie_flags");
    ck_attr_t *a;
    int i, changed = 0;
    for (;;) {
        const char *last = strchr(s, ';'), *eq, *ve;
        ck_attr_t *na = apr_array_push(attrs);
        if (!last) {
            last = end;
        }
        while (s < last && *s == ' ') {
            s++;
        }
        for (eq = s; eq < last && *eq != '='; eq++) {
        }
        ve = eq;
        while (ve > s && ve[-1] == ' ') {
            ve--;
        }
        na->key = apr_pstrmemdup(x->p, s, (apr_size_t)(ve - s));
        na->value = NULL;
        if (eq < last) {
            const char *v = eq + 1, *vend = last;
            while (v < last && *v == ' ') {
                v++;
            }
            while (vend > v && vend[-1] == ' ') {
                vend--;
            }
            na->value = apr_pstrmemdup(x->p, v, (apr_size_t)(vend - v));
        }
        if (last == end) {
            break;
        }
        s = last + 1;
    }
    a = (ck_attr_t *)attrs->elts;
    if (!a[0].value) {
        return line;
    }
    for (i = 1; i < attrs->nelts; i++) {
        const char *nv = NULL;
        if (domains && a[i].value && !strcasecmp(a[i].key, "domain")) {
            nv = cookie_value_rewrite(x, domains, "proxy_cookie_domain",
                                      a[i].value, 1);
        } else if (paths && a[i].value && !strcasecmp(a[i].key, "path")) {
            nv = cookie_value_rewrite(x, paths, "proxy_cookie_path", a[i].value,
                                      0);
        }
        if (nv) {
            a[i].value = nv;
            changed = 1;
        }
    }
    for (i = 0; flags && flags->children && i < flags->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(flags->children, i, lint_node_t *);
        const char *ck;
        int j, k, hit;
        int sec = 0, nosec = 0, ho = 0, noho = 0, nosame = 0;
        const char *same = NULL;
        if (strcmp(c->name, "proxy_cookie_flags") || lint_nargs(c) < 2) {
            continue;
        }
        ck = lint_arg(c, 0);
        hit = ck[0] == '~' ? lint_regex_matches(x->p, ck + 1 + (ck[1] == '*'),
                                                ck[1] == '*', a[0].key)
                                 == 1
                           : !strcasecmp(ngx_expand(x, ck), a[0].key);
        if (!hit) {
            continue;
        }
        for (j = 1; j < lint_nargs(c); j++) {
            const char *f = ngx_expand(x, lint_arg(c, j));
            if (!strcasecmp(f, "secure")) {
                sec = 1;
            } else if (!strcasecmp(f, "nosecure")) {
                nosec = 1;
            } else if (!strcasecmp(f, "httponly")) {
                ho = 1;
            } else if (!strcasecmp(f, "nohttponly")) {
                noho = 1;
            } else if (!strcasecmp(f, "samesite=strict")) {
                same = "Strict";
            } else if (!strcasecmp(f, "samesite=lax")) {
                same = "Lax";
            } else if (!strcasecmp(f, "samesite=none")) {
                same = "None";
            } else if (!strcasecmp(f, "nosamesite")) {
                nosame = 1;
            }
        }
        if (!(sec || nosec || ho || noho || same || nosame)) {
            break;
        }
        changed = 1;
        for (k = 1; k < attrs->nelts; k++) {
            a = (ck_attr_t *)attrs->elts;
            if (!a[k].key) {
                continue;
            }
            if (!strcasecmp(a[k].key, "secure")) {
                if (sec) {
                    sec = 0;
                } else if (nosec) {
                    a[k].key = NULL;
                }
            } else if (!strcasecmp(a[k].key, "httponly")) {
                if (ho) {
                    ho = 0;
                } else if (noho) {
                    a[k].key = NULL;
                }
            } else if (!strcasecmp(a[k].key, "samesite")) {
                if (same) {
                    if (!a[k].value || strcasecmp(a[k].value, same)) {
                        a[k].key = "SameSite";
                        a[k].value = same;
                    }
                    same = NULL;
                } else if (nosame) {
                    a[k].key = NULL;
                }
            }
        }
        if (sec) {
            a = apr_array_push(attrs);
            a->key = "Secure";
            a->value = NULL;
        }
        if (ho) {
            a = apr_array_push(attrs);
            a->key = "HttpOnly";
            a->value = NULL;
        }
        if (same) {
            a = apr_array_push(attrs);
            a->key = "SameSite";
            a->value = same;
        }
        break;
    }
    if (!changed) {
        return line;
    }
    {
        apr_array_header_t *out = apr_array_make(x->p, 8, sizeof(char *));
        a = (ck_attr_t *)attrs->elts;
        for (i = 0; i < attrs->nelts; i++) {
            if (!a[i].key) {
                continue;
            }
            if (i > 0) {
                APR_ARRAY_PUSH(out, const char *) = "; ";
            }
            APR_ARRAY_PUSH(out, const char *) = a[i].key;
            if (a[i].value) {
                APR_ARRAY_PUSH(out, const char *) = "=";
                APR_ARRAY_PUSH(out, const char *) = a[i].value;
            }
        }
        return apr_array_pstrcat(x->p, out, 0);
    }
}

/* The backend's headers as nginx passes them on: *_hide_header of the
 * module (the location's list, lint_location_t.hidden) removes them;
 * the proxy module rewrites Set-Cookie. */
static void
ngx_upstream_headers(ngx_t *x, const lint_location_t *l,
                     const lint_node_t *pass)
{
    const char *mod = lint_nginx_upstream(pass->name, "_pass");
    int i, j;
    for (i = 0; i < x->req->backend_headers->nelts; i++) {
        const lint_sim_header_t *h =
            &APR_ARRAY_IDX(x->req->backend_headers, i, lint_sim_header_t);
        const char *v = h->value;
        int hidden = 0;
        for (j = 0; mod && j < l->hidden->nelts; j++) {
            const char *e = APR_ARRAY_IDX(l->hidden, j, const char *);
            size_t ml = strlen(mod);
            if (!strncmp(e, mod, ml) && e[ml] == ':'
                && !strcasecmp(e + ml + 1, h->name)) {
                hidden = 1;
            }
        }
        if (hidden) {
            continue;
        }
        if (mod && !strcmp(mod, "proxy")
            && !strcasecmp(h->name, "Set-Cookie")) {
            v = ngx_cookie(x, l, v);
        }
        lint_sim_emit(x->res, x->p, h->name, v);
    }
}

/* add_header of the configuration in force (ngx_http_headers_filter) */
static void
ngx_add_headers(ngx_t *x, int status)
{
    const lint_location_t *lv = x->level ? x->level : x->s->server_loc;
    apr_array_header_t *hs = lint_level_headers(x->p, lv);
    int ok = lint_nginx_success_status(status), i;
    for (i = 0; i < hs->nelts; i++) {
        const lint_header_t *h = APR_ARRAY_IDX(hs, i, lint_header_t *);
        const char *v;
        if (strcmp(h->action, "add") || (!h->always && !ok)) {
            continue;
        }
        v = ngx_expand(x, h->value);
        if (*v) {
            lint_sim_emit(x->res, x->p, lint_arg(h->node, 0), v);
        }
    }
}

static void
ngx_maps(ngx_t *x, const lint_node_t *n)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (!strcmp(c->name, "map") && c->is_block && lint_nargs(c) >= 2
            && lint_arg(c, 1)[0] == '$') {
            apr_hash_set(x->maps, lint_arg(c, 1) + 1, APR_HASH_KEY_STRING, c);
        } else if (!strcmp(c->name, "http") && c->is_block) {
            ngx_maps(x, c);
        }
    }
}

void
lint_sim_nginx(lint_sim_response_t *out, apr_pool_t *p, const lint_model_t *m,
               const lint_sim_request_t *req)
{
    ngx_t x;
    int status;
    memset(&x, 0, sizeof(x));
    x.p = p;
    x.m = m;
    x.req = req;
    x.res = out;
    x.vars = apr_hash_make(p);
    x.maps = apr_hash_make(p);
    x.uri = req->path;
    x.args = req->args;
    x.method = req->method;
    ngx_maps(&x, m->config->root);
    x.s = ngx_select_server(&x);
    if (!x.s) {
        out->error = apr_psprintf(p, "no server listens on port %d", req->port);
        return;
    }
    out->server = x.s;
    lint_sim_trace(out, p, x.s->node, "server (port %d, Host %s)", req->port,
                   lint_sim_req_header(req, "Host"));
    ngx_request(&x);
    ngx_error_page(&x);
    if (x.status == 444) {
        out->status = 444;
        out->final_status = 444;
        out->handler = "configuration (return 444 closes the connection)";
        return;
    }
    status = x.status ? x.status : req->backend_status;
    out->status = x.status;
    out->final_status = status;
    if (!x.status && x.res->handler && !strcmp(x.res->handler, "backend")) {
        const lint_location_t *l = x.loc ? x.loc : x.s->server_loc;
        const lint_location_t *lv = x.level ? x.level : l;
        ngx_upstream_headers(&x, l, lv->proxy ? lv->proxy : l->proxy);
    }
    ngx_add_headers(&x, status);
}
