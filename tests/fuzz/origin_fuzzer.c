/* origin_fuzzer: ss_origin_parse never crashes; a parsed origin
 * serialises to a canonical string that parses back to the same origin. */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    char *s = fz_str(&p, data, size);
    ss_origin_t *o, *o2;
    ss_pattern_t *pat;

    if (ss_origin_parse(&o, p, s) == SS_ORIGIN_OK) {
        const char *canon = ss_origin_str(p, o);
        FZ_ASSERT(ss_origin_parse(&o2, p, canon) == SS_ORIGIN_OK);
        FZ_ASSERT(o->is_null ? o2->is_null
                             : ss_origin_equal(o, o2)); /* null never equals */
        FZ_ASSERT(!strcmp(ss_origin_str(p, o2), canon));
        FZ_ASSERT(!strpbrk(canon, "\r\n\t "));
        (void)ss_site_domain(p, fz_psl, o->host);
        (void)ss_same_site(fz_psl, o, o2);
    }
    if (ss_pattern_parse(&pat, p, s) == SS_ORIGIN_OK) {
        ss_origin_t *evil;
        if (ss_origin_parse(&evil, p, "https://evil.test") == SS_ORIGIN_OK) {
            (void)ss_pattern_match(pat, evil);
        }
    }
    apr_pool_destroy(p);
    return 0;
}
