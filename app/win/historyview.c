/* The history panel (see historyview.h). */
#include "historyview.h"

#include <stdlib.h>
#include <string.h>

#include "listview.h"
#include "resource.h"
#include "trendchart.h"
#include "view/cells.h"
#include "view/scans_table.h"

#define CLASS_NAME L"CKHistoryPanel"
enum { ID_HEADING = 1, ID_CHART, ID_HINT, ID_COMPARE, ID_LIST };

static const struct ck_lv_column columns[CK_SCOL_COUNT] = {
    {"Scanned", 120, 0}, {"Result", 160, 0},    {"Critical", 64, 1}, {"High", 64, 1},
    {"Medium", 64, 1},   {"Low", 64, 1},        {"Negligible", 76, 1}, {"Unknown", 68, 1},
    {"Total", 64, 1},    {"Packages", 70, 1},   {"Digest", 100, 0},
};

static const wchar_t select_image[] = L"Select an image to see its scans.";

static struct {
    HWND panel, heading, chart, hint, compare, list;
    int id;
    struct ck_scans_table table;
    const wchar_t *empty;
    HFONT bold;
} g;

static void notify_parent(int code)
{
    SendMessageW(GetParent(g.panel), WM_COMMAND, MAKEWPARAM(g.id, code), (LPARAM)g.panel);
}

size_t ck_historyview_selected(int64_t *ids, size_t max)
{
    uint32_t *pos = NULL;
    size_t n = ck_lv_selection(g.list, &pos), i, k = 0;
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
    notify_parent(CKN_SELCHANGE);
}

void ck_historyview_select(const int64_t *ids, size_t n)
{
    size_t i, k;
    ListView_SetItemState(g.list, -1, 0, LVIS_SELECTED | LVIS_FOCUSED);
    for (i = 0; i < g.table.count; i++)
        for (k = 0; k < n; k++)
            if (g.table.scans[i].id == ids[k]) {
                ListView_SetItemState(g.list, (int)i, LVIS_SELECTED | (k == 0 ? LVIS_FOCUSED : 0),
                                      LVIS_SELECTED | (k == 0 ? LVIS_FOCUSED : 0));
                ListView_EnsureVisible(g.list, (int)i, FALSE);
            }
}

void ck_historyview_show(const char *heading, struct ck_scan_info *scans, size_t n)
{
    ck_gui_set_text(g.heading, heading && *heading ? heading : "History");
    ck_trendchart_set(g.chart, NULL);
    ck_scans_table_take(&g.table, scans, n);
    ck_trendchart_set(g.chart, &g.table);
    g.empty = L"This image has no scans yet: scan it with F5.";
    ck_lv_set_count(g.list, g.table.count);
    ListView_SetItemState(g.list, -1, 0, LVIS_SELECTED | LVIS_FOCUSED);
    EnableWindow(g.compare, FALSE);
}

void ck_historyview_clear(const char *heading, const wchar_t *why)
{
    ck_historyview_show(heading, NULL, 0);
    g.empty = why ? why : select_image;
    InvalidateRect(g.list, NULL, TRUE);
}

void ck_historyview_focus_list(void)
{
    SetFocus(g.list);
}

void ck_historyview_widths(int *widths96)
{
    ck_lv_widths(g.list, CK_SCOL_COUNT, widths96, ck_dpi_of(g.list));
}

static const char *dump_cell(const void *ctx, size_t row, int col, char *buf, size_t size)
{
    return ck_scans_table_cell(ctx, row, col, buf, size);
}

void ck_historyview_dump(FILE *f)
{
    char *heading = ck_gui_text(g.heading);
    int64_t ids[8];
    size_t n = ck_historyview_selected(ids, 8), i;
    fprintf(f, "[history-heading] %s\n[scans-selected]", heading ? heading : "");
    for (i = 0; i < n; i++)
        fprintf(f, " %lld", (long long)ids[i]);
    fputc('\n', f);
    free(heading);
    ck_lv_dump(f, "scans", columns, CK_SCOL_COUNT, g.table.count, 2000, dump_cell, &g.table);
}

static void layout(void)
{
    RECT rc;
    int dpi = ck_dpi_of(g.panel), pad = ck_dpi_scale(4, dpi);
    HFONT font = (HFONT)SendMessageW(g.list, WM_GETFONT, 0, 0);
    int line = ck_dpi_line_height(g.panel, font), button_h = line + ck_dpi_scale(10, dpi);
    int button_w = ck_dpi_scale(170, dpi), chart_h, y;

    GetClientRect(g.panel, &rc);
    MoveWindow(g.heading, pad, pad, rc.right - 2 * pad, line, TRUE);
    y = pad * 2 + line;
    chart_h = (rc.bottom - y - button_h) * 45 / 100;
    if (chart_h < ck_dpi_scale(80, dpi))
        chart_h = ck_dpi_scale(80, dpi);
    MoveWindow(g.chart, 0, y, rc.right, chart_h, TRUE);
    y += chart_h + pad;
    MoveWindow(g.compare, pad, y, button_w, button_h, TRUE);
    MoveWindow(g.hint, pad * 3 + button_w, y + (button_h - line) / 2, rc.right - button_w - pad * 4, line, TRUE);
    y += button_h + pad;
    MoveWindow(g.list, 0, y, rc.right, rc.bottom - y > 0 ? rc.bottom - y : 0, TRUE);
}

