/* cors-duplicate-origin: two Access-Control-Allow-Origin values can be sent.
 *
 * What:
 *   Finds configurations where the proxy and the proxied backend (or two
 *   directives) both emit Access-Control-Allow-Origin.
 * Why:
 *   With two ACAO headers (or one with two values) the browser rejects the
 *   response: 'The Access-Control-Allow-Origin header contains multiple
 *   values'. This happens when a proxy adds CORS on top of a backend that
 *   already does.
 * Example:
 *   location /api/ { proxy_pass http://backend; add_header Access-Control-Allow-Origin $http_origin; }
 * Use instead:
 *   Emit CORS in exactly one place: proxy_hide_header
 *   Access-Control-Allow-Origin (nginx; fastcgi_hide_header,
 *   uwsgi_hide_header, scgi_hide_header, grpc_hide_header for those
 *   backends) / Header unset before set (Apache), or let mod_samesite
 *   replace the backend's headers.
 * References:
 *   Fetch standard, CORS check; seed 003 (debugging trick).
 *
 * The same text is printed by `samesite-lint --explain cors-duplicate-origin`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

/* nginx: does the MOD_hide_header list of the level's upstream module
 * (proxy_pass: proxy_hide_header, fastcgi_pass: fastcgi_hide_header, ...)
 * drop the backend's Access-Control-Allow-Origin? */
static int
hides_acao(const lint_location_t *l, const char *mod)
{
    size_t ml = strlen(mod);
    int k;
    for (k = 0; l->hidden && k < l->hidden->nelts; k++) {
        const char *h = APR_ARRAY_IDX(l->hidden, k, const char *);
        if (!strncmp(h, mod, ml) && h[ml] == ':'
            && !strcmp(h + ml + 1, "access-control-allow-origin")) {
            return 1;
        }
    }
    return 0;
}

/* nginx: per configuration level (server, location, `if` in a location:
 * the levels are exclusive, a request gets the headers of exactly one),
 * every add_header adds a value; a proxied backend's value is only
 * removed by the MOD_hide_header of its upstream module (inherited from
 * the outer levels when the level has none of that module). */
static void
nginx_check(lint_ctx_t *ctx, const lint_server_t *s, int module)
{
    apr_array_header_t *levels = lint_server_levels(ctx->pool, s);
    int j, k;
    for (j = 0; j < levels->nelts; j++) {
        const lint_location_t *l = APR_ARRAY_IDX(levels, j, lint_location_t *);
        apr_array_header_t *hs = lint_level_headers(ctx->pool, l);
        const lint_header_t *first = NULL;
        const char *mod;
        int n = 0;
        for (k = 0; k < hs->nelts; k++) {
            const lint_header_t *h = APR_ARRAY_IDX(hs, k, lint_header_t *);
            if (strcmp(h->name, "access-control-allow-origin")
                || (strcmp(h->action, "add")
                    && strcmp(h->action, "more_set"))) {
                continue;
            }
            if (!first) {
                first = h;
            }
            n++;
        }
        if (n >= 2) {
            lint_report(
                ctx, "cors-duplicate-origin", first->node,
                "Access-Control-Allow-Origin is added %d times here: browsers "
                "reject a response with two values",
                n);
        } else if (first && !module
                   && (mod = l->proxy
                                 ? lint_nginx_upstream(l->proxy->name, "_pass")
                                 : NULL)
                   && !hides_acao(l, mod)) {
            /* nothing here shows the backend sends one: a note that
             * states the condition (SPEC 4, "Certainty") */
            lint_report_note(
                ctx, "cors-duplicate-origin", first->node,
                "%s location %s adds Access-Control-Allow-Origin but does "
                "not `%s_hide_header Access-Control-Allow-Origin`: if the "
                "backend sends one too, the browser gets two and rejects both",
                strcmp(mod, "proxy") ? l->proxy->name : "proxied", l->path,
                mod);
        }
    }
}

/* httpd: mod_headers keeps two tables and a response carries both
 * (ap_http_header_filter overlays err_headers_out on headers_out):
 * `Header` acts on headers_out, `Header always` on err_headers_out, so
 * `Header set X` next to `Header always set X` sends X twice (measured,
 * Apache 2.4).  Per table, in merge order (server config, vhost, then
 * the sections, each in the order written): set replaces, add adds,
 * append/merge put a second origin into the existing value, setifempty
 * only fills an empty one, unset empties it; edit/echo/note add no value.
 * A value set under a condition (env=, expr=, <If>) may be absent; two
 * adds under different conditions are taken as alternatives. */
typedef struct {
    const lint_header_t *src[8]; /* what the values come from (NULL: the
                                      proxied backend) */
    int n;
    const char *cond; /* the one condition of every value, or
                                      NULL when one is unconditional */
} table_t;

