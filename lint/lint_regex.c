/* lint_regex.c -- origin regexes: intended origins and attacker origins.
 *
 * Intended origins: a small reader of the regex syntax people write for
 * origin checks (PCRE as used by nginx, mod_setenvif, mod_rewrite and
 * ap_expr) that turns the regex into the set of strings it was meant to
 * match.  Each alternative of each group is expanded (capped at
 * RX_MAX_ALTS), an optional literal (`https?`, `(www\.)?`) is tried with
 * and without, an optional part that holds a wildcard (`(:[0-9]+)?`,
 * `([a-z]+\.)?`) is skipped, a wildcard (`.`, `[a-z]`, `\w`, `\d`) becomes
 * a whole label "x" (a port "1"), or nothing when it may be empty and sits
 * inside a label.  The strings that are http(s) origins are the intent.
 *
 * Attacker origins: for each intended origin, strings a hostile page can
 * make the browser send (see candidates()), tried against the real regex
 * with PCRE2.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <apr_hash.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "lint_regex.h"

/* wildcard markers inside a derived string */
#define W_ANY       '\001' /* one or more characters */
#define W_ANY_OPT   '\002' /* zero or more characters */
#define W_DIG       '\003' /* one or more digits */
#define W_DIG_OPT   '\004' /* zero or more digits */
#define RX_MAX_ALTS 64

enum { ATOM_LITERAL, ATOM_WILD, ATOM_GROUP, ATOM_EMPTY, ATOM_DOT };

typedef struct {
    apr_pool_t *p;
    const char *s; /* read position */
    int bad;       /* a construct the reader does not model */
} rx_t;

/* ---- compiled regexes, once per pool ------------------------------------
 * Configurations generated from a template repeat the same origin regex
 * in every vhost / server block: each distinct (regex, caseless) is
 * compiled once per pool, freed by the pool's cleanup, so 10,000 copies
 * cost one compile (SPEC 5: 10,000 servers in under 1 s). */
typedef struct {
    pcre2_code *code; /* NULL: does not compile */
    pcre2_match_data *md;
    const char *bypass; /* lint_regex_bypass, once computed */
    const char *bypass_intended;
    int bypass_done;
    apr_array_header_t *intents; /* lint_regex_intents, once computed */
} rx_compiled_t;

static apr_status_t
rx_cache_free(void *data)
{
    apr_hash_t *h = data;
    apr_hash_index_t *hi;
    for (hi = apr_hash_first(NULL, h); hi; hi = apr_hash_next(hi)) {
        rx_compiled_t *c = apr_hash_this_val(hi);
        if (c->md) {
            pcre2_match_data_free(c->md);
        }
        if (c->code) {
            pcre2_code_free(c->code);
        }
    }
    return APR_SUCCESS;
}

static rx_compiled_t *
rx_compiled(apr_pool_t *p, const char *re, int caseless)
{
    static const char key[] = "lint_regex:compiled";
    apr_hash_t *h = NULL;
    const char *k = apr_pstrcat(p, caseless ? "i" : "-", re, NULL);
    rx_compiled_t *c;
    int errcode;
    PCRE2_SIZE erroff;

    apr_pool_userdata_get((void **)&h, key, p);
    if (!h) {
        h = apr_hash_make(p);
        apr_pool_userdata_setn(h, key, rx_cache_free, p);
    }
    c = apr_hash_get(h, k, APR_HASH_KEY_STRING);
    if (!c) {
        c = apr_pcalloc(p, sizeof(*c));
        c->code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
                                caseless ? PCRE2_CASELESS : 0, &errcode,
                                &erroff, NULL);
        if (c->code) {
            c->md = pcre2_match_data_create_from_pattern(c->code, NULL);
        }
        apr_hash_set(h, k, APR_HASH_KEY_STRING, c);
    }
    return c;
}

