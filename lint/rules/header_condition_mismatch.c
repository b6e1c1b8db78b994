/* header-condition-mismatch: Apache Header edit/unset in the table where the header never is.
 *
 * What:
 *   Finds `Header edit|unset` of Set-Cookie or CORS headers whose condition
 *   table cannot see them: `always` misses mod_proxy_http's headers, the
 *   default (onsuccess) misses CGI / FastCGI / SCGI headers.
 * Why:
 *   mod_headers edits one table: onsuccess = r->headers_out, always =
 *   r->err_headers_out. mod_proxy_http stores backend headers in
 *   headers_out, CGI/FastCGI/SCGI in err_headers_out (measured here on
 *   Apache 2.4, SPEC 6). The edit silently does nothing and cookies keep
 *   their old attributes.
 * Example:
 *   ProxyPass /api http://backend/
 *   Header always edit Set-Cookie "^(.*)$" "$1; SameSite=Lax"
 * Use instead:
 *   Use the table that holds the header (drop `always` for mod_proxy_http,
 *   add it for CGI/FastCGI), write both lines, or use mod_samesite, which
 *   walks both tables.
 * References:
 *   SPEC 6 (measured); httpd mod_headers docs.
 *
 * The same text is printed by `samesite-lint --explain header-condition-mismatch`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

static int
within_node(const lint_node_t *n, const lint_node_t *anc)
{
    for (; n; n = n->parent) {
        if (n == anc) {
            return 1;
        }
    }
    return 0;
}

/* The scope a Header directive is written in: its nearest enclosing
 * section (through <If>, <IfModule>, <Limit> ... wrappers). */
static int
written_in(const lint_node_t *n, const lint_node_t *scope)
{
    const lint_node_t *b;
    for (b = n->parent; b; b = b->parent) {
        if (lint_is(b, "Location") || lint_is(b, "LocationMatch")
            || lint_is(b, "Directory") || lint_is(b, "DirectoryMatch")
            || lint_is(b, "Files") || lint_is(b, "FilesMatch")
            || lint_is(b, "VirtualHost")) {
            return b == scope;
        }
        if (!b->parent) {
            return b == scope; /* the main server's own level */
        }
    }
    return 0;
}

static const char *
backend_text(apr_pool_t *p, const lint_backend_t *be)
{
    return apr_psprintf(p, "%s %s (%s:%d)", be->node->name,
                        lint_arg(be->node, 0) ? lint_arg(be->node, 0) : "",
                        be->node->file, be->node->line);
}

/* An application server inside httpd (mod_wsgi, mod_php), not a proxy */
static int
app_handler(const lint_backend_t *be)
{
    const char *a = lint_arg(be->node, 0);
    return !strncasecmp(be->node->name, "WSGIScriptAlias", 15)
           || (a
               && (!strcasecmp(a, "wsgi-script")
                   || !strcasecmp(a, "application/x-httpd-php")));
}

static void
check(lint_ctx_t *ctx, const lint_model_t *m, const lint_server_t *s,
      const lint_location_t *l, const lint_header_t *h)
{
    int edit = !strncmp(h->action, "edit", 4) || !strcmp(h->action, "unset");
    const lint_backend_t *be;
    if (!edit || lint_header_has_twin(l, h)) {
        return;
    }
    /* judge each directive where it is written, against every backend
     * that may answer the requests it applies to; the vhost also judges
     * what it inherits from the main server */
    if (!written_in(h->node, l->node)
        && !(l == s->server_loc && !within_node(h->node, s->node))) {
        return;
    }
    if (!h->always && (be = lint_backend_for(ctx->pool, s, l, 1))) {
        lint_report(ctx, "header-condition-mismatch", h->node,
                    "`Header %s %s` (onsuccess table) never sees the "
                    "headers "
                    "of the CGI/FastCGI/SCGI responses from %s: they are "
                    "in "
                    "err_headers_out; use `Header always %s` (or both)",
                    h->action, h->name, backend_text(ctx->pool, be), h->action);
    } else if (h->always && (be = lint_backend_for(ctx->pool, s, l, 0))) {
        lint_report(ctx, "header-condition-mismatch", h->node,
                    "`Header always %s %s` never sees the headers "
                    "%s %s: they are in headers_out; drop "
                    "`always` (or add the onsuccess twin)",
                    h->action, h->name,
                    app_handler(be) ? "the application (mod_php, "
                                      "mod_wsgi) sets behind"
                                    : "mod_proxy_http copies from "
                                      "the backend of",
                    backend_text(ctx->pool, be));
    } else if (h->always && !strcasecmp(h->name, "Set-Cookie") && m->all_modules
               && !lint_backend_for(ctx->pool, s, l, 1)) {
        /* no LoadModule at all: a snippet or an .htaccess whose handler is
         * configured elsewhere (issue 10 M4b: PrestaShop's .htaccess makes
         * its cookies SameSite=None this way, which mod_php never shows
         * it; measured: headers_out) */
        lint_report_note(ctx, "header-condition-mismatch", h->node,
                         "if the application runs inside httpd (mod_php, "
                         "mod_wsgi, mod_perl) or behind mod_proxy_http, "
                         "`Header always %s Set-Cookie` never sees its "
                         "cookies: they are in headers_out (with php-fpm or "
                         "CGI they are in err_headers_out and it does); "
                         "`Header %s` next to it covers both",
                         h->action, h->action);
    }
}

void
lint_rule_header_condition_mismatch(lint_ctx_t *ctx, const lint_model_t *m)
{
    if (m->dialect == LINT_DIALECT_HTTPD) {
        lint_each_header(ctx, m, check);
    }
}
