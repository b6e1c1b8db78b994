/* lint_sim_httpd.h -- the httpd simulator's internals, shared by
 * lint_sim_httpd.c (vhost, sections, translation, access, handler) and
 * lint_sim_httpd_headers.c (environment, mod_headers' two tables, the
 * response as sent). */
#ifndef LINT_SIM_HTTPD_H
#define LINT_SIM_HTTPD_H

#include <apr_tables.h>
#include "lint_sim.h"

typedef enum {
    HS_STATIC = 0, /* a file under DocumentRoot / Alias */
    HS_PROXY_HTTP, /* mod_proxy_http: the backend's headers in headers_out */
    HS_PROXY_CGI,  /* mod_proxy_fcgi / _scgi, CGI: err_headers_out */
    HS_ANSWERED    /* httpd answers itself (redirect, error, 204 ...) */
} hs_handler_t;

typedef struct {
    apr_pool_t *p;
    const lint_model_t *m;
    const lint_sim_request_t *req;
    lint_sim_response_t *res;
    const lint_node_t *root;  /* the main server (config root) */
    const lint_node_t *vhost; /* the <VirtualHost>, or NULL: main */
    apr_table_t *env;         /* the request's environment */
    apr_hash_t *modules;      /* loaded: "headers_module", "mod_headers.c" */
    int all_modules;          /* no LoadModule: a fragment, assume all */
    apr_hash_t *defines;      /* Define NAME */
    apr_array_header_t *caps; /* $0..$9 of the last ap_expr regex */
    const char *uri;
    const char *method;
    const char *filename;      /* NULL: proxied (no <Directory>) */
    const char *proxy_url;     /* the backend URL when proxied */
    const lint_node_t *mapper; /* what mapped the URL (ProxyPass, Alias) */
    hs_handler_t handler;
    int status;                 /* httpd's own answer, 0: none */
    apr_array_header_t *scopes; /* const lint_node_t *: the blocks whose
                                    directives apply, in merge order */
    apr_array_header_t *out;    /* lint_sim_header_t: headers_out */
    apr_array_header_t *err;    /* lint_sim_header_t: err_headers_out */
    struct hs_samesite_t *ss;   /* mod_samesite's request state, or NULL */
    int samesite_answered;      /* mod_samesite answered the preflight */
} hs_t;

/* x for req on the model's configuration, the main server's scope */
void hs_init(hs_t *x, apr_pool_t *p, const lint_model_t *m,
             const lint_sim_request_t *req, lint_sim_response_t *res);
/* the URL -> <Directory> mapping's per-configuration state
 * (lint_sim_httpd_map.c) */
void hs_map_prepare(lint_model_t *m, apr_pool_t *p);

/* One <IfModule>/<IfDefine>/... wrapper: 1 its content is read by httpd */
int hs_wrapper_true(hs_t *x, const lint_node_t *n);
/* The directive children of a scope, looking through true wrappers (not
 * into sections); calls fn for each in order. */
typedef void hs_each_fn(hs_t *x, const lint_node_t *d, void *baton);
void hs_each_directive(hs_t *x, const lint_node_t *scope, hs_each_fn *fn,
                       void *baton);

/* <IfModule>, <IfDefine>, ... */
int hs_is_wrapper(const lint_node_t *n);
/* <Limit>/<LimitExcept> that applies to the request's method */
int hs_limit_applies(hs_t *x, const lint_node_t *n);
/* what an expression or a %{VAR} reads: kind "var" (REQUEST_METHOD ...),
 * "http" (a request header), "env" (the environment) */
const char *hs_lookup(void *baton, const char *kind, const char *name);
/* <Directory ~ RE>, <DirectoryMatch>, ... and the section's path/regex */
int hs_section_regex(const lint_node_t *c);
const char *hs_section_path(const lint_node_t *c);
/* HS_PROXY_HTTP or HS_PROXY_CGI for a backend URL (fcgi://, scgi://) */
int hs_backend_kind(const char *url);
/* every section named name1/name2 directly in scope (through true
 * wrappers) */
void hs_sections_of(hs_t *x, const lint_node_t *scope, const char *name1,
                    const char *name2, apr_array_header_t *out);
/* <Location PATH> (a prefix on a segment boundary, wildcards) or
 * <LocationMatch> matches uri */
int hs_location_matches(hs_t *x, const lint_node_t *c, const char *uri);
/* translate_name: sets x->proxy_url / x->filename, or answers (x->status) */
void hs_translate(hs_t *x);
/* access phase: 1 when httpd refuses the request (x->status: 401, 403) */
int hs_access(hs_t *x);
/* the RewriteRules of one scope (RewriteEngine On): 1 when the request
 * is answered (x->status) or proxied (x->proxy_url), 2 when a rule
 * rewrote the path without [PT] (x->uri), 0 otherwise; subject: what
 * the patterns see (NULL: the URL-path) */
int hs_rewrite(hs_t *x, const lint_node_t *scope, const char *subject);

/* ap_expr for this request: 1 true, 0 false, -1 not understood */
int hs_expr(hs_t *x, const lint_node_t *where, const char *expr);

/* SetEnvIf / SetEnvIfNoCase / SetEnvIfExpr / BrowserMatch of one scope */
void hs_setenvif(hs_t *x, const lint_node_t *scope);

/* mod_proxy_http: ProxyPassReverseCookiePath / Domain on the backend's
 * Set-Cookie in headers_out */
void hs_proxy_cookies(hs_t *x);

/* mod_headers: apply the Header directives of x->scopes to the tables;
 * error: httpd's own error response (only the `always` table, on a
 * fresh table after ap_send_error_response's swap; no swap for 204 and
 * 304: headers_out goes out as it is) */
void hs_mod_headers(hs_t *x, int error);

/* mod_samesite's header_parser (lint_sim_httpd_samesite.c): 1 when it
 * answers the request (x->status: 403 from a check, 204 for a preflight
 * it handles) */
int hs_samesite_request(hs_t *x);
/* mod_samesite's output filter on the final tables (normal and error
 * responses; not after the module answered a preflight itself) */
void hs_samesite_response(hs_t *x);

/* The response as sent: err_headers_out then headers_out
 * (apr_table_overlay in ap_http_header_filter), Vary merged (fix_vary). */
void hs_emit(hs_t *x);

/* table helpers (apr_table semantics, case-insensitive names) */
void hs_table_add(apr_pool_t *p, apr_array_header_t *t, const char *name,
                  const char *value, const lint_node_t *node);
void hs_table_unset(apr_array_header_t *t, const char *name);
void hs_table_set(apr_pool_t *p, apr_array_header_t *t, const char *name,
                  const char *value, const lint_node_t *node);
const char *hs_table_get(apr_array_header_t *t, const char *name);
void hs_table_merge(apr_pool_t *p, apr_array_header_t *t, const char *name,
                    const char *value, const lint_node_t *node);

#endif
