/* ss_directive.c -- mod_samesite's directive names and keywords (see
 * ss_directive.h).  The module's command_rec table is the other half:
 * tests/lint/run-fixtures checks every samesite-directive-invalid
 * fixture against apache2 -t with the module loaded. */
#include <string.h>
#include <strings.h>
#include "ss_directive.h"

static const struct {
    const char *name;
    const char
        *const keywords[4]; /* NULL-terminated; none: not a keyword directive */
    const char *expected;
} directives[] = {
    { "SameSiteEngine",
      { "On", "Off", "ReportOnly", NULL },
      "On, Off or ReportOnly" },
    { "SameSitePublicOrigin", { NULL }, NULL },
    { "SameSiteTrustProxy", { "On", "Off", NULL }, "On or Off" },
    { "SameSiteFrontend", { NULL }, NULL },
    { "SameSiteCookie", { NULL }, NULL },
    { "SameSiteDefault", { "Strict", "Lax", NULL }, "Strict or Lax" },
    { "SameSiteCORS", { "On", "Off", NULL }, "On or Off" },
    { "SameSiteCORSAllowMethods", { NULL }, NULL },
    { "SameSiteCORSAllowHeaders", { NULL }, NULL },
    { "SameSiteCORSExposeHeaders", { NULL }, NULL },
    { "SameSiteCORSMaxAge", { NULL }, NULL },
    { "SameSiteCORSPrivateNetwork", { "On", "Off", NULL }, "On or Off" },
    { "SameSitePreflight",
      { "Handle", "PassThrough", NULL },
      "Handle or PassThrough" },
    { "SameSiteCSRF",
      { "Off", "Enforce", "ReportOnly", NULL },
      "Off, Enforce or ReportOnly" },
    { "SameSiteWebSocket", { "Enforce", "Off", NULL }, "Enforce or Off" },
    { "SameSiteLegacyClients",
      { "Off", "Duplicate", "OmitNone", NULL },
      "Off, Duplicate or OmitNone" },
    { "SameSitePublicSuffixList", { NULL }, NULL },
};

static int
find(const char *name)
{
    size_t i;
    for (i = 0; name && i < sizeof(directives) / sizeof(directives[0]); i++) {
        if (!strcasecmp(directives[i].name, name)) {
            return (int)i;
        }
    }
    return -1;
}

int
ss_directive_known(const char *name)
{
    return find(name) >= 0;
}

int
ss_directive_keyword(const char *name, const char *arg)
{
    int d = find(name), k;
    if (d < 0 || !arg) {
        return -1;
    }
    for (k = 0; directives[d].keywords[k]; k++) {
        if (!strcasecmp(directives[d].keywords[k], arg)) {
            return k;
        }
    }
    return -1;
}

const char *
ss_directive_expected(const char *name)
{
    int d = find(name);
    return d < 0 ? NULL : directives[d].expected;
}
