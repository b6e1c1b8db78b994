/* lint_output.c -- text, JSON and SARIF 2.1.0 output; the --topology table. */
#include <stdio.h>
#include <string.h>
#include <apr_strings.h>
#include "lint_output.h"
#include "lint_input.h"
#include "lint_model.h"

void
lint_json_str(FILE *o, const char *s)
{
    fputc('"', o);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '"':
            fputs("\\\"", o);
            break;
        case '\\':
            fputs("\\\\", o);
            break;
        case '\n':
            fputs("\\n", o);
            break;
        case '\r':
            fputs("\\r", o);
            break;
        case '\t':
            fputs("\\t", o);
            break;
        default:
            if (c < 0x20) {
                fprintf(o, "\\u%04x", c);
            } else {
                fputc(c, o);
            }
        }
    }
    fputc('"', o);
}

static void
counts(const apr_array_header_t *f, int *e, int *w, int *n)
{
    int i;
    *e = *w = *n = 0;
    for (i = 0; i < f->nelts; i++) {
        const lint_finding_t *x = APR_ARRAY_IDX(f, i, const lint_finding_t *);
        if (x->severity == SS_SEV_ERROR)
            (*e)++;
        else if (x->severity == SS_SEV_WARNING)
            (*w)++;
        else
            (*n)++;
    }
}

/* What a fragment was linted inside, for the text summary. */
static const char *
context_text(const lint_input_t *in)
{
    if (in->dialect == LINT_DIALECT_NGINX) {
        return in->context == LINT_CONTEXT_HTTP     ? "inside http {}"
               : in->context == LINT_CONTEXT_SERVER ? "inside server {}"
                                                    : "inside location / {}";
    }
    return in->context == LINT_CONTEXT_LOCATION ? "inside <Directory>"
                                                : "as the main server config";
}

/* " (read as nginx, auto-detected; a fragment, linted inside location /
 * {})": what the user did not choose, so that a wrong guess is seen. */
static void
text_inputs(FILE *o, const apr_array_header_t *inputs)
{
    int i, det[3] = { 0, 0, 0 }, frag = 0, ndet = 0;
    const lint_input_t *one = NULL;
    const char *sep = " (";

    for (i = 0; inputs && i < inputs->nelts; i++) {
        const lint_input_t *in = &APR_ARRAY_IDX(inputs, i, lint_input_t);
        if (in->dialect_detected) {
            det[in->dialect]++;
            ndet++;
        }
        if (in->context != LINT_CONTEXT_NONE) {
            frag++;
            one = in;
        }
    }
    if (ndet && (!det[LINT_DIALECT_NGINX] || !det[LINT_DIALECT_HTTPD])) {
        fprintf(o, "%sread as %s, auto-detected", sep,
                det[LINT_DIALECT_NGINX] ? "nginx" : "httpd");
        sep = "; ";
    } else if (ndet) {
        fprintf(o, "%sauto-detected: %d as nginx, %d as httpd", sep,
                det[LINT_DIALECT_NGINX], det[LINT_DIALECT_HTTPD]);
        sep = "; ";
    }
    if (frag == 1 && inputs->nelts == 1) {
        fprintf(o, "%sa fragment, linted %s", sep, context_text(one));
        sep = "; ";
    } else if (frag == 1) {
        fprintf(o, "%s%s: a fragment, linted %s", sep, one->path,
                context_text(one));
        sep = "; ";
    } else if (frag > 1) {
        const char *where = context_text(one);
        for (i = 0; i < inputs->nelts; i++) {
            const lint_input_t *in = &APR_ARRAY_IDX(inputs, i, lint_input_t);
            if (in->context != LINT_CONTEXT_NONE
                && strcmp(context_text(in), where)) {
                where = "inside their blocks (see --format json)";
            }
        }
        fprintf(o, "%s%d fragments, linted %s", sep, frag, where);
        sep = "; ";
    }
    if (*sep == ';') {
        fputc(')', o);
    }
}

