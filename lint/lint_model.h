/* lint_model.h -- the deployment model built from a parsed config.
 *
 * One lint_model_t per configuration (entry file).  It is the contract
 * between the model builders and the rules:
 *
 *   lint_model.c         shared accessors, allowed origins, the entry
 *                        point lint_model_build()
 *   lint_nginx.c         nginx servers, locations (matching order), levels
 *   lint_httpd.c         httpd vhosts, sections (origin checks:
 *                        lint_httpd_origin.c; backends per scope:
 *                        lint_httpd_backend.c)
 *                        (both: public origins, effective response headers
 *                        after inheritance, origin checks, proxies,
 *                        WebSocket upgrades, auth, SPA fallbacks, OPTIONS
 *                        handling)
 *   lint_model_cookie.c  cookies set or rewritten (Header/add_header
 *                        Set-Cookie, Header edit Set-Cookie,
 *                        proxy_cookie_flags, proxy_cookie_path,
 *                        ProxyPassReverseCookieDomain, SessionCookieName,
 *                        mod_samesite directives), frontends (SameSiteFrontend,
 *                        --frontend, annotations, allowed origins) and the
 *                        core's topology per server.
 *
 * Everything is allocated from ctx->pool.  Every element keeps the node
 * it came from so rules can report file:line:col.
 */
#ifndef LINT_MODEL_H
#define LINT_MODEL_H

#include "lint.h"
#include "lint_regex.h"

/* A response header directive effective in a scope. */
typedef struct lint_header_t {
    const lint_node_t *node;
    const char *name;      /* header name, lower-case */
    const char *action;    /* httpd: set/add/append/merge/edit/edit*
                                  /unset/setifempty/echo/note;
                                  nginx: "add" (add_header), "more_set"
                                  (more_set_headers), "hide"
                                  (proxy_hide_header), "pass" */
    const char *value;     /* value as written (unquoted), may be NULL */
    int always;            /* nginx `always` / httpd `Header always` */
    const char *condition; /* httpd env=/expr=, nginx enclosing if(),
                                  NULL when unconditional */
    int origin_dependent;  /* value echoes the request Origin
                                  ($http_origin, a map of it, %{Origin}i,
                                  an env var set from Origin) */
    int from_include;      /* the directive came in via include */
} lint_header_t;

/* An origin-validating construct: regex or literal comparison. */
typedef struct lint_origin_check_t {
    const lint_node_t *node;
    const char *kind;  /* "setenvif", "rewritecond", "if-expr"
                                  (<If>, Header expr=, Require expr),
                                  "nginx-map", "nginx-if" */
    const char *regex; /* PCRE source, NULL for literal lists */
    int caseless;
    apr_array_header_t *literals; /* const char *: exact origins listed */
    const char *sets;             /* variable it sets, or NULL: nginx "$name",
                                  httpd environment variable "NAME" (see
                                  lint_refs_var) */
    int negated;                  /* matching means "not allowed" (`!~`,
                                  `!=`, RewriteCond !RE, <If> `!~`) */
    const lint_node_t *reject;    /* the directive that refuses the request
                                  on this check (nginx `return 4xx` in its
                                  if, RewriteRule [F] after the
                                  RewriteCond, Require in its <If>), NULL
                                  when it only sets or guards */
    apr_array_header_t *intents;  /* lint_regex_intent_t *: the origins the
                                    regex was written to accept
                                    (lint_regex_intents), NULL without a
                                    regex */
    int any;                      /* the regex matches every Origin a
                                     browser sends (`SetEnvIf Origin "(.+)"`):
                                     no allowlist at all */
} lint_origin_check_t;

typedef enum {
    LINT_LOC_PREFIX = 0,     /* nginx plain prefix, httpd <Location> */
    LINT_LOC_EXACT,          /* nginx = */
    LINT_LOC_PREFIX_NOREGEX, /* nginx ^~ */
    LINT_LOC_REGEX,          /* nginx ~, httpd <LocationMatch> */
    LINT_LOC_REGEX_CASELESS, /* nginx ~* */
    LINT_LOC_DIRECTORY,      /* httpd <Directory>, <Files> */
    LINT_LOC_SERVER,         /* the server level itself */
    LINT_LOC_IF,             /* nginx `if` in a location: a configuration
                                  level of its own (lint_location_t.ifs) */
    LINT_LOC_HTTP            /* nginx http{} level: the parent of the
                                  server scopes, never in locations */
} lint_loc_kind_t;

