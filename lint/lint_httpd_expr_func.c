/* lint_httpd_expr_func.c -- the names httpd 2.4.71's ap_expr knows
 * (string functions, binary and unary operators, the core's variables)
 * and the string functions that read nothing but their argument, each
 * checked against httpd's (see lint_httpd_expr.h).  The parser looks
 * names up here; the evaluator calls lint_expr_pure.
 */
#include <string.h>
#include <stdlib.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <apr_md5.h>
#include <apr_sha1.h>
#include <apr_base64.h>
#include "lint_httpd_expr_int.h"

/* string functions (util_expr_eval.c's string_func_providers), in the
 * order of F_* */
const char *const lint_expr_funcs[] = {
    "req",    "http",     "req_novary", "resp",     "note",
    "reqenv", "env",      "osenv",      "tolower",  "toupper",
    "escape", "unescape", "base64",     "unbase64", "md5",
    "sha1",   "file",     "filesize",   "ldap",     NULL
};

/* binary operators (names compared without case, as httpd), in the
 * order of B_* */
const char *const lint_expr_binops[] = { "ipmatch", "fnmatch", "strmatch",
                                         "strcmatch", NULL };
/* unary operators (names compared with case, as httpd) */
const char lint_expr_unops[] = "nzRTdefsLhxFUA";

/* every variable of httpd 2.4.71's core (util_expr_eval.c); modules add
 * their own (mod_ssl's SSL_*), which httpd rejects when not loaded */
const xvar_t lint_expr_vars[] = {
    { "TIME_YEAR", V_ALWAYS, NULL },
    { "TIME_MON", V_ALWAYS, NULL },
    { "TIME_DAY", V_ALWAYS, NULL },
    { "TIME_HOUR", V_ALWAYS, NULL },
    { "TIME_MIN", V_ALWAYS, NULL },
    { "TIME_SEC", V_ALWAYS, NULL },
    { "TIME_WDAY", V_ALWAYS, NULL },
    { "TIME", V_ALWAYS, NULL },
    { "SERVER_SOFTWARE", V_ALWAYS, NULL },
    { "API_VERSION", V_CONST, "20120211" },
    { "REQUEST_METHOD", V_ALWAYS, NULL },
    { "REQUEST_SCHEME", V_ALWAYS, NULL },
    { "REQUEST_URI", V_ALWAYS, NULL },
    { "REQUEST_FILENAME", V_ALWAYS, NULL },
    { "REMOTE_HOST", V_CLIENT, NULL },
    { "REMOTE_IDENT", V_OPT, NULL },
    { "REMOTE_USER", V_OPT, NULL },
    { "SERVER_ADMIN", V_ALWAYS, NULL },
    { "SERVER_NAME", V_ALWAYS, NULL },
    { "SERVER_PORT", V_ALWAYS, NULL },
    { "SERVER_PROTOCOL", V_ALWAYS, NULL },
    { "SCRIPT_FILENAME", V_ALWAYS, NULL },
    { "PATH_INFO", V_OPT, NULL },
    { "QUERY_STRING", V_OPT, NULL },
    { "IS_SUBREQ", V_CONST, "false" },
    { "DOCUMENT_ROOT", V_ALWAYS, NULL },
    { "AUTH_TYPE", V_OPT, NULL },
    { "THE_REQUEST", V_ALWAYS, NULL },
    { "CONTENT_TYPE", V_OPT, NULL },
    { "HANDLER", V_OPT, NULL },
    { "REQUEST_LOG_ID", V_ALWAYS, NULL },
    { "SCRIPT_USER", V_ALWAYS, NULL },
    { "SCRIPT_GROUP", V_ALWAYS, NULL },
    { "DOCUMENT_URI", V_ALWAYS, NULL },
    { "LAST_MODIFIED", V_ALWAYS, NULL },
    { "CONTEXT_PREFIX", V_ALWAYS, NULL },
    { "CONTEXT_DOCUMENT_ROOT", V_ALWAYS, NULL },
    { "REQUEST_STATUS", V_ALWAYS, NULL },
    { "REMOTE_ADDR", V_CLIENT, NULL },
    { "REMOTE_PORT", V_ALWAYS, NULL },
    { "HTTPS", V_ALWAYS, NULL },
    { "IPV6", V_IPV6, NULL },
    { "CONN_LOG_ID", V_ALWAYS, NULL },
    { "CONN_REMOTE_ADDR", V_CLIENT, NULL },
    { "HTTP2", V_CONST, "off" },
    /* request headers: httpd reads the header and adds it to Vary */
    { "HTTP_USER_AGENT", V_OPT, "User-Agent" },
    { "HTTP_PROXY_CONNECTION", V_OPT, "Proxy-Connection" },
    { "HTTP_REFERER", V_OPT, "Referer" },
    { "HTTP_COOKIE", V_OPT, "Cookie" },
    { "HTTP_FORWARDED", V_OPT, "Forwarded" },
    { "HTTP_HOST", V_OPT, "Host" },
    { "HTTP_ACCEPT", V_OPT, "Accept" },
    { NULL, 0, NULL }
};

