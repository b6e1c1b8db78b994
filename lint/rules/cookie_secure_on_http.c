/* cookie-secure-on-http: Secure cookie from an http-only server: browsers drop it.
 *
 * What:
 *   Finds Secure cookies set by a server that is only reachable over plain
 *   http.
 * Why:
 *   Browsers refuse to store a Secure cookie set by an insecure origin (RFC
 *   6265bis 5.7 step 9 'strict secure cookies'), so the login appears to
 *   work and then loses its session. Raw IPs and plain http deployments hit
 *   this silently.
 * Example:
 *   server { listen 80; add_header Set-Cookie "sid=1; Secure"; }
 * Use instead:
 *   Terminate TLS in front of the application and make the public origin
 *   https (SameSitePublicOrigin https://...).
 * References:
 *   seed 002 pitfall 3 (Secure cookie drop on HTTP).
 *
 * The same text is printed by `samesite-lint --explain cookie-secure-on-http`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

#define ID "cookie-secure-on-http"

static int
check(lint_ctx_t *ctx, const lint_server_t *s, const lint_cookie_t *c)
{
    const ss_cookie_change_t *x;
    int i = 0, n = 0;
    while ((x = lint_cookie_keep_next(s, c, ID, &i))) {
        const char *cond, *msg;
        if (x->op != SS_CHANGE_NONE) {
            continue;
        }
        cond = lint_plain_http_condition(ctx->pool, s);
        msg = apr_psprintf(ctx->pool, "%s: serve %s over https or drop Secure",
                           lint_cookie_named(ctx->pool, c, x->message),
                           lint_cookie_public(ctx->pool, s));
        if (cond) {
            /* a Secure cookie on a server without TLS: TLS most likely
             * ends in front of it (issue 10 R11) */
            lint_report_note(ctx, ID, c->node, "%s: %s", cond, msg);
        } else {
            lint_report(ctx, ID, c->node, "%s", msg);
        }
        n++;
    }
    if (!n && !s->origin && s->http_only && c->secure == 1
        && !lint_cookie_from_module(c) && !lint_cookie_module_fixes(s, c)) {
        /* no server name (issue 10 M7): the origin is unknown, not absent;
         * the scheme is known */
        lint_report_note(ctx, ID, c->node,
                         "if browsers reach this server (no server name: the "
                         "default server of its port, reached by address or "
                         "by any Host no other server names) over plain http "
                         "(no TLS proxy in front of it; with one, declare "
                         "--public-origin https://...): %s is Secure but "
                         "the page is plain http: the browser drops it: "
                         "serve it over https or drop Secure",
                         lint_cookie_label(ctx->pool, c));
        n++;
    }
    return n;
}

void
lint_rule_cookie_secure_on_http(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_cookie(ctx, m, check);
}
