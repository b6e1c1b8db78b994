/* ss_site.c -- registrable domains and schemeful same-site (libpsl).
 *
 * HTML "same site" (schemeful, as Chromium ships it since M89): two
 * origins are same-site when their schemes match (ws/wss counting as
 * http/https, Chromium's SchemefulSite) and their registrable domains
 * (eTLD+1, private PSL section included) are equal.  Hosts without a
 * registrable domain (IPs, single labels, public suffixes) are their own
 * site.  Unknown TLDs follow the PSL's implicit "*" rule, as Chromium
 * does (app.shop.test and api.shop.test are same-site, SPEC 6).
 */
#include <string.h>
#include <arpa/inet.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include <libpsl.h>
#include "ss_site.h"
#include "ss_log.h"
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifndef SS_PSL_SYSTEM_FILE
#define SS_PSL_SYSTEM_FILE "/usr/share/publicsuffix/public_suffix_list.dat"
#endif

struct ss_psl_t {
    psl_ctx_t *ctx;
    const char *source;
    int owned;        /* free with the pool (not the built-in) */
    apr_hash_t *memo; /* host -> site_memo_t (ss_psl_memoize), or NULL */
    apr_pool_t *memo_pool;
};

/* Where the registrable domain of a host starts and how long it is. */
typedef struct {
    size_t off, len;
} site_memo_t;

static apr_status_t
psl_cleanup(void *data)
{
    ss_psl_t *psl = data;
    if (psl->owned && psl->ctx) {
        psl_free(psl->ctx);
        psl->ctx = NULL;
    }
    return APR_SUCCESS;
}

apr_status_t
ss_psl_open(ss_psl_t **out, apr_pool_t *p, const char *path, const char **err)
{
    ss_psl_t *psl = apr_pcalloc(p, sizeof(*psl));

    *out = NULL;
    if (err) {
        *err = NULL;
    }
    if (path && *path) {
        psl->ctx = psl_load_file(path);
        if (!psl->ctx) {
            if (err) {
                *err = apr_psprintf(p,
                                    "cannot load Public Suffix List '%s' "
                                    "(missing, unreadable or not a PSL "
                                    ".dat/.dafsa file)",
                                    path);
            }
            return APR_EINVAL;
        }
        psl->source = apr_pstrdup(p, path);
        psl->owned = 1;
    } else {
        /* The newest of the system list and the built-in one. */
        psl->ctx = psl_latest(NULL);
        if (psl->ctx) {
            psl->owned = 1;
            psl->source = psl_dist_filename() && *psl_dist_filename()
                              ? psl_dist_filename()
                              : SS_PSL_SYSTEM_FILE;
        } else {
            psl->ctx = (psl_ctx_t *)psl_builtin();
            psl->source = "built-in";
            if (!psl->ctx) {
                if (err) {
                    *err = "no Public Suffix List: install the publicsuffix "
                           "package or set SameSitePublicSuffixList / --psl";
                }
                return APR_EINVAL;
            }
        }
    }
    apr_pool_cleanup_register(p, psl, psl_cleanup, apr_pool_cleanup_null);
    SS_LOG(SS_LOG_DEBUG, "public suffix list loaded from %s", psl->source);
    *out = psl;
    return APR_SUCCESS;
}

const char *
ss_psl_source(const ss_psl_t *psl)
{
    return psl ? psl->source : "none";
}

static int
is_ip(const char *host)
{
    unsigned char buf[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, host, buf) == 1
           || inet_pton(AF_INET6, host, buf) == 1;
}

void
ss_psl_memoize(ss_psl_t *psl, apr_pool_t *p)
{
    if (psl && p && !psl->memo) {
        psl->memo = apr_hash_make(p);
        psl->memo_pool = p;
    }
}

/* Registrable domain of host as (pointer into host, length), trailing
 * root dot excluded from the lookup but kept in the result. */
