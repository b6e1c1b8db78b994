/* websocket-origin-unchecked: WebSocket upgrade proxied without an Origin check.
 *
 * What:
 *   Finds WebSocket proxying (Upgrade headers, ws:// ProxyPass,
 *   mod_proxy_wstunnel) in a scope without any Origin validation.
 * Why:
 *   WebSockets are not covered by CORS: a malicious page can open a socket
 *   with the user's cookies and read everything (cross-site WebSocket
 *   hijacking).
 * Example:
 *   location /ws { proxy_pass http://app; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection upgrade; }
 * Use instead:
 *   Check Origin against the allowlist before proxying (map $http_origin +
 *   if, or mod_samesite SameSiteWebSocket Enforce).
 * References:
 *   RFC 6455 10.2; seed 000.
 *
 * The same text is printed by `samesite-lint --explain websocket-origin-unchecked`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 *
 * Only a check that refuses the handshake in the scope handling it counts
 * (lint_location_t.origin_reject): a map or SetEnvIf alone refuses
 * nothing.
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
        if (s->samesite && s->samesite->engine_enforcing
            && s->samesite->websocket_enforce) {
            continue;
        }
        for (j = 0; j < scopes->nelts; j++) {
            const lint_location_t *l =
                APR_ARRAY_IDX(scopes, j, lint_location_t *);
            if (l->websocket
                && (l->websocket->parent == l->node || l == s->server_loc)
                && !l->origin_reject) {
                lint_report(
                    ctx, "websocket-origin-unchecked", l->websocket,
                    "WebSocket upgrades to %s are proxied without an Origin "
                    "check: "
                    "any site can open a socket with the user's cookies",
                    l->path);
            }
        }
    }
}
