/* ss_pattern.c -- origin allowlist entries: exact, "null", or an
 * anchored label wildcard.  Matching compares labels; no regex, so the
 * classic bypasses (suffix append, unescaped dot, prefix) cannot happen. */
#include <string.h>
#include <apr_strings.h>
#include "ss_pattern.h"

ss_origin_err_t
ss_pattern_parse(ss_pattern_t **out, apr_pool_t *p, const char *s)
{
    ss_pattern_t *pat;
    ss_origin_t *o;
    ss_origin_err_t err;
    const char *star;

    *out = NULL;
    if (!s || !*s) {
        return SS_ORIGIN_EMPTY;
    }
    pat = apr_pcalloc(p, sizeof(*pat));
    star = strstr(s, "://*.");
    if (star) {
        const char *rest = star + 5;
        const char *plain = apr_pstrcat(
            p, apr_pstrmemdup(p, s, (size_t)(star - s)), "://", rest, NULL);
        err = ss_origin_parse(&o, p, plain);
        if (err != SS_ORIGIN_OK) {
            return err;
        }
        /* "*.com" would allow every .com site: require two labels. */
        if (o->is_ip || !strchr(o->host, '.')
            || o->host[strlen(o->host) - 1] == '.') {
            return SS_ORIGIN_BAD_HOST;
        }
        pat->wildcard = 1;
    } else {
        err = ss_origin_parse(&o, p, s);
        if (err != SS_ORIGIN_OK) {
            return err;
        }
    }
    pat->origin = *o;
    pat->text = pat->wildcard
                    ? apr_psprintf(p, "%s://*.%s", o->scheme,
                                   ss_origin_str(p, o) + strlen(o->scheme) + 3)
                    : ss_origin_str(p, o);
    *out = pat;
    return SS_ORIGIN_OK;
}

const char *
ss_pattern_public_suffix(apr_pool_t *p, const ss_psl_t *psl,
                         const ss_pattern_t *pat)
{
    const char *host, *below;
    if (!pat || pat->origin.is_null || pat->origin.is_ip || !psl) {
        return NULL;
    }
    host = pat->origin.host;
    if (ss_psl_is_listed_suffix(psl, host)) {
        return host;
    }
    /* a wildcard rule under the suffix (*.foo.ck, *.compute.amazonaws.com):
     * every label the "*" matches is a public suffix of its own */
    below = apr_pstrcat(p, "samesite-probe.", host, NULL);
    if (pat->wildcard && ss_psl_is_listed_suffix(psl, below)) {
        return apr_pstrcat(p, "*.", host, NULL);
    }
    return NULL;
}

int
ss_pattern_match(const ss_pattern_t *pat, const ss_origin_t *o)
{
    size_t hl, sl;
    if (!pat || !o) {
        return 0;
    }
    if (pat->origin.is_null || o->is_null) {
        return pat->origin.is_null && o->is_null;
    }
    if (!pat->wildcard) {
        return ss_origin_equal(&pat->origin, o);
    }
    if (o->is_ip || o->port != pat->origin.port
        || strcmp(o->scheme, pat->origin.scheme)) {
        return 0;
    }
    hl = strlen(o->host);
    sl = strlen(pat->origin.host);
    /* one or more labels, then ".suffix" exactly */
    return hl > sl + 1 && o->host[hl - sl - 1] == '.'
           && !strcmp(o->host + hl - sl, pat->origin.host) && o->host[0] != '.';
}

const ss_pattern_t *
ss_patterns_match(const apr_array_header_t *pats, const ss_origin_t *o)
{
    int i;
    if (!pats || !o) {
        return NULL;
    }
    for (i = 0; i < pats->nelts; i++) {
        const ss_pattern_t *pat = APR_ARRAY_IDX(pats, i, const ss_pattern_t *);
        if (ss_pattern_match(pat, o)) {
            return pat;
        }
    }
    return NULL;
}
