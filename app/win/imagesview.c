/* The images panel (see imagesview.h). */
#include "win/imagesview.h"

#include <stdlib.h>
#include <string.h>

#include "platform/win32_text.h"
#include "win/listview.h"
#include "win/panel.h"

#define CLASS_NAME L"CKImagesPanel"
enum { ID_FILTER = 1, ID_LIST = 2, ID_COUNT = 3 };

static const struct ck_lv_column columns[CK_ICOL_COUNT] = {
    {"Repository", 280, 0}, {"Tag", 70, 0},     {"Last scanned", 110, 0}, {"Digest", 90, 0},
    {"Critical", 62, 1},    {"High", 62, 1},    {"Medium", 62, 1},        {"Low", 62, 1},
    {"Negligible", 70, 1},  {"Unknown", 62, 1}, {"Unmanaged", 82, 1},    {"State", 220, 0},
};

static const wchar_t empty_text[] =
    L"No images yet.\n\nOpen an image list (Ctrl+O), add an image, archive or folder (Ctrl+N), or build a list "
    L"from GitLab (Ctrl+G), a registry (Ctrl+R) or the local Docker engine (Ctrl+L).";

static struct {
    struct ck_panel panel; /* its list and filter box */
    HWND count;
    struct ck_images_table table;
} g;

struct ck_images_table *ck_imagesview_table(void)
{
    return &g.table;
}

HWND ck_imagesview_list(void)
{
    return g.panel.list;
}

static void update_count(void)
{
    char text[128];
    size_t shown = ck_images_table_count(&g.table), total = ck_images_table_total(&g.table);
    if (shown == total)
        snprintf(text, sizeof text, "%zu image%s", total, total == 1 ? "" : "s");
    else
        snprintf(text, sizeof text, "%zu of %zu images", shown, total);
    ck_gui_set_text(g.count, text);
}

/* The State cell of an image that could not be assessed in its own colour
 * (amber: never to be read as the black of "Done"), a failed one in red;
 * system colours in high contrast and on the highlighted selection. */
static LRESULT on_customdraw(NMLVCUSTOMDRAW *cd)
{
    size_t item = (size_t)cd->nmcd.dwItemSpec;
    const struct ck_images_row *r;

    switch (cd->nmcd.dwDrawStage) {
    case CDDS_PREPAINT:
        if (!ck_images_table_count(&g.table))
            return ck_lv_customdraw_empty(cd, empty_text);
        return CDRF_NOTIFYITEMDRAW;
    case CDDS_POSTPAINT:
        return ck_lv_customdraw_empty(cd, empty_text);
    case CDDS_ITEMPREPAINT:
        return CDRF_NOTIFYSUBITEMDRAW;
    case CDDS_ITEMPREPAINT | CDDS_SUBITEM:
        cd->clrText = GetSysColor(COLOR_WINDOWTEXT);
        /* a selected row is drawn highlighted only while the list has the focus */
        if (item >= ck_images_table_count(&g.table) || ck_gui_high_contrast() ||
            (GetFocus() == g.panel.list &&
             (ListView_GetItemState(g.panel.list, (int)item, LVIS_SELECTED) & LVIS_SELECTED)))
            return CDRF_DODEFAULT;
        r = ck_images_table_at(&g.table, item);
        if (cd->iSubItem == CK_ICOL_STATE && r->state == CK_IMAGE_NOT_ASSESSED)
            cd->clrText = RGB(0xa8, 0x50, 0x00);
        else if (cd->iSubItem == CK_ICOL_STATE && r->state == CK_IMAGE_FAILED)
            cd->clrText = RGB(0xa0, 0x00, 0x00);
        return CDRF_DODEFAULT;
    }
    return CDRF_DODEFAULT;
}

/* Re-sorts or re-filters keeping the selected rows selected. */
static void keep_selection(enum ck_status (*change)(void *), void *arg)
{
    uint32_t *rows = NULL;
    size_t n = ck_imagesview_selection(&rows), i;
    long focus_row = -1, pos = ck_lv_current(g.panel.list);

    if (pos >= 0 && (size_t)pos < ck_images_table_count(&g.table))
        focus_row = (long)ck_images_table_row_at(&g.table, (size_t)pos);
    change(arg);
    ListView_SetItemState(g.panel.list, -1, 0, LVIS_SELECTED | LVIS_FOCUSED);
    ck_lv_set_count(g.panel.list, ck_images_table_count(&g.table));
    for (i = 0; i < n; i++) {
        long p = ck_images_table_position(&g.table, rows[i]);
        if (p >= 0)
            ListView_SetItemState(g.panel.list, (int)p, LVIS_SELECTED, LVIS_SELECTED);
    }
    if (focus_row >= 0) {
        long p = ck_images_table_position(&g.table, (uint32_t)focus_row);
        if (p >= 0) {
            ListView_SetItemState(g.panel.list, (int)p, LVIS_FOCUSED, LVIS_FOCUSED);
            ListView_EnsureVisible(g.panel.list, (int)p, FALSE);
        }
    }
    free(rows);
    update_count();
}

