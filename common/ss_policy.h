/* ss_policy.h -- cookie policy: a pure function from (topology, rule,
 * cookie) to the list of attribute changes, each with its rule id.
 * The module applies the list (or only logs it in ReportOnly); the
 * linter reports it.  Never two implementations of one browser rule.
 */
#ifndef SS_POLICY_H
#define SS_POLICY_H

#include <apr_pools.h>
#include <apr_tables.h>
#include "ss_cookie.h"
#include "ss_topology.h"
#include "ss_log.h"

typedef enum { SS_TRI_UNSET = -1, SS_TRI_OFF = 0, SS_TRI_ON = 1 } ss_tri_t;

typedef enum {
    SS_MODE_UNSET = 0,
    SS_MODE_AUTO, /* from the topology table */
    SS_MODE_STRICT,
    SS_MODE_LAX,
    SS_MODE_NONE,
    SS_MODE_KEEP /* leave SameSite as the backend sent it */
} ss_samesite_mode_t;

/** `SameSiteCookie GLOB [mode] [flags...]`; first match wins. */
typedef struct ss_cookie_rule_t {
    const char *glob; /* apr_fnmatch pattern on the name */
    ss_samesite_mode_t mode;
    ss_tri_t httponly;
    ss_tri_t secure;
    ss_tri_t partitioned;
    int host_prefix; /* rename to __Host-NAME */
    int literal;     /* glob has no wildcard: compare names
                                    (no fnmatch per Set-Cookie) */
} ss_cookie_rule_t;

/** Parse the arguments of SameSiteCookie after the glob ("Auto",
 *  "-HttpOnly", "HostPrefix", ...).  Returns NULL or an error message. */
const char *ss_cookie_rule_parse(ss_cookie_rule_t **out, apr_pool_t *p,
                                 const char *glob, int argc,
                                 const char *const *argv);

/** First rule of an array of (ss_cookie_rule_t *) whose glob matches. */
const ss_cookie_rule_t *ss_cookie_rule_find(const apr_array_header_t *rules,
                                            const char *name);

typedef struct ss_cookie_ctx_t {
    const ss_topology_t *topology; /* public origin + frontends */
    const ss_psl_t *psl;
    ss_class_t request_class;  /* this request seen from the public
                                      origin (Origin / Sec-Fetch-Site) */
    int request_from_frontend; /* Origin is a declared frontend */
    int legacy_duplicate;      /* SameSiteLegacyClients Duplicate */
    int omit_none;             /* OmitNone and the UA is incompatible */
    int terse;                 /* skip formatting the messages of
                                      applied changes (message NULL);
                                      findings keep theirs */
} ss_cookie_ctx_t;

typedef enum {
    SS_CHANGE_SET = 1, /* set attr (value NULL for a flag) */
    SS_CHANGE_REMOVE,  /* remove attr */
    SS_CHANGE_RENAME,  /* rename the cookie to value */
    SS_CHANGE_NONE     /* no change: a finding only (left as is) */
} ss_change_op_t;

typedef struct ss_cookie_change_t {
    ss_change_op_t op;
    const char *attr;     /* "SameSite", "Secure", ... ; NULL for RENAME */
    const char *value;    /* new value or name */
    const char *rule_id;  /* catalog id that explains the change */
    ss_log_level_t level; /* how loudly the module logs it */
    const char *message;  /* concrete sentence for logs / findings */
} ss_cookie_change_t;

/** Compute the changes for one cookie.  rule may be NULL: no
 *  SameSiteCookie matched, which means Auto with no flags (the topology
 *  decides SameSite; browser-rule fixes such as None without Secure,
 *  prefixes and Domain apply).  Use a `Keep` rule to leave SameSite
 *  alone.  An invalid cookie gives one SS_CHANGE_NONE entry with rule
 *  cookie-invalid and must be passed through unchanged.  Returns an
 *  array of ss_cookie_change_t (maybe empty). */
apr_array_header_t *ss_cookie_policy(apr_pool_t *p, const ss_cookie_t *c,
                                     const ss_cookie_rule_t *rule,
                                     const ss_cookie_ctx_t *ctx);

/** Apply changes to the cookie (SS_CHANGE_NONE entries are skipped). */
void ss_cookie_apply(ss_cookie_t *c, const apr_array_header_t *changes);

/** Suffix of the twin cookie of SameSiteLegacyClients Duplicate. */
#define SS_LEGACY_SUFFIX "-legacy"

/** For SameSiteLegacyClients Duplicate: the NAME-legacy twin of a
 *  cookie (same value and attributes, SameSite removed), or NULL when
 *  the cookie is not SameSite=None. */
ss_cookie_t *ss_cookie_legacy_twin(apr_pool_t *p, const ss_cookie_t *c);

/** Request side: the renames that give the backend the cookie names it
 *  set, undoing what ss_cookie_policy and ss_cookie_legacy_twin did to
 *  the response.  names: the cookie names of the request's Cookie header
 *  (ss_cookie_header_names), rules: the SameSiteCookie rules (of
 *  ss_cookie_rule_t *, may be NULL), legacy_duplicate: SameSiteLegacyClients
 *  Duplicate.
 *    __Host-NAME        -> NAME  when NAME's rule has HostPrefix (rule
 *                                cookie-prefix-violation)
 *    NAME-legacy        -> NAME  only when neither NAME nor its real
 *                                cookie was sent (cookie-legacy-duplicate)
 *    __Host-NAME-legacy -> NAME  both at once (the twin of a HostPrefix
 *                                cookie)
 *  host_prefix: HostPrefix renames in responses (the public origin is
 *  https or not known, as in ss_cookie_policy); then the backend sees a
 *  HostPrefix NAME only from __Host-NAME (or its twin
 *  __Host-NAME-legacy): a plain NAME, NAME-legacy and case variants of
 *  the prefix (__hOST-NAME, which the module never sets) are removed,
 *  entries with `to` NULL that come first (cookie-prefix-violation: a
 *  sibling subdomain can toss them with Domain=).
 *  Every entry returned applies to this header (one rename or removal
 *  each, in order), ready for ss_cookie_header_map.  Returns an array of
 *  ss_cookie_map_t, empty when nothing is to be renamed. */
apr_array_header_t *ss_cookie_request_maps(apr_pool_t *p,
                                           const apr_array_header_t *rules,
                                           int legacy_duplicate,
                                           int host_prefix,
                                           const apr_array_header_t *names);

#endif
