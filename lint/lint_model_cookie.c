/* lint_model_cookie.c -- cookies set or rewritten by the config,
 * frontends (SameSiteFrontend, --frontend, annotations, allowed origins),
 * mod_samesite settings and the core's topology for each server, and the
 * --topology table.
 *
 * Cookies: a full Set-Cookie value (add_header / Header set Set-Cookie,
 * SessionCookieName) is parsed with ss_cookie_parse and every attribute
 * is known; a rewrite (Header edit Set-Cookie, proxy_cookie_flags,
 * proxy_cookie_path "/; ...", ProxyPassReverseCookieDomain /
 * proxy_cookie_domain, SameSiteCookie) only makes the attributes it
 * writes known -- the rest comes from a backend we cannot see and is
 * never guessed.  What is wrong with a cookie is decided by the core's
 * ss_cookie_policy, run twice on the known attributes: Keep (the
 * browser's own rules: None needs Secure, Partitioned needs Secure,
 * prefixes, Domain, Secure from http) and Auto (what the topology from
 * ss_topology_analyse needs: too strict / too loose / Partitioned).
 * Fixes mod_samesite applies itself at runtime (SameSiteEngine On) are
 * not findings; what it cannot fix is.  Each result lands in
 * lint_cookie_t.changes with its catalog id; the rule files pick theirs.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "lint_model.h"
#include "rules/rule_util.h"
#include "lint_regex.h"

static int
session_like(const char *name)
{
    static const char *const words[] = { "sess",  "sid",  "auth",     "token",
                                         "login", "jwt",  "remember", "csrf",
                                         "xsrf",  "user", "identity", NULL };
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
    if (t && strcasestr(t, "nosecure"))
        c->secure = 0;
    else if (t && strcasestr(t, "secure"))
        c->secure = 1;
    if (t && strcasestr(t, "nohttponly"))
        c->httponly = 0;
    else if (t && strcasestr(t, "httponly"))
        c->httponly = 1;
    if (t && strcasestr(t, "partitioned"))
        c->partitioned = 1;
}

/* The directive belongs to scope n: its parents up to n are only
 * conditional wrappers (nginx if, httpd <If>/<IfModule>/<IfDefine>...),
 * not a nested location of its own. */
static int
is_wrapper(const lint_node_t *b)
{
    static const char *const wrappers[] = {
        "if",        "ElseIf", "Else",      "IfModule",    "IfDefine",
        "IfVersion", "IfFile", "IfSection", "IfDirective", NULL
    };
    int i;
    for (i = 0; b->name && wrappers[i]; i++) {
        if (!strcasecmp(b->name, wrappers[i])) {
            return 1;
        }
    }
    return 0;
}

static int
descends(const lint_node_t *d, const lint_node_t *n)
{
    const lint_node_t *b;
    for (b = d->parent; b; b = b->parent) {
        if (b == n) {
            return 1;
        }
    }
    return 0;
}

static int
owned_by(const lint_node_t *d, const lint_node_t *n)
{
    const lint_node_t *b;
    for (b = d->parent; b && b != n; b = b->parent) {
        if (!is_wrapper(b)) {
            return 0;
        }
    }
    return b == n;
}

/* The text names a cookie flag (not the __Secure- name prefix). */
static int
flag_in(const char *t, const char *flag)
{
    const char *f;
    size_t n = strlen(flag);
    for (f = strcasestr(t, flag); f; f = strcasestr(f + 1, flag)) {
        if (!(f > t && f[-1] == '_') && f[n] != '-') {
            return 1;
        }
    }
    return 0;
}

/* The cookie an edit regex selects: "^(session=.*)$" -> "session";
 * "*" when it matches any cookie. */
static const char *
edit_name(apr_pool_t *p, const char *re)
{
    const char *b;
    size_t n;
    if (!re || *re != '^') {
        return "*";
    }
    b = re + 1;
    if (*b == '(') {
        b++;
    }
    n = strspn(b, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                  "0123456789_-");
    if (!n || (b[n] != '=' && !(b[n] == ')' && b[n + 1] == '='))) {
        return "*";
    }
    return apr_pstrmemdup(p, b, n);
}

/* `Header edit Set-Cookie RE REPLACEMENT` whose result does not depend
 * on the attributes the backend sent ("^sid=([^;]*).*$" => "sid=$1;
 * Path=/; Secure"): the config decides the whole cookie.  Tried on the
 * backend's cookie with no attribute and with every attribute set; when
 * both give the same rewritten line, that line is returned. */
static const char *
edit_rebuilds(apr_pool_t *p, const lint_header_t *h, const char *arrow)
{
    const char *re = apr_pstrmemdup(p, h->value, (size_t)(arrow - h->value));
    const char *name = edit_name(p, h->value);
    const char *bare, *rich, *a, *b;
    int all = !strcmp(h->action, "edit*");

    if (!strcmp(name, "*")) {
        name = "sid";
    }
    bare = apr_pstrcat(p, name, "=v1", NULL);
    rich = apr_pstrcat(p, name,
                       "=v1; Path=/p; Domain=probe.invalid; "
                       "SameSite=Strict; Secure; HttpOnly; Partitioned; "
                       "Max-Age=60",
                       NULL);
    a = lint_regex_substitute(p, re, arrow + 4, all, bare);
    b = lint_regex_substitute(p, re, arrow + 4, all, rich);
    if (!a || !b || !strcmp(a, bare) || strcmp(a, b)) {
        return NULL;
    }
    return a;
}

/* nginx $var / ${var}, httpd %{VAR}e / %{VAR}i / ${VAR} */
static int
has_variable(const char *v)
{
    return v && (strchr(v, '$') || strstr(v, "%{"));
}

/* the whole value is one variable: "$c", "${c}", "%{COOKIE}e" */
static int
is_variable(const char *v)
{
    size_t n;
    while (*v == ' ' || *v == '"') {
        v++;
    }
    if (v[0] == '$') {
        n = v[1] == '{' ? strcspn(v + 2, "}") + 3
                        : strspn(v + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL"
                                        "MNOPQRSTUVWXYZ0123456789_")
                              + 1;
    } else if (v[0] == '%' && v[1] == '{') {
        n = strcspn(v, "}") + 2;
    } else {
        return 0;
    }
    return n >= strlen(v) || v[n] == '"' || v[n] == ' ';
}

/* Cookie-rewriting directives of one scope (and of the conditional
 * wrappers inside it: nginx if, httpd <IfModule>, ...). */
