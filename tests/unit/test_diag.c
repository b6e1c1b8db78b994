/* The diagnostic catalog: every SPEC 4 id, sorted, complete texts; the
 * log callback. */
#include "test_util.h"

static const char *const spec_ids[] = {
    "cors-wildcard-credentials",
    "cors-origin-reflected",
    "cors-origin-regex-bypass",
    "cors-null-origin",
    "cors-insecure-origin",
    "cors-missing-vary",
    "cors-not-always",
    "cors-header-inheritance",
    "cors-duplicate-origin",
    "cors-preflight-blocked",
    "cors-wildcard-headers-credentials",
    "cors-max-age-capped",
    "cors-unneeded",
    "cookie-none-without-secure",
    "cookie-secure-on-http",
    "cookie-samesite-too-loose",
    "cookie-samesite-too-strict",
    "cookie-third-party-dependence",
    "cookie-missing-samesite",
    "cookie-missing-httponly",
    "cookie-prefix-violation",
    "cookie-domain-public-suffix",
    "cookie-domain-mismatch",
    "cookie-partitioned-without-secure",
    "topology-schemeful-cross-site",
    "topology-internal-origin",
    "topology-websocket-cross-site",
    "websocket-origin-unchecked",
    "csrf-unprotected",
    "route-spa-shadows-api",
    "header-condition-mismatch",
    "samesite-directive-invalid",
    "syntax-error",
};

/* ids only mod_samesite logs (its log lines cite them: ReportOnly, debug) */
static const char *const module_ids[] = {
    "cors-origin-allowed",
    "cors-origin-denied",
    "cors-preflight-answered",
    "csrf-rejected",
    "websocket-origin-rejected",
    "cookie-invalid",
    "cookie-legacy-duplicate",
    "cookie-missing-secure",
    "cookie-samesite-none-incompatible-ua",
};

static const struct {
    const char *id;
    ss_severity_t sev;
} sev_rows[] = {
    { "cors-wildcard-credentials", SS_SEV_ERROR },
    { "cors-null-origin", SS_SEV_WARNING },
    { "cors-max-age-capped", SS_SEV_NOTE },
    { "cors-unneeded", SS_SEV_NOTE },
    { "cors-origin-allowed", SS_SEV_NOTE },
    { "cors-preflight-answered", SS_SEV_NOTE },
    { "cookie-missing-httponly", SS_SEV_NOTE },
    { "cookie-samesite-too-strict", SS_SEV_ERROR },
    { "topology-internal-origin", SS_SEV_WARNING },
    { "syntax-error", SS_SEV_ERROR },
};

static void
test_spec_ids(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(spec_ids); i++) {
        const ss_rule_info_t *r = ss_rule_lookup(spec_ids[i]);
        if (!r) {
            fail_msg("SPEC rule %s missing from the catalog", spec_ids[i]);
        }
    }
    for (i = 0; i < NROWS(module_ids); i++) {
        if (!ss_rule_lookup(module_ids[i])) {
            fail_msg("module log id %s missing from the catalog",
                     module_ids[i]);
        }
    }
    for (i = 0; i < NROWS(sev_rows); i++) {
        assert_int_equal(ss_rule_lookup(sev_rows[i].id)->severity,
                         sev_rows[i].sev);
    }
    assert_null(ss_rule_lookup("no-such-rule"));
    assert_null(ss_rule_lookup(NULL));
}

static void
test_catalog_complete(void **state)
{
    int i, n;
    const ss_rule_info_t *cat = ss_rule_catalog(&n);
    (void)state;
    assert_true(n >= (int)NROWS(spec_ids));
    for (i = 0; i < n; i++) {
        const char *text;
        assert_true(cat[i].severity >= SS_SEV_NOTE
                    && cat[i].severity <= SS_SEV_ERROR);
        assert_true(strlen(cat[i].summary) > 10);
        assert_true(strlen(cat[i].what) > 10);
        assert_true(strlen(cat[i].why) > 40);
        assert_true(strlen(cat[i].example) > 0);
        assert_true(strlen(cat[i].instead) > 10);
        assert_true(strlen(cat[i].refs) > 3);
        if (i > 0 && strcmp(cat[i - 1].id, cat[i].id) >= 0) {
            fail_msg("catalog not sorted at %s", cat[i].id);
        }
        text = ss_rule_explain(tp, &cat[i]);
        assert_non_null(strstr(text, cat[i].id));
        assert_non_null(strstr(text, "Use instead:"));
    }
    assert_null(ss_rule_explain(tp, NULL));
}

static void
test_severity(void **state)
{
    (void)state;
    assert_string_equal(ss_severity_name(SS_SEV_WARNING), "warning");
    assert_int_equal(ss_severity_parse("note"), SS_SEV_NOTE);
    assert_int_equal(ss_severity_parse("fatal"), SS_SEV_NONE);
    assert_int_equal(ss_severity_parse(NULL), SS_SEV_NONE);
}

