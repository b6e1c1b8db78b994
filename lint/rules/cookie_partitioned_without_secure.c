/* cookie-partitioned-without-secure: Partitioned without Secure.
 *
 * What:
 *   Finds cookies with the Partitioned (CHIPS) attribute but without Secure.
 * Why:
 *   Chromium rejects a Partitioned cookie that is not Secure, so the cookie
 *   that was meant to survive third-party cookie blocking is not stored at
 *   all.
 * Example:
 *   Set-Cookie: sid=1; SameSite=None; Partitioned
 * Use instead:
 *   Add Secure (mod_samesite adds it on https origins).
 * References:
 *   CHIPS (Cookies Having Independent Partitioned State); seed 004.
 *
 * The same text is printed by `samesite-lint --explain cookie-partitioned-without-secure`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cookie_partitioned_without_secure(lint_ctx_t *ctx,
                                            const lint_model_t *m)
{
    lint_report_cookie_changes(ctx, m, "cookie-partitioned-without-secure");
}
