/* The information bar above the lists: what is missing, said plainly, with
 * the next steps as buttons ("Docker Desktop is not running ... [Retry]";
 * "No vulnerability data yet ... [Download now] [Import a file...]"). Three
 * slots (engine, data, images not assessed, what changed after a data update); the bar hides when all are empty. A button sends
 * its command to the main window (WM_COMMAND). */
#ifndef CK_INFOBAR_H
#define CK_INFOBAR_H

#include "win/gui.h"

enum { CK_INFO_ENGINE = 0, CK_INFO_DATA, CK_INFO_ASSESS, CK_INFO_CHANGES, CK_INFO_SLOTS };
#define CK_INFO_BUTTONS 2

struct ck_info_action {
    const wchar_t *label; /* NULL: no button */
    int command;
};

HWND ck_infobar_create(HWND parent, int id);
/* text NULL or "" empties the slot. warning: the warning icon, else the
 * information icon. actions: up to CK_INFO_BUTTONS (may be NULL). */
void ck_infobar_set(int slot, const char *text, int warning, const struct ck_info_action *actions, int nactions);
/* Height it needs (0 when hidden). */
int ck_infobar_height(void);
void ck_infobar_dump(FILE *f);

#endif
