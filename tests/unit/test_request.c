/* Request-side decisions: class, CSRF, WebSocket, incompatible UAs. */
#include "test_util.h"

static const char *const fes[] = { "https://app.shop.test",
                                   "https://partner.test", NULL };

static ss_topology_t *
topo(void)
{
    return ss_topology_analyse(tp, tpsl, O("https://api.shop.test"), PATS(fes),
                               SS_SAMESITE_LAX);
}

/* A request as the module builds it (parsed: Origin parsed once by
 * ss_request_info_init) or as a caller that fills the fields by hand;
 * every decision must be the same either way. */
static ss_request_info_t
mkri(int parsed, const char *method, const char *origin, const char *sfs,
     const char *upgrade)
{
    ss_request_info_t ri;
    memset(&ri, 0, sizeof(ri));
    if (parsed) {
        ss_request_info_init(&ri, tp, method, origin, sfs, upgrade);
    } else {
        ri.method = method;
        ri.origin = origin;
        ri.sec_fetch_site = sfs;
        ri.upgrade = upgrade;
    }
    return ri;
}

static const struct {
    const char *method, *origin, *sfs;
    ss_verdict_t v;
} csrf_rows[] = {
    { "GET", "https://evil.test", "cross-site", SS_VERDICT_PASS },
    { "HEAD", NULL, "cross-site", SS_VERDICT_PASS },
    { "POST", "https://evil.test", "cross-site", SS_VERDICT_REJECT },
    { "POST", "https://evil.test", NULL, SS_VERDICT_REJECT },
    { "DELETE", "https://evil.test", NULL, SS_VERDICT_REJECT },
    { "POST", "https://partner.test", "cross-site", SS_VERDICT_PASS },
    { "POST", "https://app.shop.test", "same-site", SS_VERDICT_PASS },
    /* an undeclared same-site subdomain does not pass (SPEC 3) */
    { "POST", "https://blog.shop.test", "same-site", SS_VERDICT_REJECT },
    { "POST", "https://api.shop.test", "same-origin", SS_VERDICT_PASS },
    { "POST", "https://api.shop.test", NULL, SS_VERDICT_PASS },
    { "POST", NULL, "same-origin", SS_VERDICT_PASS },
    { "POST", NULL, "none", SS_VERDICT_PASS },
    { "POST", NULL, "cross-site", SS_VERDICT_REJECT },
    { "POST", NULL, "same-site", SS_VERDICT_REJECT },
    /* non-browser clients: neither header */
    { "POST", NULL, NULL, SS_VERDICT_PASS },
    { "PUT", "null", "cross-site", SS_VERDICT_REJECT },
    { "PATCH", "http://app.shop.test", "cross-site", SS_VERDICT_REJECT },
    /* same host and port as the public origin, but plain http: another
     * origin (and another site, schemeful) */
    { "POST", "http://api.shop.test:443", NULL, SS_VERDICT_REJECT },
    { "POST", "https://api.shop.test:443", NULL, SS_VERDICT_PASS },
    { "POST", "https://app.shop.test\r\nX: 1", NULL, SS_VERDICT_REJECT },
    { "POST", "https://app.shop.test.evil.test", "cross-site",
      SS_VERDICT_REJECT },
};

static void
test_csrf(void **state)
{
    ss_topology_t *t = topo();
    size_t i;
    int parsed;
    (void)state;
    for (parsed = 0; parsed < 2; parsed++) {
        for (i = 0; i < NROWS(csrf_rows); i++) {
            ss_request_info_t ri =
                mkri(parsed, csrf_rows[i].method, csrf_rows[i].origin,
                     csrf_rows[i].sfs, NULL);
            ss_check_t r = ss_csrf_check(tp, tpsl, t, &ri);
            if (r.verdict != csrf_rows[i].v) {
                fail_msg("row %zu (parsed %d) %s %s %s: %s", i, parsed,
                         csrf_rows[i].method,
                         csrf_rows[i].origin ? csrf_rows[i].origin : "-",
                         csrf_rows[i].sfs ? csrf_rows[i].sfs : "-", r.reason);
            }
            assert_non_null(r.reason);
            if (r.verdict == SS_VERDICT_REJECT) {
                assert_string_equal(r.rule_id, "csrf-rejected");
                assert_null(strpbrk(r.reason, "\r\n"));
            }
        }
    }
}

