/* lint_sim_httpd_access.c -- httpd's access phase for the simulator:
 * mod_access_compat (Order / Allow / Deny) and mod_authz_core (Require,
 * <RequireAll>/<RequireAny>/<RequireNone>, the innermost scope with
 * authz directives deciding: AuthMerging Off), for a client on
 * 127.0.0.1 that sends no credentials unless the request has an
 * Authorization header. */
#include <string.h>
#include <apr_strings.h>
#include "lint_sim_httpd.h"

/* ---- access ------------------------------------------------------------------ */

typedef struct {
    const lint_node_t *authz;  /* innermost scope with Require */
    const lint_node_t *compat; /* innermost scope with Allow/Deny/Order */
    const lint_node_t *authtype;
} hs_access_t;

static void
access_scan(hs_t *x, const lint_node_t *d, void *baton)
{
    hs_access_t *a = baton;
    (void)x;
    if (lint_is(d, "Require")) {
        a->authz = d->parent;
    } else if (lint_is(d, "Allow") || lint_is(d, "Deny")
               || lint_is(d, "Order")) {
        a->compat = d->parent;
    } else if (lint_is(d, "AuthType") && lint_nargs(d) >= 1) {
        a->authtype = strcasecmp(lint_arg(d, 0), "None") ? d : NULL;
    }
}

/* Require ... : 1 granted, 0 denied, 2 needs a user */
static int
require_one(hs_t *x, const lint_node_t *d)
{
    const char *k = lint_arg(d, 0);
    int neg = k && !strcasecmp(k, "not"), i;
    int r = 0;
    if (neg) {
        k = lint_arg(d, 1);
    }
    if (!k) {
        return 0;
    }
    if (!strcasecmp(k, "all")) {
        r = !strcasecmp(lint_arg(d, 1 + neg) ? lint_arg(d, 1 + neg) : "",
                        "granted");
    } else if (!strcasecmp(k, "valid-user") || !strcasecmp(k, "user")
               || !strcasecmp(k, "group")) {
        r = lint_sim_req_header(x->req, "Authorization") ? 1 : 2;
    } else if (!strcasecmp(k, "local")) {
        r = 1;
    } else if (!strcasecmp(k, "ip")) {
        for (i = 1 + neg; i < lint_nargs(d); i++) {
            const char *a = lint_arg(d, i);
            r |= !strncmp("127.0.0.1", a, strcspn(a, "/")) || !strcmp(a, "127")
                 || !strcmp(a, "127.0.0.0/8");
        }
    } else if (!strcasecmp(k, "env")) {
        for (i = 1 + neg; i < lint_nargs(d); i++) {
            r |= apr_table_get(x->env, lint_arg(d, i)) != NULL;
        }
    } else if (!strcasecmp(k, "method")) {
        for (i = 1 + neg; i < lint_nargs(d); i++) {
            r |= !strcasecmp(lint_arg(d, i), x->method);
        }
    } else if (!strcasecmp(k, "expr")) {
        const char *e = apr_array_pstrcat(x->p, d->args, ' ');
        r = hs_expr(x, d, e + 5);
    }
    if (neg) {
        return r == 1 ? 0 : 1;
    }
    return r;
}

/* the Require lines of a scope (through <Limit>): any grants (implicit
 * RequireAny); <RequireAll>/<RequireAny>/<RequireNone> blocks */
static int
require_block(hs_t *x, const lint_node_t *n, int all)
{
    int i, any = 0, granted = all, need_user = 0;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        int r;
        if (hs_is_wrapper(c)
            || ((lint_is(c, "Limit") || lint_is(c, "LimitExcept"))
                && c->is_block)) {
            if ((hs_is_wrapper(c) && hs_wrapper_true(x, c))
                || (!hs_is_wrapper(c) && hs_limit_applies(x, c))) {
                r = require_block(x, c, all);
                if (r < 0) {
                    continue;
                }
            } else {
                continue;
            }
        } else if (c->is_block && lint_is(c, "RequireAll")) {
            r = require_block(x, c, 1);
        } else if (c->is_block && lint_is(c, "RequireAny")) {
            r = require_block(x, c, 0);
        } else if (c->is_block && lint_is(c, "RequireNone")) {
            r = require_block(x, c, 0);
            r = r == 1 ? 0 : 1;
        } else if (!c->is_block && lint_is(c, "Require")) {
            r = require_one(x, c);
        } else {
            continue;
        }
        any = 1;
        if (r == 2) {
            need_user = 1;
            r = 0;
        }
        granted = all ? granted && r : granted || r;
    }
    if (!any) {
        return -1;
    }
    if (!granted && need_user) {
        return 2;
    }
    return granted;
}

/* Order / Allow from / Deny from (mod_access_compat), client 127.0.0.1 */
static int
compat_allows(hs_t *x, const lint_node_t *n)
{
    int i, j, order_allow_deny = 0, allow = 0, deny = 0, have_allow = 0;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (lint_is(c, "Order") && lint_nargs(c) >= 1) {
            order_allow_deny = !strncasecmp(lint_arg(c, 0), "allow", 5);
        } else if ((lint_is(c, "Allow") || lint_is(c, "Deny"))
                   && lint_nargs(c) >= 2) {
            int hit = 0;
            for (j = 1; j < lint_nargs(c); j++) {
                const char *a = lint_arg(c, j);
                if (!strcasecmp(a, "all") || !strncmp(a, "127.", 4)
                    || !strcmp(a, "127")) {
                    hit = 1;
                } else if (!strncasecmp(a, "env=", 4)) {
                    hit = a[4] == '!' ? !apr_table_get(x->env, a + 5)
                                      : apr_table_get(x->env, a + 4) != NULL;
                }
            }
            if (lint_is(c, "Allow")) {
                allow |= hit;
                have_allow = 1;
            } else {
                deny |= hit;
            }
        }
    }
    (void)have_allow;
    /* Order Deny,Allow (default): allowed unless denied and not allowed;
     * Order Allow,Deny: allowed only if allowed and not denied */
    return order_allow_deny ? allow && !deny : !deny || allow;
}

int
hs_access(hs_t *x)
{
    hs_access_t a;
    int i, r = 1;
    memset(&a, 0, sizeof(a));
    for (i = 0; i < x->scopes->nelts; i++) {
        hs_each_directive(x, APR_ARRAY_IDX(x->scopes, i, const lint_node_t *),
                          access_scan, &a);
    }
    if (a.compat && !compat_allows(x, a.compat)) {
        x->status = 403;
        lint_sim_trace(x->res, x->p, a.compat, "Deny: 403");
        return 1;
    }
    if (a.authz) {
        const lint_node_t *blk = a.authz;
        while (blk
               && (lint_is(blk, "Limit") || lint_is(blk, "LimitExcept")
                   || lint_is(blk, "RequireAll") || lint_is(blk, "RequireAny")
                   || hs_is_wrapper(blk))) {
            blk = blk->parent;
        }
        r = blk ? require_block(x, blk, 0) : 1;
    }
    if (r == 0) {
        x->status = 403;
        lint_sim_trace(x->res, x->p, a.authz, "Require: 403");
        return 1;
    }
    if (r == 2) {
        x->status = 401;
        lint_sim_trace(x->res, x->p, a.authtype ? a.authtype : a.authz,
                       "a user is required and no credentials are sent: 401");
        return 1;
    }
    return 0;
}
