/* The images panel: a filter box and the virtual list of images over the
 * UI's rows (view/images_table.h). It tells its parent about selection
 * changes and activation (WM_COMMAND CKN_SELCHANGE / CKN_ACTIVATE). */
#ifndef CK_IMAGESVIEW_H
#define CK_IMAGESVIEW_H

#include "win/gui.h"
#include "view/images_table.h"

HWND ck_imagesview_create(HWND parent, int id, const int *widths96);
HWND ck_imagesview_list(void);
/* The rows; after changing them call _refresh (rows added, removed, or
 * changed in a way that moves them) or _redraw (cell text only). */
struct ck_images_table *ck_imagesview_table(void);
void ck_imagesview_refresh(void);
void ck_imagesview_redraw_row(uint32_t row);
/* Row index of the current image, -1 when none. */
long ck_imagesview_current(void);
/* Row indices of the selected images (malloc'd into *rows); their count. */
size_t ck_imagesview_selection(uint32_t **rows);
void ck_imagesview_select_row(long row);
void ck_imagesview_focus_filter(void);
void ck_imagesview_widths(int *widths96);
void ck_imagesview_dump(FILE *f);
/* After a DPI change: column widths scaled from old_dpi to new_dpi. */
void ck_imagesview_rescale(int old_dpi, int new_dpi);

#endif
