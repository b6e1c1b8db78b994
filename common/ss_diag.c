/* ss_diag.c -- the rule catalog.  One entry per stable id; add entries,
 * never rename an id (SPEC section 4).  The text is what
 * `samesite-lint --explain ID` prints and what mod_samesite's log lines
 * refer to.  Keep the array sorted by id. */
#include <stdarg.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include "ss_diag.h"

#define E SS_SEV_ERROR
#define W SS_SEV_WARNING
#define N SS_SEV_NOTE

static const ss_rule_info_t catalog[] = {
    { "cookie-domain-mismatch", E, "Domain= does not cover the server name",
      "Finds a cookie whose Domain attribute does not domain-match the host "
      "that sets it.",
      "A browser rejects a Set-Cookie whose Domain does not domain-match the "
      "request host (RFC 6265bis 5.7 step 11): a response from api.example.com "
      "cannot set Domain=other.com, so the cookie silently never exists. The "
      "usual cause is a Domain copied from another environment or an internal "
      "host name.",
      "ServerName api.example.com\nHeader always edit Set-Cookie "
      "\"^(sid=[^;]*)\" \"$1; Domain=example.org\"",
      "Drop Domain (host-only cookie, the safest) or use the registrable "
      "domain of the public host (Domain=example.com). mod_samesite removes a "
      "mismatching Domain, making the cookie host-only.",
      "RFC 6265bis 5.7; seed 004 (document.cookie cannot write for another "
      "domain)." },
    { "cookie-domain-public-suffix", E,
      "Domain= is a public suffix: the cookie is rejected",
      "Finds a cookie with Domain set to a public suffix (com, co.uk, "
      "github.io, ...).",
      "Browsers reject cookies whose Domain is a public suffix (RFC 6265bis "
      "5.7 step 9) so that one site cannot set cookies for every other site "
      "under that suffix. A cookie with Domain=github.io from a.github.io is "
      "dropped.",
      "Set-Cookie: sid=1; Domain=github.io; Secure",
      "Omit Domain (host-only) or use the registrable domain (example.com). "
      "mod_samesite removes it.",
      "RFC 6265bis 5.7; Public Suffix List; seeds 001 and 004." },
    { "cookie-invalid", W, "malformed Set-Cookie: browsers ignore it",
      "Reports a Set-Cookie value the browser will ignore (control characters, "
      "no name and no value, name+value over 4096 bytes): written by the "
      "configuration (samesite-lint) or sent by a backend (mod_samesite).",
      "The browser drops such a line (RFC 6265bis 5.6), so the cookie never "
      "exists. mod_samesite never rewrites or drops it itself: it passes it "
      "through unharmed and logs it, so the backend bug is visible.",
      "Set-Cookie: =",
      "Fix the value: the configuration's add_header / Header set Set-Cookie, "
      "or the backend that emits it.",
      "RFC 6265bis 5.6." },
    { "cookie-legacy-duplicate", N,
      "legacy twin cookie emitted for clients that mishandle SameSite=None",
      "Reports that a NAME-legacy copy without SameSite was added next to a "
      "SameSite=None cookie (SameSiteLegacyClients Duplicate).",
      "Some older user agents treat SameSite=None as Strict or reject the "
      "cookie. Sending a second cookie without SameSite keeps them working; "
      "the module maps NAME-legacy back to NAME on requests so the backend "
      "does not change.",
      "SameSiteLegacyClients Duplicate",
      "Remove Duplicate once the old clients are gone.",
      "seed 001 (set both cookies); Chromium's SameSite=None incompatible "
      "clients list." },
    { "cookie-missing-httponly", N, "session-like cookie readable by scripts",
      "Finds a session-looking cookie (sid, session, auth, token, ...) without "
      "HttpOnly.",
      "Without HttpOnly any injected script can read document.cookie and steal "
      "the session. Session cookies are never needed by page scripts.",
      "Set-Cookie: session=abc; Secure; SameSite=Lax",
      "Add HttpOnly (mod_samesite: SameSiteCookie session Auto HttpOnly).",
      "seeds 002 and 003 (the session-cookie checklist)." },
    { "cookie-missing-samesite", W,
      "no explicit SameSite (browser-dependent default, Lax+POST 2-minute "
      "rule)",
      "Finds a cookie without an explicit SameSite attribute.",
      "Without SameSite, Chromium applies Lax by default but still sends a "
      "cookie younger than two minutes on cross-site top-level POSTs (the "
      "Lax+POST mitigation), Firefox and Safari differ. The cookie's "
      "cross-site behaviour is then an accident of the browser.",
      "Set-Cookie: sid=1; Path=/; Secure; HttpOnly",
      "State it: SameSite=Lax or Strict for same-site topologies, "
      "SameSite=None; Secure (+ Partitioned) only for cross-site ones. "
      "mod_samesite: SameSiteCookie * Auto.",
      "seed 001 (Chrome 84 default Lax, Lax + POST); RFC 6265bis 5.6.7." },
    { "cookie-missing-secure", N, "cookie on an https origin without Secure",
      "Finds cookies set by an https origin without the Secure attribute.",
      "Without Secure the browser also sends the cookie over plain http (an "
      "http link, a downgrade on a hostile network), where anyone on the path "
      "can read the session.",
      "Set-Cookie: sid=1; HttpOnly; SameSite=Lax  (from "
      "https://api.example.com)",
      "Add Secure; mod_samesite adds it on https origins unless "
      "`SameSiteCookie NAME ... -Secure`.",
      "RFC 6265bis 4.1.2.5; seeds 002 and 003 (session-cookie checklist)." },
    { "cookie-none-without-secure", E, "SameSite=None without Secure",
      "Finds SameSite=None cookies that lack Secure.",
      "Browsers reject SameSite=None cookies that are not Secure (Chrome 80+, "
      "RFC 6265bis 5.7 step 15): the cookie is never stored, so the cross-site "
      "login it was meant for fails. None also needs an https origin.",
      "Header always edit Set-Cookie \"^(.*)$\" \"$1; SameSite=None\"",
      "Add Secure and serve over https; mod_samesite always adds Secure to "
      "None and refuses None on plain-http origins (it keeps Lax and logs this "
      "rule).",
      "seeds 000, 001, 003, 004; RFC 6265bis 5.7." },
    { "cookie-partitioned-without-secure", E, "Partitioned without Secure",
      "Finds cookies with the Partitioned (CHIPS) attribute but without "
      "Secure.",
      "Chromium rejects a Partitioned cookie that is not Secure, so the cookie "
      "that was meant to survive third-party cookie blocking is not stored at "
      "all.",
      "Set-Cookie: sid=1; SameSite=None; Partitioned",
      "Add Secure (mod_samesite adds it on https origins).",
      "CHIPS (Cookies Having Independent Partitioned State); seed 004." },
    { "cookie-prefix-violation", E, "__Host- / __Secure- requirements broken",
      "Finds cookies whose name prefix requirements are not met.",
      "Browsers reject a __Secure- cookie without Secure, and a __Host- cookie "
      "without Secure, with a Domain attribute, or with a Path other than / "
      "(RFC 6265bis 4.1.3). The cookie is silently dropped.",
      "Set-Cookie: __Host-sid=1; Domain=example.com; Path=/app",
      "For __Host-: Secure; Path=/; no Domain. For __Secure-: Secure. "
      "mod_samesite fixes both, and `SameSiteCookie NAME HostPrefix` renames "
      "transparently.",
      "RFC 6265bis 4.1.3; seed 004 (__Host-sid example)." },
    { "cookie-samesite-none-incompatible-ua", N,
      "SameSite=None omitted for a user agent that mishandles it",
      "Reports that SameSiteLegacyClients OmitNone dropped SameSite=None for "
      "an incompatible user agent.",
      "Chrome 51-66, iOS 12 and Safari on macOS 10.14, and old UC Browser "
      "treat SameSite=None as Strict or reject the cookie. Omitting the "
      "attribute makes them behave as before.",
      "SameSiteLegacyClients OmitNone",
      "Nothing to fix; remove OmitNone once those clients are gone.",
      "Chromium 'SameSite=None: known incompatible clients'; seed 001 (user "
      "agent sniffing)." },
    { "cookie-samesite-too-loose", W,
      "None while every frontend is same-site (CSRF surface for nothing)",
      "Finds SameSite=None on a host whose declared frontends are all "
      "same-site (or same-origin).",
      "Same-site requests carry Lax and Strict cookies already. None adds the "
      "whole cross-site request surface (CSRF from any site) without any "
      "functional benefit, and makes the cookie a third-party cookie that "
      "privacy settings block.",
      "app.example.com calls api.example.com; api sets SameSite=None",
      "Use SameSite=Lax (or Strict). mod_samesite: SameSiteCookie NAME Auto.",
      "seed 002 pitfall 2 (unnecessary SameSite relaxation)." },
    { "cookie-samesite-too-strict", E,
      "Strict/Lax while a cross-site frontend needs the cookie",
      "Finds Strict, Lax or missing SameSite on cookies of a host that is "
      "called by a cross-site frontend with credentials.",
      "Cross-site fetch/XHR requests never carry Lax or Strict cookies, so the "
      "frontend's credentialed calls arrive without a session. Note: github.io "
      "and other private public suffixes make a.github.io and b.github.io "
      "cross-site; http vs https makes hosts cross-site too.",
      "SameSiteFrontend https://app.other.com\nSet-Cookie: sid=1; SameSite=Lax",
      "Prefer moving the API under the frontend's site (same-site). Otherwise "
      "SameSite=None; Secure; Partitioned (mod_samesite Auto does this).",
      "seeds 000, 002, 004; SPEC 6 measurements." },
    { "cookie-secure-on-http", E,
      "Secure cookie from an http-only server: browsers drop it",
      "Finds Secure cookies set by a server that is only reachable over plain "
      "http.",
      "Browsers refuse to store a Secure cookie set by an insecure origin (RFC "
      "6265bis 5.7 step 9 'strict secure cookies'), so the login appears to "
      "work and then loses its session. Raw IPs and plain http deployments hit "
      "this silently.",
      "server { listen 80; add_header Set-Cookie \"sid=1; Secure\"; }",
      "Terminate TLS in front of the application and make the public origin "
      "https (SameSitePublicOrigin https://...).",
      "seed 002 pitfall 3 (Secure cookie drop on HTTP)." },
    { "cookie-third-party-dependence", W,
      "login depends on cross-site cookies that Safari, Firefox ETP and Chrome "
      "incognito block",
      "Finds cookie-authenticated hosts whose frontends are cross-site.",
      "Even with SameSite=None; Secure and correct CORS, third-party cookies "
      "are blocked by Safari, by Firefox's Enhanced Tracking Protection, in "
      "Chrome incognito, and by default in the Chromium we test with (SPEC 6). "
      "Only a Partitioned (CHIPS) cookie set in the frontend's partition "
      "survives; it is then not shared with top-level visits.",
      "SameSiteFrontend https://app.vercel.example\n(API on "
      "api.render.example, cookie session)",
      "Put frontend and API on one site (proxy /api through the frontend's "
      "host, or api.<frontend-domain>); or add Partitioned (mod_samesite Auto "
      "does when the cookie is set in a cross-site context); or use "
      "short-lived tokens for cross-site APIs.",
      "seeds 000 and 004; SPEC 6; CHIPS." },
    { "cors-duplicate-origin", E,
      "two Access-Control-Allow-Origin values can be sent",
      "Finds configurations where the proxy and the proxied backend (or two "
      "directives) both emit Access-Control-Allow-Origin.",
      "With two ACAO headers (or one with two values) the browser rejects the "
      "response: 'The Access-Control-Allow-Origin header contains multiple "
      "values'. This happens when a proxy adds CORS on top of a backend that "
      "already does.",
      "location /api/ { proxy_pass http://backend; add_header "
      "Access-Control-Allow-Origin $http_origin; }",
      "Emit CORS in exactly one place: proxy_hide_header "
      "Access-Control-Allow-Origin (nginx; fastcgi_hide_header, "
      "uwsgi_hide_header, scgi_hide_header, grpc_hide_header for those "
      "backends) / Header unset before set (Apache), or let mod_samesite "
      "replace the backend's headers.",
      "Fetch standard, CORS check; seed 003 (debugging trick)." },
    { "cors-expose-set-cookie", W,
      "Access-Control-Expose-Headers lists Set-Cookie, which scripts never see",
      "Finds Set-Cookie (or Set-Cookie2) in an Access-Control-Expose-Headers "
      "set with add_header / Header (mod_samesite refuses it in "
      "SameSiteCORSExposeHeaders at startup: samesite-directive-invalid).",
      "Set-Cookie is a forbidden response header name: the Fetch standard "
      "removes it from every response a script reads, exposed or not. A "
      "frontend that reads the cookie from the response to write it with "
      "document.cookie cannot, and a cookie written by the page belongs to the "
      "page's host, never to the API's.",
      "add_header Access-Control-Expose-Headers \"Set-Cookie, X-Total\" "
      "always;",
      "Drop Set-Cookie from the list. Let the browser store the API's own "
      "Set-Cookie (fetch with credentials: 'include' and a SameSite that fits "
      "the topology) and return in the body whatever the page must read.",
      "Fetch standard (forbidden response-header names, CORS-filtered "
      "response); seed 004 (why document.cookie does not fix it)." },
    { "cors-header-inheritance", E,
      "nginx inner add_header silently drops outer CORS headers",
      "Finds nginx locations that define their own add_header while CORS "
      "headers are defined at an outer level.",
      "nginx inherits add_header from the outer level only if the inner level "
      "defines none. One add_header in a location (e.g. Cache-Control) drops "
      "every outer Access-Control-* header for that location, so CORS breaks "
      "only on some paths.",
      "server { add_header Access-Control-Allow-Origin https://app.example.com "
      "always;\n  location /api/ { add_header Cache-Control no-store; } }",
      "Repeat the CORS headers in the inner block (an include file helps), or "
      "use add_header_inherit merge (nginx 1.29.3+).",
      "nginx ngx_http_headers_module docs (add_header inheritance)." },
    { "cors-insecure-origin", W,
      "http:// origin allowed with credentials for an https resource",
      "Finds plain-http origins in a credentialed CORS allowlist of an https "
      "host.",
      "Anyone on the network path can inject script into an http page and then "
      "read credentialed responses from the https API: the allowlist entry "
      "downgrades the API to http security. http and https are also cross-site "
      "(schemeful same-site).",
      "Access-Control-Allow-Origin http://app.example.com (on "
      "https://api.example.com)",
      "Serve the frontend over https and allow only https origins.",
      "Fetch standard; schemeful same-site; seed 003." },
    { "cors-max-age-capped", N, "Max-Age above what browsers honour",
      "Finds Access-Control-Max-Age larger than 7200 seconds.",
      "Chromium caps the preflight cache at 2 hours (7200 s), Firefox at 24 "
      "hours; a larger value is silently reduced, so it does not do what it "
      "says.",
      "add_header Access-Control-Max-Age 86400;",
      "Use 7200 or less (mod_samesite's default is 7200).",
      "Chromium cors preflight cache cap; seed 003 (Max-Age)." },
    { "cors-missing-vary", W,
      "origin-dependent CORS headers without Vary: Origin",
      "Finds responses whose Access-Control-Allow-Origin depends on the "
      "request Origin but that do not send Vary: Origin.",
      "A shared or browser cache may store the response made for one origin "
      "and serve it to another: the second frontend then sees the wrong ACAO "
      "and its requests fail (or succeed for the wrong origin).",
      "add_header Access-Control-Allow-Origin $cors_origin always;",
      "Add Vary: Origin (merged with any existing Vary). mod_samesite always "
      "does.",
      "Fetch standard (CORS and HTTP caches); seeds 003 and 004." },
    { "cors-not-always", W,
      "CORS headers absent on error responses (no always)",
      "Finds CORS response headers that are only added to successful "
      "responses.",
      "nginx add_header without `always` and Apache `Header set` (onsuccess "
      "table) skip 4xx/5xx responses, so the browser reports a CORS error "
      "instead of the real 401/404/500 and the frontend cannot read the error.",
      "add_header Access-Control-Allow-Origin https://app.example.com;",
      "nginx: add `always`; Apache: `Header always set`, or mod_samesite, "
      "which treats error responses too.",
      "nginx add_header docs; SPEC 3 (every response gets the treatment)." },
    { "cors-null-origin", W, "null origin allowed",
      "Finds `null` in a CORS allowlist or an origin check that accepts it.",
      "Sandboxed iframes, file: pages and some redirects send Origin: null; "
      "any attacker can produce it with <iframe sandbox>. Allowing null with "
      "credentials hands the session to every site.",
      "Access-Control-Allow-Origin null",
      "Never allow null; list the real https origins.",
      "Fetch standard (opaque origins); seed 004." },
    { "cors-origin-allowed", N, "CORS headers sent for a declared frontend",
      "Module log: the request's Origin is a declared frontend "
      "(SameSiteFrontend), so its exact origin is echoed in "
      "Access-Control-Allow-Origin with Access-Control-Allow-Credentials: true "
      "(or would be, in ReportOnly).",
      "Without these headers the browser hides the response of a credentialed "
      "cross-origin fetch from the frontend's script; a wildcard does not "
      "help, browsers ignore * when credentials are included (Fetch, CORS "
      "check).",
      "SameSiteFrontend https://app.example.com\nSameSiteCORS On",
      "Nothing to fix. If that origin must not read responses, remove it from "
      "SameSiteFrontend.",
      "Fetch standard, CORS protocol; seed 002 (the topology table)." },
    { "cors-origin-denied", N,
      "request Origin not in the allowlist: no CORS headers sent",
      "Module log: the request's Origin is not a declared frontend (or is "
      "malformed), so no CORS header was emitted.",
      "Emitting nothing is the safe answer: the browser blocks the read. A "
      "hostile Origin is never echoed.",
      "Origin: https://app.example.com.evil.test",
      "If the origin is legitimate, add it with SameSiteFrontend.",
      "Fetch standard, CORS protocol." },
    { "cors-origin-reflected", E, "request Origin echoed without an allowlist",
      "Finds Access-Control-Allow-Origin set from the request's Origin "
      "($http_origin, %{Origin}i, Header echo) with no check in front.",
      "Echoing any Origin with credentials is equivalent to `*` with "
      "credentials, but browsers accept it: every website can read the user's "
      "authenticated responses.",
      "add_header Access-Control-Allow-Origin $http_origin always;\nadd_header "
      "Access-Control-Allow-Credentials true always;",
      "Validate against an exact allowlist (nginx map $http_origin with exact "
      "entries; mod_samesite SameSiteFrontend) and echo only matches.",
      "seeds 002 (pitfall 5) and 004 (do not reflect every Origin)." },
    { "cors-origin-regex-bypass", E, "origin check accepts an attacker origin",
      "Compiles origin-checking regexes (SetEnvIf Origin, RewriteCond "
      "%{HTTP:Origin}, <If>, nginx map/if on $http_origin) with PCRE2 and "
      "tries attacker origins derived from the intended ones.",
      "Unanchored or unescaped patterns like `example.com` or "
      "`^https://.*example.com` also match https://example.com.evil.test, "
      "https://evilexample.com or https://appxexample.com. Whatever matches "
      "gets credentialed access.",
      "SetEnvIf Origin \"https://app.example.com\" CORS_OK",
      "Anchor and escape: ^https://app\\.example\\.com$ — or avoid regexes "
      "entirely (nginx map with exact strings; mod_samesite SameSiteFrontend, "
      "which compares labels, not regexes).",
      "PortSwigger CORS research; seed 004 (validated allowlist)." },
    { "cors-origin-regex-unanalysable", N,
      "origin regex uses features the linter cannot analyse",
      "Reports an origin regex that uses possessive quantifiers, atomic "
      "groups, backreferences or other constructs the bypass analysis does not "
      "model.",
      "The regex is kept and checked only partially; one note is emitted on "
      "that line instead of aborting the run.",
      "map $http_origin $ok { ~^https://(?>app|www)\\.example\\.com$ 1; }",
      "Prefer exact strings; they can be verified.",
      "SPEC 4 (degrade to a note)." },
    { "cors-preflight-answered", N,
      "valid preflight answered 204 before authentication",
      "Module log: an OPTIONS preflight from a declared frontend, for an "
      "allowed method and allowed headers, was answered 204 with the CORS "
      "headers before authentication, authorization and the backend ran "
      "(SameSitePreflight Handle), or would be, in ReportOnly.",
      "Browsers send preflights without credentials: when authentication or a "
      "backend that does not know OPTIONS answers them (401, 405), the browser "
      "never sends the real request (cors-preflight-blocked).",
      "SameSitePreflight Handle\n<Location /api> Require valid-user "
      "</Location>",
      "Nothing to fix. Use SameSitePreflight PassThrough if the backend must "
      "see the preflights.",
      "Fetch standard, CORS-preflight fetch; seeds 003 and 004." },
    { "cors-preflight-blocked", W,
      "preflight OPTIONS hits auth or a backend that rejects it",
      "Finds CORS-enabled locations where an OPTIONS preflight runs into "
      "authentication (auth_basic, auth_request, Require valid-user) or a "
      "method restriction that refuses OPTIONS (nginx limit_except without "
      "OPTIONS, Apache <LimitExcept> without it or <Limit OPTIONS> with a "
      "Require or Deny).",
      "Preflights never carry credentials (Fetch standard), so an "
      "auth-protected location answers 401, and a method limit that forgets "
      "OPTIONS answers 403; the browser reports 'Response to preflight request "
      "doesn't pass access control check' and the real request is never sent.",
      "location /api/ { auth_basic \"x\"; add_header "
      "Access-Control-Allow-Origin https://app.example.com always; }",
      "Answer OPTIONS before auth: nginx `if ($request_method = OPTIONS) { "
      "return 204; }`, Apache `<LimitExcept OPTIONS>` around Require, or "
      "mod_samesite `SameSitePreflight Handle`; list OPTIONS in limit_except / "
      "<LimitExcept>.",
      "Fetch standard (CORS-preflight fetch); seed 003 (response to preflight "
      "has invalid status)." },
    { "cors-unneeded", N, "CORS configured where every frontend is same-origin",
      "Finds CORS headers on a host whose declared frontends are all "
      "same-origin.",
      "Same-origin requests never need CORS. Extra Access-Control-* headers "
      "only widen what other origins might read if the allowlist ever goes "
      "wrong.",
      "path-based gateway https://platform.example.com serving /app and /api "
      "with Access-Control-Allow-Origin",
      "Remove the CORS headers (mod_samesite: SameSiteCORS Off).",
      "seed 002 (single gateway: CORS overhead none)." },
    { "cors-wildcard-credentials", E,
      "Access-Control-Allow-Origin: * with credentials allowed",
      "Finds `Access-Control-Allow-Origin: *` together with "
      "`Access-Control-Allow-Credentials: true`.",
      "The browser refuses credentialed responses with a wildcard origin "
      "('must not be the wildcard * when the request's credentials mode is "
      "include'): cookies are not sent or stored and the response is "
      "unreadable.",
      "add_header Access-Control-Allow-Origin * always;\nadd_header "
      "Access-Control-Allow-Credentials true always;",
      "Echo the exact, validated origin and add Vary: Origin (mod_samesite "
      "SameSiteCORS On with SameSiteFrontend).",
      "seeds 002 (pitfall 5), 003, 004; Fetch standard CORS check." },
    { "cors-wildcard-headers-credentials", W,
      "* in Allow-Headers/Methods/Expose with credentials (taken literally)",
      "Finds `*` in Access-Control-Allow-Headers, -Allow-Methods or "
      "-Expose-Headers on credentialed responses.",
      "With credentials the browser treats `*` in these headers as the literal "
      "header name \"*\", not a wildcard: Authorization and other headers are "
      "not allowed and the preflight fails.",
      "add_header Access-Control-Allow-Headers * always; (with credentials)",
      "List the headers and methods explicitly.",
      "Fetch standard (CORS-safelisted, wildcard only without credentials); "
      "seed 003 scenario 4." },
    { "csrf-rejected", W, "cross-site unsafe request rejected (SameSiteCSRF)",
      "Module log: a POST/PUT/PATCH/DELETE from an origin that is neither the "
      "public origin nor a declared frontend was rejected with 403 (or would "
      "be, in ReportOnly).",
      "CORS does not stop a cross-site form POST or simple request from "
      "reaching the handler; with a Lax-less or None cookie it carries the "
      "session (CSRF).",
      "Sec-Fetch-Site: cross-site with POST",
      "If the caller is legitimate, declare it with SameSiteFrontend.",
      "seed 004 (Security boundary); Fetch Metadata." },
    { "csrf-unprotected", W,
      "cookie session open to cross-site request forgery",
      "Finds hosts with a SameSite=None session cookie, or one with no "
      "SameSite (the 2-minute Lax+POST window), that accept unsafe methods "
      "with no Origin, Sec-Fetch-Site or token check. Explicit Lax or Strict "
      "does not trigger it.",
      "Cookies are attached automatically: a page on any site can POST to the "
      "API and the browser sends the session with it. CORS only hides the "
      "response; the side effect has already happened.",
      "location /api/ { proxy_pass http://app; }  # session cookie "
      "SameSite=None",
      "Use SameSite=Lax/Strict where the topology allows; otherwise check "
      "Origin / Sec-Fetch-Site (mod_samesite SameSiteCSRF Enforce) or use CSRF "
      "tokens.",
      "seeds 001 (CSRF), 002, 004 (Security boundary)." },
    { "header-condition-mismatch", E,
      "Apache Header edit/unset in the table where the header never is",
      "Finds `Header edit|unset` of Set-Cookie or CORS headers whose condition "
      "table cannot see them: `always` misses mod_proxy_http's headers, the "
      "default (onsuccess) misses CGI / FastCGI / SCGI headers.",
      "mod_headers edits one table: onsuccess = r->headers_out, always = "
      "r->err_headers_out. mod_proxy_http stores backend headers in "
      "headers_out, CGI/FastCGI/SCGI in err_headers_out (measured here on "
      "Apache 2.4, SPEC 6). The edit silently does nothing and cookies keep "
      "their old attributes.",
      "ProxyPass /api http://backend/\nHeader always edit Set-Cookie "
      "\"^(.*)$\" \"$1; SameSite=Lax\"",
      "Use the table that holds the header (drop `always` for mod_proxy_http, "
      "add it for CGI/FastCGI), write both lines, or use mod_samesite, which "
      "walks both tables.",
      "SPEC 6 (measured); httpd mod_headers docs." },
    { "header-format-misread", E,
      "Apache Header value with a format mod_headers reads differently "
      "(%{NAME}i is not a request header)",
      "Finds `Header` / `RequestHeader` values that write `%{NAME}i` (or "
      "`%{NAME}t`, `D`, `l`, `b`): mod_log_config's request-header syntax, "
      "which mod_headers does not have.",
      "mod_headers knows %{NAME}e (environment), %{NAME}s (SSL) and the "
      "tags %t %D %l %i %b, which take no name: the {NAME} is ignored and "
      "%i is the server's idle share. `Header set "
      "Access-Control-Allow-Origin \"%{Origin}i\"` sends \"i=93\" "
      "(measured on Apache 2.4): the browser rejects every CORS response.",
      "Header always set Access-Control-Allow-Origin \"%{Origin}i\"",
      "Read a request header with an ap_expr value behind an allowlist "
      "(`SetEnvIf Origin \"^https://app\\.example\\.com$\" CORS=$0` and "
      "`\"%{CORS}e\" env=CORS`, or `<If>` + `\"expr=%{req:Origin}\"`), or "
      "let mod_samesite answer CORS.",
      "httpd mod_headers docs (Header format specifiers); tests/server "
      "(measured)." },
    { "route-spa-shadows-api", E,
      "SPA fallback (try_files ... /index.html, FallbackResource) catches API "
      "paths",
      "Finds SPA fallbacks that also cover API paths.",
      "When /api/... is not routed before the SPA fallback, API calls get "
      "index.html with 200: the frontend sees HTML instead of JSON, cookies "
      "set by the API never arrive, and errors look like CORS failures.",
      "location / { try_files $uri /index.html; }  # /api/ has no location of "
      "its own",
      "Give the API its own prefix location (location /api/ { proxy_pass ...; "
      "}) and keep the SPA under / or /app/.",
      "seed 002 pitfall 4 (SPA path collision)." },
    { "samesite-directive-invalid", E,
      "a mod_samesite directive that httpd would reject",
      "Validates mod_samesite directives with the same parsers the module "
      "uses.",
      "httpd refuses to start (apachectl configtest fails) on an invalid "
      "SameSite* argument; catching it in CI avoids a failed deploy.",
      "SameSiteFrontend https://app.example.com/",
      "Fix the argument as the message says (origins have no path or trailing "
      "slash; wildcards are https://*.example.com).",
      "SPEC 3." },
    { "syntax-error", E, "the configuration does not parse",
      "Reports configurations the parser cannot read (unbalanced blocks, "
      "unterminated quotes, include cycles, missing includes).",
      "nginx -t / apachectl -t would reject the file too; no other check can "
      "be trusted on a file that does not parse, so samesite-lint exits 2.",
      "location / {", "Fix the syntax at the reported file:line:column.",
      "SPEC 4 (a parse failure is exit 2, never 'no issues')." },
    { "topology-internal-origin", W,
      "frontend / allowlist names an internal address the browser never sees",
      "Finds frontends, allowlist entries or public origins that are internal "
      "addresses (private IPs, localhost, single-label or .internal names).",
      "The browser computes origins and sites from the address bar, never from "
      "the service mesh behind a proxy. An allowlist with http://backend:8080 "
      "or a public origin of 10.0.0.5 matches nothing a browser sends (proxy "
      "origin illusion).",
      "SameSiteFrontend http://frontend:3000",
      "Use the public origin users type (https://app.example.com); set "
      "SameSitePublicOrigin when behind a proxy.",
      "seed 002 pitfall 1 (proxy origin illusion)." },
    { "topology-public-suffix", W,
      "hosts share a parent domain that is a public suffix: they are "
      "cross-site",
      "Finds frontends and APIs that look related (a.github.io, b.github.io) "
      "but are separated by a public suffix.",
      "github.io, herokuapp.com, vercel.app and other hosting domains are in "
      "the Public Suffix List's private section, so their subdomains are "
      "different sites: Lax/Strict cookies are not sent and third-party cookie "
      "blocking applies.",
      "SameSitePublicOrigin https://api.github.io with SameSiteFrontend "
      "https://app.github.io",
      "Use a custom domain for both (app.example.com, api.example.com) or "
      "proxy the API through the frontend's host.",
      "seed 001 (github.io example); Public Suffix List." },
    { "topology-schemeful-cross-site", E,
      "http frontend calling an https host (or back): cross-site",
      "Finds frontends whose scheme differs from the public origin's on the "
      "same registrable domain.",
      "Since schemeful same-site (Chromium 89), http://app.example.com and "
      "https://api.example.com are cross-site: Lax/Strict cookies are not "
      "sent, and None cookies need Secure, which an http page cannot make "
      "safe.",
      "SameSiteFrontend http://app.example.com (API https://api.example.com)",
      "Serve the frontend over https (and redirect http to https).",
      "schemeful same-site; seed 004 (same-site is scheme + registrable "
      "domain)." },
    { "topology-websocket-cross-site", W,
      "cookie-authenticated WebSocket on a cross-site host: cookie not sent on "
      "the handshake",
      "Finds WebSocket endpoints that rely on cookies while a frontend is "
      "cross-site.",
      "The handshake is a cross-site request: Lax/Strict cookies are never "
      "sent and SameSite=None cookies are blocked as third-party cookies "
      "(measured here, SPEC 6). Only a Partitioned cookie set in the "
      "frontend's partition is sent.",
      "location /ws { proxy_pass http://app; proxy_set_header Upgrade "
      "$http_upgrade; }  # frontend on another site",
      "Serve the WebSocket from the frontend's site (proxy it), use a "
      "Partitioned cookie (mod_samesite Auto), or authenticate the socket with "
      "a short-lived token.",
      "seed 000 (cookies do not reach the WebSocket); SPEC 6." },
    { "websocket-origin-rejected", W,
      "WebSocket upgrade from an undeclared Origin rejected",
      "Module log: SameSiteWebSocket Enforce rejected a handshake whose Origin "
      "is neither the public origin nor a declared frontend.",
      "Browsers do not apply CORS to WebSockets; without an Origin check any "
      "site can open an authenticated socket (cross-site WebSocket hijacking).",
      "Origin: https://evil.test with Upgrade: websocket",
      "If the origin is legitimate, add it with SameSiteFrontend.",
      "RFC 6455 10.2; seed 000." },
    { "websocket-origin-unchecked", W,
      "WebSocket upgrade proxied without an Origin check",
      "Finds WebSocket proxying (Upgrade headers, ws:// ProxyPass, "
      "mod_proxy_wstunnel) in a scope without any Origin validation.",
      "WebSockets are not covered by CORS: a malicious page can open a socket "
      "with the user's cookies and read everything (cross-site WebSocket "
      "hijacking).",
      "location /ws { proxy_pass http://app; proxy_set_header Upgrade "
      "$http_upgrade; proxy_set_header Connection upgrade; }",
      "Check Origin against the allowlist before proxying (map $http_origin + "
      "if, or mod_samesite SameSiteWebSocket Enforce).",
      "RFC 6455 10.2; seed 000." },
};

