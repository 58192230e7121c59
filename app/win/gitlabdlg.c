/* The GitLab source dialog (see dialogs.h). The token is kept only when
 * "Remember" is ticked, in the Windows Credential Manager, under a target
 * named after the GitLab URL. */
#include "win/dialogs.h"

#include <stdlib.h>
#include <string.h>

#include "platform/credstore.h"
#include "platform/secret.h"
#include "resource.h"
#include "win/settings.h"

static const int scope_ids[] = {IDC_GL_SCOPE_USER, IDC_GL_SCOPE_GROUP, IDC_GL_SCOPE_PROJECT};

/* Fills the token from the Credential Manager when one was remembered for url. */
static void recall_token(HWND dlg, const char *url)
{
    char *target, *user = NULL, *secret = NULL;
    if (!url || !*url || !(target = ck_secret_target("gitlab", url)))
        return;
    if (ck_credstore_read(target, &user, &secret, NULL) == CK_OK) {
        ck_dlg_set_text(dlg, IDC_GL_TOKEN, secret);
        CheckDlgButton(dlg, IDC_GL_REMEMBER, BST_CHECKED);
        memset(secret, 0, strlen(secret));
    }
    free(user);
    free(secret);
    free(target);
}

static void fill(HWND dlg)
{
    int scope = g_settings.gitlab_scope >= 0 && g_settings.gitlab_scope < 3 ? g_settings.gitlab_scope : 1;
    ck_dlg_set_text(dlg, IDC_GL_URL, g_settings.gitlab_url);
    CheckRadioButton(dlg, IDC_GL_SCOPE_USER, IDC_GL_SCOPE_PROJECT, scope_ids[scope]);
    ck_dlg_set_text(dlg, IDC_GL_ID, g_settings.gitlab_id);
    ck_dlg_policy_combo(dlg, IDC_GL_POLICY, g_settings.gitlab_policy);
    SendDlgItemMessageW(dlg, IDC_GL_URL, EM_SETCUEBANNER, TRUE, (LPARAM)L"https://gitlab.example.com");
    SendDlgItemMessageW(dlg, IDC_GL_ID, EM_SETCUEBANNER, TRUE, (LPARAM)L"group/subgroup, a user name, or a number");
    if (g_settings.gitlab_remember)
        recall_token(dlg, g_settings.gitlab_url);
}

static BOOL take(HWND dlg, struct ck_gui_list_result *out)
{
    char *target;
    int i, scope = 1;
    struct ck_err err;

    for (i = 0; i < 3; i++)
        if (IsDlgButtonChecked(dlg, scope_ids[i]) == BST_CHECKED)
            scope = i;
    memset(out, 0, sizeof *out);
    out->source = CK_LIST_GITLAB;
    out->where = ck_dlg_text(dlg, IDC_GL_URL);
    out->id = ck_dlg_text(dlg, IDC_GL_ID);
    out->secret = ck_dlg_text(dlg, IDC_GL_TOKEN);
    out->policy = ck_dlg_text(dlg, IDC_GL_POLICY);
    out->scope = scope;
    if (!out->where || !*out->where || !out->id || !*out->id) {
        ck_gui_message(dlg, MB_ICONINFORMATION, "Enter the GitLab URL and the user, group or project to list.");
        SetFocus(GetDlgItem(dlg, out->where && *out->where ? IDC_GL_ID : IDC_GL_URL));
        free(out->where);
        free(out->id);
        free(out->secret);
        free(out->policy);
        memset(out, 0, sizeof *out);
        return FALSE;
    }
    ck_settings_set(&g_settings.gitlab_url, out->where);
    ck_settings_set(&g_settings.gitlab_id, out->id);
    ck_settings_set(&g_settings.gitlab_policy, out->policy);
    g_settings.gitlab_scope = scope;
    g_settings.gitlab_remember = IsDlgButtonChecked(dlg, IDC_GL_REMEMBER) == BST_CHECKED;
    target = ck_secret_target("gitlab", out->where);
    if (target) {
        ck_err_clear(&err);
        if (g_settings.gitlab_remember && out->secret && *out->secret) {
            if (ck_secret_write(target, "token", out->secret, &err) != CK_OK)
                ck_gui_message(dlg, MB_ICONWARNING, "The token could not be remembered: %s", err.msg);
        } else {
            ck_secret_delete(target, NULL); /* not ticked: nothing stays behind */
        }
        free(target);
    }
    ck_settings_save();
    return TRUE;
}

BOOL ck_gui_gitlab_dialog(HWND owner, struct ck_gui_list_result *out)
{
    static const struct ck_list_form form = {IDD_GITLAB, fill, take, NULL};
    return ck_list_form_run(owner, &form, out);
}
