/* cors-origin-regex-bypass: origin check accepts an attacker origin.
 *
 * What:
 *   Compiles origin-checking regexes (SetEnvIf Origin, RewriteCond
 *   %{HTTP:Origin}, <If>, nginx map/if on $http_origin) with PCRE2 and tries
 *   attacker origins derived from the intended ones.
 * Why:
 *   Unanchored or unescaped patterns like `example.com` or
 *   `^https://.*example.com` also match https://example.com.evil.test,
 *   https://evilexample.com or https://appxexample.com. Whatever matches
 *   gets credentialed access.
 * Example:
 *   SetEnvIf Origin "https://app.example.com" CORS_OK
 * Use instead:
 *   Anchor and escape: ^https://app\.example\.com$ — or avoid regexes
 *   entirely (nginx map with exact strings; mod_samesite SameSiteFrontend,
 *   which compares labels, not regexes).
 * References:
 *   PortSwigger CORS research; seed 004 (validated allowlist).
 *
 * The same text is printed by `samesite-lint --explain cors-origin-regex-bypass`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 *
 * How (lint_regex.c, shared with the regex-derived frontends): derive the
 * intended origins from the regex's literal text, generate attacker
 * origins from them (suffix append, prefix add, each unescaped dot,
 * special characters, port, scheme downgrade, userinfo), try them with
 * PCRE2 and quote the first one a browser can send that matches and lies
 * outside the intended sites (scheme + registrable domain).  Features we
 * cannot reason about (possessive quantifiers, atomic groups,
 * backreferences, recursion), a regex PCRE2 rejects, or one from which no
 * intended origin can be derived give one cors-origin-regex-unanalysable
 * note on that line instead (SPEC 4).
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include "lint_model.h"
#include "rules/rule_util.h"

/* The attacker's host is a sibling of an intended one right under a
 * listed public suffix (x.github.io / evilx.github.io, shop-x-acme /
 * shop-evil0-acme.vercel.app): the wildcard covers a label anyone can
 * register, so anchors and dots are not the problem. */
static int
under_public_suffix(apr_pool_t *p, const ss_psl_t *psl, const char *att,
                    const char *intended)
{
    ss_origin_t *a, *i;
    const char *da, *di;
    if (!intended || ss_origin_parse(&a, p, att) != SS_ORIGIN_OK
        || ss_origin_parse(&i, p, intended) != SS_ORIGIN_OK) {
        return 0;
    }
    da = strchr(a->host, '.');
    di = strchr(i->host, '.');
    return da && di && !strcmp(da, di) && ss_psl_is_listed_suffix(psl, da + 1);
}

static void
check_regex(lint_ctx_t *ctx, const lint_origin_check_t *c)
{
    apr_pool_t *p = ctx->pool;
    const char *att, *intended = NULL;

    if (lint_regex_unanalysable(c->regex)) {
        lint_report(ctx, "cors-origin-regex-unanalysable", c->node,
                    "origin regex uses a feature samesite-lint cannot analyse "
                    "(possessive/atomic/backreference): review it by hand");
        return;
    }
    if (lint_regex_matches(p, c->regex, c->caseless, "") < 0) {
        lint_report(
            ctx, "cors-origin-regex-unanalysable", c->node,
            "origin regex does not compile with PCRE2: review it by hand");
        return;
    }
    if (c->any) {
        return; /* no allowlist: cors-origin-reflected says so */
    }
    if (!c->intents || !c->intents->nelts) {
        lint_report(ctx, "cors-origin-regex-unanalysable", c->node,
                    "no intended origin can be derived from the origin regex "
                    "/%s/, so it cannot be tried against attacker origins: "
                    "review it by hand (or list exact origins)",
                    c->regex);
        return;
    }
    att = lint_regex_bypass(p, ctx->opts->psl, c->regex, c->caseless,
                            c->intents, &intended);
    if (att && under_public_suffix(p, ctx->opts->psl, att, intended)) {
        lint_report(ctx, "cors-origin-regex-bypass", c->node,
                    "origin check /%s/ accepts the attacker origin \"%s\" "
                    "(intended: %s): its wildcard is in the label right "
                    "under a public suffix, which anyone can register; list "
                    "the exact origins",
                    c->regex, att, intended);
    } else if (att) {
        lint_report(ctx, "cors-origin-regex-bypass", c->node,
                    "origin check /%s/ accepts the attacker origin \"%s\" "
                    "(intended: %s): anchor with ^...$ and escape dots",
                    c->regex, att, intended);
    }
}

/* Some header of the server sends a value taken from the Origin: only
 * then can a check that lets an attacker origin through hand it the
 * response (a check that only gates a constant, such as h5bp's
 * `SetEnvIf Origin ":" IS_CORS` + `Access-Control-Allow-Origin "*"
 * env=IS_CORS`, gives every origin the same answer anyway). */
static int
server_reflects(apr_pool_t *p, const lint_server_t *s)
{
    apr_array_header_t *scopes = lint_server_scopes(p, s);
    int j, n;
    for (j = 0; j < scopes->nelts; j++) {
        const lint_location_t *l = APR_ARRAY_IDX(scopes, j, lint_location_t *);
        for (n = 0; n < l->headers->nelts; n++) {
            if (APR_ARRAY_IDX(l->headers, n, lint_header_t *)
                    ->origin_dependent) {
                return 1;
            }
        }
    }
    return 0;
}

void
lint_rule_cors_origin_regex_bypass(lint_ctx_t *ctx, const lint_model_t *m)
{
    apr_hash_t *done = apr_hash_make(ctx->pool);
    int i, j, x;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        apr_array_header_t *lists = lint_origin_check_lists(ctx->pool, s);
        int reflects = server_reflects(ctx->pool, s);
        for (x = 0; x < lists->nelts; x++) {
            const apr_array_header_t *checks =
                APR_ARRAY_IDX(lists, x, const apr_array_header_t *);
            /* a list shared by every server: once, not once per server
             * (a server that reflects nothing walks it for its refusing
             * checks only) */
            if (apr_hash_get(done, &checks, sizeof(checks))) {
                continue;
            }
            if (reflects) {
                apr_hash_set(done,
                             apr_pmemdup(ctx->pool, &checks, sizeof(checks)),
                             sizeof(checks), "1");
            }
            for (j = 0; j < checks->nelts; j++) {
                const lint_origin_check_t *c =
                    APR_ARRAY_IDX(checks, j, lint_origin_check_t *);
                /* a deny list (positive test that refuses) allows the rest
             * anyway; an http-level map is shared by every server */
                if (!c->regex || (c->reject && !c->negated)
                    || (!c->reject && !reflects)
                    || apr_hash_get(done, &c, sizeof(c))) {
                    continue;
                }
                apr_hash_set(done, apr_pmemdup(ctx->pool, &c, sizeof(c)),
                             sizeof(c), "1");
                check_regex(ctx, c);
            }
        }
    }
}
