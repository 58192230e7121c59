/* Shared list view helpers (see listview.h). */
#include "win/listview.h"

#include <stdlib.h>
#include <string.h>

#include "platform/win32_text.h"

HWND ck_lv_create(HWND parent, int id, int single, const wchar_t *name)
{
    DWORD style = WS_CHILD | WS_VISIBLE | WS_TABSTOP | LVS_REPORT | LVS_SHOWSELALWAYS | LVS_OWNERDATA;
    HWND lv;
    if (single)
        style |= LVS_SINGLESEL;
    lv = CreateWindowExW(0, WC_LISTVIEWW, name, style, 0, 0, 0, 0, parent, (HMENU)(INT_PTR)id, g_instance, NULL);
    if (lv)
        ListView_SetExtendedListViewStyle(lv, LVS_EX_FULLROWSELECT | LVS_EX_DOUBLEBUFFER | LVS_EX_HEADERDRAGDROP |
                                                  LVS_EX_LABELTIP);
    return lv;
}

void ck_lv_add_columns(HWND lv, const struct ck_lv_column *cols, int count, const int *saved96, int dpi)
{
    LVCOLUMNW col;
    int i;
    for (i = 0; i < count; i++) {
        wchar_t *title = ck_utf8_to_wide(cols[i].title);
        int w96 = saved96 && saved96[i] > 0 ? saved96[i] : cols[i].width96;
        memset(&col, 0, sizeof col);
        col.mask = LVCF_TEXT | LVCF_WIDTH | LVCF_FMT;
        col.fmt = cols[i].right ? LVCFMT_RIGHT : LVCFMT_LEFT;
        col.pszText = title ? title : (LPWSTR)L"";
        col.cx = ck_dpi_scale(w96, dpi);
        SendMessageW(lv, LVM_INSERTCOLUMNW, (WPARAM)i, (LPARAM)&col);
        free(title);
    }
}

void ck_lv_widths(HWND lv, int count, int *widths96, int dpi)
{
    int i;
    for (i = 0; i < count; i++)
        widths96[i] = ck_dpi_unscale(ListView_GetColumnWidth(lv, i), dpi);
}

void ck_lv_apply_widths(HWND lv, int count, const int *widths96, int dpi)
{
    int i;
    for (i = 0; i < count; i++)
        if (widths96[i] > 0)
            ListView_SetColumnWidth(lv, i, ck_dpi_scale(widths96[i], dpi));
}

void ck_lv_rescale(HWND lv, int old_dpi, int new_dpi)
{
    int i, n = Header_GetItemCount(ListView_GetHeader(lv));
    for (i = 0; i < n; i++)
        ListView_SetColumnWidth(lv, i, MulDiv(ListView_GetColumnWidth(lv, i), new_dpi, old_dpi > 0 ? old_dpi : 96));
}

void ck_lv_sort_arrow(HWND lv, int col, int desc)
{
    HWND header = ListView_GetHeader(lv);
    int i, n = Header_GetItemCount(header);
    for (i = 0; i < n; i++) {
        HDITEMW item;
        memset(&item, 0, sizeof item);
        item.mask = HDI_FORMAT;
        Header_GetItem(header, i, &item);
        item.fmt &= ~(HDF_SORTUP | HDF_SORTDOWN);
        if (i == col)
            item.fmt |= desc ? HDF_SORTDOWN : HDF_SORTUP;
        Header_SetItem(header, i, &item);
    }
}

void ck_lv_set_cell(HWND lv, int row, int col, const char *utf8)
{
    wchar_t *w = ck_utf8_to_wide(utf8 ? utf8 : "");
    LVITEMW it;
    memset(&it, 0, sizeof it);
    it.mask = LVIF_TEXT;
    it.iItem = row;
    it.iSubItem = col;
    it.pszText = w ? w : (LPWSTR)L"";
    SendMessageW(lv, col ? LVM_SETITEMTEXTW : LVM_INSERTITEMW, (WPARAM)row, (LPARAM)&it);
    free(w);
}

void ck_lv_set_count(HWND lv, size_t n)
{
    ListView_SetItemCountEx(lv, (int)n, LVSICF_NOSCROLL);
    InvalidateRect(lv, NULL, TRUE);
}

void ck_lv_text(NMLVDISPINFOW *di, const char *utf8)
{
    if (di->item.mask & LVIF_TEXT)
        ck_gui_copy(di->item.pszText, di->item.cchTextMax, utf8);
}

void ck_lv_cell_text(NMLVDISPINFOW *di, size_t rows, ck_lv_cell_fn cell, const void *ctx)
{
    char buf[512];
    if (di->item.iItem >= 0 && (size_t)di->item.iItem < rows)
        ck_lv_text(di, cell(ctx, (size_t)di->item.iItem, di->item.iSubItem, buf, sizeof buf));
}

