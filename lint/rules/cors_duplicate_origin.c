/* cors-duplicate-origin: Two Access-Control-Allow-Origin values can be sent (two directives, a
 * proxied backend plus the proxy, `Header always` next to the backend's
 * header): browsers reject a response with more than one value.
 * Fix: hide/unset the backend's header (proxy_hide_header, `Header unset`
 * in the onsuccess table) or let mod_samesite replace it.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cors-duplicate-origin`, from the core catalog (common/ss_diag.c).
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

static void
httpd_check(lint_ctx_t *ctx, const lint_model_t *m, const lint_server_t *s,
            int module)
{
    int j, k;
    apr_array_header_t *scopes = lint_server_scopes(ctx->pool, s);
    for (j = 0; j < scopes->nelts; j++) {
        const lint_location_t *l = APR_ARRAY_IDX(scopes, j, lint_location_t *);
        apr_array_header_t *acao = lint_loc_headers(ctx->pool, l, "access-control-allow-origin");
        const lint_header_t *first = NULL, *always_set = NULL, *onsuccess = NULL;
        int sent = 0;
        for (k = 0; k < acao->nelts; k++) {
            const lint_header_t *h = APR_ARRAY_IDX(acao, k, lint_header_t *);
            if (!strcmp(h->action, "unset") || !strncmp(h->action, "edit", 4)) {
                if (!h->always) onsuccess = h;
                continue;
            }
            if (!first) first = h; else if (!h->condition || !first->condition) sent++;
            if (h->always) always_set = h; else onsuccess = h;
        }
        if (first && sent >= 1 && l->node == first->node->parent) {
            lint_report(ctx, "cors-duplicate-origin", first->node,
                        "Access-Control-Allow-Origin is added %d times here: browsers "
                        "reject a response with two values", sent + 1);
            continue;
        }
        if (!first || !l->proxy || module) {
            continue;
        }
        if (l->proxy_http && always_set && !onsuccess) {
            lint_report(ctx, "cors-duplicate-origin", always_set->node,
                        "`Header always set` writes the always table while mod_proxy_http "
                        "puts the backend's Access-Control-Allow-Origin in the other one: "
                        "both are sent; add `Header unset Access-Control-Allow-Origin` "
                        "(onsuccess) or let mod_samesite replace it");
        }
    }
    (void)m;
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
            httpd_check(ctx, m, s, module);
        }
    }
}
