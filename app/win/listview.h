/* What the three virtual list views (images, findings, scans) share:
 * creation, columns at 96 DPI, the sort arrow, cell text from UTF-8, the
 * sentence an empty list shows, selections, and the automation dump. */
#ifndef CK_LISTVIEW_H
#define CK_LISTVIEW_H

#include "win/gui.h"

/* A column: its title, width at 96 DPI, right-aligned (numbers). */
struct ck_lv_column {
    const char *title;
    int width96;
    int right;
};

/* A report-style virtual list view (LVS_OWNERDATA) with full-row selection
 * and double buffering; single selects one item at a time. */
HWND ck_lv_create(HWND parent, int id, int single, const wchar_t *name);
void ck_lv_add_columns(HWND lv, const struct ck_lv_column *cols, int count, const int *saved96, int dpi);
/* Widths at 96 DPI of the count columns, and back. */
void ck_lv_widths(HWND lv, int count, int *widths96, int dpi);
void ck_lv_apply_widths(HWND lv, int count, const int *widths96, int dpi);
/* Scales every column's width from one DPI to another. */
void ck_lv_rescale(HWND lv, int old_dpi, int new_dpi);
/* The header's arrow on col (descending or not), none on the others;
 * col < 0 clears all. */
void ck_lv_sort_arrow(HWND lv, int col, int desc);
/* Sets the item count and repaints, keeping the scroll position. */
void ck_lv_set_count(HWND lv, size_t n);
/* A list view that holds its own rows: column 0 inserts row, others set its text. */
void ck_lv_set_cell(HWND lv, int row, int col, const char *utf8);
/* Fills an LVN_GETDISPINFOW's text from UTF-8. */
void ck_lv_text(NMLVDISPINFOW *di, const char *utf8);
/* A cell's text for the automation dump and the list: cell (row, col) of
 * ctx, formatted into buf when it needs formatting. */
typedef const char *(*ck_lv_cell_fn)(const void *ctx, size_t row, int col, char *buf, size_t size);
/* Fills an LVN_GETDISPINFOW with cell's text for its item (one of rows). */
void ck_lv_cell_text(NMLVDISPINFOW *di, size_t rows, ck_lv_cell_fn cell, const void *ctx);
/* NM_CUSTOMDRAW of a list view: when it holds no item, draws `empty`
 * centred under the header. Returns the custom draw answer. */
LRESULT ck_lv_customdraw_empty(NMLVCUSTOMDRAW *cd, const wchar_t *empty);
/* nm is an LVN_ITEMCHANGED in which one of the state bits of mask
 * (LVIS_SELECTED, LVIS_FOCUSED) changed. */
BOOL ck_lv_state_changed(const NMHDR *nm, UINT mask);
/* Positions of the selected items (malloc'd into *pos); their count. */
size_t ck_lv_selection(HWND lv, uint32_t **pos);
/* The focused item if selected, else the first selected; -1 when none. */
long ck_lv_current(HWND lv);
/* Selects exactly position pos (-1: nothing), focuses it and scrolls to it. */
void ck_lv_select(HWND lv, long pos);
/* Makes edit the filter box of lv: Down moves to the list (selecting its
 * first row when none is), Escape clears the box. */
void ck_lv_attach_filter(HWND edit, HWND lv);

/* Writes the list's rows for the automation file: a line
 * "[name] rows=N", then the column titles and each row (at most max rows),
 * cells separated by TAB, in UTF-8. */
void ck_lv_dump(FILE *f, const char *name, const struct ck_lv_column *cols, int ncols, size_t rows, size_t max,
                ck_lv_cell_fn cell, const void *ctx);

#endif
