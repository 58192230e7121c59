/* The toolbar (see toolbar.h). Button images are Windows' standard toolbar
 * bitmaps, at the size that suits the DPI. */
#include "win/toolbar.h"

#include "resource.h"

enum { STD, VIEW };

static const struct {
    int cmd;
    int set, image; /* standard bitmap set and index; cmd 0 = separator */
    const wchar_t *label;
    const wchar_t *tip;
} buttons[] = {
    {IDM_FILE_OPEN_LIST, STD, STD_FILEOPEN, L"Open list", L"Open an image list file (Ctrl+O)"},
    {IDM_FILE_ADD_TARGET, STD, STD_FILENEW, L"Add", L"Add an image, archive or folder (Ctrl+N)"},
    {IDM_LIST_GITLAB, VIEW, VIEW_NETCONNECT, L"GitLab", L"Image list from GitLab (Ctrl+G)"},
    {IDM_LIST_REGISTRY, VIEW, VIEW_LIST, L"Registry", L"Image list from a registry (Ctrl+R)"},
    {IDM_LIST_LOCAL, VIEW, VIEW_DETAILS, L"Local", L"Images of the local Docker engine (Ctrl+L)"},
    {0, 0, 0, NULL, NULL},
    {IDM_SCAN_SELECTED, STD, STD_FIND, L"Scan", L"Scan the selected images (F5)"},
    {IDM_SCAN_ALL, STD, STD_REPLACE, L"Scan all", L"Scan every image shown (Ctrl+F5)"},
    {IDM_SCAN_CANCEL, STD, STD_DELETE, L"Cancel", L"Cancel the running work"},
    {0, 0, 0, NULL, NULL},
    {IDM_SCAN_COMPARE, VIEW, VIEW_SORTDATE, L"Compare", L"Compare two scans of the image (Ctrl+M)"},
    {IDM_FILE_EXPORT_CSV, STD, STD_FILESAVE, L"Export CSV", L"Export findings to CSV (Ctrl+E)"},
    {0, 0, 0, NULL, NULL},
    {IDM_DB_UPDATE, STD, STD_REDOW, L"Update data", L"Download the latest vulnerability data (Ctrl+U)"},
    {IDM_TOOLS_SETTINGS, STD, STD_PROPERTIES, L"Settings", L"Settings (Ctrl+,)"},
};
#define NBUTTONS (sizeof buttons / sizeof buttons[0])

static int base[2];

const wchar_t *ck_toolbar_tip(int cmd)
{
    size_t i;
    for (i = 0; i < NBUTTONS; i++)
        if (buttons[i].cmd == cmd)
            return buttons[i].tip;
    return NULL;
}

static void load_images(HWND tb, int dpi)
{
    TBADDBITMAP ab;
    int large = dpi >= 144;
    HIMAGELIST old = (HIMAGELIST)SendMessageW(tb, TB_GETIMAGELIST, 0, 0);
    int size = large ? 24 : 16;

    /* A fresh image list of the right size, then both standard sets. */
    SendMessageW(tb, TB_SETIMAGELIST, 0,
                 (LPARAM)ImageList_Create(size, size, ILC_COLOR32 | ILC_MASK, 32, 8));
    if (old)
        ImageList_Destroy(old);
    SendMessageW(tb, TB_SETBITMAPSIZE, 0, MAKELPARAM(size, size));
    ab.hInst = HINST_COMMCTRL;
    ab.nID = large ? IDB_STD_LARGE_COLOR : IDB_STD_SMALL_COLOR;
    base[STD] = (int)SendMessageW(tb, TB_ADDBITMAP, 0, (LPARAM)&ab);
    ab.nID = large ? IDB_VIEW_LARGE_COLOR : IDB_VIEW_SMALL_COLOR;
    base[VIEW] = (int)SendMessageW(tb, TB_ADDBITMAP, 0, (LPARAM)&ab);
}

