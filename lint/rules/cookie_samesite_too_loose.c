/* cookie-samesite-too-loose: None while every frontend is same-site (CSRF surface for nothing).
 *
 * What:
 *   Finds SameSite=None on a host whose declared frontends are all same-site
 *   (or same-origin).
 * Why:
 *   Same-site requests carry Lax and Strict cookies already. None adds the
 *   whole cross-site request surface (CSRF from any site) without any
 *   functional benefit, and makes the cookie a third-party cookie that
 *   privacy settings block.
 * Example:
 *   app.example.com calls api.example.com; api sets SameSite=None
 * Use instead:
 *   Use SameSite=Lax (or Strict). mod_samesite: SameSiteCookie NAME Auto.
 * References:
 *   seed 002 pitfall 2 (unnecessary SameSite relaxation).
 *
 * The same text is printed by `samesite-lint --explain cookie-samesite-too-loose`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
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
