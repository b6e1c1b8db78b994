/* cookie-missing-httponly: session-like cookie readable by scripts.
 *
 * What:
 *   Finds a session-looking cookie (sid, session, auth, token, ...) without
 *   HttpOnly.
 * Why:
 *   Without HttpOnly any injected script can read document.cookie and steal
 *   the session. Session cookies are never needed by page scripts.
 * Example:
 *   Set-Cookie: session=abc; Secure; SameSite=Lax
 * Use instead:
 *   Add HttpOnly (mod_samesite: SameSiteCookie session Auto HttpOnly).
 * References:
 *   seeds 002 and 003 (the session-cookie checklist).
 *
 * The same text is printed by `samesite-lint --explain cookie-missing-httponly`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
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