static void
scope_directives(lint_ctx_t *ctx, lint_server_t *s, const lint_location_t *l,
                 const lint_node_t *n)
{
    apr_pool_t *p = ctx->pool;
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *d = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        lint_cookie_t *c;
        if (d->is_block && is_wrapper(d)) {
            scope_directives(ctx, s, l, d);
        } else if (!strcmp(d->name, "proxy_cookie_flags")
                   && lint_nargs(d) >= 2) {
            const char *flags = apr_array_pstrcat(p, d->args, ' ');
            c = cookie_new(p, s, l, d, "proxy_cookie_flags", lint_arg(d, 0));
            from_text(c, strchr(flags, ' '));
        } else if (!strcmp(d->name, "proxy_cookie_path") && lint_nargs(d) >= 2
                   && strchr(lint_arg(d, 1), ';')) {
            c = cookie_new(p, s, l, d, "proxy_cookie_path", "*");
            from_text(c, strchr(lint_arg(d, 1), ';'));
        } else if ((lint_is(d, "ProxyPassReverseCookieDomain")
                    || !strcmp(d->name, "proxy_cookie_domain"))
                   && lint_nargs(d) >= 2 && !strchr(lint_arg(d, 1), '$')
                   && !strchr(lint_arg(d, 1), '%')) {
            /* a variable ($host, ${VAR}) is whatever the request says */
            c = cookie_new(p, s, l, d, "cookie_domain", "*");
            c->domain = lint_arg(d, 1);
        } else if (lint_is(d, "SessionCookieName") && lint_nargs(d) >= 1) {
            const char *attrs = lint_nargs(d) >= 2
                                    ? apr_array_pstrcat(p, d->args, ';')
                                    : lint_arg(d, 0);
            c = cookie_new(p, s, l, d, "session", lint_arg(d, 0));
            from_parsed(
                c, ss_cookie_parse(p, apr_pstrcat(p, lint_arg(d, 0), "=x;",
                                                  strchr(attrs, ';')
                                                      ? strchr(attrs, ';') + 1
                                                      : "",
                                                  NULL)));
            c->session_like = 1;
            c->full = 1;
        }
    }
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
        /* headers inherited from an outer scope belong to that scope; the
         * server scope also owns what it inherits from outside the server
         * (nginx http{}, httpd server config) */
        if (!owned_by(h->node, n)
            && !(l == s->server_loc && !descends(h->node, n))) {
            continue;
        }
        if (!strncmp(h->action, "edit", 4)) {
            const char *arrow = strstr(h->value, " => ");
            const char *whole = arrow ? edit_rebuilds(p, h, arrow) : NULL;
            c = cookie_new(p, s, l, h->node, "edit", edit_name(p, h->value));
            if (whole) {
                /* the edit writes the whole cookie: every attribute known */
                from_parsed(c, ss_cookie_parse(p, whole));
                c->full = 1;
                continue;
            }
            from_text(c, arrow ? arrow + 4 : h->value);
            if (arrow) {
                /* a regex that matches a flag and a replacement without
                 * it removes the flag: "(?i);\s*Secure" => "" */
                const char *re = apr_pstrmemdup(p, h->value, arrow - h->value);
                const char *rep = arrow + 4;
                if (flag_in(re, "secure") && !flag_in(rep, "secure")) {
                    c->secure = 0;
                }
                if (strcasestr(re, "httponly")
                    && !strcasestr(rep, "httponly")) {
                    c->httponly = 0;
                }
                if (strcasestr(re, "partitioned")
                    && !strcasestr(rep, "partitioned")) {
                    c->partitioned = 0;
                }
            }
        } else if (strcmp(h->action, "unset")) {
            const char *semi = strchr(h->value, ';');
            c = cookie_new(p, s, l, h->node, "set-header", NULL);
            if (is_variable(h->value)) {
                /* add_header Set-Cookie $c; (issue 10 R9): name and
                 * attributes are decided per request, nothing is known */
                continue;
            }
            from_parsed(c, ss_cookie_parse(p, h->value));
            /* attributes that come from a variable ("sid=1$flags") are
             * unknown: only the ones written out are */
            c->full = !(semi && has_variable(semi));
            if (!c->full) {
                c->secure = c->secure ? 1 : -1;
                c->httponly = c->httponly ? 1 : -1;
                c->partitioned = c->partitioned ? 1 : -1;
            }
        }
    }
    scope_directives(ctx, s, l, n);
}

static void index_frontend(apr_pool_t *p, lint_server_t *s, lint_frontend_t *f);

/* A SameSite* line the core accepted (lint_samesite_server walks the
 * scopes): the cookie rule, frontends or public origin it declares, with
 * its position.  scope holds the line's values last. */
static void
samesite_line(lint_ctx_t *ctx, void *baton, const lint_node_t *d,
              const ss_settings_t *scope)
{
    lint_server_t *s = baton;
    apr_pool_t *p = ctx->pool;
    int j, id = ss_directive_find(d->name), n = lint_nargs(d);

    if (id == SS_DIR_COOKIE) {
        const ss_cookie_rule_t *r =
            APR_ARRAY_IDX(scope->cookie_rules, scope->cookie_rules->nelts - 1,
                          const ss_cookie_rule_t *);
        lint_cookie_t *c =
            cookie_new(p, s, NULL, d, "samesite-module", r->glob);
        c->rule = r;
        c->session_like = c->session_like || !strcmp(r->glob, "*");
        c->samesite = r->mode == SS_MODE_STRICT ? SS_SAMESITE_STRICT
                      : r->mode == SS_MODE_LAX  ? SS_SAMESITE_LAX
                      : r->mode == SS_MODE_NONE ? SS_SAMESITE_NONE
                                                : SS_SAMESITE_UNSET;
        c->secure = r->secure == SS_TRI_UNSET ? -1 : (int)r->secure;
        c->httponly = r->httponly == SS_TRI_UNSET ? -1 : (int)r->httponly;
        c->partitioned =
            r->partitioned == SS_TRI_UNSET ? -1 : (int)r->partitioned;
    } else if (id == SS_DIR_PUBLIC_ORIGIN) {
        s->origin = scope->public_origin;
        s->public_origin_node = d;
    } else if (id == SS_DIR_FRONTEND) {
        for (j = 0; j < n; j++) {
            lint_frontend_t *f = apr_pcalloc(p, sizeof(*f));
            f->pattern =
                APR_ARRAY_IDX(scope->frontends, scope->frontends->nelts - n + j,
                              const ss_pattern_t *);
            f->text = lint_arg(d, j);
            f->source = "SameSiteFrontend";
            f->file = d->file;
            f->line = d->line;
            f->col = d->col;
            f->node = d;
            APR_ARRAY_PUSH(s->frontends, lint_frontend_t *) = f;
            index_frontend(p, s, f);
        }
    }
}

/* The frontend by its text as written (add_frontend's de-duplication) and
 * by its canonical text (lint_report_topology_server), first one kept. */
