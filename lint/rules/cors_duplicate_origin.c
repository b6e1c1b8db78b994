/* cors-duplicate-origin: two Access-Control-Allow-Origin values can be sent.
 *
 * What:
 *   Finds configurations where the proxy and the proxied backend (or two
 *   directives) both emit Access-Control-Allow-Origin.
 * Why:
 *   With two ACAO headers (or one with two values) the browser rejects the
 *   response: 'The Access-Control-Allow-Origin header contains multiple
 *   values'. This happens when a proxy adds CORS on top of a backend that
 *   already does.
 * Example:
 *   location /api/ { proxy_pass http://backend; add_header Access-Control-Allow-Origin $http_origin; }
 * Use instead:
 *   Emit CORS in exactly one place: proxy_hide_header
 *   Access-Control-Allow-Origin (nginx) / Header unset before set (Apache),
 *   or let mod_samesite replace the backend's headers.
 * References:
 *   Fetch standard, CORS check; seed 003 (debugging trick).
 *
 * The same text is printed by `samesite-lint --explain cors-duplicate-origin`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

static int
hides_acao(const lint_location_t *l)
{
    int k;
    for (k = 0; l->hidden && k < l->hidden->nelts; k++) {
        if (!strcmp(APR_ARRAY_IDX(l->hidden, k, const char *),
                    "access-control-allow-origin")) {
            return 1;
        }
    }
    return 0;
}

/* nginx: per configuration level (server, location, `if` in a location:
 * the levels are exclusive, a request gets the headers of exactly one),
 * every add_header adds a value; a proxied backend's value is only
 * removed by proxy_hide_header (inherited from the outer levels when the
 * level has none). */
static void
nginx_check(lint_ctx_t *ctx, const lint_server_t *s, int module)
{
    apr_array_header_t *levels = lint_server_levels(ctx->pool, s);
    int j, k;
    for (j = 0; j < levels->nelts; j++) {
        const lint_location_t *l = APR_ARRAY_IDX(levels, j, lint_location_t *);
        apr_array_header_t *hs = lint_level_headers(ctx->pool, l);
        const lint_header_t *first = NULL;
        int n = 0;
        for (k = 0; k < hs->nelts; k++) {
            const lint_header_t *h = APR_ARRAY_IDX(hs, k, lint_header_t *);
            if (strcmp(h->name, "access-control-allow-origin")
                || (strcmp(h->action, "add") && strcmp(h->action, "more_set"))) {
                continue;
            }
            if (!first) {
                first = h;
            }
            n++;
        }
        if (n >= 2) {
            lint_report(ctx, "cors-duplicate-origin", first->node,
                        "Access-Control-Allow-Origin is added %d times here: browsers "
                        "reject a response with two values", n);
        }
        else if (first && l->proxy_http && !hides_acao(l) && !module) {
            lint_report(ctx, "cors-duplicate-origin", first->node,
                        "proxied location %s adds Access-Control-Allow-Origin but does "
                        "not `proxy_hide_header Access-Control-Allow-Origin`: if the "
                        "backend sends one too, the browser gets two and rejects both",
                        l->path);
        }
    }
}

/* httpd: mod_headers keeps two tables and a response carries both
 * (ap_http_header_filter overlays err_headers_out on headers_out):
 * `Header` acts on headers_out, `Header always` on err_headers_out, so
 * `Header set X` next to `Header always set X` sends X twice (measured,
 * Apache 2.4).  Per table, in merge order (server config, vhost, then
 * the sections, each in the order written): set replaces, add adds,
 * append/merge put a second origin into the existing value, setifempty
 * only fills an empty one, unset empties it; edit/echo/note add no value.
 * A value set under a condition (env=, expr=, <If>) may be absent; two
 * adds under different conditions are taken as alternatives. */
typedef struct {
    const lint_header_t *src[8];   /* what the values come from (NULL: the
                                      proxied backend) */
    int n;
    const char *cond;              /* the one condition of every value, or
                                      NULL when one is unconditional */
} table_t;

static void
push(table_t *t, const lint_header_t *h)
{
    if (t->n < 8) {
        t->src[t->n] = h;
    }
    if (!t->n) {
        t->cond = h ? h->condition : NULL;
    }
    else if (!h || !h->condition || !t->cond || strcmp(t->cond, h->condition)) {
        t->cond = NULL;
    }
    t->n++;
}

static void
apply(table_t *t, const lint_header_t *h)
{
    const char *a = h->action;
    int alternative = h->condition && t->n && t->cond && strcmp(t->cond, h->condition);
    if (!strcmp(a, "set")) {
        if (!h->condition || !t->n) {
            t->n = 0;
            push(t, h);
        }
    }
    else if (!strcmp(a, "add") || !strcmp(a, "append") || !strcmp(a, "merge")) {
        /* append / merge join the values with ", ": still two origins,
         * unless merge finds the very same value */
        if (!strcmp(a, "merge") && t->n && t->src[0] && t->src[0]->value && h->value
            && !strcmp(t->src[0]->value, h->value)) {
            return;
        }
        if (!alternative) {
            push(t, h);
        }
    }
    else if (!strcmp(a, "setifempty")) {
        if (!t->n) {
            push(t, h);
        }
    }
    else if (!strcmp(a, "unset") && !h->condition) {
        t->n = 0;
        t->cond = NULL;
    }
}

