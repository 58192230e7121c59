/* The "Add an image, archive or folder" dialog (see dialogs.h). */
#include "win/dialogs.h"

#include <stdlib.h>
#include <string.h>

#include "resource.h"

/* Blanks around a pasted reference or path are not part of it. */
static void trim(char *s)
{
    size_t n, start = 0;
    if (!s)
        return;
    n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    while (s[start] == ' ' || s[start] == '\t')
        start++;
    memmove(s, s + start, n - start + 1);
}

static void fill(HWND dlg)
{
    SendDlgItemMessageW(dlg, IDC_TG_TEXT, EM_SETCUEBANNER, TRUE,
                        (LPARAM)L"debian:12, C:\\images\\app.tar or C:\\rootfs");
}

static BOOL take(HWND dlg, struct ck_gui_list_result *out)
{
    memset(out, 0, sizeof *out);
    out->source = CK_LIST_TARGET;
    out->where = ck_dlg_text(dlg, IDC_TG_TEXT);
    trim(out->where);
    if (out->where && *out->where)
        return TRUE;
    free(out->where);
    out->where = NULL;
    SetFocus(GetDlgItem(dlg, IDC_TG_TEXT));
    return FALSE;
}

/* The archive and folder buttons put the chosen path in the text box. */
static BOOL browse(HWND dlg, WORD id)
{
    char *path, *current = ck_dlg_text(dlg, IDC_TG_TEXT);
    if (id == IDC_TG_FILE)
        path = ck_pick_open(dlg, L"Image archive", L"Image archives (*.tar)\0*.tar\0All files (*.*)\0*.*\0", NULL);
    else if (id == IDC_TG_FOLDER)
        path = ck_pick_folder(dlg, L"Root folder of an image's file system", current);
    else
        path = NULL;
    free(current);
    if (id != IDC_TG_FILE && id != IDC_TG_FOLDER)
        return FALSE;
    if (path)
        ck_dlg_set_text(dlg, IDC_TG_TEXT, path);
    free(path);
    return TRUE;
}

BOOL ck_gui_target_dialog(HWND owner, struct ck_gui_list_result *out)
{
    static const struct ck_list_form form = {IDD_TARGET, fill, take, browse};
    return ck_list_form_run(owner, &form, out);
}
