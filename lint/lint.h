/* lint.h -- samesite-lint internal interfaces.
 *
 * Pipeline:  parse (lint_parse_*.c)  ->  lint_config_t (one AST per
 * dialect, includes spliced in, every node with file:line:col)
 *   -> model (lint_model.h; built by lint_nginx.c / lint_httpd*.c:
 *      servers, locations, effective headers, origin checks, proxies;
 *      lint_model_cookie.c: cookies, frontends, topology)
 *   -> rules (lint/rules/<rule>.c, one file per catalog id, registered
 *      in lint/rules/registry.c, which also runs them)  -> lint_report()
 *      (suppressions,
 *      --enable/--disable)  -> output (text / json / sarif).
 *
 * Prefix: lint_.  Memory: APR pools only.
 */
#ifndef LINT_H
#define LINT_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_hash.h>
#include "ss.h"

typedef enum {
    LINT_DIALECT_AUTO = 0,
    LINT_DIALECT_HTTPD,
    LINT_DIALECT_NGINX
} lint_dialect_t;

/* ---- AST --------------------------------------------------------------- */

typedef struct lint_node_t lint_node_t;
struct lint_node_t {
    const char *name;             /* directive or section name as written,
                                    without '<' ('VirtualHost', 'location') */
    apr_array_header_t *args;     /* const char *: unquoted, escapes done */
    apr_array_header_t *raw_args; /* const char *: as written (quotes kept) */
    int is_block;                 /* section / { } block */
    apr_array_header_t *children; /* lint_node_t * (blocks only) */
    lint_node_t *parent;          /* NULL at top level */
    const char *file;             /* real file name (also for nginx -T) */
    int line, col;                /* 1-based position of the name */
    int end_line;                 /* closing line of a block */
    const char *included_from;    /* "file:line" of the include, or NULL */
    int synthetic;                /* a block added around a fragment
                                    (lint_fragment_wrap), not in any file */
};

typedef struct lint_annotation_t {
    const char *file;
    int line;
    const char *kind;  /* "frontend", "public-origin" */
    const char *value; /* "https://app.example.com" */
} lint_annotation_t;

/* A `# samesite-lint: disable=a,b` comment. */
typedef struct lint_suppression_t {
    const char *file;
    int line;                  /* line of the comment */
    int trailing;              /* comment follows code on that line */
    apr_array_header_t *rules; /* const char * */
} lint_suppression_t;

typedef struct lint_parse_error_t {
    const char *file;
    int line, col;
    const char *message;
} lint_parse_error_t;

typedef struct lint_config_t {
    lint_dialect_t dialect;
    lint_node_t *root;               /* synthetic block holding the top level */
    apr_array_header_t *files;       /* const char *: every file read */
    apr_array_header_t *annotations; /* lint_annotation_t * */
    apr_array_header_t *suppressions; /* lint_suppression_t * */
    const char *server_root;          /* httpd: the ServerRoot relative paths
                                    resolve against (--root, the ServerRoot
                                    directive, or the main file's dir);
                                    nginx: the prefix */
    apr_array_header_t *errors;       /* lint_parse_error_t *: problems the
                                    parse went on after (an include that
                                    cannot be read, matches nothing or
                                    cycles): reported as syntax-error, exit
                                    2, and the rest is still checked */
    apr_hash_t *files_index; /* lint_file_seen: files[0 .. files_indexed) */
    int files_indexed;
} lint_config_t;

/* Parse PATH (file; for nginx also an `nginx -T` dump).  root is the
 * ServerRoot / nginx prefix for relative includes (NULL: the directory of
 * PATH for nginx, ServerRoot directive or PATH's directory for httpd).
 * Returns APR_SUCCESS, or an error with *err filled; problems the parse
 * went on after are in (*out)->errors. */
apr_status_t lint_parse_nginx(lint_config_t **out, apr_pool_t *p,
                              const char *path, const char *root,
                              lint_parse_error_t *err);
apr_status_t lint_parse_httpd(lint_config_t **out, apr_pool_t *p,
                              const char *path, const char *root,
                              lint_parse_error_t *err);

/* The same with everything the command line can say. */
typedef struct lint_parse_opts_t {
    const char *root;         /* --root: wins over everything */
    const char *default_root; /* without --root: the prefix / ServerRoot
                                 when no ServerRoot directive sets one
                                 (NULL: PATH's directory) */
    apr_hash_t *env;          /* httpd ${VAR}: looked up after Define and
                                 before the process environment (name ->
                                 value; NULL value: unset), or NULL */
} lint_parse_opts_t;
apr_status_t lint_parse_nginx_opts(lint_config_t **out, apr_pool_t *p,
                                   const char *path, const lint_parse_opts_t *o,
                                   lint_parse_error_t *err);
