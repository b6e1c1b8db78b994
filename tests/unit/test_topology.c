/* The topology classifier: seed 002's table and the traps. */
#include "test_util.h"

static const struct {
    const char *pub;
    const char *fe[3];
    ss_class_t worst;
    const char *policy;
    ss_cors_mode_t cors;
    const char *findings; /* rule ids, space separated */
} rows[] = {
    /* seed 002: single gateway */
    { "https://platform.example.com",
      { "https://platform.example.com" },
      SS_CLASS_SAME_ORIGIN,
      "SameSite=Lax; Secure",
      SS_CORS_MODE_NONE,
      "" },
    /* separate API host on the same registrable domain */
    { "https://api.example.com",
      { "https://app.example.com" },
      SS_CLASS_SAME_SITE,
      "SameSite=Lax; Secure",
      SS_CORS_MODE_CREDENTIALS,
      "" },
    /* cross-domain services */
    { "https://api.other.com",
      { "https://app.example.com" },
      SS_CLASS_CROSS_SITE,
      "SameSite=None; Secure; Partitioned",
      SS_CORS_MODE_FULL,
      "cookie-third-party-dependence" },
    /* the worst frontend decides */
    { "https://api.example.com",
      { "https://app.example.com", "https://partner.test" },
      SS_CLASS_CROSS_SITE,
      "SameSite=None; Secure; Partitioned",
      SS_CORS_MODE_FULL,
      "cookie-third-party-dependence" },
    /* no frontends */
    { "https://api.example.com",
      { NULL },
      SS_CLASS_NONE,
      "SameSite=Lax; Secure",
      SS_CORS_MODE_NONE,
      "" },
    { "http://api.example.com",
      { NULL },
      SS_CLASS_NONE,
      "SameSite=Lax",
      SS_CORS_MODE_NONE,
      "" },
    /* private public suffix trap */
    { "https://b.github.io",
      { "https://a.github.io" },
      SS_CLASS_CROSS_SITE,
      "SameSite=None; Secure; Partitioned",
      SS_CORS_MODE_FULL,
      "topology-public-suffix cookie-third-party-dependence" },
    /* schemeful trap */
    { "https://api.example.com",
      { "http://app.example.com" },
      SS_CLASS_CROSS_SITE,
      "SameSite=None; Secure; Partitioned",
      SS_CORS_MODE_FULL,
      "topology-schemeful-cross-site cookie-third-party-dependence" },
    /* cross-site on plain http: None impossible */
    { "http://api.widgets.test",
      { "http://app.shop.test" },
      SS_CLASS_CROSS_SITE,
      "SameSite=None; Secure; Partitioned",
      SS_CORS_MODE_FULL,
      "cookie-none-without-secure" },
    /* proxy origin illusion: internal frontend / public origin */
    { "https://api.example.com",
      { "http://frontend:3000" },
      SS_CLASS_CROSS_SITE,
      "SameSite=None; Secure; Partitioned",
      SS_CORS_MODE_FULL,
      "topology-internal-origin cookie-third-party-dependence" },
    { "http://10.0.0.5:8080",
      { NULL },
      SS_CLASS_NONE,
      "SameSite=Lax",
      SS_CORS_MODE_NONE,
      "topology-internal-origin" },
    { "https://api.example.com",
      { "null" },
      SS_CLASS_CROSS_SITE,
      "SameSite=None; Secure; Partitioned",
      SS_CORS_MODE_FULL,
      "cors-null-origin cookie-third-party-dependence" },
    /* wildcards */
    { "https://api.example.com",
      { "https://*.example.com" },
      SS_CLASS_SAME_SITE,
      "SameSite=Lax; Secure",
      SS_CORS_MODE_CREDENTIALS,
      "" },
    { "https://api.github.io",
      { "https://*.github.io" },
      SS_CLASS_CROSS_SITE,
      "SameSite=None; Secure; Partitioned",
      SS_CORS_MODE_FULL,
      "topology-public-suffix cookie-third-party-dependence" },
    /* localhost dev: ports do not matter for the site */
    { "http://localhost:3000",
      { "http://localhost:63342" },
      SS_CLASS_SAME_SITE,
      "SameSite=Lax",
      SS_CORS_MODE_CREDENTIALS,
      /* the dev public origin is reported, the dev frontend of a dev
       * origin is not (a page on localhost does send that Origin) */
      "topology-internal-origin" },
    /* a loopback frontend of a public API: a development origin left in */
    { "https://api.shop.test",
      { "http://localhost:3000" },
      SS_CLASS_CROSS_SITE,
      "SameSite=None; Secure; Partitioned",
      SS_CORS_MODE_FULL,
      "topology-internal-origin cookie-third-party-dependence" },
};

