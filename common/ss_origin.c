/* ss_origin.c -- RFC 6454 origins as browsers serialise them.
 *
 * The Origin header carries the ASCII serialisation (RFC 6454 6.2, Fetch
 * "byte-serializing a request origin"): lower-case scheme and host, IDN
 * labels as punycode (the URL Standard's domain-to-ASCII), IPv6 in
 * brackets, the port only when it is not the scheme's default.
 */
#include <string.h>
#include <arpa/inet.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <idn2.h>
#include "ss_origin.h"

static const char *const origin_errors[] = {
    "ok",
    "empty origin",
    "whitespace, control or forbidden character in origin",
    "missing scheme (expected scheme://host[:port])",
    "invalid scheme",
    "userinfo (user@) is not part of an origin",
    "an origin has no path, query, fragment or trailing slash",
    "invalid host",
    "invalid port (expected 1-65535)",
    "invalid internationalised host name",
    "\"*\" is not an origin"
};

const char *
ss_origin_strerror(ss_origin_err_t err)
{
    if ((unsigned)err >= sizeof(origin_errors) / sizeof(origin_errors[0])) {
        return "unknown error";
    }
    return origin_errors[err];
}

int
ss_scheme_default_port(const char *scheme)
{
    if (!scheme) {
        return 0;
    }
    if (!strcmp(scheme, "https") || !strcmp(scheme, "wss")) {
        return 443;
    }
    if (!strcmp(scheme, "http") || !strcmp(scheme, "ws")) {
        return 80;
    }
    return 0;
}

int
ss_origin_is_secure(const ss_origin_t *o)
{
    return o && !o->is_null && o->scheme
           && (!strcmp(o->scheme, "https") || !strcmp(o->scheme, "wss"));
}

/* Character classes without the locale (the C library's ctype goes
 * through a table lookup per call; these are on the per-request path). */
static inline int
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static inline int
is_alpha(unsigned char c)
{
    c |= 0x20;
    return c >= 'a' && c <= 'z';
}

static inline int
is_alnum(unsigned char c)
{
    return is_digit(c) || is_alpha(c);
}

static inline char
to_lower(unsigned char c)
{
    return (char)((c >= 'A' && c <= 'Z') ? c | 0x20 : c);
}

/* Forbidden host code points of the URL Standard, plus '%' (we never
 * percent-decode: a browser has already done so) and '*'. */
static inline int
host_char_ok(unsigned char c)
{
    return is_alnum(c) || c == '-' || c == '.' || c == '_';
}

static int
looks_ipv4(const char *h)
{
    const char *s;
    for (s = h; *s; s++) {
        if (!is_digit((unsigned char)*s) && *s != '.') {
            return 0;
        }
    }
    return *h != '\0';
}

/* An ASCII host name: lower-case `len` bytes of `host` into `out` (room
 * for len + 1), checking characters, labels and length. */
static ss_origin_err_t
ascii_host(char *out, const char *host, size_t len)
{
    size_t i, label = 0;

    if (len == 0 || len > 254 || (len == 1 && host[0] == '.')) {
        return SS_ORIGIN_BAD_HOST;
    }
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)host[i];
        if (!host_char_ok(c)) {
            return SS_ORIGIN_BAD_CHAR;
        }
        out[i] = to_lower(c);
        if (c == '.') {
            /* empty label, except the final root dot */
            if (label == 0 && !(i + 1 == len && i != 0)) {
                return SS_ORIGIN_BAD_HOST;
            }
            label = 0;
        } else if (++label > 63) {
            return SS_ORIGIN_BAD_HOST;
        }
    }
    out[len] = '\0';
    if (looks_ipv4(out)) {
        struct in_addr a4;
        if (inet_pton(AF_INET, out, &a4) != 1) {
            return SS_ORIGIN_BAD_HOST;
        }
    }
    return SS_ORIGIN_OK;
}

