/* lint_parse_httpd.c -- Apache httpd configuration parser.
 *
 * Follows httpd's config reader: one directive per line, a trailing
 * backslash continues it, '#' starts a comment only at the start of a
 * line, `<Section args>` ... `</Section>` nest, arguments are split like
 * ap_getword_conf() (double or single quotes, backslash escapes the
 * quote).  ${VAR} is expanded from `Define`/`UnDefine`, then the
 * environment (--env-file over the process's; undefined variables stay
 * literal, as httpd does with a warning); `Include` /
 * `IncludeOptional` are spliced in place, with globs and directories,
 * relative to ServerRoot (or --root); `<IfModule>`, `<IfDefine>`, `<If>`
 * stay blocks.  Every node keeps file:line:col.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "lint_source.h"

typedef struct {
    apr_pool_t *p;
    lint_config_t *cfg;
    const char *root; /* ServerRoot / --root */
    int root_fixed;   /* --root given */
    apr_hash_t *defines;
    apr_hash_t *env; /* --env-file (NULL value: unset there) */
    lint_parse_error_t *err;
    apr_array_header_t *stack; /* files being parsed */
    apr_array_header_t *canon; /* the same, canonical (cycles) */
    apr_hash_t *canon_memo;    /* name -> canonical name, asked once */
} hparser_t;

static apr_status_t parse_file(hparser_t *ps, lint_node_t **cur,
                               const char *path, const lint_node_t *inc,
                               int optional);

/* A ${VAR}'s value as httpd finds it (ap_resolve_env): a Define first,
 * then the environment (--env-file's variables over the process's), NULL
 * when undefined (httpd warns and leaves the text as written). */
static const char *
lookup_var(hparser_t *ps, const char *name, apr_size_t len)
{
    const char *val = apr_hash_get(ps->defines, name, (apr_ssize_t)len);
    if (val) {
        return val;
    }
    if (ps->env) {
        return apr_hash_get(ps->env, name, (apr_ssize_t)len);
    }
    return getenv(apr_pstrmemdup(ps->p, name, len));
}

/* ${VAR} expansion with the Define table and the environment. */
static const char *
expand(hparser_t *ps, const char *s)
{
    const char *d = strstr(s, "${");
    char *out;
    if (!d) {
        return s;
    }
    out = apr_pstrmemdup(ps->p, s, (apr_size_t)(d - s));
    while (d) {
        const char *end = strchr(d, '}');
        const char *val;
        if (!end) {
            break;
        }
        val = lookup_var(ps, d + 2, (apr_size_t)(end - d - 2));
        out = apr_pstrcat(
            ps->p, out,
            val ? val : apr_pstrmemdup(ps->p, d, (apr_size_t)(end - d + 1)),
            NULL);
        s = end + 1;
        d = strstr(s, "${");
        out = apr_pstrcat(
            ps->p, out,
            apr_pstrmemdup(ps->p, s, d ? (apr_size_t)(d - s) : strlen(s)),
            NULL);
    }
    return d ? apr_pstrcat(ps->p, out, d, NULL) : out;
}

/* ap_getword_conf(): split arguments; returns 0 on an unterminated quote */
static int
split_args(hparser_t *ps, const char *s, lint_node_t *n, const char **errp)
{
    while (*s) {
        const char *start;
        while (apr_isspace(*s)) {
            s++;
        }
        if (!*s) {
            break;
        }
        start = s;
        if (*s == '"' || *s == '\'') {
            char q = *s++;
            char *buf = apr_palloc(ps->p, strlen(s) + 1), *w = buf;
            while (*s && *s != q) {
                if (*s == '\\' && (s[1] == q || s[1] == '\\')) {
                    s++;
                }
                *w++ = *s++;
            }
            if (!*s) {
                *errp = "unterminated quoted string";
                return 0;
            }
            s++;
            *w = '\0';
            APR_ARRAY_PUSH(n->args, const char *) = buf;
        } else {
            while (*s && !apr_isspace(*s)) {
                s++;
            }
            APR_ARRAY_PUSH(n->args, const char *) =
                apr_pstrmemdup(ps->p, start, (apr_size_t)(s - start));
        }
        APR_ARRAY_PUSH(n->raw_args, const char *) =
            apr_pstrmemdup(ps->p, start, (apr_size_t)(s - start));
    }
    return 1;
}

