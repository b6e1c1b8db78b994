/* topology-public-suffix: hosts share a parent domain that is a public suffix: they are cross-site.
 *
 * What:
 *   Finds frontends and APIs that look related (a.github.io, b.github.io)
 *   but are separated by a public suffix.
 * Why:
 *   github.io, herokuapp.com, vercel.app and other hosting domains are in
 *   the Public Suffix List's private section, so their subdomains are
 *   different sites: Lax/Strict cookies are not sent and third-party cookie
 *   blocking applies.
 * Example:
 *   SameSitePublicOrigin https://api.github.io with SameSiteFrontend
 *   https://app.github.io
 * Use instead:
 *   Use a custom domain for both (app.example.com, api.example.com) or proxy
 *   the API through the frontend's host.
 * References:
 *   seed 001 (github.io example); Public Suffix List.
 *
 * The same text is printed by `samesite-lint --explain topology-public-suffix`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_topology_public_suffix(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_report_topology(ctx, m, "topology-public-suffix", 0);
}
