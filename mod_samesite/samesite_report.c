/* samesite_report.c -- ReportOnly at scale: each distinct would-be change
 * is logged once when a child first sees it, then counted; the counts are
 * flushed once per interval and summarised when the child exits (graceful
 * restart, stop, MaxConnectionsPerChild).  samesite-lint --summarize-log
 * reads these lines (lint/lint_summarize.c); the format is defined here
 * once and documented in docs/mod_samesite.md ("ReportOnly log lines"):
 *
 *   SS0901: [RULE] report-only first vhost=HOST:PORT [cookie=NAME]
 *       [origin=ORIGIN] [method=METHOD] change="..."|finding="..."
 *       count=N total=N first=TIME last=TIME path=PATH
 *   SS0902: the same, "report-only interval", once per interval
 *   SS0903: the same, "report-only summary", at child exit
 *
 * count is what this line adds (occurrences no earlier line of this
 * child counted), so summing count over the lines of every child gives
 * the number of occurrences; total is the child's running total.  TIME
 * is UTC, 2026-12-02T15:01:06Z.  Every value is a bare word of printable
 * ASCII, or a double-quoted one when it has spaces; in both, '"', '%',
 * backslash, control and 8-bit bytes are written %HH, and a value longer
 * than its cap is cut and ends with "...": nothing a client sends (path,
 * Origin, method, cookie names) reaches the log raw; in change= and
 * finding= texts (our sentences) '"' is written "'".
 *
 * The table is per child process (allocated from the child's pool),
 * shared by its threads under a mutex, keyed by vhost, rule and the
 * line's fields; it holds at most REPORT_MAX_ENTRIES distinct changes:
 * beyond that, occurrences are counted per rule in an overflow entry
 * (vhost=* overflow=yes), so hostile Origins cannot grow it.
 */
#include <stdlib.h>
#include <string.h>

#include "apr_strings.h"
#include "apr_hash.h"
#include "apr_env.h"
#include "apr_time.h"
#if APR_HAS_THREADS
#include "apr_thread_mutex.h"
#endif

#include "samesite.h"

/* How often a child flushes its counts (seconds); the environment
 * variable SAMESITE_REPORT_INTERVAL of the apache2 process overrides it
 * (1 to 86400; Debian: /etc/apache2/envvars). */
#define REPORT_INTERVAL 60
/* Distinct changes per child before the overflow entries count the rest. */
#define REPORT_MAX_ENTRIES 256
/* Bytes of a value kept in a line (before escaping). */
#define REPORT_VALUE_MAX     128
#define REPORT_CHANGE_MAX    200
#define REPORT_MALFORMED_MAX 64

typedef struct report_entry_t {
    server_rec *s;      /* where its lines go (its vhost's ErrorLog) */
    const char *rule;   /* catalog id */
    const char *fields; /* "vhost=... cookie=... change=..." */
    const char *path;   /* sample: the first occurrence's, escaped */
    apr_uint64_t total, pending;
    apr_time_t first, last;
} report_entry_t;

typedef struct report_table_t {
#if APR_HAS_THREADS
    apr_thread_mutex_t *mutex;
#endif
    apr_pool_t *pool;          /* the child's */
    apr_hash_t *entries;       /* key -> report_entry_t * */
    apr_array_header_t *order; /* report_entry_t *, first seen first */
    apr_hash_t *overflow;      /* rule -> report_entry_t * */
    int n;                     /* entries (without overflow ones) */
    apr_time_t last_flush;
    apr_interval_time_t interval;
    int closed; /* the child is exiting: log directly */
} report_table_t;

static report_table_t *table;

/* ---- the line format ---------------------------------------------------- */

/* A byte written as %HH: what could end a value or a line, markup, or
 * what httpd's error log would escape itself (backslash, control
 * bytes). */
static int
encoded_char(unsigned char c)
{
    return c < 0x20 || c >= 0x7f || c == '"' || c == '%' || c == '\\'
           || c == '<' || c == '>';
}

/* The value of s, cut after max bytes; sentence: one of our own texts
 * (change=, finding=), where '>' of "->" stays as it is. */
static const char *
report_value(apr_pool_t *p, const char *s, apr_size_t max, int sentence)
{
    apr_size_t n = strlen(s), i, k = 0;
    int cut = n > max, quote = n == 0 || cut;
    char *out;

    if (cut) {
        n = max;
    }
    out = apr_palloc(p, n * 3 + 6);
    out[k++] = '"';
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (encoded_char(c) && !(sentence && c == '>')) {
            k += (apr_size_t)apr_snprintf(out + k, 4, "%%%02X", c);
        } else {
            quote |= c == ' ';
            out[k++] = (char)c;
        }
    }
    if (cut) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k++] = '"';
    out[k] = '\0';
    if (!quote) {
        out[k - 1] = '\0';
        return out + 1; /* a bare word */
    }
    return out;
}

const char *
samesite_report_value(apr_pool_t *p, const char *s, apr_size_t max)
{
    return report_value(p, s, max, 0);
}