int
lint_regex_matches(apr_pool_t *p, const char *re, int caseless,
                   const char *subject)
{
    rx_compiled_t *c;
    if (!p || !re || !subject) {
        return -1;
    }
    c = rx_compiled(p, re, caseless);
    if (!c->code) {
        return -1;
    }
    return pcre2_match(c->code, (PCRE2_SPTR)subject, strlen(subject), 0, 0,
                       c->md, NULL)
                   >= 0
               ? 1
               : 0;
}

apr_array_header_t *
lint_regex_captures(apr_pool_t *p, const char *re, int caseless,
                    const char *subject)
{
    rx_compiled_t *c;
    apr_array_header_t *out;
    PCRE2_SIZE *ov;
    int rc, i;
    if (!p || !re || !subject) {
        return NULL;
    }
    c = rx_compiled(p, re, caseless);
    if (!c->code) {
        return NULL;
    }
    rc = pcre2_match(c->code, (PCRE2_SPTR)subject, strlen(subject), 0, 0, c->md,
                     NULL);
    if (rc < 0) {
        return NULL;
    }
    ov = pcre2_get_ovector_pointer(c->md);
    out = apr_array_make(p, rc, sizeof(const char *));
    for (i = 0; i < rc; i++) {
        APR_ARRAY_PUSH(out, const char *) =
            ov[2 * i] == PCRE2_UNSET
                ? ""
                : apr_pstrmemdup(p, subject + ov[2 * i],
                                 ov[2 * i + 1] - ov[2 * i]);
    }
    return out;
}

/* append n bytes to a char array */
static void
buf_add(apr_array_header_t *b, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        APR_ARRAY_PUSH(b, char) = s[i];
    }
}

const char *
lint_regex_substitute(apr_pool_t *p, const char *re, const char *rep, int all,
                      const char *subject)
{
    int rc;
    PCRE2_SIZE start = 0, len = strlen(subject);
    rx_compiled_t *c = rx_compiled(p, re, 0);
    pcre2_code *code = c->code;
    pcre2_match_data *md = c->md;
    apr_array_header_t *out;

    if (!code) {
        return NULL;
    }
    out = apr_array_make(p, (int)len + 64, sizeof(char));
    while (start <= len
           && (rc = pcre2_match(code, (PCRE2_SPTR)subject, len, start, 0, md,
                                NULL))
                  >= 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        const char *r;
        buf_add(out, subject + start, ov[0] - start);
        for (r = rep; *r; r++) {
            int no = -1;
            if (*r == '&') {
                no = 0;
            } else if (*r == '$' && apr_isdigit(r[1])) {
                no = *++r - '0';
            } else if (*r == '\\'
                       && (r[1] == '$' || r[1] == '&' || r[1] == '\\')) {
                r++;
            }
            if (no < 0) {
                buf_add(out, r, 1);
            } else if (no < rc && ov[2 * no] != PCRE2_UNSET) {
                buf_add(out, subject + ov[2 * no], ov[2 * no + 1] - ov[2 * no]);
            }
        }
        start = ov[1];
        if (ov[1] == ov[0]) {
            /* an empty match: keep the next character, move past it */
            if (start < len) {
                buf_add(out, subject + start, 1);
            }
            start++;
        }
        if (!all) {
            break;
        }
    }
    if (start <= len) {
        buf_add(out, subject + start, len - start);
    }
    APR_ARRAY_PUSH(out, char) = '\0';
    return out->elts;
}

int
lint_regex_unanalysable(const char *re)
{
    const char *s;
    if (!re) {
        return 0;
    }
    if (strstr(re, "(?>") || strstr(re, "*+") || strstr(re, "++")
        || strstr(re, "?+") || strstr(re, "}+") || strstr(re, "(?R")
        || strstr(re, "(?(") || strstr(re, "(?P>") || strstr(re, "(?&")
        || strstr(re, "\\g") || strstr(re, "\\k")) {
        return 1;
    }
    /* backreference \1..\9 (an escaped backslash does not count) */
    for (s = re; *s; s++) {
        if (*s == '\\' && s[1]) {
            if (s[1] >= '1' && s[1] <= '9') {
                return 1;
            }
            s++;
        }
    }
    return 0;
}

