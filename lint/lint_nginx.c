/* lint_nginx.c -- nginx's side of the model: the levels are http,
 * server, location (nested locations) and `if` in a location, which
 * ngx_http_rewrite_if makes a level of its own.  add_header at a level
 * replaces every add_header of the outer levels, unless
 * `add_header_inherit merge` (1.29.3, itself inherited);
 * proxy_hide_header, fastcgi_hide_header, ... likewise, per upstream
 * module (a level without one of that module inherits the outer list).
 * A location's headers also list its `if` levels' own headers
 * (conditional); lint_location_t.ifs has each `if` level.  Locations are
 * kept in nginx's matching order (lint_nginx_find_location).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "lint_model_build.h"

/* nginx: map $http_origin $var { ... } */
static void
nginx_map(builder_t *b, const lint_node_t *n, apr_array_header_t *checks)
{
    int i;
    const char *src = lint_arg(n, 0), *var = lint_arg(n, 1);
    if (!src || !var || !lint_mentions_origin(src) || !n->children) {
        return;
    }
    apr_hash_set(b->origin_vars, var, APR_HASH_KEY_STRING, "1");
    for (i = 0; i < n->children->nelts; i++) {
        const lint_node_t *e = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        lint_origin_check_t *c;
        if (!strcmp(e->name, "default") || !strcmp(e->name, "hostnames")
            || !strcmp(e->name, "volatile") || !strcmp(e->name, "include")) {
            continue;
        }
        if (e->name[0] == '~') {
            int ci = e->name[1] == '*';
            c = lint_check_new(b, e, "nginx-map", e->name + (ci ? 2 : 1), ci,
                               var);
        } else {
            c = lint_check_new(b, e, "nginx-map", NULL, 0, var);
            APR_ARRAY_PUSH(c->literals, const char *) =
                e->name[0] == '\\' ? e->name + 1 : e->name;
        }
        APR_ARRAY_PUSH(checks, lint_origin_check_t *) = c;
    }
}

void
lint_nginx_if_cond(lint_nginx_cond_t *c, apr_pool_t *p, const lint_node_t *n)
{
    apr_array_header_t *t = apr_array_make(p, 4, sizeof(const char *));
    int i, nt;
    memset(c, 0, sizeof(*c));
    for (i = 0; i < lint_nargs(n); i++) {
        const char *a = lint_arg(n, i);
        const char *raw = n->raw_args && i < n->raw_args->nelts
                              ? APR_ARRAY_IDX(n->raw_args, i, const char *)
                              : a;
        int quoted = raw && (raw[0] == '"' || raw[0] == '\'');
        if (i == 0 && !quoted && a[0] == '(') {
            a++;
        }
        if (i == lint_nargs(n) - 1 && !quoted && *a
            && a[strlen(a) - 1] == ')') {
            a = apr_pstrmemdup(p, a, strlen(a) - 1);
        }
        if (*a || quoted) {
            APR_ARRAY_PUSH(t, const char *) = a;
        }
    }
    nt = t->nelts;
    if (!nt) {
        return;
    }
#define T(i) APR_ARRAY_IDX(t, i, const char *)
    if (nt == 2 && (T(0)[0] == '-' || (T(0)[0] == '!' && T(0)[1] == '-'))) {
        c->negated = T(0)[0] == '!';
        c->file_test = T(0)[c->negated + 1];
        c->lhs = T(1);
        return;
    }
    c->lhs = T(0);
    if (nt >= 3) {
        c->op = T(1);
        c->rhs = T(2);
        for (i = 3; i < nt; i++) {
            c->rhs = apr_pstrcat(p, c->rhs, " ", T(i), NULL);
        }
    }
#undef T
}

int
lint_nginx_cond_compare(const lint_nginx_cond_t *c, const char *lhs,
                        const char *rhs)
{
    if (!c->op) {
        return *lhs && strcmp(lhs, "0");
    }
    return (c->op[0] == '!') != !strcmp(lhs, rhs ? rhs : "");
}

