/* lint_regex.h -- origin regexes: what they were written to allow and what
 * else they let through.
 *
 * Shared by the model (lint_model.c turns the intended origins of an
 * allowlist regex into frontends, tagged as regex-derived) and by
 * cors-origin-regex-bypass (which tries attacker origins derived from the
 * same intended origins against the regex with PCRE2).
 */
#ifndef LINT_REGEX_H
#define LINT_REGEX_H

#include <apr_pools.h>
#include <apr_tables.h>
#include "ss.h"

/* One origin an allowlist regex was written to accept. */
typedef struct lint_regex_intent_t {
    const char *origin;  /* canonical origin; a wildcard part of the host
                             is "x" ("https://x.example.com") and of the
                             port "1" */
    const char *pattern; /* the same as an allowlist entry: "https://\*.
                             example.com" when the leftmost label is a
                             wildcard, else equal to origin */
    int wildcard;        /* part of host or port came from a wildcard */
} lint_regex_intent_t;

/* PCRE2 match: 1 match, 0 no match, -1 the regex does not compile (or
 * an argument is NULL).  Every function here keeps each compiled (regex,
 * caseless) in pool p for the next call, freed with the pool. */
int lint_regex_matches(apr_pool_t *p, const char *re, int caseless,
                       const char *subject);

/* The groups of the first match ($0 the whole match, an unset group "")
 * or NULL when re does not match or does not compile. */
apr_array_header_t *lint_regex_captures(apr_pool_t *p, const char *re,
                                        int caseless, const char *subject);

/* mod_headers' `Header edit[*]`: replace the first (all) match(es) of re
 * in subject by rep, where $0-$9 and & are the groups and \ escapes
 * (httpd's ap_pregsub).  NULL when re does not compile. */
const char *lint_regex_substitute(apr_pool_t *p, const char *re,
                                  const char *rep, int all,
                                  const char *subject);

/* Non-zero when the regex uses a construct the analysis does not model:
 * possessive quantifiers, atomic groups, backreferences, recursion,
 * conditionals.  SPEC 4: one note on that line, never an abort. */
int lint_regex_unanalysable(const char *re);

/* The origins the regex was written to accept (lint_regex_intent_t *),
 * derived from its literal text: anchors dropped, escapes undone, every
 * alternative of every group expanded (capped), optional literals tried
 * with and without, optional groups that contain a wildcard (a port
 * `(:[0-9]+)?`) skipped, wildcards turned into a label; "https://"
 * assumed when the regex names no scheme.  Only http(s) origins are
 * kept, never "null".  Empty when nothing can be derived. */
apr_array_header_t *lint_regex_intents(apr_pool_t *p, const char *re);

/* The first attacker origin the regex accepts that lies outside every
 * intended site (scheme + registrable domain), or NULL.  Candidates come
 * from each intended origin: suffix append, prefix add, each unescaped
 * dot, special characters browsers allow in hosts, the same tricks
 * carried through a port, scheme downgrade, userinfo.  Only an Origin a
 * browser can send is ever returned (no userinfo, no path, lower case).
 * *intended (may be NULL) gets the intended origin it was derived from. */
const char *lint_regex_bypass(apr_pool_t *p, const ss_psl_t *psl,
                              const char *re, int caseless,
                              const apr_array_header_t *intents,
                              const char **intended);

#endif