#undef E
#undef W
#undef N

const ss_rule_info_t *
ss_rule_catalog(int *n)
{
    *n = (int)(sizeof(catalog) / sizeof(catalog[0]));
    return catalog;
}

const ss_rule_info_t *
ss_rule_lookup(const char *id)
{
    size_t i;
    if (!id) {
        return NULL;
    }
    for (i = 0; i < sizeof(catalog) / sizeof(catalog[0]); i++) {
        if (!strcmp(catalog[i].id, id)) {
            return &catalog[i];
        }
    }
    return NULL;
}

const char *
ss_severity_name(ss_severity_t sev)
{
    switch (sev) {
    case SS_SEV_ERROR:
        return "error";
    case SS_SEV_WARNING:
        return "warning";
    case SS_SEV_NOTE:
        return "note";
    default:
        return "none";
    }
}

ss_severity_t
ss_severity_parse(const char *s)
{
    if (!s)
        return SS_SEV_NONE;
    if (!strcmp(s, "error"))
        return SS_SEV_ERROR;
    if (!strcmp(s, "warning"))
        return SS_SEV_WARNING;
    if (!strcmp(s, "note"))
        return SS_SEV_NOTE;
    return SS_SEV_NONE;
}

const char *
ss_rule_explain(apr_pool_t *p, const ss_rule_info_t *r)
{
    if (!r) {
        return NULL;
    }
    return apr_psprintf(p,
                        "%s (%s): %s\n\n"
                        "What it does:\n  %s\n\n"
                        "Why it is bad:\n  %s\n\n"
                        "Example:\n  %s\n\n"
                        "Use instead:\n  %s\n\n"
                        "References:\n  %s\n",
                        r->id, ss_severity_name(r->severity), r->summary,
                        r->what, r->why, r->example, r->instead, r->refs);
}

void
ss_finding_add(apr_array_header_t *findings, const char *rule_id,
               const char *fmt, ...)
{
    const ss_rule_info_t *r = ss_rule_lookup(rule_id);
    ss_finding_t *f = apr_array_push(findings);
    va_list ap;
    va_start(ap, fmt);
    f->message = apr_pvsprintf(findings->pool, fmt, ap);
    va_end(ap);
    f->rule_id = rule_id;
    f->severity = r ? r->severity : SS_SEV_WARNING;
}
