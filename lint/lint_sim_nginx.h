/* lint_sim_nginx.h -- the nginx simulator's internals, shared by
 * lint_sim_nginx.c (server, phases, content), lint_sim_nginx_script.c
 * (variables, map, the rewrite module's script), lint_sim_nginx_access.c
 * and lint_sim_nginx_headers.c (upstream headers, proxy_cookie_*,
 * add_header). */
#ifndef LINT_SIM_NGINX_H
#define LINT_SIM_NGINX_H

#include "lint_sim.h"

typedef struct {
    apr_pool_t *p;
    const lint_model_t *m;
    const lint_sim_request_t *req;
    lint_sim_response_t *res;
    const lint_server_t *s;
    apr_hash_t *vars; /* `set` variables, name without '$' */
    apr_hash_t *maps; /* map nodes by variable name */
    const char *uri;  /* the URI now (rewrite, redirects) */
    const char *args;
    const char *method;
    apr_array_header_t *caps;     /* $0..$9 of the last regex that matched */
    const lint_location_t *loc;   /* the location found, NULL: server */
    const lint_location_t *level; /* the configuration in force */
    int status;                   /* nginx answers itself with this */
    int cycles;
    int in_error_page;
    int fallback; /* at try_files' fallback URI: a deployed file (the
                     SPA's index.html), whatever --file-status says */
} ngx_t;

/* the static file's status now: --file-status, 200 at a fallback URI */
#define NGX_FILE_STATUS(x) ((x)->fallback ? 200 : (x)->req->file_status)

enum { RW_NEXT = 0, RW_STOP, RW_BREAK, RW_LAST };

/* "$a-${b}" with the request's variables */
const char *ngx_expand(ngx_t *x, const char *text);
/* the rewrite module's script of blk (set, if, return, rewrite, break):
 * RW_NEXT, RW_STOP (answered), RW_BREAK, RW_LAST (search again); loc:
 * the location whose `if` levels can be taken (NULL at the server) */
int ngx_script(ngx_t *x, const lint_node_t *blk, const lint_location_t *loc);
/* the `if` level of location l made from the if block n */
const lint_location_t *if_level(const lint_location_t *l, const lint_node_t *n);
/* access phase at blk (a limit_except block or l's own): 1 refused */
int ngx_access(ngx_t *x, const lint_node_t *blk, const lint_location_t *l);
/* the limit_except block of l that applies to the method, or NULL */
const lint_node_t *ngx_limit_except(ngx_t *x, const lint_location_t *l);
/* the backend's headers through *_hide_header and proxy_cookie_* */
void ngx_upstream_headers(ngx_t *x, const lint_location_t *l,
                          const lint_node_t *pass);
/* the directive `name` at the nearest level from l outwards (levels
 * inherit it whole when they have none) */
const lint_node_t *ngx_inherited(const lint_location_t *l, const char *name);
/* add_header of the configuration in force */
void ngx_add_headers(ngx_t *x, int status);

#endif
