/* ss_topology.c -- the topology classifier (seed 002's table). */
#include <string.h>
#include <apr_strings.h>
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

ss_topology_t *
ss_topology_analyse(apr_pool_t *p, const ss_psl_t *psl,
                    const ss_origin_t *public_origin,
                    const apr_array_header_t *frontends,
                    ss_samesite_t default_samesite)
{
    ss_topology_t *t = apr_pcalloc(p, sizeof(*t));
    int i;

    t->public_origin = public_origin;
    t->frontends = apr_array_make(p, frontends ? frontends->nelts : 1,
                                  sizeof(ss_frontend_class_t));
    t->findings = apr_array_make(p, 4, sizeof(ss_finding_t));
    t->worst = SS_CLASS_NONE;
    if (default_samesite != SS_SAMESITE_STRICT) {
        default_samesite = SS_SAMESITE_LAX;
    }

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
