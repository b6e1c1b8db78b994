/* ss_settings.c -- one scope's mod_samesite settings: create, merge,
 * effective values, and the one-line description the scope tests compare
 * (see ss_settings.h; the directives themselves are in ss_directive.c). */
#include <string.h>
#include <apr_strings.h>
#include "ss_settings.h"
#include "ss_pattern.h"
#include "ss_policy.h"

ss_settings_t *
ss_settings_create(apr_pool_t *p)
{
    ss_settings_t *s = apr_pcalloc(p, sizeof(*s));
    s->engine = SS_UNSET;
    s->trust_proxy = SS_UNSET;
    s->default_samesite = SS_UNSET;
    s->cors = SS_UNSET;
    s->max_age = SS_UNSET;
    s->private_network = SS_UNSET;
    s->preflight_handle = SS_UNSET;
    s->csrf = SS_UNSET;
    s->websocket = SS_UNSET;
    s->legacy = SS_UNSET;
    return s;
}

#define MERGE_INT(f) n->f = (add->f != SS_UNSET) ? add->f : base->f
#define MERGE_PTR(f) n->f = add->f ? add->f : base->f

/* The startup topology (ss_topology_analyse of the public origin,
 * frontends, list and default) stays valid while those inputs are the
 * very ones it was computed from. */
static const ss_topology_t *
keep_topology(const ss_settings_t *n, const ss_settings_t *from)
{
    if (from->topology && n->public_origin == from->public_origin
        && n->frontends == from->frontends && n->psl == from->psl
        && n->default_samesite == from->default_samesite) {
        return from->topology;
    }
    return NULL;
}

ss_settings_t *
ss_settings_merge(apr_pool_t *p, const ss_settings_t *base,
                  const ss_settings_t *add)
{
    ss_settings_t *n;
    int i;
    if (!base || !add) {
        n = ss_settings_create(p);
        if (base || add) {
            *n = base ? *base : *add;
        }
        return n;
    }
    n = apr_pcalloc(p, sizeof(*n));
    MERGE_INT(engine);
    MERGE_PTR(public_origin);
    MERGE_INT(trust_proxy);
    MERGE_PTR(frontends); /* replaced, never widened */
    MERGE_INT(default_samesite);
    MERGE_INT(cors);
    MERGE_PTR(allow_methods);
    MERGE_PTR(allow_headers);
    MERGE_PTR(expose_headers);
    MERGE_INT(max_age);
    MERGE_INT(private_network);
    MERGE_INT(preflight_handle);
    MERGE_INT(csrf);
    MERGE_INT(websocket);
    MERGE_INT(legacy);
    MERGE_PTR(psl);
    MERGE_PTR(defined_at);
    for (i = 0; i < SS_DIR__COUNT; i++) {
        MERGE_PTR(at[i]); /* follows the directive's value */
    }
    if (add->cookie_rules && base->cookie_rules) {
        /* the inner scope's rules first: first match wins */
        n->cookie_rules =
            apr_array_append(p, add->cookie_rules, base->cookie_rules);
    } else {
        MERGE_PTR(cookie_rules);
    }
    n->topology = keep_topology(n, add);
    if (!n->topology) {
        n->topology = keep_topology(n, base);
    }
    return n;
}

/* ---- effective values ------------------------------------------------- */

#define OR_DEFAULT(v, d) ((v) == SS_UNSET ? (d) : (v))

ss_engine_t
ss_settings_engine(const ss_settings_t *s)
{
    return s ? (ss_engine_t)OR_DEFAULT(s->engine, SS_ENGINE_OFF)
             : SS_ENGINE_OFF;
}

int
ss_settings_trust_proxy(const ss_settings_t *s)
{
    return s && s->trust_proxy == 1;
}

ss_samesite_t
ss_settings_default_samesite(const ss_settings_t *s)
{
    return s ? (ss_samesite_t)OR_DEFAULT(s->default_samesite, SS_SAMESITE_LAX)
             : SS_SAMESITE_LAX;
}

ss_cors_t
ss_settings_cors(const ss_settings_t *s)
{
    return s ? (ss_cors_t)OR_DEFAULT(s->cors, SS_CORS_OFF) : SS_CORS_OFF;
}

int
ss_settings_preflight_handle(const ss_settings_t *s)
{
    return s && s->preflight_handle == 1;
}

ss_csrf_t
ss_settings_csrf(const ss_settings_t *s)
{
    return s ? (ss_csrf_t)OR_DEFAULT(s->csrf, SS_CSRF_OFF) : SS_CSRF_OFF;
}

int
ss_settings_websocket(const ss_settings_t *s)
{
    return s && s->websocket == 1;
}

ss_legacy_t
ss_settings_legacy(const ss_settings_t *s)
{
    return s ? (ss_legacy_t)OR_DEFAULT(s->legacy, SS_LEGACY_OFF)
             : SS_LEGACY_OFF;
}

