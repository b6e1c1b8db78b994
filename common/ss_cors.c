/* ss_cors.c -- the CORS decision (Fetch standard, "CORS protocol").
 *
 * Credentials mode only.  The browser's CORS check compares
 * Access-Control-Allow-Origin byte for byte with its serialised origin and
 * refuses "*" when credentials are included, so we echo exactly the
 * canonical origin of an allowlisted frontend and nothing else.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "ss_cors.h"
#include "ss_topology.h"
#include "ss_request.h"

const char *const ss_cors_response_headers[] = {
    "Access-Control-Allow-Origin",          "Access-Control-Allow-Credentials",
    "Access-Control-Allow-Methods",         "Access-Control-Allow-Headers",
    "Access-Control-Expose-Headers",        "Access-Control-Max-Age",
    "Access-Control-Allow-Private-Network", NULL
};

int
ss_cors_is_response_header(const char *name)
{
    int i;
    for (i = 0; name && ss_cors_response_headers[i]; i++) {
        if (!strcasecmp(name, ss_cors_response_headers[i])) {
            return 1;
        }
    }
    return 0;
}

const char *
ss_cors_result_name(ss_cors_result_t r)
{
    switch (r) {
    case SS_CORS_SAME_ORIGIN:
        return "same-origin";
    case SS_CORS_ALLOWED:
        return "allowed";
    case SS_CORS_DENIED:
        return "denied";
    case SS_CORS_PREFLIGHT:
        return "preflight";
    case SS_CORS_PREFLIGHT_DENIED:
        return "preflight-denied";
    default:
        return "not-cors";
    }
}

static int
is_tchar(int c)
{
    return apr_isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* Iterate the tokens of a comma/space separated list. */
static const char *
next_token(const char **s, size_t *len)
{
    const char *p = *s, *start;
    while (*p == ',' || *p == ' ' || *p == '\t') {
        p++;
    }
    if (!*p) {
        *s = p;
        return NULL;
    }
    start = p;
    while (*p && *p != ',' && *p != ' ' && *p != '\t') {
        p++;
    }
    *len = (size_t)(p - start);
    *s = p;
    return start;
}

int
ss_header_has_token(const char *value, const char *token)
{
    const char *s = value, *t;
    size_t len, tl;
    if (!value || !token) {
        return 0;
    }
    tl = strlen(token);
    while ((t = next_token(&s, &len))) {
        if (len == tl && !strncasecmp(t, token, tl)) {
            return 1;
        }
    }
    return 0;
}

const char *
ss_header_token_merge(apr_pool_t *p, const char *value, const char *token)
{
    const char *s;
    if (!value) {
        return token;
    }
    for (s = value; *s == ' ' || *s == '\t'; s++)
        ;
    if (!*s) {
        return token;
    }
    if (ss_header_has_token(value, token) || ss_header_has_token(value, "*")) {
        return value;
    }
    return apr_pstrcat(p, value, ", ", token, NULL);
}

ss_cors_list_kind_t
ss_cors_list_kind(const char *directive)
{
    if (directive && !strcasecmp(directive, "SameSiteCORSAllowMethods")) {
        return SS_CORS_LIST_METHODS;
    }
    if (directive && !strcasecmp(directive, "SameSiteCORSExposeHeaders")) {
        return SS_CORS_LIST_EXPOSE;
    }
    return SS_CORS_LIST_HEADERS;
}

const char *
ss_cors_expose_forbidden(apr_pool_t *p, const char *value)
{
    /* Fetch: a CORS-filtered response never includes a forbidden
     * response-header name, whatever Access-Control-Expose-Headers says */
    static const char *const forbidden[] = { "Set-Cookie", "Set-Cookie2",
                                             NULL };
    const char *s = value, *t;
    size_t len;
    int i;
    if (!value) {
        return NULL;
    }
    while ((t = next_token(&s, &len))) {
        for (i = 0; forbidden[i]; i++) {
            if (len == strlen(forbidden[i])
                && !strncasecmp(t, forbidden[i], len)) {
                return apr_pstrmemdup(p, t, len);
            }
        }
    }
    return NULL;
}

const char *
ss_cors_list_check(const char **out, apr_pool_t *p, const char *list,
                   ss_cors_list_kind_t kind)
{
    int methods = kind == SS_CORS_LIST_METHODS;
    const char *bad;
    const char *s = list, *t, *res = NULL;
    size_t len, i;

    *out = NULL;
    if (!list) {
        return "empty list";
    }
    while ((t = next_token(&s, &len))) {
        if (len == 1 && *t == '*') {
            return "\"*\" is taken literally by browsers when credentials "
                   "are allowed: list the names";
        }
        for (i = 0; i < len; i++) {
            if (!is_tchar((unsigned char)t[i])) {
                return apr_psprintf(p, "'%s' is not a valid %s name",
                                    apr_pstrmemdup(p, t, len),
                                    methods ? "method" : "header");
            }
        }
        res = res ? apr_pstrcat(p, res, ", ", apr_pstrmemdup(p, t, len), NULL)
                  : apr_pstrmemdup(p, t, len);
    }
    if (!res) {
        return "empty list";
    }
    if (kind == SS_CORS_LIST_EXPOSE
        && (bad = ss_cors_expose_forbidden(p, res))) {
        return apr_psprintf(p,
                            "%s is never exposed to scripts (a forbidden "
                            "response header name in the Fetch standard): "
                            "the browser stores the cookie, the page cannot "
                            "read it (samesite-lint --explain "
                            "cors-expose-set-cookie)",
                            bad);
    }
    *out = res;
    return NULL;
}

