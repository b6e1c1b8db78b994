/* ss_log.h -- the core never prints: it reports through a callback.
 *
 * Modelled on mod_md's md_log_set(): the Apache module forwards to
 * ap_log_error(), samesite-lint prints to stderr, unit tests capture.
 */
#ifndef SS_LOG_H
#define SS_LOG_H

#include <apr_general.h>

/* Values equal syslog / APLOG_* levels so the module can pass them on. */
typedef enum {
    SS_LOG_ERR = 3,
    SS_LOG_WARNING = 4,
    SS_LOG_NOTICE = 5,
    SS_LOG_INFO = 6,
    SS_LOG_DEBUG = 7
} ss_log_level_t;

/* Returns non-zero when messages of this level would be printed. */
typedef int ss_log_level_cb(void *baton, ss_log_level_t level);
/* Prints one message; file/line is the core's call site. */
typedef void ss_log_print_cb(void *baton, ss_log_level_t level,
                             const char *file, int line, const char *msg);

/** Install the callbacks (NULL, NULL: the core stays silent, the default). */
void ss_log_set(ss_log_level_cb *level_cb, ss_log_print_cb *print_cb,
                void *baton);

/** Non-zero when a message at this level would go anywhere. */
int ss_log_is_level(ss_log_level_t level);

/** printf-style logging through the installed callback. */
void ss_log_printf(ss_log_level_t level, const char *file, int line,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#define SS_LOG(level, ...)                                                     \
    ss_log_printf((level), __FILE__, __LINE__, __VA_ARGS__)

#endif
