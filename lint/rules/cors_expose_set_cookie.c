/* cors-expose-set-cookie: Access-Control-Expose-Headers lists Set-Cookie, which scripts never see.
 *
 * What:
 *   Finds Set-Cookie (or Set-Cookie2) in an Access-Control-Expose-Headers
 *   set with add_header / Header (mod_samesite refuses it in
 *   SameSiteCORSExposeHeaders at startup: samesite-directive-invalid).
 * Why:
 *   Set-Cookie is a forbidden response header name: the Fetch standard
 *   removes it from every response a script reads, exposed or not. A
 *   frontend that reads the cookie from the response to write it with
 *   document.cookie cannot, and a cookie written by the page belongs to the
 *   page's host, never to the API's.
 * Example:
 *   add_header Access-Control-Expose-Headers "Set-Cookie, X-Total" always;
 * Use instead:
 *   Drop Set-Cookie from the list. Let the browser store the API's own
 *   Set-Cookie (fetch with credentials: 'include' and a SameSite that fits
 *   the topology) and return in the body whatever the page must read.
 * References:
 *   Fetch standard (forbidden response-header names, CORS-filtered
 *   response); seed 004 (why document.cookie does not fix it).
 *
 * The same text is printed by `samesite-lint --explain cors-expose-set-cookie`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

static void
check_cors_expose_set_cookie(lint_ctx_t *ctx, const lint_model_t *m,
                             const lint_server_t *s, const lint_location_t *l,
                             const lint_header_t *h)
{
    const char *bad;
    (void)m;
    (void)s;
    (void)l;
    if (!strcmp(h->name, "access-control-expose-headers")
        && (bad = ss_cors_expose_forbidden(ctx->pool, h->value))) {
        lint_report(ctx, "cors-expose-set-cookie", h->node,
                    "Access-Control-Expose-Headers lists %s, which the browser "
                    "never exposes to scripts (a forbidden response header "
                    "name): the page cannot read the cookie; the browser "
                    "stores it from the API's own Set-Cookie",
                    bad);
    }
}

void
lint_rule_cors_expose_set_cookie(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_header(ctx, m, check_cors_expose_set_cookie);
}
