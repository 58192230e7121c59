/* A bar between two panes that the mouse drags: the window that holds both
 * panes keeps the bar's rectangle and forwards its mouse messages. */
#ifndef CK_SPLITTER_H
#define CK_SPLITTER_H

#include "gui.h"

struct ck_splitter {
    RECT bar;     /* where the bar is, in client coordinates */
    int vertical; /* a vertical bar (panes side by side) */
    int dragging;
    int grab;     /* the mouse's offset from the bar's start */
};

/* WM_SETCURSOR: sets the sizing cursor over the bar; TRUE when it did. */
BOOL ck_splitter_cursor(struct ck_splitter *s, HWND hwnd);
/* WM_LBUTTONDOWN at pt: starts a drag when on the bar. */
BOOL ck_splitter_down(struct ck_splitter *s, HWND hwnd, POINT pt);
/* WM_MOUSEMOVE while dragging: the bar's new start (x or y) in *pos. */
BOOL ck_splitter_move(struct ck_splitter *s, POINT pt, int *pos);
/* WM_LBUTTONUP / WM_CAPTURECHANGED. */
void ck_splitter_up(struct ck_splitter *s);

#endif
