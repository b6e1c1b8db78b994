/* cors-null-origin: null origin allowed.
 *
 * What:
 *   Finds `null` in a CORS allowlist or an origin check that accepts it.
 * Why:
 *   Sandboxed iframes, file: pages and some redirects send Origin: null; any
 *   attacker can produce it with <iframe sandbox>. Allowing null with
 *   credentials hands the session to every site.
 * Example:
 *   Access-Control-Allow-Origin null
 * Use instead:
 *   Never allow null; list the real https origins.
 * References:
 *   Fetch standard (opaque origins); seed 004.
 *
 * The same text is printed by `samesite-lint --explain cors-null-origin`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cors_null_origin(lint_ctx_t *ctx, const lint_model_t *m)
{
    apr_hash_t *done = apr_hash_make(ctx->pool);
    int i, j, k, n, x;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        apr_array_header_t *lists = lint_origin_check_lists(ctx->pool, s);
        apr_array_header_t *scopes = lint_server_scopes(ctx->pool, s);
        for (x = 0; x < lists->nelts; x++) {
            const apr_array_header_t *checks =
                APR_ARRAY_IDX(lists, x, const apr_array_header_t *);
            /* a list shared by every server (http-level map, main server)
             * is looked at once: its findings are the same for each */
            if (apr_hash_get(done, &checks, sizeof(checks))) {
                continue;
            }
            apr_hash_set(done, apr_pmemdup(ctx->pool, &checks, sizeof(checks)),
                         sizeof(checks), "1");
            for (j = 0; j < checks->nelts; j++) {
                const lint_origin_check_t *c =
                    APR_ARRAY_IDX(checks, j, lint_origin_check_t *);
                int hit = 0;
                for (k = 0; k < c->literals->nelts; k++) {
                    if (!strcmp(APR_ARRAY_IDX(c->literals, k, const char *),
                                "null"))
                        hit = 1;
                }
                if (!hit && c->regex
                    && lint_regex_matches(ctx->pool, c->regex, c->caseless,
                                          "null")
                           == 1)
                    hit = 1;
                if (hit) {
                    lint_report(
                        ctx, "cors-null-origin", c->node,
                        "the origin check accepts \"null\" (sandboxed iframes, "
                        "file: pages): any attacker can send it");
                }
            }
        }
        for (j = 0; j < scopes->nelts; j++) {
            const lint_location_t *l =
                APR_ARRAY_IDX(scopes, j, lint_location_t *);
            for (n = 0; n < l->headers->nelts; n++) {
                const lint_header_t *h =
                    APR_ARRAY_IDX(l->headers, n, lint_header_t *);
                if (!strcmp(h->name, "access-control-allow-origin") && h->value
                    && !strcmp(h->value, "null")) {
                    lint_report(
                        ctx, "cors-null-origin", h->node,
                        "Access-Control-Allow-Origin: null can be matched by "
                        "any sandboxed iframe");
                }
            }
        }
    }
}
