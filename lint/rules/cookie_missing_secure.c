/* cookie-missing-secure: cookie on an https origin without Secure.
 *
 * What:
 *   Finds cookies set by an https origin without the Secure attribute.
 * Why:
 *   Without Secure the browser also sends the cookie over plain http (an
 *   http link, a downgrade on a hostile network), where anyone on the path
 *   can read the session.
 * Example:
 *   Set-Cookie: sid=1; HttpOnly; SameSite=Lax  (from https://api.example.com)
 * Use instead:
 *   Add Secure; mod_samesite adds it on https origins unless `SameSiteCookie
 *   NAME ... -Secure`.
 * References:
 *   RFC 6265bis 4.1.2.5; seeds 002 and 003 (session-cookie checklist).
 *
 * The same text is printed by `samesite-lint --explain cookie-missing-secure`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cookie_missing_secure(lint_ctx_t *ctx, const lint_model_t *m)
{
    /* decided in lint_model_cookie.c: on an https origin, a cookie the
     * config writes without Secure, or a rewrite that removes Secure */
    lint_report_cookie_changes(ctx, m, "cookie-missing-secure");
}