const char *
ss_host_normalise(apr_pool_t *p, const char *host, ss_origin_err_t *err)
{
    const char *s;
    char *out;
    size_t len;
    int non_ascii = 0;

    *err = SS_ORIGIN_OK;
    if (!host || !*host) {
        *err = SS_ORIGIN_BAD_HOST;
        return NULL;
    }
    len = strlen(host);
    if (host[0] == '[' || strchr(host, ':')) {
        /* IPv6 literal, bracketed or not */
        char buf[INET6_ADDRSTRLEN];
        struct in6_addr a6;
        char *inner = apr_pstrdup(p, host);
        if (inner[0] == '[') {
            if (len < 3 || inner[len - 1] != ']') {
                *err = SS_ORIGIN_BAD_HOST;
                return NULL;
            }
            inner[len - 1] = '\0';
            inner++;
        }
        if (inet_pton(AF_INET6, inner, &a6) != 1
            || !inet_ntop(AF_INET6, &a6, buf, sizeof(buf))) {
            *err = SS_ORIGIN_BAD_HOST;
            return NULL;
        }
        return apr_pstrdup(p, buf);
    }
    for (s = host; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c <= 0x20 || c == 0x7f) {
            *err = SS_ORIGIN_BAD_CHAR;
            return NULL;
        }
        if (c >= 0x80) {
            non_ascii = 1;
        }
    }
    if (non_ascii) {
        char *ascii = NULL;
        int rc = idn2_lookup_u8((const uint8_t *)host, (uint8_t **)&ascii,
                                IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
        if (rc != IDN2_OK || !ascii) {
            *err = SS_ORIGIN_BAD_IDN;
            return NULL;
        }
        len = strlen(ascii);
        out = apr_palloc(p, len + 1);
        *err = ascii_host(out, ascii, len);
        idn2_free(ascii);
    } else {
        out = apr_palloc(p, len + 1);
        *err = ascii_host(out, host, len);
    }
    return *err == SS_ORIGIN_OK ? out : NULL;
}

/* The characters of an origin: no space, control character or DEL;
 * *non_ascii when one is not ASCII (an IDN host). */
static ss_origin_err_t
origin_chars(const char *s, int *non_ascii)
{
    const char *c;
    for (c = s; *c; c++) {
        unsigned char uc = (unsigned char)*c;
        if (uc <= 0x20 || uc == 0x7f) {
            return SS_ORIGIN_BAD_CHAR;
        }
        *non_ascii |= uc >= 0x80;
    }
    return SS_ORIGIN_OK;
}

/* The scheme before "://" (RFC 3986 3.1: ALPHA *( ALPHA / DIGIT / "+" /
 * "-" / "." )): its length in *slen, the authority after it in *auth. */
static ss_origin_err_t
origin_scheme(const char *s, size_t *slen, const char **auth)
{
    const char *sep = strstr(s, "://");
    size_t i;
    if (!sep) {
        return SS_ORIGIN_NO_SCHEME;
    }
    *slen = (size_t)(sep - s);
    if (*slen == 0 || !is_alpha((unsigned char)s[0])) {
        return SS_ORIGIN_BAD_SCHEME;
    }
    for (i = 0; i < *slen; i++) {
        unsigned char sc = (unsigned char)s[i];
        if (!is_alnum(sc) && sc != '+' && sc != '-' && sc != '.') {
            return SS_ORIGIN_BAD_SCHEME;
        }
    }
    *auth = sep + 3;
    return SS_ORIGIN_OK;
}

/* The authority is the rest of the origin: no userinfo, no backslash,
 * no path, query or fragment.  *end is where it stops. */
static ss_origin_err_t
origin_authority(const char *auth, const char **end)
{
    const char *c;
    for (c = auth; *c && *c != '/' && *c != '?' && *c != '#'; c++) {
        if (*c == '@') {
            return SS_ORIGIN_USERINFO;
        }
        if (*c == '\\') {
            return SS_ORIGIN_BAD_CHAR;
        }
    }
    *end = c;
    return *c ? SS_ORIGIN_PATH : SS_ORIGIN_OK;
}

/* The host of the authority auth..end into o->host (an ASCII host is
 * written to buf, which has room for it), *port_str after its ':'. */
