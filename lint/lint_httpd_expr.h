/* lint_httpd_expr.h -- httpd's ap_expr evaluated for one request, the way
 * Apache 2.4.71 does it (samesite-lint --simulate).
 *
 * Conditions of <If> / <ElseIf>, `Header ... expr=...`, SetEnvIfExpr and
 * `Require expr`, and the string expressions of `Header set X
 * "expr=..."`.  The input is the expression as the directive receives
 * it, after the configuration parser removed its own quoting (`\"` in a
 * quoted argument is already `"`).
 *
 * Strict: anything not modelled exactly gives -1 (NULL for strings) and
 * *err says why and quotes the offending part; no silent guess.  Three
 * kinds of messages:
 *   "httpd rejects ..."        Apache does not load the configuration
 *                              (apache2 -t fails) or aborts on it;
 *   "httpd fails ..."          Apache loads it but its evaluation fails
 *                              at request time (recursion limit): it
 *                              logs AH00039 and an <If> counts as false
 *                              (the <ElseIf> / <Else> chain goes on);
 *   "not simulated ..." /
 *   "the request does not say" the answer depends on what the simulation
 *                              cannot know (the filesystem, a value the
 *                              lookup answered LINT_EXPR_UNKNOWN for).
 *
 * Grammar (2.4, not trunk): true false ! not && and || or ( ); string
 * comparison == = != < <= > >=; integer -eq -ne -lt -le -gt -ge (and
 * eq ne lt le gt ge, apr_atoi64 as httpd); =~ !~ with /re/ or m<d>re<d>
 * (d one of !"#$%',-./:;?^|) and the `i` flag, PCRE2 through
 * lint_regex_captures, $0-$9 from the last regex that has groups (a
 * failed one clears them); -n -z -T; -R and -ipmatch (constant
 * subnet/netmask, apr_ipsubnet_*); -strmatch -strcmatch -fnmatch
 * (apr_fnmatch); in / -in { 'a', 'b' } (2.4 has no split(): a list
 * function is rejected, as by httpd); '...' and "..." with %{VAR},
 * %{func:arg}, $N and httpd's escapes (\n \r \t \b \f, octal \NNN);
 * '.' concatenation; functions req http req_novary resp reqenv env
 * osenv note tolower toupper escape unescape base64 unbase64 md5 sha1.
 * -d -e -f -s -L -h -x are false on '' and otherwise not simulated
 * (the server's filesystem), like file() and filesize(); -F -U -A
 * (subrequests) and ldap() are not simulated.
 *
 * Checked against the real Apache 2.4.71 (tests/unit/expr-vs-httpd
 * replays every row of tests/unit/test_lint_expr.c): each accepted
 * expression's result inside <If "EXPR"> Header always set X-R true
 * </If><Else> ... false </Else>, selected by a request header, with the
 * row's method, URI, request headers and environment (SetEnvIf); each
 * string expression's value from `Header always set X "expr=..."`; each
 * rejected one with apache2 -t; the Vary the row expects.  Found that
 * way and modelled here: operands of a comparison or binary operator are
 * evaluated right to left, `{ }` lists last element first and a quoted
 * string's parts right to left (the order of Vary); the recursion limit
 * (18 nested calls pass, 19 fail); a quote inside %{name:...} or a
 * trailing backslash makes httpd abort ("flex scanner jammed"); no \x
 * escapes; strings and regexes longer than 8191 bytes are rejected;
 * SetEnvIfExpr sees $0-$9 of the condition, `Header set X "expr=$1"`
 * never does (always "").
 */
#ifndef LINT_HTTPD_EXPR_H
#define LINT_HTTPD_EXPR_H

#include <apr_pools.h>
#include <apr_tables.h>

/* Looks up what the request supplies.  kind is one of:
 *   "var"   %{REQUEST_METHOD}, %{HTTPS}, %{REQUEST_URI}, %{SERVER_NAME},
 *           ... the name as written (httpd compares variable names
 *           without case: compare with strcasecmp);
 *   "http"  a request header: %{HTTP:Name}, req('Name'), http('Name'),
 *           req_novary('Name'); also the header variables
 *           %{HTTP_HOST} %{HTTP_USER_AGENT} %{HTTP_REFERER}
 *           %{HTTP_COOKIE} %{HTTP_ACCEPT} %{HTTP_FORWARDED}
 *           %{HTTP_PROXY_CONNECTION} when "var" answered NULL for
 *           them, as "Host", "User-Agent", ... (names without case);
 *   "env"   the request's environment (SetEnv, SetEnvIf):
 *           %{ENV:Name}, env('Name'), reqenv('Name');
 *   "note"  note('Name'), and env('Name') first;
 *   "resp"  a response header: resp('Name');
 *   "osenv" the environment of the httpd process: osenv('Name'), and
 *           env('Name') last.
 * env('Name') is note, else env, else osenv, as httpd's env_func.
 * Returns the value, NULL when unset (ap_expr reads unset as ""), or
 * LINT_EXPR_UNKNOWN when the simulation cannot know it.  A "var" that
 * httpd always sets (REQUEST_URI, SERVER_NAME, TIME, ...) must not be
 * NULL: NULL is taken as unknown, except REMOTE_ADDR and
 * CONN_REMOTE_ADDR ("127.0.0.1"), REMOTE_HOST (the client address),
 * IPV6 (from the client address), HTTP2 ("off"), IS_SUBREQ ("false")
 * and API_VERSION ("20120211"). */
typedef const char *lint_expr_lookup_fn(void *baton, const char *kind,
                                        const char *name);

/* What a lookup returns for a value the simulation does not know. */
extern const char lint_expr_unknown[];
#define LINT_EXPR_UNKNOWN lint_expr_unknown

/* Evaluate a boolean expression: 1 true, 0 false, -1 not understood
 * (*err says why, with the offending part).  *captures (captures may be
 * NULL) receives $0..$9 (const char *) of the last regex with groups
 * when it matched, else NULL: SetEnvIfExpr substitutes them into the
 * value it sets.  No other directive passes them on. */
int lint_httpd_expr_eval(apr_pool_t *p, const char *expr,
                         lint_expr_lookup_fn *lookup, void *baton,
                         apr_array_header_t **captures, const char **err);

/* The same, and *vary (vary may be NULL) gets the request headers the
 * evaluation read through req(), http(), %{HTTP:...} and the header
 * variables, except Host, in httpd's order and with repeats ("X-A,
 * X-B"), or NULL.  httpd merges them into the response's Vary when the
 * expression evaluates without error: <If>, <ElseIf>, Header expr= and
 * SetEnvIfExpr all do; the final Vary header has each name once,
 * joined with "," (http_filters' fixup_vary). */
int lint_httpd_expr_eval_vary(apr_pool_t *p, const char *expr,
                              lint_expr_lookup_fn *lookup, void *baton,
                              apr_array_header_t **captures, const char **vary,
                              const char **err);

/* Evaluate a string expression (`Header set X "expr=STRING"`): literal
 * text with %{VAR}, %{func:arg} and $N (from captures, may be NULL;
 * httpd gives mod_headers none: pass NULL to predict a Header value).
 * Quotes and '.' are literal text in a string expression.  Returns the
 * value, or NULL and *err. */
const char *lint_httpd_expr_string(apr_pool_t *p, const char *str,
                                   lint_expr_lookup_fn *lookup, void *baton,
                                   const apr_array_header_t *captures,
                                   const char **err);

#endif
