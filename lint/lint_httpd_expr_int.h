/* lint_httpd_expr_int.h -- what the three parts of samesite-lint's ap_expr
 * share, and nothing else includes: the limits and message prefixes, the
 * token and node kinds, the tree the parser builds and the evaluator
 * walks, and the names ap_expr knows.
 *   lint_httpd_expr_parse.c  scanner and parser (util_expr_scan.l,
 *                            util_expr_parse.y) -> lint_expr_parse();
 *   lint_httpd_expr.c        evaluator (util_expr_eval.c) and the API of
 *                            lint_httpd_expr.h;
 *   lint_httpd_expr_func.c   the function, operator and variable tables
 *                            and the string functions.
 */
#ifndef LINT_HTTPD_EXPR_INT_H
#define LINT_HTTPD_EXPR_INT_H

#include <apr_pools.h>

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

/* the names of the F_* functions, NULL-terminated */
extern const char *const lint_expr_funcs[];

/* binary operators (names compared without case, as httpd) */
enum { B_IPMATCH, B_FNMATCH, B_STRMATCH, B_STRCMATCH };
extern const char *const lint_expr_binops[];
/* unary operators (names compared with case, as httpd) */
extern const char lint_expr_unops[];

/* What a variable's NULL lookup means: V_OPT unset (""), V_ALWAYS httpd
 * always has a value so NULL is unknown, the others a default. */
enum { V_OPT, V_ALWAYS, V_CLIENT, V_IPV6, V_CONST };
typedef struct {
    const char *name;
    int dflt;
    const char *value; /* V_CONST: the value; header variables: the header */
} xvar_t;

/* every variable of httpd's core, { NULL } last */
extern const xvar_t lint_expr_vars[];

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

/* s up to end (the end of s when NULL), cut to X_QUOTE characters, for
 * a message */
const char *lint_expr_quote(apr_pool_t *p, const char *s, const char *end);

/* The tree of a condition (string 0) or of a string expression (string
 * 1), or NULL and *err: httpd's reading of it at startup. */
const node_t *lint_expr_parse(apr_pool_t *p, const char *in, int string,
                              const char **err);

/* A string function that reads nothing but its argument (tolower,
 * toupper, escape, unescape, base64, unbase64, md5, sha1: f is F_*). */
const char *lint_expr_pure(apr_pool_t *p, int f, const char *arg);

#endif
