/* The main window's commands, from the menu, the toolbar, the accelerators
 * and the information bar's buttons, and when each is available (see
 * mainwnd.h). Slow ones start a task and return. */
#include "win/mainwnd.h"

#include <stdlib.h>
#include <string.h>

#include "win/dialogs.h"
#include "win/findingsview.h"
#include "win/historyview.h"
#include "win/imagesview.h"
#include "win/inventoryview.h"
#include "resource.h"
#include "win/settings.h"
#include "win/toolbar.h"
#include "util/text.h"

/* ---- availability ----------------------------------------------------------- */

/* Tasks that Scan > Cancel stops. */
static BOOL cancellable_work(void)
{
    return ck_mainwnd_scanning() || ck_task_running_kind(CK_TASK_DB_UPDATE) || ck_task_running_kind(CK_TASK_LIST) ||
           ck_task_running_kind(CK_TASK_DB_IMPORT);
}

static size_t scanned_images(void)
{
    struct ck_images_table *t = ck_imagesview_table();
    size_t i, scanned = 0;
    for (i = 0; i < ck_images_table_total(t); i++)
        scanned += ck_images_table_row(t, i)->has_scan;
    return scanned;
}

static size_t selected_images(void)
{
    uint32_t *rows = NULL;
    size_t n = ck_imagesview_selection(&rows);
    free(rows);
    return n;
}

static void enable_command(int cmd, BOOL on)
{
    EnableMenuItem(GetMenu(g_main.hwnd), (UINT)cmd, MF_BYCOMMAND | (on ? MF_ENABLED : MF_GRAYED));
    ck_toolbar_enable(g_main.toolbar, cmd, on);
}

void ck_mainwnd_update_commands(void)
{
    BOOL scanning = ck_mainwnd_scanning();
    int64_t ids[3];

    enable_command(IDM_SCAN_SELECTED, selected_images() && !scanning);
    enable_command(IDM_SCAN_SELECTED_AGAIN, selected_images() && !scanning);
    enable_command(IDM_SCAN_ALL, ck_images_table_count(ck_imagesview_table()) && !scanning);
    enable_command(IDM_SCAN_CANCEL, cancellable_work());
    enable_command(IDM_SCAN_COMPARE, ck_historyview_selected(ids, 3) == 2 || ck_mainwnd_detail_scans() >= 2);
    enable_command(IDM_FILE_EXPORT_CSV, scanned_images() > 0);
    enable_command(IDM_DB_UPDATE, !ck_task_running_kind(CK_TASK_DB_UPDATE) && !scanning);
    enable_command(IDM_DB_IMPORT, !ck_task_running_kind(CK_TASK_DB_IMPORT) && !scanning);
}

/* ---- the commands -------------------------------------------------------------- */

/* Enter, turned into IDOK by the dialog navigation of the message loop: on
 * the images list it opens the image's findings. */
static void enter_pressed(void)
{
    if (GetFocus() == ck_imagesview_list())
        ck_mainwnd_panel_command(ID_IMAGES, CKN_ACTIVATE);
}

static void add_target(void)
{
    struct ck_gui_list_result req;
    if (ck_gui_target_dialog(g_main.hwnd, &req))
        ck_mainwnd_start_list(&req, "Adding...");
}

static void list_gitlab(void)
{
    struct ck_gui_list_result req;
    if (ck_gui_gitlab_dialog(g_main.hwnd, &req))
        ck_mainwnd_start_list(&req, "Listing the images of GitLab...");
}

static void list_registry(void)
{
    struct ck_gui_list_result req;
    if (ck_gui_registry_dialog(g_main.hwnd, &req))
        ck_mainwnd_start_list(&req, "Listing the images of the registry...");
}

static void close_window(void)
{
    PostMessageW(g_main.hwnd, WM_CLOSE, 0, 0);
}

static void scan_selected(void) { ck_mainwnd_start_scan(0, 0); }
static void scan_all(void) { ck_mainwnd_start_scan(1, 0); }
static void scan_selected_again(void) { ck_mainwnd_start_scan(0, 1); }

/* Scan > Cancel and the toolbar's Cancel: stops the running work. */
static void cancel_work(void)
{
    if (!cancellable_work())
        return;
    ck_task_cancel_all(0);
    ck_mainwnd_status(PART_MESSAGE, "Cancelling...");
}

static BOOL changed(const char *before, const char *after)
{
    return !before || !after || strcmp(before, after);
}

/* A changed engine or database is checked again. */
static void edit_settings(void)
{
    char *host = ck_text_dup(g_settings.docker_host), *db = ck_gui_vulndb_path();
    if (ck_settings_dialog(g_main.hwnd)) {
        char *db2 = ck_gui_vulndb_path();
        if (changed(host, g_settings.docker_host))
            ck_start_engine_check(g_main.hwnd, 0, g_settings.docker_host);
        if (changed(db, db2))
            ck_start_data_check(g_main.hwnd);
        free(db2);
    }
    free(host);
    free(db);
}