static int
is_marker(char c)
{
    return c >= W_ANY && c <= W_DIG_OPT;
}

static apr_array_header_t *
set1(apr_pool_t *p, const char *v)
{
    apr_array_header_t *a = apr_array_make(p, 2, sizeof(const char *));
    APR_ARRAY_PUSH(a, const char *) = apr_pstrdup(p, v);
    return a;
}

static int
set_has_marker(const apr_array_header_t *a)
{
    int i;
    const char *s;
    for (i = 0; i < a->nelts; i++) {
        for (s = APR_ARRAY_IDX(a, i, const char *); *s; s++) {
            if (is_marker(*s)) {
                return 1;
            }
        }
    }
    return 0;
}

/* Every x + y, x from a, y from b; at most RX_MAX_ALTS. */
static apr_array_header_t *
product(apr_pool_t *p, const apr_array_header_t *a, const apr_array_header_t *b)
{
    apr_array_header_t *out =
        apr_array_make(p, a->nelts * b->nelts + 1, sizeof(const char *));
    int i, j;
    for (i = 0; i < a->nelts; i++) {
        for (j = 0; j < b->nelts && out->nelts < RX_MAX_ALTS; j++) {
            APR_ARRAY_PUSH(out, const char *) =
                apr_pstrcat(p, APR_ARRAY_IDX(a, i, const char *),
                            APR_ARRAY_IDX(b, j, const char *), NULL);
        }
    }
    return out;
}

static apr_array_header_t *rx_alt(rx_t *r);

/* A character class [..]: a digit wildcard when it holds only digits. */
static apr_array_header_t *
rx_class(rx_t *r)
{
    const char *q = r->s + 1;
    int digits = 1;
    char buf[2] = { W_DIG, '\0' };
    if (*q == '^') {
        digits = 0;
        q++;
    }
    if (*q == ']') { /* a leading ']' is a member */
        digits = 0;
        q++;
    }
    for (; *q && *q != ']'; q++) {
        if (*q == '\\' && q[1]) {
            if (q[1] != 'd') {
                digits = 0;
            }
            q++;
        } else if (*q == '[' && q[1] == ':') { /* [:alpha:] */
            const char *e = strstr(q, ":]");
            digits = digits && e && !strncmp(q, "[:digit:]", 9);
            q = e ? e + 1 : q + strlen(q) - 1;
        } else if (!apr_isdigit(*q) && *q != '-') {
            digits = 0;
        }
    }
    r->s = *q ? q + 1 : q;
    buf[0] = digits ? W_DIG : W_ANY;
    return set1(r->p, buf);
}

