/* mod_samesite.c -- CORS headers and Set-Cookie attributes for the
 * declared deployment topology, on every response (normal, error,
 * redirected, proxied, CGI/FastCGI/SCGI).  Thin httpd glue: every
 * decision comes from the samesite core in common/.
 *
 * Directives (server config, <VirtualHost>, <Directory>, <Location>):
 *
 *   SameSiteEngine On|Off|ReportOnly
 *   SameSitePublicOrigin https://api.example.com
 *   SameSiteTrustProxy On|Off          (X-Forwarded-Proto/-Host; default Off)
 *   SameSiteFrontend ORIGIN|PATTERN ...
 *   SameSiteCookie GLOB [Auto|Strict|Lax|None|Keep] [HttpOnly|-HttpOnly]
 *                  [Secure|-Secure] [Partitioned|-Partitioned] [HostPrefix]
 *   SameSiteDefault Strict|Lax
 *   SameSiteCORS On|Off
 *   SameSiteCORSAllowMethods / AllowHeaders / ExposeHeaders LIST
 *   SameSiteCORSMaxAge SECONDS
 *   SameSiteCORSPrivateNetwork On|Off
 *   SameSitePreflight Handle|PassThrough
 *   SameSiteCSRF Off|Enforce|ReportOnly
 *   SameSiteWebSocket Enforce|Off
 *   SameSiteLegacyClients Off|Duplicate|OmitNone
 *   SameSitePublicSuffixList PATH
 *
 * Example:
 *
 *   <VirtualHost *:443>
 *       ServerName api.shop.example
 *       SameSiteEngine On
 *       SameSiteFrontend https://app.shop.example https://partner.example
 *       SameSiteCORS On
 *       SameSitePreflight Handle
 *       SameSiteCookie session Auto HttpOnly HostPrefix
 *       ProxyPass / http://127.0.0.1:8080/
 *   </VirtualHost>
 *
 * Merge rule (per-dir, like mod_headers): every scalar set in an inner
 * scope overrides the outer value; SameSiteFrontend lists set in an inner
 * scope replace the outer list (an inner scope never widens trust by
 * accident); SameSiteCookie rules of the inner scope are tried first,
 * then the outer ones (first match wins).
 *
 * Request flow:
 *   header_parser (after the <Location>/<Directory> walk, before
 *   authentication and authorization): WebSocket origin check, CSRF check,
 *   preflight answer (204, SameSitePreflight Handle), request Cookie
 *   header mapping (HostPrefix, LegacyClients Duplicate).
 *   Output filters SAMESITE (normal responses, insert_filter) and
 *   SAMESITE_ERROR (error responses, insert_error_filter): rewrite
 *   Set-Cookie in both headers_out (mod_proxy_http) and err_headers_out
 *   (CGI, FastCGI, SCGI), replace backend CORS headers, merge Vary.
 *   They run once and remove themselves.
 *
 * Log tags: every call site has its own "SSnnnn" tag, and every change
 * (or, in ReportOnly, would-be change: one WARNING line each) cites its
 * rule id from the core catalog; the table is in docs/mod_samesite.md.
 */
#include <string.h>

#include "apr_strings.h"
#include "apr_hash.h"
#include "apr_lib.h"

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_filter.h"

#include "ss.h"

module AP_MODULE_DECLARE_DATA samesite_module;

#define UNSET (-1)

typedef enum { ENGINE_OFF = 0, ENGINE_ON = 1, ENGINE_REPORT = 2 } engine_t;

typedef enum { CSRF_OFF = 0, CSRF_ENFORCE, CSRF_REPORT } csrf_t;

typedef enum { LEGACY_OFF = 0, LEGACY_DUPLICATE, LEGACY_OMITNONE } legacy_t;

typedef struct {
    int engine;                       /* engine_t or UNSET */
    const ss_origin_t *public_origin; /* NULL: from the request */
    int trust_proxy;
    apr_array_header_t *frontends;    /* ss_pattern_t *, NULL: unset */
    apr_array_header_t *cookie_rules; /* ss_cookie_rule_t *, NULL: unset */
    int default_samesite;             /* ss_samesite_t or UNSET */
    int cors;
    const char *allow_methods;
    const char *allow_headers;
    const char *expose_headers;
    int max_age;
    int private_network;
    int preflight_handle;
    int csrf; /* csrf_t or UNSET */
    int websocket;
    int legacy;             /* legacy_t or UNSET */
    const ss_psl_t *psl;    /* NULL: inherit / system */
    const char *defined_at; /* "file:line" of the first directive */
    /* precomputed at startup when the public origin is configured: no
     * per-request PSL work (not a directive; follows the merge) */
    const ss_topology_t *topology;
} ss_dir_conf;

/* Per-request state, computed once. */
typedef struct {
    const ss_origin_t *public_origin;
    ss_topology_t *topology;
    ss_class_t cls;
    int from_frontend;
    const char *origin;          /* Origin header */
    ss_request_info_t ri;        /* the request's headers, Origin
                                          parsed once */
    apr_array_header_t *actions; /* const char * for samesite-action */
    int preflight_reported;      /* ReportOnly: "would answer the
                                          preflight" already logged */
} ss_req_state;

static const ss_psl_t *system_psl; /* opened in post_config */
static apr_hash_t *psl_cache;      /* path -> ss_psl_t *, config time */

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

/* Every change the module makes is logged once with the catalog id that
 * explains it: at DEBUG when it is made (LogLevel samesite:debug), at
 * WARNING in ReportOnly, where the log is the product ("would ..."),
 * visible at the default LogLevel warn. */
