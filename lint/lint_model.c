/* lint_model.c -- the deployment model, shared part: accessors the rules
 * use, the builder's helpers (lint_model_build.h), the origins a server
 * allows, and lint_model_build(), which hands the configuration to its
 * server's builder:
 *
 *   lint_nginx.c        nginx: http / server / location / if levels,
 *                       add_header inheritance, location matching
 *   lint_httpd.c        httpd: main server and <VirtualHost>s, sections,
 *                       mod_headers' two tables; lint_httpd_origin.c its
 *                       origin checks, lint_httpd_backend.c its backends
 *                       per scope
 *   lint_model_cookie.c cookies, frontends, mod_samesite settings, topology
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
#include "lint_sim.h"

const char *
lint_arg(const lint_node_t *n, int i)
{
    if (!n || !n->args || i < 0 || i >= n->args->nelts)
        return NULL;
    return APR_ARRAY_IDX(n->args, i, const char *);
}

int
lint_nargs(const lint_node_t *n)
{
    return (n && n->args) ? n->args->nelts : 0;
}

int
lint_is(const lint_node_t *n, const char *name)
{
    /* the first letter settles most calls (the model asks each directive
     * against long lists of names) without a strcasecmp call */
    return n && n->name && apr_tolower(n->name[0]) == apr_tolower(name[0])
           && !strcasecmp(n->name, name);
}

int
lint_is_cors_header(const char *name)
{
    return name && !strncasecmp(name, "access-control-", 15);
}

apr_array_header_t *
lint_loc_headers(apr_pool_t *p, const lint_location_t *loc, const char *name)
{
    apr_array_header_t *out = apr_array_make(p, 2, sizeof(lint_header_t *));
    int i;
    for (i = 0; loc && loc->headers && i < loc->headers->nelts; i++) {
        lint_header_t *h = APR_ARRAY_IDX(loc->headers, i, lint_header_t *);
        if (!strcasecmp(h->name, name)) {
            APR_ARRAY_PUSH(out, lint_header_t *) = h;
        }
    }
    return out;
}

apr_array_header_t *
lint_server_scopes(apr_pool_t *p, const lint_server_t *s)
{
    apr_array_header_t *out;
    int i;
    /* the rules ask for it dozens of times per server: a new array each
     * time was a few KB per server */
    if (s->scopes) {
        return s->scopes;
    }
    out = apr_array_make(p, s->locations->nelts + 1, sizeof(lint_location_t *));
    APR_ARRAY_PUSH(out, lint_location_t *) = s->server_loc;
    for (i = 0; i < s->locations->nelts; i++) {
        APR_ARRAY_PUSH(out, lint_location_t *) =
            APR_ARRAY_IDX(s->locations, i, lint_location_t *);
    }
    return out;
}

apr_array_header_t *
lint_server_levels(apr_pool_t *p, const lint_server_t *s)
{
    apr_array_header_t *out;
    int i, j;
    if (s->levels) {
        return s->levels;
    }
    out = apr_array_make(p, s->locations->nelts + 1, sizeof(lint_location_t *));
    APR_ARRAY_PUSH(out, lint_location_t *) = s->server_loc;
    for (i = 0; i < s->locations->nelts; i++) {
        const lint_location_t *l =
            APR_ARRAY_IDX(s->locations, i, lint_location_t *);
        APR_ARRAY_PUSH(out, const lint_location_t *) = l;
        for (j = 0; l->ifs && j < l->ifs->nelts; j++) {
            APR_ARRAY_PUSH(out, lint_location_t *) =
                APR_ARRAY_IDX(l->ifs, j, lint_location_t *);
        }
    }
    return out;
}

int
lint_server_level_serves(const lint_server_t *s)
{
    int i;
    if (!s->node || !s->node->name || strcmp(s->node->name, "server")) {
        return 1; /* httpd: sections add to the vhost, never replace */
    }
    for (i = 0; i < s->locations->nelts; i++) {
        const lint_location_t *l =
            APR_ARRAY_IDX(s->locations, i, lint_location_t *);
        if (l->parent == s->server_loc && !strcmp(l->path, "/")
            && (l->kind == LINT_LOC_PREFIX
                || l->kind == LINT_LOC_PREFIX_NOREGEX)) {
            return 0;
        }
    }
    return 1;
}

