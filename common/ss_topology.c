/* ss_topology.c -- the topology classifier (seed 002's table). */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include "ss_topology.h"
#include "ss_diag.h"

const char *
ss_class_name(ss_class_t c)
{
    switch (c) {
    case SS_CLASS_SAME_ORIGIN:
        return "same-origin";
    case SS_CLASS_SAME_SITE:
        return "same-site";
    case SS_CLASS_CROSS_SITE:
        return "cross-site";
    default:
        return "none";
    }
}

const char *
ss_cors_mode_name(ss_cors_mode_t m)
{
    switch (m) {
    case SS_CORS_MODE_CREDENTIALS:
        return "credentials";
    case SS_CORS_MODE_FULL:
        return "full-preflight";
    default:
        return "none";
    }
}

ss_class_t
ss_classify(const ss_psl_t *psl, const ss_origin_t *self,
            const ss_origin_t *other)
{
    if (!self || !other) {
        return SS_CLASS_NONE;
    }
    if (other->is_null) {
        return SS_CLASS_CROSS_SITE; /* an opaque origin is nobody's site */
    }
    if (ss_origin_equal(self, other)) {
        return SS_CLASS_SAME_ORIGIN;
    }
    return ss_same_site(psl, self, other) ? SS_CLASS_SAME_SITE
                                          : SS_CLASS_CROSS_SITE;
}

ss_class_t
ss_classify_pattern(const ss_psl_t *psl, const ss_origin_t *self,
                    const ss_pattern_t *pat)
{
    ss_origin_t probe;
    char host[300];

    if (!pat) {
        return SS_CLASS_NONE;
    }
    if (!pat->wildcard) {
        return ss_classify(psl, self, &pat->origin);
    }
    /* Every host a wildcard matches has at least one more label than the
     * suffix: classify one such host.  Over a public suffix
     * (https://\*.github.io) each match is its own site: cross-site. */
    probe = pat->origin;
    apr_snprintf(host, sizeof(host), "samesite-probe.%s", pat->origin.host);
    probe.host = host;
    return ss_classify(psl, self, &probe);
}

/* Longest common suffix of whole labels ("a.github.io", "b.github.io" ->
 * "github.io"), or NULL. */
static const char *
common_label_suffix(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), n = 0;
    const char *best = NULL;
    while (n < la && n < lb && a[la - 1 - n] == b[lb - 1 - n]) {
        n++;
        if ((la == n || a[la - n - 1] == '.')
            && (lb == n || b[lb - n - 1] == '.')) {
            best = a + la - n;
        }
    }
    return best;
}

static void
add_traps(apr_pool_t *p, const ss_psl_t *psl, ss_topology_t *t,
          const ss_pattern_t *fe, ss_class_t cls)
{
    const ss_origin_t *self = t->public_origin;
    const ss_origin_t *o = &fe->origin;
    const char *why;

    if (o->is_null) {
        ss_finding_add(t->findings, "cors-null-origin",
                       "frontend \"null\" is an opaque origin any page can "
                       "produce (sandboxed iframe): never allow it");
        return;
    }
    why = ss_host_internal_reason(o->host);
    if (why && ss_host_loopback(o->host)) {
        /* a page on the user's own machine does send this Origin (a
         * development server): only a public API that lets it in has a
         * problem, and the message says which */
        if (self && !ss_host_internal_reason(self->host)) {
            ss_finding_add(t->findings, "topology-internal-origin",
                           "frontend %s is a loopback (development) origin: "
                           "any page served on a visitor's own machine gets "
                           "what this frontend gets from %s; keep it out of "
                           "the production allowlist",
                           fe->text, ss_origin_str(p, self));
            /* what follows depends on who runs what on the visitor's
             * machine: a note, not a warning */
            APR_ARRAY_IDX(t->findings, t->findings->nelts - 1, ss_finding_t)
                .severity = SS_SEV_NOTE;
        }
    } else if (why) {
        ss_finding_add(t->findings, "topology-internal-origin",
                       "frontend %s is %s: browsers send the public origin "
                       "from the address bar, never this one",
                       fe->text, why);
    }
    if (!self) {
        return;
    }
    if (cls == SS_CLASS_CROSS_SITE && !o->is_null) {
        const char *sa = ss_site_domain(p, psl, self->host);
        const char *sb = ss_site_domain(
            p, psl,
            fe->wildcard ? apr_pstrcat(p, "x.", o->host, NULL) : o->host);
        int schemes_differ = strcmp(ss_origin_is_secure(self) ? "s" : "",
                                    ss_origin_is_secure(o) ? "s" : "");
        if (schemes_differ && !strcmp(sa, sb)) {
            if (!fe->wildcard && !strcmp(o->host, self->host)) {
                ss_finding_add(
                    t->findings, "topology-schemeful-cross-site",
                    "frontend %s and public origin %s differ only in "
                    "scheme: schemeful same-site makes them cross-site",
                    fe->text, ss_origin_str(p, self));
            } else {
                ss_finding_add(
                    t->findings, "topology-schemeful-cross-site",
                    "frontend %s (%s) and public origin %s (%s) are on "
                    "the same registrable domain %s but differ in "
                    "scheme: schemeful same-site makes them "
                    "cross-site",
                    fe->text, o->scheme, ss_origin_str(p, self), self->scheme,
                    sa);
            }
        } else if (!schemes_differ) {
            const char *common = common_label_suffix(
                self->host,
                fe->wildcard ? apr_pstrcat(p, "x.", o->host, NULL) : o->host);
            if (common && strchr(common, '.')
                && ss_psl_is_public_suffix(psl, common)) {
                ss_finding_add(t->findings, "topology-public-suffix",
                               "frontend %s and public origin %s share only "
                               "%s, a public suffix: they are cross-site",
                               fe->text, ss_origin_str(p, self), common);
            }
        }
    }
}

