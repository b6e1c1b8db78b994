/* lint_httpd_backend.c -- httpd's side of the model: who answers the
 * requests of each scope.  The backends a configuration declares
 * (ProxyPass, RewriteRule [P], ScriptAlias, WSGIScriptAlias, SetHandler /
 * AddHandler) and, per scope, which of them may answer it: URL sections
 * by prefix or regex, <Directory> / <Files> by path, proxied URLs never
 * reaching the directory walk (lint_backend_for).  lint_httpd.c records
 * the backends while it walks a scope and asks for the answer once the
 * server is built.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "lint_model_build.h"

/* What a proxy URL or handler name talks to: 0 mod_proxy_http (http,
 * https, also over a unix socket "unix:/path|http://..."), 1 CGI-like
 * (fcgi://, scgi://), -1 anything else.  "proxy:" is SetHandler's form
 * (Debian's PHP-FPM: "proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost"). */
int
lint_httpd_backend_kind(const char *url)
{
    const char *bar;
    if (!url) {
        return -1;
    }
    if (!strncasecmp(url, "proxy:", 6)) {
        url += 6;
    }
    if (!strncasecmp(url, "unix:", 5) && (bar = strchr(url, '|')) != NULL) {
        url = bar + 1;
    }
    if (!strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8)) {
        return 0;
    }
    if (!strncasecmp(url, "fcgi://", 7) || !strncasecmp(url, "scgi://", 7)) {
        return 1;
    }
    return -1;
}

static void
backend_add(builder_t *b, lint_server_t *s, lint_location_t *l,
            const lint_node_t *c, int cgi, int handler, const char *url,
            int url_regex, const char *dir)
{
    lint_backend_t *be = apr_pcalloc(b->p, sizeof(*be));
    be->node = c;
    be->cgi = cgi;
    be->handler = handler;
    be->scope = l;
    be->url = url;
    be->url_regex = url_regex;
    be->dir = dir;
    APR_ARRAY_PUSH(s->backends, lint_backend_t *) = be;
}

/* RewriteRule PATTERN TARGET [..,P,..] */
static int
rewrite_proxies(const lint_node_t *c)
{
    const char *f = lint_arg(c, 2);
    char *flags, *tok, *last;
    apr_pool_t *p;
    int yes = 0;
    if (!f || *f != '[') {
        return 0;
    }
    apr_pool_create(&p, NULL);
    flags = apr_pstrdup(p, f + 1);
    for (tok = apr_strtok(flags, ",]", &last); tok;
         tok = apr_strtok(NULL, ",]", &last)) {
        if (!strcasecmp(tok, "P") || !strcasecmp(tok, "proxy")) {
            yes = 1;
        }
    }
    apr_pool_destroy(p);
    return yes;
}

/* Who answers the requests of this scope: ProxyPass, ScriptAlias,
 * SetHandler / AddHandler, RewriteRule [P] (lint_backend_t). */