/* A directive of a location's rewrite sequence that writes the variable v:
 * 0 not about v, 1 a `set v CONSTANT` (*val), -1 anything else (a set with
 * a variable, another module's directive naming v). */
static int
nginx_sets_constant(const lint_node_t *d, const char *v, const char **val)
{
    if (lint_nargs(d) < 1 || strcmp(lint_arg(d, 0), v)) {
        return 0;
    }
    if (strcmp(d->name, "set") || lint_nargs(d) != 2
        || strchr(lint_arg(d, 1), '$')) {
        return -1;
    }
    *val = lint_arg(d, 1);
    return 1;
}

/* nginx: if ($http_origin ~* "re") / if ($http_origin = "lit") */
static void
nginx_if(builder_t *b, const lint_node_t *n, apr_array_header_t *checks)
{
    lint_nginx_cond_t cond;
    lint_origin_check_t *c;
    const char *op;
    lint_nginx_if_cond(&cond, b->p, n);
    op = cond.op;
    if (!cond.lhs || !op || cond.file_test || !lint_mentions_origin(cond.lhs)) {
        return;
    }
    if (op[0] == '~' || (op[0] == '!' && op[1] == '~')) {
        c = lint_check_new(b, n, "nginx-if", cond.rhs,
                           op[strlen(op) - 1] == '*', NULL);
    } else {
        c = lint_check_new(b, n, "nginx-if", NULL, 0, NULL);
        APR_ARRAY_PUSH(c->literals, const char *) = cond.rhs;
    }
    c->negated = op[0] == '!';
    if (!c->negated) {
        /* if ($http_origin ~ RE) { set $cors 1; }: $cors says it passed */
        int i;
        for (i = 0; n->children && i < n->children->nelts; i++) {
            const lint_node_t *d = APR_ARRAY_IDX(n->children, i, lint_node_t *);
            if (!strcmp(d->name, "set") && lint_nargs(d) >= 1
                && lint_arg(d, 0)[0] == '$') {
                c->sets = lint_arg(d, 0);
                apr_hash_set(b->origin_vars, c->sets, APR_HASH_KEY_STRING, "1");
            }
        }
    }
    APR_ARRAY_PUSH(checks, lint_origin_check_t *) = c;
}

/* nginx `return CODE` refusing the request (4xx, 5xx; 444 closes). */
static const lint_node_t *
nginx_return_refuses(const lint_node_t *blk)
{
    int i;
    for (i = 0; blk->children && i < blk->children->nelts; i++) {
        const lint_node_t *r = APR_ARRAY_IDX(blk->children, i, lint_node_t *);
        if (!strcmp(r->name, "return") && lint_nargs(r) >= 1
            && atoi(lint_arg(r, 0)) >= 400) {
            return r;
        }
    }
    return NULL;
}

/* nginx: the if blocks of one level (server or location) that refuse a
 * request whose Origin fails an allowlist: `if ($http_origin !~ RE)` /
 * `!= "lit"`, or an if on a variable of an origin map (`if ($ws_ok = 0)`),
 * with `return 4xx`.  A positive test that returns 4xx is a deny list:
 * it refuses one origin and lets every other one in. */
static void
nginx_origin_reject(builder_t *b, lint_location_t *l, const lint_node_t *n)
{
    int i, j;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        const lint_node_t *ret;
        const char *cond;
        if (strcmp(c->name, "if") || !c->is_block
            || !(ret = nginx_return_refuses(c))) {
            continue;
        }
        cond = apr_array_pstrcat(b->p, c->args, ' ');
        for (j = 0; j < l->origin_checks->nelts; j++) {
            lint_origin_check_t *k =
                APR_ARRAY_IDX(l->origin_checks, j, lint_origin_check_t *);
            if (k->node == c) {
                k->reject = ret;
                if (k->negated && !l->origin_reject) {
                    l->origin_reject = ret;
                }
            }
        }
        if (!lint_mentions_origin(cond) && lint_uses_var(cond, b->origin_vars)
            && !l->origin_reject) {
            l->origin_reject = ret;
        }
    }
}

