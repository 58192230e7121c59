/* The information bar (see infobar.h). */
#include "win/infobar.h"

#include <stdlib.h>
#include <string.h>

#include "platform/win32_text.h"

#define CLASS_NAME L"CKInfoBar"

struct slot {
    HWND text;
    HWND button[CK_INFO_BUTTONS];
    int command[CK_INFO_BUTTONS];
    char *utf8;
    int warning;
};

static struct {
    HWND bar;
    struct slot slots[CK_INFO_SLOTS];
} g;

static int shown_slots(void)
{
    int i, n = 0;
    for (i = 0; i < CK_INFO_SLOTS; i++)
        n += g.slots[i].utf8 != NULL;
    return n;
}

static int row_height(void)
{
    HFONT font = (HFONT)SendMessageW(g.slots[0].text, WM_GETFONT, 0, 0);
    int dpi = ck_dpi_of(g.bar);
    return ck_dpi_line_height(g.bar, font) + ck_dpi_scale(14, dpi);
}

int ck_infobar_height(void)
{
    int n = shown_slots();
    return n ? n * row_height() + ck_dpi_scale(4, ck_dpi_of(g.bar)) : 0;
}

static int button_width(HWND b, int dpi)
{
    wchar_t text[64];
    HDC dc = GetDC(b);
    HGDIOBJ old = SelectObject(dc, (HFONT)SendMessageW(b, WM_GETFONT, 0, 0));
    SIZE sz = {0, 0};
    int n = GetWindowTextW(b, text, 64);
    GetTextExtentPoint32W(dc, text, n, &sz);
    SelectObject(dc, old);
    ReleaseDC(b, dc);
    return sz.cx + ck_dpi_scale(24, dpi);
}

static void layout(void)
{
    RECT rc;
    int dpi = ck_dpi_of(g.bar), i, k, y = ck_dpi_scale(2, dpi), row = row_height();
    int icon = ck_dpi_scale(16, dpi), left = ck_dpi_scale(12, dpi) + icon + ck_dpi_scale(8, dpi);
    int gap = ck_dpi_scale(6, dpi), bh = row - ck_dpi_scale(6, dpi);
    int line = row - ck_dpi_scale(14, dpi);

    GetClientRect(g.bar, &rc);
    for (i = 0; i < CK_INFO_SLOTS; i++) {
        struct slot *s = &g.slots[i];
        int right = rc.right - ck_dpi_scale(8, dpi);
        BOOL on = s->utf8 != NULL;
        for (k = CK_INFO_BUTTONS - 1; k >= 0; k--) {
            BOOL has = on && s->command[k];
            if (has) {
                int w = button_width(s->button[k], dpi);
                right -= w;
                MoveWindow(s->button[k], right, y + (row - bh) / 2, w, bh, TRUE);
                right -= gap;
            }
            ShowWindow(s->button[k], has ? SW_SHOW : SW_HIDE);
        }
        ShowWindow(s->text, on ? SW_SHOW : SW_HIDE);
        if (!on)
            continue;
        MoveWindow(s->text, left, y + (row - line) / 2, right - left - gap, line, TRUE);
        y += row;
    }
    InvalidateRect(g.bar, NULL, TRUE);
}

static void paint(void)
{
    PAINTSTRUCT ps;
    HDC dc = BeginPaint(g.bar, &ps);
    RECT rc;
    int dpi = ck_dpi_of(g.bar), i, y = ck_dpi_scale(2, dpi), row = row_height();
    int icon = ck_dpi_scale(16, dpi);

    GetClientRect(g.bar, &rc);
    FillRect(dc, &rc, GetSysColorBrush(COLOR_INFOBK));
    for (i = 0; i < CK_INFO_SLOTS; i++) {
        HICON ic;
        if (!g.slots[i].utf8)
            continue;
        ic = (HICON)LoadImageW(NULL, (LPCWSTR)(g.slots[i].warning ? IDI_WARNING : IDI_INFORMATION), IMAGE_ICON, icon,
                               icon, LR_SHARED);
        if (ic)
            DrawIconEx(dc, ck_dpi_scale(12, dpi), y + (row - icon) / 2, ic, icon, icon, 0, NULL, DI_NORMAL);
        y += row;
    }
    rc.top = rc.bottom - 1;
    FillRect(dc, &rc, GetSysColorBrush(COLOR_3DSHADOW));
    EndPaint(g.bar, &ps);
}

