/* cors-max-age-capped: Max-Age above what browsers honour.
 *
 * What:
 *   Finds Access-Control-Max-Age larger than 7200 seconds.
 * Why:
 *   Chromium caps the preflight cache at 2 hours (7200 s), Firefox at 24
 *   hours; a larger value is silently reduced, so it does not do what it
 *   says.
 * Example:
 *   add_header Access-Control-Max-Age 86400;
 * Use instead:
 *   Use 7200 or less (mod_samesite's default is 7200).
 * References:
 *   Chromium cors preflight cache cap; seed 003 (Max-Age).
 *
 * The same text is printed by `samesite-lint --explain cors-max-age-capped`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

static void
max_age_directive(lint_ctx_t *ctx, const lint_node_t *n)
{
    const char *v = lint_arg(n, 0);
    const char *why = v ? ss_cors_max_age_check(ctx->pool, atol(v)) : NULL;
    if (why) {
        lint_report(ctx, "cors-max-age-capped", n, "SameSiteCORSMaxAge %s: %s",
                    v, why);
    }
}

static void
check_cors_max_age_capped(lint_ctx_t *ctx, const lint_model_t *m,
                          const lint_server_t *s, const lint_location_t *l,
                          const lint_header_t *h)
{
    (void)m;
    (void)s;
    const char *why;
    if (strcmp(h->name, "access-control-max-age") || !h->value) {
        return;
    }
    why = ss_cors_max_age_check(ctx->pool, atol(h->value));
    if (why) {
        lint_report(ctx, "cors-max-age-capped", h->node,
                    "Access-Control-Max-Age %s: %s", h->value, why);
    }
}

void
lint_rule_cors_max_age_capped(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_header(ctx, m, check_cors_max_age_capped);
    lint_each_directive(ctx, m, "SameSiteCORSMaxAge", max_age_directive);
}
