/* lint_sim_httpd.c -- one request through httpd (lint_sim.h): being
 * written; until then --simulate refuses httpd configurations (exit 2)
 * rather than guess. */
#include <apr_strings.h>
#include "lint_sim.h"

void
lint_sim_httpd(lint_sim_response_t *out, apr_pool_t *p, const lint_model_t *m,
               const lint_sim_request_t *req)
{
    (void)m;
    (void)req;
    out->error = apr_pstrdup(p, "--simulate does not model httpd yet");
}
