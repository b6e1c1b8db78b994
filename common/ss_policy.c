/* ss_policy.c -- cookie policy as a pure function.
 *
 * Inputs: one parsed Set-Cookie, the SameSiteCookie rule that matched (or
 * NULL = Auto with no flags), the topology and the request context.
 * Output: the ordered list of attribute changes, each with the catalog id
 * that explains it.  Browser rules encoded here (RFC 6265bis):
 *   - SameSite=None requires Secure (5.7 step 15, Chrome 80+);
 *   - Secure cookies cannot be set from insecure origins (5.7 step 9);
 *   - __Secure- needs Secure; __Host- needs Secure, Path=/, no Domain
 *     (4.1.3; prefixes match case-insensitively);
 *   - Domain must domain-match the host and not be a public suffix (5.7);
 *   - Partitioned requires Secure (CHIPS);
 *   - third-party cookies are blocked unless Partitioned (SPEC 6).
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_fnmatch.h>
#include "ss_policy.h"
#include "ss_diag.h"

static const ss_cookie_rule_t default_rule = {
    "*", SS_MODE_AUTO, SS_TRI_UNSET, SS_TRI_UNSET, SS_TRI_UNSET, 0, 0
};

const char *
ss_cookie_rule_parse(ss_cookie_rule_t **out, apr_pool_t *p, const char *glob,
                     int argc, const char *const *argv)
{
    ss_cookie_rule_t *r;
    int i, have_mode = 0;

    *out = NULL;
    if (!glob || !*glob) {
        return "a cookie name or glob is required";
    }
    r = apr_pcalloc(p, sizeof(*r));
    r->glob = apr_pstrdup(p, glob);
    r->literal = !apr_fnmatch_test(glob);
    r->mode = SS_MODE_AUTO;
    r->httponly = r->secure = r->partitioned = SS_TRI_UNSET;
    for (i = 0; i < argc; i++) {
        const char *a = argv[i];
        ss_samesite_mode_t m = SS_MODE_UNSET;
        if (!strcasecmp(a, "Auto"))
            m = SS_MODE_AUTO;
        else if (!strcasecmp(a, "Strict"))
            m = SS_MODE_STRICT;
        else if (!strcasecmp(a, "Lax"))
            m = SS_MODE_LAX;
        else if (!strcasecmp(a, "None"))
            m = SS_MODE_NONE;
        else if (!strcasecmp(a, "Keep"))
            m = SS_MODE_KEEP;
        if (m != SS_MODE_UNSET) {
            if (have_mode) {
                return apr_psprintf(p, "more than one SameSite mode ('%s')", a);
            }
            have_mode = 1;
            r->mode = m;
        } else if (!strcasecmp(a, "HttpOnly"))
            r->httponly = SS_TRI_ON;
        else if (!strcasecmp(a, "-HttpOnly"))
            r->httponly = SS_TRI_OFF;
        else if (!strcasecmp(a, "Secure"))
            r->secure = SS_TRI_ON;
        else if (!strcasecmp(a, "-Secure"))
            r->secure = SS_TRI_OFF;
        else if (!strcasecmp(a, "Partitioned"))
            r->partitioned = SS_TRI_ON;
        else if (!strcasecmp(a, "-Partitioned"))
            r->partitioned = SS_TRI_OFF;
        else if (!strcasecmp(a, "HostPrefix"))
            r->host_prefix = 1;
        else {
            return apr_psprintf(p,
                                "unknown option '%s' (expected Auto, "
                                "Strict, Lax, None or Keep, [-]HttpOnly, "
                                "[-]Secure, [-]Partitioned, HostPrefix)",
                                a);
        }
    }
    if (r->secure == SS_TRI_OFF) {
        if (r->mode == SS_MODE_NONE) {
            return "None and -Secure conflict: browsers reject SameSite=None "
                   "without Secure";
        }
        if (r->partitioned == SS_TRI_ON) {
            return "Partitioned and -Secure conflict: browsers reject "
                   "Partitioned cookies without Secure";
        }
        if (r->host_prefix) {
            return "HostPrefix and -Secure conflict: __Host- cookies must be "
                   "Secure";
        }
    }
    *out = r;
    return NULL;
}

const ss_cookie_rule_t *
ss_cookie_rule_find(const apr_array_header_t *rules, const char *name)
{
    int i;
    if (!rules || !name) {
        return NULL;
    }
    for (i = 0; i < rules->nelts; i++) {
        const ss_cookie_rule_t *r =
            APR_ARRAY_IDX(rules, i, const ss_cookie_rule_t *);
        if (r->literal ? !strcmp(r->glob, name)
                       : apr_fnmatch(r->glob, name, 0) == APR_SUCCESS) {
            return r;
        }
    }
    return NULL;
}

static void
change(apr_array_header_t *out, ss_change_op_t op, const char *attr,
       const char *value, const char *rule_id, ss_log_level_t level,
       const char *message)
{
    ss_cookie_change_t *ch = apr_array_push(out);
    ch->op = op;
    ch->attr = attr;
    ch->value = value;
    ch->rule_id = rule_id;
    ch->level = level;
    ch->message = message;
}

/* Messages of applied changes are only formatted when someone will read
 * them (ctx->terse: the module at LogLevel info and below). */
