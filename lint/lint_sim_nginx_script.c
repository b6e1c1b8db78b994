/* lint_sim_nginx_script.c -- nginx variables ($http_*, $cookie_*, $arg_*,
 * map, set, regex captures) and the rewrite module's script for the
 * simulator: `if` (the last one taken supplies the configuration),
 * `set`, `return`, `rewrite`, `break`. */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "lint_sim_nginx.h"
#include "lint_regex.h"

/* ---- variables -------------------------------------------------------- */

static int
var_char(char c)
{
    return apr_isalnum(c) || c == '_';
}

static const char *
req_header_var(ngx_t *x, const char *name)
{
    const lint_sim_request_t *r = x->req;
    int i;
    for (i = 0; r->headers && i < r->headers->nelts; i++) {
        const lint_sim_header_t *h =
            &APR_ARRAY_IDX(r->headers, i, lint_sim_header_t);
        const char *a = h->name, *b = name;
        for (; *a && *b; a++, b++) {
            char ca = *a == '-' ? '_' : (char)apr_tolower(*a);
            if (ca != apr_tolower(*b)) {
                break;
            }
        }
        if (!*a && !*b) {
            return h->value;
        }
    }
    return NULL;
}

/* Cookie: a=1; b=2 -> value of name */
static const char *
cookie_var(ngx_t *x, const char *name)
{
    const char *c = lint_sim_req_header(x->req, "Cookie");
    size_t n = strlen(name);
    while (c && *c) {
        while (*c == ' ' || *c == ';') {
            c++;
        }
        if (!strncmp(c, name, n) && c[n] == '=') {
            return apr_pstrmemdup(x->p, c + n + 1, strcspn(c + n + 1, ";"));
        }
        c = strchr(c, ';');
    }
    return NULL;
}

static const char *
arg_var(ngx_t *x, const char *name)
{
    const char *a = x->args;
    size_t n = strlen(name);
    while (a && *a) {
        if (!strncasecmp(a, name, n) && a[n] == '=') {
            return apr_pstrmemdup(x->p, a + n + 1, strcspn(a + n + 1, "&"));
        }
        a = strchr(a, '&');
        if (a) {
            a++;
        }
    }
    return NULL;
}

/* map $src $name { [hostnames;] default V; "k" V; ~re V; ... }:
 * ngx_http_map_find: the exact keys first (case-insensitive), then the
 * regexes in order, else the default. */
static const char *
map_value(ngx_t *x, const lint_node_t *map)
{
    const char *src = ngx_expand(x, lint_arg(map, 0));
    const char *def = "";
    int i;
    for (i = 0; map->children && i < map->children->nelts; i++) {
        const lint_node_t *e = APR_ARRAY_IDX(map->children, i, lint_node_t *);
        const char *key = e->name;
        if (!strcmp(key, "default") && lint_nargs(e) >= 1) {
            def = lint_arg(e, 0);
            continue;
        }
        if (!strcmp(key, "hostnames") || !strcmp(key, "volatile")
            || !strcmp(key, "include") || key[0] == '~') {
            continue;
        }
        if (key[0] == '\\') {
            key++;
        }
        if (!strcasecmp(key, src) && lint_nargs(e) >= 1) {
            return ngx_expand(x, lint_arg(e, 0));
        }
    }
    for (i = 0; map->children && i < map->children->nelts; i++) {
        const lint_node_t *e = APR_ARRAY_IDX(map->children, i, lint_node_t *);
        apr_array_header_t *caps, *saved;
        const char *v;
        int ci;
        if (e->name[0] != '~' || lint_nargs(e) < 1) {
            continue;
        }
        ci = e->name[1] == '*';
        caps = lint_regex_captures(x->p, e->name + 1 + ci, ci, src);
        if (!caps) {
            continue;
        }
        saved = x->caps;
        x->caps = caps;
        v = ngx_expand(x, lint_arg(e, 0));
        x->caps = saved;
        return v;
    }
    return ngx_expand(x, def);
}

