/* lint_httpd_expr_parse.c -- httpd 2.4's reading of an ap_expr at
 * startup (see lint_httpd_expr.h): what apache2 -t accepts and rejects,
 * and the tree it builds.
 *   scanner  -- the states of util_expr_scan.l: the expression, a quoted
 *               string (or a whole string expression), %{...} and its
 *               argument, a regex;
 *   parser   -- recursive descent over the 2.4 grammar of
 *               util_expr_parse.y, building httpd's tree shapes: || &&
 *               and '.' associate to the right, the parts of a quoted
 *               string to the left, a { } list is kept last element
 *               first; names are checked when they are read, as httpd's
 *               lookup hooks do at startup (lint_httpd_expr_func.c).
 * lint_httpd_expr.c evaluates the tree.
 */
#include <string.h>
#include <stdarg.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <apr_network_io.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "lint_httpd_expr_int.h"

/* ---- scanner ------------------------------------------------------------ */

typedef struct {
    apr_pool_t *p;
    const char *in;  /* the whole input */
    const char *pos; /* next character to scan */
    int nest, ops;
    const char *err; /* the first error */
    /* the lookahead token */
    int have, t, tn;
    const char *ts, *tstart;
} px_t;

const char *
lint_expr_quote(apr_pool_t *p, const char *s, const char *end)
{
    size_t n = end && end >= s ? (size_t)(end - s) : strlen(s);
    if (n > X_QUOTE) {
        return apr_psprintf(p, "%.*s...", X_QUOTE, s);
    }
    return apr_pstrmemdup(p, s, n);
}