/* An escape sequence. */
static apr_array_header_t *
rx_escape(rx_t *r, int *kind)
{
    char e = r->s[1], buf[2] = { '\0', '\0' };
    if (!e) {
        r->s++;
        *kind = ATOM_EMPTY;
        return set1(r->p, "");
    }
    r->s += 2;
    *kind = ATOM_WILD;
    switch (e) {
    case 'd':
        buf[0] = W_DIG;
        return set1(r->p, buf);
    case 'p':
    case 'P':
        if (*r->s == '{') {
            const char *c = strchr(r->s, '}');
            r->s = c ? c + 1 : r->s + strlen(r->s);
        } else if (*r->s) {
            r->s++;
        }
        /* fall through */
    case 'w':
    case 'W':
    case 's':
    case 'S':
    case 'D':
    case 'N':
    case 'h':
    case 'H':
    case 'v':
    case 'V':
    case 'R':
    case 'X':
    case 'C':
        buf[0] = W_ANY;
        return set1(r->p, buf);
    case 'b':
    case 'B':
    case 'A':
    case 'z':
    case 'Z':
    case 'G':
    case 'K':
        *kind = ATOM_EMPTY;
        return set1(r->p, "");
    case 'Q': { /* \Q...\E: literal text */
        const char *end = strstr(r->s, "\\E");
        const char *lit =
            end ? apr_pstrmemdup(r->p, r->s, (apr_size_t)(end - r->s))
                : apr_pstrdup(r->p, r->s);
        r->s = end ? end + 2 : r->s + strlen(r->s);
        *kind = ATOM_GROUP;
        return set1(r->p, lit);
    }
    case 'x': { /* \xHH, \x{HH} */
        char *end;
        long v;
        if (*r->s == '{') {
            v = strtol(r->s + 1, &end, 16);
            r->s = *end == '}' ? end + 1 : end;
        } else {
            char hex[3] = { r->s[0], r->s[0] ? r->s[1] : '\0', '\0' };
            v = strtol(hex, &end, 16);
            r->s += end - hex;
        }
        if (v > 0x20 && v < 0x7f) {
            *kind = ATOM_LITERAL;
            buf[0] = (char)v;
            return set1(r->p, buf);
        }
        buf[0] = W_ANY;
        return set1(r->p, buf);
    }
    default:
        if (apr_isdigit(e)) { /* backreference / octal */
            r->bad = 1;
            *kind = ATOM_EMPTY;
            return set1(r->p, "");
        }
        *kind = ATOM_LITERAL;
        buf[0] = e;
        return set1(r->p, buf);
    }
}

/* A group ( ... ), after the '('. */
static apr_array_header_t *
rx_group(rx_t *r, int *kind)
{
    apr_array_header_t *alts;
    *kind = ATOM_GROUP;
    if (*r->s == '?') {
        r->s++;
        if (*r->s == ':' || *r->s == '|') {
            r->s += *r->s == ':';
        } else if (*r->s == '=' || *r->s == '!'
                   || (*r->s == '<' && (r->s[1] == '=' || r->s[1] == '!'))) {
            /* lookaround: consumes no text */
            r->s += *r->s == '<' ? 2 : 1;
            (void)rx_alt(r);
            if (*r->s == ')') {
                r->s++;
            }
            *kind = ATOM_EMPTY;
            return set1(r->p, "");
        } else if ((*r->s == 'P' && r->s[1] == '<') || *r->s == '<'
                   || *r->s == '\'') {
            /* named group */
            const char *e = strchr(r->s + 1, *r->s == '\'' ? '\'' : '>');
            if (!e) {
                r->bad = 1;
                r->s += strlen(r->s);
                return set1(r->p, "");
            }
            r->s = e + 1;
        } else {
            /* inline options: (?i) or (?i: ... ) */
            while (apr_isalpha(*r->s) || *r->s == '-' || *r->s == '^') {
                r->s++;
            }
            if (*r->s == ')') {
                r->s++;
                *kind = ATOM_EMPTY;
                return set1(r->p, "");
            }
            if (*r->s == ':') {
                r->s++;
            } else {
                r->bad = 1;
            }
        }
    }
    alts = rx_alt(r);
    if (*r->s == ')') {
        r->s++;
    } else {
        r->bad = 1;
    }
    return alts;
}

static apr_array_header_t *
rx_atom(rx_t *r, int *kind)
{
    char c = *r->s, buf[2] = { '\0', '\0' };
    *kind = ATOM_LITERAL;
    switch (c) {
    case '(':
        r->s++;
        return rx_group(r, kind);
    case '[':
        *kind = ATOM_WILD;
        return rx_class(r);
    case '\\':
        return rx_escape(r, kind);
    case '.':
        /* a lone unescaped dot was meant as a dot (the bypass candidates
         * try it as any character); `.*` / `.+` are wildcards */
        r->s++;
        *kind = ATOM_DOT;
        return set1(r->p, ".");
    case '^':
    case '$':
        r->s++;
        *kind = ATOM_EMPTY;
        return set1(r->p, "");
    default:
        r->s++;
        buf[0] = c;
        return set1(r->p, buf);
    }
}

