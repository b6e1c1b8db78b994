/* lint_model_cookie.c -- cookies set or rewritten by the config,
 * frontends (SameSiteFrontend, --frontend, annotations, allowed origins),
 * mod_samesite settings and the core's topology for each server, and the
 * --topology table.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "lint_model.h"

static int
session_like(const char *name)
{
    static const char *const words[] = {
        "sess", "sid", "auth", "token", "login", "jwt", "remember", "csrf",
        "xsrf", "user", "identity", NULL
    };
    int i;
    if (!name) {
        return 0;
    }
    for (i = 0; words[i]; i++) {
        if (strcasestr(name, words[i])) {
            return 1;
        }
    }
    return 0;
}

static lint_cookie_t *
cookie_new(apr_pool_t *p, lint_server_t *s, const lint_location_t *l,
           const lint_node_t *n, const char *source, const char *name)
{
    lint_cookie_t *c = apr_pcalloc(p, sizeof(*c));
    c->node = n;
    c->source = source;
    c->name = name ? name : "*";
    c->secure = c->httponly = c->partitioned = -1;
    c->session_like = session_like(name);
    c->location = l;
    APR_ARRAY_PUSH(s->cookies, lint_cookie_t *) = c;
    return c;
}

static void
from_parsed(lint_cookie_t *c, ss_cookie_t *ck)
{
    const ss_cookie_attr_t *d = ss_cookie_attr_get(ck, "Domain");
    c->cookie = ck;
    c->samesite = ss_cookie_samesite(ck);
    c->secure = ss_cookie_has(ck, "Secure");
    c->httponly = ss_cookie_has(ck, "HttpOnly");
    c->partitioned = ss_cookie_has(ck, "Partitioned");
    c->domain = d ? d->value : NULL;
    if (*ck->name) {
        c->name = ck->name;
        c->session_like = session_like(ck->name);
    }
}

/* Attributes appended by a rewrite ("$1; SameSite=None; Secure"). */
static void
from_text(lint_cookie_t *c, const char *t)
{
    const char *ss = t ? strcasestr(t, "samesite=") : NULL;
    if (ss) {
        char v[8];
        int i;
        for (i = 0; i < 7 && apr_isalpha(ss[9 + i]); i++) {
            v[i] = ss[9 + i];
        }
        v[i] = '\0';
        c->samesite = ss_samesite_parse(v);
        if (c->samesite == SS_SAMESITE_UNSET) {
            c->samesite = SS_SAMESITE_INVALID;
        }
    }
    if (t && strcasestr(t, "secure") && !strcasestr(t, "nosecure")) c->secure = 1;
    if (t && strcasestr(t, "httponly") && !strcasestr(t, "nohttponly")) c->httponly = 1;
    if (t && strcasestr(t, "partitioned")) c->partitioned = 1;
}

