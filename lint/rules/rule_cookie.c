/* rule_cookie.c -- what the cookie rules (lint/rules/cookie_*.c) share:
 * walking the cookies the model found, the core's verdicts on them
 * (lint_cookie_t.keep / .needs, lint_model_cookie.c) and how a finding
 * names the cookie. */
#include <stdarg.h>
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

const char *
lint_cookie_label(apr_pool_t *p, const lint_cookie_t *c)
{
    if (!c->name || !strcmp(c->name, "*") || c->name[0] == '~'
        || strchr(c->name, '*')) {
        if (c->name
            && ((c->name[0] == '~' && c->name[1])
                || (strchr(c->name, '*') && strcmp(c->name, "*")))) {
            return apr_psprintf(p, "cookie %s \"%s\" (%s)",
                                c->name[0] == '~' ? "regex" : "glob",
                                c->name + (c->name[0] == '~'),
                                c->node ? c->node->name : c->source);
        }
        return apr_psprintf(p, "every cookie (%s)",
                            !strcmp(c->source, "edit")
                                ? "Header edit Set-Cookie"
                            : c->node ? c->node->name
                                      : c->source);
    }
    return apr_psprintf(p, "cookie \"%s\"", c->name);
}

const char *
lint_cookie_public(apr_pool_t *p, const lint_server_t *s)
{
    return s->origin ? ss_origin_str(p, s->origin) : "this server";
}

/* The core names the cookie it judges; a regex / glob / `~` rewrite is
 * judged on a stand-in called "cookie": say what the config wrote. */
const char *
lint_cookie_named(apr_pool_t *p, const lint_cookie_t *c, const char *msg)
{
    static const char who[] = "cookie \"cookie\"";
    const char *at = c->stand_in && msg ? strstr(msg, who) : NULL;
    if (!at) {
        return msg;
    }
    return apr_pstrcat(p, apr_pstrmemdup(p, msg, (apr_size_t)(at - msg)),
                       lint_cookie_label(p, c), at + sizeof(who) - 1, NULL);
}

const char *
lint_cross_site_frontend(const lint_server_t *s)
{
    int i;
    for (i = 0; s->topology && i < s->topology->frontends->nelts; i++) {
        const ss_frontend_class_t *fc =
            &APR_ARRAY_IDX(s->topology->frontends, i, ss_frontend_class_t);
        if (fc->cls == SS_CLASS_CROSS_SITE) {
            return fc->frontend->text;
        }
    }
    return "a cross-site frontend";
}

int
lint_cookie_from_module(const lint_cookie_t *c)
{
    return !strcmp(c->source, "samesite-module");
}

int
lint_cookie_module_fixes(const lint_server_t *s, const lint_cookie_t *c)
{
    return s->samesite && s->samesite->engine_enforcing
           && !lint_cookie_from_module(c);
}

const ss_cookie_change_t *
lint_cookie_keep_next(const lint_server_t *s, const lint_cookie_t *c,
                      const char *rule_id, int *i)
{
    int applied = lint_cookie_from_module(c) || lint_cookie_module_fixes(s, c);
    for (; c->keep && *i < c->keep->nelts; (*i)++) {
        const ss_cookie_change_t *x =
            &APR_ARRAY_IDX(c->keep, *i, ss_cookie_change_t);
        if (!strcmp(x->rule_id, rule_id)
            && !(x->op != SS_CHANGE_NONE && applied)) {
            (*i)++;
            return x;
        }
    }
    return NULL;
}

int
lint_cookie_topology_judged(const lint_server_t *s, const lint_cookie_t *c)
{
    return c->needs && !lint_cookie_module_fixes(s, c)
           && strcmp(c->source, "cookie_domain")
           && !(lint_cookie_from_module(c) && c->rule
                && c->rule->mode == SS_MODE_KEEP);
}

int
lint_server_cookies(lint_ctx_t *ctx, const lint_server_t *s, lint_cookie_fn *fn)
{
    int j, n = 0;
    for (j = 0; j < s->cookies->nelts; j++) {
        n += fn(ctx, s, APR_ARRAY_IDX(s->cookies, j, const lint_cookie_t *));
    }
    return n;
}

void
lint_each_cookie(lint_ctx_t *ctx, const lint_model_t *m, lint_cookie_fn *fn)
{
    int i;
    for (i = 0; i < m->servers->nelts; i++) {
        lint_server_cookies(ctx, APR_ARRAY_IDX(m->servers, i, lint_server_t *),
                            fn);
    }
}

const ss_cookie_change_t *
lint_cookie_needs_next(const lint_server_t *s, const lint_cookie_t *c,
                       const char *attr, int *i)
{
    if (!lint_cookie_topology_judged(s, c)) {
        return NULL;
    }
    for (; *i < c->needs->nelts; (*i)++) {
        const ss_cookie_change_t *x =
            &APR_ARRAY_IDX(c->needs, *i, ss_cookie_change_t);
        if (x->op == SS_CHANGE_SET && x->attr && !strcmp(x->attr, attr)) {
            (*i)++;
            return x;
        }
    }
    return NULL;
}

int
lint_cookie_domain_findings(lint_ctx_t *ctx, const lint_server_t *s,
                            const lint_cookie_t *c, const char *rule_id,
                            const char *fmt, ...)
{
    int i = 0, n = 0;
    if (c->domain && (strchr(c->domain, '$') || strchr(c->domain, '%'))) {
        return 0; /* a variable: decided per request */
    }
    while (lint_cookie_keep_next(s, c, rule_id, &i)) {
        va_list ap;
        const char *says;
        va_start(ap, fmt);
        says = apr_pvsprintf(ctx->pool, fmt, ap);
        va_end(ap);
        lint_report(ctx, rule_id, c->node, "%s: Domain=%s %s",
                    lint_cookie_label(ctx->pool, c),
                    c->domain ? c->domain : "?", says);
        n++;
    }
    return n;
}
