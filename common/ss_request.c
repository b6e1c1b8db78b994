/* ss_request.c -- request-side decisions: the request's class, CSRF
 * (Fetch Metadata first, Origin as fallback), the WebSocket Origin check
 * (RFC 6455 10.2: browsers apply no CORS to WebSockets), and the list of
 * user agents that mishandle SameSite=None. */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "ss_request.h"
#include "ss_cors.h"
#include "ss_diag.h"

void
ss_request_info_init(ss_request_info_t *ri, apr_pool_t *p, const char *method,
                     const char *origin, const char *sec_fetch_site,
                     const char *upgrade)
{
    ss_origin_t *o = NULL;
    ri->method = method;
    ri->origin = origin;
    ri->sec_fetch_site = sec_fetch_site;
    ri->upgrade = upgrade;
    ri->protocol = NULL;
    ri->origin_err = ss_origin_parse(&o, p, origin);
    ri->origin_o = o;
    ri->origin_parsed = 1;
}

const ss_origin_t *
ss_request_origin(apr_pool_t *p, const ss_request_info_t *ri)
{
    ss_origin_t *o = NULL;
    if (!ri) {
        return NULL;
    }
    if (ri->origin_parsed) {
        return ri->origin_o;
    }
    if (ri->origin && ss_origin_parse(&o, p, ri->origin) == SS_ORIGIN_OK) {
        return o;
    }
    return NULL;
}

ss_class_t
ss_request_class(apr_pool_t *p, const ss_psl_t *psl, const ss_topology_t *t,
                 const ss_request_info_t *ri)
{
    if (!t || !ri) {
        return SS_CLASS_NONE;
    }
    if (ri->origin && t->public_origin) {
        const ss_origin_t *o = ss_request_origin(p, ri);
        if (o) {
            int i;
            /* a declared exact frontend: its class is already known (no
             * Public Suffix List lookup on the hot path) */
            for (i = 0; t->frontends && i < t->frontends->nelts; i++) {
                const ss_frontend_class_t *fc =
                    &APR_ARRAY_IDX(t->frontends, i, ss_frontend_class_t);
                if (!fc->frontend->wildcard && !o->is_null
                    && ss_origin_equal(&fc->frontend->origin, o)) {
                    return fc->cls;
                }
            }
            return ss_classify(psl, t->public_origin, o);
        }
    }
    if (ri->sec_fetch_site) {
        if (!strcasecmp(ri->sec_fetch_site, "same-origin")) {
            return SS_CLASS_SAME_ORIGIN;
        }
        if (!strcasecmp(ri->sec_fetch_site, "same-site")) {
            return SS_CLASS_SAME_SITE;
        }
        if (!strcasecmp(ri->sec_fetch_site, "cross-site")) {
            return SS_CLASS_CROSS_SITE;
        }
    }
    return SS_CLASS_NONE;
}

static int
frontend_match(const ss_topology_t *t, const ss_origin_t *o)
{
    int i;
    for (i = 0; t && o && i < t->frontends->nelts; i++) {
        const ss_frontend_class_t *fc =
            &APR_ARRAY_IDX(t->frontends, i, ss_frontend_class_t);
        if (ss_pattern_match(fc->frontend, o)) {
            return 1;
        }
    }
    return 0;
}

int
ss_request_from_frontend(apr_pool_t *p, const ss_topology_t *t,
                         const ss_request_info_t *ri)
{
    return frontend_match(t, ss_request_origin(p, ri));
}

int
ss_method_is_unsafe(const char *m)
{
    if (!m) {
        return 0;
    }
    return strcmp(m, "GET") && strcmp(m, "HEAD") && strcmp(m, "OPTIONS")
           && strcmp(m, "TRACE");
}

/* The public origin itself (ws/wss counted as http/https) or a declared
 * frontend. */
