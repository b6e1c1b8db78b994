/* ss_topology.h -- classify frontends against a public origin.
 *
 * The table of seed 002 / SPEC section 1:
 *   all same-origin          -> SameSite Strict (or Lax), no CORS
 *   same-site, cross-origin  -> Strict or Lax, CORS with credentials
 *   any cross-site           -> None; Secure (+ Partitioned when set in a
 *                               cross-site context), full preflight CORS
 * plus the traps: schemeful (http frontend, https API), internal
 * addresses the browser never sees (proxy origin illusion), public-suffix
 * hosts (a.github.io vs b.github.io).
 */
#ifndef SS_TOPOLOGY_H
#define SS_TOPOLOGY_H

#include <apr_pools.h>
#include <apr_tables.h>
#include "ss_origin.h"
#include "ss_site.h"
#include "ss_pattern.h"
#include "ss_cookie.h"

typedef enum {
    SS_CLASS_NONE = 0, /* no frontend / no Origin: not classified */
    SS_CLASS_SAME_ORIGIN,
    SS_CLASS_SAME_SITE,
    SS_CLASS_CROSS_SITE
} ss_class_t;

typedef enum {
    SS_CORS_MODE_NONE = 0,    /* every frontend is same-origin */
    SS_CORS_MODE_CREDENTIALS, /* same-site frontends */
    SS_CORS_MODE_FULL         /* cross-site frontends: full preflight */
} ss_cors_mode_t;

/** "none" / "same-origin" / "same-site" / "cross-site". */
const char *ss_class_name(ss_class_t c);

/** Class of `other` seen from `self` (the public origin). */
ss_class_t ss_classify(const ss_psl_t *psl, const ss_origin_t *self,
                       const ss_origin_t *other);

/** Class of every origin a pattern can match (a wildcard under the
 *  public origin's registrable domain is same-site; a wildcard over a
 *  public suffix, like "https://\*.github.io", is cross-site). */
ss_class_t ss_classify_pattern(const ss_psl_t *psl, const ss_origin_t *self,
                               const ss_pattern_t *pat);

typedef struct ss_frontend_class_t {
    const ss_pattern_t *frontend;
    ss_class_t cls;
} ss_frontend_class_t;

typedef struct ss_topology_t {
    const ss_origin_t *public_origin;
    apr_array_header_t *frontends; /* of ss_frontend_class_t */
    ss_class_t worst;              /* NONE when there are no frontends */
    ss_samesite_t samesite;        /* recommended cookie SameSite */
    int secure;                    /* cookies should be Secure */
    int partitioned;               /* cross-site: Partitioned needed when
                                        set in a cross-site context */
    ss_cors_mode_t cors;           /* recommended CORS mode */
    apr_array_header_t *findings;  /* of ss_finding_t (traps) */
} ss_topology_t;

/** Analyse one public origin and its frontends (array of ss_pattern_t *,
 *  may be NULL).  default_samesite is Strict or Lax (SameSiteDefault).
 *  Never fails; traps land in ->findings with rule ids. */
ss_topology_t *ss_topology_analyse(apr_pool_t *p, const ss_psl_t *psl,
                                   const ss_origin_t *public_origin,
                                   const apr_array_header_t *frontends,
                                   ss_samesite_t default_samesite);

/** Frontends shared by many public origins (samesite-lint: one allowlist
 *  read by every server of a configuration).  What the analysis needs
 *  from each frontend -- its site, its traps that do not depend on the
 *  public origin, which public suffixes it shares -- is computed once, so
 *  that analysing one more public origin costs the frontends related to
 *  its site, not the whole list. */
typedef struct ss_frontend_set_t ss_frontend_set_t;

/** frontends: array of ss_pattern_t *, kept (not copied) and never
 *  changed afterwards. */
ss_frontend_set_t *ss_frontend_set_make(apr_pool_t *p, const ss_psl_t *psl,
                                        const apr_array_header_t *frontends);

/** The same result as ss_topology_analyse() on the set's frontends, except
 *  that ->frontends may be one array shared by every result of the set
 *  with the same classes: read only. */
ss_topology_t *ss_topology_analyse_set(apr_pool_t *p, const ss_psl_t *psl,
                                       const ss_origin_t *public_origin,
                                       ss_frontend_set_t *set,
                                       ss_samesite_t default_samesite);

/** "Strict" etc. plus flags, e.g. "None; Secure; Partitioned", for the
 *  topology table. */
const char *ss_topology_cookie_policy(apr_pool_t *p, const ss_topology_t *t);

/** "none" / "credentials" / "full-preflight". */
const char *ss_cors_mode_name(ss_cors_mode_t m);

#endif