static apr_status_t
include_dir(hparser_t *ps, lint_node_t **cur, const char *dir,
            const lint_node_t *inc)
{
    apr_array_header_t *files =
        lint_glob(ps->p, apr_pstrcat(ps->p, dir, "/*", NULL), NULL);
    int i;
    apr_status_t rv;
    for (i = 0; i < files->nelts; i++) {
        rv = parse_file(ps, cur, APR_ARRAY_IDX(files, i, const char *), inc, 0);
        if (rv != APR_SUCCESS) {
            return rv;
        }
    }
    return APR_SUCCESS;
}

/* An Include that cannot be followed is reported at the directive and
 * the parse goes on: its own directives are lost, not the rest of the
 * configuration (httpd refuses to start on it, so the exit status stays
 * 2).  A path that still holds ${VAR} names the variable: undefined, as
 * httpd would warn. */
static void
include_error(hparser_t *ps, const lint_node_t *inc, const char *path,
              const char *why, int lost)
{
    const char *arg = APR_ARRAY_IDX(inc->args, 0, const char *);
    const char *var = strstr(arg, "${"), *hint = "";
    if (var && strchr(var, '}')) {
        hint = apr_psprintf(ps->p,
                            " (%.*s is not defined: Define it, set it in the "
                            "environment or pass --env-file)",
                            (int)(strchr(var, '}') - var + 1), var);
    } else if (arg[0] != '/') {
        hint = apr_psprintf(ps->p,
                            " (relative paths resolve against ServerRoot "
                            "\"%s\": --root sets it)",
                            ps->root);
    }
    lint_config_error(ps->cfg, ps->p, inc->file, inc->line, inc->col,
                      "%s \"%s\": %s%s%s", inc->name, path, why,
                      lost ? "; what it holds is not checked" : "", hint);
}

static apr_status_t
do_include(hparser_t *ps, lint_node_t **cur, lint_node_t *inc, int optional)
{
    const char *path;
    apr_array_header_t *files;
    struct stat st;
    int i;
    apr_status_t rv;

    if (inc->args->nelts != 1) {
        lint_config_error(ps->cfg, ps->p, inc->file, inc->line, inc->col,
                          "%s takes one argument", inc->name);
        return APR_SUCCESS;
    }
    path = lint_path_join(ps->p, ps->root,
                          APR_ARRAY_IDX(inc->args, 0, const char *));
    if (!lint_has_glob(path)) {
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            return include_dir(ps, cur, path, inc);
        }
        return parse_file(ps, cur, path, inc, optional);
    }
    files = lint_glob(ps->p, path, NULL);
    if (!files->nelts && !optional) {
        /* httpd: "No matches for the wildcard" -- IncludeOptional is
         * the way to allow an empty glob */
        include_error(ps, inc, path,
                      "no file matches the wildcard (IncludeOptional allows "
                      "none)",
                      0);
        return APR_SUCCESS;
    }
    for (i = 0; i < files->nelts; i++) {
        rv = parse_file(ps, cur, APR_ARRAY_IDX(files, i, const char *), inc,
                        optional);
        if (rv != APR_SUCCESS) {
            return rv;
        }
    }
    return APR_SUCCESS;
}

/* One logical line from *s: the line and the ones a trailing backslash
 * joins to it; *s moves past them and *line counts them. */
static char *
logical_line(hparser_t *ps, const char **s, int *line)
{
    const char *eol = strchr(*s, '\n');
    size_t len = eol ? (size_t)(eol - *s) : strlen(*s);
    char *text = apr_pstrmemdup(ps->p, *s, len);
    const char *next = eol ? eol + 1 : *s + len;
    int consumed = 1;
    for (;;) {
        size_t tl = strlen(text); /* a NUL byte may end it early */
        const char *e2;
        size_t l2;
        if (tl == 0 || text[tl - 1] != '\\' || !*next) {
            break;
        }
        e2 = strchr(next, '\n');
        l2 = e2 ? (size_t)(e2 - next) : strlen(next);
        text[tl - 1] = '\0';
        text = apr_pstrcat(ps->p, text, apr_pstrmemdup(ps->p, next, l2), NULL);
        next = e2 ? e2 + 1 : next + l2;
        consumed++;
    }
    *s = next;
    *line += consumed;
    return text;
}

/* text without its leading whitespace (counted in *col) and trailing
 * whitespace */
static char *
trim_line(char *text, int *col)
{
    char *e;
    while (apr_isspace(*text)) {
        text++;
        (*col)++;
    }
    e = text + strlen(text);
    while (e > text && apr_isspace(e[-1])) {
        *--e = '\0';
    }
    return text;
}