static const char *
builtin_var(ngx_t *x, const char *name)
{
    const lint_sim_request_t *r = x->req;
    if (!strncmp(name, "http_", 5)) {
        return req_header_var(x, name + 5);
    }
    if (!strncmp(name, "cookie_", 7)) {
        return cookie_var(x, name + 7);
    }
    if (!strncmp(name, "arg_", 4)) {
        return arg_var(x, name + 4);
    }
    if (!strcmp(name, "request_method")) {
        return x->method;
    }
    if (!strcmp(name, "uri") || !strcmp(name, "document_uri")) {
        return x->uri;
    }
    if (!strcmp(name, "request_uri")) {
        return r->args ? apr_pstrcat(x->p, r->path, "?", r->args, NULL)
                       : r->path;
    }
    if (!strcmp(name, "args") || !strcmp(name, "query_string")) {
        return x->args;
    }
    if (!strcmp(name, "is_args")) {
        return x->args ? "?" : "";
    }
    if (!strcmp(name, "scheme")) {
        return r->scheme;
    }
    if (!strcmp(name, "https")) {
        return strcmp(r->scheme, "https") ? "" : "on";
    }
    if (!strcmp(name, "host")) {
        return r->host;
    }
    if (!strcmp(name, "server_port")) {
        return apr_itoa(x->p, r->port);
    }
    if (!strcmp(name, "remote_addr") || !strcmp(name, "server_addr")
        || !strcmp(name, "realip_remote_addr")) {
        return "127.0.0.1";
    }
    if (!strcmp(name, "server_protocol")) {
        return "HTTP/1.1";
    }
    return NULL;
}

static const char *
ngx_var(ngx_t *x, const char *name)
{
    const char *v;
    const lint_node_t *map;
    if (apr_isdigit(name[0]) && !name[1]) {
        int i = name[0] - '0';
        return x->caps && i < x->caps->nelts
                   ? APR_ARRAY_IDX(x->caps, i, const char *)
                   : "";
    }
    if ((v = apr_hash_get(x->vars, name, APR_HASH_KEY_STRING))) {
        return v;
    }
    if ((map = apr_hash_get(x->maps, name, APR_HASH_KEY_STRING))) {
        return map_value(x, map);
    }
    v = builtin_var(x, name);
    return v ? v : "";
}

/* "$a-${b}" with the variables' values */
const char *
ngx_expand(ngx_t *x, const char *text)
{
    apr_array_header_t *out;
    const char *s;
    if (!text || !strchr(text, '$')) {
        return text ? text : "";
    }
    out = apr_array_make(x->p, (int)strlen(text) + 16, 1);
    for (s = text; *s; s++) {
        const char *start, *v;
        size_t n;
        int braced;
        if (*s != '$' || !(var_char(s[1]) || s[1] == '{')) {
            APR_ARRAY_PUSH(out, char) = *s;
            continue;
        }
        braced = s[1] == '{';
        start = s + 1 + braced;
        if (apr_isdigit(*start)) {
            n = 1;
        } else {
            for (n = 0; var_char(start[n]); n++) {
            }
        }
        v = ngx_var(x, apr_pstrmemdup(x->p, start, n));
        while (*v) {
            APR_ARRAY_PUSH(out, char) = *v++;
        }
        s = start + n - 1 + (braced && start[n] == '}');
    }
    APR_ARRAY_PUSH(out, char) = '\0';
    return out->elts;
}

/* ---- if ( ... ) --------------------------------------------------------- */

/* ngx_http_rewrite_if_condition: "$var", "$var = str", "$var != str",
 * "$var ~ re", "~*", "!~", "!~*", "-f $x" and friends. */
static int
ngx_if_true(ngx_t *x, const lint_node_t *n)
{
    lint_nginx_cond_t c;
    const char *lhs;
    lint_nginx_if_cond(&c, x->p, n);
    if (!c.lhs) {
        return 0;
    }
    if (c.file_test) {
        /* -f / -d / -e / -x: the file system; a file exists when the
         * static file's status (--file-status) is 200 */
        int exists = NGX_FILE_STATUS(x) == 200 && c.file_test != 'd';
        lint_sim_trace(x->res, x->p, n, "%s%s assumed %s (--file-status)",
                       c.negated ? "!-" : "-",
                       apr_pstrmemdup(x->p, &c.file_test, 1),
                       exists ? "true" : "false");
        return c.negated ? !exists : exists;
    }
    lhs = ngx_expand(x, c.lhs);
    if (!c.op || !strcmp(c.op, "=") || !strcmp(c.op, "!=")) {
        return lint_nginx_cond_compare(&c, lhs,
                                       c.op ? ngx_expand(x, c.rhs) : NULL);
    } else {
        int neg = c.op[0] == '!';
        int ci = c.op[strlen(c.op) - 1] == '*';
        apr_array_header_t *caps = lint_regex_captures(x->p, c.rhs, ci, lhs);
        if (caps && !neg) {
            x->caps = caps;
        }
        return neg ? caps == NULL : caps != NULL;
    }
}