static const struct {
    const char *origin, *upgrade;
    ss_verdict_t v;
} ws_rows[] = {
    { "https://evil.test", NULL, SS_VERDICT_PASS },
    { "https://evil.test", "websocket", SS_VERDICT_REJECT },
    { "https://evil.test", "WebSocket", SS_VERDICT_REJECT },
    { "https://app.shop.test", "websocket", SS_VERDICT_PASS },
    { "https://api.shop.test", "websocket", SS_VERDICT_PASS },
    { "https://blog.shop.test", "websocket", SS_VERDICT_REJECT },
    { "null", "websocket", SS_VERDICT_REJECT },
    { NULL, "websocket", SS_VERDICT_PASS },
    { "http://api.shop.test", "websocket", SS_VERDICT_REJECT },
    { "https://app.shop.test.evil.test", "websocket", SS_VERDICT_REJECT },
    { "https://evil.test", "h2c", SS_VERDICT_PASS },
    /* D6: whatever Apache's ap_find_token or a backend takes for one */
    { "https://evil.test", "WEBSOCKET", SS_VERDICT_REJECT },
    { "https://evil.test", "websocket/13", SS_VERDICT_REJECT },
    { "https://evil.test", "WebSocket/13 ", SS_VERDICT_REJECT },
    { "https://evil.test", "foo, WebSocket", SS_VERDICT_REJECT },
    { "https://evil.test", "h2c,websocket/13,foo/1", SS_VERDICT_REJECT },
    { "https://evil.test", " \t websocket", SS_VERDICT_REJECT },
    { "https://evil.test", "websocketx, xwebsocket", SS_VERDICT_PASS },
    { "https://evil.test", "web socket", SS_VERDICT_PASS },
    { "https://evil.test", "foo/websocket", SS_VERDICT_PASS },
    { "https://app.shop.test", "foo, WebSocket/13", SS_VERDICT_PASS },
};

/* D6: HTTP/2 extended CONNECT (RFC 8441): :protocol websocket */
static const struct {
    const char *method, *upgrade, *protocol;
    int ws;
} ws_kind_rows[] = {
    { "CONNECT", NULL, "websocket", 1 },
    { "CONNECT", NULL, "WebSocket", 1 },
    { "connect", NULL, "websocket/13", 1 },
    { "CONNECT", NULL, "connect-udp", 0 },
    { "CONNECT", NULL, NULL, 0 },
    { "GET", NULL, "websocket", 0 }, /* :protocol only means it on CONNECT */
    { "GET", "websocket", NULL, 1 },
    { "POST", "Websocket/13", NULL, 1 },
    { "GET", "", NULL, 0 },
    { "GET", ",", NULL, 0 },
};

static void
test_websocket_kinds(void **state)
{
    ss_topology_t *t = topo();
    size_t i;
    (void)state;
    assert_false(ss_request_is_websocket(NULL));
    for (i = 0; i < NROWS(ws_kind_rows); i++) {
        ss_request_info_t ri =
            mkri(1, ws_kind_rows[i].method, "https://evil.test", NULL,
                 ws_kind_rows[i].upgrade);
        ss_check_t r;
        ri.protocol = ws_kind_rows[i].protocol;
        if (ss_request_is_websocket(&ri) != ws_kind_rows[i].ws) {
            fail_msg("row %zu: %s Upgrade %s :protocol %s", i,
                     ws_kind_rows[i].method,
                     ws_kind_rows[i].upgrade ? ws_kind_rows[i].upgrade : "-",
                     ws_kind_rows[i].protocol ? ws_kind_rows[i].protocol : "-");
        }
        r = ss_websocket_check(tp, tpsl, t, &ri);
        assert_int_equal(r.verdict, ws_kind_rows[i].ws ? SS_VERDICT_REJECT
                                                       : SS_VERDICT_PASS);
    }
}

