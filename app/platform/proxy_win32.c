/* Win32 side of proxy.h: Internet Options' per-user setting, its automatic
 * configuration evaluated by WinHTTP for each URL. winhttp.dll is loaded when
 * first needed, so nothing links against it. */
#ifdef _WIN32

#include <windows.h>
#include <winhttp.h>

#include "platform/proxy.h"

#include <stdlib.h>
#include <string.h>

#include "platform/win32_text.h"

typedef BOOL(WINAPI *get_ie_proxy_fn)(WINHTTP_CURRENT_USER_IE_PROXY_CONFIG *);
typedef HINTERNET(WINAPI *open_fn)(LPCWSTR, DWORD, LPCWSTR, LPCWSTR, DWORD);
typedef BOOL(WINAPI *set_timeouts_fn)(HINTERNET, int, int, int, int);
typedef BOOL(WINAPI *proxy_for_url_fn)(HINTERNET, LPCWSTR, WINHTTP_AUTOPROXY_OPTIONS *, WINHTTP_PROXY_INFO *);

/* WinHTTP keeps a downloaded PAC script in its session: one session for the
 * process, opened on first use and never closed. */
static struct {
    INIT_ONCE once;
    HMODULE lib;
    get_ie_proxy_fn get_ie_proxy;
    proxy_for_url_fn proxy_for_url;
    HINTERNET session;
} g = {INIT_ONCE_STATIC_INIT, NULL, NULL, NULL, NULL};

#define PAC_TIMEOUT_MS 5000 /* resolving, connecting, sending, receiving the script */

static BOOL CALLBACK load_winhttp(PINIT_ONCE once, PVOID param, PVOID *context)
{
    open_fn open;
    set_timeouts_fn set_timeouts;

    (void)once;
    (void)param;
    (void)context;
    if (!(g.lib = LoadLibraryW(L"winhttp.dll")))
        return TRUE;
    g.get_ie_proxy = (get_ie_proxy_fn)(void (*)(void))GetProcAddress(g.lib, "WinHttpGetIEProxyConfigForCurrentUser");
    g.proxy_for_url = (proxy_for_url_fn)(void (*)(void))GetProcAddress(g.lib, "WinHttpGetProxyForUrl");
    open = (open_fn)(void (*)(void))GetProcAddress(g.lib, "WinHttpOpen");
    set_timeouts = (set_timeouts_fn)(void (*)(void))GetProcAddress(g.lib, "WinHttpSetTimeouts");
    if (open && g.proxy_for_url &&
        (g.session = open(L"ContainerKitty", WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME,
                          WINHTTP_NO_PROXY_BYPASS, 0)) != NULL && set_timeouts)
        set_timeouts(g.session, PAC_TIMEOUT_MS, PAC_TIMEOUT_MS, PAC_TIMEOUT_MS, PAC_TIMEOUT_MS);
    return TRUE;
}

static void free_global(LPWSTR s)
{
    if (s)
        GlobalFree(s);
}

/* WinHTTP's answer for url under cfg: WPAD, then the script's URL if given.
 * The strings are malloc'd UTF-8 in answer (free both). */
static void ask_winhttp(const WINHTTP_CURRENT_USER_IE_PROXY_CONFIG *ie, const char *url,
                        struct ck_proxy_auto_answer *answer, char **list, char **bypass)
{
    WINHTTP_AUTOPROXY_OPTIONS opt;
    WINHTTP_PROXY_INFO info;
    wchar_t *wurl = ck_utf8_to_wide(url);

    memset(&opt, 0, sizeof opt);
    memset(&info, 0, sizeof info);
    if (ie->fAutoDetect) {
        opt.dwFlags |= WINHTTP_AUTOPROXY_AUTO_DETECT;
        opt.dwAutoDetectFlags = WINHTTP_AUTO_DETECT_TYPE_DHCP | WINHTTP_AUTO_DETECT_TYPE_DNS_A;
    }
    if (ie->lpszAutoConfigUrl && *ie->lpszAutoConfigUrl) {
        opt.dwFlags |= WINHTTP_AUTOPROXY_CONFIG_URL;
        opt.lpszAutoConfigUrl = ie->lpszAutoConfigUrl;
    }
    opt.fAutoLogonIfChallenged = TRUE; /* a script behind the proxy's own logon */
    if (wurl && g.session && g.proxy_for_url(g.session, wurl, &opt, &info)) {
        answer->evaluated = 1;
        answer->direct = info.dwAccessType == WINHTTP_ACCESS_TYPE_NO_PROXY || !info.lpszProxy;
        *list = info.lpszProxy ? ck_wide_to_utf8(info.lpszProxy) : NULL;
        *bypass = info.lpszProxyBypass ? ck_wide_to_utf8(info.lpszProxyBypass) : NULL;
        answer->list = *list;
        answer->bypass = *bypass;
    }
    free_global(info.lpszProxy);
    free_global(info.lpszProxyBypass);
    free(wurl);
}

char *ck_system_proxy_for_url(const char *url)
{
    WINHTTP_CURRENT_USER_IE_PROXY_CONFIG ie;
    struct ck_proxy_config cfg = {0};
    struct ck_proxy_auto_answer answer = {0};
    char *list = NULL, *bypass = NULL, *auto_url = NULL, *auto_list = NULL, *auto_bypass = NULL, *out;

    if (!url)
        return NULL;
    InitOnceExecuteOnce(&g.once, load_winhttp, NULL, NULL);
    memset(&ie, 0, sizeof ie);
    if (!g.get_ie_proxy || !g.get_ie_proxy(&ie))
        return NULL;
    cfg.auto_detect = ie.fAutoDetect;
    cfg.auto_config_url = auto_url = ie.lpszAutoConfigUrl ? ck_wide_to_utf8(ie.lpszAutoConfigUrl) : NULL;
    cfg.list = list = ie.lpszProxy ? ck_wide_to_utf8(ie.lpszProxy) : NULL;
    cfg.bypass = bypass = ie.lpszProxyBypass ? ck_wide_to_utf8(ie.lpszProxyBypass) : NULL;
    if (ck_proxy_config_is_auto(&cfg))
        ask_winhttp(&ie, url, &answer, &auto_list, &auto_bypass);
    out = ck_proxy_choose(&cfg, &answer, url);
    /* The configuration's strings are the caller's to free. */
    free_global(ie.lpszAutoConfigUrl);
    free_global(ie.lpszProxy);
    free_global(ie.lpszProxyBypass);
    free(auto_url);
    free(list);
    free(bypass);
    free(auto_list);
    free(auto_bypass);
    return out;
}

#endif
