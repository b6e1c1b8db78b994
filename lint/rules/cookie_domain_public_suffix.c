/* cookie-domain-public-suffix: Domain= is a public suffix: the cookie is rejected.
 *
 * What:
 *   Finds a cookie with Domain set to a public suffix (com, co.uk,
 *   github.io, ...).
 * Why:
 *   Browsers reject cookies whose Domain is a public suffix (RFC 6265bis 5.7
 *   step 9) so that one site cannot set cookies for every other site under
 *   that suffix. A cookie with Domain=github.io from a.github.io is dropped.
 * Example:
 *   Set-Cookie: sid=1; Domain=github.io; Secure
 * Use instead:
 *   Omit Domain (host-only) or use the registrable domain (example.com).
 *   mod_samesite removes it.
 * References:
 *   RFC 6265bis 5.7; Public Suffix List; seeds 001 and 004.
 *
 * The same text is printed by `samesite-lint --explain cookie-domain-public-suffix`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

#define ID "cookie-domain-public-suffix"

static int
check(lint_ctx_t *ctx, const lint_server_t *s, const lint_cookie_t *c)
{
    return lint_cookie_domain_findings(
        ctx, s, c, ID,
        "is a public suffix: the browser rejects the cookie; drop Domain "
        "(host-only) or use the registrable domain of %s",
        lint_cookie_public(ctx->pool, s));
}

void
lint_rule_cookie_domain_public_suffix(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_cookie(ctx, m, check);
}
