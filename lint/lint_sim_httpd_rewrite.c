/* lint_sim_httpd_rewrite.c -- mod_rewrite for the httpd simulator:
 * RewriteCond (regex, =string, file tests, expr; [NC], [OR]) and
 * RewriteRule ([F], [G], [R=code], [P], [E=VAR:VAL], [L], [END], [S=n],
 * [NC]; $N and %N back-references, %{VAR} lookups). */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "lint_sim_httpd.h"
#include "lint_regex.h"

/* ---- mod_rewrite --------------------------------------------------------------- */

static const char *
rw_expand(hs_t *x, const char *s, apr_array_header_t *rcaps,
          apr_array_header_t *ccaps)
{
    apr_array_header_t *out = apr_array_make(x->p, 64, 1);
    for (; s && *s; s++) {
        const char *v = NULL;
        if ((*s == '$' || *s == '%') && apr_isdigit(s[1])) {
            apr_array_header_t *caps = *s == '$' ? rcaps : ccaps;
            int k = s[1] - '0';
            v = caps && k < caps->nelts ? APR_ARRAY_IDX(caps, k, const char *)
                                        : "";
            s++;
        } else if (*s == '%' && s[1] == '{') {
            const char *end = strchr(s, '}');
            const char *name;
            if (!end) {
                APR_ARRAY_PUSH(out, char) = *s;
                continue;
            }
            name = apr_pstrmemdup(x->p, s + 2, (apr_size_t)(end - s - 2));
            if (!strncasecmp(name, "HTTP:", 5)) {
                v = lint_sim_req_header(x->req, name + 5);
            } else if (!strncasecmp(name, "ENV:", 4)) {
                v = apr_table_get(x->env, name + 4);
            } else {
                v = hs_lookup(x, "var", name);
            }
            v = v ? v : "";
            s = end;
        } else {
            APR_ARRAY_PUSH(out, char) = *s;
            continue;
        }
        while (*v) {
            APR_ARRAY_PUSH(out, char) = *v++;
        }
    }
    APR_ARRAY_PUSH(out, char) = '\0';
    return out->elts;
}

/* [F,L,E=x:y]: 1 when flag f is there; *val its value after '=' */
static int
flag_in(apr_pool_t *p, const char *flags, const char *f, const char **val)
{
    char *buf, *tok, *last;
    size_t n = strlen(f);
    if (!flags || flags[0] != '[') {
        return 0;
    }
    buf = apr_pstrdup(p, flags + 1);
    for (tok = apr_strtok(buf, ",]", &last); tok;
         tok = apr_strtok(NULL, ",]", &last)) {
        while (*tok == ' ') {
            tok++;
        }
        if (!strncasecmp(tok, f, n) && (tok[n] == '\0' || tok[n] == '=')) {
            if (val) {
                *val = tok[n] == '=' ? tok + n + 1 : NULL;
            }
            return 1;
        }
    }
    return 0;
}

/* RewriteCond TESTSTRING PATTERN [flags]: 1 when it holds */
static int
rw_cond(hs_t *x, const lint_node_t *c, apr_array_header_t *rcaps,
        apr_array_header_t **ccaps)
{
    const char *test = rw_expand(x, lint_arg(c, 0), rcaps, *ccaps);
    const char *pat = lint_arg(c, 1), *flags = lint_arg(c, 2);
    int neg = pat[0] == '!', nc = flag_in(x->p, flags, "NC", NULL)
                                  || flag_in(x->p, flags, "nocase", NULL);
    int r;
    pat += neg;
    if (!strcmp(lint_arg(c, 0), "expr")) {
        return hs_expr(x, c, lint_arg(c, 1));
    }
    if (pat[0] == '=') {
        r = nc ? !strcasecmp(test, pat + 1) : !strcmp(test, pat + 1);
    } else if (pat[0] == '-'
               && (pat[1] == 'f' || pat[1] == 'd' || pat[1] == 's'
                   || pat[1] == 'F' || pat[1] == 'U' || pat[1] == 'l'
                   || pat[1] == 'x')) {
        if (!x->filename && !strcmp(test, x->uri) && pat[1] != 'U') {
            /* server context: REQUEST_FILENAME is still the URL-path
             * (mod_rewrite's docs), a path no file system has */
            r = 0;
            lint_sim_trace(x->res, x->p, c,
                           "%s false: %s is the URL-path before translation",
                           pat, test);
        } else {
            r = x->req->file_status == 200 && pat[1] != 'd';
            lint_sim_trace(x->res, x->p, c, "%s assumed %s (--file-status)",
                           pat, r ? "true" : "false");
        }
    } else {
        apr_array_header_t *caps = lint_regex_captures(x->p, pat, nc, test);
        r = caps != NULL;
        if (caps && !neg) {
            *ccaps = caps;
        }
    }
    return neg ? !r : r;
}

