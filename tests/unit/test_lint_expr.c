/* samesite-lint's ap_expr evaluation (lint/lint_httpd_expr.c): one row
 * per expression and request, the result httpd 2.4.71 gives.
 *
 * Every row is replayed against the real Apache by tests/unit/
 * expr-vs-httpd (`test_lint_expr --rows` prints them as JSON lines):
 * a 1 / 0 row inside <If>, its Vary and $0-$9 (through SetEnvIfExpr)
 * too; a "httpd rejects" row with apache2 -t, which must fail; every
 * other -1 row must load; a string row as `Header set X "expr=..."`.
 * Rows marked NO_HTTPD say why they cannot be replayed. */
#include "test_util.h"
#include "lint_httpd_expr.h"

/* the request of a row */
typedef struct {
    const char *method, *uri, *query;
    const char *hdrs; /* "Name: value" lines; Host defaults to
                         www.example.com */
    const char *env;  /* "NAME=value" lines (SetEnvIf in the replay) */
    const char *resp; /* response headers "Name: value" lines */
    const char *note; /* "NAME=value" lines (no replay) */
} xreq_t;

#define DEFAULT_HOST "www.example.com"

/* the value of NAME in "NAME<sep>value" lines (NAME without case) */
static const char *
line_value(const char *lines, const char *name, char sep)
{
    size_t n = strlen(name);
    const char *l = lines;
    while (l && *l) {
        const char *e = strchr(l, '\n');
        size_t len = e ? (size_t)(e - l) : strlen(l);
        if (len > n && !strncasecmp(l, name, n) && l[n] == sep) {
            const char *v = l + n + 1;
            while (*v == ' ' && v < l + len) {
                v++;
            }
            return apr_pstrmemdup(tp, v, len - (v - l));
        }
        l = e ? e + 1 : NULL;
    }
    return NULL;
}

static const char *
req_header(const xreq_t *r, const char *name)
{
    const char *v = line_value(r->hdrs, name, ':');
    return v || strcasecmp(name, "Host") ? v : DEFAULT_HOST;
}

/* What the replay's Apache knows: its request, a server named by the
 * Host header on port 80, HTTP/1.1 from 127.0.0.1. */
static const char *
lookup(void *baton, const char *kind, const char *name)
{
    const xreq_t *r = baton;
    if (!strcmp(kind, "http")) {
        return req_header(r, name);
    }
    if (!strcmp(kind, "env")) {
        return line_value(r->env, name, '=');
    }
    if (!strcmp(kind, "resp")) {
        return line_value(r->resp, name, ':');
    }
    if (!strcmp(kind, "note")) {
        return line_value(r->note, name, '=');
    }
    if (!strcmp(kind, "osenv")) {
        return NULL;
    }
    if (!strcasecmp(name, "REQUEST_METHOD")) {
        return r->method;
    }
    if (!strcasecmp(name, "REQUEST_URI")) {
        return r->uri;
    }
    if (!strcasecmp(name, "QUERY_STRING")) {
        return r->query;
    }
    if (!strcasecmp(name, "REQUEST_SCHEME")) {
        return "http";
    }
    if (!strcasecmp(name, "HTTPS")) {
        return "off";
    }
    if (!strcasecmp(name, "SERVER_NAME")) {
        return req_header(r, "Host");
    }
    if (!strcasecmp(name, "SERVER_PORT")) {
        return "80";
    }
    if (!strcasecmp(name, "SERVER_PROTOCOL")) {
        return "HTTP/1.1";
    }
    if (!strcasecmp(name, "THE_REQUEST")) {
        return apr_pstrcat(tp, r->method, " ", r->uri, r->query ? "?" : "",
                           r->query ? r->query : "", " HTTP/1.1", NULL);
    }
    if (!strncasecmp(name, "TIME", 4)) {
        return LINT_EXPR_UNKNOWN;
    }
    return NULL;
}

#define GET  "GET", "/", NULL
#define POST "POST", "/", NULL
/* want -1: a part of *err */
#define REJECT   "httpd rejects the expression (apache2 -t"
#define ABORT    "httpd rejects the expression (it aborts"
#define NOTSIM   "not simulated"
#define UNKNOWN  "the request does not say"
#define FAILS    "httpd fails to evaluate it"
#define NO_HTTPD 1 /* not replayed against Apache (the row says why) */

