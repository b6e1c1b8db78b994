/* lint_model.c -- build the deployment model (servers, public origins,
 * locations, effective response headers after inheritance, origin checks,
 * proxies, WebSocket, auth, SPA fallbacks, OPTIONS handling) from a parsed
 * config.  Cookies, frontends and topology: lint_model_cookie.c.
 *
 * nginx: the levels are http, server, location (nested locations) and
 * `if` in a location, which ngx_http_rewrite_if makes a level of its own.
 * add_header at a level replaces every add_header of the outer levels,
 * unless `add_header_inherit merge` (1.29.3, itself inherited);
 * proxy_hide_header, fastcgi_hide_header, ... likewise, per upstream
 * module (a level without one of that module inherits the outer list).  A location's headers also list its `if` levels' own headers
 * (conditional); lint_location_t.ifs has each `if` level.
 * httpd: server-level and section-level Header directives all apply
 * (sections after the server); `Header` writes the onsuccess table
 * (headers_out), `Header always` the always table (err_headers_out).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "lint_model.h"
#include "rules/rule_util.h"

const char *
lint_arg(const lint_node_t *n, int i)
{
    if (!n || !n->args || i < 0 || i >= n->args->nelts)
        return NULL;
    return APR_ARRAY_IDX(n->args, i, const char *);
}

int
lint_nargs(const lint_node_t *n)
{
    return (n && n->args) ? n->args->nelts : 0;
}

int
lint_is(const lint_node_t *n, const char *name)
{
    /* the first letter settles most calls (the model asks each directive
     * against long lists of names) without a strcasecmp call */
    return n && n->name && apr_tolower(n->name[0]) == apr_tolower(name[0])
           && !strcasecmp(n->name, name);
}

int
lint_is_cors_header(const char *name)
{
    return name && !strncasecmp(name, "access-control-", 15);
}

apr_array_header_t *
lint_loc_headers(apr_pool_t *p, const lint_location_t *loc, const char *name)
{
    apr_array_header_t *out = apr_array_make(p, 2, sizeof(lint_header_t *));
    int i;
    for (i = 0; loc && loc->headers && i < loc->headers->nelts; i++) {
        lint_header_t *h = APR_ARRAY_IDX(loc->headers, i, lint_header_t *);
        if (!strcasecmp(h->name, name)) {
            APR_ARRAY_PUSH(out, lint_header_t *) = h;
        }
    }
    return out;
}

apr_array_header_t *
lint_server_scopes(apr_pool_t *p, const lint_server_t *s)
{
    apr_array_header_t *out = apr_array_make(p, 4, sizeof(lint_location_t *));
    int i;
    APR_ARRAY_PUSH(out, lint_location_t *) = s->server_loc;
    for (i = 0; i < s->locations->nelts; i++) {
        APR_ARRAY_PUSH(out, lint_location_t *) =
            APR_ARRAY_IDX(s->locations, i, lint_location_t *);
    }
    return out;
}

apr_array_header_t *
lint_server_levels(apr_pool_t *p, const lint_server_t *s)
{
    apr_array_header_t *out = apr_array_make(p, 4, sizeof(lint_location_t *));
    int i, j;
    APR_ARRAY_PUSH(out, lint_location_t *) = s->server_loc;
    for (i = 0; i < s->locations->nelts; i++) {
        const lint_location_t *l =
            APR_ARRAY_IDX(s->locations, i, lint_location_t *);
        APR_ARRAY_PUSH(out, const lint_location_t *) = l;
        for (j = 0; l->ifs && j < l->ifs->nelts; j++) {
            APR_ARRAY_PUSH(out, lint_location_t *) =
                APR_ARRAY_IDX(l->ifs, j, lint_location_t *);
        }
    }
    return out;
}

int
lint_server_level_serves(const lint_server_t *s)
{
    int i;
    if (!s->node || !s->node->name || strcmp(s->node->name, "server")) {
        return 1; /* httpd: sections add to the vhost, never replace */
    }
    for (i = 0; i < s->locations->nelts; i++) {
        const lint_location_t *l =
            APR_ARRAY_IDX(s->locations, i, lint_location_t *);
        if (l->parent == s->server_loc && !strcmp(l->path, "/")
            && (l->kind == LINT_LOC_PREFIX
                || l->kind == LINT_LOC_PREFIX_NOREGEX)) {
            return 0;
        }
    }
    return 1;
}

static char *
lower(apr_pool_t *p, const char *s)
{
    char *d = apr_pstrdup(p, s ? s : ""), *c;
    for (c = d; *c; c++) {
        *c = (char)apr_tolower(*c);
    }
    return d;
}

static int
mentions_origin(const char *v)
{
    return v
           && (strstr(v, "$http_origin") || strcasestr(v, "%{Origin}i")
               || strcasestr(v, "%{HTTP_ORIGIN}")
               || strcasestr(v, "%{HTTP:Origin}")
               || strcasestr(v, "${http_origin}"));
}

static int
word_char(char c)
{
    return apr_isalnum(c) || c == '_';
}

int
lint_refs_var(const char *text, const char *var)
{
    const char *s;
    size_t n;
    if (!text || !var || !*var) {
        return 0;
    }
    if (var[0] == '$') {
        /* nginx: $name ends at the first non-word character; ${name} */
        n = strlen(var + 1);
        for (s = strchr(text, '$'); s; s = strchr(s + 1, '$')) {
            if (!strncmp(s + 1, var + 1, n) && !word_char(s[1 + n])) {
                return 1;
            }
            if (s[1] == '{' && !strncmp(s + 2, var + 1, n) && s[2 + n] == '}') {
                return 1;
            }
        }
        return 0;
    }
    n = strlen(var);
    for (s = strcasestr(text, var); s; s = strcasestr(s + 1, var)) {
        size_t before = (size_t)(s - text);
        const char *after = s + n;
        if ((before && word_char(s[-1])) || word_char(*after)) {
            continue;
        }
        if ((before >= 2 && !strncmp(s - 2, "%{", 2)
             && !strncasecmp(after, "}e", 2))
            || (before >= 4 && !strncasecmp(s - 4, "ENV:", 4))
            || (before >= 4 && !strncasecmp(s - 4, "env=", 4))
            || (before >= 5
                && (!strncasecmp(s - 5, "env('", 5)
                    || !strncasecmp(s - 5, "env(\"", 5)))) {
            return 1;
        }
    }
    return 0;
}

/* A value that reads a variable set from the Origin (map / SetEnvIf /
 * RewriteRule [E=]). */
static int
uses_var(const char *v, apr_hash_t *origin_vars)
{
    apr_hash_index_t *hi;
    if (!v || !origin_vars) {
        return 0;
    }
    for (hi = apr_hash_first(NULL, origin_vars); hi; hi = apr_hash_next(hi)) {
        const void *k;
        apr_hash_this(hi, &k, NULL, NULL);
        if (lint_refs_var(v, k)) {
            return 1;
        }
    }
    return 0;
}

static lint_location_t *
loc_new(apr_pool_t *p, const lint_node_t *node, lint_loc_kind_t kind,
        const char *path, const lint_location_t *parent)
{
    lint_location_t *l = apr_pcalloc(p, sizeof(*l));
    l->node = node;
    l->kind = kind;
    l->path = path ? path : "/";
    l->headers = apr_array_make(p, 4, sizeof(lint_header_t *));
    l->origin_checks = apr_array_make(p, 1, sizeof(lint_origin_check_t *));
    l->hidden = apr_array_make(p, 1, sizeof(const char *));
    l->ifs = apr_array_make(p, 1, sizeof(lint_location_t *));
    l->accepts_unsafe = 1;
    l->parent = parent;
    if (parent) {
        l->proxy = parent->proxy;
        l->proxy_url = parent->proxy_url;
        l->proxy_http = parent->proxy_http;
        l->websocket = parent->websocket;
        l->auth = parent->auth;
        l->spa_fallback = parent->spa_fallback;
        l->options_handled = parent->options_handled;
        l->cgi = parent->cgi;
        l->accepts_unsafe = parent->accepts_unsafe;
        l->origin_reject = parent->origin_reject;
    }
    return l;
}

