/* lint_sim_nginx_access.c -- nginx's access phase for the simulator:
 * allow/deny for a client on 127.0.0.1, auth_basic without credentials,
 * satisfy, and limit_except blocks. */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "lint_sim_nginx.h"
#include "lint_regex.h"

/* ---- access phase ------------------------------------------------------- */

/* allow/deny ADDRESS|CIDR|all|unix: against the client 127.0.0.1 */
static int
addr_matches(const char *a)
{
    const char *slash;
    unsigned long bits;
    unsigned int o[4];
    unsigned long ip, mask;
    if (!strcmp(a, "all")) {
        return 1;
    }
    if (sscanf(a, "%u.%u.%u.%u", &o[0], &o[1], &o[2], &o[3]) != 4) {
        return 0; /* IPv6 and unix: never 127.0.0.1 */
    }
    slash = strchr(a, '/');
    bits = slash ? strtoul(slash + 1, NULL, 10) : 32;
    ip = ((unsigned long)o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3];
    mask = bits == 0 ? 0 : (0xffffffffUL << (32 - bits)) & 0xffffffffUL;
    return (ip & mask) == (0x7f000001UL & mask);
}

/* The blocks a directive is looked up in, innermost first: blk (a
 * limit_except block), then l's location, its outer locations, the server
 * and the http level. */
static apr_array_header_t *
levels_out(ngx_t *x, const lint_node_t *blk, const lint_location_t *l)
{
    apr_array_header_t *out = apr_array_make(x->p, 4, sizeof(lint_node_t *));
    if (blk && (!l || blk != l->node)) {
        APR_ARRAY_PUSH(out, const lint_node_t *) = blk;
    }
    for (; l; l = l->parent) {
        APR_ARRAY_PUSH(out, const lint_node_t *) = l->node;
    }
    return out;
}

/* The first directive of one of names in the innermost level that has
 * any of them (a level inherits the outer list whole when it has none:
 * ngx_http_access_merge_loc_conf, auth_basic, satisfy) */
static apr_array_header_t *
level_directives(ngx_t *x, const apr_array_header_t *levels,
                 const char *const *names)
{
    apr_array_header_t *out = apr_array_make(x->p, 2, sizeof(lint_node_t *));
    int i, j, k;
    for (i = 0; i < levels->nelts && !out->nelts; i++) {
        const lint_node_t *n = APR_ARRAY_IDX(levels, i, const lint_node_t *);
        for (j = 0; n->children && j < n->children->nelts; j++) {
            const lint_node_t *c = APR_ARRAY_IDX(n->children, j, lint_node_t *);
            for (k = 0; names[k]; k++) {
                if (!c->is_block && !strcmp(c->name, names[k])
                    && lint_nargs(c) >= 1) {
                    APR_ARRAY_PUSH(out, const lint_node_t *) = c;
                }
            }
        }
    }
    return out;
}

/* satisfy all (default): the first refusal ends it -- the access module
 * runs before auth_basic and auth_request (ngx_http_init_phase_handlers
 * runs the phase's handlers in reverse registration order).  Returns 1
 * when the request is refused (x->status set). */
int
ngx_access(ngx_t *x, const lint_node_t *blk, const lint_location_t *l)
{
    static const char *const access[] = { "allow", "deny", NULL };
    static const char *const auth[] = { "auth_basic", NULL };
    static const char *const satisfy[] = { "satisfy", NULL };
    apr_array_header_t *lv = levels_out(x, blk, l);
    apr_array_header_t *rules = level_directives(x, lv, access);
    apr_array_header_t *ab = level_directives(x, lv, auth);
    apr_array_header_t *sat = level_directives(x, lv, satisfy);
    const lint_node_t *rule = NULL, *authn = NULL;
    int i, allowed = 1, need_auth = 0, any;
    for (i = 0; i < rules->nelts; i++) {
        const lint_node_t *r = APR_ARRAY_IDX(rules, i, const lint_node_t *);
        if (addr_matches(lint_arg(r, 0))) {
            rule = r;
            allowed = !strcmp(r->name, "allow");
            break;
        }
    }
    if (ab->nelts) {
        authn = APR_ARRAY_IDX(ab, 0, const lint_node_t *);
        need_auth = strcmp(lint_arg(authn, 0), "off")
                    && !lint_sim_req_header(x->req, "Authorization");
    }
    any = sat->nelts
          && !strcmp(lint_arg(APR_ARRAY_IDX(sat, 0, const lint_node_t *), 0),
                     "any");
    if (any ? (!allowed && need_auth) : !allowed) {
        if (any) {
            x->status = 401;
            x->res->handler = "server (auth_basic)";
            lint_sim_trace(x->res, x->p, authn, "auth_basic: 401");
            return 1;
        }
        x->status = 403;
        x->res->handler = "server (allow/deny)";
        lint_sim_trace(x->res, x->p, rule, "%s %s: 403", rule->name,
                       lint_arg(rule, 0));
        return 1;
    }
    if (!any && need_auth) {
        x->status = 401;
        x->res->handler = "server (auth_basic)";
        lint_sim_trace(x->res, x->p, authn,
                       "auth_basic without credentials: 401");
        return 1;
    }
    return 0;
}

/* limit_except METHOD... { ... }: the other methods meet the block's
 * access rules (GET also allows HEAD) */
const lint_node_t *
ngx_limit_except(ngx_t *x, const lint_location_t *l)
{
    int i, j;
    for (i = 0; l && l->node->children && i < l->node->children->nelts; i++) {
        const lint_node_t *c =
            APR_ARRAY_IDX(l->node->children, i, lint_node_t *);
        int listed = 0;
        if (strcmp(c->name, "limit_except") || !c->is_block) {
            continue;
        }
        for (j = 0; j < lint_nargs(c); j++) {
            const char *m = lint_arg(c, j);
            listed |= !strcasecmp(m, x->method)
                      || (!strcasecmp(m, "GET") && !strcmp(x->method, "HEAD"));
        }
        return listed ? NULL : c;
    }
    return NULL;
}
