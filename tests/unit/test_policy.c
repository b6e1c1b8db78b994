/* Cookie policy: (topology, rule, request, cookie) -> changed Set-Cookie
 * and the rule ids that explain each change. */
#include "test_util.h"

typedef struct {
    const char *pub;
    const char *fe[3];
    const char *rule; /* "GLOB arg arg" or NULL (Auto default) */
    ss_class_t req;   /* request class */
    int from_fe;
    const char *in;
    const char *out; /* expected Set-Cookie after apply */
    const char *ids; /* expected rule ids, space separated */
} row_t;

static const row_t rows[] = {
    /* seed 002 topology 1: single gateway, same-origin -> Lax (default) */
    { "https://platform.example.com",
      { "https://platform.example.com" },
      NULL,
      SS_CLASS_SAME_ORIGIN,
      1,
      "sid=1",
      "sid=1; SameSite=Lax; Secure",
      "cookie-missing-samesite cookie-missing-secure" },
    /* topology 2: same-site cross-origin -> Lax */
    { "https://api.example.com",
      { "https://app.example.com" },
      NULL,
      SS_CLASS_SAME_SITE,
      1,
      "sid=1; Secure; HttpOnly",
      "sid=1; Secure; HttpOnly; SameSite=Lax",
      "cookie-missing-samesite" },
    /* unnecessary None tightened (seed 002 pitfall 2) */
    { "https://api.example.com",
      { "https://app.example.com" },
      NULL,
      SS_CLASS_SAME_SITE,
      1,
      "sid=1; SameSite=None; Secure",
      "sid=1; SameSite=Lax; Secure",
      "cookie-samesite-too-loose" },
    /* Auto keeps an explicit Strict or Lax when no frontend is
     * cross-site: both work same-site (SPEC 1) */
    { "https://api.example.com",
      { "https://app.example.com" },
      NULL,
      SS_CLASS_SAME_SITE,
      1,
      "sid=1; SameSite=Strict; Secure",
      "sid=1; SameSite=Strict; Secure",
      "" },
    { "https://api.example.com",
      { NULL },
      NULL,
      SS_CLASS_NONE,
      0,
      "sid=1; SameSite=Lax; Secure",
      "sid=1; SameSite=Lax; Secure",
      "" },
    /* an explicit Auto rule behaves as the default */
    { "https://api.example.com",
      { "https://app.example.com" },
      "sid Auto",
      SS_CLASS_SAME_SITE,
      1,
      "sid=1; Secure",
      "sid=1; Secure; SameSite=Lax",
      "cookie-missing-samesite" },
    /* topology 3: cross-site, request from the frontend -> None; Secure;
     * Partitioned (SPEC 3, third-party blocking) */
    { "https://api.widgets.test",
      { "https://app.shop.test" },
      NULL,
      SS_CLASS_CROSS_SITE,
      1,
      "sid=1",
      "sid=1; SameSite=None; Secure; Partitioned",
      "cookie-samesite-too-strict cookie-none-without-secure "
      "cookie-third-party-dependence" },
    /* D7: Auto never weakens the backend's explicit Strict; the finding
     * says why the frontends will not get it, nothing changes there */
    { "https://api.widgets.test",
      { "https://app.shop.test" },
      NULL,
      SS_CLASS_CROSS_SITE,
      1,
      "sid=1; SameSite=Strict",
      "sid=1; SameSite=Strict; Secure",
      "cookie-samesite-too-strict cookie-missing-secure" },
    { "https://api.widgets.test",
      { "https://app.shop.test" },
      "sid Auto HttpOnly",
      SS_CLASS_SAME_ORIGIN,
      0,
      "sid=1; Secure; SameSite=strict",
      "sid=1; Secure; SameSite=strict; HttpOnly",
      "cookie-samesite-too-strict cookie-missing-httponly" },
    { "https://b.github.io",
      { "https://a.github.io" },
      NULL,
      SS_CLASS_CROSS_SITE,
      1,
      "csrf=1; SameSite=Strict; Secure; Partitioned",
      "csrf=1; SameSite=Strict; Secure; Partitioned",
      "cookie-samesite-too-strict" },
    /* ... SameSiteCookie NAME None still forces it */
    { "https://api.widgets.test",
      { "https://app.shop.test" },
      "sid None",
      SS_CLASS_CROSS_SITE,
      1,
      "sid=1; SameSite=Strict",
      "sid=1; SameSite=None; Secure",
      "cookie-samesite-too-strict cookie-none-without-secure" },
    /* ... and Lax from the backend is still made None (only Strict is a
     * deliberate choice a topology cannot override) */
    { "https://api.widgets.test",
      { "https://app.shop.test" },
      NULL,
      SS_CLASS_SAME_ORIGIN,
      0,
      "sid=1; SameSite=Lax; Secure",
      "sid=1; SameSite=None; Secure",
      "cookie-samesite-too-strict" },
    /* ... on plain http too: Strict kept, no None error */
    { "http://api.widgets.test",
      { "http://app.shop.test" },
      NULL,
      SS_CLASS_CROSS_SITE,
      1,
      "sid=1; SameSite=Strict",
      "sid=1; SameSite=Strict",
      "cookie-samesite-too-strict" },
    /* cross-site topology, first-party visit: no Partitioned */
    { "https://api.widgets.test",
      { "https://app.shop.test" },
      NULL,
      SS_CLASS_SAME_ORIGIN,
      0,
      "sid=1",
      "sid=1; SameSite=None; Secure",
      "cookie-samesite-too-strict cookie-none-without-secure" },
    /* cross-site request from an undeclared origin: not partitioned */
    { "https://api.widgets.test",
      { "https://app.shop.test" },
      NULL,
      SS_CLASS_CROSS_SITE,
      0,
      "sid=1",
      "sid=1; SameSite=None; Secure",
      "cookie-samesite-too-strict cookie-none-without-secure" },
    /* private-suffix trap: a.github.io -> b.github.io is cross-site */
    { "https://b.github.io",
      { "https://a.github.io" },
      NULL,
      SS_CLASS_CROSS_SITE,
      1,
      "sid=1; SameSite=Lax; Secure",
      "sid=1; SameSite=None; Secure; Partitioned",
      "cookie-samesite-too-strict cookie-third-party-dependence" },
    /* None on a plain-http origin: error, kept Lax (as safe as possible) */
    { "http://api.widgets.test",
      { "http://app.shop.test" },
      NULL,
      SS_CLASS_CROSS_SITE,
      1,
      "sid=1",
      "sid=1; SameSite=Lax",
      "cookie-none-without-secure cookie-missing-samesite" },
    /* Secure cookie from http: error, left (browser drops it) */
    { "http://app.example.com",
      { NULL },
      NULL,
      SS_CLASS_NONE,
      0,
      "sid=1; Secure; SameSite=Lax",
      "sid=1; Secure; SameSite=Lax",
      "cookie-secure-on-http" },
    /* explicit modes */
    { "https://api.example.com",
      { NULL },
      "sid Strict",
      SS_CLASS_NONE,
      0,
      "sid=1; Secure",
      "sid=1; Secure; SameSite=Strict",
      "cookie-missing-samesite" },
    { "https://api.example.com",
      { NULL },
      "sid None",
      SS_CLASS_NONE,
      0,
      "sid=1",
      "sid=1; SameSite=None; Secure",
      "cookie-samesite-too-strict cookie-none-without-secure" },
    { "https://api.example.com",
      { NULL },
      "sid Keep",
      SS_CLASS_NONE,
      0,
      "sid=1; SameSite=None",
      "sid=1; SameSite=None; Secure",
      "cookie-none-without-secure" },
    { "https://api.example.com",
      { NULL },
      "sid Keep",
      SS_CLASS_NONE,
      0,
      "sid=1; Secure",
      "sid=1; Secure",
      "" },
    /* flags */
    { "https://api.example.com",
      { NULL },
      "sid Keep HttpOnly",
      SS_CLASS_NONE,
      0,
      "sid=1; Secure",
      "sid=1; Secure; HttpOnly",
      "cookie-missing-httponly" },
    { "https://api.example.com",
      { NULL },
      "sid Keep -HttpOnly",
      SS_CLASS_NONE,
      0,
      "sid=1; Secure; HttpOnly",
      "sid=1; Secure",
      "cookie-missing-httponly" },
    { "https://api.example.com",
      { NULL },
      "sid Keep -Secure",
      SS_CLASS_NONE,
      0,
      "sid=1; Secure",
      "sid=1",
      "cookie-secure-on-http" },
    { "https://api.example.com",
      { NULL },
      "sid Keep -Secure",
      SS_CLASS_NONE,
      0,
      "sid=1; SameSite=None; Secure",
      "sid=1; SameSite=None; Secure",
      "cookie-none-without-secure" },
    { "https://api.example.com",
      { NULL },
      "sid Lax Partitioned",
      SS_CLASS_NONE,
      0,
      "sid=1",
      "sid=1; SameSite=Lax; Secure; Partitioned",
      "cookie-missing-samesite cookie-partitioned-without-secure "
      "cookie-third-party-dependence" },
    { "https://api.widgets.test",
      { "https://app.shop.test" },
      "sid Auto -Partitioned",
      SS_CLASS_CROSS_SITE,
      1,
      "sid=1; Secure; SameSite=None",
      "sid=1; Secure; SameSite=None",
      "" },
    { "https://api.example.com",
      { NULL },
      "sid Keep",
      SS_CLASS_NONE,
      0,
      "sid=1; Partitioned",
      "sid=1; Partitioned; Secure",
      "cookie-partitioned-without-secure" },
    /* HostPrefix: rename, Secure, Path=/, no Domain */
    { "https://api.example.com",
      { NULL },
      "sid Lax HostPrefix",
      SS_CLASS_NONE,
      0,
      "sid=1; Domain=example.com; Path=/app",
      "__Host-sid=1; Path=/; SameSite=Lax; Secure",
      "cookie-prefix-violation cookie-missing-samesite cookie-prefix-violation "
      "cookie-prefix-violation cookie-prefix-violation" },
    { "http://api.example.com",
      { NULL },
      "sid Lax HostPrefix",
      SS_CLASS_NONE,
      0,
      "sid=1",
      "sid=1; SameSite=Lax",
      "cookie-prefix-violation cookie-missing-samesite" },
    /* prefixes set by the backend */
    { "https://api.example.com",
      { NULL },
      "* Keep",
      SS_CLASS_NONE,
      0,
      "__Secure-id=1",
      "__Secure-id=1; Secure",
      "cookie-prefix-violation" },
    { "https://api.example.com",
      { NULL },
      "* Keep",
      SS_CLASS_NONE,
      0,
      "__Host-id=1; Secure; Domain=example.com",
      "__Host-id=1; Secure; Path=/",
      "cookie-prefix-violation cookie-prefix-violation" },
    { "https://api.example.com",
      { NULL },
      "* Keep",
      SS_CLASS_NONE,
      0,
      "__host-id=1; Secure; Path=/",
      "__host-id=1; Secure; Path=/",
      "" },
    /* Domain checks */
    { "https://a.github.io",
      { NULL },
      "* Keep",
      SS_CLASS_NONE,
      0,
      "sid=1; Secure; Domain=github.io",
      "sid=1; Secure",
      "cookie-domain-public-suffix" },
    { "https://api.example.com",
      { NULL },
      "* Keep",
      SS_CLASS_NONE,
      0,
      "sid=1; Secure; Domain=other.com",
      "sid=1; Secure",
      "cookie-domain-mismatch" },
    { "https://api.example.com",
      { NULL },
      "* Keep",
      SS_CLASS_NONE,
      0,
      "sid=1; Secure; Domain=.example.com",
      "sid=1; Secure; Domain=.example.com",
      "" },
    { "https://api.example.com",
      { NULL },
      "* Keep",
      SS_CLASS_NONE,
      0,
      "sid=1; Secure; Domain=com",
      "sid=1; Secure",
      "cookie-domain-public-suffix" },
    { "https://internal",
      { NULL },
      "* Keep",
      SS_CLASS_NONE,
      0,
      "sid=1; Secure; Domain=internal",
      "sid=1; Secure; Domain=internal",
      "" },
    /* never alters the value, keeps unknown attributes byte for byte */
    { "https://api.example.com",
      { "https://app.example.com" },
      NULL,
      SS_CLASS_SAME_SITE,
      1,
      "sid=\"a;b\"",
      "sid=\"a;b\"; SameSite=Lax; Secure",
      "cookie-missing-samesite cookie-missing-secure" },
    { "https://api.example.com",
      { "https://app.example.com" },
      NULL,
      SS_CLASS_SAME_SITE,
      1,
      "sid=v; Foo=Bar;  Priority=High",
      "sid=v; Foo=Bar;  Priority=High; SameSite=Lax; Secure",
      "cookie-missing-samesite cookie-missing-secure" },
    /* invalid cookie: one finding, no change */
    { "https://api.example.com",
      { NULL },
      NULL,
      SS_CLASS_NONE,
      0,
      "=",
      "=",
      "cookie-invalid" },
};

