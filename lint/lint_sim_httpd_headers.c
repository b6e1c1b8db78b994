/* lint_sim_httpd_headers.c -- the httpd simulator's response side:
 * the request environment (mod_setenvif), mod_proxy's cookie mapping,
 * mod_headers on its two tables and the response as
 * ap_http_header_filter sends it.
 *
 * mod_headers (modules/metadata/mod_headers.c): the Header directives of
 * the merged scopes in order; `Header always` acts on err_headers_out,
 * `Header [onsuccess]` on headers_out.  A normal response runs both
 * (ap_headers_output_filter); httpd's own error response swaps the
 * tables (ap_send_error_response: headers_out = the old err_headers_out,
 * a fresh err_headers_out) and runs only the `always` list on the fresh
 * one (ap_headers_error_filter).  Actions follow apr_table: set replaces
 * every value with one at the first's place, add appends, append and
 * merge join the first value with ", ", unset removes, edit rewrites each
 * value and adds the results back at the end. */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "lint_sim_httpd.h"
#include "lint_regex.h"
#include "lint_httpd_expr.h"

/* ---- tables ---------------------------------------------------------------- */

void
hs_table_add(apr_pool_t *p, apr_array_header_t *t, const char *name,
             const char *value, const lint_node_t *node)
{
    lint_sim_header_t *h = apr_array_push(t);
    h->name = apr_pstrdup(p, name);
    h->value = apr_pstrdup(p, value ? value : "");
    h->node = node;
}

void
hs_table_unset(apr_array_header_t *t, const char *name)
{
    int i, j = 0;
    lint_sim_header_t *e = (lint_sim_header_t *)t->elts;
    for (i = 0; i < t->nelts; i++) {
        if (strcasecmp(e[i].name, name)) {
            e[j++] = e[i];
        }
    }
    t->nelts = j;
}

const char *
hs_table_get(apr_array_header_t *t, const char *name)
{
    int i;
    for (i = 0; i < t->nelts; i++) {
        const lint_sim_header_t *h = &APR_ARRAY_IDX(t, i, lint_sim_header_t);
        if (!strcasecmp(h->name, name)) {
            return h->value;
        }
    }
    return NULL;
}

/* apr_table_set: the first entry keeps its place with the new value, the
 * others go */
void
hs_table_set(apr_pool_t *p, apr_array_header_t *t, const char *name,
             const char *value, const lint_node_t *node)
{
    int i, j = 0, done = 0;
    lint_sim_header_t *e = (lint_sim_header_t *)t->elts;
    for (i = 0; i < t->nelts; i++) {
        if (strcasecmp(e[i].name, name)) {
            e[j++] = e[i];
        } else if (!done) {
            e[i].value = apr_pstrdup(p, value);
            e[i].node = node;
            e[j++] = e[i];
            done = 1;
        }
    }
    t->nelts = j;
    if (!done) {
        hs_table_add(p, t, name, value, node);
    }
}

/* apr_table_merge: ", value" appended to the first entry */
void
hs_table_merge(apr_pool_t *p, apr_array_header_t *t, const char *name,
               const char *value, const lint_node_t *node)
{
    int i;
    for (i = 0; i < t->nelts; i++) {
        lint_sim_header_t *h = &APR_ARRAY_IDX(t, i, lint_sim_header_t);
        if (!strcasecmp(h->name, name)) {
            h->value = apr_pstrcat(p, h->value, ", ", value, NULL);
            return;
        }
    }
    hs_table_add(p, t, name, value, node);
}

/* ---- mod_setenvif ------------------------------------------------------------ */

/* What SetEnvIf's attribute names: a special name, a request header, else
 * an environment variable set earlier; missing is "" (so ^$ matches) */
static const char *
setenvif_subject(hs_t *x, const char *attr)
{
    const char *v;
    if (!strcasecmp(attr, "Request_Method")) {
        return x->method;
    }
    if (!strcasecmp(attr, "Request_URI")) {
        return x->uri;
    }
    if (!strcasecmp(attr, "Request_Protocol")) {
        return "HTTP/1.1";
    }
    if (!strcasecmp(attr, "Remote_Addr") || !strcasecmp(attr, "Server_Addr")
        || !strcasecmp(attr, "Remote_Host")) {
        return "127.0.0.1";
    }
    v = lint_sim_req_header(x->req, attr);
    if (!v) {
        v = apr_table_get(x->env, attr);
    }
    return v ? v : "";
}

