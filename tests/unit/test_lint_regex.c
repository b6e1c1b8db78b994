/* samesite-lint's origin regex analysis (lint/lint_regex.c): the origins
 * a regex was written to allow (regex-derived frontends) and the attacker
 * origin it lets through (cors-origin-regex-bypass).  Every quoted
 * attacker origin is also checked with PCRE2 against the regex. */
#include "test_util.h"
#include "lint_regex.h"

static const struct {
    const char *re;
    const char *intents;  /* origins, space-separated, in order; "" none */
    const char *patterns; /* NULL: same as intents */
} intent_rows[] = {
    { "^https://app\\.example\\.com$", "https://app.example.com", NULL },
    /* every alternative of a group, not only the first */
    { "^https://(app\\.example\\.com|partner.example.org)$",
      "https://app.example.com https://partner.example.org", NULL },
    { "^https://(app|api)\\.(example\\.com|partner\\.org)$",
      "https://app.example.com https://app.partner.org "
      "https://api.example.com https://api.partner.org",
      NULL },
    /* an optional port group is skipped, with or without `$` */
    { "^https://app\\.example\\.com(:[0-9]+)?", "https://app.example.com",
      NULL },
    { "^http://localhost(:[0-9]+)?$", "http://localhost", NULL },
    /* optional literals are tried with and without */
    { "^https?://app\\.example\\.com$",
      "https://app.example.com http://app.example.com", NULL },
    { "^https://(?:www\\.)?example\\.com$",
      "https://www.example.com https://example.com", NULL },
    { "^(https://shop\\.example\\.com)?$", "https://shop.example.com", NULL },
    { "^https://app\\.example\\.com\\/?$", "https://app.example.com", NULL },
    /* wildcard labels: "x" as an origin, "*" as an allowlist pattern */
    { "^https://[a-z0-9-]+\\.example\\.com$", "https://x.example.com",
      "https://*.example.com" },
    { "^https://.*\\.example\\.com$", "https://x.example.com",
      "https://*.example.com" },
    { "^https://app\\.example\\.com:[0-9]{2,5}$", "https://app.example.com:1",
      NULL },
    { "^https://app\\.example\\.com:8443$", "https://app.example.com:8443",
      NULL },
    /* no scheme: https assumed; null is not an origin to derive */
    { "example.com", "https://example.com", NULL },
    { "://app\\.example\\.com$", "https://app.example.com", NULL },
    { "^(https://app\\.example\\.com|null)$", "https://app.example.com", NULL },
    { "(?i)^HTTPS://App\\.Example\\.com$", "https://app.example.com", NULL },
    { "^https://app\\.example\\.com(?=$)", "https://app.example.com", NULL },
    /* nothing to derive */
    { "^[a-z]+://[a-z.]+$", "", NULL },
    { "^https://(?>app|www)\\.example\\.com$", "", NULL },
    { "^(https://app)\\1$", "", NULL },
};

static void
test_intents(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(intent_rows); i++) {
        apr_array_header_t *it = lint_regex_intents(tp, intent_rows[i].re);
        const char *got = "", *pats = "";
        int j;
        for (j = 0; j < it->nelts; j++) {
            const lint_regex_intent_t *x =
                APR_ARRAY_IDX(it, j, const lint_regex_intent_t *);
            got = apr_pstrcat(tp, got, j ? " " : "", x->origin, NULL);
            pats = apr_pstrcat(tp, pats, j ? " " : "", x->pattern, NULL);
        }
        if (strcmp(got, intent_rows[i].intents)) {
            fail_msg("row %zu /%s/: intents \"%s\", want \"%s\"", i,
                     intent_rows[i].re, got, intent_rows[i].intents);
        }
        if (strcmp(pats, intent_rows[i].patterns ? intent_rows[i].patterns
                                                 : intent_rows[i].intents)) {
            fail_msg("row %zu /%s/: patterns \"%s\"", i, intent_rows[i].re,
                     pats);
        }
    }
}

