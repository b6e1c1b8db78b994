/* ss_cookie.c -- Set-Cookie parsing and byte-exact serialisation.
 *
 * Parsing follows RFC 6265bis section 5.6 (the browser's algorithm), so
 * what we see as name, value and attributes is what the browser sees;
 * but every segment keeps its raw bytes, so an unchanged attribute, an
 * unknown attribute, odd spacing or case all survive a rewrite.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "ss_cookie.h"

/* RFC 6265bis 5.6: name + value longer than this is ignored. */
#define SS_COOKIE_MAX_PAIR 4096

/* The pieces of one Set-Cookie line (raw segments, trimmed names and
 * values) are copied into one arena allocated per line: a line of n bytes
 * needs at most 2n + 3 per segment, see ss_cookie_parse. */
typedef struct {
    char *next;
} arena_t;

static const char *
arena_copy(arena_t *ar, const char *s, size_t len)
{
    char *d = ar->next;
    memcpy(d, s, len);
    d[len] = '\0';
    ar->next += len + 1;
    return d;
}

static const char *
arena_trim(arena_t *ar, const char *s, size_t len)
{
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) {
        len--;
    }
    return arena_copy(ar, s, len);
}

static const char *
trim(apr_pool_t *p, const char *s, size_t len)
{
    arena_t ar;
    ar.next = apr_palloc(p, len + 1);
    return arena_trim(&ar, s, len);
}

static void
split_attr(arena_t *ar, ss_cookie_attr_t *a, const char *seg, size_t len)
{
    const char *eq = memchr(seg, '=', len);
    a->raw = arena_copy(ar, seg, len);
    if (eq) {
        a->name = arena_trim(ar, seg, (size_t)(eq - seg));
        a->value = arena_trim(ar, eq + 1, len - (size_t)(eq - seg) - 1);
    } else {
        a->name = arena_trim(ar, seg, len);
        a->value = NULL;
    }
}

enum { SCAN_SEMI = 1, SCAN_CTL = 2 };
#define CTL8(x)                                                                \
    SCAN_CTL, SCAN_CTL, SCAN_CTL, SCAN_CTL, SCAN_CTL, SCAN_CTL, SCAN_CTL,      \
        SCAN_CTL
static const unsigned char scan_class[256] = {
    /* 0x00-0x1f are control characters, except TAB (0x09) */
    CTL8(0),          SCAN_CTL, 0,        SCAN_CTL, SCAN_CTL, SCAN_CTL,
    SCAN_CTL,         SCAN_CTL, SCAN_CTL, CTL8(0),  CTL8(0),  [';'] = SCAN_SEMI,
    [0x7f] = SCAN_CTL
};
#undef CTL8

ss_cookie_t *
ss_cookie_parse(apr_pool_t *p, const char *line)
{
    ss_cookie_t *c;
    const char *s, *semi, *eq;
    size_t plen, len, nsegs = 1;
    arena_t ar;

    if (!line) {
        return NULL;
    }
    c = apr_pcalloc(p, sizeof(*c));
    c->original = line;
    c->name = c->value = "";
    for (s = line; *s; s++) {
        /* one table lookup per byte: control characters reject the line
         * (6265bis 5.6 step 1), ';' counts segments */
        unsigned char k = scan_class[(unsigned char)*s];
        if (k) {
            if (k == SCAN_CTL) {
                c->attrs = apr_array_make(p, 1, sizeof(ss_cookie_attr_t));
                c->invalid_reason = "control character in Set-Cookie";
                return c;
            }
            nsegs++;
        }
    }
    len = (size_t)(s - line);
    c->attrs = apr_array_make(p, (int)nsegs + 2, sizeof(ss_cookie_attr_t));
    /* every segment is stored raw, then as trimmed name and value: at
     * most 2 * len bytes plus 3 NULs per segment */
    ar.next = apr_palloc(p, 2 * len + 3 * nsegs);
    semi = memchr(line, ';', len);
    plen = semi ? (size_t)(semi - line) : len;
    c->raw_pair = arena_copy(&ar, line, plen);
    eq = memchr(line, '=', plen);
    if (eq) {
        c->name = arena_trim(&ar, line, (size_t)(eq - line));
        c->value = arena_trim(&ar, eq + 1, plen - (size_t)(eq - line) - 1);
    } else {
        /* 6265bis: no '=' means a nameless cookie whose value is the
         * whole pair. */
        c->value = arena_trim(&ar, line, plen);
    }
    while (semi) {
        const char *seg = semi + 1;
        size_t rest = len - (size_t)(seg - line);
        ss_cookie_attr_t *a;
        semi = memchr(seg, ';', rest);
        a = apr_array_push(c->attrs);
        split_attr(&ar, a, seg, semi ? (size_t)(semi - seg) : rest);
    }
    c->nparsed = c->attrs->nelts;
    if (!*c->name && !*c->value) {
        c->invalid_reason = "empty cookie name and value";
        return c;
    }
    if (strlen(c->name) + strlen(c->value) > SS_COOKIE_MAX_PAIR) {
        c->invalid_reason = "name and value longer than 4096 bytes";
        return c;
    }
    c->valid = 1;
    return c;
}

