/* ss_directive.h -- the names of mod_samesite's directives and the
 * keywords they take: one table for the module (which maps each keyword
 * to its setting, in the order listed here) and for samesite-lint's
 * samesite-directive-invalid, so the two never disagree on what httpd
 * accepts.  Arguments that are not keywords (origins, cookie rules,
 * lists, seconds, paths) have their own parsers in the core
 * (ss_origin_parse, ss_pattern_parse, ss_cookie_rule_parse,
 * ss_cors_list_check, ss_cors_max_age_parse, ss_psl_open).
 */
#ifndef SS_DIRECTIVE_H
#define SS_DIRECTIVE_H

/** Non-zero when name (case-insensitive) is a mod_samesite directive. */
int ss_directive_known(const char *name);

/** The index of arg (case-insensitive) among the keywords of directive
 *  name, or -1 when arg is not one of them or name takes no keyword.
 *  The keywords, in order:
 *    SameSiteEngine         On Off ReportOnly
 *    SameSiteTrustProxy, SameSiteCORS, SameSiteCORSPrivateNetwork
 *                           On Off   (httpd FLAG directives)
 *    SameSiteDefault        Strict Lax
 *    SameSitePreflight      Handle PassThrough
 *    SameSiteCSRF           Off Enforce ReportOnly
 *    SameSiteWebSocket      Enforce Off
 *    SameSiteLegacyClients  Off Duplicate OmitNone */
int ss_directive_keyword(const char *name, const char *arg);

/** "On, Off or ReportOnly": the keywords of name for an error message,
 *  or NULL when name takes no keyword. */
const char *ss_directive_expected(const char *name);

#endif
