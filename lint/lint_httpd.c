/* lint_httpd.c -- httpd's side of the model: the main server and each
 * <VirtualHost>, their sections (<Location>, <Directory>, <Files>, ...
 * with <If> / <Limit> / <IfModule> looked through) and the Header
 * directives of each.  Server-level and section-level Header directives
 * all apply (sections after the server); `Header` writes the onsuccess
 * table (headers_out), `Header always` the always table
 * (err_headers_out).  The origin checks are read by lint_httpd_origin.c,
 * the backends that answer each scope by lint_httpd_backend.c.
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

int
lint_httpd_header_cond_at(const char *action, int i)
{
    return !strcasecmp(action, "unset") || !strcasecmp(action, "echo") ? i + 2
           : !strncasecmp(action, "edit", 4)                           ? i + 4
                                                                       : i + 3;
}

/* httpd Header [always|onsuccess] action name [value] [repl] [cond] */
static lint_header_t *
httpd_header(builder_t *b, const lint_node_t *n, const char *cond)
{
    int i = 0, always = 0, na = lint_nargs(n);
    const char *action, *name, *value = NULL, *c = cond;
    if (!lint_is(n, "Header") || na < 2) {
        return NULL;
    }
    if (!strcasecmp(lint_arg(n, 0), "always")) {
        always = 1;
        i = 1;
    } else if (!strcasecmp(lint_arg(n, 0), "onsuccess")) {
        i = 1;
    }
    action = lint_lower(b->p, lint_arg(n, i));
    name = lint_arg(n, i + 1);
    if (!name) {
        return NULL;
    }
    if (strcmp(action, "unset") && strcmp(action, "echo")) {
        value = lint_arg(n, i + 2);
        if (!strncmp(action, "edit", 4) && lint_arg(n, i + 3)) {
            value = apr_pstrcat(b->p, lint_arg(n, i + 2), " => ",
                                lint_arg(n, i + 3), NULL);
        }
    }
    {
        /* mod_headers' header_cmd: the condition is the word after the
         * value (after the replacement for edit; unset and echo take
         * none), so "expr=..." in the value's place is an ap_expr value */
        int at = lint_httpd_header_cond_at(action, i);
        const char *w = at < na ? lint_arg(n, at) : NULL;
        if (w && (!strncasecmp(w, "env=", 4) || !strncasecmp(w, "expr=", 5))) {
            c = w;
        }
    }
    return lint_header_new(b, n, name, action, value, always, c);
}

/* ---- httpd ---------------------------------------------------------------------- */

static void httpd_scope(builder_t *b, lint_server_t *s, lint_location_t *l,
                        const lint_node_t *n, int top);

