/* The CORS decision: result and exact headers; hostile origins. */
#include "test_util.h"

static const char *const fes[] = { "https://app.shop.test",
                                   "https://*.partner.test", NULL };

typedef struct {
    const char *method, *origin, *acrm, *acrh, *pna;
    ss_cors_result_t result;
    const char *headers; /* "Name: value|Name: value" in order */
} row_t;

static const row_t rows[] = {
    { "GET", NULL, NULL, NULL, NULL, SS_CORS_NOT_CORS, "" },
    { "POST", "https://api.shop.test", NULL, NULL, NULL, SS_CORS_SAME_ORIGIN,
      "" },
    { "GET", "https://app.shop.test", NULL, NULL, NULL, SS_CORS_ALLOWED,
      "Access-Control-Allow-Origin: "
      "https://app.shop.test|Access-Control-Allow-Credentials: true" },
    { "GET", "https://x.partner.test", NULL, NULL, NULL, SS_CORS_ALLOWED,
      "Access-Control-Allow-Origin: "
      "https://x.partner.test|Access-Control-Allow-Credentials: true" },
    /* hostile / disallowed: no headers at all */
    { "GET", "https://app.shop.test.evil.test", NULL, NULL, NULL,
      SS_CORS_DENIED, "" },
    { "GET", "https://evilapp.shop.test", NULL, NULL, NULL, SS_CORS_DENIED,
      "" },
    { "GET", "https://appxshop.test", NULL, NULL, NULL, SS_CORS_DENIED, "" },
    { "GET", "null", NULL, NULL, NULL, SS_CORS_DENIED, "" },
    { "GET", "http://app.shop.test", NULL, NULL, NULL, SS_CORS_DENIED, "" },
    { "GET", "https://app.shop.test:8443", NULL, NULL, NULL, SS_CORS_DENIED,
      "" },
    { "GET", "https://app.shop.test\r\nSet-Cookie: x=1", NULL, NULL, NULL,
      SS_CORS_DENIED, "" },
    { "GET", "https://app.shop.test/", NULL, NULL, NULL, SS_CORS_DENIED, "" },
    { "GET", "https://APP.shop.test", NULL, NULL, NULL, SS_CORS_DENIED, "" },
    { "GET", "https://app.shop.test:443", NULL, NULL, NULL, SS_CORS_DENIED,
      "" },
    { "GET", "https://user@app.shop.test", NULL, NULL, NULL, SS_CORS_DENIED,
      "" },
    { "GET", "*", NULL, NULL, NULL, SS_CORS_DENIED, "" },
    { "GET", "https://partner.test", NULL, NULL, NULL, SS_CORS_DENIED, "" },
    /* preflights */
    { "OPTIONS", "https://app.shop.test", "PUT", "content-type,x-csrf", NULL,
      SS_CORS_PREFLIGHT,
      "Access-Control-Allow-Origin: "
      "https://app.shop.test|Access-Control-Allow-Credentials: true|"
      "Access-Control-Allow-Methods: GET, HEAD, POST, PUT, PATCH, DELETE|"
      "Access-Control-Allow-Headers: content-type, "
      "x-csrf|Access-Control-Max-Age: 7200" },
    { "OPTIONS", "https://app.shop.test", "DELETE", NULL, "true",
      SS_CORS_PREFLIGHT,
      "Access-Control-Allow-Origin: "
      "https://app.shop.test|Access-Control-Allow-Credentials: true|"
      "Access-Control-Allow-Methods: GET, HEAD, POST, PUT, PATCH, DELETE|"
      "Access-Control-Max-Age: 7200" },
    { "OPTIONS", "https://app.shop.test", "PROPFIND", NULL, NULL,
      SS_CORS_PREFLIGHT_DENIED, "" },
    { "OPTIONS", "https://app.shop.test", "PU T", NULL, NULL,
      SS_CORS_PREFLIGHT_DENIED, "" },
    { "OPTIONS", "https://app.shop.test", "PUT", "x-a\r\nb", NULL,
      SS_CORS_PREFLIGHT_DENIED, "" },
    { "OPTIONS", "https://evil.test", "PUT", NULL, NULL,
      SS_CORS_PREFLIGHT_DENIED, "" },
    /* plain OPTIONS without Access-Control-Request-Method: actual request */
    { "OPTIONS", "https://app.shop.test", NULL, NULL, NULL, SS_CORS_ALLOWED,
      "Access-Control-Allow-Origin: "
      "https://app.shop.test|Access-Control-Allow-Credentials: true" },
};

