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

/* nginx forwarding whatever Upgrade the client asks for
 * (`proxy_set_header Upgrade $http_upgrade`) on a path that does not name
 * a socket: many catch-all proxies carry it whether or not the backend
 * serves WebSockets there (SPEC 4, Certainty: a note with the condition) */
static int
generic_upgrade(const lint_location_t *l)
{
    static const char *const ws_words[] = { "ws",   "socket", "cable",
                                            "hub",  "stream", "realtime",
                                            "live", "push",   NULL };
    const char *path = l->path ? l->path : "/";
    int i;
    if (!lint_is(l->websocket, "proxy_set_header") || !lint_arg(l->websocket, 1)
        || strcmp(lint_arg(l->websocket, 1), "$http_upgrade")) {
        return 0;
    }
    for (i = 0; ws_words[i]; i++) {
        if (strcasestr(path, ws_words[i])) {
            return 0;
        }
    }
    return 1;
}

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
            if (!lint_websocket_here(s, l) || l->origin_reject) {
                continue;
            }
            if (generic_upgrade(l)) {
                lint_report_note(
                    ctx, "websocket-origin-unchecked", l->websocket,
                    "if %s serves WebSockets authenticated by the cookie "
                    "(this location forwards any Upgrade): nothing checks "
                    "their Origin, so any site can open a socket with the "
                    "user's cookies; check Origin here or in the backend",
                    l->path ? l->path : "/");
            } else {
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
