/* Shared declarations of the GUI (every HWND lives in app/win/).
 *
 * The UI thread owns every window. Work that can take time (history reads,
 * scans, downloads, exports) runs as a task on a worker thread (worker.c);
 * a worker never touches a window: it posts WM_CK_* messages whose heap
 * payload the receiver frees (the sender frees it when the post fails). */
#ifndef CK_GUI_H
#define CK_GUI_H

#include <windows.h>
#include <commctrl.h>
#include <stdint.h>
#include <stdio.h>

#include "platform/platform.h"
#include "util/log.h"
#include "util/status.h"

#define CK_MAIN_CLASS L"ContainerKittyMain"
#define CK_MAIN_TITLE L"ContainerKitty"

extern HINSTANCE g_instance;

/* ---- messages ------------------------------------------------------------
 * WM_CK_TASK_DONE   lParam: struct ck_task * that finished (exactly one per
 *                   task); the receiver reads it and calls ck_task_free.
 * WM_CK_TASK_EVENT  wParam: the struct ck_task * still running (events come
 *                   before its done); lParam: struct ck_task_event *, freed
 *                   by the receiver with ck_task_event_free.
 * WM_CK_LOG         lParam: struct ck_gui_log_line *, a line of the log sink;
 *                   the receiver frees it (free()).
 * WM_CK_AUTOMATION  writes the automation file now (diagnostics, see
 *                   automation.c). */
#define WM_CK_TASK_DONE (WM_APP + 1)
#define WM_CK_TASK_EVENT (WM_APP + 2)
#define WM_CK_LOG (WM_APP + 3)
#define WM_CK_AUTOMATION (WM_APP + 4)

/* Notification codes panels send their parent in WM_COMMAND
 * (MAKEWPARAM(control id, code), lParam = panel). */
#define CKN_SELCHANGE 0x7001 /* the selection changed */
#define CKN_ACTIVATE 0x7002  /* Enter or double click on an item */

struct ck_gui_log_line {
    enum ck_log_level level;
    char text[1]; /* NUL-terminated, allocated to its length */
};

/* ---- dpi.c: layout constants are written at 96 DPI and scaled ------------ */
int ck_dpi_of(HWND hwnd);
int ck_dpi_scale(int value96, int dpi);
int ck_dpi_unscale(int value, int dpi);
/* The system's message font at this DPI; the caller deletes it. */
HFONT ck_dpi_message_font(int dpi);
/* GetSystemMetricsForDpi where it exists. */
int ck_dpi_metric(int index, int dpi);
/* The height of a line of text in font (pixels). */
int ck_dpi_line_height(HWND hwnd, HFONT font);

/* ---- guitext.c: UTF-8 <-> the W API ---------------------------------------- */
void ck_gui_set_text(HWND hwnd, const char *utf8);
/* The window's text as UTF-8, malloc'd ("" when empty; NULL out of memory). */
char *ck_gui_text(HWND hwnd);
/* Copies utf8 into dst (cap wide characters, always terminated). */
void ck_gui_copy(wchar_t *dst, int cap, const char *utf8);
/* MessageBoxW with a printf-style UTF-8 text. */
int ck_gui_message(HWND owner, UINT flags, const char *fmt, ...) CK_PRINTF(3, 4);
/* Opens a URL or file with the shell, after checking that a URL is http(s). */
void ck_gui_open_url(HWND owner, const wchar_t *url);
/* High contrast is on. */
BOOL ck_gui_high_contrast(void);

/* ---- main window (mainwnd.c) --------------------------------------------- */
BOOL ck_mainwnd_register(void);
HWND ck_mainwnd_create(int show);
/* The command line switch --automation FILE (NULL when absent). */
void ck_mainwnd_set_automation(const wchar_t *path);

/* ---- about.c --------------------------------------------------------------- */
void ck_about_show(HWND owner);

#endif
