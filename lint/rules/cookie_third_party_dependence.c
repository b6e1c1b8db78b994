/* cookie-third-party-dependence: login depends on cross-site cookies that Safari, Firefox ETP and Chrome incognito block.
 *
 * What:
 *   Finds cookie-authenticated hosts whose frontends are cross-site.
 * Why:
 *   Even with SameSite=None; Secure and correct CORS, third-party cookies
 *   are blocked by Safari, by Firefox's Enhanced Tracking Protection, in
 *   Chrome incognito, and by default in the Chromium we test with (SPEC 6).
 *   Only a Partitioned (CHIPS) cookie set in the frontend's partition
 *   survives; it is then not shared with top-level visits.
 * Example:
 *   SameSiteFrontend https://app.vercel.example
 *   (API on api.render.example, cookie session)
 * Use instead:
 *   Put frontend and API on one site (proxy /api through the frontend's
 *   host, or api.<frontend-domain>); or add Partitioned (mod_samesite Auto
 *   does when the cookie is set in a cross-site context); or use short-lived
 *   tokens for cross-site APIs.
 * References:
 *   seeds 000 and 004; SPEC 6; CHIPS.
 *
 * The same text is printed by `samesite-lint --explain cookie-third-party-dependence`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

#define ID "cookie-third-party-dependence"

/* The config sets None without Partitioned and the topology needs
 * Partitioned (unless mod_samesite's Auto adds it itself). */
static int
check(lint_ctx_t *ctx, const lint_server_t *s, const lint_cookie_t *c)
{
    int i = 0, n = 0;
    if (c->effective != SS_SAMESITE_NONE || c->partitioned == 1
        || (lint_cookie_from_module(c) && c->rule
            && c->rule->partitioned == SS_TRI_UNSET
            && c->rule->mode == SS_MODE_AUTO)) {
        return 0;
    }
    while (lint_cookie_needs_next(s, c, "Partitioned", &i)) {
        lint_report(ctx, ID, c->node,
                    "%s is SameSite=None without Partitioned on %s, called "
                    "from cross-site %s: browsers that block third-party "
                    "cookies (Safari, Firefox ETP, Chrome incognito, "
                    "Chromium by default) never send it; add Partitioned "
                    "(CHIPS)",
                    lint_cookie_label(ctx->pool, c),
                    lint_cookie_public(ctx->pool, s),
                    lint_cross_site_frontend(s));
        n++;
    }
    return n;
}

void
lint_rule_cookie_third_party_dependence(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i;
    lint_each_cookie(ctx, m, check);
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        int module = s->samesite && s->samesite->engine_enforcing;
        if (!s->topology || s->topology->worst != SS_CLASS_CROSS_SITE || module
            || s->cookies->nelts
            || !lint_server_has_credentials(ctx->pool, s)) {
            continue;
        }
        /* credentialed CORS for a cross-site frontend, cookies from the
         * backend we cannot see: they are third-party cookies */
        lint_report_topology_server(
            ctx, s, ID,
            "if the backend answers these credentialed requests with the "
            "login cookie");
    }
}