/* Record the first error, quoting the input from at. */
static void px_fail(px_t *x, const char *at, const char *prefix,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void
px_fail(px_t *x, const char *at, const char *prefix, const char *fmt, ...)
{
    va_list ap;
    const char *msg;
    if (x->err) {
        return;
    }
    va_start(ap, fmt);
    msg = apr_pvsprintf(x->p, fmt, ap);
    va_end(ap);
    x->err = *at ? apr_psprintf(x->p, "%s%s, at \"%s\"", prefix, msg,
                                lint_expr_quote(x->p, at, NULL))
                 : apr_psprintf(x->p, "%s%s, at the end of \"%s\"", prefix, msg,
                                lint_expr_quote(x->p, x->in, NULL));
}

static const char *
char_name(apr_pool_t *p, int c)
{
    return apr_isprint(c) ? apr_psprintf(p, "'%c'", c)
                          : apr_psprintf(p, "'\\x%.2X'", (unsigned)c);
}

/* the separators httpd 2.4.71 accepts after m (checked with apache2 -t) */
static int
regex_sep(int c)
{
    return c && strchr("!\"#$%',-./:;?^|", c) != NULL;
}

/* A regex: its text up to the delimiter, then an optional `i`. */
static void
lex_regex(px_t *x, const char *body, int delim)
{
    const char *e = body;
    while (*e && *e != delim) {
        e++;
    }
    if (!*e) {
        x->t = T_ERROR;
        px_fail(x, x->tstart, MSG_REJECT, "unterminated regex");
        return;
    }
    if (e - body > X_MAX_STR) {
        x->t = T_ERROR;
        px_fail(x, x->tstart, MSG_REJECT, "Regexp too long");
        return;
    }
    x->t = T_REGEX;
    x->ts = apr_pstrmemdup(x->p, body, e - body);
    x->tn = e[1] == 'i';
    x->pos = e + 1 + x->tn;
}

/* Words: keywords, identifiers, -operators. */
static void
lex_name(px_t *x, const char *s)
{
    static const struct {
        const char *w;
        int t;
    } kw[] = { { "and", T_AND }, { "or", T_OR },     { "not", T_NOT },
               { "lt", T_LT },   { "le", T_LE },     { "gt", T_GT },
               { "ge", T_GE },   { "ne", T_NE },     { "eq", T_EQ },
               { "in", T_IN },   { "true", T_TRUE }, { "false", T_FALSE },
               { "-in", T_IN },  { "-eq", T_EQ },    { "-ne", T_NE },
               { "-ge", T_GE },  { "-le", T_LE },    { "-gt", T_GT },
               { "-lt", T_LT },  { NULL, 0 } };
    const char *e = s + (*s == '-');
    int i;
    while (apr_isalnum(*e) || *e == '_') {
        e++;
    }
    x->pos = e;
    x->ts = apr_pstrmemdup(x->p, s, e - s);
    for (i = 0; kw[i].w; i++) {
        if (!strcmp(kw[i].w, x->ts)) {
            x->t = kw[i].t;
            return;
        }
    }
    if (*s != '-') {
        x->t = T_ID;
    } else if (e - s == 2) {
        x->t = T_UNARY;
        x->tn = s[1];
    } else {
        x->t = T_BINARY;
        x->ts++;
    }
}

/* Operators of one or two characters; 0 when c starts none. */
static int
lex_op(px_t *x, const char *s)
{
    static const struct {
        const char *op;
        int t;
    } ops[] = { { "=~", T_REG },   { "==", T_SEQ },   { "=", T_SEQ },
                { "!=", T_SNE },   { "!~", T_NRE },   { "!", T_NOT },
                { "<=", T_SLE },   { "<", T_SLT },    { ">=", T_SGE },
                { ">", T_SGT },    { "&&", T_AND },   { "||", T_OR },
                { ".", T_CONCAT }, { "(", T_LPAREN }, { ")", T_RPAREN },
                { "{", T_LBRACE }, { "}", T_RBRACE }, { ",", T_COMMA },
                { ":", T_COLON },  { NULL, 0 } };
    int i;
    for (i = 0; ops[i].op; i++) {
        size_t n = strlen(ops[i].op);
        if (!strncmp(s, ops[i].op, n)) {
            x->t = ops[i].t;
            x->pos = s + n;
            return 1;
        }
    }
    return 0;
}

/* The next token of the expression state. */
static void
lex(px_t *x)
{
    const char *s = x->pos;
    while (*s == ' ' || *s == '\t' || *s == '\n') {
        s++;
    }
    x->tstart = s;
    x->ts = NULL;
    x->tn = 0;
    x->pos = s + 1;
    if (!*s) {
        x->t = T_END;
        x->pos = s;
    } else if (*s == '"' || *s == '\'') {
        x->t = T_STR_BEGIN;
        x->tn = *s;
    } else if (*s == '%' && s[1] == '{') {
        x->t = T_VAR_BEGIN;
        x->pos = s + 2;
    } else if (*s == '$' && apr_isdigit(s[1])) {
        x->t = T_BACKREF;
        x->tn = s[1] - '0';
        x->pos = s + 2;
    } else if (*s == '/') {
        lex_regex(x, s + 1, '/');
    } else if (*s == 'm' && regex_sep(s[1])) {
        lex_regex(x, s + 2, s[1]);
    } else if (apr_isdigit(*s) || (*s == '-' && apr_isdigit(s[1]))) {
        const char *e = s + 1;
        while (apr_isdigit(*e)) {
            e++;
        }
        x->t = T_DIGIT;
        x->ts = apr_pstrmemdup(x->p, s, e - s);
        x->pos = e;
    } else if (apr_isalpha(*s)
               || (*s == '-' && (apr_isalpha(s[1]) || s[1] == '_'))) {
        lex_name(x, s);
    } else if (!lex_op(x, s)) {
        x->t = T_ERROR;
        px_fail(x, s, MSG_REJECT, "Parse error near %s",
                char_name(x->p, (unsigned char)*s));
    }
}

static int
peek(px_t *x)
{
    if (x->err) {
        return T_ERROR;
    }
    if (!x->have) {
        lex(x);
        x->have = 1;
    }
    return x->err ? T_ERROR : x->t;
}

static void
take(px_t *x)
{
    x->have = 0;
}

/* where the parser is: the lookahead token, else the scan position */
static const char *
here(const px_t *x)
{
    return x->have ? x->tstart : x->pos;
}

static void
px_syntax(px_t *x, const char *expecting)
{
    int t = peek(x);
    if (t == T_ERROR) {
        return;
    }
    px_fail(x, x->tstart, MSG_REJECT, "syntax error, unexpected %s%s%s",
            t == T_END ? "end of expression"
                       : apr_psprintf(x->p, "\"%s\"",
                                      lint_expr_quote(x->p, x->tstart, x->pos)),
            expecting ? ", expecting " : "", expecting ? expecting : "");
}

static node_t *
mk(px_t *x, int kind, const char *src)
{
    node_t *n = apr_pcalloc(x->p, sizeof(*n));
    n->kind = kind;
    n->src = src;
    n->end = here(x);
    return n;
}

static node_t *
mk2(px_t *x, int kind, const node_t *a, const node_t *b)
{
    node_t *n = mk(x, kind, a->src);
    n->a = a;
    n->b = b;
    n->end = b ? b->end : a->end;
    return n;
}

/* one more ||, &&, . or !; 0 past what we model */
static int
count_op(px_t *x)
{
    if (++x->ops > X_MAX_OPS) {
        px_fail(x, here(x),
                "not simulated: ", "more than %d operators (||, &&, ., !)",
                X_MAX_OPS);
        return 0;
    }
    return 1;
}

static int
nest_in(px_t *x)
{
    if (++x->nest > X_MAX_NEST) {
        px_fail(x, here(x), "not simulated: ", "nested deeper than %d levels",
                X_MAX_NEST);
        return 0;
    }
    return 1;
}

/* ---- strings and variables ------------------------------------------------ */

static node_t *p_var(px_t *x, const char *open);

/* One backslash escape at s into buf; the position after it, or NULL. */
static const char *
p_escape(px_t *x, const char *s, apr_array_header_t *buf)
{
    const char *d = s + 1;
    int nd = 0, no = 0, v = 0;
    char c;
    if (!*d) {
        px_fail(x, s, MSG_ABORT, "a backslash ends the input");
        return NULL;
    }
    while (apr_isdigit(d[nd])) {
        nd++;
    }
    while (no < 3 && d[no] >= '0' && d[no] <= '7') {
        v = v * 8 + d[no++] - '0';
    }
    if (nd) {
        /* flex's longest match: \[0-7]{1,3} unless \[0-9]+ is longer */
        if (nd > no) {
            px_fail(x, s, MSG_REJECT, "Bad escape sequence");
            return NULL;
        }
        if (v > 0xff) {
            px_fail(x, s, MSG_REJECT, "Escape sequence out of bound");
            return NULL;
        }
        APR_ARRAY_PUSH(buf, char) = (char)v;
        return d + no;
    }
    switch (*d) {
    case 'n':
        c = '\n';
        break;
    case 'r':
        c = '\r';
        break;
    case 't':
        c = '\t';
        break;
    case 'b':
        c = '\b';
        break;
    case 'f':
        c = '\f';
        break;
    default:
        c = *d;
        break;
    }
    APR_ARRAY_PUSH(buf, char) = c;
    return d + 1;
}

/* a string is `string strpart`: its parts associate to the left */
static node_t *
str_part(px_t *x, node_t *acc, node_t *part)
{
    return acc ? mk2(x, N_CONCAT, acc, part) : part;
}

/* the literal text collected in buf (if any) as the string's next part */
static node_t *
str_flush(px_t *x, node_t *acc, apr_array_header_t *buf, const char *src)
{
    node_t *n;
    if (!buf->nelts) {
        return acc;
    }
    n = mk(x, N_STRING, src);
    /* a \0 escape ends the C string, as in httpd */
    n->s = apr_pstrmemdup(x->p, buf->elts, buf->nelts);
    buf->nelts = 0;
    return str_part(x, acc, n);
}

/* The body of a string: up to the quote `stop`, up to '}' for the
 * argument of %{name:...}, or to the end for a string expression
 * (stop 0).  x->pos is after the opening. */
static node_t *
p_str(px_t *x, int stop, const char *open)
{
    apr_array_header_t *buf = apr_array_make(x->p, 64, sizeof(char));
    node_t *acc = NULL;
    const char *s = x->pos, *chunk = s;
    if (!nest_in(x)) {
        return NULL;
    }
    for (;;) {
        if (!*s) {
            if (stop) {
                px_fail(x, open, MSG_REJECT, "Unterminated string or variable");
                return NULL;
            }
            break;
        }
        if (stop == '}' && (*s == '"' || *s == '\'')) {
            px_fail(x, s, MSG_ABORT, "a quote inside %%{name:...}");
            return NULL;
        }
        if (stop && *s == stop) {
            s++;
            break;
        }
        if (*s == '\n') {
            px_fail(x, open, MSG_REJECT, "Unterminated string or variable");
            return NULL;
        }
        if ((*s == '$' && apr_isdigit(s[1])) || (*s == '%' && s[1] == '{')) {
            node_t *part;
            acc = str_flush(x, acc, buf, chunk);
            x->pos = s + 2;
            if (*s == '$') {
                part = mk(x, N_BACKREF, s);
                part->op = s[1] - '0';
            } else if (!(part = p_var(x, s))) {
                return NULL;
            }
            acc = str_part(x, acc, part);
            s = chunk = x->pos;
            continue;
        }
        if (*s == '\\') {
            if (!(s = p_escape(x, s, buf))) {
                return NULL;
            }
        } else {
            APR_ARRAY_PUSH(buf, char) = *s++;
        }
        if (buf->nelts > X_MAX_STR) {
            px_fail(x, chunk, MSG_REJECT, "String too long");
            return NULL;
        }
    }
    x->pos = s;
    acc = str_flush(x, acc, buf, chunk);
    x->nest--;
    if (!acc && stop == '}') {
        px_fail(x, s - 1, MSG_REJECT,
                "syntax error, %%{name:} without an "
                "argument");
        return NULL;
    }
    if (!acc) {
        acc = mk(x, N_STRING, open);
        acc->s = "";
    }
    acc->end = s;
    return acc;
}

static int
find_name(const char *const *names, const char *name)
{
    int i;
    for (i = 0; names[i]; i++) {
        if (!strcasecmp(names[i], name)) {
            return i;
        }
    }
    return -1;
}

static node_t *
mk_func(px_t *x, const char *src, const char *name, const node_t *arg)
{
    node_t *n;
    int f = find_name(lint_expr_funcs, name);
    if (f < 0 && !strcasecmp(name, "SSL")) {
        px_fail(x, src, "not simulated: ",
                "mod_ssl's SSL() (httpd rejects it unless mod_ssl is loaded)");
        return NULL;
    }
    if (f < 0) {
        px_fail(x, src, MSG_REJECT, "Function '%s' does not exist", name);
        return NULL;
    }
    n = mk(x, N_FUNC, src);
    n->op = f;
    n->s = name;
    n->a = arg;
    return n;
}

static node_t *
mk_var(px_t *x, const char *src, const char *name)
{
    node_t *n;
    int i;
    for (i = 0; lint_expr_vars[i].name; i++) {
        if (!strcasecmp(lint_expr_vars[i].name, name)) {
            n = mk(x, N_VAR, src);
            n->s = name;
            n->data = &lint_expr_vars[i];
            return n;
        }
    }
    if (!strncasecmp(name, "SSL_", 4)) {
        px_fail(x, src, "not simulated: ",
                "mod_ssl's variable %%{%s} (httpd rejects it unless "
                "mod_ssl is loaded)",
                name);
    } else {
        px_fail(x, src, MSG_REJECT, "Variable '%s' does not exist", name);
    }
    return NULL;
}

/* %{NAME} or %{func:argument}; x->pos is after "%{". */
static node_t *
p_var(px_t *x, const char *open)
{
    const char *s = x->pos, *e = s;
    const char *name;
    node_t *arg, *n;
    while (apr_isalnum(*e) || *e == '_') {
        e++;
    }
    if (e == s || apr_isdigit(*s)) {
        if (!*s) {
            px_fail(x, open, MSG_REJECT, "Unterminated string or variable");
        } else if (*s == '}' || *s == ':') {
            px_fail(x, s, MSG_REJECT, "syntax error, %%{ without a name");
        } else {
            px_fail(x, s, MSG_REJECT, "Invalid character in variable name %s",
                    char_name(x->p, (unsigned char)*s));
        }
        return NULL;
    }
    name = apr_pstrmemdup(x->p, s, e - s);
    if (*e == '}') {
        x->pos = e + 1;
        n = mk_var(x, open, name);
    } else if (*e == ':') {
        x->pos = e + 1;
        if (!(arg = p_str(x, '}', open))) {
            return NULL;
        }
        n = mk_func(x, open, name, arg);
    } else {
        if (!*e) {
            px_fail(x, open, MSG_REJECT, "Unterminated string or variable");
        } else {
            px_fail(x, e, MSG_REJECT, "Invalid character in variable name %s",
                    char_name(x->p, (unsigned char)*e));
        }
        return NULL;
    }
    if (n) {
        n->end = x->pos;
    }
    return n;
}

/* ---- words, lists, conditions ------------------------------------------- */

static node_t *p_word(px_t *x);
static node_t *p_cond(px_t *x);

static int
expect(px_t *x, int t, const char *what)
{
    if (peek(x) != t) {
        px_syntax(x, what);
        return 0;
    }
    take(x);
    return 1;
}

/* T_ID '(' word ')' */
static node_t *
p_call(px_t *x, const char **name)
{
    node_t *arg;
    *name = x->ts;
    take(x);
    if (!expect(x, T_LPAREN, "'('") || !(arg = p_word(x))
        || !expect(x, T_RPAREN, "'.' or ')'")) {
        return NULL;
    }
    return arg;
}

static node_t *
p_wprim(px_t *x)
{
    const char *src = x->tstart, *name;
    node_t *n, *arg;
    switch (peek(x)) {
    case T_DIGIT:
        n = mk(x, N_DIGIT, src);
        n->s = x->ts;
        take(x);
        n->end = x->pos;
        return n;
    case T_STR_BEGIN:
        take(x);
        return p_str(x, x->tn, src);
    case T_VAR_BEGIN:
        take(x);
        return p_var(x, src);
    case T_BACKREF:
        n = mk(x, N_BACKREF, src);
        n->op = x->tn;
        take(x);
        n->end = x->pos;
        return n;
    case T_ID:
        if (!(arg = p_call(x, &name))) {
            return NULL;
        }
        n = mk_func(x, src, name, arg);
        if (n) {
            n->end = here(x);
        }
        return n;
    default:
        px_syntax(x, "a string, number, variable or function");
        return NULL;
    }
}

/* word ('.' word)*: right-associated, as %right T_OP_CONCAT */
static node_t *
p_word(px_t *x)
{
    apr_array_header_t *ws = apr_array_make(x->p, 2, sizeof(node_t *));
    node_t *n;
    int i;
    if (!nest_in(x)) {
        return NULL;
    }
    do {
        if (ws->nelts && (take(x), !count_op(x))) {
            return NULL;
        }
        if (!(n = p_wprim(x))) {
            return NULL;
        }
        APR_ARRAY_PUSH(ws, node_t *) = n;
    } while (peek(x) == T_CONCAT);
    n = APR_ARRAY_IDX(ws, ws->nelts - 1, node_t *);
    for (i = ws->nelts - 2; i >= 0; i--) {
        n = mk2(x, N_CONCAT, APR_ARRAY_IDX(ws, i, node_t *), n);
    }
    x->nest--;
    return n;
}

/* `in` list: { word, ... } kept last element first (httpd prepends). */
static node_t *
p_list(px_t *x)
{
    node_t *list = NULL, *w, *el;
    const char *name;
    if (peek(x) == T_ID) {
        const char *src = x->tstart;
        if (!p_call(x, &name)) {
            return NULL;
        }
        if (!strcasecmp(name, "PeerExtList")) {
            px_fail(x, src, "not simulated: ",
                    "mod_ssl's PeerExtList() (httpd rejects it unless mod_ssl "
                    "is loaded)");
        } else {
            px_fail(x, src, MSG_REJECT,
                    "List-returning function '%s' does not exist (httpd 2.4 "
                    "has none of its own)",
                    name);
        }
        return NULL;
    }
    if (!expect(x, T_LBRACE, "'{' or a list function")) {
        return NULL;
    }
    do {
        if (list) {
            take(x);
        }
        if (!(w = p_word(x))) {
            return NULL;
        }
        el = mk(x, N_LIST, w->src);
        el->a = w;
        el->b = list;
        list = el;
    } while (peek(x) == T_COMMA);
    return expect(x, T_RBRACE, "',' or '}'") ? list : NULL;
}

/* The constant subnet/netmask of -R and -ipmatch, parsed at startup. */
static int
p_subnet(px_t *x, node_t *op, const node_t *arg, const char *name)
{
    apr_ipsubnet_t *sub;
    const char *addr, *mask;
    if (arg->kind != N_STRING) {
        px_fail(x, arg->src, MSG_REJECT,
                "-%s requires subnet/netmask as constant argument", name);
        return 0;
    }
    addr = arg->s;
    mask = strchr(addr, '/');
    if (mask) {
        addr = apr_pstrmemdup(x->p, addr, mask - addr);
        mask++;
    }
    if (apr_ipsubnet_create(&sub, addr, mask, x->p) != APR_SUCCESS) {
        px_fail(x, arg->src, MSG_REJECT, "parsing of subnet/netmask failed");
        return 0;
    }
    op->data = sub;
    return 1;
}

static node_t *
p_regex(px_t *x)
{
    node_t *n;
    int ec;
    PCRE2_SIZE eo;
    uint32_t groups = 0;
    pcre2_code *code;
    if (peek(x) != T_REGEX) {
        px_syntax(x, "a regex (/re/ or m#re#)");
        return NULL;
    }
    n = mk(x, N_REGEX, x->tstart);
    n->s = x->ts;
    n->op = x->tn;
    take(x);
    n->end = x->pos;
    /* compiled as httpd does at startup; the match itself goes through
     * lint_regex (same PCRE2, same options) */
    code = pcre2_compile((PCRE2_SPTR)n->s, PCRE2_ZERO_TERMINATED,
                         n->op ? PCRE2_CASELESS : 0, &ec, &eo, NULL);
    if (!code) {
        px_fail(x, n->src, MSG_REJECT, "Failed to compile regular expression");
        return NULL;
    }
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
    pcre2_code_free(code);
    n->nsub = (int)groups;
    return n;
}

/* After `word`: the comparison or binary operator and its operand. */
static node_t *
p_comp(px_t *x, node_t *w)
{
    int t = peek(x);
    const char *src = x->tstart;
    node_t *n, *w2;
    if (t == T_BINARY) {
        int b = find_name(lint_expr_binops, x->ts);
        if (b < 0) {
            px_fail(x, src, MSG_REJECT, "Binary operator '-%s' does not exist",
                    x->ts);
            return NULL;
        }
        take(x);
        if (!(w2 = p_word(x))) {
            return NULL;
        }
        n = mk2(x, N_BINARY, w, w2);
        n->op = b;
        return b != B_IPMATCH || p_subnet(x, n, w2, "ipmatch") ? n : NULL;
    }
    if (t < T_EQ || t > T_IN) {
        px_syntax(x, "a comparison");
        return NULL;
    }
    take(x);
    if (t == T_IN) {
        w2 = p_list(x);
    } else if (t == T_REG || t == T_NRE) {
        w2 = p_regex(x);
    } else {
        w2 = p_word(x);
    }
    if (!w2) {
        return NULL;
    }
    n = mk2(x, N_COMP, w, w2);
    n->op = t;
    return n;
}

static node_t *
p_prim(px_t *x)
{
    const char *src = x->tstart;
    node_t *n, *w;
    int t = peek(x), op;
    switch (t) {
    case T_TRUE:
    case T_FALSE:
        take(x);
        return mk(x, t == T_TRUE ? N_TRUE : N_FALSE, src);
    case T_LPAREN:
        take(x);
        n = p_cond(x);
        return n && expect(x, T_RPAREN, "')'") ? n : NULL;
    case T_UNARY:
        op = x->tn;
        take(x);
        if (!(w = p_word(x))) {
            return NULL;
        }
        if (!strchr(lint_expr_unops, op)) {
            px_fail(x, src, MSG_REJECT, "Unary operator '-%c' does not exist",
                    op);
            return NULL;
        }
        n = mk(x, N_UNARY, src);
        n->op = op;
        n->a = w;
        return op != 'R' || p_subnet(x, n, w, "R") ? n : NULL;
    default:
        return (w = p_word(x)) ? p_comp(x, w) : NULL;
    }
}

/* ! binds tighter than &&, which binds tighter than ||; both associate
 * to the right (httpd's %right), built without recursing per operand */
static node_t *
p_not(px_t *x)
{
    apr_array_header_t *nots = apr_array_make(x->p, 1, sizeof(const char *));
    node_t *n;
    while (peek(x) == T_NOT) {
        APR_ARRAY_PUSH(nots, const char *) = x->tstart;
        take(x);
        if (!count_op(x)) {
            return NULL;
        }
    }
    if (!(n = p_prim(x))) {
        return NULL;
    }
    while (nots->nelts) {
        node_t *not =
            mk(x, N_NOT, APR_ARRAY_IDX(nots, --nots->nelts, const char *));
        not ->a = n;
        n = not ;
    }
    return n;
}

static node_t *
p_chain(px_t *x, int op_tok, int kind)
{
    apr_array_header_t *xs = apr_array_make(x->p, 2, sizeof(node_t *));
    node_t *n;
    int i;
    do {
        if (xs->nelts && (take(x), !count_op(x))) {
            return NULL;
        }
        n = op_tok == T_OR ? p_chain(x, T_AND, N_AND) : p_not(x);
        if (!n) {
            return NULL;
        }
        APR_ARRAY_PUSH(xs, node_t *) = n;
    } while (peek(x) == op_tok);
    n = APR_ARRAY_IDX(xs, xs->nelts - 1, node_t *);
    for (i = xs->nelts - 2; i >= 0; i--) {
        n = mk2(x, kind, APR_ARRAY_IDX(xs, i, node_t *), n);
    }
    return n;
}

static node_t *
p_cond(px_t *x)
{
    node_t *n;
    if (!nest_in(x)) {
        return NULL;
    }
    n = p_chain(x, T_OR, N_OR);
    x->nest--;
    return n;
}

const node_t *
lint_expr_parse(apr_pool_t *p, const char *in, int string, const char **err)
{
    px_t x;
    node_t *n;
    memset(&x, 0, sizeof(x));
    x.p = p;
    x.in = x.pos = in;
    if (string) {
        n = p_str(&x, 0, in);
    } else if ((n = p_cond(&x)) && peek(&x) != T_END) {
        px_syntax(&x, "the end");
        n = NULL;
    }
    *err = x.err;
    return x.err ? NULL : n;
}
