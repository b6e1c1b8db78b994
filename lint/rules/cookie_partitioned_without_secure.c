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

#define ID "cookie-partitioned-without-secure"

static int
check(lint_ctx_t *ctx, const lint_server_t *s, const lint_cookie_t *c)
{
    const ss_cookie_change_t *x;
    int i = 0, n = 0;
    while ((x = lint_cookie_keep_next(s, c, ID, &i))) {
        if (x->op == SS_CHANGE_NONE) {
            lint_report(ctx, ID, c->node, "%s",
                        lint_cookie_named(ctx->pool, c, x->message));
            n++;
        } else if (c->secure != 1 && x->attr && !strcmp(x->attr, "Secure")) {
            lint_report(ctx, ID, c->node,
                        "%s is Partitioned without Secure: browsers reject "
                        "it (CHIPS); add Secure",
                        lint_cookie_label(ctx->pool, c));
            n++;
        }
    }
    return n;
}

void
lint_rule_cookie_partitioned_without_secure(lint_ctx_t *ctx,
                                            const lint_model_t *m)
{
    lint_each_cookie(ctx, m, check);
}
