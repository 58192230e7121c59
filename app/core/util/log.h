/* The one log sink. Lines carry the original Invoke-ContainerKitty prefixes:
 * [*] info, [$] success, [?] warning, [!] error, [-] debug.
 * The level is checked before formatting; the sink is guarded by a mutex, so
 * any thread may log. */
#ifndef CK_LOG_H
#define CK_LOG_H

#include <stdio.h>

#include "util/status.h"

enum ck_log_level {
    CK_LOG_ERROR = 0,
    CK_LOG_WARN,
    CK_LOG_SUCCESS,
    CK_LOG_INFO,
    CK_LOG_DEBUG
};

/* Receives each formatted line (without the trailing newline). */
typedef void (*ck_log_sink_fn)(void *ctx, enum ck_log_level level, const char *line);

void ck_log_set_level(enum ck_log_level max_level);
enum ck_log_level ck_log_get_level(void);
/* Makes the log ready for several threads; call it on one thread before
 * others may log (the first line or ck_log_set_* does it too). */
void ck_log_prepare(void);
/* Console output on stderr (default on) */
void ck_log_set_console(int on);
/* Also append to this file (NULL closes it). Returns 0 on success. */
int ck_log_open_file(const char *path);
/* An extra receiver (the GUI's log pane, a job's event stream). */
void ck_log_set_sink(ck_log_sink_fn fn, void *ctx);
/* The prefix of a level, "[*]" etc. */
const char *ck_log_prefix(enum ck_log_level level);

void ck_log(enum ck_log_level level, const char *fmt, ...)
    CK_PRINTF(2, 3)
    ;

/* Releases the file and the mutex (at exit). */
void ck_log_shutdown(void);

#endif
