/* Dragging a bar between two panes (see splitter.h). */
#include "win/splitter.h"

/* The sizing cursor over the bar, or all along a drag. */
static BOOL cursor(struct ck_splitter *s, HWND hwnd)
{
    POINT pt;
    GetCursorPos(&pt);
    ScreenToClient(hwnd, &pt);
    if (!s->dragging && !PtInRect(&s->bar, pt))
        return FALSE;
    SetCursor(LoadCursorW(NULL, (LPCWSTR)(s->vertical ? IDC_SIZEWE : IDC_SIZENS)));
    return TRUE;
}

static BOOL down(struct ck_splitter *s, HWND hwnd, POINT pt)
{
    if (!PtInRect(&s->bar, pt))
        return FALSE;
    s->dragging = 1;
    s->grab = s->vertical ? pt.x - s->bar.left : pt.y - s->bar.top;
    SetCapture(hwnd);
    return TRUE;
}

static BOOL move(struct ck_splitter *s, POINT pt, int *pos)
{
    if (!s->dragging)
        return FALSE;
    *pos = (s->vertical ? pt.x : pt.y) - s->grab;
    return TRUE;
}

static void up(struct ck_splitter *s)
{
    if (s->dragging) {
        s->dragging = 0;
        if (GetCapture())
            ReleaseCapture();
    }
}

BOOL ck_splitter_message(struct ck_splitter *s, HWND hwnd, UINT msg, WPARAM wp, LPARAM lp, LRESULT *result)
{
    POINT pt;
    int pos;

    pt.x = (short)LOWORD(lp);
    pt.y = (short)HIWORD(lp);
    *result = 0;
    switch (msg) {
    case WM_SETCURSOR:
        /* Over a child the child's cursor stays. */
        if ((HWND)wp != hwnd || LOWORD(lp) != HTCLIENT || !cursor(s, hwnd))
            return FALSE;
        *result = TRUE;
        return TRUE;
    case WM_LBUTTONDOWN:
        down(s, hwnd, pt);
        return TRUE;
    case WM_MOUSEMOVE:
        if (move(s, pt, &pos) && s->moved)
            s->moved(pos);
        return TRUE;
    case WM_LBUTTONUP:
    case WM_CAPTURECHANGED:
        up(s);
        return TRUE;
    }
    return FALSE;
}
