/* The log pane: the lines of the log sink (the job's and everything else
 * the engine logs), with their [*] [$] [?] [!] prefixes, in a read-only
 * text box that keeps the most recent lines. */
#ifndef CK_LOGPANE_H
#define CK_LOGPANE_H

#include "win/gui.h"

HWND ck_logpane_create(HWND parent, int id);
void ck_logpane_append(enum ck_log_level level, const char *text);
void ck_logpane_dump(FILE *f);

#endif