LRESULT ck_lv_customdraw_empty(NMLVCUSTOMDRAW *cd, const wchar_t *empty)
{
    HWND lv = cd->nmcd.hdr.hwndFrom;
    if (cd->nmcd.dwDrawStage == CDDS_PREPAINT)
        return ListView_GetItemCount(lv) == 0 && empty ? CDRF_NOTIFYPOSTPAINT : CDRF_DODEFAULT;
    if (cd->nmcd.dwDrawStage == CDDS_POSTPAINT && ListView_GetItemCount(lv) == 0 && empty) {
        RECT rc, hr;
        HWND header = ListView_GetHeader(lv);
        HFONT font = (HFONT)SendMessageW(lv, WM_GETFONT, 0, 0);
        HGDIOBJ old = SelectObject(cd->nmcd.hdc, font);
        int dpi = ck_dpi_of(lv);
        GetClientRect(lv, &rc);
        if (header && IsWindowVisible(header)) {
            GetWindowRect(header, &hr);
            rc.top += hr.bottom - hr.top;
        }
        InflateRect(&rc, -ck_dpi_scale(16, dpi), 0);
        rc.top += ck_dpi_scale(20, dpi);
        SetBkMode(cd->nmcd.hdc, TRANSPARENT);
        SetTextColor(cd->nmcd.hdc, GetSysColor(COLOR_GRAYTEXT));
        DrawTextW(cd->nmcd.hdc, empty, -1, &rc, DT_CENTER | DT_WORDBREAK | DT_NOPREFIX);
        SelectObject(cd->nmcd.hdc, old);
    }
    return CDRF_DODEFAULT;
}

BOOL ck_lv_state_changed(const NMHDR *nm, UINT mask)
{
    const NMLISTVIEW *lv = (const NMLISTVIEW *)nm;
    return nm->code == LVN_ITEMCHANGED && (lv->uChanged & LVIF_STATE) && ((lv->uOldState ^ lv->uNewState) & mask);
}

size_t ck_lv_selection(HWND lv, uint32_t **pos)
{
    size_t n = (size_t)ListView_GetSelectedCount(lv), k = 0;
    int i = -1;
    *pos = malloc((n ? n : 1) * sizeof **pos);
    if (!*pos)
        return 0;
    while (k < n && (i = ListView_GetNextItem(lv, i, LVNI_SELECTED)) >= 0)
        (*pos)[k++] = (uint32_t)i;
    return k;
}

long ck_lv_current(HWND lv)
{
    int focus = ListView_GetNextItem(lv, -1, LVNI_FOCUSED);
    if (focus >= 0 && ListView_GetItemState(lv, focus, LVIS_SELECTED))
        return focus;
    return ListView_GetNextItem(lv, -1, LVNI_SELECTED);
}

void ck_lv_select(HWND lv, long pos)
{
    ListView_SetItemState(lv, -1, 0, LVIS_SELECTED | LVIS_FOCUSED);
    if (pos < 0)
        return;
    ListView_SetItemState(lv, (int)pos, LVIS_SELECTED | LVIS_FOCUSED, LVIS_SELECTED | LVIS_FOCUSED);
    ListView_SetSelectionMark(lv, (int)pos);
    ListView_EnsureVisible(lv, (int)pos, FALSE);
}

void ck_lv_dump(FILE *f, const char *name, const struct ck_lv_column *cols, int ncols, size_t rows, size_t max,
                ck_lv_cell_fn cell, const void *ctx)
{
    char buf[512];
    size_t r;
    int c;

    fprintf(f, "[%s] rows=%zu\n", name, rows);
    for (c = 0; c < ncols; c++)
        fprintf(f, "%s%s", c ? "\t" : "", cols[c].title);
    fputc('\n', f);
    for (r = 0; r < rows && r < max; r++) {
        for (c = 0; c < ncols; c++) {
            const char *text = cell(ctx, r, c, buf, sizeof buf);
            const char *p;
            if (c)
                fputc('\t', f);
            /* One line per row: tabs and line breaks inside a cell become spaces. */
            for (p = text; *p; p++)
                fputc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p, f);
        }
        fputc('\n', f);
    }
}

static LRESULT CALLBACK filter_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp, UINT_PTR id, DWORD_PTR data)
{
    HWND lv = (HWND)data;
    (void)id;
    if (msg == WM_KEYDOWN && wp == VK_DOWN) {
        SetFocus(lv);
        if (ck_lv_current(lv) < 0 && ListView_GetItemCount(lv) > 0)
            ck_lv_select(lv, 0);
        return 0;
    }
    if (msg == WM_KEYDOWN && wp == VK_ESCAPE && GetWindowTextLengthW(hwnd) > 0) {
        SetWindowTextW(hwnd, L"");
        return 0;
    }
    /* The dialog navigation would turn Escape into IDCANCEL for the window. */
    if (msg == WM_GETDLGCODE && lp && ((const MSG *)lp)->message == WM_KEYDOWN &&
        ((const MSG *)lp)->wParam == VK_ESCAPE && GetWindowTextLengthW(hwnd) > 0)
        return DefSubclassProc(hwnd, msg, wp, lp) | DLGC_WANTMESSAGE;
    return DefSubclassProc(hwnd, msg, wp, lp);
}

void ck_lv_attach_filter(HWND edit, HWND lv)
{
    SetWindowSubclass(edit, filter_proc, 1, (DWORD_PTR)lv);
}