static const char *
headers_str(const ss_cors_decision_t *d)
{
    const char *s = "";
    int i;
    for (i = 0; i < d->headers->nelts; i++) {
        const ss_header_t *h = &APR_ARRAY_IDX(d->headers, i, ss_header_t);
        s = apr_pstrcat(tp, s, i ? "|" : "", h->name, ": ", h->value, NULL);
    }
    return s;
}

/* api.shop.test with the frontends of the table, default preflight. */
static void
shop_policy(ss_cors_policy_t *pol)
{
    memset(pol, 0, sizeof(*pol));
    pol->public_origin = O("https://api.shop.test");
    pol->frontends = PATS(fes);
    pol->max_age = -1;
}

static void
test_decide_table(void **state)
{
    ss_cors_policy_t pol;
    size_t i;
    (void)state;
    shop_policy(&pol);
    for (i = 0; i < NROWS(rows); i++) {
        ss_cors_decision_t *d =
            ss_cors_decide(tp, &pol, rows[i].method, rows[i].origin,
                           rows[i].acrm, rows[i].acrh, rows[i].pna);
        const char *h = headers_str(d);
        ss_request_info_t ri;
        ss_cors_decision_t *d2;
        /* a caller that did not parse the Origin beforehand gets the
         * same decision */
        memset(&ri, 0, sizeof(ri));
        ri.method = rows[i].method;
        ri.origin = rows[i].origin;
        d2 = ss_cors_decide_request(tp, &pol, &ri, rows[i].acrm, rows[i].acrh,
                                    rows[i].pna);
        assert_int_equal(d2->result, d->result);
        assert_string_equal(headers_str(d2), h);
        if (d->result != rows[i].result) {
            fail_msg("row %zu %s: result %s (%s)", i,
                     rows[i].origin ? rows[i].origin : "-",
                     ss_cors_result_name(d->result), d->reason);
        }
        if (strcmp(h, rows[i].headers)) {
            fail_msg("row %zu: headers '%s' want '%s'", i, h, rows[i].headers);
        }
        assert_string_equal(d->vary, "Origin");
        /* nothing ever contains '*', CR or LF */
        assert_null(strchr(h, '*'));
        assert_null(strpbrk(h, "\r\n"));
        if (d->result == SS_CORS_DENIED
            || d->result == SS_CORS_PREFLIGHT_DENIED) {
            assert_non_null(d->rule_id);
            assert_non_null(ss_rule_lookup(d->rule_id));
        }
    }
}

