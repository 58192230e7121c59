/* Win32 side of proxy.h: Internet Options' per-user proxy. winhttp.dll is
 * loaded when first needed, so nothing links against it. */
#ifdef _WIN32

#include <windows.h>

#include "platform/proxy.h"

#include <stdlib.h>
#include <string.h>

#include "platform/win32_text.h"

/* WINHTTP_CURRENT_USER_IE_PROXY_CONFIG, declared here to keep winhttp.h out. */
struct ie_proxy_config {
    BOOL auto_detect;
    LPWSTR auto_config_url;
    LPWSTR proxy;
    LPWSTR proxy_bypass;
};
typedef BOOL(WINAPI *get_ie_proxy_fn)(struct ie_proxy_config *);

/* scheme and host of url, copied into the buffers (empty when absent). */
static void split_url(const char *url, char *scheme, size_t ssize, char *host, size_t hsize)
{
    const char *s = strstr(url, "://"), *h, *end, *at;
    size_t n;
    scheme[0] = host[0] = '\0';
    if (!s)
        return;
    n = (size_t)(s - url) < ssize - 1 ? (size_t)(s - url) : ssize - 1;
    memcpy(scheme, url, n);
    scheme[n] = '\0';
    h = s + 3;
    end = h + strcspn(h, "/?#");
    for (at = h; at < end; at++)
        if (*at == '@')
            h = at + 1;
    if (*h == '[') { /* IPv6 literal */
        const char *close = memchr(h, ']', (size_t)(end - h));
        end = close ? close + 1 : end;
    } else {
        const char *colon = memchr(h, ':', (size_t)(end - h));
        if (colon)
            end = colon;
    }
    n = (size_t)(end - h) < hsize - 1 ? (size_t)(end - h) : hsize - 1;
    memcpy(host, h, n);
    host[n] = '\0';
}

char *ck_system_proxy_for_url(const char *url)
{
    struct ie_proxy_config cfg;
    HMODULE lib;
    get_ie_proxy_fn get;
    char *list = NULL, *bypass = NULL, *out = NULL;
    char scheme[16], host[256];

    if (!url)
        return NULL;
    lib = LoadLibraryW(L"winhttp.dll");
    if (!lib)
        return NULL;
    get = (get_ie_proxy_fn)(void (*)(void))GetProcAddress(lib, "WinHttpGetIEProxyConfigForCurrentUser");
    memset(&cfg, 0, sizeof cfg);
    if (get && get(&cfg)) {
        list = cfg.proxy ? ck_wide_to_utf8(cfg.proxy) : NULL;
        bypass = cfg.proxy_bypass ? ck_wide_to_utf8(cfg.proxy_bypass) : NULL;
        split_url(url, scheme, sizeof scheme, host, sizeof host);
        out = ck_proxy_pick(list, bypass, scheme, host);
        /* The configuration's strings are the caller's to free. */
        if (cfg.auto_config_url)
            GlobalFree(cfg.auto_config_url);
        if (cfg.proxy)
            GlobalFree(cfg.proxy);
        if (cfg.proxy_bypass)
            GlobalFree(cfg.proxy_bypass);
    }
    free(list);
    free(bypass);
    FreeLibrary(lib);
    return out;
}

#endif