typedef struct {
    lint_ctx_t *ctx;
    apr_pool_t *p;
    lint_model_t *m;
    apr_hash_t *origin_vars; /* variables set from the Origin, as
                                      lint_refs_var takes them:
                                      "$cors_origin", "CORS_ORIGIN" */
    apr_array_header_t *http_checks;
} builder_t;

/* ---- origin checks ------------------------------------------------------------ */

static lint_origin_check_t *
check_new(builder_t *b, const lint_node_t *n, const char *kind,
          const char *regex, int caseless, const char *sets)
{
    lint_origin_check_t *c = apr_pcalloc(b->p, sizeof(*c));
    c->node = n;
    c->kind = kind;
    c->regex = regex;
    c->caseless = caseless;
    c->literals = apr_array_make(b->p, 2, sizeof(const char *));
    c->sets = sets;
    if (regex) {
        c->intents = lint_regex_intents(b->p, regex);
    }
    return c;
}

/* nginx: map $http_origin $var { ... } */
static void
nginx_map(builder_t *b, const lint_node_t *n, apr_array_header_t *checks)
{
    int i;
    const char *src = lint_arg(n, 0), *var = lint_arg(n, 1);
    if (!src || !var || !mentions_origin(src) || !n->children) {
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
            c = check_new(b, e, "nginx-map", e->name + (ci ? 2 : 1), ci, var);
        } else {
            c = check_new(b, e, "nginx-map", NULL, 0, var);
            APR_ARRAY_PUSH(c->literals, const char *) =
                e->name[0] == '\\' ? e->name + 1 : e->name;
        }
        APR_ARRAY_PUSH(checks, lint_origin_check_t *) = c;
    }
}

/* nginx: if ($http_origin ~* "re") / if ($http_origin = "lit") */
static void
nginx_if(builder_t *b, const lint_node_t *n, apr_array_header_t *checks)
{
    const char *expr = apr_array_pstrcat(b->p, n->args, ' ');
    char *e = apr_pstrdup(b->p, expr), *op, *rhs;
    size_t l;
    lint_origin_check_t *c;
    if (!mentions_origin(e)) {
        return;
    }
    while (*e == '(' || *e == ' ')
        e++;
    l = strlen(e);
    while (l && (e[l - 1] == ')' || e[l - 1] == ' '))
        e[--l] = '\0';
    op = strchr(e, ' ');
    if (!op) {
        return;
    }
    while (*op == ' ')
        op++;
    rhs = strchr(op, ' ');
    if (!rhs) {
        return;
    }
    *rhs++ = '\0';
    while (*rhs == ' ')
        rhs++;
    if (!strcmp(op, "~") || !strcmp(op, "~*") || !strcmp(op, "!~")
        || !strcmp(op, "!~*")) {
        size_t rl = strlen(rhs);
        if (rl >= 2 && (rhs[0] == '"' || rhs[0] == '\'')
            && rhs[rl - 1] == rhs[0]) {
            rhs = apr_pstrmemdup(b->p, rhs + 1, rl - 2);
        }
        c = check_new(b, n, "nginx-if", rhs, op[strlen(op) - 1] == '*', NULL);
    } else if (!strcmp(op, "=") || !strcmp(op, "!=")) {
        c = check_new(b, n, "nginx-if", NULL, 0, NULL);
        APR_ARRAY_PUSH(c->literals, const char *) = rhs;
    } else {
        return;
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
        if (!mentions_origin(cond) && uses_var(cond, b->origin_vars)
            && !l->origin_reject) {
            l->origin_reject = ret;
        }
    }
}

/* RewriteRule flags after a RewriteCond: *var gets E=VAR, the result is
 * the rule when it refuses the request ([F], [G], [R=4xx]). */
static const lint_node_t *
httpd_rewrite_rule(apr_pool_t *p, const lint_node_t *cond, const char **var)
{
    const lint_node_t *parent = cond->parent;
    int i, seen = 0;
    *var = NULL;
    for (i = 0; parent && parent->children && i < parent->children->nelts;
         i++) {
        const lint_node_t *r =
            APR_ARRAY_IDX(parent->children, i, lint_node_t *);
        const char *flags;
        char *f, *tok, *last;
        int refuses = 0;
        if (r == cond) {
            seen = 1;
            continue;
        }
        if (!seen || lint_is(r, "RewriteCond")) {
            continue;
        }
        if (!lint_is(r, "RewriteRule")) {
            return NULL;
        }
        flags = lint_nargs(r) >= 3 ? lint_arg(r, lint_nargs(r) - 1) : "";
        f = apr_pstrdup(p, flags[0] == '[' ? flags + 1 : "");
        for (tok = apr_strtok(f, ",]", &last); tok;
             tok = apr_strtok(NULL, ",]", &last)) {
            while (*tok == ' ')
                tok++;
            if (!strcasecmp(tok, "F") || !strcasecmp(tok, "forbidden")
                || !strcasecmp(tok, "G") || !strcasecmp(tok, "gone")
                || ((!strncasecmp(tok, "R=", 2)
                     || !strncasecmp(tok, "redirect=", 9))
                    && atoi(strchr(tok, '=') + 1) >= 400)) {
                refuses = 1;
            } else if (!strncasecmp(tok, "E=", 2)
                       || !strncasecmp(tok, "env=", 4)) {
                const char *v = strchr(tok, '=') + 1;
                const char *colon = strchr(v, ':');
                if (*v != '!') {
                    *var = colon ? apr_pstrmemdup(p, v, (apr_size_t)(colon - v))
                                 : v;
                }
            }
        }
        return refuses ? r : NULL;
    }
    return NULL;
}

/* The variable an origin test sets: SetEnvIf[NoCase] Origin RE VAR[=x],
 * SetEnvIfExpr on the Origin, RewriteCond %{HTTP:Origin} RE + RewriteRule
 * [E=VAR:...]; NULL if none. */
static const char *
httpd_origin_var(apr_pool_t *p, const lint_node_t *n)
{
    if ((lint_is(n, "SetEnvIf") || lint_is(n, "SetEnvIfNoCase"))
        && lint_nargs(n) >= 3 && !strcasecmp(lint_arg(n, 0), "Origin")) {
        const char *var = lint_arg(n, 2);
        const char *eq = strchr(var, '=');
        const char *name =
            eq ? apr_pstrmemdup(p, var, (apr_size_t)(eq - var)) : var;
        return *name == '!' ? NULL : name;
    }
    if (lint_is(n, "RewriteCond") && lint_nargs(n) >= 2
        && strcasestr(lint_arg(n, 0), "%{HTTP:Origin}")
        && lint_arg(n, 1)[0] != '!') {
        const char *var;
        (void)httpd_rewrite_rule(p, n, &var);
        return var;
    }
    if (lint_is(n, "SetEnvIfExpr") && lint_nargs(n) >= 2
        && (strcasestr(lint_arg(n, 0), "%{HTTP:Origin}")
            || strcasestr(lint_arg(n, 0), "req('Origin')")
            || strcasestr(lint_arg(n, 0), "%{HTTP_ORIGIN}"))) {
        const char *var = lint_arg(n, 1);
        const char *eq = strchr(var, '=');
        const char *name =
            eq ? apr_pstrmemdup(p, var, (apr_size_t)(eq - var)) : var;
        return *name == '!' ? NULL : name;
    }
    return NULL;
}

/* httpd: every variable set from the Origin, before the walk (a Header or
 * Require may come before the SetEnvIf it reads). */
static void
httpd_origin_vars(builder_t *b, const lint_node_t *n)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        const char *var = httpd_origin_var(b->p, c);
        if (var) {
            apr_hash_set(b->origin_vars, var, APR_HASH_KEY_STRING, "1");
        }
        if (c->is_block) {
            httpd_origin_vars(b, c);
        }
    }
}