static void
index_frontend(apr_pool_t *p, lint_server_t *s, lint_frontend_t *f)
{
    if (!s->frontend_text) {
        s->frontend_text = apr_hash_make(p);
        s->frontend_canon = apr_hash_make(p);
    }
    if (!apr_hash_get(s->frontend_text, f->text, APR_HASH_KEY_STRING)) {
        apr_hash_set(s->frontend_text, f->text, APR_HASH_KEY_STRING, f);
    }
    if (!apr_hash_get(s->frontend_canon, f->pattern->text,
                      APR_HASH_KEY_STRING)) {
        apr_hash_set(s->frontend_canon, f->pattern->text, APR_HASH_KEY_STRING,
                     f);
    }
}

static void
add_frontend(apr_pool_t *p, lint_server_t *s, const char *text,
             const char *source, const char *file, int line,
             const lint_node_t *node)
{
    ss_pattern_t *pat;
    lint_frontend_t *f;
    /* a hash, not a scan: hundreds of allowed origins per server */
    if ((s->frontend_text
         && apr_hash_get(s->frontend_text, text, APR_HASH_KEY_STRING))
        || ss_pattern_parse(&pat, p, text) != SS_ORIGIN_OK) {
        return;
    }
    f = apr_pcalloc(p, sizeof(*f));
    f->pattern = pat;
    f->text = text;
    f->source = source;
    f->file = file;
    f->line = line;
    f->col = node ? node->col : 1;
    f->node = node;
    APR_ARRAY_PUSH(s->frontends, lint_frontend_t *) = f;
    index_frontend(p, s, f);
}

/* The frontends of the servers that have none of their own (no
 * SameSiteFrontend, no annotation inside the server) and share one
 * allowlist (lint_model.c shares allowed_origins arrays): the global
 * annotations, --frontend and the allowed origins, built once per
 * allowlist with their Public Suffix List analysis.  A server whose own
 * origin is in the allowlist (it is no frontend of itself) builds its
 * own list. */
typedef struct {
    apr_array_header_t *frontends; /* lint_frontend_t * */
    apr_hash_t *text, *canon;      /* lint_server_t.frontend_text, _canon */
    apr_hash_t *allowed_selves;    /* "scheme host port" of the allowed
                                      origins that parse as origins */
    apr_array_header_t *patterns;  /* ss_pattern_t *, for the topology */
    ss_frontend_set_t *set;        /* made at its first use */
} shared_frontends_t;

static const char *
origin_key(apr_pool_t *p, const ss_origin_t *o)
{
    return apr_psprintf(p, "%s %s %d", o->scheme, o->host, o->port);
}

static shared_frontends_t *
shared_frontends(lint_ctx_t *ctx, apr_hash_t *cache,
                 const apr_array_header_t *allowed,
                 const apr_array_header_t *globals)
{
    apr_pool_t *p = ctx->pool;
    shared_frontends_t *sf = apr_hash_get(cache, &allowed, sizeof(allowed));
    lint_server_t tmp;
    int j;
    if (sf) {
        return sf;
    }
    sf = apr_pcalloc(p, sizeof(*sf));
    sf->allowed_selves = apr_hash_make(p);
    memset(&tmp, 0, sizeof(tmp));
    tmp.frontends =
        apr_array_make(p, allowed->nelts + 2, sizeof(lint_frontend_t *));
    /* the same order as a server of its own: annotations, --frontend,
     * allowed origins */
    for (j = 0; j < globals->nelts; j++) {
        const lint_annotation_t *a =
            APR_ARRAY_IDX(ctx->config->annotations,
                          APR_ARRAY_IDX(globals, j, int), lint_annotation_t *);
        add_frontend(p, &tmp, a->value, "annotation", a->file, a->line, NULL);
    }
    for (j = 0; ctx->opts->frontends && j < ctx->opts->frontends->nelts; j++) {
        add_frontend(p, &tmp,
                     APR_ARRAY_IDX(ctx->opts->frontends, j, const char *),
                     "--frontend", NULL, 0, NULL);
    }
    for (j = 0; j < allowed->nelts; j++) {
        const lint_allowed_t *a =
            APR_ARRAY_IDX(allowed, j, const lint_allowed_t *);
        ss_origin_t *oo;
        if (ss_origin_parse(&oo, p, a->origin) == SS_ORIGIN_OK) {
            apr_hash_set(sf->allowed_selves, origin_key(p, oo),
                         APR_HASH_KEY_STRING, "1");
        }
        add_frontend(p, &tmp, a->origin,
                     a->from_regex ? "allowed-regex" : "allowed-origin",
                     a->node ? a->node->file : NULL,
                     a->node ? a->node->line : 0, a->node);
    }
    sf->frontends = tmp.frontends;
    sf->text = tmp.frontend_text;
    sf->canon = tmp.frontend_canon;
    sf->patterns =
        apr_array_make(p, sf->frontends->nelts + 1, sizeof(ss_pattern_t *));
    for (j = 0; j < sf->frontends->nelts; j++) {
        APR_ARRAY_PUSH(sf->patterns, const ss_pattern_t *) =
            APR_ARRAY_IDX(sf->frontends, j, lint_frontend_t *)->pattern;
    }
    apr_hash_set(cache, apr_pmemdup(p, &allowed, sizeof(allowed)),
                 sizeof(allowed), sf);
    return sf;
}

/* The server allows itself (an alias, its SameSitePublicOrigin) in the
 * shared allowlist: no frontend of itself, so not the shared list. */
static int
allows_itself(apr_pool_t *p, const lint_server_t *s,
              const shared_frontends_t *sf)
{
    int k;
    if (!apr_hash_count(sf->allowed_selves)) {
        return 0;
    }
    if (s->origin && !s->origin->is_null
        && apr_hash_get(sf->allowed_selves, origin_key(p, s->origin),
                        APR_HASH_KEY_STRING)) {
        return 1;
    }
    for (k = 0; s->public_origins && k < s->public_origins->nelts; k++) {
        const ss_origin_t *o =
            APR_ARRAY_IDX(s->public_origins, k, const ss_origin_t *);
        if (!o->is_null
            && apr_hash_get(sf->allowed_selves, origin_key(p, o),
                            APR_HASH_KEY_STRING)) {
            return 1;
        }
    }
    return 0;
}

/* Is the annotation inside the server's block (same file, line range)? */
static int
annotation_in(const lint_annotation_t *a, const lint_server_t *s)
{
    const lint_node_t *n = s->node;
    return n && n->parent && a->file && n->file && !strcmp(a->file, n->file)
           && a->line >= n->line && a->line <= n->end_line;
}

static void cookie_changes(lint_ctx_t *ctx, lint_server_t *s, lint_cookie_t *c);

/* An annotation and its position in the config's array, sortable by
 * (file, line). */
typedef struct {
    const lint_annotation_t *a;
    int idx;
} annot_ref_t;

