/* lint_main.c -- samesite-lint: statically check httpd and nginx
 * configurations for CORS, cookie and topology mistakes.
 *
 *   samesite-lint [OPTIONS] PATH...
 *
 * Exit: 0 clean, 1 findings at or above --fail-on, 2 usage / unreadable /
 * syntax error (shellcheck's convention).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/stat.h>
#include <dirent.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include "lint.h"
#include "lint_model.h"
#include "lint_output.h"
#include "lint_source.h"
#include "lint_input.h"
#include "lint_sim.h"
#include "lint_summarize.h"

static void
usage(FILE *o)
{
    fputs(
        "usage: samesite-lint [OPTIONS] PATH...   (PATH - reads standard "
        "input)\n"
        "  --type httpd|nginx|auto    configuration dialect (auto: by its "
        "structure,\n"
        "                             outside quotes and comments; the "
        "summary says)\n"
        "  --root DIR                 ServerRoot / nginx prefix for relative "
        "includes\n"
        "                             (default: where nginx.conf / "
        "apache2.conf is, up\n"
        "                             to two levels above the file; else its "
        "own)\n"
        "  --env-file FILE            shell variable assignments (Debian's "
        "envvars) for\n"
        "                             httpd ${VAR}, read, never run "
        "(repeatable;\n"
        "                             default: the process environment, and "
        "the\n"
        "                             envvars beside apache2.conf)\n"
        "  --context http|server|location  lint snippets as the inside of "
        "that block\n"
        "                             (default: the block their directives "
        "need;\n"
        "                             httpd: location is a <Directory>, as "
        ".htaccess)\n"
        "  --frontend ORIGIN          declare a frontend origin (repeatable)\n"
        "  --format text|json|sarif   output format (default text)\n"
        "  --fail-on error|warning|note  exit 1 at or above (default warning)\n"
        "  --enable RULE              only report these rules (repeatable)\n"
        "  --disable RULE             never report this rule (repeatable)\n"
        "  --psl FILE                 Public Suffix List (default: system "
        "list)\n"
        "  --explain RULE             print the rule's explanation and fix\n"
        "  --list-rules               print every rule id, severity and "
        "summary\n"
        "  --topology                 print the inferred topology table\n"
        "  --summarize-log FILE...    what mod_samesite's ReportOnly log "
        "lines say\n"
        "                             SameSiteEngine On would change: "
        "Apache error\n"
        "                             logs, plain or gzip, - for standard "
        "input\n"
        "                             (--format text|json)\n"
        "  --dump-ast                 print the parsed configuration "
        "(debugging)\n"
        "  --version\n"
        "Suppress inline with  # samesite-lint: disable=RULE[,RULE]\n"
        "Exit status: 0 clean, 1 findings at or above --fail-on, 2 error.\n",
        o);
}

static void
core_print(void *baton, ss_log_level_t level, const char *file, int line,
           const char *msg)
{
    (void)baton;
    (void)file;
    (void)line;
    if (level <= SS_LOG_WARNING) {
        fprintf(stderr, "samesite-lint: %s\n", msg);
    }
}

static int
cmp_finding(const void *a, const void *b)
{
    const lint_finding_t *x = *(const lint_finding_t *const *)a;
    const lint_finding_t *y = *(const lint_finding_t *const *)b;
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line - y->line;
    if (x->col != y->col)
        return x->col - y->col;
    return strcmp(x->rule_id, y->rule_id);
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Editor and package-manager leftovers beside the real files
 * (Debian's sites-* hold files of any name, and backups of them). */
static int
leftover(const char *n)
{
    static const char *const ends[] = { "~",         ".bak",       ".old",
                                        ".orig",     ".rej",       ".swp",
                                        ".save",     ".dpkg-dist", ".dpkg-old",
                                        ".dpkg-new", ".dpkg-bak",  ".ucf-dist",
                                        ".ucf-old",  ".ucf-new",   NULL };
    size_t l = strlen(n);
    int k;
    for (k = 0; ends[k]; k++) {
        size_t e = strlen(ends[k]);
        if (l > e && !strcmp(n + l - e, ends[k])) {
            return 1;
        }
    }
    return 0;
}

