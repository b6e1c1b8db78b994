/* Property test: for thousands of generated Set-Cookie lines,
 * parse -> serialise -> parse is stable, an unmodified cookie round-trips
 * byte for byte, and a policy rewrite never loses the cookie, its name
 * or its value, nor an unknown attribute. */
#include "test_util.h"

static unsigned long rng = 0x5eed5eedUL;

static unsigned
rnd(unsigned n)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng >> 33) % n);
}

static const char *const names[] = { "sid",        "session", "__Host-id",
                                     "__Secure-t", "a",       "X-Y",
                                     "tracking_1", "" };
static const char *const values[] = {
    "abc", "",       "\"quoted\"",        "a=b",
    "v v", "%3D%3B", "\xc3\xa9t\xc3\xa9", "0123456789abcdef0123456789abcdef"
};
static const char *const attrs[] = { "Path=/",
                                     "path=/app",
                                     "Domain=example.com",
                                     "Domain=.shop.test",
                                     "Domain=github.io",
                                     "Secure",
                                     "HttpOnly",
                                     "SameSite=Lax",
                                     "SameSite=None",
                                     "samesite=strict",
                                     "SameSite=Bogus",
                                     "Partitioned",
                                     "Max-Age=3600",
                                     "Expires=Wed, 21 Oct 2026 07:28:00 GMT",
                                     "Priority=High",
                                     "Unknown",
                                     "X=1=2",
                                     "",
                                     " Spaced = out " };

static const char *
gen(void)
{
    const char *s = "";
    unsigned i, n = rnd(6);
    const char *name = names[rnd(NROWS(names))];
    s = *name ? apr_pstrcat(tp, name, "=", values[rnd(NROWS(values))], NULL)
              : values[rnd(NROWS(values))];
    if (rnd(4) == 0) {
        s = apr_pstrcat(tp, "  ", s, " ", NULL);
    }
    for (i = 0; i < n; i++) {
        s = apr_pstrcat(tp, s, rnd(2) ? "; " : ";", attrs[rnd(NROWS(attrs))],
                        NULL);
    }
    return s;
}

static void
test_round_trip(void **state)
{
    static const char *const pubs[] = { "https://api.shop.test",
                                        "http://api.shop.test",
                                        "https://a.github.io" };
    static const char *const fe[] = { "https://app.widgets.test", NULL };
    int i, checked = 0;
    (void)state;
    for (i = 0; i < 5000; i++) {
        const char *line = gen();
        ss_cookie_t *c = ss_cookie_parse(tp, line), *c2;
        ss_topology_t *t;
        ss_cookie_ctx_t ctx;
        apr_array_header_t *ch;
        const char *out;
        int j;

        assert_string_equal(ss_cookie_str(tp, c), line);
        if (!c->valid) {
            continue;
        }
        t = ss_topology_analyse(tp, tpsl, O(pubs[rnd(3)]),
                                PATS(rnd(2) ? fe : NULL), SS_SAMESITE_LAX);
        memset(&ctx, 0, sizeof(ctx));
        ctx.topology = t;
        ctx.psl = tpsl;
        ctx.request_class = (ss_class_t)rnd(4);
        ctx.request_from_frontend = (int)rnd(2);
        ch = ss_cookie_policy(tp, c, NULL, &ctx);
        ss_cookie_apply(c, ch);
        out = ss_cookie_str(tp, c);
        c2 = ss_cookie_parse(tp, out);
        if (!c2->valid || strcmp(c2->value, c->value)
            || (strcmp(c2->name, c->name))) {
            fail_msg("'%s' -> '%s' lost the cookie", line, out);
        }
        /* stable: serialising the re-parsed cookie changes nothing */
        assert_string_equal(ss_cookie_str(tp, c2), out);
        /* a second policy pass has nothing left to change (idempotent) */
        ch = ss_cookie_policy(tp, c2, NULL, &ctx);
        for (j = 0; j < ch->nelts; j++) {
            const ss_cookie_change_t *x =
                &APR_ARRAY_IDX(ch, j, ss_cookie_change_t);
            if (x->op != SS_CHANGE_NONE) {
                fail_msg("not idempotent: '%s' -> '%s' then %s %s", line, out,
                         x->rule_id, x->attr ? x->attr : "");
            }
        }
        /* unknown attributes survive byte for byte */
        if (strstr(line, "Priority=High")) {
            assert_non_null(strstr(out, "Priority=High"));
        }
        if (strstr(line, "X=1=2")) {
            assert_non_null(strstr(out, "X=1=2"));
        }
        checked++;
    }
    assert_true(checked > 3000);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_round_trip),
    };
    return RUN(tests);
}