static int
annotation_cmp(const void *x, const void *y)
{
    const lint_annotation_t *a = ((const annot_ref_t *)x)->a;
    const lint_annotation_t *b = ((const annot_ref_t *)y)->a;
    int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
    return c ? c : (a->line > b->line) - (a->line < b->line);
}

/* A SameSite* directive outside every <VirtualHost> (httpd server config). */
static int
has_samesite(const lint_node_t *n)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *d = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (d->is_block) {
            if (!lint_is(d, "VirtualHost") && has_samesite(d)) {
                return 1;
            }
        } else if (d->name && !strncasecmp(d->name, "SameSite", 8)) {
            return 1;
        }
    }
    return 0;
}

/* nginx applies proxy_cookie_path and proxy_cookie_flags of one location
 * to the same proxied cookie: attributes that the path trick appends to
 * every cookie ("/; Secure; Partitioned") hold for the named ones too. */
static void
merge_rewrites(lint_server_t *s)
{
    int i, j;
    for (i = 0; i < s->cookies->nelts; i++) {
        const lint_cookie_t *a = APR_ARRAY_IDX(s->cookies, i, lint_cookie_t *);
        if (strcmp(a->source, "proxy_cookie_path")) {
            continue;
        }
        for (j = 0; j < s->cookies->nelts; j++) {
            lint_cookie_t *b = APR_ARRAY_IDX(s->cookies, j, lint_cookie_t *);
            if (b == a || b->location != a->location
                || strcmp(b->source, "proxy_cookie_flags")) {
                continue;
            }
            if (a->secure == 1)
                b->secure = 1;
            if (a->httponly == 1)
                b->httponly = 1;
            if (a->partitioned == 1)
                b->partitioned = 1;
            if (b->samesite == SS_SAMESITE_UNSET)
                b->samesite = a->samesite;
        }
    }
}

/* --public-origin / `# samesite-lint: public-origin` (issue 10 R11): what
 * the browser sees when TLS ends in a load balancer in front of s.  It
 * applies to s when written inside it (own), when its host is one of s's
 * names, when s is the only server, or to every server for "https://" with the host "*"
 * (each keeps its host names, with that scheme and its default port). */
static void
public_origin(apr_pool_t *p, lint_server_t *s, const char *value, int own,
              int only_server)
{
    ss_origin_t *o = NULL;
    int i, star = !strcmp(value, "https://*") || !strcmp(value, "http://*");
    int https = !strncmp(value, "https:", 6), hit = own || only_server;
    if (!star
        && (ss_origin_parse(&o, p, value) != SS_ORIGIN_OK || o->is_null)) {
        return;
    }
    for (i = 0; !star && !hit && i < s->public_origins->nelts; i++) {
        hit = !strcasecmp(
            APR_ARRAY_IDX(s->public_origins, i, const ss_origin_t *)->host,
            o->host);
    }
    if (star) {
        for (i = 0; i < s->public_origins->nelts; i++) {
            ss_origin_t *so;
            const ss_origin_t *old =
                APR_ARRAY_IDX(s->public_origins, i, const ss_origin_t *);
            if (ss_origin_parse(
                    &so, p,
                    apr_pstrcat(p, https ? "https://" : "http://",
                                strchr(old->host, ':') ? "[" : "", old->host,
                                strchr(old->host, ':') ? "]" : "", NULL))
                == SS_ORIGIN_OK) {
                APR_ARRAY_IDX(s->public_origins, i, const ss_origin_t *) = so;
                if (i == 0) {
                    s->origin = so;
                }
            }
        }
    } else if (hit) {
        s->origin = o;
        APR_ARRAY_PUSH(s->public_origins, const ss_origin_t *) = o;
    } else {
        return;
    }
    s->https = https;
    s->http_only = !https;
}