static void
scope_cookies(lint_ctx_t *ctx, lint_server_t *s, const lint_location_t *l)
{
    apr_pool_t *p = ctx->pool;
    const lint_node_t *n = l->node;
    int i;

    /* headers that set or edit Set-Cookie */
    for (i = 0; i < l->headers->nelts; i++) {
        lint_header_t *h = APR_ARRAY_IDX(l->headers, i, lint_header_t *);
        lint_cookie_t *c;
        if (strcmp(h->name, "set-cookie") || !h->value) {
            continue;
        }
        /* headers inherited from an outer scope belong to that scope */
        if (h->node->parent != n
            && !(h->node->parent && h->node->parent->parent == n
                 && (lint_is(h->node->parent, "if")
                     || lint_is(h->node->parent, "IfModule")))) {
            continue;
        }
        if (!strncmp(h->action, "edit", 4)) {
            const char *arrow = strstr(h->value, " => ");
            c = cookie_new(p, s, l, h->node, "edit", "*");
            from_text(c, arrow ? arrow + 4 : h->value);
        }
        else if (strcmp(h->action, "unset")) {
            c = cookie_new(p, s, l, h->node, "set-header", NULL);
            from_parsed(c, ss_cookie_parse(p, h->value));
        }
    }
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *d = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        lint_cookie_t *c;
        if (!strcmp(d->name, "proxy_cookie_flags") && lint_nargs(d) >= 2) {
            const char *flags = apr_array_pstrcat(p, d->args, ' ');
            c = cookie_new(p, s, l, d, "proxy_cookie_flags", lint_arg(d, 0));
            from_text(c, strchr(flags, ' '));
        }
        else if (!strcmp(d->name, "proxy_cookie_path") && lint_nargs(d) >= 2
                 && strchr(lint_arg(d, 1), ';')) {
            c = cookie_new(p, s, l, d, "proxy_cookie_path", "*");
            from_text(c, strchr(lint_arg(d, 1), ';'));
        }
        else if ((lint_is(d, "ProxyPassReverseCookieDomain")
                  || !strcmp(d->name, "proxy_cookie_domain"))
                 && lint_nargs(d) >= 2) {
            c = cookie_new(p, s, l, d, "cookie_domain", "*");
            c->domain = lint_arg(d, 1);
        }
        else if (lint_is(d, "SessionCookieName") && lint_nargs(d) >= 1) {
            const char *attrs = lint_nargs(d) >= 2
                                    ? apr_array_pstrcat(p, d->args, ';')
                                    : lint_arg(d, 0);
            c = cookie_new(p, s, l, d, "session", lint_arg(d, 0));
            from_parsed(c, ss_cookie_parse(p, apr_pstrcat(p, lint_arg(d, 0),
                                                         "=x;", strchr(attrs, ';') ? strchr(attrs, ';') + 1 : "", NULL)));
            c->session_like = 1;
        }
    }
}

static void
samesite_scope(lint_ctx_t *ctx, lint_server_t *s, const lint_node_t *n,
               int top)
{
    apr_pool_t *p = ctx->pool;
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *d = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        lint_samesite_conf_t *sc;
        if (d->is_block) {
            if (!lint_is(d, "VirtualHost") || top) {
                if (!lint_is(d, "VirtualHost")) {
                    samesite_scope(ctx, s, d, 0);
                }
            }
            continue;
        }
        if (strncasecmp(d->name, "SameSite", 8)) {
            continue;
        }
        if (!s->samesite) {
            s->samesite = apr_pcalloc(p, sizeof(*s->samesite));
            s->samesite->cookie_rules = apr_array_make(p, 2, sizeof(ss_cookie_rule_t *));
        }
        sc = s->samesite;
        if (lint_is(d, "SameSiteEngine")) {
            sc->engine = d;
            sc->engine_on = lint_nargs(d) >= 1 && strcasecmp(lint_arg(d, 0), "Off");
        }
        else if (lint_is(d, "SameSiteCORS")) {
            sc->cors_on = lint_nargs(d) >= 1 && !strcasecmp(lint_arg(d, 0), "On");
        }
        else if (lint_is(d, "SameSitePreflight")) {
            sc->preflight_handle = lint_nargs(d) >= 1 && !strcasecmp(lint_arg(d, 0), "Handle");
        }
        else if (lint_is(d, "SameSiteCSRF")) {
            sc->csrf_enforce = lint_nargs(d) >= 1 && strcasecmp(lint_arg(d, 0), "Off");
        }
        else if (lint_is(d, "SameSiteWebSocket")) {
            sc->websocket_enforce = lint_nargs(d) >= 1 && !strcasecmp(lint_arg(d, 0), "Enforce");
        }
        else if (lint_is(d, "SameSiteCookie") && lint_nargs(d) >= 1) {
            ss_cookie_rule_t *r;
            if (!ss_cookie_rule_parse(&r, p, lint_arg(d, 0), lint_nargs(d) - 1,
                                      (const char *const *)d->args->elts + 1)) {
                lint_cookie_t *c = cookie_new(p, s, NULL, d, "samesite-module",
                                              r->glob);
                APR_ARRAY_PUSH(sc->cookie_rules, ss_cookie_rule_t *) = r;
                c->samesite = r->mode == SS_MODE_STRICT ? SS_SAMESITE_STRICT
                              : r->mode == SS_MODE_LAX ? SS_SAMESITE_LAX
                              : r->mode == SS_MODE_NONE ? SS_SAMESITE_NONE
                                                        : SS_SAMESITE_UNSET;
                c->secure = r->secure == SS_TRI_UNSET ? -1 : (int)r->secure;
                c->httponly = r->httponly == SS_TRI_UNSET ? -1 : (int)r->httponly;
                c->partitioned = r->partitioned == SS_TRI_UNSET ? -1 : (int)r->partitioned;
            }
        }
        else if (lint_is(d, "SameSiteFrontend")) {
            int j;
            for (j = 0; j < lint_nargs(d); j++) {
                ss_pattern_t *pat;
                if (ss_pattern_parse(&pat, p, lint_arg(d, j)) == SS_ORIGIN_OK) {
                    lint_frontend_t *f = apr_pcalloc(p, sizeof(*f));
                    f->pattern = pat;
                    f->text = lint_arg(d, j);
                    f->source = "SameSiteFrontend";
                    f->file = d->file;
                    f->line = d->line;
                    f->col = d->col;
                    f->node = d;
                    APR_ARRAY_PUSH(s->frontends, lint_frontend_t *) = f;
                }
            }
        }
    }
}

