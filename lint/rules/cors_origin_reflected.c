/* cors-origin-reflected: The request's Origin is echoed into Access-Control-Allow-Origin with no
 * allowlist: every site on the web can read credentialed responses.
 * Fix: validate the Origin (map / SetEnvIf with an anchored, escaped
 * regex, or SameSiteFrontend + SameSiteCORS On) before echoing it.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cors-origin-reflected`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

static void
check_cors_origin_reflected(lint_ctx_t *ctx, const lint_model_t *m, const lint_server_t *s,
                            const lint_location_t *l, const lint_header_t *h)
{
    (void)m;
    (void)s;
    if (!strcmp(h->name, "access-control-allow-origin")
        && lint_value_echoes_origin(h->value)
        && !lint_has_origin_check(s, l) && !h->condition) {
        lint_report(ctx, "cors-origin-reflected", h->node,
                    "Access-Control-Allow-Origin echoes the request's "
                    "Origin without any allowlist: any site can read "
                    "credentialed responses");
    }
}

void
lint_rule_cors_origin_reflected(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_header(ctx, m, check_cors_origin_reflected);
}