static void
test_websocket(void **state)
{
    ss_topology_t *t = topo();
    size_t i;
    int parsed;
    (void)state;
    for (parsed = 0; parsed < 2; parsed++) {
        for (i = 0; i < NROWS(ws_rows); i++) {
            ss_request_info_t ri = mkri(parsed, "GET", ws_rows[i].origin, NULL,
                                        ws_rows[i].upgrade);
            ss_check_t r = ss_websocket_check(tp, tpsl, t, &ri);
            if (r.verdict != ws_rows[i].v) {
                fail_msg("row %zu (parsed %d) %s: %s", i, parsed,
                         ws_rows[i].origin ? ws_rows[i].origin : "-", r.reason);
            }
            if (r.verdict == SS_VERDICT_REJECT) {
                assert_string_equal(r.rule_id, "websocket-origin-rejected");
            }
        }
    }
}

static void
test_class(void **state)
{
    ss_topology_t *t = topo();
    int parsed;
    (void)state;
    for (parsed = 0; parsed < 2; parsed++) {
        ss_request_info_t a =
            mkri(parsed, "GET", "https://app.shop.test", NULL, NULL);
        ss_request_info_t b = mkri(parsed, "GET", NULL, "cross-site", NULL);
        ss_request_info_t c = mkri(parsed, "GET", NULL, NULL, NULL);
        ss_request_info_t d =
            mkri(parsed, "GET", "https://api.shop.test", "same-origin", NULL);
        ss_request_info_t e =
            mkri(parsed, "GET", "bad origin", "same-site", NULL);
        ss_request_info_t f =
            mkri(parsed, "GET", "https://partner.test", NULL, NULL);
        ss_request_info_t g =
            mkri(parsed, "GET", "https://evil.test", NULL, NULL);
        ss_request_info_t h =
            mkri(parsed, "GET", "https://partner.test.evil.test", NULL, NULL);
        assert_int_equal(ss_request_class(tp, tpsl, t, &a), SS_CLASS_SAME_SITE);
        assert_int_equal(ss_request_class(tp, tpsl, t, &b),
                         SS_CLASS_CROSS_SITE);
        assert_int_equal(ss_request_class(tp, tpsl, t, &c), SS_CLASS_NONE);
        assert_int_equal(ss_request_class(tp, tpsl, t, &d),
                         SS_CLASS_SAME_ORIGIN);
        assert_int_equal(ss_request_class(tp, tpsl, t, &e), SS_CLASS_SAME_SITE);
        assert_true(ss_request_from_frontend(tp, t, &f));
        assert_false(ss_request_from_frontend(tp, t, &g));
        assert_false(ss_request_from_frontend(tp, t, &h));
        assert_false(ss_request_from_frontend(tp, t, &c));
        assert_false(ss_request_from_frontend(tp, t, NULL));
    }
    assert_true(ss_method_is_unsafe("POST"));
    assert_true(ss_method_is_unsafe("PROPFIND"));
    assert_false(ss_method_is_unsafe("OPTIONS"));
    assert_false(ss_method_is_unsafe(NULL));
}

