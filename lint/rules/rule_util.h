/* rule_util.h -- helpers shared by the rules in lint/rules/. */
#ifndef LINT_RULE_UTIL_H
#define LINT_RULE_UTIL_H

#include "lint_model.h"

/* Access-Control-Allow-Credentials: true among these lint_header_t *. */
int lint_headers_have_credentials(const apr_array_header_t *hs);
/* Access-Control-Allow-Credentials: true in this scope (nginx: also in
 * one of its `if` levels). */
int lint_has_credentials(const lint_location_t *l);
/* ... in any scope of the server, or mod_samesite CORS on. */
int lint_server_has_credentials(apr_pool_t *p, const lint_server_t *s);
/* The value echoes the request Origin directly ($http_origin, "expr=%{req:Origin}"). */
int lint_value_echoes_origin(const char *v);
/* The server uses an origin check somewhere (lint_check_used). */
int lint_has_origin_check(apr_pool_t *p, const lint_server_t *s);
/* Every origin check of the server (server level, http level / main
 * server, every location). */
apr_array_header_t *lint_all_origin_checks(apr_pool_t *p,
                                           const lint_server_t *s);
/* The same checks as the lists they are in (const apr_array_header_t *
 * of lint_origin_check_t *), in the same order, without copying them:
 * the first list may be shared by every server (http-level maps, the
 * main server's SetEnvIf), so a rule can look at it once. */
apr_array_header_t *lint_origin_check_lists(apr_pool_t *p,
                                            const lint_server_t *s);
/* Header h of scope l reaches a response only after an Origin check
 * passed: the scope refuses failing origins (l->origin_reject), h sits in
 * the if / <If> testing the Origin (or has its own expr=), or its
 * condition reads a variable an origin check sets (env=VAR, if ($ok)).
 * Another check elsewhere in the server guards nothing. */
int lint_header_origin_guarded(apr_pool_t *p, const lint_server_t *s,
                               const lint_location_t *l,
                               const lint_header_t *h);
/* The node (header or check) that allows this literal origin, or NULL. */
const lint_node_t *lint_node_allowing(apr_pool_t *p, const lint_server_t *s,
                                      const char *origin);
/* Vary: Origin (or *) in the scope. */
int lint_scope_varies_on_origin(const lint_location_t *l);
/* Call fn for every effective header of every scope of every server. */
typedef void lint_header_fn(lint_ctx_t *ctx, const lint_model_t *m,
                            const lint_server_t *s, const lint_location_t *l,
                            const lint_header_t *h);
void lint_each_header(lint_ctx_t *ctx, const lint_model_t *m,
                      lint_header_fn *fn);
/* Call fn for every directive called name in the config. */
void lint_each_directive(lint_ctx_t *ctx, const lint_model_t *m,
                         const char *name,
                         void (*fn)(lint_ctx_t *, const lint_node_t *));
/* A RewriteCond before the rule excludes this path (!^/api). */
int lint_rewrite_excludes(apr_pool_t *p, const lint_node_t *rule,
                          const char *path);
/* The same edit/unset exists for the other mod_headers table. */
int lint_header_has_twin(const lint_location_t *l, const lint_header_t *h);
/* The WebSocket directive of scope l when it is written there (or l is
 * the server's own scope), else NULL. */
const lint_node_t *lint_websocket_here(const lint_server_t *s,
                                       const lint_location_t *l);
/* Cookies of the server are partitioned (or mod_samesite decides). */
int lint_server_partitions(const lint_server_t *s);
/* The server's config mentions Sec-Fetch-Site / a CSRF token check. */
int lint_mentions_fetch_metadata(const lint_server_t *s);
/* Report the core topology findings with this rule id, at the frontend
 * they name (or the server). */
void lint_report_topology_server(lint_ctx_t *ctx, const lint_server_t *s,
                                 const char *rule_id, const char *condition);
/* condition NULL: as the catalog says; else a note that starts with it.
 * scheme_dependent: the finding only holds if browsers reach a plain-http
 * server over http (lint_plain_http_condition) */
void lint_report_topology(lint_ctx_t *ctx, const lint_model_t *m,
                          const char *rule_id, int scheme_dependent);
/* "if browsers reach http://... over plain http (...)" for a server with
 * no TLS listener and no --public-origin, else NULL */
const char *lint_plain_http_condition(apr_pool_t *p, const lint_server_t *s);

/* ---- the cookie rules (rule_cookie.c): the model's verdicts per cookie */

/* How a finding names the cookie: "cookie \"sid\"", "every cookie (...)". */
const char *lint_cookie_label(apr_pool_t *p, const lint_cookie_t *c);
/* The server's public origin for messages, or "this server". */
const char *lint_cookie_public(apr_pool_t *p, const lint_server_t *s);
/* The core's message with the stand-in "cookie" named as the config does. */
const char *lint_cookie_named(apr_pool_t *p, const lint_cookie_t *c,
                              const char *msg);