static ss_origin_err_t
origin_host(ss_origin_t *o, apr_pool_t *p, const char *auth, const char *end,
            char *buf, int non_ascii, const char **port_str)
{
    const char *host_end;
    size_t hlen;
    ss_origin_err_t err = SS_ORIGIN_OK;
    if (auth[0] == '[') {
        const char *close = strchr(auth, ']');
        if (!close) {
            return SS_ORIGIN_BAD_HOST;
        }
        if (close[1] == ':') {
            *port_str = close + 2;
        } else if (close[1]) {
            return SS_ORIGIN_BAD_HOST;
        }
        o->is_ipv6 = 1;
        o->is_ip = 1;
        o->host = ss_host_normalise(
            p, apr_pstrmemdup(p, auth, (size_t)(close - auth) + 1), &err);
    } else {
        host_end = strchr(auth, ':');
        if (host_end) {
            *port_str = host_end + 1;
        } else {
            host_end = end;
        }
        hlen = (size_t)(host_end - auth);
        if (hlen == 0) {
            return SS_ORIGIN_BAD_HOST;
        }
        if (non_ascii) {
            /* IDN: the slow path through libidn2 */
            o->host = ss_host_normalise(p, apr_pstrmemdup(p, auth, hlen), &err);
        } else {
            err = ascii_host(buf, auth, hlen);
            o->host = err == SS_ORIGIN_OK ? buf : NULL;
        }
    }
    return o->host ? SS_ORIGIN_OK : err;
}

/* The port after ':' (1-65535, at most five digits), else the scheme's
 * default. */
static ss_origin_err_t
origin_port(ss_origin_t *o, const char *port_str)
{
    const char *c;
    long v = 0;
    o->port = ss_scheme_default_port(o->scheme);
    if (!port_str || !*port_str) {
        return SS_ORIGIN_OK;
    }
    for (c = port_str; *c; c++) {
        if (!is_digit((unsigned char)*c) || c - port_str >= 5) {
            return SS_ORIGIN_BAD_PORT;
        }
        v = v * 10 + (*c - '0');
    }
    if (v < 1 || v > 65535) {
        return SS_ORIGIN_BAD_PORT;
    }
    o->port = (int)v;
    return SS_ORIGIN_OK;
}

ss_origin_err_t
ss_origin_parse(ss_origin_t **out, apr_pool_t *p, const char *s)
{
    const char *auth, *end, *port_str = NULL;
    size_t i, slen;
    ss_origin_t *o;
    char *buf;
    int non_ascii = 0;
    ss_origin_err_t err;

    *out = NULL;
    if (!s || !*s) {
        return SS_ORIGIN_EMPTY;
    }
    if ((err = origin_chars(s, &non_ascii)) != SS_ORIGIN_OK) {
        return err;
    }
    if (!strcmp(s, "null")) {
        o = apr_pcalloc(p, sizeof(*o));
        o->is_null = 1;
        o->scheme = "";
        o->host = "";
        *out = o;
        return SS_ORIGIN_OK;
    }
    if (!strcmp(s, "*")) {
        return SS_ORIGIN_WILDCARD;
    }
    if ((err = origin_scheme(s, &slen, &auth)) != SS_ORIGIN_OK
        || (err = origin_authority(auth, &end)) != SS_ORIGIN_OK) {
        return err;
    }
    /* one allocation: the struct, the scheme and the host */
    o = apr_palloc(p, sizeof(*o) + slen + 1 + (size_t)(end - auth) + 1);
    memset(o, 0, sizeof(*o));
    buf = (char *)(o + 1);
    for (i = 0; i < slen; i++) {
        buf[i] = to_lower((unsigned char)s[i]);
    }
    buf[slen] = '\0';
    o->scheme = buf;
    buf += slen + 1;
    if ((err = origin_host(o, p, auth, end, buf, non_ascii, &port_str))
        != SS_ORIGIN_OK) {
        return err;
    }
    if (!o->is_ipv6 && looks_ipv4(o->host)) {
        o->is_ip = 1;
    }
    if ((err = origin_port(o, port_str)) != SS_ORIGIN_OK) {
        return err;
    }
    *out = o;
    return SS_ORIGIN_OK;
}

/* Whether `s` is exactly ss_origin_str(o), without building it (the CORS
 * decision checks every Origin header this way). */
int
ss_origin_is_serialisation(const ss_origin_t *o, const char *s)
{
    size_t n;
    char port[8];
    int def;

    if (!o || !s) {
        return 0;
    }
    if (o->is_null) {
        return !strcmp(s, "null");
    }
    n = strlen(o->scheme);
    if (strncmp(s, o->scheme, n) || strncmp(s + n, "://", 3)) {
        return 0;
    }
    s += n + 3;
    if (o->is_ipv6) {
        if (*s++ != '[') {
            return 0;
        }
    }
    n = strlen(o->host);
    if (strncmp(s, o->host, n)) {
        return 0;
    }
    s += n;
    if (o->is_ipv6 && *s++ != ']') {
        return 0;
    }
    def = ss_scheme_default_port(o->scheme);
    if (!o->port || o->port == def) {
        return *s == '\0';
    }
    if (*s++ != ':') {
        return 0;
    }
    apr_snprintf(port, sizeof(port), "%d", o->port);
    return !strcmp(s, port);
}

