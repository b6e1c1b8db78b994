/* Set-Cookie parse / serialise, attributes, Cookie header mapping. */
#include "test_util.h"

static const struct {
    const char *line;
    int valid;
    const char *name, *value;
    int nattrs;
    ss_samesite_t ss;
} parse_rows[] = {
    { "sid=abc", 1, "sid", "abc", 0, SS_SAMESITE_UNSET },
    { "sid=abc; Path=/; HttpOnly", 1, "sid", "abc", 2, SS_SAMESITE_UNSET },
    { "sid=abc; SameSite=Lax", 1, "sid", "abc", 1, SS_SAMESITE_LAX },
    { "sid=abc; samesite=STRICT", 1, "sid", "abc", 1, SS_SAMESITE_STRICT },
    { "sid=abc; SameSite=None; Secure", 1, "sid", "abc", 2, SS_SAMESITE_NONE },
    { "sid=abc; SameSite=Lax; SameSite=None", 1, "sid", "abc", 2,
      SS_SAMESITE_NONE },
    { "sid=abc; SameSite=Bogus", 1, "sid", "abc", 1, SS_SAMESITE_INVALID },
    { "sid=abc; SameSite", 1, "sid", "abc", 1, SS_SAMESITE_INVALID },
    { "  sid  =  abc  ; Secure", 1, "sid", "abc", 1, SS_SAMESITE_UNSET },
    { "sid=\"quoted value\"", 1, "sid", "\"quoted value\"", 0,
      SS_SAMESITE_UNSET },
    { "sid=a=b=c", 1, "sid", "a=b=c", 0, SS_SAMESITE_UNSET },
    { "sid=", 1, "sid", "", 0, SS_SAMESITE_UNSET },
    { "nameless", 1, "", "nameless", 0, SS_SAMESITE_UNSET },
    { "=value", 1, "", "value", 0, SS_SAMESITE_UNSET },
    { "sid=abc;;", 1, "sid", "abc", 2, SS_SAMESITE_UNSET },
    { "sid=abc; Expires=Wed, 21 Oct 2026 07:28:00 GMT", 1, "sid", "abc", 1,
      SS_SAMESITE_UNSET },
    { "sid=abc; Unknown=1; X", 1, "sid", "abc", 2, SS_SAMESITE_UNSET },
    { "sid=a\tb", 1, "sid", "a\tb", 0, SS_SAMESITE_UNSET },
    { "=", 0, "", "", 0, SS_SAMESITE_UNSET },
    { "", 0, "", "", 0, SS_SAMESITE_UNSET },
    { "; Secure", 0, "", "", 1, SS_SAMESITE_UNSET },
    { "sid=abc\r\nX-Injected: 1", 0, "", "", 0, SS_SAMESITE_UNSET },
    { "sid=a\001b", 0, "", "", 0, SS_SAMESITE_UNSET },
    { "sid=a\177b", 0, "", "", 0, SS_SAMESITE_UNSET },
    { "sid=a; Path=/\037", 0, "", "", 0, SS_SAMESITE_UNSET },
    { "\036sid=a", 0, "", "", 0, SS_SAMESITE_UNSET },
    { "sid=a;\tSecure;\tSameSite=Lax", 1, "sid", "a", 2, SS_SAMESITE_LAX },
    { "sid=a;;;Secure", 1, "sid", "a", 3, SS_SAMESITE_UNSET },
};

static void
test_parse_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(parse_rows); i++) {
        ss_cookie_t *c = ss_cookie_parse(tp, parse_rows[i].line);
        assert_non_null(c);
        if (c->valid != parse_rows[i].valid) {
            fail_msg("row %zu '%s': valid=%d", i, parse_rows[i].line, c->valid);
        }
        /* serialising an unmodified cookie gives back the line */
        assert_string_equal(ss_cookie_str(tp, c), parse_rows[i].line);
        if (!c->valid) {
            assert_non_null(c->invalid_reason);
            continue;
        }
        assert_string_equal(c->name, parse_rows[i].name);
        assert_string_equal(c->value, parse_rows[i].value);
        assert_int_equal(c->attrs->nelts, parse_rows[i].nattrs);
        assert_int_equal(ss_cookie_samesite(c), parse_rows[i].ss);
    }
    assert_null(ss_cookie_parse(tp, NULL));
}

