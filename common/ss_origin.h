/* ss_origin.h -- RFC 6454 origins: parse, normalise, compare, serialise.
 *
 * An origin is (scheme, host, port).  Serialised lower-case, default port
 * omitted, no path, no trailing slash, IDN hosts as punycode (what browsers
 * send in the Origin header), IPv6 literals in brackets.  "null" is an
 * origin string of its own that matches nothing unless listed.
 */
#ifndef SS_ORIGIN_H
#define SS_ORIGIN_H

#include <apr_pools.h>

typedef enum {
    SS_ORIGIN_OK = 0,
    SS_ORIGIN_EMPTY,      /* NULL or "" */
    SS_ORIGIN_BAD_CHAR,   /* whitespace, CR/LF, control or forbidden char */
    SS_ORIGIN_NO_SCHEME,  /* missing "scheme://" */
    SS_ORIGIN_BAD_SCHEME, /* scheme is not [a-z][a-z0-9+.-]* */
    SS_ORIGIN_USERINFO,   /* "user@" is not part of an origin */
    SS_ORIGIN_PATH,       /* path, query, fragment or trailing slash */
    SS_ORIGIN_BAD_HOST,   /* empty host, bad label, bad IP literal */
    SS_ORIGIN_BAD_PORT,   /* not a number in 0..65535 */
    SS_ORIGIN_BAD_IDN,    /* non-ASCII host that IDNA rejects */
    SS_ORIGIN_WILDCARD    /* "*" where an exact origin is required */
} ss_origin_err_t;

typedef struct ss_origin_t {
    const char *scheme;       /* lower-case */
    const char *host;         /* lower-case ASCII (punycode); IPv6 w/o [] */
    int port;                 /* effective port; default port filled in */
    unsigned int is_null : 1; /* the opaque origin "null" */
    unsigned int is_ip : 1;   /* IPv4 or IPv6 literal */
    unsigned int is_ipv6 : 1;
} ss_origin_t;

/** Parse and normalise an origin ("https://App.Example.com:443" ->
 *  https://app.example.com).  On error *out is NULL and the code says why. */
ss_origin_err_t ss_origin_parse(ss_origin_t **out, apr_pool_t *p,
                                const char *s);

/** Human-readable reason for an error code (static string). */
const char *ss_origin_strerror(ss_origin_err_t err);

/** Canonical serialisation ("null" for the opaque origin). */
const char *ss_origin_str(apr_pool_t *p, const ss_origin_t *o);

/** Non-zero when `s` is exactly the canonical serialisation of `o` (what
 *  ss_origin_str would return), compared without allocating. */
int ss_origin_is_serialisation(const ss_origin_t *o, const char *s);

/** Same origin: scheme, host and port equal.  NULL or "null" never equal. */
int ss_origin_equal(const ss_origin_t *a, const ss_origin_t *b);

/** Default port for a scheme (http/ws 80, https/wss 443), 0 if unknown. */
int ss_scheme_default_port(const char *scheme);

/** https or wss (a "secure context" for cookies). */
int ss_origin_is_secure(const ss_origin_t *o);

/** Normalise a bare host (as in ServerName / server_name / a Domain
 *  attribute): lower-case, IDN to punycode, IPv6 without brackets.
 *  Returns NULL on error with *err set. */
const char *ss_host_normalise(apr_pool_t *p, const char *host,
                              ss_origin_err_t *err);

/** A host the browser never sees as a public name: loopback, RFC 1918,
 *  link-local, ULA, "localhost", single-label names and internal suffixes
 *  (.local .internal .lan .corp .home.arpa .svc .cluster.local).
 *  Returns a static description of why, or NULL. */
const char *ss_host_internal_reason(const char *host);

/** A loopback host: 127.0.0.0/8, ::1, "localhost" and *.localhost. */
int ss_host_loopback(const char *host);

#endif