const char *
ss_origin_str(apr_pool_t *p, const ss_origin_t *o)
{
    const char *host;
    if (!o) {
        return NULL;
    }
    if (o->is_null) {
        return "null";
    }
    host = o->is_ipv6 ? apr_pstrcat(p, "[", o->host, "]", NULL) : o->host;
    if (o->port && o->port != ss_scheme_default_port(o->scheme)) {
        return apr_psprintf(p, "%s://%s:%d", o->scheme, host, o->port);
    }
    return apr_pstrcat(p, o->scheme, "://", host, NULL);
}

int
ss_origin_equal(const ss_origin_t *a, const ss_origin_t *b)
{
    if (!a || !b || a->is_null || b->is_null) {
        return 0;
    }
    return a->port == b->port && !strcmp(a->scheme, b->scheme)
           && !strcmp(a->host, b->host);
}

static int
host_has_suffix(const char *host, const char *suffix)
{
    size_t hl = strlen(host), sl = strlen(suffix);
    if (hl > 0 && host[hl - 1] == '.') {
        hl--; /* ignore the root dot */
    }
    if (hl == sl) {
        return !strncmp(host, suffix, sl);
    }
    return hl > sl && host[hl - sl - 1] == '.'
           && !strncmp(host + hl - sl, suffix, sl);
}

int
ss_host_loopback(const char *host)
{
    struct in_addr a4;
    struct in6_addr a6;
    if (!host || !*host) {
        return 0;
    }
    if (inet_pton(AF_INET, host, &a4) == 1) {
        return (ntohl(a4.s_addr) >> 24) == 127;
    }
    if (inet_pton(AF_INET6, host, &a6) == 1) {
        static const unsigned char loop[16] = { 0, 0, 0, 0, 0, 0, 0, 0,
                                                0, 0, 0, 0, 0, 0, 0, 1 };
        return !memcmp(a6.s6_addr, loop, 16);
    }
    return host_has_suffix(host, "localhost");
}

const char *
ss_host_internal_reason(const char *host)
{
    static const char *const suffixes[] = {
        "localhost",     "local",     "internal",      "lan",         "corp",
        "home",          "home.arpa", "intranet",      "localdomain", "svc",
        "cluster.local", "private",   "test.internal", NULL
    };
    struct in_addr a4;
    struct in6_addr a6;
    int i;

    if (!host || !*host) {
        return NULL;
    }
    if (inet_pton(AF_INET, host, &a4) == 1) {
        unsigned long ip = ntohl(a4.s_addr);
        if ((ip >> 24) == 127)
            return "a loopback address";
        if ((ip >> 24) == 10 || (ip >> 20) == 0xac1 || (ip >> 16) == 0xc0a8)
            return "a private (RFC 1918) address";
        if ((ip >> 16) == 0xa9fe)
            return "a link-local address";
        if ((ip >> 22) == (0x64400000UL >> 22))
            return "a carrier-grade NAT address";
        if (ip == 0)
            return "the unspecified address";
        return NULL;
    }
    if (inet_pton(AF_INET6, host, &a6) == 1) {
        static const unsigned char loop[16] = { 0, 0, 0, 0, 0, 0, 0, 0,
                                                0, 0, 0, 0, 0, 0, 0, 1 };
        if (!memcmp(a6.s6_addr, loop, 16))
            return "a loopback address";
        if ((a6.s6_addr[0] & 0xfe) == 0xfc)
            return "a unique local (ULA) address";
        if (a6.s6_addr[0] == 0xfe && (a6.s6_addr[1] & 0xc0) == 0x80)
            return "a link-local address";
        return NULL;
    }
    for (i = 0; suffixes[i]; i++) {
        if (host_has_suffix(host, suffixes[i])) {
            return "an internal name";
        }
    }
    {
        size_t hl = strlen(host);
        const char *dot = strchr(host, '.');
        if (!dot || (size_t)(dot - host) == hl - 1) {
            return "a single-label name only resolvable inside a network";
        }
    }
    return NULL;
}