typedef struct lint_location_t lint_location_t;
struct lint_location_t {
    const lint_node_t *node; /* location / Location block (or server) */
    lint_loc_kind_t kind;
    const char *path;            /* prefix, exact path or regex source */
    apr_array_header_t *headers; /* lint_header_t *: effective, i.e. after
                                      inheritance from server/http level.
                                      nginx locations: the location's own
                                      level (condition NULL) plus the own
                                      headers of its `if` levels (condition
                                      = the if expression), i.e. every
                                      header a response of the location may
                                      carry; lint_level_headers() gives the
                                      level alone */
    apr_array_header_t *ifs;     /* nginx: lint_location_t * (LINT_LOC_IF) of
                                  the `if` blocks of this location.  nginx
                                  makes each one a configuration level:
                                  add_header there replaces the location's
                                  (SPEC 4).  Not in lint_server_t.locations */
    int ret;                     /* nginx: status of the `return` that ends
                                  this level in the rewrite phase (an `if`
                                  level without its own: the location's),
                                  0 when none or not a literal */
    apr_array_header_t *origin_checks; /* lint_origin_check_t * */
    const lint_node_t *proxy; /* proxy_pass / ProxyPass, NULL if none */
    const char *proxy_url;
    const lint_node_t *websocket;    /* Upgrade handling, NULL if none */
    const lint_node_t *auth;         /* auth_basic / auth_request / AuthType +
                                  Require, NULL if none */
    const lint_node_t *spa_fallback; /* try_files ... /index.html,
                                        FallbackResource */
    const lint_node_t *options_handled; /* OPTIONS answered before auth
                                           (if ($request_method = OPTIONS)
                                           return 204, <Limit>/<If> OPTIONS,
                                           SameSitePreflight Handle) */
    const lint_node_t *options_denied;  /* a method limit that refuses
                                          OPTIONS: nginx limit_except
                                          without OPTIONS that denies or
                                          authenticates (403 / 401, not
                                          inherited by nested locations,
                                          measured on nginx 1.22); httpd
                                          <LimitExcept> without OPTIONS or
                                          <Limit> with it, holding a
                                          Require other than all granted
                                          or a Deny (403, measured on
                                          2.4.71; <Limit> is only valid
                                          in sections and .htaccess) */
    int accepts_unsafe;                 /* may accept POST/PUT/PATCH/DELETE
                                  (default yes unless limit_except/Limit) */
    const lint_node_t *cgi;           /* served by CGI / FastCGI / SCGI (nginx:
                                  fastcgi_pass / scgi_pass; httpd: some
                                  requests of the scope may be, see
                                  lint_backend_for) */
    int proxy_http;                   /* nginx: proxy_pass; httpd: some requests
                                  of the scope may go to mod_proxy_http */
    apr_array_header_t *hidden;       /* const char *: nginx "MODULE:name" of
                                    proxy_hide_header, fastcgi_hide_header, ...; httpd: Header
                                    unset names (lower-case) */
    const lint_location_t *parent;    /* enclosing location / server scope */
    const lint_node_t *origin_reject; /* a request to this scope whose
                                         Origin fails an allowlist is
                                         refused here: nginx `if` on
                                         $http_origin (`!~`, `!=`) or on an
                                         origin map's variable with
                                         `return 4xx` (server level or this
                                         location), RewriteCond
                                         %{HTTP:Origin} !RE + RewriteRule
                                         [F], `Require env VAR` / `Deny
                                         from env=!VAR` on a variable set
                                         from the Origin, `Require expr` or
                                         an <If> on the Origin with
                                         `Require all denied`; NULL if none */
};

/* httpd: something that produces the responses of some requests of a
 * server, and so decides which of mod_headers' tables their headers are
 * in (SPEC 6): mod_proxy_http fills headers_out (only `Header` sees it),
 * CGI / FastCGI / SCGI err_headers_out (only `Header always`). */
