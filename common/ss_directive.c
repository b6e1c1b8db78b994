/* ss_directive.c -- what each mod_samesite directive accepts and the
 * setting it makes (see ss_directive.h and ss_settings.h).  The module's
 * command handler and samesite-lint's samesite-directive-invalid both
 * end in ss_settings_set below; tests/directive-values.txt holds every
 * directive's accepted and refused values with the message, checked
 * against apache2 -t with the module loaded and against the linter. */
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include <stdarg.h>
#include <apr_strings.h>
#include <apr_file_info.h>
#include "ss_settings.h"
#include "ss_pattern.h"
#include "ss_policy.h"

typedef struct row_t row_t;

/* Validate argv and record it in s; NULL or the whole message, which
 * names the directive (say). */
typedef const char *setter_fn(ss_settings_t *s, apr_pool_t *p,
                              const ss_settings_env_t *env, int id, int argc,
                              const char *const *argv);

typedef enum {
    ARGS_ONE, /* exactly one word (httpd's TAKE1) */
    ARGS_ANY  /* the setter counts the words (ITERATE, TAKE_ARGV) */
} args_t;

struct row_t {
    args_t args;
    setter_fn *set;
    size_t field;      /* offset of the ss_settings_t field it sets */
    const int *values; /* keyword directives: the value of each keyword
                          of the help text, in its order */
    int nvalues;
};

static const row_t table[SS_DIR__COUNT];

#define S_NAME(id, name, help) name,
#define S_HELP(id, name, help) help,
static const char *const names[SS_DIR__COUNT] = { SS_DIRECTIVES(S_NAME) };
static const char *const helps[SS_DIR__COUNT] = { SS_DIRECTIVES(S_HELP) };

/* "SameSiteEngine: ...": every message starts with the directive's name,
 * as httpd spells it (the line may spell it in any case). */
