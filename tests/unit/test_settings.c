/* test_settings.c -- mod_samesite's directives and settings in the core
 * (ss_directive.c, ss_settings.c): every row of tests/directive-values.txt
 * through ss_settings_set (the message httpd and samesite-lint print),
 * every field's default and merge rule, and every case of
 * tests/scope-cases.txt merged in httpd's order (tests/httpd/scopes.sh
 * runs the same cases in Apache). */
#include "test_util.h"
#include <apr_file_io.h>

#ifndef SS_TESTS_DIR
#error "SS_TESTS_DIR: the tests/ source directory (tests/Makefile.am)"
#endif

static ss_settings_env_t env; /* relative paths: tests/ */

/* ---- reading the tables --------------------------------------------------- */

/* The lines of a file of tests/, without the newline. */
static apr_array_header_t *
lines_of(const char *name)
{
    apr_array_header_t *out = apr_array_make(tp, 64, sizeof(char *));
    const char *path = apr_pstrcat(tp, SS_TESTS_DIR, "/", name, NULL);
    char buf[4096];
    apr_file_t *f;
    assert_int_equal(apr_file_open(&f, path, APR_FOPEN_READ, 0, tp),
                     APR_SUCCESS);
    while (apr_file_gets(buf, sizeof(buf), f) == APR_SUCCESS) {
        buf[strcspn(buf, "\r\n")] = '\0';
        APR_ARRAY_PUSH(out, char *) = apr_pstrdup(tp, buf);
    }
    apr_file_close(f);
    return out;
}

/* The words of a configuration line as httpd splits them (blanks,
 * "double" or 'single' quotes): argv[0] is the directive. */
static int
words(const char *line, const char ***argv)
{
    apr_array_header_t *a = apr_array_make(tp, 8, sizeof(char *));
    const char *s = line;
    while (*s) {
        const char *start;
        char q = 0;
        while (*s == ' ' || *s == '\t') {
            s++;
        }
        if (!*s) {
            break;
        }
        if (*s == '"' || *s == '\'') {
            q = *s++;
        }
        start = s;
        while (*s && (q ? *s != q : (*s != ' ' && *s != '\t'))) {
            s++;
        }
        APR_ARRAY_PUSH(a, char *) = apr_pstrmemdup(tp, start, s - start);
        if (q && *s) {
            s++;
        }
    }
    *argv = (const char **)a->elts;
    return a->nelts;
}

/* Set one configuration line in s: NULL or the message. */
static const char *
set_line(ss_settings_t *s, const char *line)
{
    const char **argv;
    int n = words(line, &argv);
    assert_true(n >= 1);
    return ss_settings_set(s, tp, &env, argv[0], n - 1, argv + 1);
}

/* Every "field=value" of want ("a=1; b=2") is a field of the description. */
static void
assert_fields(const char *what, const char *got, const char *want)
{
    const char *g = apr_pstrcat(tp, "; ", got, ";", NULL);
    char *w = apr_pstrdup(tp, want), *last, *f;
    for (f = apr_strtok(w, ";", &last); f; f = apr_strtok(NULL, ";", &last)) {
        while (*f == ' ') {
            f++;
        }
        if (*f && !strstr(g, apr_pstrcat(tp, "; ", f, ";", NULL))) {
            fail_msg("%s: want %s\n  got %s", what, f, got);
        }
    }
}

/* ---- tests/directive-values.txt --------------------------------------------- */

typedef struct {
    const char *line, *outcome; /* "ok [F=V]" or "error MESSAGE" */
} value_row_t;

static apr_array_header_t *
value_rows(void)
{
    apr_array_header_t *ls = lines_of("directive-values.txt");
    apr_array_header_t *rows = apr_array_make(tp, 64, sizeof(value_row_t));
    int i;
    for (i = 0; i < ls->nelts; i++) {
        char *l = APR_ARRAY_IDX(ls, i, char *), *bar;
        value_row_t *r;
        if (!*l || *l == '#') {
            continue;
        }
        bar = strstr(l, " | ");
        if (!bar) {
            fail_msg("directive-values.txt:%d: no ' | '", i + 1);
        }
        *bar = '\0';
        r = apr_array_push(rows);
        r->line = l;
        r->outcome = bar + 3;
    }
    return rows;
}

