/* cors-missing-vary: CORS headers that depend on the request's Origin without Vary: Origin:
 * a cache (browser or CDN) can serve one origin's response to another,
 * breaking CORS or leaking.  Fix: add Vary: Origin wherever the
 * Access-Control-Allow-Origin value depends on the Origin.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cors-missing-vary`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

static void
check_cors_missing_vary(lint_ctx_t *ctx, const lint_model_t *m, const lint_server_t *s,
                        const lint_location_t *l, const lint_header_t *h)
{
    (void)m;
    (void)s;
    if (!strcmp(h->name, "access-control-allow-origin") && h->origin_dependent
        && !lint_scope_varies_on_origin(l)) {
        lint_report(ctx, "cors-missing-vary", h->node,
                    "Access-Control-Allow-Origin depends on the Origin but "
                    "the response has no Vary: Origin: caches mix origins");
    }
}

void
lint_rule_cors_missing_vary(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_header(ctx, m, check_cors_missing_vary);
}