static const struct {
    const char *re;
    int caseless;
    const char *attacker; /* NULL: no bypass */
} bypass_rows[] = {
    { "^https://app\\.example\\.com$", 0, NULL },
    { "^https://app\\.example\\.com$", 1, NULL },
    { "^https://(app|admin)\\.shop\\.test$", 0, NULL },
    /* missing `$` */
    { "^https://app\\.example\\.com", 0, "https://app.example.com.evil.test" },
    { "^https://app\\.example\\.com(:[0-9]+)?", 0,
      "https://app.example.com.evil.test" },
    /* unescaped dot in the second alternative */
    { "^https://(app\\.example\\.com|partner.example.org)$", 0,
      "https://partnerxexample.org" },
    { "^https://app.example\\.com$", 0, "https://appxexample.com" },
    /* the only unescaped dot is the one before the TLD: "examplexcom" is
     * no TLD anyone registers under */
    { "^https://app\\.example.com$", 0, NULL },
    { "^https://(app|api)\\.(example\\.com|partner.org)$", 0, NULL },
    /* missing `^` and scheme */
    { "example\\.com$", 0, "https://evilexample.com" },
    { "^https://.*example\\.com$", 0, "https://evilexample.com" },
    /* scheme downgrade */
    { "://app\\.example\\.com$", 0, "http://app.example.com" },
    /* intended http is no bypass (cors-insecure-origin says it) */
    { "^https?://app\\.example\\.com$", 0, NULL },
    /* a label that must not contain a dot, then anything */
    { "^https://app\\.example\\.com[^.].*$", 0,
      "https://app.example.com-evil.test" },
    { "^https://app\\.example\\.com[^.-].*$", 0,
      "https://app.example.com`.evil.test" },
    /* port tricks: the attacker's host before a port the regex requires */
    { "^https://app\\.example\\.com.*:8443$", 0,
      "https://app.example.com.evil.test:8443" },
    { "^https://app\\.example\\.com[^:]*:[0-9]+$", 0,
      "https://app.example.com.evil.test:1" },
    { "^https://app\\.example\\.com:8443", 0, NULL },
    /* userinfo tricks match, but no browser sends them */
    { "^https://app\\.example\\.com(:.*)?$", 0, NULL },
    { "^https://app\\.example\\.com(@.*)?$", 0, NULL },
    { "^https://app\\.example\\.com([:@].*)?$", 0, NULL },
    /* wildcard subdomains, anchored: fine */
    { "^https://[a-z0-9-]+\\.example\\.com$", 0, NULL },
    { "^https://.*\\.example\\.com$", 0, NULL },
    { "^https://([a-z]+\\.)?example\\.com$", 0, NULL },
};

static void
test_bypass(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(bypass_rows); i++) {
        apr_array_header_t *it = lint_regex_intents(tp, bypass_rows[i].re);
        const char *intended = NULL;
        const char *att =
            lint_regex_bypass(tp, tpsl, bypass_rows[i].re,
                              bypass_rows[i].caseless, it, &intended);
        if (!it->nelts) {
            fail_msg("row %zu /%s/: no intended origin", i, bypass_rows[i].re);
        }
        if (!bypass_rows[i].attacker != !att
            || (att && strcmp(att, bypass_rows[i].attacker))) {
            fail_msg("row %zu /%s/: got %s, want %s", i, bypass_rows[i].re,
                     att ? att : "(none)",
                     bypass_rows[i].attacker ? bypass_rows[i].attacker
                                             : "(none)");
        }
        if (att) {
            assert_int_equal(lint_regex_matches(tp, bypass_rows[i].re,
                                                bypass_rows[i].caseless, att),
                             1);
            assert_non_null(intended);
        }
    }
}

/* The userinfo rows above are no accident: PCRE2 does accept the
 * userinfo strings, they are refused only because no Origin has them. */
