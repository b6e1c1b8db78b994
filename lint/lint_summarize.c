/* lint_summarize.c -- samesite-lint --summarize-log FILE...: read Apache
 * error logs (plain, gzip -- zlib reads both, whatever the name -- or
 * "-" for standard input), keep mod_samesite's ReportOnly lines
 * (SS0901-SS0903, mod_samesite/samesite_report.c), add up their counts
 * per distinct change and print what SameSiteEngine On would change:
 * per vhost and rule; per cookie, its old -> new attributes; the origins
 * that would be allowed or refused; the CSRF and WebSocket requests that
 * would be rejected; the rest (Vary, overflow).  Counts are the sum of
 * the lines' count= (each line counts what no earlier line of its child
 * did), first/last the earliest and latest times.  Malformed lines are
 * skipped and counted, never fatal.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <apr_hash.h>
#include <apr_strings.h>

#include "lint_output.h"
#include "lint_summarize.h"

/* A line longer than this is not one of ours (ours are capped well
 * below): the rest of it is skipped. */
#define SUMMARIZE_LINE_MAX 65536

/* ---- one line ------------------------------------------------------------ */

static int
is_rule_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

static int
is_time(const char *s)
{
    /* 2026-12-02T15:01:06Z */
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    int i;
    if (!s || strlen(s) != sizeof(shape) - 1) {
        return 0;
    }
    for (i = 0; shape[i]; i++) {
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i]) {
            return 0;
        }
    }
    return 1;
}

static int
parse_count(const char *s, apr_uint64_t *out)
{
    apr_uint64_t v = 0;
    if (!s || !*s || strlen(s) > 19) {
        return 0;
    }
    for (; *s; s++) {
        if (*s < '0' || *s > '9') {
            return 0;
        }
        v = v * 10 + (apr_uint64_t)(*s - '0');
    }
    *out = v;
    return 1;
}

int
lint_report_parse(lint_report_line_t *out, apr_pool_t *p, const char *line)
{
    const char *t = line, *s, *e;
    const char *count = NULL, *total = NULL;
    const struct {
        const char *key;
        const char **val;
    } fields[] = {
        { "vhost", &out->vhost },
        { "cookie", &out->cookie },
        { "origin", &out->origin },
        { "method", &out->method },
        { "overflow", &out->overflow },
        { "change", &out->change },
        { "finding", &out->finding },
        { "count", &count },
        { "total", &total },
        { "first", &out->first },
        { "last", &out->last },
        { "path", &out->path },
    };
    apr_size_t f;

    /* the tag: SS0901..SS0903 followed by ": [" */
    for (;;) {
        t = strstr(t, "SS090");
        if (!t) {
            return 0;
        }
        if ((t == line || t[-1] == ' ') && t[5] >= '1' && t[5] <= '3'
            && !strncmp(t + 6, ": [", 3)) {
            break;
        }
        t += 5;
    }
    memset(out, 0, sizeof(*out));
    out->tag = 900 + (t[5] - '0');
    s = t + 9;
    for (e = s; is_rule_char(*e); e++) {
    }
    if (e == s || *e != ']' || strncmp(e, "] report-only ", 14)) {
        return -1;
    }
    out->rule = apr_pstrmemdup(p, s, (apr_size_t)(e - s));
    s = e + 14;
    for (e = s; *e && *e != ' '; e++) {
    }
    out->kind = apr_pstrmemdup(p, s, (apr_size_t)(e - s));
    if (strcmp(out->kind, "first") && strcmp(out->kind, "interval")
        && strcmp(out->kind, "summary")) {
        return -1;
    }
    /* key=value ..., a value bare or "quoted" (never a '"' inside) */
    while (*e == ' ') {
        const char *k = e + 1, *v, *ve;
        const char *key, *val;
        for (e = k; *e >= 'a' && *e <= 'z'; e++) {
        }
        if (e == k || *e != '=') {
            return -1;
        }
        key = apr_pstrmemdup(p, k, (apr_size_t)(e - k));
        v = e + 1;
        if (*v == '"') {
            ve = strchr(v + 1, '"');
            if (!ve) {
                return -1;
            }
            val = apr_pstrmemdup(p, v + 1, (apr_size_t)(ve - v - 1));
            e = ve + 1;
        } else {
            for (ve = v; *ve && *ve != ' ' && *ve != '\r' && *ve != '\n';
                 ve++) {
            }
            if (ve == v) {
                return -1;
            }
            val = apr_pstrmemdup(p, v, (apr_size_t)(ve - v));
            e = ve;
        }
        for (f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
            if (!strcmp(key, fields[f].key)) {
                *fields[f].val = val;
                break;
            }
        } /* an unknown field: a later module's, ignored */
    }
    if (*e && *e != '\r' && *e != '\n') {
        return -1;
    }
    if (!out->vhost || !out->path || (!out->change && !out->finding)
        || !parse_count(count, &out->count) || !parse_count(total, &out->total)
        || !is_time(out->first) || !is_time(out->last)) {
        return -1;
    }
    return 1;
}

