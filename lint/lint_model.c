/* placeholder model: replaced by the model/rules work */
#include <stdio.h>
#include "lint_model.h"

lint_model_t *
lint_model_build(lint_ctx_t *ctx)
{
    lint_model_t *m = apr_pcalloc(ctx->pool, sizeof(*m));
    m->config = ctx->config;
    m->servers = apr_array_make(ctx->pool, 1, sizeof(void *));
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
