/* cors-origin-regex-bypass: origin check accepts an attacker origin.
 *
 * What:
 *   Compiles origin-checking regexes (SetEnvIf Origin, RewriteCond
 *   %{HTTP:Origin}, <If>, nginx map/if on $http_origin) with PCRE2 and tries
 *   attacker origins derived from the intended ones.
 * Why:
 *   Unanchored or unescaped patterns like `example.com` or
 *   `^https://.*example.com` also match https://example.com.evil.test,
 *   https://evilexample.com or https://appxexample.com. Whatever matches
 *   gets credentialed access.
 * Example:
 *   SetEnvIf Origin "https://app.example.com" CORS_OK
 * Use instead:
 *   Anchor and escape: ^https://app\.example\.com$ — or avoid regexes
 *   entirely (nginx map with exact strings; mod_samesite SameSiteFrontend,
 *   which compares labels, not regexes).
 * References:
 *   PortSwigger CORS research; seed 004 (validated allowlist).
 *
 * The same text is printed by `samesite-lint --explain cors-origin-regex-bypass`; it
 * comes from the core catalog (common/ss_diag.c), shared with mod_samesite.
 *
 * How: compile the regex with PCRE2, derive the intended origins from its
 * literal text, generate attacker origins from them (suffix append,
 * prefix add, unescaped dot, scheme downgrade, null, special characters)
 * and report the first one that matches and lies outside the intended
 * sites (registrable domain + scheme).  Features we cannot reason about
 * (possessive quantifiers, atomic groups, backreferences, recursion)
 * give one cors-origin-regex-unanalysable note instead.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "lint_model.h"
#include "rules/rule_util.h"

static int
unanalysable(const char *re)
{
    return strstr(re, "(?>") || strstr(re, "*+") || strstr(re, "++")
           || strstr(re, "?+") || strstr(re, "(?R") || strstr(re, "(?(")
           || strstr(re, "(?P>") || strstr(re, "\\g")
           || (strchr(re, '\\') && strpbrk(strchr(re, '\\') + 1, "123456789")
               && strstr(re, "\\1"));
}

/* The regex's intended literal: unescape, drop anchors and groups, keep
 * the first alternative, turn wildcards into a label "x". */
static const char *
intended(apr_pool_t *p, const char *re, int alt)
{
    char *out = apr_palloc(p, strlen(re) * 2 + 8), *w = out;
    const char *s = re;
    int cur = 0, depth = 0, skip = 0;
    while (*s) {
        if (*s == '\\' && s[1]) {
            if (!skip) {
                if (s[1] == 'd' || s[1] == 'w') *w++ = '1';
                else if (s[1] != 'b' && s[1] != 'A' && s[1] != 'z' && s[1] != 'Z') *w++ = s[1];
            }
            s += 2;
            continue;
        }
        if (*s == '(') {
            depth++;
            if (s[1] == '?' && s[2] == ':') s += 2;
            s++;
            continue;
        }
        if (*s == ')') {
            depth--;
            if (skip && depth < skip) skip = 0;
            s++;
            if (*s == '?' || *s == '*') s++;
            continue;
        }
        if (*s == '|') {
            if (depth == 0) {
                if (cur == alt) break;
                cur++;
                w = out;
            }
            else if (!skip) {
                skip = depth;   /* keep the first alternative of a group */
            }
            s++;
            continue;
        }
        if (depth == 0 && cur != alt) { s++; continue; }
        if (skip) { s++; continue; }
        if (*s == '^' || *s == '$') { s++; continue; }
        if (*s == '[') {
            const char *e = strchr(s, ']');
            *w++ = 'x';
            s = e ? e + 1 : s + strlen(s);
            if (*s == '+' || *s == '*' || *s == '?') s++;
            else if (*s == '{') { const char *c = strchr(s, '}'); s = c ? c + 1 : s; }
            continue;
        }
        if (*s == '.') {
            if (s[1] == '*' || s[1] == '+') { *w++ = 'x'; s += 2; if (*s == '?') s++; continue; }
            *w++ = '.';
            s++;
            continue;
        }
        if (*s == '?' || *s == '*' || *s == '+') { s++; continue; }
        if (*s == '{') { const char *c = strchr(s, '}'); s = c ? c + 1 : s + 1; continue; }
        *w++ = *s++;
    }
    *w = '\0';
    return cur == alt || alt == 0 ? out : NULL;
}

/* scheme + registrable domain of an origin, NULL when not an origin */
static const char *
site_of(apr_pool_t *p, const ss_psl_t *psl, const char *o)
{
    ss_origin_t *or;
    if (ss_origin_parse(&or, p, o) != SS_ORIGIN_OK || or->is_null) {
        return NULL;
    }
    return apr_pstrcat(p, or->scheme, "://", ss_site_domain(p, psl, or->host), NULL);
}