#define CHANGE_LEVEL(engine)                                                   \
    ((engine) == ENGINE_REPORT ? APLOG_WARNING : APLOG_DEBUG)
#define WOULD(engine, would, did)                                              \
    ((engine) == ENGINE_REPORT ? "report-only: would " would : did)

/* ---- configuration ------------------------------------------------------ */

static void *
create_dir_conf(apr_pool_t *p, char *dir)
{
    ss_dir_conf *c = apr_pcalloc(p, sizeof(*c));
    (void)dir;
    c->engine = UNSET;
    c->trust_proxy = UNSET;
    c->default_samesite = UNSET;
    c->cors = UNSET;
    c->max_age = UNSET;
    c->private_network = UNSET;
    c->preflight_handle = UNSET;
    c->csrf = UNSET;
    c->websocket = UNSET;
    c->legacy = UNSET;
    return c;
}

#define MERGE_INT(f) n->f = (add->f != UNSET) ? add->f : base->f
#define MERGE_PTR(f) n->f = add->f ? add->f : base->f

static void *
merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    const ss_dir_conf *base = basev, *add = addv;
    ss_dir_conf *n = apr_pcalloc(p, sizeof(*n));

    MERGE_INT(engine);
    MERGE_PTR(public_origin);
    MERGE_INT(trust_proxy);
    MERGE_PTR(frontends);
    MERGE_INT(default_samesite);
    MERGE_INT(cors);
    MERGE_PTR(allow_methods);
    MERGE_PTR(allow_headers);
    MERGE_PTR(expose_headers);
    MERGE_INT(max_age);
    MERGE_INT(private_network);
    MERGE_INT(preflight_handle);
    MERGE_INT(csrf);
    MERGE_INT(websocket);
    MERGE_INT(legacy);
    MERGE_PTR(psl);
    MERGE_PTR(defined_at);
    /* the startup topology stays valid while its inputs are unchanged */
    if (add->topology && n->public_origin == add->public_origin
        && n->frontends == add->frontends && n->psl == add->psl
        && n->default_samesite == add->default_samesite) {
        n->topology = add->topology;
    } else if (base->topology && n->public_origin == base->public_origin
               && n->frontends == base->frontends && n->psl == base->psl
               && n->default_samesite == base->default_samesite) {
        n->topology = base->topology;
    }
    if (add->cookie_rules && base->cookie_rules) {
        n->cookie_rules =
            apr_array_append(p, add->cookie_rules, base->cookie_rules);
    } else {
        MERGE_PTR(cookie_rules);
    }
    return n;
}

static void
note_defined(cmd_parms *cmd, ss_dir_conf *c)
{
    if (!c->defined_at && cmd->directive) {
        c->defined_at =
            apr_psprintf(cmd->pool, "%s:%d", cmd->directive->filename,
                         cmd->directive->line_num);
    }
}

static const char *
bad_arg(cmd_parms *cmd, const char *arg, const char *expected)
{
    return apr_psprintf(cmd->pool, "%s: invalid argument '%s', expected %s",
                        cmd->cmd->name, arg, expected);
}

/* A keyword directive: arg is looked up in the core's table
 * (ss_directive_keyword, shared with samesite-lint) and values[k] is the
 * setting of its k-th keyword. */
static const char *
set_keyword(cmd_parms *cmd, ss_dir_conf *c, const char *arg, const int *values,
            int *field)
{
    int k = ss_directive_keyword(cmd->cmd->name, arg);
    note_defined(cmd, c);
    if (k < 0) {
        return bad_arg(cmd, arg, ss_directive_expected(cmd->cmd->name));
    }
    *field = values[k];
    return NULL;
}

static const char *
set_engine(cmd_parms *cmd, void *dc, const char *arg)
{
    static const int v[] = { ENGINE_ON, ENGINE_OFF, ENGINE_REPORT };
    ss_dir_conf *c = dc;
    return set_keyword(cmd, c, arg, v, &c->engine);
}

static const char *
set_public_origin(cmd_parms *cmd, void *dc, const char *arg)
{
    ss_dir_conf *c = dc;
    ss_origin_t *o;
    ss_origin_err_t e = ss_origin_parse(&o, cmd->pool, arg);
    note_defined(cmd, c);
    if (e != SS_ORIGIN_OK) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not an origin: %s",
                            cmd->cmd->name, arg, ss_origin_strerror(e));
    }
    if (o->is_null) {
        return apr_psprintf(cmd->pool, "%s: 'null' cannot be a public origin",
                            cmd->cmd->name);
    }
    c->public_origin = o;
    return NULL;
}

static const char *
set_flag(cmd_parms *cmd, void *dc, int on)
{
    ss_dir_conf *c = dc;
    int off = (int)(apr_uintptr_t)cmd->info;
    note_defined(cmd, c);
    *(int *)((char *)c + off) = on ? 1 : 0;
    return NULL;
}

static const char *
add_frontend(cmd_parms *cmd, void *dc, const char *arg)
{
    ss_dir_conf *c = dc;
    ss_pattern_t *pat;
    ss_origin_err_t e = ss_pattern_parse(&pat, cmd->pool, arg);
    note_defined(cmd, c);
    if (e != SS_ORIGIN_OK) {
        return apr_psprintf(cmd->pool,
                            "%s: '%s' is not an origin or an origin pattern "
                            "(https://\x2a.example.com): %s",
                            cmd->cmd->name, arg, ss_origin_strerror(e));
    }
    if (!c->frontends) {
        c->frontends = apr_array_make(cmd->pool, 4, sizeof(ss_pattern_t *));
    }
    APR_ARRAY_PUSH(c->frontends, ss_pattern_t *) = pat;
    return NULL;
}