/* </Section>: it must close the section *cur, which it ends. */
static apr_status_t
close_section(hparser_t *ps, lint_node_t **cur, const char *file, int line,
              int col, char *text)
{
    char *name = text + 2, *gt = strchr(name, '>');
    if (!gt) {
        return lint_parse_fail(ps->err, ps->p, file, line, col,
                               "closing section without '>'");
    }
    *gt = '\0';
    apr_collapse_spaces(name, name);
    if (!(*cur)->parent || strcasecmp((*cur)->name, name)) {
        return lint_parse_fail(ps->err, ps->p, file, line, col,
                               (*cur)->parent
                                   ? "</%s> does not close <%s> (opened at "
                                     "%s:%d)"
                                   : "</%s> without matching <%s> section",
                               name, (*cur)->parent ? (*cur)->name : name,
                               (*cur)->file, (*cur)->line);
    }
    (*cur)->end_line = line;
    *cur = (*cur)->parent;
    return APR_SUCCESS;
}

/* A directive, or a section's opening (block), in *cur: its name up to
 * the first space of text, its arguments expanded and split. */
static apr_status_t
new_node(hparser_t *ps, lint_node_t **n, lint_node_t *cur, const char *file,
         int line, int col, const char *from, char *text, int block)
{
    char *sp = text;
    const char *e = NULL;
    while (*sp && !apr_isspace(*sp)) {
        sp++;
    }
    *n = lint_node_new(ps->p, cur,
                       apr_pstrmemdup(ps->p, text, (apr_size_t)(sp - text)),
                       file, line, col);
    (*n)->included_from = from;
    if (block) {
        (*n)->is_block = 1;
        (*n)->children = apr_array_make(ps->p, 4, sizeof(lint_node_t *));
    }
    if (!split_args(ps, expand(ps, sp), *n, &e)) {
        return lint_parse_fail(ps->err, ps->p, file, line, col, "%s", e);
    }
    return APR_SUCCESS;
}

/* What a directive does to the reading itself: Define / UnDefine,
 * ServerRoot, Include / IncludeOptional. */
static apr_status_t
directive_effect(hparser_t *ps, lint_node_t **cur, lint_node_t *n,
                 const char *file, int line, int col)
{
    if (!strcasecmp(n->name, "Define") && n->args->nelts >= 1) {
        apr_hash_set(
            ps->defines, APR_ARRAY_IDX(n->args, 0, const char *),
            APR_HASH_KEY_STRING,
            n->args->nelts > 1 ? APR_ARRAY_IDX(n->args, 1, const char *) : "");
    } else if (!strcasecmp(n->name, "UnDefine") && n->args->nelts >= 1) {
        apr_hash_set(ps->defines, APR_ARRAY_IDX(n->args, 0, const char *),
                     APR_HASH_KEY_STRING, NULL);
    } else if (!strcasecmp(n->name, "ServerRoot") && n->args->nelts == 1
               && !ps->root_fixed) {
        ps->root = APR_ARRAY_IDX(n->args, 0, const char *);
    } else if (!strcasecmp(n->name, "Include")
               || !strcasecmp(n->name, "IncludeOptional")) {
        lint_node_t *before = *cur;
        apr_status_t rv =
            do_include(ps, cur, n, !strcasecmp(n->name, "IncludeOptional"));
        if (rv != APR_SUCCESS) {
            return rv;
        }
        if (*cur != before) {
            return lint_parse_fail(ps->err, ps->p, file, line, col,
                                   "included file leaves <%s> (%s:%d) open",
                                   (*cur)->name, (*cur)->file, (*cur)->line);
        }
    }
    return APR_SUCCESS;
}