static void
test_directive_values(void **state)
{
    apr_array_header_t *rows = value_rows();
    const char *fresh = ss_settings_describe(tp, ss_settings_create(tp));
    int i, bad = 0;
    (void)state;
    for (i = 0; i < rows->nelts; i++) {
        const value_row_t *r = &APR_ARRAY_IDX(rows, i, value_row_t);
        ss_settings_t *s = ss_settings_create(tp);
        const char *msg = set_line(s, r->line);
        if (!strncmp(r->outcome, "ok", 2)) {
            if (msg) {
                fail_msg("%s: refused: %s", r->line, msg);
            }
            assert_fields(r->line, ss_settings_describe(tp, s), r->outcome + 2);
        } else if (!strncmp(r->outcome, "error ", 6)) {
            if (!msg || strcmp(msg, r->outcome + 6)) {
                /* all of them, then fail: a reworded message shows every
                 * row it changes */
                print_error("%s:\n  want %s\n  got  %s\n", r->line,
                            r->outcome + 6, msg ? msg : "(accepted)");
                bad++;
                continue;
            }
            /* a refused line leaves the scope as it was */
            assert_string_equal(ss_settings_describe(tp, s), fresh);
        } else {
            fail_msg("%s: outcome is neither ok nor error", r->line);
        }
    }
    assert_int_equal(bad, 0);
}

/* Every directive has accepted and refused rows, and one of its accepted
 * values differs from the default: it has a default (create), a merge
 * rule (inherited by an inner scope, overridden by it) and a word in the
 * description -- mod_auth_openidc's check that no field is forgotten. */
static void
test_every_directive_merged(void **state)
{
    apr_array_header_t *rows = value_rows();
    const char *fresh = ss_settings_describe(tp, ss_settings_create(tp));
    int id, i;
    (void)state;
    for (id = 0; id < SS_DIR__COUNT; id++) {
        const char *name = ss_directive_name(id);
        ss_settings_t *set = NULL, *other = NULL;
        int ok = 0, bad = 0;
        for (i = 0; i < rows->nelts; i++) {
            const value_row_t *r = &APR_ARRAY_IDX(rows, i, value_row_t);
            ss_settings_t *s = ss_settings_create(tp);
            const char **argv;
            words(r->line, &argv);
            if (strcasecmp(argv[0], name)) {
                continue;
            }
            if (strncmp(r->outcome, "ok", 2)) {
                bad++;
                continue;
            }
            ok++;
            if (!set_line(s, r->line)
                && strcmp(ss_settings_describe(tp, s), fresh)) {
                if (!set) {
                    set = s;
                } else if (!other
                           && strcmp(ss_settings_describe(tp, s),
                                     ss_settings_describe(tp, set))) {
                    other = s;
                }
            }
        }
        if (!ok || !bad || !set) {
            fail_msg("%s: needs ok and error rows in directive-values.txt, "
                     "one ok value that is not the default",
                     name);
        }
        {
            const char *d = ss_settings_describe(tp, set);
            ss_settings_t *unset = ss_settings_create(tp);
            /* inherited by an inner scope that does not set it */
            assert_string_equal(
                ss_settings_describe(tp, ss_settings_merge(tp, set, unset)), d);
            /* set in an inner scope */
            assert_string_equal(
                ss_settings_describe(tp, ss_settings_merge(tp, unset, set)), d);
            if (other && id != SS_DIR_COOKIE) {
                /* the inner value wins (cookie rules add up instead) */
                assert_string_equal(
                    ss_settings_describe(tp, ss_settings_merge(tp, set, other)),
                    ss_settings_describe(tp, other));
            }
            assert_string_equal(ss_settings_describe(tp, set), d);
        }
    }
}

/* Keywords map to the settings the request path reads (a keyword list
 * out of its values' order would pass the description, not this). */
