/* The "Add an image, archive or folder" dialog (see dialogs.h). */
#include "dialogs.h"

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

static INT_PTR CALLBACK target_proc(HWND dlg, UINT msg, WPARAM wp, LPARAM lp)
{
    struct ck_list_result *out;
    char *path;

    switch (msg) {
    case WM_INITDIALOG:
        SetWindowLongPtrW(dlg, DWLP_USER, lp);
        SendDlgItemMessageW(dlg, IDC_TG_TEXT, EM_SETCUEBANNER, TRUE,
                            (LPARAM)L"debian:12, C:\\images\\app.tar or C:\\rootfs");
        return TRUE;
    case WM_COMMAND:
        switch (LOWORD(wp)) {
        case IDC_TG_FILE:
            path = ck_pick_open(dlg, L"Image archive",
                                L"Image archives (*.tar)\0*.tar\0All files (*.*)\0*.*\0", NULL);
            if (path)
                ck_dlg_set_text(dlg, IDC_TG_TEXT, path);
            free(path);
            return TRUE;
        case IDC_TG_FOLDER:
            path = ck_pick_folder(dlg, L"Root folder of an image's file system");
            if (path)
                ck_dlg_set_text(dlg, IDC_TG_TEXT, path);
            free(path);
            return TRUE;
        case IDOK:
            out = (struct ck_list_result *)GetWindowLongPtrW(dlg, DWLP_USER);
            memset(out, 0, sizeof *out);
            out->source = CK_LIST_TARGET;
            out->where = ck_dlg_text(dlg, IDC_TG_TEXT);
            trim(out->where);
            if (!out->where || !*out->where) {
                free(out->where);
                out->where = NULL;
                SetFocus(GetDlgItem(dlg, IDC_TG_TEXT));
                return TRUE;
            }
            EndDialog(dlg, IDOK);
            return TRUE;
        case IDCANCEL:
            EndDialog(dlg, IDCANCEL);
            return TRUE;
        }
        break;
    }
    return FALSE;
}

BOOL ck_gui_target_dialog(HWND owner, struct ck_list_result *out)
{
    return DialogBoxParamW(g_instance, MAKEINTRESOURCEW(IDD_TARGET), owner, target_proc, (LPARAM)out) == IDOK;
}
