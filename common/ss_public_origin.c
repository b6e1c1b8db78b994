/* ss_public_origin.c -- the public origin of a request (see
 * ss_public_origin.h). */
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include "ss_public_origin.h"

/* The last element of a comma-separated header without the blanks around
 * it, from p; NULL when the header is absent or blank.  Inner blanks are
 * kept so that the origin parser refuses them ("a.test b.test" from an
 * obs-fold must not become the host "a.testb.test"). */
static const char *
last_element(apr_pool_t *p, const char *v)
{
    const char *start, *end;
    if (!v || !v[strspn(v, " \t")]) {
        return NULL;
    }
    start = strrchr(v, ',');
    start = start ? start + 1 : v;
    end = start + strlen(start);
    while (*start == ' ' || *start == '\t') {
        start++;
    }
    while (end > start && (end[-1] == ' ' || end[-1] == '\t')) {
        end--;
    }
    return apr_pstrmemdup(p, start, (apr_size_t)(end - start));
}

void
ss_public_origin_resolve(ss_public_origin_t *out, apr_pool_t *p,
                         const ss_origin_t *configured, int trust_proxy,
                         const ss_request_authority_t *req)
{
    const char *scheme = req->scheme, *xp, *xh, *s;
    int port = req->port;
    ss_origin_t *o;

    memset(out, 0, sizeof(*out));
    if (configured) {
        out->origin = configured;
        out->source = "SameSitePublicOrigin";
        return;
    }
    out->source = "the request's scheme, Host and port";
    if (trust_proxy) {
        xp = last_element(p, req->forwarded_proto);
        xh = last_element(p, req->forwarded_host);
        if (xp && (!strcasecmp(xp, "https") || !strcasecmp(xp, "http"))) {
            scheme = strcasecmp(xp, "https") ? "http" : "https";
            /* the Host's own port stays; else the scheme's default */
            if (!req->host_has_port) {
                port = ss_scheme_default_port(scheme);
            }
            out->source = "X-Forwarded-Proto and the request's Host";
        } else if (xp) {
            out->proto_ignored = "neither http nor https";
        }
        if (xh) {
            ss_origin_err_t e =
                *xh ? ss_origin_parse(&o, p,
                                      apr_pstrcat(p, scheme, "://", xh, NULL))
                    : SS_ORIGIN_EMPTY;
            if (e == SS_ORIGIN_OK && !o->is_null) {
                out->origin = o;
                out->source = "X-Forwarded-Proto/-Host (SameSiteTrustProxy On)";
                return;
            }
            out->host_ignored =
                e == SS_ORIGIN_OK ? "null" : ss_origin_strerror(e);
        }
    }
    if (!req->host || !*req->host || !scheme) {
        return;
    }
    s = apr_psprintf(p, strchr(req->host, ':') ? "%s://[%s]:%d" : "%s://%s:%d",
                     scheme, req->host, port);
    if (ss_origin_parse(&o, p, s) == SS_ORIGIN_OK) {
        out->origin = o;
    }
}
