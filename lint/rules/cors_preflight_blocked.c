/* cors-preflight-blocked: A CORS preflight (OPTIONS, never carrying credentials) hits
 * authentication or a backend that rejects OPTIONS: the browser never
 * sends the real request.  Fix: answer OPTIONS before auth
 * (SameSitePreflight Handle, `if ($request_method = OPTIONS) { return 204; }`,
 * <LimitExcept OPTIONS> around Require).
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cors-preflight-blocked`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cors_preflight_blocked(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i, j;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        apr_array_header_t *scopes = lint_server_scopes(ctx->pool, s);
        int module = s->samesite && s->samesite->engine_enforcing && s->samesite->cors_on
                     && s->samesite->preflight_handle;
        int cors = lint_server_has_credentials(ctx->pool, s)
                   || (s->samesite && s->samesite->cors_on);
        if (!cors || module) {
            continue;
        }
        for (j = 0; j < scopes->nelts; j++) {
            const lint_location_t *l = APR_ARRAY_IDX(scopes, j, lint_location_t *);
            if (l->auth && !l->options_handled
                && (l->auth->parent == l->node || l == s->server_loc)) {
                lint_report(ctx, "cors-preflight-blocked", l->auth,
                            "CORS preflights (OPTIONS, sent without credentials) to %s "
                            "hit this authentication and fail: answer OPTIONS first",
                            l->path);
            }
        }
    }
}