#define MSG(p, ...) (terse ? NULL : apr_psprintf((p), __VA_ARGS__))

static int
has_prefix_ci(const char *s, const char *prefix)
{
    return !strncasecmp(s, prefix, strlen(prefix));
}

apr_array_header_t *
ss_cookie_policy(apr_pool_t *p, const ss_cookie_t *c,
                 const ss_cookie_rule_t *rule, const ss_cookie_ctx_t *ctx)
{
    apr_array_header_t *out = apr_array_make(p, 4, sizeof(ss_cookie_change_t));
    const ss_topology_t *t = ctx ? ctx->topology : NULL;
    const ss_origin_t *pub = t ? t->public_origin : NULL;
    int https, known, has_secure, want_secure, need_secure = 0;
    int has_part, want_part, host_prefix = 0, is_host = 0;
    int http_downgrade = 0;
    int backend_bug = 0; /* the backend itself sent what the browser
                              rejects without Secure (a prefix, None,
                              Partitioned): logged loudly when fixed */
    int terse = ctx && ctx->terse;
    ss_samesite_t cur, want;
    const char *name, *why_secure = NULL;
    const ss_cookie_attr_t *a;

    if (!c) {
        return out;
    }
    if (!c->valid) {
        change(out, SS_CHANGE_NONE, NULL, NULL, "cookie-invalid",
               SS_LOG_WARNING,
               apr_psprintf(p, "Set-Cookie passed through unchanged: %s",
                            c->invalid_reason));
        return out;
    }
    if (!rule) {
        rule = &default_rule;
    }
    name = c->name;
    known = pub && !pub->is_null;
    https = ss_origin_is_secure(pub);

    /* -- name prefix ---------------------------------------------------- */
    if (rule->host_prefix && !has_prefix_ci(name, "__Host-") && *name) {
        if (known && !https) {
            change(out, SS_CHANGE_NONE, NULL, NULL, "cookie-prefix-violation",
                   SS_LOG_ERR,
                   apr_psprintf(p,
                                "cookie \"%s\": HostPrefix needs an https "
                                "origin (%s is not): name left unchanged",
                                name, ss_origin_str(p, pub)));
        } else {
            const char *to = apr_pstrcat(p, "__Host-", name, NULL);
            change(out, SS_CHANGE_RENAME, NULL, to, "cookie-prefix-violation",
                   SS_LOG_INFO,
                   MSG(p,
                       "cookie \"%s\": renamed to \"%s\" "
                       "(HostPrefix)",
                       name, to));
            host_prefix = 1;
        }
    }
    is_host = host_prefix || has_prefix_ci(name, "__Host-");
    if (is_host || has_prefix_ci(name, "__Secure-")) {
        need_secure = 1;
        why_secure = "cookie-prefix-violation";
        backend_bug = !host_prefix;
    }

    /* -- SameSite ------------------------------------------------------- */
    cur = ss_cookie_samesite(c);
    switch (rule->mode) {
    case SS_MODE_STRICT:
        want = SS_SAMESITE_STRICT;
        break;
    case SS_MODE_LAX:
        want = SS_SAMESITE_LAX;
        break;
    case SS_MODE_NONE:
        want = SS_SAMESITE_NONE;
        break;
    case SS_MODE_KEEP:
        want = cur;
        break;
    default:
        want = t ? t->samesite : SS_SAMESITE_LAX;
        /* Strict and Lax both work unless a frontend is cross-site
         * (SPEC 1): an explicit choice between them is the backend's */
        if (want != SS_SAMESITE_NONE
            && (cur == SS_SAMESITE_STRICT || cur == SS_SAMESITE_LAX)) {
            want = cur;
        }
        break;
    }
    if (want == SS_SAMESITE_NONE && known && !https) {
        /* None without Secure is rejected; Secure cannot be set from
         * http.  Keep the cookie working same-site: as safe as possible. */
        ss_samesite_t keep =
            (cur == SS_SAMESITE_STRICT) ? cur : SS_SAMESITE_LAX;
        change(out, SS_CHANGE_NONE, NULL, NULL, "cookie-none-without-secure",
               SS_LOG_ERR,
               apr_psprintf(p,
                            "cookie \"%s\" needs SameSite=None for "
                            "cross-site use, but %s is plain http and "
                            "cannot set Secure: kept SameSite=%s",
                            name, ss_origin_str(p, pub),
                            ss_samesite_name(keep)));
        want = keep;
        http_downgrade = 1;
    }
    if (want == SS_SAMESITE_NONE && ctx && ctx->omit_none) {
        if (cur != SS_SAMESITE_UNSET) {
            change(out, SS_CHANGE_REMOVE, "SameSite", NULL,
                   "cookie-samesite-none-incompatible-ua", SS_LOG_INFO,
                   apr_psprintf(p,
                                "cookie \"%s\": SameSite omitted for a "
                                "user agent that mishandles None",
                                name));
        }
        need_secure = 1;
        why_secure = "cookie-none-without-secure";
    } else if (want != cur && want != SS_SAMESITE_UNSET
               && want != SS_SAMESITE_INVALID) {
        const char *id;
        if (http_downgrade && cur == SS_SAMESITE_NONE) {
            /* None cannot work on plain http: already reported above */
            id = "cookie-none-without-secure";
        } else if (want == SS_SAMESITE_NONE) {
            id = "cookie-samesite-too-strict";
        } else if (cur == SS_SAMESITE_UNSET || cur == SS_SAMESITE_INVALID) {
            id = "cookie-missing-samesite";
        } else if (cur == SS_SAMESITE_NONE || want == SS_SAMESITE_STRICT) {
            id = "cookie-samesite-too-loose";
        } else {
            id = "cookie-samesite-too-strict";
        }
        change(out, SS_CHANGE_SET, "SameSite", ss_samesite_name(want), id,
               SS_LOG_INFO,
               MSG(p,
                   "cookie \"%s\": SameSite=%s -> %s (%s "
                   "topology)",
                   name,
                   ss_samesite_name(cur) ? ss_samesite_name(cur) : "unset",
                   ss_samesite_name(want), t ? ss_class_name(t->worst) : "no"));
    }
    if (want == SS_SAMESITE_NONE) {
        need_secure = 1;
        why_secure = "cookie-none-without-secure";
        backend_bug |= cur == SS_SAMESITE_NONE;
    }

    /* -- Partitioned (decided before Secure: it needs Secure) ---------- */
    has_part = ss_cookie_has(c, "Partitioned");
    if (rule->partitioned != SS_TRI_UNSET) {
        want_part = rule->partitioned == SS_TRI_ON;
    } else if (rule->mode == SS_MODE_AUTO && want == SS_SAMESITE_NONE && t
               && t->worst == SS_CLASS_CROSS_SITE && ctx
               && ctx->request_class == SS_CLASS_CROSS_SITE
               && ctx->request_from_frontend) {
        /* Set in a cross-site context from a declared frontend: the
         * browser keys it to the frontend's partition anyway, and only a
         * partitioned cookie survives third-party blocking (SPEC 6). */
        want_part = 1;
    } else {
        want_part = has_part;
    }
    if (want_part && known && !https) {
        if (rule->partitioned == SS_TRI_ON || has_part) {
            change(out, SS_CHANGE_NONE, NULL, NULL,
                   "cookie-partitioned-without-secure", SS_LOG_ERR,
                   apr_psprintf(p,
                                "cookie \"%s\": Partitioned needs Secure, "
                                "impossible on %s",
                                name, ss_origin_str(p, pub)));
        }
        want_part = has_part;
    }
    if (want_part) {
        need_secure = 1;
        backend_bug |= has_part;
        if (!why_secure) {
            why_secure = "cookie-partitioned-without-secure";
        }
    }

    /* -- Secure --------------------------------------------------------- */
    has_secure = ss_cookie_has(c, "Secure");
    if (rule->secure == SS_TRI_ON) {
        want_secure = 1;
    } else if (rule->secure == SS_TRI_OFF) {
        want_secure = need_secure;
        if (need_secure) {
            change(out, SS_CHANGE_NONE, NULL, NULL, why_secure, SS_LOG_WARNING,
                   apr_psprintf(p,
                                "cookie \"%s\": -Secure ignored, the "
                                "browser requires Secure here",
                                name));
        }
    } else {
        want_secure = has_secure || need_secure || https;
    }
    if (want_secure && !has_secure) {
        if (known && !https) {
            if (need_secure || rule->secure == SS_TRI_ON) {
                change(out, SS_CHANGE_NONE, NULL, NULL,
                       need_secure ? why_secure : "cookie-secure-on-http",
                       SS_LOG_ERR,
                       apr_psprintf(p,
                                    "cookie \"%s\" needs Secure, which %s "
                                    "(plain http) cannot set: the browser "
                                    "would drop it",
                                    name, ss_origin_str(p, pub)));
            }
        } else {
            /* a warning only when the backend's own attributes needed
             * it; Secure that follows from our SameSite=None is routine */
            change(out, SS_CHANGE_SET, "Secure", NULL,
                   why_secure ? why_secure : "cookie-missing-secure",
                   backend_bug ? SS_LOG_WARNING : SS_LOG_INFO,
                   backend_bug
                       ? apr_psprintf(p,
                                      "cookie \"%s\": Secure added (the "
                                      "browser rejects it without)",
                                      name)
                       : MSG(p, "cookie \"%s\": Secure added", name));
        }
    } else if (!want_secure && has_secure) {
        change(out, SS_CHANGE_REMOVE, "Secure", NULL, "cookie-secure-on-http",
               SS_LOG_INFO,
               MSG(p, "cookie \"%s\": Secure removed (-Secure)", name));
    }
    if (has_secure && known && !https && rule->secure != SS_TRI_OFF) {
        change(out, SS_CHANGE_NONE, NULL, NULL, "cookie-secure-on-http",
               SS_LOG_ERR,
               apr_psprintf(p,
                            "cookie \"%s\" is Secure but %s is plain http: "
                            "the browser drops it",
                            name, ss_origin_str(p, pub)));
    }

    /* -- HttpOnly ------------------------------------------------------- */
    if (rule->httponly == SS_TRI_ON && !ss_cookie_has(c, "HttpOnly")) {
        change(out, SS_CHANGE_SET, "HttpOnly", NULL, "cookie-missing-httponly",
               SS_LOG_INFO, MSG(p, "cookie \"%s\": HttpOnly added", name));
    } else if (rule->httponly == SS_TRI_OFF && ss_cookie_has(c, "HttpOnly")) {
        change(out, SS_CHANGE_REMOVE, "HttpOnly", NULL,
               "cookie-missing-httponly", SS_LOG_INFO,
               MSG(p, "cookie \"%s\": HttpOnly removed (-HttpOnly)", name));
    }

    /* -- Partitioned, applied ------------------------------------------ */
    if (want_part && !has_part && (https || !known)) {
        change(out, SS_CHANGE_SET, "Partitioned", NULL,
               "cookie-third-party-dependence", SS_LOG_INFO,
               MSG(p,
                   "cookie \"%s\": Partitioned added (set in a "
                   "cross-site context; unpartitioned third-party "
                   "cookies are blocked)",
                   name));
    } else if (!want_part && has_part) {
        change(out, SS_CHANGE_REMOVE, "Partitioned", NULL,
               "cookie-third-party-dependence", SS_LOG_INFO,
               MSG(p,
                   "cookie \"%s\": Partitioned removed "
                   "(-Partitioned)",
                   name));
    }

    /* -- __Host-: Path=/ and no Domain ---------------------------------- */
    if (is_host && (https || !known)) {
        a = ss_cookie_attr_get(c, "Path");
        if (!a || !a->value || strcmp(a->value, "/")) {
            change(out, SS_CHANGE_SET, "Path", "/", "cookie-prefix-violation",
                   host_prefix ? SS_LOG_INFO : SS_LOG_WARNING,
                   apr_psprintf(p, "cookie \"%s\": __Host- requires Path=/",
                                name));
        }
        if (ss_cookie_has(c, "Domain")) {
            change(
                out, SS_CHANGE_REMOVE, "Domain", NULL,
                "cookie-prefix-violation",
                host_prefix ? SS_LOG_INFO : SS_LOG_WARNING,
                apr_psprintf(p, "cookie \"%s\": __Host- forbids Domain", name));
        }
        return out;
    }

    /* -- Domain ---------------------------------------------------------- */
    a = ss_cookie_attr_get(c, "Domain");
    if (a && a->value && *a->value && known) {
        const char *d = a->value[0] == '.' ? a->value + 1 : a->value;
        ss_origin_err_t err;
        const char *nd = ss_host_normalise(p, d, &err);
        if (nd && strcmp(nd, pub->host)
            && ss_psl_is_public_suffix(ctx->psl, nd)) {
            change(out, SS_CHANGE_REMOVE, "Domain", NULL,
                   "cookie-domain-public-suffix", SS_LOG_WARNING,
                   apr_psprintf(p,
                                "cookie \"%s\": Domain=%s is a public "
                                "suffix, the browser would reject the cookie: "
                                "Domain removed (host-only)",
                                name, d));
        } else if (!nd || !ss_domain_match(pub->host, nd)) {
            change(out, SS_CHANGE_REMOVE, "Domain", NULL,
                   "cookie-domain-mismatch", SS_LOG_WARNING,
                   apr_psprintf(p,
                                "cookie \"%s\": Domain=%s does not cover "
                                "%s, the browser would reject the cookie: "
                                "Domain removed (host-only)",
                                name, d, pub->host));
        }
    }
    return out;
}