/* ---- the table ------------------------------------------------------------ */

typedef enum {
    CAT_COOKIE,
    CAT_ORIGIN,
    CAT_REJECTED,
    CAT_OTHER,
    CAT__COUNT
} category_t;

static const char *const cat_names[CAT__COUNT] = { "cookies", "origins",
                                                   "rejected", "other" };

typedef struct row_t {
    const char *vhost, *rule, *cookie, *origin, *method, *change, *finding,
        *path;
    const char *first, *last;
    apr_uint64_t count;
    category_t cat;
} row_t;

typedef struct summary_t {
    apr_pool_t *p;
    apr_hash_t *rows; /* key -> row_t * */
    apr_uint64_t lines, report_lines, malformed;
} summary_t;

static const char *
dup_or_null(apr_pool_t *p, const char *s)
{
    return s ? apr_pstrdup(p, s) : NULL;
}

static category_t
category_of(const row_t *r)
{
    if (!strcmp(r->rule, "csrf-rejected")
        || !strcmp(r->rule, "websocket-origin-rejected")) {
        return CAT_REJECTED;
    }
    if (r->cookie) {
        return CAT_COOKIE;
    }
    if (r->origin) {
        return CAT_ORIGIN;
    }
    return CAT_OTHER;
}

/* allowed: On would send CORS headers for it (add, replace, answer the
 * preflight); refused: it would remove the backend's. */
static const char *
outcome_of(const row_t *r)
{
    const char *c = r->change ? r->change : "";
    return !strncmp(c, "remove ", 7) ? "refused" : "allowed";
}

static void
add_line(summary_t *sm, const lint_report_line_t *l, apr_pool_t *scratch)
{
    const char *key = apr_pstrcat(
        scratch, l->vhost, "\x1f", l->rule, "\x1f", l->cookie ? l->cookie : "",
        "\x1f", l->origin ? l->origin : "", "\x1f", l->method ? l->method : "",
        "\x1f", l->change ? l->change : "", "\x1f",
        l->finding ? l->finding : "", NULL);
    row_t *r = apr_hash_get(sm->rows, key, APR_HASH_KEY_STRING);
    if (!r) {
        r = apr_pcalloc(sm->p, sizeof(*r));
        r->vhost = apr_pstrdup(sm->p, l->vhost);
        r->rule = apr_pstrdup(sm->p, l->rule);
        r->cookie = dup_or_null(sm->p, l->cookie);
        r->origin = dup_or_null(sm->p, l->origin);
        r->method = dup_or_null(sm->p, l->method);
        r->change = dup_or_null(sm->p, l->change);
        r->finding = dup_or_null(sm->p, l->finding);
        r->path = apr_pstrdup(sm->p, l->path);
        r->first = apr_pstrdup(sm->p, l->first);
        r->last = apr_pstrdup(sm->p, l->last);
        r->cat = category_of(r);
        apr_hash_set(sm->rows, apr_pstrdup(sm->p, key), APR_HASH_KEY_STRING, r);
    } else {
        /* ISO 8601 UTC: the string order is the time order */
        if (strcmp(l->first, r->first) < 0) {
            r->first = apr_pstrdup(sm->p, l->first);
            r->path = apr_pstrdup(sm->p, l->path);
        }
        if (strcmp(l->last, r->last) > 0) {
            r->last = apr_pstrdup(sm->p, l->last);
        }
    }
    r->count += l->count;
}

/* ---- reading ------------------------------------------------------------- */

static void
take_line(summary_t *sm, const char *line, apr_pool_t *scratch)
{
    lint_report_line_t l;
    int rc = lint_report_parse(&l, scratch, line);
    sm->lines++;
    if (rc > 0) {
        sm->report_lines++;
        add_line(sm, &l, scratch);
    } else if (rc < 0) {
        sm->malformed++;
    }
}

