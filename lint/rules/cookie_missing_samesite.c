/* cookie-missing-samesite: no explicit SameSite (browser-dependent default, Lax+POST 2-minute rule).
 *
 * What:
 *   Finds a cookie without an explicit SameSite attribute.
 * Why:
 *   Without SameSite, Chromium applies Lax by default but still sends a
 *   cookie younger than two minutes on cross-site top-level POSTs (the
 *   Lax+POST mitigation), Firefox and Safari differ. The cookie's cross-site
 *   behaviour is then an accident of the browser.
 * Example:
 *   Set-Cookie: sid=1; Path=/; Secure; HttpOnly
 * Use instead:
 *   State it: SameSite=Lax or Strict for same-site topologies,
 *   SameSite=None; Secure (+ Partitioned) only for cross-site ones.
 *   mod_samesite: SameSiteCookie * Auto.
 * References:
 *   seed 001 (Chrome 84 default Lax, Lax + POST); RFC 6265bis 5.6.7.
 *
 * The same text is printed by `samesite-lint --explain cookie-missing-samesite`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

#define ID "cookie-missing-samesite"

/* A whole Set-Cookie value the config writes without a valid SameSite,
 * on a server whose topology says which one it needs. */
static int
check(lint_ctx_t *ctx, const lint_server_t *s, const lint_cookie_t *c)
{
    const char *want;
    if (!lint_cookie_topology_judged(s, c) || !c->full
        || (c->samesite != SS_SAMESITE_UNSET
            && c->samesite != SS_SAMESITE_INVALID)) {
        return 0;
    }
    want = ss_samesite_name(s->topology->samesite);
    lint_report(ctx, ID, c->node,
                "%s has no %sSameSite: browsers differ (Chrome: Lax with a "
                "2-minute POST window, others: None); set SameSite=%s "
                "explicitly",
                lint_cookie_label(ctx->pool, c),
                c->samesite == SS_SAMESITE_INVALID ? "valid " : "",
                want ? want : "Lax");
    return 1;
}

void
lint_rule_cookie_missing_samesite(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_cookie(ctx, m, check);
}
