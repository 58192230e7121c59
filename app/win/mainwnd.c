/* The main window: toolbar, information bar, the images list above tabs of
 * findings, history, packages, unmanaged files and log, and a status bar with the engine, the age of
 * the vulnerability data and a progress bar. This file holds the window and
 * its layout; mainwnd.h names the files that run its commands and handle
 * its tasks, so the window never waits. */
#include "win/mainwnd.h"

#include <stdlib.h>
#include <string.h>
#include <windowsx.h>

#include "win/automation.h"
#include "win/findingsview.h"
#include "win/historyview.h"
#include "win/imagesview.h"
#include "win/infobar.h"
#include "win/inventoryview.h"
#include "win/logpane.h"
#include "resource.h"
#include "win/settings.h"
#include "win/toolbar.h"

struct ck_mainwnd g_main;

/* ---- automation ------------------------------------------------------------- */

void ck_mainwnd_schedule_automation(void)
{
    if (g_main.automation)
        SetTimer(g_main.hwnd, TIMER_AUTOMATION, 150, NULL);
}

/* "Edit#2 in CKFindingsPanel": the focused control, for the automation file. */
static void describe_focus(char *out, size_t size)
{
    HWND f = GetFocus();
    char cls[64] = "", parent[64] = "";
    if (!f) {
        snprintf(out, size, "none");
        return;
    }
    GetClassNameA(f, cls, sizeof cls);
    GetClassNameA(GetParent(f), parent, sizeof parent);
    if (!lstrcmpiA(cls, "Edit") && !(GetWindowLongPtrW(f, GWL_STYLE) & ES_PASSWORD)) {
        char *text = ck_gui_text(f);
        snprintf(out, size, "%s#%d in %s: %.60s", cls, GetDlgCtrlID(f), parent, text ? text : "");
        free(text);
        return;
    }
    snprintf(out, size, "%s#%d in %s", cls, GetDlgCtrlID(f), parent);
}

static void write_automation(void)
{
    static const char *const tabs[TAB_COUNT] = {"findings", "history", "packages", "unmanaged", "log"};
    char app[2560], focus[160];
    int tab = TabCtrl_GetCurSel(g_main.tabs);
    if (!g_main.automation)
        return;
    describe_focus(focus, sizeof focus);
    snprintf(app, sizeof app,
             "[app] tasks=%zu scanning=%d tab=%s first_paint_ms=%ld\n[status] %s\n[engine] %s\n[data] %s\n"
             "[focus] %s\n",
             ck_task_running(), ck_mainwnd_scanning(), tab >= 0 && tab < TAB_COUNT ? tabs[tab] : "",
             ck_mainwnd_first_paint_ms(), ck_mainwnd_status_text(PART_MESSAGE), ck_mainwnd_status_text(PART_ENGINE),
             ck_mainwnd_status_text(PART_DATA), focus);
    ck_automation_write(g_main.automation, app);
}

/* WM_ACTIVATE: the control with the focus is remembered when the window is
 * left and given the focus again when it is back (WM_SETFOCUS). */
static void on_activate(HWND hwnd, WPARAM wp)
{
    HWND f = GetFocus();
    if (LOWORD(wp) == WA_INACTIVE && f && IsChild(hwnd, f))
        g_main.last_focus = f;
}

static void on_setfocus(void)
{
    HWND f = g_main.last_focus;
    if (f && IsWindow(f) && IsChild(g_main.hwnd, f) && IsWindowVisible(f) && IsWindowEnabled(f))
        SetFocus(f);
    else
        SetFocus(g_main.images);
}

void ck_mainwnd_set_automation(const wchar_t *path)
{
    size_t n;
    free(g_main.automation);
    g_main.automation = NULL;
    if (!path || !*path)
        return;
    n = wcslen(path) + 1;
    g_main.automation = malloc(n * sizeof *path);
    if (g_main.automation)
        memcpy(g_main.automation, path, n * sizeof *path);
}

/* ---- layout, fonts and tabs ------------------------------------------------------ */

/* The images take what the splitter says, at most half of height (the
 * findings need room too), at least a few rows. */
static int images_height(int height)
{
    int h = ck_dpi_scale(g_main.split96, g_main.dpi);
    if (h > height / 2)
        h = height / 2;
    if (h < ck_dpi_scale(90, g_main.dpi))
        h = ck_dpi_scale(90, g_main.dpi);
    return h;
}