static void
add_header(ss_cors_decision_t *d, const char *name, const char *value)
{
    ss_header_t *h = apr_array_push(d->headers);
    h->name = name;
    h->value = value;
}

/* CORS-safelisted methods need no Allow-Methods entry (Fetch). */
static int
method_allowed(const ss_cors_policy_t *pol, const char *m)
{
    if (!strcmp(m, "GET") || !strcmp(m, "HEAD") || !strcmp(m, "POST")) {
        return 1;
    }
    return ss_header_has_token(
        pol->allow_methods ? pol->allow_methods : SS_CORS_DEFAULT_METHODS, m);
}

ss_cors_decision_t *
ss_cors_decide(apr_pool_t *p, const ss_cors_policy_t *pol, const char *method,
               const char *origin, const char *acr_method,
               const char *acr_headers, const char *acr_private_network)
{
    ss_request_info_t ri;
    ss_request_info_init(&ri, p, method, origin, NULL, NULL);
    return ss_cors_decide_request(p, pol, &ri, acr_method, acr_headers,
                                  acr_private_network);
}

/* The Origin, parsed (ri may have done it once for the request) and
 * byte for byte the serialisation a browser sends, into d->origin; 0
 * and d->reason when it is not. */
static int
cors_origin(ss_cors_decision_t *d, apr_pool_t *p, const ss_request_info_t *ri)
{
    const ss_origin_t *o;
    ss_origin_err_t err;
    if (ri->origin_parsed) {
        o = ri->origin_o;
        err = ri->origin_err;
    } else {
        ss_origin_t *po = NULL;
        err = ss_origin_parse(&po, p, ri->origin);
        o = po;
    }
    if (!o) {
        /* Never echo: the raw value may carry CR/LF or markup. */
        d->reason = apr_psprintf(p, "malformed Origin header (%s)",
                                 ss_origin_strerror(err));
        return 0;
    }
    if (!ss_origin_is_serialisation(o, ri->origin)) {
        d->reason = apr_psprintf(p,
                                 "Origin is not in the form a browser "
                                 "sends (expected %s)",
                                 ss_origin_str(p, o));
        return 0;
    }
    d->origin = o;
    return 1;
}

/* A request from a declared frontend that needs no preflight. */
static void
cors_allow(ss_cors_decision_t *d, const ss_cors_policy_t *pol,
           const char *canon)
{
    d->result = SS_CORS_ALLOWED;
    d->rule_id = NULL;
    d->reason =
        "the Origin is a declared frontend"; /* hot path: no formatting */
    add_header(d, "Access-Control-Allow-Origin", canon);
    add_header(d, "Access-Control-Allow-Credentials", "true");
    if (pol->expose_headers) {
        add_header(d, "Access-Control-Expose-Headers", pol->expose_headers);
    }
}

/* A preflight refused by the policy: why, under cors-preflight-blocked. */
static int
preflight_blocked(ss_cors_decision_t *d, const char *reason)
{
    d->rule_id = "cors-preflight-blocked";
    d->reason = reason;
    return 1;
}

/* The requested method and every requested header must be allowed: 1
 * and d's reason when one is not.  *req_headers gets the requested
 * headers as a list. */
static int
preflight_refused(ss_cors_decision_t *d, apr_pool_t *p,
                  const ss_cors_policy_t *pol, const char *acr_method,
                  const char *acr_headers, const char **req_headers)
{
    const char *s = acr_headers, *t;
    size_t i, len = strlen(acr_method);
    for (i = 0; i < len; i++) {
        if (!is_tchar((unsigned char)acr_method[i])) {
            break;
        }
    }
    if (len == 0 || i < len) {
        return preflight_blocked(d, "malformed Access-Control-Request-Method");
    }
    if (!method_allowed(pol, acr_method)) {
        return preflight_blocked(
            d, apr_psprintf(p, "method %s is not in SameSiteCORSAllowMethods",
                            acr_method));
    }
    if (!acr_headers || !*acr_headers) {
        return 0;
    }
    if (ss_cors_list_check(req_headers, p, acr_headers, SS_CORS_LIST_HEADERS)) {
        return preflight_blocked(d, "malformed Access-Control-Request-Headers");
    }
    while (pol->allow_headers && (t = next_token(&s, &len))) {
        const char *h = apr_pstrmemdup(p, t, len);
        if (!ss_header_has_token(pol->allow_headers, h)) {
            return preflight_blocked(d,
                                     apr_psprintf(p,
                                                  "request header %s is not in "
                                                  "SameSiteCORSAllowHeaders",
                                                  h));
        }
    }
    return 0;
}

