/* Application secrets elsewhere: not kept (see secret.h). */
#ifndef _WIN32
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/secret.h"

enum ck_status ck_secret_write(const char *target, const char *user, const char *secret, struct ck_err *err)
{
    (void)user;
    (void)secret;
    return ck_err_set(err, CK_ERR_UNSUPPORTED, "no credential store to keep %s in on this system", target);
}

enum ck_status ck_secret_delete(const char *target, struct ck_err *err)
{
    (void)target;
    (void)err;
    return CK_OK;
}
#endif
