/* lint_sim_httpd_samesite.c -- mod_samesite in the httpd simulator.
 *
 * The module's two steps, on the simulator's tables, with the decisions
 * taken by the same core calls the module makes:
 *   - the header_parser hook (mod_samesite/samesite_request.c), after the
 *     section walk and before access: WebSocket and CSRF checks (403),
 *     SameSitePreflight Handle (204 answered by the module: no filter,
 *     so neither mod_headers nor our output filter runs);
 *   - the output filters SAMESITE / SAMESITE_ERROR
 *     (mod_samesite/samesite_filter.c), on normal and error responses:
 *     the backend's CORS headers replaced by the core's decision (with
 *     SameSiteCORS Public on every response), Vary: Origin merged unless
 *     Public, every Set-Cookie of both tables through
 *     ss_cookie_policy.
 * The settings are the core's merge (ss_settings_merge) of the scopes the
 * request went through, in httpd's order (x->scopes).  ReportOnly changes
 * nothing, as in the module.
 */
#include <string.h>
#include <strings.h>
#include <apr_strings.h>

#include "lint_sim_httpd.h"
#include "ss_cookie.h"
#include "ss_cors.h"
#include "ss_policy.h"
#include "ss_public_origin.h"
#include "ss_request.h"
#include "ss_settings.h"
#include "ss_topology.h"

struct hs_samesite_t {
    const ss_settings_t *c;
    ss_engine_t engine;
    const char *origin; /* the request's Origin header */
    ss_request_info_t ri;
    const ss_origin_t *public_origin;
    ss_topology_t *topology;
    ss_class_t cls;
    int from_frontend;
    int preflight_reported; /* ReportOnly would have answered it */
};

static int
module_on(hs_t *x)
{
    return x->res->server && x->res->server->samesite
           && (x->all_modules
               || apr_hash_get(x->modules, "samesite_module",
                               APR_HASH_KEY_STRING));
}

/* The per-dir configuration of the request: the main server's merged with
 * the <VirtualHost>'s, then every section the walk applied. */
static const ss_settings_t *
settings(hs_t *x)
{
    const ss_settings_env_t *env = x->m->samesite_env;
    ss_settings_t *c = lint_samesite_scope_settings(x->p, env, x->root);
    int i;
    if (x->vhost) {
        c = ss_settings_merge(
            x->p, c, lint_samesite_scope_settings(x->p, env, x->vhost));
    }
    for (i = x->vhost ? 2 : 1; x->scopes && i < x->scopes->nelts; i++) {
        c = ss_settings_merge(
            x->p, c,
            lint_samesite_scope_settings(
                x->p, env, APR_ARRAY_IDX(x->scopes, i, const lint_node_t *)));
    }
    return c;
}

static const ss_psl_t *
psl(hs_t *x)
{
    return ss_settings_psl(x->ss->c, x->m->psl);
}

/* samesite_req(): public origin, topology and the request's class. */
static struct hs_samesite_t *
request_state(hs_t *x)
{
    struct hs_samesite_t *st = apr_pcalloc(x->p, sizeof(*st));
    const char *host = lint_sim_req_header(x->req, "Host");
    const char *colon = host ? strrchr(host, ':') : NULL;
    ss_request_authority_t ra;
    ss_public_origin_t po;

    st->c = settings(x);
    st->engine = ss_settings_engine(st->c);
    x->ss = st;
    if (st->engine == SS_ENGINE_OFF) {
        return st;
    }
    st->origin = lint_sim_req_header(x->req, "Origin");
    ss_request_info_init(&st->ri, x->p, x->method, st->origin,
                         lint_sim_req_header(x->req, "Sec-Fetch-Site"),
                         lint_sim_req_header(x->req, "Upgrade"));
    memset(&ra, 0, sizeof(ra));
    ra.scheme = x->req->scheme;
    ra.host = x->req->host;
    ra.port = x->req->port;
    ra.host_has_port = colon && !strchr(colon, ']');
    if (ss_settings_trust_proxy(st->c)) {
        ra.forwarded_proto = lint_sim_req_header(x->req, "X-Forwarded-Proto");
        ra.forwarded_host = lint_sim_req_header(x->req, "X-Forwarded-Host");
    }
    ss_public_origin_resolve(&po, x->p, st->c->public_origin,
                             ss_settings_trust_proxy(st->c), &ra);
    st->public_origin = po.origin;
    if (st->public_origin) {
        st->topology = ss_topology_analyse(x->p, psl(x), st->public_origin,
                                           st->c->frontends,
                                           ss_settings_default_samesite(st->c));
        st->cls = ss_request_class(x->p, psl(x), st->topology, &st->ri);
        st->from_frontend =
            ss_request_from_frontend(x->p, st->topology, &st->ri);
    }
    return st;
}