static apr_status_t
parse_text(hparser_t *ps, lint_node_t **cur, const char *file, const char *buf,
           int depth_base)
{
    const char *s = buf;
    int line = 1;
    apr_status_t rv;
    const char *from = NULL;

    (void)depth_base;
    if (ps->stack->nelts > 1) {
        from = APR_ARRAY_IDX(ps->stack, ps->stack->nelts - 2, const char *);
    }
    while (*s) {
        int start_line = line, col = 1;
        char *text = trim_line(logical_line(ps, &s, &line), &col);
        lint_node_t *n;

        if (!*text) {
            continue;
        }
        if (*text == '#') {
            lint_source_comment(ps->cfg, ps->p, file, start_line, 0, text,
                                strlen(text));
            continue;
        }
        if (text[0] == '<' && text[1] == '/') {
            rv = close_section(ps, cur, file, start_line, col, text);
        } else if (text[0] == '<') {
            char *gt = strrchr(text + 1, '>');
            if (!gt || gt[1]) {
                return lint_parse_fail(ps->err, ps->p, file, start_line, col,
                                       "section \"%s\" lacks its closing '>'",
                                       text);
            }
            *gt = '\0';
            rv = new_node(ps, &n, *cur, file, start_line, col, from, text + 1,
                          1);
            if (rv == APR_SUCCESS) {
                *cur = n;
            }
        } else {
            rv = new_node(ps, &n, *cur, file, start_line, col, from, text, 0);
            if (rv == APR_SUCCESS) {
                rv = directive_effect(ps, cur, n, file, start_line, col);
            }
        }
        if (rv != APR_SUCCESS) {
            return rv;
        }
    }
    return APR_SUCCESS;
}

/* Errors about an included file are reported at the Include directive
 * (inc: its file, line and column); for the main file at its start. */
static apr_status_t
parse_file(hparser_t *ps, lint_node_t **cur, const char *path,
           const lint_node_t *inc, int optional)
{
    const char *buf, *e = NULL, *canon;
    apr_size_t len;
    lint_node_t *start = *cur;
    apr_status_t rv;

    canon = lint_path_canonical_memo(ps->canon_memo, ps->p, path);
    /* httpd stops at a nesting depth of 128: reported, and this
     * inclusion skipped */
    if (lint_include_cycle(&rv, ps->cfg, ps->err, ps->p, ps->canon, canon, path,
                           inc)) {
        return rv;
    }
    if (lint_source_read(&buf, &len, ps->p, path, &e) != APR_SUCCESS) {
        if (optional) {
            return APR_SUCCESS;
        }
        if (!inc) {
            return lint_parse_fail(ps->err, ps->p, path, 1, 1, "%s", e);
        }
        include_error(ps, inc, path, e, 1);
        return APR_SUCCESS;
    }
    if (!lint_file_seen(ps->cfg, path)) {
        APR_ARRAY_PUSH(ps->cfg->files, const char *) = path;
    }
    APR_ARRAY_PUSH(ps->stack, const char *) = path;
    APR_ARRAY_PUSH(ps->canon, const char *) = canon;
    rv = parse_text(ps, cur, path, buf, 0);
    ps->stack->nelts--;
    ps->canon->nelts--;
    if (rv == APR_SUCCESS && *cur != start) {
        /* count lines for the position of the error */
        int lines = 1;
        const char *c;
        for (c = buf; *c; c++) {
            lines += *c == '\n';
        }
        return lint_parse_fail(ps->err, ps->p, path, lines, 1,
                               "<%s> opened at line %d is never "
                               "closed",
                               (*cur)->name, (*cur)->line);
    }
    return rv;
}

apr_status_t
lint_parse_httpd_opts(lint_config_t **out, apr_pool_t *p, const char *path,
                      const lint_parse_opts_t *o, lint_parse_error_t *err)
{
    hparser_t ps;
    lint_node_t *cur;
    apr_status_t rv;

    memset(&ps, 0, sizeof(ps));
    memset(err, 0, sizeof(*err));
    ps.p = p;
    ps.err = err;
    ps.cfg = lint_config_new(p, LINT_DIALECT_HTTPD);
    ps.stack = apr_array_make(p, 8, sizeof(const char *));
    ps.canon = apr_array_make(p, 8, sizeof(const char *));
    ps.canon_memo = apr_hash_make(p);
    ps.defines = apr_hash_make(p);
    ps.env = o->env;
    ps.root = o->root           ? o->root
              : o->default_root ? o->default_root
                                : lint_dirname(p, path);
    ps.root_fixed = o->root != NULL;
    *out = ps.cfg;
    cur = ps.cfg->root;
    rv = parse_file(&ps, &cur, path, NULL, 0);
    ps.cfg->server_root = ps.root;
    return rv;
}

apr_status_t
lint_parse_httpd(lint_config_t **out, apr_pool_t *p, const char *path,
                 const char *root, lint_parse_error_t *err)
{
    lint_parse_opts_t o;
    memset(&o, 0, sizeof(o));
    o.root = root;
    return lint_parse_httpd_opts(out, p, path, &o, err);
}
