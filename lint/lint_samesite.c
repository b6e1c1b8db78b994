/* lint_samesite.c -- samesite-lint's reading of mod_samesite's
 * directives (SameSite*).  Nothing here interprets a directive: every
 * line goes through the core's table (ss_settings_set, the code httpd
 * runs for the module at configtest), so a value httpd refuses
 * (`SameSiteEngine Yes`) sets nothing here either, and each scope's
 * settings are merged as the module merges them (ss_settings_merge).
 *
 * A scope is the main server, a <VirtualHost>, or a section with its own
 * per-dir configuration (<Directory>, <Location>, <Files>, <If>, ...);
 * <IfModule> and the like are read as part of the scope around them.
 * lint_samesite_server summarises a server for the rules
 * (lint_samesite_conf_t): its own settings (main server merged with the
 * <VirtualHost>) and every section's, merged along the nesting.
 */
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include "lint_model.h"

const ss_settings_env_t *
lint_samesite_env(lint_ctx_t *ctx)
{
    static const char key[] = "lint_samesite_env";
    void *v = NULL;
    ss_settings_env_t *env;

    apr_pool_userdata_get(&v, key, ctx->pool);
    if (v) {
        return v;
    }
    /* httpd resolves SameSitePublicSuffixList against ServerRoot and
     * loads it at startup; each list is loaded once per run */
    env = apr_pcalloc(ctx->pool, sizeof(*env));
    env->server_root = ctx->opts && ctx->opts->root ? ctx->opts->root
                       : ctx->config                ? ctx->config->server_root
                                                    : NULL;
    env->psl_cache = apr_hash_make(ctx->pool);
    apr_pool_userdata_setn(env, key, NULL, ctx->pool);
    return env;
}

/* Containers httpd reads as part of the scope around them (no per-dir
 * configuration of their own). */
static int
is_wrapper(const lint_node_t *b)
{
    static const char *const wrappers[] = {
        "IfModule",    "IfDefine", "IfVersion",   "IfFile", "IfSection",
        "IfDirective", "Limit",    "LimitExcept", NULL
    };
    int i;
    for (i = 0; b->name && wrappers[i]; i++) {
        if (!strcasecmp(b->name, wrappers[i])) {
            return 1;
        }
    }
    return 0;
}

typedef struct {
    lint_ctx_t *ctx; /* NULL: lint_samesite_scope_settings */
    apr_pool_t *p;
    const ss_settings_env_t *env;
    lint_samesite_fn *fn; /* called for every directive the core took */
    void *baton;
    lint_samesite_conf_t *conf; /* the server's summary */
    int seen;                   /* SameSite* lines, refused ones too */
} walk_t;

/* The SameSite* directives of scope n itself (through wrappers) into own;
 * its sections into sections (when not NULL).  <VirtualHost> blocks are
 * servers of their own. */
static void
collect(walk_t *w, const lint_node_t *n, ss_settings_t *own,
        apr_array_header_t *sections)
{
    apr_pool_t *p = w->p;
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *d = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (d->is_block) {
            if (is_wrapper(d)) {
                collect(w, d, own, sections);
            } else if (sections && !lint_is(d, "VirtualHost")) {
                APR_ARRAY_PUSH(sections, const lint_node_t *) = d;
            }
            continue;
        }
        if (!d->name || strncasecmp(d->name, "SameSite", 8)) {
            continue;
        }
        w->seen++;
        /* a refused line (samesite-directive-invalid) sets nothing */
        if (!ss_settings_set(own, p, w->env, d->name, lint_nargs(d),
                             d->args ? (const char *const *)d->args->elts
                                     : NULL)) {
            if (w->conf && lint_is(d, "SameSiteEngine")) {
                w->conf->engine = d;
            }
            if (w->fn) {
                w->fn(w->ctx, w->baton, d, own);
            }
        }
    }
}

ss_settings_t *
lint_samesite_scope_settings(apr_pool_t *p, const ss_settings_env_t *env,
                             const lint_node_t *scope)
{
    walk_t w;
    ss_settings_t *own = ss_settings_create(p);
    memset(&w, 0, sizeof(w));
    w.p = p;
    w.env = env;
    collect(&w, scope, own, NULL);
    return own;
}

