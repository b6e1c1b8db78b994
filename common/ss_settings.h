/* ss_settings.h -- mod_samesite's settings for one configuration scope
 * (server config, <VirtualHost>, <Directory>, <Location>) and their merge,
 * shared by the module (its create/merge per-dir functions and command
 * handler are these) and samesite-lint (samesite-directive-invalid and
 * the settings it models per scope).
 *
 * The rule is mod_headers': ss_settings_create makes a scope where every
 * field is UNSET; ss_settings_set records one directive of that scope;
 * ss_settings_merge(base, add) allocates a fresh struct and never changes
 * base or add: every field set in add overrides base, SameSiteFrontend
 * lists of add replace base's (an inner scope never widens trust by
 * accident), and SameSiteCookie rules of add are tried before base's
 * (first match wins).  A request's effective settings are the merge of
 * the scopes that apply to it in httpd's order: the main server's, the
 * <VirtualHost>'s, then each <Directory> (shortest path first), <Files>
 * and <Location> section that matches.
 *
 * Usage (samesite-lint's httpd model, one request):
 *     ss_settings_t *eff = ss_settings_merge(p, server, vhost);
 *     for each section that applies, in httpd's order:
 *         eff = ss_settings_merge(p, eff, section);
 * where each scope was made by ss_settings_create and one
 * ss_settings_set per SameSite* directive written in it.
 */
#ifndef SS_SETTINGS_H
#define SS_SETTINGS_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_hash.h>
#include "ss_origin.h"
#include "ss_site.h"
#include "ss_cookie.h"
#include "ss_topology.h"
#include "ss_cors.h"
#include "ss_directive.h"

/** An int field that no directive of the scope set. */
#define SS_UNSET (-1)

typedef enum {
    SS_ENGINE_OFF = 0,
    SS_ENGINE_ON = 1,
    SS_ENGINE_REPORT = 2 /* ReportOnly: compute and log, change nothing */
} ss_engine_t;

/** SameSiteCORS: Off, On (credentialed, the declared frontends) or
 *  Public (Access-Control-Allow-Origin: * for any origin, never with
 *  credentials). */
typedef enum { SS_CORS_OFF = 0, SS_CORS_ON = 1, SS_CORS_PUBLIC = 2 } ss_cors_t;

typedef enum { SS_CSRF_OFF = 0, SS_CSRF_ENFORCE, SS_CSRF_REPORT } ss_csrf_t;

typedef enum {
    SS_LEGACY_OFF = 0,
    SS_LEGACY_DUPLICATE,
    SS_LEGACY_OMITNONE
} ss_legacy_t;

/** One scope's settings.  int fields hold SS_UNSET or the value of the
 *  directive's keyword; pointers are NULL when unset.  Read effective
 *  values (with the defaults of docs/mod_samesite.md) through the
 *  ss_settings_* accessors below. */
typedef struct ss_settings_t {
    int engine;                       /* ss_engine_t */
    const ss_origin_t *public_origin; /* NULL: from each request */
    int trust_proxy;                  /* 0 / 1 */
    apr_array_header_t *frontends;    /* ss_pattern_t * */
    apr_array_header_t *cookie_rules; /* ss_cookie_rule_t *, in try order */
    int default_samesite;             /* ss_samesite_t: Strict or Lax */
    int cors;                         /* ss_cors_t */
    const char *allow_methods;        /* normalised lists ("GET, PUT") */
    const char *allow_headers;
    const char *expose_headers;
    int max_age;          /* seconds */
    int private_network;  /* 0 / 1 */
    int preflight_handle; /* 1: Handle, 0: PassThrough */
    int csrf;             /* ss_csrf_t */
    int websocket;        /* 1: Enforce, 0: Off */
    int legacy;           /* ss_legacy_t */
    const ss_psl_t *psl;  /* NULL: the system list */
    /* not directives */
    const char *defined_at;        /* "file:line" of the scope's first directive
                               (the caller notes it; startup logs cite it) */
    const char *at[SS_DIR__COUNT]; /* "file:line" where each directive was
                                      first written in the scope (the caller
                                      notes it, by ss_directive_id_t); merged
                                      with its value: startup diagnostics
                                      cite the directive they are about */
    const ss_topology_t *topology; /* computed at startup for a configured
                                      public origin; kept by the merge
                                      while its inputs are the same */
} ss_settings_t;

/** Where relative paths point and which lists are loaded already: one per
 *  configuration read, given to every ss_settings_set. */
typedef struct ss_settings_env_t {
    const char *server_root; /* SameSitePublicSuffixList relative paths
                                resolve here, as httpd's
                                ap_server_root_relative does (NULL: the
                                current directory) */
    apr_hash_t *psl_cache;   /* path -> ss_psl_t *: each list loaded once
                                (NULL: no cache) */
} ss_settings_env_t;

/** A scope with every field UNSET. */
ss_settings_t *ss_settings_create(apr_pool_t *p);

/** Record one directive of the scope: name (any case) with its argc
 *  words, already unquoted (httpd's ap_getword_conf, the linter's
 *  parser).  Returns NULL, or the message httpd prints when it refuses
 *  the line at configtest and samesite-lint prints for
 *  samesite-directive-invalid, naming the directive ("SameSiteEngine:
 *  invalid argument 'Yes', expected On, Off or ReportOnly").  A refused
 *  line leaves s unchanged, except that a repeatable directive keeps the
 *  words before the bad one (httpd stops at the error anyway).  Values
 *  are allocated from p, which must live as long as s. */
const char *ss_settings_set(ss_settings_t *s, apr_pool_t *p,
                            const ss_settings_env_t *env, const char *name,
                            int argc, const char *const *argv);

/** The settings of a scope add nested in (or applied after) base: a new
 *  struct from p; base and add are not changed.  Either may be NULL. */
ss_settings_t *ss_settings_merge(apr_pool_t *p, const ss_settings_t *base,
                                 const ss_settings_t *add);

/** The effective settings as one line, every directive's value or its
 *  default, in the words of the directives: "engine=On; public-origin=
 *  https://api.example.com; trust-proxy=Off; frontends=https://app.
 *  example.com; cookies=session Strict HttpOnly, * Auto; ...".  The
 *  module logs it at debug for each request (SS0305), the scope tests
 *  compare it. */
const char *ss_settings_describe(apr_pool_t *p, const ss_settings_t *s);

/* ---- effective values: the defaults of docs/mod_samesite.md -------- */

ss_engine_t ss_settings_engine(const ss_settings_t *s);             /* Off */
int ss_settings_trust_proxy(const ss_settings_t *s);                /* 0 */
ss_samesite_t ss_settings_default_samesite(const ss_settings_t *s); /* Lax */
ss_cors_t ss_settings_cors(const ss_settings_t *s);                 /* Off */
int ss_settings_preflight_handle(const ss_settings_t *s);           /* 0 */
ss_csrf_t ss_settings_csrf(const ss_settings_t *s);                 /* Off */
int ss_settings_websocket(const ss_settings_t *s);                  /* 0 */
ss_legacy_t ss_settings_legacy(const ss_settings_t *s);             /* Off */
/** The scope's list, else fallback (the system list). */
const ss_psl_t *ss_settings_psl(const ss_settings_t *s,
                                const ss_psl_t *fallback);
/** The CORS policy of the scope for a public origin: frontends, lists,
 *  Max-Age, Private Network Access, and Public (public_cors). */
void ss_settings_cors_policy(ss_cors_policy_t *pol, const ss_settings_t *s,
                             const ss_origin_t *public_origin);

#endif