/* A directory with a main file (/etc/nginx, /etc/apache2): that file is
 * the entry point and pulls in the rest through its includes.
 * Otherwise, recursively and sorted: every *.conf; every file in a
 * sites-available / sites-enabled directory (Debian's nginx names them
 * without an extension and includes every file there), leftovers aside;
 * every .htaccess.  Returns NULL or why the directory could not be read. */
static const char *
collect_dir(apr_pool_t *p, const char *dir, apr_array_header_t *out)
{
    static const char *const mains[] = { "nginx.conf", "apache2.conf",
                                         "httpd.conf", NULL };
    const char *base = strrchr(dir, '/');
    int k, sites;
    for (k = 0; mains[k]; k++) {
        struct stat st;
        const char *m = apr_pstrcat(p, dir, "/", mains[k], NULL);
        if (stat(m, &st) == 0 && S_ISREG(st.st_mode)) {
            APR_ARRAY_PUSH(out, const char *) = m;
            return NULL;
        }
    }
    base = base && base[1] ? base + 1 : dir;
    sites = !strcmp(base, "sites-available") || !strcmp(base, "sites-enabled");
    {
        DIR *d = opendir(dir);
        struct dirent *e;
        apr_array_header_t *names = apr_array_make(p, 8, sizeof(const char *));
        int i;
        if (!d) {
            return apr_pstrdup(p, strerror(errno));
        }
        while ((e = readdir(d))) {
            if (e->d_name[0] != '.' || !strcmp(e->d_name, ".htaccess")) {
                APR_ARRAY_PUSH(names, const char *) = apr_pstrdup(p, e->d_name);
            }
        }
        closedir(d);
        qsort(names->elts, (size_t)names->nelts, sizeof(const char *), cmp_str);
        for (i = 0; i < names->nelts; i++) {
            const char *n = APR_ARRAY_IDX(names, i, const char *);
            const char *full = apr_pstrcat(
                p, dir, dir[strlen(dir) - 1] == '/' ? "" : "/", n, NULL);
            struct stat st;
            size_t l = strlen(n);
            if (stat(full, &st) != 0) {
                continue;
            }
            if (S_ISDIR(st.st_mode)) {
                collect_dir(p, full, out);
            } else if (S_ISREG(st.st_mode)
                       && ((l > 5 && !strcmp(n + l - 5, ".conf"))
                           || !strcmp(n, ".htaccess")
                           || (sites && !leftover(n)))) {
                APR_ARRAY_PUSH(out, const char *) = full;
            }
        }
    }
    return NULL;
}

/* A path that cannot be linted is a syntax-error finding (exit 2), in
 * every output format: never "no issues found". */
static void
report_unreadable(apr_pool_t *p, const lint_options_t *opts,
                  apr_array_header_t *findings, const char *path,
                  const char *why)
{
    lint_ctx_t ctx;
    memset(&ctx, 0, sizeof(ctx));
    ctx.pool = p;
    ctx.opts = opts;
    ctx.findings = findings;
    lint_report_at(&ctx, "syntax-error", path, 1, 1, "cannot read: %s", why);
}

/* Standard input, whole, for the path "-" (`nginx -T | samesite-lint -`). */
static const char *
read_stdin(apr_pool_t *p, apr_size_t *len)
{
    apr_size_t cap = 65536, n = 0;
    char *buf = apr_palloc(p, cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n, stdin)) > 0) {
        n += r;
        if (n == cap) {
            char *b2 = apr_palloc(p, cap * 2);
            memcpy(b2, buf, n);
            buf = b2;
            cap *= 2;
        }
    }
    if (ferror(stdin)) {
        return NULL;
    }
    *len = n;
    return buf;
}

/* --dump-ast: one line per node, for parser tests and bug reports */
static void
dump_ast(const lint_node_t *n, int depth)
{
    int i;
    for (i = 0; n->children && i < n->children->nelts; i++) {
        const lint_node_t *c = APR_ARRAY_IDX(n->children, i, lint_node_t *);
        int j;
        printf("%s:%d:%d: %*s%s", c->file, c->line, c->col, depth * 2, "",
               c->name);
        for (j = 0; j < c->args->nelts; j++) {
            printf(" [%s]", APR_ARRAY_IDX(c->args, j, const char *));
        }
        printf("%s\n", !c->is_block   ? ""
                       : c->synthetic ? " {  (fragment context)"
                                      : " {");
        if (c->is_block) {
            dump_ast(c, depth + 1);
        }
    }
}

