/* cors-wildcard-credentials: Access-Control-Allow-Origin: * with credentials allowed.
 *
 * What:
 *   Finds `Access-Control-Allow-Origin: *` together with
 *   `Access-Control-Allow-Credentials: true`.
 * Why:
 *   The browser refuses credentialed responses with a wildcard origin ('must
 *   not be the wildcard * when the request's credentials mode is include'):
 *   cookies are not sent or stored and the response is unreadable.
 * Example:
 *   add_header Access-Control-Allow-Origin * always;
 *   add_header Access-Control-Allow-Credentials true always;
 * Use instead:
 *   Echo the exact, validated origin and add Vary: Origin (mod_samesite
 *   SameSiteCORS On with SameSiteFrontend).
 * References:
 *   seeds 002 (pitfall 5), 003, 004; Fetch standard CORS check.
 *
 * The same text is printed by `samesite-lint --explain cors-wildcard-credentials`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"
#include "lint_probe.h"

/* nginx: the `if` level of location l whose own headers include h, or
 * NULL (h is the location's own) */
static const lint_location_t *
if_level_of(const lint_location_t *l, const lint_header_t *h)
{
    int i, k;
    for (i = 0; l->ifs && i < l->ifs->nelts; i++) {
        const lint_location_t *il = APR_ARRAY_IDX(l->ifs, i, lint_location_t *);
        for (k = 0; k < il->headers->nelts; k++) {
            if (APR_ARRAY_IDX(il->headers, k, const lint_header_t *) == h) {
                return il;
            }
        }
    }
    return NULL;
}

static int
pair(const lint_sim_response_t *r)
{
    const char *o = lint_sim_header(r, "Access-Control-Allow-Origin");
    const char *c = lint_sim_header(r, "Access-Control-Allow-Credentials");
    return o && !strcmp(o, "*") && c && !strcasecmp(c, "true");
}

/* httpd: a request from the scope's frontend (a GET, its error response
 * or its preflight) leaves with `*` and credentials, as the simulator
 * answers; 1 also when no probe request reaches the scope */
static int
sent_to_frontend(lint_ctx_t *ctx, const lint_model_t *m, const lint_server_t *s,
                 const lint_location_t *l)
{
    const lint_probe_t *pr = lint_probe(ctx, m, s, l);
    if (!pr || !pr->uri) {
        return 1;
    }
    return pair(&pr->get) || pair(&pr->get_error) || pair(&pr->preflight);
}

static void
check_cors_wildcard_credentials(lint_ctx_t *ctx, const lint_model_t *m,
                                const lint_server_t *s,
                                const lint_location_t *l,
                                const lint_header_t *h)
{
    const lint_location_t *il;
    if (strcmp(h->name, "access-control-allow-origin") || !h->value
        || strcmp(h->value, "*") || !lint_has_credentials(l)) {
        return;
    }
    if (m->dialect == LINT_DIALECT_HTTPD && !sent_to_frontend(ctx, m, s, l)) {
        /* a later Header set replaces the `*` for the allowlisted
         * origins: only requests without Origin, or from origins that
         * are to fail anyway, get the pair (issue 10 F1) */
        return;
    }
    il = m->dialect == LINT_DIALECT_NGINX ? if_level_of(l, h) : NULL;
    if (!il && m->dialect == LINT_DIALECT_NGINX
        && !lint_headers_have_credentials(lint_level_headers(ctx->pool, l))) {
        /* the `*` is the location's own, the credentials only come with
         * an `if` level, whose own add_header replaces the location's:
         * no response carries both (issue 10 R3).  That `if` answering a
         * credentialed frontend with `*` is the case below, at its own
         * header. */
        return;
    }
    if (il && !lint_has_credentials(il)) {
        /* the `if` level answers without Allow-Credentials (its own
         * add_header replaced the location's), but the location's other
         * responses allow credentials: the frontend fetches with
         * credentials, and this answer (typically the preflight) fails */
        lint_report(
            ctx, "cors-wildcard-credentials", h->node,
            "Access-Control-Allow-Origin \"*\" here, while location %s "
            "allows credentials: a credentialed request that gets this "
            "response%s is rejected by browsers; echo an allowlisted origin",
            l->path,
            h->condition && strstr(h->condition, "OPTIONS") ? " (its preflight)"
                                                            : "");
        return;
    }
    lint_report(ctx, "cors-wildcard-credentials", h->node,
                "Access-Control-Allow-Origin \"*\" with "
                "Access-Control-Allow-Credentials: true: browsers "
                "reject the response; echo an allowlisted origin");
}

void
lint_rule_cors_wildcard_credentials(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_header(ctx, m, check_cors_wildcard_credentials);
}
