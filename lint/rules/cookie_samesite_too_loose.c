/* cookie-samesite-too-loose: None while every frontend is same-site (CSRF surface for nothing).
 *
 * What:
 *   Finds SameSite=None on a host whose declared frontends are all same-site
 *   (or same-origin).
 * Why:
 *   Same-site requests carry Lax and Strict cookies already. None adds the
 *   whole cross-site request surface (CSRF from any site) without any
 *   functional benefit, and makes the cookie a third-party cookie that
 *   privacy settings block.
 * Example:
 *   app.example.com calls api.example.com; api sets SameSite=None
 * Use instead:
 *   Use SameSite=Lax (or Strict). mod_samesite: SameSiteCookie NAME Auto.
 * References:
 *   seed 002 pitfall 2 (unnecessary SameSite relaxation).
 *
 * The same text is printed by `samesite-lint --explain cookie-samesite-too-loose`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

#define ID "cookie-samesite-too-loose"

/* The config sets None; every declared frontend is same-site.  With no
 * frontend declared or inferred there is no topology verdict (issue 10
 * R7: a site meant to be framed cross-site). */
static int
check(lint_ctx_t *ctx, const lint_server_t *s, const lint_cookie_t *c)
{
    const ss_cookie_change_t *x;
    const ss_topology_t *t = s->topology;
    int i = 0, n = 0;
    while ((x = lint_cookie_needs_next(s, c, "SameSite", &i))) {
        if (c->effective != SS_SAMESITE_NONE || !x->value
            || !strcmp(x->value, "None") || t->worst == SS_CLASS_CROSS_SITE
            || !s->frontends->nelts) {
            continue;
        }
        lint_report(
            ctx, ID, c->node,
            "%s is SameSite=None but every frontend of %s is %s: "
            "cross-site requests carry it for nothing (CSRF "
            "surface); use SameSite=%s",
            lint_cookie_label(ctx->pool, c), lint_cookie_public(ctx->pool, s),
            t->worst == SS_CLASS_NONE ? "same-origin" : ss_class_name(t->worst),
            x->value);
        n++;
    }
    return n;
}

void
lint_rule_cookie_samesite_too_loose(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_cookie(ctx, m, check);
}