static void
test_configured_lists(void **state)
{
    ss_cors_policy_t pol;
    ss_cors_decision_t *d;
    (void)state;
    memset(&pol, 0, sizeof(pol));
    pol.public_origin = O("https://api.shop.test");
    pol.frontends = PATS(fes);
    pol.allow_methods = "GET, PUT";
    pol.allow_headers = "Content-Type, X-CSRF";
    pol.expose_headers = "X-Total";
    pol.max_age = 600;
    pol.private_network = 1;
    d = ss_cors_decide(tp, &pol, "OPTIONS", "https://app.shop.test", "PUT",
                       "x-csrf", "true");
    assert_int_equal(d->result, SS_CORS_PREFLIGHT);
    assert_string_equal(headers_str(d),
                        "Access-Control-Allow-Origin: https://app.shop.test|"
                        "Access-Control-Allow-Credentials: "
                        "true|Access-Control-Allow-Methods: GET, PUT|"
                        "Access-Control-Allow-Headers: Content-Type, "
                        "X-CSRF|Access-Control-Max-Age: 600|"
                        "Access-Control-Allow-Private-Network: true");
    d = ss_cors_decide(tp, &pol, "OPTIONS", "https://app.shop.test", "PUT",
                       "authorization", NULL);
    assert_int_equal(d->result, SS_CORS_PREFLIGHT_DENIED);
    d = ss_cors_decide(tp, &pol, "OPTIONS", "https://app.shop.test", "DELETE",
                       NULL, NULL);
    assert_int_equal(d->result, SS_CORS_PREFLIGHT_DENIED);
    /* safelisted methods need no listing */
    d = ss_cors_decide(tp, &pol, "OPTIONS", "https://app.shop.test", "POST",
                       "x-csrf", NULL);
    assert_int_equal(d->result, SS_CORS_PREFLIGHT);
    d = ss_cors_decide(tp, &pol, "GET", "https://app.shop.test", NULL, NULL,
                       NULL);
    assert_string_equal(headers_str(d),
                        "Access-Control-Allow-Origin: https://app.shop.test|"
                        "Access-Control-Allow-Credentials: "
                        "true|Access-Control-Expose-Headers: X-Total");
    /* NULL policy: nothing is allowed */
    d = ss_cors_decide(tp, NULL, "GET", "https://app.shop.test", NULL, NULL,
                       NULL);
    assert_int_equal(d->result, SS_CORS_DENIED);
}

static const struct {
    const char *value, *token, *out;
} merge_rows[] = {
    { NULL, "Origin", "Origin" },
    { "", "Origin", "Origin" },
    { "Accept-Encoding", "Origin", "Accept-Encoding, Origin" },
    { "origin", "Origin", "origin" },
    { "Accept-Encoding, Origin", "Origin", "Accept-Encoding, Origin" },
    { "Accept-Encoding,Origin,Cookie", "Origin",
      "Accept-Encoding,Origin,Cookie" },
    { "*", "Origin", "*" },
    { "Originator", "Origin", "Originator, Origin" },
};

static void
test_vary_merge(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(merge_rows); i++) {
        const char *got =
            ss_header_token_merge(tp, merge_rows[i].value, merge_rows[i].token);
        if (strcmp(got, merge_rows[i].out)) {
            fail_msg("row %zu: got '%s'", i, got);
        }
    }
}

static const struct {
    const char *in;
    int methods;     /* ss_cors_list_kind_t: 0 headers, 1 methods, 2 expose */
    const char *out; /* NULL: error */
} list_rows[] = {
    { "GET,POST", 1, "GET, POST" },
    { "Content-Type  X-Req", 0, "Content-Type, X-Req" },
    { "*", 0, NULL },
    { "GET, *", 1, NULL },
    { "X-(bad)", 0, NULL },
    { "", 0, NULL },
    /* Expose-Headers (kind 2): Set-Cookie is never exposed (Fetch) */
    { "X-Total, X-Page", 2, "X-Total, X-Page" },
    { "X-Total Set-Cookie", 2, NULL },
    { "set-cookie2", 2, NULL },
    { "X-Set-Cookie", 2, "X-Set-Cookie" },
    { "Set-Cookie", 0, "Set-Cookie" }, /* a request header name: legal */
    { "*", 2, NULL },
};

/* which list each directive takes (module and linter alike) */
static void
test_list_kind(void **state)
{
    (void)state;
    assert_int_equal(ss_cors_list_kind("SameSiteCORSAllowMethods"),
                     SS_CORS_LIST_METHODS);
    assert_int_equal(ss_cors_list_kind("samesitecorsallowmethods"),
                     SS_CORS_LIST_METHODS);
    assert_int_equal(ss_cors_list_kind("SameSiteCORSExposeHeaders"),
                     SS_CORS_LIST_EXPOSE);
    assert_int_equal(ss_cors_list_kind("SameSiteCORSAllowHeaders"),
                     SS_CORS_LIST_HEADERS);
    assert_int_equal(ss_cors_list_kind(NULL), SS_CORS_LIST_HEADERS);
}

