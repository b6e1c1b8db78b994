/* lint_probe.c -- the rules' requests to the simulator (lint_probe.h). */
#include <string.h>
#include <apr_strings.h>
#include "lint_probe.h"

const char *
lint_sim_header(const lint_sim_response_t *r, const char *name)
{
    int i;
    for (i = 0; r->headers && i < r->headers->nelts; i++) {
        const lint_sim_header_t *h =
            &APR_ARRAY_IDX(r->headers, i, lint_sim_header_t);
        if (!strcasecmp(h->name, name)) {
            return h->value;
        }
    }
    return NULL;
}

int
lint_sim_header_count(const lint_sim_response_t *r, const char *name)
{
    int i, n = 0;
    for (i = 0; r->headers && i < r->headers->nelts; i++) {
        n += !strcasecmp(APR_ARRAY_IDX(r->headers, i, lint_sim_header_t).name,
                         name);
    }
    return n;
}

int
lint_sim_applied(const lint_sim_response_t *r, const lint_node_t *n)
{
    int i;
    for (i = 0; r->scopes && i < r->scopes->nelts; i++) {
        if (APR_ARRAY_IDX(r->scopes, i, const lint_node_t *) == n) {
            return 1;
        }
    }
    return 0;
}

/* ---- requests ---------------------------------------------------------------- */

static void
add_header(apr_pool_t *p, apr_array_header_t *a, const char *name,
           const char *value)
{
    lint_sim_header_t *h = apr_array_push(a);
    h->name = name;
    h->value = apr_pstrdup(p, value);
}

/* A request to s for uri; origin NULL: none */
static lint_sim_request_t *
request(apr_pool_t *p, const lint_server_t *s, const char *method,
        const char *uri, const char *origin, int backend_status)
{
    lint_sim_request_t *r = apr_pcalloc(p, sizeof(*r));
    const ss_origin_t *o = s->origin;
    r->method = method;
    r->scheme = o ? o->scheme : "http";
    r->host = o ? o->host : "localhost";
    r->port = o ? o->port : 80;
    r->path = uri;
    r->url = apr_psprintf(p, "%s://%s%s", r->scheme, r->host, uri);
    r->headers = apr_array_make(p, 4, sizeof(lint_sim_header_t));
    add_header(p, r->headers, "Host", r->host);
    if (origin) {
        add_header(p, r->headers, "Origin", origin);
    }
    r->backend_status = backend_status;
    r->file_status = backend_status;
    r->backend_headers = apr_array_make(p, 3, sizeof(lint_sim_header_t));
    return r;
}

static const char *
probe_origin(apr_pool_t *p, const lint_server_t *s)
{
    int i;
    for (i = 0; s->frontends && i < s->frontends->nelts; i++) {
        const lint_frontend_t *f =
            APR_ARRAY_IDX(s->frontends, i, const lint_frontend_t *);
        const char *star = strstr(f->text, "://*.");
        if (!star) {
            return f->text;
        }
        /* a wildcard pattern: one name it takes */
        return apr_pstrcat(p, apr_pstrmemdup(p, f->text, star - f->text + 3),
                           "x", star + 4, NULL);
    }
    return "https://frontend.example";
}

/* ---- the URI of a scope ---------------------------------------------------- */

static const char *const tails[] = { "ss-probe",
                                     "ss-probe.php",
                                     "ss-probe.html",
                                     "ss-probe.js",
                                     "ss-probe.css",
                                     "ss-probe.png",
                                     "ss-probe.json",
                                     "ss-probe.jpg",
                                     "ss-probe.svg",
                                     "ss-probe.woff2",
                                     "ss-probe.ico",
                                     "ss-probe.txt",
                                     "ss-probe.xml",
                                     "ss-probe/",
                                     "",
                                     NULL };

static int
reaches(apr_pool_t *p, const lint_model_t *m, const lint_server_t *s,
        const lint_location_t *l, const char *uri, lint_sim_response_t *out)
{
    lint_sim_request_t *r = request(p, s, "GET", uri, NULL, 200);
    if (m->dialect == LINT_DIALECT_NGINX) {
        /* location matching alone decides which location handles it */
        const lint_location_t *f = lint_nginx_find_location(p, s, uri);
        if (l->kind == LINT_LOC_SERVER ? f != NULL : f != l) {
            return 0;
        }
        if (!out) {
            return 1;
        }
    }
    lint_sim_server(out, p, m, s, r);
    return l->kind == LINT_LOC_SERVER ? out->server == s
                                      : lint_sim_applied(out, l->node);
}

/* the directory a <Directory> names, as a URL-path: under DocumentRoot
 * or an Alias target (the model's segment-aware mapping) */