static const struct {
    const char *expr;
    xreq_t req;
    int want;         /* 1, 0, -1 */
    const char *also; /* want -1: part of *err; else the Vary, "" none */
    const char *caps; /* $0|$1|... after it; NULL: not checked */
    int no_httpd;
} rows[] = {
    /* logic, precedence (! over && over ||), both spellings */
    { "true", { GET }, 1, "", NULL, 0 },
    { "false", { GET }, 0, "", NULL, 0 },
    { "!true", { GET }, 0, "", NULL, 0 },
    { "!!true", { GET }, 1, "", NULL, 0 },
    { "not true or true and false", { GET }, 0, "", NULL, 0 },
    { "true || false && false", { GET }, 1, "", NULL, 0 },
    { "!true || true", { GET }, 1, "", NULL, 0 },
    { "!(true || true)", { GET }, 0, "", NULL, 0 },
    { "(false || true) && !(false)", { GET }, 1, "", NULL, 0 },
    { "true&&false", { GET }, 0, "", NULL, 0 },
    /* string comparison, byte order, case */
    { "%{REQUEST_METHOD} == 'GET'", { GET }, 1, "", NULL, 0 },
    { "%{REQUEST_METHOD} == 'GET'", { POST }, 0, "", NULL, 0 },
    { "%{REQUEST_METHOD} = \"POST\"", { POST }, 1, "", NULL, 0 },
    { "%{REQUEST_METHOD} != 'get'", { GET }, 1, "", NULL, 0 },
    { "'a' < 'b' && 'b' <= 'b' && 'c' > 'b' && 'c' >= 'c'",
      { GET },
      1,
      "",
      NULL,
      0 },
    { "'10' > '9'", { GET }, 0, "", NULL, 0 },
    { "%{REQUEST_URI} == '/api/x'",
      { "GET", "/api/x", "a=1" },
      1,
      "",
      NULL,
      0 },
    /* integers: apr_atoi64, as httpd */
    { "'10' -gt '9'", { GET }, 1, "", NULL, 0 },
    { "-1 -lt 0 && 2 lt 10 && 3 -ge 3 && 4 -le 5 && 5 -ne 6 && 7 eq 7",
      { GET },
      1,
      "",
      NULL,
      0 },
    { "'abc' -eq 0", { GET }, 1, "", NULL, 0 },
    { "'12abc' -eq 12", { GET }, 1, "", NULL, 0 },
    { "007 == 7", { GET }, 0, "", NULL, 0 },
    { "007 -eq 7", { GET }, 1, "", NULL, 0 },
    { "'99999999999999999999' -gt 1", { GET }, 1, "", NULL, 0 },
    /* regexes: /re/, m<d>re<d>, the i flag, PCRE2 */
    { "req('Origin') =~ m#^https://app\\.example\\.com$#",
      { GET, "Origin: https://app.example.com" },
      1,
      "Origin",
      NULL,
      0 },
    { "req('Origin') =~ m#^https://app\\.example\\.com$#",
      { GET, "Origin: https://app.example.com.evil.test" },
      0,
      "Origin",
      NULL,
      0 },
    { "req('Origin') =~ /^HTTPS:/i",
      { GET, "Origin: https://a.test" },
      1,
      "Origin",
      NULL,
      0 },
    { "req('Origin') =~ /^HTTPS:/",
      { GET, "Origin: https://a.test" },
      0,
      "Origin",
      NULL,
      0 },
    { "req('Origin') !~ m,^https://,",
      { GET, "Origin: http://a.test" },
      1,
      "Origin",
      NULL,
      0 },
    { "'x' =~ m\"x\" && 'y' =~ m'y' && 'z' =~ m|z|", { GET }, 1, "", NULL, 0 },
    /* $0-$9: set by a regex with groups, kept by one without, cleared by
     * a failed one; none before the first */
    { "req('Origin') =~ m#^https://([a-z]+)\\.example\\.com$# && $1 == 'app'",
      { GET, "Origin: https://app.example.com" },
      1,
      "Origin",
      "https://app.example.com|app",
      0 },
    { "$0 == '' && '$1' == ''", { GET }, 1, "", "", 0 },
    { "'ab' =~ /(a)(x)?/ && 'zz' =~ /z/ && $1 == 'a' && $2 == ''",
      { GET },
      1,
      "",
      "a|a|",
      0 },
    { "'ab' =~ /(a)/ && ('zz' =~ /(q)/ || $1 == '')", { GET }, 1, "", "", 0 },
    { "'ab' =~ /(a)/ && \"x$1y\" == 'xay'", { GET }, 1, "", "a|a", 0 },
    { "'ab' =~ /(a)/ && 'zz' !~ /(q)/", { GET }, 1, "", "", 0 },
    /* the regex ends at the first delimiter, escaped or not */
    { "req('Origin') =~ /^https:\\/\\/a/",
      { GET },
      -1,
      REJECT " fails): Failed to compile regular expression",
      NULL,
      0 },
    { "'a' =~ /(/", { GET }, -1, "Failed to compile", NULL, 0 },
    { "'a' =~ /abc",
      { GET },
      -1,
      REJECT " fails): unterminated regex",
      NULL,
      0 },
    { "'a' =~ /a/x", { GET }, -1, "syntax error", NULL, 0 },
    { "'a' =~ m{a}", { GET }, -1, "syntax error", NULL, 0 },
    { "'a' =~ 'a'", { GET }, -1, "expecting a regex", NULL, 0 },
    { "'a\\nb' =~ /a.b/",
      { GET },
      -1,
      NOTSIM ": a newline in the subject",
      NULL,
      0 },
    /* in { } and the list functions 2.4 does not have */
    { "%{REQUEST_METHOD} in { 'GET', 'HEAD' }", { GET }, 1, "", NULL, 0 },
    { "%{REQUEST_METHOD} -in {'GET','HEAD'}", { POST }, 0, "", NULL, 0 },
    { "req('X-A') in { req('X-B'), req('X-C') }",
      { GET, "X-A: a\nX-B: b" },
      0,
      "X-A, X-C, X-B",
      NULL,
      0 },
    { "req('X-A') in { req('X-B'), req('X-C') }",
      { GET, "X-A: a\nX-C: a" },
      1,
      "X-A, X-C",
      NULL,
      0 },
    { "'a' in {}", { GET }, -1, "syntax error", NULL, 0 },
    { "'a' in { 'a', }", { GET }, -1, "syntax error", NULL, 0 },
    { "'a' in split(/,/, 'a,b')", { GET }, -1, "syntax error", NULL, 0 },
    { "'a' in PeerExtList('1.2')", { GET }, -1, NOTSIM ": mod_ssl's", NULL, 0 },
    { "'a' in peerextlist('1.2')", { GET }, -1, NOTSIM ": mod_ssl's", NULL, 0 },
    { "'a' in tolower('a')",
      { GET },
      -1,
      "List-returning function 'tolower' does not exist",
      NULL,
      0 },
    { "SSL('SSL_PROTOCOL') == ''",
      { GET },
      -1,
      NOTSIM ": mod_ssl's SSL()",
      NULL,
      0 },
    /* unary operators */
    { "-n req('X-A') && -z req('X-Missing')",
      { GET, "X-A: a" },
      1,
      "X-A, X-Missing",
      NULL,
      0 },
    { "-T 'off' || -T 'No' || -T 'FALSE' || -T '0' || -T ''",
      { GET },
      0,
      "",
      NULL,
      0 },
    { "-T 'yes' && -T '00' && -T 'offx'", { GET }, 1, "", NULL, 0 },
    { "-R '127.0.0.0/8'", { GET }, 1, "", NULL, 0 },
    { "-R '10.0.0.0/8'", { GET }, 0, "", NULL, 0 },
    { "-R req('X-Net')",
      { GET },
      -1,
      "-R requires subnet/netmask as constant argument",
      NULL,
      0 },
    { "-R '1.2.3.4/33'",
      { GET },
      -1,
      "parsing of subnet/netmask failed",
      NULL,
      0 },
    { "-f ''", { GET }, 0, "", NULL, 0 },
    { "-d '/tmp'",
      { GET },
      -1,
      NOTSIM ": -d tests the server's filesystem",
      NULL,
      0 },
    { "-F '/index.html'",
      { GET },
      -1,
      NOTSIM ": -F runs a subrequest",
      NULL,
      0 },
    { "-X 'x'", { GET }, -1, "Unary operator '-X' does not exist", NULL, 0 },
    /* binary operators */
    { "%{REMOTE_ADDR} -ipmatch '127.0.0.1/8'", { GET }, 1, "", NULL, 0 },
    { "%{REMOTE_ADDR} -IPMATCH '10.0.0.0/8'", { GET }, 0, "", NULL, 0 },
    { "'192.168.1.5' -ipmatch '192.168.1.0/255.255.255.0'",
      { GET },
      1,
      "",
      NULL,
      0 },
    { "'::1' -ipmatch '::1/128' && '::ffff:10.1.2.3' -ipmatch '10.0.0.0/8'",
      { GET },
      1,
      "",
      NULL,
      0 },
    { "'' -ipmatch '10.0.0.0/8'", { GET }, 0, "", NULL, 0 },
    { "'localhost' -ipmatch '127.0.0.1'",
      { GET },
      -1,
      NOTSIM ": 'localhost' is no IP address",
      NULL,
      0 },
    { "%{REMOTE_ADDR} -ipmatch 10",
      { GET },
      -1,
      "-ipmatch requires subnet/netmask as constant argument",
      NULL,
      0 },
    { "%{REMOTE_ADDR} -ipmatch ''",
      { GET },
      -1,
      "parsing of subnet/netmask failed",
      NULL,
      0 },
    { "req('Origin') -strmatch 'https://*.example.com'",
      { GET, "Origin: https://app.example.com" },
      1,
      "Origin",
      NULL,
      0 },
    { "req('Origin') -strmatch 'https://*.example.com'",
      { GET, "Origin: https://APP.example.com" },
      1,
      "Origin",
      NULL,
      0 },
    { "req('Origin') -strmatch 'https://*.EXAMPLE.com'",
      { GET, "Origin: https://app.example.com" },
      0,
      "Origin",
      NULL,
      0 },
    { "req('Origin') -strcmatch 'https://*.EXAMPLE.com'",
      { GET, "Origin: https://app.example.com" },
      1,
      "Origin",
      NULL,
      0 },
    { "'/a/b' -strmatch '/*' && !('/a/b' -fnmatch '/*')",
      { GET },
      1,
      "",
      NULL,
      0 },
    { "req('X-A') -strmatch req('X-B')",
      { GET, "X-A: a\nX-B: [a]" },
      1,
      "X-B, X-A",
      NULL,
      0 },
    { "'a' -foo 'b'",
      { GET },
      -1,
      "Binary operator '-foo' does not exist",
      NULL,
      0 },
    /* quoted strings: escapes as 2.4's scanner (no \x), %{...}, $N */
    { "'a\\tb' == \"a\\tb\" && '\\101' == 'A' && '\\x41' == 'x41'",
      { GET },
      1,
      "",
      NULL,
      0 },
    { "'it\\'s' == \"it's\" && '\\q' == 'q' && '\"' == \"\\\"\"",
      { GET },
      1,
      "",
      NULL,
      0 },
    { "\"%{REQUEST_METHOD}x\" == 'GETx' && '100%' == '100%' && '}$' == '}$'",
      { GET },
      1,
      "",
      NULL,
      0 },
    { "'\\8' == ''", { GET }, -1, "Bad escape sequence", NULL, 0 },
    { "'\\0123' == ''", { GET }, -1, "Bad escape sequence", NULL, 0 },
    { "'\\400' == ''", { GET }, -1, "Escape sequence out of bound", NULL, 0 },
    { "'abc", { GET }, -1, "Unterminated string or variable", NULL, 0 },
    { "'abc\\", { GET }, -1, ABORT, NULL, 0 },
    { "'a' 'b'", { GET }, -1, "syntax error", NULL, 0 },
    { "'%{' == ''",
      { GET },
      -1,
      "Invalid character in variable name",
      NULL,
      0 },
    /* variables: case-insensitive names, defaults for 127.0.0.1 */
    { "%{HTTP_HOST} == 'www.example.com' && %{http_host} == %{SERVER_NAME}",
      { GET },
      1,
      "",
      NULL,
      0 },
    { "%{HTTP_USER_AGENT} == 'curl' && %{HTTP_ACCEPT} == ''",
      { GET, "User-Agent: curl" },
      1,
      "User-Agent, Accept",
      NULL,
      0 },
    { "%{REMOTE_ADDR} == '127.0.0.1' && %{IPV6} == 'off' && "
      "%{CONN_REMOTE_ADDR} == '127.0.0.1'",
      { GET },
      1,
      "",
      NULL,
      0 },
    { "%{HTTPS} == 'off' && %{REQUEST_SCHEME} == 'http' && %{HTTP2} == 'off'",
      { GET },
      1,
      "",
      NULL,
      0 },
    { "%{QUERY_STRING} == 'a=1&b' && %{THE_REQUEST} == 'GET /x?a=1&b "
      "HTTP/1.1'",
      { "GET", "/x", "a=1&b" },
      1,
      "",
      NULL,
      0 },
    { "%{QUERY_STRING} == '' && %{IS_SUBREQ} == 'false'",
      { GET },
      1,
      "",
      NULL,
      0 },
    { "%{API_VERSION} == '20120211' && %{SERVER_PROTOCOL} == 'HTTP/1.1'",
      { GET },
      1,
      "",
      NULL,
      0 },
    { "%{HTTP_ORIGIN} == ''",
      { GET },
      -1,
      "Variable 'HTTP_ORIGIN' does not exist",
      NULL,
      0 },
    { "%{SERVER_ADDR} == ''", { GET }, -1, "Variable 'SERVER_ADDR'", NULL, 0 },
    { "%{SSL_PROTOCOL} == 'TLSv1.3'",
      { GET },
      -1,
      NOTSIM ": mod_ssl",
      NULL,
      0 },
    { "%{ssl_protocol} == 'TLSv1.3'",
      { GET },
      -1,
      NOTSIM ": mod_ssl",
      NULL,
      0 },
    { "%{TIME_HOUR} -lt 12",
      { GET },
      -1,
      UNKNOWN " what var 'TIME_HOUR' is",
      NULL,
      0 },
    { "%{DOCUMENT_ROOT} == '/var/www'",
      { GET },
      -1,
      UNKNOWN " what %{DOCUMENT_ROOT} is",
      NULL,
      0 },
    { "%{ HTTP_HOST} == ''",
      { GET },
      -1,
      "Invalid character in variable name ' '",
      NULL,
      0 },
    { "%{} == ''", { GET }, -1, "without a name", NULL, 0 },
    /* %{func:arg}, functions, Vary as httpd adds it */
    { "%{HTTP:X-A} == 'a' && %{req:x-b} == ''",
      { GET, "X-A: a" },
      1,
      "X-A, x-b",
      NULL,
      0 },
    { "http('x-a') == 'a'", { GET, "X-A: a" }, 1, "x-a", NULL, 0 },
    { "req_novary('X-A') == 'a' && req('Host') == 'www.example.com'",
      { GET, "X-A: a" },
      1,
      "",
      NULL,
      0 },
    { "%{HTTP:} == ''", { GET }, -1, "without an argument", NULL, 0 },
    { "%{HTTP:X'A} == ''", { GET }, -1, ABORT, NULL, 0 },
    { "tolower(req('X-A')) == 'abc' && TOUPPER('abc') == 'ABC'",
      { GET, "X-A: AbC" },
      1,
      "X-A",
      NULL,
      0 },
    { "escape('a b/c?d#e%') == 'a%20b/c%3fd%23e%25'", { GET }, 1, "", NULL, 0 },
    { "unescape('%41%2f%2F%25') == 'A%2f%2F%' && unescape('%zz') == '' && "
      "unescape('a%00') == ''",
      { GET },
      1,
      "",
      NULL,
      0 },
    { "base64('abcd') == 'YWJjZA==' && unbase64('YWJj') == 'abc' && "
      "unbase64('YW*Jj') == 'a'",
      { GET },
      1,
      "",
      NULL,
      0 },
    { "md5('a') == '0cc175b9c0f1b6a831c399e269772661' && sha1('a') == "
      "'86f7e437faa5a7fce15d1ddcb9eaeaea377667b8'",
      { GET },
      1,
      "",
      NULL,
      0 },
    { "env('FOO') == 'bar' && reqenv('FOO') == 'bar' && %{ENV:FOO} == 'bar'",
      { GET, NULL, "FOO=bar" },
      1,
      "",
      NULL,
      0 },
    { "env('SAMESITE_NOPE') == '' && reqenv('FOO') == ''",
      { GET },
      1,
      "",
      NULL,
      0 },
    { "resp('X-Backend') == 'yes'",
      { GET, NULL, NULL, "X-Backend: yes" },
      1,
      "",
      NULL,
      0 },
    /* notes cannot be set from a configuration */
    { "note('n') == 'v' && env('n') == 'v'",
      { GET, NULL, NULL, NULL, "n=v" },
      1,
      "",
      NULL,
      NO_HTTPD },
    { "file('/etc/hostname') == ''",
      { GET },
      -1,
      NOTSIM ": file() reads the server's filesystem",
      NULL,
      0 },
    { "filesize('/etc/hostname') == 0",
      { GET },
      -1,
      NOTSIM ": filesize()",
      NULL,
      0 },
    { "ldap('a') == 'a'", { GET }, -1, NOTSIM ": ldap()", NULL, 0 },
    { "nofunc('a') == ''",
      { GET },
      -1,
      "Function 'nofunc' does not exist",
      NULL,
      0 },
    { "tolower('a', 'b') == 'a'", { GET }, -1, "syntax error", NULL, 0 },
    /* concatenation and httpd's evaluation order (seen in Vary) */
    { "'a' . 'b' . 1 == 'ab1'", { GET }, 1, "", NULL, 0 },
    { "req('X-A') . req('X-B') == 'ab'",
      { GET, "X-A: a\nX-B: b" },
      1,
      "X-A, X-B",
      NULL,
      0 },
    { "'%{HTTP:X-A}%{HTTP:X-B}' == 'ab'",
      { GET, "X-A: a\nX-B: b" },
      1,
      "X-A, X-B",
      NULL,
      0 },
    { "'%{HTTP:X-A}%{HTTP:X-B}%{HTTP:X-C}' == 'ab'",
      { GET, "X-A: a\nX-B: b" },
      1,
      "X-C, X-B, X-A",
      NULL,
      0 },
    { "req('X-A') == req('X-B')",
      { GET, "X-A: a\nX-B: b" },
      0,
      "X-B, X-A",
      NULL,
      0 },
    { "req('X-A') == 'z' && req('X-B') == 'b' || req('X-C') == 'c'",
      { GET, "X-A: a\nX-B: b" },
      0,
      "X-A, X-C",
      NULL,
      0 },
    { "(req('X-A') == 'q' || req('X-B') == 'q') && req('X-C') == 'q'",
      { GET, "X-A: a\nX-B: b" },
      0,
      "X-A, X-B",
      NULL,
      0 },
    /* httpd's recursion limit: 18 nested calls pass, 19 fail (<Else>) */
    { "tolower(tolower(tolower(tolower(tolower(tolower(tolower(tolower("
      "tolower(tolower(tolower(tolower(tolower(tolower(tolower(tolower("
      "tolower(tolower('A')))))))))))))))))) == 'a'",
      { GET },
      1,
      "",
      NULL,
      0 },
    { "tolower(tolower(tolower(tolower(tolower(tolower(tolower(tolower("
      "tolower(tolower(tolower(tolower(tolower(tolower(tolower(tolower("
      "tolower(tolower(tolower('A'))))))))))))))))))) == 'a'",
      { GET },
      -1,
      FAILS ": Recursion limit reached",
      NULL,
      0 },
    /* syntax httpd 2.4 rejects */
    { "true &&", { GET }, -1, "unexpected end of expression", NULL, 0 },
    { "(true", { GET }, -1, "syntax error", NULL, 0 },
    { "true)", { GET }, -1, "expecting the end", NULL, 0 },
    { "'a' == 'b' == 'c'", { GET }, -1, "syntax error", NULL, 0 },
    { "(%{REQUEST_METHOD}) == 'GET'", { GET }, -1, "syntax error", NULL, 0 },
    { "'x' == true", { GET }, -1, "syntax error", NULL, 0 },
    { "TRUE", { GET }, -1, "syntax error", NULL, 0 },
    { "1a == 1", { GET }, -1, "syntax error", NULL, 0 },
    { "- 1 == 1", { GET }, -1, "Parse error near '-'", NULL, 0 },
    { "'a' & 'b'", { GET }, -1, "Parse error near '&'", NULL, 0 },
    { "", { GET }, -1, "unexpected end of expression", NULL, 0 },
    { "$10 == ''", { GET }, -1, "syntax error", NULL, 0 },
    { "'a' \x01 'b'", { GET }, -1, "Parse error near '\\x01'", NULL, 0 },
};

