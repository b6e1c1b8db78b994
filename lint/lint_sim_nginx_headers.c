/* lint_sim_nginx_headers.c -- the response side of the nginx simulator:
 * the backend's headers through *_hide_header, its Set-Cookie through
 * proxy_cookie_domain / _path / _flags (ngx_http_proxy_rewrite_cookie),
 * then add_header of the final level. */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "lint_sim_nginx.h"
#include "lint_regex.h"

/* ---- response headers ---------------------------------------------------- */

/* proxy_cookie_path / proxy_cookie_domain FROM TO: the first rule whose
 * FROM matches (a prefix of the path; the domain without its leading
 * dot, case-insensitive; or a ~regex) rewrites the value */
static const char *
cookie_value_rewrite(ngx_t *x, const lint_node_t *rules_at, const char *name,
                     const char *value, int domain)
{
    int i;
    for (i = 0; rules_at && rules_at->children && i < rules_at->children->nelts;
         i++) {
        const lint_node_t *c =
            APR_ARRAY_IDX(rules_at->children, i, lint_node_t *);
        const char *from, *to;
        if (strcmp(c->name, name) || lint_nargs(c) < 2) {
            continue;
        }
        from = lint_arg(c, 0);
        to = lint_arg(c, 1);
        if (from[0] == '~') {
            int ci = from[1] == '*';
            apr_array_header_t *caps =
                lint_regex_captures(x->p, from + 1 + ci, ci, value);
            if (caps) {
                apr_array_header_t *saved = x->caps;
                const char *v;
                x->caps = caps;
                v = ngx_expand(x, to);
                x->caps = saved;
                return v;
            }
            continue;
        }
        from = ngx_expand(x, from);
        if (domain) {
            const char *f = from[0] == '.' ? from + 1 : from;
            const char *v = value[0] == '.' ? value + 1 : value;
            if (!strcasecmp(f, v)) {
                return ngx_expand(x, to);
            }
        } else if (!strncmp(value, from, strlen(from))) {
            return apr_pstrcat(x->p, ngx_expand(x, to), value + strlen(from),
                               NULL);
        }
    }
    return NULL;
}

/* The level (from l outwards) that holds directive name */
static const lint_node_t *
level_with(const lint_location_t *l, const char *name)
{
    const lint_node_t *d = ngx_inherited(l, name);
    if (!d || (lint_nargs(d) == 1 && !strcmp(lint_arg(d, 0), "off"))) {
        return NULL;
    }
    return d->parent;
}

typedef struct {
    const char *key;   /* NULL: removed */
    const char *value; /* NULL: no '=' */
} ck_attr_t;

/* What one proxy_cookie_flags entry asks for. */
typedef struct {
    int sec, nosec, ho, noho, nosame;
    const char *same; /* samesite=...: the attribute's value */
} ck_flags_t;

/* A Set-Cookie value split on ';', each part's name and value trimmed
 * of spaces: the cookie first, then its attributes. */
static apr_array_header_t *
cookie_attrs(ngx_t *x, const char *line)
{
    apr_array_header_t *attrs = apr_array_make(x->p, 4, sizeof(ck_attr_t));
    const char *s = line, *end = line + strlen(line);
    for (;;) {
        const char *last = strchr(s, ';'), *eq, *ve;
        ck_attr_t *na = apr_array_push(attrs);
        if (!last) {
            last = end;
        }
        while (s < last && *s == ' ') {
            s++;
        }
        for (eq = s; eq < last && *eq != '='; eq++) {
        }
        ve = eq;
        while (ve > s && ve[-1] == ' ') {
            ve--;
        }
        na->key = apr_pstrmemdup(x->p, s, (apr_size_t)(ve - s));
        na->value = NULL;
        if (eq < last) {
            const char *v = eq + 1, *vend = last;
            while (v < last && *v == ' ') {
                v++;
            }
            while (vend > v && vend[-1] == ' ') {
                vend--;
            }
            na->value = apr_pstrmemdup(x->p, v, (apr_size_t)(vend - v));
        }
        if (last == end) {
            return attrs;
        }
        s = last + 1;
    }
}

/* Domain= and Path= through proxy_cookie_domain / proxy_cookie_path;
 * 1 when one changed. */
