/* samesite_startup.c -- mod_samesite at startup (post_config): the system
 * Public Suffix List, the core's log callback, the topology of every scope
 * whose public origin is configured (computed once, not per request), and
 * the startup diagnostics: topology traps and capped Max-Age, logged once
 * per scope with the rule ids of the linter, the vhost and the file:line
 * of the directive they are about (SameSiteFrontend for the topology's
 * traps, SameSiteCORSMaxAge for Max-Age).
 */
#include "apr_strings.h"

#include "http_core.h"

#include "samesite.h"

const ss_psl_t *samesite_system_psl;

/* ---- logging: the core's callback -------------------------------------- */

static server_rec *log_server;

static int
core_log_level(void *baton, ss_log_level_t level)
{
    (void)baton;
    return log_server ? APLOG_IS_LEVEL(log_server, (int)level) : 0;
}

static void
core_log_print(void *baton, ss_log_level_t level, const char *file, int line,
               const char *msg)
{
    (void)baton;
    (void)file;
    (void)line;
    if (log_server) {
        ap_log_error(APLOG_MARK, (int)level, 0, log_server, "SS0001: %s", msg);
    }
}

/* ---- diagnostics ---------------------------------------------------------- */

/* The public origin a scope declares, else what its ServerName and
 * scheme say (NULL when neither tells). */
static const ss_origin_t *
scope_origin(apr_pool_t *p, server_rec *s, const ss_settings_t *c)
{
    const char *scheme;
    ss_origin_t *o;

    if (c->public_origin || !s->server_hostname) {
        return c->public_origin;
    }
    scheme = (s->server_scheme && *s->server_scheme)
                 ? s->server_scheme
                 : (s->port == 443 ? "https" : NULL);
    if (scheme
        && ss_origin_parse(
               &o, p, apr_psprintf(p, "%s://%s", scheme, s->server_hostname))
               == SS_ORIGIN_OK) {
        return o;
    }
    return NULL;
}

/* The startup diagnostics of one configuration read, gathered first so
 * that a finding of a scope inherited by many virtual hosts (the main
 * server's directives, the <Location>s httpd appends to each vhost's)
 * is logged once, naming the first vhost and how many more. */
typedef struct diag_t {
    server_rec *s, *last; /* first and latest vhost with it */
    int level;
    const char *tag, *rule, *msg, *at;
    int more; /* other vhosts with the same finding */
} diag_t;

static apr_array_header_t *diags; /* diag_t *, in the order found */
static apr_hash_t *diag_keys;     /* "file:line rule message" -> diag_t * */

/* s with every occurrence of what replaced by "\x01" */
static const char *
without(apr_pool_t *p, const char *s, const char *what)
{
    const char *out = "", *q;
    apr_size_t n = strlen(what);
    if (!n) {
        return s;
    }
    while ((q = strstr(s, what))) {
        out = apr_pstrcat(p, out, apr_pstrmemdup(p, s, (apr_size_t)(q - s)),
                          "\x01", NULL);
        s = q + n;
    }
    return apr_pstrcat(p, out, s, NULL);
}

/* One diagnostic of a scope: at is the file:line of the directive it is
 * about, po the scope's public origin (a message that differs only by
 * it, e.g. a vhost's origin derived from its ServerName, is the same
 * finding of the same scope). */
static void
diag(apr_pool_t *p, server_rec *s, int level, const char *tag, const char *rule,
     const char *msg, const char *at, const char *po)
{
    const char *key =
        apr_pstrcat(p, at, " ", rule, " ", without(p, msg, po), NULL);
    diag_t *d = apr_hash_get(diag_keys, key, APR_HASH_KEY_STRING);
    if (d) {
        if (d->last != s) { /* vhosts are checked one after the other */
            d->more++;
            d->last = s;
        }
        return;
    }
    d = apr_pcalloc(p, sizeof(*d));
    d->s = d->last = s;
    d->level = level;
    d->tag = tag;
    d->rule = rule;
    d->msg = msg;
    d->at = at;
    APR_ARRAY_PUSH(diags, diag_t *) = d;
    apr_hash_set(diag_keys, key, APR_HASH_KEY_STRING, d);
}

static void
log_diags(apr_pool_t *p)
{
    int i;
    for (i = 0; i < diags->nelts; i++) {
        const diag_t *d = APR_ARRAY_IDX(diags, i, diag_t *);
        ap_log_error(
            APLOG_MARK, d->level, 0, d->s, "%s: [%s] %s (vhost %s%s, %s)",
            d->tag, d->rule, d->msg, samesite_vhost_name(p, d->s),
            d->more ? apr_psprintf(p, " and %d more", d->more) : "", d->at);
    }
}

/* Where a directive of the scope is, else where the scope starts. */
static const char *
at_of(const ss_settings_t *c, int id)
{
    return c->at[id] ? c->at[id] : c->defined_at;
}

