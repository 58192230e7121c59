/* Byte streams to a local service (the Docker engine): a Unix socket, a TCP
 * connection or a Windows named pipe, behind one interface. Reads wait with
 * a timeout and can be woken from another thread (ck_stream_cancel), so a
 * stalled engine never hangs a scan and the Cancel button answers at once.
 * Implemented in stream_posix.c and stream_win32.c. */
#ifndef CK_STREAM_H
#define CK_STREAM_H

#include <stddef.h>

#include "platform/platform.h"

enum ck_stream_kind {
    CK_STREAM_UNIX = 1, /* Unix domain socket (Linux; Windows 10 1803+ too) */
    CK_STREAM_TCP,      /* plain TCP */
    CK_STREAM_NPIPE     /* Windows named pipe, \\.\pipe\<name> */
};

/* Where to connect. path: the socket file or the pipe (\\.\pipe\docker_engine);
 * host/port: for TCP (host without brackets, "::1" is fine). */
struct ck_stream_target {
    enum ck_stream_kind kind;
    const char *path;
    const char *host;
    unsigned port;
};

typedef struct ck_stream ck_stream;

/* Connects, waiting at most timeout_ms (a busy named pipe is retried until
 * then); cancel (may be NULL) is polled while waiting. Failures, with err
 * naming the address:
 *   CK_ERR_NOTFOUND    the socket file or pipe does not exist
 *   CK_ERR_PERMISSION  the OS denied access to it
 *   CK_ERR_CONNECT     refused, unreachable, unknown host
 *   CK_ERR_TIMEOUT, CK_ERR_CANCELLED, CK_ERR_UNSUPPORTED (kind not on this OS)
 * *out is closed with ck_stream_close. */
enum ck_status ck_stream_open(ck_stream **out, const struct ck_stream_target *target,
                              unsigned timeout_ms, const ck_atomic_flag *cancel,
                              struct ck_err *err);

/* Reads what is available, up to len bytes, waiting at most timeout_ms for
 * the first byte. CK_OK with *got == 0 means the peer closed the stream.
 * CK_ERR_TIMEOUT: nothing arrived in time (the stream stays usable).
 * CK_ERR_CANCELLED: ck_stream_cancel was called. */
enum ck_status ck_stream_read(ck_stream *s, void *buf, size_t len, size_t *got,
                              unsigned timeout_ms, struct ck_err *err);

/* Writes all len bytes; each wait for the peer lasts at most timeout_ms. */
enum ck_status ck_stream_write(ck_stream *s, const void *buf, size_t len, unsigned timeout_ms,
                               struct ck_err *err);

/* From any thread: the blocked read or write, and every later one, returns
 * CK_ERR_CANCELLED. Must not race with ck_stream_close. */
void ck_stream_cancel(ck_stream *s);

/* Closes the stream; NULL does nothing. */
void ck_stream_close(ck_stream *s);

#endif
