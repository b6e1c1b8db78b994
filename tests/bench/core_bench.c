/* core_bench -- time the core's per-request work: CORS decision + two
 * Set-Cookie rewrites (parse, policy, apply, serialise), and the same
 * plus the topology analysis the module does per request.  Prints ns per
 * request; no pass/fail (SPEC 5 bar: under 1 us). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <apr_general.h>
#include "ss.h"

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* One request's worth of core work, as the module does it: the request's
 * class, the CORS decision and two Set-Cookie rewrites. */
static void __attribute__((noinline))
one_request(apr_pool_t *p, const ss_psl_t *psl, const ss_topology_t *tt,
            const ss_cors_policy_t *pol)
{
    static const char *const cookies[] = { "session=abc123; Path=/; HttpOnly",
                                           "prefs=dark; Path=/; Max-Age=3600" };
    ss_request_info_t ri;
    ss_cookie_ctx_t ctx;
    int k;

    /* the module reads the request headers once */
    ss_request_info_init(&ri, p, "GET", "https://app.shop.test", "cross-site",
                         NULL);
    memset(&ctx, 0, sizeof(ctx));
    ctx.topology = tt;
    ctx.psl = psl;
    ctx.request_class = ss_request_class(p, psl, tt, &ri);
    ctx.request_from_frontend = ss_request_from_frontend(p, tt, &ri);
    ctx.terse = 1; /* as the module at LogLevel info */
    (void)ss_cors_decide_request(p, pol, &ri, NULL, NULL, NULL);
    for (k = 0; k < 2; k++) {
        ss_cookie_t *c = ss_cookie_parse(p, cookies[k]);
        ss_cookie_apply(c, ss_cookie_policy(p, c, NULL, &ctx));
        (void)ss_cookie_str(p, c);
    }
}

int
main(int argc, char **argv)
{
    apr_pool_t *root, *p;
    ss_psl_t *psl;
    ss_origin_t *pub;
    ss_pattern_t *fe;
    apr_array_header_t *fes;
    ss_topology_t *t;
    ss_cors_policy_t pol;
    long i, n = argc > 1 ? atol(argv[1]) : 200000;
    int with_topo;

    apr_initialize();
    apr_pool_create(&root, NULL);
    ss_psl_open(&psl, root, NULL, NULL);
    ss_origin_parse(&pub, root, "https://api.widgets.test");
    ss_pattern_parse(&fe, root, "https://app.shop.test");
    fes = apr_array_make(root, 1, sizeof(ss_pattern_t *));
    APR_ARRAY_PUSH(fes, ss_pattern_t *) = fe;
    t = ss_topology_analyse(root, psl, pub, fes, SS_SAMESITE_LAX);
    memset(&pol, 0, sizeof(pol));
    pol.public_origin = pub;
    pol.frontends = fes;
    pol.max_age = -1;
    apr_pool_create(&p, root);
    for (with_topo = 0; with_topo < 2; with_topo++) {
        double t0 = now();
        for (i = 0; i < n; i++) {
            const ss_topology_t *tt =
                with_topo
                    ? ss_topology_analyse(p, psl, pub, fes, SS_SAMESITE_LAX)
                    : t;
            one_request(p, psl, tt, &pol);
            apr_pool_clear(p);
        }
        printf("core: request class + CORS decision + 2 cookie rewrites%s: "
               "%.0f ns/request (%ld requests)\n",
               with_topo ? " + topology analysis" : "",
               (now() - t0) / (double)n, n);
    }
    apr_pool_destroy(root);
    apr_terminate();
    return 0;
}
