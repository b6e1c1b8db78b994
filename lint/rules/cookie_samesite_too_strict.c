/* cookie-samesite-too-strict: SameSite=Strict/Lax (or unset, Lax by default) while a cross-site
 * frontend needs the cookie on its fetches: it is never sent.
 * Fix: None; Secure (+ Partitioned), or move the frontend same-site.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cookie-samesite-too-strict`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cookie_samesite_too_strict(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_report_cookie_changes(ctx, m, "cookie-samesite-too-strict");
}
