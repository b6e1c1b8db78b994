/* lint_model.h -- the deployment model built from a parsed config.
 * Owned by the model/rules work; see lint.h for the pipeline. */
#ifndef LINT_MODEL_H
#define LINT_MODEL_H

#include "lint.h"

struct lint_model_t {
    const lint_config_t *config;
    apr_array_header_t *servers;   /* filled by lint_model_build */
};

#endif
