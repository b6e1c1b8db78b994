/* rule_util.c -- helpers shared by the rules. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <string.h>
#include <apr_strings.h>
#include "rules/rule_util.h"

int
lint_headers_have_credentials(const apr_array_header_t *hs)
{
    int i;
    for (i = 0; hs && i < hs->nelts; i++) {
        const lint_header_t *h = APR_ARRAY_IDX(hs, i, lint_header_t *);
        if (!strcmp(h->name, "access-control-allow-credentials") && h->value
            && !strcasecmp(h->value, "true") && strcmp(h->action, "unset")) {
            return 1;
        }
    }
    return 0;
}

int
lint_has_credentials(const lint_location_t *l)
{
    return l && lint_headers_have_credentials(l->headers);
}

int
lint_server_has_credentials(apr_pool_t *p, const lint_server_t *s)
{
    apr_array_header_t *scopes = lint_server_scopes(p, s);
    int i;
    /* SameSiteCORS Public never allows credentials */
    if (s->samesite && s->samesite->engine_enforcing
        && s->samesite->cors_credentials) {
        return 1;
    }
    for (i = 0; i < scopes->nelts; i++) {
        if (lint_has_credentials(APR_ARRAY_IDX(scopes, i, lint_location_t *))) {
            return 1;
        }
    }
    return 0;
}

int
lint_value_echoes_origin(const char *v)
{
    return lint_mentions_origin(v);
}

int
lint_has_origin_check(apr_pool_t *p, const lint_server_t *s)
{
    apr_array_header_t *lists = lint_origin_check_lists(p, s);
    const char *unused = NULL;
    int i, j;
    for (i = 0; i < lists->nelts; i++) {
        const apr_array_header_t *checks =
            APR_ARRAY_IDX(lists, i, const apr_array_header_t *);
        for (j = 0; j < checks->nelts; j++) {
            const lint_origin_check_t *c =
                APR_ARRAY_IDX(checks, j, lint_origin_check_t *);
            /* the entries of one map set the same variable: asked once */
            if (c->sets && c->sets == unused) {
                continue;
            }
            if (lint_check_used(s, c)) {
                return 1;
            }
            unused = c->sets;
        }
    }
    return 0;
}

/* The origin checks of one list that guard h (see below). */
static int
guards(const apr_array_header_t *checks, const lint_header_t *h)
{
    const lint_node_t *blk = h->node->parent;
    const char *unread = NULL;
    int i;
    for (i = 0; i < checks->nelts; i++) {
        const lint_origin_check_t *c =
            APR_ARRAY_IDX(checks, i, lint_origin_check_t *);
        if (c->any && !c->negated) {
            continue; /* `SetEnvIf Origin "(.+)"` lets every origin by */
        }
        /* inside the nginx if / <If> that tests the Origin, or the
         * Header's own expr= */
        if ((c->node == blk || c->node == h->node) && !c->negated) {
            return 1;
        }
        /* env=VAR, if ($cors_ok), expr=reqenv('VAR') ...; the entries of
         * one map set the same variable: read once */
        if (c->sets && h->condition && c->sets != unread) {
            if (lint_refs_var(h->condition, c->sets)) {
                return 1;
            }
            unread = c->sets;
        }
        /* <Else> of an <If> that refuses the Origin: the allowed branch */
        if (c->negated && blk && lint_is(blk, "Else") && blk->parent
            && blk->parent->children) {
            const lint_node_t *prev = NULL;
            int j;
            for (j = 0; j < blk->parent->children->nelts; j++) {
                const lint_node_t *x =
                    APR_ARRAY_IDX(blk->parent->children, j, lint_node_t *);
                if (x == blk) {
                    break;
                }
                prev = x;
            }
            if (prev == c->node) {
                return 1;
            }
        }
    }
    return 0;
}

int
lint_header_origin_guarded(apr_pool_t *p, const lint_server_t *s,
                           const lint_location_t *l, const lint_header_t *h)
{
    int i;
    (void)p;
    if (l->origin_reject || guards(s->origin_checks, h)
        || guards(s->server_loc->origin_checks, h)) {
        return 1;
    }
    for (i = 0; i < s->locations->nelts; i++) {
        if (guards(APR_ARRAY_IDX(s->locations, i, lint_location_t *)
                       ->origin_checks,
                   h)) {
            return 1;
        }
    }
    return 0;
}