/* VAR, VAR=value ($1..$9 from the match), !VAR */
static void
setenv_args(hs_t *x, const lint_node_t *d, int from,
            const apr_array_header_t *caps)
{
    int i;
    for (i = from; i < lint_nargs(d); i++) {
        const char *a = lint_arg(d, i), *eq = strchr(a, '=');
        if (a[0] == '!') {
            apr_table_unset(x->env, a + 1);
        } else if (eq) {
            const char *v = eq + 1;
            apr_array_header_t *out = apr_array_make(x->p, 16, 1);
            for (; *v; v++) {
                if (*v == '$' && apr_isdigit(v[1])) {
                    int k = *++v - '0';
                    const char *c = caps && k < caps->nelts
                                        ? APR_ARRAY_IDX(caps, k, const char *)
                                        : "";
                    while (*c) {
                        APR_ARRAY_PUSH(out, char) = *c++;
                    }
                } else {
                    APR_ARRAY_PUSH(out, char) = *v;
                }
            }
            APR_ARRAY_PUSH(out, char) = '\0';
            apr_table_set(x->env, apr_pstrmemdup(x->p, a, (apr_size_t)(eq - a)),
                          out->elts);
        } else {
            apr_table_set(x->env, a, "1");
        }
    }
}

static void
setenvif_one(hs_t *x, const lint_node_t *d, void *baton)
{
    (void)baton;
    if ((lint_is(d, "SetEnvIf") || lint_is(d, "SetEnvIfNoCase"))
        && lint_nargs(d) >= 3) {
        const char *subject = setenvif_subject(x, lint_arg(d, 0));
        apr_array_header_t *caps = lint_regex_captures(
            x->p, lint_arg(d, 1), lint_is(d, "SetEnvIfNoCase"), subject);
        if (caps) {
            setenv_args(x, d, 2, caps);
        }
    } else if ((lint_is(d, "BrowserMatch") || lint_is(d, "BrowserMatchNoCase"))
               && lint_nargs(d) >= 2) {
        const char *ua = lint_sim_req_header(x->req, "User-Agent");
        apr_array_header_t *caps =
            lint_regex_captures(x->p, lint_arg(d, 0),
                                lint_is(d, "BrowserMatchNoCase"), ua ? ua : "");
        if (caps) {
            setenv_args(x, d, 1, caps);
        }
    } else if (lint_is(d, "SetEnvIfExpr") && lint_nargs(d) >= 2) {
        if (hs_expr(x, d, lint_arg(d, 0)) == 1) {
            setenv_args(x, d, 1, x->caps);
        }
    } else if (lint_is(d, "SetEnv") && lint_nargs(d) >= 1) {
        /* mod_env: at fixup time, but before the response headers */
        apr_table_set(x->env, lint_arg(d, 0),
                      lint_nargs(d) >= 2 ? lint_arg(d, 1) : "");
    } else if (lint_is(d, "UnsetEnv") && lint_nargs(d) >= 1) {
        apr_table_unset(x->env, lint_arg(d, 0));
    }
}

void
hs_setenvif(hs_t *x, const lint_node_t *scope)
{
    hs_each_directive(x, scope, setenvif_one, NULL);
}

/* ---- mod_proxy: ProxyPassReverseCookiePath / Domain --------------------------- */

typedef struct {
    apr_array_header_t *paths; /* const lint_node_t * */
    apr_array_header_t *domains;
} hs_cookie_map_t;

static void
cookie_map_scan(hs_t *x, const lint_node_t *d, void *baton)
{
    hs_cookie_map_t *m = baton;
    (void)x;
    if (lint_is(d, "ProxyPassReverseCookiePath") && lint_nargs(d) >= 2) {
        APR_ARRAY_PUSH(m->paths, const lint_node_t *) = d;
    } else if (lint_is(d, "ProxyPassReverseCookieDomain")
               && lint_nargs(d) >= 2) {
        APR_ARRAY_PUSH(m->domains, const lint_node_t *) = d;
    }
}

/* ap_proxy_cookie_reverse_map: the value of path= (domain=) is replaced
 * whole by the public one of the first entry whose internal path is a
 * prefix of it (case-insensitive for domains); the rest stays byte for
 * byte */
