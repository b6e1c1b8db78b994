/* syntax-error: the configuration does not parse.
 *
 * What:
 *   Reports configurations the parser cannot read (unbalanced blocks,
 *   unterminated quotes, include cycles, missing includes).
 * Why:
 *   nginx -t / apachectl -t would reject the file too; no other check can be
 *   trusted on a file that does not parse, so samesite-lint exits 2.
 * Example:
 *   location / {
 * Use instead:
 *   Fix the syntax at the reported file:line:column.
 * References:
 *   SPEC 4 (a parse failure is exit 2, never 'no issues').
 *
 * The same text is printed by `samesite-lint --explain syntax-error`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_syntax_error(lint_ctx_t *ctx, const lint_model_t *m)
{
    (void)ctx;
    (void)m; /* reported by lint_main.c when a parser fails */
}