apr_array_header_t *
lint_origin_check_lists(apr_pool_t *p, const lint_server_t *s)
{
    apr_array_header_t *out =
        apr_array_make(p, s->locations->nelts + 2, sizeof(void *));
    int i;
    APR_ARRAY_PUSH(out, const apr_array_header_t *) = s->origin_checks;
    for (i = 0; i < s->locations->nelts; i++) {
        APR_ARRAY_PUSH(out, const apr_array_header_t *) =
            APR_ARRAY_IDX(s->locations, i, lint_location_t *)->origin_checks;
    }
    APR_ARRAY_PUSH(out, const apr_array_header_t *) =
        s->server_loc->origin_checks;
    return out;
}

apr_array_header_t *
lint_all_origin_checks(apr_pool_t *p, const lint_server_t *s)
{
    apr_array_header_t *out = apr_array_copy(p, s->origin_checks);
    int i, j;
    for (i = 0; i < s->locations->nelts; i++) {
        const lint_location_t *l =
            APR_ARRAY_IDX(s->locations, i, lint_location_t *);
        for (j = 0; j < l->origin_checks->nelts; j++) {
            APR_ARRAY_PUSH(out, lint_origin_check_t *) =
                APR_ARRAY_IDX(l->origin_checks, j, lint_origin_check_t *);
        }
    }
    for (j = 0; j < s->server_loc->origin_checks->nelts; j++) {
        APR_ARRAY_PUSH(out, lint_origin_check_t *) = APR_ARRAY_IDX(
            s->server_loc->origin_checks, j, lint_origin_check_t *);
    }
    return out;
}

const lint_node_t *
lint_node_allowing(apr_pool_t *p, const lint_server_t *s, const char *origin)
{
    apr_array_header_t *scopes = lint_server_scopes(p, s);
    apr_array_header_t *checks = lint_all_origin_checks(p, s);
    int i, j;
    for (i = 0; i < scopes->nelts; i++) {
        const lint_location_t *l = APR_ARRAY_IDX(scopes, i, lint_location_t *);
        for (j = 0; j < l->headers->nelts; j++) {
            const lint_header_t *h =
                APR_ARRAY_IDX(l->headers, j, lint_header_t *);
            if (h->value && !strcmp(h->value, origin)) {
                return h->node;
            }
        }
    }
    for (i = 0; i < checks->nelts; i++) {
        const lint_origin_check_t *c =
            APR_ARRAY_IDX(checks, i, lint_origin_check_t *);
        for (j = 0; j < c->literals->nelts; j++) {
            if (!strcmp(APR_ARRAY_IDX(c->literals, j, const char *), origin)) {
                return c->node;
            }
        }
    }
    return NULL;
}

int
lint_scope_varies_on_origin(const lint_location_t *l)
{
    int i;
    for (i = 0; i < l->headers->nelts; i++) {
        const lint_header_t *h = APR_ARRAY_IDX(l->headers, i, lint_header_t *);
        if (!strcmp(h->name, "vary") && h->value
            && (ss_header_has_token(h->value, "Origin")
                || ss_header_has_token(h->value, "*"))) {
            return 1;
        }
    }
    return 0;
}

void
lint_each_header(lint_ctx_t *ctx, const lint_model_t *m, lint_header_fn *fn)
{
    int i, j, k;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        apr_array_header_t *scopes = lint_server_scopes(ctx->pool, s);
        for (j = 0; j < scopes->nelts; j++) {
            const lint_location_t *l =
                APR_ARRAY_IDX(scopes, j, lint_location_t *);
            for (k = 0; k < l->headers->nelts; k++) {
                fn(ctx, m, s, l, APR_ARRAY_IDX(l->headers, k, lint_header_t *));
            }
        }
    }
}

static void
each(lint_ctx_t *ctx, const lint_node_t *n, const char *name,
     void (*fn)(lint_ctx_t *, const lint_node_t *))
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (c->is_block) {
            each(ctx, c, name, fn);
        } else if (!name || !strcasecmp(c->name, name)) {
            fn(ctx, c);
        }
    }
}

