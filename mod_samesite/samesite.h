/* samesite.h -- what the files of mod_samesite share.  The module is
 * split by concern:
 *   mod_samesite.c      the module: directives (the core's table),
 *                       per-dir create/merge (the core's), hooks
 *   samesite_request.c  per-request state (public origin, class) and the
 *                       header_parser hook: WebSocket, CSRF, request
 *                       cookies, preflight answer
 *   samesite_filter.c   the output filters: CORS headers, Vary,
 *                       Set-Cookie in both tables
 *   samesite_startup.c  post_config: the Public Suffix List and the
 *                       startup diagnostics of each scope
 *   samesite_report.c   ReportOnly's lines: each distinct would-be
 *                       change once, then counted per child
 * The per-dir configuration is the core's ss_settings_t (ss_settings.h).
 */
#ifndef SAMESITE_H
#define SAMESITE_H

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_request.h"
#include "util_filter.h"

#include "ss.h"

extern module AP_MODULE_DECLARE_DATA samesite_module;

/* log lines of every file carry the module's tag ([samesite:warn]), so
 * that LogLevel samesite:debug reaches them all */
#ifndef SAMESITE_MODULE_FILE
APLOG_USE_MODULE(samesite);
#endif

/* The system Public Suffix List, opened in post_config. */
extern const ss_psl_t *samesite_system_psl;

/* Per-request state, computed once (samesite_req). */
typedef struct samesite_req_t {
    const ss_origin_t *public_origin; /* NULL: none usable */
    ss_topology_t *topology;
    ss_class_t cls;
    int from_frontend;
    const char *origin;          /* Origin header */
    ss_request_info_t ri;        /* the request's headers, Origin
                                    parsed once */
    apr_array_header_t *actions; /* const char * for samesite-action */
    int preflight_reported;      /* ReportOnly: "would answer the
                                    preflight" already logged */
} samesite_req_t;

/* Every change the module makes is logged once with the catalog id that
 * explains it: at DEBUG when it is made (LogLevel samesite:debug); in
 * ReportOnly, where the log is the product, through samesite_report()
 * (WARNING, visible at the default LogLevel warn, counted per child). */
#define SAMESITE_CHANGE_LEVEL(engine)                                          \
    ((engine) == SS_ENGINE_REPORT ? APLOG_WARNING : APLOG_DEBUG)
#define SAMESITE_WOULD(engine, would, did)                                     \
    ((engine) == SS_ENGINE_REPORT ? "report-only: would " would : did)

/* The settings of the request's scope (its per-dir configuration). */
const ss_settings_t *samesite_settings(const request_rec *r);

/* The request's state, computed on first use (samesite_request.c). */
samesite_req_t *samesite_req(request_rec *r, const ss_settings_t *c);

/* What the module did (or would do), for %{samesite-action}n. */
void samesite_add_action(request_rec *r, samesite_req_t *st, int engine,
                         const char *what);

/* %{samesite-class}n and %{samesite-action}n, once the work is done. */
void samesite_publish_notes(request_rec *r, const samesite_req_t *st);

/* The CORS decision for this request under the scope's policy. */
ss_cors_decision_t *samesite_cors_decide(request_rec *r, const ss_settings_t *c,
                                         const samesite_req_t *st);

/* Merge every Vary of both tables and the token into one header
 * (samesite_filter.c). */
void samesite_merge_vary(request_rec *r, const char *token);

/* ---- ReportOnly lines (samesite_report.c) ---- */

/* One would-be change (or a finding) of ReportOnly: logged when the
 * child first sees it, then counted (lines SS0901-SS0903, whose format
 * samesite-lint --summarize-log reads).  Every string may come from the
 * client: they are escaped and capped.  NULL fields are left out. */
typedef struct samesite_report_t {
    const char *rule;    /* catalog id */
    const char *cookie;  /* the cookie's name */
    const char *origin;  /* serialised origin, or "malformed:" + the
                            header as sent */
    const char *method;  /* the request's method */
    const char *change;  /* what On would do */
    const char *finding; /* instead of change: a finding left as is */
} samesite_report_t;

void samesite_report(request_rec *r, const samesite_report_t *ev);

/* The request's Origin for a report line: the serialised origin,
 * "malformed:" + the header, or NULL without one. */
const char *samesite_report_origin(request_rec *r, const samesite_req_t *st);

/* s printable for a log line: '"', '%', backslash, control and 8-bit
 * bytes as %HH, quoted when it has spaces, cut after max bytes (with
 * "..."). */
const char *samesite_report_value(apr_pool_t *p, const char *s, apr_size_t max);

/* "NAME:PORT" of a virtual host, as the log lines name it. */
const char *samesite_vhost_name(apr_pool_t *p, const server_rec *s);

void samesite_report_child_init(apr_pool_t *pchild, server_rec *s);

/* Hooks (registered in mod_samesite.c). */
int samesite_header_parser(request_rec *r);
void samesite_insert_filter(request_rec *r);
void samesite_insert_error_filter(request_rec *r);
apr_status_t samesite_out_filter(ap_filter_t *f, apr_bucket_brigade *bb);
int samesite_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                         server_rec *s);

/* The output filters' handles, registered in mod_samesite.c. */
extern ap_filter_rec_t *samesite_out_filter_handle;
extern ap_filter_rec_t *samesite_err_filter_handle;

#endif
