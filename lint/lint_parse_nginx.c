/* lint_parse_nginx.c -- nginx configuration parser.
 *
 * Follows ngx_conf_read_token(): words separated by whitespace, ';' ends
 * a directive, '{' opens a block, '}' closes it, '#' starts a comment,
 * "..." and '...' quote with backslash escapes, ${var} may contain '{'.
 * `include` is spliced in place (globs, relative to the prefix); an
 * include that cannot be read or cycles is an error at its directive
 * (cfg->errors) after which the parse goes on; `nginx -T` dumps are
 * split into their files.  Every node keeps file:line:col.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "lint_source.h"

typedef struct {
    apr_pool_t *p;
    lint_config_t *cfg;
    const char *root; /* prefix for relative includes */
    lint_source_set_t *dump;
    lint_parse_error_t *err;
    apr_array_header_t *stack; /* files being parsed, canonical (cycles) */
    apr_hash_t *canon;         /* name -> canonical name, asked once */
    int depth;
} nparser_t;

typedef struct {
    const char *file;
    const char *s; /* cursor */
    int line, col;
} nlex_t;

static apr_status_t parse_file(nparser_t *ps, lint_node_t *parent,
                               const char *path, const char *from,
                               const lint_node_t *inc);

static void
adv(nlex_t *lx)
{
    if (*lx->s == '\n') {
        lx->line++;
        lx->col = 1;
    } else {
        lx->col++;
    }
    lx->s++;
}

enum { T_EOF, T_WORD, T_SEMI, T_OPEN, T_CLOSE, T_ERR };

typedef struct {
    int type;
    const char *text; /* unquoted */
    const char *raw;  /* as written */
    int line, col;
    int quoted;
} ntok_t;

/* Skip blanks and comments; comments are offered to the annotation
 * collector.  line_has_code: something precedes on this line. */
static void
skip_space(nparser_t *ps, nlex_t *lx, int *code_line)
{
    for (;;) {
        while (*lx->s && apr_isspace(*lx->s)) {
            adv(lx);
        }
        if (*lx->s != '#') {
            return;
        }
        {
            const char *start = lx->s;
            int line = lx->line;
            while (*lx->s && *lx->s != '\n') {
                adv(lx);
            }
            lint_source_comment(ps->cfg, ps->p, lx->file, line,
                                code_line && *code_line == line, start,
                                (size_t)(lx->s - start));
        }
    }
}

static int
next_token(nparser_t *ps, nlex_t *lx, ntok_t *t, int *code_line)
{
    const char *start;
    skip_space(ps, lx, code_line);
    t->line = lx->line;
    t->col = lx->col;
    t->quoted = 0;
    if (!*lx->s) {
        return t->type = T_EOF;
    }
    if (*lx->s == ';' || *lx->s == '{' || *lx->s == '}') {
        t->type = *lx->s == ';' ? T_SEMI : *lx->s == '{' ? T_OPEN : T_CLOSE;
        adv(lx);
        *code_line = lx->line;
        return t->type;
    }
    start = lx->s;
    if (*lx->s == '"' || *lx->s == '\'') {
        char q = *lx->s;
        const char *e = lx->s + 1;
        char *buf, *w;
        while (*e && *e != q) { /* size the copy: no strlen of the rest */
            e += (*e == '\\' && e[1]) ? 2 : 1;
        }
        buf = apr_palloc(ps->p, (apr_size_t)(e - lx->s) + 1);
        w = buf;
        adv(lx);
        while (*lx->s && *lx->s != q) {
            if (*lx->s == '\\' && lx->s[1]) {
                /* nginx keeps the backslash except before the quote,
                 * another backslash, and t/r/n */
                char c = lx->s[1];
                if (c == q || c == '\\') {
                    adv(lx);
                } else if (c == 'n' || c == 't' || c == 'r') {
                    adv(lx);
                    adv(lx);
                    *w++ = c == 'n' ? '\n' : c == 't' ? '\t' : '\r';
                    continue;
                }
            }
            *w++ = *lx->s;
            adv(lx);
        }
        if (!*lx->s) {
            t->type = T_ERR;
            t->text = "unterminated quoted string";
            return T_ERR;
        }
        adv(lx);
        *w = '\0';
        t->text = buf;
        t->quoted = 1;
        t->raw = apr_pstrmemdup(ps->p, start, (apr_size_t)(lx->s - start));
        if (*lx->s && !apr_isspace(*lx->s) && *lx->s != ';' && *lx->s != '{'
            && *lx->s != '}' && *lx->s != ')') {
            t->type = T_ERR;
            t->text = apr_psprintf(ps->p,
                                   "unexpected \"%c\" after a quoted "
                                   "string",
                                   *lx->s);
            return T_ERR;
        }
        *code_line = lx->line;
        return t->type = T_WORD;
    }
    while (*lx->s && !apr_isspace(*lx->s) && *lx->s != ';' && *lx->s != '}') {
        if (*lx->s == '{') {
            /* ${var} inside a word */
            if (lx->s > start && lx->s[-1] == '$') {
                while (*lx->s && *lx->s != '}') {
                    adv(lx);
                }
                if (*lx->s) {
                    adv(lx);
                }
                continue;
            }
            break;
        }
        if (*lx->s == '\\' && lx->s[1]) {
            adv(lx);
        }
        adv(lx);
    }
    t->raw = apr_pstrmemdup(ps->p, start, (apr_size_t)(lx->s - start));
    t->text = t->raw;
    *code_line = lx->line;
    return t->type = T_WORD;
}

