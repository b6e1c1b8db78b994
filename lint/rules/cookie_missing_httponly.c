/* cookie-missing-httponly: A session-like cookie readable by scripts: XSS steals the session.
 * Fix: HttpOnly.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cookie-missing-httponly`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cookie_missing_httponly(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_report_cookie_changes(ctx, m, "cookie-missing-httponly");
}
