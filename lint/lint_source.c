/* lint_source.c -- what both parsers share: reading files whole (BOM and
 * CRLF handled), include globs, cycle detection, `nginx -T` dumps, and
 * the `# samesite-lint:` comments (frontend annotations, suppressions).
 */
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <glob.h>
#include <sys/stat.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <apr_lib.h>
#include "lint_source.h"

/* Standard input, read once by main() (the path "-"). */
static const char *stdin_buf;
static apr_size_t stdin_len;

void
lint_source_set_stdin(const char *buf, apr_size_t len)
{
    stdin_buf = buf;
    stdin_len = len;
}

apr_status_t
lint_source_read(const char **out, apr_size_t *len, apr_pool_t *p,
                 const char *path, const char **err)
{
    apr_file_t *f;
    apr_finfo_t fi;
    apr_status_t rv;
    char *buf, *w;
    apr_size_t n, i;

    if (!strcmp(path, "-")) {
        if (!stdin_buf) {
            *err = "cannot read: standard input was not read";
            return APR_EINVAL;
        }
        n = stdin_len;
        buf = apr_palloc(p, n + 1);
        memcpy(buf, stdin_buf, n);
        goto text;
    }
    rv = apr_file_open(&f, path, APR_READ | APR_BINARY, 0, p);
    if (rv != APR_SUCCESS) {
        char e[128];
        *err =
            apr_psprintf(p, "cannot read: %s", apr_strerror(rv, e, sizeof(e)));
        return rv;
    }
    rv = apr_file_info_get(&fi, APR_FINFO_SIZE | APR_FINFO_TYPE, f);
    if (rv == APR_SUCCESS && fi.filetype == APR_DIR) {
        apr_file_close(f);
        *err = "cannot read: is a directory";
        return APR_EINVAL;
    }
    n = (apr_size_t)fi.size;
    buf = apr_palloc(p, n + 1);
    rv = apr_file_read_full(f, buf, n, &n);
    apr_file_close(f);
    if (rv != APR_SUCCESS && rv != APR_EOF) {
        char e[128];
        *err =
            apr_psprintf(p, "cannot read: %s", apr_strerror(rv, e, sizeof(e)));
        return rv;
    }
text:
    buf[n] = '\0';
    /* UTF-8 BOM */
    if (n >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB
        && (unsigned char)buf[2] == 0xBF) {
        buf += 3;
        n -= 3;
    }
    /* CRLF -> LF (a lone CR too), in place */
    for (i = 0, w = buf; i < n; i++) {
        if (buf[i] == '\r') {
            *w++ = '\n';
            if (i + 1 < n && buf[i + 1] == '\n') {
                i++;
            }
        } else {
            *w++ = buf[i];
        }
    }
    *w = '\0';
    *out = buf;
    *len = (apr_size_t)(w - buf);
    return APR_SUCCESS;
}