/* The directive is written in scope l (its nearest section, through <If>
 * and other wrappers), or l is the vhost and it comes from outside. */
static int
written_in(const lint_header_t *h, const lint_location_t *l, const lint_server_t *s)
{
    const lint_node_t *b;
    for (b = h->node->parent; b; b = b->parent) {
        if (lint_is(b, "Location") || lint_is(b, "LocationMatch")
            || lint_is(b, "Directory") || lint_is(b, "DirectoryMatch")
            || lint_is(b, "Files") || lint_is(b, "FilesMatch")
            || lint_is(b, "VirtualHost")) {
            return b == l->node;
        }
    }
    return l == s->server_loc;
}

static void
httpd_check(lint_ctx_t *ctx, const lint_server_t *s, int module)
{
    int j, k;
    apr_array_header_t *scopes = lint_server_scopes(ctx->pool, s);
    for (j = 0; j < scopes->nelts; j++) {
        const lint_location_t *l = APR_ARRAY_IDX(scopes, j, lint_location_t *);
        apr_array_header_t *acao = lint_loc_headers(ctx->pool, l, "access-control-allow-origin");
        table_t out, err;
        const lint_header_t *all[16], *culprit, *other;
        int n = 0, backend = l->proxy_http && !module;
        memset(&out, 0, sizeof(out));
        memset(&err, 0, sizeof(err));
        if (backend) {
            push(&out, NULL);   /* mod_proxy_http: the backend's, in headers_out */
        }
        for (k = 0; k < acao->nelts; k++) {
            const lint_header_t *h = APR_ARRAY_IDX(acao, k, lint_header_t *);
            apply(h->always ? &err : &out, h);
        }
        if (out.n + err.n < 2) {
            continue;
        }
        /* the values, always table first (ap_http_header_filter's order) */
        for (k = 0; k < err.n && k < 8 && n < 16; k++) all[n++] = err.src[k];
        for (k = 0; k < out.n && k < 8 && n < 16; k++) all[n++] = out.src[k];
        if (backend && out.n == 1 && !out.src[0] && err.n >= 1) {
            culprit = err.src[err.n > 8 ? 7 : err.n - 1];
            if (written_in(culprit, l, s)) {
                lint_report(ctx, "cors-duplicate-origin", culprit->node,
                            "`Header always %s` writes the always table while "
                            "mod_proxy_http puts the backend's Access-Control-Allow-Origin "
                            "in the other one: both are sent; add `Header unset "
                            "Access-Control-Allow-Origin` (onsuccess) or let mod_samesite "
                            "replace it", culprit->action);
            }
            continue;
        }
        /* the culprit is the value that comes last in merge order (the
         * one that made it two); the first other value for the message */
        culprit = NULL;
        other = NULL;
        for (k = acao->nelts - 1; k >= 0 && !culprit; k--) {
            int v;
            for (v = 0; v < n; v++) {
                if (all[v] && all[v] == APR_ARRAY_IDX(acao, k, lint_header_t *)) {
                    culprit = all[v];
                }
            }
        }
        for (k = 0; k < n && !other; k++) {
            if (all[k] && all[k] != culprit) {
                other = all[k];
            }
        }
        if (!culprit || !written_in(culprit, l, s)) {
            continue;
        }
        if (!other) {
            lint_report(ctx, "cors-duplicate-origin", culprit->node,
                        "`Header%s %s Access-Control-Allow-Origin` adds a second value "
                        "to the proxied backend's: browsers reject a response with two",
                        culprit->always ? " always" : "", culprit->action);
        }
        else if (other->always != culprit->always) {
            lint_report(ctx, "cors-duplicate-origin", culprit->node,
                        "Access-Control-Allow-Origin is in both of mod_headers' tables "
                        "here (`Header%s %s` and `Header%s %s` at %s:%d): the response "
                        "carries both values and browsers reject it",
                        culprit->always ? " always" : "", culprit->action,
                        other->always ? " always" : "", other->action,
                        other->node->file, other->node->line);
        }
        else {
            lint_report(ctx, "cors-duplicate-origin", culprit->node,
                        "`Header%s %s Access-Control-Allow-Origin` adds a second value "
                        "to the one from %s:%d: browsers reject a response with two",
                        culprit->always ? " always" : "", culprit->action,
                        other->node->file, other->node->line);
        }
    }
}

void
lint_rule_cors_duplicate_origin(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        int module = s->samesite && s->samesite->engine_enforcing && s->samesite->cors_on;
        if (m->dialect == LINT_DIALECT_NGINX) {
            nginx_check(ctx, s, module);
        }
        else {
            httpd_check(ctx, s, module);
        }
    }
}
