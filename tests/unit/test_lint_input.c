/* samesite-lint's inputs (lint/lint_input.c): the dialect a text is read
 * in, the block a snippet is linted inside, and the shell assignments of
 * an env file (Debian's envvars), read without running it. */
#include "test_util.h"
#include "lint_input.h"

static const struct {
    const char *text;
    const char *name; /* file name hint, or NULL */
    lint_dialect_t want;
} dialect_rows[] = {
    /* issue 10 R2: a ';' inside quotes or comments says nothing */
    { "Header always set Strict-Transport-Security \"max-age=63072000; "
      "includeSubDomains\"\n",
      NULL, LINT_DIALECT_HTTPD },
    { "# a; b; c { d }\nServerTokens Prod\n", NULL, LINT_DIALECT_HTTPD },
    { "Header set Content-Security-Policy \"default-src 'self'; "
      "frame-ancestors 'none'\"\nTraceEnable Off\n",
      NULL, LINT_DIALECT_HTTPD },
    { "<IfModule mod_headers.c>\n  # add_header X a;\n  Header set X \"a;b\"\n"
      "</IfModule>\n",
      NULL, LINT_DIALECT_HTTPD },
    { "RewriteEngine On\nRewriteRule ^/a{2}$ /b [L]\n", NULL,
      LINT_DIALECT_HTTPD },
    /* ${VAR} / %{VAR} are not blocks */
    { "Header set X \"%{Origin}i\" env=${ENV}\n", NULL, LINT_DIALECT_HTTPD },
    /* nginx: terminators and names, also without any block */
    { "add_header X-Frame-Options DENY always;\n", NULL, LINT_DIALECT_NGINX },
    { "add_header Content-Security-Policy \"script-src 'self'; object-src "
      "'self'\" always;\n",
      NULL, LINT_DIALECT_NGINX },
    { "include snippets/a.conf;\ninclude snippets/b.conf;\n", NULL,
      LINT_DIALECT_NGINX },
    { "fastcgi_param QUERY_STRING $query_string;\n", NULL, LINT_DIALECT_NGINX },
    { "types {\n    text/html html htm;\n}\n", NULL, LINT_DIALECT_NGINX },
    { "location /a/ {\n    return 204;\n}\n", NULL, LINT_DIALECT_NGINX },
    { "log_format main '$remote_addr '\n    '\"$request\" $status';\n", NULL,
      LINT_DIALECT_NGINX },
    /* the lines of an OpenResty Lua block are Lua, not votes */
    { "location /t {\n    content_by_lua_block {\n        local a = 1\n"
      "        local b = 2\n        local c = a + b\n        local d = c\n"
      "        local e = d * 2\n        if a then\n            ngx.say(a)\n"
      "        elseif b then\n            ngx.say(b)\n        end\n"
      "    }\n}\n",
      NULL, LINT_DIALECT_NGINX },
    /* lower-case httpd is still httpd: statements end with the line */
    { "include conf.d/a.conf\nheader set X y\n", NULL, LINT_DIALECT_HTTPD },
    /* nothing to tell: httpd, where nothing can be a syntax error */
    { "", NULL, LINT_DIALECT_HTTPD },
    { "# only a comment; with { braces }\n", NULL, LINT_DIALECT_HTTPD },
    /* file names lean their way */
    { "", "/srv/www/.htaccess", LINT_DIALECT_HTTPD },
    { "", "/etc/nginx/nginx.conf", LINT_DIALECT_NGINX },
    /* nginx -T */
    { "# configuration file /etc/nginx/nginx.conf:\nServerName x\n", NULL,
      LINT_DIALECT_NGINX },
    /* a shell script (Debian's envvars) is Apache's, not nginx's */
    { "if [ -n \"$X\" ] ; then\n\tSUFFIX=\"-$X\"\nelse\n\tSUFFIX=\nfi\n"
      "export APACHE_LOG_DIR=/var/log/apache2$SUFFIX\n",
      NULL, LINT_DIALECT_HTTPD },
};

static void
test_dialect(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(dialect_rows); i++) {
        lint_dialect_t got = lint_detect_dialect_text(dialect_rows[i].text,
                                                      dialect_rows[i].name);
        if (got != dialect_rows[i].want) {
            fail_msg("row %zu: got %s, want %s:\n%s", i, lint_dialect_name(got),
                     lint_dialect_name(dialect_rows[i].want),
                     dialect_rows[i].text);
        }
    }
}

