/* test_util.h -- shared setup for the cmocka unit tests: one APR pool
 * per test, the system Public Suffix List, a log capture. */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include "ss.h"

static apr_pool_t *tp; /* per-test pool */
static ss_psl_t *tpsl; /* system PSL, per test */

static int
setup(void **state)
{
    const char *err = NULL;
    (void)state;
    assert_int_equal(apr_pool_create(&tp, NULL), APR_SUCCESS);
    assert_int_equal(ss_psl_open(&tpsl, tp, NULL, &err), APR_SUCCESS);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    apr_pool_destroy(tp);
    tp = NULL;
    return 0;
}

static int
group_setup(void **state)
{
    (void)state;
    apr_initialize();
    return 0;
}

static int
group_teardown(void **state)
{
    (void)state;
    apr_terminate();
    return 0;
}

/* Parse an origin that must be valid. */
static inline ss_origin_t *
O(const char *s)
{
    ss_origin_t *o = NULL;
    ss_origin_err_t e = ss_origin_parse(&o, tp, s);
    if (e != SS_ORIGIN_OK) {
        fail_msg("origin '%s' did not parse: %s", s, ss_origin_strerror(e));
    }
    return o;
}

/* Array of patterns from a NULL-terminated list. */
static inline apr_array_header_t *
PATS(const char *const *list)
{
    apr_array_header_t *a = apr_array_make(tp, 4, sizeof(ss_pattern_t *));
    for (; list && *list; list++) {
        ss_pattern_t *pat = NULL;
        if (ss_pattern_parse(&pat, tp, *list) != SS_ORIGIN_OK) {
            fail_msg("pattern '%s' did not parse", *list);
        }
        APR_ARRAY_PUSH(a, ss_pattern_t *) = pat;
    }
    return a;
}

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

#define RUN(tests) cmocka_run_group_tests(tests, group_setup, group_teardown)
#define T(fn)      cmocka_unit_test_setup_teardown(fn, setup, teardown)

#endif
