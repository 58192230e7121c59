/* The engine's and the vulnerability data's state in the main window: the
 * status bar's parts and the information bar's offers, from the checks
 * (checks.c), and the data's update and import (datatasks.c); see
 * mainwnd.h. */
#include "win/mainwnd.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "docker/engine.h"
#include "win/dialogs.h"
#include "win/imagesview.h"
#include "win/infobar.h"
#include "resource.h"
#include "win/settings.h"

/* ---- the engine ------------------------------------------------------------- */

void ck_mainwnd_check_engine(void)
{
    ck_mainwnd_status(PART_ENGINE, "Docker: checking...");
    ck_start_engine_check(g_main.hwnd, 0, g_settings.docker_host);
}

void ck_mainwnd_engine_done(struct ck_task *t)
{
    static const struct ck_info_action actions[] = {{L"&Retry", IDM_TOOLS_CHECK_ENGINE},
                                                    {L"Setti&ngs...", IDM_TOOLS_SETTINGS}};
    struct ck_gui_engine_result *r = t->data;
    char text[1024];

    if (t->generation == CK_GEN_SETTINGS_TEST) {
        ck_settings_dialog_test_done(t);
        return;
    }
    if (t->status == CK_OK && r->windows_containers) {
        ck_mainwnd_status(PART_ENGINE, "%s %s: Windows containers", r->product, r->version);
        /* one line of the bar: the CLI's sentence says the same at length */
        snprintf(text, sizeof text, "%s runs Windows containers; ContainerKitty scans Linux images. Switch it to Linux "
                 "containers (tray icon menu) or use the desktop-linux context.", r->product);
        text[0] = (char)toupper((unsigned char)text[0]);
        ck_infobar_set(CK_INFO_ENGINE, text, 1, actions, 2);
    } else if (t->status == CK_OK) {
        ck_mainwnd_status(PART_ENGINE, "%s %s (API %s)", strcmp(r->product, "Docker Desktop") ? "Docker" : r->product,
                          r->version, r->api);
        ck_infobar_set(CK_INFO_ENGINE, NULL, 0, NULL, 0);
    } else {
        ck_mainwnd_status(PART_ENGINE, "%s: not reachable", r->product[0] ? r->product : "Docker engine");
        snprintf(text, sizeof text, "%s. Images cannot be pulled until it runs.", t->err.msg);
        ck_infobar_set(CK_INFO_ENGINE, text, 1, actions, 2);
    }
    ck_mainwnd_layout();
}

/* ---- the data's state ---------------------------------------------------------- */

static const struct ck_info_action get_data[] = {{L"Do&wnload now", IDM_DB_UPDATE},
                                                 {L"&Import a file...", IDM_DB_IMPORT}};

/* "updated just now", "updated 5 min ago", "updated 3 h ago", "updated 9 days ago" */
static void format_age(int64_t seconds, char *out, size_t size)
{
    if (seconds < 120)
        snprintf(out, size, "updated just now");
    else if (seconds < 3600)
        snprintf(out, size, "updated %lld min ago", (long long)(seconds / 60));
    else if (seconds < 48 * 3600)
        snprintf(out, size, "updated %lld h ago", (long long)(seconds / 3600));
    else
        snprintf(out, size, "updated %lld days ago", (long long)(seconds / 86400));
}

static void show_unreadable(const char *why)
{
    char text[1024];
    ck_mainwnd_status(PART_DATA, "Vulnerability data: unreadable");
    snprintf(text, sizeof text, "The vulnerability database cannot be read: %s", why);
    ck_infobar_set(CK_INFO_DATA, text, 1, get_data, 2);
}

static void show_no_data(void)
{
    ck_mainwnd_status(PART_DATA, "No vulnerability data");
    ck_infobar_set(CK_INFO_DATA,
                   "No vulnerability data yet: scans find nothing without it. Download it, or import a file "
                   "on a machine without internet.",
                   1, get_data, 2);
}