/* Append n bytes at *d. */
static inline void
put(char **d, const char *s, size_t n)
{
    memcpy(*d, s, n);
    *d += n;
}

/* The original line followed by the attributes added after it. */
static const char *
append_attrs(apr_pool_t *p, const ss_cookie_t *c)
{
    size_t olen = strlen(c->original), total = olen;
    char *out, *d;
    int i;

    for (i = c->nparsed; i < c->attrs->nelts; i++) {
        const ss_cookie_attr_t *a =
            &APR_ARRAY_IDX(c->attrs, i, ss_cookie_attr_t);
        total += 2 + strlen(a->name) + (a->value ? 1 + strlen(a->value) : 0);
    }
    out = d = apr_palloc(p, total + 1);
    put(&d, c->original, olen);
    for (i = c->nparsed; i < c->attrs->nelts; i++) {
        const ss_cookie_attr_t *a =
            &APR_ARRAY_IDX(c->attrs, i, ss_cookie_attr_t);
        put(&d, "; ", 2);
        put(&d, a->name, strlen(a->name));
        if (a->value) {
            put(&d, "=", 1);
            put(&d, a->value, strlen(a->value));
        }
    }
    *d = '\0';
    return out;
}

const char *
ss_cookie_str(apr_pool_t *p, const ss_cookie_t *c)
{
    size_t total;
    char *out, *d;
    int i, pass;

    if (!c) {
        return NULL;
    }
    if (!c->valid || !c->modified) {
        return c->original;
    }
    if (c->raw_pair) {
        /* the usual rewrite only appends attributes ("; SameSite=Lax;
         * Secure"): the original line, then the new ones */
        for (i = 0; i < c->attrs->nelts; i++) {
            const ss_cookie_attr_t *a =
                &APR_ARRAY_IDX(c->attrs, i, ss_cookie_attr_t);
            if ((a->raw != NULL) != (i < c->nparsed)) {
                break;
            }
        }
        if (i == c->attrs->nelts && c->attrs->nelts >= c->nparsed) {
            return append_attrs(p, c);
        }
    }
    /* two passes over the same segments: measure, then copy */
    out = d = NULL;
    total = 0;
    for (pass = 0; pass < 2; pass++) {
        size_t n = 0;
#define EMIT(str, len)                                                         \
    do {                                                                       \
        if (pass)                                                              \
            put(&d, (str), (len));                                             \
        else                                                                   \
            n += (len);                                                        \
    } while (0)
        if (c->raw_pair) {
            EMIT(c->raw_pair, strlen(c->raw_pair));
        } else {
            if (*c->name) {
                EMIT(c->name, strlen(c->name));
                EMIT("=", 1);
            }
            EMIT(c->value, strlen(c->value));
        }
        for (i = 0; i < c->attrs->nelts; i++) {
            const ss_cookie_attr_t *a =
                &APR_ARRAY_IDX(c->attrs, i, ss_cookie_attr_t);
            EMIT(";", 1);
            if (a->raw) {
                EMIT(a->raw, strlen(a->raw));
                continue;
            }
            EMIT(" ", 1);
            EMIT(a->name, strlen(a->name));
            if (a->value) {
                EMIT("=", 1);
                EMIT(a->value, strlen(a->value));
            }
        }
#undef EMIT
        if (!pass) {
            total = n;
            out = d = apr_palloc(p, total + 1);
        }
    }
    out[total] = '\0';
    return out;
}