HWND ck_toolbar_create(HWND parent, int id)
{
    TBBUTTON tbb[NBUTTONS];
    HWND tb;
    size_t i;

    tb = CreateWindowExW(0, TOOLBARCLASSNAMEW, NULL,
                         WS_CHILD | WS_VISIBLE | TBSTYLE_FLAT | TBSTYLE_LIST | TBSTYLE_TOOLTIPS | CCS_TOP |
                             CCS_NODIVIDER,
                         0, 0, 0, 0, parent, (HMENU)(INT_PTR)id, g_instance, NULL);
    if (!tb)
        return NULL;
    SendMessageW(tb, TB_BUTTONSTRUCTSIZE, sizeof(TBBUTTON), 0);
    SendMessageW(tb, TB_SETEXTENDEDSTYLE, 0, TBSTYLE_EX_MIXEDBUTTONS | TBSTYLE_EX_DRAWDDARROWS);
    load_images(tb, ck_dpi_of(parent));
    memset(tbb, 0, sizeof tbb);
    for (i = 0; i < NBUTTONS; i++) {
        if (!buttons[i].cmd) {
            tbb[i].fsStyle = BTNS_SEP;
            continue;
        }
        tbb[i].iBitmap = base[buttons[i].set] + buttons[i].image;
        tbb[i].idCommand = buttons[i].cmd;
        tbb[i].fsState = TBSTATE_ENABLED;
        tbb[i].fsStyle = BTNS_BUTTON | BTNS_AUTOSIZE | BTNS_SHOWTEXT;
        tbb[i].iString = (INT_PTR)buttons[i].label;
    }
    SendMessageW(tb, TB_ADDBUTTONSW, NBUTTONS, (LPARAM)tbb);
    SendMessageW(tb, TB_AUTOSIZE, 0, 0);
    return tb;
}

/* Sets the image or the style (as mask says) of the button of cmd. */
static void set_button_info(HWND tb, int cmd, DWORD mask, int image, BYTE style)
{
    TBBUTTONINFOW bi;
    memset(&bi, 0, sizeof bi);
    bi.cbSize = sizeof bi;
    bi.dwMask = mask;
    bi.iImage = image;
    bi.fsStyle = style;
    SendMessageW(tb, TB_SETBUTTONINFOW, (WPARAM)cmd, (LPARAM)&bi);
}

void ck_toolbar_set_dpi(HWND tb, int dpi)
{
    size_t i;
    load_images(tb, dpi);
    for (i = 0; i < NBUTTONS; i++)
        if (buttons[i].cmd)
            set_button_info(tb, buttons[i].cmd, TBIF_IMAGE, base[buttons[i].set] + buttons[i].image, 0);
    SendMessageW(tb, TB_AUTOSIZE, 0, 0);
}

/* Labels on (or off) on every button. */
static void show_labels(HWND tb, BOOL on)
{
    size_t i;
    for (i = 0; i < NBUTTONS; i++)
        if (buttons[i].cmd)
            set_button_info(tb, buttons[i].cmd, TBIF_STYLE, 0,
                            (BYTE)(BTNS_BUTTON | BTNS_AUTOSIZE | (on ? BTNS_SHOWTEXT : 0)));
    SendMessageW(tb, TB_AUTOSIZE, 0, 0);
}

static int buttons_width(HWND tb)
{
    int n = (int)SendMessageW(tb, TB_BUTTONCOUNT, 0, 0);
    RECT r;
    return n > 0 && SendMessageW(tb, TB_GETITEMRECT, (WPARAM)(n - 1), (LPARAM)&r) ? r.right : 0;
}

int ck_toolbar_fit(HWND tb, int width)
{
    static int labels = -1;
    RECT r;
    /* Labels while they fit in one row; icons with tooltips when not. */
    if (labels != 1) {
        show_labels(tb, TRUE);
        labels = 1;
    }
    if (buttons_width(tb) > width) {
        show_labels(tb, FALSE);
        labels = 0;
    }
    SendMessageW(tb, TB_AUTOSIZE, 0, 0);
    GetWindowRect(tb, &r);
    return r.bottom - r.top;
}

void ck_toolbar_enable(HWND tb, int cmd, BOOL on)
{
    SendMessageW(tb, TB_ENABLEBUTTON, (WPARAM)cmd, MAKELPARAM(on ? TRUE : FALSE, 0));
}
