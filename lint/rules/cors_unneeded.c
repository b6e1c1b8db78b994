/* cors-unneeded: CORS configured where every frontend is same-origin.
 *
 * What:
 *   Finds CORS headers on a host whose declared frontends are all
 *   same-origin.
 * Why:
 *   Same-origin requests never need CORS. Extra Access-Control-* headers
 *   only widen what other origins might read if the allowlist ever goes
 *   wrong.
 * Example:
 *   path-based gateway https://platform.example.com serving /app and /api with Access-Control-Allow-Origin
 * Use instead:
 *   Remove the CORS headers (mod_samesite: SameSiteCORS Off).
 * References:
 *   seed 002 (single gateway: CORS overhead none).
 *
 * The same text is printed by `samesite-lint --explain cors-unneeded`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cors_unneeded(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i, j, k;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        apr_array_header_t *scopes = lint_server_scopes(ctx->pool, s);
        const lint_header_t *acao = NULL;
        int dependent = 0;
        if (!s->topology || s->topology->worst > SS_CLASS_SAME_ORIGIN) {
            continue;
        }
        for (j = 0; j < scopes->nelts; j++) {
            const lint_location_t *l =
                APR_ARRAY_IDX(scopes, j, lint_location_t *);
            for (k = 0; k < l->headers->nelts; k++) {
                const lint_header_t *h =
                    APR_ARRAY_IDX(l->headers, k, lint_header_t *);
                if (!strcmp(h->name, "access-control-allow-origin")
                    && strcmp(h->action, "unset")) {
                    if (!acao)
                        acao = h;
                    if (h->origin_dependent
                        || (h->value && !strcmp(h->value, "*")))
                        dependent = 1;
                }
            }
        }
        if (acao && !dependent && !lint_has_origin_check(ctx->pool, s)) {
            lint_report(
                ctx, "cors-unneeded", acao->node,
                "every frontend of %s is same-origin: this CORS header is not "
                "needed",
                ss_origin_str(ctx->pool, s->origin));
        } else if (!acao && s->samesite && s->samesite->engine_on
                   && s->samesite->cors_credentials && !s->frontends->nelts) {
            /* SameSiteCORS On only: Public serves any origin, it needs
             * no frontend and is never unneeded */
            lint_report(
                ctx, "cors-unneeded", s->samesite->engine,
                "SameSiteCORS On without any cross-origin SameSiteFrontend: "
                "every caller of %s is same-origin",
                ss_origin_str(ctx->pool, s->origin));
        }
    }
}
