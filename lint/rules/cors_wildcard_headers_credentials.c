/* cors-wildcard-headers-credentials: * in Allow-Headers/Methods/Expose with credentials (taken literally).
 *
 * What:
 *   Finds `*` in Access-Control-Allow-Headers, -Allow-Methods or
 *   -Expose-Headers on credentialed responses.
 * Why:
 *   With credentials the browser treats `*` in these headers as the literal
 *   header name "*", not a wildcard: Authorization and other headers are not
 *   allowed and the preflight fails.
 * Example:
 *   add_header Access-Control-Allow-Headers * always; (with credentials)
 * Use instead:
 *   List the headers and methods explicitly.
 * References:
 *   Fetch standard (CORS-safelisted, wildcard only without credentials);
 *   seed 003 scenario 4.
 *
 * The same text is printed by `samesite-lint --explain cors-wildcard-headers-credentials`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

static void
check_cors_wildcard_headers_credentials(lint_ctx_t *ctx, const lint_model_t *m,
                                        const lint_server_t *s,
                                        const lint_location_t *l,
                                        const lint_header_t *h)
{
    (void)m;
    (void)s;
    if ((!strcmp(h->name, "access-control-allow-headers")
         || !strcmp(h->name, "access-control-allow-methods")
         || !strcmp(h->name, "access-control-expose-headers"))
        && h->value && ss_header_has_token(h->value, "*")
        && lint_has_credentials(l)) {
        lint_report(ctx, "cors-wildcard-headers-credentials", h->node,
                    "\"*\" in %s is a literal name when credentials are "
                    "allowed: list the names",
                    h->name);
    }
}

void
lint_rule_cors_wildcard_headers_credentials(lint_ctx_t *ctx,
                                            const lint_model_t *m)
{
    lint_each_header(ctx, m, check_cors_wildcard_headers_credentials);
}
