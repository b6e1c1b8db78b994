/* cors-origin-reflected: The request's Origin is echoed into Access-Control-Allow-Origin with no
 * allowlist: every site on the web can read credentialed responses.
 * An allowlist counts only where it guards the header (lint_header_origin_
 * guarded): a map whose variable the header never reads, or a SetEnvIf
 * without env= on the header, allows every origin.
 * Fix: validate the Origin (map / SetEnvIf with an anchored, escaped
 * regex, or SameSiteFrontend + SameSiteCORS On) before echoing it.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cors-origin-reflected`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

static void
check_cors_origin_reflected(lint_ctx_t *ctx, const lint_model_t *m, const lint_server_t *s,
                            const lint_location_t *l, const lint_header_t *h)
{
    (void)m;
    if (!strcmp(h->name, "access-control-allow-origin")
        && lint_value_echoes_origin(h->value)
        && strcmp(h->action, "unset") && strncmp(h->action, "edit", 4)
        && !lint_header_origin_guarded(ctx->pool, s, l, h)) {
        lint_report(ctx, "cors-origin-reflected", h->node,
                    "Access-Control-Allow-Origin echoes the request's "
                    "Origin without any allowlist: any site can read "
                    "credentialed responses");
    }
}

void
lint_rule_cors_origin_reflected(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_each_header(ctx, m, check_cors_origin_reflected);
}
