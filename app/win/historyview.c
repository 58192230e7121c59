/* The history panel (see historyview.h). */
#include "win/historyview.h"

#include <stdlib.h>
#include <string.h>

#include "win/listview.h"
#include "win/panel.h"
#include "resource.h"
#include "win/trendchart.h"
#include "view/cells.h"
#include "view/scans_table.h"

#define CLASS_NAME L"CKHistoryPanel"
enum { ID_HEADING = 1, ID_CHART, ID_HINT, ID_COMPARE, ID_LIST };

static const struct ck_lv_column columns[CK_SCOL_COUNT] = {
    {"Scanned", 120, 0}, {"Result", 240, 0},    {"Critical", 64, 1}, {"High", 64, 1},
    {"Medium", 64, 1},   {"Low", 64, 1},        {"Negligible", 76, 1}, {"Unknown", 68, 1},
    {"Total", 64, 1},    {"Packages", 70, 1},   {"Digest", 100, 0},
};

static const wchar_t select_image[] = L"Select an image to see its scans.";

static struct {
    struct ck_panel panel; /* its list and heading */
    HWND chart, hint, compare;
    struct ck_scans_table table;
    const wchar_t *empty;
} g;

size_t ck_historyview_selected(int64_t *ids, size_t max)
{
    uint32_t *pos = NULL;
    size_t n = ck_lv_selection(g.panel.list, &pos), i, k = 0;
    for (i = 0; i < n && k < max; i++) {
        const struct ck_scan_info *s = ck_scans_table_at(&g.table, pos[i]);
        if (s)
            ids[k++] = s->id;
    }
    free(pos);
    return k;
}

size_t ck_historyview_newest_ok(int64_t *ids, size_t max)
{
    size_t i, k = 0;
    for (i = 0; i < g.table.count && k < max; i++)
        if (g.table.scans[i].ok)
            ids[k++] = g.table.scans[i].id;
    return k;
}

const struct ck_scan_info *ck_historyview_scan(int64_t id)
{
    size_t i;
    for (i = 0; i < g.table.count; i++)
        if (g.table.scans[i].id == id)
            return &g.table.scans[i];
    return NULL;
}

static void selection_changed(void)
{
    int64_t ids[3];
    size_t n = ck_historyview_selected(ids, 3);
    EnableWindow(g.compare, n == 2);
    ck_trendchart_mark(g.chart, ids, n <= 2 ? n : 0);
    ck_panel_notify(&g.panel, CKN_SELCHANGE);
}

void ck_historyview_select(const int64_t *ids, size_t n)
{
    size_t i, k;
    ListView_SetItemState(g.panel.list, -1, 0, LVIS_SELECTED | LVIS_FOCUSED);
    for (i = 0; i < g.table.count; i++)
        for (k = 0; k < n; k++)
            if (g.table.scans[i].id == ids[k]) {
                ListView_SetItemState(g.panel.list, (int)i, LVIS_SELECTED | (k == 0 ? LVIS_FOCUSED : 0),
                                      LVIS_SELECTED | (k == 0 ? LVIS_FOCUSED : 0));
                ListView_EnsureVisible(g.panel.list, (int)i, FALSE);
            }
}

void ck_historyview_show(const char *heading, struct ck_scan_info *scans, size_t n)
{
    ck_gui_set_text(g.panel.heading, heading && *heading ? heading : "History");
    ck_trendchart_set(g.chart, NULL);
    ck_scans_table_take(&g.table, scans, n);
    ck_trendchart_set(g.chart, &g.table);
    g.empty = L"This image has no scans yet: scan it with F5.";
    ck_lv_set_count(g.panel.list, g.table.count);
    ListView_SetItemState(g.panel.list, -1, 0, LVIS_SELECTED | LVIS_FOCUSED);
    EnableWindow(g.compare, FALSE);
}

void ck_historyview_clear(const char *heading, const wchar_t *why)
{
    ck_historyview_show(heading, NULL, 0);
    g.empty = why ? why : select_image;
    InvalidateRect(g.panel.list, NULL, TRUE);
}

void ck_historyview_focus_list(void)
{
    SetFocus(g.panel.list);
}

void ck_historyview_widths(int *widths96)
{
    ck_lv_widths(g.panel.list, CK_SCOL_COUNT, widths96, ck_dpi_of(g.panel.list));
}

static const char *cell_text(const void *ctx, size_t row, int col, char *buf, size_t size)
{
    return ck_scans_table_cell(ctx, row, col, buf, size);
}

void ck_historyview_dump(FILE *f)
{
    char *heading = ck_gui_text(g.panel.heading);
    int64_t ids[8];
    size_t n = ck_historyview_selected(ids, 8), i;
    fprintf(f, "[history-heading] %s\n[scans-selected]", heading ? heading : "");
    for (i = 0; i < n; i++)
        fprintf(f, " %lld", (long long)ids[i]);
    fputc('\n', f);
    free(heading);
    ck_lv_dump(f, "scans", columns, CK_SCOL_COUNT, g.table.count, 2000, cell_text, &g.table);
}

