/* The main window: menu, the images list, a status bar. */
#include "gui.h"

#include <commctrl.h>

#include "resource.h"

enum { ID_IMAGES = 10, ID_STATUS = 11 };

struct mainwnd {
    HWND hwnd;
    HWND images;
    HWND status;
    HFONT font;
    int dpi;
};

static struct mainwnd g_main;

static const struct {
    const wchar_t *title;
    int width96;
} image_columns[] = {
    {L"Repository", 240}, {L"Tag", 110},  {L"Last scanned", 130}, {L"Digest", 110},
    {L"Critical", 70},    {L"High", 60},  {L"Medium", 70},       {L"Low", 60},
    {L"Unknown", 70},     {L"State", 160},
};

static void apply_font(struct mainwnd *w)
{
    HFONT old = w->font;
    w->font = ck_dpi_message_font(w->dpi);
    SendMessageW(w->images, WM_SETFONT, (WPARAM)w->font, TRUE);
    SendMessageW(w->status, WM_SETFONT, (WPARAM)w->font, TRUE);
    if (old)
        DeleteObject(old);
}

static void add_columns(struct mainwnd *w)
{
    LVCOLUMNW col = {0};
    int i;
    col.mask = LVCF_TEXT | LVCF_WIDTH | LVCF_FMT;
    for (i = 0; i < (int)(sizeof image_columns / sizeof image_columns[0]); i++) {
        col.fmt = i >= 4 && i <= 8 ? LVCFMT_RIGHT : LVCFMT_LEFT;
        col.pszText = (LPWSTR)image_columns[i].title;
        col.cx = ck_dpi_scale(image_columns[i].width96, w->dpi);
        SendMessageW(w->images, LVM_INSERTCOLUMNW, (WPARAM)i, (LPARAM)&col);
    }
}

static void layout(struct mainwnd *w)
{
    RECT rc, sb;
    GetClientRect(w->hwnd, &rc);
    SendMessageW(w->status, WM_SIZE, 0, 0);
    GetWindowRect(w->status, &sb);
    MoveWindow(w->images, 0, 0, rc.right, rc.bottom - (sb.bottom - sb.top), TRUE);
}

static void disable_unfinished_commands(HWND hwnd)
{
    static const UINT pending[] = {IDM_FILE_OPEN_LIST, IDM_FILE_EXPORT_CSV, IDM_LIST_GITLAB,
                                   IDM_LIST_REGISTRY,  IDM_LIST_LOCAL,      IDM_SCAN_SELECTED,
                                   IDM_SCAN_ALL,       IDM_SCAN_CANCEL,     IDM_SCAN_COMPARE,
                                   IDM_DB_UPDATE,      IDM_DB_IMPORT,       IDM_TOOLS_SETTINGS};
    HMENU menu = GetMenu(hwnd);
    size_t i;
    for (i = 0; i < sizeof pending / sizeof pending[0]; i++)
        EnableMenuItem(menu, pending[i], MF_BYCOMMAND | MF_GRAYED);
}

static LRESULT on_create(HWND hwnd)
{
    struct mainwnd *w = &g_main;
    w->hwnd = hwnd;
    w->dpi = ck_dpi_of(hwnd);
    w->images = CreateWindowExW(0, WC_LISTVIEWW, L"Images",
                                WS_CHILD | WS_VISIBLE | WS_TABSTOP | LVS_REPORT | LVS_SHOWSELALWAYS | LVS_OWNERDATA,
                                0, 0, 0, 0, hwnd, (HMENU)(INT_PTR)ID_IMAGES, g_instance, NULL);
    w->status = CreateWindowExW(0, STATUSCLASSNAMEW, NULL, WS_CHILD | WS_VISIBLE | SBARS_SIZEGRIP, 0, 0, 0, 0,
                                hwnd, (HMENU)(INT_PTR)ID_STATUS, g_instance, NULL);
    if (!w->images || !w->status)
        return -1;
    ListView_SetExtendedListViewStyle(w->images, LVS_EX_FULLROWSELECT | LVS_EX_DOUBLEBUFFER | LVS_EX_HEADERDRAGDROP);
    add_columns(w);
    apply_font(w);
    SendMessageW(w->status, SB_SETTEXTW, 0, (LPARAM)L"No images yet: open an image list (Ctrl+O) to begin.");
    disable_unfinished_commands(hwnd);
    return 0;
}

static void on_dpichanged(struct mainwnd *w, WPARAM wp, const RECT *suggested)
{
    w->dpi = HIWORD(wp);
    apply_font(w);
    SetWindowPos(w->hwnd, NULL, suggested->left, suggested->top, suggested->right - suggested->left,
                 suggested->bottom - suggested->top, SWP_NOZORDER | SWP_NOACTIVATE);
}

static void on_command(struct mainwnd *w, WORD id)
{
    switch (id) {
    case IDM_HELP_ABOUT:
        ck_about_show(w->hwnd);
        break;
    case IDM_FILE_EXIT:
        PostMessageW(w->hwnd, WM_CLOSE, 0, 0);
        break;
    }
}

static LRESULT CALLBACK main_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    struct mainwnd *w = &g_main;
    switch (msg) {
    case WM_CREATE:
        return on_create(hwnd);
    case WM_SIZE:
        layout(w);
        return 0;
    case WM_DPICHANGED:
        on_dpichanged(w, wp, (const RECT *)lp);
        return 0;
    case WM_COMMAND:
        on_command(w, LOWORD(wp));
        return 0;
    case WM_SETFOCUS:
        SetFocus(w->images);
        return 0;
    case WM_DESTROY:
        if (w->font)
            DeleteObject(w->font);
        PostQuitMessage(0);
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

BOOL ck_mainwnd_register(void)
{
    WNDCLASSEXW wc = {sizeof wc};
    wc.lpfnWndProc = main_proc;
    wc.hInstance = g_instance;
    wc.hIcon = LoadIconW(g_instance, MAKEINTRESOURCEW(IDI_APP));
    wc.hIconSm = (HICON)LoadImageW(g_instance, MAKEINTRESOURCEW(IDI_APP), IMAGE_ICON, GetSystemMetrics(SM_CXSMICON),
                                   GetSystemMetrics(SM_CYSMICON), 0);
    wc.hCursor = LoadCursorW(NULL, (LPCWSTR)IDC_ARROW);
    wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
    wc.lpszMenuName = MAKEINTRESOURCEW(IDR_MAINMENU);
    wc.lpszClassName = CK_MAIN_CLASS;
    return RegisterClassExW(&wc) != 0;
}

HWND ck_mainwnd_create(int show)
{
    int dpi = ck_dpi_of(NULL);
    HWND hwnd = CreateWindowExW(0, CK_MAIN_CLASS, CK_MAIN_TITLE, WS_OVERLAPPEDWINDOW, CW_USEDEFAULT, CW_USEDEFAULT,
                                ck_dpi_scale(1100, dpi), ck_dpi_scale(700, dpi), NULL, NULL, g_instance, NULL);
    if (hwnd) {
        ShowWindow(hwnd, show);
        UpdateWindow(hwnd);
    }
    return hwnd;
}
