/* The trend chart control (see trendchart.h). */
#include "trendchart.h"

#include <stdlib.h>
#include <string.h>

#include "platform/win32_text.h"
#include "view/cells.h"
#include "vuln/severity.h"

#define CLASS_NAME L"CKTrendChart"
#define MAX_MARKS 2

struct chart {
    HWND hwnd;
    int id;
    HFONT font;
    const struct ck_scans_table *scans;
    int64_t marks[MAX_MARKS];
    size_t nmarks;
    int64_t clicked;
    /* columns as last drawn: where each scan's column is (left, right), by
     * index in scans */
    int *col_left, *col_right;
    size_t ncols;
};

/* Severities from the bottom of a column up. */
static const enum ck_severity stack_order[] = {CK_SEV_CRITICAL, CK_SEV_HIGH,       CK_SEV_MEDIUM,
                                               CK_SEV_LOW,      CK_SEV_NEGLIGIBLE, CK_SEV_UNKNOWN};
#define NSTACK (sizeof stack_order / sizeof stack_order[0])

static COLORREF fill_color(enum ck_severity s)
{
    switch (s) {
    case CK_SEV_CRITICAL:
        return RGB(0xb0, 0x1c, 0x1c);
    case CK_SEV_HIGH:
        return RGB(0xe8, 0x59, 0x0c);
    case CK_SEV_MEDIUM:
        return RGB(0xf5, 0xb0, 0x1a);
    case CK_SEV_LOW:
        return RGB(0x4c, 0x7f, 0xbf);
    case CK_SEV_NEGLIGIBLE:
        return RGB(0x9a, 0xb8, 0xd8);
    default:
        return RGB(0xbb, 0xbb, 0xbb);
    }
}

/* A brush for a severity: its colour, or in high contrast a hatch in the
 * text colour (a solid one for critical). */
static HBRUSH severity_brush(enum ck_severity s, BOOL hc)
{
    static const int hatch[] = {HS_DIAGCROSS, HS_HORIZONTAL, HS_VERTICAL, HS_CROSS, HS_BDIAGONAL, HS_FDIAGONAL};
    if (!hc)
        return CreateSolidBrush(fill_color(s));
    if (s == CK_SEV_CRITICAL)
        return CreateSolidBrush(GetSysColor(COLOR_WINDOWTEXT));
    return CreateHatchBrush(hatch[s % 6], GetSysColor(COLOR_WINDOWTEXT));
}

static const struct ck_scan_info *scan_at_column(const struct chart *c, size_t col)
{
    /* The table is newest first; columns run oldest first. */
    return ck_scans_table_at(c->scans, c->scans->count - 1 - col);
}

static int text_width(HDC dc, const wchar_t *s)
{
    SIZE sz;
    GetTextExtentPoint32W(dc, s, (int)wcslen(s), &sz);
    return sz.cx;
}

static void draw_legend(HDC dc, RECT *area, int dpi, int line, BOOL hc)
{
    int x = area->right, box = line * 2 / 3, gap = ck_dpi_scale(12, dpi);
    int i;
    /* right-aligned: from the last entry backwards */
    for (i = (int)NSTACK - 1; i >= 0; i--) {
        const char *name = ck_severity_str(stack_order[i]);
        wchar_t *w = ck_utf8_to_wide(name);
        RECT t, b;
        HBRUSH br;
        int tw = w ? text_width(dc, w) : 0;
        x -= tw;
        SetRect(&t, x, area->top, x + tw, area->top + line);
        if (w)
            DrawTextW(dc, w, -1, &t, DT_NOPREFIX | DT_SINGLELINE | DT_VCENTER);
        free(w);
        x -= box + ck_dpi_scale(4, dpi);
        SetRect(&b, x, area->top + (line - box) / 2, x + box, area->top + (line - box) / 2 + box);
        br = severity_brush(stack_order[i], hc);
        FillRect(dc, &b, br);
        DeleteObject(br);
        FrameRect(dc, &b, GetSysColorBrush(hc ? COLOR_WINDOWTEXT : COLOR_GRAYTEXT));
        x -= gap;
    }
}

