/* ss_log.c -- callback logging; the core never prints on its own. */
#include <stdarg.h>
#include <apr_strings.h>
#include "ss_log.h"

static ss_log_level_cb *log_level_cb;
static ss_log_print_cb *log_print_cb;
static void *log_baton;

void
ss_log_set(ss_log_level_cb *level_cb, ss_log_print_cb *print_cb, void *baton)
{
    log_level_cb = level_cb;
    log_print_cb = print_cb;
    log_baton = baton;
}

int
ss_log_is_level(ss_log_level_t level)
{
    if (!log_print_cb) {
        return 0;
    }
    return log_level_cb ? log_level_cb(log_baton, level) : 1;
}

void
ss_log_printf(ss_log_level_t level, const char *file, int line, const char *fmt,
              ...)
{
    char buf[2048];
    va_list ap;

    if (!ss_log_is_level(level)) {
        return;
    }
    va_start(ap, fmt);
    apr_vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    log_print_cb(log_baton, level, file, line, buf);
}
