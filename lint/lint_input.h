/* lint_input.h -- from a PATH on the command line to a parsed
 * configuration: the dialect (--type, or detected from the structure),
 * the root relative includes resolve against, httpd's ${VAR} from the
 * environment and --env-file, and a snippet wrapped as the fragment of
 * a block (--context, or detected). */
#ifndef LINT_INPUT_H
#define LINT_INPUT_H

#include "lint.h"

/* What the user chose for every input. */
typedef struct lint_input_opts_t {
    lint_dialect_t dialect; /* --type; AUTO: detect per file */
    const char *root;       /* --root, or NULL */
    lint_context_t context; /* --context; NONE: detect per file */
    apr_hash_t *env;        /* the environment ${VAR} reads: the process's
                               with --env-file's assignments over it, or
                               NULL (the process's, and an apache2.conf's
                               sibling envvars file as apache2ctl reads
                               it) */
    const char *env_file;   /* --env-file, or NULL */
} lint_input_opts_t;

/* Guess the dialect of a configuration text from its structure outside
 * quotes and comments: directive names each server knows, `<Section>`
 * lines, `{` / `}` blocks and `;` terminators.  name: the file name
 * (".htaccess", "nginx.conf" are hints), may be NULL. */
lint_dialect_t lint_detect_dialect_text(const char *buf, const char *name);

/* Parse path as o says: *in gets the dialect and context used (and
 * whether each was detected), *cfg the configuration (NULL when the file
 * cannot be read), err the fatal error when the result is not
 * APR_SUCCESS.  Non-fatal errors are in (*cfg)->errors. */
apr_status_t lint_input_load(lint_input_t *in, lint_config_t **cfg,
                             apr_pool_t *p, const lint_input_opts_t *o,
                             const char *path, lint_parse_error_t *err);

/* The block a configuration's top level reads as (NONE: a whole
 * configuration), from the directives it holds. */
lint_context_t lint_fragment_context(const lint_config_t *cfg,
                                     const char *path);
/* Make the top level of cfg the inside of synthetic blocks for ctx (nginx
 * http { server { location / { ... } } }, httpd <Directory "DIR">), so the
 * model sees an ordinary server; the real nodes keep their file:line.
 * path: the fragment's file (httpd's <Directory> is its directory). */
void lint_fragment_wrap(lint_config_t *cfg, apr_pool_t *p, lint_context_t ctx,
                        const char *path);

/* The process environment as a table: what ${VAR} falls back to, and
 * what an env file's assignments start from (as a shell sourcing it). */
apr_hash_t *lint_env_process(apr_pool_t *p);
/* Read the shell variable assignments of an env file (Debian's
 * /etc/apache2/envvars: `export NAME=value`, `NAME="$OTHER/x"`,
 * `unset NAME`) into vars, in file order, never running it: $NAME,
 * ${NAME}, ${NAME:-word} and ${NAME-word} are expanded from vars; a value
 * that needs anything else ($(...), `...`, ${NAME##pattern}) leaves NAME
 * undefined; both branches of an `if` are read, the last assignment wins.
 * *err: "FILE:LINE: reason" when it is not shell syntax. */
apr_status_t lint_env_file_read(apr_hash_t *vars, apr_pool_t *p,
                                const char *path, const char **err);

const char *lint_dialect_name(lint_dialect_t d);
const char *lint_context_name(lint_context_t c);

#endif