/* Our own sentences quote cookie names with "": in a change= or
 * finding= text they become '' (readable, not %22). */
static const char *
sentence(apr_pool_t *p, const char *s)
{
    char *t = apr_pstrdup(p, s), *q;
    for (q = t; *q; q++) {
        if (*q == '"') {
            *q = '\'';
        }
    }
    return t;
}

static const char *
iso_time(apr_pool_t *p, apr_time_t t)
{
    apr_time_exp_t x;
    apr_time_exp_gmt(&x, t);
    return apr_psprintf(p, "%04d-%02d-%02dT%02d:%02d:%02dZ", x.tm_year + 1900,
                        x.tm_mon + 1, x.tm_mday, x.tm_hour, x.tm_min, x.tm_sec);
}

const char *
samesite_vhost_name(apr_pool_t *p, const server_rec *s)
{
    unsigned port = s->port;
    if (!port && s->addrs) {
        port = s->addrs->host_port;
    }
    return samesite_report_value(
        p,
        apr_psprintf(p, "%s:%u",
                     s->server_hostname ? s->server_hostname : "(none)", port),
        REPORT_VALUE_MAX);
}

static void
add_field(apr_pool_t *p, const char **f, const char *name, const char *value,
          apr_size_t max)
{
    if (value) {
        int sentence = !strcmp(name, "change") || !strcmp(name, "finding");
        *f = apr_pstrcat(p, *f, " ", name, "=",
                         report_value(p, value, max, sentence), NULL);
    }
}

/* The path of the request the client sent (not an internal redirect's),
 * without the query. */
static const char *
sample_path(request_rec *r)
{
    while (r->prev) {
        r = r->prev;
    }
    while (r->main) {
        r = r->main;
    }
    return r->parsed_uri.path ? r->parsed_uri.path : r->uri ? r->uri : "-";
}

/* The one format of the lines (SS0901-SS0903). */
#define REPORT_FMT                                                             \
    "%s: [%s] report-only %s %s count=%" APR_UINT64_T_FMT                      \
    " total=%" APR_UINT64_T_FMT " first=%s last=%s path=%s"

static void
log_line(server_rec *s, request_rec *r, const char *tag, const char *kind,
         const report_entry_t *e, apr_uint64_t count, apr_pool_t *p)
{
    const char *first = iso_time(p, e->first), *last = iso_time(p, e->last);
    if (r) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, REPORT_FMT, tag, e->rule,
                      kind, e->fields, count, e->total, first, last, e->path);
    } else {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, REPORT_FMT, tag, e->rule,
                     kind, e->fields, count, e->total, first, last, e->path);
    }
}

/* ---- the table ------------------------------------------------------------ */

typedef struct pending_line_t {
    report_entry_t e; /* a copy: logged after the lock is released */
    apr_uint64_t count;
} pending_line_t;

/* Copies of the entries with counts to flush (all of them when every is
 * set, at exit), their pending counts reset.  Under the lock. */
static apr_array_header_t *
collect(apr_pool_t *p, int every)
{
    apr_array_header_t *out = apr_array_make(p, 8, sizeof(pending_line_t));
    apr_hash_index_t *hi;
    int i;

    for (i = 0; i < table->order->nelts; i++) {
        report_entry_t *e = APR_ARRAY_IDX(table->order, i, report_entry_t *);
        if (e->pending || every) {
            pending_line_t *l = apr_array_push(out);
            l->e = *e;
            l->count = e->pending;
            e->pending = 0;
        }
    }
    for (hi = apr_hash_first(p, table->overflow); hi; hi = apr_hash_next(hi)) {
        report_entry_t *e = apr_hash_this_val(hi);
        if (e->pending || every) {
            pending_line_t *l = apr_array_push(out);
            l->e = *e;
            l->count = e->pending;
            e->pending = 0;
        }
    }
    return out;
}

static void
log_collected(apr_array_header_t *lines, const char *tag, const char *kind,
              apr_pool_t *p)
{
    int i;
    for (i = 0; i < lines->nelts; i++) {
        pending_line_t *l = &APR_ARRAY_IDX(lines, i, pending_line_t);
        log_line(l->e.s, NULL, tag, kind, &l->e, l->count, p);
    }
}

static void
lock(void)
{
#if APR_HAS_THREADS
    if (table->mutex) {
        apr_thread_mutex_lock(table->mutex);
    }
#endif
}

static void
unlock(void)
{
#if APR_HAS_THREADS
    if (table->mutex) {
        apr_thread_mutex_unlock(table->mutex);
    }
#endif
}

static report_entry_t *
new_entry(apr_pool_t *p, server_rec *s, const char *rule, const char *fields,
          const char *path, apr_time_t now)
{
    report_entry_t *e = apr_pcalloc(p, sizeof(*e));
    e->s = s;
    e->rule = apr_pstrdup(p, rule);
    e->fields = apr_pstrdup(p, fields);
    e->path = apr_pstrdup(p, path);
    e->total = 1;
    e->first = e->last = now;
    return e;
}