static const char *
add_cookie_rule(cmd_parms *cmd, void *dc, int argc, char *const argv[])
{
    ss_dir_conf *c = dc;
    ss_cookie_rule_t *rule;
    const char *err;
    note_defined(cmd, c);
    if (argc < 1) {
        return apr_psprintf(cmd->pool, "%s: needs a cookie name or glob",
                            cmd->cmd->name);
    }
    err = ss_cookie_rule_parse(&rule, cmd->pool, argv[0], argc - 1,
                               (const char *const *)argv + 1);
    if (err) {
        return apr_psprintf(cmd->pool, "%s %s: %s", cmd->cmd->name, argv[0],
                            err);
    }
    if (!c->cookie_rules) {
        c->cookie_rules =
            apr_array_make(cmd->pool, 4, sizeof(ss_cookie_rule_t *));
    }
    APR_ARRAY_PUSH(c->cookie_rules, ss_cookie_rule_t *) = rule;
    return NULL;
}

static const char *
set_default(cmd_parms *cmd, void *dc, const char *arg)
{
    static const int v[] = { SS_SAMESITE_STRICT, SS_SAMESITE_LAX };
    ss_dir_conf *c = dc;
    return set_keyword(cmd, c, arg, v, &c->default_samesite);
}

static const char *
set_list(cmd_parms *cmd, void *dc, const char *arg)
{
    ss_dir_conf *c = dc;
    const char *norm, *err, *list = NULL;
    char *w;
    ss_cors_list_kind_t kind = ss_cors_list_kind(cmd->cmd->name);
    note_defined(cmd, c);
    /* RAW_ARGS so that both `GET, POST` and `"GET, POST"` work: httpd's own
     * word splitting (quotes, backslashes), words joined as the linter
     * joins them, then one list check for both */
    while (*(w = ap_getword_conf(cmd->temp_pool, &arg))) {
        list = list ? apr_pstrcat(cmd->temp_pool, list, " ", w, NULL) : w;
    }
    err = ss_cors_list_check(&norm, cmd->pool, list, kind);
    if (err) {
        return apr_psprintf(cmd->pool, "%s: %s", cmd->cmd->name, err);
    }
    *(const char **)((char *)c + (apr_uintptr_t)cmd->info) = norm;
    return NULL;
}

static const char *
set_max_age(cmd_parms *cmd, void *dc, const char *arg)
{
    ss_dir_conf *c = dc;
    note_defined(cmd, c);
    if (ss_cors_max_age_parse(&c->max_age, arg)) {
        return bad_arg(cmd, arg, "a number of seconds");
    }
    return NULL;
}

static const char *
set_preflight(cmd_parms *cmd, void *dc, const char *arg)
{
    static const int v[] = { 1, 0 };
    ss_dir_conf *c = dc;
    return set_keyword(cmd, c, arg, v, &c->preflight_handle);
}

static const char *
set_csrf(cmd_parms *cmd, void *dc, const char *arg)
{
    static const int v[] = { CSRF_OFF, CSRF_ENFORCE, CSRF_REPORT };
    ss_dir_conf *c = dc;
    return set_keyword(cmd, c, arg, v, &c->csrf);
}

static const char *
set_websocket(cmd_parms *cmd, void *dc, const char *arg)
{
    static const int v[] = { 1, 0 };
    ss_dir_conf *c = dc;
    return set_keyword(cmd, c, arg, v, &c->websocket);
}

static const char *
set_legacy(cmd_parms *cmd, void *dc, const char *arg)
{
    static const int v[] = { LEGACY_OFF, LEGACY_DUPLICATE, LEGACY_OMITNONE };
    ss_dir_conf *c = dc;
    return set_keyword(cmd, c, arg, v, &c->legacy);
}

static apr_status_t
reset_psl_cache(void *data)
{
    *(apr_hash_t **)data = NULL;
    return APR_SUCCESS;
}

static const char *
set_psl(cmd_parms *cmd, void *dc, const char *arg)
{
    ss_dir_conf *c = dc;
    const char *path = ap_server_root_relative(cmd->pool, arg);
    ss_psl_t *psl;
    const char *err = NULL;
    note_defined(cmd, c);
    if (!path) {
        return bad_arg(cmd, arg, "a file path");
    }
    if (!psl_cache) {
        /* lives in pconf: forget it when a restart clears the pool */
        psl_cache = apr_hash_make(cmd->pool);
        apr_pool_cleanup_register(cmd->pool, &psl_cache, reset_psl_cache,
                                  apr_pool_cleanup_null);
    }
    psl = apr_hash_get(psl_cache, path, APR_HASH_KEY_STRING);
    if (!psl) {
        /* The list lives as long as the configuration. */
        if (ss_psl_open(&psl, cmd->pool, path, &err) != APR_SUCCESS) {
            return apr_psprintf(cmd->pool, "%s: cannot load '%s': %s",
                                cmd->cmd->name, path,
                                err ? err : "not a Public Suffix List");
        }
        apr_hash_set(psl_cache, apr_pstrdup(cmd->pool, path),
                     APR_HASH_KEY_STRING, psl);
    }
    c->psl = psl;
    return NULL;
}

#define DIR_CMD(name, fn, how, help)                                           \
    AP_INIT_##how(name, fn, NULL, RSRC_CONF | ACCESS_CONF, help)
#define FLAG_CMD(name, field, help)                                            \
    AP_INIT_FLAG(name, set_flag, (void *)APR_OFFSETOF(ss_dir_conf, field),     \
                 RSRC_CONF | ACCESS_CONF, help)
