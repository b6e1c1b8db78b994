/* samesite_request.c -- mod_samesite's request side: the per-request
 * state (public origin, topology, class; computed once) and the
 * header_parser hook, which runs after the <Location>/<Directory> walk
 * and before authentication and authorization: WebSocket origin check,
 * CSRF check, request Cookie header mapping (HostPrefix, LegacyClients
 * Duplicate) and the preflight answer (SameSitePreflight Handle).
 */
#include <string.h>

#include "apr_strings.h"

#include "http_core.h"
#include "http_protocol.h"

#include "samesite.h"

/* The public origin of the request (the core's rules, ss_public_origin.h);
 * the forwarded headers it ignored are explained at debug, never quoted. */
static const ss_origin_t *
public_origin(request_rec *r, const ss_settings_t *c)
{
    ss_request_authority_t req;
    ss_public_origin_t po;

    req.scheme = ap_http_scheme(r);
    req.host = r->hostname;
    req.port = (int)ap_get_server_port(r);
    /* httpd keeps the Host header's port here (vhost.c fix_hostname) */
    req.host_has_port = r->parsed_uri.port_str != NULL;
    req.forwarded_proto = apr_table_get(r->headers_in, "X-Forwarded-Proto");
    req.forwarded_host = apr_table_get(r->headers_in, "X-Forwarded-Host");
    ss_public_origin_resolve(&po, r->pool, c->public_origin,
                             ss_settings_trust_proxy(c), &req);
    if (po.proto_ignored) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                      "SS0302: X-Forwarded-Proto ignored: %s",
                      po.proto_ignored);
    }
    if (po.host_ignored) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                      "SS0303: X-Forwarded-Host ignored: not a host[:port] "
                      "(%s); using the request's Host",
                      po.host_ignored);
    }
    if (po.origin) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                      "SS0304: public origin %s, from %s",
                      ss_origin_str(r->pool, po.origin), po.source);
    }
    return po.origin;
}

samesite_req_t *
samesite_req(request_rec *r, const ss_settings_t *c)
{
    samesite_req_t *st =
        ap_get_module_config(r->request_config, &samesite_module);
    const ss_psl_t *psl = ss_settings_psl(c, samesite_system_psl);

    if (st) {
        return st;
    }
    st = apr_pcalloc(r->pool, sizeof(*st));
    st->actions = apr_array_make(r->pool, 4, sizeof(const char *));
    st->origin = apr_table_get(r->headers_in, "Origin");
    ss_request_info_init(&st->ri, r->pool, r->method, st->origin,
                         apr_table_get(r->headers_in, "Sec-Fetch-Site"),
                         apr_table_get(r->headers_in, "Upgrade"));
    /* an HTTP/2 extended CONNECT (RFC 8441, :protocol websocket) reaches
     * modules as GET with Upgrade: websocket (mod_http2's
     * h2_ws_rewrite_request, H2WebSockets on); with it off mod_http2
     * refuses :protocol: httpd exposes no :protocol for ri.protocol */
    if (APLOGrdebug(r)) {
        /* the merged settings of the request's scopes: what the scope
         * tests compare with the core's merge (tests/scope-cases.txt) */
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, "SS0305: settings: %s",
                      ss_settings_describe(r->pool, c));
    }
    st->public_origin = public_origin(r, c);
    if (st->public_origin) {
        st->topology = (c->topology && c->public_origin == st->public_origin)
                           ? (ss_topology_t *)c->topology
                           : ss_topology_analyse(
                               r->pool, psl, st->public_origin, c->frontends,
                               ss_settings_default_samesite(c));
        st->cls = ss_request_class(r->pool, psl, st->topology, &st->ri);
        st->from_frontend =
            ss_request_from_frontend(r->pool, st->topology, &st->ri);
    }
    ap_set_module_config(r->request_config, &samesite_module, st);
    return st;
}

void
samesite_add_action(request_rec *r, samesite_req_t *st, int engine,
                    const char *what)
{
    APR_ARRAY_PUSH(st->actions, const char *) =
        engine == SS_ENGINE_REPORT ? apr_pstrcat(r->pool, "report:", what, NULL)
                                   : what;
}

void
samesite_publish_notes(request_rec *r, const samesite_req_t *st)
{
    apr_table_setn(r->notes, "samesite-class", ss_class_name(st->cls));
    apr_table_setn(r->notes, "samesite-action",
                   st->actions->nelts
                       ? apr_array_pstrcat(r->pool, st->actions, ',')
                       : "-");
}

const char *
samesite_report_origin(request_rec *r, const samesite_req_t *st)
{
    const ss_origin_t *o;
    if (!st->origin) {
        return NULL;
    }
    o = ss_request_origin(r->pool, &st->ri);
    return o ? ss_origin_str(r->pool, o)
             : apr_pstrcat(r->pool, "malformed:", st->origin, NULL);
}

