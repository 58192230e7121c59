/* What the files of the main window share. The window itself (mainwnd.c)
 * holds the child windows; the others each keep the state of what they
 * handle:
 *   commands.c     the menu, toolbar and accelerator commands, and when
 *                  each is available
 *   statusbar.c    the status bar's texts and the progress bar in it
 *   taskmsgs.c     the workers' messages: a task's end and its events
 *   imagelists.c   image lists from a file, GitLab, a registry or the
 *                  engine, and the history's images read into the list
 *   scanning.c     the running scan: its start, its job's events, its end
 *   imagedetail.c  what the findings, history, packages and unmanaged tabs
 *                  show of the current image: its scans, a scan's findings,
 *                  a comparison, a scan's packages and unmanaged files
 *   datastatus.c   the engine's and the vulnerability data's state, and
 *                  the data's update and import
 *   exportcsv.c    the CSV export
 * Only the main window's files include this header. */
#ifndef CK_MAINWND_H
#define CK_MAINWND_H

#include "win/gui.h"
#include "win/splitter.h"
#include "win/tasks.h"

/* Control ids of the window's children. */
enum {
    ID_TOOLBAR = 10,
    ID_INFOBAR,
    ID_IMAGES,
    ID_TABS,
    ID_FINDINGS,
    ID_HISTORY,
    ID_LOG,
    ID_STATUS,
    ID_PROGRESS,
    ID_PACKAGES,
    ID_UNMANAGED
};
/* The tabs in their order, which Ctrl+1 ... Ctrl+5 follow. */
enum { TAB_FINDINGS = 0, TAB_HISTORY, TAB_PACKAGES, TAB_UNMANAGED, TAB_LOG, TAB_COUNT };
/* The status bar's parts, left to right. */
enum { PART_MESSAGE = 0, PART_ENGINE, PART_DATA, PART_PROGRESS, PART_COUNT };
enum { TIMER_SELECT = 1, TIMER_AUTOMATION, TIMER_AUTOMATION_TICK, TIMER_CLOSE_LIMIT };

struct ck_mainwnd {
    HWND hwnd, toolbar, infobar, images, tabs, panels[TAB_COUNT], status, progress;
    HFONT font;
    int dpi;
    int split96;               /* the images' height at 96 DPI */
    struct ck_splitter split;  /* between the images and the tabs */
    wchar_t *automation;       /* the --automation file, NULL without */
    int closing;               /* closing once the tasks have ended */
    HWND last_focus;           /* the control that had the focus when the window was left */
    int placing;               /* the saved placement is being restored */
};

extern struct ck_mainwnd g_main;

/* ---- mainwnd.c ----------------------------------------------------------- */
void ck_mainwnd_layout(void);
void ck_mainwnd_show_tab(int tab);
/* Writes the automation file soon (when there is one). */
void ck_mainwnd_schedule_automation(void);

/* ---- statusbar.c --------------------------------------------------------- */
void ck_mainwnd_status(int part, const char *fmt, ...) CK_PRINTF(2, 3);
const char *ck_mainwnd_status_text(int part);
/* Lays out the parts and the progress bar after the window's size changed. */
void ck_mainwnd_layout_status(void);
/* A determinate progress (total > 0), a marquee (total == 0), or none
 * (total < 0). */
void ck_mainwnd_progress(long long done, long long total);

/* ---- commands.c ---------------------------------------------------------- */
void ck_mainwnd_command(WORD id);
/* A panel's CKN_SELCHANGE or CKN_ACTIVATE. */
void ck_mainwnd_panel_command(WORD id, WORD code);
/* Enables the menu items and buttons of what can be done now. */
void ck_mainwnd_update_commands(void);

/* ---- taskmsgs.c ---------------------------------------------------------- */
/* WM_CK_TASK_DONE: the task is freed here. */
void ck_mainwnd_task_done(struct ck_task *t);
/* WM_CK_TASK_EVENT: the event is freed here. */
void ck_mainwnd_task_event(struct ck_task *t, struct ck_task_event *ev);

