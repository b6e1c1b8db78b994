/* cookie-domain-mismatch: Domain= does not domain-match the server name: the browser rejects
 * the cookie.  Fix: a Domain that covers the host, or none.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cookie-domain-mismatch`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cookie_domain_mismatch(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_report_cookie_changes(ctx, m, "cookie-domain-mismatch");
}
