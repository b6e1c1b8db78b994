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

/* One cookie's policy, decided in named steps (ss_cookie_policy): what
 * each step learns about the cookie is kept here for the next ones. */
typedef struct {
    apr_pool_t *p;
    apr_array_header_t *out; /* ss_cookie_change_t, in step order */
    const ss_cookie_t *c;
    const ss_cookie_rule_t *rule;
    const ss_cookie_ctx_t *ctx;
    const ss_topology_t *t;
    const ss_origin_t *pub; /* the public origin, or NULL */
    const char *name;
    int known;              /* the public origin is known */
    int https;              /* ... and secure */
    int terse;              /* MSG: applied changes without a message */
    int host_prefix;        /* HostPrefix renames it to __Host- */
    int is_host;            /* a __Host- cookie (renamed or sent so) */
    ss_samesite_t cur;      /* SameSite as sent */
    ss_samesite_t want;     /* SameSite as it leaves */
    int http_downgrade;     /* None impossible on plain http: kept Lax */
    int need_secure;        /* a browser rule requires Secure */
    const char *why_secure; /* ... the catalog id saying which */
    int backend_bug;        /* the backend itself sent what the browser
                           rejects without Secure (a prefix, None,
                           Partitioned): logged loudly when fixed */
    int has_part, want_part;
} policy_t;

#define ADD(st, op, attr, value, id, level, msg)                               \
    change((st)->out, (op), (attr), (value), (id), (level), (msg))

/* HostPrefix renames the cookie to __Host-NAME (https only); __Host- and
 * __Secure- names need Secure (RFC 6265bis 4.1.3, case-insensitive). */
static void
step_prefix(policy_t *st)
{
    apr_pool_t *p = st->p;
    int terse = st->terse;
    if (st->rule->host_prefix && !has_prefix_ci(st->name, "__Host-")
        && *st->name) {
        if (st->known && !st->https) {
            ADD(st, SS_CHANGE_NONE, NULL, NULL, "cookie-prefix-violation",
                SS_LOG_ERR,
                apr_psprintf(p,
                             "cookie \"%s\": HostPrefix needs an https "
                             "origin (%s is not): name left unchanged",
                             st->name, ss_origin_str(p, st->pub)));
        } else {
            const char *to = apr_pstrcat(p, "__Host-", st->name, NULL);
            ADD(st, SS_CHANGE_RENAME, NULL, to, "cookie-prefix-violation",
                SS_LOG_INFO,
                MSG(p, "cookie \"%s\": renamed to \"%s\" (HostPrefix)",
                    st->name, to));
            st->host_prefix = 1;
        }
    }
    st->is_host = st->host_prefix || has_prefix_ci(st->name, "__Host-");
    if (st->is_host || has_prefix_ci(st->name, "__Secure-")) {
        st->need_secure = 1;
        st->why_secure = "cookie-prefix-violation";
        st->backend_bug = !st->host_prefix;
    }
}

/* The SameSite the rule asks for; Auto: the topology's, except that an
 * explicit Strict or Lax of the backend stays unless a frontend is
 * cross-site (SPEC 1: both work then, the choice is the backend's). */
static ss_samesite_t
wanted_samesite(const policy_t *st)
{
    ss_samesite_t want;
    switch (st->rule->mode) {
    case SS_MODE_STRICT:
        return SS_SAMESITE_STRICT;
    case SS_MODE_LAX:
        return SS_SAMESITE_LAX;
    case SS_MODE_NONE:
        return SS_SAMESITE_NONE;
    case SS_MODE_KEEP:
        return st->cur;
    default:
        want = st->t ? st->t->samesite : SS_SAMESITE_LAX;
        if (want != SS_SAMESITE_NONE
            && (st->cur == SS_SAMESITE_STRICT || st->cur == SS_SAMESITE_LAX)) {
            want = st->cur;
        }
        return want;
    }
}

/* Auto never weakens an explicit Strict of the backend (an admin or
 * anti-forgery cookie is Strict on purpose): a cross-site topology would
 * make it None, so it stays Strict and the finding says the frontends
 * will not get it.  SameSiteCookie NAME None forces None. */