/* ap_escape_uri: everything but alphanumerics and $-_.+!*'(),:;@&=/~
 * as %xx (lower case), checked against httpd's escape() */
static const char *
x_escape(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, 3 * strlen(s) + 1), *o = out;
    static const char hex[] = "0123456789abcdef";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (apr_isalnum(c) || (c < 0x80 && strchr("$-_.+!*'(),:;@&=/~", c))) {
            *o++ = (char)c;
        } else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

/* ap_unescape_url_keep2f(s, 0): %2F stays encoded, a bad escape or %00
 * makes httpd's unescape() return "" */
static const char *
x_unescape(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, strlen(s) + 1), *o = out;
    for (; *s; s++) {
        if (*s != '%') {
            *o++ = *s;
        } else if (!apr_isxdigit(s[1]) || !apr_isxdigit(s[2])) {
            return "";
        } else {
            char h[3] = { s[1], s[2], 0 };
            char c = (char)strtol(h, NULL, 16);
            if (!c) {
                return "";
            }
            if (c == '/') {
                memcpy(o, s, 3);
                o += 3;
            } else {
                *o++ = c;
            }
            s += 2;
        }
    }
    *o = '\0';
    return out;
}

static const char *
x_hex(apr_pool_t *p, const unsigned char *d, int n)
{
    char *out = apr_palloc(p, 2 * n + 1);
    int i;
    for (i = 0; i < n; i++) {
        apr_snprintf(out + 2 * i, 3, "%02x", d[i]);
    }
    out[2 * n] = '\0';
    return out;
}

/* the string functions that read nothing but their argument */
const char *
lint_expr_pure(apr_pool_t *p, int f, const char *arg)
{
    char *r;
    unsigned char d[APR_SHA1_DIGESTSIZE];
    apr_sha1_ctx_t sha;
    switch (f) {
    case F_TOLOWER:
    case F_TOUPPER:
        r = apr_pstrdup(p, arg);
        for (arg = r; *r; r++) {
            *r = (char)(f == F_TOLOWER ? apr_tolower(*r) : apr_toupper(*r));
        }
        return arg;
    case F_ESCAPE:
        return x_escape(p, arg);
    case F_UNESCAPE:
        return x_unescape(p, arg);
    case F_BASE64:
        r = apr_palloc(p, apr_base64_encode_len((int)strlen(arg)));
        apr_base64_encode(r, arg, (int)strlen(arg));
        return r;
    case F_UNBASE64:
        r = apr_palloc(p, apr_base64_decode_len(arg));
        apr_base64_decode(r, arg);
        return r;
    case F_MD5:
        apr_md5(d, arg, strlen(arg));
        return x_hex(p, d, APR_MD5_DIGESTSIZE);
    default: /* F_SHA1 */
        apr_sha1_init(&sha);
        apr_sha1_update(&sha, arg, (unsigned int)strlen(arg));
        apr_sha1_final(d, &sha);
        return x_hex(p, d, APR_SHA1_DIGESTSIZE);
    }
}
