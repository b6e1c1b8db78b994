/* header-format-misread: Apache Header value with a format mod_headers reads differently (%{NAME}i is not a request header).
 *
 * What:
 *   Finds `Header` / `RequestHeader` values that write `%{NAME}i` (or
 *   `%{NAME}t`, `D`, `l`, `b`): mod_log_config's request-header syntax,
 *   which mod_headers does not have.
 * Why:
 *   mod_headers knows %{NAME}e (environment), %{NAME}s (SSL) and the tags %t
 *   %D %l %i %b, which take no name: the {NAME} is ignored and %i is the
 *   server's idle share. `Header set Access-Control-Allow-Origin
 *   "%{Origin}i"` sends "i=93" (measured on Apache 2.4): the browser rejects
 *   every CORS response.
 * Example:
 *   Header always set Access-Control-Allow-Origin "%{Origin}i"
 * Use instead:
 *   Read a request header with an ap_expr value behind an allowlist
 *   (`SetEnvIf Origin "^https://app\.example\.com$" CORS=$0` and `"%{CORS}e"
 *   env=CORS`, or `<If>` + `"expr=%{req:Origin}"`), or let mod_samesite
 *   answer CORS.
 * References:
 *   httpd mod_headers docs (Header format specifiers); tests/server
 *   (measured).
 *
 * The same text is printed by `samesite-lint --explain header-format-misread`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

/* The first "%{NAME}X" of v whose tag X ignores its name (mod_headers'
 * parse_format_tag: only e and s read one), or NULL; *tag gets X. */
static const char *
misread_format(apr_pool_t *p, const char *v, char *tag)
{
    const char *s;
    for (s = strstr(v, "%{"); s; s = strstr(s + 2, "%{")) {
        const char *end = strchr(s + 2, '}');
        if (s > v && s[-1] == '%') {
            continue; /* "%%{" is a literal percent */
        }
        if (end && end > s + 2 && end[1] && strchr("tDlib", end[1])) {
            *tag = end[1];
            return apr_pstrmemdup(p, s, (apr_size_t)(end + 2 - s));
        }
    }
    return NULL;
}

static void
check_node(lint_ctx_t *ctx, const lint_node_t *n)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *d = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        int a, hdr = -1;
        if (d->is_block) {
            check_node(ctx, d);
            continue;
        }
        if (!lint_is(d, "Header") && !lint_is(d, "RequestHeader")) {
            continue;
        }
        for (a = 0; a < lint_nargs(d); a++) {
            const char *v = lint_arg(d, a), *f;
            char tag = 0;
            /* the header name follows the action */
            if (hdr < 0 && a + 1 < lint_nargs(d)
                && (!strcasecmp(v, "set") || !strcasecmp(v, "append")
                    || !strcasecmp(v, "add") || !strcasecmp(v, "merge")
                    || !strcasecmp(v, "setifempty") || !strcasecmp(v, "edit")
                    || !strcasecmp(v, "edit*"))) {
                hdr = a + 1;
                continue;
            }
            if (hdr < 0 || a <= hdr || !strncasecmp(v, "expr=", 5)
                || !strncasecmp(v, "env=", 4)) {
                continue;
            }
            f = misread_format(ctx->pool, v, &tag);
            if (!f) {
                continue;
            }
            if (tag == 'i') {
                lint_report(ctx, "header-format-misread", d,
                            "%s %s \"%s\": mod_headers has no %%{NAME}i (that "
                            "is mod_log_config's request header): %%i is the "
                            "server's idle share, so this sends "
                            "\"i=<number>\"; read a request header with "
                            "\"expr=%%{req:NAME}\" (behind an allowlist) or "
                            "SetEnvIf + %%{VAR}e",
                            d->name, lint_arg(d, hdr), f);
            } else {
                lint_report(ctx, "header-format-misread", d,
                            "%s %s \"%s\": mod_headers' %%%c takes no name "
                            "(the {...} is ignored): this sends the server's "
                            "own value, not the one named",
                            d->name, lint_arg(d, hdr), f, tag);
            }
            break;
        }
    }
}

void
lint_rule_header_format_misread(lint_ctx_t *ctx, const lint_model_t *m)
{
    if (m->dialect != LINT_DIALECT_HTTPD || !m->config || !m->config->root) {
        return;
    }
    check_node(ctx, m->config->root);
}
