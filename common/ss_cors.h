/* ss_cors.h -- the CORS decision: pure function of the request and the
 * policy, returning what to do and the exact headers to emit.
 *
 * Two modes, never mixed:
 *   - credentials (SameSiteCORS On): the allowed origin is echoed exactly,
 *     never "*", with Access-Control-Allow-Credentials: true.  A
 *     disallowed, malformed or hostile Origin gets no CORS header at all
 *     and is never echoed.
 *   - public (SameSiteCORS Public, policy.public_cors): the constant
 *     Access-Control-Allow-Origin: * on every response, whatever the
 *     Origin (or none), never with Access-Control-Allow-Credentials and
 *     never an echoed Origin.  The response does not depend on the
 *     Origin, so there is no Vary: Origin (decision.vary is NULL) and a
 *     cache may share one copy between every caller.  Preflights are
 *     checked against the same lists and answered with "*", without
 *     credentials; a preflight the lists refuse gets no CORS header.
 *     A credentialed request still gets "*" alone, which the browser
 *     refuses (Fetch, CORS check): that is the point.
 */
#ifndef SS_CORS_H
#define SS_CORS_H

#include <apr_pools.h>
#include <apr_tables.h>
#include "ss_origin.h"
#include "ss_pattern.h"

#define SS_CORS_DEFAULT_METHODS "GET, HEAD, POST, PUT, PATCH, DELETE"
#define SS_CORS_DEFAULT_MAX_AGE 7200 /* Chromium caps Max-Age at 2 hours */

typedef struct ss_cors_policy_t {
    const ss_origin_t *public_origin;
    const apr_array_header_t *frontends; /* of ss_pattern_t * */
    const char *allow_methods;           /* NULL: SS_CORS_DEFAULT_METHODS */
    const char *allow_headers;           /* NULL: echo the requested headers */
    const char *expose_headers;          /* NULL: none */
    int max_age;                         /* < 0: SS_CORS_DEFAULT_MAX_AGE */
    int private_network;                 /* answer Private Network Access */
    int public_cors; /* SameSiteCORS Public: "*" for any origin, never
                        credentials; frontends are not consulted */
} ss_cors_policy_t;

typedef enum {
    SS_CORS_NOT_CORS = 0,    /* no Origin header */
    SS_CORS_SAME_ORIGIN,     /* Origin is the public origin */
    SS_CORS_ALLOWED,         /* actual request from an allowed frontend */
    SS_CORS_DENIED,          /* Origin not allowed / malformed */
    SS_CORS_PREFLIGHT,       /* valid preflight: answer it */
    SS_CORS_PREFLIGHT_DENIED /* preflight we must not approve */
} ss_cors_result_t;

typedef struct ss_header_t {
    const char *name;
    const char *value;
} ss_header_t;

typedef struct ss_cors_decision_t {
    ss_cors_result_t result;
    const ss_origin_t *origin;   /* parsed Origin, NULL if absent/bad */
    const char *rule_id;         /* why denied (catalog id) or NULL */
    const char *reason;          /* sentence for debug logs */
    apr_array_header_t *headers; /* of ss_header_t: set (replace) these */
    const char *vary;            /* token to merge into Vary ("Origin"):
                                    set on every credentialed decision, so
                                    caches never mix responses made for
                                    two origins; NULL in public mode,
                                    whose headers are the same for all */
    int wildcard;                /* public mode: headers (when any) carry
                                    Access-Control-Allow-Origin: * and
                                    replace every CORS header the backend
                                    sent, on every response (also without
                                    Origin or from the public origin) */
} ss_cors_decision_t;

/** What a list names (ss_cors_list_check). */
typedef enum {
    SS_CORS_LIST_HEADERS = 0, /* request headers (Allow-Headers) */
    SS_CORS_LIST_METHODS = 1, /* Allow-Methods */
    SS_CORS_LIST_EXPOSE = 2   /* response headers (Expose-Headers) */
} ss_cors_list_kind_t;

/** Validate a SameSiteCORSAllow/ExposeHeaders or AllowMethods list:
 *  comma/space separated tokens, no "*" (with credentials browsers take
 *  it literally), and for SS_CORS_LIST_EXPOSE no Set-Cookie (never
 *  exposed: ss_cors_expose_forbidden).  Returns NULL or an error message;
 *  *out receives the normalised ", "-joined list. */