/* The age shown is that of the ecosystem updated longest ago. */
static void show_records(const struct ck_gui_data_result *r)
{
    static const struct ck_info_action update[] = {{L"&Update now", IDM_DB_UPDATE}};
    char age[48];
    format_age(ck_time_now() - (r->oldest_update ? r->oldest_update : r->newest_update), age, sizeof age);
    ck_mainwnd_status(PART_DATA, "Data: %lld records, %s", (long long)r->records, age);
    if (r->stale[0])
        ck_infobar_set(CK_INFO_DATA, r->stale, 1, update, 1);
    else
        ck_infobar_set(CK_INFO_DATA, NULL, 0, NULL, 0);
}

void ck_mainwnd_data_done(struct ck_task *t)
{
    const struct ck_gui_data_result *r = t->data;
    if (t->status != CK_OK)
        show_unreadable(t->err.msg);
    else if (r->records == 0)
        show_no_data();
    else
        show_records(r);
    ck_mainwnd_layout();
}

/* ---- images that could not be assessed ------------------------------------------------ */

void ck_mainwnd_show_unassessed(void)
{
    size_t n = ck_images_table_unassessed(ck_imagesview_table());
    char text[512];

    if (!n) {
        ck_infobar_set(CK_INFO_ASSESS, NULL, 0, NULL, 0);
    } else {
        snprintf(text, sizeof text,
                 "%zu image%s could not be fully assessed: there is no vulnerability data for a part of %s (see "
                 "the State column). Download it, then scan again.",
                 n, n == 1 ? "" : "s", n == 1 ? "it" : "them");
        ck_infobar_set(CK_INFO_ASSESS, text, 1, get_data, 2);
    }
    ck_mainwnd_layout();
}

/* ---- update and import ----------------------------------------------------------- */

void ck_mainwnd_update_data(void)
{
    if (ck_task_running_kind(CK_TASK_DB_UPDATE))
        return;
    if (!ck_start_db_update(g_main.hwnd)) {
        ck_mainwnd_status(PART_MESSAGE, "The update could not start.");
        return;
    }
    ck_mainwnd_status(PART_MESSAGE, "Updating the vulnerability data...");
    ck_mainwnd_progress(0, 0);
    ck_mainwnd_update_commands();
}

void ck_mainwnd_import_data(void)
{
    char *path = ck_pick_open(g_main.hwnd, L"Import vulnerability data",
                              L"OSV records (*.zip;*.json)\0*.zip;*.json\0All files (*.*)\0*.*\0", NULL);
    if (!path)
        return;
    if (ck_start_db_import(g_main.hwnd, path)) {
        ck_mainwnd_status(PART_MESSAGE, "Importing %s...", path);
        ck_mainwnd_progress(0, 0);
    }
    free(path);
    ck_mainwnd_update_commands();
}

static void update_done(const struct ck_task *t)
{
    const struct ck_gui_update_result *r = t->data;
    if (t->status == CK_OK)
        ck_mainwnd_status(PART_MESSAGE, "Vulnerability data: %s.", r->summary);
    else
        ck_mainwnd_status(PART_MESSAGE, "The update failed, the data is as before: %s", t->err.msg);
}

static void import_done(const struct ck_task *t)
{
    const struct ck_gui_import_result *r = t->data;
    if (t->status == CK_OK) {
        ck_mainwnd_status(PART_MESSAGE, "Imported: %zu new, %zu replaced, %zu unchanged, %zu unusable records.",
                          r->added, r->replaced, r->unchanged, r->failed);
        ck_log(CK_LOG_SUCCESS, "%s", ck_mainwnd_status_text(PART_MESSAGE));
    } else {
        ck_mainwnd_status(PART_MESSAGE, "The import failed, the data is as before: %s", t->err.msg);
        ck_log(CK_LOG_ERROR, "%s", t->err.msg);
    }
}

void ck_mainwnd_data_task_done(struct ck_task *t)
{
    ck_mainwnd_progress(0, -1);
    if (t->kind == CK_TASK_DB_UPDATE)
        update_done(t);
    else
        import_done(t);
    if (t->status == CK_OK && g_settings.rematch_after_update)
        ck_mainwnd_rematch_after_update();
    ck_start_data_check(g_main.hwnd);
    ck_mainwnd_update_commands();
}