static LRESULT on_notify(NMHDR *nm)
{
    if (nm->idFrom != ID_LIST)
        return 0;
    switch (nm->code) {
    case LVN_GETDISPINFOW: {
        NMLVDISPINFOW *di = (NMLVDISPINFOW *)nm;
        char buf[512];
        ck_lv_text(di, ck_scans_table_cell(&g.table, (size_t)di->item.iItem, di->item.iSubItem, buf, sizeof buf));
        return 0;
    }
    case LVN_ITEMCHANGED: {
        NMLISTVIEW *lv = (NMLISTVIEW *)nm;
        if ((lv->uChanged & LVIF_STATE) && ((lv->uOldState ^ lv->uNewState) & LVIS_SELECTED))
            selection_changed();
        return 0;
    }
    case LVN_ODSTATECHANGED:
        selection_changed();
        return 0;
    case NM_CUSTOMDRAW:
        return ck_lv_customdraw_empty((NMLVCUSTOMDRAW *)nm, g.empty);
    case NM_RETURN:
    case NM_DBLCLK:
        notify_parent(CKN_ACTIVATE);
        return 0;
    }
    return 0;
}

static LRESULT CALLBACK panel_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_SIZE:
        layout();
        return 0;
    case WM_SETFONT: {
        LOGFONTW lf;
        SendMessageW(g.chart, WM_SETFONT, wp, lp);
        SendMessageW(g.hint, WM_SETFONT, wp, lp);
        SendMessageW(g.compare, WM_SETFONT, wp, lp);
        SendMessageW(g.list, WM_SETFONT, wp, lp);
        if (g.bold)
            DeleteObject(g.bold);
        g.bold = NULL;
        if (GetObjectW((HFONT)wp, sizeof lf, &lf)) {
            lf.lfWeight = FW_BOLD;
            g.bold = CreateFontIndirectW(&lf);
        }
        SendMessageW(g.heading, WM_SETFONT, g.bold ? (WPARAM)g.bold : wp, lp);
        layout();
        return 0;
    }
    case WM_NOTIFY:
        return on_notify((NMHDR *)lp);
    case WM_COMMAND:
        if (LOWORD(wp) == ID_COMPARE && HIWORD(wp) == BN_CLICKED)
            SendMessageW(GetAncestor(hwnd, GA_ROOT), WM_COMMAND, IDM_SCAN_COMPARE, 0);
        else if (LOWORD(wp) == ID_CHART && HIWORD(wp) == CKN_ACTIVATE) {
            int64_t id = ck_trendchart_clicked(g.chart);
            /* Shift+click adds the scan to the one selected: two to compare. */
            if (GetKeyState(VK_SHIFT) < 0) {
                int64_t ids[2];
                size_t n = ck_historyview_selected(ids, 1);
                ids[n++] = id;
                ck_historyview_select(ids, n);
            } else {
                ck_historyview_select(&id, 1);
            }
        }
        return 0;
    case WM_CTLCOLORSTATIC:
        SetBkMode((HDC)wp, TRANSPARENT);
        SetTextColor((HDC)wp, GetSysColor(COLOR_WINDOWTEXT));
        return (LRESULT)GetSysColorBrush(COLOR_WINDOW);
    case WM_SETFOCUS:
        SetFocus(g.list);
        return 0;
    case WM_DESTROY:
        ck_trendchart_set(g.chart, NULL);
        ck_scans_table_release(&g.table);
        if (g.bold)
            DeleteObject(g.bold);
        g.bold = NULL;
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

HWND ck_historyview_create(HWND parent, int id, const int *widths96)
{
    WNDCLASSEXW wc = {sizeof wc};
    wc.lpfnWndProc = panel_proc;
    wc.hInstance = g_instance;
    wc.hCursor = LoadCursorW(NULL, (LPCWSTR)IDC_ARROW);
    wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
    wc.lpszClassName = CLASS_NAME;
    RegisterClassExW(&wc);
    ck_scans_table_init(&g.table);
    g.id = id;
    g.empty = select_image;
    g.panel = CreateWindowExW(WS_EX_CONTROLPARENT, CLASS_NAME, L"History", WS_CHILD | WS_CLIPCHILDREN | WS_CLIPSIBLINGS, 0, 0, 0, 0,
                              parent, (HMENU)(INT_PTR)id, g_instance, NULL);
    if (!g.panel)
        return NULL;
    g.heading = CreateWindowExW(0, WC_STATICW, L"", WS_CHILD | WS_VISIBLE | SS_NOPREFIX | SS_ENDELLIPSIS, 0, 0, 0, 0,
                                g.panel, (HMENU)(INT_PTR)ID_HEADING, g_instance, NULL);
    g.chart = ck_trendchart_create(g.panel, ID_CHART);
    g.compare = CreateWindowExW(0, WC_BUTTONW, L"&Compare selected scans", WS_CHILD | WS_VISIBLE | WS_TABSTOP |
                                WS_DISABLED | BS_PUSHBUTTON, 0, 0, 0, 0, g.panel, (HMENU)(INT_PTR)ID_COMPARE,
                                g_instance, NULL);
    g.hint = CreateWindowExW(0, WC_STATICW,
                             L"Select two scans (Ctrl+click, or Shift+click in the chart) to see what is new, "
                             L"fixed and unchanged.",
                             WS_CHILD | WS_VISIBLE | SS_NOPREFIX | SS_ENDELLIPSIS, 0, 0, 0, 0, g.panel,
                             (HMENU)(INT_PTR)ID_HINT, g_instance, NULL);
    g.list = ck_lv_create(g.panel, ID_LIST, 0, L"Scans");
    if (!g.heading || !g.chart || !g.compare || !g.hint || !g.list)
        return NULL;
    ck_lv_add_columns(g.list, columns, CK_SCOL_COUNT, widths96, ck_dpi_of(g.panel));
    return g.panel;
}

void ck_historyview_rescale(int old_dpi, int new_dpi)
{
    ck_lv_rescale(g.list, old_dpi, new_dpi);
}