/* One file: 0, or -1 after printing why it could not be read. */
static int
read_log(summary_t *sm, const char *path)
{
    gzFile gz;
    apr_pool_t *scratch;
    char buf[8192];
    char *line; /* one line, up to SUMMARIZE_LINE_MAX and a buf more */
    apr_size_t len = 0;
    int too_long = 0, errnum = Z_OK;
    const char *msg;

    if (!strcmp(path, "-")) {
        int fd = dup(STDIN_FILENO);
        gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
    } else {
        struct stat st;
        if (stat(path, &st) != 0) {
            fprintf(stderr, "samesite-lint: cannot read %s: %s\n", path,
                    strerror(errno));
            return -1;
        }
        if (S_ISDIR(st.st_mode)) {
            fprintf(stderr, "samesite-lint: cannot read %s: a directory\n",
                    path);
            return -1;
        }
        gz = gzopen(path, "rb");
    }
    if (!gz) {
        fprintf(stderr, "samesite-lint: cannot read %s: %s\n", path,
                errno ? strerror(errno) : "cannot open");
        return -1;
    }
    apr_pool_create(&scratch, sm->p);
    line = apr_palloc(sm->p, SUMMARIZE_LINE_MAX + sizeof(buf) + 1);
    while (gzgets(gz, buf, sizeof(buf))) {
        apr_size_t n = strlen(buf);
        int end = n > 0 && buf[n - 1] == '\n';
        if (!too_long) {
            memcpy(line + len, buf, n + 1);
            len += n;
            if (len > SUMMARIZE_LINE_MAX) {
                too_long = 1;
            }
        }
        if (end) {
            if (too_long) {
                /* not ours (ours are short); malformed if it says so */
                line[SUMMARIZE_LINE_MAX] = '\0';
                sm->lines++;
                if (strstr(line, "SS090")) {
                    sm->malformed++;
                }
            } else {
                take_line(sm, line, scratch);
            }
            len = 0;
            too_long = 0;
            apr_pool_clear(scratch);
        }
    }
    if (len) {
        take_line(sm, line, scratch); /* the last line, without '\n' */
    }
    msg = gzerror(gz, &errnum);
    apr_pool_destroy(scratch);
    if (errnum != Z_OK && errnum != Z_STREAM_END) {
        fprintf(stderr, "samesite-lint: cannot read %s: %s\n", path,
                errnum == Z_ERRNO ? strerror(errno) : msg);
        gzclose(gz);
        return -1;
    }
    gzclose(gz);
    return 0;
}

/* ---- output -------------------------------------------------------------- */

static int
row_cmp(const void *a, const void *b)
{
    const row_t *x = *(row_t *const *)a, *y = *(row_t *const *)b;
    int c;
    if ((c = strcmp(x->vhost, y->vhost))) {
        return c;
    }
    if ((c = strcmp(x->cookie ? x->cookie : "", y->cookie ? y->cookie : ""))) {
        return c;
    }
    if ((c = strcmp(x->rule, y->rule))) {
        return c;
    }
    if (x->count != y->count) {
        return x->count > y->count ? -1 : 1;
    }
    if ((c = strcmp(x->origin ? x->origin : "", y->origin ? y->origin : ""))) {
        return c;
    }
    if ((c = strcmp(x->method ? x->method : "", y->method ? y->method : ""))) {
        return c;
    }
    return strcmp(x->change ? x->change : x->finding,
                  y->change ? y->change : y->finding);
}

/* Per vhost and rule: the rows added up. */
static apr_array_header_t *
by_rule(apr_pool_t *p, const apr_array_header_t *rows)
{
    apr_hash_t *h = apr_hash_make(p);
    apr_array_header_t *out = apr_array_make(p, 8, sizeof(row_t *));
    int i;
    for (i = 0; i < rows->nelts; i++) {
        const row_t *r = APR_ARRAY_IDX(rows, i, row_t *);
        const char *key = apr_pstrcat(p, r->vhost, "\x1f", r->rule, NULL);
        row_t *g = apr_hash_get(h, key, APR_HASH_KEY_STRING);
        if (!g) {
            g = apr_pcalloc(p, sizeof(*g));
            g->vhost = r->vhost;
            g->rule = r->rule;
            g->first = r->first;
            g->last = r->last;
            g->path = r->path;
            g->change = "";
            apr_hash_set(h, key, APR_HASH_KEY_STRING, g);
            APR_ARRAY_PUSH(out, row_t *) = g;
        } else {
            if (strcmp(r->first, g->first) < 0) {
                g->first = r->first;
            }
            if (strcmp(r->last, g->last) > 0) {
                g->last = r->last;
            }
        }
        g->count += r->count;
    }
    qsort(out->elts, (size_t)out->nelts, sizeof(row_t *), row_cmp);
    return out;
}

/* A text table: cells row by row, columns padded to their widest cell
 * (the last one is not). */