char *
lint_lower(apr_pool_t *p, const char *s)
{
    char *d = apr_pstrdup(p, s ? s : ""), *c;
    for (c = d; *c; c++) {
        *c = (char)apr_tolower(*c);
    }
    return d;
}

int
lint_mentions_origin(const char *v)
{
    /* not "%{Origin}i": mod_headers reads it as the idle share
     * (header-format-misread) */
    return v
           && (strstr(v, "$http_origin") || strcasestr(v, "%{HTTP:Origin}")
               || strcasestr(v, "%{req:Origin}")
               || strcasestr(v, "req('Origin')")
               || strcasestr(v, "http('Origin')")
               || strcasestr(v, "${http_origin}")
               || strcasestr(v, "%{HTTP_ORIGIN}"));
}

static int
word_char(char c)
{
    return apr_isalnum(c) || c == '_';
}

int
lint_refs_var(const char *text, const char *var)
{
    const char *s;
    size_t n;
    if (!text || !var || !*var) {
        return 0;
    }
    if (var[0] == '$') {
        /* nginx: $name ends at the first non-word character; ${name} */
        n = strlen(var + 1);
        for (s = strchr(text, '$'); s; s = strchr(s + 1, '$')) {
            if (!strncmp(s + 1, var + 1, n) && !word_char(s[1 + n])) {
                return 1;
            }
            if (s[1] == '{' && !strncmp(s + 2, var + 1, n) && s[2 + n] == '}') {
                return 1;
            }
        }
        return 0;
    }
    n = strlen(var);
    for (s = strcasestr(text, var); s; s = strcasestr(s + 1, var)) {
        size_t before = (size_t)(s - text);
        const char *after = s + n;
        if ((before && word_char(s[-1])) || word_char(*after)) {
            continue;
        }
        if ((before >= 2 && !strncmp(s - 2, "%{", 2)
             && !strncasecmp(after, "}e", 2))
            || (before >= 4 && !strncasecmp(s - 4, "ENV:", 4))
            || (before >= 4 && !strncasecmp(s - 4, "env=", 4))
            || (before >= 5
                && (!strncasecmp(s - 5, "env('", 5)
                    || !strncasecmp(s - 5, "env(\"", 5)))) {
            return 1;
        }
    }
    return 0;
}

/* A value that reads a variable set from the Origin (map / SetEnvIf /
 * RewriteRule [E=]). */
int
lint_uses_var(const char *v, apr_hash_t *origin_vars)
{
    apr_hash_index_t *hi;
    if (!v || !origin_vars) {
        return 0;
    }
    for (hi = apr_hash_first(NULL, origin_vars); hi; hi = apr_hash_next(hi)) {
        const void *k;
        apr_hash_this(hi, &k, NULL, NULL);
        if (lint_refs_var(v, k)) {
            return 1;
        }
    }
    return 0;
}

lint_location_t *
lint_loc_new(apr_pool_t *p, const lint_node_t *node, lint_loc_kind_t kind,
             const char *path, const lint_location_t *parent)
{
    lint_location_t *l = apr_pcalloc(p, sizeof(*l));
    l->node = node;
    l->kind = kind;
    l->path = path ? path : "/";
    l->headers = apr_array_make(p, 4, sizeof(lint_header_t *));
    l->origin_checks = apr_array_make(p, 1, sizeof(lint_origin_check_t *));
    l->hidden = apr_array_make(p, 1, sizeof(const char *));
    l->ifs = apr_array_make(p, 1, sizeof(lint_location_t *));
    l->accepts_unsafe = 1;
    l->parent = parent;
    if (parent) {
        l->proxy = parent->proxy;
        l->proxy_url = parent->proxy_url;
        l->proxy_http = parent->proxy_http;
        l->websocket = parent->websocket;
        l->auth = parent->auth;
        l->spa_fallback = parent->spa_fallback;
        l->options_handled = parent->options_handled;
        l->cgi = parent->cgi;
        l->accepts_unsafe = parent->accepts_unsafe;
        l->origin_reject = parent->origin_reject;
    }
    return l;
}