apr_status_t lint_parse_httpd_opts(lint_config_t **out, apr_pool_t *p,
                                   const char *path, const lint_parse_opts_t *o,
                                   lint_parse_error_t *err);
/* Guess the dialect from content (lint_input.c); AUTO when the file
 * cannot be read. */
lint_dialect_t lint_detect_dialect(const char *path);

/* ---- inputs (lint_input.h) -------------------------------------------- */

/* The block a snippet is linted inside. */
typedef enum {
    LINT_CONTEXT_NONE = 0, /* a whole configuration */
    LINT_CONTEXT_HTTP,     /* nginx http {}; httpd: the main server config */
    LINT_CONTEXT_SERVER,   /* nginx server {}; httpd: the main server config */
    LINT_CONTEXT_LOCATION  /* nginx location / {}; httpd <Directory>, as
                              .htaccess is */
} lint_context_t;

/* One PATH as it was read, for the outputs' summary. */
typedef struct lint_input_t {
    const char *path;
    lint_dialect_t dialect;
    int dialect_detected; /* by content, not --type */
    lint_context_t context;
    int context_detected; /* by content, not --context */
    const char *root;     /* where its relative includes resolved */
    const char *env_file; /* the env file its ${VAR} were read from */
} lint_input_t;

/* ---- options & reporting -------------------------------------------- */

typedef struct lint_options_t {
    const char *root;
    lint_dialect_t dialect;
    apr_array_header_t *frontends;      /* const char * from --frontend */
    apr_array_header_t *public_origins; /* const char * from --public-origin:
                                           the origin browsers see (TLS
                                           offload); a "*" host: every
                                           server */
    apr_hash_t *enabled;                /* rule id -> "1" (--enable) */
    apr_hash_t *disabled;               /* rule id -> "1" (--disable) */
    const ss_psl_t *psl;
} lint_options_t;

typedef struct lint_finding_t {
    const char *rule_id;
    ss_severity_t severity;
    const char *file;
    int line, col;
    const char *message;
} lint_finding_t;

typedef struct lint_ctx_t {
    apr_pool_t *pool;
    const lint_options_t *opts;
    const lint_config_t *config;
    apr_array_header_t *findings; /* lint_finding_t * */
    apr_hash_t *seen;             /* de-duplication (lint_report.c) */
    apr_hash_t *probes;           /* scope -> lint_probe_t (lint_probe.c) */
} lint_ctx_t;

/* Report a finding at a node (file:line:col of the node).  Honors
 * suppressions (the node's line, the line before it, the opening line of
 * any enclosing block) and --enable / --disable.  Severity from the
 * core catalog. */
void lint_report(lint_ctx_t *ctx, const char *rule_id, const lint_node_t *node,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The same at severity note, whatever the catalog says: a finding that
 * depends on what the configuration cannot show (what the backend sends,
 * whether a route serves WebSockets, whether frontends exist) and whose
 * message states that condition (SPEC 4, "Certainty"). */
void lint_report_note(lint_ctx_t *ctx, const char *rule_id,
                      const lint_node_t *node, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void lint_report_note_at(lint_ctx_t *ctx, const char *rule_id, const char *file,
                         int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Non-zero when an inline `# samesite-lint: disable=` covers rule_id at
 * file:line (or an enclosing block of node). */
int lint_suppressed(const lint_ctx_t *ctx, const char *rule_id,
                    const char *file, int line, const lint_node_t *node);
/* Same, at an explicit position (annotations, whole-file findings). */
void lint_report_at(lint_ctx_t *ctx, const char *rule_id, const char *file,
                    int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* ---- model & rules (lint_model.c, rules/) ----------------------------- */

typedef struct lint_model_t lint_model_t; /* defined in lint_model.h */

lint_model_t *lint_model_build(lint_ctx_t *ctx);
/* Run every registered rule. */
void lint_rules_run(lint_ctx_t *ctx, const lint_model_t *m);
/* Print the topology table (--topology) to a stdio stream. */
void lint_topology_print(void *stdio_file, apr_pool_t *p,
                         const lint_model_t *m);

typedef void lint_rule_fn(lint_ctx_t *ctx, const lint_model_t *m);
typedef struct lint_rule_t {
    const char *id; /* catalog id (common/ss_diag.c) */
    lint_rule_fn *check;
} lint_rule_t;
/* The registry (rules/registry.c); *n gets the count. */
const lint_rule_t *lint_rule_registry(int *n);
/* The linter can report this catalog id (0: only mod_samesite logs it at
 * runtime, e.g. cors-origin-denied). */
int lint_rule_emitted(const char *id);

#endif