static void
test_keyword_values(void **state)
{
    static const struct {
        const char *line;
        int (*get)(const ss_settings_t *);
        int want;
    } rows[] = {
#define G(fn) (int (*)(const ss_settings_t *)) fn
        { "SameSiteEngine On", G(ss_settings_engine), SS_ENGINE_ON },
        { "SameSiteEngine Off", G(ss_settings_engine), SS_ENGINE_OFF },
        { "SameSiteEngine ReportOnly", G(ss_settings_engine),
          SS_ENGINE_REPORT },
        { "SameSiteTrustProxy On", G(ss_settings_trust_proxy), 1 },
        { "SameSiteTrustProxy Off", G(ss_settings_trust_proxy), 0 },
        { "SameSiteDefault Strict", G(ss_settings_default_samesite),
          SS_SAMESITE_STRICT },
        { "SameSiteDefault Lax", G(ss_settings_default_samesite),
          SS_SAMESITE_LAX },
        { "SameSiteCORS On", G(ss_settings_cors), 1 },
        { "SameSiteCORS Off", G(ss_settings_cors), 0 },
        { "SameSiteCORS Public", G(ss_settings_cors), SS_CORS_PUBLIC },
        { "SameSitePreflight Handle", G(ss_settings_preflight_handle), 1 },
        { "SameSitePreflight PassThrough", G(ss_settings_preflight_handle), 0 },
        { "SameSiteCSRF Off", G(ss_settings_csrf), SS_CSRF_OFF },
        { "SameSiteCSRF Enforce", G(ss_settings_csrf), SS_CSRF_ENFORCE },
        { "SameSiteCSRF ReportOnly", G(ss_settings_csrf), SS_CSRF_REPORT },
        { "SameSiteWebSocket Enforce", G(ss_settings_websocket), 1 },
        { "SameSiteWebSocket Off", G(ss_settings_websocket), 0 },
        { "SameSiteLegacyClients Off", G(ss_settings_legacy), SS_LEGACY_OFF },
        { "SameSiteLegacyClients Duplicate", G(ss_settings_legacy),
          SS_LEGACY_DUPLICATE },
        { "SameSiteLegacyClients OmitNone", G(ss_settings_legacy),
          SS_LEGACY_OMITNONE },
#undef G
    };
    size_t i;
    ss_settings_t *none = ss_settings_create(tp);
    (void)state;
    for (i = 0; i < NROWS(rows); i++) {
        ss_settings_t *s = ss_settings_create(tp);
        assert_null(set_line(s, rows[i].line));
        if (rows[i].get(s) != rows[i].want) {
            fail_msg("%s: got %d, want %d", rows[i].line, rows[i].get(s),
                     rows[i].want);
        }
    }
    /* the defaults of docs/mod_samesite.md, also for NULL */
    assert_int_equal(ss_settings_engine(none), SS_ENGINE_OFF);
    assert_int_equal(ss_settings_engine(NULL), SS_ENGINE_OFF);
    assert_int_equal(ss_settings_default_samesite(none), SS_SAMESITE_LAX);
    assert_int_equal(ss_settings_csrf(none), SS_CSRF_OFF);
    assert_int_equal(ss_settings_legacy(none), SS_LEGACY_OFF);
    assert_false(ss_settings_cors(none) || ss_settings_trust_proxy(none)
                 || ss_settings_preflight_handle(none)
                 || ss_settings_websocket(none));
    assert_ptr_equal(ss_settings_psl(none, tpsl), tpsl);
}

/* mod_headers' rule: the merge allocates, base and add stay as they are. */
static void
test_merge_leaves_inputs(void **state)
{
    ss_settings_t *base = ss_settings_create(tp), *add = ss_settings_create(tp);
    ss_settings_t *m, *m2;
    const char *db, *da;
    ss_cors_policy_t pol;
    (void)state;
    assert_null(set_line(base, "SameSiteCookie a Strict"));
    assert_null(set_line(base, "SameSiteFrontend https://a.test"));
    assert_null(set_line(base, "SameSiteEngine On"));
    assert_null(set_line(add, "SameSiteCookie b Lax"));
    assert_null(set_line(add, "SameSiteCORSMaxAge 60"));
    db = ss_settings_describe(tp, base);
    da = ss_settings_describe(tp, add);
    m = ss_settings_merge(tp, base, add);
    m2 = ss_settings_merge(tp, m, add);
    assert_true(m != base && m != add && m2 != m);
    assert_string_equal(ss_settings_describe(tp, base), db);
    assert_string_equal(ss_settings_describe(tp, add), da);
    assert_int_equal(base->cookie_rules->nelts, 1);
    assert_int_equal(add->cookie_rules->nelts, 1);
    assert_fields("merge", ss_settings_describe(tp, m),
                  "engine=On; cookies=b Lax, a Strict; max-age=60; "
                  "frontends=https://a.test");
    assert_fields("merge twice", ss_settings_describe(tp, m2),
                  "cookies=b Lax, b Lax, a Strict");
    /* NULL on either side: a copy of the other */
    assert_string_equal(
        ss_settings_describe(tp, ss_settings_merge(tp, NULL, add)), da);
    assert_string_equal(
        ss_settings_describe(tp, ss_settings_merge(tp, base, NULL)), db);
    ss_settings_cors_policy(&pol, m, NULL);
    assert_int_equal(pol.max_age, 60);
    assert_ptr_equal(pol.frontends, base->frontends);
    assert_false(pol.public_cors);
    /* SameSiteCORS Public in an inner scope: the policy's public mode */
    assert_null(set_line(add, "SameSiteCORS Public"));
    ss_settings_cors_policy(&pol, ss_settings_merge(tp, base, add), NULL);
    assert_true(pol.public_cors);
    assert_int_equal(ss_settings_cors(ss_settings_merge(tp, base, add)),
                     SS_CORS_PUBLIC);
}