static const struct {
    const char *ua;
    int bad;
} ua_rows[] = {
    { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, "
      "like Gecko) Chrome/66.0.3359.181 Safari/537.36",
      1 },
    { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, "
      "like Gecko) Chrome/51.0.2704.103 Safari/537.36",
      1 },
    { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, "
      "like Gecko) Chrome/67.0.3396.99 Safari/537.36",
      0 },
    { "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/156.0.0.0 Safari/537.36",
      0 },
    { "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/50.0.2661.102 Safari/537.36",
      0 },
    { "Mozilla/5.0 (iPhone; CPU iPhone OS 12_1 like Mac OS X) "
      "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.0 Mobile/15E148 "
      "Safari/604.1",
      1 },
    { "Mozilla/5.0 (iPad; CPU OS 12_4_1 like Mac OS X) AppleWebKit/605.1.15 "
      "(KHTML, like Gecko) CriOS/76.0.3809.123 Mobile/15E148 Safari/605.1",
      1 },
    { "Mozilla/5.0 (iPhone; CPU iPhone OS 13_2 like Mac OS X) "
      "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0.3 Mobile/15E148 "
      "Safari/604.1",
      0 },
    { "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) AppleWebKit/605.1.15 "
      "(KHTML, like Gecko) Version/12.1.2 Safari/605.1.15",
      1 },
    { "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) AppleWebKit/605.1.15 "
      "(KHTML, like Gecko)",
      1 },
    { "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) AppleWebKit/537.36 "
      "(KHTML, like Gecko) Chrome/80.0.3987.149 Safari/537.36",
      0 },
    { "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
      "(KHTML, like Gecko) Version/14.0 Safari/605.1.15",
      0 },
    { "Mozilla/5.0 (Linux; U; Android 8.1.0; en-US; Nexus 6P "
      "Build/OPM7.181205.001) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Version/4.0 Chrome/57.0.2987.108 UCBrowser/12.11.1.1197 Mobile "
      "Safari/537.36",
      1 },
    { "Mozilla/5.0 (Linux; U; Android 8.1.0; en-US) AppleWebKit/537.36 (KHTML, "
      "like Gecko) Version/4.0 Chrome/57.0.2987.108 UCBrowser/12.13.2.1208 "
      "Mobile Safari/537.36",
      0 },
    { "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
      0 },
    { "curl/8.0", 0 },
    { "", 0 },
};

static void
test_ua(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(ua_rows); i++) {
        if (ss_ua_samesite_none_incompatible(ua_rows[i].ua) != ua_rows[i].bad) {
            fail_msg("row %zu: %s", i, ua_rows[i].ua);
        }
    }
    assert_false(ss_ua_samesite_none_incompatible(NULL));
}

/* The public origin of a request (ss_public_origin_resolve): configured,
 * the request's own, or forwarded only with SameSiteTrustProxy On; a
 * forwarded list counts by its last element (the trusted proxy appended
 * it), X-Forwarded-Proto alone keeps a port the Host names (issue 11 D4).
 * want NULL: no usable origin. */
