/* The application's dialogs and file pickers. Each dialog returns TRUE when
 * the user confirmed it. */
#ifndef CK_DIALOGS_H
#define CK_DIALOGS_H

#include "win/gui.h"
#include "win/tasks.h"

/* settingsdlg.c: edits g_settings and saves them. The engine test runs as a
 * task notifying owner, which passes the result back with
 * ck_settings_dialog_test_done. */
BOOL ck_settings_dialog(HWND owner);
/* Generation of the settings dialog's engine tests. */
#define CK_GEN_SETTINGS_TEST 0x5e77u
void ck_settings_dialog_test_done(const struct ck_task *t);

/* gitlabdlg.c, registrydlg.c, targetdlg.c: fill a list request (strings
 * heap-owned by *out, for ck_start_list). */
BOOL ck_gui_gitlab_dialog(HWND owner, struct ck_gui_list_result *out);
BOOL ck_gui_registry_dialog(HWND owner, struct ck_gui_list_result *out);
BOOL ck_gui_target_dialog(HWND owner, struct ck_gui_list_result *out);
/* formdlg.c: a dialog that fills a list request: fill() at its start,
 * take() on OK (a FALSE from take keeps the dialog open, it says what is
 * wrong), command() for its other buttons (may be NULL; TRUE when it
 * handled id). ck_list_form_run is TRUE when the dialog was confirmed. */
struct ck_list_form {
    int dialog_id;
    void (*fill)(HWND dlg);
    BOOL (*take)(HWND dlg, struct ck_gui_list_result *out);
    BOOL (*command)(HWND dlg, WORD id);
};
BOOL ck_list_form_run(HWND owner, const struct ck_list_form *form, struct ck_gui_list_result *out);

/* triagedlg.c: the Triage dialog for the findings picked on the findings
 * list (findingsview.h) of the image repository:tag; the decisions it
 * recorded (0: cancelled). */
struct ck_triage_picks;
int ck_triage_dialog(HWND owner, struct ck_triage_picks *picks, const char *repository, const char *tag);
/* expiringdlg.c: the decisions in effect that expire within days. */
void ck_expiring_dialog(HWND owner, int days);
/* changesdlg.c: View > What changed, for changes since the moment since_what names. */
struct ck_changes;
void ck_changes_dialog(HWND owner, const struct ck_changes *changes, const char *since_what);

/* filepick.c: UTF-8 paths, malloc'd; NULL when cancelled. filter is a
 * GetOpenFileName filter ("Text files\0*.txt\0All files\0*.*\0"). save
 * pickers report which filter was chosen (1-based) in *chosen (may be NULL). */
char *ck_pick_open(HWND owner, const wchar_t *title, const wchar_t *filter, const char *folder);
char *ck_pick_save(HWND owner, const wchar_t *title, const wchar_t *filter, const wchar_t *def_ext,
                   const char *name, int *chosen);
/* folder: where the picker starts (may be NULL). */
char *ck_pick_folder(HWND owner, const wchar_t *title, const char *folder);

/* Helpers for dialog code: the text of a control as UTF-8 (malloc'd). */
char *ck_dlg_text(HWND dlg, int id);
void ck_dlg_set_text(HWND dlg, int id, const char *utf8);
/* Fills a tag policy combo box with the usual choices and sets its text. */
void ck_dlg_policy_combo(HWND dlg, int id, const char *current);

#endif
