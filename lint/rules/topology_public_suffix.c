/* topology-public-suffix: a frontend and the public origin share only a
 * public suffix (a.github.io and b.github.io, x.vercel.app, ...): they
 * look related but are different sites, so every cookie decision is a
 * cross-site one (SPEC 6: shop.github.io -> plain-api.github.io with
 * SameSite=Lax; Secure: cookie not sent).
 *
 * What: reports the core topology trap (ss_topology_analyse) at the
 * frontend declaration.  Why: the Public Suffix List's private section
 * makes such hosts cross-site; teams treat them as same-site.  Example:
 * `SameSiteFrontend https://shop.github.io` on plain-api.github.io.
 * Use instead: a custom domain for both (api.shop.example and
 * shop.example), or treat the topology as cross-site (SameSiteCookie
 * NAME Auto).  References: Public Suffix List; SPEC 6; seed 001.
 *
 * Full text: `samesite-lint --explain topology-public-suffix`, from the
 * core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_topology_public_suffix(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_report_topology(ctx, m, "topology-public-suffix");
}