/* A scope's merged settings count towards the server's summary. */
static void
summarise(walk_t *w, const lint_node_t *node, const ss_settings_t *eff)
{
    lint_samesite_conf_t *c = w->conf;
    lint_samesite_scope_t *sc = apr_array_push(c->scopes);
    ss_engine_t engine = ss_settings_engine(eff);
    sc->node = node;
    sc->settings = eff;
    c->engine_on |= engine != SS_ENGINE_OFF;
    c->engine_enforcing |= engine == SS_ENGINE_ON;
    c->cors_on |= ss_settings_cors(eff) != SS_CORS_OFF;
    c->cors_credentials |= ss_settings_cors(eff) == SS_CORS_ON;
    c->preflight_handle |= ss_settings_preflight_handle(eff);
    c->csrf_enforce |= ss_settings_csrf(eff) == SS_CSRF_ENFORCE;
    c->websocket_enforce |= ss_settings_websocket(eff);
}

/* Each section of sections merged onto parent, then its own sections. */
static void
walk_sections(walk_t *w, const ss_settings_t *parent,
              const apr_array_header_t *sections)
{
    int i;
    for (i = 0; i < sections->nelts; i++) {
        const lint_node_t *n = APR_ARRAY_IDX(sections, i, const lint_node_t *);
        apr_array_header_t *inner =
            apr_array_make(w->p, 2, sizeof(const lint_node_t *));
        ss_settings_t *own = ss_settings_create(w->p);
        ss_settings_t *eff;
        collect(w, n, own, inner);
        eff = ss_settings_merge(w->p, parent, own);
        summarise(w, n, eff);
        walk_sections(w, eff, inner);
    }
}

/* Some SameSite* line in n (outside nested <VirtualHost> blocks): most
 * servers have none and cost one walk, no allocation. */
static int
mentions_samesite(const lint_node_t *n)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *d = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        if (d->is_block ? !lint_is(d, "VirtualHost") && mentions_samesite(d)
                        : d->name && (d->name[0] | 0x20) == 's'
                              && !strncasecmp(d->name, "SameSite", 8)) {
            return 1;
        }
    }
    return 0;
}

void
lint_samesite_server(lint_ctx_t *ctx, lint_server_t *s,
                     const lint_node_t *main_server, lint_samesite_fn *fn,
                     void *baton)
{
    apr_pool_t *p = ctx->pool;
    apr_array_header_t *main_secs, *secs;
    ss_settings_t *main_own, *own, *eff;
    walk_t w;

    if (!main_server && !mentions_samesite(s->node)) {
        return;
    }
    main_secs = apr_array_make(p, 2, sizeof(const lint_node_t *));
    secs = apr_array_make(p, 2, sizeof(const lint_node_t *));
    main_own = ss_settings_create(p);
    own = ss_settings_create(p);
    memset(&w, 0, sizeof(w));
    w.ctx = ctx;
    w.p = p;
    w.env = lint_samesite_env(ctx);
    w.fn = fn;
    w.baton = baton;
    w.conf = apr_pcalloc(p, sizeof(*w.conf));
    w.conf->scopes = apr_array_make(p, 4, sizeof(lint_samesite_scope_t));
    /* httpd: a <VirtualHost>'s defaults are the main server's merged with
     * its own; the main server's sections apply to its requests too */
    if (main_server) {
        collect(&w, main_server, main_own, main_secs);
    }
    collect(&w, s->node, own, secs);
    eff = ss_settings_merge(p, main_own, own);
    summarise(&w, s->node, eff);
    walk_sections(&w, eff, main_secs);
    walk_sections(&w, eff, secs);
    if (!w.seen) {
        return; /* mod_samesite is not configured for this server */
    }
    w.conf->settings = eff;
    w.conf->cookie_rules = eff->cookie_rules;
    w.conf->default_samesite = eff->default_samesite == SS_UNSET
                                   ? SS_SAMESITE_UNSET
                                   : (ss_samesite_t)eff->default_samesite;
    s->samesite = w.conf;
}