void
lint_output_text(FILE *o, const apr_array_header_t *findings, int nfiles,
                 const apr_array_header_t *inputs, int color)
{
    int i, e, w, n;
    for (i = 0; i < findings->nelts; i++) {
        const lint_finding_t *x =
            APR_ARRAY_IDX(findings, i, const lint_finding_t *);
        const char *sev = ss_severity_name(x->severity);
        const char *c1 = "", *c0 = "";
        if (color) {
            c1 = x->severity == SS_SEV_ERROR     ? "\033[1;31m"
                 : x->severity == SS_SEV_WARNING ? "\033[1;33m"
                                                 : "\033[1;36m";
            c0 = "\033[0m";
        }
        fprintf(o, "%s:%d:%d: %s%s%s: %s [%s]\n", x->file, x->line, x->col, c1,
                sev, c0, x->message, x->rule_id);
    }
    counts(findings, &e, &w, &n);
    if (!findings->nelts) {
        fprintf(o, "samesite-lint: no issues found in %d file%s", nfiles,
                nfiles == 1 ? "" : "s");
    } else {
        fprintf(o,
                "samesite-lint: %d error%s, %d warning%s, %d note%s in %d "
                "file%s",
                e, e == 1 ? "" : "s", w, w == 1 ? "" : "s", n,
                n == 1 ? "" : "s", nfiles, nfiles == 1 ? "" : "s");
    }
    text_inputs(o, inputs);
    fputc('\n', o);
}

/* [{"file", "dialect", "dialect_detected", "context",
 * "context_detected", "root", "env_file"}]: how each PATH was read */
static void
json_inputs(FILE *o, const apr_array_header_t *inputs)
{
    int i;
    fputc('[', o);
    for (i = 0; inputs && i < inputs->nelts; i++) {
        const lint_input_t *in = &APR_ARRAY_IDX(inputs, i, lint_input_t);
        const char *ctx = lint_context_name(in->context);
        fputs(i ? ", {\"file\": " : "{\"file\": ", o);
        lint_json_str(o, in->path);
        fprintf(o,
                ", \"dialect\": \"%s\", \"dialect_detected\": %s, "
                "\"context\": ",
                lint_dialect_name(in->dialect),
                in->dialect_detected ? "true" : "false");
        if (ctx) {
            lint_json_str(o, ctx);
        } else {
            fputs("null", o);
        }
        fprintf(o, ", \"context_detected\": %s, \"root\": ",
                in->context_detected ? "true" : "false");
        if (in->root) {
            lint_json_str(o, in->root);
        } else {
            fputs("null", o);
        }
        fputs(", \"env_file\": ", o);
        if (in->env_file) {
            lint_json_str(o, in->env_file);
        } else {
            fputs("null", o);
        }
        fputc('}', o);
    }
    fputc(']', o);
}

void
lint_output_json(FILE *o, const apr_array_header_t *findings, int nfiles,
                 const apr_array_header_t *inputs)
{
    int i, e, w, n;
    fputs("{\"findings\": [", o);
    for (i = 0; i < findings->nelts; i++) {
        const lint_finding_t *x =
            APR_ARRAY_IDX(findings, i, const lint_finding_t *);
        fputs(i ? ",\n  {" : "\n  {", o);
        fputs("\"rule\": ", o);
        lint_json_str(o, x->rule_id);
        fputs(", \"severity\": ", o);
        lint_json_str(o, ss_severity_name(x->severity));
        fputs(", \"file\": ", o);
        lint_json_str(o, x->file);
        fprintf(o, ", \"line\": %d, \"column\": %d, \"message\": ", x->line,
                x->col);
        lint_json_str(o, x->message);
        fputc('}', o);
    }
    counts(findings, &e, &w, &n);
    fprintf(o,
            "%s],\n \"summary\": {\"errors\": %d, \"warnings\": %d, "
            "\"notes\": %d, \"files\": %d, \"inputs\": ",
            findings->nelts ? "\n" : "", e, w, n, nfiles);
    json_inputs(o, inputs);
    fputs("}}\n", o);
}

/* A file name as a URI reference (RFC 3986): everything but unreserved
 * characters and '/' percent-encoded, so spaces, '#', '%', '?' and ':'
 * (a relative path's first segment must not look like a scheme) survive
 * GitHub code scanning. */
static const char *
uri_ref(apr_pool_t *p, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = apr_palloc(p, strlen(path) * 3 + 1), *w = out;
    const unsigned char *c;
    for (c = (const unsigned char *)path; *c; c++) {
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')
            || (*c >= '0' && *c <= '9') || strchr("-._~/", *c)) {
            *w++ = (char)*c;
        } else {
            *w++ = '%';
            *w++ = hex[*c >> 4];
            *w++ = hex[*c & 15];
        }
    }
    *w = '\0';
    return out;
}

static const char *
sarif_level(ss_severity_t s)
{
    return s == SS_SEV_ERROR     ? "error"
           : s == SS_SEV_WARNING ? "warning"
                                 : "note";
}

