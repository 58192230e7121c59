/* ContainerKitty.exe: the entry point. One instance per user session: a second
 * start brings the running window to the front. */
#include "win/gui.h"

#include <commctrl.h>
#include <ole2.h>
#include <shellapi.h>
#include <wchar.h>

#include "resource.h"
#include "win/settings.h"

HINSTANCE g_instance;

/* --automation FILE: the diagnostic file of automation.h. */
static void automation_switch(void)
{
    int argc = 0, i;
    wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (!argv)
        return;
    for (i = 1; i + 1 < argc; i++)
        if (!wcscmp(argv[i], L"--automation"))
            ck_mainwnd_set_automation(argv[i + 1]);
    LocalFree(argv);
}

/* The instance already running (it holds the mutex) may not have made its
 * window yet: it is looked for a few seconds, then brought to the front
 * with the dialog it has open, if any. FALSE when none came. */
static BOOL activate_running_instance(void)
{
    HWND other = NULL, front;
    int i;
    for (i = 0; i < 50 && !(other = FindWindowW(CK_MAIN_CLASS, NULL)); i++)
        Sleep(100);
    if (!other)
        return FALSE;
    if (IsIconic(other))
        ShowWindow(other, SW_RESTORE);
    front = GetLastActivePopup(other);
    SetForegroundWindow(front && IsWindowVisible(front) ? front : other);
    return TRUE;
}

int WINAPI wWinMain(HINSTANCE instance, HINSTANCE prev, PWSTR cmdline, int show)
{
    INITCOMMONCONTROLSEX icc = {sizeof icc, ICC_LISTVIEW_CLASSES | ICC_BAR_CLASSES | ICC_PROGRESS_CLASS |
                                                ICC_TAB_CLASSES | ICC_STANDARD_CLASSES | ICC_LINK_CLASS |
                                                ICC_DATE_CLASSES};
    HANDLE single;
    HRESULT com;
    HACCEL accel;
    HWND main;
    MSG msg;

    (void)prev;
    (void)cmdline;
    g_instance = instance;
    automation_switch();

    single = CreateMutexW(NULL, TRUE, L"Local\\ContainerKitty.SingleInstance");
    if (single && GetLastError() == ERROR_ALREADY_EXISTS) {
        /* one window per session: the first start's, even while it is still opening */
        activate_running_instance();
        CloseHandle(single);
        return 0;
    }

    InitCommonControlsEx(&icc);
    /* The shell's pickers and drag and drop need a single-threaded apartment on this thread. */
    com = OleInitialize(NULL);
    ck_settings_load();
    if (!ck_mainwnd_register())
        return 1;
    main = ck_mainwnd_create(show);
    if (!main) {
        MessageBoxW(NULL, L"ContainerKitty could not create its main window.", CK_MAIN_TITLE, MB_ICONERROR);
        return 1;
    }
    accel = LoadAcceleratorsW(instance, MAKEINTRESOURCEW(IDR_ACCEL));
    while (GetMessageW(&msg, NULL, 0, 0) > 0) {
        /* Escape is no accelerator: it goes to the focused control (a filter box empties,
         * a drop-down closes, a dialog closes); Scan > Cancel stops the work. */
        if (accel && TranslateAcceleratorW(main, accel, &msg))
            continue;
        if (IsDialogMessageW(main, &msg))
            continue;
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    ck_settings_release();
    ck_log_shutdown();
    if (SUCCEEDED(com))
        OleUninitialize();
    if (single)
        CloseHandle(single);
    return (int)msg.wParam;
}
