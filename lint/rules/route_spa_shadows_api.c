/* route-spa-shadows-api: SPA fallback (try_files ... /index.html, FallbackResource) catches API paths.
 *
 * What:
 *   Finds SPA fallbacks that also cover API paths.
 * Why:
 *   When /api/... is not routed before the SPA fallback, API calls get
 *   index.html with 200: the frontend sees HTML instead of JSON, cookies set
 *   by the API never arrive, and errors look like CORS failures.
 * Example:
 *   location / { try_files $uri /index.html; }  # /api/ has no location of its own
 * Use instead:
 *   Give the API its own prefix location (location /api/ { proxy_pass ...;
 *   }) and keep the SPA under / or /app/.
 * References:
 *   seed 002 pitfall 4 (SPA path collision).
 *
 * The same text is printed by `samesite-lint --explain route-spa-shadows-api`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

static int
is_regex(const lint_location_t *l)
{
    return l->kind == LINT_LOC_REGEX || l->kind == LINT_LOC_REGEX_CASELESS;
}

/* A request path the API location is meant for: "/api/" -> /api/v1/items,
 * "= /api" -> /api, "~ ^/api/" -> /api/v1/items; NULL when the location
 * does not match its own probe (a regex without a literal start). */
static const char *
api_probe(apr_pool_t *p, const lint_location_t *api)
{
    const char *base = api->path, *probe;
    if (api->kind == LINT_LOC_EXACT) {
        return api->path;
    }
    if (is_regex(api)) {
        base = lint_regex_literal(p, api->path);
        if (!base) {
            return NULL;
        }
    }
    probe =
        apr_pstrcat(p, base, *base && base[strlen(base) - 1] == '/' ? "" : "/",
                    "v1/items", NULL);
    if (is_regex(api)) {
        return lint_regex_matches(p, api->path,
                                  api->kind == LINT_LOC_REGEX_CASELESS, probe)
                       == 1
                   ? probe
                   : NULL;
    }
    return strncmp(api->path, probe, strlen(api->path)) ? NULL : probe;
}

/* nginx: ask the real matching order which location answers the API's
 * own paths; if it is one with the SPA fallback, API calls get HTML. */
static void
check_nginx(lint_ctx_t *ctx, const lint_server_t *s)
{
    int k, has_spa = 0;
    /* only a location with its own SPA fallback can shadow: without one,
     * skip the location search per API location (each one a walk of the
     * server's locations, quadratic in a server with many) */
    for (k = 0; k < s->locations->nelts && !has_spa; k++) {
        const lint_location_t *l =
            APR_ARRAY_IDX(s->locations, k, lint_location_t *);
        has_spa = l->spa_fallback && l->spa_fallback->parent == l->node;
    }
    for (k = 0; has_spa && k < s->locations->nelts; k++) {
        const lint_location_t *api =
            APR_ARRAY_IDX(s->locations, k, lint_location_t *);
        const lint_location_t *spa;
        const char *probe;
        if (!api->proxy || !(probe = api_probe(ctx->pool, api))) {
            continue;
        }
        spa = lint_nginx_find_location(ctx->pool, s, probe);
        if (!spa || spa == api || !spa->spa_fallback
            || spa->spa_fallback->parent != spa->node) {
            continue;
        }
        if (is_regex(spa) && !is_regex(api)) {
            lint_report(
                ctx, "route-spa-shadows-api", spa->spa_fallback,
                "regex location %s (with the SPA fallback) wins over prefix "
                "location %s: %s gets index.html",
                spa->path, api->path, probe);
        } else if (spa->kind == LINT_LOC_PREFIX_NOREGEX && is_regex(api)) {
            lint_report(
                ctx, "route-spa-shadows-api", spa->spa_fallback,
                "location ^~ %s (with the SPA fallback) is the longest prefix "
                "for %s and `^~` stops the regex search: regex location %s "
                "never runs and the API gets index.html",
                spa->path, probe, api->path);
        } else {
            lint_report(
                ctx, "route-spa-shadows-api", spa->spa_fallback,
                "location %s (with the SPA fallback) wins over location %s in "
                "nginx's matching order: %s gets index.html",
                spa->path, api->path, probe);
        }
    }
}

void
lint_rule_route_spa_shadows_api(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i, j, k;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        apr_array_header_t *scopes = lint_server_scopes(ctx->pool, s);
        if (m->dialect == LINT_DIALECT_NGINX) {
            check_nginx(ctx, s);
            continue;
        }
        for (j = 0; j < scopes->nelts; j++) {
            const lint_location_t *spa =
                APR_ARRAY_IDX(scopes, j, lint_location_t *);
            if (!spa->spa_fallback
                || (spa->spa_fallback->parent != spa->node
                    && spa != s->server_loc)) {
                continue;
            }
            if (lint_is(spa->spa_fallback, "RewriteRule")) {
                for (k = 0; k < scopes->nelts; k++) {
                    const lint_location_t *api =
                        APR_ARRAY_IDX(scopes, k, lint_location_t *);
                    const lint_node_t *pp = api->proxy;
                    if (pp && lint_nargs(pp) >= 2 && lint_is(pp, "ProxyPass")
                        && lint_regex_matches(ctx->pool,
                                              lint_arg(spa->spa_fallback, 0), 0,
                                              lint_arg(pp, 0))
                               == 1
                        && !lint_rewrite_excludes(ctx->pool, spa->spa_fallback,
                                                  lint_arg(pp, 0))) {
                        lint_report(ctx, "route-spa-shadows-api",
                                    spa->spa_fallback,
                                    "this RewriteRule to index.html runs "
                                    "before ProxyPass "
                                    "%s (mod_rewrite translates first): API "
                                    "requests get "
                                    "the HTML page",
                                    lint_arg(pp, 0));
                        break;
                    }
                }
            }
        }
    }
}