static ss_topology_t *
topology_new(apr_pool_t *p, const ss_origin_t *public_origin, int nelts)
{
    ss_topology_t *t = apr_pcalloc(p, sizeof(*t));
    t->public_origin = public_origin;
    t->frontends =
        apr_array_make(p, nelts ? nelts : 1, sizeof(ss_frontend_class_t));
    t->findings = apr_array_make(p, 4, sizeof(ss_finding_t));
    t->worst = SS_CLASS_NONE;
    if (public_origin && !public_origin->is_null) {
        const char *why = ss_host_internal_reason(public_origin->host);
        if (why) {
            ss_finding_add(t->findings, "topology-internal-origin",
                           "public origin %s is %s: if a proxy is in front, "
                           "declare the origin the browser shows "
                           "(SameSitePublicOrigin)",
                           ss_origin_str(p, public_origin), why);
        }
    }
    return t;
}

/* The recommendation from the worst class (seed 002's table). */
static void
topology_finish(apr_pool_t *p, ss_topology_t *t, ss_samesite_t default_samesite)
{
    const ss_origin_t *public_origin = t->public_origin;
    if (default_samesite != SS_SAMESITE_STRICT) {
        default_samesite = SS_SAMESITE_LAX;
    }
    t->secure = ss_origin_is_secure(public_origin);
    switch (t->worst) {
    case SS_CLASS_CROSS_SITE:
        t->samesite = SS_SAMESITE_NONE;
        t->partitioned = 1;
        t->cors = SS_CORS_MODE_FULL;
        if (public_origin && !t->secure) {
            ss_finding_add(t->findings, "cookie-none-without-secure",
                           "a cross-site frontend needs SameSite=None; Secure "
                           "cookies, which %s (plain http) cannot set",
                           ss_origin_str(p, public_origin));
        } else {
            ss_finding_add(t->findings, "cookie-third-party-dependence",
                           "cross-site frontends make %s's cookies "
                           "third-party cookies: browsers that block them "
                           "(Safari, Firefox ETP, Chrome incognito, this "
                           "Chromium by default) send only Partitioned ones",
                           public_origin ? ss_origin_str(p, public_origin)
                                         : "this host");
        }
        break;
    case SS_CLASS_SAME_SITE:
        t->samesite = default_samesite;
        t->cors = SS_CORS_MODE_CREDENTIALS;
        break;
    default:
        t->samesite = default_samesite;
        t->cors = SS_CORS_MODE_NONE;
        break;
    }
}

ss_topology_t *
ss_topology_analyse(apr_pool_t *p, const ss_psl_t *psl,
                    const ss_origin_t *public_origin,
                    const apr_array_header_t *frontends,
                    ss_samesite_t default_samesite)
{
    ss_topology_t *t =
        topology_new(p, public_origin, frontends ? frontends->nelts : 0);
    int i;

    for (i = 0; frontends && i < frontends->nelts; i++) {
        const ss_pattern_t *fe =
            APR_ARRAY_IDX(frontends, i, const ss_pattern_t *);
        ss_frontend_class_t *fc = apr_array_push(t->frontends);
        fc->frontend = fe;
        fc->cls = public_origin ? ss_classify_pattern(psl, public_origin, fe)
                                : SS_CLASS_NONE;
        if (fc->cls > t->worst) {
            t->worst = fc->cls;
        }
        add_traps(p, psl, t, fe, fc->cls);
    }
    topology_finish(p, t, default_samesite);
    return t;
}

