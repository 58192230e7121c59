/* The system's proxy setting, for HTTP clients that libcurl's environment
 * variables (http_proxy, HTTPS_PROXY, NO_PROXY) do not cover: on Windows the
 * per-user proxy of Internet Options, read with
 * WinHttpGetIEProxyConfigForCurrentUser. */
#ifndef CK_PLATFORM_PROXY_H
#define CK_PLATFORM_PROXY_H

/* The proxy to use for url as "http://host:port" (malloc'd), or NULL for a
 * direct connection: no proxy configured, url's host in the bypass list, or
 * not Windows. Automatic configuration (WPAD, PAC scripts) is not evaluated. */
char *ck_system_proxy_for_url(const char *url);

/* Picks the proxy for scheme ("http" or "https") out of a proxy list as
 * Windows writes it ("host:port", or "http=h1:p1;https=h2:p2"), and tells
 * whether host is in the bypass list ("*.corp;<local>;10.*"); both may be
 * NULL. The proxy URL (malloc'd) or NULL. Exposed for tests; portable. */
char *ck_proxy_pick(const char *list, const char *bypass, const char *scheme, const char *host);

#endif
