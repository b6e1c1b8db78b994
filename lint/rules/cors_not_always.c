/* cors-not-always: CORS headers only on successful responses (nginx add_header without
 * `always`, httpd `Header` without `always`): 4xx/5xx responses lack them,
 * so the frontend sees an opaque network error instead of the status.
 * Fix: nginx `add_header ... always;`, httpd `Header always set ...`.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cors-not-always`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

static void
check_cors_not_always(lint_ctx_t *ctx, const lint_model_t *m, const lint_server_t *s,
                      const lint_location_t *l, const lint_header_t *h)
{
    (void)m;
    (void)s;
    if (lint_is_cors_header(h->name) && !h->always
        && strcmp(h->action, "unset") && strncmp(h->action, "edit", 4)
        && !(l->proxy_http && m->dialect == LINT_DIALECT_HTTPD)) {
        lint_report(ctx, "cors-not-always", h->node,
                    "%s is only added to successful responses: add "
                    "`always` so errors stay readable by the frontend",
                    h->name);
    }
}

void
lint_rule_cors_not_always(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_header(ctx, m, check_cors_not_always);
}