static const char *
apply_row(const row_t *r, const char **ids_out, int omit_none)
{
    ss_origin_t *pub = O(r->pub);
    apr_array_header_t *fe = PATS(r->fe);
    ss_topology_t *t = ss_topology_analyse(tp, tpsl, pub, fe, SS_SAMESITE_LAX);
    ss_cookie_rule_t *rule = NULL;
    ss_cookie_ctx_t ctx;
    ss_cookie_t *c = ss_cookie_parse(tp, r->in);
    apr_array_header_t *ch;
    const char *ids = "";
    int i;

    if (r->rule) {
        char *last, *tok, *s = apr_pstrdup(tp, r->rule);
        const char *argv[8];
        int argc = 0;
        const char *glob = apr_strtok(s, " ", &last);
        while ((tok = apr_strtok(NULL, " ", &last)) && argc < 8) {
            argv[argc++] = tok;
        }
        assert_null(ss_cookie_rule_parse(&rule, tp, glob, argc, argv));
    }
    memset(&ctx, 0, sizeof(ctx));
    ctx.topology = t;
    ctx.psl = tpsl;
    ctx.request_class = r->req;
    ctx.request_from_frontend = r->from_fe;
    ctx.omit_none = omit_none;
    ch = ss_cookie_policy(tp, c, rule, &ctx);
    for (i = 0; i < ch->nelts; i++) {
        const ss_cookie_change_t *x = &APR_ARRAY_IDX(ch, i, ss_cookie_change_t);
        assert_non_null(x->rule_id);
        assert_non_null(ss_rule_lookup(x->rule_id)); /* in the catalog */
        assert_non_null(x->message);
        ids = *ids ? apr_pstrcat(tp, ids, " ", x->rule_id, NULL) : x->rule_id;
    }
    ss_cookie_apply(c, ch);
    *ids_out = ids;
    return ss_cookie_str(tp, c);
}

