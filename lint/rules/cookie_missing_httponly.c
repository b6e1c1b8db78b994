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

#define ID "cookie-missing-httponly"

/* `SameSiteCookie session -HttpOnly`, or a session-like cookie the
 * config writes without HttpOnly. */
static int
check(lint_ctx_t *ctx, const lint_server_t *s, const lint_cookie_t *c)
{
    int n = 0;
    if (!c->probe->valid) {
        return 0; /* the browser ignores it: nothing else applies */
    }
    if (lint_cookie_from_module(c) && c->rule && c->rule->httponly == SS_TRI_OFF
        && lint_session_like(c->rule->glob)) {
        lint_report(ctx, ID, c->node,
                    "SameSiteCookie %s -HttpOnly makes a session cookie "
                    "readable by any script on the page (XSS); keep HttpOnly",
                    c->rule->glob);
        n++;
    }
    if (lint_cookie_topology_judged(s, c) && c->full && c->session_like
        && c->httponly == 0) {
        lint_report(ctx, ID, c->node,
                    "session %s is readable by scripts: add HttpOnly",
                    lint_cookie_label(ctx->pool, c));
        n++;
    }
    return n;
}

void
lint_rule_cookie_missing_httponly(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_cookie(ctx, m, check);
}
