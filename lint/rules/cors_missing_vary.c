/* cors-missing-vary: origin-dependent CORS headers without Vary: Origin.
 *
 * What:
 *   Finds responses whose Access-Control-Allow-Origin depends on the request
 *   Origin but that do not send Vary: Origin.
 * Why:
 *   A shared or browser cache may store the response made for one origin and
 *   serve it to another: the second frontend then sees the wrong ACAO and
 *   its requests fail (or succeed for the wrong origin).
 * Example:
 *   add_header Access-Control-Allow-Origin $cors_origin always;
 * Use instead:
 *   Add Vary: Origin (merged with any existing Vary). mod_samesite always
 *   does.
 * References:
 *   Fetch standard (CORS and HTTP caches); seeds 003 and 004.
 *
 * The same text is printed by `samesite-lint --explain cors-missing-vary`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

static void
check_cors_missing_vary(lint_ctx_t *ctx, const lint_model_t *m,
                        const lint_server_t *s, const lint_location_t *l,
                        const lint_header_t *h)
{
    const lint_node_t *opt = l->kind == LINT_LOC_IF && l->parent
                                 ? l->parent->options_handled
                                 : l->options_handled;
    if (opt && h->node->parent == opt
        && !strchr(apr_array_pstrcat(ctx->pool, opt->args, ' '), '!')) {
        /* `if ($request_method = OPTIONS) { ... return 204; }` answers
         * preflights only: HTTP caches do not store OPTIONS responses
         * (RFC 9110 9.3.7) and the preflight cache is keyed by origin */
        return;
    }
    (void)m;
    (void)s;
    if (!strcmp(h->name, "access-control-allow-origin") && h->origin_dependent
        && !lint_scope_varies_on_origin(l)) {
        lint_report(ctx, "cors-missing-vary", h->node,
                    "Access-Control-Allow-Origin depends on the Origin but "
                    "the response has no Vary: Origin: caches mix origins");
    }
}

void
lint_rule_cors_missing_vary(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_header(ctx, m, check_cors_missing_vary);
}