void
ss_cookie_apply(ss_cookie_t *c, const apr_array_header_t *changes)
{
    int i;
    if (!c || !changes || !c->valid) {
        return;
    }
    for (i = 0; i < changes->nelts; i++) {
        const ss_cookie_change_t *ch =
            &APR_ARRAY_IDX(changes, i, ss_cookie_change_t);
        switch (ch->op) {
        case SS_CHANGE_SET:
            ss_cookie_attr_set(c, ch->attr, ch->value);
            break;
        case SS_CHANGE_REMOVE:
            ss_cookie_attr_remove(c, ch->attr);
            break;
        case SS_CHANGE_RENAME:
            ss_cookie_rename(c, ch->value);
            break;
        default:
            break;
        }
    }
}

ss_cookie_t *
ss_cookie_legacy_twin(apr_pool_t *p, const ss_cookie_t *c)
{
    ss_cookie_t *twin;
    if (!c || !c->valid || !*c->name
        || ss_cookie_samesite(c) != SS_SAMESITE_NONE) {
        return NULL;
    }
    twin = ss_cookie_parse(p, ss_cookie_str(p, c));
    ss_cookie_rename(twin, apr_pstrcat(p, c->name, SS_LEGACY_SUFFIX, NULL));
    ss_cookie_attr_remove(twin, "SameSite");
    ss_cookie_attr_remove(twin, "Partitioned");
    return twin;
}