/* ---- rewrite phase ------------------------------------------------------ */

const lint_location_t *
if_level(const lint_location_t *l, const lint_node_t *n)
{
    int i;
    for (i = 0; l && l->ifs && i < l->ifs->nelts; i++) {
        const lint_location_t *il = APR_ARRAY_IDX(l->ifs, i, lint_location_t *);
        if (il->node == n) {
            return il;
        }
    }
    return NULL;
}

/* return CODE [TEXT|URL] / return URL (302) */
static int
ngx_return(ngx_t *x, const lint_node_t *c)
{
    const char *a = lint_arg(c, 0);
    int code;
    if (!a) {
        return RW_NEXT;
    }
    code = apr_isdigit(*a) ? atoi(a) : 302;
    x->status = code;
    x->res->handler = "configuration (return)";
    lint_sim_trace(x->res, x->p, c, "return %d", code);
    return RW_STOP;
}

/* rewrite REGEX REPLACEMENT [last|break|redirect|permanent] */
static int
ngx_rewrite(ngx_t *x, const lint_node_t *c)
{
    const char *re = lint_arg(c, 0), *rep = lint_arg(c, 1);
    const char *flag = lint_arg(c, 2);
    apr_array_header_t *caps;
    const char *to;
    if (!re || !rep) {
        return RW_NEXT;
    }
    caps = lint_regex_captures(x->p, re, 0, x->uri);
    if (!caps) {
        return RW_NEXT;
    }
    x->caps = caps;
    to = ngx_expand(x, rep);
    if (!strncmp(to, "http://", 7) || !strncmp(to, "https://", 8)
        || (flag
            && (!strcmp(flag, "redirect") || !strcmp(flag, "permanent")))) {
        x->status = flag && !strcmp(flag, "permanent") ? 301 : 302;
        x->res->handler = "configuration (rewrite redirect)";
        lint_sim_trace(x->res, x->p, c, "rewrite to %s: %d", to, x->status);
        return RW_STOP;
    }
    {
        size_t n = strlen(to);
        const char *q = strchr(to, '?');
        if (n && to[n - 1] == '?') {
            x->uri = apr_pstrmemdup(x->p, to, n - 1);
        } else if (q) {
            x->uri = apr_pstrmemdup(x->p, to, (apr_size_t)(q - to));
            x->args =
                q[1] ? (x->args ? apr_pstrcat(x->p, q + 1, "&", x->args, NULL)
                                : q + 1)
                     : x->args;
        } else {
            x->uri = to;
        }
    }
    lint_sim_trace(x->res, x->p, c, "rewrite to %s", x->uri);
    if (flag && !strcmp(flag, "last")) {
        return RW_LAST;
    }
    if (flag && !strcmp(flag, "break")) {
        return RW_BREAK;
    }
    return RW_NEXT;
}

/* The rewrite module's script of one block, in order.  loc: the location
 * whose `if` levels can be taken (NULL at the server level). */
int
ngx_script(ngx_t *x, const lint_node_t *blk, const lint_location_t *loc)
{
    int i, rc;
    for (i = 0; blk->children && i < blk->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(blk->children, i, lint_node_t *);
        if (!strcmp(c->name, "set") && lint_nargs(c) >= 2
            && lint_arg(c, 0)[0] == '$') {
            apr_hash_set(x->vars, lint_arg(c, 0) + 1, APR_HASH_KEY_STRING,
                         ngx_expand(x, lint_arg(c, 1)));
        } else if (!strcmp(c->name, "if") && c->is_block) {
            if (!ngx_if_true(x, c)) {
                continue;
            }
            lint_sim_trace(x->res, x->p, c, "if %s taken",
                           apr_array_pstrcat(x->p, c->args, ' '));
            if (loc && if_level(loc, c)) {
                x->level = if_level(loc, c);
                APR_ARRAY_PUSH(x->res->scopes, const lint_node_t *) = c;
            }
            if ((rc = ngx_script(x, c, NULL)) != RW_NEXT) {
                return rc;
            }
        } else if (!strcmp(c->name, "return") && !c->is_block) {
            return ngx_return(x, c);
        } else if (!strcmp(c->name, "rewrite") && !c->is_block) {
            if ((rc = ngx_rewrite(x, c)) != RW_NEXT) {
                return rc;
            }
        } else if (!strcmp(c->name, "break") && !c->is_block) {
            return RW_BREAK;
        }
    }
    return RW_NEXT;
}