void
samesite_report(request_rec *r, const samesite_report_t *ev)
{
    const char *fields = apr_pstrcat(
        r->pool, "vhost=", samesite_vhost_name(r->pool, r->server), NULL);
    const char *path =
        samesite_report_value(r->pool, sample_path(r), REPORT_VALUE_MAX);
    apr_time_t now = apr_time_now();
    report_entry_t *e, *first = NULL;
    apr_array_header_t *flushed = NULL;
    const char *key;

    add_field(r->pool, &fields, "cookie", ev->cookie, REPORT_VALUE_MAX);
    add_field(r->pool, &fields, "origin", ev->origin,
              ev->origin && !strncmp(ev->origin, "malformed:", 10)
                  ? REPORT_MALFORMED_MAX
                  : REPORT_VALUE_MAX);
    add_field(r->pool, &fields, "method", ev->method, REPORT_VALUE_MAX);
    add_field(r->pool, &fields, ev->finding ? "finding" : "change",
              sentence(r->pool, ev->finding ? ev->finding : ev->change),
              REPORT_CHANGE_MAX);

    if (!table || table->closed) {
        /* no child table (not started by an MPM, or exiting): one line */
        log_line(r->server, r, "SS0901", "first",
                 new_entry(r->pool, r->server, ev->rule, fields, path, now), 1,
                 r->pool);
        return;
    }
    key = apr_pstrcat(r->pool, ev->rule, " ", fields, NULL);
    lock();
    if ((e = apr_hash_get(table->entries, key, APR_HASH_KEY_STRING))) {
        e->pending++;
        e->total++;
        e->last = now;
    } else if (table->n < REPORT_MAX_ENTRIES) {
        e = new_entry(table->pool, r->server, ev->rule, fields, path, now);
        apr_hash_set(table->entries, apr_pstrdup(table->pool, key),
                     APR_HASH_KEY_STRING, e);
        APR_ARRAY_PUSH(table->order, report_entry_t *) = e;
        table->n++;
        first = new_entry(r->pool, r->server, ev->rule, fields, path, now);
    } else if ((e = apr_hash_get(table->overflow, ev->rule,
                                 APR_HASH_KEY_STRING))) {
        e->pending++;
        e->total++;
        e->last = now;
    } else {
        /* one per rule id: bounded by the catalog */
        const char *of = apr_psprintf(
            r->pool,
            "vhost=* overflow=yes change=\"distinct changes beyond the "
            "table's %d\"",
            REPORT_MAX_ENTRIES);
        e = new_entry(table->pool, r->server, ev->rule, of, path, now);
        apr_hash_set(table->overflow, e->rule, APR_HASH_KEY_STRING, e);
        first = new_entry(r->pool, r->server, ev->rule, of, path, now);
    }
    if (now - table->last_flush >= table->interval) {
        flushed = collect(r->pool, 0);
        table->last_flush = now;
    }
    unlock();
    if (first) {
        log_line(r->server, r, "SS0901", "first", first, 1, r->pool);
    }
    if (flushed) {
        log_collected(flushed, "SS0902", "interval", r->pool);
    }
}

/* At child exit (graceful restart, stop): every entry once, with what
 * no earlier line counted. */
static apr_status_t
report_child_exit(void *data)
{
    apr_pool_t *p;
    apr_array_header_t *lines;

    (void)data;
    if (!table || table->closed) {
        return APR_SUCCESS;
    }
    if (apr_pool_create(&p, NULL) != APR_SUCCESS) {
        return APR_SUCCESS;
    }
    lock();
    lines = collect(p, 1);
    table->closed = 1;
    unlock();
    log_collected(lines, "SS0903", "summary", p);
    apr_pool_destroy(p);
    table = NULL;
    return APR_SUCCESS;
}

void
samesite_report_child_init(apr_pool_t *pchild, server_rec *s)
{
    report_table_t *t = apr_pcalloc(pchild, sizeof(*t));
    char *env = NULL;
    long sec = REPORT_INTERVAL;

    if (apr_env_get(&env, "SAMESITE_REPORT_INTERVAL", pchild) == APR_SUCCESS
        && env) {
        char *end;
        long v = strtol(env, &end, 10);
        if (!*end && v >= 1 && v <= 86400) {
            sec = v;
        }
    }
    t->pool = pchild;
    t->entries = apr_hash_make(pchild);
    t->overflow = apr_hash_make(pchild);
    t->order = apr_array_make(pchild, 16, sizeof(report_entry_t *));
    t->interval = apr_time_from_sec(sec);
    t->last_flush = apr_time_now();
#if APR_HAS_THREADS
    if (apr_thread_mutex_create(&t->mutex, APR_THREAD_MUTEX_DEFAULT, pchild)
        != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                     "SS0904: cannot create the ReportOnly table's mutex: "
                     "report-only lines are logged per request");
        return;
    }
#endif
    table = t;
    /* registered after the mutex: runs before the mutex is destroyed */
    apr_pool_cleanup_register(pchild, NULL, report_child_exit,
                              apr_pool_cleanup_null);
}