static void
step_keep_strict(policy_t *st)
{
    if (st->rule->mode != SS_MODE_AUTO || st->cur != SS_SAMESITE_STRICT
        || st->want != SS_SAMESITE_NONE) {
        return;
    }
    ADD(st, SS_CHANGE_NONE, NULL, NULL, "cookie-samesite-too-strict",
        SS_LOG_WARNING,
        apr_psprintf(st->p,
                     "cookie \"%s\": the backend set SameSite=Strict, "
                     "which the cross-site frontends will not get; Auto "
                     "keeps it (SameSiteCookie %s None forces None)",
                     st->name, st->name));
    st->want = SS_SAMESITE_STRICT;
}

/* None without Secure is rejected and Secure cannot be set from http:
 * keep the cookie working same-site, as safe as possible. */
static void
step_none_on_http(policy_t *st)
{
    ss_samesite_t keep;
    if (st->want != SS_SAMESITE_NONE || !st->known || st->https) {
        return;
    }
    keep = st->cur == SS_SAMESITE_STRICT ? st->cur : SS_SAMESITE_LAX;
    ADD(st, SS_CHANGE_NONE, NULL, NULL, "cookie-none-without-secure",
        SS_LOG_ERR,
        apr_psprintf(st->p,
                     "cookie \"%s\" needs SameSite=None for cross-site use, "
                     "but %s is plain http and cannot set Secure: kept "
                     "SameSite=%s",
                     st->name, ss_origin_str(st->p, st->pub),
                     ss_samesite_name(keep)));
    st->want = keep;
    st->http_downgrade = 1;
}

/* The catalog id of a SameSite change from cur to want. */
static const char *
samesite_change_id(const policy_t *st)
{
    if (st->http_downgrade && st->cur == SS_SAMESITE_NONE) {
        return "cookie-none-without-secure"; /* reported already */
    }
    if (st->want == SS_SAMESITE_NONE) {
        return "cookie-samesite-too-strict";
    }
    if (st->cur == SS_SAMESITE_UNSET || st->cur == SS_SAMESITE_INVALID) {
        return "cookie-missing-samesite";
    }
    if (st->cur == SS_SAMESITE_NONE || st->want == SS_SAMESITE_STRICT) {
        return "cookie-samesite-too-loose";
    }
    return "cookie-samesite-too-strict";
}

/* SameSite: the wanted value set (or, for a user agent that mishandles
 * None, omitted); None needs Secure (RFC 6265bis 5.7 step 15). */
static void
step_samesite(policy_t *st)
{
    apr_pool_t *p = st->p;
    int terse = st->terse;
    st->cur = ss_cookie_samesite(st->c);
    st->want = wanted_samesite(st);
    step_keep_strict(st);
    step_none_on_http(st);
    if (st->want == SS_SAMESITE_NONE && st->ctx && st->ctx->omit_none) {
        if (st->cur != SS_SAMESITE_UNSET) {
            ADD(st, SS_CHANGE_REMOVE, "SameSite", NULL,
                "cookie-samesite-none-incompatible-ua", SS_LOG_INFO,
                apr_psprintf(p,
                             "cookie \"%s\": SameSite omitted for a user "
                             "agent that mishandles None",
                             st->name));
        }
        st->need_secure = 1;
        st->why_secure = "cookie-none-without-secure";
    } else if (st->want != st->cur && st->want != SS_SAMESITE_UNSET
               && st->want != SS_SAMESITE_INVALID) {
        ADD(st, SS_CHANGE_SET, "SameSite", ss_samesite_name(st->want),
            samesite_change_id(st), SS_LOG_INFO,
            MSG(p, "cookie \"%s\": SameSite=%s -> %s (%s topology)", st->name,
                ss_samesite_name(st->cur) ? ss_samesite_name(st->cur) : "unset",
                ss_samesite_name(st->want),
                st->t ? ss_class_name(st->t->worst) : "no"));
    }
    if (st->want == SS_SAMESITE_NONE) {
        st->need_secure = 1;
        st->why_secure = "cookie-none-without-secure";
        st->backend_bug |= st->cur == SS_SAMESITE_NONE;
    }
}

/* Partitioned, decided before Secure (CHIPS: it needs Secure).  Auto adds
 * it when the cookie is set in a cross-site context from a declared
 * frontend: the browser keys it to the frontend's partition anyway, and
 * only a partitioned cookie survives third-party blocking (SPEC 6). */