/* An ap_expr testing the Origin: =~ / !~ m#RE#, == / != 'lit', in {...},
 * -strmatch.  NULL when expr does not compare the Origin. */
static lint_origin_check_t *
expr_check(builder_t *b, const lint_node_t *n, const char *expr)
{
    static const char *const tokens[] = { "%{HTTP:Origin}", "req('Origin')",
                                          "%{HTTP_ORIGIN}" };
    const char *at = NULL, *op = "", *re;
    lint_origin_check_t *c;
    size_t t;
    /* the first mention of the Origin followed by a comparison */
    for (t = 0; t < sizeof(tokens) / sizeof(tokens[0]); t++) {
        const char *x;
        for (x = strcasestr(expr, tokens[t]); x;
             x = strcasestr(x + 1, tokens[t])) {
            const char *o = x + strlen(tokens[t]);
            while (*o == ' ')
                o++;
            if (!at) {
                at = x;
                op = o;
            }
            if (!strncmp(o, "=~", 2) || !strncmp(o, "!~", 2)
                || !strncmp(o, "==", 2) || !strncmp(o, "!=", 2)
                || !strncmp(o, "in ", 3) || *o == '-') {
                at = x;
                op = o;
                t = sizeof(tokens) / sizeof(tokens[0]) - 1;
                break;
            }
        }
    }
    if (!at) {
        return NULL;
    }
    re = (!strncmp(op, "=~", 2) || !strncmp(op, "!~", 2)) ? op : NULL;
    if (re) {
        const char *s = re + 2;
        char delim;
        const char *end;
        while (*s == ' ')
            s++;
        if (*s == 'm')
            s++;
        delim = *s ? *s : '/';
        s++;
        end = strchr(s, delim);
        if (!end) {
            return NULL;
        }
        c = check_new(b, n, "if-expr",
                      apr_pstrmemdup(b->p, s, (apr_size_t)(end - s)),
                      end[1] == 'i', NULL);
    } else {
        const char *q = strchr(expr, '\'');
        c = check_new(b, n, "if-expr", NULL, 0, NULL);
        while (q) {
            const char *e2 = strchr(q + 1, '\'');
            if (!e2)
                break;
            APR_ARRAY_PUSH(c->literals, const char *) =
                apr_pstrmemdup(b->p, q + 1, (apr_size_t)(e2 - q - 1));
            q = strchr(e2 + 1, '\'');
        }
    }
    c->negated = op[0] == '!' || (expr[0] == '!' && expr + 1 <= at);
    return c;
}

/* httpd: SetEnvIf[NoCase] Origin RE VAR[=x]...; SetEnvIfExpr "EXPR" VAR;
 * RewriteCond %{HTTP:Origin} RE [NC] (+ RewriteRule [E=VAR:..] / [F]);
 * <If "%{HTTP:Origin} =~ m#RE#"> / == 'lit' / in {...}; Header ...
 * expr=...; Require expr ... */
static void
httpd_check(builder_t *b, lint_location_t *l, const lint_node_t *n,
            apr_array_header_t *checks)
{
    if ((lint_is(n, "SetEnvIf") || lint_is(n, "SetEnvIfNoCase"))
        && lint_nargs(n) >= 3 && !strcasecmp(lint_arg(n, 0), "Origin")) {
        const char *name = httpd_origin_var(b->p, n);
        if (!name) {
            return;
        }
        APR_ARRAY_PUSH(checks, lint_origin_check_t *) =
            check_new(b, n, "setenvif", lint_arg(n, 1),
                      lint_is(n, "SetEnvIfNoCase"), name);
    } else if (lint_is(n, "RewriteCond") && lint_nargs(n) >= 2
               && strcasestr(lint_arg(n, 0), "%{HTTP:Origin}")) {
        const char *re = lint_arg(n, 1);
        const char *flags = lint_arg(n, 2);
        const char *var;
        int neg = re[0] == '!';
        lint_origin_check_t *c;
        if (re[neg] == '=') {
            c = check_new(b, n, "rewritecond", NULL, 0, NULL);
            APR_ARRAY_PUSH(c->literals, const char *) = re + neg + 1;
        } else {
            c = check_new(b, n, "rewritecond", re + neg,
                          flags && strcasestr(flags, "NC") != NULL, NULL);
        }
        c->negated = neg;
        c->reject = httpd_rewrite_rule(b->p, n, &var);
        c->sets = neg ? NULL : var;
        if (c->reject && neg && !l->origin_reject) {
            l->origin_reject = c->reject;
        }
        APR_ARRAY_PUSH(checks, lint_origin_check_t *) = c;
    } else if ((lint_is(n, "If") || lint_is(n, "ElseIf")) && n->is_block) {
        lint_origin_check_t *c =
            expr_check(b, n, apr_array_pstrcat(b->p, n->args, ' '));
        if (c) {
            APR_ARRAY_PUSH(checks, lint_origin_check_t *) = c;
        }
    } else if (lint_is(n, "SetEnvIfExpr") && lint_nargs(n) >= 2) {
        lint_origin_check_t *c = expr_check(b, n, lint_arg(n, 0));
        if (c) {
            c->sets = c->negated ? NULL : httpd_origin_var(b->p, n);
            APR_ARRAY_PUSH(checks, lint_origin_check_t *) = c;
        }
    } else if (lint_is(n, "Require") && lint_nargs(n) >= 2
               && !strcasecmp(lint_arg(n, 0), "expr")) {
        lint_origin_check_t *c =
            expr_check(b, n, apr_array_pstrcat(b->p, n->args, ' ') + 5);
        if (c) {
            if (!c->negated) {
                c->reject = n;
                if (!l->origin_reject) {
                    l->origin_reject = n;
                }
            }
            APR_ARRAY_PUSH(checks, lint_origin_check_t *) = c;
        }
    }
}

/* httpd: Require env VAR / Allow from env=VAR / Deny from env=!VAR on a
 * variable set from the Origin refuses the other origins. */
static void
httpd_require_reject(builder_t *b, lint_location_t *l, const lint_node_t *n)
{
    const char *var = NULL;
    if (lint_is(n, "Require") && lint_nargs(n) >= 2
        && !strcasecmp(lint_arg(n, 0), "env")) {
        var = lint_arg(n, 1);
    } else if ((lint_is(n, "Allow") || lint_is(n, "Deny")) && lint_nargs(n) >= 2
               && !strncasecmp(lint_arg(n, 1), "env=", 4)) {
        const char *v = lint_arg(n, 1) + 4;
        if (lint_is(n, "Allow") ? *v != '!' : *v == '!') {
            var = v + (*v == '!');
        }
    }
    if (var && !l->origin_reject) {
        apr_hash_index_t *hi;
        for (hi = apr_hash_first(NULL, b->origin_vars); hi;
             hi = apr_hash_next(hi)) {
            const void *k;
            apr_hash_this(hi, &k, NULL, NULL);
            if (!strcasecmp(k, var)) {
                l->origin_reject = n;
            }
        }
    }
}

/* Require all denied (or RewriteRule [F]) directly in a block. */
static const lint_node_t *
httpd_block_denies(const lint_node_t *blk)
{
    int i;
    for (i = 0; blk->children && i < blk->children->nelts; i++) {
        const lint_node_t *d = APR_ARRAY_IDX(blk->children, i, lint_node_t *);
        if ((lint_is(d, "Require") && lint_nargs(d) == 2
             && !strcasecmp(lint_arg(d, 0), "all")
             && !strcasecmp(lint_arg(d, 1), "denied"))
            || (lint_is(d, "Deny") && lint_nargs(d) == 2
                && !strcasecmp(lint_arg(d, 1), "all"))) {
            return d;
        }
    }
    return NULL;
}

/* The <If>/<ElseIf> origin check right before an <ElseIf>/<Else> block,
 * or NULL. */
