/* cookie-third-party-dependence: Login depends on cross-site (third-party) cookies, which Safari, Firefox
 * ETP, Chrome incognito and this project's Chromium block by default
 * (SPEC 6).  Fix: Partitioned (CHIPS), a same-site API host, or
 * mod_samesite's Auto policy.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cookie-third-party-dependence`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cookie_third_party_dependence(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i;
    lint_report_cookie_changes(ctx, m, "cookie-third-party-dependence");
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        int module = s->samesite && s->samesite->engine_on;
        if (!s->topology || s->topology->worst != SS_CLASS_CROSS_SITE || module
            || s->cookies->nelts || !lint_server_has_credentials(ctx->pool, s)) {
            continue;
        }
        /* credentialed CORS for a cross-site frontend, cookies from the
         * backend we cannot see: they are third-party cookies */
        lint_report_topology_server(ctx, s, "cookie-third-party-dependence");
    }
}