static int
explain(apr_pool_t *p, const char *id)
{
    const ss_rule_info_t *r = ss_rule_lookup(id);
    if (!r) {
        fprintf(stderr, "samesite-lint: unknown rule '%s' (see --list-rules)\n",
                id);
        return 2;
    }
    if (!lint_rule_emitted(id)) {
        printf("(mod_samesite only: logged by the module at runtime, never "
               "reported by samesite-lint)\n\n");
    }
    fputs(ss_rule_explain(p, r), stdout);
    fputc('\n', stdout);
    return 0;
}

static int
list_rules(void)
{
    int i, n;
    const ss_rule_info_t *cat = ss_rule_catalog(&n);
    for (i = 0; i < n; i++) {
        printf("%-36s %-8s %s%s\n", cat[i].id,
               ss_severity_name(cat[i].severity), cat[i].summary,
               lint_rule_emitted(cat[i].id)
                   ? ""
                   : " (mod_samesite only, at runtime)");
    }
    return 0;
}

/* ---- the command line ------------------------------------------------ */

/* a parse step's answer when the program goes on (else: the exit status) */
#define GO_ON (-1)

/* What the command line asks for. */
typedef struct {
    lint_options_t opts;
    lint_input_opts_t iopts;
    apr_array_header_t *paths;
    const char *format, *psl_path;
    ss_severity_t fail_on;
    int topology, dump, summarize;
    /* --simulate and what goes with it */
    const char *simulate, *backend_status, *file_status;
    apr_array_header_t *sim_headers, *sim_backend;
    lint_sim_request_t sim_req;
} cli_t;

static void
cli_init(cli_t *c, apr_pool_t *p)
{
    memset(c, 0, sizeof(*c));
    c->format = "text";
    c->fail_on = SS_SEV_WARNING;
    c->opts.frontends = apr_array_make(p, 2, sizeof(const char *));
    c->opts.public_origins = apr_array_make(p, 1, sizeof(const char *));
    c->opts.enabled = apr_hash_make(p);
    c->opts.disabled = apr_hash_make(p);
    c->paths = apr_array_make(p, 4, sizeof(const char *));
    c->sim_headers = apr_array_make(p, 2, sizeof(const char *));
    c->sim_backend = apr_array_make(p, 2, sizeof(const char *));
}

static int
bad_value(const char *opt, const char *v, const char *expected)
{
    fprintf(stderr, "samesite-lint: %s: '%s' is not %s\n", opt, v, expected);
    return 2;
}

static int
set_type(cli_t *c, const char *v)
{
    if (!strcmp(v, "httpd") || !strcmp(v, "apache"))
        c->opts.dialect = LINT_DIALECT_HTTPD;
    else if (!strcmp(v, "nginx"))
        c->opts.dialect = LINT_DIALECT_NGINX;
    else if (!strcmp(v, "auto"))
        c->opts.dialect = LINT_DIALECT_AUTO;
    else
        return bad_value("--type", v, "httpd, nginx or auto");
    return GO_ON;
}

static int
set_context(cli_t *c, const char *v)
{
    if (!strcmp(v, "http"))
        c->iopts.context = LINT_CONTEXT_HTTP;
    else if (!strcmp(v, "server"))
        c->iopts.context = LINT_CONTEXT_SERVER;
    else if (!strcmp(v, "location"))
        c->iopts.context = LINT_CONTEXT_LOCATION;
    else
        return bad_value("--context", v, "http, server or location");
    return GO_ON;
}

static int
set_env_file(cli_t *c, apr_pool_t *p, const char *v)
{
    const char *why = NULL;
    if (!c->iopts.env) {
        c->iopts.env = lint_env_process(p);
    }
    if (lint_env_file_read(c->iopts.env, p, v, &why) != APR_SUCCESS) {
        fprintf(stderr, "samesite-lint: --env-file %s\n", why);
        return 2;
    }
    c->iopts.env_file = v;
    return GO_ON;
}

static int
set_frontend(cli_t *c, apr_pool_t *p, const char *v)
{
    ss_pattern_t *pat;
    if (ss_pattern_parse(&pat, p, v) != SS_ORIGIN_OK) {
        return bad_value("--frontend", v, "an origin");
    }
    APR_ARRAY_PUSH(c->opts.frontends, const char *) = v;
    return GO_ON;
}

