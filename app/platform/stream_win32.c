/* Win32 streams (stream.h): named pipes and Winsock sockets (TCP, AF_UNIX),
 * both opened for overlapped I/O. Every read and write waits on its
 * completion event together with a cancel event, so it can time out or be
 * cancelled from another thread (CancelIoEx), as the docker CLI's pipe
 * dialer does. */
#ifdef _WIN32
#ifndef UNICODE
#define UNICODE
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
#include <afunix.h>
#include <windows.h>

#include "platform/stream.h"
#include "platform/win32_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ck_stream {
    enum ck_stream_kind kind;
    HANDLE pipe;            /* CK_STREAM_NPIPE */
    SOCKET sock;            /* CK_STREAM_TCP, CK_STREAM_UNIX */
    HANDLE io_event;        /* completion of the pending operation */
    HANDLE cancel_event;    /* manual reset, set by ck_stream_cancel */
};

#define SLICE_MS 50

static INIT_ONCE winsock_once = INIT_ONCE_STATIC_INIT;
static int winsock_ok;

static BOOL CALLBACK winsock_start(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    WSADATA wsa;
    (void)once, (void)param, (void)ctx;
    winsock_ok = WSAStartup(MAKEWORD(2, 2), &wsa) == 0;
    return TRUE;
}

static int flag_set(const ck_atomic_flag *f) { return f && ck_flag_get(f); }

/* A sentence for a Win32 or Winsock error code, without the trailing newline. */
static void system_message(DWORD code, char *out, size_t size)
{
    wchar_t wbuf[256];
    char *u;
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code,
                             0, wbuf, sizeof wbuf / sizeof wbuf[0], NULL);
    while (n > 0 && (wbuf[n - 1] == L'\r' || wbuf[n - 1] == L'\n' || wbuf[n - 1] == L'.'))
        wbuf[--n] = 0;
    u = n ? ck_wide_to_utf8(wbuf) : NULL;
    if (u)
        snprintf(out, size, "%s", u);
    else
        snprintf(out, size, "error %lu", (unsigned long)code);
    free(u);
}

static struct ck_stream *stream_new(enum ck_stream_kind kind)
{
    struct ck_stream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->kind = kind;
    s->pipe = INVALID_HANDLE_VALUE;
    s->sock = INVALID_SOCKET;
    s->io_event = CreateEventW(NULL, TRUE, FALSE, NULL);
    s->cancel_event = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!s->io_event || !s->cancel_event) {
        if (s->io_event)
            CloseHandle(s->io_event);
        if (s->cancel_event)
            CloseHandle(s->cancel_event);
        free(s);
        return NULL;
    }
    return s;
}

void ck_stream_close(ck_stream *s)
{
    if (!s)
        return;
    if (s->pipe != INVALID_HANDLE_VALUE)
        CloseHandle(s->pipe);
    if (s->sock != INVALID_SOCKET)
        closesocket(s->sock);
    CloseHandle(s->io_event);
    CloseHandle(s->cancel_event);
    free(s);
}

void ck_stream_cancel(ck_stream *s)
{
    if (s)
        SetEvent(s->cancel_event);
}

static int is_cancelled(ck_stream *s) { return WaitForSingleObject(s->cancel_event, 0) == WAIT_OBJECT_0; }

/* ---- named pipes -------------------------------------------------------- */

static enum ck_status open_pipe(struct ck_stream *s, const char *path, unsigned timeout_ms,
                                const ck_atomic_flag *cancel, struct ck_err *err)
{
    uint64_t deadline = ck_time_monotonic_ms() + timeout_ms;
    wchar_t *wpath = ck_utf8_to_wide(path);
    enum ck_status st = CK_OK;

    if (!wpath)
        return ck_err_set(err, CK_ERR_ARG, "invalid pipe name: %s", path);
    for (;;) {
        DWORD e;
        /* Anonymous impersonation level, as the docker CLI's dialer asks. */
        s->pipe = CreateFileW(wpath, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                              FILE_FLAG_OVERLAPPED | SECURITY_SQOS_PRESENT | SECURITY_ANONYMOUS,
                              NULL);
        if (s->pipe != INVALID_HANDLE_VALUE)
            break;
        e = GetLastError();
        if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND || e == ERROR_BAD_PATHNAME) {
            st = ck_err_set(err, CK_ERR_NOTFOUND, "%s does not exist", path);
            break;
        }
        if (e == ERROR_ACCESS_DENIED) {
            st = ck_err_set(err, CK_ERR_PERMISSION, "access denied to %s", path);
            break;
        }
        if (e != ERROR_PIPE_BUSY) {
            char msg[256];
            system_message(e, msg, sizeof msg);
            st = ck_err_set(err, CK_ERR_CONNECT, "cannot open %s: %s", path, msg);
            break;
        }
        /* Every instance is busy: wait for one until the deadline. */
        if (flag_set(cancel)) {
            st = ck_err_set(err, CK_ERR_CANCELLED, "connecting to %s was cancelled", path);
            break;
        }
        if (ck_time_monotonic_ms() >= deadline) {
            st = ck_err_set(err, CK_ERR_TIMEOUT, "%s stayed busy for %u ms", path, timeout_ms);
            break;
        }
        if (!WaitNamedPipeW(wpath, SLICE_MS))
            ck_sleep_ms(10);
    }
    free(wpath);
    return st;
}

