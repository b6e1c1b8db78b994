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

#define ID "cookie-prefix-violation"

static int
check(lint_ctx_t *ctx, const lint_server_t *s, const lint_cookie_t *c)
{
    const ss_cookie_change_t *x;
    int i = 0, n = 0;
    while ((x = lint_cookie_keep_next(s, c, ID, &i))) {
        const char *msg = lint_cookie_named(ctx->pool, c, x->message);
        if (x->op == SS_CHANGE_RENAME
            || !(c->full || x->op == SS_CHANGE_NONE)) {
            continue;
        }
        if (lint_cookie_from_module(c)) {
            lint_report(ctx, ID, c->node, "%s", msg);
        } else {
            lint_report(ctx, ID, c->node,
                        "%s: the browser rejects the cookie (RFC 6265bis "
                        "4.1.3)",
                        msg);
        }
        n++;
    }
    return n;
}

void
lint_rule_cookie_prefix_violation(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_cookie(ctx, m, check);
}
