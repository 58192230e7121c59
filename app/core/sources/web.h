/* A thin HTTP(S) client over libcurl for the servers ContainerKitty reads
 * (GitLab, registries, vulnerability feeds). One struct ck_web is one
 * connection cache used by one thread at a time.
 *
 * What it does for every caller:
 *   - User-Agent "ContainerKitty/<version>"; http and https only.
 *   - Timeouts (connect, whole request) and a cap on the body size.
 *   - Proxy from the environment (libcurl's http_proxy, https_proxy,
 *     no_proxy; HTTPS_PROXY and NO_PROXY too), else the system's for the
 *     URL (platform/proxy.h: on Windows, Internet Options with its PAC
 *     script or WPAD); a proxy that answers 407 with Negotiate or NTLM is
 *     answered with the user's logon (ck_web_use_proxy).
 *   - Redirects followed (at most 5); a redirect to another origin drops the
 *     caller's headers, so tokens never leave the server they were meant for,
 *     and a redirect from https to http is refused.
 *   - 429 Too Many Requests: waits Retry-After (delay-seconds or HTTP-date;
 *     at least 1 s, else 1, 2, 4... s) and asks again, at most 5 times and
 *     while the whole request, waits included, stays within max_retry_wait_s.
 *
 * Where credentials may go (ck_web_credentials_allowed, the one rule for
 * redirects, next pages and token services): credentials given for a URL go
 * only to the same origin, that is the same scheme, host and port; never
 * from https to plain http. A registry's token service may also be on
 * another port of the registry's own host, the layout of the distribution
 * reference setup, or over https on another host of the same site
 * (CK_WEB_SAME_SITE), but never on an unrelated host.
 *   - A cancellation flag, checked during transfers and waits.
 *   - Logs the method and URL (without any user:password part) at debug
 *     level; never headers, so tokens are never logged. */
#ifndef CK_WEB_H
#define CK_WEB_H

#include <stddef.h>

#include "platform/platform.h"
#include "util/buf.h"
#include "util/status.h"

struct ck_web;

struct ck_web_options {
    long connect_timeout_ms;    /* 0: 15 s */
    long timeout_ms;            /* whole request; 0: 120 s */
    size_t max_body;            /* 0: 32 MiB; a larger body fails with CK_ERR_LIMIT */
    unsigned max_retry_wait_s;  /* total wait for 429 retries; 0: 60 s */
    const ck_atomic_flag *cancel; /* may be NULL */
};

struct ck_web_header {
    char *name;
    char *value;
};

/* Caller-owned: ck_web_response_init / ck_web_response_release. */
struct ck_web_response {
    long status;                   /* HTTP status of the final response */
    struct ck_buf body;
    struct ck_web_header *headers; /* of the final response, in order */
    size_t nheaders, cap_headers;
    char *url;                     /* the URL that answered (after redirects) */
};

enum ck_status ck_web_new(struct ck_web **out, const struct ck_web_options *options, struct ck_err *err);
void ck_web_free(struct ck_web *web);

void ck_web_response_init(struct ck_web_response *resp);
void ck_web_response_release(struct ck_web_response *resp);

/* GET url with extra request headers ("Name: value" strings, NULL-terminated
 * array; may be NULL). Any HTTP status is CK_OK: look at resp->status.
 * Fails with CK_ERR_CONNECT, CK_ERR_TIMEOUT, CK_ERR_CANCELLED, CK_ERR_LIMIT
 * (body too large, too many redirects) or CK_ERR_PROTOCOL (among others a
 * URL, first or redirected to, that names a user), err naming the URL.
 * resp is reset first. */
enum ck_status ck_web_get(struct ck_web *web, const char *url, const char *const *headers,
                          struct ck_web_response *resp, struct ck_err *err);

enum ck_web_scope {
    CK_WEB_SAME_ORIGIN, /* same scheme, host and port */
    CK_WEB_SAME_HOST,   /* same host, any port; http may become https */
    CK_WEB_SAME_SITE    /* as SAME_HOST, or over https to another host of the same
                           site (auth.docker.io for registry-1.docker.io,
                           gitlab.com for registry.gitlab.com): the layout of
                           the token services people use */
};

/* 1 when credentials given for the URL given_for may go with a request to
 * url under scope (hosts compared without case, default ports filled in);
 * never from https to http; 0 for anything that is not an absolute URL. */
int ck_web_credentials_allowed(const char *given_for, const char *url, enum ck_web_scope scope);

/* 1 when url is scheme://host[:port] and at most a path: a host part of
 * letters, digits, '.', '-', '_' (and an IPv6 literal's brackets and
 * colons), no user, and no '%', '#' or '?' anywhere, all of which would let
 * libcurl connect to another server than the one a person reads (and send
 * it the credentials). For base URLs given by the user. */
int ck_web_url_plain(const char *url);

/* Checks a next-page URL a server named for a listing that began at first:
 * CK_OK to read it; CK_ERR_PROTOCOL, err a sentence naming what (the
 * listing), when it leaves https for http, or when the listing carries
 * credentials (with_credentials) and next is on another origin. */
enum ck_status ck_web_check_next(const char *first, const char *next, int with_credentials, const char *what,
                                 struct ck_err *err);

/* The value of the first response header called name (any case), or NULL. */
const char *ck_web_header(const struct ck_web_response *resp, const char *name);

/* The absolute URL of the Link header's rel="next" target (relative targets
 * are resolved against resp->url), malloc'd, or NULL when there is none. */
char *ck_web_link_next(const struct ck_web_response *resp);

/* Seconds the Retry-After header asks for (delay-seconds, or an HTTP-date:
 * 0 when it is past), or -1 when there is none or it is neither. */
long ck_web_retry_after(const struct ck_web_response *resp);

/* ref resolved against base (RFC 3986), malloc'd, or NULL. */
char *ck_web_resolve(const char *base, const char *ref);

/* s percent-encoded for use as one path segment or query value, malloc'd. */
char *ck_web_escape(const char *s);

/* Sets the proxy of the libcurl easy handle curl (a CURL *) for a request
 * to url: the environment's when set (libcurl reads it; any proxy
 * authentication its URL's credentials allow), else the system's, where a
 * 407 asking for Negotiate or NTLM is answered with the logged-on user's
 * credentials (SSPI; nothing is stored or asked for). The proxy's loggable
 * URL (malloc'd), or NULL when the request goes direct or through the
 * environment's proxy. Call on a fresh handle. */
char *ck_web_use_proxy(void *curl, const char *url);

/* A new libcurl easy handle (a CURL *) for one request, old (may be NULL)
 * freed; NULL when out of memory. share (a CURLSH *, may be NULL) carries
 * the connections from one to the next. Not curl_easy_reset: libcurl 7.88
 * keeps a pointer to the last header of the handle's previous transfer,
 * freed when the next begins, and a response that opens with a folded
 * header line appends to it (fixed in libcurl 8.1). */
void *ck_web_fresh_handle(void *old, void *share);

/* 1 when url names a user (scheme://user[:password]@host): libcurl would
 * log in with it, so ck_web_get requests no such URL (the base URLs a user
 * gives are plain, ck_web_url_plain; the rest come from servers). */
int ck_web_url_has_user(const char *url);

/* url without any user:password@ part, malloc'd: the form to log. */
char *ck_web_loggable_url(const char *url);

/* "Authorization: Basic <base64(user:password)>", malloc'd. */
char *ck_web_basic_auth(const char *user, const char *password);

/* A short description of a status ("404 Not Found"), static. */
const char *ck_web_status_text(long status);

#endif