void
lint_model_cookies_build(lint_ctx_t *ctx, lint_model_t *m)
{
    apr_pool_t *p = ctx->pool;
    int i, j, k, na, *owner, root_samesite;
    annot_ref_t *sorted;
    apr_array_header_t *globals, **own;
    apr_hash_t *cache, *users;

    /* which server each annotation sits in (-1: outside every server),
     * by binary search over the annotations sorted by (file, line): the
     * linter stays O(n log n) in the number of servers and annotations */
    na = ctx->config && ctx->config->annotations
             ? ctx->config->annotations->nelts
             : 0;
    owner = apr_palloc(p, sizeof(int) * (na + 1));
    sorted = apr_palloc(p, sizeof(*sorted) * (na + 1));
    for (j = 0; j < na; j++) {
        owner[j] = -1;
        sorted[j].a = APR_ARRAY_IDX(ctx->config->annotations, j,
                                    const lint_annotation_t *);
        sorted[j].idx = j;
    }
    qsort(sorted, (size_t)na, sizeof(*sorted), annotation_cmp);
    for (i = 0; na && i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        const lint_node_t *n = s->node;
        int lo = 0, hi = na;
        if (!n || !n->parent || !n->file) {
            continue;
        }
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            const lint_annotation_t *a = sorted[mid].a;
            int c = strcmp(a->file ? a->file : "", n->file);
            if (c == 0 ? a->line < n->line : c < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (j = lo; j < na && annotation_in(sorted[j].a, s); j++) {
            owner[sorted[j].idx] = i;
        }
    }
    globals = apr_array_make(p, 2, sizeof(int));
    own = apr_pcalloc(p, sizeof(*own) * (m->servers->nelts + 1));
    for (j = 0; j < na; j++) {
        if (owner[j] < 0) {
            APR_ARRAY_PUSH(globals, int) = j;
        } else {
            if (!own[owner[j]]) {
                own[owner[j]] = apr_array_make(p, 1, sizeof(int));
            }
            APR_ARRAY_PUSH(own[owner[j]], int) = j;
        }
    }
    root_samesite = m->dialect == LINT_DIALECT_HTTPD && ctx->config
                    && ctx->config->root && has_samesite(ctx->config->root);
    cache = apr_hash_make(p);
    /* how many servers share each allowed_origins array: the shared
     * frontend list (and its index) only pays off for two or more, and
     * would cost a server with its own allowlist a few KB */
    users = apr_hash_make(p);
    for (i = 0; i < m->servers->nelts; i++) {
        const apr_array_header_t *a =
            APR_ARRAY_IDX(m->servers, i, lint_server_t *)->allowed_origins;
        const char *n = apr_hash_get(users, &a, sizeof(a));
        apr_hash_set(
            users,
            n ? &APR_ARRAY_IDX(m->servers, i, lint_server_t *)->allowed_origins
              : apr_pmemdup(p, &a, sizeof(a)),
            sizeof(a), n ? "2" : "1");
    }
    for (i = 0; i < m->servers->nelts; i++) {
        lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        apr_array_header_t *scopes = lint_server_scopes(p, s);
        apr_array_header_t *pats;
        shared_frontends_t *sf = NULL;

        for (j = 0; j < scopes->nelts; j++) {
            scope_cookies(ctx, s, APR_ARRAY_IDX(scopes, j, lint_location_t *));
        }
        merge_rewrites(s);
        /* mod_samesite, through the core's table and merge; httpd:
         * server-config directives outside every <VirtualHost> are
         * inherited by each vhost (they come first, like the merge) */
        if (m->dialect == LINT_DIALECT_HTTPD) {
            lint_samesite_server(ctx, s,
                                 root_samesite && s->node != ctx->config->root
                                         && lint_is(s->node, "VirtualHost")
                                     ? ctx->config->root
                                     : NULL,
                                 samesite_line, s);
        }
        if (!s->frontends->nelts && !own[i]
            && *(const char *)apr_hash_get(users, &s->allowed_origins,
                                           sizeof(s->allowed_origins))
                   == '2') {
            sf = shared_frontends(ctx, cache, s->allowed_origins, globals);
            if (allows_itself(p, s, sf)) {
                sf = NULL;
            } else {
                s->frontends = sf->frontends;
                s->frontend_text = sf->text;
                s->frontend_canon = sf->canon;
            }
        }
        /* annotations: inside this server, or outside every server */
        for (j = 0; !sf && j < globals->nelts + (own[i] ? own[i]->nelts : 0);
             j++) {
            int ai = j < globals->nelts
                         ? APR_ARRAY_IDX(globals, j, int)
                         : APR_ARRAY_IDX(own[i], j - globals->nelts, int);
            const lint_annotation_t *a = APR_ARRAY_IDX(ctx->config->annotations,
                                                       ai, lint_annotation_t *);
            if (!strcmp(a->kind, "public-origin")) {
                public_origin(p, s, a->value, j >= globals->nelts,
                              m->servers->nelts == 1);
            } else {
                add_frontend(p, s, a->value, "annotation", a->file, a->line,
                             NULL);
            }
        }
        for (j = 0;
             ctx->opts->public_origins && j < ctx->opts->public_origins->nelts;
             j++) {
            public_origin(
                p, s, APR_ARRAY_IDX(ctx->opts->public_origins, j, const char *),
                0, m->servers->nelts == 1);
        }
        for (j = 0;
             !sf && ctx->opts->frontends && j < ctx->opts->frontends->nelts;
             j++) {
            add_frontend(p, s,
                         APR_ARRAY_IDX(ctx->opts->frontends, j, const char *),
                         "--frontend", NULL, 0, NULL);
        }
        for (j = 0; !sf && j < s->allowed_origins->nelts; j++) {
            const lint_allowed_t *a =
                APR_ARRAY_IDX(s->allowed_origins, j, const lint_allowed_t *);
            ss_origin_t *oo;
            int self = 0;
            if (ss_origin_parse(&oo, p, a->origin) == SS_ORIGIN_OK) {
                /* the server allowing itself (or an alias) is no frontend */
                self = s->origin && ss_origin_equal(oo, s->origin);
                for (k = 0; s->public_origins && k < s->public_origins->nelts;
                     k++) {
                    self |=
                        ss_origin_equal(oo, APR_ARRAY_IDX(s->public_origins, k,
                                                          const ss_origin_t *));
                }
            }
            if (self) {
                continue;
            }
            add_frontend(p, s, a->origin,
                         a->from_regex ? "allowed-regex" : "allowed-origin",
                         a->node ? a->node->file : NULL,
                         a->node ? a->node->line : 0, a->node);
        }
        if (s->origin && sf) {
            /* the shared list's sites and traps are analysed once */
            if (!sf->set) {
                sf->set = ss_frontend_set_make(p, ctx->opts->psl, sf->patterns);
            }
            s->topology = ss_topology_analyse_set(
                p, ctx->opts->psl, s->origin, sf->set,
                s->samesite
                        && s->samesite->default_samesite == SS_SAMESITE_STRICT
                    ? SS_SAMESITE_STRICT
                    : SS_SAMESITE_LAX);
        } else if (s->origin) {
            pats =
                apr_array_make(p, s->frontends->nelts, sizeof(ss_pattern_t *));
            for (j = 0; j < s->frontends->nelts; j++) {
                APR_ARRAY_PUSH(pats, const ss_pattern_t *) =
                    APR_ARRAY_IDX(s->frontends, j, lint_frontend_t *)->pattern;
            }
            s->topology = ss_topology_analyse(
                p, ctx->opts->psl, s->origin, pats,
                s->samesite
                        && s->samesite->default_samesite == SS_SAMESITE_STRICT
                    ? SS_SAMESITE_STRICT
                    : SS_SAMESITE_LAX);
        }
        for (j = 0; j < s->cookies->nelts; j++) {
            cookie_changes(ctx, s,
                           APR_ARRAY_IDX(s->cookies, j, lint_cookie_t *));
        }
    }
}

/* How a finding names the cookie: a rewrite of every cookie has no name. */
static const char *
cookie_label(apr_pool_t *p, const lint_cookie_t *c)
{
    if (!c->name || !strcmp(c->name, "*") || c->name[0] == '~'
        || strchr(c->name, '*')) {
        if (c->name
            && ((c->name[0] == '~' && c->name[1])
                || (strchr(c->name, '*') && strcmp(c->name, "*")))) {
            return apr_psprintf(p, "cookie %s \"%s\" (%s)",
                                c->name[0] == '~' ? "regex" : "glob",
                                c->name + (c->name[0] == '~'),
                                c->node ? c->node->name : c->source);
        }
        return apr_psprintf(p, "every cookie (%s)",
                            !strcmp(c->source, "edit")
                                ? "Header edit Set-Cookie"
                            : c->node ? c->node->name
                                      : c->source);
    }
    return apr_psprintf(p, "cookie \"%s\"", c->name);
}

/* A cross-site frontend of the server, for messages. */
static const char *
cross_site_frontend(const lint_server_t *s)
{
    int i;
    for (i = 0; s->topology && i < s->topology->frontends->nelts; i++) {
        const ss_frontend_class_t *fc =
            &APR_ARRAY_IDX(s->topology->frontends, i, ss_frontend_class_t);
        if (fc->cls == SS_CLASS_CROSS_SITE) {
            return fc->frontend->text;
        }
    }
    return "a cross-site frontend";
}

static void
add_change(apr_pool_t *p, lint_cookie_t *c, const char *rule_id,
           const char *msg)
{
    ss_cookie_change_t *x = apr_array_push(c->changes);
    memset(x, 0, sizeof(*x));
    x->op = SS_CHANGE_NONE;
    x->rule_id = rule_id;
    x->message = apr_pstrdup(p, msg);
}

/* The core names the cookie it judges; a regex / glob / `~` rewrite is
 * judged on a stand-in called "cookie": say what the config wrote. */
static const char *
named(apr_pool_t *p, const char *msg, int stand_in, const char *label)
{
    static const char who[] = "cookie \"cookie\"";
    const char *at = stand_in && msg ? strstr(msg, who) : NULL;
    if (!at) {
        return msg;
    }
    return apr_pstrcat(p, apr_pstrmemdup(p, msg, (apr_size_t)(at - msg)), label,
                       at + sizeof(who) - 1, NULL);
}

/* mod_samesite rewrites every cookie of this server at runtime. */
static int
module_on(const lint_server_t *s)
{
    return s->samesite && s->samesite->engine_enforcing;
}

/* The config decides SameSite=x but a browser rule or the topology
 * disagrees.  Decisions come from the core's ss_cookie_policy, run twice:
 * Keep (SameSite as configured: the browser's own rules on Secure,
 * Partitioned, prefixes, Domain) and Auto (the topology decides SameSite).
 * Only attributes the config makes known are judged: a proxied backend's
 * cookies are unknown. */
static void
cookie_changes(lint_ctx_t *ctx, lint_server_t *s, lint_cookie_t *c)
{
    static const ss_cookie_rule_t keep_rule = {
        "*", SS_MODE_KEEP, SS_TRI_UNSET, SS_TRI_UNSET, SS_TRI_UNSET, 0, 0
    };
    apr_pool_t *p = ctx->pool;
    const ss_topology_t *t = s->topology;
    const char *label = cookie_label(p, c);
    const char *pub = s->origin ? ss_origin_str(p, s->origin) : "this server";
    int module_cookie = !strcmp(c->source, "samesite-module");
    int module_fixes = module_on(s) && !module_cookie;
    int rewrite = !c->full && !module_cookie;
    ss_samesite_t cur = c->samesite;
    ss_cookie_ctx_t cc;
    ss_cookie_t *ck = c->cookie;
    apr_array_header_t *all;
    int i, stand_in;

    c->changes = apr_array_make(p, 2, sizeof(ss_cookie_change_t));
    if (rewrite && c->secure == -1 && c->name
        && (!strncasecmp(c->name, "__Secure-", 9)
            || !strncasecmp(c->name, "__Host-", 7))) {
        c->secure = 1; /* the browser only keeps it with Secure (4.1.3) */
    }
    if (module_cookie && c->rule && c->rule->mode == SS_MODE_AUTO && t) {
        cur = t->samesite; /* the module derives it from the topology */
    }
    stand_in = !ck && !(c->name && *c->name != '~' && !strchr(c->name, '*'));
    if (!ck) {
        const char *nm = stand_in ? "cookie" : c->name;
        ck = ss_cookie_parse(
            p,
            apr_pstrcat(p, nm, "=v", ss_samesite_name(cur) ? "; SameSite=" : "",
                        ss_samesite_name(cur) ? ss_samesite_name(cur) : "",
                        c->secure == 1 ? "; Secure" : "",
                        c->httponly == 1 ? "; HttpOnly" : "",
                        c->partitioned == 1 ? "; Partitioned" : "",
                        c->domain ? "; Domain=" : "",
                        c->domain ? c->domain : "", NULL));
    }
    memset(&cc, 0, sizeof(cc));
    cc.topology = t;
    cc.psl = ctx->opts->psl;
    cc.request_class = t ? t->worst : SS_CLASS_NONE;
    cc.request_from_frontend = cc.request_class == SS_CLASS_CROSS_SITE;

    /* -- Keep: the browser's rules on the attributes as configured ---- */
    all = ss_cookie_policy(p, ck, module_cookie ? c->rule : &keep_rule, &cc);
    for (i = 0; i < all->nelts; i++) {
        const ss_cookie_change_t *x =
            &APR_ARRAY_IDX(all, i, ss_cookie_change_t);
        const char *id = x->rule_id;
        const char *msg = named(p, x->message, stand_in, label);
        if (x->op != SS_CHANGE_NONE && (module_cookie || module_fixes)) {
            continue; /* mod_samesite applies this fix itself */
        }
        if (!strcmp(id, "cookie-invalid")) {
            /* only a value the config writes; nginx does not send an
             * empty add_header at all */
            const char *v = c->full && c->cookie ? c->cookie->original : NULL;
            if (v && v[strspn(v, " \t")]) {
                add_change(p, c, id,
                           apr_psprintf(p,
                                        "this Set-Cookie value is malformed "
                                        "(%s): browsers ignore "
                                        "the whole line",
                                        ck->invalid_reason ? ck->invalid_reason
                                                           : "invalid"));
            }
        } else if (!strcmp(id, "cookie-missing-secure")) {
            /* Secure is known to be absent: the config writes the whole
             * value, or its rewrite removes Secure */
            if (x->op == SS_CHANGE_SET
                && (c->full ? c->secure != 1 : c->secure == 0)) {
                add_change(
                    p, c, id,
                    apr_psprintf(p,
                                 "%s %s on %s: the browser also sends it over "
                                 "plain http "
                                 "(an http link, a downgrade); add Secure",
                                 label,
                                 c->full ? "has no Secure"
                                         : "loses Secure (this rewrite "
                                           "removes it)",
                                 pub));
            }
        } else if (!strcmp(id, "cookie-none-without-secure")) {
            if (x->op == SS_CHANGE_NONE) {
                /* the core says what mod_samesite would do on this
                 * origin; the configuration is wrong only when its
                 * cookie is None without Secure (issue 10 R8: with
                 * Secure on plain http it is cookie-secure-on-http) */
                if (cur == SS_SAMESITE_NONE && c->secure != 1
                    && (c->full || c->secure == 0)) {
                    add_change(p, c, id,
                               apr_psprintf(p,
                                            "%s is SameSite=None without "
                                            "Secure: browsers reject the "
                                            "cookie (RFC 6265bis 5.6.7); "
                                            "add Secure (and serve %s over "
                                            "https)",
                                            label, pub));
                }
            } else if (x->attr && !strcmp(x->attr, "Secure") && c->secure != 1
                       && cur == SS_SAMESITE_NONE) {
                add_change(
                    p, c, id,
                    apr_psprintf(p,
                                 "%s gets SameSite=None without Secure%s: "
                                 "browsers reject "
                                 "the cookie (RFC 6265bis 5.6.7); add Secure",
                                 label,
                                 !rewrite ? ""
                                 : c->secure == 0
                                     ? " (this rewrite removes Secure)"
                                     : " from this rewrite (unless the backend "
                                       "already sends "
                                       "Secure)"));
            }
        } else if (!strcmp(id, "cookie-partitioned-without-secure")) {
            if (x->op == SS_CHANGE_NONE) {
                add_change(p, c, id, msg);
            } else if (c->secure != 1 && x->attr
                       && !strcmp(x->attr, "Secure")) {
                add_change(
                    p, c, id,
                    apr_psprintf(
                        p,
                        "%s is Partitioned without Secure: browsers reject it "
                        "(CHIPS); add Secure",
                        label));
            }
        } else if (!strcmp(id, "cookie-secure-on-http")) {
            if (x->op == SS_CHANGE_NONE) {
                add_change(p, c, id,
                           apr_psprintf(p,
                                        "%s: serve %s over https "
                                        "or drop Secure",
                                        msg, pub));
            }
        } else if (!strcmp(id, "cookie-prefix-violation")) {
            if (x->op != SS_CHANGE_RENAME
                && (c->full || x->op == SS_CHANGE_NONE)) {
                add_change(p, c, id,
                           module_cookie
                               ? msg
                               : apr_psprintf(p,
                                              "%s: the browser rejects "
                                              "the cookie (RFC 6265bis "
                                              "4.1.3)",
                                              msg));
            }
        } else if (!strncmp(id, "cookie-domain-", 14) && c->domain
                   && (strchr(c->domain, '$') || strchr(c->domain, '%'))) {
            continue; /* a variable: decided per request */
        } else if (!strcmp(id, "cookie-domain-public-suffix")) {
            add_change(
                p, c, id,
                apr_psprintf(
                    p,
                    "%s: Domain=%s is a public suffix: the browser rejects the "
                    "cookie; drop Domain (host-only) or use the registrable "
                    "domain "
                    "of %s",
                    label, c->domain ? c->domain : "?", pub));
        } else if (!strcmp(id, "cookie-domain-mismatch")) {
            add_change(
                p, c, id,
                apr_psprintf(
                    p,
                    "%s: Domain=%s does not cover %s: the browser rejects the "
                    "cookie; use the public host's domain, not an internal one",
                    label, c->domain ? c->domain : "?",
                    s->origin ? s->origin->host : "the server name"));
        }
    }
    if (ck && !ck->valid) {
        return; /* the browser ignores it: nothing else applies */
    }
    if (module_cookie && c->rule && c->rule->httponly == SS_TRI_OFF
        && session_like(c->rule->glob)) {
        add_change(p, c, "cookie-missing-httponly",
                   apr_psprintf(p,
                                "SameSiteCookie %s -HttpOnly makes a session "
                                "cookie readable by "
                                "any script on the page (XSS); keep HttpOnly",
                                c->rule->glob));
    }
    if (!t || module_fixes || !strcmp(c->source, "cookie_domain")) {
        return;
    }

    /* -- Auto: what the topology needs, for a SameSite the config sets - */
    if (module_cookie && c->rule && c->rule->mode == SS_MODE_KEEP) {
        return;
    }
    all = ss_cookie_policy(p, ck, NULL, &cc);
    for (i = 0; i < all->nelts; i++) {
        const ss_cookie_change_t *x =
            &APR_ARRAY_IDX(all, i, ss_cookie_change_t);
        /* Auto keeps a Strict it was given (step_keep_strict): the same
         * finding, as a report instead of a change */
        int kept_strict = x->op == SS_CHANGE_NONE && x->rule_id
                          && !strcmp(x->rule_id, "cookie-samesite-too-strict")
                          && cur == SS_SAMESITE_STRICT;
        if (!kept_strict && (x->op != SS_CHANGE_SET || !x->attr)) {
            continue;
        }
        if ((kept_strict
             || (!strcmp(x->attr, "SameSite") && x->value
                 && !strcmp(x->value, "None")))
            && (cur == SS_SAMESITE_STRICT || cur == SS_SAMESITE_LAX
                || (c->full
                    && (cur == SS_SAMESITE_UNSET
                        || cur == SS_SAMESITE_INVALID)))) {
            add_change(
                p, c, "cookie-samesite-too-strict",
                apr_psprintf(
                    p,
                    "%s %s but %s is called from cross-site %s: the "
                    "browser never sends it on those requests; use "
                    "SameSite=None; "
                    "Secure; Partitioned (mod_samesite: SameSiteCookie ... "
                    "Auto)",
                    label,
                    ss_samesite_name(cur) ? apr_pstrcat(
                        p, "is SameSite=", ss_samesite_name(cur), NULL)
                                          : "has no SameSite (Lax by default)",
                    pub, cross_site_frontend(s)));
        } else if (!strcmp(x->attr, "SameSite") && cur == SS_SAMESITE_NONE
                   && x->value && strcmp(x->value, "None")
                   && t->worst != SS_CLASS_CROSS_SITE && s->frontends->nelts) {
            /* no frontend declared or inferred: no topology verdict
             * (issue 10 R7: a site meant to be framed cross-site) */
            add_change(p, c, "cookie-samesite-too-loose",
                       apr_psprintf(p,
                                    "%s is SameSite=None but every frontend of "
                                    "%s is %s: cross-site "
                                    "requests carry it for nothing (CSRF "
                                    "surface); use SameSite=%s",
                                    label, pub,
                                    t->worst == SS_CLASS_NONE
                                        ? "same-origin"
                                        : ss_class_name(t->worst),
                                    x->value));
        } else if (!strcmp(x->attr, "Partitioned") && cur == SS_SAMESITE_NONE
                   && c->partitioned != 1
                   && !(module_cookie && c->rule
                        && c->rule->partitioned == SS_TRI_UNSET
                        && c->rule->mode == SS_MODE_AUTO)) {
            add_change(
                p, c, "cookie-third-party-dependence",
                apr_psprintf(
                    p,
                    "%s is SameSite=None without Partitioned on %s, called "
                    "from "
                    "cross-site %s: browsers that block third-party cookies "
                    "(Safari, Firefox ETP, Chrome incognito, Chromium by "
                    "default) "
                    "never send it; add Partitioned (CHIPS)",
                    label, pub, cross_site_frontend(s)));
        }
    }
    if (c->full
        && (c->samesite == SS_SAMESITE_UNSET
            || c->samesite == SS_SAMESITE_INVALID)) {
        add_change(
            p, c, "cookie-missing-samesite",
            apr_psprintf(
                p,
                "%s has no %sSameSite: browsers differ (Chrome: Lax with a "
                "2-minute POST window, others: None); set SameSite=%s "
                "explicitly",
                label, c->samesite == SS_SAMESITE_INVALID ? "valid " : "",
                ss_samesite_name(t->samesite) ? ss_samesite_name(t->samesite)
                                              : "Lax"));
    }
    if (c->full && c->session_like && c->httponly == 0) {
        add_change(
            p, c, "cookie-missing-httponly",
            apr_psprintf(p, "session %s is readable by scripts: add HttpOnly",
                         label));
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
            const lint_cookie_t *c =
                APR_ARRAY_IDX(s->cookies, j, lint_cookie_t *);
            for (k = 0; c->changes && k < c->changes->nelts; k++) {
                const ss_cookie_change_t *x =
                    &APR_ARRAY_IDX(c->changes, k, ss_cookie_change_t);
                if (strcmp(x->rule_id, rule_id)) {
                    continue;
                }
                if (!strcmp(rule_id, "cookie-secure-on-http")
                    && lint_plain_http_condition(ctx->pool, s)) {
                    /* a Secure cookie on a server without TLS: TLS most
                     * likely ends in front of it (issue 10 R11) */
                    lint_report_note(ctx, rule_id, c->node, "%s: %s",
                                     lint_plain_http_condition(ctx->pool, s),
                                     x->message);
                } else {
                    lint_report(ctx, rule_id, c->node, "%s", x->message);
                }
            }
        }
    }
}