/* The tabs from y to bottom, and the panels inside them. */
static HDWP place_tabs(HDWP dwp, int y, int width, int bottom)
{
    RECT tr;
    int i;
    dwp = DeferWindowPos(dwp, g_main.tabs, NULL, 0, y, width, bottom - y, SWP_NOZORDER | SWP_NOACTIVATE);
    SetRect(&tr, 0, y, width, bottom);
    TabCtrl_AdjustRect(g_main.tabs, FALSE, &tr);
    for (i = 0; i < TAB_COUNT; i++)
        dwp = DeferWindowPos(dwp, g_main.panels[i], NULL, tr.left, tr.top, tr.right - tr.left, tr.bottom - tr.top,
                             SWP_NOZORDER | SWP_NOACTIVATE);
    return dwp;
}

void ck_mainwnd_layout(void)
{
    RECT rc, sb;
    int y, bottom, info_h, split_h = ck_dpi_scale(6, g_main.dpi), images_h;
    HDWP dwp;

    if (!g_main.status)
        return;
    GetClientRect(g_main.hwnd, &rc);
    y = ck_toolbar_fit(g_main.toolbar, rc.right);
    SendMessageW(g_main.status, WM_SIZE, 0, 0);
    GetWindowRect(g_main.status, &sb);
    bottom = rc.bottom - (sb.bottom - sb.top);
    info_h = ck_infobar_height();
    /* All panes move at once, so none paints over another's old place. */
    dwp = BeginDeferWindowPos(4 + TAB_COUNT);
    if (info_h) {
        dwp = DeferWindowPos(dwp, g_main.infobar, NULL, 0, y, rc.right, info_h, SWP_NOZORDER | SWP_NOACTIVATE);
        y += info_h;
    }
    images_h = images_height(bottom - y);
    dwp = DeferWindowPos(dwp, g_main.images, NULL, 0, y, rc.right, images_h, SWP_NOZORDER | SWP_NOACTIVATE);
    y += images_h;
    SetRect(&g_main.split.bar, 0, y, rc.right, y + split_h);
    y += split_h;
    dwp = place_tabs(dwp, y, rc.right, bottom);
    if (dwp)
        EndDeferWindowPos(dwp);
    ck_mainwnd_layout_status();
    InvalidateRect(g_main.hwnd, &g_main.split.bar, TRUE);
}

/* The bar under the images was dragged to y = pos. */
static void images_bar_moved(int pos)
{
    RECT ir;
    GetWindowRect(g_main.images, &ir);
    MapWindowPoints(NULL, g_main.hwnd, (POINT *)&ir, 2);
    g_main.split96 = ck_dpi_unscale(pos - ir.top, g_main.dpi);
    ck_mainwnd_layout();
}

static void apply_font(void)
{
    HFONT old = g_main.font;
    HWND kids[] = {g_main.toolbar, g_main.infobar, g_main.images, g_main.tabs, g_main.status,
                   g_main.panels[TAB_FINDINGS], g_main.panels[TAB_HISTORY], g_main.panels[TAB_PACKAGES],
                   g_main.panels[TAB_UNMANAGED], g_main.panels[TAB_LOG]};
    size_t i;
    g_main.font = ck_dpi_message_font(g_main.dpi);
    for (i = 0; i < sizeof kids / sizeof kids[0]; i++)
        SendMessageW(kids[i], WM_SETFONT, (WPARAM)g_main.font, TRUE);
    if (old)
        DeleteObject(old);
}

void ck_mainwnd_show_tab(int tab)
{
    int i;
    if (tab < 0 || tab >= TAB_COUNT)
        tab = TAB_FINDINGS;
    TabCtrl_SetCurSel(g_main.tabs, tab);
    /* Panels lie over the tab control, above it in the z-order. */
    for (i = 0; i < TAB_COUNT; i++)
        SetWindowPos(g_main.panels[i], HWND_TOP, 0, 0, 0, 0,
                     SWP_NOMOVE | SWP_NOSIZE | SWP_NOACTIVATE | (i == tab ? SWP_SHOWWINDOW : SWP_HIDEWINDOW));
    ck_mainwnd_tab_shown(tab);
    ck_mainwnd_schedule_automation();
}