static int
has_frontend(const lint_server_t *s, const char *text)
{
    int i;
    for (i = 0; i < s->frontends->nelts; i++) {
        if (!strcmp(APR_ARRAY_IDX(s->frontends, i, lint_frontend_t *)->text, text)) {
            return 1;
        }
    }
    return 0;
}

static void
add_frontend(apr_pool_t *p, lint_server_t *s, const char *text,
             const char *source, const char *file, int line,
             const lint_node_t *node)
{
    ss_pattern_t *pat;
    lint_frontend_t *f;
    if (has_frontend(s, text) || ss_pattern_parse(&pat, p, text) != SS_ORIGIN_OK) {
        return;
    }
    f = apr_pcalloc(p, sizeof(*f));
    f->pattern = pat;
    f->text = text;
    f->source = source;
    f->file = file;
    f->line = line;
    f->col = 1;
    f->node = node;
    APR_ARRAY_PUSH(s->frontends, lint_frontend_t *) = f;
}

/* Is the annotation inside the server's block (same file, line range)? */
static int
annotation_in(const lint_annotation_t *a, const lint_server_t *s)
{
    const lint_node_t *n = s->node;
    return n && n->parent && !strcmp(a->file, n->file) && a->line >= n->line
           && a->line <= n->end_line;
}

static void cookie_changes(lint_ctx_t *ctx, lint_server_t *s, lint_cookie_t *c);

