/* lint_output.h -- the three output formats. */
#ifndef LINT_OUTPUT_H
#define LINT_OUTPUT_H

#include <stdio.h>
#include "lint.h"

/* inputs: lint_input_t, how each PATH was read (dialect, fragment
 * context, and whether they were detected). */

/* `file:line:col: severity: message [rule-id]` + a summary line, which
 * says what was detected about the inputs. */
void lint_output_text(FILE *o, const apr_array_header_t *findings, int nfiles,
                      const apr_array_header_t *inputs, int color);
/* {"findings": [...], "summary": {..., "inputs": [...]}} */
void lint_output_json(FILE *o, const apr_array_header_t *findings, int nfiles,
                      const apr_array_header_t *inputs);
/* SARIF 2.1.0 with the whole rule catalog as rule metadata; the inputs
 * are the run's "properties". */
void lint_output_sarif(FILE *o, apr_pool_t *p,
                       const apr_array_header_t *findings,
                       const apr_array_header_t *inputs);

/* A JSON string literal (quotes, escapes) of s. */
void lint_json_str(FILE *o, const char *s);

#endif