static const char *
lookup_site(const ss_psl_t *psl, const char *host, size_t *len)
{
    char buf[256];
    size_t hl = strlen(host);
    int dot = hl > 1 && host[hl - 1] == '.';
    const char *rd;

    *len = hl;
    if (!psl || !psl->ctx || hl == 0 || hl >= sizeof(buf) || is_ip(host)) {
        return host;
    }
    memcpy(buf, host, hl - (size_t)dot);
    buf[hl - (size_t)dot] = '\0';
    rd = psl_registrable_domain(psl->ctx, buf);
    if (!rd) {
        return host; /* a public suffix or a single label: its own site */
    }
    *len = strlen(rd) + (size_t)dot;
    return host + (rd - buf);
}

static const char *
site_of(const ss_psl_t *psl, const char *host, size_t *len)
{
    site_memo_t *m;
    const char *s;
    if (!psl || !psl->memo) {
        return lookup_site(psl, host, len);
    }
    m = apr_hash_get(psl->memo, host, APR_HASH_KEY_STRING);
    if (!m) {
        s = lookup_site(psl, host, len);
        m = apr_palloc(psl->memo_pool, sizeof(*m));
        m->off = (size_t)(s - host);
        m->len = *len;
        apr_hash_set(psl->memo, apr_pstrdup(psl->memo_pool, host),
                     APR_HASH_KEY_STRING, m);
    }
    *len = m->len;
    return host + m->off;
}

/* psl_is_public_suffix2 on host without a leading or trailing dot;
 * IPs never are. */
static int
is_suffix(const ss_psl_t *psl, const char *host, int type)
{
    char buf[256];
    size_t hl;
    if (!psl || !psl->ctx || !host || !*host) {
        return 0;
    }
    hl = strlen(host);
    if (host[0] == '.') {
        host++;
        hl--;
    }
    if (hl > 0 && host[hl - 1] == '.') {
        hl--;
    }
    if (hl == 0 || hl >= sizeof(buf)) {
        return hl == 0;
    }
    memcpy(buf, host, hl);
    buf[hl] = '\0';
    if (is_ip(buf)) {
        return 0;
    }
    return psl_is_public_suffix2(psl->ctx, buf, type);
}

int
ss_psl_is_public_suffix(const ss_psl_t *psl, const char *host)
{
    return is_suffix(psl, host, PSL_TYPE_ANY);
}

int
ss_psl_is_listed_suffix(const ss_psl_t *psl, const char *host)
{
    return is_suffix(psl, host, PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE);
}

const char *
ss_site_domain(apr_pool_t *p, const ss_psl_t *psl, const char *host)
{
    size_t len;
    const char *s;
    if (!host) {
        return NULL;
    }
    s = site_of(psl, host, &len);
    return apr_pstrmemdup(p, s, len);
}

static const char *
site_scheme(const char *scheme)
{
    if (!strcmp(scheme, "wss")) {
        return "https";
    }
    if (!strcmp(scheme, "ws")) {
        return "http";
    }
    return scheme;
}

int
ss_same_site(const ss_psl_t *psl, const ss_origin_t *a, const ss_origin_t *b)
{
    const char *sa, *sb;
    size_t la, lb;

    if (!a || !b || a->is_null || b->is_null) {
        return 0;
    }
    if (strcmp(site_scheme(a->scheme), site_scheme(b->scheme))) {
        return 0;
    }
    sa = site_of(psl, a->host, &la);
    sb = site_of(psl, b->host, &lb);
    return la == lb && !memcmp(sa, sb, la);
}

int
ss_domain_match(const char *host, const char *domain)
{
    size_t hl, dl;
    if (!host || !domain || !*domain) {
        return 0;
    }
    if (*domain == '.') {
        domain++;
    }
    if (!strcasecmp(host, domain)) {
        return 1;
    }
    if (is_ip(host)) {
        return 0;
    }
    hl = strlen(host);
    dl = strlen(domain);
    return hl > dl && host[hl - dl - 1] == '.'
           && !strcasecmp(host + hl - dl, domain);
}
