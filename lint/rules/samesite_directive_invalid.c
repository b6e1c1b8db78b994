/* samesite-directive-invalid: A mod_samesite directive with arguments httpd would reject (apachectl
 * configtest fails).  Validated with the same core parsers the module
 * uses.
 *
 * Full text (what / why / example / use instead / references):
 * `samesite-lint --explain samesite-directive-invalid`, from the core catalog (common/ss_diag.c).
 */
#include <string.h>
#include <apr_strings.h>
#include "lint_model.h"
#include "rules/rule_util.h"

void
lint_rule_samesite_directive_invalid(lint_ctx_t *ctx, const lint_model_t *m)
{
    lint_check_samesite_directives(ctx, m);
}
