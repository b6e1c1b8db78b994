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
#include <apr_file_io.h>
#include <apr_file_info.h>
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

/* One line of a .dat list is a rule when its first word (what libpsl
 * takes) is made of label characters: letters, digits, '-', '.', a
 * leading '!' (exception) or "*" labels (wildcard), and UTF-8 bytes
 * (IDN rules).  /etc/passwd ("root:x:0:0:...") is not. */
static int
psl_rule_ok(const char *w, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)w[i];
        if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '*'
              || (c == '!' && i == 0))) {
            return 0;
        }
    }
    return len > 0 && w[0] != '.' && w[len - 1] != '.';
}

/* NULL when path is a regular file of at most SS_PSL_MAX_SIZE bytes that
 * is a DAFSA list or a .dat list of rules (at least one), else why not.
 * Checked before libpsl reads it: psl_load_file reads any stream to its
 * end (/dev/zero never ends) and takes any line as a rule. */
static const char *
psl_file_check(apr_pool_t *p, const char *path)
{
    static const char dafsa[] = ".DAFSA@PSL_";
    apr_finfo_t fi;
    apr_file_t *f;
    apr_pool_t *tmp;
    apr_size_t n;
    const char *why = NULL, *line, *end, *eol;
    char *buf;
    int lineno = 0, rules = 0;

    if (apr_stat(&fi, path, APR_FINFO_TYPE | APR_FINFO_SIZE, p)
        != APR_SUCCESS) {
        return ""; /* missing or unreadable: the caller's message */
    }
    if (fi.filetype != APR_REG) {
        return apr_psprintf(p, "'%s' is not a regular file", path);
    }
    if (fi.size > SS_PSL_MAX_SIZE) {
        return apr_psprintf(p,
                            "'%s' is larger than %d MiB: not a Public "
                            "Suffix List",
                            path, SS_PSL_MAX_SIZE >> 20);
    }
    if (apr_pool_create(&tmp, p) != APR_SUCCESS) {
        return "";
    }
    n = (apr_size_t)fi.size;
    buf = apr_palloc(tmp, n + 1);
    if (apr_file_open(&f, path, APR_FOPEN_READ | APR_FOPEN_BINARY, 0, tmp)
            != APR_SUCCESS
        || (n && apr_file_read_full(f, buf, n, &n) != APR_SUCCESS)) {
        apr_pool_destroy(tmp);
        return "";
    }
    apr_file_close(f);
    buf[n] = '\0';
    if (n >= sizeof(dafsa) - 1 && !memcmp(buf, dafsa, sizeof(dafsa) - 1)) {
        apr_pool_destroy(tmp);
        return NULL; /* binary: libpsl checks the rest */
    }
    for (line = buf, end = buf + n; line < end && !why; line = eol + 1) {
        size_t len;
        lineno++;
        eol = memchr(line, '\n', (size_t)(end - line));
        if (!eol) {
            eol = end;
        }
        while (line < eol && (*line == ' ' || *line == '\t')) {
            line++;
        }
        if (line == eol || *line == '\r'
            || (eol - line >= 2 && !memcmp(line, "//", 2))) {
            continue;
        }
        len = strcspn(line, " \t\r\n");
        if (memchr(line, '\0', (size_t)(eol - line))
            || !psl_rule_ok(line, len)) {
            why = apr_psprintf(p,
                               "'%s' is not a Public Suffix List: line %d "
                               "is not a rule",
                               path, lineno);
        }
        rules++;
    }
    if (!why && !rules) {
        why = apr_psprintf(p, "'%s' has no Public Suffix List rules", path);
    }
    apr_pool_destroy(tmp);
    return why;
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
        const char *why = psl_file_check(p, path);
        if (why && *why) {
            if (err) {
                *err = why;
            }
            return APR_EINVAL;
        }
        psl->ctx = why ? NULL : psl_load_file(path);
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