/* ---- tests/scope-cases.txt -------------------------------------------------- */

typedef struct {
    const char *kind, *path, *line; /* kind: server, srvdir, ... */
    int order;                      /* position in the case */
} scope_line_t;

typedef struct {
    const char *name, *request, *expect;
    apr_array_header_t *lines; /* scope_line_t */
} scope_case_t;

static apr_array_header_t *
scope_cases(void)
{
    apr_array_header_t *ls = lines_of("scope-cases.txt");
    apr_array_header_t *cases = apr_array_make(tp, 16, sizeof(scope_case_t));
    scope_case_t *c = NULL;
    int i;
    for (i = 0; i < ls->nelts; i++) {
        char *l = APR_ARRAY_IDX(ls, i, char *), *colon, *sp;
        if (!*l || *l == '#') {
            continue;
        }
        colon = strstr(l, ": ");
        if (!colon) {
            fail_msg("scope-cases.txt:%d: no ': '", i + 1);
        }
        *colon = '\0';
        if (!strcmp(l, "case")) {
            c = apr_array_push(cases);
            memset(c, 0, sizeof(*c));
            c->name = colon + 2;
            c->lines = apr_array_make(tp, 8, sizeof(scope_line_t));
        } else if (!c) {
            fail_msg("scope-cases.txt:%d: before the first case", i + 1);
        } else if (!strcmp(l, "request")) {
            c->request = colon + 2;
        } else if (!strcmp(l, "expect")) {
            c->expect = colon + 2;
        } else if (strcmp(l, "probe")) {
            scope_line_t *sl = apr_array_push(c->lines);
            sp = strchr(l, ' ');
            sl->path = sp ? sp + 1 : NULL;
            sl->kind = sp ? apr_pstrmemdup(tp, l, sp - l) : l;
            sl->line = colon + 2;
            sl->order = c->lines->nelts;
        }
    }
    return cases;
}

/* Does a section of path (a <Directory> under the document root, or a
 * <Location>) cover the URI?  Whole segments. */
static int
covers(const char *kind, const char *path, const char *uri)
{
    const char *p =
        strstr(kind, "dir") ? apr_pstrcat(tp, "/", path, NULL) : path;
    size_t n = strlen(p);
    return !strncmp(uri, p, n) && (uri[n] == '/' || !uri[n] || p[n - 1] == '/');
}

/* The settings of one scope: its lines of that kind and path. */
static ss_settings_t *
scope_of(const scope_case_t *c, const char *kind, const char *path)
{
    ss_settings_t *s = ss_settings_create(tp);
    int i;
    for (i = 0; i < c->lines->nelts; i++) {
        const scope_line_t *l = &APR_ARRAY_IDX(c->lines, i, scope_line_t);
        if (!strcmp(l->kind, kind)
            && (!path || (l->path && !strcmp(l->path, path)))
            && !strncasecmp(l->line, "SameSite", 8)) {
            const char *msg = set_line(s, l->line);
            if (msg) {
                fail_msg("%s: %s", c->name, msg);
            }
        }
    }
    return s;
}

/* The sections of a kind covering the URI, each once, in file order. */
static apr_array_header_t *
sections(const scope_case_t *c, const char *kind)
{
    apr_array_header_t *out = apr_array_make(tp, 4, sizeof(const char *));
    int i, j;
    for (i = 0; i < c->lines->nelts; i++) {
        const scope_line_t *l = &APR_ARRAY_IDX(c->lines, i, scope_line_t);
        int seen = 0;
        if (strcmp(l->kind, kind) || !covers(kind, l->path, c->request)) {
            continue;
        }
        for (j = 0; j < out->nelts; j++) {
            seen |= !strcmp(APR_ARRAY_IDX(out, j, const char *), l->path);
        }
        if (!seen) {
            APR_ARRAY_PUSH(out, const char *) = l->path;
        }
    }
    return out;
}

