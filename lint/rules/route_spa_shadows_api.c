/* route-spa-shadows-api: An SPA fallback (try_files ... /index.html in a regex location, a
 * RewriteRule to index.html that runs before ProxyPass) answers API paths
 * with the HTML page: the frontend gets 200 text/html instead of JSON.
 * Fix: exclude the API prefix from the fallback.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain route-spa-shadows-api`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_route_spa_shadows_api(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i, j, k;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        apr_array_header_t *scopes = lint_server_scopes(ctx->pool, s);
        for (j = 0; j < scopes->nelts; j++) {
            const lint_location_t *spa = APR_ARRAY_IDX(scopes, j, lint_location_t *);
            if (!spa->spa_fallback || (spa->spa_fallback->parent != spa->node && spa != s->server_loc)) {
                continue;
            }
            for (k = 0; k < scopes->nelts; k++) {
                const lint_location_t *api = APR_ARRAY_IDX(scopes, k, lint_location_t *);
                const char *probe;
                if (api == spa || !api->proxy || api->kind == LINT_LOC_SERVER) {
                    continue;
                }
                probe = apr_pstrcat(ctx->pool, api->path,
                                    api->path[strlen(api->path) - 1] == '/' ? "" : "/",
                                    "v1/items", NULL);
                if (m->dialect == LINT_DIALECT_NGINX
                    && (spa->kind == LINT_LOC_REGEX || spa->kind == LINT_LOC_REGEX_CASELESS)
                    && (api->kind == LINT_LOC_PREFIX || api->kind == LINT_LOC_EXACT)
                    && lint_regex_matches(ctx->pool, spa->path,
                                          spa->kind == LINT_LOC_REGEX_CASELESS, probe) == 1) {
                    lint_report(ctx, "route-spa-shadows-api", spa->spa_fallback,
                                "regex location %s (with the SPA fallback) wins over prefix "
                                "location %s: %s gets index.html", spa->path, api->path, probe);
                }
            }
            if (m->dialect == LINT_DIALECT_HTTPD && lint_is(spa->spa_fallback, "RewriteRule")) {
                for (k = 0; k < scopes->nelts; k++) {
                    const lint_location_t *api = APR_ARRAY_IDX(scopes, k, lint_location_t *);
                    const lint_node_t *pp = api->proxy;
                    if (pp && lint_nargs(pp) >= 2 && lint_is(pp, "ProxyPass")
                        && lint_regex_matches(ctx->pool, lint_arg(spa->spa_fallback, 0), 0,
                                              lint_arg(pp, 0)) == 1
                        && !lint_rewrite_excludes(spa->spa_fallback, lint_arg(pp, 0))) {
                        lint_report(ctx, "route-spa-shadows-api", spa->spa_fallback,
                                    "this RewriteRule to index.html runs before ProxyPass "
                                    "%s (mod_rewrite translates first): API requests get "
                                    "the HTML page", lint_arg(pp, 0));
                        break;
                    }
                }
            }
        }
    }
}