/* The name the backend gave a cookie whose browser name is n, when n is
 * the __Host- form that a HostPrefix rule made of it; else NULL. */
static const char *
host_prefix_origin(const apr_array_header_t *rules, const char *n)
{
    const ss_cookie_rule_t *rule;
    if (!has_prefix_ci(n, "__Host-") || !n[7]) {
        return NULL;
    }
    rule = ss_cookie_rule_find(rules, n + 7);
    return rule && rule->host_prefix ? n + 7 : NULL;
}

static int
is_twin(int legacy_duplicate, const char *n)
{
    const size_t sl = sizeof(SS_LEGACY_SUFFIX) - 1;
    size_t len = strlen(n);
    return legacy_duplicate && len > sl
           && !strcmp(n + len - sl, SS_LEGACY_SUFFIX);
}

/* n is among the first `upto` names (upto < 0: all of them). */
static int
name_in_first(const apr_array_header_t *names, const char *n, int upto)
{
    int i;
    for (i = 0; i < names->nelts && (upto < 0 || i < upto); i++) {
        if (!strcmp(APR_ARRAY_IDX(names, i, const char *), n)) {
            return 1;
        }
    }
    return 0;
}

/* One rename for the backend; `to` is a name the backend now sees. */
static void
push_map(apr_array_header_t *maps, apr_array_header_t *present,
         const char *from, const char *to, int only_if_missing,
         const char *rule_id)
{
    ss_cookie_map_t *m = apr_array_push(maps);
    m->from = from;
    m->to = to;
    m->only_if_missing = only_if_missing;
    m->rule_id = rule_id;
    APR_ARRAY_PUSH(present, const char *) = to;
}