static int
depth(const char *path)
{
    int n = 1;
    for (; *path; path++) {
        n += *path == '/';
    }
    return n;
}

/* The request's settings, merged in httpd's order (see the file). */
static ss_settings_t *
effective(const scope_case_t *c)
{
    ss_settings_t *eff = ss_settings_merge(tp, scope_of(c, "server", NULL),
                                           scope_of(c, "vhost", NULL));
    apr_array_header_t *sd = sections(c, "srvdir"), *vd = sections(c, "dir");
    apr_array_header_t *sl = sections(c, "srvloc"), *vl = sections(c, "loc");
    int d, i;
    for (d = 1; d <= 16; d++) {
        for (i = 0; i < sd->nelts; i++) {
            const char *p = APR_ARRAY_IDX(sd, i, const char *);
            if (depth(p) == d) {
                eff = ss_settings_merge(tp, eff, scope_of(c, "srvdir", p));
            }
        }
        for (i = 0; i < vd->nelts; i++) {
            const char *p = APR_ARRAY_IDX(vd, i, const char *);
            if (depth(p) == d) {
                eff = ss_settings_merge(tp, eff, scope_of(c, "dir", p));
            }
        }
    }
    for (i = 0; i < sl->nelts; i++) {
        eff = ss_settings_merge(
            tp, eff, scope_of(c, "srvloc", APR_ARRAY_IDX(sl, i, const char *)));
    }
    for (i = 0; i < vl->nelts; i++) {
        eff = ss_settings_merge(
            tp, eff, scope_of(c, "loc", APR_ARRAY_IDX(vl, i, const char *)));
    }
    return eff;
}

static void
test_scope_cases(void **state)
{
    apr_array_header_t *cases = scope_cases();
    int i;
    (void)state;
    assert_true(cases->nelts >= 15);
    for (i = 0; i < cases->nelts; i++) {
        const scope_case_t *c = &APR_ARRAY_IDX(cases, i, scope_case_t);
        if (!c->request || !c->expect) {
            fail_msg("%s: needs request and expect", c->name);
        }
        assert_fields(c->name, ss_settings_describe(tp, effective(c)),
                      c->expect);
    }
}

/* D1: a scope's frontends are checked against the scope's own list,
 * whichever of the two lines comes first (psl-shop.dat lists shop.test). */
static void
test_frontend_scope_psl(void **state)
{
    static const struct {
        const char *first, *second, *error; /* NULL: both accepted */
    } rows[] = {
        { "SameSiteFrontend https://*.shop.test",
          "SameSitePublicSuffixList "
          "psl-shop.dat",
          "SameSitePublicSuffixList: with '" SS_TESTS_DIR
          "/psl-shop.dat', SameSiteFrontend: 'https://*.shop.test' would "
          "allow every site registered under shop.test, a public suffix "
          "(anyone can register one): list the frontends, or a wildcard "
          "under a registrable domain (https://*.example.com)" },
        { "SameSitePublicSuffixList psl-shop.dat",
          "SameSiteFrontend "
          "https://shop.test",
          "SameSiteFrontend: 'https://shop.test' is not "
          "a frontend: its host shop.test is a public suffix, which serves no "
          "site of its own" },
        { "SameSitePublicSuffixList psl-shop.dat",
          "SameSiteFrontend https://*.app.shop.test https://*.github.io",
          NULL }, /* github.io is no suffix in that list */
        { "SameSiteFrontend https://*.shop.test",
          "SameSiteFrontend https://app.shop.test", NULL },
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        ss_settings_t *s = ss_settings_create(tp);
        const char *e;
        assert_null(set_line(s, rows[i].first));
        e = set_line(s, rows[i].second);
        if (!rows[i].error) {
            assert_null(e);
        } else if (!e || strcmp(e, rows[i].error)) {
            fail_msg("%s / %s:\n  want %s\n  got  %s", rows[i].first,
                     rows[i].second, rows[i].error, e ? e : "(accepted)");
        }
    }
}

static int
env_setup(void **state)
{
    setup(state);
    env.server_root = SS_TESTS_DIR;
    env.psl_cache = apr_hash_make(tp);
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define TE(fn) cmocka_unit_test_setup_teardown(fn, env_setup, teardown)
        TE(test_directive_values), TE(test_every_directive_merged),
        TE(test_keyword_values),   TE(test_merge_leaves_inputs),
        TE(test_scope_cases),      TE(test_frontend_scope_psl),
#undef TE
    };
    return RUN(tests);
}
