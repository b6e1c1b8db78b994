/* lint_report.c -- record findings: severity from the core catalog,
 * --enable/--disable, inline suppressions (the line itself, the line
 * before, or the opening line of an enclosing block), de-duplication.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint.h"

static int
rule_listed(const lint_suppression_t *s, const char *id)
{
    int i;
    for (i = 0; i < s->rules->nelts; i++) {
        const char *r = APR_ARRAY_IDX(s->rules, i, const char *);
        if (!strcmp(r, id) || !strcmp(r, "all")) {
            return 1;
        }
    }
    return 0;
}

/* Does suppression s cover a finding at file:line? */
static int
covers_line(const lint_suppression_t *s, const char *file, int line)
{
    if (strcmp(s->file, file)) {
        return 0;
    }
    return s->line == line || (!s->trailing && s->line == line - 1);
}

int
lint_suppressed(const lint_ctx_t *ctx, const char *rule_id, const char *file,
                int line, const lint_node_t *node)
{
    const apr_array_header_t *sup =
        ctx->config ? ctx->config->suppressions : NULL;
    int i;
    if (!sup) {
        return 0;
    }
    for (i = 0; i < sup->nelts; i++) {
        const lint_suppression_t *s =
            APR_ARRAY_IDX(sup, i, const lint_suppression_t *);
        const lint_node_t *b;
        if (!rule_listed(s, rule_id)) {
            continue;
        }
        if (covers_line(s, file, line)) {
            return 1;
        }
        /* a block's opening line covers the whole block (not the
         * synthetic blocks around a fragment: they have no line) */
        for (b = node ? node->parent : NULL; b && b->parent; b = b->parent) {
            if (!b->synthetic && covers_line(s, b->file, b->line)) {
                return 1;
            }
        }
    }
    return 0;
}

static void
report(lint_ctx_t *ctx, const char *rule_id, const char *file, int line,
       int col, const lint_node_t *node, const char *msg, int note)
{
    const ss_rule_info_t *info = ss_rule_lookup(rule_id);
    lint_finding_t *f;
    const char *key;

    if (!info) {
        return; /* a rule id outside the catalog is a bug: tests catch it */
    }
    if (ctx->opts->disabled
        && apr_hash_get(ctx->opts->disabled, rule_id, APR_HASH_KEY_STRING)) {
        return;
    }
    if (ctx->opts->enabled && apr_hash_count(ctx->opts->enabled)
        && !apr_hash_get(ctx->opts->enabled, rule_id, APR_HASH_KEY_STRING)) {
        return;
    }
    if (file && lint_suppressed(ctx, rule_id, file, line, node)) {
        return;
    }
    key = apr_psprintf(ctx->pool, "%s|%s|%d|%s", rule_id, file ? file : "",
                       line, msg);
    if (!ctx->seen) {
        ctx->seen = apr_hash_make(ctx->pool);
    }
    if (apr_hash_get(ctx->seen, key, APR_HASH_KEY_STRING)) {
        return;
    }
    apr_hash_set(ctx->seen, key, APR_HASH_KEY_STRING, "1");
    f = apr_pcalloc(ctx->pool, sizeof(*f));
    f->rule_id = info->id;
    f->severity = note ? SS_SEV_NOTE : info->severity;
    f->file = file ? file : "";
    f->line = line;
    f->col = col;
    f->message = msg;
    APR_ARRAY_PUSH(ctx->findings, lint_finding_t *) = f;
}

/* The message of a finding at node (NULL: no place). */
static void
vreport_node(lint_ctx_t *ctx, const char *rule_id, const lint_node_t *node,
             int note, const char *fmt, va_list ap)
{
    report(ctx, rule_id, node ? node->file : NULL, node ? node->line : 0,
           node ? node->col : 0, node, apr_pvsprintf(ctx->pool, fmt, ap), note);
}

void
lint_report(lint_ctx_t *ctx, const char *rule_id, const lint_node_t *node,
            const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport_node(ctx, rule_id, node, 0, fmt, ap);
    va_end(ap);
}

void
lint_report_note(lint_ctx_t *ctx, const char *rule_id, const lint_node_t *node,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport_node(ctx, rule_id, node, 1, fmt, ap);
    va_end(ap);
}

void
lint_report_note_at(lint_ctx_t *ctx, const char *rule_id, const char *file,
                    int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(ctx, rule_id, file, line, col, NULL,
           apr_pvsprintf(ctx->pool, fmt, ap), 1);
    va_end(ap);
}

void
lint_report_at(lint_ctx_t *ctx, const char *rule_id, const char *file, int line,
               int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(ctx, rule_id, file, line, col, NULL,
           apr_pvsprintf(ctx->pool, fmt, ap), 0);
    va_end(ap);
}