/* The first cross-site frontend of the server's topology, for messages. */
const char *lint_cross_site_frontend(const lint_server_t *s);
/* The cookie is a SameSiteCookie line of mod_samesite itself. */
int lint_cookie_from_module(const lint_cookie_t *c);
/* mod_samesite rewrites this cookie at runtime (SameSiteEngine On). */
int lint_cookie_module_fixes(const lint_server_t *s, const lint_cookie_t *c);
/* The next Keep verdict from *i on with this rule id that the config
 * must fix itself (not one mod_samesite applies), or NULL. */
const ss_cookie_change_t *lint_cookie_keep_next(const lint_server_t *s,
                                                const lint_cookie_t *c,
                                                const char *rule_id, int *i);
/* The topology judges the SameSite the config sets for this cookie:
 * a valid cookie of a server with a topology that mod_samesite does not
 * rewrite (nor keeps as is: SameSiteCookie ... Keep). */
int lint_cookie_topology_judged(const lint_server_t *s, const lint_cookie_t *c);
/* The next change of attribute attr from *i on that the topology needs
 * (ss_cookie_policy in Auto mode), when it judges c
 * (lint_cookie_topology_judged); else NULL. */
const ss_cookie_change_t *lint_cookie_needs_next(const lint_server_t *s,
                                                 const lint_cookie_t *c,
                                                 const char *attr, int *i);
/* Report the Keep verdicts with this rule id on c's Domain= as
 * "<cookie>: Domain=<domain> <fmt...>" (none when Domain holds a
 * variable, $host or %{...}: decided per request); how many. */
int lint_cookie_domain_findings(lint_ctx_t *ctx, const lint_server_t *s,
                                const lint_cookie_t *c, const char *rule_id,
                                const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Judge one cookie; returns how many findings it made. */
typedef int lint_cookie_fn(lint_ctx_t *ctx, const lint_server_t *s,
                           const lint_cookie_t *c);
/* Call fn on every cookie of every server, in the model's order. */
void lint_each_cookie(lint_ctx_t *ctx, const lint_model_t *m,
                      lint_cookie_fn *fn);
/* Call fn on every cookie of s; the findings it made in all. */
int lint_server_cookies(lint_ctx_t *ctx, const lint_server_t *s,
                        lint_cookie_fn *fn);

/* samesite-directive-invalid */
void lint_check_samesite_directives(lint_ctx_t *ctx, const lint_model_t *m);

void lint_rule_cookie_domain_mismatch(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_cookie_domain_public_suffix(lint_ctx_t *ctx,
                                           const lint_model_t *m);
void lint_rule_cookie_invalid(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_cookie_missing_httponly(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_cookie_missing_samesite(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_cookie_missing_secure(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_cookie_none_without_secure(lint_ctx_t *ctx,
                                          const lint_model_t *m);
void lint_rule_cookie_partitioned_without_secure(lint_ctx_t *ctx,
                                                 const lint_model_t *m);
void lint_rule_cookie_prefix_violation(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_cookie_samesite_too_loose(lint_ctx_t *ctx,
                                         const lint_model_t *m);
void lint_rule_cookie_samesite_too_strict(lint_ctx_t *ctx,
                                          const lint_model_t *m);
void lint_rule_cookie_secure_on_http(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_cookie_third_party_dependence(lint_ctx_t *ctx,
                                             const lint_model_t *m);
void lint_rule_cors_duplicate_origin(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_cors_expose_set_cookie(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_cors_header_inheritance(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_cors_insecure_origin(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_cors_max_age_capped(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_cors_missing_vary(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_cors_not_always(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_cors_null_origin(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_cors_origin_reflected(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_cors_preflight_blocked(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_cors_unneeded(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_cors_wildcard_credentials(lint_ctx_t *ctx,
                                         const lint_model_t *m);
void lint_rule_cors_wildcard_headers_credentials(lint_ctx_t *ctx,
                                                 const lint_model_t *m);
void lint_rule_csrf_unprotected(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_header_condition_mismatch(lint_ctx_t *ctx,
                                         const lint_model_t *m);
void lint_rule_header_format_misread(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_route_spa_shadows_api(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_samesite_directive_invalid(lint_ctx_t *ctx,
                                          const lint_model_t *m);
void lint_rule_syntax_error(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_topology_internal_origin(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_topology_public_suffix(lint_ctx_t *ctx, const lint_model_t *m);
void lint_rule_topology_schemeful_cross_site(lint_ctx_t *ctx,
                                             const lint_model_t *m);
void lint_rule_topology_websocket_cross_site(lint_ctx_t *ctx,
                                             const lint_model_t *m);
void lint_rule_websocket_origin_unchecked(lint_ctx_t *ctx,
                                          const lint_model_t *m);
void lint_rule_cors_origin_regex_bypass(lint_ctx_t *ctx, const lint_model_t *m);

#endif