static void
step_partitioned_decide(policy_t *st)
{
    const ss_cookie_ctx_t *ctx = st->ctx;
    st->has_part = ss_cookie_has(st->c, "Partitioned");
    if (st->rule->partitioned != SS_TRI_UNSET) {
        st->want_part = st->rule->partitioned == SS_TRI_ON;
    } else if (st->rule->mode == SS_MODE_AUTO && st->want == SS_SAMESITE_NONE
               && st->t && st->t->worst == SS_CLASS_CROSS_SITE && ctx
               && ctx->request_class == SS_CLASS_CROSS_SITE
               && ctx->request_from_frontend) {
        st->want_part = 1;
    } else {
        st->want_part = st->has_part;
    }
    if (st->want_part && st->known && !st->https) {
        if (st->rule->partitioned == SS_TRI_ON || st->has_part) {
            ADD(st, SS_CHANGE_NONE, NULL, NULL,
                "cookie-partitioned-without-secure", SS_LOG_ERR,
                apr_psprintf(st->p,
                             "cookie \"%s\": Partitioned needs Secure, "
                             "impossible on %s",
                             st->name, ss_origin_str(st->p, st->pub)));
        }
        st->want_part = st->has_part;
    }
    if (st->want_part) {
        st->need_secure = 1;
        st->backend_bug |= st->has_part;
        if (!st->why_secure) {
            st->why_secure = "cookie-partitioned-without-secure";
        }
    }
}

/* Added when a browser rule needs it (never from http: RFC 6265bis 5.7
 * step 9), when the rule says so or the origin is https; -Secure removes
 * it unless a browser rule needs it. */
static void
step_secure(policy_t *st)
{
    apr_pool_t *p = st->p;
    int terse = st->terse, want_secure;
    int has_secure = ss_cookie_has(st->c, "Secure");
    ss_tri_t rule = st->rule->secure;

    if (rule == SS_TRI_ON) {
        want_secure = 1;
    } else if (rule == SS_TRI_OFF) {
        want_secure = st->need_secure;
        if (st->need_secure) {
            ADD(st, SS_CHANGE_NONE, NULL, NULL, st->why_secure, SS_LOG_WARNING,
                apr_psprintf(p,
                             "cookie \"%s\": -Secure ignored, the browser "
                             "requires Secure here",
                             st->name));
        }
    } else {
        want_secure = has_secure || st->need_secure || st->https;
    }
    if (want_secure && !has_secure) {
        if (st->known && !st->https) {
            if (st->need_secure || rule == SS_TRI_ON) {
                ADD(st, SS_CHANGE_NONE, NULL, NULL,
                    st->need_secure ? st->why_secure : "cookie-secure-on-http",
                    SS_LOG_ERR,
                    apr_psprintf(p,
                                 "cookie \"%s\" needs Secure, which %s "
                                 "(plain http) cannot set: the browser "
                                 "would drop it",
                                 st->name, ss_origin_str(p, st->pub)));
            }
        } else {
            /* a warning only when the backend's own attributes needed
             * it; Secure that follows from our SameSite=None is routine */
            ADD(st, SS_CHANGE_SET, "Secure", NULL,
                st->why_secure ? st->why_secure : "cookie-missing-secure",
                st->backend_bug ? SS_LOG_WARNING : SS_LOG_INFO,
                st->backend_bug
                    ? apr_psprintf(p,
                                   "cookie \"%s\": Secure added (the "
                                   "browser rejects it without)",
                                   st->name)
                    : MSG(p, "cookie \"%s\": Secure added", st->name));
        }
    } else if (!want_secure && has_secure) {
        ADD(st, SS_CHANGE_REMOVE, "Secure", NULL, "cookie-secure-on-http",
            SS_LOG_INFO,
            MSG(p, "cookie \"%s\": Secure removed (-Secure)", st->name));
    }
    if (has_secure && st->known && !st->https && rule != SS_TRI_OFF) {
        ADD(st, SS_CHANGE_NONE, NULL, NULL, "cookie-secure-on-http", SS_LOG_ERR,
            apr_psprintf(p,
                         "cookie \"%s\" is Secure but %s is plain http: the "
                         "browser drops it",
                         st->name, ss_origin_str(p, st->pub)));
    }
}

