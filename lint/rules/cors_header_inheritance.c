/* cors-header-inheritance: nginx: an inner level (location, if) with its own add_header silently
 * drops every add_header of the outer levels, including the CORS ones.
 * Fix: repeat the CORS headers in the inner level (an include file), or
 * `add_header_inherit merge;` (nginx 1.29.3+).
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cors-header-inheritance`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cors_header_inheritance(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i, j, k, n;
    if (m->dialect != LINT_DIALECT_NGINX) {
        return;
    }
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        apr_array_header_t *scopes = lint_server_scopes(ctx->pool, s);
        for (j = 0; j < scopes->nelts; j++) {
            const lint_location_t *l = APR_ARRAY_IDX(scopes, j, lint_location_t *);
            const lint_location_t *p = l->parent;
            if (!p || l->headers == p->headers || !l->headers->nelts) {
                continue;
            }
            for (k = 0; k < p->headers->nelts; k++) {
                const lint_header_t *ph = APR_ARRAY_IDX(p->headers, k, lint_header_t *);
                int found = 0;
                if (!lint_is_cors_header(ph->name)) {
                    continue;
                }
                for (n = 0; n < l->headers->nelts; n++) {
                    if (!strcmp(APR_ARRAY_IDX(l->headers, n, lint_header_t *)->name, ph->name)) {
                        found = 1;
                    }
                }
                if (!found) {
                    lint_report(ctx, "cors-header-inheritance",
                                APR_ARRAY_IDX(l->headers, 0, lint_header_t *)->node,
                                "this add_header makes location %s drop the outer %s "
                                "(%s:%d): nginx inherits add_header only when a level "
                                "defines none", l->path, ph->name, ph->node->file,
                                ph->node->line);
                    break;
                }
            }
        }
    }
}