ss_cors_decision_t *
samesite_cors_decide(request_rec *r, const ss_settings_t *c,
                     const samesite_req_t *st)
{
    ss_cors_policy_t pol;
    ss_settings_cors_policy(&pol, c, st->public_origin);
    return ss_cors_decide_request(
        r->pool, &pol, &st->ri,
        apr_table_get(r->headers_in, "Access-Control-Request-Method"),
        apr_table_get(r->headers_in, "Access-Control-Request-Headers"),
        apr_table_get(r->headers_in, "Access-Control-Request-Private-Network"));
}

/* ---- before authentication ------------------------------------------------ */

/* Request side of HostPrefix and LegacyClients Duplicate: give the
 * backend the cookie names it set.  Which renames apply is the core's
 * decision (ss_cookie_request_maps); one log line per rename. */
static void
map_request_cookies(request_rec *r, const ss_settings_t *c, int engine,
                    const ss_origin_t *public_origin)
{
    const char *hdr = apr_table_get(r->headers_in, "Cookie");
    int duplicate = ss_settings_legacy(c) == SS_LEGACY_DUPLICATE;
    apr_array_header_t *maps;
    const char *mapped;
    int i;

    if (!hdr || (!c->cookie_rules && !duplicate)) {
        return;
    }
    /* HostPrefix renames on https (or an unknown) public origin only, as
     * ss_cookie_policy does */
    maps = ss_cookie_request_maps(r->pool, c->cookie_rules, duplicate,
                                  !public_origin
                                      || ss_origin_is_secure(public_origin),
                                  ss_cookie_header_names(r->pool, hdr));
    if (!maps->nelts) {
        return;
    }
    mapped = ss_cookie_header_map(
        r->pool, hdr, (const ss_cookie_map_t *)maps->elts, maps->nelts);
    for (i = 0; i < maps->nelts; i++) {
        const ss_cookie_map_t *m = &APR_ARRAY_IDX(maps, i, ss_cookie_map_t);
        if (engine == SS_ENGINE_REPORT) {
            samesite_report_t ev = { 0 };
            ev.rule = m->rule_id;
            ev.cookie = m->from;
            ev.change =
                m->to ? apr_pstrcat(r->pool, "rename the request cookie to \"",
                                    m->to, "\" for the backend", NULL)
                      : "remove the request cookie: HostPrefix cookies "
                        "reach the backend only from __Host-";
            samesite_report(r, &ev);
            continue;
        }
        if (!m->to) {
            /* a tossed cookie: debug, as the issue asks (SS0402) */
            ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                          "SS0402: [%s] removed request cookie \"%s\": "
                          "HostPrefix cookies reach the backend only from "
                          "__Host-",
                          m->rule_id, m->from);
            continue;
        }
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                      "SS0401: [%s] request cookie \"%s\" renamed to "
                      "\"%s\" for the backend",
                      m->rule_id, m->from, m->to);
    }
    if (engine == SS_ENGINE_ON && *mapped) {
        apr_table_setn(r->headers_in, "Cookie", mapped);
    } else if (engine == SS_ENGINE_ON) {
        apr_table_unset(r->headers_in, "Cookie"); /* every pair removed */
    }
}

static int
reject(request_rec *r, samesite_req_t *st, int engine, int report,
       const ss_check_t *chk, const char *what)
{
    int enforce = engine == SS_ENGINE_ON && !report;
    if (enforce) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, "SS0501: [%s] %s %s: %s",
                      chk->rule_id, what, r->method,
                      chk->reason ? chk->reason : "");
    } else {
        samesite_report_t ev = { 0 };
        ev.rule = chk->rule_id;
        ev.method = r->method;
        ev.origin = samesite_report_origin(r, st);
        ev.change = apr_pstrcat(r->pool, "reject the ", what,
                                " request with 403", NULL);
        samesite_report(r, &ev);
    }
    samesite_add_action(r, st, enforce ? SS_ENGINE_ON : SS_ENGINE_REPORT,
                        apr_pstrcat(r->pool, what, "-rejected", NULL));
    return enforce ? HTTP_FORBIDDEN : DECLINED;
}

/* The outcome of a request check (CSRF, WebSocket): a pass is explained
 * at debug (tag: SS0502 WebSocket, SS0503 CSRF), a rejection enforced or
 * reported. */
static int
apply_check(request_rec *r, samesite_req_t *st, int engine, int report,
            const ss_check_t *chk, const char *what, const char *tag,
            const char *label)
{
    if (chk->verdict == SS_VERDICT_PASS) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, "%s: %s check passed: %s",
                      tag, label, chk->reason ? chk->reason : "-");
        return DECLINED;
    }
    return reject(r, st, engine, report, chk, what);
}

