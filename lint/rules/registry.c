/* The rule registry: one entry per lint/rules/<rule>.c, sorted by id,
 * and the runner that calls each on a model. */
#include <string.h>
#include "lint.h"
#include "lint_model.h"
#include "rules/rule_util.h"

static const lint_rule_t registry[] = {
    { "cookie-domain-mismatch", lint_rule_cookie_domain_mismatch },
    { "cookie-domain-public-suffix", lint_rule_cookie_domain_public_suffix },
    { "cookie-invalid", lint_rule_cookie_invalid },
    { "cookie-missing-httponly", lint_rule_cookie_missing_httponly },
    { "cookie-missing-samesite", lint_rule_cookie_missing_samesite },
    { "cookie-missing-secure", lint_rule_cookie_missing_secure },
    { "cookie-none-without-secure", lint_rule_cookie_none_without_secure },
    { "cookie-partitioned-without-secure",
      lint_rule_cookie_partitioned_without_secure },
    { "cookie-prefix-violation", lint_rule_cookie_prefix_violation },
    { "cookie-samesite-too-loose", lint_rule_cookie_samesite_too_loose },
    { "cookie-samesite-too-strict", lint_rule_cookie_samesite_too_strict },
    { "cookie-secure-on-http", lint_rule_cookie_secure_on_http },
    { "cookie-third-party-dependence",
      lint_rule_cookie_third_party_dependence },
    { "cors-duplicate-origin", lint_rule_cors_duplicate_origin },
    { "cors-expose-set-cookie", lint_rule_cors_expose_set_cookie },
    { "cors-header-inheritance", lint_rule_cors_header_inheritance },
    { "cors-insecure-origin", lint_rule_cors_insecure_origin },
    { "cors-max-age-capped", lint_rule_cors_max_age_capped },
    { "cors-missing-vary", lint_rule_cors_missing_vary },
    { "cors-not-always", lint_rule_cors_not_always },
    { "cors-null-origin", lint_rule_cors_null_origin },
    { "cors-origin-reflected", lint_rule_cors_origin_reflected },
    { "cors-origin-regex-bypass", lint_rule_cors_origin_regex_bypass },
    { "cors-preflight-blocked", lint_rule_cors_preflight_blocked },
    { "cors-unneeded", lint_rule_cors_unneeded },
    { "cors-wildcard-credentials", lint_rule_cors_wildcard_credentials },
    { "cors-wildcard-headers-credentials",
      lint_rule_cors_wildcard_headers_credentials },
    { "csrf-unprotected", lint_rule_csrf_unprotected },
    { "header-condition-mismatch", lint_rule_header_condition_mismatch },
    { "header-format-misread", lint_rule_header_format_misread },
    { "route-spa-shadows-api", lint_rule_route_spa_shadows_api },
    { "samesite-directive-invalid", lint_rule_samesite_directive_invalid },
    { "syntax-error", lint_rule_syntax_error },
    { "topology-internal-origin", lint_rule_topology_internal_origin },
    { "topology-public-suffix", lint_rule_topology_public_suffix },
    { "topology-schemeful-cross-site",
      lint_rule_topology_schemeful_cross_site },
    { "topology-websocket-cross-site",
      lint_rule_topology_websocket_cross_site },
    { "websocket-origin-unchecked", lint_rule_websocket_origin_unchecked },
    { NULL, NULL }
};

void
lint_rules_run(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i;
    for (i = 0; registry[i].id; i++) {
        registry[i].check(ctx, m);
    }
}

const lint_rule_t *
lint_rule_registry(int *n)
{
    *n = (int)(sizeof(registry) / sizeof(registry[0])) - 1;
    return registry;
}

/* Catalog ids a registered rule reports besides its own. */
static const char *const also_emitted[] = {
    "cors-origin-regex-unanalysable", /* cors_origin_regex_bypass.c */
    NULL
};

int
lint_rule_emitted(const char *id)
{
    int i;
    for (i = 0; registry[i].id; i++) {
        if (!strcmp(registry[i].id, id)) {
            return 1;
        }
    }
    for (i = 0; also_emitted[i]; i++) {
        if (!strcmp(also_emitted[i], id)) {
            return 1;
        }
    }
    return 0;
}