/* The first frontend of s (in s->frontends order) whose canonical text
 * the message names as "frontend TEXT ", or NULL.  Looked up by the
 * words after "frontend " in the message: a search of the message for
 * each frontend cost a string per frontend per finding. */
static const lint_frontend_t *
named_frontend(apr_pool_t *p, const lint_server_t *s, const char *msg)
{
    const lint_frontend_t *at = NULL;
    const char *x, *end;
    int k, hits = 0;
    for (x = strstr(msg, "frontend "); x && s->frontend_canon;
         x = strstr(x + 1, "frontend ")) {
        const lint_frontend_t *fr;
        end = strchr(x + 9, ' ');
        if (!end) {
            break;
        }
        fr = apr_hash_get(s->frontend_canon, x + 9, (apr_ssize_t)(end - x - 9));
        if (fr && fr != at) {
            at = fr;
            hits++;
        }
    }
    if (hits > 1) { /* several named: the first in the server's order */
        for (at = NULL, k = 0; k < s->frontends->nelts && !at; k++) {
            const lint_frontend_t *fr =
                APR_ARRAY_IDX(s->frontends, k, lint_frontend_t *);
            if (strstr(msg, apr_pstrcat(p, "frontend ", fr->pattern->text, " ",
                                        NULL))) {
                at = fr;
            }
        }
    }
    return at;
}