/* Attribute names compare case-insensitively (RFC 6265bis 5.6); the
 * first byte is checked inline before the library call. */
static inline int
attr_is(const ss_cookie_attr_t *a, const char *name)
{
    return ((unsigned char)a->name[0] | 0x20) == ((unsigned char)name[0] | 0x20)
           && !strcasecmp(a->name, name);
}

const ss_cookie_attr_t *
ss_cookie_attr_get(const ss_cookie_t *c, const char *name)
{
    int i;
    if (!c || !c->attrs) {
        return NULL;
    }
    for (i = c->attrs->nelts - 1; i >= 0; i--) {
        const ss_cookie_attr_t *a =
            &APR_ARRAY_IDX(c->attrs, i, ss_cookie_attr_t);
        if (attr_is(a, name)) {
            return a;
        }
    }
    return NULL;
}

static void
attr_delete(ss_cookie_t *c, int idx)
{
    ss_cookie_attr_t *base = (ss_cookie_attr_t *)c->attrs->elts;
    memmove(base + idx, base + idx + 1,
            sizeof(*base) * (size_t)(c->attrs->nelts - idx - 1));
    c->attrs->nelts--;
}

void
ss_cookie_attr_set(ss_cookie_t *c, const char *name, const char *value)
{
    int i, first = -1;
    ss_cookie_attr_t *a;

    for (i = 0; i < c->attrs->nelts; i++) {
        a = &APR_ARRAY_IDX(c->attrs, i, ss_cookie_attr_t);
        if (attr_is(a, name)) {
            if (first < 0) {
                first = i;
            } else {
                attr_delete(c, i--);
            }
        }
    }
    if (first >= 0) {
        a = &APR_ARRAY_IDX(c->attrs, first, ss_cookie_attr_t);
    } else {
        a = apr_array_push(c->attrs);
    }
    a->name = name;
    a->value = value;
    a->raw = NULL;
    c->modified = 1;
}

int
ss_cookie_attr_remove(ss_cookie_t *c, const char *name)
{
    int i, n = 0;
    for (i = 0; i < c->attrs->nelts; i++) {
        const ss_cookie_attr_t *a =
            &APR_ARRAY_IDX(c->attrs, i, ss_cookie_attr_t);
        if (attr_is(a, name)) {
            attr_delete(c, i--);
            n++;
        }
    }
    if (n) {
        c->modified = 1;
    }
    return n;
}

void
ss_cookie_rename(ss_cookie_t *c, const char *name)
{
    c->name = name;
    c->raw_pair = NULL;
    c->modified = 1;
}

ss_samesite_t
ss_samesite_parse(const char *s)
{
    if (!s) {
        return SS_SAMESITE_UNSET;
    }
    if (!strcasecmp(s, "strict")) {
        return SS_SAMESITE_STRICT;
    }
    if (!strcasecmp(s, "lax")) {
        return SS_SAMESITE_LAX;
    }
    if (!strcasecmp(s, "none")) {
        return SS_SAMESITE_NONE;
    }
    return SS_SAMESITE_INVALID;
}

ss_samesite_t
ss_cookie_samesite(const ss_cookie_t *c)
{
    const ss_cookie_attr_t *a = ss_cookie_attr_get(c, "SameSite");
    if (!a) {
        return SS_SAMESITE_UNSET;
    }
    return a->value ? ss_samesite_parse(a->value) : SS_SAMESITE_INVALID;
}

const char *
ss_samesite_name(ss_samesite_t s)
{
    switch (s) {
    case SS_SAMESITE_STRICT:
        return "Strict";
    case SS_SAMESITE_LAX:
        return "Lax";
    case SS_SAMESITE_NONE:
        return "None";
    default:
        return NULL;
    }
}

int
ss_cookie_has(const ss_cookie_t *c, const char *attr)
{
    return ss_cookie_attr_get(c, attr) != NULL;
}