/* A quantifier after an atom: *min, *max (-1: unbounded).  0 when none
 * (a '{' that is not a quantifier is a literal). */
static int
rx_quant(rx_t *r, int *min, int *max)
{
    const char *s = r->s;
    if (*s == '?' || *s == '*' || *s == '+') {
        *min = *s == '+';
        *max = *s == '?' ? 1 : -1;
        s++;
    } else if (*s == '{' && apr_isdigit(s[1])) {
        char *end;
        long a = strtol(s + 1, &end, 10), b = a;
        if (*end == ',') {
            b = apr_isdigit(end[1]) ? strtol(end + 1, &end, 10) : -1;
            if (b < 0) {
                end++;
            }
        }
        if (*end != '}') {
            return 0;
        }
        *min = (int)(a > 8 ? 8 : a);
        *max = (int)b;
        s = end + 1;
    } else {
        return 0;
    }
    if (*s == '?' || *s == '+') { /* lazy; possessive is unanalysable */
        s++;
    }
    r->s = s;
    return 1;
}

static apr_array_header_t *
rx_seq(rx_t *r)
{
    apr_array_header_t *acc = set1(r->p, "");
    while (*r->s && *r->s != '|' && *r->s != ')') {
        int kind, min = 1, max = 1, i;
        apr_array_header_t *a = rx_atom(r, &kind);
        if (rx_quant(r, &min, &max) && kind != ATOM_EMPTY) {
            if (kind == ATOM_DOT) {
                char any[2] = { W_ANY, '\0' };
                a = set1(r->p, any);
                kind = ATOM_WILD;
            }
            if (kind == ATOM_WILD) {
                /* repeated wildcards are one wildcard */
                char *w = apr_pstrdup(r->p, APR_ARRAY_IDX(a, 0, const char *));
                if (min == 0) {
                    w[0] = w[0] == W_DIG ? W_DIG_OPT : W_ANY_OPT;
                }
                a = set1(r->p, w);
            } else if (min == 0) {
                if (max == 1 && !set_has_marker(a)) {
                    /* an optional literal: with and without */
                    apr_array_header_t *both = set1(r->p, "");
                    a = apr_array_append(r->p, a, both);
                } else {
                    /* an optional port, label pattern or repetition */
                    a = set1(r->p, "");
                }
            } else {
                apr_array_header_t *once = a;
                for (i = 1; i < min; i++) {
                    a = product(r->p, a, once);
                }
            }
        }
        acc = product(r->p, acc, a);
    }
    return acc;
}

static apr_array_header_t *
rx_alt(rx_t *r)
{
    apr_array_header_t *out = rx_seq(r);
    while (*r->s == '|') {
        apr_array_header_t *more;
        r->s++;
        more = rx_seq(r);
        if (out->nelts + more->nelts <= RX_MAX_ALTS) {
            out = apr_array_append(r->p, out, more);
        }
    }
    return out;
}

/* A derived string with its wildcards written out: a port becomes "1", a
 * wildcard run that is a whole label "x" ("*" with pattern set), one
 * inside a label "x" (digits: "1") unless it may be empty, one at the
 * edge of a label disappears. */
static char *
render(apr_pool_t *p, const char *s, int pattern, int *wild)
{
    size_t n = strlen(s), i = 0;
    char *out = apr_palloc(p, n + 2), *w = out;
    while (i < n) {
        size_t j = i;
        int opt = 1, dig = 1, label;
        char before, after;
        if (!is_marker(s[i])) {
            *w++ = s[i++];
            continue;
        }
        while (j < n && is_marker(s[j])) {
            opt &= s[j] == W_ANY_OPT || s[j] == W_DIG_OPT;
            dig &= s[j] == W_DIG || s[j] == W_DIG_OPT;
            j++;
        }
        before = w > out ? w[-1] : '\0';
        after = s[j];
        label = (before == '\0' || before == '.' || before == '/')
                && (after == '\0' || after == '.' || after == ':');
        if (before == ':' && after != '/') {
            if (!opt) { /* a port */
                *w++ = '1';
                *wild = 1;
            }
        } else if (label) {
            *w++ = pattern ? '*' : 'x';
            *wild = 1;
        } else if (!opt && before != '\0' && before != '.' && before != '/'
                   && after != '\0' && after != '.' && after != ':') {
            /* inside a label: "app[0-9]" */
            *w++ = dig ? '1' : 'x';
            *wild = 1;
        }
        /* else at the edge of a label ("\.com.+$", "//.+example"): the
         * literal part is what was meant */
        i = j;
    }
    if (w > out && w[-1] == ':') { /* an optional port left empty */
        w--;
    }
    *w = '\0';
    return out;
}

