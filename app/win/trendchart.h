/* The trend chart: findings per severity per scan, as stacked columns from
 * the oldest scan on the left to the newest on the right, drawn with GDI at
 * the window's DPI. In high contrast it draws with system colours and tells
 * the severities apart by hatching. A click on a column tells the parent
 * (WM_COMMAND CKN_ACTIVATE); ck_trendchart_clicked says which scan. */
#ifndef CK_TRENDCHART_H
#define CK_TRENDCHART_H

#include "win/gui.h"
#include "view/scans_table.h"

HWND ck_trendchart_create(HWND parent, int id);
/* The scans to draw (borrowed until the next call; NULL draws nothing). */
void ck_trendchart_set(HWND chart, const struct ck_scans_table *scans);
/* Outlines these scans (ids). */
void ck_trendchart_mark(HWND chart, const int64_t *ids, size_t n);
/* The scan id of the column clicked last, 0 when none. */
int64_t ck_trendchart_clicked(HWND chart);

#endif
