/* Origin patterns: exact, null, anchored label wildcards. */
#include "test_util.h"

static const struct {
    const char *pat, *origin;
    int match;
} rows[] = {
    { "https://app.example.com", "https://app.example.com", 1 },
    { "https://app.example.com", "https://app.example.com:443", 1 },
    { "https://app.example.com", "http://app.example.com", 0 },
    { "https://app.example.com", "https://app.example.com.evil.test", 0 },
    { "https://app.example.com", "https://evilapp.example.com", 0 },
    { "https://app.example.com", "https://app.example.com:8443", 0 },
    { "https://*.example.com", "https://app.example.com", 1 },
    { "https://*.example.com", "https://a.b.example.com", 1 },
    { "https://*.example.com", "https://example.com", 0 },
    { "https://*.example.com", "https://example.com.evil.test", 0 },
    { "https://*.example.com", "https://evilexample.com", 0 },
    { "https://*.example.com", "https://app.example.com.evil.test", 0 },
    { "https://*.example.com", "http://app.example.com", 0 },
    { "https://*.example.com", "https://app.example.com:8443", 0 },
    { "https://*.example.com:8443", "https://app.example.com:8443", 1 },
    { "https://*.example.com", "https://appxexample.com", 0 },
    { "https://*.example.com", "null", 0 },
    { "null", "null", 1 },
    { "null", "https://app.example.com", 0 },
    { "https://app.example.com", "null", 0 },
    { "HTTPS://*.Example.COM", "https://x.example.com", 1 },
    { "https://*.github.io", "https://a.github.io", 1 },
};

static void
test_match_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(rows); i++) {
        ss_pattern_t *pat = NULL;
        assert_int_equal(ss_pattern_parse(&pat, tp, rows[i].pat), SS_ORIGIN_OK);
        if (ss_pattern_match(pat, O(rows[i].origin)) != rows[i].match) {
            fail_msg("row %zu %s ~ %s", i, rows[i].pat, rows[i].origin);
        }
    }
}

static const struct {
    const char *in;
    ss_origin_err_t err;
    const char *text;
} parse_rows[] = {
    { "https://*.example.com", SS_ORIGIN_OK, "https://*.example.com" },
    { "https://*.example.com:443", SS_ORIGIN_OK, "https://*.example.com" },
    { "https://*.example.com:8443", SS_ORIGIN_OK,
      "https://*.example.com:8443" },
    { "https://*.com", SS_ORIGIN_BAD_HOST, NULL },
    { "https://*", SS_ORIGIN_BAD_CHAR, NULL },
    { "https://a.*.example.com", SS_ORIGIN_BAD_CHAR, NULL },
    { "https://*.127.0.0.1", SS_ORIGIN_BAD_HOST, NULL },
    { "*", SS_ORIGIN_WILDCARD, NULL },
    { "https://*.example.com/", SS_ORIGIN_PATH, NULL },
    { "null", SS_ORIGIN_OK, "null" },
    { "", SS_ORIGIN_EMPTY, NULL },
};

static void
test_parse_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(parse_rows); i++) {
        ss_pattern_t *pat = NULL;
        ss_origin_err_t e = ss_pattern_parse(&pat, tp, parse_rows[i].in);
        if (e != parse_rows[i].err) {
            fail_msg("row %zu '%s': err %d", i, parse_rows[i].in, e);
        }
        if (e == SS_ORIGIN_OK) {
            assert_string_equal(pat->text, parse_rows[i].text);
        }
    }
}

static void
test_list(void **state)
{
    static const char *const list[] = { "https://a.example.com",
                                        "https://*.partner.test", NULL };
    apr_array_header_t *pats;
    (void)state;
    pats = PATS(list);
    assert_non_null(ss_patterns_match(pats, O("https://x.partner.test")));
    assert_string_equal(
        ss_patterns_match(pats, O("https://a.example.com"))->text,
        "https://a.example.com");
    assert_null(ss_patterns_match(pats, O("https://partner.test")));
    assert_null(ss_patterns_match(NULL, O("https://a.example.com")));
    assert_null(ss_patterns_match(pats, NULL));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_match_table),
        T(test_parse_table),
        T(test_list),
    };
    return RUN(tests);
}
