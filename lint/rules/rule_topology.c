/* rule_topology.c -- reporting the core's topology findings
 * (ss_topology_analyse) for the rules that pick theirs by id: at the
 * frontend a finding names, else the server. */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

/* The first frontend of s (in s->frontends order) whose canonical text
 * the message names as "frontend TEXT ", or NULL.  Looked up by the
 * words after "frontend " in the message: a search of the message for
 * each frontend cost a string per frontend per finding. */
static const lint_frontend_t *
named_frontend(apr_pool_t *p, const lint_server_t *s, const char *msg)
{
    const lint_frontend_t *at = NULL;
    const char *x, *end;
    int k, hits = 0;
    for (x = strstr(msg, "frontend "); x && s->frontend_canon;
         x = strstr(x + 1, "frontend ")) {
        const lint_frontend_t *fr;
        end = strchr(x + 9, ' ');
        if (!end) {
            break;
        }
        fr = apr_hash_get(s->frontend_canon, x + 9, (apr_ssize_t)(end - x - 9));
        if (fr && fr != at) {
            at = fr;
            hits++;
        }
    }
    if (hits > 1) { /* several named: the first in the server's order */
        for (at = NULL, k = 0; k < s->frontends->nelts && !at; k++) {
            const lint_frontend_t *fr =
                APR_ARRAY_IDX(s->frontends, k, lint_frontend_t *);
            if (strstr(msg, apr_pstrcat(p, "frontend ", fr->pattern->text, " ",
                                        NULL))) {
                at = fr;
            }
        }
    }
    return at;
}

void
lint_report_topology_server(lint_ctx_t *ctx, const lint_server_t *s,
                            const char *rule_id, const char *condition)
{
    int j, k;
    if (!s->topology) {
        return;
    }
    for (j = 0; j < s->topology->findings->nelts; j++) {
        const ss_finding_t *f =
            &APR_ARRAY_IDX(s->topology->findings, j, ss_finding_t);
        const lint_frontend_t *at = NULL;
        if (strcmp(f->rule_id, rule_id)) {
            continue;
        }
        at = named_frontend(ctx->pool, s, f->message);
        if (!at && strncmp(f->message, "public origin", 13)) {
            /* about the cross-site frontends as a whole: the first one */
            for (k = 0; k < s->topology->frontends->nelts && !at
                        && k < s->frontends->nelts;
                 k++) {
                if (APR_ARRAY_IDX(s->topology->frontends, k,
                                  ss_frontend_class_t)
                        .cls
                    == SS_CLASS_CROSS_SITE) {
                    at = APR_ARRAY_IDX(s->frontends, k, lint_frontend_t *);
                }
            }
        }
        if (!at && !s->frontends->nelts && !s->public_origin_node) {
            continue; /* nothing calls it cross-origin: no topology */
        }
        {
            const lint_node_t *node =
                at && at->node ? at->node
                : at && at->file
                    ? NULL
                    : (s->public_origin_node && !at ? s->public_origin_node
                                                    : s->node);
            const char *msg =
                at && !at->node && !at->file ? apr_psprintf(
                    ctx->pool, "%s (declared with %s)", f->message, at->source)
                                             : f->message;
            /* the core may lower a finding to a note (a loopback
             * development frontend) */
            int note = condition || f->severity == SS_SEV_NOTE;
            if (condition) {
                /* depends on what the configuration cannot show: a note
                 * that states the condition (SPEC 4, "Certainty") */
                msg = apr_pstrcat(ctx->pool, condition, ": ", msg, NULL);
            }
            if (node) {
                (note ? lint_report_note : lint_report)(ctx, rule_id, node,
                                                        "%s", msg);
            } else {
                (note ? lint_report_note_at : lint_report_at)(
                    ctx, rule_id, at->file, at->line, at->col, "%s", msg);
            }
        }
    }
}

const char *
lint_plain_http_condition(apr_pool_t *p, const lint_server_t *s)
{
    if (!s->http_only || !s->origin) {
        return NULL;
    }
    return apr_psprintf(p,
                        "if browsers reach %s over plain http (no TLS proxy "
                        "in front of it; with one, declare --public-origin "
                        "https://%s)",
                        ss_origin_str(p, s->origin), s->origin->host);
}

void
lint_report_topology(lint_ctx_t *ctx, const lint_model_t *m,
                     const char *rule_id, int scheme_dependent)
{
    int i;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s =
            APR_ARRAY_IDX(m->servers, i, const lint_server_t *);
        lint_report_topology_server(
            ctx, s, rule_id,
            scheme_dependent ? lint_plain_http_condition(ctx->pool, s) : NULL);
    }
}