/* String expressions: `Header set X "expr=..."`. */
static const struct {
    const char *str;
    xreq_t req;
    const char *caps; /* "$0|$1|..." passed in; NULL none */
    const char *want; /* NULL: -1 */
    const char *err;  /* want NULL: part of *err */
    int no_httpd;
} srows[] = {
    { "", { GET }, NULL, "", NULL, 0 },
    { "plain text", { GET }, NULL, "plain text", NULL, 0 },
    { "%{REQUEST_METHOD} %{REQUEST_URI}",
      { "GET", "/x", NULL },
      NULL,
      "GET /x",
      NULL,
      0 },
    /* quotes, '.', '$', '%', '}' are text; escapes are not */
    { "a'b\"c.x$1%%$$}{", { GET }, NULL, "a'b\"c.x%%$$}{", NULL, 0 },
    { "tab\\there\\101\\q",
      { GET },
      NULL,
      "tab\there"
      "Aq",
      NULL,
      0 },
    { "%{HTTP:X-A}|%{req:x-a}|%{tolower:%{HTTP:X-Q}Z}",
      { GET, "X-A: a\nX-Q: Qv" },
      NULL,
      "a|a|qvz",
      NULL,
      0 },
    { "%{tolower:A\\}B}", { GET }, NULL, "a}b", NULL, 0 },
    { "%{escape:a b?}|%{unescape:%41%2f%2F%25}",
      { GET },
      NULL,
      "a%20b%3f|A%2f%2F%",
      NULL,
      0 },
    { "%{base64:abcd}|%{unbase64:YW*Jj}|%{md5:a}",
      { GET },
      NULL,
      "YWJjZA==|a|0cc175b9c0f1b6a831c399e269772661",
      NULL,
      0 },
    { "%{ENV:FOO}-%{reqenv:FOO}",
      { GET, NULL, "FOO=bar" },
      NULL,
      "bar-bar",
      NULL,
      0 },
    /* httpd gives mod_headers no $0-$9: the replay would print "" */
    { "[$1]", { GET }, "ab|a", "[a]", NULL, NO_HTTPD },
    { "[$1]", { GET }, NULL, "[]", NULL, 0 },
    { "%{TIME}", { GET }, NULL, NULL, UNKNOWN, 0 },
    { "%{NOPE}", { GET }, NULL, NULL, "Variable 'NOPE' does not exist", 0 },
    { "a\\", { GET }, NULL, NULL, ABORT, 0 },
    { "%{tolower:a'b}", { GET }, NULL, NULL, ABORT, 0 },
    { "%{tolower:a", { GET }, NULL, NULL, "Unterminated", 0 },
    /* a configuration line holds no newline */
    { "line\nbreak", { GET }, NULL, NULL, "Unterminated", NO_HTTPD },
};