static void
test_finding_add(void **state)
{
    apr_array_header_t *f = apr_array_make(tp, 1, sizeof(ss_finding_t));
    (void)state;
    ss_finding_add(f, "cors-null-origin", "origin %s", "null");
    assert_int_equal(f->nelts, 1);
    assert_string_equal(APR_ARRAY_IDX(f, 0, ss_finding_t).message,
                        "origin null");
    assert_int_equal(APR_ARRAY_IDX(f, 0, ss_finding_t).severity,
                     SS_SEV_WARNING);
}

static int captured;
static char last[256];

static int
lvl(void *baton, ss_log_level_t level)
{
    (void)baton;
    return level <= SS_LOG_INFO;
}

static void
prt(void *baton, ss_log_level_t level, const char *file, int line,
    const char *msg)
{
    (void)baton;
    (void)level;
    (void)file;
    (void)line;
    captured++;
    apr_cpystrn(last, msg, sizeof(last));
}

static void
test_log(void **state)
{
    (void)state;
    captured = 0;
    ss_log_set(NULL, NULL, NULL);
    SS_LOG(SS_LOG_ERR, "silent %d", 1);
    assert_int_equal(captured, 0);
    assert_false(ss_log_is_level(SS_LOG_ERR));
    ss_log_set(lvl, prt, NULL);
    SS_LOG(SS_LOG_DEBUG, "filtered");
    assert_int_equal(captured, 0);
    SS_LOG(SS_LOG_WARNING, "kept %s", "this");
    assert_int_equal(captured, 1);
    assert_string_equal(last, "kept this");
    ss_log_set(NULL, NULL, NULL);
}

/* mod_samesite's keyword directives, one table for the module's
 * set_keyword and samesite-lint's samesite-directive-invalid: the index
 * is the module's value order (ss_directive.h). */
static const struct {
    const char *name, *arg;
    int index;
} keyword_rows[] = {
    { "SameSiteEngine", "On", 0 },
    { "SameSiteEngine", "off", 1 },
    { "SameSiteEngine", "REPORTONLY", 2 },
    { "SameSiteEngine", "Maybe", -1 },
    { "samesiteengine", "On", 0 },
    { "SameSiteDefault", "Strict", 0 },
    { "SameSiteDefault", "Lax", 1 },
    { "SameSiteDefault", "None", -1 },
    { "SameSitePreflight", "Handle", 0 },
    { "SameSitePreflight", "PassThrough", 1 },
    { "SameSiteCSRF", "Off", 0 },
    { "SameSiteCSRF", "Enforce", 1 },
    { "SameSiteCSRF", "ReportOnly", 2 },
    { "SameSiteCSRF", "Strict", -1 },
    { "SameSiteWebSocket", "Enforce", 0 },
    { "SameSiteWebSocket", "Off", 1 },
    { "SameSiteWebSocket", "On", -1 },
    { "SameSiteLegacyClients", "Off", 0 },
    { "SameSiteLegacyClients", "Duplicate", 1 },
    { "SameSiteLegacyClients", "OmitNone", 2 },
    { "SameSiteLegacyClients", "Both", -1 },
    { "SameSiteTrustProxy", "On", 0 },
    { "SameSiteCORS", "Off", 1 },
    { "SameSiteCORSPrivateNetwork", "2", -1 },
    { "SameSiteFrontend", "On", -1 }, /* not a keyword directive */
    { "SameSiteNope", "On", -1 },
    { NULL, "On", -1 },
    { "SameSiteEngine", NULL, -1 },
};

static void
test_directive_keywords(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(keyword_rows); i++) {
        int got =
            ss_directive_keyword(keyword_rows[i].name, keyword_rows[i].arg);
        if (got != keyword_rows[i].index) {
            fail_msg("row %zu %s %s: %d, want %d", i,
                     keyword_rows[i].name ? keyword_rows[i].name : "NULL",
                     keyword_rows[i].arg ? keyword_rows[i].arg : "NULL", got,
                     keyword_rows[i].index);
        }
    }
    assert_string_equal(ss_directive_expected("SameSiteEngine"),
                        "On, Off or ReportOnly");
    assert_null(ss_directive_expected("SameSiteCookie"));
    assert_true(ss_directive_known("SameSitePublicSuffixList"));
    assert_true(ss_directive_known("samesitecorsmaxage"));
    assert_false(ss_directive_known("SameSiteCookies"));
    assert_false(ss_directive_known(NULL));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_spec_ids), T(test_catalog_complete),
        T(test_severity), T(test_finding_add),
        T(test_log),      T(test_directive_keywords),
    };
    return RUN(tests);
}
