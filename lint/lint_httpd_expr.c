/* lint_httpd_expr.c -- httpd 2.4's ap_expr for one request (see
 * lint_httpd_expr.h).
 *
 * Three parts, each following its httpd counterpart so that the answer
 * is httpd's and not a plausible reading of the documentation:
 *   scanner  -- the states of util_expr_scan.l: the expression, a quoted
 *               string (or a whole string expression), %{...} and its
 *               argument, a regex;
 *   parser   -- recursive descent over the 2.4 grammar of
 *               util_expr_parse.y, building httpd's tree shapes: || &&
 *               and '.' associate to the right, the parts of a quoted
 *               string to the left, a { } list is kept last element
 *               first; names are checked when they are read, as httpd's
 *               lookup hooks do at startup;
 *   evaluator -- util_expr_eval.c's walk: the same short-circuits, the
 *               same evaluation order (which decides what Vary gets),
 *               $0-$9 set only by a regex with groups, and the same
 *               recursion counter, so an expression httpd gives up on
 *               is reported as such.
 * Nothing here allocates outside the caller's pool.
 */
#include <string.h>
#include <arpa/inet.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <apr_fnmatch.h>
#include <apr_network_io.h>
#include <apr_md5.h>
#include <apr_sha1.h>
#include <apr_base64.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "lint_regex.h"
#include "lint_httpd_expr.h"

const char lint_expr_unknown[] = "(unknown to the simulation)";

/* httpd accepts deeper nesting (bison's stack); this bounds our own
 * recursion on hostile input, and real expressions are nowhere near */
#define X_MAX_NEST 200
/* ||, &&, '.' and ! in one expression: httpd's parser stack (10000
 * entries, then "memory exhausted") holds at most two per operator and
 * a few per nesting level, so everything up to this many (and
 * X_MAX_NEST) is an expression httpd loads; it takes 4999 || terms and
 * 9996 ! */
#define X_MAX_OPS 3000
/* AP_EXPR_MAX_RECURSION: httpd's evaluation fails past this depth */
#define X_MAX_REC 20
/* MAX_STRING_LEN - 1: httpd's scanner buffer for a string chunk or a
 * regex (8192 bytes is "String too long" / "Regexp too long") */
#define X_MAX_STR 8191
/* characters of the input quoted in a message */
#define X_QUOTE 48

#define MSG_REJECT "httpd rejects the expression (apache2 -t fails): "
#define MSG_ABORT                                                              \
    "httpd rejects the expression (it aborts, \"flex scanner jammed\"): "

/* ---- tokens, nodes ------------------------------------------------------ */

enum {
    T_END,
    T_ERROR,
    T_TRUE,
    T_FALSE,
    T_NOT,
    T_AND,
    T_OR,
    T_CONCAT,
    /* integer comparisons, then string comparisons, same order */
    T_EQ,
    T_NE,
    T_LT,
    T_LE,
    T_GT,
    T_GE,
    T_SEQ,
    T_SNE,
    T_SLT,
    T_SLE,
    T_SGT,
    T_SGE,
    T_REG,
    T_NRE,
    T_IN,
    T_UNARY,
    T_BINARY,
    T_DIGIT,
    T_ID,
    T_STR_BEGIN,
    T_VAR_BEGIN,
    T_BACKREF,
    T_REGEX,
    T_LPAREN,
    T_RPAREN,
    T_LBRACE,
    T_RBRACE,
    T_COMMA,
    T_COLON
};

enum {
    N_TRUE,
    N_FALSE,
    N_NOT,
    N_OR,
    N_AND,
    N_COMP,
    N_UNARY,
    N_BINARY,
    N_DIGIT,
    N_STRING,
    N_CONCAT,
    N_VAR,
    N_FUNC,
    N_BACKREF,
    N_LIST,
    N_REGEX
};

/* string functions (util_expr_eval.c's string_func_providers) */
enum {
    F_REQ,
    F_HTTP,
    F_REQ_NOVARY,
    F_RESP,
    F_NOTE,
    F_REQENV,
    F_ENV,
    F_OSENV,
    F_TOLOWER,
    F_TOUPPER,
    F_ESCAPE,
    F_UNESCAPE,
    F_BASE64,
    F_UNBASE64,
    F_MD5,
    F_SHA1,
    F_FILE,
    F_FILESIZE,
    F_LDAP
};
static const char *const funcs[] = {
    "req",    "http",     "req_novary", "resp",     "note",
    "reqenv", "env",      "osenv",      "tolower",  "toupper",
    "escape", "unescape", "base64",     "unbase64", "md5",
    "sha1",   "file",     "filesize",   "ldap",     NULL
};