static apr_array_header_t *
split_caps(const char *s)
{
    apr_array_header_t *a = apr_array_make(tp, 4, sizeof(const char *));
    char *last, *dup = apr_pstrdup(tp, s);
    const char *f;
    if (!*s) {
        return a;
    }
    for (f = dup;; f = last + 1) {
        last = strchr(f, '|');
        if (last) {
            *last = '\0';
        }
        APR_ARRAY_PUSH(a, const char *) = f;
        if (!last) {
            break;
        }
    }
    return a;
}

static const char *
join_caps(const apr_array_header_t *a)
{
    return a ? apr_array_pstrcat(tp, a, '|') : "";
}

static void
test_rows(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(rows); i++) {
        const char *err = NULL, *vary = NULL;
        apr_array_header_t *caps = NULL;
        int got = lint_httpd_expr_eval_vary(
            tp, rows[i].expr, lookup, (void *)&rows[i].req, &caps, &vary, &err);
        if (got != rows[i].want) {
            fail_msg("row %zu `%s`: got %d, want %d (%s)", i, rows[i].expr, got,
                     rows[i].want, err ? err : "no error");
        }
        if (got < 0 && (!err || !strstr(err, rows[i].also))) {
            fail_msg("row %zu `%s`: error \"%s\" lacks \"%s\"", i, rows[i].expr,
                     err ? err : "(null)", rows[i].also);
        }
        if (got >= 0 && strcmp(vary ? vary : "", rows[i].also)) {
            fail_msg("row %zu `%s`: Vary \"%s\", want \"%s\"", i, rows[i].expr,
                     vary ? vary : "", rows[i].also);
        }
        if (rows[i].caps && strcmp(join_caps(caps), rows[i].caps)) {
            fail_msg("row %zu `%s`: captures \"%s\", want \"%s\"", i,
                     rows[i].expr, join_caps(caps), rows[i].caps);
        }
        /* the plain API answers the same */
        assert_int_equal(lint_httpd_expr_eval(tp, rows[i].expr, lookup,
                                              (void *)&rows[i].req, NULL, NULL),
                         got);
    }
}