apr_array_header_t *
lint_regex_intents(apr_pool_t *p, const char *re)
{
    rx_compiled_t *memo = re ? rx_compiled(p, re, 0) : NULL;
    apr_array_header_t *out;
    if (memo && memo->intents) {
        return memo->intents; /* read-only for every caller */
    }
    out = apr_array_make(p, 2, sizeof(lint_regex_intent_t *));
    if (memo) {
        memo->intents = out;
    }
    apr_array_header_t *alts;
    rx_t r;
    int i, j;

    if (!re || lint_regex_unanalysable(re)) {
        return out;
    }
    r.p = p;
    r.s = re;
    r.bad = 0;
    alts = rx_alt(&r);
    while (*r.s) { /* a stray ')': PCRE2 rejects it anyway */
        r.s++;
        alts = apr_array_append(p, alts, rx_alt(&r));
    }
    if (r.bad) {
        return out;
    }
    for (i = 0; i < alts->nelts; i++) {
        const char *a = APR_ARRAY_IDX(alts, i, const char *);
        int wild = 0, dup = 0;
        char *o = render(p, a, 0, &wild), *pt = render(p, a, 1, &wild);
        ss_origin_t *og;
        ss_pattern_t *pat;
        lint_regex_intent_t *it;
        const char *canon;
        if (!strcasecmp(o, "null")) {
            continue; /* cors-null-origin's business */
        }
        if (!strncmp(o, "://", 3)) { /* "://app\.example\.com$" */
            o = apr_pstrcat(p, "https", o, NULL);
            pt = apr_pstrcat(p, "https", pt, NULL);
        } else if (!strstr(o, "://")) {
            o = apr_pstrcat(p, "https://", o, NULL);
            pt = apr_pstrcat(p, "https://", pt, NULL);
        }
        if (ss_origin_parse(&og, p, o) != SS_ORIGIN_OK || og->is_null
            || (strcmp(og->scheme, "https") && strcmp(og->scheme, "http"))) {
            continue;
        }
        canon = ss_origin_str(p, og);
        for (j = 0; j < out->nelts; j++) {
            dup |= !strcmp(APR_ARRAY_IDX(out, j, lint_regex_intent_t *)->origin,
                           canon);
        }
        if (dup) {
            continue;
        }
        it = apr_pcalloc(p, sizeof(*it));
        it->origin = canon;
        it->pattern = canon;
        it->wildcard = wild;
        if (wild && ss_pattern_parse(&pat, p, pt) == SS_ORIGIN_OK
            && pat->wildcard) {
            it->pattern = pat->text;
        }
        APR_ARRAY_PUSH(out, lint_regex_intent_t *) = it;
    }
    return out;
}

/* An Origin header value a browser can send: http(s), a host of
 * characters the URL Standard allows in a domain (lower case; Safari and
 * Chromium also send "_", "`", "!", "~" ... in hosts: PortSwigger's CORS
 * research), an optional non-default port, nothing else.  Never userinfo
 * or a path: the browser serialises the page's origin (RFC 6454 6.2),
 * so a URL such as https://app.example.com:1@evil.test/ sends
 * "Origin: https://evil.test". */