static const lint_origin_check_t *
httpd_prev_if(const lint_node_t *blk, const apr_array_header_t *checks)
{
    const lint_node_t *parent = blk->parent;
    const lint_node_t *prev = NULL;
    int i;
    for (i = 0; parent && parent->children && i < parent->children->nelts;
         i++) {
        const lint_node_t *c =
            APR_ARRAY_IDX(parent->children, i, lint_node_t *);
        if (c == blk) {
            break;
        }
        prev = c;
    }
    for (i = 0; prev && i < checks->nelts; i++) {
        const lint_origin_check_t *k =
            APR_ARRAY_IDX(checks, i, const lint_origin_check_t *);
        if (k->node == prev) {
            return k;
        }
    }
    return NULL;
}

/* <If "%{HTTP:Origin} !~ ..."> Require all denied </If>, or <If "origin
 * =~ ..."> ... </If> <Else> Require all denied </Else>. */
static void
httpd_if_reject(builder_t *b, lint_location_t *l, const lint_node_t *blk,
                apr_array_header_t *checks)
{
    const lint_node_t *deny = httpd_block_denies(blk);
    const lint_origin_check_t *k = NULL, *prev;
    int i;
    (void)b;
    if (!deny || l->origin_reject) {
        return;
    }
    for (i = 0; i < checks->nelts; i++) {
        if (APR_ARRAY_IDX(checks, i, lint_origin_check_t *)->node == blk) {
            k = APR_ARRAY_IDX(checks, i, lint_origin_check_t *);
        }
    }
    if (k && k->negated) {
        ((lint_origin_check_t *)k)->reject = deny;
        l->origin_reject = deny;
    } else if (lint_is(blk, "Else") && (prev = httpd_prev_if(blk, checks))
               && !prev->negated) {
        l->origin_reject = deny;
    }
}

/* ---- headers -------------------------------------------------------------------- */

static lint_header_t *
header_new(builder_t *b, const lint_node_t *n, const char *name,
           const char *action, const char *value, int always, const char *cond)
{
    lint_header_t *h = apr_pcalloc(b->p, sizeof(*h));
    h->node = n;
    h->name = lower(b->p, name);
    h->action = action;
    h->value = value;
    h->always = always;
    h->condition = cond;
    h->origin_dependent = mentions_origin(value)
                          || uses_var(value, b->origin_vars)
                          || (cond && uses_var(cond, b->origin_vars) && value
                              && strstr(value, "%{"));
    h->from_include = n->included_from != NULL;
    return h;
}

/* nginx add_header NAME VALUE [always]; more_set_headers "N: v" */
static lint_header_t *
nginx_header(builder_t *b, const lint_node_t *n, const char *cond)
{
    if (!strcmp(n->name, "add_header") && lint_nargs(n) >= 2) {
        const char *last = lint_arg(n, lint_nargs(n) - 1);
        return header_new(b, n, lint_arg(n, 0), "add", lint_arg(n, 1),
                          lint_nargs(n) >= 3 && !strcmp(last, "always"), cond);
    }
    if (!strcmp(n->name, "more_set_headers") && lint_nargs(n) >= 1) {
        const char *a = lint_arg(n, lint_nargs(n) - 1);
        const char *colon = strchr(a, ':');
        if (colon) {
            const char *v = colon + 1;
            while (*v == ' ')
                v++;
            return header_new(b, n,
                              apr_pstrmemdup(b->p, a, (apr_size_t)(colon - a)),
                              "more_set", v, 1, cond);
        }
    }
    return NULL;
}

/* httpd Header [always|onsuccess] action name [value] [repl] [cond] */
static lint_header_t *
httpd_header(builder_t *b, const lint_node_t *n, const char *cond)
{
    int i = 0, always = 0, na = lint_nargs(n);
    const char *action, *name, *value = NULL, *c = cond;
    if (!lint_is(n, "Header") || na < 2) {
        return NULL;
    }
    if (!strcasecmp(lint_arg(n, 0), "always")) {
        always = 1;
        i = 1;
    } else if (!strcasecmp(lint_arg(n, 0), "onsuccess")) {
        i = 1;
    }
    action = lower(b->p, lint_arg(n, i));
    name = lint_arg(n, i + 1);
    if (!name) {
        return NULL;
    }
    if (strcmp(action, "unset") && strcmp(action, "echo")) {
        value = lint_arg(n, i + 2);
        if (!strncmp(action, "edit", 4) && lint_arg(n, i + 3)) {
            value = apr_pstrcat(b->p, lint_arg(n, i + 2), " => ",
                                lint_arg(n, i + 3), NULL);
        }
    }
    {
        const char *last = lint_arg(n, na - 1);
        if (na > i + 2
            && (!strncasecmp(last, "env=", 4)
                || !strncasecmp(last, "expr=", 5))) {
            c = last;
            if (value == last) {
                value = NULL;
            }
        }
    }
    return header_new(b, n, name, action, value, always, c);
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
                            ":", lower(b->p, lint_arg(c, 0)), NULL);
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
    l = loc_new(b->p, n, kind, path, parent);
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
    l->headers = apr_array_copy(b->p, level);
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
        if (strcmp(c->name, "if") || !c->is_block) {
            continue;
        }
        /* nginx makes `if` in a location a configuration level of its
         * own (ngx_http_rewrite_if): add_header there replaces the
         * location's for the requests that take it */
        il = loc_new(b->p, c, LINT_LOC_IF, l->path, l);
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

static int
parse_listen(const char *a, int *port)
{
    const char *colon = strrchr(a, ':');
    const char *num = colon ? colon + 1 : a;
    if (!strncmp(a, "unix:", 5)) {
        return 0;
    }
    if (a[0] == '[' && (!colon || strchr(colon, ']'))) {
        return 0;
    }
    if (apr_isdigit(*num)) {
        *port = atoi(num);
        return 1;
    }
    return 0;
}

static void
add_origins(builder_t *b, lint_server_t *s, apr_array_header_t *names,
            int https, int port)
{
    int i;
    for (i = 0; i < names->nelts; i++) {
        const char *name = APR_ARRAY_IDX(names, i, const char *);
        const char *scheme = https ? "https" : "http";
        const char *str;
        ss_origin_t *o;
        const char *sch = strstr(name, "://");
        if (sch) {
            scheme = apr_pstrmemdup(b->p, name, (apr_size_t)(sch - name));
            name = sch + 3;
        }
        if (!*name || *name == '~' || strchr(name, '*') || !strcmp(name, "_")
            || *name == '.') {
            continue;
        }
        str =
            port && port != ss_scheme_default_port(scheme) && !strchr(name, ':')
                ? apr_psprintf(b->p, "%s://%s:%d", scheme, name, port)
                : apr_psprintf(b->p, "%s://%s", scheme, name);
        if (ss_origin_parse(&o, b->p, str) == SS_ORIGIN_OK) {
            APR_ARRAY_PUSH(s->public_origins, ss_origin_t *) = o;
            if (!s->origin) {
                s->origin = o;
            }
        }
    }
}

static lint_server_t *
server_new(builder_t *b, const lint_node_t *n)
{
    lint_server_t *s = apr_pcalloc(b->p, sizeof(*s));
    s->node = n;
    s->public_origins = apr_array_make(b->p, 2, sizeof(ss_origin_t *));
    s->locations = apr_array_make(b->p, 4, sizeof(lint_location_t *));
    s->origin_checks = apr_array_make(b->p, 2, sizeof(lint_origin_check_t *));
    s->allowed_origins = apr_array_make(b->p, 2, sizeof(const char *));
    s->cookies = apr_array_make(b->p, 2, sizeof(lint_cookie_t *));
    s->frontends = apr_array_make(b->p, 2, sizeof(lint_frontend_t *));
    s->backends = apr_array_make(b->p, 2, sizeof(lint_backend_t *));
    return s;
}