/* ---- sockets ------------------------------------------------------------ */

static enum ck_status socket_error(int e, const char *what, struct ck_err *err)
{
    char msg[256];
    switch (e) {
    case WSAECONNREFUSED:
        return ck_err_set(err, CK_ERR_CONNECT, "%s refused the connection (nothing is listening)", what);
    case WSAEACCES:
        return ck_err_set(err, CK_ERR_PERMISSION, "permission denied on %s", what);
    case WSAETIMEDOUT:
        return ck_err_set(err, CK_ERR_TIMEOUT, "no connection to %s in time", what);
    default:
        system_message((DWORD)e, msg, sizeof msg);
        return ck_err_set(err, CK_ERR_CONNECT, "cannot connect to %s: %s", what, msg);
    }
}

/* Connects s->sock (non-blocking during the connect, blocking afterwards:
 * overlapped operations then always complete through the event). */
static int connect_socket(struct ck_stream *s, const struct sockaddr *sa, int salen,
                          uint64_t deadline, const ck_atomic_flag *cancel, int *cancelled)
{
    u_long on = 1, off = 0;
    int e = 0;

    ioctlsocket(s->sock, FIONBIO, &on);
    if (connect(s->sock, sa, salen) != 0) {
        e = WSAGetLastError();
        while (e == WSAEWOULDBLOCK) {
            fd_set wr, ex;
            struct timeval tv = {0, SLICE_MS * 1000};
            int rc;
            if (flag_set(cancel)) {
                *cancelled = 1;
                break;
            }
            if (ck_time_monotonic_ms() >= deadline) {
                e = WSAETIMEDOUT;
                break;
            }
            FD_ZERO(&wr);
            FD_ZERO(&ex);
            FD_SET(s->sock, &wr);
            FD_SET(s->sock, &ex);
            rc = select(0, NULL, &wr, &ex, &tv);
            if (rc == SOCKET_ERROR) {
                e = WSAGetLastError();
            } else if (rc > 0) {
                int soerr = 0, len = sizeof soerr;
                getsockopt(s->sock, SOL_SOCKET, SO_ERROR, (char *)&soerr, &len);
                e = FD_ISSET(s->sock, &ex) && !soerr ? WSAECONNREFUSED : soerr;
            }
        }
    }
    ioctlsocket(s->sock, FIONBIO, &off);
    return *cancelled ? -1 : e;
}

static enum ck_status open_tcp(struct ck_stream *s, const char *host, unsigned port,
                               unsigned timeout_ms, const ck_atomic_flag *cancel,
                               struct ck_err *err)
{
    struct addrinfo hints, *res = NULL, *ai;
    char portstr[16], what[300];
    uint64_t deadline = ck_time_monotonic_ms() + timeout_ms;
    int e = WSAECONNREFUSED, cancelled = 0;
    BOOL one = TRUE;