static void
test_string_rows(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NROWS(srows); i++) {
        const char *err = NULL;
        const char *got = lint_httpd_expr_string(
            tp, srows[i].str, lookup, (void *)&srows[i].req,
            srows[i].caps ? split_caps(srows[i].caps) : NULL, &err);
        if (!got != !srows[i].want || (got && strcmp(got, srows[i].want))) {
            fail_msg("string row %zu `%s`: got \"%s\", want \"%s\" (%s)", i,
                     srows[i].str, got ? got : "(null)",
                     srows[i].want ? srows[i].want : "(null)",
                     err ? err : "no error");
        }
        if (!got && (!err || !strstr(err, srows[i].err))) {
            fail_msg("string row %zu `%s`: error \"%s\" lacks \"%s\"", i,
                     srows[i].str, err ? err : "(null)", srows[i].err);
        }
    }
}

/* n copies of s */
static const char *
rep(const char *s, int n)
{
    apr_array_header_t *a = apr_array_make(tp, n, sizeof(const char *));
    while (n--) {
        APR_ARRAY_PUSH(a, const char *) = s;
    }
    return apr_array_pstrcat(tp, a, 0);
}

static int
eval(const char *expr, const char **err)
{
    static const xreq_t r = { GET };
    return lint_httpd_expr_eval(tp, expr, lookup, (void *)&r, NULL, err);
}