static void
nginx_server(builder_t *b, const lint_node_t *n, lint_location_t *http,
             int mode)
{
    lint_server_t *s = server_new(b, n);
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
            if (parse_listen(lint_arg(c, 0), &p)) {
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
    add_origins(b, s, names, https, port ? port : (https ? 443 : 80));
    /* the http{} level is the server's parent: its add_header,
     * proxy_hide_header and auth are inherited like any outer level's */
    s->server_loc = loc_new(b->p, n, LINT_LOC_SERVER, "/", http);
    nginx_level(b, s->server_loc, n);
    nginx_origin_reject(b, s->server_loc, n);
    mode = nginx_inherit_mode(n, mode);
    s->server_loc->headers =
        nginx_level_headers(b, n, http ? http->headers : NULL, mode, NULL);
    for (i = 0; i < b->http_checks->nelts; i++) {
        APR_ARRAY_PUSH(s->origin_checks, lint_origin_check_t *) =
            APR_ARRAY_IDX(b->http_checks, i, lint_origin_check_t *);
    }
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (!strcmp(c->name, "location") && c->is_block) {
            nginx_location(b, s, c, s->server_loc, mode);
        } else if (!strcmp(c->name, "map") && c->is_block) {
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
            lint_location_t *h = loc_new(b->p, c, LINT_LOC_HTTP, "/", NULL);
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

/* ---- httpd ---------------------------------------------------------------------- */

static void httpd_scope(builder_t *b, lint_server_t *s, lint_location_t *l,
                        const lint_node_t *n, int top);

/* What a proxy URL or handler name talks to: 0 mod_proxy_http (http,
 * https, also over a unix socket "unix:/path|http://..."), 1 CGI-like
 * (fcgi://, scgi://), -1 anything else.  "proxy:" is SetHandler's form
 * (Debian's PHP-FPM: "proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost"). */
static int
backend_kind(const char *url)
{
    const char *bar;
    if (!url) {
        return -1;
    }
    if (!strncasecmp(url, "proxy:", 6)) {
        url += 6;
    }
    if (!strncasecmp(url, "unix:", 5) && (bar = strchr(url, '|')) != NULL) {
        url = bar + 1;
    }
    if (!strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8)) {
        return 0;
    }
    if (!strncasecmp(url, "fcgi://", 7) || !strncasecmp(url, "scgi://", 7)) {
        return 1;
    }
    return -1;
}

static void
backend_add(builder_t *b, lint_server_t *s, lint_location_t *l,
            const lint_node_t *c, int cgi, int handler, const char *url,
            int url_regex, const char *dir)
{
    lint_backend_t *be = apr_pcalloc(b->p, sizeof(*be));
    be->node = c;
    be->cgi = cgi;
    be->handler = handler;
    be->scope = l;
    be->url = url;
    be->url_regex = url_regex;
    be->dir = dir;
    APR_ARRAY_PUSH(s->backends, lint_backend_t *) = be;
}

/* RewriteRule PATTERN TARGET [..,P,..] */
static int
rewrite_proxies(const lint_node_t *c)
{
    const char *f = lint_arg(c, 2);
    char *flags, *tok, *last;
    apr_pool_t *p;
    int yes = 0;
    if (!f || *f != '[') {
        return 0;
    }
    apr_pool_create(&p, NULL);
    flags = apr_pstrdup(p, f + 1);
    for (tok = apr_strtok(flags, ",]", &last); tok;
         tok = apr_strtok(NULL, ",]", &last)) {
        if (!strcasecmp(tok, "P") || !strcasecmp(tok, "proxy")) {
            yes = 1;
        }
    }
    apr_pool_destroy(p);
    return yes;
}

/* Who answers the requests of this scope: ProxyPass, ScriptAlias,
 * SetHandler / AddHandler, RewriteRule [P] (lint_backend_t). */
static void
httpd_backend(builder_t *b, lint_server_t *s, lint_location_t *l,
              const lint_node_t *c)
{
    int na = lint_nargs(c), k;
    if ((lint_is(c, "ProxyPass") || lint_is(c, "ProxyPassMatch")) && na >= 1) {
        int mapped = na >= 2 && strcmp(lint_arg(c, 1), "!")
                     && !strchr(lint_arg(c, 1), '=');
        const char *url = mapped ? lint_arg(c, 1) : lint_arg(c, 0);
        k = backend_kind(url);
        if (k >= 0 && strcmp(url, "!")) {
            backend_add(b, s, l, c, k, 0, mapped ? lint_arg(c, 0) : NULL,
                        lint_is(c, "ProxyPassMatch"), NULL);
        }
    } else if (lint_is(c, "RewriteRule") && na >= 3 && rewrite_proxies(c)
               && (k = backend_kind(lint_arg(c, 1))) >= 0) {
        backend_add(b, s, l, c, k, 0,
                    l == s->server_loc ? lint_arg(c, 0) : NULL, 1, NULL);
    } else if ((lint_is(c, "ScriptAlias") || lint_is(c, "ScriptAliasMatch"))
               && na >= 1) {
        backend_add(b, s, l, c, 1, 1, na >= 2 ? lint_arg(c, 0) : NULL,
                    lint_is(c, "ScriptAliasMatch"),
                    na >= 2 ? lint_arg(c, 1) : NULL);
    } else if ((lint_is(c, "SetHandler") || lint_is(c, "AddHandler"))
               && na >= 1) {
        const char *h = lint_arg(c, 0);
        if (!strcasecmp(h, "cgi-script") || !strcasecmp(h, "fcgid-script")) {
            k = 1;
        } else {
            k = strncasecmp(h, "proxy:", 6) ? -1 : backend_kind(h);
        }
        if (k >= 0) {
            backend_add(b, s, l, c, k, 1, NULL, 0, NULL);
        }
    }
}

static void
httpd_directive(builder_t *b, lint_server_t *s, lint_location_t *l,
                const lint_node_t *c, const char *cond)
{
    lint_header_t *h = httpd_header(b, c, cond);
    apr_array_header_t *checks =
        l == s->server_loc ? s->origin_checks : l->origin_checks;
    if (h) {
        APR_ARRAY_PUSH(l->headers, lint_header_t *) = h;
        if (!strcmp(h->action, "unset")) {
            APR_ARRAY_PUSH(l->hidden, const char *) = h->name;
        }
        if (h->condition && !strncasecmp(h->condition, "expr=", 5)) {
            /* Header ... "expr=%{HTTP:Origin} =~ ..." tests the Origin */
            lint_origin_check_t *k = expr_check(b, c, h->condition + 5);
            if (k) {
                APR_ARRAY_PUSH(checks, lint_origin_check_t *) = k;
            }
        }
        return;
    }
    httpd_check(b, l, c, checks);
    httpd_require_reject(b, l, c);
    httpd_backend(b, s, l, c);
    if (lint_is(c, "ProxyPass") || lint_is(c, "ProxyPassMatch")) {
        const char *url = lint_nargs(c) >= 2 ? lint_arg(c, 1) : lint_arg(c, 0);
        if (url && strcmp(url, "!")) {
            /* several ProxyPass lines: remember the mod_proxy_http one */
            if (!l->proxy || backend_kind(l->proxy_url) != 0) {
                l->proxy = c;
                l->proxy_url = url;
            }
            if (!strncasecmp(url, "ws", 2))
                l->websocket = c;
            if (strstr(apr_array_pstrcat(b->p, c->args, ' '),
                       "upgrade=websocket"))
                l->websocket = c;
        }
    } else if (lint_is(c, "RewriteCond") && lint_nargs(c) >= 2
               && strcasestr(lint_arg(c, 0), "%{HTTP:Upgrade}")) {
        l->websocket = c;
    } else if (lint_is(c, "AuthType") && lint_nargs(c) >= 1) {
        l->auth = strcasecmp(lint_arg(c, 0), "None") ? c : NULL;
    } else if (lint_is(c, "FallbackResource") && lint_nargs(c) >= 1
               && strcasecmp(lint_arg(c, 0), "disabled")) {
        l->spa_fallback = c;
    } else if (lint_is(c, "RewriteRule") && lint_nargs(c) >= 2
               && strstr(lint_arg(c, 1), "index.html")) {
        l->spa_fallback = c;
    } else if (lint_is(c, "SameSitePreflight") && lint_nargs(c) >= 1
               && !strcasecmp(lint_arg(c, 0), "Handle")) {
        l->options_handled = c;
    } else if (lint_is(c, "RewriteCond") && lint_nargs(c) >= 2
               && strcasestr(lint_arg(c, 0), "%{REQUEST_METHOD}")
               && strcasestr(lint_arg(c, 1), "OPTIONS")) {
        l->options_handled = c;
    }
}

static void
httpd_section(builder_t *b, lint_server_t *s, lint_location_t *parent,
              const lint_node_t *c)
{
    lint_loc_kind_t kind;
    lint_location_t *l;
    if (lint_is(c, "Location"))
        kind = LINT_LOC_PREFIX;
    else if (lint_is(c, "LocationMatch"))
        kind = LINT_LOC_REGEX;
    else if (lint_is(c, "Directory") || lint_is(c, "DirectoryMatch")
             || lint_is(c, "Files") || lint_is(c, "FilesMatch"))
        kind = LINT_LOC_DIRECTORY;
    else
        return;
    /* sections are built after every directive of the enclosing scope
     * (httpd_scope): httpd merges the whole server config into a
     * section, wherever the section is written */
    l = loc_new(b->p, c, kind, lint_arg(c, 0), parent);
    /* httpd merges: the server's headers apply, then the section's */
    l->headers = apr_array_copy(b->p, parent->headers);
    l->hidden = apr_array_copy(b->p, parent->hidden);
    httpd_scope(b, s, l, c, 0);
    APR_ARRAY_PUSH(s->locations, lint_location_t *) = l;
}

/* <Limit> / <LimitExcept> that applies to OPTIONS and refuses it: a
 * Require other than "all granted" (denied, valid-user, ip ...) or a Deny
 * (mod_access_compat).  Measured on Apache 2.4.71: <LimitExcept GET POST>
 * Require all denied answers a preflight 403; with OPTIONS listed, 200. */
static int
httpd_limit_refuses_options(const lint_node_t *c)
{
    int i, listed = 0;
    for (i = 0; i < lint_nargs(c); i++) {
        listed |= !strcasecmp(lint_arg(c, i), "OPTIONS");
    }
    if (lint_is(c, "LimitExcept") ? listed : !listed) {
        return 0;
    }
    for (i = 0; c->children && i < c->children->nelts; i++) {
        const lint_node_t *d = APR_ARRAY_IDX(c->children, i, lint_node_t *);
        if (lint_is(d, "Deny")) {
            return 1;
        }
        if (lint_is(d, "Require") && lint_nargs(d) >= 1
            && !(lint_nargs(d) >= 2 && !strcasecmp(lint_arg(d, 0), "all")
                 && !strcasecmp(lint_arg(d, 1), "granted"))) {
            return 1;
        }
    }
    return 0;
}

/* One pass over a scope: its directives (sections 0) or its sections
 * (sections 1), looking through <IfModule> and other wrappers. */
static void
httpd_scope_pass(builder_t *b, lint_server_t *s, lint_location_t *l,
                 const lint_node_t *n, int top, int sections)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (c->is_block) {
            if (lint_is(c, "VirtualHost")) {
                continue;
            }
            if (lint_is(c, "IfModule") || lint_is(c, "IfDefine")
                || lint_is(c, "IfVersion") || lint_is(c, "IfFile")
                || lint_is(c, "IfDirective") || lint_is(c, "IfSection")) {
                httpd_scope_pass(b, s, l, c, top, sections);
            } else if (lint_is(c, "If") || lint_is(c, "ElseIf")
                       || lint_is(c, "Else")) {
                int j;
                const char *cond = apr_array_pstrcat(b->p, c->args, ' ');
                apr_array_header_t *checks;
                if (sections) {
                    continue;
                }
                checks =
                    l == s->server_loc ? s->origin_checks : l->origin_checks;
                httpd_check(b, l, c, checks);
                httpd_if_reject(b, l, c, checks);
                if (strcasestr(cond, "REQUEST_METHOD")
                    && strstr(cond, "OPTIONS")) {
                    l->options_handled = c;
                }
                for (j = 0; c->children && j < c->children->nelts; j++) {
                    const lint_node_t *d =
                        APR_ARRAY_IDX(c->children, j, lint_node_t *);
                    if (d->is_block)
                        continue;
                    httpd_directive(b, s, l, d, *cond ? cond : "else");
                }
            } else if (lint_is(c, "Limit") || lint_is(c, "LimitExcept")) {
                const char *ms = apr_array_pstrcat(b->p, c->args, ' ');
                if (!sections && lint_is(c, "LimitExcept")
                    && strstr(ms, "OPTIONS")) {
                    l->options_handled = c;
                }
                if (!sections && httpd_limit_refuses_options(c)) {
                    l->options_denied = c;
                }
                httpd_scope_pass(b, s, l, c, top, sections);
            } else if (!sections) {
                continue;
            } else if (top) {
                httpd_section(b, s, l, c);
            } else if (lint_is(c, "Location") || lint_is(c, "LocationMatch")
                       || lint_is(c, "Directory") || lint_is(c, "Files")
                       || lint_is(c, "FilesMatch")
                       || lint_is(c, "DirectoryMatch")) {
                httpd_section(b, s, l, c);
            }
            continue;
        }
        if (!sections) {
            httpd_directive(b, s, l, c, NULL);
        }
    }
}

