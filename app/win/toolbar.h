/* The main window's toolbar: one button per main command, each with a
 * label and a tooltip naming its shortcut. */
#ifndef CK_TOOLBAR_H
#define CK_TOOLBAR_H

#include "win/gui.h"

HWND ck_toolbar_create(HWND parent, int id);
/* Reloads the button images at this DPI and resizes. */
void ck_toolbar_set_dpi(HWND tb, int dpi);
void ck_toolbar_enable(HWND tb, int cmd, BOOL on);
/* Sizes the toolbar to a parent width wide: buttons with labels when they
 * fit in one row, icons only (tooltips still say what they do) when not.
 * Returns its height. */
int ck_toolbar_fit(HWND tb, int width);
/* The tooltip of a command ("Scan the selected images (F5)"), or NULL. */
const wchar_t *ck_toolbar_tip(int cmd);

#endif
