/* topology-schemeful-cross-site: An http:// frontend calling an https:// host (or back) is cross-site
 * under schemeful same-site: Lax cookies are not sent.  Fix: serve the
 * frontend over https.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain topology-schemeful-cross-site`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_topology_schemeful_cross_site(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_report_topology(ctx, m, "topology-schemeful-cross-site");
}
