/* lint_model_build.h -- what the model's builders share (lint_model.c,
 * lint_nginx.c, lint_httpd*.c); not for rules, which read lint_model.h. */
#ifndef LINT_MODEL_BUILD_H
#define LINT_MODEL_BUILD_H

#include "lint_model.h"

typedef struct {
    lint_ctx_t *ctx;
    apr_pool_t *p;
    lint_model_t *m;
    apr_hash_t *origin_vars; /* variables set from the Origin, as
                                      lint_refs_var takes them:
                                      "$cors_origin", "CORS_ORIGIN" */
    apr_array_header_t *http_checks;
    /* collect_allowed (lint_model.c): what it computes once for every
     * server that shares http_checks */
    apr_array_header_t *http_vars; /* the distinct variables they set */
    apr_hash_t *shared_allowed;    /* which of them a server reads ("01")
                                      -> its allowed_origins */
    apr_hash_t *parsed;            /* origin / pattern text -> "1" (allowed)
                                      or "0" (not an origin) */
} builder_t;

/* lower-case copy */
char *lint_lower(apr_pool_t *p, const char *s);
/* the value reads a variable set from the Origin (map / SetEnvIf /
 * RewriteRule [E=]) */
int lint_uses_var(const char *v, apr_hash_t *origin_vars);
lint_location_t *lint_loc_new(apr_pool_t *p, const lint_node_t *node,
                              lint_loc_kind_t kind, const char *path,
                              const lint_location_t *parent);
lint_origin_check_t *lint_check_new(builder_t *b, const lint_node_t *n,
                                    const char *kind, const char *regex,
                                    int caseless, const char *sets);
lint_header_t *lint_header_new(builder_t *b, const lint_node_t *n,
                               const char *name, const char *action,
                               const char *value, int always, const char *cond);
/* the server's public origins from its names, scheme and port */
void lint_add_origins(builder_t *b, lint_server_t *s, apr_array_header_t *names,
                      int https, int port);
lint_server_t *lint_server_new(builder_t *b, const lint_node_t *n);

/* the dialects' builders: fill b->m->servers */
void lint_nginx_model_build(builder_t *b);
void lint_httpd_model_build(builder_t *b);

/* httpd's builder (lint_httpd.c) and its parts.
 * lint_httpd_origin.c, where the Origin is tested: */
/* every variable set from the Origin below n, into b->origin_vars */
void lint_httpd_origin_vars(builder_t *b, const lint_node_t *n);
/* the check of an ap_expr that compares the Origin, or NULL */
lint_origin_check_t *lint_httpd_origin_expr(builder_t *b, const lint_node_t *n,
                                            const char *expr);
/* directive or <If> n of scope l: its origin check, if any, into checks */
void lint_httpd_origin_check(builder_t *b, lint_location_t *l,
                             const lint_node_t *n, apr_array_header_t *checks);
/* Require env / Allow, Deny from env= on an Origin variable refuses */
void lint_httpd_require_reject(builder_t *b, lint_location_t *l,
                               const lint_node_t *n);
/* <If> / <Else> block blk refusing the origins its check rejects */
void lint_httpd_if_reject(builder_t *b, lint_location_t *l,
                          const lint_node_t *blk, apr_array_header_t *checks);
/* lint_httpd_backend.c, who answers each scope: */
/* 0 mod_proxy_http, 1 CGI-like, -1 anything else (a URL or handler) */
int lint_httpd_backend_kind(const char *url);
/* directive c of scope l declares a backend: into s->backends */
void lint_httpd_backend(builder_t *b, lint_server_t *s, lint_location_t *l,
                        const lint_node_t *c);
/* each scope's cgi / proxy_http / proxy from the backends that may
 * answer it */
void lint_httpd_serving(builder_t *b, lint_server_t *s);

#endif
