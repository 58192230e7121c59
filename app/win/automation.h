/* The automation file, a diagnostic for tests and support: started with
 * `ContainerKitty.exe --automation FILE`, the window writes what its views
 * show to FILE (UTF-8 text) after each change and on WM_CK_AUTOMATION:
 * sections "[app]", "[status]", "[info0]", "[info1]", "[images] rows=N",
 * "[findings] rows=N", "[scans] rows=N", "[log] lines=N", for each open
 * dialog "[dialog] TITLE" and a line "ID<TAB>TEXT" per visible control
 * (" [x]" after a ticked box; password boxes left out), then "[end]". It is also rewritten every
 * second, so that dialogs show up.
 * Each list section is a header line of column titles, then one line per
 * shown row, cells separated by TAB. The file is replaced whole (written
 * beside it, then renamed), so a reader never sees half of it. */
#ifndef CK_AUTOMATION_H
#define CK_AUTOMATION_H

#include "win/gui.h"

/* app: the "[app]" and "[status]" lines, written first. */
void ck_automation_write(const wchar_t *path, const char *app);

#endif
