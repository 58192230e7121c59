/* The two inventory panels of the current scan: its packages (OS and
 * application packages, view/packages_table.h) and the files no package
 * manager owns (view/unmanaged_table.h; the history keeps the software among
 * them: programs, libraries, scripts, archives). Each is a filter box, a count and
 * a virtual list sorted by a click on a column header; the filter applies a
 * moment after the last key, Down moves from it to the list, Escape empties
 * it. Both panels show the same scan. */
#ifndef CK_INVENTORYVIEW_H
#define CK_INVENTORYVIEW_H

#include "win/gui.h"
#include "inventory/inventory.h"

enum ck_inv_panel { CK_INV_PACKAGES = 0, CK_INV_UNMANAGED, CK_INV_PANELS };

/* widths96: the saved column widths (CK_PCOL_COUNT or CK_UCOL_COUNT), or NULL. */
HWND ck_inventoryview_create(HWND parent, enum ck_inv_panel which, int id, const int *widths96);
/* Shows the inventory of the scan of name (repository:tag) finished at
 * scanned_at: its packages go to one panel, its unmanaged files to the
 * other (both moved out of *inv; the rest of *inv stays the caller's).
 * walked: the scan read the whole filesystem (else there are no
 * application packages and unmanaged files to show, and the panels say
 * so). read_at: when the scan reused an inventory read by an earlier scan
 * of the same image ID, when that was (the headings say so); 0 when the
 * scan read the image itself. */
void ck_inventoryview_show(const char *name, int64_t scanned_at, int walked, int64_t read_at,
                           struct ck_inventory *inv);
/* Empties both lists; they show `why` (NULL: select an image). name may be
 * "" or NULL. */
void ck_inventoryview_clear(const char *name, const wchar_t *why);
void ck_inventoryview_focus_list(enum ck_inv_panel which);
void ck_inventoryview_focus_filter(enum ck_inv_panel which);
/* The column widths at 96 DPI (CK_PCOL_COUNT or CK_UCOL_COUNT of them). */
void ck_inventoryview_widths(enum ck_inv_panel which, int *widths96);
/* Both panels for the automation file: [packages-heading],
 * [packages-count], [packages-sort], [packages-header] (where to click the
 * column titles), [packages]; the same for unmanaged. */
void ck_inventoryview_dump(FILE *f);
/* After a DPI change: column widths scaled from old_dpi to new_dpi. */
void ck_inventoryview_rescale(int old_dpi, int new_dpi);

#endif
