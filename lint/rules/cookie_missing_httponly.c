/* cookie-missing-httponly: a session-like cookie (name contains sess, sid,
 * auth, token, login, jwt, ...) the config sets without HttpOnly: any
 * script injected into the page (XSS) can read and exfiltrate it.
 * Fix: add HttpOnly (the frontend never needs to read a session cookie).
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cookie-missing-httponly`, from the core catalog
 * (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cookie_missing_httponly(lint_ctx_t *ctx, const lint_model_t *m)
{
    /* decided in lint_model_cookie.c: a session-like cookie the config
     * writes without HttpOnly, or `SameSiteCookie session -HttpOnly` */
    lint_report_cookie_changes(ctx, m, "cookie-missing-httponly");
}