/* ---- imagelists.c -------------------------------------------------------- */
/* Starts building the list req asks for (its strings move into the task);
 * what: the status bar's text meanwhile. */
void ck_mainwnd_start_list(struct ck_gui_list_result *req, const char *what);
void ck_mainwnd_open_list_file(void);
void ck_mainwnd_list_local(void);
void ck_mainwnd_list_done(struct ck_task *t);
/* 1 when the local engine's list (List > Local) named the image in this session. */
int ck_mainwnd_listed_locally(const char *repository, const char *tag);
/* Adds the named images (moved in; may be none) to the history and reads
 * every image again. */
void ck_mainwnd_read_images(struct ck_gui_image_name *add, size_t n);
void ck_mainwnd_images_done(struct ck_task *t);
/* From the process's start to the first paint with the images, -1 before. */
long ck_mainwnd_first_paint_ms(void);

/* ---- scanning.c ---------------------------------------------------------- */
/* Scans every listed image (all) or the selected ones. */
void ck_mainwnd_start_scan(int all, int read_again);
BOOL ck_mainwnd_scanning(void);
/* The running scan's task, NULL when none. */
const struct ck_task *ck_mainwnd_scan_task(void);
void ck_mainwnd_job_event(const struct ck_task_event *ev);
void ck_mainwnd_scan_done(struct ck_task *t);

/* ---- imagedetail.c ------------------------------------------------------- */
/* The current image changed: reads its scans and latest findings. */
void ck_mainwnd_load_detail(void);
void ck_mainwnd_detail_done(struct ck_task *t);
/* The selection of the history tab changed. */
void ck_mainwnd_history_selection(void);
void ck_mainwnd_findings_done(struct ck_task *t);
/* Compares the two chosen scans, or the two newest successful ones. */
void ck_mainwnd_compare_scans(void);
void ck_mainwnd_compare_done(struct ck_task *t);
/* A tab was shown: the packages and unmanaged tabs read the scan's
 * inventory when they are first shown for it. */
void ck_mainwnd_tab_shown(int tab);
void ck_mainwnd_inventory_done(struct ck_task *t);
/* The tabs show repository:tag. */
BOOL ck_mainwnd_is_shown(const char *repository, const char *tag);
/* The image whose findings are shown (copies, malloc'd); FALSE when none. */
BOOL ck_mainwnd_shown_image(char **repository, char **tag);
/* Edit > Triage (Ctrl+T, the findings' context menu): the Triage dialog for
 * the selected findings (triage.c). */
void ck_mainwnd_triage(void);
/* The findings' context menu at a screen point (x, y = -1: under the
 * focused finding). */
void ck_mainwnd_findings_menu(int x, int y);
/* View > Decisions expiring soon. */
void ck_mainwnd_expiring(void);
/* changes.c: View > What changed (the last data update's re-match or scan
 * job's changes, else the last 24 hours); the re-match a data update starts;
 * what a scan job that began at job_started changed. */
void ck_mainwnd_what_changed(void);
void ck_mainwnd_rematch_after_update(void);
void ck_mainwnd_changes_after_scan(int64_t job_started);
void ck_mainwnd_changes_done(struct ck_task *t);
/* Successful scans of the image shown. */
int ck_mainwnd_detail_scans(void);
void ck_mainwnd_forget_shown(void);

/* ---- datastatus.c -------------------------------------------------------- */
void ck_mainwnd_check_engine(void);
void ck_mainwnd_engine_done(struct ck_task *t);
void ck_mainwnd_data_done(struct ck_task *t);
void ck_mainwnd_update_data(void);
void ck_mainwnd_import_data(void);
/* The end of an update or an import. */
void ck_mainwnd_data_task_done(struct ck_task *t);
/* The information bar's offer for images whose latest scan could not be
 * assessed (no vulnerability data for a part of them), from the images list. */
void ck_mainwnd_show_unassessed(void);

/* ---- exportcsv.c --------------------------------------------------------- */
void ck_mainwnd_export_csv(void);
void ck_mainwnd_export_done(struct ck_task *t);

#endif
