/* cors-header-inheritance: nginx inner add_header silently drops outer CORS headers.
 *
 * What:
 *   Finds nginx locations that define their own add_header while CORS
 *   headers are defined at an outer level.
 * Why:
 *   nginx inherits add_header from the outer level only if the inner level
 *   defines none. One add_header in a location (e.g. Cache-Control) drops
 *   every outer Access-Control-* header for that location, so CORS breaks
 *   only on some paths.
 * Example:
 *   server { add_header Access-Control-Allow-Origin https://app.example.com always;
 *   location /api/ { add_header Cache-Control no-store; } }
 * Use instead:
 *   Repeat the CORS headers in the inner block (an include file helps), or
 *   use add_header_inherit merge (nginx 1.29.3+).
 * References:
 *   nginx ngx_http_headers_module docs (add_header inheritance).
 *
 * The same text is printed by `samesite-lint --explain cors-header-inheritance`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"
#include "lint_probe.h"

/* The first add_header written at level l itself (not inherited, not in
 * one of its `if` levels), or NULL when the level defines none. */
static const lint_header_t *
own_add_header(const apr_array_header_t *hs, const lint_location_t *l)
{
    int i;
    for (i = 0; i < hs->nelts; i++) {
        const lint_header_t *h = APR_ARRAY_IDX(hs, i, lint_header_t *);
        if (!strcmp(h->action, "add") && h->node->parent == l->node) {
            return h;
        }
    }
    return NULL;
}

static int
has_header(const apr_array_header_t *hs, const char *name)
{
    int i;
    for (i = 0; i < hs->nelts; i++) {
        if (!strcmp(APR_ARRAY_IDX(hs, i, lint_header_t *)->name, name)) {
            return 1;
        }
    }
    return 0;
}

static const char *
level_name(apr_pool_t *p, const lint_server_t *s, const lint_location_t *l)
{
    if (l->kind == LINT_LOC_SERVER) {
        return s->origin ? apr_psprintf(p, "server %s", s->origin->host)
                         : "the server block";
    }
    if (l->kind == LINT_LOC_IF) {
        return apr_psprintf(p, "the `if %s` block in location %s",
                            apr_array_pstrcat(p, l->node->args, ' '), l->path);
    }
    return apr_psprintf(p, "location %s", l->path);
}

/* The `if` levels of location l a response went through, in order. */
static apr_array_header_t *
taken_ifs(apr_pool_t *p, const lint_location_t *l, const lint_sim_response_t *r)
{
    apr_array_header_t *out = apr_array_make(p, 2, sizeof(lint_location_t *));
    int i, j;
    for (i = 0; r->scopes && i < r->scopes->nelts; i++) {
        const lint_node_t *n = APR_ARRAY_IDX(r->scopes, i, const lint_node_t *);
        for (j = 0; l->ifs && j < l->ifs->nelts; j++) {
            const lint_location_t *il =
                APR_ARRAY_IDX(l->ifs, j, lint_location_t *);
            if (il->node == n) {
                APR_ARRAY_PUSH(out, const lint_location_t *) = il;
            }
        }
    }
    return out;
}

/* issue 10 R4: nginx runs a location's `if` blocks in order and the last
 * one taken supplies the configuration, add_header included.  When an
 * earlier `if` taken by the same request adds CORS headers and the last
 * one does not, the response goes without them (a preflight answered by
 * a bare 204).  The probes' requests show it. */
static void
last_if_drops(lint_ctx_t *ctx, const lint_model_t *m, const lint_server_t *s,
              const lint_location_t *l)
{
    const lint_probe_t *pr;
    const lint_sim_response_t *rs[3];
    const char *what[3] = { "a GET from a frontend", "an error response",
                            "a preflight (OPTIONS)" };
    int k, j;
    if (!l->ifs || l->ifs->nelts < 2) {
        return;
    }
    pr = lint_probe(ctx, m, s, l);
    if (!pr->uri) {
        return;
    }
    rs[0] = &pr->get;
    rs[1] = &pr->get_error;
    rs[2] = &pr->preflight;
    for (k = 2; k >= 0; k--) {
        apr_array_header_t *taken = taken_ifs(ctx->pool, l, rs[k]);
        const lint_location_t *last;
        apr_array_header_t *lh;
        int t;
        if (taken->nelts < 2) {
            continue;
        }
        last = APR_ARRAY_IDX(taken, taken->nelts - 1, const lint_location_t *);
        lh = lint_level_headers(ctx->pool, last);
        for (t = 0; t < taken->nelts - 1; t++) {
            const lint_location_t *first =
                APR_ARRAY_IDX(taken, t, const lint_location_t *);
            apr_array_header_t *fh = lint_level_headers(ctx->pool, first);
            for (j = 0; j < fh->nelts; j++) {
                const lint_header_t *h = APR_ARRAY_IDX(fh, j, lint_header_t *);
                if (!lint_is_cors_header(h->name) || strcmp(h->action, "add")
                    || h->node->parent != first->node || has_header(lh, h->name)
                    || lint_sim_header(rs[k], h->name)) {
                    continue;
                }
                lint_report(ctx, "cors-header-inheritance", last->node,
                            "for %s this `if` is the last one taken after "
                            "the `if` at line %d: nginx answers with the "
                            "configuration of the last `if` taken, whose "
                            "add_header list has no %s, so the response "
                            "goes without it",
                            what[k], first->node->line, lint_arg(h->node, 0));
                return;
            }
        }
    }
}

void
lint_rule_cors_header_inheritance(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i, j, k;
    if (m->dialect != LINT_DIALECT_NGINX) {
        return;
    }
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        /* every level: http -> server -> location (-> nested location)
         * and `if` in a location, each with its parent level */
        apr_array_header_t *levels = lint_server_levels(ctx->pool, s);
        for (j = 0; j < levels->nelts; j++) {
            const lint_location_t *l =
                APR_ARRAY_IDX(levels, j, lint_location_t *);
            const lint_location_t *p = l->parent;
            apr_array_header_t *mine, *outer;
            const lint_header_t *own;
            if (!p) {
                continue;
            }
            if (l->kind != LINT_LOC_IF && l->kind != LINT_LOC_SERVER
                && l->kind != LINT_LOC_HTTP) {
                last_if_drops(ctx, m, s, l);
            }
            mine = lint_level_headers(ctx->pool, l);
            outer = lint_level_headers(ctx->pool, p);
            own = own_add_header(mine, l);
            if (!own) {
                continue; /* inherits the outer level's (or `off`) */
            }
            for (k = 0; k < outer->nelts; k++) {
                const lint_header_t *ph =
                    APR_ARRAY_IDX(outer, k, lint_header_t *);
                if (!lint_is_cors_header(ph->name) || strcmp(ph->action, "add")
                    || has_header(mine, ph->name)) {
                    continue;
                }
                lint_report(
                    ctx, "cors-header-inheritance", own->node,
                    "this add_header makes %s drop the outer %s "
                    "(%s:%d): nginx inherits add_header only when a level "
                    "defines none%s",
                    level_name(ctx->pool, s, l), ph->name, ph->node->file,
                    ph->node->line,
                    l->kind == LINT_LOC_IF ? apr_psprintf(
                        ctx->pool,
                        " (an `if` is a level of "
                        "its own%s)",
                        l->ret ? apr_psprintf(ctx->pool,
                                              ": its %d "
                                              "response lacks it",
                                              l->ret)
                               : "")
                                           : "");
                break;
            }
        }
    }
}
