/* lint_output.h -- the three output formats. */
#ifndef LINT_OUTPUT_H
#define LINT_OUTPUT_H

#include <stdio.h>
#include "lint.h"

/* `file:line:col: severity: message [rule-id]` + a summary line. */
void lint_output_text(FILE *o, const apr_array_header_t *findings, int nfiles,
                      int color);
/* {"findings": [...], "summary": {...}} */
void lint_output_json(FILE *o, const apr_array_header_t *findings, int nfiles);
/* SARIF 2.1.0 with the whole rule catalog as rule metadata. */
void lint_output_sarif(FILE *o, apr_pool_t *p,
                       const apr_array_header_t *findings);

/* A JSON string literal (quotes, escapes) of s. */
void lint_json_str(FILE *o, const char *s);

#endif