static const struct {
    const char *line;
    const char *op; /* "set", "rm", "rename" */
    const char *attr, *value;
    const char *out;
} edit_rows[] = {
    { "sid=abc", "set", "SameSite", "Lax", "sid=abc; SameSite=Lax" },
    { "sid=abc; Path=/", "set", "Secure", NULL, "sid=abc; Path=/; Secure" },
    { "sid=abc;samesite=none;path=/", "set", "SameSite", "Lax",
      "sid=abc; SameSite=Lax;path=/" },
    { "sid=abc; SameSite=Lax; X=1; SameSite=None", "set", "SameSite", "Strict",
      "sid=abc; SameSite=Strict; X=1" },
    { "sid=abc;  Weird = spaced ; Domain=a.com", "rm", "Domain", NULL,
      "sid=abc;  Weird = spaced " },
    { "sid=abc; Secure; secure", "rm", "Secure", NULL, "sid=abc" },
    { " sid = a b ; Path=/", "rename", NULL, "__Host-sid",
      "__Host-sid=a b; Path=/" },
    { "sid=abc; Unknown=keep this", "set", "HttpOnly", NULL,
      "sid=abc; Unknown=keep this; HttpOnly" },
};

static void
test_edit_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(edit_rows); i++) {
        ss_cookie_t *c = ss_cookie_parse(tp, edit_rows[i].line);
        if (!strcmp(edit_rows[i].op, "set")) {
            ss_cookie_attr_set(c, edit_rows[i].attr, edit_rows[i].value);
        } else if (!strcmp(edit_rows[i].op, "rm")) {
            assert_true(ss_cookie_attr_remove(c, edit_rows[i].attr) > 0);
        } else {
            ss_cookie_rename(c, edit_rows[i].value);
        }
        if (strcmp(ss_cookie_str(tp, c), edit_rows[i].out)) {
            fail_msg("row %zu: got '%s' want '%s'", i, ss_cookie_str(tp, c),
                     edit_rows[i].out);
        }
    }
}

/* Several edits in a row: appends only (serialised as the original line
 * plus the new attributes) and mixes with replacements, removals and
 * renames (serialised segment by segment) must agree. */
static const struct {
    const char *line;
    const char *ops; /* "+Name=Value" set, "-Name" remove, "@name" rename */
    const char *out;
} seq_rows[] = {
    { "sid=abc", "+SameSite=Lax +Secure", "sid=abc; SameSite=Lax; Secure" },
    { "sid=abc;path=/ ;  X", "+SameSite=None +Secure +Partitioned",
      "sid=abc;path=/ ;  X; SameSite=None; Secure; Partitioned" },
    { "sid=abc; Path=/; Domain=x.test", "-Domain +Secure",
      "sid=abc; Path=/; Secure" },
    { "sid=abc; Domain=x.test; Path=/", "-Domain +Secure",
      "sid=abc; Path=/; Secure" },
    { "sid=abc; Path=/; SameSite=Lax", "+Secure +SameSite=None",
      "sid=abc; Path=/; SameSite=None; Secure" },
    { "sid=abc; Path=/", "+Secure -Secure", "sid=abc; Path=/" },
    { "sid=abc; Path=/", "@__Host-sid +Secure",
      "__Host-sid=abc; Path=/; Secure" },
    { "sid=abc;", "+Secure", "sid=abc;; Secure" },
    { "sid=abc; a; b; c", "-b +SameSite=Lax", "sid=abc; a; c; SameSite=Lax" },
};

