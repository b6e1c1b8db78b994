/* lint_sim_httpd_translate.c -- httpd's translate_name for the
 * simulator: mod_proxy's ProxyPass / ProxyPassMatch (also in <Location>,
 * which the location walk before translate_name brings in), then the
 * vhost's mod_rewrite rules, then mod_alias (Redirect*, Alias*,
 * ScriptAlias*), then DocumentRoot. */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "lint_sim_httpd.h"
#include "lint_regex.h"

/* Debian's apache2: the compiled-in DocumentRoot */
#define HS_DEFAULT_DOCROOT "/var/www/html"

/* ---- translate_name --------------------------------------------------------- */

/* mod_proxy's alias_match: a prefix of the URI, slashes collapsed;
 * returns the length of uri it covers, or 0 */
static size_t
proxy_prefix(const char *uri, const char *fake)
{
    const char *u = uri, *f = fake;
    while (*f) {
        if (*f == '/') {
            if (*u != '/') {
                return 0;
            }
            while (*f == '/') {
                f++;
            }
            while (*u == '/') {
                u++;
            }
            continue;
        }
        if (*u++ != *f++) {
            return 0;
        }
    }
    return (size_t)(u - uri);
}

/* ProxyPass PATH URL|! [params] (and ProxyPassMatch RE URL): the first
 * that matches decides; "!" leaves the request to the other mappings */
static int
proxy_pass_scope(hs_t *x, const lint_node_t *scope, const char *loc_path)
{
    int i;
    for (i = 0; scope->children && i < scope->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(scope->children, i, lint_node_t *);
        const char *path, *url;
        if (hs_is_wrapper(c) && hs_wrapper_true(x, c)) {
            int rc = proxy_pass_scope(x, c, loc_path);
            if (rc) {
                return rc;
            }
            continue;
        }
        if (c->is_block || lint_nargs(c) < 1) {
            continue;
        }
        if (lint_is(c, "ProxyPass")) {
            size_t n;
            if (loc_path) { /* in <Location>: ProxyPass URL */
                url = lint_arg(c, 0);
                if (!strcmp(url, "!")) {
                    return -1;
                }
                x->proxy_url =
                    apr_pstrcat(x->p, url, x->uri + strlen(loc_path), NULL);
                x->mapper = c;
                return 1;
            }
            if (lint_nargs(c) < 2) {
                continue;
            }
            path = lint_arg(c, 0);
            url = lint_arg(c, 1);
            if (!(n = proxy_prefix(x->uri, path))) {
                continue;
            }
            if (!strcmp(url, "!")) {
                return -1;
            }
            x->proxy_url = apr_pstrcat(x->p, url, x->uri + n, NULL);
            x->mapper = c;
            return 1;
        }
        if (lint_is(c, "ProxyPassMatch") && !loc_path && lint_nargs(c) >= 2) {
            apr_array_header_t *caps =
                lint_regex_captures(x->p, lint_arg(c, 0), 0, x->uri);
            if (!caps) {
                continue;
            }
            if (!strcmp(lint_arg(c, 1), "!")) {
                return -1;
            }
            x->proxy_url = lint_arg(c, 1);
            x->mapper = c;
            return 1;
        }
    }
    return 0;
}

/* mod_alias alias_matches: a prefix ending on a path segment, slashes
 * collapsed; length of uri covered, or 0 */
static size_t
alias_prefix(const char *uri, const char *fake)
{
    size_t n = proxy_prefix(uri, fake);
    size_t fl = strlen(fake);
    if (!n) {
        return 0;
    }
    if (fl && fake[fl - 1] != '/' && uri[n] != '\0' && uri[n] != '/') {
        return 0;
    }
    return n;
}

static int
redirect_status(const char *a)
{
    if (!strcasecmp(a, "permanent")) {
        return 301;
    }
    if (!strcasecmp(a, "temp")) {
        return 302;
    }
    if (!strcasecmp(a, "seeother")) {
        return 303;
    }
    if (!strcasecmp(a, "gone")) {
        return 410;
    }
    return apr_isdigit(*a) ? atoi(a) : 0;
}

/* Redirect, RedirectMatch, Alias, AliasMatch, ScriptAlias(Match) of one
 * server scope; 1 when one applied */
