/* The operating system's credential store, read directly: on Windows the
 * Credential Manager, where Docker's "wincred" helper (and Docker Desktop)
 * keep registry passwords as GENERIC credentials whose TargetName is the
 * registry's server URL. Other systems answer CK_ERR_UNSUPPORTED (their
 * stores are reached through credential helper programs).
 * Implemented in process_posix.c and process_win32.c. */
#ifndef CK_CREDSTORE_H
#define CK_CREDSTORE_H

#include "util/status.h"

/* Looks up the generic credential `target`. On CK_OK *user and *secret are
 * malloc'd UTF-8 strings (free them; wipe the secret first). CK_ERR_NOTFOUND
 * when there is none. err never contains the secret. */
enum ck_status ck_credstore_read(const char *target, char **user, char **secret,
                                 struct ck_err *err);

#endif
