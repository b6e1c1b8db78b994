/* lint_sim_httpd_map.c -- httpd's URL -> file -> <Directory> mapping, in
 * the model once for every rule (lint_model.h): the file a <Location>'s
 * path maps to is the simulator's translate_name (mod_rewrite,
 * ProxyPass, Redirect, Alias / ScriptAlias, DocumentRoot: tests/server
 * compares it with the real Apache), computed once per location, and a
 * <Directory> covers a directory on path segments, as the simulator's
 * directory walk matches it (/srv/www covers /srv/www/app, not
 * /srv/www2). */
#include <string.h>
#include <apr_strings.h>
#include <apr_fnmatch.h>
#include "lint_sim_httpd.h"

/* <Directory PATH> covers filename's directory: PATH (wildcards per
 * segment) is a leading run of its segments */
int
lint_httpd_dir_covers(const char *pattern, const char *dir)
{
    char pat[1024];
    size_t pl = strlen(pattern), k;
    const char *d = dir, *p2;
    if (pl == 0 || pl >= sizeof(pat) - 1) {
        return 0;
    }
    memcpy(pat, pattern, pl + 1);
    if (pat[pl - 1] != '/') {
        pat[pl++] = '/';
        pat[pl] = '\0';
    }
    if (!strpbrk(pat, "*?[")) {
        return !strncmp(pat, d, pl);
    }
    /* segment by segment with fnmatch */
    for (p2 = pat; *p2;) {
        const char *pe = strchr(p2, '/'), *de = strchr(d, '/');
        char ps[256], ds[256];
        if (!pe || !de) {
            return !*p2;
        }
        k = (size_t)(pe - p2);
        if (k >= sizeof(ps) || (size_t)(de - d) >= sizeof(ds)) {
            return 0;
        }
        memcpy(ps, p2, k);
        ps[k] = '\0';
        memcpy(ds, d, (size_t)(de - d));
        ds[de - d] = '\0';
        if (apr_fnmatch(ps, ds, APR_FNM_PATHNAME) != APR_SUCCESS) {
            return 0;
        }
        p2 = pe + 1;
        d = de + 1;
    }
    return 1;
}

/* path as a directory: slashes collapsed (ap_no2slash), one at the end */
static const char *
as_dir(apr_pool_t *p, const char *path)
{
    char *d = apr_palloc(p, strlen(path) + 2), *o = d;
    for (; *path; path++) {
        if (*path != '/' || o == d || o[-1] != '/') {
            *o++ = *path;
        }
    }
    if (o == d || o[-1] != '/') {
        *o++ = '/';
    }
    *o = '\0';
    return d;
}

int
lint_httpd_dirs_overlap(apr_pool_t *p, const char *a, const char *b)
{
    const char *da = as_dir(p, a), *db = as_dir(p, b);
    return lint_httpd_dir_covers(da, db) || lint_httpd_dir_covers(db, da);
}

/* The main server without its <VirtualHost>s (looked for through the
 * wrappers): all a vhost's translate_name reads of the main server, made
 * once per configuration, so that a lookup per location does not walk
 * every vhost (10,000 vhosts stay linear). */
static const lint_node_t *
main_view(apr_pool_t *p, const lint_node_t *n)
{
    lint_node_t *v = apr_pmemdup(p, n, sizeof(*n));
    int i;
    if (!n->children) {
        return v;
    }
    v->children = apr_array_make(p, n->children->nelts, sizeof(lint_node_t *));
    for (i = 0; i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (c->is_block && lint_is(c, "VirtualHost")) {
            continue;
        }
        APR_ARRAY_PUSH(v->children, const lint_node_t *) =
            hs_is_wrapper(c) ? main_view(p, c) : c;
    }
    return v;
}

/* translate_name alone, for a plain GET of url on server s (its
 * server-level SetEnvIf first, as in hs_request). */
static const char *
url_file(apr_pool_t *p, const lint_model_t *m, const lint_server_t *s,
         const char *url)
{
    lint_sim_request_t req;
    lint_sim_response_t res;
    hs_t x;
    memset(&req, 0, sizeof(req));
    memset(&res, 0, sizeof(res));
    req.method = "GET";
    req.url = req.path = url;
    req.scheme = s->https ? "https" : "http";
    req.host = s->origin ? s->origin->host : "localhost";
    req.port = s->origin ? s->origin->port : 80;
    req.headers = apr_array_make(p, 1, sizeof(lint_sim_header_t));
    req.backend_headers = req.headers;
    req.backend_status = 200;
    hs_init(&x, p, m, &req, &res);
    x.vhost = s->node == x.root ? NULL : s->node;
    x.root = m->httpd_main;
    hs_setenvif(&x, x.root);
    if (x.vhost) {
        hs_setenvif(&x, x.vhost);
    }
    hs_translate(&x);
    return x.status || x.proxy_url ? NULL : x.filename;
}

const char *
lint_httpd_location_file(const lint_model_t *m, const lint_server_t *s,
                         const lint_location_t *l)
{
    apr_pool_t *p = apr_hash_pool_get(m->location_files);
    const char *f = apr_hash_get(m->location_files, &l, sizeof(l));
    if (!f) {
        f = l->path && l->node && lint_is(l->node, "Location")
                    && lint_nargs(l->node) >= 1
                    && strcmp(lint_arg(l->node, 0), "~")
                ? url_file(p, m, s, l->path)
                : NULL;
        f = f ? f : "";
        apr_hash_set(m->location_files, apr_pmemdup(p, &l, sizeof(l)),
                     sizeof(l), f);
    }
    return *f ? f : NULL;
}

void
hs_map_prepare(lint_model_t *m, apr_pool_t *p)
{
    m->location_files = apr_hash_make(p);
    m->httpd_main =
        m->config && m->config->root ? main_view(p, m->config->root) : NULL;
}
