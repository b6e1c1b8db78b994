/* lint_sim.c -- the request of --simulate, the parts both simulators
 * share, and the two ways to print the answer (see lint_sim.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "lint_sim.h"
#include "lint_output.h"

const char *
lint_sim_req_header(const lint_sim_request_t *req, const char *name)
{
    int i;
    for (i = 0; req->headers && i < req->headers->nelts; i++) {
        const lint_sim_header_t *h =
            &APR_ARRAY_IDX(req->headers, i, lint_sim_header_t);
        if (!strcasecmp(h->name, name)) {
            return h->value;
        }
    }
    return NULL;
}

void
lint_sim_emit(lint_sim_response_t *res, apr_pool_t *p, const char *name,
              const char *value, const lint_node_t *node)
{
    lint_sim_header_t *h;
    if (!name || !value) {
        return;
    }
    if (strncasecmp(name, "access-control-", 15) && strcasecmp(name, "vary")
        && strcasecmp(name, "set-cookie")) {
        return;
    }
    h = apr_array_push(res->headers);
    h->name = apr_pstrdup(p, name);
    h->value = apr_pstrdup(p, value);
    h->node = node;
}

void
lint_sim_trace(lint_sim_response_t *res, apr_pool_t *p, const lint_node_t *n,
               const char *fmt, ...)
{
    va_list ap;
    const char *msg;
    if (!res->trace) {
        return; /* the rules' probes need no story */
    }
    va_start(ap, fmt);
    msg = apr_pvsprintf(p, fmt, ap);
    va_end(ap);
    APR_ARRAY_PUSH(res->trace, const char *) =
        n ? apr_psprintf(p, "%s:%d: %s", n->file, n->line, msg) : msg;
}

/* "Name: value" -> header; NULL when there is no ':' or no name */
static const char *
parse_header(lint_sim_header_t *h, apr_pool_t *p, const char *line)
{
    const char *colon = strchr(line, ':'), *v;
    size_t n;
    if (!colon || colon == line) {
        return apr_psprintf(p, "'%s' is not 'Name: value'", line);
    }
    n = (size_t)(colon - line);
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t')) {
        n--;
    }
    for (v = colon + 1; *v == ' ' || *v == '\t'; v++) {
    }
    h->name = apr_pstrmemdup(p, line, n);
    h->value = apr_pstrdup(p, v);
    if (strpbrk(h->name, " \t\r\n") || strpbrk(h->value, "\r\n")) {
        return apr_psprintf(p, "'%s' is not one header line", line);
    }
    return NULL;
}

static int
hexval(int c)
{
    return apr_isdigit(c) ? c - '0' : apr_tolower(c) - 'a' + 10;
}

/* The URI both servers match locations against: %XX decoded, slashes
 * merged (nginx merge_slashes, httpd MergeSlashes, both on by default),
 * "." and ".." segments resolved, a trailing slash kept. */
static const char *
normalize_path(apr_pool_t *p, const char *raw, size_t n)
{
    char *dec = apr_palloc(p, n + 1), *out, *w;
    const char *s;
    size_t i, k = 0;
    int dir = 0;
    for (i = 0; i < n; i++) {
        if (raw[i] == '%' && i + 2 < n && apr_isxdigit(raw[i + 1])
            && apr_isxdigit(raw[i + 2])) {
            dec[k++] = (char)(hexval(raw[i + 1]) * 16 + hexval(raw[i + 2]));
            i += 2;
        } else {
            dec[k++] = raw[i];
        }
    }
    dec[k] = '\0';
    out = w = apr_palloc(p, k + 2);
    for (s = dec; *s;) {
        size_t len;
        if (*s == '/') {
            s++;
            dir = 1;
            continue;
        }
        len = strcspn(s, "/");
        dir = 0;
        if (len == 1 && s[0] == '.') {
            dir = 1;
        } else if (len == 2 && s[0] == '.' && s[1] == '.') {
            while (w > out && w[-1] != '/') {
                w--;
            }
            if (w > out) {
                w--;
            }
            dir = 1;
        } else {
            *w++ = '/';
            memcpy(w, s, len);
            w += len;
        }
        s += len;
    }
    if (w == out || dir) {
        *w++ = '/';
    }
    *w = '\0';
    return out;
}

/* "METHOD URL": the method (upper-case letters), *url where the URL
 * starts. */
static const char *
request_method(lint_sim_request_t *req, apr_pool_t *p, const char *request_line,
               const char **url)
{
    const char *sp = strchr(request_line, ' ');
    int i;
    if (!sp || sp == request_line) {
        return "--simulate takes \"METHOD URL\", e.g. \"OPTIONS "
               "https://api.example.com/v1/items\"";
    }
    req->method =
        apr_pstrmemdup(p, request_line, (apr_size_t)(sp - request_line));
    for (i = 0; req->method[i]; i++) {
        if (!apr_isupper(req->method[i])) {
            return apr_psprintf(p, "--simulate: '%s' is not a method",
                                req->method);
        }
    }
    for (*url = sp; **url == ' '; (*url)++) {
    }
    return NULL;
}