/* ---- origin checks ------------------------------------------------------------ */

lint_origin_check_t *
lint_check_new(builder_t *b, const lint_node_t *n, const char *kind,
               const char *regex, int caseless, const char *sets)
{
    lint_origin_check_t *c = apr_pcalloc(b->p, sizeof(*c));
    c->node = n;
    c->kind = kind;
    c->regex = regex;
    c->caseless = caseless;
    c->literals = apr_array_make(b->p, 2, sizeof(const char *));
    c->sets = sets;
    if (regex) {
        static const char *const any[] = { "https://a.example",
                                           "http://b.test:81", "null",
                                           "https://x.y.z.invalid", NULL };
        int k;
        c->intents = lint_regex_intents(b->p, regex);
        for (c->any = 1, k = 0; c->any && any[k]; k++) {
            c->any = lint_regex_matches(b->p, regex, caseless, any[k]) > 0;
        }
    }
    return c;
}

/* ---- headers -------------------------------------------------------------------- */

lint_header_t *
lint_header_new(builder_t *b, const lint_node_t *n, const char *name,
                const char *action, const char *value, int always,
                const char *cond)
{
    lint_header_t *h = apr_pcalloc(b->p, sizeof(*h));
    h->node = n;
    h->name = lint_lower(b->p, name);
    h->action = action;
    h->value = value;
    h->always = always;
    h->condition = cond;
    h->origin_dependent = lint_mentions_origin(value)
                          || lint_uses_var(value, b->origin_vars)
                          || (cond && lint_uses_var(cond, b->origin_vars)
                              && value && strstr(value, "%{"));
    h->from_include = n->included_from != NULL;
    return h;
}

int
lint_listen_port(const char *a, int *port)
{
    const char *colon = strrchr(a, ':');
    const char *num = colon ? colon + 1 : a;
    if (!strncmp(a, "unix:", 5)) {
        return 0;
    }
    if (a[0] == '[' && (!colon || strchr(colon, ']'))) {
        return 0;
    }
    if (apr_isdigit(*num)) {
        *port = atoi(num);
        return 1;
    }
    return 0;
}

void
lint_add_origins(builder_t *b, lint_server_t *s, apr_array_header_t *names,
                 int https, int port)
{
    int i;
    for (i = 0; i < names->nelts; i++) {
        const char *name = APR_ARRAY_IDX(names, i, const char *);
        const char *scheme = https ? "https" : "http";
        const char *str;
        ss_origin_t *o;
        const char *sch = strstr(name, "://");
        if (sch) {
            scheme = apr_pstrmemdup(b->p, name, (apr_size_t)(sch - name));
            name = sch + 3;
        }
        if (!*name || *name == '~' || strchr(name, '*') || !strcmp(name, "_")
            || *name == '.') {
            continue;
        }
        str =
            port && port != ss_scheme_default_port(scheme) && !strchr(name, ':')
                ? apr_psprintf(b->p, "%s://%s:%d", scheme, name, port)
                : apr_psprintf(b->p, "%s://%s", scheme, name);
        if (ss_origin_parse(&o, b->p, str) == SS_ORIGIN_OK) {
            APR_ARRAY_PUSH(s->public_origins, ss_origin_t *) = o;
            if (!s->origin) {
                s->origin = o;
            }
        }
    }
}