static void
push(table_t *t, const lint_header_t *h)
{
    if (t->n < 8) {
        t->src[t->n] = h;
    }
    if (!t->n) {
        t->cond = h ? h->condition : NULL;
    } else if (!h || !h->condition || !t->cond
               || strcmp(t->cond, h->condition)) {
        t->cond = NULL;
    }
    t->n++;
}

static void
apply(table_t *t, const lint_header_t *h)
{
    const char *a = h->action;
    int alternative =
        h->condition && t->n && t->cond && strcmp(t->cond, h->condition);
    if (!strcmp(a, "set")) {
        if (!h->condition || !t->n) {
            t->n = 0;
            push(t, h);
        }
    } else if (!strcmp(a, "add") || !strcmp(a, "append")
               || !strcmp(a, "merge")) {
        /* append / merge join the values with ", ": still two origins,
         * unless merge finds the very same value */
        if (!strcmp(a, "merge") && t->n && t->src[0] && t->src[0]->value
            && h->value && !strcmp(t->src[0]->value, h->value)) {
            return;
        }
        if (!alternative) {
            push(t, h);
        }
    } else if (!strcmp(a, "setifempty")) {
        if (!t->n) {
            push(t, h);
        }
    } else if (!strcmp(a, "unset") && !h->condition) {
        t->n = 0;
        t->cond = NULL;
    }
}

/* The directive is written in scope l (its nearest section, through <If>
 * and other wrappers), or l is the vhost and it comes from outside. */
static int
written_in(const lint_header_t *h, const lint_location_t *l,
           const lint_server_t *s)
{
    const lint_node_t *b;
    for (b = h->node->parent; b; b = b->parent) {
        if (lint_is(b, "Location") || lint_is(b, "LocationMatch")
            || lint_is(b, "Directory") || lint_is(b, "DirectoryMatch")
            || lint_is(b, "Files") || lint_is(b, "FilesMatch")
            || lint_is(b, "VirtualHost")) {
            return b == l->node;
        }
    }
    return l == s->server_loc;
}

/* Replay the Access-Control-Allow-Origin directives of one request's
 * merged configuration (in merge order) into the two tables. */
static void
replay(const apr_array_header_t *acao, int backend, table_t *out, table_t *err)
{
    int k;
    memset(out, 0, sizeof(*out));
    memset(err, 0, sizeof(*err));
    if (backend) {
        push(out, NULL); /* mod_proxy_http: the backend's, in headers_out */
    }
    for (k = 0; k < acao->nelts; k++) {
        const lint_header_t *h = APR_ARRAY_IDX(acao, k, lint_header_t *);
        apply(h->always ? err : out, h);
    }
}

static int
values(const apr_array_header_t *acao, int backend)
{
    table_t out, err;
    replay(acao, backend, &out, &err);
    return out.n + err.n;
}

/* acao: the merged directives of scope l (and, when dir is not NULL, of
 * a <Directory> that applies to requests of the <Location> l too). */
static void
check_scope(lint_ctx_t *ctx, const lint_server_t *s, const lint_location_t *l,
            const lint_location_t *dir, const apr_array_header_t *acao,
            int backend)
{
    table_t out, err;
    const lint_header_t *all[16], *culprit, *other;
    int k, n = 0;
    replay(acao, backend, &out, &err);
    if (out.n + err.n < 2) {
        return;
    }
    /* the values, always table first (ap_http_header_filter's order) */
    for (k = 0; k < err.n && k < 8 && n < 16; k++)
        all[n++] = err.src[k];
    for (k = 0; k < out.n && k < 8 && n < 16; k++)
        all[n++] = out.src[k];
    if (backend && out.n == 1 && !out.src[0] && err.n >= 1) {
        culprit = err.src[err.n > 8 ? 7 : err.n - 1];
        if (written_in(culprit, l, s)) {
            lint_report_note(
                ctx, "cors-duplicate-origin", culprit->node,
                "`Header always %s` writes the always table while "
                "mod_proxy_http puts the backend's headers in the other one: "
                "if the backend sends Access-Control-Allow-Origin too, both "
                "are sent and browsers reject the response; add `Header "
                "unset Access-Control-Allow-Origin` (onsuccess)",
                culprit->action);
        }
        return;
    }
    /* the culprit is the value that comes last in merge order (the one
     * that made it two); the first other value for the message */
    culprit = NULL;
    other = NULL;
    for (k = acao->nelts - 1; k >= 0 && !culprit; k--) {
        int v;
        for (v = 0; v < n; v++) {
            if (all[v] && all[v] == APR_ARRAY_IDX(acao, k, lint_header_t *)) {
                culprit = all[v];
            }
        }
    }
    for (k = 0; k < n && !other; k++) {
        if (all[k] && all[k] != culprit) {
            other = all[k];
        }
    }
    if (!culprit
        || !(written_in(culprit, l, s)
             || (dir && written_in(culprit, dir, s)))) {
        return;
    }
    if (!other) {
        lint_report_note(
            ctx, "cors-duplicate-origin", culprit->node,
            "`Header%s %s Access-Control-Allow-Origin` adds a value next to "
            "the proxied backend's: if the backend sends one too, browsers "
            "reject a response with two",
            culprit->always ? " always" : "", culprit->action);
    } else if (dir) {
        lint_report(
            ctx, "cors-duplicate-origin", culprit->node,
            "a request under <Location %s> served from <Directory %s> gets "
            "`Header%s %s Access-Control-Allow-Origin` here and `Header%s %s` "
            "at %s:%d: two values, and browsers reject the response",
            l->path, lint_arg(dir->node, 0), culprit->always ? " always" : "",
            culprit->action, other->always ? " always" : "", other->action,
            other->node->file, other->node->line);
    } else if (other->always != culprit->always) {
        lint_report(
            ctx, "cors-duplicate-origin", culprit->node,
            "Access-Control-Allow-Origin is in both of mod_headers' tables "
            "here (`Header%s %s` and `Header%s %s` at %s:%d): the response "
            "carries both values and browsers reject it",
            culprit->always ? " always" : "", culprit->action,
            other->always ? " always" : "", other->action, other->node->file,
            other->node->line);
    } else {
        lint_report(
            ctx, "cors-duplicate-origin", culprit->node,
            "`Header%s %s Access-Control-Allow-Origin` adds a second value "
            "to the one from %s:%d: browsers reject a response with two",
            culprit->always ? " always" : "", culprit->action,
            other->node->file, other->node->line);
    }
}