static ss_cors_decision_t *
cors_decide(hs_t *x)
{
    ss_cors_policy_t pol;
    ss_settings_cors_policy(&pol, x->ss->c, x->ss->public_origin);
    return ss_cors_decide_request(
        x->p, &pol, &x->ss->ri,
        lint_sim_req_header(x->req, "Access-Control-Request-Method"),
        lint_sim_req_header(x->req, "Access-Control-Request-Headers"),
        lint_sim_req_header(x->req, "Access-Control-Request-Private-Network"));
}

/* A check's rejection is a 403 when the engine enforces it. */
static int
rejected(hs_t *x, const ss_check_t *chk, int report_only, const char *what)
{
    if (chk->verdict == SS_VERDICT_PASS) {
        return 0;
    }
    lint_sim_trace(x->res, x->p, NULL, "mod_samesite: %s check %s: %s", what,
                   x->ss->engine == SS_ENGINE_ON && !report_only
                       ? "rejects (403)"
                       : "would reject (ReportOnly)",
                   chk->reason ? chk->reason : chk->rule_id);
    if (x->ss->engine == SS_ENGINE_ON && !report_only) {
        x->status = 403;
        return 1;
    }
    return 0;
}

/* Every Vary of both tables, joined (NULL: none). */
static const char *
vary_of(hs_t *x)
{
    apr_array_header_t *tabs[2];
    const char *v = NULL;
    int i, t;
    tabs[0] = x->out;
    tabs[1] = x->err;
    for (t = 0; t < 2; t++) {
        for (i = 0; i < tabs[t]->nelts; i++) {
            const lint_sim_header_t *h =
                &APR_ARRAY_IDX(tabs[t], i, lint_sim_header_t);
            if (!strcasecmp(h->name, "Vary")) {
                v = v ? apr_pstrcat(x->p, v, ", ", h->value, NULL) : h->value;
            }
        }
    }
    return v;
}

/* samesite_merge_vary: the merged value in err_headers_out only. */
static void
merge_vary(hs_t *x, const char *token)
{
    const char *v = vary_of(x);
    if (v && ss_header_has_token(v, "*")) {
        return;
    }
    v = ss_header_token_merge(x->p, v, token);
    hs_table_unset(x->out, "Vary");
    hs_table_set(x->p, x->err, "Vary", v, NULL);
}

int
hs_samesite_request(hs_t *x)
{
    struct hs_samesite_t *st;
    ss_csrf_t csrf;
    ss_cors_decision_t *d;
    int i;

    if (!module_on(x)) {
        return 0;
    }
    st = request_state(x);
    if (st->engine == SS_ENGINE_OFF || !st->public_origin) {
        return 0;
    }
    if (ss_settings_websocket(st->c)) {
        ss_check_t chk =
            ss_websocket_check(x->p, psl(x), st->topology, &st->ri);
        if (rejected(x, &chk, 0, "WebSocket")) {
            return 1;
        }
    }
    csrf = ss_settings_csrf(st->c);
    if (csrf == SS_CSRF_ENFORCE || csrf == SS_CSRF_REPORT) {
        ss_check_t chk = ss_csrf_check(x->p, psl(x), st->topology, &st->ri);
        if (rejected(x, &chk, csrf == SS_CSRF_REPORT, "CSRF")) {
            return 1;
        }
    }
    /* SameSitePreflight Handle (the request Cookie mapping changes no
     * response header) */
    if (!ss_settings_cors(st->c) || !ss_settings_preflight_handle(st->c)
        || strcmp(x->method, "OPTIONS") || !st->origin
        || !lint_sim_req_header(x->req, "Access-Control-Request-Method")) {
        return 0;
    }
    d = cors_decide(x);
    if (d->result != SS_CORS_PREFLIGHT) {
        return 0;
    }
    if (st->engine == SS_ENGINE_REPORT) {
        st->preflight_reported = 1;
        return 0;
    }
    lint_sim_trace(x->res, x->p, NULL,
                   "mod_samesite: preflight answered 204 before "
                   "authentication (SameSitePreflight Handle)");
    for (i = 0; i < d->headers->nelts; i++) {
        const ss_header_t *h = &APR_ARRAY_IDX(d->headers, i, ss_header_t);
        hs_table_set(x->p, x->err, h->name, h->value, NULL);
    }
    if (d->vary) {
        merge_vary(x, d->vary);
    }
    x->status = 204;
    x->samesite_answered = 1;
    return 1;
}

