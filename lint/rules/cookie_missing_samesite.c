/* cookie-missing-samesite: No explicit SameSite: the browser default differs (Chrome Lax with a
 * 2-minute POST exception, others None).  Fix: set it explicitly.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cookie-missing-samesite`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cookie_missing_samesite(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_report_cookie_changes(ctx, m, "cookie-missing-samesite");
}
