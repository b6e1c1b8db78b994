/* lint_model.c -- build the deployment model (servers, locations,
 * effective headers, origin checks, proxies) from a parsed config.
 * Cookies, frontends and topology: lint_model_cookie.c. */
#include <stdio.h>
#include "lint_model.h"

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

lint_model_t *
lint_model_build(lint_ctx_t *ctx)
{
    lint_model_t *m = apr_pcalloc(ctx->pool, sizeof(*m));
    m->config = ctx->config;
    m->dialect = ctx->config ? ctx->config->dialect : LINT_DIALECT_AUTO;
    m->servers = apr_array_make(ctx->pool, 4, sizeof(lint_server_t *));
    lint_model_cookies_build(ctx, m);
    return m;
}

void
lint_rules_run(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i, n;
    const lint_rule_t *r = lint_rule_registry(&n);
    for (i = 0; i < n; i++)
        r[i].check(ctx, m);
}

void
lint_topology_print(void *stdio_file, apr_pool_t *p, const lint_model_t *m)
{
    (void)p; (void)m;
    fputs("public origin  frontends  class  policy\n", (FILE *)stdio_file);
}