/* WebSocket, then CSRF: DECLINED when the request may go on. */
static int
request_checks(request_rec *r, const ss_settings_t *c, samesite_req_t *st,
               int engine)
{
    const ss_psl_t *psl = ss_settings_psl(c, samesite_system_psl);
    ss_csrf_t csrf = ss_settings_csrf(c);
    int rv;

    if (ss_settings_websocket(c)) {
        ss_check_t chk =
            ss_websocket_check(r->pool, psl, st->topology, &st->ri);
        if ((rv = apply_check(r, st, engine, 0, &chk, "websocket", "SS0502",
                              "WebSocket"))
            != DECLINED) {
            return rv;
        }
    }
    if (csrf == SS_CSRF_ENFORCE || csrf == SS_CSRF_REPORT) {
        ss_check_t chk = ss_csrf_check(r->pool, psl, st->topology, &st->ri);
        return apply_check(r, st, engine, csrf == SS_CSRF_REPORT, &chk, "csrf",
                           "SS0503", "CSRF");
    }
    return DECLINED;
}

static int
answer_preflight(request_rec *r, const ss_cors_decision_t *d)
{
    apr_bucket_brigade *bb;
    int i;

    for (i = 0; i < d->headers->nelts; i++) {
        const ss_header_t *h = &APR_ARRAY_IDX(d->headers, i, ss_header_t);
        apr_table_setn(r->err_headers_out, h->name, h->value);
    }
    if (d->vary) {
        samesite_merge_vary(r, d->vary);
    }
    r->status = HTTP_NO_CONTENT;
    r->header_only = 1;
    bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    APR_BRIGADE_INSERT_TAIL(bb,
                            apr_bucket_eos_create(r->connection->bucket_alloc));
    ap_pass_brigade(r->output_filters, bb);
    return DONE;
}

/* Who a preflight came from, for the log: the frontend, or in public
 * mode any origin (whose Origin may not even parse: it is never echoed). */
static const char *
preflight_from(request_rec *r, const ss_cors_decision_t *d)
{
    if (d->wildcard) {
        return d->origin
                   ? apr_pstrcat(r->pool, ss_origin_str(r->pool, d->origin),
                                 " (any origin: *)", NULL)
                   : "any origin (*)";
    }
    return ss_origin_str(r->pool, d->origin);
}

/* SameSitePreflight Handle: a valid preflight from a declared frontend
 * (SameSiteCORS On) or from any origin (Public) is answered 204 here,
 * before authentication; any other passes through. */
static int
preflight(request_rec *r, const ss_settings_t *c, samesite_req_t *st,
          int engine)
{
    ss_cors_decision_t *d;

    if (!ss_settings_cors(c) || !ss_settings_preflight_handle(c) || r->main
        || r->prev || r->method_number != M_OPTIONS || !st->origin
        || !apr_table_get(r->headers_in, "Access-Control-Request-Method")) {
        return DECLINED;
    }
    d = samesite_cors_decide(r, c, st);
    if (d->result != SS_CORS_PREFLIGHT) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                      "SS0603: preflight not approved (%s), passed through",
                      d->reason ? d->reason : ss_cors_result_name(d->result));
        return DECLINED;
    }
    samesite_add_action(r, st, engine, "preflight");
    if (engine == SS_ENGINE_REPORT) {
        samesite_report_t ev = { 0 };
        ev.rule = "cors-preflight-answered";
        ev.origin = d->wildcard ? "*" : ss_origin_str(r->pool, d->origin);
        ev.method =
            apr_table_get(r->headers_in, "Access-Control-Request-Method");
        ev.change = apr_psprintf(r->pool,
                                 "answer the preflight with 204 and %d CORS "
                                 "headers before authentication",
                                 d->headers->nelts);
        samesite_report(r, &ev);
        st->preflight_reported = 1;
        return DECLINED;
    }
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                  "SS0602: [cors-preflight-answered] answered the "
                  "preflight from %s with 204 before authentication",
                  preflight_from(r, d));
    samesite_publish_notes(r, st); /* our output filter never runs */
    return answer_preflight(r, d);
}

int
samesite_header_parser(request_rec *r)
{
    const ss_settings_t *c = samesite_settings(r);
    int engine = ss_settings_engine(c);
    samesite_req_t *st;
    int rv;

    if (engine == SS_ENGINE_OFF) {
        return DECLINED;
    }
    st = samesite_req(r, c);
    apr_table_setn(r->notes, "samesite-class", ss_class_name(st->cls));
    if (!st->public_origin) {
        return DECLINED;
    }
    if ((rv = request_checks(r, c, st, engine)) != DECLINED) {
        return rv;
    }
    map_request_cookies(r, c, engine, st->public_origin);
    return preflight(r, c, st, engine);
}
