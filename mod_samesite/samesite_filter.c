/* samesite_filter.c -- mod_samesite's response side: the output filters
 * SAMESITE (normal responses, insert_filter) and SAMESITE_ERROR (error
 * responses, insert_error_filter), mod_headers' pair.  They rewrite
 * Set-Cookie in both headers_out (mod_proxy_http) and err_headers_out
 * (CGI, FastCGI, SCGI), replace a backend's CORS headers with the core's
 * decision and merge Vary; they run once, remove themselves and always
 * pass the brigade on.
 */
#include <string.h>

#include "apr_strings.h"

#include "samesite.h"

/* ---- CORS --------------------------------------------------------------- */

/* Every Vary of both tables, joined (NULL when there is none). */
static const char *
vary_of(request_rec *r)
{
    const char *v = NULL;
    const apr_array_header_t *arr;
    const apr_table_entry_t *e;
    apr_table_t *tabs[2];
    int i, t;

    tabs[0] = r->headers_out;
    tabs[1] = r->err_headers_out;
    for (t = 0; t < 2; t++) {
        arr = apr_table_elts(tabs[t]);
        e = (const apr_table_entry_t *)arr->elts;
        for (i = 0; i < arr->nelts; i++) {
            if (e[i].key && (e[i].key[0] | 0x20) == 'v'
                && !strcasecmp(e[i].key, "Vary")) {
                v = v ? apr_pstrcat(r->pool, v, ", ", e[i].val, NULL)
                      : e[i].val;
            }
        }
    }
    return v;
}

void
samesite_merge_vary(request_rec *r, const char *token)
{
    const char *v = vary_of(r);
    if (v && ss_header_has_token(v, "*")) {
        return; /* Vary: * already varies on everything */
    }
    v = ss_header_token_merge(r->pool, v, token);
    apr_table_unset(r->headers_out, "Vary");
    apr_table_setn(r->err_headers_out, "Vary", v);
}

/* A CORS scope's responses depend on the Origin: all of them, also those
 * to requests without Origin or from the public origin itself, carry
 * Vary: Origin, or a cache may serve a copy without
 * Access-Control-Allow-Origin to the frontend (cors-missing-vary). */
static void
apply_vary(request_rec *r, int engine)
{
    const char *v = vary_of(r);
    if (v
        && (ss_header_has_token(v, "Origin") || ss_header_has_token(v, "*"))) {
        return;
    }
    if (engine == SS_ENGINE_REPORT) {
        samesite_report_t ev = { 0 };
        ev.rule = "cors-missing-vary";
        ev.change = "merge Vary: Origin (the response depends on the "
                    "request's Origin)";
        samesite_report(r, &ev);
        return;
    }
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                  "SS0104: [cors-missing-vary] merged Vary: Origin (the "
                  "response depends on the request's Origin)");
    samesite_merge_vary(r, "Origin");
}

/* Whom the CORS headers are for, in a log line (evaluated only when the
 * line is logged). */
static const char *
cors_who(request_rec *r, const ss_cors_decision_t *d)
{
    return d->wildcard ? "any origin (*)" : ss_origin_str(r->pool, d->origin);
}

