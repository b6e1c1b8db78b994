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

#define ID "cookie-none-without-secure"

/* A cookie the config makes SameSite=None without Secure.  The core says
 * what mod_samesite would do on this origin; the configuration is wrong
 * only when its cookie is None without Secure (issue 10 R8: with Secure
 * on plain http it is cookie-secure-on-http). */
static int
check(lint_ctx_t *ctx, const lint_server_t *s, const lint_cookie_t *c)
{
    const ss_cookie_change_t *x;
    int rewrite = !c->full && !lint_cookie_from_module(c);
    int i = 0, n = 0;
    if (c->effective != SS_SAMESITE_NONE || c->secure == 1) {
        return 0;
    }
    while ((x = lint_cookie_keep_next(s, c, ID, &i))) {
        if (x->op == SS_CHANGE_NONE && (c->full || c->secure == 0)) {
            lint_report(ctx, ID, c->node,
                        "%s is SameSite=None without Secure: browsers reject "
                        "the cookie (RFC 6265bis 5.6.7); add Secure (and "
                        "serve %s over https)",
                        lint_cookie_label(ctx->pool, c),
                        lint_cookie_public(ctx->pool, s));
            n++;
        } else if (x->op != SS_CHANGE_NONE && x->attr
                   && !strcmp(x->attr, "Secure")) {
            lint_report(ctx, ID, c->node,
                        "%s gets SameSite=None without Secure%s: browsers "
                        "reject the cookie (RFC 6265bis 5.6.7); add Secure",
                        lint_cookie_label(ctx->pool, c),
                        !rewrite ? ""
                        : c->secure == 0
                            ? " (this rewrite removes Secure)"
                            : " from this rewrite (unless the backend "
                              "already sends Secure)");
            n++;
        }
    }
    return n;
}

/* The topology itself: a cross-site frontend on a plain-http origin needs
 * None; Secure cookies it cannot set (core trap finding).  Reported once
 * per server that uses cookies or credentials, unless one of its cookies
 * already carries the finding (or is None; Secure as needed: on plain
 * http that is cookie-secure-on-http's finding). */
static int
none_secure(lint_ctx_t *ctx, const lint_server_t *s, const lint_cookie_t *c)
{
    (void)ctx;
    (void)s;
    return c->secure == 1 && c->samesite == SS_SAMESITE_NONE;
}

void
lint_rule_cookie_none_without_secure(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i,
        *seen = apr_pcalloc(ctx->pool, sizeof(int) * (m->servers->nelts + 1));
    for (i = 0; i < m->servers->nelts; i++) {
        seen[i] = lint_server_cookies(
            ctx, APR_ARRAY_IDX(m->servers, i, lint_server_t *), check);
    }
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        int engine = s->samesite && s->samesite->engine_on;
        const char *cond;
        if (seen[i] || lint_server_cookies(ctx, s, none_secure)
            || !(s->cookies->nelts || engine
                 || lint_server_has_credentials(ctx->pool, s))) {
            continue;
        }
        cond = lint_plain_http_condition(ctx->pool, s);
        if (!s->cookies->nelts && !engine) {
            /* no cookie in the configuration: only if the backend sets
             * them (issue 10 precision) */
            cond = cond ? apr_pstrcat(ctx->pool,
                                      "if the backend sets cookies the "
                                      "frontend needs, and ",
                                      cond + 3, NULL)
                        : "if the backend sets cookies the frontend needs";
        }
        lint_report_topology_server(ctx, s, ID, cond);
    }
}