static void layout(void)
{
    RECT rc;
    int dpi = ck_dpi_of(g.panel.hwnd), pad = ck_dpi_scale(4, dpi);
    HFONT font = (HFONT)SendMessageW(g.panel.list, WM_GETFONT, 0, 0);
    int line = ck_dpi_line_height(g.panel.hwnd, font), button_h = line + ck_dpi_scale(10, dpi);
    int button_w = ck_dpi_scale(170, dpi), chart_h, y;

    GetClientRect(g.panel.hwnd, &rc);
    MoveWindow(g.panel.heading, pad, pad, rc.right - 2 * pad, line, TRUE);
    y = pad * 2 + line;
    chart_h = (rc.bottom - y - button_h) * 45 / 100;
    if (chart_h < ck_dpi_scale(80, dpi))
        chart_h = ck_dpi_scale(80, dpi);
    MoveWindow(g.chart, 0, y, rc.right, chart_h, TRUE);
    y += chart_h + pad;
    MoveWindow(g.compare, pad, y, button_w, button_h, TRUE);
    MoveWindow(g.hint, pad * 3 + button_w, y + (button_h - line) / 2, rc.right - button_w - pad * 4, line, TRUE);
    y += button_h + pad;
    MoveWindow(g.panel.list, 0, y, rc.right, rc.bottom - y > 0 ? rc.bottom - y : 0, TRUE);
}

static LRESULT on_notify(NMHDR *nm)
{
    if (nm->idFrom != ID_LIST)
        return 0;
    switch (nm->code) {
    case LVN_GETDISPINFOW:
        ck_lv_cell_text((NMLVDISPINFOW *)nm, g.table.count, cell_text, &g.table);
        return 0;
    case LVN_ITEMCHANGED:
        if (ck_lv_state_changed(nm, LVIS_SELECTED))
            selection_changed();
        return 0;
    case LVN_ODSTATECHANGED:
        selection_changed();
        return 0;
    case NM_CUSTOMDRAW:
        return ck_lv_customdraw_empty((NMLVCUSTOMDRAW *)nm, g.empty);
    }
    return 0;
}

/* A click on a chart column selects its scan; Shift+click adds it to the
 * one selected: two to compare. */
static void chart_clicked(void)
{
    int64_t ids[2], id = ck_trendchart_clicked(g.chart);
    size_t n = 0;
    if (GetKeyState(VK_SHIFT) < 0)
        n = ck_historyview_selected(ids, 1);
    ids[n++] = id;
    ck_historyview_select(ids, n);
}

static void on_command(WORD id, WORD code)
{
    if (id == ID_COMPARE && code == BN_CLICKED)
        SendMessageW(GetAncestor(g.panel.hwnd, GA_ROOT), WM_COMMAND, IDM_SCAN_COMPARE, 0);
    else if (id == ID_CHART && code == CKN_ACTIVATE)
        chart_clicked();
}

static void release_rows(void)
{
    ck_trendchart_set(g.chart, NULL);
    ck_scans_table_release(&g.table);
}

static BOOL create_children(void)
{
    g.panel.heading = ck_panel_child(&g.panel, WC_STATICW, L"", SS_NOPREFIX | SS_ENDELLIPSIS, 0, ID_HEADING);
    g.chart = ck_trendchart_create(g.panel.hwnd, ID_CHART);
    g.compare = ck_panel_child(&g.panel, WC_BUTTONW, L"&Compare selected scans",
                               WS_TABSTOP | WS_DISABLED | BS_PUSHBUTTON, 0, ID_COMPARE);
    g.hint = ck_panel_child(&g.panel, WC_STATICW,
                            L"Select two scans (Ctrl+click, or Shift+click in the chart) to see what is new, "
                            L"fixed and unchanged.",
                            SS_NOPREFIX | SS_ENDELLIPSIS, 0, ID_HINT);
    g.panel.list = ck_lv_create(g.panel.hwnd, ID_LIST, 0, L"Scans");
    return g.panel.heading && g.chart && g.compare && g.hint && g.panel.list;
}

HWND ck_historyview_create(HWND parent, int id, const int *widths96)
{
    ck_scans_table_init(&g.table);
    g.empty = select_image;
    g.panel.layout = layout;
    g.panel.notify = on_notify;
    g.panel.command = on_command;
    g.panel.destroy = release_rows;
    if (!ck_panel_create(&g.panel, parent, id, CLASS_NAME, L"History", 0) || !create_children())
        return NULL;
    ck_lv_add_columns(g.panel.list, columns, CK_SCOL_COUNT, widths96, ck_dpi_of(g.panel.hwnd));
    return g.panel.hwnd;
}

void ck_historyview_rescale(int old_dpi, int new_dpi)
{
    ck_lv_rescale(g.panel.list, old_dpi, new_dpi);
}