/* binary operators (names compared without case, as httpd) */
enum { B_IPMATCH, B_FNMATCH, B_STRMATCH, B_STRCMATCH };
static const char *const binops[] = { "ipmatch", "fnmatch", "strmatch",
                                      "strcmatch", NULL };
/* unary operators (names compared with case, as httpd) */
static const char unops[] = "nzRTdefsLhxFUA";

/* What a variable's NULL lookup means: V_OPT unset (""), V_ALWAYS httpd
 * always has a value so NULL is unknown, the others a default. */
enum { V_OPT, V_ALWAYS, V_CLIENT, V_IPV6, V_CONST };
typedef struct {
    const char *name;
    int dflt;
    const char *value; /* V_CONST: the value; header variables: the header */
} xvar_t;

/* every variable of httpd 2.4.71's core (util_expr_eval.c); modules add
 * their own (mod_ssl's SSL_*), which httpd rejects when not loaded */
static const xvar_t xvars[] = {
    { "TIME_YEAR", V_ALWAYS, NULL },
    { "TIME_MON", V_ALWAYS, NULL },
    { "TIME_DAY", V_ALWAYS, NULL },
    { "TIME_HOUR", V_ALWAYS, NULL },
    { "TIME_MIN", V_ALWAYS, NULL },
    { "TIME_SEC", V_ALWAYS, NULL },
    { "TIME_WDAY", V_ALWAYS, NULL },
    { "TIME", V_ALWAYS, NULL },
    { "SERVER_SOFTWARE", V_ALWAYS, NULL },
    { "API_VERSION", V_CONST, "20120211" },
    { "REQUEST_METHOD", V_ALWAYS, NULL },
    { "REQUEST_SCHEME", V_ALWAYS, NULL },
    { "REQUEST_URI", V_ALWAYS, NULL },
    { "REQUEST_FILENAME", V_ALWAYS, NULL },
    { "REMOTE_HOST", V_CLIENT, NULL },
    { "REMOTE_IDENT", V_OPT, NULL },
    { "REMOTE_USER", V_OPT, NULL },
    { "SERVER_ADMIN", V_ALWAYS, NULL },
    { "SERVER_NAME", V_ALWAYS, NULL },
    { "SERVER_PORT", V_ALWAYS, NULL },
    { "SERVER_PROTOCOL", V_ALWAYS, NULL },
    { "SCRIPT_FILENAME", V_ALWAYS, NULL },
    { "PATH_INFO", V_OPT, NULL },
    { "QUERY_STRING", V_OPT, NULL },
    { "IS_SUBREQ", V_CONST, "false" },
    { "DOCUMENT_ROOT", V_ALWAYS, NULL },
    { "AUTH_TYPE", V_OPT, NULL },
    { "THE_REQUEST", V_ALWAYS, NULL },
    { "CONTENT_TYPE", V_OPT, NULL },
    { "HANDLER", V_OPT, NULL },
    { "REQUEST_LOG_ID", V_ALWAYS, NULL },
    { "SCRIPT_USER", V_ALWAYS, NULL },
    { "SCRIPT_GROUP", V_ALWAYS, NULL },
    { "DOCUMENT_URI", V_ALWAYS, NULL },
    { "LAST_MODIFIED", V_ALWAYS, NULL },
    { "CONTEXT_PREFIX", V_ALWAYS, NULL },
    { "CONTEXT_DOCUMENT_ROOT", V_ALWAYS, NULL },
    { "REQUEST_STATUS", V_ALWAYS, NULL },
    { "REMOTE_ADDR", V_CLIENT, NULL },
    { "REMOTE_PORT", V_ALWAYS, NULL },
    { "HTTPS", V_ALWAYS, NULL },
    { "IPV6", V_IPV6, NULL },
    { "CONN_LOG_ID", V_ALWAYS, NULL },
    { "CONN_REMOTE_ADDR", V_CLIENT, NULL },
    { "HTTP2", V_CONST, "off" },
    /* request headers: httpd reads the header and adds it to Vary */
    { "HTTP_USER_AGENT", V_OPT, "User-Agent" },
    { "HTTP_PROXY_CONNECTION", V_OPT, "Proxy-Connection" },
    { "HTTP_REFERER", V_OPT, "Referer" },
    { "HTTP_COOKIE", V_OPT, "Cookie" },
    { "HTTP_FORWARDED", V_OPT, "Forwarded" },
    { "HTTP_HOST", V_OPT, "Host" },
    { "HTTP_ACCEPT", V_OPT, "Accept" },
    { NULL, 0, NULL }
};

