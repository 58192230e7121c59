/* The settings dialog (see dialogs.h). */
#include "win/dialogs.h"

#include <stdio.h>
#include <stdlib.h>

#include "resource.h"
#include "store/history.h"
#include "store/needed.h"
#include "util/buf.h"
#include "job/job.h"
#include "win/settings.h"

static HWND g_dlg;

/* The ecosystems the images in the history need, one a line with how many
 * images need each. One query on the history (WAL: it does not wait for a
 * scan that is writing). */
static void fill_needed(HWND dlg)
{
    struct ck_needed_ecosystem *list = NULL;
    struct ck_history *h = NULL;
    struct ck_err err;
    struct ck_buf b;
    char *path = ck_history_default_path(), *text;
    size_t i, n = 0;
    enum ck_status st = CK_ERR_NOTFOUND;

    ck_buf_init(&b);
    if (path && ck_file_exists(path) && (st = ck_history_open(path, &h, &err)) == CK_OK)
        st = ck_history_needed_ecosystems(h, &list, &n, &err);
    ck_history_close(h);
    free(path);
    for (i = 0; st == CK_OK && i < n; i++)
        ck_buf_printf(&b, "%s%s: %llu image%s", i ? "\r\n" : "", list[i].name, (unsigned long long)list[i].images,
                      list[i].images == 1 ? "" : "s");
    if (st == CK_OK && !n)
        ck_buf_printf(&b, "No image scanned yet: the extra ecosystems above are downloaded.");
    else if (st == CK_ERR_NOTFOUND)
        ck_buf_printf(&b, "No scan history yet: the extra ecosystems above are downloaded.");
    else if (st != CK_OK)
        ck_buf_printf(&b, "%s", err.msg);
    ck_needed_ecosystems_free(list, n);
    text = ck_buf_take(&b);
    ck_dlg_set_text(dlg, IDC_SET_NEEDED, text ? text : "");
    free(text);
}

/* In the order of enum ck_pull_policy. */
static void fill_pull(HWND dlg)
{
    static const wchar_t *const choices[] = {
        L"Always (the registry's newest; the local copy, with a warning, when the pull fails)",
        L"Only images Docker does not have", L"Never: scan what Docker has"};
    size_t i;
    for (i = 0; i < sizeof choices / sizeof choices[0]; i++)
        SendDlgItemMessageW(dlg, IDC_SET_PULL, CB_ADDSTRING, 0, (LPARAM)choices[i]);
    SendDlgItemMessageW(dlg, IDC_SET_PULL, CB_SETCURSEL,
                        g_settings.pull_policy >= 0 && g_settings.pull_policy <= CK_PULL_NEVER ? g_settings.pull_policy : 0, 0);
}

static void fill(HWND dlg)
{
    ck_dlg_set_text(dlg, IDC_SET_HOST, g_settings.docker_host);
    SendDlgItemMessageW(dlg, IDC_SET_PARALLEL_SPIN, UDM_SETRANGE32, 1, 8);
    SendDlgItemMessageW(dlg, IDC_SET_PARALLEL_SPIN, UDM_SETPOS32, 0, g_settings.parallel);
    ck_dlg_set_text(dlg, IDC_SET_REPORT_DIR, g_settings.report_dir);
    CheckDlgButton(dlg, IDC_SET_OS_ONLY, g_settings.os_only ? BST_CHECKED : BST_UNCHECKED);
    fill_pull(dlg);
    CheckDlgButton(dlg, IDC_SET_REMOVE_PULLED, g_settings.remove_pulled ? BST_CHECKED : BST_UNCHECKED);
    CheckDlgButton(dlg, IDC_SET_REMATCH, g_settings.rematch_after_update ? BST_CHECKED : BST_UNCHECKED);
    ck_dlg_set_text(dlg, IDC_SET_DB_PATH, g_settings.vulndb_path);
    SendDlgItemMessageW(dlg, IDC_SET_MAX_AGE_SPIN, UDM_SETRANGE32, 1, 365);
    SendDlgItemMessageW(dlg, IDC_SET_MAX_AGE_SPIN, UDM_SETPOS32, 0, g_settings.max_age_days);
    SendDlgItemMessageW(dlg, IDC_SET_EXPIRING_SPIN, UDM_SETRANGE32, 1, 365);
    SendDlgItemMessageW(dlg, IDC_SET_EXPIRING_SPIN, UDM_SETPOS32, 0, g_settings.expiring_days);
    ck_dlg_set_text(dlg, IDC_SET_DATA_URL, g_settings.data_url);
    ck_dlg_set_text(dlg, IDC_SET_ECOSYSTEMS, g_settings.ecosystems);
    CheckDlgButton(dlg, IDC_SET_ALL_RELEASES, g_settings.all_releases ? BST_CHECKED : BST_UNCHECKED);
    fill_needed(dlg);
    ck_dlg_set_text(dlg, IDC_SET_TEST_RESULT, "");
    SendDlgItemMessageW(dlg, IDC_SET_HOST, EM_SETCUEBANNER, TRUE, (LPARAM)L"npipe:////./pipe/docker_engine");
    SendDlgItemMessageW(dlg, IDC_SET_DB_PATH, EM_SETCUEBANNER, TRUE, (LPARAM)L"(default: in the data folder)");
    SendDlgItemMessageW(dlg, IDC_SET_REPORT_DIR, EM_SETCUEBANNER, TRUE, (LPARAM)L"(none: no per-image files)");
    SendDlgItemMessageW(dlg, IDC_SET_DATA_URL, EM_SETCUEBANNER, TRUE,
                        (LPARAM)L"https://osv-vulnerabilities.storage.googleapis.com");
}

