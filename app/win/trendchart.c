/* The trend chart control (see trendchart.h). */
#include "win/trendchart.h"

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
};

/* Severities from the bottom of a column up. */
static const enum ck_severity stack_order[] = {CK_SEV_CRITICAL, CK_SEV_HIGH,       CK_SEV_MEDIUM,
                                               CK_SEV_LOW,      CK_SEV_NEGLIGIBLE, CK_SEV_UNKNOWN};
#define NSTACK (sizeof stack_order / sizeof stack_order[0])

/* Where the parts of the chart go, from its size, font and scans. Painting
 * draws what it says and a click is looked up in it, so a click always
 * lands on the column drawn under it. */
struct chart_layout {
    RECT client;
    int dpi, line, pad;
    size_t n;              /* columns: one per scan, oldest on the left */
    size_t axis_max, step; /* the value axis: 0 to axis_max, a grid line every step */
    RECT legend;           /* the legend is right-aligned on its top */
    RECT plot;             /* inside the axes; empty when nothing fits */
    int slot, bar_w;       /* each column's share of the plot, and its bar's width */
};

/* ---- layout ------------------------------------------------------------------ */

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

static size_t total_of(const struct ck_scan_info *s)
{
    size_t t = 0, i;
    for (i = 0; i < NSTACK; i++)
        t += s->counts.by_severity[stack_order[i]];
    return t;
}

/* The most findings of any successful scan. */
static size_t largest_total(const struct chart *c)
{
    size_t i, max = 0;
    for (i = 0; i < c->scans->count; i++) {
        const struct ck_scan_info *s = ck_scans_table_at(c->scans, i);
        if (s->ok && total_of(s) > max)
            max = total_of(s);
    }
    return max;
}

static BOOL plot_is_empty(const struct chart_layout *L)
{
    return L->plot.right <= L->plot.left || L->plot.bottom <= L->plot.top;
}

/* dc has the chart's font selected: the text decides the margins. */
static void layout_chart(const struct chart *c, HDC dc, const RECT *client, struct chart_layout *L)
{
    TEXTMETRICW tm;
    wchar_t label[32];
    int label_w;

    memset(L, 0, sizeof *L);
    L->client = *client;
    L->dpi = ck_dpi_of(c->hwnd);
    L->pad = ck_dpi_scale(8, L->dpi);
    GetTextMetricsW(dc, &tm);
    L->line = tm.tmHeight;
    L->n = c->scans ? c->scans->count : 0;
    if (!L->n)
        return;
    ck_trend_axis(largest_total(c), &L->axis_max, &L->step);
    swprintf(label, 32, L"%zu", L->axis_max);
    label_w = text_width(dc, label);
    /* legend on top, axis labels left and below */
    L->legend = *client;
    L->legend.top += L->pad / 2;
    L->legend.right -= L->pad;
    SetRect(&L->plot, client->left + L->pad + label_w + ck_dpi_scale(6, L->dpi), client->top + L->line + L->pad,
            client->right - L->pad, client->bottom - L->line - L->pad);
    L->slot = (L->plot.right - L->plot.left) / (int)L->n;
    if (L->slot < 1)
        L->slot = 1;
    L->bar_w = L->slot > 6 ? L->slot * 7 / 10 : L->slot;
    if (L->bar_w > ck_dpi_scale(48, L->dpi))
        L->bar_w = ck_dpi_scale(48, L->dpi);
}

/* The left edge of column i's bar. */
static int column_left(const struct chart_layout *L, size_t i)
{
    return L->plot.left + (int)((double)i * (L->plot.right - L->plot.left) / (double)L->n) + (L->slot - L->bar_w) / 2;
}

/* The height of value on the axis, from the bottom of the plot. */
static int value_y(const struct chart_layout *L, size_t value)
{
    return L->plot.bottom - (int)((double)value * (L->plot.bottom - L->plot.top) / (double)L->axis_max);
}

/* The column at x (a little slack on both sides), -1 when none. */
static long column_at(const struct chart_layout *L, int x)
{
    size_t i;
    if (plot_is_empty(L))
        return -1;
    for (i = 0; i < L->n; i++) {
        int left = column_left(L, i);
        if (x >= left - 2 && x < left + L->bar_w + 2)
            return (long)i;
    }
    return -1;
}

static HGDIOBJ select_chart_font(const struct chart *c, HDC dc)
{
    return SelectObject(dc, c->font ? c->font : GetStockObject(DEFAULT_GUI_FONT));
}

/* ---- drawing ------------------------------------------------------------------ */

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

