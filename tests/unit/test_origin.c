/* Origins: parse, normalise, serialise, compare; hosts; internal names. */
#include "test_util.h"

static const struct {
    const char *in;
    ss_origin_err_t err;
    const char *out; /* canonical serialisation when ok */
} parse_rows[] = {
    { "https://app.example.com", SS_ORIGIN_OK, "https://app.example.com" },
    { "https://APP.Example.COM", SS_ORIGIN_OK, "https://app.example.com" },
    { "HTTPS://app.example.com", SS_ORIGIN_OK, "https://app.example.com" },
    { "https://app.example.com:443", SS_ORIGIN_OK, "https://app.example.com" },
    { "http://app.example.com:80", SS_ORIGIN_OK, "http://app.example.com" },
    { "https://app.example.com:8443", SS_ORIGIN_OK,
      "https://app.example.com:8443" },
    { "http://app.example.com:443", SS_ORIGIN_OK,
      "http://app.example.com:443" },
    { "https://app.example.com:", SS_ORIGIN_OK, "https://app.example.com" },
    { "wss://socket.example.com", SS_ORIGIN_OK, "wss://socket.example.com" },
    { "ws://socket.example.com:80", SS_ORIGIN_OK, "ws://socket.example.com" },
    { "http://localhost:3000", SS_ORIGIN_OK, "http://localhost:3000" },
    { "http://127.0.0.1:8080", SS_ORIGIN_OK, "http://127.0.0.1:8080" },
    { "http://[::1]:8080", SS_ORIGIN_OK, "http://[::1]:8080" },
    { "https://[2001:DB8:0:0:0:0:0:1]", SS_ORIGIN_OK, "https://[2001:db8::1]" },
    { "https://example.com.", SS_ORIGIN_OK, "https://example.com." },
    { "https://bücher.example", SS_ORIGIN_OK, "https://xn--bcher-kva.example" },
    { "https://xn--bcher-kva.example", SS_ORIGIN_OK,
      "https://xn--bcher-kva.example" },
    { "https://BÜCHER.example", SS_ORIGIN_OK, "https://xn--bcher-kva.example" },
    { "https://under_score.example.com", SS_ORIGIN_OK,
      "https://under_score.example.com" },
    { "chrome-extension://abcdefgh", SS_ORIGIN_OK,
      "chrome-extension://abcdefgh" },
    { "null", SS_ORIGIN_OK, "null" },
    { "", SS_ORIGIN_EMPTY, NULL },
    { "*", SS_ORIGIN_WILDCARD, NULL },
    { "app.example.com", SS_ORIGIN_NO_SCHEME, NULL },
    { "//app.example.com", SS_ORIGIN_NO_SCHEME, NULL },
    { "://app.example.com", SS_ORIGIN_BAD_SCHEME, NULL },
    { "1http://app.example.com", SS_ORIGIN_BAD_SCHEME, NULL },
    { "https://app.example.com/", SS_ORIGIN_PATH, NULL },
    { "https://app.example.com/path", SS_ORIGIN_PATH, NULL },
    { "https://app.example.com?x=1", SS_ORIGIN_PATH, NULL },
    { "https://app.example.com#frag", SS_ORIGIN_PATH, NULL },
    { "https://user@app.example.com", SS_ORIGIN_USERINFO, NULL },
    { "https://app.example.com@evil.test", SS_ORIGIN_USERINFO, NULL },
    { "https://app.example.com\r\nSet-Cookie: x=1", SS_ORIGIN_BAD_CHAR, NULL },
    { "https://app.example.com\n", SS_ORIGIN_BAD_CHAR, NULL },
    { " https://app.example.com", SS_ORIGIN_BAD_CHAR, NULL },
    { "https://app.example.com ", SS_ORIGIN_BAD_CHAR, NULL },
    { "https://app example.com", SS_ORIGIN_BAD_CHAR, NULL },
    { "https://app.example.com%60.evil.test", SS_ORIGIN_BAD_CHAR, NULL },
    { "https://app.example.com`.evil.test", SS_ORIGIN_BAD_CHAR, NULL },
    { "https://app.example.com\\.evil.test", SS_ORIGIN_BAD_CHAR, NULL },
    { "https://<script>", SS_ORIGIN_BAD_CHAR, NULL },
    { "https://*.example.com", SS_ORIGIN_BAD_CHAR, NULL },
    { "https://", SS_ORIGIN_BAD_HOST, NULL },
    { "https://a..example.com", SS_ORIGIN_BAD_HOST, NULL },
    { "https://.example.com", SS_ORIGIN_BAD_HOST, NULL },
    { "https://[::1", SS_ORIGIN_BAD_HOST, NULL },
    { "https://[zz::1]", SS_ORIGIN_BAD_HOST, NULL },
    { "https://999.1.1.1", SS_ORIGIN_BAD_HOST, NULL },
    { "https://app.example.com:0", SS_ORIGIN_BAD_PORT, NULL },
    { "https://app.example.com:65536", SS_ORIGIN_BAD_PORT, NULL },
    { "https://app.example.com:80a", SS_ORIGIN_BAD_PORT, NULL },
    { "https://app.example.com:123456", SS_ORIGIN_BAD_PORT, NULL },
    { "https://app.example.com:-1", SS_ORIGIN_BAD_PORT, NULL },
};