/* The request headers a condition's test string reads (mod_rewrite's
 * lookup_header: %{HTTP:Name}, %{HTTP_HOST}, %{HTTP_USER_AGENT} ...),
 * those the request has, as a Vary list; NULL: none or [NV] */
static const char *
rw_cond_vary(hs_t *x, const lint_node_t *c)
{
    static const char *const known[][2] = { { "HTTP_HOST", "Host" },
                                            { "HTTP_COOKIE", "Cookie" },
                                            { "HTTP_ACCEPT", "Accept" },
                                            { "HTTP_REFERER", "Referer" },
                                            { "HTTP_FORWARDED", "Forwarded" },
                                            { "HTTP_USER_AGENT", "User-Agent" },
                                            { "HTTP_PROXY_CONNECTION",
                                              "Proxy-Connection" } };
    const char *s = lint_arg(c, 0), *vary = NULL;
    if (flag_in(x->p, lint_arg(c, 2), "NV", NULL)
        || flag_in(x->p, lint_arg(c, 2), "novary", NULL)) {
        return NULL;
    }
    for (; s && (s = strstr(s, "%{")) != NULL; s += 2) {
        const char *end = strchr(s, '}'), *name = NULL;
        size_t k;
        if (!end) {
            break;
        }
        if (!strncasecmp(s + 2, "HTTP:", 5)) {
            name = apr_pstrmemdup(x->p, s + 7, (apr_size_t)(end - s - 7));
        }
        for (k = 0; !name && k < sizeof(known) / sizeof(known[0]); k++) {
            if ((size_t)(end - s - 2) == strlen(known[k][0])
                && !strncmp(s + 2, known[k][0], strlen(known[k][0]))) {
                name = known[k][1];
            }
        }
        if (name && lint_sim_req_header(x->req, name)) {
            vary = vary ? apr_pstrcat(x->p, vary, ", ", name, NULL) : name;
        }
    }
    return vary;
}

/* mod_rewrite's apply_rewrite_rule: the conditions are ANDed, [OR]
 * joins one to the next; *vary: the request headers the conditions that
 * held read (apply_rewrite_list merges them into Vary) */
static int
rw_conds(hs_t *x, apr_array_header_t *conds, apr_array_header_t *rcaps,
         apr_array_header_t **ccaps, const char **vary)
{
    int i;
    *vary = NULL;
    for (i = 0; i < conds->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(conds, i, const lint_node_t *);
        int r = rw_cond(x, c, rcaps, ccaps);
        int ornext = flag_in(x->p, lint_arg(c, 2), "OR", NULL)
                     || flag_in(x->p, lint_arg(c, 2), "ornext", NULL);
        const char *v = rw_cond_vary(x, c);
        if (r && v) {
            *vary = *vary ? apr_pstrcat(x->p, *vary, ", ", v, NULL) : v;
        }
        if (ornext) {
            if (!r) {
                continue;
            }
            while (i < conds->nelts - 1
                   && (flag_in(
                           x->p,
                           lint_arg(
                               APR_ARRAY_IDX(conds, i, const lint_node_t *), 2),
                           "OR", NULL)
                       || flag_in(
                           x->p,
                           lint_arg(
                               APR_ARRAY_IDX(conds, i, const lint_node_t *), 2),
                           "ornext", NULL))) {
                i++;
            }
        } else if (!r) {
            return 0;
        }
    }
    return 1;
}

/* [E=VAR:VAL] (repeatable; E=!VAR unsets) */
static void
rw_env(hs_t *x, const char *flags, apr_array_header_t *rcaps,
       apr_array_header_t *ccaps)
{
    char *buf, *tok, *last;
    if (!flags || flags[0] != '[') {
        return;
    }
    buf = apr_pstrdup(x->p, flags + 1);
    for (tok = apr_strtok(buf, ",]", &last); tok;
         tok = apr_strtok(NULL, ",]", &last)) {
        const char *e, *colon, *name;
        if (strncasecmp(tok, "E=", 2) && strncasecmp(tok, "env=", 4)) {
            continue;
        }
        e = strchr(tok, '=') + 1;
        colon = strchr(e, ':');
        name = colon ? apr_pstrmemdup(x->p, e, (apr_size_t)(colon - e)) : e;
        if (name[0] == '!') {
            apr_table_unset(x->env, name + 1);
        } else {
            apr_table_set(x->env, name,
                          colon ? rw_expand(x, colon + 1, rcaps, ccaps) : "");
        }
    }
}

/* What one rule does after it matched: 1 the request is answered or
 * proxied, 0 go on, -1 stop the rules ([L], [END]) */
