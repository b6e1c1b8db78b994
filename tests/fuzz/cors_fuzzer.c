/* cors_fuzzer: whatever Origin / Access-Control-Request-* a client sends,
 * the decision never emits "*", never echoes an origin that is not the
 * canonical allowlisted one, and never emits CR/LF.  In public mode
 * (SameSiteCORS Public) the same input gets "*" and never credentials. */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    char *s = fz_str(&p, data, size);
    char *parts[4] = { s, NULL, NULL, NULL };
    int i, n = 1;
    ss_cors_policy_t pol;
    ss_origin_t *pub;
    ss_pattern_t *fe;
    apr_array_header_t *fes = apr_array_make(p, 1, sizeof(ss_pattern_t *));
    ss_cors_decision_t *d;
    static const char *const methods[] = { "GET", "OPTIONS", "POST", "PUT" };

    for (i = 0; s[i] && n < 4; i++) { /* split on newlines */
        if (s[i] == '\n') {
            s[i] = '\0';
            parts[n++] = s + i + 1;
        }
    }
    FZ_ASSERT(ss_origin_parse(&pub, p, "https://api.shop.test")
              == SS_ORIGIN_OK);
    FZ_ASSERT(ss_pattern_parse(&fe, p, "https://app.shop.test")
              == SS_ORIGIN_OK);
    APR_ARRAY_PUSH(fes, ss_pattern_t *) = fe;
    memset(&pol, 0, sizeof(pol));
    pol.public_origin = pub;
    pol.frontends = fes;
    pol.max_age = -1;
    d = ss_cors_decide(p, &pol, methods[size % 4], parts[0], parts[1], parts[2],
                       parts[3]);
    for (i = 0; i < d->headers->nelts; i++) {
        const ss_header_t *h = &APR_ARRAY_IDX(d->headers, i, ss_header_t);
        FZ_ASSERT(!strpbrk(h->value, "\r\n"));
        if (!strcasecmp(h->name, "Access-Control-Allow-Origin")) {
            FZ_ASSERT(!strcmp(h->value, "https://app.shop.test"));
        }
    }
    pol.public_cors = 1;
    d = ss_cors_decide(p, &pol, methods[size % 4], parts[0], parts[1], parts[2],
                       parts[3]);
    FZ_ASSERT(d->wildcard && !d->vary);
    for (i = 0; i < d->headers->nelts; i++) {
        const ss_header_t *h = &APR_ARRAY_IDX(d->headers, i, ss_header_t);
        FZ_ASSERT(!strpbrk(h->value, "\r\n"));
        FZ_ASSERT(strcasecmp(h->name, "Access-Control-Allow-Credentials"));
        if (!strcasecmp(h->name, "Access-Control-Allow-Origin")) {
            FZ_ASSERT(!strcmp(h->value, "*"));
        }
    }
    apr_pool_destroy(p);
    return 0;
}