void
lint_report_topology_server(lint_ctx_t *ctx, const lint_server_t *s,
                            const char *rule_id, const char *condition)
{
    int j, k;
    if (!s->topology) {
        return;
    }
    for (j = 0; j < s->topology->findings->nelts; j++) {
        const ss_finding_t *f =
            &APR_ARRAY_IDX(s->topology->findings, j, ss_finding_t);
        const lint_frontend_t *at = NULL;
        if (strcmp(f->rule_id, rule_id)) {
            continue;
        }
        at = named_frontend(ctx->pool, s, f->message);
        if (!at && strncmp(f->message, "public origin", 13)) {
            /* about the cross-site frontends as a whole: the first one */
            for (k = 0; k < s->topology->frontends->nelts && !at
                        && k < s->frontends->nelts;
                 k++) {
                if (APR_ARRAY_IDX(s->topology->frontends, k,
                                  ss_frontend_class_t)
                        .cls
                    == SS_CLASS_CROSS_SITE) {
                    at = APR_ARRAY_IDX(s->frontends, k, lint_frontend_t *);
                }
            }
        }
        if (!at && !s->frontends->nelts && !s->public_origin_node) {
            continue; /* nothing calls it cross-origin: no topology */
        }
        {
            const lint_node_t *node =
                at && at->node ? at->node
                : at && at->file
                    ? NULL
                    : (s->public_origin_node && !at ? s->public_origin_node
                                                    : s->node);
            const char *msg =
                at && !at->node && !at->file ? apr_psprintf(
                    ctx->pool, "%s (declared with %s)", f->message, at->source)
                                             : f->message;
            if (condition) {
                /* depends on what the configuration cannot show: a note
                 * that states the condition (SPEC 4, "Certainty") */
                msg = apr_pstrcat(ctx->pool, condition, ": ", msg, NULL);
            }
            if (node) {
                (condition ? lint_report_note : lint_report)(ctx, rule_id, node,
                                                             "%s", msg);
            } else {
                (condition ? lint_report_note_at : lint_report_at)(
                    ctx, rule_id, at->file, at->line, at->col, "%s", msg);
            }
        }
    }
}