lint_server_t *
lint_server_new(builder_t *b, const lint_node_t *n)
{
    lint_server_t *s = apr_pcalloc(b->p, sizeof(*s));
    s->node = n;
    s->public_origins = apr_array_make(b->p, 2, sizeof(ss_origin_t *));
    s->locations = apr_array_make(b->p, 4, sizeof(lint_location_t *));
    s->origin_checks = apr_array_make(b->p, 2, sizeof(lint_origin_check_t *));
    s->allowed_origins = apr_array_make(b->p, 2, sizeof(const char *));
    s->cookies = apr_array_make(b->p, 2, sizeof(lint_cookie_t *));
    s->frontends = apr_array_make(b->p, 2, sizeof(lint_frontend_t *));
    s->backends = apr_array_make(b->p, 2, sizeof(lint_backend_t *));
    s->vars_read = apr_hash_make(b->p);
    return s;
}

/* The literal start of an anchored regex ("^/cgi-bin/(.*)" -> "/cgi-bin/"),
 * or NULL when it is not anchored or starts with a metacharacter. */
const char *
lint_regex_literal(apr_pool_t *p, const char *re)
{
    char *out, *w;
    if (!re || *re != '^') {
        return NULL;
    }
    out = w = apr_palloc(p, strlen(re) + 1);
    for (re++; *re; re++) {
        if (*re == '\\' && re[1] && !apr_isalnum(re[1])) {
            *w++ = *++re;
        } else if (apr_isalnum(*re) || strchr("/-_~%:,;=@", *re)) {
            *w++ = *re;
        } else {
            break;
        }
    }
    *w = '\0';
    /* a quantifier applies to the last literal: drop it */
    if (w > out && *re && strchr("?*{", *re)) {
        w[-1] = '\0';
    }
    return *out ? out : NULL;
}

/* ---- allowed origins ---------------------------------------------------------------- */

/* A directive under n (args, recursively) reads var. */
static int
node_refs_var(const lint_node_t *n, const char *var)
{
    int i;
    if (lint_is(n, "Require") && lint_nargs(n) >= 2
        && !strcasecmp(lint_arg(n, 0), "env")) {
        for (i = 1; i < lint_nargs(n); i++) {
            if (!strcasecmp(lint_arg(n, i), var)) {
                return 1;
            }
        }
    }
    for (i = 0; i < lint_nargs(n); i++) {
        if (lint_refs_var(lint_arg(n, i), var)) {
            return 1;
        }
    }
    for (i = 0; n->children && i < n->children->nelts; i++) {
        if (node_refs_var(APR_ARRAY_IDX(n->children, i, lint_node_t *), var)) {
            return 1;
        }
    }
    return 0;
}

static int
server_reads_var(const lint_server_t *s, const char *var)
{
    int i, j;
    if (node_refs_var(s->node, var)) {
        return 1;
    }
    /* headers inherited from the http level / main server */
    for (i = -1; i < s->locations->nelts; i++) {
        const lint_location_t *l =
            i < 0 ? s->server_loc
                  : APR_ARRAY_IDX(s->locations, i, lint_location_t *);
        for (j = 0; j < l->headers->nelts; j++) {
            const lint_header_t *h =
                APR_ARRAY_IDX(l->headers, j, lint_header_t *);
            if (lint_refs_var(h->value, var)
                || lint_refs_var(h->condition, var)) {
                return 1;
            }
        }
    }
    return 0;
}

int
lint_check_used(const lint_server_t *s, const lint_origin_check_t *c)
{
    const char *memo;
    int used;
    if (!c->sets) {
        return 1;
    }
    /* the answer depends on the variable only: every entry of a shared
     * map of hundreds of origins sets the same one, and a walk of the
     * whole server per entry made the linter quadratic */
    memo = s->vars_read
               ? apr_hash_get(s->vars_read, c->sets, APR_HASH_KEY_STRING)
               : NULL;
    if (memo) {
        return *memo == '1';
    }
    used = server_reads_var(s, c->sets);
    if (s->vars_read) {
        apr_hash_set(s->vars_read, c->sets, APR_HASH_KEY_STRING,
                     used ? "1" : "0");
    }
    return used;
}

/* The text is an origin (a pattern when from_regex) the config allows;
 * each text is parsed once, however many servers share its check. */
