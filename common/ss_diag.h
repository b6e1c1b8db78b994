/* ss_diag.h -- the diagnostic catalog shared by module and linter.
 *
 * One rule id, one severity, one message, one explanation, whether it is
 * printed by samesite-lint or logged by mod_samesite.  Ids are stable:
 * add, never rename (SPEC section 4).
 */
#ifndef SS_DIAG_H
#define SS_DIAG_H

#include <apr_pools.h>
#include <apr_tables.h>

typedef enum {
    SS_SEV_NONE = 0,
    SS_SEV_NOTE = 1,
    SS_SEV_WARNING = 2,
    SS_SEV_ERROR = 3
} ss_severity_t;

typedef struct ss_rule_info_t {
    const char *id;         /* "cors-wildcard-credentials" */
    ss_severity_t severity; /* default severity */
    const char *summary;    /* one line: what it catches */
    const char *what;       /* what it does */
    const char *why;        /* why it is bad (browser behaviour + source) */
    const char *example;    /* a config that triggers it */
    const char *instead;    /* use instead: the fix */
    const char *refs;       /* references: seed article, RFC, spec */
} ss_rule_info_t;

/** Look up a rule by id; NULL when unknown. */
const ss_rule_info_t *ss_rule_lookup(const char *id);

/** The whole catalog; *n receives the count.  Sorted by id. */
const ss_rule_info_t *ss_rule_catalog(int *n);

/** "error" / "warning" / "note". */
const char *ss_severity_name(ss_severity_t sev);

/** Parse "error"/"warning"/"note"; SS_SEV_NONE when unknown. */
ss_severity_t ss_severity_parse(const char *s);

/** Long explanation (what / why / example / instead / refs) as one
 *  text, the same text `samesite-lint --explain` prints. */
const char *ss_rule_explain(apr_pool_t *p, const ss_rule_info_t *r);

/** One finding: a rule id and a concrete message. */
typedef struct ss_finding_t {
    const char *rule_id;
    ss_severity_t severity;
    const char *message;
} ss_finding_t;

/** Append a finding (severity from the catalog) to an array of
 *  ss_finding_t, with a printf-style message. */
void ss_finding_add(apr_array_header_t *findings, const char *rule_id,
                    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
