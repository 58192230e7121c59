/* Shared declarations of the GUI (every HWND lives in app/win/). */
#ifndef CK_GUI_H
#define CK_GUI_H

#include <windows.h>

#define CK_MAIN_CLASS L"ContainerKittyMain"
#define CK_MAIN_TITLE L"ContainerKitty"

extern HINSTANCE g_instance;

/* dpi.c: layout constants are written at 96 DPI and scaled. */
int ck_dpi_of(HWND hwnd);
int ck_dpi_scale(int value96, int dpi);
/* The system's message font at this DPI; the caller deletes it. */
HFONT ck_dpi_message_font(int dpi);

/* mainwnd.c */
BOOL ck_mainwnd_register(void);
HWND ck_mainwnd_create(int show);

/* about.c */
void ck_about_show(HWND owner);

#endif
