/* ss_request.h -- request-side decisions: CSRF, WebSocket origin check,
 * the request's class, and user agents that mishandle SameSite=None.
 */
#ifndef SS_REQUEST_H
#define SS_REQUEST_H

#include <apr_pools.h>
#include <apr_tables.h>
#include "ss_topology.h"

typedef enum {
    SS_VERDICT_PASS = 0, /* allowed */
    SS_VERDICT_REJECT    /* reject (403) */
} ss_verdict_t;

typedef struct ss_request_info_t {
    const char *method;
    const char *origin;         /* Origin header or NULL */
    const char *sec_fetch_site; /* Sec-Fetch-Site or NULL */
    const char *upgrade;        /* Upgrade header or NULL */
    const char *protocol;       /* the :protocol of an HTTP/2 extended
                                   CONNECT (RFC 8441), or NULL; set after
                                   ss_request_info_init, which clears it */
    /* Filled by ss_request_info_init: Origin parsed once per request
     * (origin_o NULL when absent or malformed, origin_err says why).
     * When origin_parsed is 0, every function parses origin itself. */
    int origin_parsed;
    ss_origin_err_t origin_err;
    const ss_origin_t *origin_o;
} ss_request_info_t;

typedef struct ss_check_t {
    ss_verdict_t verdict;
    ss_class_t cls;      /* the request's class */
    const char *rule_id; /* why rejected, or NULL */
    const char *reason;  /* sentence for logs (never echoes input raw) */
} ss_check_t;

/** Fill *ri and parse its Origin once, for all the decisions of one
 *  request (class, frontend, CSRF, WebSocket, CORS). */
void ss_request_info_init(ss_request_info_t *ri, apr_pool_t *p,
                          const char *method, const char *origin,
                          const char *sec_fetch_site, const char *upgrade);

/** The parsed Origin of a request (NULL when absent or malformed). */
const ss_origin_t *ss_request_origin(apr_pool_t *p,
                                     const ss_request_info_t *ri);

/** Class of the request as seen from the public origin: from Origin
 *  when present and parseable, else from Sec-Fetch-Site; NONE when
 *  neither says (navigation / non-browser). */
ss_class_t ss_request_class(apr_pool_t *p, const ss_psl_t *psl,
                            const ss_topology_t *t,
                            const ss_request_info_t *ri);

/** Non-zero when the request's Origin is a declared frontend. */
int ss_request_from_frontend(apr_pool_t *p, const ss_topology_t *t,
                             const ss_request_info_t *ri);

/** Unsafe method per Fetch (anything but GET, HEAD, OPTIONS, TRACE). */
int ss_method_is_unsafe(const char *method);

/** CSRF: reject unsafe-method requests that are cross-origin and not from
 *  a trusted origin (the public origin and declared frontends), using
 *  Sec-Fetch-Site, falling back to Origin.  Requests with neither header
 *  pass (non-browser clients). */
ss_check_t ss_csrf_check(apr_pool_t *p, const ss_psl_t *psl,
                         const ss_topology_t *t, const ss_request_info_t *ri);

/** Non-zero when Apache or a backend could treat the request as a
 *  WebSocket opening handshake: a "websocket" protocol among the Upgrade
 *  tokens (RFC 9110 7.8: protocol-name ["/" protocol-version], names
 *  compared case-insensitively, as httpd's ap_find_token and mod_proxy
 *  do: "WebSocket", "websocket/13", "foo, WebSocket"), or a CONNECT whose
 *  protocol is websocket (RFC 8441 extended CONNECT, HTTP/2). */
int ss_request_is_websocket(const ss_request_info_t *ri);

/** WebSocket (ss_request_is_websocket): reject when Origin is present and is
 *  neither the public origin (ws/wss and http/https are equivalent here)
 *  nor a declared frontend.  Non-upgrade requests pass. */
ss_check_t ss_websocket_check(apr_pool_t *p, const ss_psl_t *psl,
                              const ss_topology_t *t,
                              const ss_request_info_t *ri);

/** User agents known to mishandle SameSite=None (treat it as Strict or
 *  drop the cookie): Chrome 51-66, iOS 12 (all browsers), Safari on
 *  macOS 10.14, UC Browser < 12.13.2 -- the list Chromium published.
 *  Plain string scanning, no regex. */
int ss_ua_samesite_none_incompatible(const char *ua);

#endif
