/* A bar between two panes that the mouse drags: the window that holds both
 * panes keeps the bar's rectangle and passes its mouse messages to
 * ck_splitter_message. */
#ifndef CK_SPLITTER_H
#define CK_SPLITTER_H

#include "win/gui.h"

struct ck_splitter {
    RECT bar;               /* where the bar is, in client coordinates */
    int vertical;           /* a vertical bar (panes side by side) */
    int dragging;
    int grab;               /* the mouse's offset from the bar's start */
    void (*moved)(int pos); /* dragged: the bar's new start (x or y) */
};

/* The bar's mouse messages in hwnd's window procedure: the cursor over it,
 * the drag (calling s->moved). TRUE when msg was one of them (*result is
 * the answer). */
BOOL ck_splitter_message(struct ck_splitter *s, HWND hwnd, UINT msg, WPARAM wp, LPARAM lp, LRESULT *result);

#endif
