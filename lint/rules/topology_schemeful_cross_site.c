/* topology-schemeful-cross-site: http frontend calling an https host (or back): cross-site.
 *
 * What:
 *   Finds frontends whose scheme differs from the public origin's on the
 *   same registrable domain.
 * Why:
 *   Since schemeful same-site (Chromium 89), http://app.example.com and
 *   https://api.example.com are cross-site: Lax/Strict cookies are not sent,
 *   and None cookies need Secure, which an http page cannot make safe.
 * Example:
 *   SameSiteFrontend http://app.example.com (API https://api.example.com)
 * Use instead:
 *   Serve the frontend over https (and redirect http to https).
 * References:
 *   schemeful same-site; seed 004 (same-site is scheme + registrable
 *   domain).
 *
 * The same text is printed by `samesite-lint --explain topology-schemeful-cross-site`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_topology_schemeful_cross_site(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_report_topology(ctx, m, "topology-schemeful-cross-site", 1);
}
