/* lint_httpd_expr.c -- httpd 2.4's ap_expr for one request (see
 * lint_httpd_expr.h): the evaluator and the API.
 *
 * The expression is read by lint_httpd_expr_parse.c (httpd's scanner and
 * parser) into the tree of lint_httpd_expr_int.h; this is
 * util_expr_eval.c's walk over it: the same short-circuits, the same
 * evaluation order (which decides what Vary gets), $0-$9 set only by a
 * regex with groups, and the same recursion counter, so an expression
 * httpd gives up on is reported as such.  The string functions and the
 * tables of names are in lint_httpd_expr_func.c.
 * Nothing here allocates outside the caller's pool.
 */
#include <string.h>
#include <stdarg.h>
#include <arpa/inet.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <apr_fnmatch.h>
#include <apr_network_io.h>
#include "lint_regex.h"
#include "lint_httpd_expr.h"
#include "lint_httpd_expr_int.h"

const char lint_expr_unknown[] = "(unknown to the simulation)";

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
    e->err = apr_psprintf(e->p, "%s: \"%s\"", msg,
                          lint_expr_quote(e->p, n->src, n->end));
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
                lint_expr_funcs[n->op]);
        return NULL;
    case F_LDAP:
        ev_fail(e, n, "not simulated: ldap() escaping");
        return NULL;
    default:
        return lint_expr_pure(e->p, n->op, arg);
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
    if (!(root = lint_expr_parse(p, expr, 0, &perr))) {
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
    if (!(root = lint_expr_parse(p, str, 1, &perr))) {
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
