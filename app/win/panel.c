/* What the list panels share (see panel.h). */
#include "win/panel.h"

#include "win/listview.h"

enum { TIMER_FILTER = 1 };

static LRESULT CALLBACK panel_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp);

HWND ck_panel_create(struct ck_panel *p, HWND parent, int id, const wchar_t *class_name, const wchar_t *title,
                     DWORD visible)
{
    WNDCLASSEXW wc = {sizeof wc};
    wc.lpfnWndProc = panel_proc;
    wc.hInstance = g_instance;
    wc.hCursor = LoadCursorW(NULL, (LPCWSTR)IDC_ARROW);
    wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
    wc.lpszClassName = class_name;
    RegisterClassExW(&wc); /* fails harmlessly when already registered */
    p->id = id;
    p->hwnd = CreateWindowExW(WS_EX_CONTROLPARENT, class_name, title,
                              WS_CHILD | visible | WS_CLIPCHILDREN | WS_CLIPSIBLINGS, 0, 0, 0, 0, parent,
                              (HMENU)(INT_PTR)id, g_instance, p);
    return p->hwnd;
}

HWND ck_panel_child(const struct ck_panel *p, const wchar_t *cls, const wchar_t *text, DWORD style, DWORD ex_style,
                    int id)
{
    return CreateWindowExW(ex_style, cls, text, WS_CHILD | WS_VISIBLE | style, 0, 0, 0, 0, p->hwnd,
                           (HMENU)(INT_PTR)id, g_instance, NULL);
}

void ck_panel_set_filter(struct ck_panel *p, HWND edit, const wchar_t *cue, UINT delay_ms)
{
    p->filter = edit;
    p->filter_delay_ms = delay_ms;
    SendMessageW(edit, EM_SETCUEBANNER, TRUE, (LPARAM)cue);
    ck_lv_attach_filter(edit, p->list);
}

void ck_panel_focus_filter(const struct ck_panel *p)
{
    SetFocus(p->filter);
    SendMessageW(p->filter, EM_SETSEL, 0, -1);
}

void ck_panel_notify(const struct ck_panel *p, int code)
{
    SendMessageW(GetParent(p->hwnd), WM_COMMAND, MAKEWPARAM(p->id, code), (LPARAM)p->hwnd);
}

/* The heading's bold font follows the panel's font. */
static void make_bold(struct ck_panel *p, HFONT font)
{
    LOGFONTW lf;
    if (p->bold)
        DeleteObject(p->bold);
    p->bold = NULL;
    if (font && GetObjectW(font, sizeof lf, &lf)) {
        lf.lfWeight = FW_BOLD;
        p->bold = CreateFontIndirectW(&lf);
    }
}

static void set_font(struct ck_panel *p, HFONT font, LPARAM redraw)
{
    HWND kid;
    if (p->heading)
        make_bold(p, font);
    for (kid = GetWindow(p->hwnd, GW_CHILD); kid; kid = GetWindow(kid, GW_HWNDNEXT)) {
        HFONT f = kid == p->heading && p->bold ? p->bold : font;
        SendMessageW(kid, WM_SETFONT, (WPARAM)f, redraw);
    }
}

static void relayout(const struct ck_panel *p)
{
    /* WM_SIZE also comes while the window is being created, before the
     * children are there. */
    if (p->layout && p->hwnd)
        p->layout();
}

/* Static text (headings, counts, hints) on the panel's window colour. */
static LRESULT static_colors(HDC dc)
{
    SetBkMode(dc, TRANSPARENT);
    SetTextColor(dc, GetSysColor(COLOR_WINDOWTEXT));
    return (LRESULT)GetSysColorBrush(COLOR_WINDOW);
}

static BOOL on_filter_change(struct ck_panel *p, WPARAM wp, LPARAM lp)
{
    if (!p->filter || (HWND)lp != p->filter || HIWORD(wp) != EN_CHANGE)
        return FALSE;
    /* Typing restarts the wait: the filter runs once the keys pause. */
    SetTimer(p->hwnd, TIMER_FILTER, p->filter_delay_ms, NULL);
    return TRUE;
}

static BOOL on_timer(struct ck_panel *p, WPARAM id)
{
    if (id != TIMER_FILTER)
        return FALSE;
    KillTimer(p->hwnd, TIMER_FILTER);
    if (p->apply_filter)
        p->apply_filter();
    return TRUE;
}

/* Enter or a double click on a list item. */
static BOOL on_notify(struct ck_panel *p, NMHDR *nm, LRESULT *result)
{
    if (nm->hwndFrom == p->list && (nm->code == NM_RETURN || nm->code == NM_DBLCLK)) {
        ck_panel_notify(p, CKN_ACTIVATE);
        return TRUE;
    }
    *result = p->notify ? p->notify(nm) : 0;
    return TRUE;
}

/* The messages every panel answers alike. */
static BOOL common_message(struct ck_panel *p, UINT msg, WPARAM wp, LPARAM lp, LRESULT *result)
{
    *result = 0;
    switch (msg) {
    case WM_SIZE:
        relayout(p);
        return TRUE;
    case WM_SETFONT:
        set_font(p, (HFONT)wp, lp);
        relayout(p);
        return TRUE;
    case WM_CTLCOLORSTATIC:
        *result = static_colors((HDC)wp);
        return TRUE;
    case WM_SETFOCUS:
        SetFocus(p->list);
        return TRUE;
    case WM_NOTIFY:
        return on_notify(p, (NMHDR *)lp, result);
    case WM_COMMAND:
        if (!on_filter_change(p, wp, lp) && p->command)
            p->command(LOWORD(wp), HIWORD(wp));
        return TRUE;
    case WM_TIMER:
        return on_timer(p, wp);
    case WM_DESTROY:
        if (p->bold)
            DeleteObject(p->bold);
        p->bold = NULL;
        if (p->destroy)
            p->destroy();
        return TRUE;
    }
    return FALSE;
}

static LRESULT CALLBACK panel_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    struct ck_panel *p = (struct ck_panel *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);
    LRESULT result;

    if (msg == WM_NCCREATE) {
        p = ((CREATESTRUCTW *)lp)->lpCreateParams;
        SetWindowLongPtrW(hwnd, GWLP_USERDATA, (LONG_PTR)p);
    }
    if (p && (common_message(p, msg, wp, lp, &result) ||
              (p->split && ck_splitter_message(p->split, hwnd, msg, wp, lp, &result))))
        return result;
    return DefWindowProcW(hwnd, msg, wp, lp);
}