static int
set_public_origin(cli_t *c, apr_pool_t *p, const char *v)
{
    ss_origin_t *o;
    if (!(!strncmp(v, "https://*", 9) && !v[9])
        && !(!strncmp(v, "http://*", 8) && !v[8])
        && (ss_origin_parse(&o, p, v) != SS_ORIGIN_OK || o->is_null)) {
        return bad_value("--public-origin", v,
                         "an origin (https://api.example.com, or https://* "
                         "for every server)");
    }
    APR_ARRAY_PUSH(c->opts.public_origins, const char *) = v;
    return GO_ON;
}

static int
set_format(cli_t *c, const char *v)
{
    if (strcmp(v, "text") && strcmp(v, "json") && strcmp(v, "sarif")) {
        return bad_value("--format", v, "text, json or sarif");
    }
    c->format = v;
    return GO_ON;
}

static int
set_fail_on(cli_t *c, const char *v)
{
    if (strcmp(v, "error") && strcmp(v, "warning") && strcmp(v, "note")) {
        return bad_value("--fail-on", v, "error, warning or note");
    }
    c->fail_on = ss_severity_parse(v);
    return GO_ON;
}

/* --enable / --disable RULE[,RULE] */
static int
set_rules(cli_t *c, apr_pool_t *p, const char *a, const char *v)
{
    char *list = apr_pstrdup(p, v), *tok, *last;
    for (tok = apr_strtok(list, ",", &last); tok;
         tok = apr_strtok(NULL, ",", &last)) {
        if (!ss_rule_lookup(tok)) {
            fprintf(stderr,
                    "samesite-lint: %s: unknown rule '%s' (see "
                    "--list-rules)\n",
                    a, tok);
            return 2;
        }
        apr_hash_set(!strcmp(a, "--enable") ? c->opts.enabled
                                            : c->opts.disabled,
                     tok, APR_HASH_KEY_STRING, "1");
    }
    return GO_ON;
}

/* the options that take a value */
static const char *const valued[] = { "--type",
                                      "--context",
                                      "--env-file",
                                      "--root",
                                      "--frontend",
                                      "--public-origin",
                                      "--format",
                                      "--fail-on",
                                      "--enable",
                                      "--disable",
                                      "--psl",
                                      "--explain",
                                      "--simulate",
                                      "--header",
                                      "--backend-status",
                                      "--file-status",
                                      "--backend-header",
                                      NULL };

/* Option a (one of valued) with its value v. */
static int
value_option(cli_t *c, apr_pool_t *p, const char *a, const char *v)
{
    if (!strcmp(a, "--type"))
        return set_type(c, v);
    if (!strcmp(a, "--context"))
        return set_context(c, v);
    if (!strcmp(a, "--env-file"))
        return set_env_file(c, p, v);
    if (!strcmp(a, "--frontend"))
        return set_frontend(c, p, v);
    if (!strcmp(a, "--public-origin"))
        return set_public_origin(c, p, v);
    if (!strcmp(a, "--format"))
        return set_format(c, v);
    if (!strcmp(a, "--fail-on"))
        return set_fail_on(c, v);
    if (!strcmp(a, "--enable") || !strcmp(a, "--disable"))
        return set_rules(c, p, a, v);
    if (!strcmp(a, "--explain"))
        return explain(p, v);
    if (!strcmp(a, "--root"))
        c->opts.root = v;
    else if (!strcmp(a, "--psl"))
        c->psl_path = v;
    else if (!strcmp(a, "--simulate"))
        c->simulate = v;
    else if (!strcmp(a, "--header"))
        APR_ARRAY_PUSH(c->sim_headers, const char *) = v;
    else if (!strcmp(a, "--backend-status"))
        c->backend_status = v;
    else if (!strcmp(a, "--file-status"))
        c->file_status = v;
    else /* --backend-header */
        APR_ARRAY_PUSH(c->sim_backend, const char *) = v;
    return GO_ON;
}

/* The command line, in order: an option that ends the program (--help,
 * --version, --explain, --list-rules, a bad one) ends it where it is. */
