/* The rule registry: one entry per lint/rules/<rule>.c. */
#include "lint.h"

static const lint_rule_t registry[] = {
    { NULL, NULL }
};

const lint_rule_t *
lint_rule_registry(int *n)
{
    *n = (int)(sizeof(registry) / sizeof(registry[0])) - 1;
    return registry;
}