#define LIST_CMD(name, field, help)                                            \
    AP_INIT_RAW_ARGS(name, set_list, (void *)APR_OFFSETOF(ss_dir_conf, field), \
                     RSRC_CONF | ACCESS_CONF, help)

static const command_rec samesite_cmds[] = {
    DIR_CMD("SameSiteEngine", set_engine, TAKE1, "On, Off or ReportOnly"),
    DIR_CMD("SameSitePublicOrigin", set_public_origin, TAKE1,
            "the origin the browser sees, e.g. https://api.example.com"),
    FLAG_CMD("SameSiteTrustProxy", trust_proxy,
             "On: take the public origin from X-Forwarded-Proto/-Host"),
    DIR_CMD("SameSiteFrontend", add_frontend, ITERATE,
            "frontend origins or patterns (https://\x2a.example.com)"),
    DIR_CMD("SameSiteCookie", add_cookie_rule, TAKE_ARGV,
            "GLOB [Auto|Strict|Lax|None|Keep] [HttpOnly|-HttpOnly] "
            "[Secure|-Secure] [Partitioned|-Partitioned] [HostPrefix]"),
    DIR_CMD("SameSiteDefault", set_default, TAKE1,
            "Strict or Lax: what Auto picks for same-site topologies"),
    FLAG_CMD("SameSiteCORS", cors, "On: CORS for the declared frontends"),
    LIST_CMD("SameSiteCORSAllowMethods", allow_methods,
             "methods allowed in preflights"),
    LIST_CMD("SameSiteCORSAllowHeaders", allow_headers,
             "request headers allowed in preflights"),
    LIST_CMD("SameSiteCORSExposeHeaders", expose_headers,
             "response headers exposed to scripts"),
    DIR_CMD("SameSiteCORSMaxAge", set_max_age, TAKE1,
            "preflight cache lifetime in seconds (default 7200)"),
    FLAG_CMD("SameSiteCORSPrivateNetwork", private_network,
             "On: answer Private Network Access preflights"),
    DIR_CMD("SameSitePreflight", set_preflight, TAKE1, "Handle or PassThrough"),
    DIR_CMD("SameSiteCSRF", set_csrf, TAKE1, "Off, Enforce or ReportOnly"),
    DIR_CMD("SameSiteWebSocket", set_websocket, TAKE1, "Enforce or Off"),
    DIR_CMD("SameSiteLegacyClients", set_legacy, TAKE1,
            "Off, Duplicate or OmitNone"),
    DIR_CMD("SameSitePublicSuffixList", set_psl, TAKE1,
            "path of a Public Suffix List file"),
    { NULL }
};

/* ---- effective values ---------------------------------------------------- */

static int
engine_of(const ss_dir_conf *c)
{
    return c->engine == UNSET ? ENGINE_OFF : c->engine;
}

static const ss_psl_t *
psl_of(const ss_dir_conf *c)
{
    return c->psl ? c->psl : system_psl;
}

static ss_samesite_t
default_of(const ss_dir_conf *c)
{
    return c->default_samesite == UNSET ? SS_SAMESITE_LAX
                                        : (ss_samesite_t)c->default_samesite;
}

/* First element of a comma-separated forwarded header, without the
 * surrounding blanks, copied from the pool.  Inner whitespace is kept so
 * that the origin parser rejects it ("a.test b.test" from an obs-fold
 * must not become the host "a.testb.test"). */
static const char *
first_token(apr_pool_t *p, const char *v)
{
    const char *end;
    if (!v) {
        return NULL;
    }
    while (*v == ' ' || *v == '\t') {
        v++;
    }
    end = strchr(v, ',');
    if (!end) {
        end = v + strlen(v);
    }
    while (end > v && (end[-1] == ' ' || end[-1] == '\t')) {
        end--;
    }
    return apr_pstrmemdup(p, v, (apr_size_t)(end - v));
}

/* The origin the browser sees.  Forwarded headers only with TrustProxy,
 * and only when they are well-formed: X-Forwarded-Proto http or https,
 * X-Forwarded-Host a host[:port] (no userinfo, path, control characters).
 * A malformed one is ignored (never echoed, not even in the log): the
 * request's own scheme / Host are used instead. */
static const ss_origin_t *
request_public_origin(request_rec *r, const ss_dir_conf *c, const char **source)
{
    const char *scheme, *host, *s;
    ss_origin_t *o;
    apr_port_t port;

    *source = "SameSitePublicOrigin";
    if (c->public_origin) {
        return c->public_origin;
    }
    *source = "the request's scheme, Host and port";
    scheme = ap_http_scheme(r);
    host = r->hostname;
    port = ap_get_server_port(r);
    if (c->trust_proxy == 1) {
        const char *xp = first_token(
            r->pool, apr_table_get(r->headers_in, "X-Forwarded-Proto"));
        const char *xh = first_token(
            r->pool, apr_table_get(r->headers_in, "X-Forwarded-Host"));
        if (xp && *xp) {
            if (!strcasecmp(xp, "https") || !strcasecmp(xp, "http")) {
                scheme = strcasecmp(xp, "https") ? "http" : "https";
                port = (apr_port_t)ss_scheme_default_port(scheme);
                *source = "X-Forwarded-Proto and the request's Host";
            } else {
                ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                              "SS0302: X-Forwarded-Proto ignored: neither "
                              "http nor https");
            }
        }
        if (xh && *xh) {
            ss_origin_err_t e;
            s = apr_pstrcat(r->pool, scheme, "://", xh, NULL);
            e = ss_origin_parse(&o, r->pool, s);
            if (e == SS_ORIGIN_OK && !o->is_null) {
                *source = "X-Forwarded-Proto/-Host (SameSiteTrustProxy On)";
                return o;
            }
            ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                          "SS0303: X-Forwarded-Host ignored: not a "
                          "host[:port] (%s); using the request's Host",
                          ss_origin_strerror(e));
        }
    }
    if (!host || !*host) {
        return NULL;
    }
    s = apr_psprintf(r->pool, strchr(host, ':') ? "%s://[%s]:%u" : "%s://%s:%u",
                     scheme, host, (unsigned)port);
    return ss_origin_parse(&o, r->pool, s) == SS_ORIGIN_OK ? o : NULL;
}