static int
parse_args(cli_t *c, apr_pool_t *p, int argc, const char *const *argv)
{
    int i, k, rc;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        for (k = 0; valued[k] && strcmp(a, valued[k]); k++) {
        }
        if (valued[k]) {
            if (i + 1 >= argc) {
                fprintf(stderr, "samesite-lint: %s needs an argument\n", a);
                return 2;
            }
            if ((rc = value_option(c, p, a, argv[++i])) != GO_ON) {
                return rc;
            }
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--version")) {
            printf("samesite-lint %s\n", SS_VERSION);
            return 0;
        } else if (!strcmp(a, "--list-rules")) {
            return list_rules();
        } else if (!strcmp(a, "--topology")) {
            c->topology = 1;
        } else if (!strcmp(a, "--summarize-log")) {
            c->summarize = 1;
        } else if (!strcmp(a, "--dump-ast")) {
            c->dump = 1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "samesite-lint: unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        } else {
            APR_ARRAY_PUSH(c->paths, const char *) = a;
        }
    }
    if (!c->paths->nelts) {
        usage(stderr);
        return 2;
    }
    return GO_ON;
}

/* --simulate's request, or none of the options that go with it. */
static int
check_simulate(cli_t *c, apr_pool_t *p)
{
    const char *err;
    if (!c->simulate) {
        if (c->sim_headers->nelts || c->backend_status || c->sim_backend->nelts
            || c->file_status) {
            fprintf(stderr, "samesite-lint: --header, --backend-status and "
                            "--backend-header go with --simulate\n");
            return 2;
        }
        return GO_ON;
    }
    err = lint_sim_request_parse(&c->sim_req, p, c->simulate, c->sim_headers,
                                 c->backend_status, c->sim_backend);
    if (!err && c->file_status) {
        char *end;
        long st = strtol(c->file_status, &end, 10);
        err = *end || st < 100 || st > 599
                  ? "--file-status: not a status (100-599)"
                  : NULL;
        c->sim_req.file_status = (int)st;
    }
    if (err) {
        fprintf(stderr, "samesite-lint: %s\n", err);
        return 2;
    }
    return GO_ON;
}

static int
open_psl(cli_t *c, apr_pool_t *p)
{
    ss_psl_t *psl;
    const char *perr = NULL;
    if (ss_psl_open(&psl, p, c->psl_path, &perr) != APR_SUCCESS) {
        fprintf(stderr, "samesite-lint: %s\n",
                perr ? perr : "cannot load the Public Suffix List");
        return 2;
    }
    ss_psl_memoize(psl, p); /* one process, one thread: remember sites */
    c->opts.psl = psl;
    c->iopts.dialect = c->opts.dialect;
    c->iopts.root = c->opts.root;
    return GO_ON;
}

/* ---- one run over the configurations ---------------------------------- */

typedef struct {
    apr_array_header_t *entries;   /* the configurations to read */
    apr_array_header_t *inputs;    /* lint_input_t, one per entry read */
    apr_array_header_t *findings;  /* lint_finding_t * */
    apr_array_header_t *all_files; /* every file read, once */
    apr_hash_t *read_files;        /* canonical path -> name */
    int status;                    /* 2: something could not be checked */
    int simulated;                 /* --simulate: a configuration answered */
} run_t;

static void
run_init(run_t *r, apr_pool_t *p)
{
    memset(r, 0, sizeof(*r));
    r->inputs = apr_array_make(p, 8, sizeof(lint_input_t));
    r->entries = apr_array_make(p, 8, sizeof(const char *));
    r->findings = apr_array_make(p, 16, sizeof(lint_finding_t *));
    r->all_files = apr_array_make(p, 8, sizeof(const char *));
    r->read_files = apr_hash_make(p);
}

static void
unreadable(run_t *r, apr_pool_t *p, const cli_t *c, const char *path,
           const char *why)
{
    report_unreadable(p, &c->opts, r->findings, path, why);
    r->status = 2;
}

/* The paths of the command line as configurations to read: a file, the
 * files of a directory (collect_dir), standard input once for "-". */
