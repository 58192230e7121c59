/* Where the main window comes back: the Windows side of placement.h. */
#include "win/placement.h"
#include "win/gui.h"

void ck_placement_get(HWND hwnd, struct ck_saved_placement *out)
{
    WINDOWPLACEMENT wp = {sizeof wp};

    if (!GetWindowPlacement(hwnd, &wp))
        return;
    out->x = wp.rcNormalPosition.left;
    out->y = wp.rcNormalPosition.top;
    out->w = wp.rcNormalPosition.right - wp.rcNormalPosition.left;
    out->h = wp.rcNormalPosition.bottom - wp.rcNormalPosition.top;
    out->dpi = ck_dpi_of(hwnd);
    out->maximized = wp.showCmd == SW_SHOWMAXIMIZED || (wp.showCmd == SW_SHOWMINIMIZED &&
                                                       (wp.flags & WPF_RESTORETOMAXIMIZED));
}

void ck_placement_restore(HWND hwnd, const struct ck_saved_placement *saved)
{
    WINDOWPLACEMENT wp = {sizeof wp};
    MONITORINFO mi = {sizeof mi};
    struct ck_box box, work;
    RECT now;

    if (saved->w <= 0 || saved->h <= 0 || !GetWindowPlacement(hwnd, &wp))
        return;
    /* Workspace coordinates in, as they came out; Windows moves a rectangle
     * that no monitor shows any more onto one. */
    SetRect(&wp.rcNormalPosition, saved->x, saved->y, saved->x + saved->w, saved->y + saved->h);
    wp.showCmd = SW_HIDE;
    wp.flags = 0;
    SetWindowPlacement(hwnd, &wp);
    if (!GetWindowRect(hwnd, &now) ||
        !GetMonitorInfoW(MonitorFromWindow(hwnd, MONITOR_DEFAULTTONEAREST), &mi))
        return;
    box = (struct ck_box){now.left, now.top, now.right, now.bottom};
    work = (struct ck_box){mi.rcWork.left, mi.rcWork.top, mi.rcWork.right, mi.rcWork.bottom};
    ck_placement_fit(&box, saved->dpi, ck_dpi_of(hwnd), &work);
    SetWindowPos(hwnd, NULL, box.left, box.top, box.right - box.left, box.bottom - box.top,
                 SWP_NOZORDER | SWP_NOACTIVATE);
}
