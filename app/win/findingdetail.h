/* The detail pane of the findings panel: the selected finding's title in
 * bold, its fields, description and references, the links clickable where
 * a rich edit control is at hand (Msftedit.dll), else a plain read-only
 * edit control. One pane in the process. */
#ifndef CK_FINDINGDETAIL_H
#define CK_FINDINGDETAIL_H

#include "win/gui.h"

#include <richedit.h>

#include "store/history.h"

HWND ck_findingdetail_create(HWND parent, int id);
/* Shows f; change: its change in a comparison ("new", ...), NULL when the
 * list is not a comparison. */
void ck_findingdetail_show(const struct ck_history_finding *f, const char *change);
/* Plain text in place of a finding ("" empties the pane). */
void ck_findingdetail_say(const char *text);
/* WM_NOTIFY EN_LINK of the pane: a click opens the link. */
LRESULT ck_findingdetail_link(const ENLINK *link);

#endif