/* httpd merges a request's <Directory> sections, then its <Location>
 * sections, on top of the vhost (ap_process_request_internal): a
 * <Location> and a <Directory> that both add Access-Control-Allow-Origin
 * give one request two values even when neither does alone.  Which
 * <Directory> a <Location> reaches is the model's URL -> file mapping
 * (lint_httpd_location_file, the simulator's translate_name) and its
 * segment-aware <Directory> match. */
static void
httpd_dir_location(lint_ctx_t *ctx, const lint_model_t *m,
                   const lint_server_t *s)
{
    int i, j, k;
    for (i = 0; i < s->locations->nelts; i++) {
        const lint_location_t *l =
            APR_ARRAY_IDX(s->locations, i, lint_location_t *);
        apr_array_header_t *lh;
        const char *f;
        int own;
        if (!lint_is(l->node, "Location") || lint_nargs(l->node) < 1
            || lint_arg(l->node, 0)[0] == '~' || l->proxy_http || l->proxy
            || !l->parent) {
            continue;
        }
        lh = lint_loc_headers(ctx->pool, l, "access-control-allow-origin");
        own = lh->nelts
              - lint_loc_headers(ctx->pool, l->parent,
                                 "access-control-allow-origin")
                    ->nelts;
        if (own <= 0 || values(lh, 0) >= 2
            || !(f = lint_httpd_location_file(m, s, l))) {
            continue;
        }
        for (j = 0; j < s->locations->nelts; j++) {
            const lint_location_t *d =
                APR_ARRAY_IDX(s->locations, j, lint_location_t *);
            apr_array_header_t *dh, *both;
            if (!lint_is(d->node, "Directory") || lint_nargs(d->node) < 1
                || !lint_httpd_dirs_overlap(ctx->pool, lint_arg(d->node, 0),
                                            f)) {
                continue;
            }
            dh = lint_loc_headers(ctx->pool, d, "access-control-allow-origin");
            if (values(dh, 0) >= 2) {
                continue; /* reported in the <Directory> itself */
            }
            both = apr_array_copy(ctx->pool, dh);
            for (k = lh->nelts - own; k < lh->nelts; k++) {
                APR_ARRAY_PUSH(both, const lint_header_t *) =
                    APR_ARRAY_IDX(lh, k, const lint_header_t *);
            }
            check_scope(ctx, s, l, d, both, 0);
        }
    }
}

static void
httpd_check(lint_ctx_t *ctx, const lint_model_t *m, const lint_server_t *s,
            int module)
{
    int j;
    apr_array_header_t *scopes = lint_server_scopes(ctx->pool, s);
    for (j = 0; j < scopes->nelts; j++) {
        const lint_location_t *l = APR_ARRAY_IDX(scopes, j, lint_location_t *);
        check_scope(
            ctx, s, l, NULL,
            lint_loc_headers(ctx->pool, l, "access-control-allow-origin"),
            l->proxy_http && !module);
    }
    httpd_dir_location(ctx, m, s);
}

void
lint_rule_cors_duplicate_origin(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        int module = s->samesite && s->samesite->engine_enforcing
                     && s->samesite->cors_on;
        if (m->dialect == LINT_DIALECT_NGINX) {
            nginx_check(ctx, s, module);
        } else {
            httpd_check(ctx, m, s, module);
        }
    }
}