static void
httpd_directive(builder_t *b, lint_server_t *s, lint_location_t *l,
                const lint_node_t *c, const char *cond)
{
    lint_header_t *h = httpd_header(b, c, cond);
    apr_array_header_t *checks =
        l == s->server_loc ? s->origin_checks : l->origin_checks;
    if (h) {
        APR_ARRAY_PUSH(l->headers, lint_header_t *) = h;
        if (!strcmp(h->action, "unset")) {
            APR_ARRAY_PUSH(l->hidden, const char *) = h->name;
        }
        if (h->condition && !strncasecmp(h->condition, "expr=", 5)) {
            /* Header ... "expr=%{HTTP:Origin} =~ ..." tests the Origin */
            lint_origin_check_t *k =
                lint_httpd_origin_expr(b, c, h->condition + 5);
            if (k) {
                APR_ARRAY_PUSH(checks, lint_origin_check_t *) = k;
            }
        }
        return;
    }
    lint_httpd_origin_check(b, l, c, checks);
    lint_httpd_require_reject(b, l, c);
    lint_httpd_backend(b, s, l, c);
    if (lint_is(c, "ProxyPass") || lint_is(c, "ProxyPassMatch")) {
        const char *url = lint_nargs(c) >= 2 ? lint_arg(c, 1) : lint_arg(c, 0);
        if (url && strcmp(url, "!")) {
            /* several ProxyPass lines: remember the mod_proxy_http one */
            if (!l->proxy || lint_httpd_backend_kind(l->proxy_url) != 0) {
                l->proxy = c;
                l->proxy_url = url;
            }
            if (!strncasecmp(url, "ws", 2))
                l->websocket = c;
            if (strstr(apr_array_pstrcat(b->p, c->args, ' '),
                       "upgrade=websocket"))
                l->websocket = c;
        }
    } else if (lint_is(c, "RewriteCond") && lint_nargs(c) >= 2
               && strcasestr(lint_arg(c, 0), "%{HTTP:Upgrade}")) {
        l->websocket = c;
    } else if (lint_is(c, "AuthType") && lint_nargs(c) >= 1) {
        l->auth = strcasecmp(lint_arg(c, 0), "None") ? c : NULL;
    } else if (lint_is(c, "FallbackResource") && lint_nargs(c) >= 1
               && strcasecmp(lint_arg(c, 0), "disabled")) {
        l->spa_fallback = c;
    } else if (lint_is(c, "RewriteRule") && lint_nargs(c) >= 2
               && strstr(lint_arg(c, 1), "index.html")) {
        l->spa_fallback = c;
    } else if (lint_is(c, "SameSitePreflight") && lint_nargs(c) >= 1
               && !strcasecmp(lint_arg(c, 0), "Handle")) {
        l->options_handled = c;
    } else if (lint_is(c, "RewriteCond") && lint_nargs(c) >= 2
               && strcasestr(lint_arg(c, 0), "%{REQUEST_METHOD}")
               && strcasestr(lint_arg(c, 1), "OPTIONS")) {
        l->options_handled = c;
    }
}

static void
httpd_section(builder_t *b, lint_server_t *s, lint_location_t *parent,
              const lint_node_t *c)
{
    lint_loc_kind_t kind;
    lint_location_t *l;
    if (lint_is(c, "Location"))
        kind = LINT_LOC_PREFIX;
    else if (lint_is(c, "LocationMatch"))
        kind = LINT_LOC_REGEX;
    else if (lint_is(c, "Directory") || lint_is(c, "DirectoryMatch")
             || lint_is(c, "Files") || lint_is(c, "FilesMatch"))
        kind = LINT_LOC_DIRECTORY;
    else
        return;
    /* sections are built after every directive of the enclosing scope
     * (httpd_scope): httpd merges the whole server config into a
     * section, wherever the section is written */
    l = lint_loc_new(b->p, c, kind, lint_arg(c, 0), parent);
    /* httpd merges: the server's headers apply, then the section's */
    l->headers = apr_array_copy(b->p, parent->headers);
    l->hidden = apr_array_copy(b->p, parent->hidden);
    httpd_scope(b, s, l, c, 0);
    APR_ARRAY_PUSH(s->locations, lint_location_t *) = l;
}

/* <Limit> / <LimitExcept> that applies to OPTIONS and refuses it: a
 * Require other than "all granted" (denied, valid-user, ip ...) or a Deny
 * (mod_access_compat).  Measured on Apache 2.4.71: <LimitExcept GET POST>
 * Require all denied answers a preflight 403; with OPTIONS listed, 200. */
static int
httpd_limit_refuses_options(const lint_node_t *c)
{
    int i, listed = 0;
    for (i = 0; i < lint_nargs(c); i++) {
        listed |= !strcasecmp(lint_arg(c, i), "OPTIONS");
    }
    if (lint_is(c, "LimitExcept") ? listed : !listed) {
        return 0;
    }
    for (i = 0; c->children && i < c->children->nelts; i++) {
        const lint_node_t *d = APR_ARRAY_IDX(c->children, i, lint_node_t *);
        if (lint_is(d, "Deny")) {
            return 1;
        }
        if (lint_is(d, "Require") && lint_nargs(d) >= 1
            && !(lint_nargs(d) >= 2 && !strcasecmp(lint_arg(d, 0), "all")
                 && !strcasecmp(lint_arg(d, 1), "granted"))) {
            return 1;
        }
    }
    return 0;
}

/* One pass over a scope: its directives (sections 0) or its sections
 * (sections 1), looking through <IfModule> and other wrappers. */
