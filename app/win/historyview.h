/* The history panel: the trend chart of the selected image's scans and the
 * scans list (view/scans_table.h). Selecting one scan asks the parent to
 * show its findings (CKN_SELCHANGE); with two selected, the Compare button
 * (or Ctrl+M) asks for their comparison (WM_COMMAND IDM_SCAN_COMPARE). */
#ifndef CK_HISTORYVIEW_H
#define CK_HISTORYVIEW_H

#include "win/gui.h"
#include "store/history.h"

HWND ck_historyview_create(HWND parent, int id, const int *widths96);
/* Shows scans (newest first, moved in: freed with the view). */
void ck_historyview_show(const char *heading, struct ck_scan_info *scans, size_t n);
void ck_historyview_clear(const char *heading, const wchar_t *why);
/* Ids of the selected scans, newest first (at most max); their count. */
size_t ck_historyview_selected(int64_t *ids, size_t max);
/* Ids of the newest successful scans (at most max), newest first. */
size_t ck_historyview_newest_ok(int64_t *ids, size_t max);
/* A shown scan by id, or NULL. */
const struct ck_scan_info *ck_historyview_scan(int64_t id);
/* Selects the scans with these ids (the others are deselected). */
void ck_historyview_select(const int64_t *ids, size_t n);
void ck_historyview_focus_list(void);
void ck_historyview_widths(int *widths96);
void ck_historyview_dump(FILE *f);
/* After a DPI change: column widths scaled from old_dpi to new_dpi. */
void ck_historyview_rescale(int old_dpi, int new_dpi);

#endif
