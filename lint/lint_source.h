/* lint_source.h -- shared by the parsers: file reading, globs, nginx -T
 * dumps, `# samesite-lint:` comments, node construction. */
#ifndef LINT_SOURCE_H
#define LINT_SOURCE_H

#include <apr_hash.h>
#include <apr_fnmatch.h>
#include "lint.h"

/* The files of an `nginx -T` dump, by real name. */
typedef struct lint_source_set_t {
    apr_hash_t *files; /* path -> contents (const char *) */
    const char *first; /* the main file */
} lint_source_set_t;

/* Read a whole file ("-": standard input, as given to
 * lint_source_set_stdin); strips a UTF-8 BOM, turns CRLF / CR into LF.
 * *err: "cannot read: REASON". */
apr_status_t lint_source_read(const char **out, apr_size_t *len, apr_pool_t *p,
                              const char *path, const char **err);
/* Standard input's content, read once by main(), for the path "-". */
void lint_source_set_stdin(const char *buf, apr_size_t len);
int lint_has_glob(const char *s);
const char *lint_path_join(apr_pool_t *p, const char *root, const char *path);
const char *lint_dirname(apr_pool_t *p, const char *path);
/* The file's real path (symlinks, "./", ".." resolved) when it exists,
 * else path: one name per file for cycle detection. */
const char *lint_path_canonical(apr_pool_t *p, const char *path);
/* The same, asked once per name (a snippet included by 10,000 servers). */
const char *lint_path_canonical_memo(apr_hash_t *memo, apr_pool_t *p,
                                     const char *path);
/* Sorted regular files matching a glob (or, for a dump, its files). */
apr_array_header_t *lint_glob(apr_pool_t *p, const char *pattern,
                              lint_source_set_t *dump);
/* NULL when buf is not an `nginx -T` dump. */
lint_source_set_t *lint_dump_split(apr_pool_t *p, const char *buf);
/* Record a comment if it is a `# samesite-lint:` one. */
void lint_source_comment(lint_config_t *cfg, apr_pool_t *p, const char *file,
                         int line, int trailing, const char *text, size_t len);
lint_config_t *lint_config_new(apr_pool_t *p, lint_dialect_t d);
/* Record a problem the parse goes on after (cfg->errors): an include
 * that cannot be read loses its own directives, not the whole file. */
void lint_config_error(lint_config_t *cfg, apr_pool_t *p, const char *file,
                       int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Record the error that stops the parse in *err; returns APR_EGENERAL. */
apr_status_t lint_parse_fail(lint_parse_error_t *err, apr_pool_t *p,
                             const char *file, int line, int col,
                             const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* 1 when canon is among the files being read (reading: canonical
 * names): for the main file *rv is the error that stops the parse; for
 * an include a problem at inc, the inclusion skipped (*rv APR_SUCCESS). */
int lint_include_cycle(apr_status_t *rv, lint_config_t *cfg,
                       lint_parse_error_t *err, apr_pool_t *p,
                       const apr_array_header_t *reading, const char *canon,
                       const char *path, const lint_node_t *inc);
lint_node_t *lint_node_new(apr_pool_t *p, lint_node_t *parent, const char *name,
                           const char *file, int line, int col);
int lint_file_seen(lint_config_t *cfg, const char *path);

#endif