static const char *say(apr_pool_t *p, int id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static const char *
say(apr_pool_t *p, int id, const char *fmt, ...)
{
    va_list ap;
    const char *msg;
    va_start(ap, fmt);
    msg = apr_pvsprintf(p, fmt, ap);
    va_end(ap);
    return apr_pstrcat(p, names[id], ": ", msg, NULL);
}

/* ---- keywords: the words of the help text ("On, Off or ReportOnly") --- */

/* The next keyword of *h (its length in *len), or NULL at the end. */
static const char *
next_word(const char **h, size_t *len)
{
    const char *w;
    for (;;) {
        while (**h == ' ' || **h == ',') {
            (*h)++;
        }
        if (!**h) {
            return NULL;
        }
        w = *h;
        while (**h && **h != ' ' && **h != ',') {
            (*h)++;
        }
        *len = (size_t)(*h - w);
        if (*len != 2 || strncmp(w, "or", 2)) {
            return w;
        }
    }
}

/* The index of arg among the keywords of directive id, or -1. */
static int
keyword_index(int id, const char *arg)
{
    const char *h = helps[id], *w;
    size_t len;
    int k;
    if (!table[id].values || !arg) {
        return -1;
    }
    for (k = 0; (w = next_word(&h, &len)) && k < table[id].nvalues; k++) {
        if (strlen(arg) == len && !strncasecmp(w, arg, len)) {
            return k;
        }
    }
    return -1;
}

/* ---- setters ----------------------------------------------------------- */

#define FIELD(s, id, type) ((type *)(void *)((char *)(s) + table[(id)].field))

static const char *
set_keyword(ss_settings_t *s, apr_pool_t *p, const ss_settings_env_t *env,
            int id, int argc, const char *const *argv)
{
    int k = keyword_index(id, argv[0]);
    (void)env;
    (void)argc;
    if (k < 0) {
        return say(p, id, "invalid argument '%s', expected %s", argv[0],
                   helps[id]);
    }
    *FIELD(s, id, int) = table[id].values[k];
    return NULL;
}

static const char *
set_public_origin(ss_settings_t *s, apr_pool_t *p, const ss_settings_env_t *env,
                  int id, int argc, const char *const *argv)
{
    ss_origin_t *o;
    ss_origin_err_t e = ss_origin_parse(&o, p, argv[0]);
    (void)env;
    (void)argc;
    if (e != SS_ORIGIN_OK) {
        return say(p, id, "'%s' is not an origin: %s", argv[0],
                   ss_origin_strerror(e));
    }
    if (o->is_null) {
        return say(p, id, "'null' cannot be a public origin");
    }
    s->public_origin = o;
    return NULL;
}

/* The list a scope's patterns are checked against when it is read: its
 * own SameSitePublicSuffixList when written before, else the system list
 * (loaded once per configuration read, cached under ""); set_psl checks
 * the scope's frontends again with a list written after them. */
static const ss_psl_t *
scope_psl(const ss_settings_t *s, apr_pool_t *p, const ss_settings_env_t *env)
{
    ss_psl_t *psl = NULL;
    if (s->psl) {
        return s->psl;
    }
    if (env && env->psl_cache) {
        psl = apr_hash_get(env->psl_cache, "", APR_HASH_KEY_STRING);
    }
    if (!psl && ss_psl_open(&psl, p, NULL, NULL) == APR_SUCCESS && env
        && env->psl_cache) {
        apr_hash_set(env->psl_cache, "", APR_HASH_KEY_STRING, psl);
    }
    return psl;
}

/* NULL, or why pat can never be a frontend: "null" (cors-null-origin)
 * and patterns that allow sites anyone can register (a public suffix). */
static const char *
frontend_refused(apr_pool_t *p, const ss_psl_t *psl, const ss_pattern_t *pat)
{
    const char *sfx;
    if (pat->origin.is_null) {
        /* Fetch: opaque origins serialise as "null" -- sandboxed iframes,
         * data: and file: pages, cross-origin redirects -- so any site
         * can send it (seed 004) */
        return "'null' is never a frontend (cors-null-origin): sandboxed "
               "iframes, data: URLs and file: pages send Origin: null, so "
               "any site can produce it";
    }
    sfx = ss_pattern_public_suffix(p, psl, pat);
    if (!sfx) {
        return NULL;
    }
    if (pat->wildcard) {
        return apr_psprintf(p,
                            "'%s' would allow every site registered under "
                            "%s, a public suffix (anyone can register one): "
                            "list the frontends, or a wildcard under a "
                            "registrable domain (https://\x2a.example.com)",
                            pat->text, sfx);
    }
    return apr_psprintf(p,
                        "'%s' is not a frontend: its host %s is a public "
                        "suffix, which serves no site of its own",
                        pat->text, sfx);
}

static const char *
set_frontend(ss_settings_t *s, apr_pool_t *p, const ss_settings_env_t *env,
             int id, int argc, const char *const *argv)
{
    ss_pattern_t **pats;
    const ss_psl_t *psl;
    const char *why;
    int i;
    if (argc < 1) {
        return say(p, id, "needs at least one origin or origin pattern");
    }
    /* all parsed before any is added: a refused line changes nothing */
    pats = apr_palloc(p, sizeof(*pats) * (apr_size_t)argc);
    for (i = 0; i < argc; i++) {
        ss_origin_err_t e = ss_pattern_parse(&pats[i], p, argv[i]);
        if (e != SS_ORIGIN_OK) {
            return say(p, id,
                       "'%s' is not an origin or an origin pattern "
                       "(https://\x2a.example.com): %s",
                       argv[i], ss_origin_strerror(e));
        }
    }
    psl = scope_psl(s, p, env);
    for (i = 0; i < argc; i++) {
        if ((why = frontend_refused(p, psl, pats[i]))) {
            return say(p, id, "%s", why);
        }
    }
    if (!s->frontends) {
        s->frontends = apr_array_make(p, argc, sizeof(ss_pattern_t *));
    }
    for (i = 0; i < argc; i++) {
        APR_ARRAY_PUSH(s->frontends, ss_pattern_t *) = pats[i];
    }
    return NULL;
}

static const char *
set_cookie(ss_settings_t *s, apr_pool_t *p, const ss_settings_env_t *env,
           int id, int argc, const char *const *argv)
{
    ss_cookie_rule_t *rule;
    const char *err;
    (void)env;
    if (argc < 1) {
        return say(p, id, "needs a cookie name or glob");
    }
    err = ss_cookie_rule_parse(&rule, p, argv[0], argc - 1, argv + 1);
    if (err) {
        /* the rule's glob names it: "SameSiteCookie session: ..." */
        return apr_psprintf(p, "%s %s: %s", names[id], argv[0], err);
    }
    if (!s->cookie_rules) {
        s->cookie_rules = apr_array_make(p, 4, sizeof(ss_cookie_rule_t *));
    }
    APR_ARRAY_PUSH(s->cookie_rules, ss_cookie_rule_t *) = rule;
    return NULL;
}

static const char *
set_list(ss_settings_t *s, apr_pool_t *p, const ss_settings_env_t *env, int id,
         int argc, const char *const *argv)
{
    /* `GET, POST`, `"GET, POST"` and `GET POST` are one list: the words
     * joined, then one check (ss_cors_list_check splits on both) */
    const char *list = NULL, *norm, *err;
    int i;
    (void)env;
    for (i = 0; i < argc; i++) {
        list = list ? apr_pstrcat(p, list, " ", argv[i], NULL) : argv[i];
    }
    err = ss_cors_list_check(&norm, p, list, ss_cors_list_kind(names[id]));
    if (err) {
        return say(p, id, "%s", err);
    }
    *FIELD(s, id, const char *) = norm;
    return NULL;
}

static const char *
set_max_age(ss_settings_t *s, apr_pool_t *p, const ss_settings_env_t *env,
            int id, int argc, const char *const *argv)
{
    (void)env;
    (void)argc;
    if (ss_cors_max_age_parse(&s->max_age, argv[0])) {
        return say(p, id,
                   "invalid argument '%s', expected a number of seconds "
                   "(0 to %d)",
                   argv[0], SS_CORS_MAX_MAX_AGE);
    }
    return NULL;
}

static const char *
set_psl(ss_settings_t *s, apr_pool_t *p, const ss_settings_env_t *env, int id,
        int argc, const char *const *argv)
{
    char *path = NULL;
    const char *err = NULL;
    ss_psl_t *psl = NULL;
    apr_status_t rv;
    int i;
    (void)argc;
    /* what ap_server_root_relative does: relative to ServerRoot, and a
     * file that does not exist (yet) is still a path */
    rv = apr_filepath_merge(&path, env ? env->server_root : NULL, argv[0],
                            APR_FILEPATH_TRUENAME, p);
    if (!path
        || (rv != APR_SUCCESS && !APR_STATUS_IS_EPATHWILD(rv)
            && !APR_STATUS_IS_ENOENT(rv) && !APR_STATUS_IS_ENOTDIR(rv))) {
        return say(p, id, "invalid argument '%s', expected a file path",
                   argv[0]);
    }
    if (env && env->psl_cache) {
        psl = apr_hash_get(env->psl_cache, path, APR_HASH_KEY_STRING);
    }
    if (!psl) {
        /* the list lives as long as the settings (pool p) */
        if (ss_psl_open(&psl, p, path, &err) != APR_SUCCESS) {
            /* the core's reason names the file */
            return err ? say(p, id, "%s", err)
                       : say(p, id, "cannot load '%s'", path);
        }
        if (env && env->psl_cache) {
            apr_hash_set(env->psl_cache, path, APR_HASH_KEY_STRING, psl);
        }
    }
    /* the frontends written before this line, checked with this list */
    for (i = 0; s->frontends && i < s->frontends->nelts; i++) {
        const char *why = frontend_refused(
            p, psl, APR_ARRAY_IDX(s->frontends, i, const ss_pattern_t *));
        if (why) {
            return say(p, id, "with '%s', %s: %s", path,
                       ss_directive_name(SS_DIR_FRONTEND), why);
        }
    }
    s->psl = psl;
    return NULL;
}

/* ---- the table ------------------------------------------------------------ */

#define VALUES(v) v, (int)(sizeof(v) / sizeof((v)[0]))
#define F(field)  offsetof(ss_settings_t, field)

static const int engine_v[] = { SS_ENGINE_ON, SS_ENGINE_OFF, SS_ENGINE_REPORT };
static const int on_off_v[] = { 1, 0 };
static const int cors_v[] = { SS_CORS_ON, SS_CORS_OFF, SS_CORS_PUBLIC };
static const int samesite_v[] = { SS_SAMESITE_STRICT, SS_SAMESITE_LAX };
static const int preflight_v[] = { 1, 0 }; /* Handle, PassThrough */
static const int csrf_v[] = { SS_CSRF_OFF, SS_CSRF_ENFORCE, SS_CSRF_REPORT };
static const int websocket_v[] = { 1, 0 }; /* Enforce, Off */
static const int legacy_v[] = { SS_LEGACY_OFF, SS_LEGACY_DUPLICATE,
                                SS_LEGACY_OMITNONE };

static const row_t table[SS_DIR__COUNT] = {
    [SS_DIR_ENGINE] = { ARGS_ONE, set_keyword, F(engine), VALUES(engine_v) },
    [SS_DIR_PUBLIC_ORIGIN] = { ARGS_ONE, set_public_origin, 0, NULL, 0 },
    [SS_DIR_TRUST_PROXY] = { ARGS_ONE, set_keyword, F(trust_proxy),
                             VALUES(on_off_v) },
    [SS_DIR_FRONTEND] = { ARGS_ANY, set_frontend, 0, NULL, 0 },
    [SS_DIR_COOKIE] = { ARGS_ANY, set_cookie, 0, NULL, 0 },
    [SS_DIR_DEFAULT] = { ARGS_ONE, set_keyword, F(default_samesite),
                         VALUES(samesite_v) },
    [SS_DIR_CORS] = { ARGS_ONE, set_keyword, F(cors), VALUES(cors_v) },
    [SS_DIR_CORS_ALLOW_METHODS] = { ARGS_ANY, set_list, F(allow_methods), NULL,
                                    0 },
    [SS_DIR_CORS_ALLOW_HEADERS] = { ARGS_ANY, set_list, F(allow_headers), NULL,
                                    0 },
    [SS_DIR_CORS_EXPOSE_HEADERS] = { ARGS_ANY, set_list, F(expose_headers),
                                     NULL, 0 },
    [SS_DIR_CORS_MAX_AGE] = { ARGS_ONE, set_max_age, 0, NULL, 0 },
    [SS_DIR_CORS_PRIVATE_NETWORK] = { ARGS_ONE, set_keyword, F(private_network),
                                      VALUES(on_off_v) },
    [SS_DIR_PREFLIGHT] = { ARGS_ONE, set_keyword, F(preflight_handle),
                           VALUES(preflight_v) },
    [SS_DIR_CSRF] = { ARGS_ONE, set_keyword, F(csrf), VALUES(csrf_v) },
    [SS_DIR_WEBSOCKET] = { ARGS_ONE, set_keyword, F(websocket),
                           VALUES(websocket_v) },
    [SS_DIR_LEGACY_CLIENTS] = { ARGS_ONE, set_keyword, F(legacy),
                                VALUES(legacy_v) },
    [SS_DIR_PUBLIC_SUFFIX_LIST] = { ARGS_ONE, set_psl, 0, NULL, 0 },
};

/* ---- lookups ------------------------------------------------------------- */

int
ss_directive_find(const char *name)
{
    int i;
    for (i = 0; name && i < SS_DIR__COUNT; i++) {
        if (!strcasecmp(names[i], name)) {
            return i;
        }
    }
    return -1;
}

int
ss_directive_known(const char *name)
{
    return ss_directive_find(name) >= 0;
}

const char *
ss_directive_name(int id)
{
    return id >= 0 && id < SS_DIR__COUNT ? names[id] : NULL;
}

int
ss_directive_keyword(const char *name, const char *arg)
{
    int id = ss_directive_find(name);
    return id < 0 ? -1 : keyword_index(id, arg);
}

const char *
ss_directive_expected(const char *name)
{
    int id = ss_directive_find(name);
    return id >= 0 && table[id].values ? helps[id] : NULL;
}

const char *
ss_directive_word(apr_pool_t *p, int id, int value)
{
    const char *h, *w;
    size_t len;
    int k;
    if (id < 0 || id >= SS_DIR__COUNT || !table[id].values) {
        return NULL;
    }
    h = helps[id];
    for (k = 0; (w = next_word(&h, &len)) && k < table[id].nvalues; k++) {
        if (table[id].values[k] == value) {
            return apr_pstrmemdup(p, w, len);
        }
    }
    return NULL;
}

const char *
ss_settings_set(ss_settings_t *s, apr_pool_t *p, const ss_settings_env_t *env,
                const char *name, int argc, const char *const *argv)
{
    int id = ss_directive_find(name);
    if (id < 0) {
        /* httpd's words for a directive no module declares */
        return apr_psprintf(p,
                            "Invalid command '%s', perhaps misspelled or "
                            "defined by a module not included in the server "
                            "configuration",
                            name ? name : "");
    }
    if (table[id].args == ARGS_ONE && argc != 1) {
        return say(p, id, "takes one argument, %s", helps[id]);
    }
    return table[id].set(s, p, env, id, argc, argv);
}