/* nginx add_header NAME VALUE [always]; more_set_headers "N: v" */
static lint_header_t *
nginx_header(builder_t *b, const lint_node_t *n, const char *cond)
{
    if (!strcmp(n->name, "add_header") && lint_nargs(n) >= 2) {
        const char *last = lint_arg(n, lint_nargs(n) - 1);
        return lint_header_new(b, n, lint_arg(n, 0), "add", lint_arg(n, 1),
                               lint_nargs(n) >= 3 && !strcmp(last, "always"),
                               cond);
    }
    if (!strcmp(n->name, "more_set_headers") && lint_nargs(n) >= 1) {
        const char *a = lint_arg(n, lint_nargs(n) - 1);
        const char *colon = strchr(a, ':');
        if (colon) {
            const char *v = colon + 1;
            while (*v == ' ')
                v++;
            return lint_header_new(
                b, n, apr_pstrmemdup(b->p, a, (apr_size_t)(colon - a)),
                "more_set", v, 1, cond);
        }
    }
    return NULL;
}

/* ---- nginx ---------------------------------------------------------------------- */

/* add_header_inherit (nginx 1.29.3): how a level combines its add_header
 * directives with the outer level's.  The setting is itself inherited
 * ("add_header_inherit merge;" at http applies to every level below). */
enum {
    NGX_INHERIT_ON = 0, /* the outer ones only if the level has none */
    NGX_INHERIT_MERGE,  /* the outer ones, then the level's */
    NGX_INHERIT_OFF     /* the level's only */
};

static int
nginx_inherit_mode(const lint_node_t *n, int outer)
{
    int i, mode = outer;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        const char *a = lint_arg(c, 0);
        if (!c->is_block && !strcmp(c->name, "add_header_inherit") && a) {
            mode = !strcmp(a, "merge") ? NGX_INHERIT_MERGE
                   : !strcmp(a, "off") ? NGX_INHERIT_OFF
                                       : NGX_INHERIT_ON;
        }
    }
    return mode;
}

int
lint_nginx_success_status(int status)
{
    switch (status) {
    case 200:
    case 201:
    case 204:
    case 206:
    case 301:
    case 302:
    case 303:
    case 304:
    case 307:
    case 308:
        return 1;
    default:
        return 0;
    }
}

/* ngx_http_core_find_location() for the locations directly inside level
 * (the server scope or a location): an exact `=` match ends the search;
 * otherwise the longest matching prefix is remembered and its nested
 * locations searched; `^~` on it skips the regexes; else the regexes of
 * this level are tried in config order and the first match wins (then its
 * nested ones); else the longest prefix stays.  Returns 1 when the search
 * is over (exact or regex match below), 0 when *cur is (at most) a
 * prefix match. */
static int
nginx_find(apr_pool_t *p, const lint_server_t *s, const lint_location_t *level,
           const char *uri, const lint_location_t **cur)
{
    const lint_location_t *best = NULL;
    size_t bestlen = 0;
    int i;
    for (i = 0; i < s->locations->nelts; i++) {
        const lint_location_t *l =
            APR_ARRAY_IDX(s->locations, i, lint_location_t *);
        size_t n = strlen(l->path);
        if (l->parent != level || l->path[0] == '@') {
            continue;
        }
        if (l->kind == LINT_LOC_EXACT && !strcmp(l->path, uri)) {
            *cur = l;
            return 1;
        }
        if ((l->kind == LINT_LOC_PREFIX || l->kind == LINT_LOC_PREFIX_NOREGEX)
            && !strncmp(l->path, uri, n) && (!best || n > bestlen)) {
            best = l;
            bestlen = n;
        }
    }
    if (best) {
        *cur = best;
        if (nginx_find(p, s, best, uri, cur)) {
            return 1;
        }
        if (best->kind == LINT_LOC_PREFIX_NOREGEX) {
            return 0;
        }
    }
    for (i = 0; i < s->locations->nelts; i++) {
        const lint_location_t *l =
            APR_ARRAY_IDX(s->locations, i, lint_location_t *);
        if (l->parent == level
            && (l->kind == LINT_LOC_REGEX || l->kind == LINT_LOC_REGEX_CASELESS)
            && lint_regex_matches(p, l->path,
                                  l->kind == LINT_LOC_REGEX_CASELESS, uri)
                   == 1) {
            *cur = l;
            nginx_find(p, s, l, uri, cur);
            return 1;
        }
    }
    return 0;
}