typedef struct lint_backend_t {
    const lint_node_t *node;      /* ProxyPass(Match), ScriptAlias(Match),
                                  SetHandler, AddHandler, RewriteRule [P] */
    int cgi;                      /* 1: CGI/FastCGI/SCGI, 0: mod_proxy_http */
    int handler;                  /* chosen by handler (SetHandler, AddHandler,
                                  ScriptAlias), not by a proxy mapping:
                                  a ProxyPass'ed request never reaches it */
    const lint_location_t *scope; /* where it is declared */
    const char *url;              /* URL-path it maps (ProxyPass /api/ ...,
                                  ScriptAlias /cgi-bin/ ...), or NULL: the
                                  requests of its scope */
    int url_regex;                /* url is a regex (...Match, RewriteRule) */
    const char *dir;              /* ScriptAlias target directory, or NULL */
} lint_backend_t;

/* A cookie the config sets or rewrites. */
typedef struct lint_cookie_t {
    const lint_node_t *node;
    const char *source;     /* "set-header", "edit", "proxy_cookie_flags",
                                  "proxy_cookie_path", "cookie_domain",
                                  "session", "samesite-module" */
    const char *name;       /* cookie name or glob; "*" for all */
    ss_cookie_t *cookie;    /* parsed Set-Cookie when the config writes
                                  a full value, else NULL */
    ss_samesite_t samesite; /* resulting SameSite, UNSET if untouched */
    int secure, httponly, partitioned; /* -1 unknown, 0 no, 1 yes */
    const char *domain;                /* Domain= it ends up with, or NULL */
    int session_like;                /* name looks like a session/auth cookie */
    const lint_location_t *location; /* where it applies, NULL = server */
    int full;                        /* the config writes the whole Set-Cookie
                                  value (add_header / Header set Set-Cookie,
                                  SessionCookieName): every attribute known */
    const ss_cookie_rule_t *rule;    /* samesite-module: its SameSiteCookie */
    /* The core's verdicts, for the cookie rules (lint_model_cookie.c):
     * probe is the cookie judged -- the parsed value, or one made of the
     * known attributes, named "cookie" when it stands in for a regex,
     * glob or every cookie (stand_in); effective the SameSite the browser
     * gets (mod_samesite's Auto: the topology's). */
    ss_cookie_t *probe;
    int stand_in;
    ss_samesite_t effective;
    apr_array_header_t *keep;  /* ss_cookie_change_t: ss_cookie_policy in
                                  Keep mode (or the cookie's own
                                  SameSiteCookie rule) */
    apr_array_header_t *needs; /* ss_cookie_change_t: in Auto mode, what
                                  the topology needs; NULL without a
                                  topology or for an invalid cookie */
} lint_cookie_t;

/* A frontend origin (or pattern) that calls this server. */
typedef struct lint_frontend_t {
    const ss_pattern_t *pattern;
    const char *text;   /* as written */
    const char *source; /* "SameSiteFrontend", "--frontend",
                                  "annotation", "allowed-origin" (a literal
                                  the config allows), "allowed-regex" (an
                                  origin an allowlist regex was written to
                                  accept, lint_regex_intents) */
    const char *file;   /* where it was declared, NULL for CLI */
    int line, col;
    const lint_node_t *node; /* NULL for CLI / annotation */
} lint_frontend_t;

/* An origin the config allows: an Access-Control-Allow-Origin value, a
 * literal of an origin check the server uses, or what a regex of such a
 * check was written to accept.  Never "null" (cors-null-origin). */
typedef struct lint_allowed_t {
    const char *origin;      /* origin, or a pattern ("https://\*.
                                  example.com") for a regex whose leftmost
                                  label is a wildcard */
    const lint_node_t *node; /* the header or check allowing it */
    int from_regex;          /* derived from a regex */
} lint_allowed_t;

/* One scope of a server with mod_samesite's settings there: the core's
 * merge of every enclosing scope (lint_samesite.c). */
typedef struct lint_samesite_scope_t {
    const lint_node_t *node;       /* the server, or a section */
    const ss_settings_t *settings; /* merged */
} lint_samesite_scope_t;

/* mod_samesite in a server (NULL when no SameSite* line applies to it),
 * read through the core's table and merge (lint_samesite.c).  The flags
 * say what holds in at least one scope of the server. */