static void
apply_cors(request_rec *r, const ss_settings_t *c, samesite_req_t *st,
           int engine)
{
    ss_cors_decision_t *d;
    const char *acao = NULL, *acac = NULL, *rule = NULL;
    int i, t, had_backend = 0, n_acao = 0, cors;
    apr_table_t *tabs[2];

    if (!ss_settings_cors(c) || !st->public_origin) {
        return;
    }
    if (st->preflight_reported) {
        return; /* ReportOnly: the whole response would be our 204 */
    }
    d = samesite_cors_decide(r, c, st);
    tabs[0] = r->headers_out;
    tabs[1] = r->err_headers_out;
    for (t = 0; t < 2; t++) {
        /* one pass over each table (not one lookup per CORS header) */
        const apr_array_header_t *arr = apr_table_elts(tabs[t]);
        const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
        for (i = 0; i < arr->nelts; i++) {
            if (!e[i].key || (e[i].key[0] | 0x20) != 'a'
                || strncasecmp(e[i].key, "Access-Control-", 15)
                || !ss_cors_is_response_header(e[i].key)) {
                continue;
            }
            had_backend = 1;
            if (!strcasecmp(e[i].key, "Access-Control-Allow-Origin")) {
                acao = acao ? acao : e[i].val;
                n_acao++;
            } else if (!strcasecmp(e[i].key,
                                   "Access-Control-Allow-Credentials")) {
                acac = e[i].val;
            }
        }
    }
    if (had_backend) {
        rule = ss_cors_backend_rule(d, acao, n_acao, acac, st->origin);
    }
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                  "SS0101: CORS %s for Origin %s: %s",
                  ss_cors_result_name(d->result),
                  d->origin ? ss_origin_str(r->pool, d->origin) : "(none)",
                  d->reason ? d->reason : "");
    cors = d->result != SS_CORS_NOT_CORS && d->result != SS_CORS_SAME_ORIGIN;
    if (cors) {
        samesite_add_action(r, st, engine,
                            apr_pstrcat(r->pool, "cors-",
                                        ss_cors_result_name(d->result), NULL));
    }
    /* SameSiteCORS Public: "*" on every response of the scope */
    if (cors || d->wildcard) {
        if (engine == SS_ENGINE_REPORT && (rule || d->headers->nelts)) {
            samesite_report_t ev = { 0 };
            ev.rule = rule ? rule : "cors-origin-allowed";
            ev.origin = d->wildcard ? "*"
                        : d->origin ? ss_origin_str(r->pool, d->origin)
                                    : samesite_report_origin(r, st);
            ev.change =
                !rule ? apr_psprintf(r->pool, "add %d CORS headers (%s)",
                                     d->headers->nelts,
                                     ss_cors_result_name(d->result))
                : d->headers->nelts
                    ? apr_psprintf(r->pool,
                                   "replace the backend's CORS headers "
                                   "with %d",
                                   d->headers->nelts)
                    : apr_pstrcat(
                        r->pool, "remove the backend's CORS headers: ",
                        d->reason ? d->reason : "origin not allowed", NULL);
            samesite_report(r, &ev);
        } else if (rule) {
            /* never two sets of CORS headers (two Access-Control-Allow-
             * Origin values make the browser reject both) */
            ap_log_rerror(
                APLOG_MARK, SAMESITE_CHANGE_LEVEL(engine), 0, r,
                "SS0102: [%s] %s the backend's CORS headers%s", rule,
                d->headers->nelts
                    ? SAMESITE_WOULD(engine, "replace", "replaced")
                    : SAMESITE_WOULD(engine, "remove", "removed"),
                d->headers->nelts
                    ? apr_psprintf(r->pool, " with %d for %s",
                                   d->headers->nelts, cors_who(r, d))
                    : apr_pstrcat(r->pool, ": ",
                                  d->reason ? d->reason : "origin not allowed",
                                  NULL));
        } else if (d->headers->nelts) {
            ap_log_rerror(APLOG_MARK, SAMESITE_CHANGE_LEVEL(engine), 0, r,
                          "SS0103: [cors-origin-allowed] %s %d CORS headers "
                          "for %s (%s)",
                          SAMESITE_WOULD(engine, "add", "added"),
                          d->headers->nelts, cors_who(r, d),
                          ss_cors_result_name(d->result));
        }
        if (engine == SS_ENGINE_ON) {
            for (i = 0; had_backend && ss_cors_response_headers[i]; i++) {
                apr_table_unset(r->headers_out, ss_cors_response_headers[i]);
                apr_table_unset(r->err_headers_out,
                                ss_cors_response_headers[i]);
            }
            for (i = 0; i < d->headers->nelts; i++) {
                const ss_header_t *h =
                    &APR_ARRAY_IDX(d->headers, i, ss_header_t);
                apr_table_setn(r->err_headers_out, h->name, h->value);
            }
        }
    }
    if (d->vary) {
        apply_vary(r, engine); /* not in public mode: "*" for every origin */
    }
}

