/* header-condition-mismatch: Apache mod_headers writes one of two tables: `Header` (onsuccess) acts
 * on headers_out, `Header always` on err_headers_out.  mod_proxy_http
 * puts the backend's headers in headers_out, CGI/FastCGI/SCGI put theirs
 * in err_headers_out (measured, SPEC 6).  An edit/unset on the wrong
 * table silently does nothing.  Fix: use the table the header lives in
 * (or both), or mod_samesite, which walks both.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain header-condition-mismatch`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_header_condition_mismatch(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i, j, k;
    if (m->dialect != LINT_DIALECT_HTTPD) {
        return;
    }
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        apr_array_header_t *scopes = lint_server_scopes(ctx->pool, s);
        for (j = 0; j < scopes->nelts; j++) {
            const lint_location_t *l = APR_ARRAY_IDX(scopes, j, lint_location_t *);
            for (k = 0; k < l->headers->nelts; k++) {
                const lint_header_t *h = APR_ARRAY_IDX(l->headers, k, lint_header_t *);
                int edit = !strncmp(h->action, "edit", 4) || !strcmp(h->action, "unset");
                if (!edit || lint_header_has_twin(l, h)) {
                    continue;
                }
                if (!h->always && l->cgi) {
                    lint_report(ctx, "header-condition-mismatch", h->node,
                                "`Header %s %s` (onsuccess table) never sees the headers of "
                                "the CGI/FastCGI/SCGI response at %s (%s:%d): they are in "
                                "err_headers_out; use `Header always %s`",
                                h->action, h->name, l->path, l->cgi->file, l->cgi->line, h->action);
                }
                else if (h->always && l->proxy_http && !l->cgi) {
                    lint_report(ctx, "header-condition-mismatch", h->node,
                                "`Header always %s %s` never sees the headers mod_proxy_http "
                                "copies from the backend at %s (%s:%d): they are in headers_out; "
                                "drop `always` (or add the onsuccess twin)",
                                h->action, h->name, l->path, l->proxy->file, l->proxy->line);
                }
            }
        }
    }
}