/* ---- the log ------------------------------------------------------------------------ */

/* From any thread: a log line goes to the window. */
static void log_sink(void *ctx, enum ck_log_level level, const char *line)
{
    size_t n = strlen(line);
    struct ck_gui_log_line *l = malloc(sizeof *l + n);
    if (!l)
        return;
    l->level = level;
    memcpy(l->text, line, n + 1);
    ck_post_payload((HWND)ctx, WM_CK_LOG, 0, l, free);
}

static void on_log(struct ck_gui_log_line *l)
{
    ck_logpane_append(l->level, l->text);
    free(l);
    ck_mainwnd_schedule_automation();
}

/* ---- creation --------------------------------------------------------------------- */

static HWND create_tabs(HWND hwnd)
{
    static const wchar_t *const tab_names[TAB_COUNT] = {L"Findings", L"History", L"Packages", L"Unmanaged",
                                                        L"Log"};
    TCITEMW item;
    int i;
    HWND tabs = CreateWindowExW(0, WC_TABCONTROLW, L"", WS_CHILD | WS_VISIBLE | WS_CLIPSIBLINGS | WS_TABSTOP, 0, 0, 0,
                                0, hwnd, (HMENU)(INT_PTR)ID_TABS, g_instance, NULL);
    for (i = 0; tabs && i < TAB_COUNT; i++) {
        memset(&item, 0, sizeof item);
        item.mask = TCIF_TEXT;
        item.pszText = (LPWSTR)tab_names[i];
        TabCtrl_InsertItem(tabs, i, &item);
    }
    return tabs;
}

static BOOL create_children(HWND hwnd)
{
    g_main.toolbar = ck_toolbar_create(hwnd, ID_TOOLBAR);
    g_main.infobar = ck_infobar_create(hwnd, ID_INFOBAR);
    g_main.images = ck_imagesview_create(hwnd, ID_IMAGES, g_settings.image_cols);
    g_main.tabs = create_tabs(hwnd);
    g_main.panels[TAB_FINDINGS] = ck_findingsview_create(hwnd, ID_FINDINGS, g_settings.finding_cols,
                                                         g_settings.detail96);
    g_main.panels[TAB_HISTORY] = ck_historyview_create(hwnd, ID_HISTORY, g_settings.scan_cols);
    g_main.panels[TAB_PACKAGES] = ck_inventoryview_create(hwnd, CK_INV_PACKAGES, ID_PACKAGES, g_settings.package_cols);
    g_main.panels[TAB_UNMANAGED] =
        ck_inventoryview_create(hwnd, CK_INV_UNMANAGED, ID_UNMANAGED, g_settings.unmanaged_cols);
    g_main.panels[TAB_LOG] = ck_logpane_create(hwnd, ID_LOG);
    g_main.status = CreateWindowExW(0, STATUSCLASSNAMEW, NULL, WS_CHILD | WS_VISIBLE | SBARS_SIZEGRIP, 0, 0, 0, 0,
                                    hwnd, (HMENU)(INT_PTR)ID_STATUS, g_instance, NULL);
    if (!g_main.toolbar || !g_main.infobar || !g_main.images || !g_main.tabs || !g_main.panels[TAB_FINDINGS] ||
        !g_main.panels[TAB_HISTORY] || !g_main.panels[TAB_PACKAGES] || !g_main.panels[TAB_UNMANAGED] ||
        !g_main.panels[TAB_LOG] || !g_main.status)
        return FALSE;
    g_main.progress = CreateWindowExW(0, PROGRESS_CLASSW, NULL, WS_CHILD, 0, 0, 0, 0, g_main.status,
                                      (HMENU)(INT_PTR)ID_PROGRESS, g_instance, NULL);
    return TRUE;
}