static void
check_regex(lint_ctx_t *ctx, const lint_origin_check_t *c)
{
    apr_pool_t *p = ctx->pool;
    apr_array_header_t *sites = apr_array_make(p, 2, sizeof(const char *));
    apr_array_header_t *intents = apr_array_make(p, 2, sizeof(ss_origin_t *));
    int alt, i, j;

    if (unanalysable(c->regex)) {
        lint_report(ctx, "cors-origin-regex-unanalysable", c->node,
                    "origin regex uses a feature samesite-lint cannot analyse "
                    "(possessive/atomic/backreference): review it by hand");
        return;
    }
    if (lint_regex_matches(p, c->regex, c->caseless, "") < 0) {
        lint_report(ctx, "cors-origin-regex-unanalysable", c->node,
                    "origin regex does not compile with PCRE2: review it by hand");
        return;
    }
    for (alt = 0; alt < 16; alt++) {
        const char *lit = intended(p, c->regex, alt);
        ss_origin_t *o;
        if (!lit) break;
        if (!strstr(lit, "://")) {
            /* unanchored host-only regex: assume https */
            lit = apr_pstrcat(p, "https://", lit, NULL);
        }
        if (ss_origin_parse(&o, p, lit) == SS_ORIGIN_OK && !o->is_null) {
            APR_ARRAY_PUSH(intents, ss_origin_t *) = o;
            APR_ARRAY_PUSH(sites, const char *) = site_of(p, ctx->opts->psl, lit);
        }
        if (!strchr(c->regex, '|')) break;
    }
    for (i = 0; i < intents->nelts; i++) {
        const ss_origin_t *o = APR_ARRAY_IDX(intents, i, ss_origin_t *);
        const char *h = o->host, *port = "";
        const char *att[12];
        char *dotx = NULL;
        int n = 0;
        const char *base;
        if (o->port != ss_scheme_default_port(o->scheme)) {
            port = apr_psprintf(p, ":%d", o->port);
        }
        base = apr_pstrcat(p, o->scheme, "://", h, port, NULL);
        att[n++] = apr_pstrcat(p, base, ".evil.test", NULL);
        att[n++] = apr_pstrcat(p, o->scheme, "://evil", h, port, NULL);
        att[n++] = apr_pstrcat(p, o->scheme, "://", h, ".evil.test", NULL);
        if (strchr(h, '.')) {
            dotx = apr_pstrdup(p, h);
            for (j = 0; dotx[j]; j++) {
                if (dotx[j] == '.') { dotx[j] = 'x'; break; }
            }
            att[n++] = apr_pstrcat(p, o->scheme, "://", dotx, port, NULL);
            dotx = apr_pstrdup(p, h);
            for (j = (int)strlen(dotx) - 1; j >= 0; j--) {
                if (dotx[j] == '.') { dotx[j] = 'x'; break; }
            }
            att[n++] = apr_pstrcat(p, o->scheme, "://", dotx, port, NULL);
        }
        if (!strcmp(o->scheme, "https")) {
            att[n++] = apr_pstrcat(p, "http://", h, port, NULL);
        }
        att[n++] = "null";
        att[n++] = apr_pstrcat(p, base, "`.evil.test", NULL);
        att[n++] = apr_pstrcat(p, base, "_.evil.test", NULL);
        for (j = 0; j < n; j++) {
            const char *site = site_of(p, ctx->opts->psl, att[j]);
            int k, inside = 0;
            if (lint_regex_matches(p, c->regex, c->caseless, att[j]) != 1) {
                continue;
            }
            if (!strcmp(att[j], "null")) {
                continue;   /* cors-null-origin reports it */
            }
            for (k = 0; site && k < sites->nelts; k++) {
                const char *s2 = APR_ARRAY_IDX(sites, k, const char *);
                if (s2 && !strcmp(site, s2)) inside = 1;
            }
            if (inside) {
                continue;
            }
            lint_report(ctx, "cors-origin-regex-bypass", c->node,
                        "origin check /%s/ accepts the attacker origin \"%s\" "
                        "(intended: %s): anchor with ^...$ and escape dots",
                        c->regex, att[j], ss_origin_str(p, o));
            return;
        }
    }
}

void
lint_rule_cors_origin_regex_bypass(lint_ctx_t *ctx, const lint_model_t *m)
{
    int i, j;
    for (i = 0; i < m->servers->nelts; i++) {
        const lint_server_t *s = APR_ARRAY_IDX(m->servers, i, lint_server_t *);
        apr_array_header_t *checks = lint_all_origin_checks(ctx->pool, s);
        for (j = 0; j < checks->nelts; j++) {
            const lint_origin_check_t *c =
                APR_ARRAY_IDX(checks, j, lint_origin_check_t *);
            if (c->regex) {
                check_regex(ctx, c);
            }
        }
    }
}
