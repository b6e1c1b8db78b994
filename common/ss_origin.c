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


/* Forbidden host code points of the URL Standard, plus '%' (we never
 * percent-decode: a browser has already done so) and '*'. */
static int
host_char_ok(unsigned char c)
{
    if (apr_isalnum(c) || c == '-' || c == '.' || c == '_') {
        return 1;
    }
    return 0;
}


static int
looks_ipv4(const char *h)
{
    const char *s;
    for (s = h; *s; s++) {
        if (!apr_isdigit(*s) && *s != '.') {
            return 0;
        }
    }
    return *h != '\0';
}


const char *
ss_host_normalise(apr_pool_t *p, const char *host, ss_origin_err_t *err)
{
    const char *s;
    char *out, *d;
    size_t len, label;
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
        out = apr_pstrdup(p, ascii);
        idn2_free(ascii);
    }
    else {
        out = apr_pstrdup(p, host);
    }
    /* lower-case, check characters and labels */
    label = 0;
    for (d = out; *d; d++) {
        unsigned char c = (unsigned char)*d;
        if (!host_char_ok(c)) {
            *err = SS_ORIGIN_BAD_CHAR;
            return NULL;
        }
        *d = (char)apr_tolower(c);
        if (c == '.') {
            /* empty label, except the final root dot */
            if (label == 0 && !(d[1] == '\0' && d != out)) {
                *err = SS_ORIGIN_BAD_HOST;
                return NULL;
            }
            label = 0;
        }
        else if (++label > 63) {
            *err = SS_ORIGIN_BAD_HOST;
            return NULL;
        }
    }
    if (strlen(out) > 254 || !strcmp(out, ".")) {
        *err = SS_ORIGIN_BAD_HOST;
        return NULL;
    }
    if (looks_ipv4(out)) {
        struct in_addr a4;
        if (inet_pton(AF_INET, out, &a4) != 1) {
            *err = SS_ORIGIN_BAD_HOST;
            return NULL;
        }
    }
    return out;
}


ss_origin_err_t
ss_origin_parse(ss_origin_t **out, apr_pool_t *p, const char *s)
{
    const char *sep, *auth, *c, *port_str = NULL;
    char *host;
    size_t i, slen;
    ss_origin_t *o;
    ss_origin_err_t err;

    *out = NULL;
    if (!s || !*s) {
        return SS_ORIGIN_EMPTY;
    }
    for (c = s; *c; c++) {
        unsigned char uc = (unsigned char)*c;
        if (uc <= 0x20 || uc == 0x7f) {
            return SS_ORIGIN_BAD_CHAR;
        }
    }
    o = apr_pcalloc(p, sizeof(*o));
    if (!strcmp(s, "null")) {
        o->is_null = 1;
        o->scheme = "";
        o->host = "";
        *out = o;
        return SS_ORIGIN_OK;
    }
    if (!strcmp(s, "*")) {
        return SS_ORIGIN_WILDCARD;
    }
    sep = strstr(s, "://");
    if (!sep) {
        return SS_ORIGIN_NO_SCHEME;
    }
    slen = (size_t)(sep - s);
    if (slen == 0 || !apr_isalpha(s[0])) {
        return SS_ORIGIN_BAD_SCHEME;
    }
    for (i = 0; i < slen; i++) {
        if (!apr_isalnum(s[i]) && s[i] != '+' && s[i] != '-' && s[i] != '.') {
            return SS_ORIGIN_BAD_SCHEME;
        }
    }
    o->scheme = apr_pstrmemdup(p, s, slen);
    {
        char *sc;
        for (sc = (char *)o->scheme; *sc; sc++) {
            *sc = (char)apr_tolower(*sc);
        }
    }

    auth = sep + 3;
    for (c = auth; *c && *c != '/' && *c != '?' && *c != '#'; c++) {
        if (*c == '@') {
            return SS_ORIGIN_USERINFO;
        }
        if (*c == '\\') {
            return SS_ORIGIN_BAD_CHAR;
        }
    }
    if (*c) {
        return SS_ORIGIN_PATH;
    }
    if (auth[0] == '[') {
        const char *close = strchr(auth, ']');
        if (!close) {
            return SS_ORIGIN_BAD_HOST;
        }
        host = apr_pstrmemdup(p, auth, (size_t)(close - auth) + 1);
        if (close[1] == ':') {
            port_str = close + 2;
        }
        else if (close[1]) {
            return SS_ORIGIN_BAD_HOST;
        }
        o->is_ipv6 = 1;
        o->is_ip = 1;
    }
    else {
        const char *colon = strchr(auth, ':');
        if (colon) {
            host = apr_pstrmemdup(p, auth, (size_t)(colon - auth));
            port_str = colon + 1;
        }
        else {
            host = apr_pstrdup(p, auth);
        }
    }
    if (!*host) {
        return SS_ORIGIN_BAD_HOST;
    }
    o->host = ss_host_normalise(p, host, &err);
    if (!o->host) {
        return err;
    }
    if (!o->is_ipv6 && looks_ipv4(o->host)) {
        o->is_ip = 1;
    }
    o->port = ss_scheme_default_port(o->scheme);
    if (port_str && *port_str) {
        long v = 0;
        for (c = port_str; *c; c++) {
            if (!apr_isdigit(*c) || c - port_str >= 5) {
                return SS_ORIGIN_BAD_PORT;
            }
            v = v * 10 + (*c - '0');
        }
        if (v < 1 || v > 65535) {
            return SS_ORIGIN_BAD_PORT;
        }
        o->port = (int)v;
    }
    *out = o;
    return SS_ORIGIN_OK;
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
        hl--;   /* ignore the root dot */
    }
    if (hl == sl) {
        return !strncmp(host, suffix, sl);
    }
    return hl > sl && host[hl - sl - 1] == '.'
           && !strncmp(host + hl - sl, suffix, sl);
}


const char *
ss_host_internal_reason(const char *host)
{
    static const char *const suffixes[] = {
        "localhost", "local", "internal", "lan", "corp", "home",
        "home.arpa", "intranet", "localdomain", "svc", "cluster.local",
        "private", "test.internal", NULL
    };
    struct in_addr a4;
    struct in6_addr a6;
    int i;

    if (!host || !*host) {
        return NULL;
    }
    if (inet_pton(AF_INET, host, &a4) == 1) {
        unsigned long ip = ntohl(a4.s_addr);
        if ((ip >> 24) == 127) return "a loopback address";
        if ((ip >> 24) == 10 || (ip >> 20) == 0xac1 || (ip >> 16) == 0xc0a8)
            return "a private (RFC 1918) address";
        if ((ip >> 16) == 0xa9fe) return "a link-local address";
        if ((ip >> 22) == (0x64400000UL >> 22)) return "a carrier-grade NAT address";
        if (ip == 0) return "the unspecified address";
        return NULL;
    }
    if (inet_pton(AF_INET6, host, &a6) == 1) {
        static const unsigned char loop[16] = { 0,0,0,0, 0,0,0,0, 0,0,0,0, 0,0,0,1 };
        if (!memcmp(a6.s6_addr, loop, 16)) return "a loopback address";
        if ((a6.s6_addr[0] & 0xfe) == 0xfc) return "a unique local (ULA) address";
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