static void
httpd_scope(builder_t *b, lint_server_t *s, lint_location_t *l,
            const lint_node_t *n, int top)
{
    httpd_scope_pass(b, s, l, n, top, 0);
    httpd_scope_pass(b, s, l, n, top, 1);
}

/* ---- httpd: which backend answers which scope ---------------------------------- */

static int
prefix_of(const char *a, const char *b)
{
    return !strncmp(a, b, strlen(a));
}

/* The literal start of an anchored regex ("^/cgi-bin/(.*)" -> "/cgi-bin/"),
 * or NULL when it is not anchored or starts with a metacharacter. */
const char *
lint_regex_literal(apr_pool_t *p, const char *re)
{
    char *out, *w;
    if (!re || *re != '^') {
        return NULL;
    }
    out = w = apr_palloc(p, strlen(re) + 1);
    for (re++; *re; re++) {
        if (*re == '\\' && re[1] && !apr_isalnum(re[1])) {
            *w++ = *++re;
        } else if (apr_isalnum(*re) || strchr("/-_~%:,;=@", *re)) {
            *w++ = *re;
        } else {
            break;
        }
    }
    *w = '\0';
    /* a quantifier applies to the last literal: drop it */
    if (w > out && *re && strchr("?*{", *re)) {
        w[-1] = '\0';
    }
    return *out ? out : NULL;
}

/* Some URL-path both cover: prefixes (Location, ProxyPass /api/) or
 * regexes (LocationMatch, ...Match), tried on sample paths. */
static int
url_overlap(apr_pool_t *p, const char *a, int a_re, const char *b, int b_re)
{
    static const char *const tails[] = {
        "", "x", "/x", "x.php", "x.cgi", NULL
    };
    int k, side;
    if (!a || !b) {
        return 0;
    }
    if (!a_re && !b_re) {
        return prefix_of(a, b) || prefix_of(b, a);
    }
    for (side = 0; side < 2; side++) {
        const char *re = side ? b : a, *other = side ? a : b;
        int other_re = side ? a_re : b_re;
        if (!(side ? b_re : a_re)) {
            continue;
        }
        if (other_re && !(other = lint_regex_literal(p, other))) {
            continue;
        }
        for (k = 0; tails[k]; k++) {
            if (lint_regex_matches(p, re, 0,
                                   apr_pstrcat(p, other, tails[k], NULL))
                == 1) {
                return 1;
            }
        }
    }
    return 0;
}

static int
within(const lint_node_t *n, const lint_node_t *anc)
{
    for (; n; n = n->parent) {
        if (n == anc) {
            return 1;
        }
    }
    return 0;
}

static int
fs_section(const lint_location_t *l)
{
    return l->kind == LINT_LOC_DIRECTORY;
}

