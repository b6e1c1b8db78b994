/* topology-internal-origin: frontend / allowlist names an internal address the browser never sees.
 *
 * What:
 *   Finds frontends, allowlist entries or public origins that are internal
 *   addresses (private IPs, localhost, single-label or .internal names).
 * Why:
 *   The browser computes origins and sites from the address bar, never from
 *   the service mesh behind a proxy. An allowlist with http://backend:8080
 *   or a public origin of 10.0.0.5 matches nothing a browser sends (proxy
 *   origin illusion).
 * Example:
 *   SameSiteFrontend http://frontend:3000
 * Use instead:
 *   Use the public origin users type (https://app.example.com); set
 *   SameSitePublicOrigin when behind a proxy.
 * References:
 *   seed 002 pitfall 1 (proxy origin illusion).
 *
 * The same text is printed by `samesite-lint --explain topology-internal-origin`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_topology_internal_origin(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_report_topology(ctx, m, "topology-internal-origin", 0);
}