static void
collect_entries(run_t *r, apr_pool_t *p, const cli_t *c)
{
    int i;
    for (i = 0; i < c->paths->nelts; i++) {
        const char *path = APR_ARRAY_IDX(c->paths, i, const char *);
        struct stat st;
        if (!strcmp(path, "-")) {
            static int read_once;
            apr_size_t len = 0;
            const char *buf;
            if (read_once++) {
                continue;
            }
            buf = read_stdin(p, &len);
            if (!buf || !len) {
                unreadable(r, p, c, path,
                           buf ? "standard input is empty"
                               : apr_pstrdup(p, strerror(errno)));
                continue;
            }
            lint_source_set_stdin(buf, len);
            APR_ARRAY_PUSH(r->entries, const char *) = path;
            continue;
        }
        if (stat(path, &st) != 0) {
            unreadable(r, p, c, path, apr_pstrdup(p, strerror(errno)));
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            int before = r->entries->nelts;
            const char *why = collect_dir(p, path, r->entries);
            if (why || r->entries->nelts == before) {
                unreadable(r, p, c, path,
                           why ? why
                               : "no nginx.conf, apache2.conf, httpd.conf or "
                                 "*.conf in this directory");
            }
        } else {
            APR_ARRAY_PUSH(r->entries, const char *) = path;
        }
    }
}

/* Every file of cfg in all_files, once. */
static void
note_files(run_t *r, apr_pool_t *p, const lint_config_t *cfg)
{
    int j;
    for (j = 0; cfg && j < cfg->files->nelts; j++) {
        const char *f = APR_ARRAY_IDX(cfg->files, j, const char *);
        const char *canon = lint_path_canonical(p, f);
        if (!apr_hash_get(r->read_files, canon, APR_HASH_KEY_STRING)) {
            apr_hash_set(r->read_files, canon, APR_HASH_KEY_STRING, f);
            APR_ARRAY_PUSH(r->all_files, const char *) = f;
        }
    }
}

/* Includes that could not be followed: each one a finding at its
 * directive, and the rest of the configuration is still checked.  Exit
 * 2 unless the finding is suppressed where it is written (CI linting off
 * the host: certbot's options-ssl-nginx.conf) */
static void
include_errors(run_t *r, lint_ctx_t *ctx, const lint_config_t *cfg)
{
    int j;
    for (j = 0; cfg && j < cfg->errors->nelts; j++) {
        const lint_parse_error_t *e =
            APR_ARRAY_IDX(cfg->errors, j, const lint_parse_error_t *);
        int before = r->findings->nelts;
        lint_report_at(ctx, "syntax-error", e->file, e->line, e->col, "%s",
                       e->message);
        if (r->findings->nelts > before) {
            r->status = 2;
        }
    }
}

/* A parse failure in a detected dialect may be the wrong dialect: say
 * which one was assumed. */
static void
parse_failure(run_t *r, apr_pool_t *p, lint_ctx_t *ctx, const char *path,
              const lint_input_t *in, const lint_parse_error_t *err)
{
    lint_report_at(ctx, "syntax-error", err->file ? err->file : path, err->line,
                   err->col, "%s%s", err->message,
                   in->dialect_detected ? apr_psprintf(
                       p,
                       " (read as %s by auto-detection: --type "
                       "%s if it is not)",
                       lint_dialect_name(in->dialect),
                       in->dialect == LINT_DIALECT_NGINX ? "httpd" : "nginx")
                                        : "");
    r->status = 2;
}

/* --simulate: the first configuration with a server for the request
 * answers it. */
static void
simulate_one(run_t *r, apr_pool_t *p, const cli_t *c, const char *path,
             lint_model_t *m)
{
    lint_sim_response_t res;
    if (r->simulated) {
        return;
    }
    lint_simulate(&res, p, m, &c->sim_req, 1);
    if (res.error) {
        fprintf(stderr, "samesite-lint: %s: %s\n", path, res.error);
        r->status = 2;
        return;
    }
    r->simulated = 1;
    if (!strcmp(c->format, "json")) {
        lint_sim_print_json(stdout, &res);
    } else {
        lint_sim_print_text(stdout, &c->sim_req, &res);
    }
}

/* One configuration: read, then its tree (--dump-ast), its simulation
 * (--simulate) or its findings (and --topology). */