static int
files_section(const lint_location_t *l)
{
    return lint_is(l->node, "Files") || lint_is(l->node, "FilesMatch");
}

/* Filesystem sections: <Directory> paths nest, <Files> apply in any
 * directory, two <Files> sections only when the names can be the same. */
static int
fs_overlap(apr_pool_t *p, const lint_location_t *a, const lint_location_t *b)
{
    int fa = files_section(a), fb = files_section(b);
    if (fa != fb) {
        return 1;
    }
    if (!fa) {
        return url_overlap(p, a->path, lint_is(a->node, "DirectoryMatch"),
                           b->path, lint_is(b->node, "DirectoryMatch"));
    }
    if (lint_is(a->node, "FilesMatch") && lint_is(b->node, "FilesMatch")) {
        return !strcmp(a->path, b->path);
    }
    if (lint_is(a->node, "FilesMatch") || lint_is(b->node, "FilesMatch")) {
        const lint_location_t *re = lint_is(a->node, "FilesMatch") ? a : b;
        const lint_location_t *lit = re == a ? b : a;
        return lint_regex_matches(p, re->path, 0, lit->path) == 1;
    }
    return !strcmp(a->path, b->path);
}

/* Every request of URL scope l is mapped by a proxy (ProxyPass,
 * ProxyPassMatch, RewriteRule [P]): mod_proxy answers it whatever the
 * handler, and <Directory>/<Files> never apply to it. */
static int
url_scope_proxied(apr_pool_t *p, const lint_server_t *s,
                  const lint_location_t *l)
{
    int i;
    for (i = 0; i < s->backends->nelts; i++) {
        const lint_backend_t *be =
            APR_ARRAY_IDX(s->backends, i, lint_backend_t *);
        if (be->handler) {
            continue;
        }
        if (!be->url && within(l->node, be->scope->node)
            && be->scope != s->server_loc) {
            return 1;
        }
        if (be->url && l->kind == LINT_LOC_PREFIX
            && (be->url_regex ? lint_regex_matches(p, be->url, 0, l->path) == 1
                              : prefix_of(be->url, l->path))) {
            return 1;
        }
    }
    return 0;
}

/* May the backend answer requests of scope l? */
static int
backend_serves(apr_pool_t *p, const lint_server_t *s, const lint_location_t *l,
               const lint_backend_t *be)
{
    const lint_location_t *bs = be->scope;
    if (l == s->server_loc) {
        return 1; /* the vhost's directives see every request */
    }
    if (be->handler && !fs_section(l) && url_scope_proxied(p, s, l)) {
        return 0;
    }
    if (be->url) { /* ProxyPass /api/ ..., ScriptAlias /cgi-bin/ ... */
        if (fs_section(l)) {
            /* proxied requests skip the directory walk; a ScriptAlias
             * maps to a directory */
            return be->dir && !files_section(l)
                   && url_overlap(p, l->path,
                                  lint_is(l->node, "DirectoryMatch"), be->dir,
                                  0);
        }
        return url_overlap(p, l->path, l->kind == LINT_LOC_REGEX, be->url,
                           be->url_regex);
    }
    if (bs == s->server_loc || within(l->node, bs->node)
        || within(bs->node, l->node)) {
        return 1;
    }
    if (fs_section(bs)) {
        /* SetHandler in <FilesMatch "\.php$">: the files under any URL
         * scope that is not proxied */
        return fs_section(l) ? fs_overlap(p, l, bs) : 1;
    }
    if (fs_section(l)) {
        return 0; /* URL section vs directory: unknown mapping */
    }
    return url_overlap(p, l->path, l->kind == LINT_LOC_REGEX, bs->path,
                       bs->kind == LINT_LOC_REGEX);
}

const lint_backend_t *
lint_backend_for(apr_pool_t *p, const lint_server_t *s,
                 const lint_location_t *l, int cgi)
{
    int i;
    for (i = 0; s->backends && i < s->backends->nelts; i++) {
        const lint_backend_t *be =
            APR_ARRAY_IDX(s->backends, i, lint_backend_t *);
        if (be->cgi == cgi && backend_serves(p, s, l, be)) {
            return be;
        }
    }
    return NULL;
}

/* httpd: l->cgi / proxy_http / proxy from the backends that may answer
 * each scope (not from where a directive happens to be written). */
static void
httpd_serving(builder_t *b, lint_server_t *s)
{
    apr_array_header_t *scopes = lint_server_scopes(b->p, s);
    int i;
    for (i = 0; i < scopes->nelts; i++) {
        lint_location_t *l = APR_ARRAY_IDX(scopes, i, lint_location_t *);
        const lint_backend_t *cgi = lint_backend_for(b->p, s, l, 1);
        const lint_backend_t *px = lint_backend_for(b->p, s, l, 0);
        l->cgi = cgi ? cgi->node : NULL;
        l->proxy_http = px != NULL;
        if (px) {
            l->proxy = px->node;
        }
    }
}

static void
httpd_vhost_names(builder_t *b, const lint_node_t *n, apr_array_header_t *names,
                  int *https, int *port)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (c->is_block && (lint_is(c, "IfModule") || lint_is(c, "IfDefine"))) {
            httpd_vhost_names(b, c, names, https, port);
        } else if (lint_is(c, "SSLEngine") && lint_nargs(c) >= 1
                   && !strcasecmp(lint_arg(c, 0), "on")) {
            *https = 1;
        } else if (lint_is(c, "ServerName") && lint_nargs(c) >= 1) {
            const char *v = lint_arg(c, 0);
            const char *sch = strstr(v, "://");
            if (sch && !strncasecmp(v, "https", 5))
                *https = 1;
            APR_ARRAY_PUSH(names, const char *) = sch ? sch + 3 : v;
        } else if (lint_is(c, "ServerAlias")) {
            int j;
            for (j = 0; j < lint_nargs(c); j++) {
                APR_ARRAY_PUSH(names, const char *) = lint_arg(c, j);
            }
        }
    }
}

static void
httpd_server(builder_t *b, const lint_node_t *n, lint_location_t *main_loc)
{
    lint_server_t *s = server_new(b, n);
    apr_array_header_t *names = apr_array_make(b->p, 2, sizeof(const char *));
    int https = 0, port = 0, i;

    for (i = 0; n != b->ctx->config->root && i < lint_nargs(n); i++) {
        int p = 0;
        if (parse_listen(lint_arg(n, i), &p) && !port) {
            port = p;
        }
    }
    httpd_vhost_names(b, n, names, &https, &port);
    if (port == 443)
        https = 1;
    s->https = https;
    s->http_only = !https;
    { /* ServerName host:port */
        for (i = 0; i < names->nelts; i++) {
            const char *nm = APR_ARRAY_IDX(names, i, const char *);
            const char *colon = strrchr(nm, ':');
            if (colon && apr_isdigit(colon[1]) && !strchr(nm, ']')) {
                int p = atoi(colon + 1);
                APR_ARRAY_IDX(names, i, const char *) =
                    apr_pstrmemdup(b->p, nm, (apr_size_t)(colon - nm));
                if (!port)
                    port = p;
            }
        }
    }
    add_origins(b, s, names, https, port ? port : (https ? 443 : 80));
    s->server_loc = loc_new(b->p, n, LINT_LOC_SERVER, "/", NULL);
    if (main_loc) {
        s->server_loc->headers = apr_array_copy(b->p, main_loc->headers);
        for (i = 0; i < b->http_checks->nelts; i++) {
            APR_ARRAY_PUSH(s->origin_checks, lint_origin_check_t *) =
                APR_ARRAY_IDX(b->http_checks, i, lint_origin_check_t *);
        }
    }
    httpd_scope(b, s, s->server_loc, n, 1);
    /* httpd merges whatever the order in the file: a section gets the
     * Origin refusal of an enclosing scope written after it */
    for (i = 0; i < s->locations->nelts; i++) {
        lint_location_t *l = APR_ARRAY_IDX(s->locations, i, lint_location_t *);
        const lint_location_t *x;
        for (x = l->parent; x && !l->origin_reject; x = x->parent) {
            l->origin_reject = x->origin_reject;
        }
    }
    httpd_serving(b, s);
    APR_ARRAY_PUSH(b->m->servers, lint_server_t *) = s;
}