static size_t total_of(const struct ck_scan_info *s)
{
    size_t t = 0, i;
    for (i = 0; i < NSTACK; i++)
        t += s->counts.by_severity[stack_order[i]];
    return t;
}

static void paint(struct chart *c, HDC dc, const RECT *client)
{
    int dpi = ck_dpi_of(c->hwnd), line, pad = ck_dpi_scale(8, dpi);
    BOOL hc = ck_gui_high_contrast();
    HGDIOBJ old_font = SelectObject(dc, c->font ? c->font : GetStockObject(DEFAULT_GUI_FONT));
    TEXTMETRICW tm;
    RECT plot, rc;
    size_t n = c->scans ? c->scans->count : 0, i, max = 0, axis_max, step, v;
    wchar_t label[32];
    int label_w, slot, bar_w, last_label_right;
    HPEN grid, old_pen;

    FillRect(dc, client, GetSysColorBrush(COLOR_WINDOW));
    SetBkMode(dc, TRANSPARENT);
    SetTextColor(dc, GetSysColor(COLOR_WINDOWTEXT));
    GetTextMetricsW(dc, &tm);
    line = tm.tmHeight;
    free(c->col_left);
    free(c->col_right);
    c->col_left = c->col_right = NULL;
    c->ncols = 0;

    if (!n) {
        rc = *client;
        SetTextColor(dc, GetSysColor(COLOR_GRAYTEXT));
        DrawTextW(dc, L"No scans to chart yet.", -1, &rc, DT_CENTER | DT_VCENTER | DT_SINGLELINE | DT_NOPREFIX);
        SelectObject(dc, old_font);
        return;
    }
    for (i = 0; i < n; i++)
        if (ck_scans_table_at(c->scans, i)->ok && total_of(ck_scans_table_at(c->scans, i)) > max)
            max = total_of(ck_scans_table_at(c->scans, i));
    ck_trend_axis(max, &axis_max, &step);
    swprintf(label, 32, L"%zu", axis_max);
    label_w = text_width(dc, label);

    /* legend on top, axis labels left and below */
    rc = *client;
    rc.top += pad / 2;
    rc.right -= pad;
    draw_legend(dc, &rc, dpi, line, hc);
    SetRect(&plot, client->left + pad + label_w + ck_dpi_scale(6, dpi), client->top + line + pad,
            client->right - pad, client->bottom - line - pad);
    if (plot.right <= plot.left || plot.bottom <= plot.top) {
        SelectObject(dc, old_font);
        return;
    }

    /* grid lines and their values */
    grid = CreatePen(PS_DOT, 1, GetSysColor(hc ? COLOR_WINDOWTEXT : COLOR_GRAYTEXT));
    old_pen = SelectObject(dc, grid);
    for (v = 0; v <= axis_max; v += step) {
        int y = plot.bottom - (int)((double)v * (plot.bottom - plot.top) / (double)axis_max);
        MoveToEx(dc, plot.left, y, NULL);
        LineTo(dc, plot.right, y);
        swprintf(label, 32, L"%zu", v);
        SetRect(&rc, client->left, y - line / 2, plot.left - ck_dpi_scale(6, dpi), y + line / 2);
        DrawTextW(dc, label, -1, &rc, DT_RIGHT | DT_SINGLELINE | DT_NOPREFIX);
        if (step == 0)
            break;
    }
    SelectObject(dc, old_pen);
    DeleteObject(grid);

    /* columns */
    c->col_left = malloc(n * sizeof *c->col_left);
    c->col_right = malloc(n * sizeof *c->col_right);
    if (!c->col_left || !c->col_right) {
        SelectObject(dc, old_font);
        return;
    }
    c->ncols = n;
    slot = (plot.right - plot.left) / (int)n;
    if (slot < 1)
        slot = 1;
    bar_w = slot > 6 ? slot * 7 / 10 : slot;
    if (bar_w > ck_dpi_scale(48, dpi))
        bar_w = ck_dpi_scale(48, dpi);
    last_label_right = -1000000;
    for (i = 0; i < n; i++) {
        const struct ck_scan_info *s = scan_at_column(c, i);
        int x = plot.left + (int)((double)i * (plot.right - plot.left) / (double)n) + (slot - bar_w) / 2;
        int y = plot.bottom;
        size_t k, m;
        char when[CK_CELL_MAX];
        int marked = 0;

        c->col_left[i] = x;
        c->col_right[i] = x + bar_w;
        for (m = 0; m < c->nmarks; m++)
            marked |= c->marks[m] == s->id;
        if (s->ok) {
            for (k = 0; k < NSTACK; k++) {
                size_t cnt = s->counts.by_severity[stack_order[k]];
                int h = (int)((double)cnt * (plot.bottom - plot.top) / (double)axis_max + 0.5);
                HBRUSH br;
                if (!cnt)
                    continue;
                if (h < 1)
                    h = 1;
                SetRect(&rc, x, y - h, x + bar_w, y);
                br = severity_brush(stack_order[k], hc);
                FillRect(dc, &rc, br);
                DeleteObject(br);
                if (hc)
                    FrameRect(dc, &rc, GetSysColorBrush(COLOR_WINDOWTEXT));
                y -= h;
            }
        } else {
            /* a failed scan: a short grey mark on the axis */
            SetRect(&rc, x, plot.bottom - ck_dpi_scale(3, dpi), x + bar_w, plot.bottom);
            FillRect(dc, &rc, GetSysColorBrush(COLOR_GRAYTEXT));
        }
        if (marked) {
            RECT mr;
            int t = ck_dpi_scale(2, dpi), j;
            SetRect(&mr, x - t * 2, (y < plot.bottom ? y : plot.bottom - t * 4) - t * 2, x + bar_w + t * 2,
                    plot.bottom + t);
            for (j = 0; j < t; j++) {
                FrameRect(dc, &mr, GetSysColorBrush(COLOR_HIGHLIGHT));
                InflateRect(&mr, -1, -1);
            }
        }
        /* date labels where they fit without touching the previous one */
        ck_cell_time(s->finished_at ? s->finished_at : s->started_at, when, sizeof when);
        {
            wchar_t *w = ck_utf8_to_wide(when);
            int tw = w ? text_width(dc, w) : 0, cx = x + bar_w / 2, lx = cx - tw / 2;
            if (lx < client->left + pad)
                lx = client->left + pad;
            if (lx + tw > client->right - pad)
                lx = client->right - pad - tw;
            if (w && lx > last_label_right + ck_dpi_scale(12, dpi)) {
                SetRect(&rc, lx, plot.bottom + ck_dpi_scale(3, dpi), lx + tw, client->bottom);
                DrawTextW(dc, w, -1, &rc, DT_LEFT | DT_SINGLELINE | DT_NOPREFIX);
                last_label_right = lx + tw;
            }
            free(w);
        }
    }
    /* the axis */
    SetRect(&rc, plot.left, plot.bottom, plot.right, plot.bottom + 1);
    FillRect(dc, &rc, GetSysColorBrush(COLOR_WINDOWTEXT));
    SelectObject(dc, old_font);
}

