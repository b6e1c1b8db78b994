/* nginx_conf_fuzzer / httpd_conf_fuzzer (FUZZ_HTTPD): the parsers and the
 * dialect detection never crash, and whatever parses can be modelled and
 * linted, as a whole configuration or as the fragment it reads as. */
#include <stdio.h>
#include <unistd.h>
#include "fuzz.h"
#include "lint.h"
#include "lint_model.h"
#include "lint_input.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    char path[] = "/tmp/ss-fuzz-XXXXXX";
    int fd;
    lint_config_t *cfg;
    lint_parse_error_t err;
    apr_status_t rv;

    fz_init();
    apr_pool_create(&p, fz_root);
    fd = mkstemp(path);
    FZ_ASSERT(fd >= 0);
    FZ_ASSERT(write(fd, data, size) == (ssize_t)size);
    close(fd);
#ifdef FUZZ_HTTPD
    rv = lint_parse_httpd(&cfg, p, path, "/nonexistent", &err);
#else
    rv = lint_parse_nginx(&cfg, p, path, "/nonexistent", &err);
#endif
    {
        int i;
        char *text = apr_pstrmemdup(p, (const char *)data, size);
        lint_dialect_t d = lint_detect_dialect_text(text, path);
        FZ_ASSERT(d == LINT_DIALECT_NGINX || d == LINT_DIALECT_HTTPD);
        for (i = 0; cfg && i < cfg->errors->nelts; i++) {
            const lint_parse_error_t *e =
                APR_ARRAY_IDX(cfg->errors, i, const lint_parse_error_t *);
            FZ_ASSERT(e->message && e->file && e->line >= 1);
        }
    }
    if (rv == APR_SUCCESS) {
        lint_options_t opts;
        lint_ctx_t ctx;
        memset(&opts, 0, sizeof(opts));
        opts.psl = fz_psl;
        opts.frontends = apr_array_make(p, 1, sizeof(const char *));
        memset(&ctx, 0, sizeof(ctx));
        ctx.pool = p;
        ctx.opts = &opts;
        ctx.config = cfg;
        ctx.findings = apr_array_make(p, 4, sizeof(lint_finding_t *));
        lint_fragment_wrap(cfg, p, lint_fragment_context(cfg, path), path);
        lint_rules_run(&ctx, lint_model_build(&ctx));
    } else {
        FZ_ASSERT(err.message && err.file);
    }
    unlink(path);
    apr_pool_destroy(p);
    return 0;
}
