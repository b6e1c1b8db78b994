/* lint_probe.h -- the rules' questions to the simulator (lint_sim.h).
 *
 * A rule that asks "what does this scope send?" does not re-derive
 * nginx's or httpd's semantics: it takes the scope's probe, a handful of
 * requests run through the same simulator that tests/server/run proves
 * against the real servers, and reads their responses.  A probe is
 * computed once per scope and shared by every rule.
 *
 * The requests, all to one URI the scope handles (lint_probe_uri), from
 * the server's first frontend (or https://frontend.example when it has
 * none):
 *   get        GET with Origin, the content answers 200 with no headers
 *   get_error  the same, the content fails (a backend's 500, a missing
 *              file's 404): what an error response carries
 *   preflight  OPTIONS with Origin, Access-Control-Request-Method: PUT,
 *              Access-Control-Request-Headers: content-type
 *   hostile    GET from an origin no allowlist should accept
 *   backend    GET with Origin where a proxied backend sends its own
 *              Access-Control-Allow-Origin / -Credentials and Vary
 */
#ifndef LINT_PROBE_H
#define LINT_PROBE_H

#include "lint_sim.h"

typedef struct lint_probe_t {
    const lint_location_t *scope;
    const char *uri;    /* NULL: no request reaches the scope */
    const char *origin; /* the frontend the requests come from */
    int proxied;        /* get went to a backend */
    lint_sim_response_t get;
    lint_sim_response_t get_error;
    lint_sim_response_t preflight;
    lint_sim_response_t hostile;
    lint_sim_response_t backend;
} lint_probe_t;

/* The hostile origin of the probes. */
#define LINT_PROBE_HOSTILE "https://attacker.invalid"

/* A URI that the scope handles (the simulator says so), or NULL. */
const char *lint_probe_uri(lint_ctx_t *ctx, const lint_model_t *m,
                           const lint_server_t *s, const lint_location_t *l);

/* The scope's probe, computed on first use (ctx->probes). */
const lint_probe_t *lint_probe(lint_ctx_t *ctx, const lint_model_t *m,
                               const lint_server_t *s,
                               const lint_location_t *l);

/* The value of the first response header called name, or NULL. */
const char *lint_sim_header(const lint_sim_response_t *r, const char *name);
/* How many response headers are called name. */
int lint_sim_header_count(const lint_sim_response_t *r, const char *name);
/* The scope's node is among the blocks whose configuration applied. */
int lint_sim_applied(const lint_sim_response_t *r, const lint_node_t *n);

#endif