const lint_location_t *
lint_nginx_find_location(apr_pool_t *p, const lint_server_t *s, const char *uri)
{
    const lint_location_t *cur = NULL;
    nginx_find(p, s, s->server_loc, uri, &cur);
    return cur;
}

/* The status of a `return` directly in block n: `return 204;`,
 * `return 301 URL;`, `return URL;` (302); 0 when there is none or it is a
 * variable.  return runs in the rewrite phase, before access and auth. */
static int
nginx_return(const lint_node_t *n)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        const char *a = lint_arg(c, 0);
        if (c->is_block || strcmp(c->name, "return") || !a) {
            continue;
        }
        if (apr_isdigit(*a)) {
            return atoi(a);
        }
        if (!strncmp(a, "http://", 7) || !strncmp(a, "https://", 8)) {
            return 302;
        }
        return 0;
    }
    return 0;
}

/* `break` or `rewrite` in an if: the location's `return` may not run */
static int
nginx_if_continues(const lint_node_t *n)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (!strcmp(c->name, "break") || !strcmp(c->name, "rewrite")) {
            return 0;
        }
    }
    return 1;
}

apr_array_header_t *
lint_level_headers(apr_pool_t *p, const lint_location_t *l)
{
    apr_array_header_t *out;
    int i;
    if (!l || l->kind == LINT_LOC_IF || !l->ifs || !l->ifs->nelts) {
        return l ? l->headers : apr_array_make(p, 1, sizeof(lint_header_t *));
    }
    out = apr_array_make(p, l->headers->nelts, sizeof(lint_header_t *));
    for (i = 0; i < l->headers->nelts; i++) {
        lint_header_t *h = APR_ARRAY_IDX(l->headers, i, lint_header_t *);
        if (!h->condition) {
            APR_ARRAY_PUSH(out, lint_header_t *) = h;
        }
    }
    return out;
}

/* Each upstream module talks to a backend whose response headers nginx
 * passes on, filtered by that module's own *_hide_header list. */
const char *
lint_nginx_upstream(const char *name, const char *suffix)
{
    static const char *const mods[] = { "proxy", "fastcgi", "uwsgi", "scgi",
                                        "grpc" };
    size_t i, ml, sl = strlen(suffix);
    for (i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
        ml = strlen(mods[i]);
        if (!strncmp(name, mods[i], ml) && !strncmp(name + ml, suffix, sl)
            && name[ml + sl] == '\0') {
            return mods[i];
        }
    }
    return NULL;
}

/* nginx: a directive that makes the level authenticate: auth_basic /
 * auth_request other than `off`, auth_jwt */
static int
nginx_auth_on(const lint_node_t *c)
{
    if (!strcmp(c->name, "auth_basic") || !strcmp(c->name, "auth_request")) {
        return !(lint_nargs(c) >= 1 && !strcmp(lint_arg(c, 0), "off"));
    }
    return !strcmp(c->name, "auth_jwt");
}

/* Directives of one nginx level (http, server, location or if) other than
 * headers. */