int
lint_has_glob(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

const char *
lint_path_join(apr_pool_t *p, const char *root, const char *path)
{
    if (path[0] == '/' || !root || !*root) {
        return path;
    }
    return apr_pstrcat(p, root, root[strlen(root) - 1] == '/' ? "" : "/", path,
                       NULL);
}

const char *
lint_path_canonical(apr_pool_t *p, const char *path)
{
    char buf[PATH_MAX];
    if (!strcmp(path, "-") || !realpath(path, buf)) {
        return path;
    }
    return apr_pstrdup(p, buf);
}

const char *
lint_path_canonical_memo(apr_hash_t *memo, apr_pool_t *p, const char *path)
{
    const char *c = apr_hash_get(memo, path, APR_HASH_KEY_STRING);
    if (!c) {
        c = lint_path_canonical(p, path);
        apr_hash_set(memo, path, APR_HASH_KEY_STRING, c);
    }
    return c;
}

const char *
lint_dirname(apr_pool_t *p, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        return ".";
    }
    if (slash == path) {
        return "/";
    }
    return apr_pstrmemdup(p, path, (apr_size_t)(slash - path));
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

apr_array_header_t *
lint_glob(apr_pool_t *p, const char *pattern, lint_source_set_t *dump)
{
    apr_array_header_t *out = apr_array_make(p, 4, sizeof(const char *));
    glob_t g;
    size_t i;

    if (dump) {
        /* nginx -T: match against the files of the dump */
        apr_hash_index_t *hi;
        for (hi = apr_hash_first(p, dump->files); hi; hi = apr_hash_next(hi)) {
            const void *k;
            apr_hash_this(hi, &k, NULL, NULL);
            if (apr_fnmatch(pattern, k, APR_FNM_PATHNAME) == APR_SUCCESS) {
                APR_ARRAY_PUSH(out, const char *) = k;
            }
        }
        qsort(out->elts, (size_t)out->nelts, sizeof(const char *), cmp_str);
        return out;
    }
    if (glob(pattern, 0, NULL, &g) == 0) {
        for (i = 0; i < g.gl_pathc; i++) {
            struct stat st;
            if (stat(g.gl_pathv[i], &st) == 0 && S_ISREG(st.st_mode)) {
                APR_ARRAY_PUSH(out, const char *) =
                    apr_pstrdup(p, g.gl_pathv[i]);
            }
        }
        globfree(&g);
    }
    return out;
}

lint_source_set_t *
lint_dump_split(apr_pool_t *p, const char *buf)
{
    static const char marker[] = "# configuration file ";
    lint_source_set_t *set;
    const char *s = buf, *cur_name = NULL, *cur_start = NULL;

    if (!strstr(buf, marker)) {
        return NULL;
    }
    set = apr_pcalloc(p, sizeof(*set));
    set->files = apr_hash_make(p);
    while (*s) {
        const char *eol = strchr(s, '\n');
        size_t len = eol ? (size_t)(eol - s) : strlen(s);
        if (len > sizeof(marker) && !strncmp(s, marker, sizeof(marker) - 1)
            && s[len - 1] == ':') {
            if (cur_name) {
                apr_hash_set(
                    set->files, cur_name, APR_HASH_KEY_STRING,
                    apr_pstrmemdup(p, cur_start, (apr_size_t)(s - cur_start)));
            }
            cur_name =
                apr_pstrmemdup(p, s + sizeof(marker) - 1, len - sizeof(marker));
            if (!set->first) {
                set->first = cur_name;
            }
            cur_start = eol ? eol + 1 : s + len;
        }
        if (!eol) {
            break;
        }
        s = eol + 1;
    }
    if (cur_name) {
        apr_hash_set(set->files, cur_name, APR_HASH_KEY_STRING,
                     apr_pstrdup(p, cur_start));
    }
    /* the marker text alone (no "# configuration file PATH:" line) is
     * not a dump */
    return set->first ? set : NULL;
}

/* A `# samesite-lint: KIND VALUE` annotation of the configuration. */
static void
annotate(lint_config_t *cfg, apr_pool_t *p, const char *file, int line,
         const char *kind, const char *value)
{
    lint_annotation_t *a = apr_pcalloc(p, sizeof(*a));
    a->file = file;
    a->line = line;
    a->kind = kind;
    a->value = value;
    APR_ARRAY_PUSH(cfg->annotations, lint_annotation_t *) = a;
}

/* `# samesite-lint: disable=a,b` / `# samesite-lint: frontend ORIGIN` */
void
lint_source_comment(lint_config_t *cfg, apr_pool_t *p, const char *file,
                    int line, int trailing, const char *text, size_t len)
{
    const char *c = apr_pstrmemdup(p, text, len), *k;
    while (*c == '#' || apr_isspace(*c)) {
        c++;
    }
    if (strncmp(c, "samesite-lint:", 14)) {
        return;
    }
    c += 14;
    while (apr_isspace(*c)) {
        c++;
    }
    if (!strncmp(c, "disable=", 8) || !strncmp(c, "disable ", 8)) {
        lint_suppression_t *s = apr_pcalloc(p, sizeof(*s));
        char *list = apr_pstrdup(p, c + 8), *tok, *last;
        s->file = file;
        s->line = line;
        s->trailing = trailing;
        s->rules = apr_array_make(p, 2, sizeof(const char *));
        for (tok = apr_strtok(list, ", \t", &last); tok;
             tok = apr_strtok(NULL, ", \t", &last)) {
            APR_ARRAY_PUSH(s->rules, const char *) = tok;
        }
        APR_ARRAY_PUSH(cfg->suppressions, lint_suppression_t *) = s;
    } else if (!strncmp(c, "public-origin", 13) && apr_isspace(c[13])) {
        /* `# samesite-lint: public-origin https://api.example.com`: what
         * the browser's address bar shows when TLS ends in front of this
         * server (issue 10 R11) */
        char *v = apr_pstrdup(p, c + 14), *last;
        const char *tok = apr_strtok(v, " \t", &last);
        if (tok) {
            annotate(cfg, p, file, line, "public-origin", tok);
        }
    } else if (!strncmp(c, "frontend", 8) && apr_isspace(c[8])) {
        char *list = apr_pstrdup(p, c + 9), *tok, *last;
        for (tok = apr_strtok(list, ", \t", &last); tok;
             tok = apr_strtok(NULL, ", \t", &last)) {
            annotate(cfg, p, file, line, "frontend", tok);
        }
    }
    (void)k;
}

lint_config_t *
lint_config_new(apr_pool_t *p, lint_dialect_t d)
{
    lint_config_t *cfg = apr_pcalloc(p, sizeof(*cfg));
    cfg->dialect = d;
    cfg->files = apr_array_make(p, 4, sizeof(const char *));
    cfg->annotations = apr_array_make(p, 2, sizeof(lint_annotation_t *));
    cfg->suppressions = apr_array_make(p, 2, sizeof(lint_suppression_t *));
    cfg->errors = apr_array_make(p, 1, sizeof(lint_parse_error_t *));
    cfg->root = lint_node_new(p, NULL, "", "", 0, 0);
    cfg->root->is_block = 1;
    return cfg;
}

static void
error_vset(lint_parse_error_t *e, apr_pool_t *p, const char *file, int line,
           int col, const char *fmt, va_list ap)
{
    e->file = file;
    e->line = line;
    e->col = col;
    e->message = apr_pvsprintf(p, fmt, ap);
}

void
lint_config_error(lint_config_t *cfg, apr_pool_t *p, const char *file, int line,
                  int col, const char *fmt, ...)
{
    lint_parse_error_t *e = apr_pcalloc(p, sizeof(*e));
    va_list ap;
    va_start(ap, fmt);
    error_vset(e, p, file, line, col, fmt, ap);
    va_end(ap);
    APR_ARRAY_PUSH(cfg->errors, lint_parse_error_t *) = e;
}

apr_status_t
lint_parse_fail(lint_parse_error_t *err, apr_pool_t *p, const char *file,
                int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(err, p, file, line, col, fmt, ap);
    va_end(ap);
    return APR_EGENERAL;
}

int
lint_include_cycle(apr_status_t *rv, lint_config_t *cfg,
                   lint_parse_error_t *err, apr_pool_t *p,
                   const apr_array_header_t *reading, const char *canon,
                   const char *path, const lint_node_t *inc)
{
    int i;
    for (i = 0; i < reading->nelts; i++) {
        if (strcmp(APR_ARRAY_IDX(reading, i, const char *), canon)) {
            continue;
        }
        if (!inc) {
            *rv =
                lint_parse_fail(err, p, path, 1, 1,
                                "include cycle: \"%s\" includes itself", path);
        } else {
            lint_config_error(cfg, p, inc->file, inc->line, inc->col,
                              "include cycle: \"%s\" includes itself", path);
            *rv = APR_SUCCESS;
        }
        return 1;
    }
    return 0;
}

lint_node_t *
lint_node_new(apr_pool_t *p, lint_node_t *parent, const char *name,
              const char *file, int line, int col)
{
    lint_node_t *n = apr_pcalloc(p, sizeof(*n));
    n->name = name;
    n->args = apr_array_make(p, 2, sizeof(const char *));
    n->raw_args = apr_array_make(p, 2, sizeof(const char *));
    n->parent = parent;
    n->file = file;
    n->line = line;
    n->col = col;
    if (parent) {
        if (!parent->children) {
            parent->children = apr_array_make(p, 4, sizeof(lint_node_t *));
        }
        APR_ARRAY_PUSH(parent->children, lint_node_t *) = n;
    }
    return n;
}

int
lint_file_seen(lint_config_t *cfg, const char *path)
{
    /* a hash of cfg->files, brought up to date here (the parsers append
     * to the array): a scan per include made a tree of thousands of
     * files, or one snippet included by every server, quadratic */
    if (!cfg->files_index || cfg->files_indexed > cfg->files->nelts) {
        cfg->files_index = apr_hash_make(cfg->files->pool);
        cfg->files_indexed = 0;
    }
    for (; cfg->files_indexed < cfg->files->nelts; cfg->files_indexed++) {
        apr_hash_set(
            cfg->files_index,
            APR_ARRAY_IDX(cfg->files, cfg->files_indexed, const char *),
            APR_HASH_KEY_STRING, "1");
    }
    return apr_hash_get(cfg->files_index, path, APR_HASH_KEY_STRING) != NULL;
}
