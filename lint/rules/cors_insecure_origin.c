/* cors-insecure-origin: http:// origin allowed with credentials for an https resource.
 *
 * What:
 *   Finds plain-http origins in a credentialed CORS allowlist of an https
 *   host.
 * Why:
 *   Anyone on the network path can inject script into an http page and then
 *   read credentialed responses from the https API: the allowlist entry
 *   downgrades the API to http security. http and https are also cross-site
 *   (schemeful same-site).
 * Example:
 *   Access-Control-Allow-Origin http://app.example.com (on https://api.example.com)
 * Use instead:
 *   Serve the frontend over https and allow only https origins.
 * References:
 *   Fetch standard; schemeful same-site; seed 003.
 *
 * The same text is printed by `samesite-lint --explain cors-insecure-origin`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cors_insecure_origin(lint_ctx_t *ctx, const lint_model_t *m)
{
    apr_hash_t *plain_free = apr_hash_make(ctx->pool);
    int i, j;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        int creds = lint_server_has_credentials(ctx->pool, s);
        const apr_array_header_t *fe = s->frontends;
        if (!s->https || !creds) {
            continue;
        }
        /* servers share one frontend list (one allowlist): when it has
         * no http origin, every server sharing it is done */
        if (apr_hash_get(plain_free, &fe, sizeof(fe))) {
            continue;
        }
        for (j = 0; j < fe->nelts; j++) {
            if (!strcmp(APR_ARRAY_IDX(fe, j, lint_frontend_t *)
                            ->pattern->origin.scheme,
                        "http")) {
                break;
            }
        }
        if (j == fe->nelts) {
            apr_hash_set(plain_free, apr_pmemdup(ctx->pool, &fe, sizeof(fe)),
                         sizeof(fe), "1");
            continue;
        }
        for (j = 0; j < s->frontends->nelts; j++) {
            const lint_frontend_t *f =
                APR_ARRAY_IDX(s->frontends, j, lint_frontend_t *);
            if (strcmp(f->pattern->origin.scheme, "http")) {
                continue;
            }
            if (!strcmp(f->source, "allowed-origin")
                || !strcmp(f->source, "allowed-regex")
                || !strcmp(f->source, "SameSiteFrontend")) {
                const lint_node_t *at =
                    f->node ? f->node
                            : lint_node_allowing(ctx->pool, s, f->text);
                if (at && ss_host_loopback(f->pattern->origin.host)) {
                    /* loopback has no network path and is a potentially
                     * trustworthy origin (Secure Contexts 3.1): what is
                     * left, a development origin in production, is
                     * topology-internal-origin's note */
                    continue;
                } else if (at) {
                    lint_report(
                        ctx, "cors-insecure-origin", at,
                        "http origin %s is allowed with credentials on "
                        "%s: anyone on its network path can read the API",
                        f->text,
                        ss_origin_str(ctx->pool, s->origin
                                                     ? s->origin
                                                     : &f->pattern->origin));
                }
            }
        }
    }
}