static void
nginx_level(builder_t *b, lint_location_t *l, const lint_node_t *n)
{
    int i;
    apr_array_header_t *hidden = apr_array_make(b->p, 1, sizeof(const char *));
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (lint_nginx_upstream(c->name, "_pass")) {
            l->proxy = c;
            l->proxy_url = lint_arg(c, 0);
            l->proxy_http = !strcmp(c->name, "proxy_pass");
            if (!strcmp(c->name, "fastcgi_pass")
                || !strcmp(c->name, "scgi_pass")) {
                l->cgi = c;
            }
        } else if (!strcmp(c->name, "proxy_set_header") && lint_nargs(c) >= 2
                   && (!strcasecmp(lint_arg(c, 0), "Upgrade")
                       || (!strcasecmp(lint_arg(c, 0), "Connection")
                           && strcasestr(lint_arg(c, 1), "upgrade")))) {
            if (!l->websocket || l->websocket->parent != n) {
                l->websocket = c;
            }
        } else if (nginx_auth_on(c)) {
            l->auth = c;
        } else if (!strcmp(c->name, "auth_basic")
                   || !strcmp(c->name, "auth_request")) {
            /* `off`: switches off the inherited one of that module */
            if (l->auth && !strcmp(l->auth->name, c->name)) {
                l->auth = NULL;
            }
        } else if (!strcmp(c->name, "try_files") && lint_nargs(c) >= 2) {
            const char *last = lint_arg(c, lint_nargs(c) - 1);
            if (strstr(last, "index.html") || strstr(last, "index.php")) {
                l->spa_fallback = c;
            }
        } else if (lint_nargs(c) >= 1
                   && lint_nginx_upstream(c->name, "_hide_header")) {
            /* "fastcgi:access-control-allow-origin": each upstream module
             * has its own list */
            APR_ARRAY_PUSH(hidden, const char *) =
                apr_pstrcat(b->p, lint_nginx_upstream(c->name, "_hide_header"),
                            ":", lint_lower(b->p, lint_arg(c, 0)), NULL);
        } else if (!strcmp(c->name, "limit_except") && c->is_block) {
            int j, post = 0, options = 0;
            for (j = 0; j < lint_nargs(c); j++) {
                const char *m = lint_arg(c, j);
                if (strcmp(m, "GET") && strcmp(m, "HEAD")
                    && strcmp(m, "OPTIONS")) {
                    post = 1;
                }
                options |= !strcmp(m, "OPTIONS");
            }
            l->accepts_unsafe = post;
            /* the other methods, OPTIONS among them, meet what the block
             * holds: deny -> 403, auth_basic / auth_request -> 401 */
            for (j = 0; !options && c->children && j < c->children->nelts;
                 j++) {
                const lint_node_t *d =
                    APR_ARRAY_IDX(c->children, j, lint_node_t *);
                if (!strcmp(d->name, "deny") || nginx_auth_on(d)) {
                    l->options_denied = c;
                }
            }
        } else if (!strcmp(c->name, "if") && c->is_block) {
            const char *expr = apr_array_pstrcat(b->p, c->args, ' ');
            if (strstr(expr, "$request_method") && strstr(expr, "OPTIONS")) {
                int j;
                for (j = 0; c->children && j < c->children->nelts; j++) {
                    const lint_node_t *r =
                        APR_ARRAY_IDX(c->children, j, lint_node_t *);
                    if (!strcmp(r->name, "return")) {
                        l->options_handled = c;
                    }
                }
            }
            nginx_if(b, c, l->origin_checks);
        }
    }
    /* proxy_hide_header, fastcgi_hide_header, ...: per module, a level
     * without one inherits the outer list (ngx_conf_merge_ptr_value of
     * hide_headers in each module's merge_loc_conf) */
    l->hidden = hidden;
    for (i = 0; l->parent && i < l->parent->hidden->nelts; i++) {
        const char *h = APR_ARRAY_IDX(l->parent->hidden, i, const char *);
        const char *colon = strchr(h, ':');
        int j, own = 0;
        for (j = 0; colon && j < hidden->nelts && !own; j++) {
            own = !strncmp(APR_ARRAY_IDX(hidden, j, const char *), h,
                           (size_t)(colon - h) + 1);
        }
        if (!own) {
            APR_ARRAY_PUSH(l->hidden, const char *) = h;
        }
    }
}

/* The headers of one nginx level: its own add_header directives combined
 * with the outer level's per add_header_inherit (on: the outer ones only
 * when the level has none), and more_set_headers, which headers-more
 * always merges (outer first).  cond marks the own headers of an `if`
 * level.  `if` blocks inside n are levels of their own: not here. */