/* ---- Cookie request header ------------------------------------------ */

typedef struct pair_t {
    const char *name;
    const char *rest; /* "=value" or "" (byte for byte) */
    int drop;
} pair_t;

/* Split a Cookie request header into name / "=value" pairs, bytes kept. */
static apr_array_header_t *
split_pairs(apr_pool_t *p, const char *s)
{
    apr_array_header_t *pairs;
    pairs = apr_array_make(p, 8, sizeof(pair_t));
    while (*s) {
        const char *end = strchr(s, ';'), *eq;
        size_t len;
        pair_t *pr;
        while (*s == ' ' || *s == '\t') {
            s++;
        }
        len = end ? (size_t)(end - s) : strlen(s);
        while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) {
            len--;
        }
        if (len > 0) {
            pr = apr_array_push(pairs);
            eq = memchr(s, '=', len);
            if (eq) {
                pr->name = trim(p, s, (size_t)(eq - s));
                pr->rest = apr_pstrmemdup(p, eq, len - (size_t)(eq - s));
            } else {
                pr->name = "";
                pr->rest = apr_pstrmemdup(p, s, len);
            }
            pr->drop = 0;
        }
        if (!end) {
            break;
        }
        s = end + 1;
    }
    return pairs;
}

apr_array_header_t *
ss_cookie_header_names(apr_pool_t *p, const char *header)
{
    apr_array_header_t *names = apr_array_make(p, 8, sizeof(const char *));
    apr_array_header_t *pairs;
    int i;

    if (!header) {
        return names;
    }
    pairs = split_pairs(p, header);
    for (i = 0; i < pairs->nelts; i++) {
        const pair_t *pr = &APR_ARRAY_IDX(pairs, i, pair_t);
        APR_ARRAY_PUSH(names, const char *) = pr->name;
    }
    return names;
}

const char *
ss_cookie_header_map(apr_pool_t *p, const char *header,
                     const ss_cookie_map_t *maps, int nmaps)
{
    apr_array_header_t *pairs;
    const char *s = header;
    int i, j, changed = 0;

    if (!header || !maps || nmaps <= 0) {
        return header;
    }
    pairs = split_pairs(p, s);
    for (j = 0; j < nmaps; j++) {
        int has_from = 0, has_to = 0;
        if (!maps[j].to) {
            /* removed, whatever follows */
            for (i = 0; i < pairs->nelts; i++) {
                pair_t *pr = &APR_ARRAY_IDX(pairs, i, pair_t);
                if (!pr->drop && !strcmp(pr->name, maps[j].from)) {
                    pr->drop = 1;
                    changed = 1;
                }
            }
            continue;
        }
        for (i = 0; i < pairs->nelts; i++) {
            pair_t *pr = &APR_ARRAY_IDX(pairs, i, pair_t);
            if (pr->drop) {
                continue;
            }
            if (!strcmp(pr->name, maps[j].from)) {
                has_from = 1;
            } else if (!strcmp(pr->name, maps[j].to)) {
                has_to = 1;
            }
        }
        if (!has_from || (maps[j].only_if_missing && has_to)) {
            continue;
        }
        for (i = 0; i < pairs->nelts; i++) {
            pair_t *pr = &APR_ARRAY_IDX(pairs, i, pair_t);
            if (pr->drop) {
                continue;
            }
            if (!strcmp(pr->name, maps[j].from)) {
                pr->name = maps[j].to;
                changed = 1;
            } else if (!strcmp(pr->name, maps[j].to) && !pr->drop) {
                pr->drop = 1; /* the renamed, prefixed one wins */
                changed = 1;
            }
        }
    }
    if (!changed) {
        return header;
    }
    {
        const char *out = NULL;
        for (i = 0; i < pairs->nelts; i++) {
            pair_t *pr = &APR_ARRAY_IDX(pairs, i, pair_t);
            const char *one;
            if (pr->drop) {
                continue;
            }
            one =
                *pr->name ? apr_pstrcat(p, pr->name, pr->rest, NULL) : pr->rest;
            out = out ? apr_pstrcat(p, out, "; ", one, NULL) : one;
        }
        return out ? out : "";
    }
}