/* HttpOnly as the rule says (nothing when it says nothing). */
static void
step_httponly(policy_t *st)
{
    apr_pool_t *p = st->p;
    int terse = st->terse, has = ss_cookie_has(st->c, "HttpOnly");
    if (st->rule->httponly == SS_TRI_ON && !has) {
        ADD(st, SS_CHANGE_SET, "HttpOnly", NULL, "cookie-missing-httponly",
            SS_LOG_INFO, MSG(p, "cookie \"%s\": HttpOnly added", st->name));
    } else if (st->rule->httponly == SS_TRI_OFF && has) {
        ADD(st, SS_CHANGE_REMOVE, "HttpOnly", NULL, "cookie-missing-httponly",
            SS_LOG_INFO,
            MSG(p, "cookie \"%s\": HttpOnly removed (-HttpOnly)", st->name));
    }
}

/* Partitioned as decided (added only where Secure can be). */
static void
step_partitioned_apply(policy_t *st)
{
    apr_pool_t *p = st->p;
    int terse = st->terse;
    if (st->want_part && !st->has_part && (st->https || !st->known)) {
        ADD(st, SS_CHANGE_SET, "Partitioned", NULL,
            "cookie-third-party-dependence", SS_LOG_INFO,
            MSG(p,
                "cookie \"%s\": Partitioned added (set in a cross-site "
                "context; unpartitioned third-party cookies are blocked)",
                st->name));
    } else if (!st->want_part && st->has_part) {
        ADD(st, SS_CHANGE_REMOVE, "Partitioned", NULL,
            "cookie-third-party-dependence", SS_LOG_INFO,
            MSG(p, "cookie \"%s\": Partitioned removed (-Partitioned)",
                st->name));
    }
}

/* __Host-: Path=/ and no Domain (RFC 6265bis 4.1.3.2). */
static void
step_host_prefix_attrs(policy_t *st)
{
    const ss_cookie_attr_t *a = ss_cookie_attr_get(st->c, "Path");
    ss_log_level_t level = st->host_prefix ? SS_LOG_INFO : SS_LOG_WARNING;
    if (!a || !a->value || strcmp(a->value, "/")) {
        ADD(st, SS_CHANGE_SET, "Path", "/", "cookie-prefix-violation", level,
            apr_psprintf(st->p, "cookie \"%s\": __Host- requires Path=/",
                         st->name));
    }
    if (ss_cookie_has(st->c, "Domain")) {
        ADD(st, SS_CHANGE_REMOVE, "Domain", NULL, "cookie-prefix-violation",
            level,
            apr_psprintf(st->p, "cookie \"%s\": __Host- forbids Domain",
                         st->name));
    }
}

/* A Domain that is a public suffix, or does not domain-match the host,
 * makes the browser reject the cookie (RFC 6265bis 5.7): removed. */
static void
step_domain(policy_t *st)
{
    const ss_cookie_attr_t *a = ss_cookie_attr_get(st->c, "Domain");
    const char *d, *nd;
    ss_origin_err_t err;

    if (!a || !a->value || !*a->value || !st->known) {
        return;
    }
    d = a->value[0] == '.' ? a->value + 1 : a->value;
    nd = ss_host_normalise(st->p, d, &err);
    if (nd && strcmp(nd, st->pub->host)
        && ss_psl_is_public_suffix(st->ctx->psl, nd)) {
        ADD(st, SS_CHANGE_REMOVE, "Domain", NULL, "cookie-domain-public-suffix",
            SS_LOG_WARNING,
            apr_psprintf(st->p,
                         "cookie \"%s\": Domain=%s is a public suffix, the "
                         "browser would reject the cookie: Domain removed "
                         "(host-only)",
                         st->name, d));
    } else if (!nd || !ss_domain_match(st->pub->host, nd)) {
        ADD(st, SS_CHANGE_REMOVE, "Domain", NULL, "cookie-domain-mismatch",
            SS_LOG_WARNING,
            apr_psprintf(st->p,
                         "cookie \"%s\": Domain=%s does not cover %s, the "
                         "browser would reject the cookie: Domain removed "
                         "(host-only)",
                         st->name, d, st->pub->host));
    }
}

