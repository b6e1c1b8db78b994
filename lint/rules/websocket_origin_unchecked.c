/* websocket-origin-unchecked: A WebSocket upgrade is proxied without checking Origin: browsers send
 * cookies on the handshake and WebSockets are not subject to CORS, so any
 * site can open an authenticated socket (cross-site WebSocket hijacking).
 * Fix: check Origin (map / if / SetEnvIf) or SameSiteWebSocket Enforce.
 * Only a check that refuses the handshake in the scope handling it counts
 * (lint_location_t.origin_reject): a map or SetEnvIf alone refuses
 * nothing.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain websocket-origin-unchecked`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_websocket_origin_unchecked(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i, j;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        apr_array_header_t *scopes = lint_server_scopes(ctx->pool, s);
        if (s->samesite && s->samesite->engine_enforcing && s->samesite->websocket_enforce) {
            continue;
        }
        for (j = 0; j < scopes->nelts; j++) {
            const lint_location_t *l = APR_ARRAY_IDX(scopes, j, lint_location_t *);
            if (l->websocket && (l->websocket->parent == l->node || l == s->server_loc)
                && !l->origin_reject) {
                lint_report(ctx, "websocket-origin-unchecked", l->websocket,
                            "WebSocket upgrades to %s are proxied without an Origin check: "
                            "any site can open a socket with the user's cookies", l->path);
            }
        }
    }
}