static int
sendable(const char *o)
{
    const char *h, *e;
    long port;
    char *end;
    int https = !strncmp(o, "https://", 8);
    if (!https && strncmp(o, "http://", 7)) {
        return 0;
    }
    h = o + (https ? 8 : 7);
    for (e = h; *e && *e != ':'; e++) {
        if (!(apr_islower(*e) || apr_isdigit(*e))
            && !strchr("-._`!$&'()*+,;={}~", *e)) {
            return 0;
        }
    }
    if (e == h || *h == '.' || e[-1] == '.' || strstr(h, "..")) {
        return 0;
    }
    if (!*e) {
        return 1;
    }
    if (!apr_isdigit(e[1]) || e[1] == '0') {
        return 0;
    }
    port = strtol(e + 1, &end, 10);
    return !*end && port > 0 && port < 65536 && port != (https ? 443 : 80);
}

/* scheme + registrable domain, NULL when the host is no DNS name we can
 * place (special characters): then it is never an intended site. */
static const char *
site_of(apr_pool_t *p, const ss_psl_t *psl, const char *o)
{
    ss_origin_t *og;
    if (ss_origin_parse(&og, p, o) != SS_ORIGIN_OK || og->is_null) {
        return NULL;
    }
    return apr_pstrcat(p, og->scheme, "://", ss_site_domain(p, psl, og->host),
                       NULL);
}

/* Attacker origins derived from one intended origin, in the order a
 * finding should quote them (the simplest explanation first). */
static apr_array_header_t *
candidates(apr_pool_t *p, const ss_origin_t *o)
{
    apr_array_header_t *c = apr_array_make(p, 24, sizeof(const char *));
    const char *sch = o->scheme, *h = o->host, *port = "";
    static const char *const special[] = { "`", "_", "!", "~", "$", "&" };
    size_t i;
    int ndots = 0;
    if (o->port != ss_scheme_default_port(sch)) {
        port = apr_psprintf(p, ":%d", o->port);
    }
#define ADD(...)                                                               \
    (APR_ARRAY_PUSH(c, const char *) = apr_pstrcat(p, __VA_ARGS__, NULL))
    /* suffix append: no `$` (port kept after the attacker's host) */
    ADD(sch, "://", h, ".evil.test", port);
    ADD(sch, "://", h, "-evil.test", port);
    /* prefix add: no `^`, or no scheme and no dot before the host */
    ADD(sch, "://evil", h, port);
    ADD(sch, "://evil-", h, port);
    /* unescaped dots: each one on its own, except the last: the label it
     * would merge with the top-level domain ("app.examplexcom") is no
     * TLD anyone can register under */
    for (i = 0; h[i] && ndots < 8; i++) {
        if (h[i] == '.' && strchr(h + i + 1, '.')) {
            char *x = apr_pstrdup(p, h);
            x[i] = 'x';
            ADD(sch, "://", x, port);
            ndots++;
        }
    }
    /* special characters browsers accept in a host, then the attacker's
     * domain: defeats [^.]-style "rest of the label" classes */
    for (i = 0; i < sizeof(special) / sizeof(special[0]); i++) {
        ADD(sch, "://", h, special[i], ".evil.test", port);
    }
    /* scheme downgrade: http is cross-site to https (schemeful) and
     * readable by anyone on the network path */
    if (!strcmp(sch, "https")) {
        ADD("http://", h, port);
    }
    /* port tricks: the attacker's host with a port the regex may require
     * (`^https://app\.example\.com.*:[0-9]+$`).  The intended host with
     * another port is the same site, never a bypass; a port followed by
     * more host ("https://app.example.com:443.evil.test") is no origin. */
    ADD(sch, "://", h, ".evil.test:8443");
    /* userinfo tricks: what naive regexes are usually "tested" with; no
     * browser sends them (sendable() drops them), their real form is the
     * suffix append above */
    ADD(sch, "://", h, port[0] ? port : ":443", "@evil.test");
    ADD(sch, "://", h, "@evil.test");
#undef ADD
    return c;
}