/* ---- cookies ------------------------------------------------------------- */

static int
rewrite_cookie_table(request_rec *r, const ss_settings_t *c, samesite_req_t *st,
                     apr_table_t *t, const ss_cookie_ctx_t *ctx, int engine)
{
    /* one pass over the table; a rewritten value replaces the entry's in
     * place (header order kept), legacy twins are added after the pass */
    const apr_array_header_t *arr = apr_table_elts(t);
    apr_table_entry_t *e = (apr_table_entry_t *)arr->elts;
    apr_array_header_t *twins = NULL;
    int i, j, n = arr->nelts, changed = 0;

    for (i = 0; i < n; i++) {
        const char *line = e[i].val;
        const ss_cookie_rule_t *rule;
        apr_array_header_t *ch;
        ss_cookie_t *ck;
        const char *name;
        int applied = 0;

        if (!e[i].key || (e[i].key[0] | 0x20) != 's'
            || strcasecmp(e[i].key, "Set-Cookie") || !line) {
            continue;
        }
        ck = ss_cookie_parse(r->pool, line);
        name = ck->name; /* as the backend sent it (apply may rename) */
        rule =
            ck->valid ? ss_cookie_rule_find(c->cookie_rules, ck->name) : NULL;
        ch = ss_cookie_policy(r->pool, ck, rule, ctx);

        for (j = 0; j < ch->nelts; j++) {
            const ss_cookie_change_t *x =
                &APR_ARRAY_IDX(ch, j, ss_cookie_change_t);
            /* findings at their level; a change at DEBUG, unless the
             * policy says the backend sent something the browser would
             * reject (a bad Domain, a prefix or None without Secure):
             * that is logged at its level even when fixed */
            int lvl = x->op == SS_CHANGE_NONE ? (int)x->level
                      : engine == SS_ENGINE_ON && x->message
                              && (int)x->level <= APLOG_WARNING
                          ? (int)x->level
                          : SAMESITE_CHANGE_LEVEL(engine);
            if (engine == SS_ENGINE_REPORT && lvl <= APLOG_WARNING) {
                /* a would-be change, or a finding as loud: counted */
                samesite_report_t ev = { 0 };
                const char *msg = x->message ? x->message : x->rule_id;
                const char *pre = ck->valid
                                      ? apr_pstrcat(r->pool, "cookie \"",
                                                    ck->name, "\": ", NULL)
                                      : NULL;
                if (pre && !strncmp(msg, pre, strlen(pre))) {
                    msg += strlen(pre); /* the name is cookie= */
                }
                ev.rule = x->rule_id;
                ev.cookie = ck->valid ? ck->name : NULL;
                if (x->op == SS_CHANGE_NONE) {
                    ev.finding = msg;
                } else {
                    ev.change = msg;
                }
                samesite_report(r, &ev);
            } else {
                ap_log_rerror(APLOG_MARK, lvl, 0, r, "SS0201: [%s] %s",
                              x->rule_id, x->message ? x->message : x->rule_id);
            }
            if (x->op != SS_CHANGE_NONE) {
                applied++;
            }
        }
        if (!ch->nelts) {
            ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                          "SS0202: cookie \"%s\" needs no change "
                          "(SameSite=%s, frontends: %s)",
                          ck->name,
                          ss_samesite_name(ss_cookie_samesite(ck))
                              ? ss_samesite_name(ss_cookie_samesite(ck))
                              : "unset",
                          ss_class_name(st->topology->worst));
        }
        if (applied && ck->valid) {
            /* also in ReportOnly: the legacy twin is made from it */
            ss_cookie_apply(ck, ch);
        }
        if (engine == SS_ENGINE_ON && applied && ck->valid) {
            e[i].val = (char *)ss_cookie_str(r->pool, ck);
            changed++;
        }
        if (applied) {
            samesite_add_action(
                r, st, engine, apr_pstrcat(r->pool, "cookie:", ck->name, NULL));
        }
        if (ctx->legacy_duplicate && ck->valid) {
            ss_cookie_t *twin = ss_cookie_legacy_twin(r->pool, ck);
            if (twin && engine == SS_ENGINE_REPORT) {
                samesite_report_t ev = { 0 };
                ev.rule = "cookie-legacy-duplicate";
                ev.cookie = name;
                ev.change = apr_pstrcat(r->pool, "add \"", twin->name,
                                        "\" without SameSite, for clients "
                                        "that mishandle None",
                                        NULL);
                samesite_report(r, &ev);
            } else if (twin) {
                ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                              "SS0203: [cookie-legacy-duplicate] added "
                              "\"%s\" next to \"%s\", without SameSite, "
                              "for clients that mishandle None",
                              twin->name, ck->name);
                if (engine == SS_ENGINE_ON) {
                    if (!twins) {
                        twins =
                            apr_array_make(r->pool, 2, sizeof(const char *));
                    }
                    APR_ARRAY_PUSH(twins, const char *) =
                        ss_cookie_str(r->pool, twin);
                    changed++;
                }
            }
        }
    }
    for (i = 0; twins && i < twins->nelts; i++) {
        apr_table_addn(t, "Set-Cookie", APR_ARRAY_IDX(twins, i, const char *));
    }
    return changed;
}