static void
apply_cors(hs_t *x)
{
    struct hs_samesite_t *st = x->ss;
    apr_array_header_t *tabs[2];
    ss_cors_decision_t *d;
    const char *v;
    int i, t, had_backend = 0;

    if (!ss_settings_cors(st->c) || st->preflight_reported) {
        return;
    }
    d = cors_decide(x);
    tabs[0] = x->out;
    tabs[1] = x->err;
    for (t = 0; t < 2; t++) {
        for (i = 0; i < tabs[t]->nelts; i++) {
            had_backend |= ss_cors_is_response_header(
                APR_ARRAY_IDX(tabs[t], i, lint_sim_header_t).name);
        }
    }
    /* SameSiteCORS Public (d->wildcard): "*" on every response */
    if ((d->wildcard
         || (d->result != SS_CORS_NOT_CORS && d->result != SS_CORS_SAME_ORIGIN))
        && st->engine == SS_ENGINE_ON) {
        for (i = 0; had_backend && ss_cors_response_headers[i]; i++) {
            hs_table_unset(x->out, ss_cors_response_headers[i]);
            hs_table_unset(x->err, ss_cors_response_headers[i]);
        }
        for (i = 0; i < d->headers->nelts; i++) {
            const ss_header_t *h = &APR_ARRAY_IDX(d->headers, i, ss_header_t);
            hs_table_set(x->p, x->err, h->name, h->value, NULL);
        }
    }
    v = vary_of(x);
    if (st->engine == SS_ENGINE_ON && d->vary
        && !(v
             && (ss_header_has_token(v, "Origin")
                 || ss_header_has_token(v, "*")))) {
        merge_vary(x, "Origin");
    }
}

/* rewrite_cookie_table: each Set-Cookie through the policy in place,
 * legacy twins after the table's entries. */
static void
apply_cookies(hs_t *x, apr_array_header_t *t, const ss_cookie_ctx_t *ctx)
{
    struct hs_samesite_t *st = x->ss;
    apr_array_header_t *twins = apr_array_make(x->p, 1, sizeof(const char *));
    int i, j, n = t->nelts;

    for (i = 0; i < n; i++) {
        lint_sim_header_t *h = &APR_ARRAY_IDX(t, i, lint_sim_header_t);
        const ss_cookie_rule_t *rule;
        apr_array_header_t *ch;
        ss_cookie_t *ck;
        int applied = 0;

        if (strcasecmp(h->name, "Set-Cookie") || !h->value) {
            continue;
        }
        ck = ss_cookie_parse(x->p, h->value);
        rule = ck->valid ? ss_cookie_rule_find(st->c->cookie_rules, ck->name)
                         : NULL;
        ch = ss_cookie_policy(x->p, ck, rule, ctx);
        for (j = 0; j < ch->nelts; j++) {
            applied +=
                APR_ARRAY_IDX(ch, j, ss_cookie_change_t).op != SS_CHANGE_NONE;
        }
        if (applied && ck->valid) {
            ss_cookie_apply(ck, ch);
            if (st->engine == SS_ENGINE_ON) {
                h->value = ss_cookie_str(x->p, ck);
            }
        }
        if (ctx->legacy_duplicate && ck->valid && st->engine == SS_ENGINE_ON) {
            ss_cookie_t *twin = ss_cookie_legacy_twin(x->p, ck);
            if (twin) {
                APR_ARRAY_PUSH(twins, const char *) = ss_cookie_str(x->p, twin);
            }
        }
    }
    for (i = 0; i < twins->nelts; i++) {
        hs_table_add(x->p, t, "Set-Cookie",
                     APR_ARRAY_IDX(twins, i, const char *), NULL);
    }
}

void
hs_samesite_response(hs_t *x)
{
    struct hs_samesite_t *st;
    ss_cookie_ctx_t ctx;

    if (x->samesite_answered || !module_on(x)) {
        return;
    }
    /* an error answered before the header_parser (translate_name) still
     * goes through SAMESITE_ERROR with the per-dir config of its walks */
    st = x->ss ? x->ss : request_state(x);
    if (st->engine == SS_ENGINE_OFF || !st->public_origin) {
        return;
    }
    apply_cors(x);
    if (!st->topology) {
        return;
    }
    memset(&ctx, 0, sizeof(ctx));
    ctx.topology = st->topology;
    ctx.psl = psl(x);
    ctx.request_class = st->cls;
    ctx.request_from_frontend = st->from_frontend;
    ctx.legacy_duplicate = ss_settings_legacy(st->c) == SS_LEGACY_DUPLICATE;
    ctx.terse = 1;
    ctx.omit_none = ss_settings_legacy(st->c) == SS_LEGACY_OMITNONE
                    && ss_ua_samesite_none_incompatible(
                        lint_sim_req_header(x->req, "User-Agent"));
    apply_cookies(x, x->out, &ctx);
    apply_cookies(x, x->err, &ctx);
}