static LRESULT CALLBACK bar_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    int i, k;
    switch (msg) {
    case WM_SIZE:
        layout();
        return 0;
    case WM_PAINT:
        paint();
        return 0;
    case WM_ERASEBKGND:
        return 1;
    case WM_SETFONT:
        for (i = 0; i < CK_INFO_SLOTS; i++) {
            SendMessageW(g.slots[i].text, WM_SETFONT, wp, lp);
            for (k = 0; k < CK_INFO_BUTTONS; k++)
                SendMessageW(g.slots[i].button[k], WM_SETFONT, wp, lp);
        }
        layout();
        return 0;
    case WM_CTLCOLORSTATIC:
        SetBkColor((HDC)wp, GetSysColor(COLOR_INFOBK));
        SetTextColor((HDC)wp, GetSysColor(COLOR_INFOTEXT));
        return (LRESULT)GetSysColorBrush(COLOR_INFOBK);
    case WM_COMMAND:
        if (HIWORD(wp) == BN_CLICKED)
            for (i = 0; i < CK_INFO_SLOTS; i++)
                for (k = 0; k < CK_INFO_BUTTONS; k++)
                    if ((HWND)lp == g.slots[i].button[k] && g.slots[i].command[k])
                        PostMessageW(GetAncestor(hwnd, GA_ROOT), WM_COMMAND, (WPARAM)g.slots[i].command[k], 0);
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

HWND ck_infobar_create(HWND parent, int id)
{
    WNDCLASSEXW wc = {sizeof wc};
    int i, k;
    wc.lpfnWndProc = bar_proc;
    wc.hInstance = g_instance;
    wc.hCursor = LoadCursorW(NULL, (LPCWSTR)IDC_ARROW);
    wc.lpszClassName = CLASS_NAME;
    RegisterClassExW(&wc);
    g.bar = CreateWindowExW(WS_EX_CONTROLPARENT, CLASS_NAME, L"", WS_CHILD | WS_CLIPCHILDREN | WS_CLIPSIBLINGS, 0, 0, 0, 0, parent,
                            (HMENU)(INT_PTR)id, g_instance, NULL);
    if (!g.bar)
        return NULL;
    for (i = 0; i < CK_INFO_SLOTS; i++) {
        g.slots[i].text = CreateWindowExW(0, WC_STATICW, L"", WS_CHILD | SS_NOPREFIX | SS_ENDELLIPSIS | SS_LEFT, 0,
                                          0, 0, 0, g.bar, NULL, g_instance, NULL);
        for (k = 0; k < CK_INFO_BUTTONS; k++)
            g.slots[i].button[k] = CreateWindowExW(0, WC_BUTTONW, L"", WS_CHILD | WS_TABSTOP | BS_PUSHBUTTON, 0, 0,
                                                   0, 0, g.bar, NULL, g_instance, NULL);
        if (!g.slots[i].text || !g.slots[i].button[0] || !g.slots[i].button[1])
            return NULL;
    }
    return g.bar;
}

void ck_infobar_set(int slot, const char *text, int warning, const struct ck_info_action *actions, int nactions)
{
    struct slot *s;
    int k;
    if (slot < 0 || slot >= CK_INFO_SLOTS)
        return;
    s = &g.slots[slot];
    free(s->utf8);
    s->utf8 = NULL;
    if (text && *text) {
        size_t n = strlen(text) + 1;
        if ((s->utf8 = malloc(n)))
            memcpy(s->utf8, text, n);
    }
    s->warning = warning;
    ck_gui_set_text(s->text, s->utf8 ? s->utf8 : "");
    for (k = 0; k < CK_INFO_BUTTONS; k++) {
        BOOL has = actions && k < nactions && actions[k].label;
        s->command[k] = has ? actions[k].command : 0;
        SetWindowTextW(s->button[k], has ? actions[k].label : L"");
    }
    ShowWindow(g.bar, shown_slots() ? SW_SHOW : SW_HIDE);
    layout();
}

void ck_infobar_dump(FILE *f)
{
    int i, k;
    for (i = 0; i < CK_INFO_SLOTS; i++) {
        fprintf(f, "[info%d] %s", i, g.slots[i].utf8 ? g.slots[i].utf8 : "");
        for (k = 0; k < CK_INFO_BUTTONS; k++)
            if (g.slots[i].utf8 && g.slots[i].command[k]) {
                char *label = ck_gui_text(g.slots[i].button[k]);
                fprintf(f, " [%s]", label ? label : "");
                free(label);
            }
        fputc('\n', f);
    }
}
