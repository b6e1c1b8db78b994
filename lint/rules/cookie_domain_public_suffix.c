/* cookie-domain-public-suffix: Domain= is a public suffix (github.io, co.uk): the browser rejects
 * the cookie.  Fix: drop Domain (host-only).
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cookie-domain-public-suffix`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cookie_domain_public_suffix(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_report_cookie_changes(ctx, m, "cookie-domain-public-suffix");
}