static enum ck_status do_refresh(void *arg)
{
    (void)arg;
    return ck_images_table_refresh(&g.table);
}

static enum ck_status do_sort(void *arg)
{
    const int *col = arg;
    int desc = 0;
    if (g.table.sort_col == *col)
        desc = !g.table.sort_desc;
    else
        desc = *col >= CK_ICOL_SCANNED && *col != CK_ICOL_DIGEST; /* newest and most first */
    return ck_images_table_sort(&g.table, *col, desc);
}

static enum ck_status do_filter(void *arg)
{
    return ck_images_table_filter(&g.table, arg);
}

void ck_imagesview_refresh(void)
{
    keep_selection(do_refresh, NULL);
}

void ck_imagesview_redraw_row(uint32_t row)
{
    long p = ck_images_table_position(&g.table, row);
    if (p >= 0)
        ListView_RedrawItems(g.panel.list, (int)p, (int)p);
}

long ck_imagesview_current(void)
{
    long pos = ck_lv_current(g.panel.list);
    if (pos < 0 || (size_t)pos >= ck_images_table_count(&g.table))
        return -1;
    return (long)ck_images_table_row_at(&g.table, (size_t)pos);
}

size_t ck_imagesview_selection(uint32_t **rows)
{
    size_t n = ck_lv_selection(g.panel.list, rows), i, k = 0;
    for (i = 0; i < n; i++)
        if ((*rows)[i] < ck_images_table_count(&g.table))
            (*rows)[k++] = ck_images_table_row_at(&g.table, (*rows)[i]);
    return k;
}

void ck_imagesview_select_row(long row)
{
    ck_lv_select(g.panel.list, row < 0 ? -1 : ck_images_table_position(&g.table, (uint32_t)row));
}

void ck_imagesview_focus_filter(void)
{
    ck_panel_focus_filter(&g.panel);
}

void ck_imagesview_widths(int *widths96)
{
    ck_lv_widths(g.panel.list, CK_ICOL_COUNT, widths96, ck_dpi_of(g.panel.list));
}

static const char *cell_text(const void *ctx, size_t row, int col, char *buf, size_t size)
{
    return ck_images_table_cell(ctx, row, col, buf, size);
}

void ck_imagesview_dump(FILE *f)
{
    ck_lv_dump(f, "images", columns, CK_ICOL_COUNT, ck_images_table_count(&g.table), 10000, cell_text, &g.table);
}

static void apply_filter(void)
{
    char *text = ck_gui_text(g.panel.filter);
    keep_selection(do_filter, text ? text : (char *)"");
    free(text);
    ck_panel_notify(&g.panel, CKN_SELCHANGE);
}

static void layout(void)
{
    RECT rc;
    int dpi = ck_dpi_of(g.panel.hwnd), pad = ck_dpi_scale(4, dpi);
    HFONT font = (HFONT)SendMessageW(g.panel.list, WM_GETFONT, 0, 0);
    int line = ck_dpi_line_height(g.panel.hwnd, font), edit_h = line + ck_dpi_scale(8, dpi);
    int filter_w = ck_dpi_scale(280, dpi);

    GetClientRect(g.panel.hwnd, &rc);
    MoveWindow(g.panel.filter, pad, pad, filter_w, edit_h, TRUE);
    MoveWindow(g.count, pad * 3 + filter_w, pad + (edit_h - line) / 2, rc.right - filter_w - pad * 4, line, TRUE);
    MoveWindow(g.panel.list, 0, edit_h + pad * 2, rc.right, rc.bottom - edit_h - pad * 2, TRUE);
}

/* Type-ahead (LVN_ODFINDITEMW): the position of the next repository, from
 * the search's start, whose name or last path part starts with the typed
 * text; -1 when none. */