/* Bounded parsing: nesting, long chains and long strings end in a
 * message, never in a deep recursion. */
static void
test_limits(void **state)
{
    const char *err = NULL;
    (void)state;
    /* parentheses: 200 levels are simulated, deeper is said so */
    assert_int_equal(
        eval(apr_pstrcat(tp, rep("(", 199), "true", rep(")", 199), NULL), &err),
        1);
    assert_int_equal(
        eval(apr_pstrcat(tp, rep("(", 100000), "true", rep(")", 100000), NULL),
             &err),
        -1);
    assert_non_null(strstr(err, "nested deeper than"));
    assert_int_equal(eval(apr_pstrcat(tp, rep("tolower(", 5000), "'a'",
                                      rep(")", 5000), " == 'a'", NULL),
                          &err),
                     -1);
    assert_non_null(strstr(err, "nested deeper than"));
    assert_int_equal(eval(apr_pstrcat(tp, rep("'%{tolower:", 5000), "a",
                                      rep("}'", 5000), " == 'a'", NULL),
                          &err),
                     -1);
    /* chains httpd loads (up to 4999 || terms, 9996 !) */
    assert_int_equal(eval(rep("!", 2000), &err), -1);
    assert_int_equal(eval(apr_pstrcat(tp, rep("!", 2000), "true", NULL), &err),
                     1);
    assert_int_equal(
        eval(apr_pstrcat(tp, rep("false || ", 2990), "true", NULL), &err), 1);
    assert_int_equal(
        eval(apr_pstrcat(tp, rep("true && ", 2990), "false", NULL), &err), 0);
    assert_int_equal(eval(apr_pstrcat(tp, rep("'a' . ", 2990), "'a' == '",
                                      rep("a", 2991), "'", NULL),
                          &err),
                     1);
    assert_int_equal(
        eval(apr_pstrcat(tp, rep("true || ", 100000), "true", NULL), &err), -1);
    assert_non_null(strstr(err, "more than 3000 operators (||"));
    assert_int_equal(
        eval(apr_pstrcat(tp, rep("!", 100000), "true", NULL), &err), -1);
    /* a list and a string of any length */
    assert_int_equal(
        eval(apr_pstrcat(tp, "'b' in {", rep("'a', ", 20000), "'b'}", NULL),
             &err),
        1);
    /* 20000 parts in one string, compared with ten 6000-byte literals */
    assert_int_equal(
        eval(apr_pstrcat(
                 tp, "'", rep("%{REQUEST_METHOD}", 20000), "' == ",
                 rep(apr_pstrcat(tp, "'", rep("GET", 2000), "' . ", NULL), 9),
                 "'", rep("GET", 2000), "'", NULL),
             &err),
        1);
    /* httpd's 8 KB scanner buffer */
    assert_int_equal(
        eval(apr_pstrcat(tp, "'", rep("a", 8191), "' == ''", NULL), &err), 0);
    assert_int_equal(
        eval(apr_pstrcat(tp, "'", rep("a", 8192), "' == ''", NULL), &err), -1);
    assert_non_null(strstr(err, "String too long"));
    assert_int_equal(
        eval(apr_pstrcat(tp, "'a' =~ /", rep("a", 8191), "/", NULL), &err), 0);
    assert_int_equal(
        eval(apr_pstrcat(tp, "'a' =~ /", rep("a", 8192), "/", NULL), &err), -1);
    assert_non_null(strstr(err, "Regexp too long"));
}