void
lint_each_directive(lint_ctx_t *ctx, const lint_model_t *m, const char *name,
                    void (*fn)(lint_ctx_t *, const lint_node_t *))
{
    if (m->config && m->config->root) {
        each(ctx, m->config->root, name, fn);
    }
}

int
lint_rewrite_excludes(apr_pool_t *p, const lint_node_t *rule, const char *path)
{
    const lint_node_t *parent = rule->parent;
    int i, idx = -1;
    if (!parent || !parent->children) {
        return 0;
    }
    for (i = 0; i < parent->children->nelts; i++) {
        if (APR_ARRAY_IDX(parent->children, i, lint_node_t *) == rule) {
            idx = i;
        }
    }
    for (i = idx - 1; i >= 0; i--) {
        const lint_node_t *c =
            APR_ARRAY_IDX(parent->children, i, lint_node_t *);
        const char *re = lint_arg(c, 1);
        if (!lint_is(c, "RewriteCond")) {
            break;
        }
        if (re && re[0] == '!' && lint_regex_matches(p, re + 1, 0, path) == 1) {
            return 1;
        }
    }
    return 0;
}

int
lint_header_has_twin(const lint_location_t *l, const lint_header_t *h)
{
    int i;
    for (i = 0; i < l->headers->nelts; i++) {
        const lint_header_t *o = APR_ARRAY_IDX(l->headers, i, lint_header_t *);
        if (o != h && !strcmp(o->name, h->name) && o->always != h->always
            && !strncmp(o->action, h->action, 4)) {
            return 1;
        }
    }
    return 0;
}

const lint_node_t *
lint_websocket_here(const lint_server_t *s, const lint_location_t *l)
{
    return l->websocket
                   && (l->websocket->parent == l->node || l == s->server_loc)
               ? l->websocket
               : NULL;
}

int
lint_server_partitions(const lint_server_t *s)
{
    int i;
    if (s->samesite && s->samesite->engine_enforcing) {
        return 1;
    }
    for (i = 0; i < s->cookies->nelts; i++) {
        if (APR_ARRAY_IDX(s->cookies, i, lint_cookie_t *)->partitioned == 1) {
            return 1;
        }
    }
    return 0;
}

static int
mentions(const lint_node_t *n, const char *const *what)
{
    int i, j;
    for (i = 0; i < lint_nargs(n); i++) {
        const char *a = lint_arg(n, i);
        /* every needle starts with 's' or 'c': only there can one begin
         * (strcasestr's setup per call is most of its cost on short args) */
        for (; *a; a++) {
            if ((*a | 0x20) != 's' && (*a | 0x20) != 'c') {
                continue;
            }
            for (j = 0; what[j]; j++) {
                if (!strncasecmp(a, what[j], strlen(what[j]))) {
                    return 1;
                }
            }
        }
    }
    for (i = 0; n->children && i < n->children->nelts; i++) {
        if (mentions(APR_ARRAY_IDX(n->children, i, lint_node_t *), what)) {
            return 1;
        }
    }
    return 0;
}

int
lint_mentions_fetch_metadata(const lint_server_t *s)
{
    static const char *const what[] = { "sec-fetch-site", "sec_fetch_site",
                                        "csrf", NULL };
    return mentions(s->node, what);
}

/* ---- samesite-directive-invalid --------------------------------------------- */

/* Every SameSite* line through the core's table, the code httpd runs for
 * mod_samesite at configtest: the same words accepted, the same message
 * (tests/directive-values.txt is checked against both). */
static void
check_directive(lint_ctx_t *ctx, const lint_node_t *n)
{
    const char *err;

    if (strncasecmp(n->name, "SameSite", 8)) {
        return;
    }
    err = ss_settings_set(ss_settings_create(ctx->pool), ctx->pool,
                          lint_samesite_env(ctx), n->name, lint_nargs(n),
                          n->args ? (const char *const *)n->args->elts : NULL);
    if (err) {
        lint_report(ctx, "samesite-directive-invalid", n, "%s", err);
    }
}

void
lint_check_samesite_directives(lint_ctx_t *ctx, const lint_model_t *m)
{
    if (m->dialect == LINT_DIALECT_HTTPD) {
        lint_each_directive(ctx, m, NULL, check_directive);
    }
}