typedef struct node_t node_t;
struct node_t {
    int kind;      /* N_* */
    int op;        /* N_COMP: T_*; N_UNARY: the letter; N_BINARY: B_*;
                           N_FUNC: F_*; N_BACKREF: the digit; N_REGEX: i */
    int nsub;      /* N_REGEX: capture groups */
    const char *s; /* literal, name as written, regex */
    const node_t *a, *b;
    const void *data;      /* N_VAR: xvar_t; -R / -ipmatch: apr_ipsubnet_t */
    const char *src, *end; /* the input it was read from, for messages */
};

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

static const char *
quote(apr_pool_t *p, const char *s, const char *end)
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
                                quote(x->p, at, NULL))
                 : apr_psprintf(x->p, "%s%s, at the end of \"%s\"", prefix, msg,
                                quote(x->p, x->in, NULL));
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
            t == T_END
                ? "end of expression"
                : apr_psprintf(x->p, "\"%s\"", quote(x->p, x->tstart, x->pos)),
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
    int f = find_name(funcs, name);
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
    for (i = 0; xvars[i].name; i++) {
        if (!strcasecmp(xvars[i].name, name)) {
            n = mk(x, N_VAR, src);
            n->s = name;
            n->data = &xvars[i];
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
        int b = find_name(binops, x->ts);
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
        if (!strchr(unops, op)) {
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

static const node_t *
parse(apr_pool_t *p, const char *in, int string, const char **err)
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

/* ---- evaluation ------------------------------------------------------------ */

typedef struct {
    apr_pool_t *p;
    lint_expr_lookup_fn *lookup;
    void *baton;
    int rec; /* httpd's reclvl */
    const char *err;
    const apr_array_header_t *caps; /* $0..$9 now */
    apr_array_header_t *found;      /* of the last regex with groups */
    const char *vary;               /* httpd's vary_this */
} ev_t;

static void ev_fail(ev_t *e, const node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
ev_fail(ev_t *e, const node_t *n, const char *fmt, ...)
{
    va_list ap;
    const char *msg;
    if (e->err) {
        return;
    }
    va_start(ap, fmt);
    msg = apr_pvsprintf(e->p, fmt, ap);
    va_end(ap);
    e->err = apr_psprintf(e->p, "%s: \"%s\"", msg, quote(e->p, n->src, n->end));
}

/* httpd's inc_rec: a depth counted on every condition and word */
static int
ev_enter(ev_t *e, const node_t *n)
{
    if (e->err) {
        return 0;
    }
    if (e->rec >= X_MAX_REC) {
        ev_fail(e, n,
                "httpd fails to evaluate it: Recursion limit reached (more "
                "than %d nested evaluations; httpd logs it and an <If> "
                "counts as false)",
                X_MAX_REC);
        return 0;
    }
    e->rec++;
    return 1;
}

static void
add_vary(ev_t *e, const char *name)
{
    e->vary = e->vary && *e->vary ? apr_pstrcat(e->p, e->vary, ", ", name, NULL)
                                  : name;
}

static const char *
ev_lookup(ev_t *e, const node_t *n, const char *kind, const char *name)
{
    const char *v;
    if (e->err) {
        return NULL;
    }
    v = e->lookup ? e->lookup(e->baton, kind, name) : NULL;
    if (v == LINT_EXPR_UNKNOWN) {
        ev_fail(e, n, "the request does not say what %s '%s' is", kind, name);
        return NULL;
    }
    return v;
}

static const char *
ev_client(ev_t *e, const node_t *n)
{
    const char *v = ev_lookup(e, n, "var", "REMOTE_ADDR");
    return v ? v : "127.0.0.1";
}

static const char *
ev_var(ev_t *e, const node_t *n)
{
    const xvar_t *v = n->data;
    const char *val;
    int header = v->dflt == V_OPT && v->value;
    if (header && strcasecmp(v->value, "Host")) {
        add_vary(e, v->value);
    }
    if ((val = ev_lookup(e, n, "var", n->s)) || e->err) {
        return val;
    }
    if (header) {
        return ev_lookup(e, n, "http", v->value);
    }
    switch (v->dflt) {
    case V_ALWAYS:
        ev_fail(e, n, "the request does not say what %%{%s} is", v->name);
        return NULL;
    case V_CLIENT:
        return ev_client(e, n);
    case V_IPV6:
        val = ev_client(e, n);
        return strchr(val, ':') && strncasecmp(val, "::ffff:", 7) ? "on"
                                                                  : "off";
    case V_CONST:
        return v->value;
    default:
        return NULL;
    }
}

/* ap_escape_uri: everything but alphanumerics and $-_.+!*'(),:;@&=/~
 * as %xx (lower case), checked against httpd's escape() */
static const char *
x_escape(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, 3 * strlen(s) + 1), *o = out;
    static const char hex[] = "0123456789abcdef";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (apr_isalnum(c) || (c < 0x80 && strchr("$-_.+!*'(),:;@&=/~", c))) {
            *o++ = (char)c;
        } else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

/* ap_unescape_url_keep2f(s, 0): %2F stays encoded, a bad escape or %00
 * makes httpd's unescape() return "" */
static const char *
x_unescape(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, strlen(s) + 1), *o = out;
    for (; *s; s++) {
        if (*s != '%') {
            *o++ = *s;
        } else if (!apr_isxdigit(s[1]) || !apr_isxdigit(s[2])) {
            return "";
        } else {
            char h[3] = { s[1], s[2], 0 };
            char c = (char)strtol(h, NULL, 16);
            if (!c) {
                return "";
            }
            if (c == '/') {
                memcpy(o, s, 3);
                o += 3;
            } else {
                *o++ = c;
            }
            s += 2;
        }
    }
    *o = '\0';
    return out;
}

static const char *
x_hex(apr_pool_t *p, const unsigned char *d, int n)
{
    char *out = apr_palloc(p, 2 * n + 1);
    int i;
    for (i = 0; i < n; i++) {
        apr_snprintf(out + 2 * i, 3, "%02x", d[i]);
    }
    out[2 * n] = '\0';
    return out;
}

/* the string functions that read nothing but their argument */
static const char *
ev_pure(ev_t *e, int f, const char *arg)
{
    char *r;
    unsigned char d[APR_SHA1_DIGESTSIZE];
    apr_sha1_ctx_t sha;
    switch (f) {
    case F_TOLOWER:
    case F_TOUPPER:
        r = apr_pstrdup(e->p, arg);
        for (arg = r; *r; r++) {
            *r = (char)(f == F_TOLOWER ? apr_tolower(*r) : apr_toupper(*r));
        }
        return arg;
    case F_ESCAPE:
        return x_escape(e->p, arg);
    case F_UNESCAPE:
        return x_unescape(e->p, arg);
    case F_BASE64:
        r = apr_palloc(e->p, apr_base64_encode_len((int)strlen(arg)));
        apr_base64_encode(r, arg, (int)strlen(arg));
        return r;
    case F_UNBASE64:
        r = apr_palloc(e->p, apr_base64_decode_len(arg));
        apr_base64_decode(r, arg);
        return r;
    case F_MD5:
        apr_md5(d, arg, strlen(arg));
        return x_hex(e->p, d, APR_MD5_DIGESTSIZE);
    default: /* F_SHA1 */
        apr_sha1_init(&sha);
        apr_sha1_update(&sha, arg, (unsigned int)strlen(arg));
        apr_sha1_final(d, &sha);
        return x_hex(e->p, d, APR_SHA1_DIGESTSIZE);
    }
}

static const char *
ev_func(ev_t *e, const node_t *n, const char *arg)
{
    const char *v;
    switch (n->op) {
    case F_REQ:
    case F_HTTP:
        /* httpd skips Vary: Host (RFC 7231 7.1.4) */
        if (strcasecmp(arg, "Host")) {
            add_vary(e, arg);
        }
        /* fall through */
    case F_REQ_NOVARY:
        return ev_lookup(e, n, "http", arg);
    case F_RESP:
        return ev_lookup(e, n, "resp", arg);
    case F_NOTE:
        return ev_lookup(e, n, "note", arg);
    case F_REQENV:
        return ev_lookup(e, n, "env", arg);
    case F_OSENV:
        return ev_lookup(e, n, "osenv", arg);
    case F_ENV:
        /* env_func: notes, then the request's environment, then getenv */
        if ((v = ev_lookup(e, n, "note", arg)) || e->err
            || (v = ev_lookup(e, n, "env", arg)) || e->err) {
            return v;
        }
        return ev_lookup(e, n, "osenv", arg);
    case F_FILE:
    case F_FILESIZE:
        ev_fail(e, n, "not simulated: %s() reads the server's filesystem",
                funcs[n->op]);
        return NULL;
    case F_LDAP:
        ev_fail(e, n, "not simulated: ldap() escaping");
        return NULL;
    default:
        return ev_pure(e, n->op, arg);
    }
}

static const char *ev_word(ev_t *e, const node_t *n);

/* httpd's three cases of op_Concat, in its order: a quoted string's
 * parts (left-deep) from the last one back, `a . b . c` from the first */
static const char *
ev_concat(ev_t *e, const node_t *n)
{
    apr_array_header_t *v;
    const node_t *q;
    int i = 1;
    if (n->a->kind != N_CONCAT && n->b->kind != N_CONCAT) {
        const char *s1 = ev_word(e, n->a);
        const char *s2 = ev_word(e, n->b);
        return apr_pstrcat(e->p, s1, s2, NULL);
    }
    if (n->a->kind == N_CONCAT) {
        for (q = n; q->kind == N_CONCAT; q = q->a) {
            i++;
        }
        v = apr_array_make(e->p, i, sizeof(const char *));
        v->nelts = i;
        for (q = n; q->kind == N_CONCAT; q = q->a) {
            APR_ARRAY_IDX(v, --i, const char *) = ev_word(e, q->b);
        }
        APR_ARRAY_IDX(v, 0, const char *) = ev_word(e, q);
    } else {
        v = apr_array_make(e->p, 4, sizeof(const char *));
        for (q = n; q->kind == N_CONCAT; q = q->b) {
            APR_ARRAY_PUSH(v, const char *) = ev_word(e, q->a);
        }
        APR_ARRAY_PUSH(v, const char *) = ev_word(e, q);
    }
    return apr_array_pstrcat(e->p, v, 0);
}

static const char *
ev_word(ev_t *e, const node_t *n)
{
    const char *r = NULL;
    if (!ev_enter(e, n)) {
        return "";
    }
    switch (n->kind) {
    case N_DIGIT:
    case N_STRING:
        r = n->s;
        break;
    case N_VAR:
        r = ev_var(e, n);
        break;
    case N_CONCAT:
        r = ev_concat(e, n);
        break;
    case N_FUNC:
        r = ev_word(e, n->a);
        r = e->err ? NULL : ev_func(e, n, r);
        break;
    case N_BACKREF:
        if (e->caps && n->op < e->caps->nelts) {
            r = APR_ARRAY_IDX(e->caps, n->op, const char *);
        }
        break;
    }
    e->rec--;
    return r && !e->err ? r : "";
}

/* $0..$n of a match, one per group of the regex (an unset group "", as
 * httpd's backref), at most $9 (AP_MAX_REG_MATCH) */
static apr_array_header_t *
caps_of(apr_pool_t *p, const node_t *re, const apr_array_header_t *m)
{
    apr_array_header_t *c;
    int i, n = re->nsub + 1 > 10 ? 10 : re->nsub + 1;
    if (!m) {
        return NULL;
    }
    c = apr_array_make(p, n, sizeof(const char *));
    for (i = 0; i < n; i++) {
        APR_ARRAY_PUSH(c, const char *) =
            i < m->nelts ? APR_ARRAY_IDX(m, i, const char *) : "";
    }
    return c;
}

static int
ev_regex(ev_t *e, const node_t *n)
{
    const char *w = ev_word(e, n->a);
    const node_t *re = n->b;
    int r;
    if (e->err) {
        return 0;
    }
    if (strchr(w, '\n')) {
        ev_fail(e, n,
                "not simulated: a newline in the subject (httpd "
                "matches with DOTALL and DOLLAR_ENDONLY)");
        return 0;
    }
    if (re->nsub > 0) {
        /* $0-$9 change only for a regex with groups; a failed match
         * clears them */
        e->found =
            caps_of(e->p, re, lint_regex_captures(e->p, re->s, re->op, w));
        e->caps = e->found;
        r = e->found != NULL;
    } else {
        r = lint_regex_matches(e->p, re->s, re->op, w) == 1;
    }
    return n->op == T_REG ? r : !r;
}

static int
ev_comp(ev_t *e, const node_t *n)
{
    const char *w1, *w2;
    const node_t *l;
    int c;
    if (n->op == T_REG || n->op == T_NRE) {
        return ev_regex(e, n);
    }
    if (n->op == T_IN) {
        w1 = ev_word(e, n->a);
        for (l = n->b; l && !e->err; l = l->b) {
            if (!strcmp(w1, ev_word(e, l->a))) {
                return 1;
            }
        }
        return 0;
    }
    /* httpd's build evaluates the right operand first (the order of Vary) */
    w2 = ev_word(e, n->b);
    w1 = ev_word(e, n->a);
    if (n->op <= T_GE) {
        apr_int64_t i1 = apr_atoi64(w1), i2 = apr_atoi64(w2);
        c = i1 < i2 ? -1 : i1 > i2;
    } else {
        c = strcmp(w1, w2);
    }
    switch (n->op) {
    case T_EQ:
    case T_SEQ:
        return c == 0;
    case T_NE:
    case T_SNE:
        return c != 0;
    case T_LT:
    case T_SLT:
        return c < 0;
    case T_LE:
    case T_SLE:
        return c <= 0;
    case T_GT:
    case T_SGT:
        return c > 0;
    default:
        return c >= 0;
    }
}

/* -R / -ipmatch: a numeric address only (httpd would resolve a name) */
static int
ev_ipmatch(ev_t *e, const node_t *n, const char *addr)
{
    unsigned char buf[16];
    apr_sockaddr_t *sa;
    if (!*addr) {
        return 0;
    }
    if (inet_pton(AF_INET, addr, buf) != 1
        && inet_pton(AF_INET6, addr, buf) != 1) {
        ev_fail(e, n,
                "not simulated: '%s' is no IP address (httpd would "
                "resolve it)",
                addr);
        return 0;
    }
    if (apr_sockaddr_info_get(&sa, addr, APR_UNSPEC, 0, 0, e->p)
        != APR_SUCCESS) {
        return 0;
    }
    return apr_ipsubnet_test((apr_ipsubnet_t *)n->data, sa) ? 1 : 0;
}

static int
ev_unary(ev_t *e, const node_t *n)
{
    const char *w = ev_word(e, n->a);
    if (e->err) {
        return 0;
    }
    switch (n->op) {
    case 'n':
        return *w != '\0';
    case 'z':
        return *w == '\0';
    case 'T':
        switch (*w) {
        case '\0':
            return 0;
        case 'o':
        case 'O':
            return strcasecmp(w, "off") != 0;
        case 'n':
        case 'N':
            return strcasecmp(w, "no") != 0;
        case 'f':
        case 'F':
            return strcasecmp(w, "false") != 0;
        case '0':
            return w[1] != '\0';
        default:
            return 1;
        }
    case 'R':
        return ev_ipmatch(e, n, ev_client(e, n));
    case 'F':
    case 'U':
    case 'A':
        ev_fail(e, n, "not simulated: -%c runs a subrequest", n->op);
        return 0;
    default:
        /* stat("") fails: false without looking */
        if (*w) {
            ev_fail(e, n, "not simulated: -%c tests the server's filesystem",
                    n->op);
        }
        return 0;
    }
}

static int
ev_binary(ev_t *e, const node_t *n)
{
    const char *w2 = ev_word(e, n->b);
    const char *w1 = ev_word(e, n->a);
    if (e->err) {
        return 0;
    }
    switch (n->op) {
    case B_IPMATCH:
        return ev_ipmatch(e, n, w1);
    case B_FNMATCH:
        return apr_fnmatch(w2, w1, APR_FNM_PATHNAME) == APR_SUCCESS;
    case B_STRMATCH:
        return apr_fnmatch(w2, w1, 0) == APR_SUCCESS;
    default:
        return apr_fnmatch(w2, w1, APR_FNM_CASE_BLIND) == APR_SUCCESS;
    }
}

/* ap_expr_eval: ! flips and goes on, a chain of || or && is walked
 * without recursing into its right side */
static int
ev_cond(ev_t *e, const node_t *n)
{
    int result = 0;
    const node_t *l;
    if (!ev_enter(e, n)) {
        return 0;
    }
    for (;;) {
        switch (n->kind) {
        case N_TRUE:
            result ^= 1;
            goto out;
        case N_FALSE:
            goto out;
        case N_NOT:
            result = !result;
            n = n->a;
            continue;
        case N_OR:
            do {
                l = n->a;
                if (l->kind == N_NOT ? !ev_cond(e, l->a) : ev_cond(e, l)) {
                    result ^= 1;
                    goto out;
                }
                n = n->b;
            } while (n->kind == N_OR && !e->err);
            continue;
        case N_AND:
            do {
                l = n->a;
                if (l->kind == N_NOT ? ev_cond(e, l->a) : !ev_cond(e, l)) {
                    goto out;
                }
                n = n->b;
            } while (n->kind == N_AND && !e->err);
            continue;
        case N_COMP:
            result ^= ev_comp(e, n);
            goto out;
        case N_UNARY:
            result ^= ev_unary(e, n);
            goto out;
        default:
            result ^= ev_binary(e, n);
            goto out;
        }
    }
out:
    e->rec--;
    return result;
}

/* ---- API ---------------------------------------------------------------------- */

static void
ev_init(ev_t *e, apr_pool_t *p, lint_expr_lookup_fn *lookup, void *baton)
{
    memset(e, 0, sizeof(*e));
    e->p = p;
    e->lookup = lookup;
    e->baton = baton;
}

int
lint_httpd_expr_eval_vary(apr_pool_t *p, const char *expr,
                          lint_expr_lookup_fn *lookup, void *baton,
                          apr_array_header_t **captures, const char **vary,
                          const char **err)
{
    const char *perr = NULL;
    const node_t *root;
    ev_t e;
    int r;
    if (captures) {
        *captures = NULL;
    }
    if (vary) {
        *vary = NULL;
    }
    if (err) {
        *err = NULL;
    }
    if (!p || !expr) {
        if (err && p) {
            *err = "no expression";
        }
        return -1;
    }
    if (!(root = parse(p, expr, 0, &perr))) {
        if (err) {
            *err = perr;
        }
        return -1;
    }
    ev_init(&e, p, lookup, baton);
    r = ev_cond(&e, root);
    if (e.err) {
        if (err) {
            *err = e.err;
        }
        return -1;
    }
    if (captures) {
        *captures = e.found;
    }
    if (vary) {
        *vary = e.vary;
    }
    return r ? 1 : 0;
}

int
lint_httpd_expr_eval(apr_pool_t *p, const char *expr,
                     lint_expr_lookup_fn *lookup, void *baton,
                     apr_array_header_t **captures, const char **err)
{
    return lint_httpd_expr_eval_vary(p, expr, lookup, baton, captures, NULL,
                                     err);
}

const char *
lint_httpd_expr_string(apr_pool_t *p, const char *str,
                       lint_expr_lookup_fn *lookup, void *baton,
                       const apr_array_header_t *captures, const char **err)
{
    const char *perr = NULL, *r;
    const node_t *root;
    ev_t e;
    if (err) {
        *err = NULL;
    }
    if (!p || !str) {
        if (err && p) {
            *err = "no expression";
        }
        return NULL;
    }
    if (!(root = parse(p, str, 1, &perr))) {
        if (err) {
            *err = perr;
        }
        return NULL;
    }
    ev_init(&e, p, lookup, baton);
    e.caps = captures;
    r = ev_word(&e, root);
    if (e.err) {
        if (err) {
            *err = e.err;
        }
        return NULL;
    }
    return r;
}