/* An http(s) URL: scheme, host (lower case), port, normalised path and
 * query. */
static const char *
request_url(lint_sim_request_t *req, apr_pool_t *p, const char *url)
{
    const char *rest, *hostend, *pathstart;
    size_t n;
    int i;
    req->url = apr_pstrdup(p, url);
    if (!strncasecmp(url, "https://", 8)) {
        req->scheme = "https";
        rest = url + 8;
        req->port = 443;
    } else if (!strncasecmp(url, "http://", 7)) {
        req->scheme = "http";
        rest = url + 7;
        req->port = 80;
    } else {
        return apr_psprintf(p,
                            "--simulate: '%s' is not an http:// or "
                            "https:// URL",
                            url);
    }
    pathstart = rest + strcspn(rest, "/?#");
    if (*rest == '[') {
        hostend = strchr(rest, ']');
        if (!hostend || hostend > pathstart) {
            return apr_psprintf(p, "--simulate: bad IPv6 host in '%s'", url);
        }
        req->host =
            apr_pstrmemdup(p, rest + 1, (apr_size_t)(hostend - rest - 1));
        hostend++;
    } else {
        hostend = rest;
        while (hostend < pathstart && *hostend != ':') {
            hostend++;
        }
        req->host = apr_pstrmemdup(p, rest, (apr_size_t)(hostend - rest));
    }
    if (!*req->host) {
        return apr_psprintf(p, "--simulate: no host in '%s'", url);
    }
    for (i = 0; req->host[i]; i++) {
        ((char *)req->host)[i] = (char)apr_tolower(req->host[i]);
    }
    if (hostend < pathstart && *hostend == ':') {
        char *end;
        long port = strtol(hostend + 1, &end, 10);
        if (end != pathstart || port < 1 || port > 65535) {
            return apr_psprintf(p, "--simulate: bad port in '%s'", url);
        }
        req->port = (int)port;
    } else if (hostend != pathstart) {
        return apr_psprintf(p, "--simulate: bad host in '%s'", url);
    }
    n = strcspn(pathstart, "?#");
    req->path = *pathstart == '/' ? normalize_path(p, pathstart, n) : "/";
    if (pathstart[n] == '?') {
        const char *q = pathstart + n + 1;
        req->args = apr_pstrmemdup(p, q, strcspn(q, "#"));
    }
    return NULL;
}

/* Host from the URL (a --header Host replaces it), then each --header. */
static const char *
request_headers(lint_sim_request_t *req, apr_pool_t *p,
                const apr_array_header_t *headers)
{
    lint_sim_header_t *h;
    int i;
    req->headers = apr_array_make(p, 4, sizeof(lint_sim_header_t));
    h = apr_array_push(req->headers);
    h->name = "Host";
    h->value = (req->port == 80 && !strcmp(req->scheme, "http"))
                       || (req->port == 443 && !strcmp(req->scheme, "https"))
                   ? req->host
                   : apr_psprintf(p, "%s:%d", req->host, req->port);
    for (i = 0; headers && i < headers->nelts; i++) {
        lint_sim_header_t one;
        const char *err =
            parse_header(&one, p, APR_ARRAY_IDX(headers, i, const char *));
        if (err) {
            return apr_pstrcat(p, "--header: ", err, NULL);
        }
        if (!strcasecmp(one.name, "Host")) {
            APR_ARRAY_IDX(req->headers, 0, lint_sim_header_t).value = one.value;
            continue;
        }
        *(lint_sim_header_t *)apr_array_push(req->headers) = one;
    }
    return NULL;
}

/* What the backend answers: --backend-status (default 200, or "down")
 * and each --backend-header. */
static const char *
request_backend(lint_sim_request_t *req, apr_pool_t *p,
                const char *backend_status,
                const apr_array_header_t *backend_headers)
{
    int i;
    req->backend_status = 200;
    if (backend_status) {
        char *end;
        long st = strtol(backend_status, &end, 10);
        if (!strcasecmp(backend_status, "down")) {
            req->backend_status = LINT_SIM_BACKEND_DOWN;
        } else if (*end || st < 100 || st > 599) {
            return apr_psprintf(p,
                                "--backend-status: '%s' is not a status "
                                "(100-599) or 'down'",
                                backend_status);
        } else {
            req->backend_status = (int)st;
        }
    }
    req->file_status = req->backend_status;
    req->backend_headers = apr_array_make(p, 4, sizeof(lint_sim_header_t));
    for (i = 0; backend_headers && i < backend_headers->nelts; i++) {
        lint_sim_header_t *bh = apr_array_push(req->backend_headers);
        const char *err = parse_header(
            bh, p, APR_ARRAY_IDX(backend_headers, i, const char *));
        if (err) {
            return apr_pstrcat(p, "--backend-header: ", err, NULL);
        }
    }
    return NULL;
}