static void
test_policy_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(rows); i++) {
        const char *ids;
        const char *out = apply_row(&rows[i], &ids, 0);
        if (strcmp(out, rows[i].out)) {
            fail_msg("row %zu '%s': got '%s' want '%s'", i, rows[i].in, out,
                     rows[i].out);
        }
        if (strcmp(ids, rows[i].ids)) {
            fail_msg("row %zu '%s': ids '%s' want '%s'", i, rows[i].in, ids,
                     rows[i].ids);
        }
    }
}

static void
test_omit_none(void **state)
{
    const row_t r = { "https://api.widgets.test",
                      { "https://app.shop.test" },
                      NULL,
                      SS_CLASS_CROSS_SITE,
                      1,
                      "sid=1; SameSite=None",
                      NULL,
                      NULL };
    const char *ids;
    (void)state;
    assert_string_equal(apply_row(&r, &ids, 1), "sid=1; Secure; Partitioned");
    assert_non_null(strstr(ids, "cookie-samesite-none-incompatible-ua"));
}

static const struct {
    const char *args;
    int ok;
} rule_rows[] = {
    { "Auto", 1 },
    { "strict httponly", 1 },
    { "None Secure Partitioned", 1 },
    { "Lax HostPrefix", 1 },
    { "Keep -Secure", 1 },
    { "", 1 },
    { "Lax Strict", 0 },
    { "Bogus", 0 },
    { "None -Secure", 0 },
    { "Partitioned -Secure", 0 },
    { "HostPrefix -Secure", 0 },
};

