/* cookie-secure-on-http: A Secure cookie set by an http-only server: browsers drop it.
 * Fix: serve over https (or declare the public https origin).
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cookie-secure-on-http`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cookie_secure_on_http(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_report_cookie_changes(ctx, m, "cookie-secure-on-http");
}
