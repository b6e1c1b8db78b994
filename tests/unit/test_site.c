/* Sites: registrable domains and schemeful same-site via libpsl. */
#include "test_util.h"

static const struct {
    const char *host, *site;
} domain_rows[] = {
    { "app.example.com", "example.com" },
    { "a.b.c.example.com", "example.com" },
    { "example.com", "example.com" },
    { "a.github.io", "a.github.io" },
    { "x.a.github.io", "a.github.io" },
    { "github.io", "github.io" },
    { "shop.example.co.uk", "example.co.uk" },
    { "app.shop.test", "shop.test" }, /* implicit "*" rule */
    { "com", "com" },
    { "localhost", "localhost" },
    { "127.0.0.1", "127.0.0.1" },
    { "::1", "::1" },
    { "app.example.com.", "example.com." },
    { "xn--bcher-kva.example", "xn--bcher-kva.example" },
    { "foo.herokuapp.com", "foo.herokuapp.com" },
    { "a.b.vercel.app", "b.vercel.app" },
};

static void
test_domain_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(domain_rows); i++) {
        const char *got = ss_site_domain(tp, tpsl, domain_rows[i].host);
        if (strcmp(got, domain_rows[i].site)) {
            fail_msg("row %zu %s: got %s want %s", i, domain_rows[i].host, got,
                     domain_rows[i].site);
        }
    }
}

static const struct {
    const char *a, *b;
    int same;
} same_rows[] = {
    /* seed 001 / SPEC 1 */
    { "https://a.example.com", "https://b.example.com", 1 },
    { "https://a.github.io", "https://b.github.io", 0 },
    { "http://x.example.com", "https://y.example.com", 0 },
    { "https://example.com:8443", "https://example.com",
      1 }, /* ports ignored */
    { "https://app.example.com:3000", "https://api.example.com:4000", 1 },
    { "https://app.example.com", "https://api.other.com", 0 },
    { "https://www.example.com", "https://api.example.com", 1 },
    { "http://localhost:63342", "http://localhost:3000", 1 },
    { "http://localhost", "https://localhost", 0 },
    { "http://127.0.0.1:1", "http://127.0.0.1:2", 1 },
    { "http://127.0.0.1", "http://127.0.0.2", 0 },
    { "https://app.shop.test", "https://api.shop.test", 1 },
    { "https://app.shop.test", "https://api.widgets.test", 0 },
    { "wss://api.example.com", "https://app.example.com",
      1 }, /* SchemefulSite */
    { "ws://api.example.com", "https://app.example.com", 0 },
    { "https://example.com.", "https://example.com", 0 },
    { "https://a.example.com.", "https://b.example.com.", 1 },
    { "https://shop.github.io", "https://plain-api.github.io", 0 }, /* SPEC 6 */
    { "https://a.example.co.uk", "https://b.example.co.uk", 1 },
    { "https://example.co.uk", "https://other.co.uk", 0 },
    { "null", "null", 0 },
    { "https://bücher.example", "https://xn--bcher-kva.example", 1 },
};

static void
test_same_site_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(same_rows); i++) {
        int got = ss_same_site(tpsl, O(same_rows[i].a), O(same_rows[i].b));
        if (got != same_rows[i].same) {
            fail_msg("row %zu %s vs %s: same_site=%d", i, same_rows[i].a,
                     same_rows[i].b, got);
        }
        /* symmetric */
        assert_int_equal(
            got, ss_same_site(tpsl, O(same_rows[i].b), O(same_rows[i].a)));
    }
}

/* samesite-lint's memo (ss_psl_memoize): every row again, twice (miss,
 * then hit), with the same answers; a host's site is an offset into the
 * host, so a hit on a copy of the string answers for that copy. */
static void
test_memoized_tables(void **state)
{
    size_t i;
    int round;
    (void)state;
    ss_psl_memoize(tpsl, tp);
    for (round = 0; round < 2; round++) {
        for (i = 0; i < NROWS(domain_rows); i++) {
            const char *h = apr_pstrdup(tp, domain_rows[i].host);
            const char *got = ss_site_domain(tp, tpsl, h);
            if (strcmp(got, domain_rows[i].site)) {
                fail_msg("memo round %d row %zu %s: got %s want %s", round, i,
                         domain_rows[i].host, got, domain_rows[i].site);
            }
        }
        for (i = 0; i < NROWS(same_rows); i++) {
            int got = ss_same_site(tpsl, O(same_rows[i].a), O(same_rows[i].b));
            if (got != same_rows[i].same) {
                fail_msg("memo round %d row %zu %s vs %s: same_site=%d", round,
                         i, same_rows[i].a, same_rows[i].b, got);
            }
        }
    }
}

static const struct {
    const char *host;
    int ps;
} suffix_rows[] = {
    { "com", 1 },        { "github.io", 1 },   { "co.uk", 1 },
    { ".github.io", 1 }, { "example.com", 0 }, { "a.github.io", 0 },
    { "test", 1 },       { "shop.test", 0 },   { "127.0.0.1", 0 },
    { "vercel.app", 1 },
};

static void
test_public_suffix(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(suffix_rows); i++) {
        if (ss_psl_is_public_suffix(tpsl, suffix_rows[i].host)
            != suffix_rows[i].ps) {
            fail_msg("row %zu %s", i, suffix_rows[i].host);
        }
    }
    assert_int_equal(ss_psl_is_public_suffix(NULL, "com"), 0);
}