/* Any input: a result or an error, never a crash (ASan, valgrind). */
static void
test_hostile(void **state)
{
    static const char *const bits[] = {
        "'",    "\"",       "%{",   "}",         "$1",
        "\\",   "(",        ")",    "{",         "}",
        ",",    "!",        "&&",   "||",        "==",
        "=~",   "/",        "m#",   "#",         "i",
        " ",    "-n ",      "-R ",  "-ipmatch ", "'10.0.0.0/8'",
        " in ", "tolower(", "req(", "%{HTTP:",   "X-A",
        "true", "1",        "-eq",  ".",         ":",
        "\n",   "\x01",     "\xff", "(a)",       "[",
        "\\0",  "\\777"
    };
    static const xreq_t req = { GET, "X-A: a" };
    unsigned seed = 12345;
    int i, j;
    (void)state;
    for (i = 0; i < 20000; i++) {
        apr_array_header_t *a = apr_array_make(tp, 16, sizeof(const char *));
        const char *err = NULL, *s;
        apr_array_header_t *caps = NULL;
        int n = (int)((seed = seed * 1103515245 + 12345) >> 16) % 24, r;
        for (j = 0; j < n; j++) {
            seed = seed * 1103515245 + 12345;
            APR_ARRAY_PUSH(a, const char *) = bits[(seed >> 16) % NROWS(bits)];
        }
        s = apr_array_pstrcat(tp, a, 0);
        r = lint_httpd_expr_eval(tp, s, lookup, (void *)&req, &caps, &err);
        assert_true(r >= -1 && r <= 1);
        assert_true(r >= 0 || (err && *err));
        err = NULL;
        if (!lint_httpd_expr_string(tp, s, NULL, NULL, caps, &err)) {
            assert_true(err && *err);
        }
    }
}

