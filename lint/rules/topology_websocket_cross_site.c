/* topology-websocket-cross-site: cookie-authenticated WebSocket on a cross-site host: cookie not sent on the handshake.
 *
 * What:
 *   Finds WebSocket endpoints that rely on cookies while a frontend is
 *   cross-site.
 * Why:
 *   The handshake is a cross-site request: Lax/Strict cookies are never sent
 *   and SameSite=None cookies are blocked as third-party cookies (measured
 *   here, SPEC 6). Only a Partitioned cookie set in the frontend's partition
 *   is sent.
 * Example:
 *   location /ws { proxy_pass http://app; proxy_set_header Upgrade
 *   $http_upgrade; }  # frontend on another site
 * Use instead:
 *   Serve the WebSocket from the frontend's site (proxy it), use a
 *   Partitioned cookie (mod_samesite Auto), or authenticate the socket with
 *   a short-lived token.
 * References:
 *   seed 000 (cookies do not reach the WebSocket); SPEC 6.
 *
 * The same text is printed by `samesite-lint --explain topology-websocket-cross-site`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_topology_websocket_cross_site(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i, j;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        apr_array_header_t *scopes = lint_server_scopes(ctx->pool, s);
        int module = s->samesite && s->samesite->engine_enforcing;
        if (!s->topology || s->topology->worst != SS_CLASS_CROSS_SITE
            || module) {
            continue;
        }
        for (j = 0; j < scopes->nelts; j++) {
            const lint_location_t *l =
                APR_ARRAY_IDX(scopes, j, lint_location_t *);
            if (lint_websocket_here(s, l) && !lint_server_partitions(s)) {
                lint_report(
                    ctx, "topology-websocket-cross-site", l->websocket,
                    "WebSocket at %s on %s is called from a cross-site "
                    "frontend: "
                    "with third-party cookies blocked the handshake carries no "
                    "cookie; use Partitioned cookies or a same-site host",
                    l->path, ss_origin_str(ctx->pool, s->origin));
            }
        }
    }
}