static LRESULT on_create(HWND hwnd)
{
    g_main.hwnd = hwnd;
    g_main.dpi = ck_dpi_of(hwnd);
    g_main.split96 = g_settings.split96 > 0 ? g_settings.split96 : 260;
    g_main.split.moved = images_bar_moved;
    if (!create_children(hwnd))
        return -1;
    apply_font();
    ck_mainwnd_show_tab(g_settings.tab);
    ck_findingsview_clear("", NULL);
    ck_historyview_clear("", NULL);
    ck_inventoryview_clear("", NULL);
    ck_mainwnd_status(PART_MESSAGE, "Reading the scan history...");
    ck_mainwnd_status(PART_ENGINE, "Docker: checking...");
    ck_mainwnd_status(PART_DATA, "Vulnerability data: checking...");

    ck_log_set_console(0);
    ck_log_set_sink(log_sink, hwnd);
    ck_log(CK_LOG_INFO, "ContainerKitty started");

    /* First start explains itself: engine, data and the images, all checked
     * in the background. */
    ck_mainwnd_read_images(NULL, 0);
    ck_start_engine_check(hwnd, 0, g_settings.docker_host);
    ck_start_data_check(hwnd);
    ck_mainwnd_update_commands();
    if (g_main.automation)
        SetTimer(hwnd, TIMER_AUTOMATION_TICK, 1000, NULL);
    return 0;
}

/* ---- closing and DPI ----------------------------------------------------------------- */

/* How long closing waits for the work to stop, and logging off. */
#define CLOSE_LIMIT_MS 10000
#define END_SESSION_LIMIT_MS 3000

static void save_settings(void)
{
    ck_placement_get(g_main.hwnd, &g_settings.window);
    g_settings.split96 = g_main.split96;
    g_settings.tab = TabCtrl_GetCurSel(g_main.tabs);
    ck_imagesview_widths(g_settings.image_cols);
    ck_findingsview_widths(g_settings.finding_cols, &g_settings.detail96);
    ck_historyview_widths(g_settings.scan_cols);
    ck_inventoryview_widths(CK_INV_PACKAGES, g_settings.package_cols);
    ck_inventoryview_widths(CK_INV_UNMANAGED, g_settings.unmanaged_cols);
    ck_settings_save();
}

/* A running scan asks first. The window goes once every task has ended
 * (ck_mainwnd_task_done). */
static void on_close(void)
{
    if (g_main.closing)
        return;
    if (ck_mainwnd_scanning() &&
        ck_gui_message(g_main.hwnd, MB_ICONQUESTION | MB_YESNO | MB_DEFBUTTON2,
                       "A scan is running. Stop it and close ContainerKitty?\n\n"
                       "Images already scanned are kept in the history; the images in progress are not.") != IDYES)
        return;
    save_settings();
    g_main.closing = 1;
    if (!ck_task_running()) {
        DestroyWindow(g_main.hwnd);
        return;
    }
    ck_task_cancel_all(0);
    ck_mainwnd_status(PART_MESSAGE, "Stopping...");
    EnableWindow(g_main.hwnd, FALSE);
    SetTimer(g_main.hwnd, TIMER_CLOSE_LIMIT, CLOSE_LIMIT_MS, NULL);
}

/* Work that has not stopped within the limit is left to the process's end:
 * what the history holds is whole, an unfinished scan stores nothing. */
static void close_limit_reached(void)
{
    if (!g_main.closing)
        return;
    ck_log(CK_LOG_WARN, "%zu task%s did not stop within %d s: closing anyway", ck_task_running(),
           ck_task_running() == 1 ? "" : "s", CLOSE_LIMIT_MS / 1000);
    DestroyWindow(g_main.hwnd);
}

/* WM_QUERYENDSESSION: logging off or shutting down may go on; the
 * settings are saved now, while there is time. */
static LRESULT on_query_end_session(void)
{
    save_settings();
    return TRUE;
}

/* WM_ENDSESSION: the session ends once this returns. The running work is
 * cancelled and given a moment (within what Windows allows) to stop. */
static void on_end_session(WPARAM ending)
{
    uint64_t until;
    if (!ending)
        return;
    g_main.closing = 1;
    save_settings();
    ck_task_cancel_all(0);
    until = ck_time_monotonic_ms() + END_SESSION_LIMIT_MS;
    while (ck_task_running() && ck_time_monotonic_ms() < until) {
        MSG m;
        while (PeekMessageW(&m, NULL, WM_CK_TASK_DONE, WM_CK_TASK_DONE, PM_REMOVE))
            DispatchMessageW(&m);
        Sleep(50);
    }
}