static apr_array_header_t *
nginx_level_headers(builder_t *b, const lint_node_t *n,
                    const apr_array_header_t *outer, int mode, const char *cond)
{
    apr_array_header_t *own_add =
        apr_array_make(b->p, 4, sizeof(lint_header_t *));
    apr_array_header_t *own_more =
        apr_array_make(b->p, 1, sizeof(lint_header_t *));
    apr_array_header_t *out = apr_array_make(b->p, 4, sizeof(lint_header_t *));
    int i, pass;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        lint_header_t *h = c->is_block ? NULL : nginx_header(b, c, cond);
        if (h) {
            APR_ARRAY_PUSH(!strcmp(h->action, "add") ? own_add : own_more,
                           lint_header_t *) = h;
        }
    }
    for (pass = 0; pass < 2; pass++) {
        int more = pass == 1;
        int take_outer = more || mode == NGX_INHERIT_MERGE
                         || (mode == NGX_INHERIT_ON && !own_add->nelts);
        for (i = 0; take_outer && outer && i < outer->nelts; i++) {
            lint_header_t *h = APR_ARRAY_IDX(outer, i, lint_header_t *);
            if ((strcmp(h->action, "add") != 0) == more) {
                APR_ARRAY_PUSH(out, lint_header_t *) = h;
            }
        }
        apr_array_cat(out, more ? own_more : own_add);
    }
    return out;
}

/* nginx: the `if` ifn in location node loc can never be taken, known from
 * the rewrite directives before it alone (issue 10 C6: `set $dbg "";` then
 * `if ($dbg = "true") {...}`, a debug switch left off).  ngx_http_rewrite
 * runs a location's set / if in config order, so at ifn the variable holds
 * the value of the last unconditional `set` before it, or of a `set` in an
 * `if` between the two.  Only constant values count; any other way the
 * variable could be written there (a `set` with a variable, a named
 * capture, another module's directive naming it) leaves the `if` live. */
static int
nginx_if_dead(apr_pool_t *p, const lint_node_t *loc, const lint_node_t *ifn)
{
    lint_nginx_cond_t c;
    apr_array_header_t *vals = NULL;
    const char *v, *x, *caps[3];
    int i, j, k;
    lint_nginx_if_cond(&c, p, ifn);
    if (!c.lhs || c.file_test || c.lhs[0] != '$' || !c.lhs[1]
        || strpbrk(c.lhs + 1, "${}") || apr_isdigit(c.lhs[1])
        || (c.op && strcmp(c.op, "=") && strcmp(c.op, "!="))
        || (c.rhs && strchr(c.rhs, '$'))) {
        return 0;
    }
    v = c.lhs;
    caps[0] = apr_pstrcat(p, "(?<", v + 1, ">", NULL);
    caps[1] = apr_pstrcat(p, "(?P<", v + 1, ">", NULL);
    caps[2] = apr_pstrcat(p, "(?'", v + 1, "'", NULL);
    for (i = 0; loc->children && i < loc->children->nelts; i++) {
        const lint_node_t *d = APR_ARRAY_IDX(loc->children, i, lint_node_t *);
        if (d == ifn) {
            break;
        }
        if (!strcmp(d->name, "if") && d->is_block) {
            for (k = 0; k < lint_nargs(d); k++) {
                for (j = 0; j < 3; j++) {
                    if (strstr(lint_arg(d, k), caps[j])) {
                        return 0;
                    }
                }
            }
            for (j = 0; d->children && j < d->children->nelts; j++) {
                int r = nginx_sets_constant(
                    APR_ARRAY_IDX(d->children, j, lint_node_t *), v, &x);
                if (r < 0 || (r > 0 && !vals)) {
                    return 0; /* unknown, or no value known before it */
                }
                if (r > 0) {
                    APR_ARRAY_PUSH(vals, const char *) = x;
                }
            }
        } else {
            int r = nginx_sets_constant(d, v, &x);
            if (r < 0) {
                return 0;
            }
            if (r > 0) {
                vals = apr_array_make(p, 2, sizeof(const char *));
                APR_ARRAY_PUSH(vals, const char *) = x;
            }
        }
    }
    if (!vals) {
        return 0;
    }
    for (i = 0; i < vals->nelts; i++) {
        if (lint_nginx_cond_compare(&c, APR_ARRAY_IDX(vals, i, const char *),
                                    c.rhs)) {
            return 0;
        }
    }
    return 1;
}

