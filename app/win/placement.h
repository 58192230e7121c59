/* Where the main window comes back. What is saved is GetWindowPlacement's
 * normal rectangle as it is (workspace coordinates, pixels) and the window's
 * DPI at that moment; it is given back to SetWindowPlacement, which reads
 * the same coordinates (saving workspace coordinates and restoring them as
 * screen coordinates moves the window by the taskbar's size on each start
 * when the taskbar is at the top or left). Windows puts the rectangle on a
 * monitor that shows it; then the size is made for that monitor's DPI and
 * the window fitted into that monitor's work area (ck_placement_fit).
 *
 * ck_placement_fit (placement.c) is plain geometry, tested without Windows;
 * placement_win32.c is the Windows side. */
#ifndef CK_WIN_PLACEMENT_H
#define CK_WIN_PLACEMENT_H

struct ck_box {
    long left, top, right, bottom;
};

/* r (screen coordinates, measured at saved_dpi; 0 is taken as 96, the
 * settings of older versions) scaled to dpi about its top-left corner, then
 * shrunk to 95% of the work area where it does not fit (and centred there),
 * then moved inside the work area. */
void ck_placement_fit(struct ck_box *r, int saved_dpi, int dpi, const struct ck_box *work);

#ifdef _WIN32
#include <windows.h>

struct ck_saved_placement {
    int x, y, w, h; /* the normal rectangle in workspace coordinates; w <= 0: none saved */
    int dpi;        /* the window's DPI when it was saved; 0: an older version's unscaled size */
    int maximized;
};

/* The hidden window hwnd put where saved says (nothing when none is saved). */
void ck_placement_restore(HWND hwnd, const struct ck_saved_placement *saved);
/* hwnd's placement, to save. */
void ck_placement_get(HWND hwnd, struct ck_saved_placement *out);
#endif

#endif
