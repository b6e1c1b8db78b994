/* cors-max-age-capped: Access-Control-Max-Age above what browsers honour (Chromium caps it at
 * 7200 s, Firefox at 86400 s): the value only misleads.  Fix: 7200 or less.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cors-max-age-capped`, from the core catalog (common/ss_diag.c).
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
check_cors_max_age_capped(lint_ctx_t *ctx, const lint_model_t *m, const lint_server_t *s,
                          const lint_location_t *l, const lint_header_t *h)
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