static const char *
cookie_reverse_map(hs_t *x, const hs_cookie_map_t *m, const char *str)
{
    const char *tok = str;
    const char *newv[2] = { NULL, NULL };
    size_t off[2] = { 0, 0 }, len[2] = { 0, 0 };
    int k, i;
    while (tok && *tok) {
        const char *end = strchr(tok, ';');
        size_t tl = end ? (size_t)(end - tok) : strlen(tok);
        const char *t = tok;
        while (t < tok + tl && apr_isspace(*t)) {
            t++;
        }
        for (k = 0; k < 2; k++) {
            const char *key = k ? "domain=" : "path=";
            size_t kl = strlen(key);
            const apr_array_header_t *list = k ? m->domains : m->paths;
            if (strncasecmp(t, key, kl)) {
                continue;
            }
            off[k] = (size_t)(t + kl - str);
            len[k] = tl - (size_t)(t + kl - tok);
            for (i = 0; i < list->nelts; i++) {
                const lint_node_t *d =
                    APR_ARRAY_IDX(list, i, const lint_node_t *);
                const char *fake = lint_arg(d, 0);
                size_t fl = strlen(fake);
                if (len[k] >= fl
                    && !(k ? strncasecmp(fake, str + off[k], fl)
                           : strncmp(fake, str + off[k], fl))) {
                    newv[k] = lint_arg(d, 1);
                    break;
                }
            }
        }
        tok = end ? end + 1 : NULL;
    }
    if (!newv[0] && !newv[1]) {
        return str;
    }
    {
        /* replace the later one first so the earlier offset stays */
        char *out = apr_pstrdup(x->p, str);
        int order[2] = { off[0] > off[1] ? 0 : 1, off[0] > off[1] ? 1 : 0 };
        for (i = 0; i < 2; i++) {
            k = order[i];
            if (newv[k]) {
                out = apr_pstrcat(x->p, apr_pstrmemdup(x->p, out, off[k]),
                                  newv[k], out + off[k] + len[k], NULL);
            }
        }
        return out;
    }
}

/* mod_proxy_http: the backend's Set-Cookie through the reverse map of the
 * merged scopes */
void
hs_proxy_cookies(hs_t *x)
{
    hs_cookie_map_t m;
    int i;
    m.paths = apr_array_make(x->p, 1, sizeof(lint_node_t *));
    m.domains = apr_array_make(x->p, 1, sizeof(lint_node_t *));
    for (i = 0; i < x->scopes->nelts; i++) {
        hs_each_directive(x, APR_ARRAY_IDX(x->scopes, i, const lint_node_t *),
                          cookie_map_scan, &m);
    }
    if (!m.paths->nelts && !m.domains->nelts) {
        return;
    }
    for (i = 0; i < x->out->nelts; i++) {
        lint_sim_header_t *h = &APR_ARRAY_IDX(x->out, i, lint_sim_header_t);
        if (!strcasecmp(h->name, "Set-Cookie")) {
            h->value = cookie_reverse_map(x, &m, h->value);
        }
    }
}

/* ---- mod_headers ---------------------------------------------------------------- */

/* mod_headers' format tags (parse_format_tag): %{NAME}e the environment
 * ("(null)" when unset), %{NAME}s an SSL variable, %t %D %l %i %b the
 * request time, duration, load, idle and busy shares, %% a percent; a
 * {NAME} before a tag that takes none is ignored ("%{Origin}i" is the
 * idle share, not the Origin: measured on 2.4.71, "i=93").  Values the
 * server computes at run time are written <...>.  "expr=..." is an
 * ap_expr string (2.4.10). */
