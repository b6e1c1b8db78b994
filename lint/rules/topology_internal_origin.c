/* topology-internal-origin: A frontend or allowlist entry names an internal address (10.x, .local,
 * localhost behind a proxy): the browser sends the public origin from its
 * address bar, never this one (proxy origin illusion).  Fix: list the
 * public origin.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain topology-internal-origin`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_topology_internal_origin(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_report_topology(ctx, m, "topology-internal-origin");
}