const char *
lint_sim_request_parse(lint_sim_request_t *req, apr_pool_t *p,
                       const char *request_line,
                       const apr_array_header_t *headers,
                       const char *backend_status,
                       const apr_array_header_t *backend_headers)
{
    const char *url = NULL, *err;
    memset(req, 0, sizeof(*req));
    if ((err = request_method(req, p, request_line, &url))
        || (err = request_url(req, p, url))
        || (err = request_headers(req, p, headers))) {
        return err;
    }
    return request_backend(req, p, backend_status, backend_headers);
}

void
lint_sim_prepare(lint_model_t *m, apr_pool_t *p)
{
    if (m->dialect == LINT_DIALECT_NGINX) {
        lint_sim_nginx_prepare(m, p);
    } else {
        lint_sim_httpd_prepare(m, p);
    }
}

static void
sim_run(lint_sim_response_t *out, apr_pool_t *p, const lint_model_t *m,
        const lint_server_t *s, const lint_sim_request_t *req, int trace)
{
    memset(out, 0, sizeof(*out));
    out->headers = apr_array_make(p, 4, sizeof(lint_sim_header_t));
    out->scopes = apr_array_make(p, 4, sizeof(const lint_node_t *));
    out->trace = trace ? apr_array_make(p, 4, sizeof(const char *)) : NULL;
    if (m->dialect == LINT_DIALECT_NGINX) {
        lint_sim_nginx(out, p, m, s, req);
    } else {
        lint_sim_httpd(out, p, m, s, req);
    }
}

void
lint_simulate(lint_sim_response_t *out, apr_pool_t *p, const lint_model_t *m,
              const lint_sim_request_t *req, int trace)
{
    sim_run(out, p, m, NULL, req, trace);
}

void
lint_sim_server(lint_sim_response_t *out, apr_pool_t *p, const lint_model_t *m,
                const lint_server_t *s, const lint_sim_request_t *req)
{
    sim_run(out, p, m, s, req, 0);
}

void
lint_sim_print_text(FILE *o, const lint_sim_request_t *req,
                    const lint_sim_response_t *res)
{
    int i;
    fprintf(o, "%s %s\n", req->method, req->url);
    if (res->error) {
        fprintf(o, "  %s\n", res->error);
        return;
    }
    for (i = 0; res->trace && i < res->trace->nelts; i++) {
        fprintf(o, "  %s\n", APR_ARRAY_IDX(res->trace, i, const char *));
    }
    if (res->status) {
        fprintf(o, "status %d, answered by the %s\n", res->status,
                res->handler ? res->handler : "configuration");
    } else if (req->backend_status == LINT_SIM_BACKEND_DOWN) {
        fprintf(o, "status of the %s\n", res->handler);
    } else {
        fprintf(o, "status %d of the %s (--backend-status)\n",
                res->final_status, res->handler ? res->handler : "backend");
    }
    for (i = 0; i < res->headers->nelts; i++) {
        const lint_sim_header_t *h =
            &APR_ARRAY_IDX(res->headers, i, lint_sim_header_t);
        fprintf(o, "%s: %s\n", h->name, h->value);
    }
    if (!res->headers->nelts) {
        fprintf(o, "(no Access-Control-*, Vary or Set-Cookie header)\n");
    }
}

void
lint_sim_print_json(FILE *o, const lint_sim_response_t *res)
{
    int i;
    fputs("{\"simulation\": {\"file\": ", o);
    if (res->node) {
        lint_json_str(o, res->node->file);
        fprintf(o, ", \"line\": %d", res->node->line);
    } else {
        fputs("null, \"line\": null", o);
    }
    if (res->status) {
        fprintf(o, ", \"status\": %d", res->status);
    } else {
        fputs(", \"status\": null", o);
    }
    if (res->final_status) {
        fprintf(o, ", \"final_status\": %d", res->final_status);
    } else {
        fputs(", \"final_status\": null", o);
    }
    fputs(", \"answered_by\": ", o);
    lint_json_str(o, res->handler  ? res->handler
                     : res->status ? "configuration"
                                   : "backend");
    fputs(", \"headers\": [", o);
    for (i = 0; i < res->headers->nelts; i++) {
        const lint_sim_header_t *h =
            &APR_ARRAY_IDX(res->headers, i, lint_sim_header_t);
        fputs(i ? ", {\"name\": " : "{\"name\": ", o);
        lint_json_str(o, h->name);
        fputs(", \"value\": ", o);
        lint_json_str(o, h->value);
        fputs("}", o);
    }
    fputs("]}}\n", o);
}