static void on_paint(struct chart *c)
{
    PAINTSTRUCT ps;
    RECT rc;
    HDC dc = BeginPaint(c->hwnd, &ps), mem;
    HBITMAP bmp, old;

    GetClientRect(c->hwnd, &rc);
    /* Drawn off screen, then copied: no flicker while resizing. */
    mem = CreateCompatibleDC(dc);
    bmp = CreateCompatibleBitmap(dc, rc.right > 0 ? rc.right : 1, rc.bottom > 0 ? rc.bottom : 1);
    if (mem && bmp) {
        old = SelectObject(mem, bmp);
        paint(c, mem, &rc);
        BitBlt(dc, 0, 0, rc.right, rc.bottom, mem, 0, 0, SRCCOPY);
        SelectObject(mem, old);
    } else {
        paint(c, dc, &rc);
    }
    if (bmp)
        DeleteObject(bmp);
    if (mem)
        DeleteDC(mem);
    EndPaint(c->hwnd, &ps);
}

static LRESULT CALLBACK chart_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    struct chart *c = (struct chart *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);
    switch (msg) {
    case WM_NCCREATE:
        c = calloc(1, sizeof *c);
        if (!c)
            return FALSE;
        c->hwnd = hwnd;
        c->id = (int)(INT_PTR)((CREATESTRUCTW *)lp)->hMenu;
        SetWindowLongPtrW(hwnd, GWLP_USERDATA, (LONG_PTR)c);
        break;
    case WM_NCDESTROY:
        if (c) {
            free(c->col_left);
            free(c->col_right);
            free(c);
        }
        SetWindowLongPtrW(hwnd, GWLP_USERDATA, 0);
        break;
    case WM_SETFONT:
        c->font = (HFONT)wp;
        if (LOWORD(lp))
            InvalidateRect(hwnd, NULL, FALSE);
        return 0;
    case WM_GETFONT:
        return (LRESULT)c->font;
    case WM_ERASEBKGND:
        return 1;
    case WM_PAINT:
        on_paint(c);
        return 0;
    case WM_SIZE:
    case WM_SYSCOLORCHANGE:
    case WM_SETTINGCHANGE:
        InvalidateRect(hwnd, NULL, FALSE);
        break;
    case WM_LBUTTONDOWN: {
        int x = (short)LOWORD(lp);
        size_t i;
        for (i = 0; i < c->ncols; i++)
            if (x >= c->col_left[i] - 2 && x < c->col_right[i] + 2) {
                c->clicked = scan_at_column(c, i)->id;
                SendMessageW(GetParent(hwnd), WM_COMMAND, MAKEWPARAM(c->id, CKN_ACTIVATE), (LPARAM)hwnd);
                break;
            }
        return 0;
    }
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

HWND ck_trendchart_create(HWND parent, int id)
{
    WNDCLASSEXW wc = {sizeof wc};
    wc.lpfnWndProc = chart_proc;
    wc.hInstance = g_instance;
    wc.hCursor = LoadCursorW(NULL, (LPCWSTR)IDC_ARROW);
    wc.lpszClassName = CLASS_NAME;
    wc.style = CS_HREDRAW | CS_VREDRAW;
    RegisterClassExW(&wc);
    return CreateWindowExW(0, CLASS_NAME, L"Trend of findings per scan", WS_CHILD | WS_VISIBLE, 0, 0, 0, 0, parent,
                           (HMENU)(INT_PTR)id, g_instance, NULL);
}

void ck_trendchart_set(HWND chart, const struct ck_scans_table *scans)
{
    struct chart *c = (struct chart *)GetWindowLongPtrW(chart, GWLP_USERDATA);
    if (!c)
        return;
    c->scans = scans;
    c->nmarks = 0;
    c->clicked = 0;
    InvalidateRect(chart, NULL, FALSE);
}

void ck_trendchart_mark(HWND chart, const int64_t *ids, size_t n)
{
    struct chart *c = (struct chart *)GetWindowLongPtrW(chart, GWLP_USERDATA);
    size_t i;
    if (!c)
        return;
    c->nmarks = n < MAX_MARKS ? n : MAX_MARKS;
    for (i = 0; i < c->nmarks; i++)
        c->marks[i] = ids[i];
    InvalidateRect(chart, NULL, FALSE);
}

int64_t ck_trendchart_clicked(HWND chart)
{
    struct chart *c = (struct chart *)GetWindowLongPtrW(chart, GWLP_USERDATA);
    return c ? c->clicked : 0;
}
