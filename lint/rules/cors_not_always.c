/* cors-not-always: CORS headers absent on error responses (no always).
 *
 * What:
 *   Finds CORS response headers that are only added to successful responses.
 * Why:
 *   nginx add_header without `always` and Apache `Header set` (onsuccess
 *   table) skip 4xx/5xx responses, so the browser reports a CORS error
 *   instead of the real 401/404/500 and the frontend cannot read the error.
 * Example:
 *   add_header Access-Control-Allow-Origin https://app.example.com;
 * Use instead:
 *   nginx: add `always`; Apache: `Header always set`, or mod_samesite, which
 *   treats error responses too.
 * References:
 *   nginx add_header docs; SPEC 3 (every response gets the treatment).
 *
 * The same text is printed by `samesite-lint --explain cors-not-always`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

static int
not_always(const lint_header_t *h)
{
    return lint_is_cors_header(h->name) && !h->always
           && strcmp(h->action, "unset") && strncmp(h->action, "edit", 4);
}

static void
report(lint_ctx_t *ctx, const lint_header_t *h)
{
    lint_report(ctx, "cors-not-always", h->node,
                "%s is only added to successful responses: add "
                "`always` so errors stay readable by the frontend",
                h->name);
}

/* httpd: `Header set` (onsuccess) misses the error responses httpd makes
 * itself; a mod_proxy_http backend's error statuses still go through
 * headers_out, so proxied scopes are fine. */
static void
check_httpd(lint_ctx_t *ctx, const lint_model_t *m, const lint_server_t *s,
            const lint_location_t *l, const lint_header_t *h)
{
    (void)m;
    (void)s;
    if (not_always(h) && !l->proxy_http) {
        report(ctx, h);
    }
}

/* nginx: per level (server, location, `if` in a location).  A level that
 * ends in `return` with a status add_header acts on (204, 200, 301, ...)
 * answers every request with that success status in the rewrite phase,
 * before auth or a backend can fail: its headers are never missing from
 * an error (the enable-cors.org preflight block). */
static void
check_nginx(lint_ctx_t *ctx, const lint_server_t *s)
{
    apr_array_header_t *levels = lint_server_levels(ctx->pool, s);
    int j, k;
    for (j = 0; j < levels->nelts; j++) {
        const lint_location_t *l = APR_ARRAY_IDX(levels, j, lint_location_t *);
        apr_array_header_t *hs;
        if (lint_nginx_success_status(l->ret)
            || (l == s->server_loc && !lint_server_level_serves(s))) {
            continue;
        }
        hs = lint_level_headers(ctx->pool, l);
        for (k = 0; k < hs->nelts; k++) {
            const lint_header_t *h = APR_ARRAY_IDX(hs, k, lint_header_t *);
            if (not_always(h)) {
                report(ctx, h);
            }
        }
    }
}

void
lint_rule_cors_not_always(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i;
    if (m->dialect != LINT_DIALECT_NGINX) {
        lint_each_header(ctx, m, check_httpd);
        return;
    }
    for (i = 0; i < m->servers->nelts; i++) {
        check_nginx(ctx, APR_ARRAY_IDX(m->servers, i, const lint_server_t *));
    }
}