const ss_psl_t *
ss_settings_psl(const ss_settings_t *s, const ss_psl_t *fallback)
{
    return s && s->psl ? s->psl : fallback;
}

void
ss_settings_cors_policy(ss_cors_policy_t *pol, const ss_settings_t *s,
                        const ss_origin_t *public_origin)
{
    memset(pol, 0, sizeof(*pol));
    pol->public_origin = public_origin;
    pol->max_age = -1;
    if (!s) {
        return;
    }
    pol->frontends = s->frontends;
    pol->allow_methods = s->allow_methods;
    pol->allow_headers = s->allow_headers;
    pol->expose_headers = s->expose_headers;
    pol->max_age = s->max_age == SS_UNSET ? -1 : s->max_age;
    pol->private_network = s->private_network == 1;
    pol->public_cors = s->cors == SS_CORS_PUBLIC;
}

/* ---- description -------------------------------------------------------- */

/* A cookie rule as SameSiteCookie would write it, canonical words. */
static const char *
rule_words(apr_pool_t *p, const ss_cookie_rule_t *r)
{
    static const char *const modes[] = { "Auto", "Auto", "Strict",
                                         "Lax",  "None", "Keep" };
    static const char *const flags[][2] = { { "-HttpOnly", "HttpOnly" },
                                            { "-Secure", "Secure" },
                                            { "-Partitioned", "Partitioned" } };
    ss_tri_t tri[3];
    const char *out = apr_pstrcat(p, r->glob, " ", modes[r->mode], NULL);
    int i;
    tri[0] = r->httponly;
    tri[1] = r->secure;
    tri[2] = r->partitioned;
    for (i = 0; i < 3; i++) {
        if (tri[i] != SS_TRI_UNSET) {
            out = apr_pstrcat(p, out, " ", flags[i][tri[i] == SS_TRI_ON], NULL);
        }
    }
    return r->host_prefix ? apr_pstrcat(p, out, " HostPrefix", NULL) : out;
}

static const char *
list_words(apr_pool_t *p, const apr_array_header_t *a, int rules)
{
    const char *out = NULL, *w;
    int i;
    for (i = 0; a && i < a->nelts; i++) {
        w = rules ? rule_words(p, APR_ARRAY_IDX(a, i, ss_cookie_rule_t *))
                  : APR_ARRAY_IDX(a, i, ss_pattern_t *)->text;
        out = out ? apr_pstrcat(p, out, ", ", w, NULL) : w;
    }
    return out ? out : "none";
}

/* The keyword of an int setting, its default when unset. */
static const char *
word(apr_pool_t *p, int id, int value, int dflt)
{
    return ss_directive_word(p, id, value == SS_UNSET ? dflt : value);
}

const char *
ss_settings_describe(apr_pool_t *p, const ss_settings_t *s)
{
    const ss_settings_t *d = s ? s : ss_settings_create(p);
    return apr_pstrcat(
        p, "engine=", word(p, SS_DIR_ENGINE, d->engine, SS_ENGINE_OFF),
        "; public-origin=",
        d->public_origin ? ss_origin_str(p, d->public_origin) : "request",
        "; trust-proxy=", word(p, SS_DIR_TRUST_PROXY, d->trust_proxy, 0),
        "; frontends=", list_words(p, d->frontends, 0),
        "; cookies=", list_words(p, d->cookie_rules, 1), "; default=",
        word(p, SS_DIR_DEFAULT, d->default_samesite, SS_SAMESITE_LAX),
        "; cors=", word(p, SS_DIR_CORS, d->cors, SS_CORS_OFF),
        "; allow-methods=",
        d->allow_methods ? d->allow_methods : SS_CORS_DEFAULT_METHODS,
        "; allow-headers=", d->allow_headers ? d->allow_headers : "requested",
        "; expose-headers=", d->expose_headers ? d->expose_headers : "none",
        "; max-age=",
        apr_itoa(p,
                 d->max_age == SS_UNSET ? SS_CORS_DEFAULT_MAX_AGE : d->max_age),
        "; private-network=",
        word(p, SS_DIR_CORS_PRIVATE_NETWORK, d->private_network, 0),
        "; preflight=", word(p, SS_DIR_PREFLIGHT, d->preflight_handle, 0),
        "; csrf=", word(p, SS_DIR_CSRF, d->csrf, SS_CSRF_OFF),
        "; websocket=", word(p, SS_DIR_WEBSOCKET, d->websocket, 0),
        "; legacy=", word(p, SS_DIR_LEGACY_CLIENTS, d->legacy, SS_LEGACY_OFF),
        "; psl=", d->psl ? ss_psl_source(d->psl) : "system", NULL);
}