static void
test_rule_parse(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(rule_rows); i++) {
        char *last, *tok, *s = apr_pstrdup(tp, rule_rows[i].args);
        const char *argv[8];
        int argc = 0;
        ss_cookie_rule_t *r = NULL;
        const char *err;
        while ((tok = apr_strtok(argc ? NULL : s, " ", &last)) && argc < 8) {
            argv[argc++] = tok;
        }
        err = ss_cookie_rule_parse(&r, tp, "sid", argc, argv);
        if ((err == NULL) != rule_rows[i].ok) {
            fail_msg("row %zu '%s': %s", i, rule_rows[i].args,
                     err ? err : "accepted");
        }
    }
    {
        ss_cookie_rule_t *r = NULL;
        assert_non_null(ss_cookie_rule_parse(&r, tp, "", 0, NULL));
    }
}

static void
test_rule_find(void **state)
{
    apr_array_header_t *rules =
        apr_array_make(tp, 3, sizeof(ss_cookie_rule_t *));
    ss_cookie_rule_t *a, *b;
    const char *strict[] = { "Strict" };
    (void)state;
    assert_null(ss_cookie_rule_parse(&a, tp, "sess*", 1, strict));
    assert_null(ss_cookie_rule_parse(&b, tp, "*", 0, NULL));
    APR_ARRAY_PUSH(rules, ss_cookie_rule_t *) = a;
    APR_ARRAY_PUSH(rules, ss_cookie_rule_t *) = b;
    assert_ptr_equal(ss_cookie_rule_find(rules, "session"), a);
    assert_ptr_equal(ss_cookie_rule_find(rules, "sid"), b);
    assert_ptr_equal(ss_cookie_rule_find(rules, "Session"),
                     b); /* names are case-sensitive */
    assert_null(ss_cookie_rule_find(NULL, "sid"));
    { /* a literal name (no fnmatch) is still exact and case-sensitive,
         * and first match still wins */
        ss_cookie_rule_t *lit, *q;
        apr_array_header_t *r2 =
            apr_array_make(tp, 3, sizeof(ss_cookie_rule_t *));
        assert_null(ss_cookie_rule_parse(&lit, tp, "sid", 1, strict));
        assert_null(ss_cookie_rule_parse(&q, tp, "s?d", 0, NULL));
        assert_true(lit->literal);
        assert_false(q->literal);
        APR_ARRAY_PUSH(r2, ss_cookie_rule_t *) = lit;
        APR_ARRAY_PUSH(r2, ss_cookie_rule_t *) = q;
        APR_ARRAY_PUSH(r2, ss_cookie_rule_t *) = b;
        assert_ptr_equal(ss_cookie_rule_find(r2, "sid"), lit);
        assert_ptr_equal(ss_cookie_rule_find(r2, "sad"), q);
        assert_ptr_equal(ss_cookie_rule_find(r2, "SID"), b);
        assert_ptr_equal(ss_cookie_rule_find(r2, "sid2"), b);
        assert_ptr_equal(ss_cookie_rule_find(r2, "si"), b);
    }
}