/* ---- shared frontends ---------------------------------------------------------
 *
 * For a public origin O, ss_topology_analyse gives frontend F:
 *   - a class other than cross-site only when F's probe host (the one
 *     ss_classify_pattern classifies) has O's registrable domain;
 *   - a trap only when F is "null" or internal (whatever O is), when the
 *     host add_traps compares ("x." + host for a wildcard) has O's
 *     registrable domain (schemeful), or when both hosts share a suffix
 *     of two labels or more that is a public suffix.
 * The set indexes its frontends by those three keys; analysing O looks
 * up its own site and dotted suffixes, runs the exact per-frontend code
 * on the few it finds, in frontend order, and counts every other one as
 * cross-site without a trap. */

struct ss_frontend_set_t {
    const apr_array_header_t *frontends; /* ss_pattern_t * */
    apr_hash_t *by_site;        /* probe host's site -> int array of indexes */
    apr_hash_t *by_trap_site;   /* trap host's site -> indexes */
    apr_hash_t *by_suffix;      /* dotted public suffix of the trap host ->
                                  indexes */
    apr_array_header_t *always; /* "null" or internal: indexes */
    apr_array_header_t *cross;  /* ss_frontend_class_t: all cross-site */
    apr_hash_t *classes;        /* "i=c,..." exceptions -> class array */
    apr_pool_t *pool;
};

static void
index_add(apr_pool_t *p, apr_hash_t *h, const char *key, int i)
{
    apr_array_header_t *a = apr_hash_get(h, key, APR_HASH_KEY_STRING);
    if (!a) {
        a = apr_array_make(p, 1, sizeof(int));
        apr_hash_set(h, key, APR_HASH_KEY_STRING, a);
    }
    if (!a->nelts || APR_ARRAY_IDX(a, a->nelts - 1, int) != i) {
        APR_ARRAY_PUSH(a, int) = i;
    }
}

ss_frontend_set_t *
ss_frontend_set_make(apr_pool_t *p, const ss_psl_t *psl,
                     const apr_array_header_t *frontends)
{
    ss_frontend_set_t *set = apr_pcalloc(p, sizeof(*set));
    int i, n = frontends ? frontends->nelts : 0;

    set->frontends = frontends;
    set->pool = p;
    set->by_site = apr_hash_make(p);
    set->by_trap_site = apr_hash_make(p);
    set->by_suffix = apr_hash_make(p);
    set->always = apr_array_make(p, 1, sizeof(int));
    set->cross = apr_array_make(p, n ? n : 1, sizeof(ss_frontend_class_t));
    set->classes = apr_hash_make(p);
    for (i = 0; i < n; i++) {
        const ss_pattern_t *fe =
            APR_ARRAY_IDX(frontends, i, const ss_pattern_t *);
        const ss_origin_t *o = &fe->origin;
        ss_frontend_class_t *fc = apr_array_push(set->cross);
        const char *probe, *trap, *s;
        char host[300];

        fc->frontend = fe;
        fc->cls = SS_CLASS_CROSS_SITE;
        if (o->is_null || ss_host_internal_reason(o->host)) {
            APR_ARRAY_PUSH(set->always, int) = i;
        }
        if (o->is_null) {
            continue; /* cross-site, and add_traps stops at "null" */
        }
        /* the host ss_classify_pattern classifies */
        if (fe->wildcard) {
            apr_snprintf(host, sizeof(host), "samesite-probe.%s", o->host);
            probe = host;
        } else {
            probe = o->host;
        }
        index_add(p, set->by_site, ss_site_domain(p, psl, probe), i);
        /* the host add_traps compares */
        trap = fe->wildcard ? apr_pstrcat(p, "x.", o->host, NULL) : o->host;
        index_add(p, set->by_trap_site, ss_site_domain(p, psl, trap), i);
        for (s = trap; s; s = strchr(s, '.') ? strchr(s, '.') + 1 : NULL) {
            if (strchr(s, '.') && ss_psl_is_public_suffix(psl, s)) {
                index_add(p, set->by_suffix, s, i);
            }
        }
    }
    return set;
}