static void on_dpichanged(WPARAM wp, const RECT *suggested)
{
    int old = g_main.dpi;
    g_main.dpi = HIWORD(wp);
    apply_font();
    ck_toolbar_set_dpi(g_main.toolbar, g_main.dpi);
    /* Column widths follow the DPI as the fonts do. */
    ck_imagesview_rescale(old, g_main.dpi);
    ck_findingsview_rescale(old, g_main.dpi);
    ck_historyview_rescale(old, g_main.dpi);
    ck_inventoryview_rescale(old, g_main.dpi);
    if (!g_main.placing)
        SetWindowPos(g_main.hwnd, NULL, suggested->left, suggested->top, suggested->right - suggested->left,
                     suggested->bottom - suggested->top, SWP_NOZORDER | SWP_NOACTIVATE);
    ck_mainwnd_layout();
}

static void on_destroy(void)
{
    ck_log_set_sink(NULL, NULL);
    ck_mainwnd_forget_shown();
    if (g_main.font)
        DeleteObject(g_main.font);
    g_main.font = NULL;
    PostQuitMessage(0);
}

/* ---- messages ------------------------------------------------------------------------------ */

static void on_getminmaxinfo(HWND hwnd, MINMAXINFO *mm)
{
    int dpi = g_main.dpi ? g_main.dpi : ck_dpi_of(hwnd);
    mm->ptMinTrackSize.x = ck_dpi_scale(640, dpi);
    mm->ptMinTrackSize.y = ck_dpi_scale(480, dpi);
}

static void on_command(WPARAM wp, LPARAM lp)
{
    if (lp && (HIWORD(wp) == CKN_SELCHANGE || HIWORD(wp) == CKN_ACTIVATE))
        ck_mainwnd_panel_command(LOWORD(wp), HIWORD(wp));
    else if (!lp || (HWND)lp == g_main.toolbar)
        ck_mainwnd_command(LOWORD(wp));
}

static void on_notify(NMHDR *nm)
{
    if (nm->idFrom == ID_TABS && nm->code == TCN_SELCHANGE) {
        ck_mainwnd_show_tab(TabCtrl_GetCurSel(g_main.tabs));
    } else if (nm->code == TTN_GETDISPINFOW) {
        NMTTDISPINFOW *di = (NMTTDISPINFOW *)nm;
        const wchar_t *tip = ck_toolbar_tip((int)nm->idFrom);
        if (tip)
            di->lpszText = (LPWSTR)tip;
    }
}

static void on_timer(HWND hwnd, WPARAM id)
{
    if (id == TIMER_AUTOMATION_TICK) {
        write_automation();
        return;
    }
    KillTimer(hwnd, id);
    if (id == TIMER_SELECT)
        ck_mainwnd_load_detail();
    else if (id == TIMER_CLOSE_LIMIT)
        close_limit_reached();
    else if (id == TIMER_AUTOMATION)
        write_automation();
}

/* The read-only log reads as a document, on the window colour. */
static BOOL log_colors(HDC dc, HWND control, LRESULT *brush)
{
    if (control != g_main.panels[TAB_LOG])
        return FALSE;
    SetBkColor(dc, GetSysColor(COLOR_WINDOW));
    SetTextColor(dc, GetSysColor(COLOR_WINDOWTEXT));
    *brush = (LRESULT)GetSysColorBrush(COLOR_WINDOW);
    return TRUE;
}

static BOOL CALLBACK forward_to_child(HWND child, LPARAM lp)
{
    const MSG *m = (const MSG *)lp;
    SendMessageW(child, m->message, m->wParam, m->lParam);
    return TRUE;
}

/* A new message font, colour scheme (high contrast) or theme: the common
 * controls hear of it only from their parent (Windows sends
 * WM_SYSCOLORCHANGE to top-level windows), then everything is laid out and
 * painted again. */
static void on_colors_changed(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    MSG m;
    memset(&m, 0, sizeof m);
    m.message = msg;
    m.wParam = wp;
    m.lParam = lp;
    EnumChildWindows(hwnd, forward_to_child, (LPARAM)&m);
    apply_font();
    ck_mainwnd_layout();
    RedrawWindow(hwnd, NULL, NULL, RDW_INVALIDATE | RDW_ERASE | RDW_FRAME | RDW_ALLCHILDREN);
}