static void
check_scope(apr_pool_t *p, server_rec *s, const ss_settings_t *c)
{
    const ss_origin_t *po;
    ss_topology_t *t;
    const char *why, *topo_at;
    int i;

    if (!c->defined_at || ss_settings_engine(c) == SS_ENGINE_OFF) {
        return;
    }
    if (!(po = scope_origin(p, s, c))) {
        ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s,
                     "SS0701: %s: public origin taken from each request "
                     "(no SameSitePublicOrigin)",
                     c->defined_at);
        return;
    }
    t = ss_topology_analyse(p, ss_settings_psl(c, samesite_system_psl), po,
                            c->frontends, ss_settings_default_samesite(c));
    /* the traps come from the frontends (their first SameSiteFrontend
     * line of the scope), else from the public origin */
    topo_at = c->at[SS_DIR_FRONTEND] ? c->at[SS_DIR_FRONTEND]
                                     : at_of(c, SS_DIR_PUBLIC_ORIGIN);
    for (i = 0; i < t->findings->nelts; i++) {
        const ss_finding_t *f = &APR_ARRAY_IDX(t->findings, i, ss_finding_t);
        diag(p, s, f->severity == SS_SEV_ERROR ? APLOG_ERR : APLOG_WARNING,
             "SS0702", f->rule_id, f->message, topo_at, ss_origin_str(p, po));
    }
    if (c->max_age != SS_UNSET
        && (why = ss_cors_max_age_check(p, c->max_age)) != NULL) {
        diag(p, s, APLOG_NOTICE, "SS0703", "cors-max-age-capped",
             apr_psprintf(p, "SameSiteCORSMaxAge %d: %s", c->max_age, why),
             at_of(c, SS_DIR_CORS_MAX_AGE), "");
    }
    ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s,
                 "SS0704: %s: %s has %d frontend(s), worst class %s: "
                 "cookies %s, CORS %s",
                 c->defined_at, ss_origin_str(p, po),
                 c->frontends ? c->frontends->nelts : 0,
                 ss_class_name(t->worst), ss_topology_cookie_policy(p, t),
                 ss_cors_mode_name(t->cors));
}

/* The topology of a scope whose public origin is configured, computed
 * once here instead of per request (ss_settings_merge keeps it while its
 * inputs are unchanged). */
static void
precompute(apr_pool_t *pconf, ss_settings_t *c, const ss_settings_t *base)
{
    if (!c->public_origin || c->topology) {
        return;
    }
    if (!c->frontends && base && base->frontends) {
        return; /* merged inputs differ: per request */
    }
    c->topology = ss_topology_analyse(
        pconf, ss_settings_psl(c, samesite_system_psl), c->public_origin,
        c->frontends, ss_settings_default_samesite(c));
}

static void
check_sections(apr_pool_t *p, server_rec *s, apr_array_header_t *secs,
               const ss_settings_t *base)
{
    int i;
    for (i = 0; secs && i < secs->nelts; i++) {
        ap_conf_vector_t *v = APR_ARRAY_IDX(secs, i, ap_conf_vector_t *);
        ss_settings_t *c = ap_get_module_config(v, &samesite_module);
        if (c) {
            precompute(s->process->pconf, c, base);
        }
        if (c && c->defined_at) {
            check_scope(p, s, ss_settings_merge(p, base, c));
        }
    }
}

int
samesite_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                     server_rec *s)
{
    const char *err = NULL;
    ss_psl_t *psl;
    server_rec *vs;

    (void)plog;
    log_server = s;
    ss_log_set(core_log_level, core_log_print, NULL);
    if (ss_psl_open(&psl, pconf, NULL, &err) != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                     "SS0801: cannot load the Public Suffix List: %s",
                     err ? err : "unknown error");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    samesite_system_psl = psl;
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG) {
        return OK; /* first pass: diagnostics once, on the real config */
    }
    diags = apr_array_make(ptemp, 8, sizeof(diag_t *)); /* this read */
    diag_keys = apr_hash_make(ptemp);
    for (vs = s; vs; vs = vs->next) {
        ss_settings_t *base =
            ap_get_module_config(vs->lookup_defaults, &samesite_module);
        core_server_config *core = ap_get_core_module_config(vs->module_config);
        precompute(pconf, base, NULL);
        check_scope(ptemp, vs, base);
        check_sections(ptemp, vs, core->sec_url, base);
        check_sections(ptemp, vs, core->sec_dir, base);
    }
    log_diags(ptemp);
    diags = NULL; /* ptemp is cleared after post_config */
    diag_keys = NULL;
    ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s,
                 "SS0802: mod_samesite %s, Public Suffix List from %s",
                 SS_VERSION, ss_psl_source(samesite_system_psl));
    return OK;
}