/* An include that cannot be followed is reported at the directive and
 * the parse goes on: its own directives are lost, not the rest of the
 * configuration (nginx -t fails on it too, so the exit status stays 2). */
static void
include_error(nparser_t *ps, const lint_node_t *inc, const char *path,
              const char *why)
{
    const char *pat = APR_ARRAY_IDX(inc->args, 0, const char *);
    lint_config_error(ps->cfg, ps->p, inc->file, inc->line, inc->col,
                      "include \"%s\": %s; what it holds is not checked%s",
                      path, why,
                      pat[0] == '/' || ps->dump
                          ? ""
                          : apr_psprintf(ps->p,
                                         " (relative paths resolve against "
                                         "the prefix \"%s\": --root sets it)",
                                         ps->root));
}

static apr_status_t
do_include(nparser_t *ps, lint_node_t *parent, lint_node_t *inc)
{
    const char *pat, *path;
    apr_array_header_t *files;
    int i;
    apr_status_t rv;

    if (inc->args->nelts != 1) {
        lint_config_error(ps->cfg, ps->p, inc->file, inc->line, inc->col,
                          "\"include\" takes exactly one argument");
        return APR_SUCCESS;
    }
    pat = APR_ARRAY_IDX(inc->args, 0, const char *);
    path = lint_path_join(ps->p, ps->root, pat);
    if (!lint_has_glob(path)) {
        return parse_file(ps, parent, path,
                          apr_psprintf(ps->p, "%s:%d", inc->file, inc->line),
                          inc);
    }
    /* a glob that matches nothing is fine: nginx includes nothing */
    files = lint_glob(ps->p, path, ps->dump);
    for (i = 0; i < files->nelts; i++) {
        rv =
            parse_file(ps, parent, APR_ARRAY_IDX(files, i, const char *),
                       apr_psprintf(ps->p, "%s:%d", inc->file, inc->line), inc);
        if (rv != APR_SUCCESS) {
            return rv;
        }
    }
    return APR_SUCCESS;
}

/* Parse statements until '}' (in a block) or EOF (top level). */
static apr_status_t
parse_block(nparser_t *ps, nlex_t *lx, lint_node_t *parent, int in_block,
            const char *from)
{
    ntok_t t;
    int code_line = 0;
    apr_status_t rv;

    for (;;) {
        lint_node_t *n;
        int tt = next_token(ps, lx, &t, &code_line);
        if (tt == T_ERR) {
            return lint_parse_fail(ps->err, ps->p, lx->file, t.line, t.col,
                                   "%s", t.text);
        }
        if (tt == T_EOF) {
            if (in_block) {
                return lint_parse_fail(
                    ps->err, ps->p, lx->file, lx->line, lx->col,
                    "unexpected end of file, expecting \"}\"");
            }
            return APR_SUCCESS;
        }
        if (tt == T_CLOSE) {
            if (!in_block) {
                return lint_parse_fail(ps->err, ps->p, lx->file, t.line, t.col,
                                       "unexpected \"}\"");
            }
            parent->end_line = t.line;
            return APR_SUCCESS;
        }
        if (tt != T_WORD) {
            return lint_parse_fail(ps->err, ps->p, lx->file, t.line, t.col,
                                   "unexpected \"%c\"",
                                   tt == T_SEMI ? ';' : '{');
        }
        n = lint_node_new(ps->p, parent, t.text, lx->file, t.line, t.col);
        n->included_from = from;
        for (;;) {
            ntok_t a;
            tt = next_token(ps, lx, &a, &code_line);
            if (tt == T_ERR) {
                return lint_parse_fail(ps->err, ps->p, lx->file, a.line, a.col,
                                       "%s", a.text);
            }
            if (tt == T_WORD) {
                APR_ARRAY_PUSH(n->args, const char *) = a.text;
                APR_ARRAY_PUSH(n->raw_args, const char *) = a.raw;
                continue;
            }
            if (tt == T_SEMI) {
                break;
            }
            if (tt == T_OPEN) {
                n->is_block = 1;
                n->children = apr_array_make(ps->p, 4, sizeof(lint_node_t *));
                if (++ps->depth > 200) {
                    return lint_parse_fail(ps->err, ps->p, lx->file, a.line,
                                           a.col, "blocks nested too deeply");
                }
                rv = parse_block(ps, lx, n, 1, from);
                ps->depth--;
                if (rv != APR_SUCCESS) {
                    return rv;
                }
                break;
            }
            if (tt == T_EOF) {
                return lint_parse_fail(
                    ps->err, ps->p, lx->file, lx->line, lx->col,
                    "unexpected end of file, expecting \";\" or "
                    "\"}\"");
            }
            return lint_parse_fail(ps->err, ps->p, lx->file, a.line, a.col,
                                   "unexpected \"}\"");
        }
        if (!n->is_block && !strcmp(n->name, "include")) {
            /* splice: the include node stays (for locations), its
             * children go to the parent, in order */
            rv = do_include(ps, parent, n);
            if (rv != APR_SUCCESS) {
                return rv;
            }
        }
    }
}

