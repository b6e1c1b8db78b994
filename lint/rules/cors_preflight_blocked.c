/* cors-preflight-blocked: preflight OPTIONS hits auth or a backend that rejects it.
 *
 * What:
 *   Finds CORS-enabled locations where an OPTIONS preflight runs into
 *   authentication (auth_basic, auth_request, Require valid-user) or a
 *   method restriction that refuses OPTIONS (nginx limit_except without
 *   OPTIONS, Apache <LimitExcept> without it or <Limit OPTIONS> with a
 *   Require or Deny).
 * Why:
 *   Preflights never carry credentials (Fetch standard), so an
 *   auth-protected location answers 401, and a method limit that forgets
 *   OPTIONS answers 403; the browser reports 'Response to preflight request
 *   doesn't pass access control check' and the real request is never sent.
 * Example:
 *   location /api/ { auth_basic "x"; add_header Access-Control-Allow-Origin https://app.example.com always; }
 * Use instead:
 *   Answer OPTIONS before auth: nginx `if ($request_method = OPTIONS) {
 *   return 204; }`, Apache `<LimitExcept OPTIONS>` around Require, or
 *   mod_samesite `SameSitePreflight Handle`; list OPTIONS in limit_except /
 *   <LimitExcept>.
 * References:
 *   Fetch standard (CORS-preflight fetch); seed 003 (response to preflight
 *   has invalid status).
 *
 * The same text is printed by `samesite-lint --explain cors-preflight-blocked`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

typedef struct {
    const lint_node_t *blocker; /* the auth or method limit refusing OPTIONS */
    const char *paths;
    int n;
} blocked_t;

static void
add_blocked(apr_pool_t *p, apr_array_header_t *out, const lint_node_t *blocker,
            const char *path)
{
    blocked_t *b = NULL;
    int i;
    for (i = 0; i < out->nelts && !b; i++) {
        if (APR_ARRAY_IDX(out, i, blocked_t *)->blocker == blocker) {
            b = APR_ARRAY_IDX(out, i, blocked_t *);
        }
    }
    if (!b) {
        b = apr_pcalloc(p, sizeof(*b));
        b->blocker = blocker;
        APR_ARRAY_PUSH(out, blocked_t *) = b;
    }
    if (++b->n <= 3) {
        b->paths = b->paths ? apr_pstrcat(p, b->paths, ", ", path, NULL) : path;
    } else if (b->n == 4) {
        b->paths = apr_pstrcat(p, b->paths, ", ...", NULL);
    }
}

void
lint_rule_cors_preflight_blocked(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i, j;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        apr_array_header_t *scopes = lint_server_scopes(ctx->pool, s);
        apr_array_header_t *blocked =
            apr_array_make(ctx->pool, 2, sizeof(blocked_t *));
        int module = s->samesite && s->samesite->engine_enforcing
                     && s->samesite->cors_on && s->samesite->preflight_handle;
        int cors = lint_server_has_credentials(ctx->pool, s)
                   || (s->samesite && s->samesite->cors_on);
        if (!cors || module) {
            continue;
        }
        for (j = 0; j < scopes->nelts; j++) {
            const lint_location_t *l =
                APR_ARRAY_IDX(scopes, j, lint_location_t *);
            const lint_node_t *blocker = l->auth ? l->auth : l->options_denied;
            if (!blocker || l->options_handled) {
                continue;
            }
            if (m->dialect == LINT_DIALECT_NGINX) {
                /* a location replaces the server level for its requests:
                 * it blocks with the auth it inherits unless it answers
                 * OPTIONS first (`return` runs in the rewrite phase,
                 * before auth); the server level only serves requests
                 * no location takes */
                if (l->ret
                    || (l == s->server_loc && !lint_server_level_serves(s))) {
                    continue;
                }
            } else if (blocker->parent != l->node && l != s->server_loc) {
                continue; /* httpd: the vhost's auth is reported once */
            }
            add_blocked(ctx->pool, blocked, blocker, l->path);
        }
        for (j = 0; j < blocked->nelts; j++) {
            const blocked_t *b = APR_ARRAY_IDX(blocked, j, blocked_t *);
            if (lint_is(b->blocker, "limit_except")
                || lint_is(b->blocker, "Limit")
                || lint_is(b->blocker, "LimitExcept")) {
                lint_report(
                    ctx, "cors-preflight-blocked", b->blocker,
                    "CORS preflights (OPTIONS) to %s are refused by this "
                    "method limit (403 or 401), so the browser never sends "
                    "the request: allow OPTIONS here or answer it first",
                    b->paths);
            } else {
                lint_report(
                    ctx, "cors-preflight-blocked", b->blocker,
                    "CORS preflights (OPTIONS, sent without credentials) to %s "
                    "hit this authentication and fail: answer OPTIONS first",
                    b->paths);
            }
        }
    }
}