static const char *
directory_uri(apr_pool_t *p, const lint_server_t *s, const lint_location_t *l)
{
    const char *dir = l->path;
    int i;
    if (!dir || strpbrk(dir, "*?[") || l->node == NULL
        || !lint_is(l->node, "Directory")) {
        return NULL;
    }
    for (i = 0; s->node && s->node->children && i < s->node->children->nelts;
         i++) {
        const lint_node_t *c =
            APR_ARRAY_IDX(s->node->children, i, lint_node_t *);
        const char *from = NULL, *to = NULL;
        size_t n;
        if (lint_is(c, "DocumentRoot") && lint_nargs(c) >= 1) {
            from = "/";
            to = lint_arg(c, 0);
        } else if (lint_is(c, "Alias") && lint_nargs(c) >= 2) {
            from = lint_arg(c, 0);
            to = lint_arg(c, 1);
        }
        if (!to) {
            continue;
        }
        n = strlen(to);
        while (n > 1 && to[n - 1] == '/') {
            n--;
        }
        if (!strncmp(dir, to, n) && (dir[n] == '/' || dir[n] == '\0')) {
            const char *rest = dir + n;
            return apr_pstrcat(
                p, from,
                from[strlen(from) - 1] == '/' && *rest == '/' ? rest + 1 : rest,
                rest[0] && rest[strlen(rest) - 1] == '/' ? "" : "/", NULL);
        }
    }
    return NULL;
}

const char *
lint_probe_uri(lint_ctx_t *ctx, const lint_model_t *m, const lint_server_t *s,
               const lint_location_t *l)
{
    apr_pool_t *p = ctx->pool;
    const char *base = NULL, *lit;
    int i, re = 0;
    if (!s->origin || !l) {
        return NULL;
    }
    switch (l->kind) {
    case LINT_LOC_IF:
        return l->parent ? lint_probe_uri(ctx, m, s, l->parent) : NULL;
    case LINT_LOC_HTTP:
        return NULL;
    case LINT_LOC_SERVER:
        base = "/";
        break;
    case LINT_LOC_EXACT:
        return reaches(p, m, s, l, l->path, NULL) ? l->path : NULL;
    case LINT_LOC_PREFIX:
    case LINT_LOC_PREFIX_NOREGEX:
        if (l->path[0] == '@') {
            return NULL;
        }
        base = l->path[strlen(l->path) - 1] == '/'
                   ? l->path
                   : apr_pstrcat(p, l->path, "/", NULL);
        break;
    case LINT_LOC_REGEX:
    case LINT_LOC_REGEX_CASELESS:
        lit = lint_regex_literal(p, l->path);
        base = lit && lit[0] == '/' ? lit : "/";
        re = 1;
        break;
    case LINT_LOC_DIRECTORY:
        base = directory_uri(p, s, l);
        if (!base
            && (lint_is(l->node, "Files") || lint_is(l->node, "FilesMatch"))) {
            base = "/";
            re = 1;
            if (lint_is(l->node, "Files") && l->path
                && !strpbrk(l->path, "*?[~")) {
                const char *u = apr_pstrcat(p, "/", l->path, NULL);
                return reaches(p, m, s, l, u, NULL) ? u : NULL;
            }
        }
        if (!base) {
            return NULL;
        }
        break;
    }
    for (i = 0; tails[i]; i++) {
        const char *u;
        lint_sim_response_t out;
        if (!re && i > 0 && tails[i][0] && strcmp(tails[i], "ss-probe/")) {
            continue; /* a prefix takes the first tail */
        }
        u = apr_pstrcat(p, base, tails[i], NULL);
        if (reaches(p, m, s, l, u, &out)) {
            return u;
        }
    }
    return NULL;
}

/* ---- the probe ------------------------------------------------------------ */

const lint_probe_t *
lint_probe(lint_ctx_t *ctx, const lint_model_t *m, const lint_server_t *s,
           const lint_location_t *l)
{
    apr_pool_t *p = ctx->pool;
    lint_probe_t *pr;
    lint_sim_request_t *r;
    const lint_location_t *key = l;
    if (l->kind == LINT_LOC_IF && l->parent) {
        key = l->parent; /* an `if` level is a part of its location */
    }
    if (!ctx->probes) {
        ctx->probes = apr_hash_make(p);
    }
    pr = apr_hash_get(ctx->probes, &key, sizeof(key));
    if (pr) {
        return pr;
    }
    pr = apr_pcalloc(p, sizeof(*pr));
    pr->scope = key;
    pr->origin = probe_origin(p, s);
    pr->uri = lint_probe_uri(ctx, m, s, key);
    apr_hash_set(ctx->probes, apr_pmemdup(p, &key, sizeof(key)), sizeof(key),
                 pr);
    if (!pr->uri) {
        return pr;
    }
    lint_sim_server(&pr->get, p, m, s,
                    request(p, s, "GET", pr->uri, pr->origin, 200));
    pr->proxied = pr->get.handler && !strcmp(pr->get.handler, "backend");
    lint_sim_server(
        &pr->get_error, p, m, s,
        request(p, s, "GET", pr->uri, pr->origin, pr->proxied ? 500 : 404));
    r = request(p, s, "OPTIONS", pr->uri, pr->origin, 200);
    add_header(p, r->headers, "Access-Control-Request-Method", "PUT");
    add_header(p, r->headers, "Access-Control-Request-Headers", "content-type");
    lint_sim_server(&pr->preflight, p, m, s, r);
    lint_sim_server(&pr->hostile, p, m, s,
                    request(p, s, "GET", pr->uri, LINT_PROBE_HOSTILE, 200));
    r = request(p, s, "GET", pr->uri, pr->origin, 200);
    add_header(p, r->backend_headers, "Access-Control-Allow-Origin",
               pr->origin);
    add_header(p, r->backend_headers, "Access-Control-Allow-Credentials",
               "true");
    add_header(p, r->backend_headers, "Vary", "Origin");
    lint_sim_server(&pr->backend, p, m, s, r);
    return pr;
}