/* cors-expose-set-cookie: names Fetch never exposes to scripts */
static const struct {
    const char *value;
    const char *found; /* NULL: none */
} expose_rows[] = {
    { "Set-Cookie", "Set-Cookie" },
    { "X-Total, set-cookie", "set-cookie" },
    { "X-Total,Set-Cookie2 , X-Page", "Set-Cookie2" },
    { "X-Total, X-Page", NULL },
    { "X-Set-Cookie, Set-Cookie-Hint", NULL },
    { "", NULL },
    { NULL, NULL },
};

static void
test_expose_forbidden(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(expose_rows); i++) {
        const char *got = ss_cors_expose_forbidden(tp, expose_rows[i].value);
        if (expose_rows[i].found) {
            assert_non_null(got);
            assert_string_equal(got, expose_rows[i].found);
        } else if (got) {
            fail_msg("row %zu ('%s'): found '%s'", i, expose_rows[i].value,
                     got);
        }
    }
}

static void
test_list_check(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(list_rows); i++) {
        const char *out = NULL;
        const char *err =
            ss_cors_list_check(&out, tp, list_rows[i].in, list_rows[i].methods);
        if (list_rows[i].out) {
            assert_null(err);
            assert_string_equal(out, list_rows[i].out);
        } else {
            assert_non_null(err);
        }
    }
}

/* cors-max-age-capped, shared by the module (startup) and the linter
 * (SameSiteCORSMaxAge, Access-Control-Max-Age headers). */
static const struct {
    long max_age;
    int capped;
} max_age_rows[] = {
    { 0, 0 },    { 600, 0 },   { 7199, 0 }, { 7200, 0 },
    { 7201, 1 }, { 86400, 1 }, { -1, 0 },
};

static void
test_max_age_check(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(max_age_rows); i++) {
        const char *msg = ss_cors_max_age_check(tp, max_age_rows[i].max_age);
        if ((msg != NULL) != max_age_rows[i].capped) {
            fail_msg("row %zu (%ld): %s", i, max_age_rows[i].max_age,
                     msg ? msg : "not capped");
        }
        if (msg) {
            assert_string_equal(msg, "Chromium caps preflight caching at "
                                     "7200 seconds");
        }
    }
}

/* SameSiteCORSMaxAge arguments, parsed alike by the module's directive
 * and samesite-lint's samesite-directive-invalid. */
static const struct {
    const char *arg;
    int ok, value;
} max_age_parse_rows[] = {
    { "0", 1, 0 },        { "600", 1, 600 },
    { "7200", 1, 7200 },  { "31536000", 1, 31536000 },
    { "31536001", 0, 0 }, { "-5", 0, 0 },
    { "", 0, 0 },         { NULL, 0, 0 },
    { "10m", 0, 0 },      { "1e3", 0, 0 },
    { "600 ", 0, 0 },     { "99999999999999999999", 0, 0 },
    { "0x10", 0, 0 },
};

static void
test_max_age_parse(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(max_age_parse_rows); i++) {
        int v = -42;
        int rc = ss_cors_max_age_parse(&v, max_age_parse_rows[i].arg);
        if ((rc == 0) != max_age_parse_rows[i].ok) {
            fail_msg("row %zu ('%s'): %s", i,
                     max_age_parse_rows[i].arg ? max_age_parse_rows[i].arg
                                               : "NULL",
                     rc == 0 ? "accepted" : "rejected");
        }
        assert_int_equal(
            v, max_age_parse_rows[i].ok ? max_age_parse_rows[i].value : -42);
    }
}

