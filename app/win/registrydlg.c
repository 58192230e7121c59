/* The registry source dialog (see dialogs.h). The password is never kept. */
#include "win/dialogs.h"

#include <stdlib.h>
#include <string.h>

#include "resource.h"
#include "win/settings.h"

static void fill(HWND dlg)
{
    ck_dlg_set_text(dlg, IDC_RG_URL, g_settings.registry_url);
    CheckDlgButton(dlg, IDC_RG_DOCKER_CREDS, g_settings.registry_docker_creds ? BST_CHECKED : BST_UNCHECKED);
    ck_dlg_set_text(dlg, IDC_RG_USER, g_settings.registry_user);
    ck_dlg_policy_combo(dlg, IDC_RG_POLICY, g_settings.registry_policy);
    SendDlgItemMessageW(dlg, IDC_RG_URL, EM_SETCUEBANNER, TRUE, (LPARAM)L"https://registry.example.com");
}

static BOOL take(HWND dlg, struct ck_gui_list_result *out)
{
    memset(out, 0, sizeof *out);
    out->source = CK_LIST_REGISTRY;
    out->where = ck_dlg_text(dlg, IDC_RG_URL);
    out->user = ck_dlg_text(dlg, IDC_RG_USER);
    out->secret = ck_dlg_text(dlg, IDC_RG_PASSWORD);
    out->policy = ck_dlg_text(dlg, IDC_RG_POLICY);
    out->docker_credentials = IsDlgButtonChecked(dlg, IDC_RG_DOCKER_CREDS) == BST_CHECKED;
    if (!out->where || !*out->where) {
        ck_gui_message(dlg, MB_ICONINFORMATION, "Enter the registry's URL, such as https://registry.example.com.");
        SetFocus(GetDlgItem(dlg, IDC_RG_URL));
        free(out->where);
        free(out->user);
        if (out->secret)
            memset(out->secret, 0, strlen(out->secret));
        free(out->secret);
        free(out->policy);
        memset(out, 0, sizeof *out);
        return FALSE;
    }
    ck_settings_set(&g_settings.registry_url, out->where);
    ck_settings_set(&g_settings.registry_user, out->user);
    ck_settings_set(&g_settings.registry_policy, out->policy);
    g_settings.registry_docker_creds = out->docker_credentials;
    ck_settings_save();
    return TRUE;
}

BOOL ck_gui_registry_dialog(HWND owner, struct ck_gui_list_result *out)
{
    static const struct ck_list_form form = {IDD_REGISTRY, fill, take, NULL};
    return ck_list_form_run(owner, &form, out);
}