static void
test_legacy_twin(void **state)
{
    ss_cookie_t *c, *twin;
    (void)state;
    c = ss_cookie_parse(tp,
                        "sid=v; SameSite=None; Secure; Partitioned; Path=/");
    twin = ss_cookie_legacy_twin(tp, c);
    assert_non_null(twin);
    assert_string_equal(ss_cookie_str(tp, twin),
                        "sid-legacy=v; Secure; Path=/");
    assert_null(
        ss_cookie_legacy_twin(tp, ss_cookie_parse(tp, "sid=v; SameSite=Lax")));
    assert_null(ss_cookie_legacy_twin(tp, ss_cookie_parse(tp, "=")));
}

/* How loudly the module logs each change: a warning (with its message
 * even in terse mode) when the backend itself sent what the browser
 * rejects; routine fixes are info (message only when not terse). */
static const struct {
    const char *pub;
    const char *fe[2];
    const char *rule;
    const char *in;
    const char *levels; /* "rule-id/LEVEL ..." W warning, I info, E error */
} level_rows[] = {
    /* the backend's None without Secure */
    { "https://api.example.com",
      { NULL },
      "sid Keep",
      "sid=1; SameSite=None",
      "cookie-none-without-secure/W" },
    /* None decided by Auto: its Secure is routine */
    { "https://api.widgets.test",
      { "https://app.shop.test" },
      NULL,
      "sid=1",
      "cookie-samesite-too-strict/I cookie-none-without-secure/I" },
    /* the backend's prefix / Partitioned without Secure */
    { "https://api.example.com",
      { NULL },
      "* Keep",
      "__Secure-id=1",
      "cookie-prefix-violation/W" },
    { "https://api.example.com",
      { NULL },
      "* Keep",
      "sid=1; Partitioned",
      "cookie-partitioned-without-secure/W" },
    /* HostPrefix: our own rename, routine */
    { "https://api.example.com",
      { NULL },
      "sid Keep HostPrefix",
      "sid=1",
      "cookie-prefix-violation/I cookie-prefix-violation/I "
      "cookie-prefix-violation/I" },
    /* the backend's bad Domain, __Host- with Domain */
    { "https://api.example.com",
      { NULL },
      "* Keep",
      "sid=1; Secure; Domain=com",
      "cookie-domain-public-suffix/W" },
    { "https://api.example.com",
      { NULL },
      "* Keep",
      "__Host-id=1; Secure; Path=/; Domain=example.com",
      "cookie-prefix-violation/W" },
    /* None impossible on http: an error finding */
    { "http://api.widgets.test",
      { "https://app.shop.test" },
      NULL,
      "sid=1",
      "cookie-none-without-secure/E cookie-missing-samesite/I" },
};