static void
lint_entry(run_t *r, apr_pool_t *p, cli_t *c, const char *path)
{
    lint_config_t *cfg = NULL;
    lint_parse_error_t err;
    lint_input_t *in;
    lint_ctx_t ctx;
    lint_model_t *m;
    apr_status_t rv;

    /* already read as an include of an earlier entry, or the same file
     * by another name (sites-enabled/x -> ../sites-available/x) */
    if (apr_hash_get(r->read_files, lint_path_canonical(p, path),
                     APR_HASH_KEY_STRING)) {
        return;
    }
    in = apr_array_push(r->inputs);
    rv = lint_input_load(in, &cfg, p, &c->iopts, path, &err);
    memset(&ctx, 0, sizeof(ctx));
    ctx.pool = p;
    ctx.opts = &c->opts;
    ctx.config = cfg;
    ctx.findings = r->findings;
    note_files(r, p, cfg);
    include_errors(r, &ctx, cfg);
    if (rv != APR_SUCCESS) {
        parse_failure(r, p, &ctx, path, in, &err);
        return;
    }
    if (c->dump) {
        dump_ast(cfg->root, 0);
        return;
    }
    m = lint_model_build(&ctx);
    if (c->simulate) {
        simulate_one(r, p, c, path, m);
        return;
    }
    lint_rules_run(&ctx, m);
    if (c->topology) {
        lint_topology_print(stdout, p, m);
    }
}

/* --simulate and --dump-ast: the findings (what could not be read or
 * parsed) on stderr, beside the answer on stdout. */
static void
print_findings_stderr(const run_t *r, int severity)
{
    int i;
    for (i = 0; i < r->findings->nelts; i++) {
        const lint_finding_t *f =
            APR_ARRAY_IDX(r->findings, i, const lint_finding_t *);
        if (severity) {
            fprintf(stderr, "%s:%d:%d: %s: %s [%s]\n", f->file, f->line, f->col,
                    ss_severity_name(f->severity), f->message, f->rule_id);
        } else {
            fprintf(stderr, "%s:%d:%d: %s [%s]\n", f->file, f->line, f->col,
                    f->message, f->rule_id);
        }
    }
}

/* The findings in the chosen format; the exit status. */
static int
report(run_t *r, apr_pool_t *p, const cli_t *c)
{
    int i, rc = 0;
    if (!strcmp(c->format, "json")) {
        lint_output_json(stdout, r->findings, r->all_files->nelts, r->inputs);
    } else if (!strcmp(c->format, "sarif")) {
        lint_output_sarif(stdout, p, r->findings, r->inputs);
    } else {
        /* colour only on a terminal; NO_COLOR set to anything but ""
         * turns it off (no-color.org), so does TERM=dumb */
        const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
        lint_output_text(stdout, r->findings, r->all_files->nelts, r->inputs,
                         isatty(STDOUT_FILENO) && !(nc && *nc)
                             && !(term && !strcmp(term, "dumb")));
    }
    for (i = 0; i < r->findings->nelts; i++) {
        const lint_finding_t *f =
            APR_ARRAY_IDX(r->findings, i, const lint_finding_t *);
        if (f->severity >= c->fail_on) {
            rc = 1;
        }
    }
    return r->status ? r->status : rc;
}

int
main(int argc, const char *const *argv)
{
    apr_pool_t *p;
    cli_t c;
    run_t r;
    int i, rc;

    apr_app_initialize(&argc, &argv, NULL);
    atexit(apr_terminate);
    apr_pool_create(&p, NULL);
    cli_init(&c, p);
    ss_log_set(NULL, core_print, NULL);
    if ((rc = parse_args(&c, p, argc, argv)) != GO_ON) {
        return rc;
    }
    if (c.summarize) {
        /* the PATHs are error logs, not configurations */
        if (!strcmp(c.format, "sarif")) {
            fprintf(stderr, "samesite-lint: --summarize-log prints text or "
                            "json\n");
            return 2;
        }
        return lint_summarize_logs(p, c.paths, c.format, stdout);
    }
    if ((rc = check_simulate(&c, p)) != GO_ON
        || (rc = open_psl(&c, p)) != GO_ON) {
        return rc;
    }
    run_init(&r, p);
    collect_entries(&r, p, &c);
    for (i = 0; i < r.entries->nelts; i++) {
        lint_entry(&r, p, &c, APR_ARRAY_IDX(r.entries, i, const char *));
    }
    qsort(r.findings->elts, (size_t)r.findings->nelts, sizeof(void *),
          cmp_finding);
    if (c.simulate) {
        /* a syntax error is reported as such (exit 2) */
        print_findings_stderr(&r, 0);
        return r.simulated && !r.status ? 0 : 2;
    }
    if (c.dump) {
        /* what could not be parsed, next to what could (stdout is the
         * tree) */
        print_findings_stderr(&r, 1);
        return r.status;
    }
    rc = report(&r, p, &c);
    fflush(stdout);
    apr_pool_destroy(p);
    return rc;
}
