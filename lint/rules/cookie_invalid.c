/* cookie-invalid: malformed Set-Cookie: browsers ignore it.
 *
 * What:
 *   Reports a Set-Cookie value the browser will ignore (control characters,
 *   no name and no value, name+value over 4096 bytes): written by the
 *   configuration (samesite-lint) or sent by a backend (mod_samesite).
 * Why:
 *   The browser drops such a line (RFC 6265bis 5.6), so the cookie never
 *   exists. mod_samesite never rewrites or drops it itself: it passes it
 *   through unharmed and logs it, so the backend bug is visible.
 * Example:
 *   Set-Cookie: =
 * Use instead:
 *   Fix the value: the configuration's add_header / Header set Set-Cookie,
 *   or the backend that emits it.
 * References:
 *   RFC 6265bis 5.6.
 *
 * The same text is printed by `samesite-lint --explain cookie-invalid`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

#define ID "cookie-invalid"

/* A Set-Cookie value the config writes (add_header / Header set
 * Set-Cookie) that the core cannot parse. */
static int
check(lint_ctx_t *ctx, const lint_server_t *s, const lint_cookie_t *c)
{
    int i = 0, n = 0;
    while (lint_cookie_keep_next(s, c, ID, &i)) {
        /* only a value the config writes; nginx does not send an empty
         * add_header at all */
        const char *v = c->full && c->cookie ? c->cookie->original : NULL;
        if (v && v[strspn(v, " \t")]) {
            lint_report(ctx, ID, c->node,
                        "this Set-Cookie value is malformed (%s): browsers "
                        "ignore the whole line",
                        c->probe->invalid_reason ? c->probe->invalid_reason
                                                 : "invalid");
            n++;
        }
    }
    return n;
}

void
lint_rule_cookie_invalid(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_cookie(ctx, m, check);
}