/* Why a backend's own CORS headers are replaced or removed. */
static const struct {
    const char *method, *origin, *acrm; /* the request */
    const char *acao;                   /* the backend's ACAO or NULL */
    int n_acao;
    const char *rule; /* expected id, NULL: kept */
} backend_rows[] = {
    /* allowed frontend: the backend's * / own value would be a second ACAO */
    { "GET", "https://app.shop.test", NULL, "*", 1,
      "cors-wildcard-credentials" },
    { "GET", "https://app.shop.test", NULL, " * ", 1,
      "cors-wildcard-credentials" },
    { "GET", "https://app.shop.test", NULL, "https://app.shop.test", 1,
      "cors-duplicate-origin" },
    { "GET", "https://app.shop.test", NULL, NULL, 0, "cors-duplicate-origin" },
    { "GET", "https://app.shop.test", NULL, "*, https://app.shop.test", 1,
      "cors-duplicate-origin" },
    { "GET", "https://app.shop.test", NULL, "*", 2, "cors-duplicate-origin" },
    { "OPTIONS", "https://app.shop.test", "PUT", "*", 1,
      "cors-wildcard-credentials" },
    /* denied origin: removed */
    { "GET", "https://evil.test", NULL, "*", 1, "cors-wildcard-credentials" },
    { "GET", "https://evil.test", NULL, "https://evil.test", 1,
      "cors-origin-reflected" },
    { "GET", "https://evil.test", NULL, "https://app.shop.test", 1,
      "cors-origin-denied" },
    { "GET", "https://evil.test", NULL, NULL, 0, "cors-origin-denied" },
    { "OPTIONS", "https://app.shop.test", "TRACE", NULL, 0,
      "cors-preflight-blocked" },
    /* not CORS, same origin: the backend's headers are left alone */
    { "GET", NULL, NULL, "*", 1, NULL },
    { "GET", "https://api.shop.test", NULL, "*", 1, NULL },
};

static void
test_backend_rule(void **state)
{
    ss_cors_policy_t pol;
    size_t i;
    (void)state;
    shop_policy(&pol);
    for (i = 0; i < NROWS(backend_rows); i++) {
        ss_cors_decision_t *d = ss_cors_decide(
            tp, &pol, backend_rows[i].method, backend_rows[i].origin,
            backend_rows[i].acrm, NULL, NULL);
        const char *got = ss_cors_backend_rule(d, backend_rows[i].acao,
                                               backend_rows[i].n_acao, NULL,
                                               backend_rows[i].origin);
        if (!backend_rows[i].rule) {
            if (got) {
                fail_msg("row %zu: got %s, want none", i, got);
            }
            continue;
        }
        if (!got || strcmp(got, backend_rows[i].rule)) {
            fail_msg("row %zu: got %s, want %s", i, got ? got : "none",
                     backend_rows[i].rule);
        }
        assert_non_null(ss_rule_lookup(got));
    }
    assert_null(ss_cors_backend_rule(NULL, "*", 1, NULL, NULL));
}

/* SameSiteCORS Public: "*" for any origin (or none), never credentials,
 * never an echoed Origin, no Vary; preflights from the same lists. */
static const row_t public_rows[] = {
    /* no Origin: "*" all the same, so a cached copy serves every caller */
    { "GET", NULL, NULL, NULL, NULL, SS_CORS_NOT_CORS,
      "Access-Control-Allow-Origin: *" },
    { "POST", "https://api.shop.test", NULL, NULL, NULL, SS_CORS_SAME_ORIGIN,
      "Access-Control-Allow-Origin: *" },
    /* any origin, declared or not: "*" without credentials (a
     * credentialed fetch gets the same, which the browser refuses: the
     * decision never looks at cookies) */
    { "GET", "https://app.shop.test", NULL, NULL, NULL, SS_CORS_ALLOWED,
      "Access-Control-Allow-Origin: *" },
    { "GET", "https://evil.test", NULL, NULL, NULL, SS_CORS_ALLOWED,
      "Access-Control-Allow-Origin: *" },
    { "POST", "https://evil.test", NULL, NULL, NULL, SS_CORS_ALLOWED,
      "Access-Control-Allow-Origin: *" },
    { "GET", "null", NULL, NULL, NULL, SS_CORS_ALLOWED,
      "Access-Control-Allow-Origin: *" },
    /* hostile bytes are never echoed: the answer is a constant */
    { "GET", "https://app.shop.test\r\nSet-Cookie: x=1", NULL, NULL, NULL,
      SS_CORS_ALLOWED, "Access-Control-Allow-Origin: *" },
    { "GET", "https://user@evil.test", NULL, NULL, NULL, SS_CORS_ALLOWED,
      "Access-Control-Allow-Origin: *" },
    /* preflights: the same lists, "*" and no credentials */
    { "OPTIONS", "https://evil.test", "PUT", "content-type,x-csrf", NULL,
      SS_CORS_PREFLIGHT,
      "Access-Control-Allow-Origin: *|"
      "Access-Control-Allow-Methods: GET, HEAD, POST, PUT, PATCH, DELETE|"
      "Access-Control-Allow-Headers: content-type, "
      "x-csrf|Access-Control-Max-Age: 7200" },
    { "OPTIONS", "https://app.shop.test", "DELETE", NULL, "true",
      SS_CORS_PREFLIGHT,
      "Access-Control-Allow-Origin: *|"
      "Access-Control-Allow-Methods: GET, HEAD, POST, PUT, PATCH, DELETE|"
      "Access-Control-Max-Age: 7200" },
    /* a method or header the lists refuse: no approval, no header */
    { "OPTIONS", "https://evil.test", "PROPFIND", NULL, NULL,
      SS_CORS_PREFLIGHT_DENIED, "" },
    { "OPTIONS", "https://evil.test", "PU T", NULL, NULL,
      SS_CORS_PREFLIGHT_DENIED, "" },
    { "OPTIONS", "https://evil.test", "PUT", "x-a\r\nb", NULL,
      SS_CORS_PREFLIGHT_DENIED, "" },
    /* OPTIONS without Access-Control-Request-Method, or without Origin:
     * not a preflight */
    { "OPTIONS", "https://evil.test", NULL, NULL, NULL, SS_CORS_ALLOWED,
      "Access-Control-Allow-Origin: *" },
    { "OPTIONS", NULL, "PUT", NULL, NULL, SS_CORS_NOT_CORS,
      "Access-Control-Allow-Origin: *" },
};

