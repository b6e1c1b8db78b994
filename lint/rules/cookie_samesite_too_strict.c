/* cookie-samesite-too-strict: Strict/Lax while a cross-site frontend needs the cookie.
 *
 * What:
 *   Finds Strict, Lax or missing SameSite on cookies of a host that is
 *   called by a cross-site frontend with credentials.
 * Why:
 *   Cross-site fetch/XHR requests never carry Lax or Strict cookies, so the
 *   frontend's credentialed calls arrive without a session. Note: github.io
 *   and other private public suffixes make a.github.io and b.github.io
 *   cross-site; http vs https makes hosts cross-site too.
 * Example:
 *   SameSiteFrontend https://app.other.com
 *   Set-Cookie: sid=1; SameSite=Lax
 * Use instead:
 *   Prefer moving the API under the frontend's site (same-site). Otherwise
 *   SameSite=None; Secure; Partitioned (mod_samesite Auto does this).
 * References:
 *   seeds 000, 002, 004; SPEC 6 measurements.
 *
 * The same text is printed by `samesite-lint --explain cookie-samesite-too-strict`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

#define ID "cookie-samesite-too-strict"

static void
report(lint_ctx_t *ctx, const lint_server_t *s, const lint_cookie_t *c)
{
    ss_samesite_t cur = c->effective;
    lint_report(ctx, ID, c->node,
                "%s %s but %s is called from cross-site %s: the browser never "
                "sends it on those requests; use SameSite=None; Secure; "
                "Partitioned (mod_samesite: SameSiteCookie ... Auto)",
                lint_cookie_label(ctx->pool, c),
                ss_samesite_name(cur) ? apr_pstrcat(
                    ctx->pool, "is SameSite=", ss_samesite_name(cur), NULL)
                                      : "has no SameSite (Lax by default)",
                lint_cookie_public(ctx->pool, s), lint_cross_site_frontend(s));
}

/* The core's Auto keeps an explicit Strict and says so with this rule's
 * finding instead of a change (issue 11 D7) */
static int
kept_strict(const lint_server_t *s, const lint_cookie_t *c)
{
    int i;
    if (c->effective != SS_SAMESITE_STRICT
        || !lint_cookie_topology_judged(s, c)) {
        return 0;
    }
    for (i = 0; i < c->needs->nelts; i++) {
        const ss_cookie_change_t *x =
            &APR_ARRAY_IDX(c->needs, i, ss_cookie_change_t);
        if (x->op == SS_CHANGE_NONE && x->rule_id && !strcmp(x->rule_id, ID)) {
            return 1;
        }
    }
    return 0;
}

/* The topology needs SameSite=None; the config keeps Strict or Lax (or
 * writes a whole value without SameSite: Lax by default). */
static int
check(lint_ctx_t *ctx, const lint_server_t *s, const lint_cookie_t *c)
{
    const ss_cookie_change_t *x;
    ss_samesite_t cur = c->effective;
    int i = 0, n = 0;
    while ((x = lint_cookie_needs_next(s, c, "SameSite", &i))) {
        if (!x->value || strcmp(x->value, "None")
            || !(cur == SS_SAMESITE_STRICT || cur == SS_SAMESITE_LAX
                 || (c->full
                     && (cur == SS_SAMESITE_UNSET
                         || cur == SS_SAMESITE_INVALID)))) {
            continue;
        }
        report(ctx, s, c);
        n++;
    }
    if (!n && kept_strict(s, c)) {
        report(ctx, s, c);
        n++;
    }
    return n;
}

void
lint_rule_cookie_samesite_too_strict(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_cookie(ctx, m, check);
}
