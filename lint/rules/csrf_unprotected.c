/* csrf-unprotected: cookie session open to cross-site request forgery.
 *
 * What:
 *   Finds hosts with a SameSite=None session cookie, or one with no SameSite
 *   (the 2-minute Lax+POST window), that accept unsafe methods with no
 *   Origin, Sec-Fetch-Site or token check. Explicit Lax or Strict does not
 *   trigger it.
 * Why:
 *   Cookies are attached automatically: a page on any site can POST to the
 *   API and the browser sends the session with it. CORS only hides the
 *   response; the side effect has already happened.
 * Example:
 *   location /api/ { proxy_pass http://app; }  # session cookie
 *   SameSite=None
 * Use instead:
 *   Use SameSite=Lax/Strict where the topology allows; otherwise check
 *   Origin / Sec-Fetch-Site (mod_samesite SameSiteCSRF Enforce) or use CSRF
 *   tokens.
 * References:
 *   seeds 001 (CSRF), 002, 004 (Security boundary).
 *
 * The same text is printed by `samesite-lint --explain csrf-unprotected`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

/* httpd: every ProxyPass written at the vhost level goes to a <Location>
 * (prefix) that refuses failing origins, so the vhost level itself
 * forwards nothing unchecked. */
static int
httpd_proxies_covered(const lint_server_t *s)
{
    int i, j, any = 0;
    for (i = 0; s->node->children && i < s->node->children->nelts; i++) {
        const lint_node_t *c =
            APR_ARRAY_IDX(s->node->children, i, lint_node_t *);
        const char *path = lint_arg(c, 0), *url = lint_arg(c, 1);
        int covered = 0;
        if (!lint_is(c, "ProxyPass") || !path || !url || !strcmp(url, "!")) {
            continue;
        }
        any = 1;
        for (j = 0; j < s->locations->nelts && !covered; j++) {
            const lint_location_t *l =
                APR_ARRAY_IDX(s->locations, j, lint_location_t *);
            covered = l->kind == LINT_LOC_PREFIX && l->origin_reject
                      && !strncmp(path, l->path, strlen(l->path));
        }
        if (!covered) {
            return 0;
        }
    }
    return any;
}

/* A scope that accepts unsafe methods and acts on them with no Origin
 * check refusing cross-site ones (origin_reject).  A CORS allowlist does
 * not count: it only decides who reads the response, the form POST has
 * already been processed.  nginx's server level only serves static files
 * once the server has locations (proxy_pass lives in locations), an httpd
 * vhost's own ProxyPass lines may all lead into <Location>s that refuse;
 * when no scope has a backend, every scope counts. */
static int
open_to_csrf(const lint_model_t *m, const lint_server_t *s,
             apr_array_header_t *scopes)
{
    int j, backend = 0;
    for (j = 0; j < scopes->nelts; j++) {
        const lint_location_t *l = APR_ARRAY_IDX(scopes, j, lint_location_t *);
        backend |= l->proxy || l->cgi;
    }
    for (j = 0; j < scopes->nelts; j++) {
        const lint_location_t *l = APR_ARRAY_IDX(scopes, j, lint_location_t *);
        if (!l->accepts_unsafe || l->origin_reject
            || (m->dialect == LINT_DIALECT_NGINX && l == s->server_loc
                && s->locations->nelts)
            || (m->dialect == LINT_DIALECT_HTTPD && l == s->server_loc
                && !l->cgi && httpd_proxies_covered(s))
            || (backend && !l->proxy && !l->cgi)) {
            continue;
        }
        return 1;
    }
    return 0;
}

void
lint_rule_csrf_unprotected(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i, j;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        apr_array_header_t *scopes = lint_server_scopes(ctx->pool, s);
        /* SameSiteCSRF Enforce under SameSiteEngine On rejects them;
         * ReportOnly (either directive) only logs */
        if ((s->samesite && s->samesite->csrf_enforce
             && s->samesite->engine_enforcing)
            || lint_mentions_fetch_metadata(s) || !open_to_csrf(m, s, scopes)) {
            continue;
        }
        for (j = 0; j < s->cookies->nelts; j++) {
            const lint_cookie_t *c =
                APR_ARRAY_IDX(s->cookies, j, lint_cookie_t *);
            if (!c->session_like || strcmp(c->source, "samesite-module") == 0) {
                continue;
            }
            if (c->samesite == SS_SAMESITE_NONE
                || ((c->samesite == SS_SAMESITE_UNSET
                     || c->samesite == SS_SAMESITE_INVALID)
                    && c->cookie)) {
                lint_report(
                    ctx, "csrf-unprotected", c->node,
                    "session cookie \"%s\" is %s and nothing checks Origin, "
                    "Sec-Fetch-Site or a token on unsafe methods: cross-site "
                    "forms can act as the user",
                    c->name,
                    c->samesite == SS_SAMESITE_NONE
                        ? "SameSite=None"
                        : "without SameSite (2-minute Lax+POST window)");
            }
        }
    }
}
