/* lint_summarize.h -- samesite-lint --summarize-log: what mod_samesite's
 * ReportOnly lines (SS0901 first, SS0902 interval, SS0903 summary; the
 * format is defined in mod_samesite/samesite_report.c and documented in
 * docs/mod_samesite.md) say SameSiteEngine On would change. */
#ifndef LINT_SUMMARIZE_H
#define LINT_SUMMARIZE_H

#include <stdio.h>
#include <apr_pools.h>
#include <apr_tables.h>

/** One parsed ReportOnly line.  Values are as logged (bytes the module
 *  escaped stay %HH), quotes removed; absent fields are NULL. */
typedef struct lint_report_line_t {
    int tag;          /* 901, 902, 903 */
    const char *rule; /* catalog id */
    const char *kind; /* first, interval, summary */
    const char *vhost, *cookie, *origin, *method, *overflow;
    const char *change, *finding, *path;
    const char *first, *last; /* 2026-12-02T15:01:06Z */
    apr_uint64_t count, total;
} lint_report_line_t;

/** Parse one error log line.  Returns 1 for a ReportOnly line (out
 *  filled), 0 for a line that is not one (other modules, other
 *  mod_samesite lines), -1 for a line that says it is one (SS0901-SS0903)
 *  but does not follow the format (malformed: skipped and counted). */
int lint_report_parse(lint_report_line_t *out, apr_pool_t *p, const char *line);

/** Read the error logs (plain or gzip, "-" for standard input) and print
 *  the table of what On would change, as text or json, to o.  Returns
 *  the exit status: 0, or 2 when a file could not be read (its name and
 *  the reason on stderr; the others are still summarised). */
int lint_summarize_logs(apr_pool_t *p, const apr_array_header_t *paths,
                        const char *format, FILE *o);

#endif