static int
allowable(builder_t *b, const char *origin, int from_regex)
{
    const char *key = apr_pstrcat(b->p, from_regex ? "r" : "o", origin, NULL);
    const char *v = apr_hash_get(b->parsed, key, APR_HASH_KEY_STRING);
    ss_origin_t *o;
    ss_pattern_t *pat;
    if (!v) {
        v = (from_regex ? ss_pattern_parse(&pat, b->p, origin) == SS_ORIGIN_OK
                              /* "^https://(www|app)": the literal start
                               * of a host the regex leaves open is no
                               * frontend (its bypass is still tried) */
                              && (strchr(pat->origin.host, '.')
                                  || strchr(pat->origin.host, ':')
                                  || !strcmp(pat->origin.host, "localhost"))
                        : ss_origin_parse(&o, b->p, origin) == SS_ORIGIN_OK
                              && !o->is_null)
                ? "1"
                : "0"; /* "null" is cors-null-origin's, never a frontend */
        apr_hash_set(b->parsed, key, APR_HASH_KEY_STRING, v);
    }
    return *v == '1';
}

static void
allow(builder_t *b, apr_array_header_t *out, const char *origin,
      const lint_node_t *node, int from_regex)
{
    lint_allowed_t *a;
    if (!allowable(b, origin, from_regex)) {
        return;
    }
    a = apr_pcalloc(b->p, sizeof(*a));
    a->origin = origin;
    a->node = node;
    a->from_regex = from_regex;
    APR_ARRAY_PUSH(out, lint_allowed_t *) = a;
}

/* The origins the used checks of these lists allow: every literal, then
 * what every regex was written to accept (an origin both listed and
 * matched by a regex keeps its literal source). */
static void
allow_checks(builder_t *b, const lint_server_t *s, apr_array_header_t *out,
             apr_array_header_t *const *lists, int n)
{
    apr_array_header_t *used =
        apr_array_make(b->p, 4, sizeof(lint_origin_check_t *));
    int i, j, k;
    for (i = 0; i < n; i++) {
        for (j = 0; j < lists[i]->nelts; j++) {
            lint_origin_check_t *c =
                APR_ARRAY_IDX(lists[i], j, lint_origin_check_t *);
            /* a deny list (a positive test that refuses) allows nothing */
            if ((c->reject && !c->negated) || !lint_check_used(s, c)) {
                continue;
            }
            APR_ARRAY_PUSH(used, lint_origin_check_t *) = c;
            for (k = 0; k < c->literals->nelts; k++) {
                allow(b, out, APR_ARRAY_IDX(c->literals, k, const char *),
                      c->node, 0);
            }
        }
    }
    for (j = 0; j < used->nelts; j++) {
        lint_origin_check_t *c = APR_ARRAY_IDX(used, j, lint_origin_check_t *);
        for (k = 0; c->intents && k < c->intents->nelts; k++) {
            const lint_regex_intent_t *it =
                APR_ARRAY_IDX(c->intents, k, const lint_regex_intent_t *);
            allow(b, out, it->pattern, c->node, 1);
        }
    }
}

/* A server whose allowlist is only the shared one (http-level maps, the
 * main server's SetEnvIf): what it allows depends only on which of the
 * shared variables it reads, so each such combination is built once and
 * its array shared.  One array per server made time and memory grow
 * with servers x origins. */
