/* Dragging a bar between two panes (see splitter.h). */
#include "splitter.h"

BOOL ck_splitter_cursor(struct ck_splitter *s, HWND hwnd)
{
    POINT pt;
    GetCursorPos(&pt);
    ScreenToClient(hwnd, &pt);
    if (!s->dragging && !PtInRect(&s->bar, pt))
        return FALSE;
    SetCursor(LoadCursorW(NULL, (LPCWSTR)(s->vertical ? IDC_SIZEWE : IDC_SIZENS)));
    return TRUE;
}

BOOL ck_splitter_down(struct ck_splitter *s, HWND hwnd, POINT pt)
{
    if (!PtInRect(&s->bar, pt))
        return FALSE;
    s->dragging = 1;
    s->grab = s->vertical ? pt.x - s->bar.left : pt.y - s->bar.top;
    SetCapture(hwnd);
    return TRUE;
}

BOOL ck_splitter_move(struct ck_splitter *s, POINT pt, int *pos)
{
    if (!s->dragging)
        return FALSE;
    *pos = (s->vertical ? pt.x : pt.y) - s->grab;
    return TRUE;
}

void ck_splitter_up(struct ck_splitter *s)
{
    if (s->dragging) {
        s->dragging = 0;
        if (GetCapture())
            ReleaseCapture();
    }
}