static int
cookie_rewrite_values(ngx_t *x, apr_array_header_t *attrs,
                      const lint_node_t *domains, const lint_node_t *paths)
{
    ck_attr_t *a = (ck_attr_t *)attrs->elts;
    int i, changed = 0;
    for (i = 1; i < attrs->nelts; i++) {
        const char *nv = NULL;
        if (domains && a[i].value && !strcasecmp(a[i].key, "domain")) {
            nv = cookie_value_rewrite(x, domains, "proxy_cookie_domain",
                                      a[i].value, 1);
        } else if (paths && a[i].value && !strcasecmp(a[i].key, "path")) {
            nv = cookie_value_rewrite(x, paths, "proxy_cookie_path", a[i].value,
                                      0);
        }
        if (nv) {
            a[i].value = nv;
            changed = 1;
        }
    }
    return changed;
}

/* The flags of proxy_cookie_flags entry c into *f; 0 when it names
 * none. */
static int
cookie_flags_of(ngx_t *x, const lint_node_t *c, ck_flags_t *f)
{
    int j;
    memset(f, 0, sizeof(*f));
    for (j = 1; j < lint_nargs(c); j++) {
        const char *w = ngx_expand(x, lint_arg(c, j));
        if (!strcasecmp(w, "secure")) {
            f->sec = 1;
        } else if (!strcasecmp(w, "nosecure")) {
            f->nosec = 1;
        } else if (!strcasecmp(w, "httponly")) {
            f->ho = 1;
        } else if (!strcasecmp(w, "nohttponly")) {
            f->noho = 1;
        } else if (!strcasecmp(w, "samesite=strict")) {
            f->same = "Strict";
        } else if (!strcasecmp(w, "samesite=lax")) {
            f->same = "Lax";
        } else if (!strcasecmp(w, "samesite=none")) {
            f->same = "None";
        } else if (!strcasecmp(w, "nosamesite")) {
            f->nosame = 1;
        }
    }
    return f->sec || f->nosec || f->ho || f->noho || f->same || f->nosame;
}

static void
cookie_attr_add(apr_array_header_t *attrs, const char *key, const char *value)
{
    ck_attr_t *a = apr_array_push(attrs);
    a->key = key;
    a->value = value;
}

/* The flags on the attributes: an attribute already there is kept (or
 * removed by no...; SameSite set to the value), a missing one added at
 * the end. */
static void
cookie_apply_flags(apr_array_header_t *attrs, ck_flags_t *f)
{
    ck_attr_t *a = (ck_attr_t *)attrs->elts;
    int k;
    for (k = 1; k < attrs->nelts; k++) {
        if (!a[k].key) {
            continue;
        }
        if (!strcasecmp(a[k].key, "secure")) {
            if (f->sec) {
                f->sec = 0;
            } else if (f->nosec) {
                a[k].key = NULL;
            }
        } else if (!strcasecmp(a[k].key, "httponly")) {
            if (f->ho) {
                f->ho = 0;
            } else if (f->noho) {
                a[k].key = NULL;
            }
        } else if (!strcasecmp(a[k].key, "samesite")) {
            if (f->same) {
                if (!a[k].value || strcasecmp(a[k].value, f->same)) {
                    a[k].key = "SameSite";
                    a[k].value = f->same;
                }
                f->same = NULL;
            } else if (f->nosame) {
                a[k].key = NULL;
            }
        }
    }
    if (f->sec) {
        cookie_attr_add(attrs, "Secure", NULL);
    }
    if (f->ho) {
        cookie_attr_add(attrs, "HttpOnly", NULL);
    }
    if (f->same) {
        cookie_attr_add(attrs, "SameSite", f->same);
    }
}

/* The first proxy_cookie_flags entry at level flags whose cookie (name,
 * case-insensitive, or ~regex) matches; 1 when it changed the cookie. */
static int
cookie_flags(ngx_t *x, apr_array_header_t *attrs, const lint_node_t *flags)
{
    const char *name = ((ck_attr_t *)attrs->elts)[0].key;
    int i;
    for (i = 0; flags && flags->children && i < flags->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(flags->children, i, lint_node_t *);
        const char *ck;
        ck_flags_t f;
        int hit;
        if (strcmp(c->name, "proxy_cookie_flags") || lint_nargs(c) < 2) {
            continue;
        }
        ck = lint_arg(c, 0);
        hit = ck[0] == '~' ? lint_regex_matches(x->p, ck + 1 + (ck[1] == '*'),
                                                ck[1] == '*', name)
                                 == 1
                           : !strcasecmp(ngx_expand(x, ck), name);
        if (!hit) {
            continue;
        }
        if (!cookie_flags_of(x, c, &f)) {
            return 0;
        }
        cookie_apply_flags(attrs, &f);
        return 1;
    }
    return 0;
}