static ss_req_state *
req_state(request_rec *r, const ss_dir_conf *c)
{
    ss_req_state *st =
        ap_get_module_config(r->request_config, &samesite_module);
    const char *source;

    if (st) {
        return st;
    }
    st = apr_pcalloc(r->pool, sizeof(*st));
    st->actions = apr_array_make(r->pool, 4, sizeof(const char *));
    st->origin = apr_table_get(r->headers_in, "Origin");
    ss_request_info_init(&st->ri, r->pool, r->method, st->origin,
                         apr_table_get(r->headers_in, "Sec-Fetch-Site"),
                         apr_table_get(r->headers_in, "Upgrade"));
    st->public_origin = request_public_origin(r, c, &source);
    if (st->public_origin) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                      "SS0304: public origin %s, from %s",
                      ss_origin_str(r->pool, st->public_origin), source);
        st->topology =
            (c->topology && c->public_origin == st->public_origin)
                ? (ss_topology_t *)c->topology
                : ss_topology_analyse(r->pool, psl_of(c), st->public_origin,
                                      c->frontends, default_of(c));
        st->cls = ss_request_class(r->pool, psl_of(c), st->topology, &st->ri);
        st->from_frontend =
            ss_request_from_frontend(r->pool, st->topology, &st->ri);
    }
    ap_set_module_config(r->request_config, &samesite_module, st);
    return st;
}

/* What the module did (or would do) for samesite-action; the notes are
 * published once, by publish_notes, when the request's work is done. */
static void
add_action(request_rec *r, ss_req_state *st, int engine, const char *what)
{
    APR_ARRAY_PUSH(st->actions, const char *) =
        engine == ENGINE_REPORT ? apr_pstrcat(r->pool, "report:", what, NULL)
                                : what;
}

/* %{samesite-class}n and %{samesite-action}n for LogFormat. */
static void
publish_notes(request_rec *r, const ss_req_state *st)
{
    apr_table_setn(r->notes, "samesite-class", ss_class_name(st->cls));
    apr_table_setn(r->notes, "samesite-action",
                   st->actions->nelts
                       ? apr_array_pstrcat(r->pool, st->actions, ',')
                       : "-");
}

/* ---- CORS --------------------------------------------------------------- */

static ss_cors_decision_t *
cors_decide(request_rec *r, const ss_dir_conf *c, const ss_req_state *st)
{
    ss_cors_policy_t pol;
    pol.public_origin = st->public_origin;
    pol.frontends = c->frontends;
    pol.allow_methods = c->allow_methods;
    pol.allow_headers = c->allow_headers;
    pol.expose_headers = c->expose_headers;
    pol.max_age = c->max_age == UNSET ? -1 : c->max_age;
    pol.private_network = c->private_network == 1;
    return ss_cors_decide_request(
        r->pool, &pol, &st->ri,
        apr_table_get(r->headers_in, "Access-Control-Request-Method"),
        apr_table_get(r->headers_in, "Access-Control-Request-Headers"),
        apr_table_get(r->headers_in, "Access-Control-Request-Private-Network"));
}

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

/* Merge every Vary of both tables and the token into one header. */
static void
merge_vary(request_rec *r, const char *token)
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
    ap_log_rerror(APLOG_MARK, CHANGE_LEVEL(engine), 0, r,
                  "SS0104: [cors-missing-vary] %s Vary: Origin (the "
                  "response depends on the request's Origin)",
                  WOULD(engine, "merge", "merged"));
    if (engine == ENGINE_ON) {
        merge_vary(r, "Origin");
    }
}

static int
is_cors_response_header(const char *key)
{
    int i;
    for (i = 0; ss_cors_response_headers[i]; i++) {
        if (!strcasecmp(key, ss_cors_response_headers[i])) {
            return 1;
        }
    }
    return 0;
}