/* text in a temporary file named after name's last part */
static const char *
tmpfile_with(const char *name, const char *text)
{
    const char *dir, *path;
    char tmpl[] = "/tmp/ss-input-XXXXXX";
    FILE *f;
    assert_non_null(mkdtemp(tmpl));
    dir = apr_pstrdup(tp, tmpl);
    path = apr_pstrcat(tp, dir, "/", name, NULL);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void
rm_tmp(const char *path)
{
    char *dir = apr_pstrdup(tp, path);
    unlink(path);
    *strrchr(dir, '/') = '\0';
    rmdir(dir);
}

static const struct {
    lint_dialect_t dialect;
    const char *name;
    const char *text;
    lint_context_t want;
} context_rows[] = {
    { LINT_DIALECT_NGINX, "a.conf", "add_header X y always;\n",
      LINT_CONTEXT_LOCATION },
    { LINT_DIALECT_NGINX, "a.conf", "if ($x) { return 403; }\n",
      LINT_CONTEXT_LOCATION },
    { LINT_DIALECT_NGINX, "a.conf", "location / { return 204; }\n",
      LINT_CONTEXT_SERVER },
    { LINT_DIALECT_NGINX, "a.conf", "listen 80;\nroot /srv;\n",
      LINT_CONTEXT_SERVER },
    { LINT_DIALECT_NGINX, "a.conf", "server { listen 80; }\n",
      LINT_CONTEXT_HTTP },
    { LINT_DIALECT_NGINX, "a.conf",
      "map $http_origin $ok { default 0; }\nadd_header X $ok;\n",
      LINT_CONTEXT_HTTP },
    /* a whole configuration is never a fragment */
    { LINT_DIALECT_NGINX, "a.conf", "events {}\nhttp {}\n", LINT_CONTEXT_NONE },
    { LINT_DIALECT_NGINX, "a.conf", "worker_processes 2;\n",
      LINT_CONTEXT_NONE },
    { LINT_DIALECT_NGINX, "a.conf", "# nothing\n", LINT_CONTEXT_NONE },
    /* httpd: a file of directives is the main server config; .htaccess a
     * <Directory> */
    { LINT_DIALECT_HTTPD, "a.conf", "Header set X y\n", LINT_CONTEXT_NONE },
    { LINT_DIALECT_HTTPD, ".htaccess", "Header set X y\n",
      LINT_CONTEXT_LOCATION },
    { LINT_DIALECT_HTTPD, ".htaccess",
      "<VirtualHost *:80>\nServerName a\n</VirtualHost>\n", LINT_CONTEXT_NONE },
};

static void
test_context(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(context_rows); i++) {
        const char *path =
            tmpfile_with(context_rows[i].name, context_rows[i].text);
        lint_config_t *cfg = NULL;
        lint_parse_error_t err;
        lint_context_t got;
        apr_status_t rv = context_rows[i].dialect == LINT_DIALECT_NGINX
                              ? lint_parse_nginx(&cfg, tp, path, NULL, &err)
                              : lint_parse_httpd(&cfg, tp, path, NULL, &err);
        rm_tmp(path);
        if (rv != APR_SUCCESS) {
            fail_msg("row %zu: does not parse: %s", i, err.message);
        }
        got = lint_fragment_context(cfg, path);
        if (got != context_rows[i].want) {
            fail_msg("row %zu: got context %d, want %d:\n%s", i, got,
                     context_rows[i].want, context_rows[i].text);
        }
    }
}

/* The wrapped nodes keep their file:line and hang under the synthetic
 * location, which is under a synthetic server and http. */