void
lint_httpd_backend(builder_t *b, lint_server_t *s, lint_location_t *l,
                   const lint_node_t *c)
{
    int na = lint_nargs(c), k;
    if ((lint_is(c, "ProxyPass") || lint_is(c, "ProxyPassMatch")) && na >= 1) {
        int mapped = na >= 2 && strcmp(lint_arg(c, 1), "!")
                     && !strchr(lint_arg(c, 1), '=');
        const char *url = mapped ? lint_arg(c, 1) : lint_arg(c, 0);
        k = lint_httpd_backend_kind(url);
        if (k >= 0 && strcmp(url, "!")) {
            backend_add(b, s, l, c, k, 0, mapped ? lint_arg(c, 0) : NULL,
                        lint_is(c, "ProxyPassMatch"), NULL);
        }
    } else if (lint_is(c, "RewriteRule") && na >= 3 && rewrite_proxies(c)
               && (k = lint_httpd_backend_kind(lint_arg(c, 1))) >= 0) {
        backend_add(b, s, l, c, k, 0,
                    l == s->server_loc ? lint_arg(c, 0) : NULL, 1, NULL);
    } else if ((lint_is(c, "ScriptAlias") || lint_is(c, "ScriptAliasMatch"))
               && na >= 1) {
        backend_add(b, s, l, c, 1, 1, na >= 2 ? lint_arg(c, 0) : NULL,
                    lint_is(c, "ScriptAliasMatch"),
                    na >= 2 ? lint_arg(c, 1) : NULL);
    } else if ((lint_is(c, "WSGIScriptAlias")
                || lint_is(c, "WSGIScriptAliasMatch"))
               && na >= 1) {
        /* mod_wsgi puts the application's headers in headers_out, as
         * mod_proxy_http does (measured: Debian mod_wsgi 4.9, embedded
         * and daemon mode) */
        backend_add(b, s, l, c, 0, 1, na >= 2 ? lint_arg(c, 0) : NULL,
                    lint_is(c, "WSGIScriptAliasMatch"),
                    na >= 2 ? lint_arg(c, 1) : NULL);
    } else if ((lint_is(c, "SetHandler") || lint_is(c, "AddHandler"))
               && na >= 1) {
        const char *h = lint_arg(c, 0);
        if (!strcasecmp(h, "cgi-script") || !strcasecmp(h, "fcgid-script")) {
            k = 1;
        } else if (!strcasecmp(h, "wsgi-script")
                   || !strcasecmp(h, "application/x-httpd-php")) {
            k = 0; /* mod_wsgi, mod_php: headers_out (measured) */
        } else {
            k = strncasecmp(h, "proxy:", 6) ? -1 : lint_httpd_backend_kind(h);
        }
        if (k >= 0) {
            backend_add(b, s, l, c, k, 1, NULL, 0, NULL);
        }
    }
}
/* ---- httpd: which backend answers which scope ---------------------------------- */

static int
prefix_of(const char *a, const char *b)
{
    return !strncmp(a, b, strlen(a));
}

/* Some URL-path both cover: prefixes (Location, ProxyPass /api/) or
 * regexes (LocationMatch, ...Match), tried on sample paths. */
static int
url_overlap(apr_pool_t *p, const char *a, int a_re, const char *b, int b_re)
{
    static const char *const tails[] = {
        "", "x", "/x", "x.php", "x.cgi", NULL
    };
    int k, side;
    if (!a || !b) {
        return 0;
    }
    if (!a_re && !b_re) {
        return prefix_of(a, b) || prefix_of(b, a);
    }
    for (side = 0; side < 2; side++) {
        const char *re = side ? b : a, *other = side ? a : b;
        int other_re = side ? a_re : b_re;
        if (!(side ? b_re : a_re)) {
            continue;
        }
        if (other_re && !(other = lint_regex_literal(p, other))) {
            continue;
        }
        for (k = 0; tails[k]; k++) {
            if (lint_regex_matches(p, re, 0,
                                   apr_pstrcat(p, other, tails[k], NULL))
                == 1) {
                return 1;
            }
        }
    }
    return 0;
}

/* Directory paths: nested on segment boundaries (/srv/www is not above
 * /srv/www2: lint_httpd_dirs_overlap); a DirectoryMatch as url_overlap */
static int
dir_overlap(apr_pool_t *p, const char *a, int a_re, const char *b, int b_re)
{
    return a_re || b_re ? url_overlap(p, a, a_re, b, b_re)
                        : a && b && lint_httpd_dirs_overlap(p, a, b);
}

static int
within(const lint_node_t *n, const lint_node_t *anc)
{
    for (; n; n = n->parent) {
        if (n == anc) {
            return 1;
        }
    }
    return 0;
}

static int
fs_section(const lint_location_t *l)
{
    return l->kind == LINT_LOC_DIRECTORY;
}

static int
files_section(const lint_location_t *l)
{
    return lint_is(l->node, "Files") || lint_is(l->node, "FilesMatch");
}

/* Filesystem sections: <Directory> paths nest, <Files> apply in any
 * directory, two <Files> sections only when the names can be the same. */