static LRESULT find_typed(const NMLVFINDITEMW *fi)
{
    size_t n = ck_images_table_count(&g.table), i, start, len;
    LRESULT found = -1;
    char *want;

    if (!(fi->lvfi.flags & (LVFI_STRING | LVFI_PARTIAL)) || !fi->lvfi.psz)
        return -1;
    want = ck_wide_to_utf8(fi->lvfi.psz);
    if (!want || !n) {
        free(want);
        return -1;
    }
    len = strlen(want);
    start = fi->iStart >= 0 && (size_t)fi->iStart < n ? (size_t)fi->iStart : 0;
    for (i = 0; i < n && found < 0; i++) {
        const struct ck_images_row *r = ck_images_table_at(&g.table, (start + i) % n);
        const char *name = strrchr(r->repository, '/');
        name = name ? name + 1 : r->repository;
        if (!_strnicmp(name, want, len) || !_strnicmp(r->repository, want, len))
            found = (LRESULT)((start + i) % n);
    }
    free(want);
    return found;
}

/* The tip of a row: the decided findings its counts leave out. */
static void decided_tip(NMLVGETINFOTIPW *tip)
{
    char text[256];
    wchar_t *w;

    if (tip->iItem < 0 || (size_t)tip->iItem >= ck_images_table_count(&g.table) || !tip->pszText ||
        tip->cchTextMax <= 0)
        return;
    ck_images_table_decided_text(&g.table, (size_t)tip->iItem, text, sizeof text);
    if (!text[0] || !(w = ck_utf8_to_wide(text)))
        return;
    lstrcpynW(tip->pszText, w, tip->cchTextMax);
    free(w);
}

static LRESULT on_notify(NMHDR *nm)
{
    if (nm->idFrom != ID_LIST)
        return 0;
    switch (nm->code) {
    case LVN_GETDISPINFOW:
        ck_lv_cell_text((NMLVDISPINFOW *)nm, ck_images_table_count(&g.table), cell_text, &g.table);
        return 0;
    case LVN_COLUMNCLICK: {
        int col = ((NMLISTVIEW *)nm)->iSubItem;
        keep_selection(do_sort, &col);
        ck_lv_sort_arrow(g.panel.list, g.table.sort_col, g.table.sort_desc);
        return 0;
    }
    case LVN_ITEMCHANGED:
        if (ck_lv_state_changed(nm, LVIS_SELECTED))
            ck_panel_notify(&g.panel, CKN_SELCHANGE);
        return 0;
    case LVN_ODSTATECHANGED:
        ck_panel_notify(&g.panel, CKN_SELCHANGE);
        return 0;
    case LVN_ODFINDITEMW:
        return find_typed((NMLVFINDITEMW *)nm);
    case NM_CUSTOMDRAW:
        return on_customdraw((NMLVCUSTOMDRAW *)nm);
    case LVN_GETINFOTIPW:
        decided_tip((NMLVGETINFOTIPW *)nm);
        return 0;
    }
    return 0;
}

static void release_rows(void)
{
    ck_images_table_release(&g.table);
}

HWND ck_imagesview_create(HWND parent, int id, const int *widths96)
{
    ck_images_table_init(&g.table);
    g.panel.layout = layout;
    g.panel.apply_filter = apply_filter;
    g.panel.notify = on_notify;
    g.panel.destroy = release_rows;
    if (!ck_panel_create(&g.panel, parent, id, CLASS_NAME, L"Images", WS_VISIBLE))
        return NULL;
    g.panel.filter = ck_panel_child(&g.panel, WC_EDITW, L"", WS_TABSTOP | ES_AUTOHSCROLL, WS_EX_CLIENTEDGE, ID_FILTER);
    g.count = ck_panel_child(&g.panel, WC_STATICW, L"", SS_NOPREFIX | SS_ENDELLIPSIS, 0, ID_COUNT);
    g.panel.list = ck_lv_create(g.panel.hwnd, ID_LIST, 0, L"Images");
    if (g.panel.list) /* the counts' tip names the decided findings they leave out */
        ListView_SetExtendedListViewStyleEx(g.panel.list, LVS_EX_INFOTIP, LVS_EX_INFOTIP);
    if (!g.panel.filter || !g.panel.list || !g.count)
        return NULL;
    ck_panel_set_filter(&g.panel, g.panel.filter, L"Filter images (Ctrl+F)", 150);
    ck_lv_add_columns(g.panel.list, columns, CK_ICOL_COUNT, widths96, ck_dpi_of(g.panel.hwnd));
    update_count();
    return g.panel.hwnd;
}

void ck_imagesview_rescale(int old_dpi, int new_dpi)
{
    ck_lv_rescale(g.panel.list, old_dpi, new_dpi);
}