static void
httpd_scope_pass(builder_t *b, lint_server_t *s, lint_location_t *l,
                 const lint_node_t *n, int top, int sections)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (c->is_block) {
            if (lint_is(c, "VirtualHost")) {
                continue;
            }
            if (lint_is(c, "IfModule") || lint_is(c, "IfDefine")
                || lint_is(c, "IfVersion") || lint_is(c, "IfFile")
                || lint_is(c, "IfDirective") || lint_is(c, "IfSection")) {
                httpd_scope_pass(b, s, l, c, top, sections);
            } else if (lint_is(c, "If") || lint_is(c, "ElseIf")
                       || lint_is(c, "Else")) {
                int j;
                const char *cond = apr_array_pstrcat(b->p, c->args, ' ');
                apr_array_header_t *checks;
                if (sections) {
                    continue;
                }
                checks =
                    l == s->server_loc ? s->origin_checks : l->origin_checks;
                lint_httpd_origin_check(b, l, c, checks);
                lint_httpd_if_reject(b, l, c, checks);
                if (strcasestr(cond, "REQUEST_METHOD")
                    && strstr(cond, "OPTIONS")) {
                    l->options_handled = c;
                }
                for (j = 0; c->children && j < c->children->nelts; j++) {
                    const lint_node_t *d =
                        APR_ARRAY_IDX(c->children, j, lint_node_t *);
                    if (d->is_block)
                        continue;
                    httpd_directive(b, s, l, d, *cond ? cond : "else");
                }
            } else if (lint_is(c, "Limit") || lint_is(c, "LimitExcept")) {
                const char *ms = apr_array_pstrcat(b->p, c->args, ' ');
                if (!sections && lint_is(c, "LimitExcept")
                    && strstr(ms, "OPTIONS")) {
                    l->options_handled = c;
                }
                if (!sections && httpd_limit_refuses_options(c)) {
                    l->options_denied = c;
                }
                httpd_scope_pass(b, s, l, c, top, sections);
            } else if (!sections) {
                continue;
            } else if (top) {
                httpd_section(b, s, l, c);
            } else if (lint_is(c, "Location") || lint_is(c, "LocationMatch")
                       || lint_is(c, "Directory") || lint_is(c, "Files")
                       || lint_is(c, "FilesMatch")
                       || lint_is(c, "DirectoryMatch")) {
                httpd_section(b, s, l, c);
            }
            continue;
        }
        if (!sections) {
            httpd_directive(b, s, l, c, NULL);
        }
    }
}

static void
httpd_scope(builder_t *b, lint_server_t *s, lint_location_t *l,
            const lint_node_t *n, int top)
{
    httpd_scope_pass(b, s, l, n, top, 0);
    httpd_scope_pass(b, s, l, n, top, 1);
}
static void
httpd_vhost_names(builder_t *b, const lint_node_t *n, apr_array_header_t *names,
                  int *https, int *port)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (c->is_block && (lint_is(c, "IfModule") || lint_is(c, "IfDefine"))) {
            httpd_vhost_names(b, c, names, https, port);
        } else if (lint_is(c, "SSLEngine") && lint_nargs(c) >= 1
                   && !strcasecmp(lint_arg(c, 0), "on")) {
            *https = 1;
        } else if (lint_is(c, "ServerName") && lint_nargs(c) >= 1) {
            const char *v = lint_arg(c, 0);
            const char *sch = strstr(v, "://");
            if (sch && !strncasecmp(v, "https", 5))
                *https = 1;
            APR_ARRAY_PUSH(names, const char *) = sch ? sch + 3 : v;
        } else if (lint_is(c, "ServerAlias")) {
            int j;
            for (j = 0; j < lint_nargs(c); j++) {
                APR_ARRAY_PUSH(names, const char *) = lint_arg(c, j);
            }
        }
    }
}