static int
fs_overlap(apr_pool_t *p, const lint_location_t *a, const lint_location_t *b)
{
    int fa = files_section(a), fb = files_section(b);
    if (fa != fb) {
        return 1;
    }
    if (!fa) {
        return dir_overlap(p, a->path, lint_is(a->node, "DirectoryMatch"),
                           b->path, lint_is(b->node, "DirectoryMatch"));
    }
    if (lint_is(a->node, "FilesMatch") && lint_is(b->node, "FilesMatch")) {
        return !strcmp(a->path, b->path);
    }
    if (lint_is(a->node, "FilesMatch") || lint_is(b->node, "FilesMatch")) {
        const lint_location_t *re = lint_is(a->node, "FilesMatch") ? a : b;
        const lint_location_t *lit = re == a ? b : a;
        return lint_regex_matches(p, re->path, 0, lit->path) == 1;
    }
    return !strcmp(a->path, b->path);
}

/* Every request of URL scope l is mapped by a proxy (ProxyPass,
 * ProxyPassMatch, RewriteRule [P]): mod_proxy answers it whatever the
 * handler, and <Directory>/<Files> never apply to it. */
static int
url_scope_proxied(apr_pool_t *p, const lint_server_t *s,
                  const lint_location_t *l)
{
    int i;
    for (i = 0; i < s->backends->nelts; i++) {
        const lint_backend_t *be =
            APR_ARRAY_IDX(s->backends, i, lint_backend_t *);
        if (be->handler) {
            continue;
        }
        if (!be->url && within(l->node, be->scope->node)
            && be->scope != s->server_loc) {
            return 1;
        }
        if (be->url && l->kind == LINT_LOC_PREFIX
            && (be->url_regex ? lint_regex_matches(p, be->url, 0, l->path) == 1
                              : prefix_of(be->url, l->path))) {
            return 1;
        }
    }
    return 0;
}

/* May the backend answer requests of scope l? */
static int
backend_serves(apr_pool_t *p, const lint_server_t *s, const lint_location_t *l,
               const lint_backend_t *be)
{
    const lint_location_t *bs = be->scope;
    if (l == s->server_loc) {
        return 1; /* the vhost's directives see every request */
    }
    if (be->handler && !fs_section(l) && url_scope_proxied(p, s, l)) {
        return 0;
    }
    if (be->url) { /* ProxyPass /api/ ..., ScriptAlias /cgi-bin/ ... */
        if (fs_section(l)) {
            /* proxied requests skip the directory walk; a ScriptAlias
             * maps to a directory */
            return be->dir && !files_section(l)
                   && dir_overlap(p, l->path,
                                  lint_is(l->node, "DirectoryMatch"), be->dir,
                                  0);
        }
        return url_overlap(p, l->path, l->kind == LINT_LOC_REGEX, be->url,
                           be->url_regex);
    }
    if (bs == s->server_loc || within(l->node, bs->node)
        || within(bs->node, l->node)) {
        return 1;
    }
    if (fs_section(bs)) {
        /* SetHandler in <FilesMatch "\.php$">: the files under any URL
         * scope that is not proxied */
        return fs_section(l) ? fs_overlap(p, l, bs) : 1;
    }
    if (fs_section(l)) {
        return 0; /* URL section vs directory: unknown mapping */
    }
    return url_overlap(p, l->path, l->kind == LINT_LOC_REGEX, bs->path,
                       bs->kind == LINT_LOC_REGEX);
}

const lint_backend_t *
lint_backend_for(apr_pool_t *p, const lint_server_t *s,
                 const lint_location_t *l, int cgi)
{
    int i;
    for (i = 0; s->backends && i < s->backends->nelts; i++) {
        const lint_backend_t *be =
            APR_ARRAY_IDX(s->backends, i, lint_backend_t *);
        if (be->cgi == cgi && backend_serves(p, s, l, be)) {
            return be;
        }
    }
    return NULL;
}

/* httpd: l->cgi / proxy_http / proxy from the backends that may answer
 * each scope (not from where a directive happens to be written). */
void
lint_httpd_serving(builder_t *b, lint_server_t *s)
{
    apr_array_header_t *scopes = lint_server_scopes(b->p, s);
    int i;
    for (i = 0; i < scopes->nelts; i++) {
        lint_location_t *l = APR_ARRAY_IDX(scopes, i, lint_location_t *);
        const lint_backend_t *cgi = lint_backend_for(b->p, s, l, 1);
        const lint_backend_t *px = lint_backend_for(b->p, s, l, 0);
        l->cgi = cgi ? cgi->node : NULL;
        l->proxy_http = px != NULL;
        if (px) {
            l->proxy = px->node;
        }
    }
}