static void
test_levels(void **state)
{
    size_t i;
    int j;
    (void)state;
    for (i = 0; i < NROWS(level_rows); i++) {
        ss_topology_t *t =
            ss_topology_analyse(tp, tpsl, O(level_rows[i].pub),
                                PATS(level_rows[i].fe), SS_SAMESITE_LAX);
        ss_cookie_rule_t *rule = NULL;
        ss_cookie_ctx_t ctx;
        apr_array_header_t *ch;
        const char *got = "";
        if (level_rows[i].rule) {
            char *last, *s = apr_pstrdup(tp, level_rows[i].rule);
            const char *glob = apr_strtok(s, " ", &last);
            const char *argv[4];
            int argc = 0;
            char *tok;
            while ((tok = apr_strtok(NULL, " ", &last)) && argc < 4) {
                argv[argc++] = tok;
            }
            assert_null(ss_cookie_rule_parse(&rule, tp, glob, argc, argv));
        }
        memset(&ctx, 0, sizeof(ctx));
        ctx.topology = t;
        ctx.psl = tpsl;
        ctx.terse = 1;
        ch = ss_cookie_policy(tp, ss_cookie_parse(tp, level_rows[i].in), rule,
                              &ctx);
        for (j = 0; j < ch->nelts; j++) {
            const ss_cookie_change_t *x =
                &APR_ARRAY_IDX(ch, j, ss_cookie_change_t);
            char lv = x->level <= SS_LOG_ERR       ? 'E'
                      : x->level <= SS_LOG_WARNING ? 'W'
                                                   : 'I';
            got = apr_psprintf(tp, "%s%s%s/%c", got, *got ? " " : "",
                               x->rule_id, lv);
            if (lv != 'I' && !x->message) {
                fail_msg("row %zu: %s logged at %c without a message", i,
                         x->rule_id, lv);
            }
        }
        if (strcmp(got, level_rows[i].levels)) {
            fail_msg("row %zu '%s': '%s' want '%s'", i, level_rows[i].in, got,
                     level_rows[i].levels);
        }
    }
}

/* Request side: which Cookie names are renamed back for the backend
 * (HostPrefix, LegacyClients Duplicate, and both at once). */
