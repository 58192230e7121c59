#include "util/status.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const status_names[CK_STATUS_COUNT] = {
    [CK_OK] = "success",
    [CK_ERR_NOMEM] = "out of memory",
    [CK_ERR_ARG] = "invalid argument",
    [CK_ERR_IO] = "input/output error",
    [CK_ERR_PARSE] = "malformed data",
    [CK_ERR_NOTFOUND] = "not found",
    [CK_ERR_CONNECT] = "connection failed",
    [CK_ERR_PROTOCOL] = "protocol error",
    [CK_ERR_TIMEOUT] = "timed out",
    [CK_ERR_CANCELLED] = "cancelled",
    [CK_ERR_AUTH] = "authentication refused",
    [CK_ERR_PERMISSION] = "permission denied",
    [CK_ERR_UNSUPPORTED] = "not supported",
    [CK_ERR_LIMIT] = "size limit exceeded",
    [CK_ERR_DB] = "database error",
    [CK_ERR_HTTP] = "HTTP error",
};

const char *ck_status_str(enum ck_status st)
{
    if ((unsigned)st >= CK_STATUS_COUNT)
        return "unknown status";
    return status_names[st];
}

enum ck_status ck_err_set(struct ck_err *err, enum ck_status st, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->status = st;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return st;
}

void ck_err_clear(struct ck_err *err)
{
    if (err) {
        err->status = CK_OK;
        err->msg[0] = '\0';
    }
}
