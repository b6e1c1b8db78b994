/* cookie-domain-mismatch: Domain= does not cover the server name.
 *
 * What:
 *   Finds a cookie whose Domain attribute does not domain-match the host
 *   that sets it.
 * Why:
 *   A browser rejects a Set-Cookie whose Domain does not domain-match the
 *   request host (RFC 6265bis 5.7 step 11): a response from api.example.com
 *   cannot set Domain=other.com, so the cookie silently never exists. The
 *   usual cause is a Domain copied from another environment or an internal
 *   host name.
 * Example:
 *   ServerName api.example.com
 *   Header always edit Set-Cookie "^(sid=[^;]*)" "$1; Domain=example.org"
 * Use instead:
 *   Drop Domain (host-only cookie, the safest) or use the registrable domain
 *   of the public host (Domain=example.com). mod_samesite removes a
 *   mismatching Domain, making the cookie host-only.
 * References:
 *   RFC 6265bis 5.7; seed 004 (document.cookie cannot write for another
 *   domain).
 *
 * The same text is printed by `samesite-lint --explain cookie-domain-mismatch`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

#define ID "cookie-domain-mismatch"

static int
check(lint_ctx_t *ctx, const lint_server_t *s, const lint_cookie_t *c)
{
    return lint_cookie_domain_findings(
        ctx, s, c, ID,
        "does not cover %s: the browser rejects the cookie; use the public "
        "host's domain, not an internal one",
        s->origin ? s->origin->host : "the server name");
}

void
lint_rule_cookie_domain_mismatch(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_cookie(ctx, m, check);
}