static const struct {
    const char *rules[3]; /* "GLOB args" */
    int legacy;
    const char *header; /* the request's Cookie header */
    const char *maps;   /* "from>to:rule-id ...", "" for none; to "-":
                           removed */
    const char *mapped; /* the header the backend receives */
    int http;           /* a plain-http public origin: no HostPrefix */
} map_rows[] = {
    /* HostPrefix */
    { { "session Auto HostPrefix" },
      0,
      "__Host-session=abc; other=1",
      "__Host-session>session:cookie-prefix-violation",
      "session=abc; other=1" },
    /* prefixes match case-insensitively (RFC 6265bis 4.1.3), as in the
     * response-side policy */
    /* D3: the backend sees NAME only from __Host-NAME: a case variant of
     * the prefix (the module only sets "__Host-"), a plain NAME and
     * NAME-legacy can be tossed by a sibling subdomain: removed */
    { { "session Auto HostPrefix" },
      0,
      "__host-session=abc",
      "__host-session>-:cookie-prefix-violation",
      "" },
    { { "session Auto HostPrefix" },
      0,
      "a=1; __hOST-session=x; __HOST-session=y; b=2",
      "__hOST-session>-:cookie-prefix-violation "
      "__HOST-session>-:cookie-prefix-violation",
      "a=1; b=2" },
    { { "session Auto HostPrefix" },
      0,
      "session=tossed; __Host-session=real",
      "session>-:cookie-prefix-violation "
      "__Host-session>session:cookie-prefix-violation",
      "session=real" },
    { { "session Auto HostPrefix" },
      0,
      "__Host-session=real; session=tossed; session=again",
      "session>-:cookie-prefix-violation "
      "__Host-session>session:cookie-prefix-violation",
      "session=real" },
    { { "session Auto HostPrefix" },
      0,
      "session=tossed; other=1",
      "session>-:cookie-prefix-violation",
      "other=1" },
    { { "session Auto HostPrefix" },
      1,
      "session-legacy=tossed; other=1",
      "session-legacy>-:cookie-prefix-violation",
      "other=1" },
    { { "session Auto HostPrefix" },
      1,
      "__host-session-legacy=tossed; __Host-session-legacy=v1",
      "__host-session-legacy>-:cookie-prefix-violation "
      "__Host-session-legacy>session:cookie-legacy-duplicate",
      "session=v1" },
    /* without Duplicate, NAME-legacy is just another cookie */
    { { "session Auto HostPrefix" },
      0,
      "session-legacy=x",
      "",
      "session-legacy=x" },
    /* other cookies, and rules without HostPrefix, are untouched */
    { { "session Auto HostPrefix", "sessionid Auto" },
      1,
      "sessionid=1; session2=2; sessionid-legacy=3",
      "",
      "sessionid=1; session2=2; sessionid-legacy=3" },
    /* a plain-http public origin: HostPrefix renames nothing, so the
     * plain NAME is the backend's own */
    { { "session Auto HostPrefix" },
      1,
      "session=plain; session-legacy=twin",
      "",
      "session=plain; session-legacy=twin",
      1 },
    /* no HostPrefix rule: a __Host- cookie is the backend's own */
    { { "session Auto" }, 0, "__Host-session=abc", "", "__Host-session=abc" },
    { { NULL }, 0, "__Host-session=abc", "", "__Host-session=abc" },
    { { "session Auto HostPrefix" },
      0,
      "__Host-=x; __Host-other=1",
      "",
      "__Host-=x; __Host-other=1" },
    /* LegacyClients Duplicate: the twin fills the gap only */
    { { NULL },
      1,
      "session-legacy=v1",
      "session-legacy>session:cookie-legacy-duplicate",
      "session=v1" },
    { { NULL },
      1,
      "session=new; session-legacy=old",
      "",
      "session=new; session-legacy=old" },
    { { NULL }, 0, "session-legacy=v1", "", "session-legacy=v1" },
    { { NULL }, 1, "-legacy=x", "", "-legacy=x" },
    /* the twin's suffix is the core's (SS_LEGACY_SUFFIX), case as sent */
    { { NULL }, 1, "session-LEGACY=v1", "", "session-LEGACY=v1" },
    /* chaining: the twin of a HostPrefix cookie maps to the plain name */
    { { "session Auto HostPrefix" },
      1,
      "__Host-session-legacy=v1",
      "__Host-session-legacy>session:cookie-legacy-duplicate",
      "session=v1" },
    { { "session Auto HostPrefix" },
      1,
      "__Host-session-legacy=old; __Host-session=new",
      "__Host-session>session:cookie-prefix-violation",
      "__Host-session-legacy=old; session=new" },
    { { "session Auto HostPrefix" },
      1,
      "session=plain; __Host-session-legacy=v1",
      "session>-:cookie-prefix-violation "
      "__Host-session-legacy>session:cookie-legacy-duplicate",
      "session=v1" },
    /* a glob that also matches the twin's name: still the twin */
    { { "sess* Auto HostPrefix" },
      1,
      "__Host-session-legacy=v1",
      "__Host-session-legacy>session:cookie-legacy-duplicate",
      "session=v1" },
    /* two twins of one cookie: one rename */
    { { "session Auto HostPrefix" },
      1,
      "session-legacy=a; __Host-session-legacy=b",
      "session-legacy>-:cookie-prefix-violation "
      "__Host-session-legacy>session:cookie-legacy-duplicate",
      "session=b" },
    /* a name sent twice is renamed once (both pairs) */
    { { "session Auto HostPrefix" },
      0,
      "__Host-session=a; __Host-session=b",
      "__Host-session>session:cookie-prefix-violation",
      "session=a; session=b" },
    { { NULL }, 1, "", "", "" },
};