static void
test_public_table(void **state)
{
    ss_cors_policy_t pol;
    size_t i;
    (void)state;
    shop_policy(&pol);
    pol.public_cors = 1;
    for (i = 0; i < NROWS(public_rows); i++) {
        const row_t *r = &public_rows[i];
        ss_cors_decision_t *d = ss_cors_decide(tp, &pol, r->method, r->origin,
                                               r->acrm, r->acrh, r->pna);
        const char *h = headers_str(d);
        ss_request_info_t ri;
        ss_cors_decision_t *d2;
        /* parsed beforehand (the module) or not: the same decision */
        ss_request_info_init(&ri, tp, r->method, r->origin, NULL, NULL);
        d2 = ss_cors_decide_request(tp, &pol, &ri, r->acrm, r->acrh, r->pna);
        assert_int_equal(d2->result, d->result);
        assert_string_equal(headers_str(d2), h);
        if (d->result != r->result) {
            fail_msg("public row %zu %s: result %s (%s)", i,
                     r->origin ? r->origin : "-",
                     ss_cors_result_name(d->result), d->reason);
        }
        if (strcmp(h, r->headers)) {
            fail_msg("public row %zu: headers '%s' want '%s'", i, h,
                     r->headers);
        }
        assert_true(d->wildcard);
        /* the same answer for every origin: nothing to vary on */
        assert_null(d->vary);
        /* never credentials, never an echoed origin, never CR or LF */
        assert_null(strstr(h, "Credentials"));
        assert_null(strstr(h, "://"));
        assert_null(strpbrk(h, "\r\n"));
        if (d->result == SS_CORS_PREFLIGHT_DENIED) {
            assert_string_equal(d->rule_id, "cors-preflight-blocked");
        } else {
            assert_null(d->rule_id);
        }
    }
}