static void
apply_cors(request_rec *r, const ss_dir_conf *c, ss_req_state *st, int engine)
{
    ss_cors_decision_t *d;
    const char *acao = NULL, *rule = NULL;
    int i, t, had_backend = 0, n_acao = 0;
    apr_table_t *tabs[2];

    if (c->cors != 1 || !st->public_origin) {
        return;
    }
    if (st->preflight_reported) {
        return; /* ReportOnly: the whole response would be our 204 */
    }
    d = cors_decide(r, c, st);
    tabs[0] = r->headers_out;
    tabs[1] = r->err_headers_out;
    for (t = 0; t < 2; t++) {
        /* one pass over each table (not one lookup per CORS header) */
        const apr_array_header_t *arr = apr_table_elts(tabs[t]);
        const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
        for (i = 0; i < arr->nelts; i++) {
            if (!e[i].key || (e[i].key[0] | 0x20) != 'a'
                || strncasecmp(e[i].key, "Access-Control-", 15)
                || !is_cors_response_header(e[i].key)) {
                continue;
            }
            had_backend = 1;
            if (!strcasecmp(e[i].key, "Access-Control-Allow-Origin")) {
                acao = acao ? acao : e[i].val;
                n_acao++;
            }
        }
    }
    if (had_backend) {
        rule = ss_cors_backend_rule(d, acao, n_acao, st->origin);
    }
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                  "SS0101: CORS %s for Origin %s: %s",
                  ss_cors_result_name(d->result),
                  d->origin ? ss_origin_str(r->pool, d->origin) : "(none)",
                  d->reason ? d->reason : "");
    if (d->result != SS_CORS_NOT_CORS && d->result != SS_CORS_SAME_ORIGIN) {
        add_action(r, st, engine,
                   apr_pstrcat(r->pool, "cors-", ss_cors_result_name(d->result),
                               NULL));
        if (rule) {
            /* never two sets of CORS headers (two Access-Control-Allow-
             * Origin values make the browser reject both) */
            ap_log_rerror(
                APLOG_MARK, CHANGE_LEVEL(engine), 0, r,
                "SS0102: [%s] %s the backend's CORS headers%s", rule,
                d->headers->nelts ? WOULD(engine, "replace", "replaced")
                                  : WOULD(engine, "remove", "removed"),
                d->headers->nelts
                    ? apr_psprintf(r->pool, " with %d for %s",
                                   d->headers->nelts,
                                   ss_origin_str(r->pool, d->origin))
                    : apr_pstrcat(r->pool, ": ",
                                  d->reason ? d->reason : "origin not allowed",
                                  NULL));
        } else if (d->headers->nelts) {
            ap_log_rerror(APLOG_MARK, CHANGE_LEVEL(engine), 0, r,
                          "SS0103: [cors-origin-allowed] %s %d CORS headers "
                          "for %s (%s)",
                          WOULD(engine, "add", "added"), d->headers->nelts,
                          ss_origin_str(r->pool, d->origin),
                          ss_cors_result_name(d->result));
        }
        if (engine == ENGINE_ON) {
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
    apply_vary(r, engine);
}

/* ---- cookies ------------------------------------------------------------- */

static int
rewrite_cookie_table(request_rec *r, const ss_dir_conf *c, ss_req_state *st,
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
        int applied = 0;

        if (!e[i].key || (e[i].key[0] | 0x20) != 's'
            || strcasecmp(e[i].key, "Set-Cookie") || !line) {
            continue;
        }
        ck = ss_cookie_parse(r->pool, line);
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
                      : engine == ENGINE_ON && x->message
                              && (int)x->level <= APLOG_WARNING
                          ? (int)x->level
                          : CHANGE_LEVEL(engine);
            ap_log_rerror(APLOG_MARK, lvl, 0, r, "SS0201: [%s] %s%s",
                          x->rule_id,
                          engine == ENGINE_REPORT && x->op != SS_CHANGE_NONE
                              ? "report-only: would change: "
                              : "",
                          x->message ? x->message : x->rule_id);
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
        if (engine == ENGINE_ON && applied && ck->valid) {
            e[i].val = (char *)ss_cookie_str(r->pool, ck);
            changed++;
        }
        if (applied) {
            add_action(r, st, engine,
                       apr_pstrcat(r->pool, "cookie:", ck->name, NULL));
        }
        if (ctx->legacy_duplicate && ck->valid) {
            ss_cookie_t *twin = ss_cookie_legacy_twin(r->pool, ck);
            if (twin) {
                ap_log_rerror(APLOG_MARK, CHANGE_LEVEL(engine), 0, r,
                              "SS0203: [cookie-legacy-duplicate] %s \"%s\" "
                              "next to \"%s\", without SameSite, for "
                              "clients that mishandle None",
                              WOULD(engine, "add", "added"), twin->name,
                              ck->name);
                if (engine == ENGINE_ON) {
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
apply_cookies(request_rec *r, const ss_dir_conf *c, ss_req_state *st,
              int engine)
{
    ss_cookie_ctx_t ctx;

    if (!st->topology) {
        return;
    }
    memset(&ctx, 0, sizeof(ctx));
    ctx.topology = st->topology;
    ctx.psl = psl_of(c);
    ctx.request_class = st->cls;
    ctx.request_from_frontend = st->from_frontend;
    ctx.legacy_duplicate = c->legacy == LEGACY_DUPLICATE;
    ctx.terse = engine == ENGINE_ON && !APLOG_R_IS_LEVEL(r, APLOG_DEBUG);
    ctx.omit_none = c->legacy == LEGACY_OMITNONE
                    && ss_ua_samesite_none_incompatible(
                        apr_table_get(r->headers_in, "User-Agent"));
    rewrite_cookie_table(r, c, st, r->headers_out, &ctx, engine);
    rewrite_cookie_table(r, c, st, r->err_headers_out, &ctx, engine);
}

/* ---- output filters ------------------------------------------------------- */

static ap_filter_rec_t *out_filter_handle, *err_filter_handle;

static void
process_response(request_rec *r)
{
    const ss_dir_conf *c =
        ap_get_module_config(r->per_dir_config, &samesite_module);
    int engine = engine_of(c);
    ss_req_state *st;

    if (engine == ENGINE_OFF) {
        return;
    }
    st = req_state(r, c);
    if (!st->public_origin) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                      "SS0301: no usable public origin for this request; "
                      "set SameSitePublicOrigin");
    } else {
        apply_cors(r, c, st, engine);
        apply_cookies(r, c, st, engine);
    }
    publish_notes(r, st);
}

static apr_status_t
samesite_out_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    request_rec *r = f->r;
    ap_remove_output_filter(f);
    process_response(r);
    return ap_pass_brigade(f->next, bb);
}

static void
insert_filter(request_rec *r)
{
    const ss_dir_conf *c =
        ap_get_module_config(r->per_dir_config, &samesite_module);
    if (engine_of(c) != ENGINE_OFF) {
        ap_add_output_filter_handle(out_filter_handle, NULL, r, r->connection);
    }
}

static void
insert_error_filter(request_rec *r)
{
    const ss_dir_conf *c =
        ap_get_module_config(r->per_dir_config, &samesite_module);
    if (engine_of(c) != ENGINE_OFF) {
        ap_add_output_filter_handle(err_filter_handle, NULL, r, r->connection);
    }
}

/* ---- request side: before authentication ---------------------------------- */

/* Request side of HostPrefix and LegacyClients Duplicate: give the
 * backend the cookie names it set.  Which renames apply is the core's
 * decision (ss_cookie_request_maps); one log line per rename. */
static void
map_request_cookies(request_rec *r, const ss_dir_conf *c, int engine)
{
    const char *hdr = apr_table_get(r->headers_in, "Cookie");
    apr_array_header_t *maps;
    const char *mapped;
    int i;

    if (!hdr || (!c->cookie_rules && c->legacy != LEGACY_DUPLICATE)) {
        return;
    }
    maps = ss_cookie_request_maps(r->pool, c->cookie_rules,
                                  c->legacy == LEGACY_DUPLICATE,
                                  ss_cookie_header_names(r->pool, hdr));
    if (!maps->nelts) {
        return;
    }
    mapped = ss_cookie_header_map(
        r->pool, hdr, (const ss_cookie_map_t *)maps->elts, maps->nelts);
    for (i = 0; i < maps->nelts; i++) {
        const ss_cookie_map_t *m = &APR_ARRAY_IDX(maps, i, ss_cookie_map_t);
        ap_log_rerror(
            APLOG_MARK, engine == ENGINE_REPORT ? APLOG_WARNING : APLOG_DEBUG,
            0, r,
            "SS0401: [%s] %srequest cookie \"%s\" %s "
            "\"%s\" for the backend",
            m->rule_id,
            engine == ENGINE_REPORT ? "report-only: would rename " : "",
            m->from, engine == ENGINE_REPORT ? "to" : "renamed to", m->to);
    }
    if (engine == ENGINE_ON) {
        apr_table_setn(r->headers_in, "Cookie", mapped);
    }
}

static int
reject(request_rec *r, ss_req_state *st, int engine, int report,
       const ss_check_t *chk, const char *what)
{
    int enforce = engine == ENGINE_ON && !report;
    ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, "SS0501: [%s] %s%s %s: %s",
                  chk->rule_id, enforce ? "" : "report-only: would reject ",
                  what, r->method, chk->reason ? chk->reason : "");
    add_action(r, st, enforce ? ENGINE_ON : ENGINE_REPORT,
               apr_pstrcat(r->pool, what, "-rejected", NULL));
    return enforce ? HTTP_FORBIDDEN : DECLINED;
}

/* The outcome of a request check (CSRF, WebSocket): a pass is explained
 * at debug (tag: SS0502 WebSocket, SS0503 CSRF), a rejection enforced or
 * reported. */
static int
apply_check(request_rec *r, ss_req_state *st, int engine, int report,
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
        merge_vary(r, d->vary);
    }
    r->status = HTTP_NO_CONTENT;
    r->header_only = 1;
    bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    APR_BRIGADE_INSERT_TAIL(bb,
                            apr_bucket_eos_create(r->connection->bucket_alloc));
    ap_pass_brigade(r->output_filters, bb);
    return DONE;
}