static void fill_severity(HDC dc, const RECT *rc, enum ck_severity s, BOOL hc)
{
    HBRUSH br = severity_brush(s, hc);
    FillRect(dc, rc, br);
    DeleteObject(br);
}

static void draw_no_scans(HDC dc, const RECT *client)
{
    RECT rc = *client;
    SetTextColor(dc, GetSysColor(COLOR_GRAYTEXT));
    DrawTextW(dc, L"No scans to chart yet.", -1, &rc, DT_CENTER | DT_VCENTER | DT_SINGLELINE | DT_NOPREFIX);
}

static void draw_legend(HDC dc, const struct chart_layout *L, BOOL hc)
{
    const RECT *area = &L->legend;
    int x = area->right, box = L->line * 2 / 3, gap = ck_dpi_scale(12, L->dpi);
    int i;
    /* right-aligned: from the last entry backwards */
    for (i = (int)NSTACK - 1; i >= 0; i--) {
        const char *name = ck_severity_str(stack_order[i]);
        wchar_t *w = ck_utf8_to_wide(name);
        RECT t, b;
        int tw = w ? text_width(dc, w) : 0;
        x -= tw;
        SetRect(&t, x, area->top, x + tw, area->top + L->line);
        if (w)
            DrawTextW(dc, w, -1, &t, DT_NOPREFIX | DT_SINGLELINE | DT_VCENTER);
        free(w);
        x -= box + ck_dpi_scale(4, L->dpi);
        SetRect(&b, x, area->top + (L->line - box) / 2, x + box, area->top + (L->line - box) / 2 + box);
        fill_severity(dc, &b, stack_order[i], hc);
        FrameRect(dc, &b, GetSysColorBrush(hc ? COLOR_WINDOWTEXT : COLOR_GRAYTEXT));
        x -= gap;
    }
}

/* Grid lines across the plot, each with its value left of the axis. */
static void draw_grid(HDC dc, const struct chart_layout *L, BOOL hc)
{
    HPEN grid = CreatePen(PS_DOT, 1, GetSysColor(hc ? COLOR_WINDOWTEXT : COLOR_GRAYTEXT));
    HGDIOBJ old_pen = SelectObject(dc, grid);
    wchar_t label[32];
    RECT rc;
    size_t v;

    for (v = 0; v <= L->axis_max; v += L->step) {
        int y = value_y(L, v);
        MoveToEx(dc, L->plot.left, y, NULL);
        LineTo(dc, L->plot.right, y);
        swprintf(label, 32, L"%zu", v);
        SetRect(&rc, L->client.left, y - L->line / 2, L->plot.left - ck_dpi_scale(6, L->dpi), y + L->line / 2);
        DrawTextW(dc, label, -1, &rc, DT_RIGHT | DT_SINGLELINE | DT_NOPREFIX);
        if (L->step == 0)
            break;
    }
    SelectObject(dc, old_pen);
    DeleteObject(grid);
}

/* A successful scan's findings stacked from the axis up; returns the top. */
static int draw_stack(HDC dc, const struct chart_layout *L, const struct ck_scan_info *s, int x, BOOL hc)
{
    int y = L->plot.bottom;
    size_t k;
    for (k = 0; k < NSTACK; k++) {
        size_t cnt = s->counts.by_severity[stack_order[k]];
        int h = (int)((double)cnt * (L->plot.bottom - L->plot.top) / (double)L->axis_max + 0.5);
        RECT rc;
        if (!cnt)
            continue;
        if (h < 1)
            h = 1;
        SetRect(&rc, x, y - h, x + L->bar_w, y);
        fill_severity(dc, &rc, stack_order[k], hc);
        if (hc)
            FrameRect(dc, &rc, GetSysColorBrush(COLOR_WINDOWTEXT));
        y -= h;
    }
    return y;
}

/* A failed scan: a short grey mark on the axis. */
static void draw_failed(HDC dc, const struct chart_layout *L, int x)
{
    RECT rc;
    SetRect(&rc, x, L->plot.bottom - ck_dpi_scale(3, L->dpi), x + L->bar_w, L->plot.bottom);
    FillRect(dc, &rc, GetSysColorBrush(COLOR_GRAYTEXT));
}