static void
test_public_lists(void **state)
{
    ss_cors_policy_t pol;
    ss_cors_decision_t *d;
    (void)state;
    shop_policy(&pol);
    pol.public_cors = 1;
    pol.allow_methods = "GET, PUT";
    pol.allow_headers = "Content-Type, X-Token";
    pol.expose_headers = "X-Total";
    pol.max_age = 600;
    pol.private_network = 1;
    d = ss_cors_decide(tp, &pol, "OPTIONS", "https://evil.test", "PUT",
                       "x-token", "true");
    assert_int_equal(d->result, SS_CORS_PREFLIGHT);
    assert_string_equal(headers_str(d),
                        "Access-Control-Allow-Origin: *|"
                        "Access-Control-Allow-Methods: GET, PUT|"
                        "Access-Control-Allow-Headers: Content-Type, "
                        "X-Token|Access-Control-Max-Age: 600|"
                        "Access-Control-Allow-Private-Network: true");
    d = ss_cors_decide(tp, &pol, "OPTIONS", "https://evil.test", "DELETE", NULL,
                       NULL);
    assert_int_equal(d->result, SS_CORS_PREFLIGHT_DENIED);
    assert_int_equal(d->headers->nelts, 0);
    d = ss_cors_decide(tp, &pol, "OPTIONS", "https://evil.test", "PUT",
                       "authorization", NULL);
    assert_int_equal(d->result, SS_CORS_PREFLIGHT_DENIED);
    /* Expose-Headers on every actual response, with or without Origin */
    d = ss_cors_decide(tp, &pol, "GET", "https://evil.test", NULL, NULL, NULL);
    assert_string_equal(headers_str(d), "Access-Control-Allow-Origin: *|"
                                        "Access-Control-Expose-Headers: "
                                        "X-Total");
    d = ss_cors_decide(tp, &pol, "GET", NULL, NULL, NULL, NULL);
    assert_string_equal(headers_str(d), "Access-Control-Allow-Origin: *|"
                                        "Access-Control-Expose-Headers: "
                                        "X-Total");
}

/* Public: the backend's CORS headers never survive next to "*" (its
 * Access-Control-Allow-Credentials least of all), also without Origin. */
static const struct {
    const char *method, *origin, *acrm;
    const char *acao, *acac;
    int n_acao;
    const char *rule;
} public_backend_rows[] = {
    { "GET", "https://app.shop.test", NULL, "*", "true", 1,
      "cors-wildcard-credentials" },
    { "GET", NULL, NULL, NULL, "true", 0, "cors-wildcard-credentials" },
    { "GET", "https://api.shop.test", NULL, "https://api.shop.test", "true", 1,
      "cors-wildcard-credentials" },
    { "GET", "https://evil.test", NULL, "https://evil.test", NULL, 1,
      "cors-origin-reflected" },
    { "GET", NULL, NULL, "https://app.shop.test", NULL, 1,
      "cors-duplicate-origin" },
    { "GET", "https://evil.test", NULL, "*", NULL, 1, "cors-duplicate-origin" },
    { "GET", "https://evil.test", NULL, "*", "true", 2,
      "cors-duplicate-origin" },
    { "OPTIONS", "https://evil.test", "PUT", "*", "true", 1,
      "cors-wildcard-credentials" },
    /* a refused preflight: the backend's are removed, ours are none */
    { "OPTIONS", "https://evil.test", "TRACE", "*", "true", 1,
      "cors-preflight-blocked" },
};

static void
test_public_backend_rule(void **state)
{
    ss_cors_policy_t pol;
    size_t i;
    (void)state;
    shop_policy(&pol);
    pol.public_cors = 1;
    for (i = 0; i < NROWS(public_backend_rows); i++) {
        ss_cors_decision_t *d =
            ss_cors_decide(tp, &pol, public_backend_rows[i].method,
                           public_backend_rows[i].origin,
                           public_backend_rows[i].acrm, NULL, NULL);
        const char *got = ss_cors_backend_rule(
            d, public_backend_rows[i].acao, public_backend_rows[i].n_acao,
            public_backend_rows[i].acac, public_backend_rows[i].origin);
        if (!got || strcmp(got, public_backend_rows[i].rule)) {
            fail_msg("public backend row %zu: got %s, want %s", i,
                     got ? got : "none", public_backend_rows[i].rule);
        }
        assert_non_null(ss_rule_lookup(got));
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_decide_table),     T(test_configured_lists),
        T(test_vary_merge),       T(test_list_check),
        T(test_expose_forbidden), T(test_list_kind),
        T(test_max_age_check),    T(test_max_age_parse),
        T(test_backend_rule),     T(test_public_table),
        T(test_public_lists),     T(test_public_backend_rule),
    };
    return RUN(tests);
}