void
lint_output_sarif(FILE *o, apr_pool_t *p, const apr_array_header_t *findings,
                  const apr_array_header_t *inputs)
{
    int i, n;
    const ss_rule_info_t *cat = ss_rule_catalog(&n);

    fputs(
        "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
        "  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
        "    \"tool\": {\"driver\": {\"name\": \"samesite-lint\", "
        "\"version\": \"" SS_VERSION "\",\n"
        "      \"informationUri\": \"https://github.com/samesite/samesite\",\n"
        "      \"rules\": [",
        o);
    for (i = 0; i < n; i++) {
        fputs(i ? ",\n        {" : "\n        {", o);
        fputs("\"id\": ", o);
        lint_json_str(o, cat[i].id);
        fputs(", \"name\": ", o);
        lint_json_str(o, cat[i].id);
        fputs(", \"shortDescription\": {\"text\": ", o);
        lint_json_str(o, cat[i].summary);
        fputs("}, \"fullDescription\": {\"text\": ", o);
        lint_json_str(o, cat[i].what ? cat[i].what : cat[i].summary);
        fputs("}, \"help\": {\"text\": ", o);
        lint_json_str(o, ss_rule_explain(p, &cat[i]));
        fputs("}, \"defaultConfiguration\": {\"level\": ", o);
        lint_json_str(o, sarif_level(cat[i].severity));
        fputs("}}", o);
    }
    fputs("]}},\n    \"results\": [", o);
    for (i = 0; i < findings->nelts; i++) {
        const lint_finding_t *x =
            APR_ARRAY_IDX(findings, i, const lint_finding_t *);
        int idx, k;
        for (idx = -1, k = 0; k < n; k++) {
            if (!strcmp(cat[k].id, x->rule_id)) {
                idx = k;
            }
        }
        fputs(i ? ",\n      {" : "\n      {", o);
        fputs("\"ruleId\": ", o);
        lint_json_str(o, x->rule_id);
        fprintf(o, ", \"ruleIndex\": %d, \"level\": ", idx);
        lint_json_str(o, sarif_level(x->severity));
        fputs(", \"message\": {\"text\": ", o);
        lint_json_str(o, x->message);
        fputs("}, \"locations\": [{\"physicalLocation\": "
              "{\"artifactLocation\": {\"uri\": ",
              o);
        lint_json_str(o, uri_ref(p, x->file));
        fprintf(o,
                "}, \"region\": {\"startLine\": %d, \"startColumn\": %d}}}]}",
                x->line > 0 ? x->line : 1, x->col > 0 ? x->col : 1);
    }
    fputs(findings->nelts ? "\n    ],\n" : "],\n", o);
    /* how each PATH was read: a property bag of the run (SARIF 3.8) */
    fputs("    \"properties\": {\"inputs\": ", o);
    json_inputs(o, inputs);
    fputs("}\n  }]\n}\n", o);
}

/* --topology: the table of each server's origin, frontends and class. */
void
lint_topology_print(void *stdio_file, apr_pool_t *p, const lint_model_t *m)
{
    FILE *o = stdio_file;
    int i, j, shown = 0;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        const ss_topology_t *t = s->topology;
        if (!s->origin || !t) {
            continue;
        }
        shown++;
        fprintf(o, "%s  (%s:%d)\n", ss_origin_str(p, s->origin),
                s->node->file ? s->node->file : "", s->node->line);
        for (j = 0; s->public_origins && j < s->public_origins->nelts; j++) {
            const ss_origin_t *a =
                APR_ARRAY_IDX(s->public_origins, j, const ss_origin_t *);
            if (!ss_origin_equal(a, s->origin)) {
                fprintf(o, "  also served as %s\n", ss_origin_str(p, a));
            }
        }
        if (!s->frontends->nelts) {
            fprintf(o, "  (no frontends declared: same-origin only)\n");
        }
        for (j = 0; j < t->frontends->nelts && j < s->frontends->nelts; j++) {
            const ss_frontend_class_t *fc =
                &APR_ARRAY_IDX(t->frontends, j, ss_frontend_class_t);
            const lint_frontend_t *f =
                APR_ARRAY_IDX(s->frontends, j, lint_frontend_t *);
            fprintf(o, "  %-40s %-11s %s%s\n", f->text, ss_class_name(fc->cls),
                    f->source,
                    f->file ? apr_psprintf(p, " %s:%d", f->file, f->line) : "");
        }
        /* "=> class X;" is parsed by tests/browser/run: keep it */
        fprintf(o, "  => class %s; cookies: %s; CORS: %s\n",
                ss_class_name(t->worst), ss_topology_cookie_policy(p, t),
                ss_cors_mode_name(t->cors));
    }
    if (!shown) {
        fprintf(o, "no public origin found: name the servers (server_name / "
                   "ServerName) or declare SameSitePublicOrigin\n");
    }
}