apr_array_header_t *
ss_cookie_policy(apr_pool_t *p, const ss_cookie_t *c,
                 const ss_cookie_rule_t *rule, const ss_cookie_ctx_t *ctx)
{
    policy_t st;

    memset(&st, 0, sizeof(st));
    st.p = p;
    st.out = apr_array_make(p, 4, sizeof(ss_cookie_change_t));
    if (!c) {
        return st.out;
    }
    if (!c->valid) {
        change(st.out, SS_CHANGE_NONE, NULL, NULL, "cookie-invalid",
               SS_LOG_WARNING,
               apr_psprintf(p, "Set-Cookie passed through unchanged: %s",
                            c->invalid_reason));
        return st.out;
    }
    st.c = c;
    st.rule = rule ? rule : &default_rule;
    st.ctx = ctx;
    st.t = ctx ? ctx->topology : NULL;
    st.pub = st.t ? st.t->public_origin : NULL;
    st.name = c->name;
    st.known = st.pub && !st.pub->is_null;
    st.https = ss_origin_is_secure(st.pub);
    st.terse = ctx && ctx->terse;

    step_prefix(&st);
    step_samesite(&st);
    step_partitioned_decide(&st);
    step_secure(&st);
    step_httponly(&st);
    step_partitioned_apply(&st);
    if (st.is_host && (st.https || !st.known)) {
        step_host_prefix_attrs(&st); /* a __Host- cookie has no Domain */
    } else {
        step_domain(&st);
    }
    return st.out;
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

/* Non-zero when NAME's first matching rule has HostPrefix. */
static int
host_prefixed(const apr_array_header_t *rules, const char *name)
{
    const ss_cookie_rule_t *rule = ss_cookie_rule_find(rules, name);
    return *name && rule && rule->host_prefix;
}

/* Non-zero when n, sent by the browser, cannot be the cookie a HostPrefix
 * rule renamed (nor its twin): a plain NAME or NAME-legacy that a sibling
 * subdomain can set with Domain= (cookie tossing), or a case variant of
 * the prefix ("__hOST-NAME": the module only ever sets "__Host-"). */
static int
tossed(const apr_array_header_t *rules, int legacy_duplicate, apr_pool_t *p,
       const char *n)
{
    const size_t sl = sizeof(SS_LEGACY_SUFFIX) - 1;
    const char *base = n;
    if (has_prefix_ci(n, "__Host-")) {
        if (!strncmp(n, "__Host-", 7)) {
            return 0; /* the genuine one (or the backend's own) */
        }
        base = n + 7;
    }
    if (host_prefixed(rules, base)) {
        return 1;
    }
    return is_twin(legacy_duplicate, base)
           && host_prefixed(rules, apr_pstrmemdup(p, base, strlen(base) - sl));
}

apr_array_header_t *
ss_cookie_request_maps(apr_pool_t *p, const apr_array_header_t *rules,
                       int legacy_duplicate, int host_prefix,
                       const apr_array_header_t *names)
{
    apr_array_header_t *maps = apr_array_make(p, 2, sizeof(ss_cookie_map_t));
    apr_array_header_t *present; /* names the backend will see */
    apr_array_header_t *gone;    /* names removed (tossed) */
    const size_t sl = sizeof(SS_LEGACY_SUFFIX) - 1;
    int i;

    if (!names || !names->nelts) {
        return maps;
    }
    present = apr_array_make(p, names->nelts, sizeof(const char *));
    gone = apr_array_make(p, 1, sizeof(const char *));
    /* what a HostPrefix rule's NAME may not come from: removed first */
    for (i = 0; i < names->nelts; i++) {
        const char *n = APR_ARRAY_IDX(names, i, const char *);
        if (name_in_first(gone, n, -1)) {
            continue;
        }
        if (host_prefix && rules && tossed(rules, legacy_duplicate, p, n)) {
            ss_cookie_map_t *m = apr_array_push(maps);
            m->from = n;
            m->to = NULL;
            m->only_if_missing = 0;
            m->rule_id = "cookie-prefix-violation";
            APR_ARRAY_PUSH(gone, const char *) = n;
        } else {
            APR_ARRAY_PUSH(present, const char *) = n;
        }
    }
    /* the real cookies first: a legacy twin only fills a gap they leave */
    for (i = 0; i < names->nelts; i++) {
        const char *n = APR_ARRAY_IDX(names, i, const char *);
        const char *to = is_twin(legacy_duplicate, n)
                                 || name_in_first(names, n, i)
                                 || name_in_first(gone, n, -1)
                             ? NULL
                             : host_prefix_origin(rules, n);
        if (to) {
            push_map(maps, present, n, to, 0, "cookie-prefix-violation");
        }
    }
    for (i = 0; legacy_duplicate && i < names->nelts; i++) {
        const char *n = APR_ARRAY_IDX(names, i, const char *);
        const char *real, *to;
        if (!is_twin(legacy_duplicate, n) || name_in_first(gone, n, -1)) {
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
