/* syntax-error: The configuration does not parse (unbalanced braces or sections,
 * unterminated quotes, missing include, include cycle).  Reported by the
 * parsers with file:line:col; the exit status is 2.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain syntax-error`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_syntax_error(lint_ctx_t *ctx, const lint_model_t *m)
{
    (void)ctx;
    (void)m;   /* reported by lint_main.c when a parser fails */
}