static void
print_table(FILE *o, const char *title, int ncols, const char *const *head,
            const apr_array_header_t *cells)
{
    int widths[16] = { 0 }, i, c, nrows = cells->nelts / ncols;
    fprintf(o, "\n%s\n", title);
    if (!nrows) {
        fputs("  (none)\n", o);
        return;
    }
    for (c = 0; c < ncols; c++) {
        widths[c] = (int)strlen(head[c]);
    }
    for (i = 0; i < cells->nelts; i++) {
        int w = (int)strlen(APR_ARRAY_IDX(cells, i, const char *));
        if (w > widths[i % ncols]) {
            widths[i % ncols] = w;
        }
    }
    for (i = -1; i < nrows; i++) {
        fputs(" ", o);
        for (c = 0; c < ncols; c++) {
            const char *v =
                i < 0 ? head[c]
                      : APR_ARRAY_IDX(cells, i * ncols + c, const char *);
            if (c == ncols - 1) {
                fprintf(o, " %s\n", v);
            } else {
                fprintf(o, " %-*s", widths[c], v);
            }
        }
    }
}

#define CELL(v) (APR_ARRAY_PUSH(cells, const char *) = (v) ? (v) : "-")

static void
output_text(FILE *o, apr_pool_t *p, const summary_t *sm,
            const apr_array_header_t *rows, const apr_array_header_t *groups,
            int nfiles)
{
    static const char *const h_rule[] = { "VHOST", "RULE", "COUNT", "FIRST",
                                          "LAST" };
    static const char *const h_cookie[] = { "VHOST", "COOKIE",    "RULE",
                                            "COUNT", "FIRST",     "LAST",
                                            "PATH",  "OLD -> NEW" };
    static const char *const h_origin[] = { "VHOST", "ORIGIN", "OUTCOME",
                                            "RULE",  "COUNT",  "FIRST",
                                            "LAST",  "PATH",   "CHANGE" };
    static const char *const h_rej[] = { "VHOST", "RULE",  "METHOD", "ORIGIN",
                                         "COUNT", "FIRST", "LAST",   "PATH" };
    static const char *const h_other[] = { "VHOST", "RULE", "COUNT", "FIRST",
                                           "LAST",  "PATH", "CHANGE" };
    apr_array_header_t *cells;
    int i, c;

    fputs("What SameSiteEngine On would change (mod_samesite ReportOnly "
          "log)\n",
          o);
    cells = apr_array_make(p, 64, sizeof(const char *));
    for (i = 0; i < groups->nelts; i++) {
        const row_t *r = APR_ARRAY_IDX(groups, i, row_t *);
        CELL(r->vhost);
        CELL(r->rule);
        CELL(apr_psprintf(p, "%" APR_UINT64_T_FMT, r->count));
        CELL(r->first);
        CELL(r->last);
    }
    print_table(o, "Per vhost and rule:", 5, h_rule, cells);
    for (c = 0; c < CAT__COUNT; c++) {
        cells = apr_array_make(p, 64, sizeof(const char *));
        for (i = 0; i < rows->nelts; i++) {
            const row_t *r = APR_ARRAY_IDX(rows, i, row_t *);
            const char *n = apr_psprintf(p, "%" APR_UINT64_T_FMT, r->count);
            if ((int)r->cat != c) {
                continue;
            }
            switch (r->cat) {
            case CAT_COOKIE:
                CELL(r->vhost);
                CELL(r->cookie);
                CELL(r->rule);
                CELL(n);
                CELL(r->first);
                CELL(r->last);
                CELL(r->path);
                CELL(r->change
                         ? r->change
                         : apr_pstrcat(p, "(left as is) ", r->finding, NULL));
                break;
            case CAT_ORIGIN:
                CELL(r->vhost);
                CELL(r->origin);
                CELL(outcome_of(r));
                CELL(r->rule);
                CELL(n);
                CELL(r->first);
                CELL(r->last);
                CELL(r->path);
                CELL(r->change ? r->change : r->finding);
                break;
            case CAT_REJECTED:
                CELL(r->vhost);
                CELL(r->rule);
                CELL(r->method);
                CELL(r->origin ? r->origin : "(none)");
                CELL(n);
                CELL(r->first);
                CELL(r->last);
                CELL(r->path);
                break;
            default:
                CELL(r->vhost);
                CELL(r->rule);
                CELL(n);
                CELL(r->first);
                CELL(r->last);
                CELL(r->path);
                CELL(r->change ? r->change : r->finding);
            }
        }
        switch (c) {
        case CAT_COOKIE:
            print_table(o, "Cookies (old -> new attributes):", 8, h_cookie,
                        cells);
            break;
        case CAT_ORIGIN:
            print_table(o, "Origins (CORS allowed or refused):", 9, h_origin,
                        cells);
            break;
        case CAT_REJECTED:
            print_table(o,
                        "Requests that would be rejected (CSRF, WebSocket):", 8,
                        h_rej, cells);
            break;
        default:
            print_table(o, "Other changes:", 7, h_other, cells);
        }
    }
    fprintf(o,
            "\n%" APR_UINT64_T_FMT " ReportOnly lines of %" APR_UINT64_T_FMT
            " read from %d file(s); %" APR_UINT64_T_FMT
            " malformed line(s) skipped\n",
            sm->report_lines, sm->lines, nfiles, sm->malformed);
}

