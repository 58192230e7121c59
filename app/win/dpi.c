/* DPI helpers. The manifest declares PerMonitorV2; GetDpiForWindow exists from
 * Windows 10 1607, so it is looked up at run time and 96 DPI assumed before. */
#include "win/gui.h"

typedef UINT(WINAPI *get_dpi_for_window_fn)(HWND);
typedef BOOL(WINAPI *spi_for_dpi_fn)(UINT, UINT, PVOID, UINT, UINT);
typedef int(WINAPI *metrics_for_dpi_fn)(int, UINT);

static FARPROC user32_proc(const char *name)
{
    HMODULE user32 = GetModuleHandleW(L"user32.dll");
    return user32 ? GetProcAddress(user32, name) : NULL;
}

int ck_dpi_of(HWND hwnd)
{
    get_dpi_for_window_fn fn = (get_dpi_for_window_fn)(void (*)(void))user32_proc("GetDpiForWindow");
    int dpi = 0;
    if (fn && hwnd)
        dpi = (int)fn(hwnd);
    if (dpi <= 0) {
        HDC dc = GetDC(NULL);
        dpi = GetDeviceCaps(dc, LOGPIXELSY);
        ReleaseDC(NULL, dc);
    }
    return dpi > 0 ? dpi : 96;
}

int ck_dpi_scale(int value96, int dpi)
{
    return MulDiv(value96, dpi, 96);
}

int ck_dpi_unscale(int value, int dpi)
{
    return MulDiv(value, 96, dpi > 0 ? dpi : 96);
}

int ck_dpi_metric(int index, int dpi)
{
    metrics_for_dpi_fn fn = (metrics_for_dpi_fn)(void (*)(void))user32_proc("GetSystemMetricsForDpi");
    if (fn)
        return fn(index, (UINT)dpi);
    return MulDiv(GetSystemMetrics(index), dpi, ck_dpi_of(NULL));
}

int ck_dpi_line_height(HWND hwnd, HFONT font)
{
    HDC dc = GetDC(hwnd);
    HGDIOBJ old = SelectObject(dc, font);
    TEXTMETRICW tm;
    int h = 16;
    if (GetTextMetricsW(dc, &tm))
        h = tm.tmHeight;
    SelectObject(dc, old);
    ReleaseDC(hwnd, dc);
    return h;
}

HFONT ck_dpi_message_font(int dpi)
{
    NONCLIENTMETRICSW ncm = {sizeof ncm};
    spi_for_dpi_fn fn = (spi_for_dpi_fn)(void (*)(void))user32_proc("SystemParametersInfoForDpi");

    if (fn && fn(SPI_GETNONCLIENTMETRICS, sizeof ncm, &ncm, 0, (UINT)dpi))
        return CreateFontIndirectW(&ncm.lfMessageFont);
    if (SystemParametersInfoW(SPI_GETNONCLIENTMETRICS, sizeof ncm, &ncm, 0)) {
        ncm.lfMessageFont.lfHeight = MulDiv(ncm.lfMessageFont.lfHeight, dpi, 96);
        return CreateFontIndirectW(&ncm.lfMessageFont);
    }
    return (HFONT)GetStockObject(DEFAULT_GUI_FONT);
}
