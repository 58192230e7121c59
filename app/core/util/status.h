/* Status codes shared by every core module. A function returning enum ck_status
 * leaves its outputs untouched on failure; where a person needs detail it also
 * fills a caller-supplied message buffer (struct ck_err). */
#ifndef CK_STATUS_H
#define CK_STATUS_H

#include <stddef.h>

/* printf-style checking of format strings. mingw-w64 builds use the C99
 * printf (__USE_MINGW_ANSI_STDIO), so %zu and %lld are checked as GNU's. */
#if defined(__MINGW32__)
#define CK_PRINTF(fmt, args) __attribute__((format(gnu_printf, fmt, args)))
#elif defined(__GNUC__)
#define CK_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CK_PRINTF(fmt, args)
#endif

enum ck_status {
    CK_OK = 0,
    CK_ERR_NOMEM,      /* out of memory */
    CK_ERR_ARG,        /* invalid argument or input from the caller */
    CK_ERR_IO,         /* file or stream read/write failed */
    CK_ERR_PARSE,      /* malformed data */
    CK_ERR_NOTFOUND,   /* the thing asked for does not exist */
    CK_ERR_CONNECT,    /* could not reach a peer (engine, registry, server) */
    CK_ERR_PROTOCOL,   /* the peer answered something we cannot use */
    CK_ERR_TIMEOUT,    /* no answer in time */
    CK_ERR_CANCELLED,  /* stopped by the user */
    CK_ERR_AUTH,       /* authentication refused */
    CK_ERR_PERMISSION, /* access denied by the OS */
    CK_ERR_UNSUPPORTED,/* recognised but not supported (yet) */
    CK_ERR_LIMIT,      /* input larger than a safety limit */
    CK_ERR_DB,         /* SQLite error */
    CK_ERR_HTTP,       /* an HTTP error status from a server */
    CK_STATUS_COUNT
};

const char *ck_status_str(enum ck_status st);

/* A message a person can read, filled by the function that failed. */
#define CK_ERR_MSG_MAX 512
struct ck_err {
    enum ck_status status;
    char msg[CK_ERR_MSG_MAX];
};

/* Sets err (when not NULL) and returns st, so callers can write
 * `return ck_err_set(err, CK_ERR_IO, "cannot open %s", path);` */
enum ck_status ck_err_set(struct ck_err *err, enum ck_status st, const char *fmt, ...)
    CK_PRINTF(3, 4)
    ;
void ck_err_clear(struct ck_err *err);

#endif