static int
rw_apply(hs_t *x, const lint_node_t *c, apr_array_header_t *rcaps,
         apr_array_header_t *ccaps, int *skip, int *rewritten)
{
    const char *sub = lint_arg(c, 1), *flags = lint_arg(c, 2), *v = NULL;
    lint_sim_trace(x->res, x->p, c, "RewriteRule %s taken", lint_arg(c, 0));
    rw_env(x, flags, rcaps, ccaps);
    if (flag_in(x->p, flags, "F", NULL)
        || flag_in(x->p, flags, "forbidden", NULL)) {
        x->status = 403;
        x->handler = HS_ANSWERED;
        return 1;
    }
    if (flag_in(x->p, flags, "G", NULL) || flag_in(x->p, flags, "gone", NULL)) {
        x->status = 410;
        x->handler = HS_ANSWERED;
        return 1;
    }
    if ((flag_in(x->p, flags, "R", &v) || flag_in(x->p, flags, "redirect", &v))
        && v && apr_isdigit(*v) && (atoi(v) < 300 || atoi(v) > 399)) {
        /* a status outside 3xx: the substitution is dropped, the
         * request is answered with that status (as by [L]) */
        x->status = atoi(v);
        x->handler = HS_ANSWERED;
        return 1;
    }
    v = NULL;
    if (strcmp(sub, "-")) {
        const char *to = rw_expand(x, sub, rcaps, ccaps);
        if (flag_in(x->p, flags, "P", NULL)
            || flag_in(x->p, flags, "proxy", NULL)) {
            x->proxy_url = to;
            x->mapper = c;
            return 1;
        }
        if (flag_in(x->p, flags, "R", &v)
            || flag_in(x->p, flags, "redirect", &v)
            || !strncmp(to, "http://", 7) || !strncmp(to, "https://", 8)) {
            x->status = !v                            ? 302
                        : apr_isdigit(*v)             ? atoi(v)
                        : !strcasecmp(v, "permanent") ? 301
                                                      : 302;
            x->handler = HS_ANSWERED;
            return 1;
        }
        x->uri = apr_pstrmemdup(x->p, to, strcspn(to, "?"));
        if (!flag_in(x->p, flags, "PT", NULL)
            && !flag_in(x->p, flags, "passthrough", NULL)) {
            *rewritten = 1;
        }
    }
    if (flag_in(x->p, flags, "S", &v) || flag_in(x->p, flags, "skip", &v)) {
        *skip = v ? atoi(v) : 0;
    }
    if (flag_in(x->p, flags, "L", NULL) || flag_in(x->p, flags, "last", NULL)
        || flag_in(x->p, flags, "END", NULL)) {
        return -1;
    }
    return 0;
}

/* The RewriteCond / RewriteRule lines of one scope with RewriteEngine On.
 * subject: what the patterns see (the URL-path at the server level, the
 * path below the directory in a <Directory>).  1: answered or proxied. */
int
hs_rewrite(hs_t *x, const lint_node_t *scope, const char *subject)
{
    apr_array_header_t *conds = apr_array_make(x->p, 2, sizeof(lint_node_t *));
    int i, on = 0, skip = 0, rewritten = 0;
    for (i = 0; scope->children && i < scope->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(scope->children, i, lint_node_t *);
        if (lint_is(c, "RewriteEngine") && lint_nargs(c) >= 1) {
            on = !strcasecmp(lint_arg(c, 0), "on");
        }
    }
    for (i = 0; on && scope->children && i < scope->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(scope->children, i, lint_node_t *);
        const char *pat, *vary = NULL;
        apr_array_header_t *rcaps, *ccaps = NULL;
        int neg, nc, rc;
        if (lint_is(c, "RewriteCond") && lint_nargs(c) >= 2) {
            APR_ARRAY_PUSH(conds, const lint_node_t *) = c;
            continue;
        }
        if (!lint_is(c, "RewriteRule") || lint_nargs(c) < 2) {
            continue;
        }
        if (skip > 0) {
            skip--;
            apr_array_clear(conds);
            continue;
        }
        pat = lint_arg(c, 0);
        neg = pat[0] == '!';
        nc = flag_in(x->p, lint_arg(c, 2), "NC", NULL)
             || flag_in(x->p, lint_arg(c, 2), "nocase", NULL);
        rcaps = lint_regex_captures(x->p, pat + neg, nc,
                                    subject ? subject : x->uri);
        if ((neg ? rcaps != NULL : rcaps == NULL)
            || !rw_conds(x, conds, rcaps, &ccaps, &vary)) {
            apr_array_clear(conds);
            continue;
        }
        apr_array_clear(conds);
        if (vary) {
            /* apply_rewrite_list: a rule that matched merges the request
             * headers its conditions read into headers_out's Vary */
            hs_table_merge(x->p, x->out, "Vary", vary, c);
        }
        rc = rw_apply(x, c, rcaps, ccaps, &skip, &rewritten);
        if (rc > 0) {
            return 1;
        }
        if (rc < 0) {
            break;
        }
    }
    return rewritten ? 2 : 0;
}
