/* What the images, findings and history panels share: a window class of
 * their own on the window colour, static text drawn on that colour, the
 * focus handed to the list, a bold heading in the panel's font, and a
 * filter box whose changes take effect a moment after the last key.
 *
 * A panel fills in a struct ck_panel (kept for the panel's life) and
 * creates itself with ck_panel_create; the window procedure is this
 * helper's, which answers what every panel answers alike and passes the
 * rest to the panel's callbacks. */
#ifndef CK_PANEL_H
#define CK_PANEL_H

#include "win/gui.h"
#include "win/splitter.h"

struct ck_panel {
    HWND hwnd;                 /* the panel */
    int id;                    /* its control id, in the parent's WM_COMMAND */
    HWND list;                 /* gets the focus the panel gets */
    HWND heading;              /* drawn in bold; NULL: none */
    HWND filter;               /* the filter box; NULL: none */
    UINT filter_delay_ms;      /* from the last change to apply_filter */
    struct ck_splitter *split; /* a bar between two of its panes; NULL: none */
    /* Callbacks; NULL where the panel has nothing to do. */
    void (*layout)(void);      /* on WM_SIZE and after a new font */
    void (*apply_filter)(void);
    LRESULT (*notify)(NMHDR *nm);        /* WM_NOTIFY from the children */
    void (*command)(WORD id, WORD code); /* WM_COMMAND from the children */
    void (*destroy)(void);               /* WM_DESTROY */
    HFONT bold;                /* owned: the heading's font */
};

/* Registers the panel class and creates the panel as a child of parent;
 * sets p->hwnd and p->id. visible: WS_VISIBLE or 0. The window procedure
 * answers WM_SIZE and WM_SETFONT (every child; the heading in bold) with
 * p->layout, WM_CTLCOLORSTATIC, WM_SETFOCUS (to the list), the filter box's
 * changes (p->apply_filter once the keys pause), Enter and double clicks in
 * the list (CKN_ACTIVATE to the parent), and the splitter's mouse messages. */
HWND ck_panel_create(struct ck_panel *p, HWND parent, int id, const wchar_t *class_name, const wchar_t *title,
                     DWORD visible);
/* A visible child control of the panel, at 0,0 until laid out. */
HWND ck_panel_child(const struct ck_panel *p, const wchar_t *cls, const wchar_t *text, DWORD style, DWORD ex_style,
                    int id);
/* Makes edit the panel's filter box: its cue banner, Down and Escape as in
 * ck_lv_attach_filter (p->list must exist), apply_filter delay_ms after
 * the last change. */
void ck_panel_set_filter(struct ck_panel *p, HWND edit, const wchar_t *cue, UINT delay_ms);
/* The filter box focused with its text selected, to type over. */
void ck_panel_focus_filter(const struct ck_panel *p);
/* WM_COMMAND to the parent: MAKEWPARAM(p->id, code), lParam the panel. */
void ck_panel_notify(const struct ck_panel *p, int code);
#endif