/* A wildcard part ("x") of the label right under the public suffix
 * ("shop-x-acme.vercel.app"): anyone registers another value there
 * ("shop-evil0-acme.vercel.app"), a site of their own. */
static void
registrable_fills(apr_pool_t *p, const ss_psl_t *psl, const ss_origin_t *o,
                  apr_array_header_t *c)
{
    const char *site = ss_site_domain(p, psl, o->host);
    const char *dot = site ? strchr(site, '.') : NULL;
    size_t hl = strlen(o->host), sl = site ? strlen(site) : 0;
    size_t start, end, i;
    if (!dot || sl > hl || strcmp(o->host + hl - sl, site)) {
        return;
    }
    start = hl - sl;
    end = start + (size_t)(dot - site);
    for (i = start; i < end; i++) {
        if (o->host[i] == 'x') {
            APR_ARRAY_PUSH(c, const char *) =
                apr_psprintf(p, "%s://%.*sevil0%s%s", o->scheme, (int)i,
                             o->host, o->host + i + 1,
                             o->port != ss_scheme_default_port(o->scheme)
                                 ? apr_psprintf(p, ":%d", o->port)
                                 : "");
        }
    }
}

const char *
lint_regex_bypass(apr_pool_t *p, const ss_psl_t *psl, const char *re,
                  int caseless, const apr_array_header_t *intents,
                  const char **intended)
{
    apr_array_header_t *sites;
    const char *found = NULL, *found_intended = NULL;
    int i, j, k;
    rx_compiled_t *memo;
    pcre2_code *code;
    pcre2_match_data *md;

    if (!re || !intents || !intents->nelts) {
        return NULL;
    }
    memo = rx_compiled(p, re, caseless);
    if (!memo->code) {
        return NULL;
    }
    /* the answer depends on the regex and its intents, which depend on
     * the regex alone (lint_regex_intents), and on the list: computed once
     * for the (re, caseless) of the pool, with the one list in use */
    if (memo->bypass_done && intents == lint_regex_intents(p, re)) {
        if (intended && memo->bypass) {
            *intended = memo->bypass_intended;
        }
        return memo->bypass;
    }
    code = memo->code;
    md = memo->md;
    sites = apr_array_make(p, 2, sizeof(const char *));
    for (i = 0; i < intents->nelts; i++) {
        const char *s = site_of(
            p, psl,
            APR_ARRAY_IDX(intents, i, const lint_regex_intent_t *)->origin);
        if (s) {
            APR_ARRAY_PUSH(sites, const char *) = s;
        }
    }
    for (i = 0; i < intents->nelts && !found; i++) {
        const lint_regex_intent_t *it =
            APR_ARRAY_IDX(intents, i, const lint_regex_intent_t *);
        apr_array_header_t *c;
        ss_origin_t *o;
        if (ss_origin_parse(&o, p, it->origin) != SS_ORIGIN_OK) {
            continue;
        }
        c = candidates(p, o);
        if (it->wildcard) {
            registrable_fills(p, psl, o, c);
        }
        for (j = 0; j < c->nelts && !found; j++) {
            const char *att = APR_ARRAY_IDX(c, j, const char *);
            const char *site;
            int inside = 0;
            if (!sendable(att)
                || pcre2_match(code, (PCRE2_SPTR)att, strlen(att), 0, 0, md,
                               NULL)
                       < 0) {
                continue;
            }
            site = site_of(p, psl, att);
            for (k = 0; site && k < sites->nelts; k++) {
                inside |= !strcmp(site, APR_ARRAY_IDX(sites, k, const char *));
            }
            if (!inside) {
                found = att;
                found_intended = it->origin;
            }
        }
    }
    if (intents == lint_regex_intents(p, re)) {
        memo->bypass = found;
        memo->bypass_intended = found_intended;
        memo->bypass_done = 1;
    }
    if (intended && found) {
        *intended = found_intended;
    }
    return found;
}
