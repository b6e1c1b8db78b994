/* cookie-samesite-too-strict: Strict/Lax while a cross-site frontend needs the cookie.
 *
 * What:
 *   Finds Strict, Lax or missing SameSite on cookies of a host that is
 *   called by a cross-site frontend with credentials.
 * Why:
 *   Cross-site fetch/XHR requests never carry Lax or Strict cookies, so the
 *   frontend's credentialed calls arrive without a session. Note: github.io
 *   and other private public suffixes make a.github.io and b.github.io
 *   cross-site; http vs https makes hosts cross-site too.
 * Example:
 *   SameSiteFrontend https://app.other.com
 *   Set-Cookie: sid=1; SameSite=Lax
 * Use instead:
 *   Prefer moving the API under the frontend's site (same-site). Otherwise
 *   SameSite=None; Secure; Partitioned (mod_samesite Auto does this).
 * References:
 *   seeds 000, 002, 004; SPEC 6 measurements.
 *
 * The same text is printed by `samesite-lint --explain cookie-samesite-too-strict`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
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