static void
find_vhosts(const lint_node_t *n, apr_array_header_t *out)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (c->is_block && lint_is(c, "VirtualHost")) {
            APR_ARRAY_PUSH(out, const lint_node_t *) = c;
        } else if (c->is_block
                   && (lint_is(c, "IfModule") || lint_is(c, "IfDefine")
                       || lint_is(c, "IfVersion") || lint_is(c, "IfFile"))) {
            find_vhosts(c, out);
        }
    }
}

static void
httpd_walk(builder_t *b)
{
    const lint_node_t *root = b->ctx->config->root;
    apr_array_header_t *vhosts = apr_array_make(b->p, 4, sizeof(lint_node_t *));
    int i;
    lint_server_t *main_s;

    httpd_origin_vars(b, root);
    /* the main server: its directives apply to every vhost */
    httpd_server(b, root, NULL);
    main_s = APR_ARRAY_IDX(b->m->servers, 0, lint_server_t *);
    for (i = 0; i < main_s->origin_checks->nelts; i++) {
        APR_ARRAY_PUSH(b->http_checks, lint_origin_check_t *) =
            APR_ARRAY_IDX(main_s->origin_checks, i, lint_origin_check_t *);
    }
    find_vhosts(root, vhosts);
    if (vhosts->nelts && !main_s->origin && !main_s->locations->nelts) {
        /* a main server with no name and no sections only carries
         * defaults: keep it out of the server list */
        int has_headers = main_s->server_loc->headers->nelts > 0;
        if (!has_headers) {
            b->m->servers->nelts = 0;
        }
    }
    for (i = 0; i < vhosts->nelts; i++) {
        httpd_server(b, APR_ARRAY_IDX(vhosts, i, const lint_node_t *),
                     main_s->server_loc);
    }
}

/* ---- allowed origins ---------------------------------------------------------------- */

/* A directive under n (args, recursively) reads var. */
static int
node_refs_var(const lint_node_t *n, const char *var)
{
    int i;
    if (lint_is(n, "Require") && lint_nargs(n) >= 2
        && !strcasecmp(lint_arg(n, 0), "env")) {
        for (i = 1; i < lint_nargs(n); i++) {
            if (!strcasecmp(lint_arg(n, i), var)) {
                return 1;
            }
        }
    }
    for (i = 0; i < lint_nargs(n); i++) {
        if (lint_refs_var(lint_arg(n, i), var)) {
            return 1;
        }
    }
    for (i = 0; n->children && i < n->children->nelts; i++) {
        if (node_refs_var(APR_ARRAY_IDX(n->children, i, lint_node_t *), var)) {
            return 1;
        }
    }
    return 0;
}

int
lint_check_used(const lint_server_t *s, const lint_origin_check_t *c)
{
    int i, j;
    if (!c->sets) {
        return 1;
    }
    if (node_refs_var(s->node, c->sets)) {
        return 1;
    }
    /* headers inherited from the http level / main server */
    for (i = -1; i < s->locations->nelts; i++) {
        const lint_location_t *l =
            i < 0 ? s->server_loc
                  : APR_ARRAY_IDX(s->locations, i, lint_location_t *);
        for (j = 0; j < l->headers->nelts; j++) {
            const lint_header_t *h =
                APR_ARRAY_IDX(l->headers, j, lint_header_t *);
            if (lint_refs_var(h->value, c->sets)
                || lint_refs_var(h->condition, c->sets)) {
                return 1;
            }
        }
    }
    return 0;
}

static void
allow(builder_t *b, lint_server_t *s, const char *origin,
      const lint_node_t *node, int from_regex)
{
    lint_allowed_t *a;
    ss_origin_t *o;
    ss_pattern_t *pat;
    if (from_regex
            ? ss_pattern_parse(&pat, b->p, origin) != SS_ORIGIN_OK
            : ss_origin_parse(&o, b->p, origin) != SS_ORIGIN_OK || o->is_null) {
        return; /* "null" is cors-null-origin's, never a frontend */
    }
    a = apr_pcalloc(b->p, sizeof(*a));
    a->origin = origin;
    a->node = node;
    a->from_regex = from_regex;
    APR_ARRAY_PUSH(s->allowed_origins, lint_allowed_t *) = a;
}

static void
collect_allowed(builder_t *b, lint_server_t *s)
{
    apr_array_header_t *scopes = lint_server_scopes(b->p, s);
    apr_array_header_t *used =
        apr_array_make(b->p, 4, sizeof(lint_origin_check_t *));
    int i, j, k;
    for (i = 0; i < scopes->nelts; i++) {
        lint_location_t *l = APR_ARRAY_IDX(scopes, i, lint_location_t *);
        for (j = 0; j < l->headers->nelts; j++) {
            lint_header_t *h = APR_ARRAY_IDX(l->headers, j, lint_header_t *);
            if (!strcmp(h->name, "access-control-allow-origin") && h->value
                && strcmp(h->action, "unset")) {
                allow(b, s, h->value, h->node, 0);
            }
        }
    }
    for (i = -1; i < scopes->nelts; i++) {
        lint_location_t *l =
            i < 0 ? NULL : APR_ARRAY_IDX(scopes, i, lint_location_t *);
        apr_array_header_t *checks = l ? l->origin_checks : s->origin_checks;
        for (j = 0; j < checks->nelts; j++) {
            lint_origin_check_t *c =
                APR_ARRAY_IDX(checks, j, lint_origin_check_t *);
            /* a deny list (a positive test that refuses) allows nothing */
            if ((c->reject && !c->negated) || !lint_check_used(s, c)) {
                continue;
            }
            APR_ARRAY_PUSH(used, lint_origin_check_t *) = c;
            for (k = 0; k < c->literals->nelts; k++) {
                allow(b, s, APR_ARRAY_IDX(c->literals, k, const char *),
                      c->node, 0);
            }
        }
    }
    /* literals first: an origin both listed and matched by a regex keeps
     * its literal source */
    for (j = 0; j < used->nelts; j++) {
        lint_origin_check_t *c = APR_ARRAY_IDX(used, j, lint_origin_check_t *);
        for (k = 0; c->intents && k < c->intents->nelts; k++) {
            const lint_regex_intent_t *it =
                APR_ARRAY_IDX(c->intents, k, const lint_regex_intent_t *);
            allow(b, s, it->pattern, c->node, 1);
        }
    }
}

lint_model_t *
lint_model_build(lint_ctx_t *ctx)
{
    builder_t b;
    lint_model_t *m = apr_pcalloc(ctx->pool, sizeof(*m));
    int i;

    m->config = ctx->config;
    m->dialect = ctx->config ? ctx->config->dialect : LINT_DIALECT_AUTO;
    m->servers = apr_array_make(ctx->pool, 4, sizeof(lint_server_t *));
    memset(&b, 0, sizeof(b));
    b.ctx = ctx;
    b.p = ctx->pool;
    b.m = m;
    b.origin_vars = apr_hash_make(ctx->pool);
    b.http_checks = apr_array_make(ctx->pool, 2, sizeof(lint_origin_check_t *));
    if (ctx->config) {
        if (m->dialect == LINT_DIALECT_NGINX) {
            nginx_maps(&b, ctx->config->root);
            nginx_walk(&b, ctx->config->root, NULL, NGX_INHERIT_ON);
        } else {
            httpd_walk(&b);
        }
    }
    for (i = 0; i < m->servers->nelts; i++) {
        collect_allowed(&b, APR_ARRAY_IDX(m->servers, i, lint_server_t *));
    }
    lint_model_cookies_build(ctx, m);
    return m;
}

void
lint_rules_run(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i, n;
    const lint_rule_t *r = lint_rule_registry(&n);
    for (i = 0; i < n; i++)
        r[i].check(ctx, m);
}