static void
httpd_server(builder_t *b, const lint_node_t *n, lint_location_t *main_loc)
{
    lint_server_t *s = lint_server_new(b, n);
    apr_array_header_t *names = apr_array_make(b->p, 2, sizeof(const char *));
    int https = 0, port = 0, i;

    for (i = 0; n != b->ctx->config->root && i < lint_nargs(n); i++) {
        int p = 0;
        if (lint_listen_port(lint_arg(n, i), &p) && !port) {
            port = p;
        }
    }
    httpd_vhost_names(b, n, names, &https, &port);
    if (port == 443)
        https = 1;
    s->https = https;
    s->http_only = !https;
    { /* ServerName host:port */
        for (i = 0; i < names->nelts; i++) {
            const char *nm = APR_ARRAY_IDX(names, i, const char *);
            const char *colon = strrchr(nm, ':');
            if (colon && apr_isdigit(colon[1]) && !strchr(nm, ']')) {
                int p = atoi(colon + 1);
                APR_ARRAY_IDX(names, i, const char *) =
                    apr_pstrmemdup(b->p, nm, (apr_size_t)(colon - nm));
                if (!port)
                    port = p;
            }
        }
    }
    lint_add_origins(b, s, names, https, port ? port : (https ? 443 : 80));
    s->server_loc = lint_loc_new(b->p, n, LINT_LOC_SERVER, "/", NULL);
    if (main_loc) {
        s->server_loc->headers = apr_array_copy(b->p, main_loc->headers);
    }
    httpd_scope(b, s, s->server_loc, n, 1);
    if (main_loc) {
        /* the main server's checks come first; a vhost without checks of
         * its own shares the main server's array (a copy per vhost made
         * the model quadratic in a shared SetEnvIf allowlist).  Only the
         * vhost's own checks matter while its scope is built. */
        if (!s->origin_checks->nelts) {
            s->origin_checks = b->http_checks;
        } else {
            apr_array_header_t *own = s->origin_checks;
            s->origin_checks = apr_array_copy(b->p, b->http_checks);
            apr_array_cat(s->origin_checks, own);
        }
    }
    /* httpd merges whatever the order in the file: a section gets the
     * Origin refusal of an enclosing scope written after it */
    for (i = 0; i < s->locations->nelts; i++) {
        lint_location_t *l = APR_ARRAY_IDX(s->locations, i, lint_location_t *);
        const lint_location_t *x;
        for (x = l->parent; x && !l->origin_reject; x = x->parent) {
            l->origin_reject = x->origin_reject;
        }
    }
    lint_httpd_serving(b, s);
    APR_ARRAY_PUSH(b->m->servers, lint_server_t *) = s;
}

static void
find_vhosts(const lint_node_t *n, apr_array_header_t *out)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (c->is_block && lint_is(c, "VirtualHost")) {
            APR_ARRAY_PUSH(out, const lint_node_t *) = c;
        } else if (c->is_block
                   && (lint_is(c, "IfModule") || lint_is(c, "IfDefine")
                       || lint_is(c, "IfVersion") || lint_is(c, "IfFile"))) {
            find_vhosts(c, out);
        }
    }
}

static void
httpd_walk(builder_t *b)
{
    const lint_node_t *root = b->ctx->config->root;
    apr_array_header_t *vhosts = apr_array_make(b->p, 4, sizeof(lint_node_t *));
    int i;
    lint_server_t *main_s;

    lint_httpd_origin_vars(b, root);
    /* the main server: its directives apply to every vhost */
    httpd_server(b, root, NULL);
    main_s = APR_ARRAY_IDX(b->m->servers, 0, lint_server_t *);
    for (i = 0; i < main_s->origin_checks->nelts; i++) {
        APR_ARRAY_PUSH(b->http_checks, lint_origin_check_t *) =
            APR_ARRAY_IDX(main_s->origin_checks, i, lint_origin_check_t *);
    }
    find_vhosts(root, vhosts);
    if (vhosts->nelts && !main_s->origin && !main_s->locations->nelts) {
        /* a main server with no name and no sections only carries
         * defaults: keep it out of the server list */
        int has_headers = main_s->server_loc->headers->nelts > 0;
        if (!has_headers) {
            b->m->servers->nelts = 0;
        }
    }
    for (i = 0; i < vhosts->nelts; i++) {
        httpd_server(b, APR_ARRAY_IDX(vhosts, i, const lint_node_t *),
                     main_s->server_loc);
    }
}

void
lint_httpd_model_build(builder_t *b)
{
    httpd_walk(b);
}