void
lint_model_cookies_build(lint_ctx_t *ctx, lint_model_t *m)
{
    apr_pool_t *p = ctx->pool;
    int i, j, k;

    for (i = 0; i < m->servers->nelts; i++) {
        lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        apr_array_header_t *scopes = lint_server_scopes(p, s);
        apr_array_header_t *pats;
        int in_any;

        for (j = 0; j < scopes->nelts; j++) {
            scope_cookies(ctx, s, APR_ARRAY_IDX(scopes, j, lint_location_t *));
        }
        samesite_scope(ctx, s, s->node, 1);
        /* annotations: inside this server, or outside every server */
        for (j = 0; ctx->config && j < ctx->config->annotations->nelts; j++) {
            const lint_annotation_t *a =
                APR_ARRAY_IDX(ctx->config->annotations, j, lint_annotation_t *);
            in_any = 0;
            for (k = 0; k < m->servers->nelts; k++) {
                if (annotation_in(a, APR_ARRAY_IDX(m->servers, k, lint_server_t *))) {
                    in_any = 1;
                }
            }
            if (annotation_in(a, s) || !in_any) {
                add_frontend(p, s, a->value, "annotation", a->file, a->line, NULL);
            }
        }
        for (j = 0; ctx->opts->frontends && j < ctx->opts->frontends->nelts; j++) {
            add_frontend(p, s, APR_ARRAY_IDX(ctx->opts->frontends, j, const char *),
                         "--frontend", NULL, 0, NULL);
        }
        for (j = 0; j < s->allowed_origins->nelts; j++) {
            const char *o = APR_ARRAY_IDX(s->allowed_origins, j, const char *);
            ss_origin_t *oo;
            if (ss_origin_parse(&oo, p, o) == SS_ORIGIN_OK && s->origin
                && ss_origin_equal(oo, s->origin)) {
                continue;
            }
            add_frontend(p, s, o, "allowed-origin", NULL, 0, NULL);
        }
        if (s->origin) {
            pats = apr_array_make(p, s->frontends->nelts, sizeof(ss_pattern_t *));
            for (j = 0; j < s->frontends->nelts; j++) {
                APR_ARRAY_PUSH(pats, const ss_pattern_t *) =
                    APR_ARRAY_IDX(s->frontends, j, lint_frontend_t *)->pattern;
            }
            s->topology = ss_topology_analyse(p, ctx->opts->psl, s->origin, pats,
                                              SS_SAMESITE_LAX);
        }
        for (j = 0; j < s->cookies->nelts; j++) {
            cookie_changes(ctx, s, APR_ARRAY_IDX(s->cookies, j, lint_cookie_t *));
        }
    }
}

/* Run the core's cookie policy (Auto) on what the config sets. */
static void
cookie_changes(lint_ctx_t *ctx, lint_server_t *s, lint_cookie_t *c)
{
    apr_pool_t *p = ctx->pool;
    ss_cookie_ctx_t cc;
    ss_cookie_t *ck = c->cookie;
    int defining = !strcmp(c->source, "set-header") || !strcmp(c->source, "session");
    apr_array_header_t *all;
    int i;

    c->changes = apr_array_make(p, 2, sizeof(ss_cookie_change_t));
    if (!strcmp(c->source, "cookie_domain")) {
        return;
    }
    if (!ck) {
        const char *line = apr_pstrcat(p, c->name, "=v",
            c->samesite != SS_SAMESITE_UNSET && ss_samesite_name(c->samesite)
                ? apr_pstrcat(p, "; SameSite=", ss_samesite_name(c->samesite), NULL) : "",
            c->secure == 1 ? "; Secure" : "", c->httponly == 1 ? "; HttpOnly" : "",
            c->partitioned == 1 ? "; Partitioned" : "", NULL);
        ck = ss_cookie_parse(p, line);
    }
    memset(&cc, 0, sizeof(cc));
    cc.topology = s->topology;
    cc.psl = ctx->opts->psl;
    cc.request_class = s->topology ? s->topology->worst : SS_CLASS_NONE;
    cc.request_from_frontend = cc.request_class == SS_CLASS_CROSS_SITE;
    all = ss_cookie_policy(p, ck, NULL, &cc);
    for (i = 0; i < all->nelts; i++) {
        ss_cookie_change_t *x = &APR_ARRAY_IDX(all, i, ss_cookie_change_t);
        int keep = 1;
        if (!defining) {
            /* a rewrite or module rule does not define the cookie: only
             * judge what it sets */
            keep = (!strcmp(x->rule_id, "cookie-samesite-too-strict")
                    || !strcmp(x->rule_id, "cookie-samesite-too-loose"))
                       ? c->samesite != SS_SAMESITE_UNSET
                       : (!strcmp(x->rule_id, "cookie-none-without-secure")
                          || !strcmp(x->rule_id, "cookie-partitioned-without-secure")
                          || !strcmp(x->rule_id, "cookie-secure-on-http"));
            if (!strcmp(c->source, "samesite-module")
                && !strcmp(x->rule_id, "cookie-none-without-secure")
                && c->secure != 0) {
                keep = 0;   /* the module adds Secure to None itself */
            }
        }
        if (keep) {
            APR_ARRAY_PUSH(c->changes, ss_cookie_change_t) = *x;
        }
    }
}