static void
test_parse_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(parse_rows); i++) {
        ss_origin_t *o = NULL;
        ss_origin_err_t e = ss_origin_parse(&o, tp, parse_rows[i].in);
        if (e != parse_rows[i].err) {
            fail_msg("row %zu '%s': got error %d (%s), want %d", i,
                     parse_rows[i].in, e, ss_origin_strerror(e),
                     parse_rows[i].err);
        }
        if (e == SS_ORIGIN_OK) {
            assert_non_null(o);
            assert_string_equal(ss_origin_str(tp, o), parse_rows[i].out);
        } else {
            assert_null(o);
        }
    }
}

static void
test_null_input(void **state)
{
    ss_origin_t *o = (ss_origin_t *)1;
    (void)state;
    assert_int_equal(ss_origin_parse(&o, tp, NULL), SS_ORIGIN_EMPTY);
    assert_null(o);
    assert_null(ss_origin_str(tp, NULL));
    assert_int_equal(ss_origin_equal(NULL, NULL), 0);
    assert_int_equal(ss_origin_is_secure(NULL), 0);
}

static const struct {
    const char *a, *b;
    int equal;
} equal_rows[] = {
    { "https://a.example.com", "https://a.example.com:443", 1 },
    { "https://a.example.com", "HTTPS://A.EXAMPLE.COM", 1 },
    { "https://a.example.com", "http://a.example.com", 0 },
    { "https://a.example.com", "https://a.example.com:8443", 0 },
    { "https://a.example.com", "https://b.example.com", 0 },
    { "https://example.com", "https://example.com.", 0 },
    { "null", "null", 0 },
    { "http://[::1]", "http://[0:0:0:0:0:0:0:1]:80", 1 },
    { "https://bücher.example", "https://xn--bcher-kva.example", 1 },
};

static void
test_equal_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(equal_rows); i++) {
        if (ss_origin_equal(O(equal_rows[i].a), O(equal_rows[i].b))
            != equal_rows[i].equal) {
            fail_msg("row %zu: %s vs %s", i, equal_rows[i].a, equal_rows[i].b);
        }
    }
}

static void
test_fields(void **state)
{
    ss_origin_t *o;
    (void)state;
    o = O("https://[::1]:8443");
    assert_true(o->is_ip && o->is_ipv6);
    assert_string_equal(o->host, "::1");
    assert_int_equal(o->port, 8443);
    o = O("http://10.0.0.5");
    assert_true(o->is_ip && !o->is_ipv6);
    assert_int_equal(o->port, 80);
    o = O("null");
    assert_true(o->is_null);
    assert_true(ss_origin_is_secure(O("wss://a.example.com")));
    assert_false(ss_origin_is_secure(O("ws://a.example.com")));
    assert_int_equal(ss_scheme_default_port("ftp"), 0);
}

static const struct {
    const char *host;
    const char *out; /* NULL: error */
} host_rows[] = {
    { "Example.COM", "example.com" },
    { "[::1]", "::1" },
    { "::1", "::1" },
    { "bücher.example", "xn--bcher-kva.example" },
    { "a..b", NULL },
    { "a b", NULL },
    { "", NULL },
    { "api.example.com.", "api.example.com." },
};

static void
test_host_normalise(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(host_rows); i++) {
        ss_origin_err_t e;
        const char *h = ss_host_normalise(tp, host_rows[i].host, &e);
        if (host_rows[i].out) {
            assert_non_null(h);
            assert_string_equal(h, host_rows[i].out);
        } else if (h) {
            fail_msg("row %zu '%s' should fail, got '%s'", i, host_rows[i].host,
                     h);
        }
    }
}

static const struct {
    const char *host;
    int internal;
} internal_rows[] = {
    { "localhost", 1 },
    { "app.localhost", 1 },
    { "127.0.0.1", 1 },
    { "10.1.2.3", 1 },
    { "172.16.0.1", 1 },
    { "172.31.255.255", 1 },
    { "172.32.0.1", 0 },
    { "192.168.1.1", 1 },
    { "169.254.0.1", 1 },
    { "100.64.0.1", 1 },
    { "8.8.8.8", 0 },
    { "::1", 1 },
    { "fd00::1", 1 },
    { "fe80::1", 1 },
    { "2001:db8::1", 0 },
    { "backend", 1 },
    { "api.svc.cluster.local", 1 },
    { "db.internal", 1 },
    { "printer.local", 1 },
    { "app.example.com", 0 },
    { "example.com", 0 },
};

static void
test_internal(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(internal_rows); i++) {
        int got = ss_host_internal_reason(internal_rows[i].host) != NULL;
        if (got != internal_rows[i].internal) {
            fail_msg("row %zu '%s': internal=%d", i, internal_rows[i].host,
                     got);
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_parse_table), T(test_null_input),     T(test_equal_table),
        T(test_fields),      T(test_host_normalise), T(test_internal),
    };
    return RUN(tests);
}
