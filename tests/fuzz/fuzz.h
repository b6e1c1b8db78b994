/* fuzz.h -- shared by the fuzz targets: one APR pool per process and the
 * system Public Suffix List. */
#ifndef SS_FUZZ_H
#define SS_FUZZ_H

#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>
#include "ss.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static apr_pool_t *fz_root;
static ss_psl_t *fz_psl;

static inline void
fz_fini(void)
{
    apr_pool_destroy(fz_root); /* frees the PSL too: leak-checker clean */
    fz_root = NULL;
    apr_terminate();
}

static inline void
fz_init(void)
{
    if (!fz_root) {
        apr_initialize();
        atexit(fz_fini);
        apr_pool_create(&fz_root, NULL);
        if (ss_psl_open(&fz_psl, fz_root, NULL, NULL) != APR_SUCCESS) {
            abort();
        }
    }
}

/* NUL-terminated copy in a fresh sub-pool */
static inline char *
fz_str(apr_pool_t **p, const uint8_t *data, size_t size)
{
    fz_init();
    apr_pool_create(p, fz_root);
    return apr_pstrmemdup(*p, (const char *)data, size);
}

#define FZ_ASSERT(c)                                                           \
    do {                                                                       \
        if (!(c))                                                              \
            abort();                                                           \
    } while (0)

#endif
