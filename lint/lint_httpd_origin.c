/* lint_httpd_origin.c -- httpd's side of the model: where a configuration
 * tests the Origin and what it does with the answer.  The variables set
 * from the Origin (SetEnvIf, SetEnvIfExpr, RewriteCond + RewriteRule
 * [E=]), the origin checks of a scope (those, <If> / <ElseIf>, Header
 * expr=, Require expr) and the refusals they lead to (Require env, Allow
 * / Deny from env=, RewriteRule [F], Require all denied inside an <If> /
 * <Else>).  lint_httpd.c calls these while it walks a scope.
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
void
lint_httpd_origin_vars(builder_t *b, const lint_node_t *n)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        const char *var = httpd_origin_var(b->p, c);
        if (var) {
            apr_hash_set(b->origin_vars, var, APR_HASH_KEY_STRING, "1");
        }
        if (c->is_block) {
            lint_httpd_origin_vars(b, c);
        }
    }
}

/* An ap_expr testing the Origin: =~ / !~ m#RE#, == / != 'lit', in {...},
 * -strmatch.  NULL when expr does not compare the Origin. */
lint_origin_check_t *
lint_httpd_origin_expr(builder_t *b, const lint_node_t *n, const char *expr)
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
void
lint_httpd_origin_check(builder_t *b, lint_location_t *l, const lint_node_t *n,
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
            lint_httpd_origin_expr(b, n, apr_array_pstrcat(b->p, n->args, ' '));
        if (c) {
            APR_ARRAY_PUSH(checks, lint_origin_check_t *) = c;
        }
    } else if (lint_is(n, "SetEnvIfExpr") && lint_nargs(n) >= 2) {
        lint_origin_check_t *c = lint_httpd_origin_expr(b, n, lint_arg(n, 0));
        if (c) {
            c->sets = c->negated ? NULL : httpd_origin_var(b->p, n);
            APR_ARRAY_PUSH(checks, lint_origin_check_t *) = c;
        }
    } else if (lint_is(n, "Require") && lint_nargs(n) >= 2
               && !strcasecmp(lint_arg(n, 0), "expr")) {
        lint_origin_check_t *c = lint_httpd_origin_expr(
            b, n, apr_array_pstrcat(b->p, n->args, ' ') + 5);
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
void
lint_httpd_require_reject(builder_t *b, lint_location_t *l,
                          const lint_node_t *n)
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
void
lint_httpd_if_reject(builder_t *b, lint_location_t *l, const lint_node_t *blk,
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