static void
test_wrap(void **state)
{
    const char *path = tmpfile_with(
        "cors.conf",
        "\nadd_header Access-Control-Allow-Origin $http_origin;\n");
    lint_config_t *cfg = NULL;
    lint_parse_error_t err;
    const lint_node_t *http, *srv, *loc, *n;
    (void)state;
    assert_int_equal(lint_parse_nginx(&cfg, tp, path, NULL, &err), APR_SUCCESS);
    rm_tmp(path);
    lint_fragment_wrap(cfg, tp, LINT_CONTEXT_LOCATION, path);
    assert_int_equal(cfg->root->children->nelts, 1);
    http = APR_ARRAY_IDX(cfg->root->children, 0, lint_node_t *);
    assert_string_equal(http->name, "http");
    assert_true(http->synthetic && http->is_block);
    srv = APR_ARRAY_IDX(http->children, 0, lint_node_t *);
    assert_string_equal(srv->name, "server");
    assert_int_equal(srv->args->nelts, 0); /* no name, no listen */
    assert_int_equal(srv->children->nelts, 1);
    loc = APR_ARRAY_IDX(srv->children, 0, lint_node_t *);
    assert_string_equal(loc->name, "location");
    assert_string_equal(APR_ARRAY_IDX(loc->args, 0, const char *), "/");
    n = APR_ARRAY_IDX(loc->children, 0, lint_node_t *);
    assert_string_equal(n->name, "add_header");
    assert_false(n->synthetic);
    assert_ptr_equal(n->parent, loc);
    assert_int_equal(n->line, 2);
    assert_string_equal(n->file, path);
}

static const struct {
    const char *text;
    const char *want; /* "NAME=value" or "NAME" (undefined), ';'-separated */
} env_rows[] = {
    { "export A=1\nB=2\n", "A=1;B=2" },
    { "export A='x $y'\n", "A=x $y" },
    { "export A=\"a b\"\nB=\"$A/c\"\nC=${A}d\n", "A=a b;B=a b/c;C=a bd" },
    { "A=${SS_TEST_NEVER_SET:-/opt/d} B=${SS_TEST_NEVER_SET-e}\n",
      "A=/opt/d;B=e" },
    { "A=1; B=2 # comment; C=3\n", "A=1;B=2;C" },
    { "A=\"multi \\\nline\"\n", "A=multi line" },
    { "A=one\\ two\n", "A=one two" },
    /* what needs the shell to run leaves the variable undefined */
    { "A=1\nA=$(hostname)\n", "A" },
    { "A=`uname`\n", "A" },
    { "A=${B##/etc/}\n", "A" },
    /* both branches are read, the last assignment wins (Debian's SUFFIX) */
    { "if [ \"${C##x}\" != \"$C\" ] ; then\n\tS=\"-${C##x}\"\nelse\n\tS=\n"
      "fi\nexport D=/var/log/apache2$S\n",
      "S=;D=/var/log/apache2" },
    { "export A=1\nunset A\n", "A" },
    { "export A\nexport LANG=C\n", "LANG=C" },
    /* not an assignment */
    { "echo A=1\n\"B\"=2\n", "A;B" },
};

static void
test_env(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(env_rows); i++) {
        const char *path = tmpfile_with("envvars", env_rows[i].text);
        apr_hash_t *vars = apr_hash_make(tp);
        const char *err = NULL;
        char *want = apr_pstrdup(tp, env_rows[i].want), *tok, *last;
        apr_status_t rv = lint_env_file_read(vars, tp, path, &err);
        rm_tmp(path);
        if (rv != APR_SUCCESS) {
            fail_msg("row %zu: %s", i, err);
        }
        for (tok = apr_strtok(want, ";", &last); tok;
             tok = apr_strtok(NULL, ";", &last)) {
            char *eq = strchr(tok, '=');
            const char *got;
            if (eq) {
                *eq = '\0';
            }
            got = apr_hash_get(vars, tok, APR_HASH_KEY_STRING);
            if (eq ? !got || strcmp(got, eq + 1) : got != NULL) {
                fail_msg("row %zu: %s is '%s', want %s%s", i, tok,
                         got ? got : "(undefined)", eq ? eq + 1 : "undefined",
                         "");
            }
        }
    }
}

static void
test_env_errors(void **state)
{
    const char *path = tmpfile_with("envvars", "A=1\nexport B=\"x\n");
    apr_hash_t *vars = apr_hash_make(tp);
    const char *err = NULL;
    (void)state;
    assert_int_not_equal(lint_env_file_read(vars, tp, path, &err), APR_SUCCESS);
    assert_non_null(strstr(err, "envvars:2: unterminated \" quote"));
    rm_tmp(path);
    assert_int_not_equal(lint_env_file_read(vars, tp, path, &err), APR_SUCCESS);
    assert_non_null(strstr(err, "cannot read"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_dialect), T(test_context),    T(test_wrap),
        T(test_env),     T(test_env_errors),
    };
    return RUN(tests);
}