static apr_array_header_t *
shared_allowed(builder_t *b, const lint_server_t *s)
{
    char *sig;
    apr_array_header_t *out;
    int i, j;
    if (!b->http_vars) {
        b->http_vars = apr_array_make(b->p, 2, sizeof(const char *));
        for (i = 0; i < b->http_checks->nelts; i++) {
            const char *v =
                APR_ARRAY_IDX(b->http_checks, i, lint_origin_check_t *)->sets;
            for (j = 0;
                 v && j < b->http_vars->nelts
                 && strcmp(APR_ARRAY_IDX(b->http_vars, j, const char *), v);
                 j++)
                ;
            if (v && j == b->http_vars->nelts) {
                APR_ARRAY_PUSH(b->http_vars, const char *) = v;
            }
        }
    }
    sig = apr_pcalloc(b->p, (apr_size_t)b->http_vars->nelts + 2);
    sig[0] = '.';
    for (i = 0; i < b->http_vars->nelts; i++) {
        lint_origin_check_t probe;
        memset(&probe, 0, sizeof(probe));
        probe.sets = APR_ARRAY_IDX(b->http_vars, i, const char *);
        sig[i + 1] = lint_check_used(s, &probe) ? '1' : '0';
    }
    out = apr_hash_get(b->shared_allowed, sig, APR_HASH_KEY_STRING);
    if (!out) {
        out = apr_array_make(b->p, 4, sizeof(lint_allowed_t *));
        allow_checks(b, s, out, &b->http_checks, 1);
        apr_hash_set(b->shared_allowed, sig, APR_HASH_KEY_STRING, out);
    }
    return out;
}

static void
collect_allowed(builder_t *b, lint_server_t *s)
{
    apr_array_header_t *scopes = lint_server_scopes(b->p, s);
    apr_array_header_t **lists;
    int i, j, own_checks = 0;
    for (i = 0; i < scopes->nelts; i++) {
        lint_location_t *l = APR_ARRAY_IDX(scopes, i, lint_location_t *);
        own_checks += l->origin_checks->nelts;
        for (j = 0; j < l->headers->nelts; j++) {
            lint_header_t *h = APR_ARRAY_IDX(l->headers, j, lint_header_t *);
            if (!strcmp(h->name, "access-control-allow-origin") && h->value
                && strcmp(h->action, "unset")) {
                allow(b, s->allowed_origins, h->value, h->node, 0);
            }
        }
    }
    if (!own_checks && !s->allowed_origins->nelts
        && s->origin_checks == b->http_checks) {
        s->allowed_origins = shared_allowed(b, s);
        return;
    }
    /* the server's checks (the shared ones first), then each scope's */
    lists = apr_palloc(b->p, sizeof(*lists) * (scopes->nelts + 1));
    lists[0] = s->origin_checks;
    for (i = 0; i < scopes->nelts; i++) {
        lists[i + 1] =
            APR_ARRAY_IDX(scopes, i, lint_location_t *)->origin_checks;
    }
    allow_checks(b, s, s->allowed_origins, lists, scopes->nelts + 1);
}

lint_model_t *
lint_model_build(lint_ctx_t *ctx)
{
    builder_t b;
    lint_model_t *m = apr_pcalloc(ctx->pool, sizeof(*m));
    int i;

    m->config = ctx->config;
    m->dialect = ctx->config ? ctx->config->dialect : LINT_DIALECT_AUTO;
    m->servers = apr_array_make(ctx->pool, 4, sizeof(lint_server_t *));
    memset(&b, 0, sizeof(b));
    b.ctx = ctx;
    b.p = ctx->pool;
    b.m = m;
    b.origin_vars = apr_hash_make(ctx->pool);
    b.http_checks = apr_array_make(ctx->pool, 2, sizeof(lint_origin_check_t *));
    b.shared_allowed = apr_hash_make(ctx->pool);
    b.parsed = apr_hash_make(ctx->pool);
    if (ctx->config) {
        if (m->dialect == LINT_DIALECT_NGINX) {
            lint_nginx_model_build(&b);
        } else {
            lint_httpd_model_build(&b);
        }
    }
    for (i = 0; i < m->servers->nelts; i++) {
        lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        collect_allowed(&b, s);
        s->scopes = lint_server_scopes(b.p, s);
        s->levels = lint_server_levels(b.p, s);
    }
    lint_model_cookies_build(ctx, m);
    m->samesite_env = lint_samesite_env(ctx);
    m->psl = ctx->opts ? ctx->opts->psl : NULL;
    lint_sim_prepare(m, ctx->pool);
    return m;
}