static void
nginx_location(builder_t *b, lint_server_t *s, const lint_node_t *n,
               lint_location_t *parent, int mode)
{
    const char *a0 = lint_arg(n, 0), *a1 = lint_arg(n, 1);
    lint_loc_kind_t kind = LINT_LOC_PREFIX;
    const char *path = a0;
    lint_location_t *l;
    apr_array_header_t *level;
    int i;

    if (a0 && a1) {
        path = a1;
        if (!strcmp(a0, "="))
            kind = LINT_LOC_EXACT;
        else if (!strcmp(a0, "~"))
            kind = LINT_LOC_REGEX;
        else if (!strcmp(a0, "~*"))
            kind = LINT_LOC_REGEX_CASELESS;
        else if (!strcmp(a0, "^~"))
            kind = LINT_LOC_PREFIX_NOREGEX;
    }
    l = lint_loc_new(b->p, n, kind, path, parent);
    l->proxy = NULL;
    l->proxy_url = NULL;
    l->proxy_http = 0;
    l->cgi = NULL;
    l->spa_fallback = NULL; /* not inherited in nginx */
    /* rewrite-module if/return of an outer location is not inherited;
     * the server level's runs first for every request */
    l->origin_reject = NULL;
    nginx_level(b, l, n);
    nginx_origin_reject(b, l, n);
    if (!l->origin_reject) {
        l->origin_reject = s->server_loc->origin_reject;
    }
    mode = nginx_inherit_mode(n, mode);
    level =
        nginx_level_headers(b, n, lint_level_headers(b->p, parent), mode, NULL);
    /* a copy only when an `if` level adds its own (below): level is the
     * outer list of those `if` levels */
    l->headers = level;
    l->ret = nginx_return(n);
    if (l->ret) {
        /* return ends the request in the rewrite phase: no content
         * handler runs */
        l->proxy = NULL;
        l->proxy_url = NULL;
        l->proxy_http = 0;
        l->cgi = NULL;
    }
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        lint_location_t *il;
        int j;
        if (strcmp(c->name, "if") || !c->is_block
            || nginx_if_dead(b->p, n, c)) {
            continue;
        }
        /* nginx makes `if` in a location a configuration level of its
         * own (ngx_http_rewrite_if): add_header there replaces the
         * location's for the requests that take it */
        il = lint_loc_new(b->p, c, LINT_LOC_IF, l->path, l);
        nginx_level(b, il, c);
        il->headers =
            nginx_level_headers(b, c, level, nginx_inherit_mode(c, mode),
                                apr_array_pstrcat(b->p, c->args, ' '));
        il->ret = nginx_return(c);
        if (!il->ret && nginx_if_continues(c)) {
            il->ret = l->ret;
        }
        if (il->ret) {
            il->proxy = NULL;
            il->proxy_url = NULL;
            il->proxy_http = 0;
            il->cgi = NULL;
        }
        APR_ARRAY_PUSH(l->ifs, lint_location_t *) = il;
        for (j = 0; j < il->headers->nelts; j++) {
            lint_header_t *h = APR_ARRAY_IDX(il->headers, j, lint_header_t *);
            if (h->condition) {
                if (l->headers == level) {
                    l->headers = apr_array_copy(b->p, level);
                }
                APR_ARRAY_PUSH(l->headers, lint_header_t *) = h;
            }
        }
    }
    APR_ARRAY_PUSH(s->locations, lint_location_t *) = l;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (!strcmp(c->name, "location") && c->is_block) {
            nginx_location(b, s, c, l, mode);
        }
    }
}