static const char *
header_value(hs_t *x, const lint_node_t *d, const char *v)
{
    apr_array_header_t *out;
    if (!v) {
        return "";
    }
    if (!strncmp(v, "expr=", 5)) {
        const char *err = NULL;
        const char *r =
            lint_httpd_expr_string(x->p, v + 5, hs_lookup, x, NULL, &err);
        if (!r) {
            lint_sim_trace(x->res, x->p, d, "value not understood (%s)",
                           err ? err : v);
            return "<not understood>";
        }
        return r;
    }
    if (!strchr(v, '%')) {
        return v;
    }
    out = apr_array_make(x->p, 32, 1);
    for (; *v; v++) {
        const char *s = NULL, *name = NULL, *t = v + 1;
        if (*v != '%') {
            APR_ARRAY_PUSH(out, char) = *v;
            continue;
        }
        if (*t == '{') {
            const char *end = strchr(t, '}');
            if (!end) {
                APR_ARRAY_PUSH(out, char) = *v;
                continue;
            }
            name = apr_pstrmemdup(x->p, t + 1, (apr_size_t)(end - t - 1));
            t = end + 1;
        }
        switch (*t) {
        case '%':
            s = "%";
            break;
        case 'e':
            s = name ? apr_table_get(x->env, name) : NULL;
            s = s ? s : "(null)";
            break;
        case 's':
            s = strcmp(x->req->scheme, "https") ? "" : "<ssl variable>";
            break;
        case 't':
            s = "t=<request time>";
            break;
        case 'D':
            s = "D=<duration>";
            break;
        case 'l':
            s = "l=<load average>";
            break;
        case 'i':
            s = "i=<idle share>";
            break;
        case 'b':
            s = "b=<busy share>";
            break;
        default:
            APR_ARRAY_PUSH(out, char) = *v;
            continue;
        }
        v = t;
        while (*s) {
            APR_ARRAY_PUSH(out, char) = *s++;
        }
    }
    APR_ARRAY_PUSH(out, char) = '\0';
    return out->elts;
}

typedef struct {
    int error;
    int always; /* this pass runs the `always` directives, else the others */
} hs_hdr_pass_t;

/* Header [always|onsuccess] ACTION NAME [VALUE [REPLACEMENT]] [COND] */
static void
header_one(hs_t *x, const lint_node_t *d, void *baton)
{
    hs_hdr_pass_t *hp = baton;
    int na = lint_nargs(d), i = 0, always = 0;
    const char *action, *name, *cond = NULL, *last;
    apr_array_header_t *t;
    if (!lint_is(d, "Header") || na < 2) {
        return;
    }
    if (!strcasecmp(lint_arg(d, 0), "always")) {
        always = 1;
        i = 1;
    } else if (!strcasecmp(lint_arg(d, 0), "onsuccess")) {
        i = 1;
    }
    action = lint_arg(d, i);
    name = lint_arg(d, i + 1);
    if (!action || !name || always != hp->always) {
        return;
    }
    /* header_cmd: the condition is the word after the value (after the
     * replacement for edit; unset, echo and note take no value), so
     * "expr=..." in the value's place is an ap_expr value */
    {
        int at = lint_httpd_header_cond_at(action, i);
        last = at < na ? lint_arg(d, at) : NULL;
        if (last
            && (!strncasecmp(last, "env=", 4) || !strncasecmp(last, "expr=", 5)
                || !strcasecmp(last, "early"))) {
            cond = last;
            na = at;
        }
    }
    if (cond && !strcasecmp(cond, "early")) {
        return;
    }
    if (cond && !strncasecmp(cond, "env=", 4)) {
        int neg = cond[4] == '!';
        int set = apr_table_get(x->env, cond + 4 + neg) != NULL;
        if (set == neg) {
            return;
        }
    } else if (cond && hs_expr(x, d, cond + 5) != 1) {
        return;
    }
    t = always ? x->err : x->out;
    if (!strcasecmp(action, "unset")) {
        hs_table_unset(t, name);
    } else if (!strcasecmp(action, "set") && na > i + 2) {
        hs_table_set(x->p, t, name, header_value(x, d, lint_arg(d, i + 2)), d);
    } else if (!strcasecmp(action, "setifempty") && na > i + 2) {
        if (!hs_table_get(t, name)) {
            hs_table_set(x->p, t, name, header_value(x, d, lint_arg(d, i + 2)),
                         d);
        }
    } else if (!strcasecmp(action, "add") && na > i + 2) {
        hs_table_add(x->p, t, name, header_value(x, d, lint_arg(d, i + 2)), d);
    } else if (!strcasecmp(action, "append") && na > i + 2) {
        hs_table_merge(x->p, t, name, header_value(x, d, lint_arg(d, i + 2)),
                       d);
    } else if (!strcasecmp(action, "merge") && na > i + 2) {
        const char *nv = header_value(x, d, lint_arg(d, i + 2));
        const char *val = hs_table_get(t, name);
        int found = 0;
        size_t nl = strlen(nv);
        while (val && *val && !found) {
            const char *ts;
            while (apr_isspace(*val)) {
                val++;
            }
            ts = val;
            while (*val && *val != ',') {
                if (*val++ == '"') {
                    while (*val && *val++ != '"') {
                    }
                }
            }
            found = nl == (size_t)(val - ts) && !strncmp(ts, nv, nl);
            if (*val) {
                val++;
            }
        }
        if (!found) {
            hs_table_merge(x->p, t, name, nv, d);
        }
    } else if ((!strcasecmp(action, "edit") || !strcasecmp(action, "edit*"))
               && na > i + 3 && hs_table_get(t, name)) {
        apr_array_header_t *done =
            apr_array_make(x->p, 2, sizeof(lint_sim_header_t));
        int k, all = action[4] == '*';
        for (k = 0; k < t->nelts; k++) {
            const lint_sim_header_t *h =
                &APR_ARRAY_IDX(t, k, lint_sim_header_t);
            const char *nv;
            if (strcasecmp(h->name, name)) {
                continue;
            }
            nv = lint_regex_substitute(x->p, lint_arg(d, i + 2),
                                       header_value(x, d, lint_arg(d, i + 3)),
                                       all, h->value);
            hs_table_add(x->p, done, h->name, nv ? nv : h->value, h->node);
        }
        hs_table_unset(t, name);
        apr_array_cat(t, done);
    }
}

