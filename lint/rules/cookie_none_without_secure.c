/* cookie-none-without-secure: SameSite=None without Secure.
 *
 * What:
 *   Finds SameSite=None cookies that lack Secure.
 * Why:
 *   Browsers reject SameSite=None cookies that are not Secure (Chrome 80+,
 *   RFC 6265bis 5.7 step 15): the cookie is never stored, so the cross-site
 *   login it was meant for fails. None also needs an https origin.
 * Example:
 *   Header always edit Set-Cookie "^(.*)$" "$1; SameSite=None"
 * Use instead:
 *   Add Secure and serve over https; mod_samesite always adds Secure to None
 *   and refuses None on plain-http origins (it keeps Lax and logs this
 *   rule).
 * References:
 *   seeds 000, 001, 003, 004; RFC 6265bis 5.7.
 *
 * The same text is printed by `samesite-lint --explain cookie-none-without-secure`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cookie_none_without_secure(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i, j, seen;
    lint_report_cookie_changes(ctx, m, "cookie-none-without-secure");
    /* The topology itself: a cross-site frontend on a plain-http origin
     * needs None; Secure cookies it cannot set (core trap finding).
     * Reported once per server that uses cookies or credentials, unless
     * one of its cookies already carries the finding. */
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        for (seen = 0, j = 0; j < s->cookies->nelts; j++) {
            const lint_cookie_t *c =
                APR_ARRAY_IDX(s->cookies, j, lint_cookie_t *);
            int k;
            if (c->secure == 1 && c->samesite == SS_SAMESITE_NONE) {
                seen = 1; /* None; Secure as needed: on plain http that is
                             cookie-secure-on-http's finding */
            }
            for (k = 0; c->changes && k < c->changes->nelts; k++) {
                if (!strcmp(APR_ARRAY_IDX(c->changes, k, ss_cookie_change_t)
                                .rule_id,
                            "cookie-none-without-secure")) {
                    seen = 1;
                }
            }
        }
        if (!seen
            && (s->cookies->nelts || (s->samesite && s->samesite->engine_on)
                || lint_server_has_credentials(ctx->pool, s))) {
            /* no cookie in the configuration: only if the backend sets
             * them (issue 10 precision) */
            const char *cond = lint_plain_http_condition(ctx->pool, s);
            if (!s->cookies->nelts
                && !(s->samesite && s->samesite->engine_on)) {
                cond = cond ? apr_pstrcat(ctx->pool,
                                          "if the backend sets "
                                          "cookies the frontend "
                                          "needs, and ",
                                          cond + 3, NULL)
                            : "if the backend sets cookies the frontend needs";
            }
            lint_report_topology_server(ctx, s, "cookie-none-without-secure",
                                        cond);
        }
    }
}