static int number(HWND dlg, int spin, int lo, int hi)
{
    BOOL bad = FALSE;
    int v = (int)SendDlgItemMessageW(dlg, spin, UDM_GETPOS32, 0, (LPARAM)&bad);
    return bad || v < lo ? lo : v > hi ? hi : v;
}

static void take_text(HWND dlg, int id, char **field)
{
    char *text = ck_dlg_text(dlg, id);
    if (text)
        ck_settings_set(field, text);
    free(text);
}

static void store(HWND dlg)
{
    take_text(dlg, IDC_SET_HOST, &g_settings.docker_host);
    g_settings.parallel = number(dlg, IDC_SET_PARALLEL_SPIN, 1, 8);
    take_text(dlg, IDC_SET_REPORT_DIR, &g_settings.report_dir);
    g_settings.os_only = IsDlgButtonChecked(dlg, IDC_SET_OS_ONLY) == BST_CHECKED;
    g_settings.pull_policy = (int)SendDlgItemMessageW(dlg, IDC_SET_PULL, CB_GETCURSEL, 0, 0);
    if (g_settings.pull_policy < 0 || g_settings.pull_policy > CK_PULL_NEVER)
        g_settings.pull_policy = CK_PULL_ALWAYS;
    g_settings.remove_pulled = IsDlgButtonChecked(dlg, IDC_SET_REMOVE_PULLED) == BST_CHECKED;
    g_settings.rematch_after_update = IsDlgButtonChecked(dlg, IDC_SET_REMATCH) == BST_CHECKED;
    take_text(dlg, IDC_SET_DB_PATH, &g_settings.vulndb_path);
    g_settings.max_age_days = number(dlg, IDC_SET_MAX_AGE_SPIN, 1, 365);
    g_settings.expiring_days = number(dlg, IDC_SET_EXPIRING_SPIN, 1, 365);
    take_text(dlg, IDC_SET_DATA_URL, &g_settings.data_url);
    take_text(dlg, IDC_SET_ECOSYSTEMS, &g_settings.ecosystems);
    g_settings.all_releases = IsDlgButtonChecked(dlg, IDC_SET_ALL_RELEASES) == BST_CHECKED;
    ck_settings_save();
}

static void test_connection(HWND dlg)
{
    char *host = ck_dlg_text(dlg, IDC_SET_HOST);
    if (ck_start_engine_check(GetWindow(dlg, GW_OWNER), CK_GEN_SETTINGS_TEST, host ? host : ""))
        ck_dlg_set_text(dlg, IDC_SET_TEST_RESULT, "Testing...");
    free(host);
}

void ck_settings_dialog_test_done(const struct ck_task *t)
{
    const struct ck_gui_engine_result *r = t->data;
    char text[768];
    if (!g_dlg)
        return;
    if (t->status == CK_OK)
        snprintf(text, sizeof text, "Connected: %s %s (API %s, %s) at %s.", r->product, r->version, r->api, r->os,
                 r->address);
    else
        snprintf(text, sizeof text, "%s", t->err.msg);
    ck_dlg_set_text(g_dlg, IDC_SET_TEST_RESULT, text);
}

static void browse(HWND dlg, int id, int folder)
{
    char *current = ck_dlg_text(dlg, id);
    char *path = folder ? ck_pick_folder(dlg, L"Folder for the per-image JSON results", current)
                        : ck_pick_save(dlg, L"Vulnerability database file", L"Database (*.db)\0*.db\0", L"db",
                                       "vulns.db", NULL);
    free(current);
    if (path)
        ck_dlg_set_text(dlg, id, path);
    free(path);
}

static INT_PTR CALLBACK settings_proc(HWND dlg, UINT msg, WPARAM wp, LPARAM lp)
{
    (void)lp;
    switch (msg) {
    case WM_INITDIALOG:
        g_dlg = dlg;
        fill(dlg);
        return TRUE;
    case WM_COMMAND:
        switch (LOWORD(wp)) {
        case IDC_SET_TEST:
            test_connection(dlg);
            return TRUE;
        case IDC_SET_REPORT_BROWSE:
            browse(dlg, IDC_SET_REPORT_DIR, 1);
            return TRUE;
        case IDC_SET_DB_BROWSE:
            browse(dlg, IDC_SET_DB_PATH, 0);
            return TRUE;
        case IDOK:
            store(dlg);
            EndDialog(dlg, IDOK);
            return TRUE;
        case IDCANCEL:
            EndDialog(dlg, IDCANCEL);
            return TRUE;
        }
        break;
    case WM_DESTROY:
        g_dlg = NULL;
        break;
    }
    return FALSE;
}

BOOL ck_settings_dialog(HWND owner)
{
    return DialogBoxW(g_instance, MAKEINTRESOURCEW(IDD_SETTINGS), owner, settings_proc) == IDOK;
}
