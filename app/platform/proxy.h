/* The system's proxy setting, for HTTP clients that libcurl's environment
 * variables (http_proxy, HTTPS_PROXY, NO_PROXY) do not cover: on Windows the
 * per-user setting of Internet Options (WinHttpGetIEProxyConfigForCurrentUser),
 * with its automatic configuration evaluated for the URL by WinHTTP
 * (WinHttpGetProxyForUrl: WPAD auto-detection and PAC scripts). */
#ifndef CK_PLATFORM_PROXY_H
#define CK_PLATFORM_PROXY_H

/* The proxy to use for url as "http://host:port" (malloc'd), or NULL for a
 * direct connection: no proxy configured, the PAC script said DIRECT, url's
 * host in the bypass list, or not Windows. */
char *ck_system_proxy_for_url(const char *url);

/* What Internet Options say: automatic configuration, then the static proxy. */
struct ck_proxy_config {
    int auto_detect;             /* "Automatically detect settings" (WPAD) */
    const char *auto_config_url; /* "Use setup script": the PAC file's URL, or NULL */
    const char *list, *bypass;   /* "Use a proxy server": the list and its exceptions, or NULL */
};

/* The automatic configuration's answer for one URL. */
struct ck_proxy_auto_answer {
    int evaluated;             /* 0: not configured, or it failed (no WPAD server, a broken script) */
    int direct;                /* the script said DIRECT */
    const char *list, *bypass; /* its proxies ("p1:8080;p2:8080", the first is used) */
};

/* 1 when the configuration asks for automatic configuration. */
int ck_proxy_config_is_auto(const struct ck_proxy_config *cfg);

/* The proxy for url as Windows chooses it (malloc'd), or NULL for direct:
 * the automatic answer when there is one, else the static proxy, as WinHTTP
 * and browsers fall back when a script cannot be had. answer may be NULL.
 * Portable: the Windows calls are behind ck_system_proxy_for_url. */
char *ck_proxy_choose(const struct ck_proxy_config *cfg, const struct ck_proxy_auto_answer *answer, const char *url);

/* Picks the proxy for scheme ("http" or "https") out of a proxy list as
 * Windows writes it ("host:port", or "http=h1:p1;https=h2:p2"), and tells
 * whether host is in the bypass list ("*.corp;<local>;10.*"); both may be
 * NULL. The proxy URL (malloc'd) or NULL. Exposed for tests; portable. */
char *ck_proxy_pick(const char *list, const char *bypass, const char *scheme, const char *host);

#endif
