/* Secrets the application keeps for the user (a GitLab access token) in the
 * operating system's credential store: on Windows the Credential Manager,
 * as GENERIC credentials whose blob is the secret's UTF-8 bytes, so that
 * ck_credstore_read (credstore.h) reads them back. Other systems answer
 * CK_ERR_UNSUPPORTED. Implemented in secret_win32.c and secret_posix.c. */
#ifndef CK_SECRET_H
#define CK_SECRET_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/status.h"

/* "ContainerKitty:<kind>:<where>", e.g. "ContainerKitty:gitlab:https://gitlab.example.com":
 * the target name of a secret, malloc'd. */
static inline char *ck_secret_target(const char *kind, const char *where)
{
    size_t n = strlen(kind) + strlen(where) + 32;
    char *t = malloc(n);
    if (t)
        snprintf(t, n, "ContainerKitty:%s:%s", kind, where);
    return t;
}

/* Creates or replaces the credential target (user may be NULL). */
enum ck_status ck_secret_write(const char *target, const char *user, const char *secret, struct ck_err *err);

/* Removes it; CK_OK when there was none. */
enum ck_status ck_secret_delete(const char *target, struct ck_err *err);

#endif