static void
test_userinfo_matches_but_is_not_sent(void **state)
{
    (void)state;
    assert_int_equal(
        lint_regex_matches(tp, "^https://app\\.example\\.com(:.*)?$", 0,
                           "https://app.example.com:1@evil.test"),
        1);
    assert_int_equal(lint_regex_matches(tp,
                                        "^https://app\\.example\\.com(@.*)?$",
                                        0, "https://app.example.com@evil.test"),
                     1);
}

static void
test_unanalysable(void **state)
{
    (void)state;
    assert_true(
        lint_regex_unanalysable("^https://app\\.example\\.com(?>:\\d+)?$"));
    assert_true(lint_regex_unanalysable("^https://[a-z]++\\.example\\.com$"));
    assert_true(lint_regex_unanalysable("^(https)://\\1$"));
    assert_false(lint_regex_unanalysable("^https://app\\.example\\.com$"));
    assert_false(lint_regex_unanalysable("^https://[a-z]+\\.example\\.com$"));
    assert_false(lint_regex_unanalysable("^https://a\\\\1$"));
    assert_int_equal(lint_regex_matches(tp, "^https://(", 0, "x"), -1);
}

/* `Header edit[*]` as mod_headers does it (ap_pregsub): $0-$9 and & are
 * groups, \$ \& \\ escapes, an unset group is empty, edit* replaces every
 * match and an empty match moves one character on. */
static const struct {
    const char *re, *rep;
    int all;
    const char *subject, *want; /* want NULL: the regex does not compile */
} subst_rows[] = {
    { "^(sid=.*)$", "$1; SameSite=Lax", 0, "sid=1; Path=/",
      "sid=1; Path=/; SameSite=Lax" },
    { "; Secure", "", 1, "a=1; Secure; Path=/; Secure", "a=1; Path=/" },
    { "; Secure", "", 0, "a=1; Secure; Path=/; Secure", "a=1; Path=/; Secure" },
    { "x", "[&]", 1, "axbx", "a[x]b[x]" },
    { "x", "[$0]", 0, "axbx", "a[x]bx" },
    { "x", "\\&\\$1", 0, "axbx", "a&$1bx" },
    { "(a)|(b)", "[$2]", 1, "ab", "[][b]" },
    { "^", "X", 1, "ab", "Xab" },
    { "b*", "-", 1, "abc", "-a--c-" },
    { "q", "Z", 1, "abc", "abc" },
    { "", "-", 1, "", "-" },
    { "(", "x", 0, "abc", NULL },
    { "^([^=]+)=([^;]*)(.*)$", "$1=$2; HttpOnly$3", 0, "sid=v; Path=/",
      "sid=v; HttpOnly; Path=/" },
};

static void
test_substitute(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(subst_rows); i++) {
        const char *got =
            lint_regex_substitute(tp, subst_rows[i].re, subst_rows[i].rep,
                                  subst_rows[i].all, subst_rows[i].subject);
        if (!subst_rows[i].want) {
            if (got) {
                fail_msg("row %zu /%s/: got '%s', want no compile", i,
                         subst_rows[i].re, got);
            }
        } else if (!got || strcmp(got, subst_rows[i].want)) {
            fail_msg("row %zu /%s/ -> '%s' on '%s': got '%s', want '%s'", i,
                     subst_rows[i].re, subst_rows[i].rep, subst_rows[i].subject,
                     got ? got : "(null)", subst_rows[i].want);
        }
        /* the second call is answered from the pool's compiled regex */
        got = lint_regex_substitute(tp, subst_rows[i].re, subst_rows[i].rep,
                                    subst_rows[i].all, subst_rows[i].subject);
        assert_true(subst_rows[i].want ? got && !strcmp(got, subst_rows[i].want)
                                       : !got);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_intents),
        T(test_bypass),
        T(test_userinfo_matches_but_is_not_sent),
        T(test_unanalysable),
        T(test_substitute),
    };
    return RUN(tests);
}