static void
test_api(void **state)
{
    const char *err = NULL;
    (void)state;
    assert_int_equal(lint_httpd_expr_eval(tp, NULL, lookup, NULL, NULL, &err),
                     -1);
    assert_non_null(err);
    assert_int_equal(
        lint_httpd_expr_eval(tp, "'x' == ''", NULL, NULL, NULL, NULL), 0);
    /* no lookup: every value unset, httpd's always-set ones unknown */
    assert_int_equal(
        lint_httpd_expr_eval(tp, "req('X') == ''", NULL, NULL, NULL, NULL), 1);
    assert_int_equal(lint_httpd_expr_eval(tp, "%{REQUEST_URI} == ''", NULL,
                                          NULL, NULL, &err),
                     -1);
    assert_null(lint_httpd_expr_string(tp, NULL, NULL, NULL, NULL, &err));
    assert_string_equal(
        lint_httpd_expr_string(tp, "%{HTTP:X}", NULL, NULL, NULL, NULL), "");
}

/* --rows: every row as one JSON object per line, for expr-vs-httpd */
static void
json_str(const char *k, const char *v)
{
    printf(",\"%s\":", k);
    if (!v) {
        printf("null");
        return;
    }
    putchar('"');
    for (; *v; v++) {
        unsigned char c = (unsigned char)*v;
        if (c == '"' || c == '\\') {
            printf("\\%c", c);
        } else if (c < 0x20 || c >= 0x7f) {
            printf("\\u%04x", c);
        } else {
            putchar(c);
        }
    }
    putchar('"');
}

static void
json_req(const xreq_t *r)
{
    json_str("method", r->method);
    json_str("uri", r->uri);
    json_str("query", r->query);
    json_str("hdrs", r->hdrs);
    json_str("env", r->env);
    json_str("resp", r->resp);
}

static int
dump_rows(void)
{
    size_t i;
    for (i = 0; i < NROWS(rows); i++) {
        const char *err = NULL;
        lint_httpd_expr_eval(tp, rows[i].expr, lookup, (void *)&rows[i].req,
                             NULL, &err);
        printf("{\"kind\":\"cond\",\"row\":%zu,\"want\":%d,\"httpd\":%d", i,
               rows[i].want, !rows[i].no_httpd);
        json_str("expr", rows[i].expr);
        json_req(&rows[i].req);
        json_str("also", rows[i].also);
        json_str("caps", rows[i].caps);
        json_str("err", err);
        printf("}\n");
    }
    for (i = 0; i < NROWS(srows); i++) {
        const char *err = NULL;
        lint_httpd_expr_string(tp, srows[i].str, lookup, (void *)&srows[i].req,
                               NULL, &err);
        printf("{\"kind\":\"string\",\"row\":%zu,\"httpd\":%d", i,
               !srows[i].no_httpd);
        json_str("expr", srows[i].str);
        json_req(&srows[i].req);
        json_str("value", srows[i].want);
        json_str("also", srows[i].err);
        json_str("err", err);
        printf("}\n");
    }
    return 0;
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        T(test_rows),    T(test_string_rows), T(test_limits),
        T(test_hostile), T(test_api),
    };
    if (argc > 1 && !strcmp(argv[1], "--rows")) {
        int rc;
        apr_initialize();
        apr_pool_create(&tp, NULL);
        rc = dump_rows();
        apr_pool_destroy(tp);
        apr_terminate();
        return rc;
    }
    return RUN(tests);
}
