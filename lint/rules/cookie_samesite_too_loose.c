/* cookie-samesite-too-loose: SameSite=None while every frontend is same-site: a CSRF surface for
 * nothing.  Fix: Lax (or Strict).
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cookie-samesite-too-loose`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cookie_samesite_too_loose(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_report_cookie_changes(ctx, m, "cookie-samesite-too-loose");
}