void
lint_report_cookie_changes(lint_ctx_t *ctx, const lint_model_t *m,
                           const char *rule_id)
{
    int i, j, k;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        for (j = 0; j < s->cookies->nelts; j++) {
            const lint_cookie_t *c = APR_ARRAY_IDX(s->cookies, j, lint_cookie_t *);
            for (k = 0; c->changes && k < c->changes->nelts; k++) {
                const ss_cookie_change_t *x =
                    &APR_ARRAY_IDX(c->changes, k, ss_cookie_change_t);
                if (!strcmp(x->rule_id, rule_id)) {
                    const ss_rule_info_t *r = ss_rule_lookup(rule_id);
                    lint_report(ctx, rule_id, c->node, "%s; the fix: %s",
                                r ? r->summary : rule_id, x->message);
                }
            }
        }
    }
}

void
lint_report_topology(lint_ctx_t *ctx, const lint_model_t *m,
                     const char *rule_id)
{
    int i, j, k;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        if (!s->topology) {
            continue;
        }
        for (j = 0; j < s->topology->findings->nelts; j++) {
            const ss_finding_t *f = &APR_ARRAY_IDX(s->topology->findings, j,
                                                   ss_finding_t);
            const lint_frontend_t *at = NULL;
            if (strcmp(f->rule_id, rule_id)) {
                continue;
            }
            for (k = 0; k < s->frontends->nelts && !at; k++) {
                const lint_frontend_t *fr =
                    APR_ARRAY_IDX(s->frontends, k, lint_frontend_t *);
                if (strstr(f->message, fr->text)
                    || strstr(f->message, ss_origin_str(ctx->pool, &fr->pattern->origin))) {
                    at = fr;
                }
            }
            if (at && at->node) {
                lint_report(ctx, rule_id, at->node, "%s", f->message);
            }
            else if (at && at->file) {
                lint_report_at(ctx, rule_id, at->file, at->line, at->col, "%s",
                               f->message);
            }
            else {
                lint_report(ctx, rule_id, s->node, "%s (frontend %s)", f->message,
                            at ? at->text : "declared on the command line");
            }
        }
    }
}

void
lint_topology_print(void *stdio_file, apr_pool_t *p, const lint_model_t *m)
{
    FILE *o = stdio_file;
    int i, j;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        const ss_topology_t *t = s->topology;
        if (!s->origin || !t) {
            continue;
        }
        fprintf(o, "%s  (%s:%d)\n", ss_origin_str(p, s->origin), s->node->file
                ? s->node->file : "", s->node->line);
        if (!s->frontends->nelts) {
            fprintf(o, "  (no frontends declared: same-origin only)\n");
        }
        for (j = 0; j < t->frontends->nelts; j++) {
            const ss_frontend_class_t *fc =
                &APR_ARRAY_IDX(t->frontends, j, ss_frontend_class_t);
            const lint_frontend_t *f = APR_ARRAY_IDX(s->frontends, j, lint_frontend_t *);
            fprintf(o, "  %-40s %-11s (%s)\n", f->text, ss_class_name(fc->cls),
                    f->source);
        }
        fprintf(o, "  => class %s; cookies: %s; CORS: %s\n",
                ss_class_name(t->worst), ss_topology_cookie_policy(p, t),
                ss_cors_mode_name(t->cors));
    }
}
