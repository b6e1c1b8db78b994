/* cookie_fuzzer: Set-Cookie parse -> serialise -> parse is stable, never
 * loses the cookie's name or value; the Auto policy for a cross-site
 * topology applies cleanly and keeps name (modulo HostPrefix) and value. */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    char *s = fz_str(&p, data, size);
    ss_cookie_t *c = ss_cookie_parse(p, s), *c2;
    const char *out = ss_cookie_str(p, c);
    FZ_ASSERT(c && out);
    if (!c->valid) {
        FZ_ASSERT(!strcmp(out, s)); /* passed through unharmed */
    } else {
        ss_origin_t *pub;
        ss_pattern_t *fe;
        apr_array_header_t *fes = apr_array_make(p, 1, sizeof(ss_pattern_t *));
        ss_cookie_ctx_t ctx;
        apr_array_header_t *ch;
        c2 = ss_cookie_parse(p, out);
        FZ_ASSERT(c2->valid && !strcmp(c2->name, c->name)
                  && !strcmp(c2->value, c->value));
        FZ_ASSERT(ss_origin_parse(&pub, p, "https://api.widgets.test")
                  == SS_ORIGIN_OK);
        FZ_ASSERT(ss_pattern_parse(&fe, p, "https://app.shop.test")
                  == SS_ORIGIN_OK);
        APR_ARRAY_PUSH(fes, ss_pattern_t *) = fe;
        memset(&ctx, 0, sizeof(ctx));
        ctx.topology =
            ss_topology_analyse(p, fz_psl, pub, fes, SS_SAMESITE_LAX);
        ctx.psl = fz_psl;
        ctx.request_class = SS_CLASS_CROSS_SITE;
        ctx.request_from_frontend = 1;
        ch = ss_cookie_policy(p, c2, NULL, &ctx);
        ss_cookie_apply(c2, ch);
        out = ss_cookie_str(p, c2);
        c2 = ss_cookie_parse(p, out);
        FZ_ASSERT(c2->valid && !strcmp(c2->value, c->value));
    }
    apr_pool_destroy(p);
    return 0;
}