static void
test_request_maps(void **state)
{
    size_t i;
    int j;
    (void)state;
    for (i = 0; i < NROWS(map_rows); i++) {
        apr_array_header_t *rules =
            apr_array_make(tp, 2, sizeof(ss_cookie_rule_t *));
        apr_array_header_t *maps;
        const char *got = "", *hdr;
        for (j = 0; j < 3 && map_rows[i].rules[j]; j++) {
            char *last, *tok, *s = apr_pstrdup(tp, map_rows[i].rules[j]);
            const char *argv[8];
            int argc = 0;
            const char *glob = apr_strtok(s, " ", &last);
            ss_cookie_rule_t *rule;
            while ((tok = apr_strtok(NULL, " ", &last)) && argc < 8) {
                argv[argc++] = tok;
            }
            assert_null(ss_cookie_rule_parse(&rule, tp, glob, argc, argv));
            APR_ARRAY_PUSH(rules, ss_cookie_rule_t *) = rule;
        }
        maps = ss_cookie_request_maps(
            tp, j ? rules : NULL, map_rows[i].legacy, !map_rows[i].http,
            ss_cookie_header_names(tp, map_rows[i].header));
        for (j = 0; j < maps->nelts; j++) {
            const ss_cookie_map_t *m = &APR_ARRAY_IDX(maps, j, ss_cookie_map_t);
            assert_non_null(ss_rule_lookup(m->rule_id));
            got = apr_psprintf(tp, "%s%s%s>%s:%s", got, *got ? " " : "",
                               m->from, m->to ? m->to : "-", m->rule_id);
        }
        if (strcmp(got, map_rows[i].maps)) {
            fail_msg("row %zu '%s': maps '%s' want '%s'", i, map_rows[i].header,
                     got, map_rows[i].maps);
        }
        hdr = ss_cookie_header_map(tp, map_rows[i].header,
                                   (const ss_cookie_map_t *)maps->elts,
                                   maps->nelts);
        if (strcmp(hdr, map_rows[i].mapped)) {
            fail_msg("row %zu '%s': header '%s' want '%s'", i,
                     map_rows[i].header, hdr, map_rows[i].mapped);
        }
    }
    assert_int_equal(ss_cookie_request_maps(tp, NULL, 1, 1, NULL)->nelts, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_policy_table), T(test_omit_none),   T(test_rule_parse),
        T(test_rule_find),    T(test_legacy_twin), T(test_request_maps),
        T(test_levels),
    };
    return RUN(tests);
}