static int
header_parser(request_rec *r)
{
    const ss_dir_conf *c =
        ap_get_module_config(r->per_dir_config, &samesite_module);
    int engine = engine_of(c);
    ss_req_state *st;
    int rv;

    if (engine == ENGINE_OFF) {
        return DECLINED;
    }
    st = req_state(r, c);
    apr_table_setn(r->notes, "samesite-class", ss_class_name(st->cls));
    if (!st->public_origin) {
        return DECLINED;
    }

    if (c->websocket == 1) {
        ss_check_t chk =
            ss_websocket_check(r->pool, psl_of(c), st->topology, &st->ri);
        if ((rv = apply_check(r, st, engine, 0, &chk, "websocket", "SS0502",
                              "WebSocket"))
            != DECLINED) {
            return rv;
        }
    }
    if (c->csrf == CSRF_ENFORCE || c->csrf == CSRF_REPORT) {
        ss_check_t chk =
            ss_csrf_check(r->pool, psl_of(c), st->topology, &st->ri);
        if ((rv = apply_check(r, st, engine, c->csrf == CSRF_REPORT, &chk,
                              "csrf", "SS0503", "CSRF"))
            != DECLINED) {
            return rv;
        }
    }
    map_request_cookies(r, c, engine);

    if (c->cors == 1 && c->preflight_handle == 1 && r->main == NULL
        && r->prev == NULL && r->method_number == M_OPTIONS && st->origin
        && apr_table_get(r->headers_in, "Access-Control-Request-Method")) {
        ss_cors_decision_t *d = cors_decide(r, c, st);
        if (d->result == SS_CORS_PREFLIGHT) {
            add_action(r, st, engine, "preflight");
            if (engine == ENGINE_REPORT) {
                ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                              "SS0601: [cors-preflight-answered] report-only: "
                              "would answer the preflight from %s with 204 "
                              "and %d CORS headers before authentication",
                              ss_origin_str(r->pool, d->origin),
                              d->headers->nelts);
                st->preflight_reported = 1;
                return DECLINED;
            }
            ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                          "SS0602: [cors-preflight-answered] answered the "
                          "preflight from %s with 204 before authentication",
                          ss_origin_str(r->pool, d->origin));
            publish_notes(r, st); /* our output filter never runs */
            return answer_preflight(r, d);
        }
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                      "SS0603: preflight not approved (%s), passed through",
                      d->reason ? d->reason : ss_cors_result_name(d->result));
    }
    return DECLINED;
}

