/* cookie-prefix-violation: __Host- needs Secure, Path=/ and no Domain; __Secure- needs Secure:
 * otherwise the browser rejects the cookie.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cookie-prefix-violation`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cookie_prefix_violation(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_report_cookie_changes(ctx, m, "cookie-prefix-violation");
}