static void
nginx_server(builder_t *b, const lint_node_t *n, lint_location_t *http,
             int mode)
{
    lint_server_t *s = lint_server_new(b, n);
    apr_array_header_t *names = apr_array_make(b->p, 2, sizeof(const char *));
    int i, j, https = 0, port = 0, any_plain = 0;

    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (!strcmp(c->name, "listen") && lint_nargs(c) >= 1) {
            int p = 0, ssl = 0;
            for (j = 1; j < lint_nargs(c); j++) {
                if (!strcmp(lint_arg(c, j), "ssl")
                    || !strcmp(lint_arg(c, j), "quic")) {
                    ssl = 1;
                }
            }
            if (lint_listen_port(lint_arg(c, 0), &p)) {
                if (ssl) {
                    https = 1;
                    if (!port || port == 80)
                        port = p;
                } else {
                    any_plain = 1;
                    if (!port)
                        port = p;
                }
            }
        } else if (!strcmp(c->name, "ssl") && lint_nargs(c) >= 1
                   && !strcmp(lint_arg(c, 0), "on")) {
            https = 1;
        } else if (!strcmp(c->name, "server_name")) {
            for (j = 0; j < lint_nargs(c); j++) {
                APR_ARRAY_PUSH(names, const char *) = lint_arg(c, j);
            }
        }
    }
    if (https && port == 80) {
        port = 443;
    }
    s->https = https;
    s->http_only = !https;
    (void)any_plain;
    lint_add_origins(b, s, names, https, port ? port : (https ? 443 : 80));
    /* the http{} level is the server's parent: its add_header,
     * proxy_hide_header and auth are inherited like any outer level's */
    s->server_loc = lint_loc_new(b->p, n, LINT_LOC_SERVER, "/", http);
    nginx_level(b, s->server_loc, n);
    nginx_origin_reject(b, s->server_loc, n);
    mode = nginx_inherit_mode(n, mode);
    s->server_loc->headers =
        nginx_level_headers(b, n, http ? http->headers : NULL, mode, NULL);
    /* the http-level maps are every server's: one array for all of them
     * (a copy per server made the model quadratic in a shared allowlist
     * of hundreds of origins) */
    s->origin_checks = b->http_checks;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (!strcmp(c->name, "location") && c->is_block) {
            nginx_location(b, s, c, s->server_loc, mode);
        } else if (!strcmp(c->name, "map") && c->is_block) {
            if (s->origin_checks == b->http_checks) {
                s->origin_checks = apr_array_copy(b->p, b->http_checks);
            }
            nginx_map(b, c, s->origin_checks);
        }
    }
    APR_ARRAY_PUSH(b->m->servers, lint_server_t *) = s;
}

/* maps first: they define origin variables used by headers */
static void
nginx_maps(builder_t *b, const lint_node_t *n)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (!strcmp(c->name, "map") && c->is_block) {
            nginx_map(b, c, b->http_checks);
        } else if (!strcmp(c->name, "http") && c->is_block) {
            nginx_maps(b, c);
        }
    }
}

static void
nginx_walk(builder_t *b, const lint_node_t *n, lint_location_t *http, int mode)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (!strcmp(c->name, "http") && c->is_block) {
            lint_location_t *h =
                lint_loc_new(b->p, c, LINT_LOC_HTTP, "/", NULL);
            int m = nginx_inherit_mode(c, mode);
            nginx_level(b, h, c);
            h->headers = nginx_level_headers(b, c, NULL, m, NULL);
            nginx_walk(b, c, h, m);
        } else if (!strcmp(c->name, "server") && c->is_block
                   && (!n->parent || !strcmp(n->name, "http"))) {
            nginx_server(b, c, http, mode);
        }
    }
}

void
lint_nginx_model_build(builder_t *b)
{
    nginx_maps(b, b->ctx->config->root);
    nginx_walk(b, b->ctx->config->root, NULL, NGX_INHERIT_ON);
}
