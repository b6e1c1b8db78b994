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

/* The headers a script's read of an actual response depends on.  The
 * preflight-only ones (Allow-Methods, Allow-Headers, Max-Age) need no
 * `always`: a preflight with an error status fails whatever it carries
 * (Fetch, CORS-preflight fetch step 7). */
static int
not_always(const lint_header_t *h)
{
    return (!strcmp(h->name, "access-control-allow-origin")
            || !strcmp(h->name, "access-control-allow-credentials")
            || !strcmp(h->name, "access-control-expose-headers"))
           && !h->always && strcmp(h->action, "unset")
           && strncmp(h->action, "edit", 4);
}

static const char *
join(apr_pool_t *p, const apr_array_header_t *names)
{
    const char *out = "";
    int i;
    for (i = 0; i < names->nelts; i++) {
        out = apr_pstrcat(p, out, i ? ", " : "",
                          APR_ARRAY_IDX(names, i, const char *), NULL);
    }
    return out;
}

/* the header's name as the directive writes it */
static const char *
written_name(const lint_header_t *h)
{
    if (lint_is(h->node, "Header")) {
        return lint_arg(h->node,
                        !strcasecmp(lint_arg(h->node, 0), "onsuccess") ? 2 : 1);
    }
    return lint_arg(h->node, 0);
}

/* One finding per level (SPEC 4), at its first such header, naming them
 * all.  A level that serves static files with `Access-Control-Allow-
 * Origin: *` only: what a script would read from its 404 is of no use
 * to anyone, a note says so (issue 10 precision). */
static void
report_level(lint_ctx_t *ctx, const lint_location_t *l,
             const apr_array_header_t *hs, apr_hash_t *done)
{
    apr_array_header_t *names =
        apr_array_make(ctx->pool, hs->nelts, sizeof(const char *));
    const lint_header_t *first = NULL;
    int k, star_only = 1, j;
    for (k = 0; k < hs->nelts; k++) {
        const lint_header_t *h = APR_ARRAY_IDX(hs, k, lint_header_t *);
        int dup = 0;
        if (!not_always(h) || apr_hash_get(done, &h->node, sizeof(h->node))) {
            continue; /* inherited: reported where it is written */
        }
        apr_hash_set(done, &h->node, sizeof(h->node), "1");
        if (!first) {
            first = h;
        }
        if (!strcmp(h->name, "access-control-allow-origin")
            && (!h->value || strcmp(h->value, "*"))) {
            star_only = 0;
        }
        for (j = 0; j < names->nelts; j++) {
            dup |= !strcasecmp(APR_ARRAY_IDX(names, j, const char *),
                               written_name(h));
        }
        if (!dup) {
            APR_ARRAY_PUSH(names, const char *) = written_name(h);
        }
    }
    if (!first) {
        return;
    }
    if (star_only && !l->proxy && !l->cgi && !l->proxy_http) {
        lint_report_note(
            ctx, "cors-not-always", first->node,
            "%s %s only added to successful responses; this scope serves "
            "static files with Access-Control-Allow-Origin: *, so only "
            "their error pages go without it: add `always` if a script "
            "must read those",
            join(ctx->pool, names), names->nelts > 1 ? "are" : "is");
        return;
    }
    lint_report(ctx, "cors-not-always", first->node,
                "%s %s only added to successful responses: an error "
                "response goes out without %s and the frontend cannot read "
                "it; add `always`",
                join(ctx->pool, names), names->nelts > 1 ? "are" : "is",
                names->nelts > 1 ? "them" : "it");
}

/* httpd: `Header set` (onsuccess) misses the error responses httpd makes
 * itself; a mod_proxy_http backend's error statuses still go through
 * headers_out, so proxied scopes are fine. */
static void
check_httpd(lint_ctx_t *ctx, const lint_server_t *s, apr_hash_t *done)
{
    apr_array_header_t *scopes = lint_server_scopes(ctx->pool, s);
    int j;
    for (j = 0; j < scopes->nelts; j++) {
        const lint_location_t *l = APR_ARRAY_IDX(scopes, j, lint_location_t *);
        if (!l->proxy_http) {
            report_level(ctx, l, l->headers, done);
        }
    }
}

/* nginx: per level (server, location, `if` in a location).  A level that
 * ends in `return` with a status add_header acts on (204, 200, 301, ...)
 * answers every request with that success status in the rewrite phase,
 * before auth or a backend can fail: its headers are never missing from
 * an error (the enable-cors.org preflight block). */
static void
check_nginx(lint_ctx_t *ctx, const lint_server_t *s, apr_hash_t *done)
{
    apr_array_header_t *levels = lint_server_levels(ctx->pool, s);
    int j;
    for (j = 0; j < levels->nelts; j++) {
        const lint_location_t *l = APR_ARRAY_IDX(levels, j, lint_location_t *);
        if (lint_nginx_success_status(l->ret)
            || (l == s->server_loc && !lint_server_level_serves(s))) {
            continue;
        }
        report_level(ctx, l, lint_level_headers(ctx->pool, l), done);
    }
}

void
lint_rule_cors_not_always(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i;
    apr_hash_t *done = apr_hash_make(ctx->pool);
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        if (m->dialect == LINT_DIALECT_NGINX) {
            check_nginx(ctx, s, done);
        } else {
            check_httpd(ctx, s, done);
        }
    }
}