typedef struct lint_samesite_conf_t {
    const lint_node_t *engine; /* the last SameSiteEngine httpd accepts */
    int engine_on;             /* On or ReportOnly somewhere */
    int engine_enforcing;      /* On somewhere: the module really changes
                                  responses there (ReportOnly only logs) */
    int cors_on;               /* SameSiteCORS On or Public somewhere:
                                  the module writes the CORS headers */
    int cors_credentials;      /* SameSiteCORS On somewhere (credentialed;
                                  Public never allows credentials) */
    int preflight_handle;      /* SameSitePreflight Handle somewhere */
    int csrf_enforce;          /* SameSiteCSRF Enforce somewhere */
    int websocket_enforce;     /* SameSiteWebSocket Enforce somewhere */
    apr_array_header_t *cookie_rules; /* ss_cookie_rule_t * of settings */
    ss_samesite_t default_samesite;   /* SameSiteDefault of settings
                                         (UNSET: Lax) */
    const ss_settings_t *settings;    /* the server's own: the main
                                         server's merged with the
                                         <VirtualHost>'s */
    apr_array_header_t *scopes;       /* lint_samesite_scope_t: the server, then
                                   each section, merged along the nesting */
} lint_samesite_conf_t;

typedef struct lint_server_t {
    const lint_node_t *node; /* server { } / <VirtualHost>, or root for
                                  the main server */
    apr_array_header_t *public_origins; /* ss_origin_t *: scheme from
                                           ssl/SSLEngine, hosts from
                                           server_name/ServerName/Alias,
                                           port from listen/VirtualHost */
    const ss_origin_t *origin;          /* the first public origin, or NULL */
    int https;                          /* served over TLS */
    int http_only;                      /* no TLS anywhere for this name */
    lint_location_t *server_loc;        /* server-level scope */
    apr_array_header_t *locations; /* lint_location_t *, nginx match order */
    apr_array_header_t *origin_checks; /* server-level lint_origin_check_t * */
    apr_array_header_t *allowed_origins; /* lint_allowed_t *: origins the
                                            config allows (ACAO values, map
                                            and check literals, regex
                                            intents), in that order */
    apr_array_header_t *backends;        /* httpd: lint_backend_t * */
    /* filled by lint_model_cookie.c */
    apr_array_header_t *cookies;    /* lint_cookie_t * */
    apr_array_header_t *frontends;  /* lint_frontend_t * */
    ss_topology_t *topology;        /* core analysis, NULL without origin */
    lint_samesite_conf_t *samesite; /* mod_samesite settings, or NULL */
    const lint_node_t *public_origin_node; /* SameSitePublicOrigin, or NULL
                                              (it overrides origin) */
    apr_hash_t *frontend_text;  /* text -> lint_frontend_t *: the first
                                  frontend written so (may be shared, like
                                  frontends, by servers with the same ones) */
    apr_hash_t *frontend_canon; /* pattern->text (canonical) -> the first
                                   lint_frontend_t * with it; shared too */
    apr_hash_t *vars_read;      /* lint_check_used, per variable: "1" / "0"
                                  (once the model is built) */
    apr_array_header_t *scopes, *levels; /* lint_server_scopes / _levels,
                                            made once the model is built */
} lint_server_t;

struct lint_model_t {
    const lint_config_t *config;
    lint_dialect_t dialect;
    apr_array_header_t *servers; /* lint_server_t * */
    /* what the request simulator (lint_sim.h) reads once per
     * configuration, filled by lint_sim_prepare() */
    apr_hash_t *maps;           /* nginx: map blocks by variable name, no '$' */
    apr_hash_t *location_files; /* httpd: lint_httpd_location_file's, by
                                   location, computed once */
    const lint_node_t *httpd_main; /* httpd: the main server without its
                                      <VirtualHost>s (lint_sim_httpd.c) */
    apr_hash_t *modules;           /* httpd: loaded modules ("headers_module",
                             "mod_headers.c"), LoadModule and built-ins */
    int all_modules;               /* httpd: no LoadModule at all (a fragment):
                             every <IfModule> is taken */
    apr_hash_t *defines;           /* httpd: Define NAME */
    const ss_settings_env_t *samesite_env; /* httpd: ServerRoot and the
                                              suffix lists of SameSite* */
    const ss_psl_t *psl; /* the Public Suffix List of the run */
};

