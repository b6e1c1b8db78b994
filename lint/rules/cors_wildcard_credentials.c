/* cors-wildcard-credentials: Access-Control-Allow-Origin: * with credentials allowed.
 *
 * What:
 *   Finds `Access-Control-Allow-Origin: *` together with
 *   `Access-Control-Allow-Credentials: true`.
 * Why:
 *   The browser refuses credentialed responses with a wildcard origin ('must
 *   not be the wildcard * when the request's credentials mode is include'):
 *   cookies are not sent or stored and the response is unreadable.
 * Example:
 *   add_header Access-Control-Allow-Origin * always;
 *   add_header Access-Control-Allow-Credentials true always;
 * Use instead:
 *   Echo the exact, validated origin and add Vary: Origin (mod_samesite
 *   SameSiteCORS On with SameSiteFrontend).
 * References:
 *   seeds 002 (pitfall 5), 003, 004; Fetch standard CORS check.
 *
 * The same text is printed by `samesite-lint --explain cors-wildcard-credentials`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
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
