/* cookie-prefix-violation: __Host- / __Secure- requirements broken.
 *
 * What:
 *   Finds cookies whose name prefix requirements are not met.
 * Why:
 *   Browsers reject a __Secure- cookie without Secure, and a __Host- cookie
 *   without Secure, with a Domain attribute, or with a Path other than /
 *   (RFC 6265bis 4.1.3). The cookie is silently dropped.
 * Example:
 *   Set-Cookie: __Host-sid=1; Domain=example.com; Path=/app
 * Use instead:
 *   For __Host-: Secure; Path=/; no Domain. For __Secure-: Secure.
 *   mod_samesite fixes both, and `SameSiteCookie NAME HostPrefix` renames
 *   transparently.
 * References:
 *   RFC 6265bis 4.1.3; seed 004 (__Host-sid example).
 *
 * The same text is printed by `samesite-lint --explain cookie-prefix-violation`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cookie_prefix_violation(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_report_cookie_changes(ctx, m, "cookie-prefix-violation");
}
