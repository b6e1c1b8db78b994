/* lint_model_cookie.c -- cookies set or rewritten by the config,
 * frontends (SameSiteFrontend, --frontend, annotations, allowed origins),
 * mod_samesite settings and the core's topology for each server. */
#include "lint_model.h"

void
lint_model_cookies_build(lint_ctx_t *ctx, lint_model_t *m)
{
    (void)ctx; (void)m;
}
