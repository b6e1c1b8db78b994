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

#define ID "cookie-missing-secure"

/* On an https origin: Secure is known to be absent -- the config writes
 * the whole value without it, or its rewrite removes Secure. */
static int
check(lint_ctx_t *ctx, const lint_server_t *s, const lint_cookie_t *c)
{
    const ss_cookie_change_t *x;
    int i = 0, n = 0;
    while ((x = lint_cookie_keep_next(s, c, ID, &i))) {
        if (x->op == SS_CHANGE_SET
            && (c->full ? c->secure != 1 : c->secure == 0)) {
            lint_report(ctx, ID, c->node,
                        "%s %s on %s: the browser also sends it over plain "
                        "http (an http link, a downgrade); add Secure",
                        lint_cookie_label(ctx->pool, c),
                        c->full ? "has no Secure"
                                : "loses Secure (this rewrite removes it)",
                        lint_cookie_public(ctx->pool, s));
            n++;
        }
    }
    return n;
}

void
lint_rule_cookie_missing_secure(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_cookie(ctx, m, check);
}
