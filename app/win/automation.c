/* The automation file (see automation.h). */
#include "win/automation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "platform/platform.h"
#include "platform/win32_text.h"

#include "win/findingsview.h"
#include "win/historyview.h"
#include "win/imagesview.h"
#include "win/infobar.h"
#include "win/inventoryview.h"
#include "win/logpane.h"

/* Each child of a dialog: "id<TAB>text"; password boxes are left out. */
static BOOL CALLBACK dump_child(HWND child, LPARAM lp)
{
    FILE *f = (FILE *)lp;
    wchar_t cls[32];
    char *text;
    if (!IsWindowVisible(child))
        return TRUE;
    GetClassNameW(child, cls, 32);
    if (!lstrcmpiW(cls, L"Edit") && (GetWindowLongPtrW(child, GWL_STYLE) & ES_PASSWORD))
        return TRUE;
    text = ck_gui_text(child);
    fprintf(f, "%d\t%s%s\n", GetDlgCtrlID(child), text ? text : "",
            !lstrcmpiW(cls, L"Button") && SendMessageW(child, BM_GETCHECK, 0, 0) == BST_CHECKED ? " [x]" : "");
    free(text);
    return TRUE;
}

/* The dialogs open on this thread, with their controls' texts. */
static BOOL CALLBACK dump_dialog(HWND hwnd, LPARAM lp)
{
    wchar_t cls[16];
    char *title;
    if (!IsWindowVisible(hwnd) || !GetClassNameW(hwnd, cls, 16) || lstrcmpW(cls, L"#32770"))
        return TRUE;
    title = ck_gui_text(hwnd);
    fprintf((FILE *)lp, "[dialog] %s\n", title ? title : "");
    free(title);
    EnumChildWindows(hwnd, dump_child, lp);
    return TRUE;
}

void ck_automation_write(const wchar_t *path, const char *app)
{
    char *target = ck_wide_to_utf8(path), *tmp = target ? malloc(strlen(target) + 5) : NULL;
    FILE *f = NULL;

    if (tmp) {
        sprintf(tmp, "%s.tmp", target);
        f = ck_fopen(tmp, "wb");
    }
    if (f) {
        fputs(app, f);
        ck_infobar_dump(f);
        ck_imagesview_dump(f);
        ck_findingsview_dump(f);
        ck_historyview_dump(f);
        ck_inventoryview_dump(f);
        ck_logpane_dump(f);
        EnumThreadWindows(GetCurrentThreadId(), dump_dialog, (LPARAM)f);
        fputs("[end]\n", f);
        /* whole or not at all: the tests read it while the window runs */
        if (fclose(f) != 0 || ck_rename_replace(tmp, target) != 0)
            ck_remove(tmp);
    }
    free(tmp);
    free(target);
}