apr_array_header_t *
ss_cookie_request_maps(apr_pool_t *p, const apr_array_header_t *rules,
                       int legacy_duplicate, const apr_array_header_t *names)
{
    apr_array_header_t *maps = apr_array_make(p, 2, sizeof(ss_cookie_map_t));
    apr_array_header_t *present; /* names the backend will see */
    const size_t sl = sizeof(SS_LEGACY_SUFFIX) - 1;
    int i;

    if (!names || !names->nelts) {
        return maps;
    }
    present = apr_array_copy(p, names);
    /* the real cookies first: a legacy twin only fills a gap they leave */
    for (i = 0; i < names->nelts; i++) {
        const char *n = APR_ARRAY_IDX(names, i, const char *);
        const char *to =
            is_twin(legacy_duplicate, n) || name_in_first(names, n, i)
                ? NULL
                : host_prefix_origin(rules, n);
        if (to) {
            push_map(maps, present, n, to, 0, "cookie-prefix-violation");
        }
    }
    for (i = 0; legacy_duplicate && i < names->nelts; i++) {
        const char *n = APR_ARRAY_IDX(names, i, const char *);
        const char *real, *to;
        if (!is_twin(legacy_duplicate, n)) {
            continue;
        }
        /* the name of the cookie the twin was copied from */
        real = apr_pstrmemdup(p, n, strlen(n) - sl);
        to = host_prefix_origin(rules, real);
        if (!to) {
            to = real;
        }
        if (name_in_first(names, n, i) || name_in_first(present, real, -1)
            || name_in_first(present, to, -1)) {
            /* sent twice, or the real cookie wins (the twin stays,
             * harmless) */
            continue;
        }
        push_map(maps, present, n, to, 1, "cookie-legacy-duplicate");
    }
    return maps;
}