/* A frontend whose class is not cross-site for this origin. */
typedef struct {
    int k;
    ss_class_t cls;
} class_exception_t;

static int
int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void
cands_add(apr_array_header_t *c, const apr_array_header_t *idx)
{
    int i;
    for (i = 0; idx && i < idx->nelts; i++) {
        APR_ARRAY_PUSH(c, int) = APR_ARRAY_IDX(idx, i, int);
    }
}

ss_topology_t *
ss_topology_analyse_set(apr_pool_t *p, const ss_psl_t *psl,
                        const ss_origin_t *public_origin,
                        ss_frontend_set_t *set, ss_samesite_t default_samesite)
{
    const apr_array_header_t *fes = set->frontends;
    apr_array_header_t *cands, *exc;
    ss_topology_t *t;
    const char *site, *s;
    int i, n = fes ? fes->nelts : 0, distinct = 0;

    if (!public_origin || public_origin->is_null) {
        return ss_topology_analyse(p, psl, public_origin, fes,
                                   default_samesite);
    }
    t = topology_new(p, public_origin, 0);
    cands = apr_array_make(p, 8, sizeof(int));
    site = ss_site_domain(p, psl, public_origin->host);
    cands_add(cands, set->always);
    cands_add(cands, apr_hash_get(set->by_site, site, APR_HASH_KEY_STRING));
    cands_add(cands,
              apr_hash_get(set->by_trap_site, site, APR_HASH_KEY_STRING));
    for (s = public_origin->host; s;
         s = strchr(s, '.') ? strchr(s, '.') + 1 : NULL) {
        if (strchr(s, '.')) {
            cands_add(cands,
                      apr_hash_get(set->by_suffix, s, APR_HASH_KEY_STRING));
        }
    }
    qsort(cands->elts, (size_t)cands->nelts, sizeof(int), int_cmp);
    exc = apr_array_make(p, 2, sizeof(class_exception_t));
    for (i = 0; i < cands->nelts; i++) {
        int k = APR_ARRAY_IDX(cands, i, int);
        const ss_pattern_t *fe;
        ss_class_t cls;
        if (i && APR_ARRAY_IDX(cands, i - 1, int) == k) {
            continue;
        }
        distinct++;
        fe = APR_ARRAY_IDX(fes, k, const ss_pattern_t *);
        cls = ss_classify_pattern(psl, public_origin, fe);
        if (cls > t->worst) {
            t->worst = cls;
        }
        if (cls != SS_CLASS_CROSS_SITE) {
            class_exception_t *x = apr_array_push(exc);
            x->k = k;
            x->cls = cls;
        }
        add_traps(p, psl, t, fe, cls);
    }
    if (distinct < n) {
        t->worst = SS_CLASS_CROSS_SITE; /* every other frontend */
    }
    if (!exc->nelts) {
        t->frontends = set->cross;
    } else {
        /* the classes are shared by the origins with the same exceptions
         * (every server of one site, typically) */
        char *key = "";
        for (i = 0; i < exc->nelts; i++) {
            const class_exception_t *x =
                &APR_ARRAY_IDX(exc, i, class_exception_t);
            key = apr_psprintf(p, "%s%d=%d,", key, x->k, (int)x->cls);
        }
        t->frontends = apr_hash_get(set->classes, key, APR_HASH_KEY_STRING);
        if (!t->frontends) {
            t->frontends = apr_array_copy(set->pool, set->cross);
            for (i = 0; i < exc->nelts; i++) {
                const class_exception_t *x =
                    &APR_ARRAY_IDX(exc, i, class_exception_t);
                APR_ARRAY_IDX(t->frontends, x->k, ss_frontend_class_t).cls =
                    x->cls;
            }
            apr_hash_set(set->classes, apr_pstrdup(set->pool, key),
                         APR_HASH_KEY_STRING, t->frontends);
        }
    }
    topology_finish(p, t, default_samesite);
    return t;
}

const char *
ss_topology_cookie_policy(apr_pool_t *p, const ss_topology_t *t)
{
    return apr_pstrcat(
        p, "SameSite=", ss_samesite_name(t->samesite),
        (t->secure || t->samesite == SS_SAMESITE_NONE) ? "; Secure" : "",
        t->partitioned ? "; Partitioned" : "", NULL);
}
