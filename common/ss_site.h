/* ss_site.h -- registrable domains and schemeful same-site via libpsl.
 *
 * A site is scheme + registrable domain (eTLD+1 from the Public Suffix
 * List, private section included: a.github.io and b.github.io are
 * cross-site).  IP literals and hosts that are themselves public suffixes
 * (or single labels like localhost) are their own site.  ws/wss compare as
 * http/https (Chromium's SchemefulSite).  Ports never matter.
 */
#ifndef SS_SITE_H
#define SS_SITE_H

#include <apr_pools.h>
#include "ss_origin.h"

typedef struct ss_psl_t ss_psl_t;

/** The largest list file ss_psl_open reads (the real list is ~250 KiB). */
#define SS_PSL_MAX_SIZE (16 << 20)

/** Load a Public Suffix List.  path NULL: the system list
 *  (/usr/share/publicsuffix via psl_latest), falling back to libpsl's
 *  built-in list.  A path is a regular file of at most SS_PSL_MAX_SIZE
 *  bytes: a .dafsa list, or a .dat list whose every line is a comment,
 *  blank or a rule, with at least one rule (a device such as /dev/zero,
 *  /etc/passwd or an empty file is refused before libpsl reads it).
 *  Freed with the pool.  On error returns APR_EINVAL and *err names the
 *  file and the reason. */
apr_status_t ss_psl_open(ss_psl_t **out, apr_pool_t *p, const char *path,
                         const char **err);

/** Remember each host's registrable domain in p from now on (the same
 *  frontend looked up for 10,000 server blocks costs one PSL walk).  For
 *  single-threaded users that own psl, like samesite-lint; the module
 *  never calls it (its list is shared by every request thread). */
void ss_psl_memoize(ss_psl_t *psl, apr_pool_t *p);

/** Where the list came from (file name or "built-in"), for logs. */
const char *ss_psl_source(const ss_psl_t *psl);

/** Non-zero when host (normalised) is a public suffix (com, github.io). */
int ss_psl_is_public_suffix(const ss_psl_t *psl, const char *host);

/** Non-zero when host is a public suffix by a rule of the list (co.uk,
 *  github.io, anything under a wildcard rule such as *.ck), not by the
 *  implicit "*" rule alone that makes every unlisted single label
 *  (localhost, test) its own suffix. */
int ss_psl_is_listed_suffix(const ss_psl_t *psl, const char *host);

/** Registrable domain of a normalised host; the host itself for IPs,
 *  single labels and public suffixes.  A trailing dot is kept. */
const char *ss_site_domain(apr_pool_t *p, const ss_psl_t *psl,
                           const char *host);

/** Schemeful same-site.  "null" origins are never same-site. */
int ss_same_site(const ss_psl_t *psl, const ss_origin_t *a,
                 const ss_origin_t *b);

/** Cookie domain-match (RFC 6265bis 5.1.3): host equals domain, or ends
 *  with "." + domain and is not an IP.  domain without a leading dot. */
int ss_domain_match(const char *host, const char *domain);

#endif