    snprintf(what, sizeof what, strchr(host, ':') ? "[%s]:%u" : "%s:%u", host, port);
    snprintf(portstr, sizeof portstr, "%u", port);
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    if (getaddrinfo(host, portstr, &hints, &res) != 0)
        return ck_err_set(err, CK_ERR_CONNECT, "cannot resolve %s", host);
    for (ai = res; ai && !cancelled; ai = ai->ai_next) {
        s->sock = WSASocketW(ai->ai_family, ai->ai_socktype, ai->ai_protocol, NULL, 0,
                             WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
        if (s->sock == INVALID_SOCKET) {
            e = WSAGetLastError();
            continue;
        }
        e = connect_socket(s, ai->ai_addr, (int)ai->ai_addrlen, deadline, cancel, &cancelled);
        if (e == 0)
            break;
        closesocket(s->sock);
        s->sock = INVALID_SOCKET;
    }
    freeaddrinfo(res);
    if (cancelled)
        return ck_err_set(err, CK_ERR_CANCELLED, "connecting to %s was cancelled", what);
    if (s->sock == INVALID_SOCKET)
        return socket_error(e, what, err);
    setsockopt(s->sock, IPPROTO_TCP, TCP_NODELAY, (const char *)&one, sizeof one);
    return CK_OK;
}

static enum ck_status open_unix(struct ck_stream *s, const char *path, unsigned timeout_ms,
                                const ck_atomic_flag *cancel, struct ck_err *err)
{
    SOCKADDR_UN sa;
    int e, cancelled = 0;

    if (strlen(path) >= sizeof sa.sun_path)
        return ck_err_set(err, CK_ERR_ARG, "socket path too long: %s", path);
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    memcpy(sa.sun_path, path, strlen(path) + 1);
    s->sock = WSASocketW(AF_UNIX, SOCK_STREAM, 0, NULL, 0,
                         WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
    if (s->sock == INVALID_SOCKET)
        return ck_err_set(err, CK_ERR_UNSUPPORTED,
                          "Unix sockets are not available on this Windows (%s)", path);
    e = connect_socket(s, (const struct sockaddr *)&sa, (int)sizeof sa,
                       ck_time_monotonic_ms() + timeout_ms, cancel, &cancelled);
    if (cancelled)
        return ck_err_set(err, CK_ERR_CANCELLED, "connecting to %s was cancelled", path);
    if (e != 0 && !ck_file_exists(path))
        return ck_err_set(err, CK_ERR_NOTFOUND, "%s does not exist", path);
    if (e != 0)
        return socket_error(e, path, err);
    return CK_OK;
}

enum ck_status ck_stream_open(ck_stream **out, const struct ck_stream_target *target,
                              unsigned timeout_ms, const ck_atomic_flag *cancel,
                              struct ck_err *err)
{
    struct ck_stream *s;
    enum ck_status st;

    if ((target->kind == CK_STREAM_TCP && !target->host) ||
        (target->kind != CK_STREAM_TCP && !target->path) ||
        (target->kind != CK_STREAM_UNIX && target->kind != CK_STREAM_TCP &&
         target->kind != CK_STREAM_NPIPE))
        return ck_err_set(err, CK_ERR_ARG, "incomplete stream address");
    if (target->kind != CK_STREAM_NPIPE) {
        InitOnceExecuteOnce(&winsock_once, winsock_start, NULL, NULL);
        if (!winsock_ok)
            return ck_err_set(err, CK_ERR_IO, "Winsock could not be started");
    }
    s = stream_new(target->kind);
    if (!s)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    if (target->kind == CK_STREAM_NPIPE)
        st = open_pipe(s, target->path, timeout_ms, cancel, err);
    else if (target->kind == CK_STREAM_TCP)
        st = open_tcp(s, target->host, target->port, timeout_ms, cancel, err);
    else
        st = open_unix(s, target->path, timeout_ms, cancel, err);
    if (st != CK_OK) {
        ck_stream_close(s);
        return st;
    }
    *out = s;
    return CK_OK;
}

/* ---- overlapped reads and writes ----------------------------------------- */

/* Starts one read or write; returns TRUE when it completed at once, FALSE
 * with *error set otherwise (ERROR_IO_PENDING: in flight). */
static BOOL start_io(ck_stream *s, int writing, void *buf, DWORD len, OVERLAPPED *ov, DWORD *done,
                     DWORD *error)
{
    BOOL ok;
    if (s->kind == CK_STREAM_NPIPE) {
        ok = writing ? WriteFile(s->pipe, buf, len, done, ov) : ReadFile(s->pipe, buf, len, done, ov);
        *error = ok ? 0 : GetLastError();
    } else {
        WSABUF wb;
        DWORD flags = 0;
        int rc;
        wb.buf = buf;
        wb.len = len;
        rc = writing ? WSASend(s->sock, &wb, 1, done, 0, ov, NULL)
                     : WSARecv(s->sock, &wb, 1, done, &flags, ov, NULL);
        ok = rc == 0;
        *error = ok ? 0 : (DWORD)WSAGetLastError();
        if (*error == WSA_IO_PENDING)
            *error = ERROR_IO_PENDING;
    }
    return ok;
}

static BOOL finish_io(ck_stream *s, OVERLAPPED *ov, DWORD *done, BOOL wait, DWORD *error)
{
    BOOL ok;
    if (s->kind == CK_STREAM_NPIPE) {
        ok = GetOverlappedResult(s->pipe, ov, done, wait);
        *error = ok ? 0 : GetLastError();
    } else {
        DWORD flags = 0;
        ok = WSAGetOverlappedResult(s->sock, ov, done, wait, &flags);
        *error = ok ? 0 : (DWORD)WSAGetLastError();
    }
    return ok;
}

/* One read or write: waits for completion, the timeout or a cancel.
 * Returns CK_OK with *done bytes, or an error; a peer that closed gives
 * CK_OK with *done == 0. */
static enum ck_status do_io(ck_stream *s, int writing, void *buf, DWORD len, DWORD *done,
                            unsigned timeout_ms, struct ck_err *err)
{
    OVERLAPPED ov;
    DWORD error = 0, w;
    HANDLE waits[2];
    HANDLE h = s->kind == CK_STREAM_NPIPE ? s->pipe : (HANDLE)s->sock;

    if (is_cancelled(s))
        return ck_err_set(err, CK_ERR_CANCELLED, "cancelled");
    memset(&ov, 0, sizeof ov);
    ResetEvent(s->io_event);
    ov.hEvent = s->io_event;
    *done = 0;
    if (!start_io(s, writing, buf, len, &ov, done, &error) && error == ERROR_IO_PENDING) {
        waits[0] = s->io_event;
        waits[1] = s->cancel_event;
        w = WaitForMultipleObjects(2, waits, FALSE, timeout_ms);
        if (w != WAIT_OBJECT_0)
            CancelIoEx(h, &ov);
        /* Always collect the operation: it may have completed anyway. */
        if (!finish_io(s, &ov, done, TRUE, &error) && error == ERROR_OPERATION_ABORTED) {
            if (w == WAIT_OBJECT_0 + 1 || is_cancelled(s))
                return ck_err_set(err, CK_ERR_CANCELLED, "cancelled");
            return ck_err_set(err, CK_ERR_TIMEOUT, "no answer within %u ms", timeout_ms);
        }
    }
    switch (error) {
    case 0:
    case ERROR_MORE_DATA: /* a message-mode pipe: the rest comes next read */
        return CK_OK;
    case ERROR_BROKEN_PIPE:
    case ERROR_PIPE_NOT_CONNECTED:
    case ERROR_HANDLE_EOF:
    case WSAECONNRESET:
    case WSAECONNABORTED:
    case WSAEDISCON:
        if (writing)
            return ck_err_set(err, CK_ERR_IO, "the peer closed the connection");
        *done = 0;
        return CK_OK;
    default: {
        char msg[256];
        system_message(error, msg, sizeof msg);
        return ck_err_set(err, CK_ERR_IO, "%s failed: %s", writing ? "write" : "read", msg);
    }
    }
}

enum ck_status ck_stream_read(ck_stream *s, void *buf, size_t len, size_t *got,
                              unsigned timeout_ms, struct ck_err *err)
{
    DWORD done = 0;
    enum ck_status st = do_io(s, 0, buf, len > 0x10000000 ? 0x10000000 : (DWORD)len, &done,
                              timeout_ms, err);
    if (st == CK_OK)
        *got = done;
    return st;
}

enum ck_status ck_stream_write(ck_stream *s, const void *buf, size_t len, unsigned timeout_ms,
                               struct ck_err *err)
{
    const char *p = buf;
    while (len > 0) {
        DWORD done = 0;
        enum ck_status st = do_io(s, 1, (void *)p, len > 0x10000000 ? 0x10000000 : (DWORD)len,
                                  &done, timeout_ms, err);
        if (st != CK_OK)
            return st;
        if (done == 0)
            return ck_err_set(err, CK_ERR_IO, "the peer closed the connection");
        p += done;
        len -= done;
    }
    return CK_OK;
}

#endif