/* The answer to an allowed preflight. */
static void
preflight_allow(ss_cors_decision_t *d, apr_pool_t *p,
                const ss_cors_policy_t *pol, const char *canon,
                const char *acr_method, const char *req_headers,
                const char *acr_private_network)
{
    d->result = SS_CORS_PREFLIGHT;
    d->rule_id = NULL;
    d->reason = apr_psprintf(p, "preflight from declared frontend %s for %s",
                             canon, acr_method);
    add_header(d, "Access-Control-Allow-Origin", canon);
    add_header(d, "Access-Control-Allow-Credentials", "true");
    add_header(d, "Access-Control-Allow-Methods",
               pol->allow_methods ? pol->allow_methods
                                  : SS_CORS_DEFAULT_METHODS);
    if (req_headers) {
        add_header(d, "Access-Control-Allow-Headers",
                   pol->allow_headers ? pol->allow_headers : req_headers);
    }
    add_header(d, "Access-Control-Max-Age",
               apr_itoa(p, pol->max_age >= 0 ? pol->max_age
                                             : SS_CORS_DEFAULT_MAX_AGE));
    if (pol->private_network && acr_private_network
        && !strcasecmp(acr_private_network, "true")) {
        add_header(d, "Access-Control-Allow-Private-Network", "true");
    }
}

ss_cors_decision_t *
ss_cors_decide_request(apr_pool_t *p, const ss_cors_policy_t *pol,
                       const ss_request_info_t *ri, const char *acr_method,
                       const char *acr_headers, const char *acr_private_network)
{
    ss_cors_decision_t *d = apr_pcalloc(p, sizeof(*d));
    const char *method = ri->method, *origin = ri->origin;
    int preflight = method && !strcmp(method, "OPTIONS") && acr_method;
    const char *canon, *req_headers = NULL;

    d->headers = apr_array_make(p, 6, sizeof(ss_header_t));
    d->vary = "Origin";
    if (!origin) {
        d->result = SS_CORS_NOT_CORS;
        return d;
    }
    d->result = preflight ? SS_CORS_PREFLIGHT_DENIED : SS_CORS_DENIED;
    d->rule_id = "cors-origin-denied";
    if (!cors_origin(d, p, ri)) {
        return d;
    }
    /* byte for byte our own serialisation: safe to echo */
    canon = origin;
    if (pol && ss_origin_equal(d->origin, pol->public_origin)) {
        d->result = SS_CORS_SAME_ORIGIN;
        d->rule_id = NULL;
        d->reason = "same-origin request: no CORS needed";
        return d;
    }
    if (!pol || !ss_patterns_match(pol->frontends, d->origin)) {
        d->reason = apr_psprintf(p, "%s is not a declared frontend", canon);
        return d;
    }
    if (!preflight) {
        cors_allow(d, pol, canon);
    } else if (!preflight_refused(d, p, pol, acr_method, acr_headers,
                                  &req_headers)) {
        preflight_allow(d, p, pol, canon, acr_method, req_headers,
                        acr_private_network);
    }
    return d;
}

const char *
ss_cors_max_age_check(apr_pool_t *p, long max_age)
{
    /* Chromium clamps Access-Control-Max-Age to 2 hours (Firefox to 24):
     * a larger value only misleads whoever reads the configuration. */
    if (max_age <= SS_CORS_DEFAULT_MAX_AGE) {
        return NULL;
    }
    return apr_psprintf(p, "Chromium caps preflight caching at %d seconds",
                        SS_CORS_DEFAULT_MAX_AGE);
}

int
ss_cors_max_age_parse(int *out, const char *arg)
{
    char *end;
    apr_int64_t v;
    if (!arg || !*arg) {
        return -1;
    }
    v = apr_strtoi64(arg, &end, 10);
    if (*end || v < 0 || v > SS_CORS_MAX_MAX_AGE) {
        return -1;
    }
    *out = (int)v;
    return 0;
}

const char *
ss_cors_backend_rule(const ss_cors_decision_t *d, const char *acao, int n_acao,
                     const char *origin)
{
    if (!d || d->result == SS_CORS_NOT_CORS
        || d->result == SS_CORS_SAME_ORIGIN) {
        return NULL;
    }
    /* two values make the browser reject both (Fetch, CORS check) */
    if (n_acao > 1 || (acao && strchr(acao, ','))) {
        return "cors-duplicate-origin";
    }
    if (acao) {
        const char *s = acao;
        while (*s == ' ' || *s == '\t') {
            s++;
        }
        if (s[0] == '*' && (!s[1] || s[1] == ' ' || s[1] == '\t')) {
            /* ignored by browsers on credentialed requests */
            return "cors-wildcard-credentials";
        }
    }
    if (d->result == SS_CORS_DENIED || d->result == SS_CORS_PREFLIGHT_DENIED) {
        if (acao && origin && !strcmp(acao, origin)) {
            return "cors-origin-reflected";
        }
        return d->rule_id ? d->rule_id : "cors-origin-denied";
    }
    /* allowed: ours next to the backend's would be a second value */
    return "cors-duplicate-origin";
}