static void show_about(void)
{
    ck_about_show(g_main.hwnd);
}

/* Ctrl+Shift+F: the filter of the packages or unmanaged tab when one is
 * shown, else the findings' filter. */
static void filter_findings(void)
{
    int tab = TabCtrl_GetCurSel(g_main.tabs);
    if (tab == TAB_PACKAGES || tab == TAB_UNMANAGED) {
        ck_inventoryview_focus_filter(tab == TAB_PACKAGES ? CK_INV_PACKAGES : CK_INV_UNMANAGED);
        return;
    }
    ck_mainwnd_show_tab(TAB_FINDINGS);
    ck_findingsview_focus_filter();
}

static void view_findings(void)
{
    ck_mainwnd_show_tab(TAB_FINDINGS);
    ck_findingsview_focus_list();
}

static void view_history(void)
{
    ck_mainwnd_show_tab(TAB_HISTORY);
    ck_historyview_focus_list();
}

static void view_packages(void)
{
    ck_mainwnd_show_tab(TAB_PACKAGES);
    ck_inventoryview_focus_list(CK_INV_PACKAGES);
}

static void view_unmanaged(void)
{
    ck_mainwnd_show_tab(TAB_UNMANAGED);
    ck_inventoryview_focus_list(CK_INV_UNMANAGED);
}

static void view_log(void)
{
    ck_mainwnd_show_tab(TAB_LOG);
    SetFocus(g_main.panels[TAB_LOG]);
}

static void refresh(void)
{
    ck_mainwnd_read_images(NULL, 0);
    ck_mainwnd_load_detail();
    ck_start_data_check(g_main.hwnd);
}

static const struct {
    WORD id;
    void (*run)(void);
} commands[] = {
    {IDOK, enter_pressed},
    {IDM_FILE_OPEN_LIST, ck_mainwnd_open_list_file},
    {IDM_FILE_ADD_TARGET, add_target},
    {IDM_FILE_EXPORT_CSV, ck_mainwnd_export_csv},
    {IDM_FILE_EXIT, close_window},
    {IDM_LIST_GITLAB, list_gitlab},
    {IDM_LIST_REGISTRY, list_registry},
    {IDM_LIST_LOCAL, ck_mainwnd_list_local},
    {IDM_SCAN_SELECTED, scan_selected},
    {IDM_SCAN_ALL, scan_all},
    {IDM_SCAN_SELECTED_AGAIN, scan_selected_again},
    {IDM_SCAN_CANCEL, cancel_work},
    {IDM_SCAN_COMPARE, ck_mainwnd_compare_scans},
    {IDM_DB_UPDATE, ck_mainwnd_update_data},
    {IDM_DB_IMPORT, ck_mainwnd_import_data},
    {IDM_TOOLS_CHECK_ENGINE, ck_mainwnd_check_engine},
    {IDM_TOOLS_SETTINGS, edit_settings},
    {IDM_HELP_ABOUT, show_about},
    {IDM_VIEW_FILTER, ck_imagesview_focus_filter},
    {IDM_VIEW_FILTER_FINDINGS, filter_findings},
    {IDM_VIEW_FINDINGS, view_findings},
    {IDM_VIEW_HISTORY, view_history},
    {IDM_VIEW_PACKAGES, view_packages},
    {IDM_VIEW_UNMANAGED, view_unmanaged},
    {IDM_VIEW_LOG, view_log},
    {IDM_VIEW_REFRESH, refresh},
    {IDM_VIEW_EXPIRING, ck_mainwnd_expiring},
    {IDM_VIEW_CHANGES, ck_mainwnd_what_changed},
    {IDM_FINDINGS_TRIAGE, ck_mainwnd_triage},
};

void ck_mainwnd_command(WORD id)
{
    size_t i;
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (commands[i].id == id) {
            commands[i].run();
            break;
        }
    ck_mainwnd_update_commands();
}

void ck_mainwnd_panel_command(WORD id, WORD code)
{
    if (id == ID_IMAGES && code == CKN_SELCHANGE) {
        /* Arrowing through the images reads only the one it stops at. */
        SetTimer(g_main.hwnd, TIMER_SELECT, 120, NULL);
        ck_mainwnd_update_commands();
    } else if (id == ID_IMAGES && code == CKN_ACTIVATE) {
        ck_mainwnd_show_tab(TAB_FINDINGS);
        ck_findingsview_focus_list();
    } else if (id == ID_HISTORY && code == CKN_SELCHANGE) {
        ck_mainwnd_history_selection();
    } else if (id == ID_HISTORY && code == CKN_ACTIVATE) {
        ck_mainwnd_show_tab(TAB_FINDINGS);
    }
}
