/* lint_httpd.c -- httpd's side of the model: the main server and each
 * <VirtualHost>, their sections (<Location>, <Directory>, <Files>, ...
 * with <If> / <Limit> / <IfModule> looked through), origin checks
 * (SetEnvIf, RewriteCond, <If>, Require expr), and which backend
 * (mod_proxy_http, CGI / FastCGI / SCGI) answers which scope.
 * Server-level and section-level Header directives all apply (sections
 * after the server); `Header` writes the onsuccess table (headers_out),
 * `Header always` the always table (err_headers_out).
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
        c = lint_check_new(b, n, "if-expr",
                           apr_pstrmemdup(b->p, s, (apr_size_t)(end - s)),
                           end[1] == 'i', NULL);
    } else {
        const char *q = strchr(expr, '\'');
        c = lint_check_new(b, n, "if-expr", NULL, 0, NULL);
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
            lint_check_new(b, n, "setenvif", lint_arg(n, 1),
                           lint_is(n, "SetEnvIfNoCase"), name);
    } else if (lint_is(n, "RewriteCond") && lint_nargs(n) >= 2
               && strcasestr(lint_arg(n, 0), "%{HTTP:Origin}")) {
        const char *re = lint_arg(n, 1);
        const char *flags = lint_arg(n, 2);
        const char *var;
        int neg = re[0] == '!';
        lint_origin_check_t *c;
        if (re[neg] == '=') {
            c = lint_check_new(b, n, "rewritecond", NULL, 0, NULL);
            APR_ARRAY_PUSH(c->literals, const char *) = re + neg + 1;
        } else {
            c = lint_check_new(b, n, "rewritecond", re + neg,
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

int
lint_httpd_header_cond_at(const char *action, int i)
{
    return !strcasecmp(action, "unset") || !strcasecmp(action, "echo") ? i + 2
           : !strncasecmp(action, "edit", 4)                           ? i + 4
                                                                       : i + 3;
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
    action = lint_lower(b->p, lint_arg(n, i));
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
        /* mod_headers' header_cmd: the condition is the word after the
         * value (after the replacement for edit; unset and echo take
         * none), so "expr=..." in the value's place is an ap_expr value */
        int at = lint_httpd_header_cond_at(action, i);
        const char *w = at < na ? lint_arg(n, at) : NULL;
        if (w && (!strncasecmp(w, "env=", 4) || !strncasecmp(w, "expr=", 5))) {
            c = w;
        }
    }
    return lint_header_new(b, n, name, action, value, always, c);
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
    } else if ((lint_is(c, "WSGIScriptAlias")
                || lint_is(c, "WSGIScriptAliasMatch"))
               && na >= 1) {
        /* mod_wsgi puts the application's headers in headers_out, as
         * mod_proxy_http does (measured: Debian mod_wsgi 4.9, embedded
         * and daemon mode) */
        backend_add(b, s, l, c, 0, 1, na >= 2 ? lint_arg(c, 0) : NULL,
                    lint_is(c, "WSGIScriptAliasMatch"),
                    na >= 2 ? lint_arg(c, 1) : NULL);
    } else if ((lint_is(c, "SetHandler") || lint_is(c, "AddHandler"))
               && na >= 1) {
        const char *h = lint_arg(c, 0);
        if (!strcasecmp(h, "cgi-script") || !strcasecmp(h, "fcgid-script")) {
            k = 1;
        } else if (!strcasecmp(h, "wsgi-script")
                   || !strcasecmp(h, "application/x-httpd-php")) {
            k = 0; /* mod_wsgi, mod_php: headers_out (measured) */
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
    l = lint_loc_new(b->p, c, kind, lint_arg(c, 0), parent);
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

/* Directory paths: nested on segment boundaries (/srv/www is not above
 * /srv/www2: lint_httpd_dirs_overlap); a DirectoryMatch as url_overlap */
static int
dir_overlap(apr_pool_t *p, const char *a, int a_re, const char *b, int b_re)
{
    return a_re || b_re ? url_overlap(p, a, a_re, b, b_re)
                        : a && b && lint_httpd_dirs_overlap(p, a, b);
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
        return dir_overlap(p, a->path, lint_is(a->node, "DirectoryMatch"),
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
                   && dir_overlap(p, l->path,
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
    lint_server_t *s = lint_server_new(b, n);
    apr_array_header_t *names = apr_array_make(b->p, 2, sizeof(const char *));
    int https = 0, port = 0, i;

    for (i = 0; n != b->ctx->config->root && i < lint_nargs(n); i++) {
        int p = 0;
        if (lint_listen_port(lint_arg(n, i), &p) && !port) {
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
    lint_add_origins(b, s, names, https, port ? port : (https ? 443 : 80));
    s->server_loc = lint_loc_new(b->p, n, LINT_LOC_SERVER, "/", NULL);
    if (main_loc) {
        s->server_loc->headers = apr_array_copy(b->p, main_loc->headers);
    }
    httpd_scope(b, s, s->server_loc, n, 1);
    if (main_loc) {
        /* the main server's checks come first; a vhost without checks of
         * its own shares the main server's array (a copy per vhost made
         * the model quadratic in a shared SetEnvIf allowlist).  Only the
         * vhost's own checks matter while its scope is built. */
        if (!s->origin_checks->nelts) {
            s->origin_checks = b->http_checks;
        } else {
            apr_array_header_t *own = s->origin_checks;
            s->origin_checks = apr_array_copy(b->p, b->http_checks);
            apr_array_cat(s->origin_checks, own);
        }
    }
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

void
lint_httpd_model_build(builder_t *b)
{
    httpd_walk(b);
}