static void
json_field(FILE *o, const char *name, const char *v, int *first)
{
    if (!v) {
        return;
    }
    fprintf(o, "%s\"%s\": ", *first ? "" : ", ", name);
    lint_json_str(o, v);
    *first = 0;
}

static void
json_row(FILE *o, const row_t *r, int with_detail)
{
    int first = 1;
    fputc('{', o);
    json_field(o, "vhost", r->vhost, &first);
    json_field(o, "rule", r->rule, &first);
    if (with_detail) {
        json_field(o, "cookie", r->cookie, &first);
        json_field(o, "origin", r->origin, &first);
        if (r->cat == CAT_ORIGIN) {
            json_field(o, "outcome", outcome_of(r), &first);
        }
        json_field(o, "method", r->method, &first);
        json_field(o, "change", r->change, &first);
        json_field(o, "finding", r->finding, &first);
        json_field(o, "path", r->path, &first);
    }
    fprintf(o, ", \"count\": %" APR_UINT64_T_FMT, r->count);
    json_field(o, "first", r->first, &first);
    json_field(o, "last", r->last, &first);
    fputc('}', o);
}

static void
output_json(FILE *o, const summary_t *sm, const apr_array_header_t *rows,
            const apr_array_header_t *groups, const apr_array_header_t *paths)
{
    int i, c, n;
    fputs("{\"report_summary\": {\"files\": [", o);
    for (i = 0; i < paths->nelts; i++) {
        if (i) {
            fputs(", ", o);
        }
        lint_json_str(o, APR_ARRAY_IDX(paths, i, const char *));
    }
    fprintf(o,
            "], \"lines\": %" APR_UINT64_T_FMT
            ", \"report_lines\": %" APR_UINT64_T_FMT
            ", \"malformed\": %" APR_UINT64_T_FMT ",\n  \"by_rule\": [",
            sm->lines, sm->report_lines, sm->malformed);
    for (i = 0; i < groups->nelts; i++) {
        fputs(i ? ",\n    " : "\n    ", o);
        json_row(o, APR_ARRAY_IDX(groups, i, row_t *), 0);
    }
    fputs("]", o);
    for (c = 0; c < CAT__COUNT; c++) {
        fprintf(o, ",\n  \"%s\": [", cat_names[c]);
        for (i = 0, n = 0; i < rows->nelts; i++) {
            const row_t *r = APR_ARRAY_IDX(rows, i, row_t *);
            if ((int)r->cat == c) {
                fputs(n++ ? ",\n    " : "\n    ", o);
                json_row(o, r, 1);
            }
        }
        fputs("]", o);
    }
    fputs("}}\n", o);
}

int
lint_summarize_logs(apr_pool_t *p, const apr_array_header_t *paths,
                    const char *format, FILE *o)
{
    summary_t sm;
    apr_array_header_t *rows, *groups;
    apr_hash_index_t *hi;
    int i, rc = 0;

    memset(&sm, 0, sizeof(sm));
    sm.p = p;
    sm.rows = apr_hash_make(p);
    for (i = 0; i < paths->nelts; i++) {
        if (read_log(&sm, APR_ARRAY_IDX(paths, i, const char *)) != 0) {
            rc = 2;
        }
    }
    rows = apr_array_make(p, 16, sizeof(row_t *));
    for (hi = apr_hash_first(p, sm.rows); hi; hi = apr_hash_next(hi)) {
        APR_ARRAY_PUSH(rows, row_t *) = apr_hash_this_val(hi);
    }
    qsort(rows->elts, (size_t)rows->nelts, sizeof(row_t *), row_cmp);
    groups = by_rule(p, rows);
    if (!strcmp(format, "json")) {
        output_json(o, &sm, rows, groups, paths);
    } else {
        output_text(o, p, &sm, rows, groups, paths->nelts);
    }
    return rc;
}