static void
test_topology_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(rows); i++) {
        ss_topology_t *t = ss_topology_analyse(
            tp, tpsl, O(rows[i].pub), PATS(rows[i].fe), SS_SAMESITE_LAX);
        const char *ids = "";
        int j;
        for (j = 0; j < t->findings->nelts; j++) {
            const ss_finding_t *f =
                &APR_ARRAY_IDX(t->findings, j, ss_finding_t);
            assert_non_null(ss_rule_lookup(f->rule_id));
            ids =
                *ids ? apr_pstrcat(tp, ids, " ", f->rule_id, NULL) : f->rule_id;
        }
        if (t->worst != rows[i].worst) {
            fail_msg("row %zu %s: class %s", i, rows[i].pub,
                     ss_class_name(t->worst));
        }
        if (strcmp(ss_topology_cookie_policy(tp, t), rows[i].policy)) {
            fail_msg("row %zu %s: policy %s", i, rows[i].pub,
                     ss_topology_cookie_policy(tp, t));
        }
        assert_int_equal(t->cors, rows[i].cors);
        if (strcmp(ids, rows[i].findings)) {
            fail_msg("row %zu %s: findings '%s' want '%s'", i, rows[i].pub, ids,
                     rows[i].findings);
        }
    }
}

static const struct {
    const char *self, *other;
    ss_class_t cls;
} class_rows[] = {
    { "https://api.example.com", "https://api.example.com",
      SS_CLASS_SAME_ORIGIN },
    { "https://api.example.com", "https://api.example.com:8443",
      SS_CLASS_SAME_SITE },
    { "https://api.example.com", "https://app.example.com",
      SS_CLASS_SAME_SITE },
    { "https://api.example.com", "http://api.example.com",
      SS_CLASS_CROSS_SITE },
    { "https://api.example.com", "https://example.org", SS_CLASS_CROSS_SITE },
    { "https://api.example.com", "null", SS_CLASS_CROSS_SITE },
    { "https://b.github.io", "https://a.github.io", SS_CLASS_CROSS_SITE },
};

static void
test_classify(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(class_rows); i++) {
        if (ss_classify(tpsl, O(class_rows[i].self), O(class_rows[i].other))
            != class_rows[i].cls) {
            fail_msg("row %zu", i);
        }
    }
    assert_int_equal(ss_classify(tpsl, NULL, O("https://a.example.com")),
                     SS_CLASS_NONE);
    assert_string_equal(ss_class_name(SS_CLASS_SAME_SITE), "same-site");
    assert_string_equal(ss_cors_mode_name(SS_CORS_MODE_FULL), "full-preflight");
}

/* "differ only in scheme" only when the hosts are the same */
static void
test_schemeful_message(void **state)
{
    static const struct {
        const char *pub, *fe, *has, *hasnt;
    } m[] = {
        { "https://api.example.com", "http://api.example.com",
          "differ only in scheme", NULL },
        { "https://api.example.com", "http://app.example.com",
          "on the same registrable domain example.com but differ in scheme",
          "only" },
        { "http://app.example.com", "https://*.example.com",
          "on the same registrable domain example.com but differ in scheme",
          "only" },
    };
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(m); i++) {
        const char *fe[] = { m[i].fe, NULL };
        ss_topology_t *t = ss_topology_analyse(tp, tpsl, O(m[i].pub), PATS(fe),
                                               SS_SAMESITE_LAX);
        const char *msg = NULL;
        int j;
        for (j = 0; j < t->findings->nelts; j++) {
            const ss_finding_t *f =
                &APR_ARRAY_IDX(t->findings, j, ss_finding_t);
            if (!strcmp(f->rule_id, "topology-schemeful-cross-site")) {
                msg = f->message;
            }
        }
        if (!msg || !strstr(msg, m[i].has)
            || (m[i].hasnt && strstr(msg, m[i].hasnt))) {
            fail_msg("row %zu: '%s'", i, msg ? msg : "(none)");
        }
    }
}

