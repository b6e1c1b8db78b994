/* cors-wildcard-credentials: Access-Control-Allow-Origin: * together with Access-Control-Allow-Credentials: true.
 * Browsers refuse the response: with credentials the allowed origin must be
 * the exact requesting origin (Fetch, CORS check).  Fix: echo one origin
 * from an allowlist, or drop credentials for a public resource.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cors-wildcard-credentials`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

static void
check_cors_wildcard_credentials(lint_ctx_t *ctx, const lint_model_t *m, const lint_server_t *s,
                                const lint_location_t *l, const lint_header_t *h)
{
    (void)m;
    (void)s;
    if (!strcmp(h->name, "access-control-allow-origin") && h->value
        && !strcmp(h->value, "*") && lint_has_credentials(l)) {
        lint_report(ctx, "cors-wildcard-credentials", h->node,
                    "Access-Control-Allow-Origin \"*\" with "
                    "Access-Control-Allow-Credentials: true: browsers "
                    "reject the response; echo an allowlisted origin");
    }
}

void
lint_rule_cors_wildcard_credentials(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_header(ctx, m, check_cors_wildcard_credentials);
}