/* Fill servers' cookies, frontends, samesite and topology
 * (lint_model_cookie.c); called at the end of lint_model_build. */
void lint_model_cookies_build(lint_ctx_t *ctx, lint_model_t *m);

/* The value reads the request's Origin: nginx $http_origin, an httpd
 * ap_expr value ("expr=%{req:Origin}", %{HTTP:Origin}), %{HTTP_ORIGIN}
 * (a CGI's environment); not mod_headers' "%{Origin}i", the idle share
 * (header-format-misread). */
int lint_mentions_origin(const char *v);

/* mod_headers' header_cmd: the index of a Header's condition word (env=,
 * expr=, early) for action at index i -- the word after the value, after
 * the replacement for edit, right after the name for unset and echo; so
 * "expr=..." in the value's place is an ap_expr value (lint_httpd.c, the
 * model and the simulator). */
int lint_httpd_header_cond_at(const char *action, int i);

/* ---- httpd: URL -> file -> <Directory> (lint_sim_httpd.c) ----------- */

/* The file a plain GET of <Location l>'s path maps to on server s --
 * httpd's translate_name as the simulator runs it (mod_rewrite, ProxyPass,
 * Redirect, Alias / ScriptAlias, DocumentRoot; tests/server compares it
 * with the real Apache) -- or NULL: proxied, answered by httpd itself,
 * or not a <Location> prefix.  Computed once per location. */
const char *lint_httpd_location_file(const lint_model_t *m,
                                     const lint_server_t *s,
                                     const lint_location_t *l);
/* <Directory pattern> (wildcards per segment) covers the directory dir
 * (which ends in '/'): pattern is a leading run of dir's segments, so
 * /srv/www covers /srv/www/app/ and not /srv/www2/. */
int lint_httpd_dir_covers(const char *pattern, const char *dir);
/* Two <Directory> paths (or a <Directory> and a file path) share a
 * directory: one covers the other, on segment boundaries. */
int lint_httpd_dirs_overlap(apr_pool_t *p, const char *a, const char *b);

/* ---- mod_samesite's settings (lint_samesite.c, the core's table) ---- */

/* ServerRoot and the Public Suffix Lists loaded so far, for
 * ss_settings_set: one per run. */
const ss_settings_env_t *lint_samesite_env(lint_ctx_t *ctx);

/* The settings a scope's own SameSite* lines make (<IfModule> and the
 * like looked through, sections and <VirtualHost> not): what the module's
 * per-dir config of that scope holds.  For one request, merge them as
 * httpd does: ss_settings_merge(p, main server, <VirtualHost>), then each
 * section that applies, in httpd's order (ss_settings.h). */
ss_settings_t *lint_samesite_scope_settings(apr_pool_t *p,
                                            const ss_settings_env_t *env,
                                            const lint_node_t *scope);

/* Called for every SameSite* line the core accepted, with the settings of
 * its scope just after it (the line's values are the last ones added). */
typedef void lint_samesite_fn(lint_ctx_t *ctx, void *baton,
                              const lint_node_t *directive,
                              const ss_settings_t *scope);

/* Fill s->samesite (NULL when no SameSite* line applies to s).
 * main_server: the main server's node when s is a <VirtualHost> (its
 * lines and sections apply to s too), else NULL. */
void lint_samesite_server(lint_ctx_t *ctx, lint_server_t *s,
                          const lint_node_t *main_server, lint_samesite_fn *fn,
                          void *baton);

/* The cookie name looks like a session / auth cookie (sid, token, ...). */
int lint_session_like(const char *name);
/* Helpers shared by the builders and rules. */
/* Case-insensitive: header name is an Access-Control-* response header. */
int lint_is_cors_header(const char *name);
/* The headers of loc named name (lower-case), in order. */
apr_array_header_t *lint_loc_headers(apr_pool_t *p, const lint_location_t *loc,
                                     const char *name);
/* nginx: the headers of the requests served by the level itself: a
 * location without the own headers of its `if` levels (an `if` level or
 * any other scope: all of l->headers). */
apr_array_header_t *lint_level_headers(apr_pool_t *p, const lint_location_t *l);
/* nginx add_header (without `always`) acts on this status: 200, 201, 204,
 * 206, 301, 302, 303, 304, 307, 308 (ngx_http_headers_module). */
