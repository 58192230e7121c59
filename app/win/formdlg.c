/* The dialogs that fill a list request and close on OK or Cancel share one
 * dialog procedure; each supplies how it fills its controls and how it
 * takes them back (see dialogs.h). */
#include "win/dialogs.h"

struct form {
    const struct ck_list_form *form;
    struct ck_gui_list_result *out;
};

static INT_PTR CALLBACK form_proc(HWND dlg, UINT msg, WPARAM wp, LPARAM lp)
{
    struct form *f = (struct form *)GetWindowLongPtrW(dlg, DWLP_USER);

    switch (msg) {
    case WM_INITDIALOG:
        SetWindowLongPtrW(dlg, DWLP_USER, lp);
        ((struct form *)lp)->form->fill(dlg);
        return TRUE;
    case WM_COMMAND:
        if (LOWORD(wp) == IDOK) {
            /* take() says what is wrong and keeps the dialog open. */
            if (f->form->take(dlg, f->out))
                EndDialog(dlg, IDOK);
            return TRUE;
        }
        if (LOWORD(wp) == IDCANCEL) {
            EndDialog(dlg, IDCANCEL);
            return TRUE;
        }
        return f->form->command && f->form->command(dlg, LOWORD(wp));
    }
    return FALSE;
}

BOOL ck_list_form_run(HWND owner, const struct ck_list_form *form, struct ck_gui_list_result *out)
{
    struct form f = {form, out};
    return DialogBoxParamW(g_instance, MAKEINTRESOURCEW(form->dialog_id), owner, form_proc, (LPARAM)&f) == IDOK;
}