static LRESULT CALLBACK main_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    LRESULT result;

    if (ck_splitter_message(&g_main.split, hwnd, msg, wp, lp, &result))
        return result;
    switch (msg) {
    case WM_CREATE:
        return on_create(hwnd);
    case WM_SIZE:
        ck_mainwnd_layout();
        return 0;
    case WM_GETMINMAXINFO:
        on_getminmaxinfo(hwnd, (MINMAXINFO *)lp);
        return 0;
    case WM_DPICHANGED:
        on_dpichanged(wp, (const RECT *)lp);
        return 0;
    case WM_SETTINGCHANGE:
    case WM_SYSCOLORCHANGE:
    case WM_THEMECHANGED:
        on_colors_changed(hwnd, msg, wp, lp);
        break;
    case WM_COMMAND:
        on_command(wp, lp);
        return 0;
    case WM_NOTIFY:
        on_notify((NMHDR *)lp);
        return 0;
    case WM_TIMER:
        on_timer(hwnd, wp);
        return 0;
    case WM_INITMENUPOPUP:
        ck_mainwnd_update_commands();
        break;
    case WM_CK_TASK_DONE:
        ck_mainwnd_task_done((struct ck_task *)lp);
        return 0;
    case WM_CK_TASK_EVENT:
        ck_mainwnd_task_event((struct ck_task *)wp, (struct ck_task_event *)lp);
        return 0;
    case WM_CK_LOG:
        on_log((struct ck_gui_log_line *)lp);
        return 0;
    case WM_CK_AUTOMATION:
        write_automation();
        return 0;
    case WM_CTLCOLORSTATIC:
        if (log_colors((HDC)wp, (HWND)lp, &result))
            return result;
        break;
    case WM_CLOSE:
        on_close();
        return 0;
    case WM_QUERYENDSESSION:
        return on_query_end_session();
    case WM_ENDSESSION:
        on_end_session(wp);
        return 0;
    case WM_CONTEXTMENU:
        if ((HWND)wp == ck_findingsview_list()) {
            ck_mainwnd_findings_menu(GET_X_LPARAM(lp), GET_Y_LPARAM(lp));
            return 0;
        }
        break;
    case WM_ACTIVATE:
        on_activate(hwnd, wp);
        break;
    case WM_SETFOCUS:
        on_setfocus();
        return 0;
    case WM_DESTROY:
        on_destroy();
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

/* ---- the class and the window ----------------------------------------------------------------- */

BOOL ck_mainwnd_register(void)
{
    WNDCLASSEXW wc = {sizeof wc};
    wc.lpfnWndProc = main_proc;
    wc.hInstance = g_instance;
    wc.hIcon = LoadIconW(g_instance, MAKEINTRESOURCEW(IDI_APP));
    wc.hIconSm = (HICON)LoadImageW(g_instance, MAKEINTRESOURCEW(IDI_APP), IMAGE_ICON, GetSystemMetrics(SM_CXSMICON),
                                   GetSystemMetrics(SM_CYSMICON), 0);
    wc.hCursor = LoadCursorW(NULL, (LPCWSTR)IDC_ARROW);
    wc.hbrBackground = (HBRUSH)(COLOR_BTNFACE + 1);
    wc.lpszMenuName = MAKEINTRESOURCEW(IDR_MAINMENU);
    wc.lpszClassName = CK_MAIN_CLASS;
    return RegisterClassExW(&wc) != 0;
}

HWND ck_mainwnd_create(int show)
{
    int dpi = ck_dpi_of(NULL);
    HWND hwnd = CreateWindowExW(0, CK_MAIN_CLASS, CK_MAIN_TITLE, WS_OVERLAPPEDWINDOW | WS_CLIPCHILDREN,
                                CW_USEDEFAULT, CW_USEDEFAULT, ck_dpi_scale(1100, dpi), ck_dpi_scale(720, dpi),
                                NULL, NULL, g_instance, NULL);

    if (hwnd) {
        /* The saved rectangle is in pixels of its own DPI: the DPI change of
         * moving there must not scale it again (on_dpichanged). */
        g_main.placing = 1;
        ck_placement_restore(hwnd, &g_settings.window);
        g_main.placing = 0;
        ShowWindow(hwnd, g_settings.window.maximized && show == SW_SHOWNORMAL ? SW_SHOWMAXIMIZED : show);
        UpdateWindow(hwnd);
    }
    return hwnd;
}
