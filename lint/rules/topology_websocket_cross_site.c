/* topology-websocket-cross-site: A cookie-authenticated WebSocket on a host whose frontends are
 * cross-site: with third-party cookies blocked the handshake carries no
 * cookie (seed 000, SPEC 6).  Fix: Partitioned cookies, a same-site
 * WebSocket host, or a token in the first message.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain topology-websocket-cross-site`, from the core catalog (common/ss_diag.c).
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
        int module = s->samesite && s->samesite->engine_on;
        if (!s->topology || s->topology->worst != SS_CLASS_CROSS_SITE || module) {
            continue;
        }
        for (j = 0; j < scopes->nelts; j++) {
            const lint_location_t *l = APR_ARRAY_IDX(scopes, j, lint_location_t *);
            if (l->websocket && (l->websocket->parent == l->node || l == s->server_loc)
                && !lint_server_partitions(s)) {
                lint_report(ctx, "topology-websocket-cross-site", l->websocket,
                            "WebSocket at %s on %s is called from a cross-site frontend: "
                            "with third-party cookies blocked the handshake carries no "
                            "cookie; use Partitioned cookies or a same-site host",
                            l->path, ss_origin_str(ctx->pool, s->origin));
            }
        }
    }
}
