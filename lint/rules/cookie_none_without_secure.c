/* cookie-none-without-secure: SameSite=None without Secure: browsers reject the cookie.
 * Fix: add Secure (https only).
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cookie-none-without-secure`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cookie_none_without_secure(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_report_cookie_changes(ctx, m, "cookie-none-without-secure");
}
