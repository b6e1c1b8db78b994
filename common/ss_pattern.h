/* ss_pattern.h -- origin allowlist entries.
 *
 * An entry is an exact origin ("https://app.example.com"), the opaque
 * origin "null" (only when written literally), or an anchored label
 * wildcard "https://\*.example.com[:port]" that matches one or more labels
 * in front of example.com -- never example.com itself, never
 * https://example.com.evil.test, never https://evilexample.com.  No
 * regular expressions: matching is label comparison.
 */
#ifndef SS_PATTERN_H
#define SS_PATTERN_H

#include <apr_pools.h>
#include <apr_tables.h>
#include "ss_origin.h"
#include "ss_site.h"

typedef struct ss_pattern_t {
    const char *text;   /* canonical text */
    ss_origin_t origin; /* exact origin, or scheme/suffix/port */
    unsigned int wildcard : 1;
} ss_pattern_t;

/** Parse one pattern.  A wildcard must be "*." followed by at least two
 *  labels ("https://\*.com" is rejected as SS_ORIGIN_BAD_HOST). */
ss_origin_err_t ss_pattern_parse(ss_pattern_t **out, apr_pool_t *p,
                                 const char *s);

/** The public suffix that makes pat an allowlist of strangers' sites, or
 *  NULL when it has none: a wildcard whose part after "*." is a public
 *  suffix ("https://\*.co.uk", "https://\*.github.io": co.uk) or holds
 *  one under a wildcard rule of the list ("https://\*.foo.ck": *.foo.ck),
 *  or an exact origin whose host is one ("https://github.io").  Only
 *  listed rules count (ss_psl_is_listed_suffix): "http://localhost:3000"
 *  has none.  "null" has none either (it is no host; see
 *  cors-null-origin). */
const char *ss_pattern_public_suffix(apr_pool_t *p, const ss_psl_t *psl,
                                     const ss_pattern_t *pat);

/** Non-zero when the origin is matched by the pattern. */
int ss_pattern_match(const ss_pattern_t *pat, const ss_origin_t *o);

/** First pattern of an array of (ss_pattern_t *) that matches, or NULL. */
const ss_pattern_t *ss_patterns_match(const apr_array_header_t *pats,
                                      const ss_origin_t *o);

#endif