/* ---- startup ----------------------------------------------------------------- */

static void
check_scope(apr_pool_t *p, server_rec *s, const ss_dir_conf *c,
            const char *where)
{
    const ss_origin_t *po = c->public_origin;
    ss_topology_t *t;
    ss_origin_t *o;
    const char *why;
    int i;

    if (!c->defined_at || engine_of(c) == ENGINE_OFF) {
        return;
    }
    if (!po && s->server_hostname) {
        const char *scheme = (s->server_scheme && *s->server_scheme)
                                 ? s->server_scheme
                                 : (s->port == 443 ? "https" : NULL);
        if (scheme
            && ss_origin_parse(
                   &o, p,
                   apr_psprintf(p, "%s://%s", scheme, s->server_hostname))
                   == SS_ORIGIN_OK) {
            po = o;
        }
    }
    if (!po) {
        ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s,
                     "SS0701: %s: public origin taken from each request "
                     "(no SameSitePublicOrigin)",
                     where);
        return;
    }
    t = ss_topology_analyse(p, psl_of(c), po, c->frontends, default_of(c));
    for (i = 0; i < t->findings->nelts; i++) {
        const ss_finding_t *f = &APR_ARRAY_IDX(t->findings, i, ss_finding_t);
        ap_log_error(APLOG_MARK,
                     f->severity == SS_SEV_ERROR ? APLOG_ERR : APLOG_WARNING, 0,
                     s, "SS0702: [%s] %s (%s)", f->rule_id, f->message, where);
    }
    if (c->max_age != UNSET
        && (why = ss_cors_max_age_check(p, c->max_age)) != NULL) {
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, s,
                     "SS0703: [cors-max-age-capped] SameSiteCORSMaxAge %d: "
                     "%s (%s)",
                     c->max_age, why, where);
    }
    ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s,
                 "SS0704: %s: %s has %d frontend(s), worst class %s: "
                 "cookies %s, CORS %s",
                 where, ss_origin_str(p, po),
                 c->frontends ? c->frontends->nelts : 0,
                 ss_class_name(t->worst), ss_topology_cookie_policy(p, t),
                 ss_cors_mode_name(t->cors));
}

/* Startup: the topology of a scope whose public origin is configured. */
static void
precompute(apr_pool_t *pconf, ss_dir_conf *c, const ss_dir_conf *base)
{
    const ss_origin_t *po = c->public_origin ? c->public_origin
                            : base           ? base->public_origin
                                             : NULL;
    if (c->public_origin && !c->topology) {
        c->topology = ss_topology_analyse(pconf, psl_of(c), c->public_origin,
                                          c->frontends ? c->frontends
                                          : base       ? base->frontends
                                                       : NULL,
                                          default_of(c));
        if (!c->frontends && base && base->frontends) {
            c->topology = NULL; /* merged inputs differ: per request */
        }
    }
    (void)po;
}

static void
check_sections(apr_pool_t *p, server_rec *s, apr_array_header_t *secs,
               const ss_dir_conf *base)
{
    int i;
    for (i = 0; secs && i < secs->nelts; i++) {
        ap_conf_vector_t *v = APR_ARRAY_IDX(secs, i, ap_conf_vector_t *);
        ss_dir_conf *c = ap_get_module_config(v, &samesite_module);
        if (c) {
            precompute(s->process->pconf, c, base);
        }
        if (c && c->defined_at) {
            check_scope(p, s, merge_dir_conf(p, (void *)base, (void *)c),
                        c->defined_at);
        }
    }
}

static int
post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
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
    system_psl = psl;
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG) {
        return OK; /* first pass: diagnostics once, on the real config */
    }
    for (vs = s; vs; vs = vs->next) {
        ss_dir_conf *base =
            ap_get_module_config(vs->lookup_defaults, &samesite_module);
        core_server_config *core = ap_get_core_module_config(vs->module_config);
        precompute(pconf, base, NULL);
        check_scope(ptemp, vs, base,
                    base->defined_at ? base->defined_at : "server");
        check_sections(ptemp, vs, core->sec_url, base);
        check_sections(ptemp, vs, core->sec_dir, base);
    }
    ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s,
                 "SS0802: mod_samesite %s, Public Suffix List from %s",
                 SS_VERSION, ss_psl_source(system_psl));
    return OK;
}

static void
register_hooks(apr_pool_t *p)
{
    (void)p;
    ap_hook_post_config(post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_header_parser(header_parser, NULL, NULL, APR_HOOK_FIRST);
    ap_hook_insert_filter(insert_filter, NULL, NULL, APR_HOOK_LAST);
    ap_hook_insert_error_filter(insert_error_filter, NULL, NULL, APR_HOOK_LAST);
    out_filter_handle = ap_register_output_filter(
        "SAMESITE", samesite_out_filter, NULL, AP_FTYPE_CONTENT_SET);
    err_filter_handle = ap_register_output_filter(
        "SAMESITE_ERROR", samesite_out_filter, NULL, AP_FTYPE_CONTENT_SET);
}

AP_DECLARE_MODULE(samesite) = {
    STANDARD20_MODULE_STUFF, create_dir_conf, merge_dir_conf, NULL, NULL,
    samesite_cmds,           register_hooks
};
