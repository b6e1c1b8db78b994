/* ss_cookie.h -- one Set-Cookie value: parse and serialise.
 *
 * The round trip is byte-exact for everything that was not changed: the
 * name=value segment and every attribute keep their raw bytes (spaces,
 * case, unknown attributes).  A cookie is never dropped and its value is
 * never altered.  A line the browser would reject (RFC 6265bis 5.6: no
 * '=' and empty, control characters) is marked invalid and must be passed
 * through unchanged by callers.
 */
#ifndef SS_COOKIE_H
#define SS_COOKIE_H

#include <apr_pools.h>
#include <apr_tables.h>

typedef struct ss_cookie_attr_t {
    const char *name;  /* trimmed, case as written */
    const char *value; /* trimmed; NULL when the attribute has no '=' */
    const char *raw;   /* exact bytes between ';' separators; NULL if new */
} ss_cookie_attr_t;

typedef struct ss_cookie_t {
    const char *original;      /* the line as received */
    const char *raw_pair;      /* exact bytes of name=value; NULL if renamed */
    const char *name;          /* trimmed ("" for a nameless cookie) */
    const char *value;         /* trimmed, quotes kept */
    apr_array_header_t *attrs; /* of ss_cookie_attr_t */
    int nparsed;               /* attributes as parsed (before changes) */
    int valid;                 /* 0: pass through untouched */
    const char *invalid_reason;
    int modified;
} ss_cookie_t;

typedef enum {
    SS_SAMESITE_UNSET = 0,
    SS_SAMESITE_STRICT,
    SS_SAMESITE_LAX,
    SS_SAMESITE_NONE,
    SS_SAMESITE_INVALID /* present with an unknown value: browsers
                             treat it as unset (RFC 6265bis 5.6.7) */
} ss_samesite_t;

/** Parse one Set-Cookie header value.  Never NULL for a non-NULL line. */
ss_cookie_t *ss_cookie_parse(apr_pool_t *p, const char *line);

/** Serialise; an invalid or unmodified cookie gives back the original. */
const char *ss_cookie_str(apr_pool_t *p, const ss_cookie_t *c);

/** Last attribute with this name (case-insensitive), or NULL. */
const ss_cookie_attr_t *ss_cookie_attr_get(const ss_cookie_t *c,
                                           const char *name);

/** Set an attribute (value NULL for a flag like Secure).  Replaces all
 *  existing occurrences (keeping the position of the first), or appends. */
void ss_cookie_attr_set(ss_cookie_t *c, const char *name, const char *value);

/** Remove every attribute with this name; returns how many. */
int ss_cookie_attr_remove(ss_cookie_t *c, const char *name);

/** Rename the cookie, keeping its value byte for byte. */
void ss_cookie_rename(ss_cookie_t *c, const char *name);

/** Effective SameSite (last attribute wins). */
ss_samesite_t ss_cookie_samesite(const ss_cookie_t *c);

/** "Strict" / "Lax" / "None" / NULL for unset/invalid. */
const char *ss_samesite_name(ss_samesite_t s);

/** Parse "Strict"/"Lax"/"None" case-insensitively. */
ss_samesite_t ss_samesite_parse(const char *s);

/** Non-zero when a flag attribute (Secure, HttpOnly, Partitioned) is set. */
int ss_cookie_has(const ss_cookie_t *c, const char *attr);

/* ---- request side: the Cookie header ------------------------------- */

typedef struct ss_cookie_map_t {
    const char *from;    /* cookie name sent by the browser */
    const char *to;      /* name the backend expects; NULL: the pair is
                            removed (a tossed cookie) */
    int only_if_missing; /* 1: only when `to` is absent (legacy) */
    const char *rule_id; /* catalog id that explains the mapping, or
                                NULL (for logs) */
} ss_cookie_map_t;

/** Rewrite a Cookie request header: each pair whose name is a map's
 *  `from` is renamed to `to`.  When a pair already called `to` is
 *  present, `only_if_missing` leaves the header alone (the real cookie
 *  wins; the legacy twin stays, harmless); otherwise the renamed one wins
 *  and the existing one is dropped (a __Host- cookie cannot be tossed by a sibling
 *  subdomain, a plain one can).  A map whose `to` is NULL removes every
 *  pair called `from` (removed pairs take no part in later maps).
 *  Values are kept byte for byte.  Returns
 *  the header unchanged (same pointer) when nothing applies. */
/** Names of the pairs of a Cookie request header, in order (an array of
 *  const char *; "" for a pair without '=').  Empty for NULL. */
apr_array_header_t *ss_cookie_header_names(apr_pool_t *p, const char *header);

const char *ss_cookie_header_map(apr_pool_t *p, const char *header,
                                 const ss_cookie_map_t *maps, int nmaps);

#endif