/* Errors about an included file are reported at the include directive
 * (inc: its file, line and column); for the main file at its start. */
static apr_status_t
parse_file(nparser_t *ps, lint_node_t *parent, const char *path,
           const char *from, const lint_node_t *inc)
{
    const char *buf, *e = NULL, *canon;
    apr_size_t len;
    nlex_t lx;
    apr_status_t rv;

    canon = ps->dump ? path : lint_path_canonical_memo(ps->canon, ps->p, path);
    /* nginx would recurse until it runs out of files: reported, and
     * this inclusion skipped */
    if (lint_include_cycle(&rv, ps->cfg, ps->err, ps->p, ps->stack, canon, path,
                           inc)) {
        return rv;
    }
    if (ps->dump) {
        buf = apr_hash_get(ps->dump->files, path, APR_HASH_KEY_STRING);
        if (!buf) {
            if (!inc) {
                return lint_parse_fail(ps->err, ps->p, path, 1, 1,
                                       "\"%s\" is not in the nginx -T dump",
                                       path);
            }
            include_error(ps, inc, path, "not in the nginx -T dump");
            return APR_SUCCESS;
        }
    } else if (lint_source_read(&buf, &len, ps->p, path, &e) != APR_SUCCESS) {
        if (!inc) {
            return lint_parse_fail(ps->err, ps->p, path, 1, 1, "%s", e);
        }
        include_error(ps, inc, path, e);
        return APR_SUCCESS;
    }
    if (!lint_file_seen(ps->cfg, path)) {
        APR_ARRAY_PUSH(ps->cfg->files, const char *) = path;
    }
    APR_ARRAY_PUSH(ps->stack, const char *) = canon;
    lx.file = path;
    lx.s = buf;
    lx.line = 1;
    lx.col = 1;
    rv = parse_block(ps, &lx, parent, 0, from);
    ps->stack->nelts--;
    return rv;
}

apr_status_t
lint_parse_nginx_opts(lint_config_t **out, apr_pool_t *p, const char *path,
                      const lint_parse_opts_t *o, lint_parse_error_t *err)
{
    nparser_t ps;
    const char *buf, *e = NULL, *root = o->root;
    apr_size_t len;

    memset(&ps, 0, sizeof(ps));
    memset(err, 0, sizeof(*err));
    ps.p = p;
    ps.err = err;
    ps.cfg = lint_config_new(p, LINT_DIALECT_NGINX);
    ps.stack = apr_array_make(p, 8, sizeof(const char *));
    ps.canon = apr_hash_make(p);
    *out = ps.cfg;
    if (lint_source_read(&buf, &len, p, path, &e) != APR_SUCCESS) {
        return lint_parse_fail(ps.err, ps.p, path, 1, 1, "%s", e);
    }
    ps.dump = lint_dump_split(p, buf);
    if (!root) {
        root = o->default_root;
    }
    if (ps.dump) {
        ps.root = root ? root : lint_dirname(p, ps.dump->first);
        ps.cfg->server_root = ps.root;
        return parse_file(&ps, ps.cfg->root, ps.dump->first, NULL, NULL);
    }
    ps.root = root ? root : lint_dirname(p, path);
    ps.cfg->server_root = ps.root;
    return parse_file(&ps, ps.cfg->root, path, NULL, NULL);
}

apr_status_t
lint_parse_nginx(lint_config_t **out, apr_pool_t *p, const char *path,
                 const char *root, lint_parse_error_t *err)
{
    lint_parse_opts_t o;
    memset(&o, 0, sizeof(o));
    o.root = root;
    return lint_parse_nginx_opts(out, p, path, &o, err);
}
