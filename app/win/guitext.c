/* UTF-8 text at the W API boundary, message boxes, links, high contrast. */
#include "win/gui.h"

#include <shellapi.h>
#include <stdarg.h>
#include <stdlib.h>
#include <wchar.h>

#include "platform/win32_text.h"

void ck_gui_set_text(HWND hwnd, const char *utf8)
{
    wchar_t *w = ck_utf8_to_wide(utf8 ? utf8 : "");
    SetWindowTextW(hwnd, w ? w : L"");
    free(w);
}

char *ck_gui_text(HWND hwnd)
{
    int n = GetWindowTextLengthW(hwnd);
    wchar_t *w = malloc(((size_t)n + 1) * sizeof *w);
    char *out;
    if (!w)
        return NULL;
    GetWindowTextW(hwnd, w, n + 1);
    w[n] = 0;
    out = ck_wide_to_utf8(w);
    free(w);
    return out;
}

void ck_gui_copy(wchar_t *dst, int cap, const char *utf8)
{
    wchar_t *w;
    if (cap <= 0)
        return;
    dst[0] = 0;
    if (!utf8 || !*utf8)
        return;
    w = ck_utf8_to_wide(utf8);
    if (w) {
        wcsncpy(dst, w, (size_t)cap - 1);
        dst[cap - 1] = 0;
    }
    free(w);
}

int ck_gui_message(HWND owner, UINT flags, const char *fmt, ...)
{
    char text[2048];
    wchar_t *w;
    va_list ap;
    int rc;

    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    w = ck_utf8_to_wide(text);
    rc = MessageBoxW(owner, w ? w : L"", CK_MAIN_TITLE, flags);
    free(w);
    return rc;
}

void ck_gui_open_url(HWND owner, const wchar_t *url)
{
    /* Only web links: references come from vulnerability records, which
     * are data, not commands to run. */
    if (_wcsnicmp(url, L"https://", 8) && _wcsnicmp(url, L"http://", 7))
        return;
    ShellExecuteW(owner, L"open", url, NULL, NULL, SW_SHOWNORMAL);
}

BOOL ck_gui_high_contrast(void)
{
    HIGHCONTRASTW hc = {sizeof hc};
    return SystemParametersInfoW(SPI_GETHIGHCONTRAST, sizeof hc, &hc, 0) && (hc.dwFlags & HCF_HIGHCONTRASTON);
}