void
hs_mod_headers(hs_t *x, int error)
{
    hs_hdr_pass_t hp;
    int i;
    if (error && x->status != 204 && x->status != 304) {
        /* ap_send_error_response swaps the tables, except for 204 and
         * 304 (finalized as they are: headers_out kept) */
        apr_array_header_t *old_err = x->err;
        x->out = old_err;
        x->err = apr_array_make(x->p, 4, sizeof(lint_sim_header_t));
    }
    hp.error = error;
    /* ap_headers_output_filter: the `always` list on err_headers_out, then
     * (not for an error response) the onsuccess list on headers_out, each
     * in merge order (what an always condition's expr merges into Vary
     * meets the onsuccess directives) */
    for (hp.always = 1; hp.always >= (error ? 1 : 0); hp.always--) {
        for (i = 0; x->scopes && i < x->scopes->nelts; i++) {
            hs_each_directive(x,
                              APR_ARRAY_IDX(x->scopes, i, const lint_node_t *),
                              header_one, &hp);
        }
    }
}

/* the directive of the first Vary entry (fix_vary keeps its place) */
static const lint_node_t *
hs_vary_node(apr_array_header_t *t)
{
    int i;
    for (i = 0; i < t->nelts; i++) {
        const lint_sim_header_t *h = &APR_ARRAY_IDX(t, i, lint_sim_header_t);
        if (!strcasecmp(h->name, "Vary")) {
            return h->node;
        }
    }
    return NULL;
}

/* ---- the response ------------------------------------------------------------------ */

void
hs_emit(hs_t *x)
{
    apr_array_header_t *all = apr_array_copy(x->p, x->err);
    apr_array_header_t *varies = apr_array_make(x->p, 4, sizeof(const char *));
    int i, j;
    apr_array_cat(all, x->out);
    /* fix_vary: every Vary token once, in order, in the first Vary */
    for (i = 0; i < all->nelts; i++) {
        const lint_sim_header_t *h = &APR_ARRAY_IDX(all, i, lint_sim_header_t);
        char *v, *tok, *last;
        if (strcasecmp(h->name, "Vary")) {
            continue;
        }
        v = apr_pstrdup(x->p, h->value);
        for (tok = apr_strtok(v, ", \t", &last); tok;
             tok = apr_strtok(NULL, ", \t", &last)) {
            int seen = 0;
            for (j = 0; j < varies->nelts; j++) {
                seen |=
                    !strcasecmp(APR_ARRAY_IDX(varies, j, const char *), tok);
            }
            if (!seen) {
                APR_ARRAY_PUSH(varies, const char *) = tok;
            }
        }
    }
    if (varies->nelts) {
        hs_table_set(x->p, all, "Vary", apr_array_pstrcat(x->p, varies, ','),
                     hs_vary_node(all));
    }
    for (i = 0; i < all->nelts; i++) {
        const lint_sim_header_t *h = &APR_ARRAY_IDX(all, i, lint_sim_header_t);
        lint_sim_emit(x->res, x->p, h->name, h->value, h->node);
    }
}