static void
test_edit_sequences(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(seq_rows); i++) {
        ss_cookie_t *c = ss_cookie_parse(tp, seq_rows[i].line);
        char *ops = apr_pstrdup(tp, seq_rows[i].ops), *last, *op;
        for (op = apr_strtok(ops, " ", &last); op;
             op = apr_strtok(NULL, " ", &last)) {
            char *eq = strchr(op, '=');
            if (eq) {
                *eq++ = '\0';
            }
            if (*op == '+') {
                ss_cookie_attr_set(c, op + 1, eq);
            } else if (*op == '-') {
                ss_cookie_attr_remove(c, op + 1);
            } else {
                ss_cookie_rename(c, op + 1);
            }
        }
        if (strcmp(ss_cookie_str(tp, c), seq_rows[i].out)) {
            fail_msg("row %zu: got '%s' want '%s'", i, ss_cookie_str(tp, c),
                     seq_rows[i].out);
        }
    }
}

static void
test_invalid_untouched(void **state)
{
    ss_cookie_t *c;
    (void)state;
    c = ss_cookie_parse(tp, "=");
    ss_cookie_attr_set(c, "SameSite", "Lax");
    /* an invalid cookie always serialises as received */
    assert_string_equal(ss_cookie_str(tp, c), "=");
}

static void
test_flags(void **state)
{
    ss_cookie_t *c;
    (void)state;
    c = ss_cookie_parse(tp, "a=1; secure; HTTPONLY; Partitioned");
    assert_true(ss_cookie_has(c, "Secure"));
    assert_true(ss_cookie_has(c, "HttpOnly"));
    assert_true(ss_cookie_has(c, "Partitioned"));
    assert_false(ss_cookie_has(c, "Domain"));
    assert_string_equal(ss_samesite_name(SS_SAMESITE_NONE), "None");
    assert_null(ss_samesite_name(SS_SAMESITE_UNSET));
    assert_int_equal(ss_samesite_parse("lAx"), SS_SAMESITE_LAX);
    assert_int_equal(ss_samesite_parse("x"), SS_SAMESITE_INVALID);
}

static const ss_cookie_map_t legacy_map[] = { { "sid-legacy", "sid", 1 } };
static const ss_cookie_map_t host_map[] = { { "__Host-sid", "sid", 0 } };

static const struct {
    const char *in;
    const ss_cookie_map_t *map;
    const char *out; /* NULL: unchanged (same pointer) */
} map_rows[] = {
    { "sid-legacy=v1", legacy_map, "sid=v1" },
    { "a=1; sid-legacy=v1; b=2", legacy_map, "a=1; sid=v1; b=2" },
    { "sid=new; sid-legacy=old", legacy_map, NULL },
    { "a=1", legacy_map, NULL },
    { "__Host-sid=v2", host_map, "sid=v2" },
    { "sid=tossed; __Host-sid=real", host_map, "sid=real" },
    { "x=1;__Host-sid=a=b ; y", host_map, "x=1; sid=a=b; y" },
    { "sid=plain", host_map, NULL },
};

static const struct {
    const char *in;
    const char *names; /* joined with '|' */
} names_rows[] = {
    { "a=1; b=2", "a|b" },
    { " session=x ;  __Host-session=y", "session|__Host-session" },
    { "flag; k=v=w", "|k" },
    { "", "" },
    { "a=1;;b=2", "a|b" },
};

static void
test_header_names(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(names_rows); i++) {
        apr_array_header_t *n = ss_cookie_header_names(tp, names_rows[i].in);
        const char *j = apr_array_pstrcat(tp, n, '|');
        assert_string_equal(j, names_rows[i].names);
    }
    assert_int_equal(ss_cookie_header_names(tp, NULL)->nelts, 0);
}

static void
test_header_map(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(map_rows); i++) {
        const char *got =
            ss_cookie_header_map(tp, map_rows[i].in, map_rows[i].map, 1);
        if (!map_rows[i].out) {
            assert_ptr_equal(got, map_rows[i].in);
        } else if (strcmp(got, map_rows[i].out)) {
            fail_msg("row %zu: got '%s' want '%s'", i, got, map_rows[i].out);
        }
    }
    assert_null(ss_cookie_header_map(tp, NULL, legacy_map, 1));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_parse_table),       T(test_edit_table), T(test_edit_sequences),
        T(test_invalid_untouched), T(test_flags),      T(test_header_map),
        T(test_header_names),
    };
    return RUN(tests);
}