static void
apply_cookies(request_rec *r, const ss_settings_t *c, samesite_req_t *st,
              int engine)
{
    ss_cookie_ctx_t ctx;

    if (!st->topology) {
        return;
    }
    memset(&ctx, 0, sizeof(ctx));
    ctx.topology = st->topology;
    ctx.psl = ss_settings_psl(c, samesite_system_psl);
    ctx.request_class = st->cls;
    ctx.request_from_frontend = st->from_frontend;
    ctx.legacy_duplicate = ss_settings_legacy(c) == SS_LEGACY_DUPLICATE;
    ctx.terse = engine == SS_ENGINE_ON && !APLOG_R_IS_LEVEL(r, APLOG_DEBUG);
    ctx.omit_none = ss_settings_legacy(c) == SS_LEGACY_OMITNONE
                    && ss_ua_samesite_none_incompatible(
                        apr_table_get(r->headers_in, "User-Agent"));
    rewrite_cookie_table(r, c, st, r->headers_out, &ctx, engine);
    rewrite_cookie_table(r, c, st, r->err_headers_out, &ctx, engine);
}

/* ---- output filters ------------------------------------------------------- */

static void
process_response(request_rec *r)
{
    const ss_settings_t *c = samesite_settings(r);
    int engine = ss_settings_engine(c);
    samesite_req_t *st;

    if (engine == SS_ENGINE_OFF) {
        return;
    }
    st = samesite_req(r, c);
    if (!st->public_origin) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                      "SS0301: no usable public origin for this request; "
                      "set SameSitePublicOrigin");
    } else {
        apply_cors(r, c, st, engine);
        apply_cookies(r, c, st, engine);
    }
    samesite_publish_notes(r, st);
}

apr_status_t
samesite_out_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    request_rec *r = f->r;
    ap_remove_output_filter(f);
    process_response(r);
    return ap_pass_brigade(f->next, bb);
}

void
samesite_insert_filter(request_rec *r)
{
    if (ss_settings_engine(samesite_settings(r)) != SS_ENGINE_OFF) {
        ap_add_output_filter_handle(samesite_out_filter_handle, NULL, r,
                                    r->connection);
    }
}

void
samesite_insert_error_filter(request_rec *r)
{
    if (ss_settings_engine(samesite_settings(r)) != SS_ENGINE_OFF) {
        ap_add_output_filter_handle(samesite_err_filter_handle, NULL, r,
                                    r->connection);
    }
}