static int
alias_scope(hs_t *x, const lint_node_t *scope)
{
    int i;
    for (i = 0; scope->children && i < scope->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(scope->children, i, lint_node_t *);
        int na = lint_nargs(c);
        if (hs_is_wrapper(c) && hs_wrapper_true(x, c)) {
            if (alias_scope(x, c)) {
                return 1;
            }
            continue;
        }
        if (c->is_block) {
            continue;
        }
        if ((lint_is(c, "Redirect") || lint_is(c, "RedirectPermanent")
             || lint_is(c, "RedirectTemp"))
            && na >= 2) {
            int st = lint_is(c, "RedirectPermanent") ? 301 : 302;
            int k = 0;
            if (na >= 3
                || (na == 2 && redirect_status(lint_arg(c, 0))
                    && lint_arg(c, 0)[0] != '/')) {
                st = redirect_status(lint_arg(c, 0));
                k = 1;
            }
            if (alias_prefix(x->uri, lint_arg(c, k))) {
                x->status = st ? st : 302;
                x->handler = HS_ANSWERED;
                x->mapper = c;
                lint_sim_trace(x->res, x->p, c, "%s: %d", c->name, x->status);
                return 1;
            }
        } else if (lint_is(c, "RedirectMatch") && na >= 2) {
            int k = na >= 3 ? 1 : 0;
            if (lint_regex_matches(x->p, lint_arg(c, k), 0, x->uri) == 1) {
                x->status = k ? redirect_status(lint_arg(c, 0)) : 302;
                x->handler = HS_ANSWERED;
                x->mapper = c;
                lint_sim_trace(x->res, x->p, c, "RedirectMatch: %d", x->status);
                return 1;
            }
        } else if ((lint_is(c, "Alias") || lint_is(c, "ScriptAlias"))
                   && na >= 2) {
            size_t n = alias_prefix(x->uri, lint_arg(c, 0));
            if (n) {
                x->filename =
                    apr_pstrcat(x->p, lint_arg(c, 1), x->uri + n, NULL);
                x->mapper = c;
                if (lint_is(c, "ScriptAlias")) {
                    x->handler = HS_PROXY_CGI;
                }
                lint_sim_trace(x->res, x->p, c, "%s: %s", c->name, x->filename);
                return 1;
            }
        } else if ((lint_is(c, "AliasMatch") || lint_is(c, "ScriptAliasMatch"))
                   && na >= 2) {
            const char *to = lint_regex_substitute(x->p, lint_arg(c, 0),
                                                   lint_arg(c, 1), 0, x->uri);
            if (to
                && lint_regex_matches(x->p, lint_arg(c, 0), 0, x->uri) == 1) {
                x->filename = to;
                x->mapper = c;
                if (lint_is(c, "ScriptAliasMatch")) {
                    x->handler = HS_PROXY_CGI;
                }
                return 1;
            }
        }
    }
    return 0;
}

static const char *
docroot(hs_t *x)
{
    const lint_node_t *scopes[2];
    int s, i;
    scopes[0] = x->vhost;
    scopes[1] = x->root;
    for (s = 0; s < 2; s++) {
        const lint_node_t *n = scopes[s];
        for (i = 0; n && n->children && i < n->children->nelts; i++) {
            const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
            if (lint_is(c, "DocumentRoot") && lint_nargs(c) >= 1) {
                const char *d = lint_arg(c, 0);
                size_t l = strlen(d);
                return l > 1 && d[l - 1] == '/' ? apr_pstrmemdup(x->p, d, l - 1)
                                                : d;
            }
        }
    }
    return HS_DEFAULT_DOCROOT;
}

void
hs_translate(hs_t *x)
{
    int rc = 0;
    x->filename = NULL;
    x->proxy_url = NULL;
    /* mod_rewrite's translate hook runs first (measured on 2.4.71: a
     * RewriteRule [F] wins over a ProxyPass of the same path) */
    rc = hs_rewrite(x, x->vhost ? x->vhost : x->root, NULL);
    if (rc == 1) {
        if (x->proxy_url) {
            x->handler = hs_backend_kind(x->proxy_url);
            lint_sim_trace(x->res, x->p, x->mapper, "RewriteRule [P] to %s",
                           x->proxy_url);
        }
        return;
    }
    if (rc == 2) {
        /* rewritten to a path without [PT]: mod_rewrite maps it itself */
        x->filename = apr_pstrcat(x->p, docroot(x), x->uri, NULL);
        return;
    }
    rc = 0;
    if (x->vhost) {
        rc = proxy_pass_scope(x, x->vhost, NULL);
    }
    if (!rc) {
        rc = proxy_pass_scope(x, x->root, NULL);
    }
    if (!rc) {
        /* ProxyPass in a <Location> (location walk before translate) */
        apr_array_header_t *locs =
            apr_array_make(x->p, 2, sizeof(lint_node_t *));
        int i;
        hs_sections_of(x, x->root, "Location", "LocationMatch", locs);
        hs_sections_of(x, x->vhost, "Location", "LocationMatch", locs);
        for (i = 0; i < locs->nelts; i++) {
            const lint_node_t *l = APR_ARRAY_IDX(locs, i, const lint_node_t *);
            if (hs_location_matches(x, l, x->uri) && !hs_section_regex(l)) {
                int r = proxy_pass_scope(x, l, hs_section_path(l));
                rc = r ? r : rc;
            }
        }
    }
    if (rc == 1) {
        x->handler = hs_backend_kind(x->proxy_url);
        lint_sim_trace(x->res, x->p, x->mapper, "%s %s", x->mapper->name,
                       x->proxy_url);
        return;
    }
    if ((x->vhost && alias_scope(x, x->vhost)) || alias_scope(x, x->root)) {
        return;
    }
    x->filename = apr_pstrcat(x->p, docroot(x), x->uri, NULL);
}