static int
trusted(const ss_topology_t *t, const ss_origin_t *o)
{
    const ss_origin_t *self = t->public_origin;
    if (!o || o->is_null) {
        return frontend_match(t, o);
    }
    if (self && o->port == self->port && !strcmp(o->host, self->host)) {
        int so = ss_origin_is_secure(o), ss = ss_origin_is_secure(self);
        if (so == ss) {
            return 1;
        }
    }
    return frontend_match(t, o);
}

ss_check_t
ss_csrf_check(apr_pool_t *p, const ss_psl_t *psl, const ss_topology_t *t,
              const ss_request_info_t *ri)
{
    ss_check_t r = { SS_VERDICT_PASS, SS_CLASS_NONE, NULL, NULL };
    const ss_origin_t *o;
    const char *sfs = ri ? ri->sec_fetch_site : NULL;

    if (!t || !ri) {
        return r;
    }
    r.cls = ss_request_class(p, psl, t, ri);
    if (!ss_method_is_unsafe(ri->method)) {
        r.reason = "safe method";
        return r;
    }
    if (sfs && (!strcasecmp(sfs, "same-origin") || !strcasecmp(sfs, "none"))) {
        r.reason =
            apr_psprintf(p, "Sec-Fetch-Site: %s",
                         !strcasecmp(sfs, "none") ? "none" : "same-origin");
        return r;
    }
    if (!sfs && !ri->origin) {
        r.reason = "no Sec-Fetch-Site and no Origin: not a browser request";
        return r;
    }
    o = ss_request_origin(p, ri);
    if (o && trusted(t, o)) {
        r.reason = apr_psprintf(p, "Origin %s is trusted", ss_origin_str(p, o));
        return r;
    }
    r.verdict = SS_VERDICT_REJECT;
    r.rule_id = "csrf-rejected";
    if (!ri->origin) {
        r.reason = apr_psprintf(
            p, "%s %s request without Origin", ri->method,
            sfs && !strcasecmp(sfs, "same-site") ? "same-site" : "cross-site");
    } else if (!o) {
        r.reason = apr_psprintf(p, "%s with a malformed Origin", ri->method);
    } else {
        r.reason = apr_psprintf(p,
                                "%s from %s, which is neither the public "
                                "origin nor a declared frontend",
                                ri->method, ss_origin_str(p, o));
    }
    return r;
}

/* Non-zero when the comma-separated list has a protocol named name,
 * with or without "/version" (RFC 9110 7.8), in any case. */
static int
has_protocol(const char *list, const char *name)
{
    size_t nl = strlen(name);
    const char *s = list;
    while (s && *s) {
        size_t len;
        while (*s == ' ' || *s == '\t' || *s == ',') {
            s++;
        }
        len = strcspn(s, ",/ \t");
        if (len == nl && !strncasecmp(s, name, nl)) {
            const char *e = s + len;
            while (*e == ' ' || *e == '\t') {
                e++;
            }
            if (!*e || *e == ',' || *e == '/') {
                return 1;
            }
        }
        s = strchr(s, ',');
    }
    return 0;
}

int
ss_request_is_websocket(const ss_request_info_t *ri)
{
    if (!ri) {
        return 0;
    }
    if (ri->upgrade && has_protocol(ri->upgrade, "websocket")) {
        return 1;
    }
    return ri->protocol && ri->method && !strcasecmp(ri->method, "CONNECT")
           && has_protocol(ri->protocol, "websocket");
}

