/* cookie-missing-httponly: a session-like cookie (name contains sess, sid,
 * auth, token, login, jwt, ...) the config sets without HttpOnly: any
 * script injected into the page (XSS) can read and exfiltrate it.
 * Fix: add HttpOnly (the frontend never needs to read a session cookie).
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain cookie-missing-httponly`, from the core catalog
 * (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_cookie_missing_httponly(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i, j;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        for (j = 0; j < s->cookies->nelts; j++) {
            const lint_cookie_t *c = APR_ARRAY_IDX(s->cookies, j, lint_cookie_t *);
            if (c->cookie && c->cookie->valid && c->session_like && c->httponly != 1
                && (!strcmp(c->source, "set-header") || !strcmp(c->source, "session"))) {
                lint_report(ctx, "cookie-missing-httponly", c->node,
                            "session cookie \"%s\" is readable by scripts: add "
                            "HttpOnly", c->name);
            }
        }
    }
}