int lint_nginx_success_status(int status);
/* nginx: the upstream module ("proxy", "fastcgi", "uwsgi", "scgi",
 * "grpc") of the directive NAME = MODULE + SUFFIX ("fastcgi_pass" with
 * "_pass"), or NULL. */
const char *lint_nginx_upstream(const char *name, const char *suffix);
/* Every scope of a server: server_loc then its locations.  Once the model
 * is built, the same array for every call: read only. */
apr_array_header_t *lint_server_scopes(apr_pool_t *p, const lint_server_t *s);
/* Every configuration level of a server: the scopes, each nginx location
 * followed by its `if` levels.  Read only, like lint_server_scopes. */
apr_array_header_t *lint_server_levels(apr_pool_t *p, const lint_server_t *s);
/* httpd: the first backend of that kind (cgi 1: CGI/FastCGI/SCGI, 0:
 * mod_proxy_http) that may produce responses for requests of scope l
 * (the URL space or sections they share), or NULL. */
const lint_backend_t *lint_backend_for(apr_pool_t *p, const lint_server_t *s,
                                       const lint_location_t *l, int cgi);
/* nginx: the location that serves uri, in nginx's matching order (exact
 * `=`, longest prefix, `^~` stops the regex search, regexes in config
 * order, else the longest prefix; nested locations likewise), or NULL
 * when none matches (the server level serves it). */
const lint_location_t *lint_nginx_find_location(apr_pool_t *p,
                                                const lint_server_t *s,
                                                const char *uri);
/* nginx `if (...)` as ngx_http_rewrite_if_condition reads it: the first
 * argument's '(' and the last one's ')' dropped (the lexer already drops
 * a ')' right after a quoted string, which the parser keeps as an
 * argument of its own). */
typedef struct lint_nginx_cond_t {
    const char *lhs; /* "$http_origin", or the operand of a file test */
    const char *op;  /* NULL: a variable test; "=", "!=", "~", "~*", "!~",
                        "!~*" */
    const char *rhs; /* unquoted */
    char file_test;  /* 'f', 'd', 'e', 'x' for -f ...; 0 otherwise */
    int negated;     /* !-f */
} lint_nginx_cond_t;
void lint_nginx_if_cond(lint_nginx_cond_t *c, apr_pool_t *p,
                        const lint_node_t *if_node);
/* A variable test ("$v": neither empty nor "0") or `=` / `!=` of c on the
 * expanded operands; the caller handles file tests and regexes. */
int lint_nginx_cond_compare(const lint_nginx_cond_t *c, const char *lhs,
                            const char *rhs);
/* listen / <VirtualHost> / Listen address: 1 and *port when it names a
 * TCP port ("443", "[::]:80", "127.0.0.1:8080", "*:443") */
int lint_listen_port(const char *a, int *port);

/* The literal start of an anchored regex ("^/api/(.*)" -> "/api/"), or
 * NULL when it is not anchored or starts with a metacharacter. */
const char *lint_regex_literal(apr_pool_t *p, const char *re);
/* Requests can be served by the server level itself: always for httpd,
 * for nginx only when no `location /` catches every URI. */
int lint_server_level_serves(const lint_server_t *s);
/* text reads the variable var: nginx "$name" as $name or ${name};
 * httpd environment variable "NAME" as %{NAME}e, %{ENV:NAME}, env=NAME
 * (not env=!NAME), env('NAME') / reqenv('NAME'); case-insensitive (the
 * environment is an APR table). */
int lint_refs_var(const char *text, const char *var);
/* The origin check matters for server s: it tests the Origin where it
 * stands (if, <If>, RewriteCond, Require expr), or the variable it sets is
 * read somewhere in the server (headers after inheritance, conditions,
 * if, Require env ...).  An http-level map no server reads is no
 * allowlist of that server. */
int lint_check_used(const lint_server_t *s, const lint_origin_check_t *c);
/* Node name equals (case-insensitive for httpd). */
int lint_is(const lint_node_t *n, const char *name);
/* First argument of a node, or NULL. */
const char *lint_arg(const lint_node_t *n, int i);
int lint_nargs(const lint_node_t *n);

#endif
