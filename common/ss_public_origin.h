/* ss_public_origin.h -- the origin the browser sees for one request
 * (SPEC 1: never an internal address behind a proxy).
 *
 * SameSitePublicOrigin when configured.  Otherwise the request's own
 * scheme, Host and port.  X-Forwarded-Proto / X-Forwarded-Host only with
 * SameSiteTrustProxy On (a client can send them), and only well-formed
 * (X-Forwarded-Proto http or https; X-Forwarded-Host a host[:port] with
 * no userinfo, path, blank or control character): a malformed one is
 * ignored, never echoed.  Of a comma-separated list the last element
 * counts: proxies append, so the last one is what the trusted proxy in
 * front of httpd added and the earlier ones may come from the client.
 * When only the scheme is forwarded, a port the Host header names is
 * kept (a site on :8443 behind a TLS proxy stays on :8443).
 */
#ifndef SS_PUBLIC_ORIGIN_H
#define SS_PUBLIC_ORIGIN_H

#include <apr_pools.h>
#include "ss_origin.h"

/** What the request says about where it was sent. */
typedef struct ss_request_authority_t {
    const char *scheme;          /* the connection's: "http" or "https" */
    const char *host;            /* Host without its port (IPv6 without
                                    brackets); NULL or "": none */
    int port;                    /* Host's port, else the server's */
    int host_has_port;           /* the Host header named that port */
    const char *forwarded_proto; /* X-Forwarded-Proto, NULL: absent */
    const char *forwarded_host;  /* X-Forwarded-Host, NULL: absent */
} ss_request_authority_t;

typedef struct ss_public_origin_t {
    const ss_origin_t *origin; /* NULL: none usable (no Host) */
    const char *source;        /* where it came from, for the debug log */
    const char *proto_ignored; /* why X-Forwarded-Proto was ignored, or
                                  NULL (never quotes the header) */
    const char *host_ignored;  /* why X-Forwarded-Host was ignored, or NULL */
} ss_public_origin_t;

/** Resolve the public origin of a request: configured (may be NULL),
 *  trust_proxy (SameSiteTrustProxy On), req.  Fills *out from p. */
void ss_public_origin_resolve(ss_public_origin_t *out, apr_pool_t *p,
                              const ss_origin_t *configured, int trust_proxy,
                              const ss_request_authority_t *req);

#endif