static const struct {
    const char *configured;
    int trust;
    const char *scheme, *host;
    int port, host_has_port;
    const char *xfp, *xfh;
    const char *want, *proto_ignored, *host_ignored;
} po_rows[] = {
    /* configured wins over everything */
    { "https://api.example.com", 1, "http", "internal", 8080, 1, "http",
      "evil.test", "https://api.example.com", NULL, NULL },
    /* the request's own scheme, Host and port */
    { NULL, 0, "http", "api.example.com", 80, 0, NULL, NULL,
      "http://api.example.com", NULL, NULL },
    { NULL, 0, "http", "api.example.com", 8080, 1, NULL, NULL,
      "http://api.example.com:8080", NULL, NULL },
    { NULL, 0, "https", "::1", 8443, 1, NULL, NULL, "https://[::1]:8443", NULL,
      NULL },
    { NULL, 0, "http", NULL, 80, 0, NULL, NULL, NULL, NULL, NULL },
    { NULL, 0, "http", "", 80, 0, NULL, NULL, NULL, NULL, NULL },
    /* hostile: SameSiteTrustProxy Off ignores forwarded headers (a client
     * sends them) without a word */
    { NULL, 0, "http", "api.example.com", 80, 0, "https", "evil.test",
      "http://api.example.com", NULL, NULL },
    /* normal: the TLS proxy forwards scheme and host */
    { NULL, 1, "http", "internal", 8080, 1, "https", "api.example.com",
      "https://api.example.com", NULL, NULL },
    { NULL, 1, "http", "internal", 8080, 1, "https", "api.example.com:8443",
      "https://api.example.com:8443", NULL, NULL },
    /* only the scheme: the Host's own port stays ... */
    { NULL, 1, "http", "api.example.com", 8443, 1, "https", NULL,
      "https://api.example.com:8443", NULL, NULL },
    /* ... and without one, the scheme's default port */
    { NULL, 1, "http", "api.example.com", 80, 0, "https", NULL,
      "https://api.example.com", NULL, NULL },
    { NULL, 1, "https", "api.example.com", 443, 0, "HTTP", NULL,
      "http://api.example.com", NULL, NULL },
    /* lists: the last element, the proxy's; earlier ones are the client's */
    { NULL, 1, "http", "internal", 80, 0, "http, https",
      "evil.test, api.example.com", "https://api.example.com", NULL, NULL },
    { NULL, 1, "http", "internal", 80, 0, " https , http ",
      " api.example.com ,evil.test ", "http://evil.test", NULL, NULL },
    /* hostile values: ignored (never quoted), the request's own used */
    { NULL, 1, "http", "api.example.com", 80, 0, "gopher", NULL,
      "http://api.example.com", "neither http nor https", NULL },
    { NULL, 1, "http", "api.example.com", 80, 0, "https", "evil.test/path",
      "https://api.example.com", NULL,
      "an origin has no path, query, fragment or trailing slash" },
    { NULL, 1, "http", "api.example.com", 80, 0, "https", "user@evil.test",
      "https://api.example.com", NULL,
      "userinfo (user@) is not part of an "
      "origin" },
    { NULL, 1, "http", "api.example.com", 80, 0, "https",
      "evil.test evil2.test", "https://api.example.com", NULL, "" },
    { NULL, 1, "http", "api.example.com", 80, 0, "https", "evil.test:99999",
      "https://api.example.com", NULL, "" },
    { NULL, 1, "http", "api.example.com", 80, 0, "https", "*",
      "https://api.example.com", NULL, "" },
    { NULL, 1, "http", "api.example.com", 80, 0, "https", "evil.test\r\nX: 1",
      "https://api.example.com", NULL, "" },
    { NULL, 1, "http", "api.example.com", 80, 0, "https", "api.example.com,",
      "https://api.example.com", NULL, "" },
    /* blank headers are absent */
    { NULL, 1, "http", "api.example.com", 80, 0, " ", "\t",
      "http://api.example.com", NULL, NULL },
};

static void
test_public_origin(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(po_rows); i++) {
        ss_request_authority_t req;
        ss_public_origin_t out;
        const char *got;
        req.scheme = po_rows[i].scheme;
        req.host = po_rows[i].host;
        req.port = po_rows[i].port;
        req.host_has_port = po_rows[i].host_has_port;
        req.forwarded_proto = po_rows[i].xfp;
        req.forwarded_host = po_rows[i].xfh;
        ss_public_origin_resolve(
            &out, tp, po_rows[i].configured ? O(po_rows[i].configured) : NULL,
            po_rows[i].trust, &req);
        got = out.origin ? ss_origin_str(tp, out.origin) : NULL;
        if (po_rows[i].want ? !got || strcmp(got, po_rows[i].want) : !!got) {
            fail_msg("row %zu: want %s, got %s", i,
                     po_rows[i].want ? po_rows[i].want : "none",
                     got ? got : "none");
        }
        assert_non_null(out.source);
        /* a reason when ignored ("" in the row: any), never the value */
        if (!po_rows[i].proto_ignored != !out.proto_ignored
            || !po_rows[i].host_ignored != !out.host_ignored
            || (po_rows[i].host_ignored && *po_rows[i].host_ignored
                && strcmp(po_rows[i].host_ignored, out.host_ignored))
            || (out.host_ignored && strstr(out.host_ignored, "evil"))) {
            fail_msg("row %zu: ignored proto %s host %s", i,
                     out.proto_ignored ? out.proto_ignored : "-",
                     out.host_ignored ? out.host_ignored : "-");
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_csrf),  T(test_websocket), T(test_websocket_kinds),
        T(test_class), T(test_ua),        T(test_public_origin),
    };
    return RUN(tests);
}