/* The outline of a marked (selected) column whose top is at top. */
static void draw_mark(HDC dc, const struct chart_layout *L, int x, int top)
{
    RECT mr;
    int t = ck_dpi_scale(2, L->dpi), j;
    SetRect(&mr, x - t * 2, (top < L->plot.bottom ? top : L->plot.bottom - t * 4) - t * 2, x + L->bar_w + t * 2,
            L->plot.bottom + t);
    for (j = 0; j < t; j++) {
        FrameRect(dc, &mr, GetSysColorBrush(COLOR_HIGHLIGHT));
        InflateRect(&mr, -1, -1);
    }
}

/* The scan's date under its column, where it fits without touching the
 * label before it (*last_right: that label's right edge). */
static void draw_date(HDC dc, const struct chart_layout *L, const struct ck_scan_info *s, int x, int *last_right)
{
    char when[CK_CELL_MAX];
    wchar_t *w;
    int tw, lx;
    RECT rc;

    ck_cell_time(s->finished_at ? s->finished_at : s->started_at, when, sizeof when);
    w = ck_utf8_to_wide(when);
    tw = w ? text_width(dc, w) : 0;
    lx = x + L->bar_w / 2 - tw / 2;
    if (lx < L->client.left + L->pad)
        lx = L->client.left + L->pad;
    if (lx + tw > L->client.right - L->pad)
        lx = L->client.right - L->pad - tw;
    if (w && lx > *last_right + ck_dpi_scale(12, L->dpi)) {
        SetRect(&rc, lx, L->plot.bottom + ck_dpi_scale(3, L->dpi), lx + tw, L->client.bottom);
        DrawTextW(dc, w, -1, &rc, DT_LEFT | DT_SINGLELINE | DT_NOPREFIX);
        *last_right = lx + tw;
    }
    free(w);
}

static BOOL is_marked(const struct chart *c, int64_t id)
{
    size_t m;
    for (m = 0; m < c->nmarks; m++)
        if (c->marks[m] == id)
            return TRUE;
    return FALSE;
}

static void draw_columns(const struct chart *c, HDC dc, const struct chart_layout *L, BOOL hc)
{
    int last_label_right = -1000000;
    size_t i;
    for (i = 0; i < L->n; i++) {
        const struct ck_scan_info *s = scan_at_column(c, i);
        int x = column_left(L, i), top = L->plot.bottom;
        if (s->ok)
            top = draw_stack(dc, L, s, x, hc);
        else
            draw_failed(dc, L, x);
        if (is_marked(c, s->id))
            draw_mark(dc, L, x, top);
        draw_date(dc, L, s, x, &last_label_right);
    }
}

static void draw_axis(HDC dc, const struct chart_layout *L)
{
    RECT rc;
    SetRect(&rc, L->plot.left, L->plot.bottom, L->plot.right, L->plot.bottom + 1);
    FillRect(dc, &rc, GetSysColorBrush(COLOR_WINDOWTEXT));
}

static void paint(const struct chart *c, HDC dc, const RECT *client)
{
    BOOL hc = ck_gui_high_contrast();
    HGDIOBJ old_font = select_chart_font(c, dc);
    struct chart_layout L;

    FillRect(dc, client, GetSysColorBrush(COLOR_WINDOW));
    SetBkMode(dc, TRANSPARENT);
    SetTextColor(dc, GetSysColor(COLOR_WINDOWTEXT));
    layout_chart(c, dc, client, &L);
    if (!L.n) {
        draw_no_scans(dc, client);
    } else {
        draw_legend(dc, &L, hc);
        if (!plot_is_empty(&L)) {
            draw_grid(dc, &L, hc);
            draw_columns(c, dc, &L, hc);
            draw_axis(dc, &L);
        }
    }
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

/* The column under x as the chart is drawn now, -1 when none. */
static long hit_test(const struct chart *c, int x)
{
    HDC dc = GetDC(c->hwnd);
    HGDIOBJ old_font;
    struct chart_layout L;
    RECT rc;

    if (!dc)
        return -1;
    old_font = select_chart_font(c, dc);
    GetClientRect(c->hwnd, &rc);
    layout_chart(c, dc, &rc, &L);
    SelectObject(dc, old_font);
    ReleaseDC(c->hwnd, dc);
    return column_at(&L, x);
}

static void on_click(struct chart *c, int x)
{
    long col = hit_test(c, x);
    if (col < 0)
        return;
    c->clicked = scan_at_column(c, (size_t)col)->id;
    SendMessageW(GetParent(c->hwnd), WM_COMMAND, MAKEWPARAM(c->id, CKN_ACTIVATE), (LPARAM)c->hwnd);
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
        free(c);
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
    case WM_LBUTTONDOWN:
        on_click(c, (short)LOWORD(lp));
        return 0;
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