const char *
lint_plain_http_condition(apr_pool_t *p, const lint_server_t *s)
{
    if (!s->http_only || !s->origin) {
        return NULL;
    }
    return apr_psprintf(p,
                        "if browsers reach %s over plain http (no TLS proxy "
                        "in front of it; with one, declare --public-origin "
                        "https://%s)",
                        ss_origin_str(p, s->origin), s->origin->host);
}

void
lint_report_topology(lint_ctx_t *ctx, const lint_model_t *m,
                     const char *rule_id, int scheme_dependent)
{
    int i;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s =
            APR_ARRAY_IDX(m->servers, i, const lint_server_t *);
        lint_report_topology_server(
            ctx, s, rule_id,
            scheme_dependent ? lint_plain_http_condition(ctx->pool, s) : NULL);
    }
}

void
lint_topology_print(void *stdio_file, apr_pool_t *p, const lint_model_t *m)
{
    FILE *o = stdio_file;
    int i, j, shown = 0;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        const ss_topology_t *t = s->topology;
        if (!s->origin || !t) {
            continue;
        }
        shown++;
        fprintf(o, "%s  (%s:%d)\n", ss_origin_str(p, s->origin),
                s->node->file ? s->node->file : "", s->node->line);
        for (j = 0; s->public_origins && j < s->public_origins->nelts; j++) {
            const ss_origin_t *a =
                APR_ARRAY_IDX(s->public_origins, j, const ss_origin_t *);
            if (!ss_origin_equal(a, s->origin)) {
                fprintf(o, "  also served as %s\n", ss_origin_str(p, a));
            }
        }
        if (!s->frontends->nelts) {
            fprintf(o, "  (no frontends declared: same-origin only)\n");
        }
        for (j = 0; j < t->frontends->nelts && j < s->frontends->nelts; j++) {
            const ss_frontend_class_t *fc =
                &APR_ARRAY_IDX(t->frontends, j, ss_frontend_class_t);
            const lint_frontend_t *f =
                APR_ARRAY_IDX(s->frontends, j, lint_frontend_t *);
            fprintf(o, "  %-40s %-11s %s%s\n", f->text, ss_class_name(fc->cls),
                    f->source,
                    f->file ? apr_psprintf(p, " %s:%d", f->file, f->line) : "");
        }
        /* "=> class X;" is parsed by tests/browser/run: keep it */
        fprintf(o, "  => class %s; cookies: %s; CORS: %s\n",
                ss_class_name(t->worst), ss_topology_cookie_policy(p, t),
                ss_cors_mode_name(t->cors));
    }
    if (!shown) {
        fprintf(o, "no public origin found: name the servers (server_name / "
                   "ServerName) or declare SameSitePublicOrigin\n");
    }
}
