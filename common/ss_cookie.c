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


static const char *
trim(apr_pool_t *p, const char *s, size_t len)
{
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) {
        len--;
    }
    return apr_pstrmemdup(p, s, len);
}


static void
split_attr(apr_pool_t *p, ss_cookie_attr_t *a, const char *seg, size_t len)
{
    const char *eq = memchr(seg, '=', len);
    a->raw = apr_pstrmemdup(p, seg, len);
    if (eq) {
        a->name = trim(p, seg, (size_t)(eq - seg));
        a->value = trim(p, eq + 1, len - (size_t)(eq - seg) - 1);
    }
    else {
        a->name = trim(p, seg, len);
        a->value = NULL;
    }
}


ss_cookie_t *
ss_cookie_parse(apr_pool_t *p, const char *line)
{
    ss_cookie_t *c;
    const char *s, *semi, *eq;
    size_t plen;

    if (!line) {
        return NULL;
    }
    c = apr_pcalloc(p, sizeof(*c));
    c->original = line;
    c->attrs = apr_array_make(p, 6, sizeof(ss_cookie_attr_t));
    c->name = c->value = "";
    for (s = line; *s; s++) {
        unsigned char uc = (unsigned char)*s;
        if ((uc < 0x20 && uc != '\t') || uc == 0x7f) {
            c->invalid_reason = "control character in Set-Cookie";
            return c;
        }
    }
    semi = strchr(line, ';');
    plen = semi ? (size_t)(semi - line) : strlen(line);
    c->raw_pair = apr_pstrmemdup(p, line, plen);
    eq = memchr(line, '=', plen);
    if (eq) {
        c->name = trim(p, line, (size_t)(eq - line));
        c->value = trim(p, eq + 1, plen - (size_t)(eq - line) - 1);
    }
    else {
        /* 6265bis: no '=' means a nameless cookie whose value is the
         * whole pair. */
        c->value = trim(p, line, plen);
    }
    while (semi) {
        const char *seg = semi + 1;
        ss_cookie_attr_t *a;
        semi = strchr(seg, ';');
        a = apr_array_push(c->attrs);
        split_attr(p, a, seg, semi ? (size_t)(semi - seg) : strlen(seg));
    }
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


const char *
ss_cookie_str(apr_pool_t *p, const ss_cookie_t *c)
{
    struct iovec *vec;
    int i, n = 0;
    apr_size_t len;

    if (!c) {
        return NULL;
    }
    if (!c->valid || !c->modified) {
        return c->original;
    }
    vec = apr_palloc(p, sizeof(*vec) * (size_t)(2 + c->attrs->nelts * 2));
    if (c->raw_pair) {
        vec[n].iov_base = (void *)c->raw_pair;
    }
    else if (*c->name) {
        vec[n].iov_base = apr_pstrcat(p, c->name, "=", c->value, NULL);
    }
    else {
        vec[n].iov_base = (void *)c->value;
    }
    vec[n].iov_len = strlen(vec[n].iov_base);
    n++;
    for (i = 0; i < c->attrs->nelts; i++) {
        const ss_cookie_attr_t *a = &APR_ARRAY_IDX(c->attrs, i, ss_cookie_attr_t);
        const char *seg = a->raw;
        if (!seg) {
            seg = a->value ? apr_pstrcat(p, " ", a->name, "=", a->value, NULL)
                           : apr_pstrcat(p, " ", a->name, NULL);
        }
        vec[n].iov_base = ";";
        vec[n++].iov_len = 1;
        vec[n].iov_base = (void *)seg;
        vec[n].iov_len = strlen(seg);
        n++;
    }
    return apr_pstrcatv(p, vec, (apr_size_t)n, &len);
}


const ss_cookie_attr_t *
ss_cookie_attr_get(const ss_cookie_t *c, const char *name)
{
    int i;
    if (!c || !c->attrs) {
        return NULL;
    }
    for (i = c->attrs->nelts - 1; i >= 0; i--) {
        const ss_cookie_attr_t *a = &APR_ARRAY_IDX(c->attrs, i, ss_cookie_attr_t);
        if (!strcasecmp(a->name, name)) {
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
        if (!strcasecmp(a->name, name)) {
            if (first < 0) {
                first = i;
            }
            else {
                attr_delete(c, i--);
            }
        }
    }
    if (first >= 0) {
        a = &APR_ARRAY_IDX(c->attrs, first, ss_cookie_attr_t);
    }
    else {
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
        const ss_cookie_attr_t *a = &APR_ARRAY_IDX(c->attrs, i, ss_cookie_attr_t);
        if (!strcasecmp(a->name, name)) {
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
    case SS_SAMESITE_STRICT: return "Strict";
    case SS_SAMESITE_LAX: return "Lax";
    case SS_SAMESITE_NONE: return "None";
    default: return NULL;
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
    const char *rest;     /* "=value" or "" (byte for byte) */
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
            }
            else {
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
        for (i = 0; i < pairs->nelts; i++) {
            pair_t *pr = &APR_ARRAY_IDX(pairs, i, pair_t);
            if (!strcmp(pr->name, maps[j].from)) {
                has_from = 1;
            }
            else if (!strcmp(pr->name, maps[j].to)) {
                has_to = 1;
            }
        }
        if (!has_from || (maps[j].only_if_missing && has_to)) {
            continue;
        }
        for (i = 0; i < pairs->nelts; i++) {
            pair_t *pr = &APR_ARRAY_IDX(pairs, i, pair_t);
            if (!strcmp(pr->name, maps[j].from)) {
                pr->name = maps[j].to;
                changed = 1;
            }
            else if (!strcmp(pr->name, maps[j].to) && !pr->drop) {
                pr->drop = 1;   /* the renamed, prefixed one wins */
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
            one = *pr->name ? apr_pstrcat(p, pr->name, pr->rest, NULL) : pr->rest;
            out = out ? apr_pstrcat(p, out, "; ", one, NULL) : one;
        }
        return out ? out : "";
    }
}
