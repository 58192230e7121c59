/* The main window's triage commands: the Triage dialog for the selected
 * findings (Ctrl+T, Scan > Triage, the findings' context menu) and the
 * decisions expiring soon (see mainwnd.h). */
#include "win/mainwnd.h"

#include <stdlib.h>
#include <string.h>

#include "resource.h"
#include "win/dialogs.h"
#include "win/findingsview.h"
#include "win/settings.h"

void ck_mainwnd_triage(void)
{
    struct ck_triage_picks picks;
    char *repository = NULL, *tag = NULL;
    int recorded = 0;

    memset(&picks, 0, sizeof picks);
    if (!ck_mainwnd_shown_image(&repository, &tag) || !ck_findingsview_picks(repository, tag, &picks)) {
        ck_gui_message(g_main.hwnd, MB_ICONINFORMATION,
                       "Select one or more findings of an image on the Findings tab first.\n\n"
                       "The findings of a comparison are triaged in the scan they belong to.");
    } else {
        recorded = ck_triage_dialog(g_main.hwnd, &picks, repository, tag);
    }
    ck_triage_picks_release(&picks);
    free(repository);
    free(tag);
    if (!recorded)
        return;
    ck_mainwnd_status(PART_MESSAGE, "Recorded %d triage decision%s", recorded, recorded == 1 ? "" : "s");
    /* The findings and the images' open counts as the decisions now make them. */
    ck_mainwnd_load_detail();
    ck_mainwnd_read_images(NULL, 0);
    ck_findingsview_focus_list();
}

void ck_mainwnd_findings_menu(int x, int y)
{
    HWND list = ck_findingsview_list();
    HMENU menu = CreatePopupMenu();
    POINT pt = {x, y};
    UINT cmd;

    if (!menu)
        return;
    AppendMenuW(menu, MF_STRING, IDM_FINDINGS_TRIAGE, L"&Triage...\tCtrl+T");
    if (x == -1 && y == -1) { /* from the keyboard: under the focused finding */
        RECT rc;
        int item = ListView_GetNextItem(list, -1, LVNI_FOCUSED);
        if (item < 0 || !ListView_GetItemRect(list, item, &rc, LVIR_LABEL))
            GetClientRect(list, &rc);
        pt.x = rc.left;
        pt.y = rc.bottom;
        ClientToScreen(list, &pt);
    }
    cmd = (UINT)TrackPopupMenu(menu, TPM_RETURNCMD | TPM_RIGHTBUTTON, pt.x, pt.y, 0, g_main.hwnd, NULL);
    DestroyMenu(menu);
    if (cmd)
        ck_mainwnd_command((WORD)cmd);
}

void ck_mainwnd_expiring(void)
{
    ck_expiring_dialog(g_main.hwnd, g_settings.expiring_days);
}