static void
test_default_strict(void **state)
{
    static const char *const fe[] = { "https://app.example.com", NULL };
    ss_topology_t *t;
    (void)state;
    t = ss_topology_analyse(tp, tpsl, O("https://api.example.com"), PATS(fe),
                            SS_SAMESITE_STRICT);
    assert_int_equal(t->samesite, SS_SAMESITE_STRICT);
    /* NULL psl / public origin never crash */
    t = ss_topology_analyse(tp, NULL, NULL, PATS(fe), SS_SAMESITE_UNSET);
    assert_int_equal(t->worst, SS_CLASS_NONE);
    assert_int_equal(t->samesite, SS_SAMESITE_LAX);
}

/* ss_topology_analyse_set (frontends shared by many public origins) gives
 * what ss_topology_analyse gives, origin by origin: classes, worst class,
 * recommendation and every trap in the same order with the same text. */
static void
test_shared_set(void **state)
{
    static const char *const fe[] = { "https://app.shop.test",
                                      "http://app.shop.test",
                                      "https://*.shop.test",
                                      "https://shop.github.io",
                                      "https://*.github.io",
                                      "http://10.0.0.5:8080",
                                      "null",
                                      "https://app.example.co.uk",
                                      "https://*.co.uk",
                                      "http://localhost:3000",
                                      "https://api.shop.test",
                                      "https://partner.widgets.test",
                                      "wss://app.shop.test",
                                      "https://app.shop.test",
                                      NULL };
    static const char *const pubs[] = {
        "https://api.shop.test",  "http://api.shop.test",
        "https://app.shop.test",  "https://api.github.io",
        "http://api.github.io",   "https://other.example.co.uk",
        "https://example.co.uk",  "http://localhost:8080",
        "https://10.0.0.5",       "https://unrelated.example",
        "https://x.widgets.test", "https://shop.test",
        "http://x.github.io",
    };
    apr_array_header_t *pats = PATS(fe);
    ss_frontend_set_t *set = ss_frontend_set_make(tp, tpsl, pats);
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(pubs); i++) {
        int pass;
        for (pass = 0; pass < 2; pass++) { /* the second reuses the cache */
            ss_topology_t *a = ss_topology_analyse(tp, tpsl, O(pubs[i]), pats,
                                                   SS_SAMESITE_STRICT);
            ss_topology_t *b = ss_topology_analyse_set(tp, tpsl, O(pubs[i]),
                                                       set, SS_SAMESITE_STRICT);
            int j;
            assert_int_equal(a->worst, b->worst);
            assert_int_equal(a->samesite, b->samesite);
            assert_int_equal(a->secure, b->secure);
            assert_int_equal(a->partitioned, b->partitioned);
            assert_int_equal(a->cors, b->cors);
            assert_int_equal(a->frontends->nelts, b->frontends->nelts);
            for (j = 0; j < a->frontends->nelts; j++) {
                const ss_frontend_class_t *x =
                    &APR_ARRAY_IDX(a->frontends, j, ss_frontend_class_t);
                const ss_frontend_class_t *y =
                    &APR_ARRAY_IDX(b->frontends, j, ss_frontend_class_t);
                assert_ptr_equal(x->frontend, y->frontend);
                if (x->cls != y->cls) {
                    fail_msg("%s, frontend %s: %s vs %s", pubs[i],
                             x->frontend->text, ss_class_name(x->cls),
                             ss_class_name(y->cls));
                }
            }
            assert_int_equal(a->findings->nelts, b->findings->nelts);
            for (j = 0; j < a->findings->nelts; j++) {
                const ss_finding_t *x =
                    &APR_ARRAY_IDX(a->findings, j, ss_finding_t);
                const ss_finding_t *y =
                    &APR_ARRAY_IDX(b->findings, j, ss_finding_t);
                assert_string_equal(x->rule_id, y->rule_id);
                assert_string_equal(x->message, y->message);
            }
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_topology_table),    T(test_shared_set),
        T(test_schemeful_message), T(test_classify),
        T(test_default_strict),
    };
    return RUN(tests);
}
