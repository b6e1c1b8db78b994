/* ss_directive.h -- mod_samesite's directives: the one list of their
 * names and help texts (SS_DIRECTIVES, expanded by the module into its
 * command_rec table) and the lookups samesite-lint needs.
 *
 * What each directive accepts, the message it refuses a value with, and
 * the setting it makes are the rows of the table in ss_directive.c,
 * applied by ss_settings_set (ss_settings.h): httpd at configtest and
 * samesite-lint's samesite-directive-invalid run that same code, so they
 * accept the same words and print the same message.
 *
 * Add a directive: one X(...) line below, one row in ss_directive.c's
 * table (argument shape, keywords, setter), a field in ss_settings_t with
 * its UNSET default in ss_settings_create, its rule in ss_settings_merge
 * and its word in ss_settings_describe (tests/unit/test_settings.c fails
 * until all four exist), then rows in tests/directive-values.txt.
 */
#ifndef SS_DIRECTIVE_H
#define SS_DIRECTIVE_H

#include <apr_pools.h>

/* X(ID, name, help): help is what httpd prints for the directive and, for
 * a keyword directive, the list of its keywords in error messages. */
#define SS_DIRECTIVES(X)                                                       \
    X(ENGINE, "SameSiteEngine", "On, Off or ReportOnly")                       \
    X(PUBLIC_ORIGIN, "SameSitePublicOrigin",                                   \
      "the origin the browser sees, e.g. https://api.example.com")             \
    X(TRUST_PROXY, "SameSiteTrustProxy", "On or Off")                          \
    X(FRONTEND, "SameSiteFrontend",                                            \
      "frontend origins or patterns (https://\x2a.example.com)")               \
    X(COOKIE, "SameSiteCookie",                                                \
      "GLOB [Auto|Strict|Lax|None|Keep] [HttpOnly|-HttpOnly] "                 \
      "[Secure|-Secure] [Partitioned|-Partitioned] [HostPrefix]")              \
    X(DEFAULT, "SameSiteDefault", "Strict or Lax")                             \
    X(CORS, "SameSiteCORS", "On, Off or Public")                               \
    X(CORS_ALLOW_METHODS, "SameSiteCORSAllowMethods",                          \
      "methods allowed in preflights")                                         \
    X(CORS_ALLOW_HEADERS, "SameSiteCORSAllowHeaders",                          \
      "request headers allowed in preflights")                                 \
    X(CORS_EXPOSE_HEADERS, "SameSiteCORSExposeHeaders",                        \
      "response headers exposed to scripts")                                   \
    X(CORS_MAX_AGE, "SameSiteCORSMaxAge",                                      \
      "preflight cache lifetime in seconds (default 7200)")                    \
    X(CORS_PRIVATE_NETWORK, "SameSiteCORSPrivateNetwork", "On or Off")         \
    X(PREFLIGHT, "SameSitePreflight", "Handle or PassThrough")                 \
    X(CSRF, "SameSiteCSRF", "Off, Enforce or ReportOnly")                      \
    X(WEBSOCKET, "SameSiteWebSocket", "Enforce or Off")                        \
    X(LEGACY_CLIENTS, "SameSiteLegacyClients", "Off, Duplicate or OmitNone")   \
    X(PUBLIC_SUFFIX_LIST, "SameSitePublicSuffixList",                          \
      "path of a Public Suffix List file")

typedef enum {
#define SS_DIRECTIVE_ID(id, name, help) SS_DIR_##id,
    SS_DIRECTIVES(SS_DIRECTIVE_ID)
#undef SS_DIRECTIVE_ID
        SS_DIR__COUNT
} ss_directive_id_t;

/** The directive called name (case-insensitive, as httpd looks commands
 *  up), or -1 when name is not a mod_samesite directive. */
int ss_directive_find(const char *name);

/** Non-zero when name (case-insensitive) is a mod_samesite directive. */
int ss_directive_known(const char *name);

/** The name of directive id as httpd spells it (NULL when out of range). */
const char *ss_directive_name(int id);

/** The index of arg (case-insensitive) among the keywords of directive
 *  name, or -1 when arg is not one of them or name takes no keyword.
 *  The keywords are the words of the directive's help ("On, Off or
 *  ReportOnly"), in that order. */
int ss_directive_keyword(const char *name, const char *arg);

/** "On, Off or ReportOnly": the keywords of name for an error message,
 *  or NULL when name takes no keyword. */
const char *ss_directive_expected(const char *name);

/** The keyword of directive id whose setting is value ("ReportOnly" for
 *  SS_DIR_ENGINE and SS_ENGINE_REPORT), from p; NULL when there is none. */
const char *ss_directive_word(apr_pool_t *p, int id, int value);

#endif
