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
 *   SameSiteCORS On|Off|Public         (Public: "*" for any origin, never
 *                                       with credentials)
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
 *       <Location /fonts/>
 *           SameSiteCORS Public   # any site may read them, no cookies
 *       </Location>
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
 * cites its rule id from the core catalog; in ReportOnly each distinct
 * would-be change is one WARNING line when a child first sees it, then
 * counted (samesite_report.c); the table is in docs/mod_samesite.md.
 *
 * This file is the module's configuration: the command table is the
 * core's list of directives (SS_DIRECTIVES, ss_directive.h), every line
 * goes through ss_settings_set -- the same code samesite-lint's
 * samesite-directive-invalid runs, so both accept the same words and
 * print the same message -- and the per-dir create/merge functions are
 * ss_settings_create / ss_settings_merge.  The request path is in
 * samesite_request.c and samesite_filter.c, startup in
 * samesite_startup.c (samesite.h).
 */
#include "apr_strings.h"
#include "apr_hash.h"

#define SAMESITE_MODULE_FILE /* AP_DECLARE_MODULE below says it */
#include "http_main.h"
#include "http_protocol.h"

#include "samesite.h"

/* ---- configuration ------------------------------------------------------ */

static void *
create_dir_conf(apr_pool_t *p, char *dir)
{
    (void)dir;
    return ss_settings_create(p);
}

static void *
merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    return ss_settings_merge(p, basev, addv);
}

/* Public Suffix Lists loaded by SameSitePublicSuffixList, path -> list:
 * one load per file and configuration read, in pconf. */
static apr_hash_t *psl_cache;

static apr_status_t
reset_psl_cache(void *data)
{
    *(apr_hash_t **)data = NULL;
    return APR_SUCCESS;
}

/* Every directive: httpd's own word splitting (quotes, backslashes, as
 * for TAKE1 and ITERATE), then the core's table. */
static const char *
set_directive(cmd_parms *cmd, void *dc, const char *args)
{
    ss_settings_t *c = dc;
    apr_array_header_t *argv =
        apr_array_make(cmd->temp_pool, 4, sizeof(const char *));
    ss_settings_env_t env;
    const char *w;

    int id = ss_directive_find(cmd->cmd->name);

    if (cmd->directive && (!c->defined_at || (id >= 0 && !c->at[id]))) {
        /* where the scope starts, and where each of its directives is:
         * startup diagnostics cite the directive they are about */
        const char *at =
            apr_psprintf(cmd->pool, "%s:%d", cmd->directive->filename,
                         cmd->directive->line_num);
        if (!c->defined_at) {
            c->defined_at = at;
        }
        if (id >= 0 && !c->at[id]) {
            c->at[id] = at;
        }
    }
    while (*(w = ap_getword_conf(cmd->pool, &args)) || *args) {
        APR_ARRAY_PUSH(argv, const char *) = w;
    }
    if (!psl_cache) {
        /* lives in pconf: forgotten when a restart clears the pool */
        psl_cache = apr_hash_make(cmd->pool);
        apr_pool_cleanup_register(cmd->pool, &psl_cache, reset_psl_cache,
                                  apr_pool_cleanup_null);
    }
    env.server_root = ap_server_root;
    env.psl_cache = psl_cache;
    return ss_settings_set(c, cmd->pool, &env, cmd->cmd->name, argv->nelts,
                           (const char *const *)argv->elts);
}

#define SAMESITE_CMD(id, name, help)                                           \
    AP_INIT_RAW_ARGS(name, set_directive, NULL, RSRC_CONF | ACCESS_CONF, help),

/* every directive of the core's list, in its order, then the end */
#define SAMESITE_CMDS                                                          \
    SS_DIRECTIVES(SAMESITE_CMD) AP_INIT_RAW_ARGS(NULL, NULL, NULL, 0, NULL)

static const command_rec samesite_cmds[] = { SAMESITE_CMDS };

const ss_settings_t *
samesite_settings(const request_rec *r)
{
    return ap_get_module_config(r->per_dir_config, &samesite_module);
}

/* ---- hooks ------------------------------------------------------------------ */

ap_filter_rec_t *samesite_out_filter_handle, *samesite_err_filter_handle;

static void
register_hooks(apr_pool_t *p)
{
    (void)p;
    ap_hook_post_config(samesite_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(samesite_report_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_header_parser(samesite_header_parser, NULL, NULL, APR_HOOK_FIRST);
    ap_hook_insert_filter(samesite_insert_filter, NULL, NULL, APR_HOOK_LAST);
    ap_hook_insert_error_filter(samesite_insert_error_filter, NULL, NULL,
                                APR_HOOK_LAST);
    samesite_out_filter_handle = ap_register_output_filter(
        "SAMESITE", samesite_out_filter, NULL, AP_FTYPE_CONTENT_SET);
    samesite_err_filter_handle = ap_register_output_filter(
        "SAMESITE_ERROR", samesite_out_filter, NULL, AP_FTYPE_CONTENT_SET);
}

AP_DECLARE_MODULE(samesite) = {
    STANDARD20_MODULE_STUFF, create_dir_conf, merge_dir_conf, NULL, NULL,
    samesite_cmds,           register_hooks
};
