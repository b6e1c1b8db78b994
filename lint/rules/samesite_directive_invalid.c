/* samesite-directive-invalid: a mod_samesite directive that httpd would reject.
 *
 * What:
 *   Validates mod_samesite directives with the same parsers the module uses.
 * Why:
 *   httpd refuses to start (apachectl configtest fails) on an invalid
 *   SameSite* argument; catching it in CI avoids a failed deploy.
 * Example:
 *   SameSiteFrontend https://app.example.com/
 * Use instead:
 *   Fix the argument as the message says (origins have no path or trailing
 *   slash; wildcards are https://\*.example.com).
 * References:
 *   SPEC 3.
 *
 * The same text is printed by `samesite-lint --explain samesite-directive-invalid`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
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
