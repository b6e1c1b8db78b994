/* cors-origin-reflected: request Origin echoed without an allowlist.
 *
 * What:
 *   Finds Access-Control-Allow-Origin set from the request's Origin
 *   ($http_origin, %{Origin}i, Header echo) with no check in front.
 * Why:
 *   Echoing any Origin with credentials is equivalent to `*` with
 *   credentials, but browsers accept it: every website can read the user's
 *   authenticated responses.
 * Example:
 *   add_header Access-Control-Allow-Origin $http_origin always;
 *   add_header Access-Control-Allow-Credentials true always;
 * Use instead:
 *   Validate against an exact allowlist (nginx map $http_origin with exact
 *   entries; mod_samesite SameSiteFrontend) and echo only matches.
 * References:
 *   seeds 002 (pitfall 5) and 004 (do not reflect every Origin).
 *
 * The same text is printed by `samesite-lint --explain cors-origin-reflected`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 *
 * An allowlist counts only where it guards the header
 * (lint_header_origin_guarded): a map whose variable the header never
 * reads, or a SetEnvIf without env= on the header, allows every origin.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

/* h's value is a variable that an origin check matching every Origin
 * sets to (part of) the Origin: `SetEnvIf Origin "(.+)" CORS=$0` and
 * "%{CORS}e", `if ($http_origin ~ .+) { set $cors $http_origin; }` and
 * $cors: reflection behind a check that lets everything by. */
static int
echoes_through_any(apr_pool_t *p, const lint_server_t *s,
                   const lint_header_t *h)
{
    apr_array_header_t *checks = lint_all_origin_checks(p, s);
    int i, k;
    for (i = 0; h->value && i < checks->nelts; i++) {
        const lint_origin_check_t *c =
            APR_ARRAY_IDX(checks, i, lint_origin_check_t *);
        if (!c->any || c->negated || !c->sets
            || !lint_refs_var(h->value, c->sets)) {
            continue;
        }
        if (!strcmp(c->kind, "setenvif")) {
            for (k = 2; k < lint_nargs(c->node); k++) {
                const char *a = lint_arg(c->node, k), *eq = strchr(a, '=');
                if (eq && strchr(eq, '$')) {
                    return 1; /* VAR=$0, VAR=$1 */
                }
            }
        } else if (!strcmp(c->kind, "nginx-if") && c->node->children) {
            for (k = 0; k < c->node->children->nelts; k++) {
                const lint_node_t *d =
                    APR_ARRAY_IDX(c->node->children, k, lint_node_t *);
                if (!strcmp(d->name, "set") && lint_nargs(d) == 2
                    && !strcmp(lint_arg(d, 0), c->sets)
                    && lint_mentions_origin(lint_arg(d, 1))) {
                    return 1;
                }
            }
        }
    }
    return 0;
}

static void
check_cors_origin_reflected(lint_ctx_t *ctx, const lint_model_t *m,
                            const lint_server_t *s, const lint_location_t *l,
                            const lint_header_t *h)
{
    (void)m;
    if (!strcmp(h->name, "access-control-allow-origin")
        && (lint_value_echoes_origin(h->value)
            || echoes_through_any(ctx->pool, s, h))
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
