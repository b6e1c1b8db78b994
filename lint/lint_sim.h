/* lint_sim.h -- what the server sends for one request, as the model
 * predicts it (samesite-lint --simulate, SPEC 4).
 *
 * The model (lint_model.h) says how the configuration is built: servers,
 * locations in matching order, the headers of each level after
 * inheritance.  The simulator runs one request through it the way the
 * server does:
 *
 *   nginx (lint_sim_nginx.c): server by port and Host, server-level
 *     rewrite directives, location, the location's rewrite directives
 *     (`set`, `if` -- the last `if` taken supplies the configuration --,
 *     `return`, `rewrite`, `break`), access (allow/deny, limit_except,
 *     auth_basic), content (return, the backend through *_pass, a static
 *     file, try_files, index, error_page), then the upstream headers
 *     (*_hide_header, proxy_cookie_*) and add_header of the final level
 *     (without `always` only on 200, 201, 204, 206, 301-304, 307, 308);
 *   httpd (lint_sim_httpd.c): vhost by port and Host, the sections that
 *     apply in httpd's merge order, access and auth, the handler (proxy,
 *     CGI, static file), then mod_headers' two tables on a normal
 *     response and only the `always` table on httpd's own error
 *     responses (SPEC 6).
 *
 * The response lists the headers the rules and users care about:
 * Access-Control-*, Vary and Set-Cookie, in the order they are sent.
 * tests/server/run checks every prediction against the real server.
 */
#ifndef LINT_SIM_H
#define LINT_SIM_H

#include <stdio.h>
#include "lint_model.h"

typedef struct lint_sim_header_t {
    const char *name;
    const char *value;
    const lint_node_t *node; /* the directive that wrote it; NULL: the
                                backend (or the request) */
} lint_sim_header_t;

/* The backend's answer when it cannot be reached (--backend-status down). */
#define LINT_SIM_BACKEND_DOWN 0

typedef struct lint_sim_request_t {
    const char *method;          /* "GET" */
    const char *url;             /* as given */
    const char *scheme;          /* "http" / "https" */
    const char *host;            /* lower case, no port, no brackets */
    int port;                    /* explicit or the scheme's */
    const char *path;            /* "/api/x" (percent-decoded, no query) */
    const char *args;            /* the query string without '?', or NULL */
    apr_array_header_t *headers; /* lint_sim_header_t: request headers,
                                    Host first */
    int backend_status;          /* the content's status: the backend's answer
                               or the static file's (200 exists, 404
                               missing); LINT_SIM_BACKEND_DOWN */
    int file_status;             /* a static file's: 200 it exists, else
                                    missing (--file-status; default the
                                    backend_status) */
    apr_array_header_t *backend_headers; /* lint_sim_header_t: what the
                                            backend sends */
} lint_sim_request_t;

typedef struct lint_sim_response_t {
    const lint_server_t *server; /* NULL: no server takes the port */
    const lint_node_t *node;     /* the location (or server) that handles
                                     the request: file:line */
    int status;                  /* the status the configuration or the
                                     server answers with itself; 0 when
                                     the backend's or the file's stands */
    int final_status;            /* the status the response goes out with */
    const char *handler;         /* who answered, for the text output:
                                     "return", "proxy", "static", ... */
    apr_array_header_t *headers; /* lint_sim_header_t: Access-Control-*,
                                     Vary, Set-Cookie, in order */
    apr_array_header_t *scopes;  /* const lint_node_t *: the blocks whose
                                    configuration applied, in order (nginx:
                                    the server, the location, each `if`
                                    taken; httpd: the merged sections) */
    apr_array_header_t *trace;   /* const char *: the steps taken
                                     ("file:line: if ($x) taken"), for
                                     the text output */
    const char *error;           /* why nothing could be simulated */
} lint_sim_response_t;

/* Parse "METHOD URL" plus the --header / --backend-* options into req.
 * Returns NULL or a message saying what is wrong. */
const char *lint_sim_request_parse(lint_sim_request_t *req, apr_pool_t *p,
                                   const char *request_line,
                                   const apr_array_header_t *headers,
                                   const char *backend_status,
                                   const apr_array_header_t *backend_headers);

/* What the simulator reads once per configuration (nginx maps, httpd
 * modules and defines): called by lint_model_build(). */
void lint_sim_prepare(lint_model_t *m, apr_pool_t *p);

/* Run req through the model: the server the port and Host select, then
 * its phases.  Never fails: out->error says when no server takes the
 * request.  trace: record the steps (for the text output). */
void lint_simulate(lint_sim_response_t *out, apr_pool_t *p,
                   const lint_model_t *m, const lint_sim_request_t *req,
                   int trace);
/* The same at a server chosen by the caller (the rules' probes). */
void lint_sim_server(lint_sim_response_t *out, apr_pool_t *p,
                     const lint_model_t *m, const lint_server_t *s,
                     const lint_sim_request_t *req);

/* the two simulators: s NULL selects the server from the request */
void lint_sim_nginx(lint_sim_response_t *out, apr_pool_t *p,
                    const lint_model_t *m, const lint_server_t *s,
                    const lint_sim_request_t *req);
void lint_sim_httpd(lint_sim_response_t *out, apr_pool_t *p,
                    const lint_model_t *m, const lint_server_t *s,
                    const lint_sim_request_t *req);
void lint_sim_nginx_prepare(lint_model_t *m, apr_pool_t *p);
void lint_sim_httpd_prepare(lint_model_t *m, apr_pool_t *p);

/* The response as text (what a user reads) or as the one JSON object of
 * SPEC 4: {"simulation": {"file", "line", "status", "headers"}}. */
void lint_sim_print_text(FILE *o, const lint_sim_request_t *req,
                         const lint_sim_response_t *res);
void lint_sim_print_json(FILE *o, const lint_sim_response_t *res);

/* ---- helpers shared by the two simulators (lint_sim.c) ---------------- */

/* The request header (case-insensitive), or NULL. */
const char *lint_sim_req_header(const lint_sim_request_t *req,
                                const char *name);
/* Keep the header in res->headers when it is one the output lists. */
void lint_sim_emit(lint_sim_response_t *res, apr_pool_t *p, const char *name,
                   const char *value, const lint_node_t *node);
/* Record a step of the simulation for the text output. */
void lint_sim_trace(lint_sim_response_t *res, apr_pool_t *p,
                    const lint_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