/* The attributes joined again with "; " (removed ones left out). */
static const char *
cookie_join(ngx_t *x, const apr_array_header_t *attrs)
{
    apr_array_header_t *out = apr_array_make(x->p, 8, sizeof(char *));
    const ck_attr_t *a = (const ck_attr_t *)attrs->elts;
    int i;
    for (i = 0; i < attrs->nelts; i++) {
        if (!a[i].key) {
            continue;
        }
        if (i > 0) {
            APR_ARRAY_PUSH(out, const char *) = "; ";
        }
        APR_ARRAY_PUSH(out, const char *) = a[i].key;
        if (a[i].value) {
            APR_ARRAY_PUSH(out, const char *) = "=";
            APR_ARRAY_PUSH(out, const char *) = a[i].value;
        }
    }
    return apr_array_pstrcat(x->p, out, 0);
}

/* ngx_http_proxy_rewrite_cookie: parse on ';', trim spaces; rewrite
 * Domain= and Path=; then the first proxy_cookie_flags entry whose cookie
 * (name, case-insensitive, or ~regex) matches; rebuilt with "; " only
 * when something changed. */
static const char *
ngx_cookie(ngx_t *x, const lint_location_t *l, const char *line)
{
    apr_array_header_t *attrs = cookie_attrs(x, line);
    int changed;
    if (!((ck_attr_t *)attrs->elts)[0].value) {
        return line;
    }
    changed =
        cookie_rewrite_values(x, attrs, level_with(l, "proxy_cookie_domain"),
                              level_with(l, "proxy_cookie_path"));
    changed |= cookie_flags(x, attrs, level_with(l, "proxy_cookie_flags"));
    return changed ? cookie_join(x, attrs) : line;
}

/* The backend's headers as nginx passes them on: *_hide_header of the
 * module (the location's list, lint_location_t.hidden) removes them;
 * the proxy module rewrites Set-Cookie. */
void
ngx_upstream_headers(ngx_t *x, const lint_location_t *l,
                     const lint_node_t *pass)
{
    const char *mod = lint_nginx_upstream(pass->name, "_pass");
    int i, j;
    for (i = 0; i < x->req->backend_headers->nelts; i++) {
        const lint_sim_header_t *h =
            &APR_ARRAY_IDX(x->req->backend_headers, i, lint_sim_header_t);
        const char *v = h->value;
        int hidden = 0;
        for (j = 0; mod && j < l->hidden->nelts; j++) {
            const char *e = APR_ARRAY_IDX(l->hidden, j, const char *);
            size_t ml = strlen(mod);
            if (!strncmp(e, mod, ml) && e[ml] == ':'
                && !strcasecmp(e + ml + 1, h->name)) {
                hidden = 1;
            }
        }
        if (hidden) {
            continue;
        }
        if (mod && !strcmp(mod, "proxy")
            && !strcasecmp(h->name, "Set-Cookie")) {
            v = ngx_cookie(x, l, v);
        }
        lint_sim_emit(x->res, x->p, h->name, v, NULL);
    }
}

/* add_header of the configuration in force (ngx_http_headers_filter) */
void
ngx_add_headers(ngx_t *x, int status)
{
    const lint_location_t *lv = x->level ? x->level : x->s->server_loc;
    apr_array_header_t *hs = lint_level_headers(x->p, lv);
    int ok = lint_nginx_success_status(status), i;
    for (i = 0; i < hs->nelts; i++) {
        const lint_header_t *h = APR_ARRAY_IDX(hs, i, lint_header_t *);
        const char *v;
        if (strcmp(h->action, "add") || (!h->always && !ok)) {
            continue;
        }
        v = ngx_expand(x, h->value);
        if (*v) {
            lint_sim_emit(x->res, x->p, lint_arg(h->node, 0), v, h->node);
        }
    }
}