static const struct {
    const char *host, *domain;
    int match;
} dm_rows[] = {
    { "api.example.com", "example.com", 1 },
    { "api.example.com", ".example.com", 1 },
    { "api.example.com", "api.example.com", 1 },
    { "api.example.com", "EXAMPLE.com", 1 },
    { "api.example.com", "other.com", 0 },
    { "api.example.com", "ample.com", 0 },
    { "example.com", "api.example.com", 0 },
    { "10.0.0.1", "0.0.1", 0 },
    { "10.0.0.1", "10.0.0.1", 1 },
    { "api.example.com", "", 0 },
};

static void
test_domain_match(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(dm_rows); i++) {
        if (ss_domain_match(dm_rows[i].host, dm_rows[i].domain)
            != dm_rows[i].match) {
            fail_msg("row %zu %s / %s", i, dm_rows[i].host, dm_rows[i].domain);
        }
    }
}

static void
test_psl_file_override(void **state)
{
    ss_psl_t *psl = NULL;
    const char *err = NULL;
    char path[] = "/tmp/ss-psl-XXXXXX";
    int fd = mkstemp(path);
    FILE *f;
    (void)state;
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    /* a private list where example.com itself is a public suffix */
    fputs("// test list\ncom\nexample.com\n", f);
    fclose(f);
    assert_int_equal(ss_psl_open(&psl, tp, path, &err), APR_SUCCESS);
    assert_string_equal(ss_psl_source(psl), path);
    assert_false(ss_same_site(psl, O("https://a.example.com"),
                              O("https://b.example.com")));
    assert_true(ss_psl_is_public_suffix(psl, "example.com"));
    unlink(path);
    assert_int_equal(ss_psl_open(&psl, tp, "/nonexistent/psl.dat", &err),
                     APR_EINVAL);
    assert_non_null(err);
    assert_non_null(strstr(err, "/nonexistent/psl.dat"));
}

/* D5: what SameSitePublicSuffixList accepts -- a regular file of
 * bounded size whose lines are comments, blanks or rules, with a rule. */
static void
test_psl_file_refused(void **state)
{
    static const struct {
        const char *content; /* NULL: use path as is */
        const char *path;
        const char *err; /* NULL: accepted; else a fragment of the reason */
    } rows[] = {
        { "// ===BEGIN ICANN DOMAINS===\ncom\n*.ck\n!www.ck\n"
          "\xc3\xa5lg\xc3\xa5rd.no\n  co.uk  trailing words\r\n",
          NULL, NULL },
        { "// comments only\n\n// ===END ICANN DOMAINS===\n", NULL,
          "has no Public Suffix List rules" },
        { "", NULL, "has no Public Suffix List rules" },
        { "com\nroot:x:0:0:root:/root:/bin/bash\n", NULL,
          "is not a Public Suffix List: line 2 is not a rule" },
        { "com\n.com\n", NULL, "line 2 is not a rule" },
        { "<html><body>404</body></html>\n", NULL, "line 1 is not a rule" },
        { "com\nexa\0mple.com\n", NULL, "line 2 is not a rule" },
        { NULL, "/dev/zero", "'/dev/zero' is not a regular file" },
        { NULL, "/dev/null", "is not a regular file" },
        { NULL, "/tmp", "'/tmp' is not a regular file" },
        { NULL, "/etc/passwd", "'/etc/passwd' is not a Public Suffix List" },
        { NULL, "/usr/share/publicsuffix/public_suffix_list.dafsa", NULL },
    };
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(rows); i++) {
        ss_psl_t *psl = NULL;
        const char *err = NULL, *path = rows[i].path;
        char tmpl[] = "/tmp/ss-psl-XXXXXX";
        apr_status_t rv;
        if (rows[i].content) {
            int fd = mkstemp(tmpl);
            size_t len = strlen(rows[i].content);
            assert_true(fd >= 0);
            if (strstr(rows[i].content, "exa")) {
                len += strlen(rows[i].content + len + 1) + 1;
            }
            assert_int_equal(write(fd, rows[i].content, len), (ssize_t)len);
            close(fd);
            path = tmpl;
        }
        if (!rows[i].content && access(path, R_OK)) {
            continue; /* not on this system */
        }
        rv = ss_psl_open(&psl, tp, path, &err);
        if (rows[i].content) {
            unlink(tmpl);
        }
        if (!rows[i].err) {
            if (rv != APR_SUCCESS) {
                fail_msg("row %zu refused: %s", i, err ? err : "?");
            }
        } else if (rv == APR_SUCCESS || !err || !strstr(err, rows[i].err)) {
            fail_msg("row %zu: want ...%s...\n  got %s", i, rows[i].err,
                     rv == APR_SUCCESS ? "(accepted)"
                     : err             ? err
                                       : "?");
        }
    }
}

/* a list larger than SS_PSL_MAX_SIZE is refused without being parsed */
static void
test_psl_file_too_large(void **state)
{
    ss_psl_t *psl = NULL;
    const char *err = NULL;
    char path[] = "/tmp/ss-psl-XXXXXX";
    int fd = mkstemp(path);
    (void)state;
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "com\n", 4), 4);
    /* sparse: no 16 MiB written */
    assert_int_equal(ftruncate(fd, (off_t)SS_PSL_MAX_SIZE + 1), 0);
    close(fd);
    assert_int_equal(ss_psl_open(&psl, tp, path, &err), APR_EINVAL);
    unlink(path);
    assert_non_null(err);
    assert_non_null(strstr(err, "is larger than 16 MiB"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_domain_table),     T(test_same_site_table),
        T(test_memoized_tables),  T(test_public_suffix),
        T(test_domain_match),     T(test_psl_file_override),
        T(test_psl_file_refused), T(test_psl_file_too_large),
    };
    return RUN(tests);
}