const char *ss_cors_list_check(const char **out, apr_pool_t *p,
                               const char *list, ss_cors_list_kind_t kind);

/** The kind of list a SameSiteCORSAllowMethods / ...AllowHeaders /
 *  ...ExposeHeaders directive takes (by name, case-insensitive; any other
 *  name: SS_CORS_LIST_HEADERS), for the module and samesite-lint alike. */
ss_cors_list_kind_t ss_cors_list_kind(const char *directive);

/** cors-expose-set-cookie: the first name in an Access-Control-Expose-
 *  Headers value that the Fetch standard never exposes to scripts
 *  (the forbidden response-header names Set-Cookie and Set-Cookie2), as
 *  written in value, or NULL. */
const char *ss_cors_expose_forbidden(apr_pool_t *p, const char *value);

/** "not-cors", "same-origin", "allowed", "denied", "preflight",
 *  "preflight-denied". */
const char *ss_cors_result_name(ss_cors_result_t r);

/** Decide.  acr_* are the Access-Control-Request-* headers (NULL if
 *  absent).  In credentials mode the returned headers never contain an
 *  origin that is not in the allowlist, and never "*"; in public mode
 *  they never contain an origin nor Access-Control-Allow-Credentials. */
ss_cors_decision_t *ss_cors_decide(apr_pool_t *p, const ss_cors_policy_t *pol,
                                   const char *method, const char *origin,
                                   const char *acr_method,
                                   const char *acr_headers,
                                   const char *acr_private_network);

/** The same decision for a request whose Origin was parsed once by
 *  ss_request_info_init (method and Origin come from ri). */
struct ss_request_info_t;
ss_cors_decision_t *ss_cors_decide_request(apr_pool_t *p,
                                           const ss_cors_policy_t *pol,
                                           const struct ss_request_info_t *ri,
                                           const char *acr_method,
                                           const char *acr_headers,
                                           const char *acr_private_network);

/** cors-max-age-capped: the reason an Access-Control-Max-Age /
 *  SameSiteCORSMaxAge value misleads ("Chromium caps preflight caching at
 *  7200 seconds"), or NULL when it is honoured as written.  The caller
 *  names the header or directive in front of it. */
const char *ss_cors_max_age_check(apr_pool_t *p, long max_age);

/** The largest SameSiteCORSMaxAge value accepted (one year). */
#define SS_CORS_MAX_MAX_AGE (86400 * 365)

/** Parse a SameSiteCORSMaxAge argument: decimal seconds, 0 to
 *  SS_CORS_MAX_MAX_AGE, nothing after the digits.  Returns 0 and sets
 *  *out, or -1 (*out untouched) for NULL, empty, malformed or
 *  out-of-range input.  The module's directive and samesite-lint's
 *  samesite-directive-invalid both use it. */
int ss_cors_max_age_parse(int *out, const char *arg);

/** Why CORS headers a backend already sent are replaced or removed
 *  (they are never kept next to ours): the catalog id of what they would
 *  break, for the log line.  acao: the backend's Access-Control-Allow-
 *  Origin value (NULL when it sent none), n_acao: how many such headers,
 *  acac: the backend's Access-Control-Allow-Credentials (NULL when none),
 *  origin: the request's Origin.  NULL when the decision leaves the
 *  backend's headers alone (credentials mode: not CORS, same origin); in
 *  public mode the backend's are always replaced ("*" next to the
 *  backend's credentials: cors-wildcard-credentials). */
const char *ss_cors_backend_rule(const ss_cors_decision_t *d, const char *acao,
                                 int n_acao, const char *acac,
                                 const char *origin);

/** The CORS response headers (to remove from a backend response before
 *  ours are set): NULL-terminated. */
extern const char *const ss_cors_response_headers[];

/** Non-zero when name (any case) is one of ss_cors_response_headers. */
int ss_cors_is_response_header(const char *name);

/** Merge a token into a comma-separated header value
 *  ("Accept-Encoding" + "Origin" -> "Accept-Encoding, Origin"),
 *  case-insensitively, never duplicating.  value may be NULL. */
const char *ss_header_token_merge(apr_pool_t *p, const char *value,
                                  const char *token);

/** Non-zero when a comma-separated list contains the token
 *  (case-insensitive). */
int ss_header_has_token(const char *value, const char *token);

#endif