ss_check_t
ss_websocket_check(apr_pool_t *p, const ss_psl_t *psl, const ss_topology_t *t,
                   const ss_request_info_t *ri)
{
    ss_check_t r = { SS_VERDICT_PASS, SS_CLASS_NONE, NULL, NULL };
    const ss_origin_t *o;

    if (!t || !ri || !ss_request_is_websocket(ri)) {
        r.reason = "not a WebSocket upgrade";
        return r;
    }
    r.cls = ss_request_class(p, psl, t, ri);
    if (!ri->origin) {
        r.reason = "WebSocket upgrade without Origin: not a browser";
        return r;
    }
    o = ss_request_origin(p, ri);
    if (o && trusted(t, o)) {
        r.reason = apr_psprintf(p, "WebSocket Origin %s is trusted",
                                ss_origin_str(p, o));
        return r;
    }
    r.verdict = SS_VERDICT_REJECT;
    r.rule_id = "websocket-origin-rejected";
    r.reason = o ? apr_psprintf(p,
                                "WebSocket upgrade from %s, which is "
                                "neither the public origin nor a declared "
                                "frontend",
                                ss_origin_str(p, o))
                 : "WebSocket upgrade with a malformed Origin";
    return r;
}

/* ---- SameSite=None incompatible clients (Chromium's published list) -- */

/* Version number right after `key` ("Chrome/" -> 66), or -1. */
static long
version_after(const char *ua, const char *key, const char **end)
{
    const char *s = strstr(ua, key);
    char *e;
    long v;
    if (!s) {
        return -1;
    }
    s += strlen(key);
    if (!apr_isdigit(*s)) {
        return -1;
    }
    v = strtol(s, &e, 10);
    if (end) {
        *end = e;
    }
    return v;
}

static int
chromium_based(const char *ua)
{
    return strstr(ua, "Chrome") || strstr(ua, "Chromium");
}

static int
ios_12(const char *ua)
{
    /* "(iP...; CPU ... OS 12_x like Mac OS X) AppleWebKit/" */
    const char *s = strstr(ua, "(iP");
    const char *os;
    if (!s || !strstr(s, "AppleWebKit/")) {
        return 0;
    }
    os = strstr(s, " OS 12");
    return os && (os[6] == '_' || os[6] == ' ' || os[6] == ')')
           && strstr(s, "CPU ");
}

static int
macos_10_14(const char *ua)
{
    const char *s = strstr(ua, "(Macintosh;");
    const char *v;
    if (!s || !strstr(s, "AppleWebKit/")) {
        return 0;
    }
    v = strstr(s, "Mac OS X 10_14");
    return v && (v[14] == '_' || v[14] == ')' || v[14] == ';' || v[14] == ' ');
}

static int
mac_embedded(const char *ua)
{
    /* exactly "Mozilla/x (Macintosh; ... Mac OS X x_y) AppleWebKit/x
     * (KHTML, like Gecko)" with nothing after */
    const char *tail = "(KHTML, like Gecko)";
    size_t ul = strlen(ua), tl = strlen(tail);
    return !strncmp(ua, "Mozilla/", 8) && strstr(ua, "(Macintosh;") && ul > tl
           && !strcmp(ua + ul - tl, tail);
}

int
ss_ua_samesite_none_incompatible(const char *ua)
{
    if (!ua || !*ua) {
        return 0;
    }
    /* WebKit bug: iOS 12, and Safari / embedded browsers on macOS 10.14 */
    if (ios_12(ua)) {
        return 1;
    }
    if (macos_10_14(ua)
        && ((strstr(ua, "Version/") && strstr(ua, "Safari/")
             && !chromium_based(ua))
            || mac_embedded(ua))) {
        return 1;
    }
    /* Drops cookies with unknown SameSite values */
    if (strstr(ua, "UCBrowser/")) {
        const char *e;
        long maj = version_after(ua, "UCBrowser/", &e), min = 0, build = 0;
        if (maj < 0) {
            return 0;
        }
        if (*e == '.') {
            min = strtol(e + 1, (char **)&e, 10);
            if (*e == '.') {
                build = strtol(e + 1, NULL, 10);
            }
        }
        if (maj != 12) {
            return maj < 12;
        }
        if (min != 13) {
            return min < 13;
        }
        return build < 2;
    }
    if (chromium_based(ua)) {
        long v = version_after(ua, "Chrome/", NULL);
        if (v < 0) {
            v = version_after(ua, "Chromium/", NULL);
        }
        return v >= 51 && v <= 66;
    }
    return 0;
}
