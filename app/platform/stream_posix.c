/* POSIX streams (stream.h): Unix sockets and TCP, non-blocking, waited on
 * with poll() together with a wake-up pipe that ck_stream_cancel writes to. */
#ifndef _WIN32

#include "platform/stream.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

struct ck_stream {
    int fd;
    int wake[2];            /* ck_stream_cancel writes to wake[1] */
    volatile int cancelled;
};

/* Connection waits are cut into slices so a cancel flag is seen promptly. */
#define SLICE_MS 50

static int set_nonblock_cloexec(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return -1;
    return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

static struct ck_stream *stream_new(void)
{
    struct ck_stream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->fd = -1;
    if (pipe(s->wake) != 0) {
        free(s);
        return NULL;
    }
    if (set_nonblock_cloexec(s->wake[0]) != 0 || set_nonblock_cloexec(s->wake[1]) != 0) {
        close(s->wake[0]);
        close(s->wake[1]);
        free(s);
        return NULL;
    }
    return s;
}

void ck_stream_close(ck_stream *s)
{
    if (!s)
        return;
    close_fd(&s->fd);
    close_fd(&s->wake[0]);
    close_fd(&s->wake[1]);
    free(s);
}

void ck_stream_cancel(ck_stream *s)
{
    char c = 1;
    if (!s)
        return;
    s->cancelled = 1;
    if (write(s->wake[1], &c, 1) < 0) {
        /* the pipe is full: a wake-up is already pending */
    }
}

static int flag_set(const ck_atomic_flag *f) { return f && ck_flag_get(f); }

/* Waits until a non-blocking connect on fd finishes; returns 0 or an errno. */
static int wait_connected(int fd, uint64_t deadline, const ck_atomic_flag *cancel, int *cancelled)
{
    for (;;) {
        struct pollfd p = {fd, POLLOUT, 0};
        uint64_t now = ck_time_monotonic_ms();
        int rc, soerr = 0;
        socklen_t len = sizeof soerr;

        if (flag_set(cancel)) {
            *cancelled = 1;
            return ECANCELED;
        }
        if (now >= deadline)
            return ETIMEDOUT;
        rc = poll(&p, 1, (int)(deadline - now < SLICE_MS ? deadline - now : SLICE_MS));
        if (rc < 0 && errno != EINTR)
            return errno;
        if (rc <= 0)
            continue;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0)
            return errno;
        return soerr;
    }
}

static enum ck_status connect_error(int e, const char *what, struct ck_err *err)
{
    switch (e) {
    case ENOENT:
    case ENOTDIR:
        return ck_err_set(err, CK_ERR_NOTFOUND, "%s does not exist", what);
    case EACCES:
    case EPERM:
        return ck_err_set(err, CK_ERR_PERMISSION, "permission denied on %s", what);
    case ETIMEDOUT:
        return ck_err_set(err, CK_ERR_TIMEOUT, "no connection to %s in time", what);
    case ECANCELED:
        return ck_err_set(err, CK_ERR_CANCELLED, "connecting to %s was cancelled", what);
    case ECONNREFUSED:
        return ck_err_set(err, CK_ERR_CONNECT, "%s refused the connection (nothing is listening)", what);
    default:
        return ck_err_set(err, CK_ERR_CONNECT, "cannot connect to %s: %s", what, strerror(e));
    }
}

static enum ck_status open_unix(struct ck_stream *s, const char *path, unsigned timeout_ms,
                                const ck_atomic_flag *cancel, struct ck_err *err)
{
    struct sockaddr_un sa;
    uint64_t deadline = ck_time_monotonic_ms() + timeout_ms;
    int cancelled = 0, e;

    if (strlen(path) >= sizeof sa.sun_path)
        return ck_err_set(err, CK_ERR_ARG, "socket path too long: %s", path);
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    memcpy(sa.sun_path, path, strlen(path) + 1);
    for (;;) {
        s->fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (s->fd < 0 || set_nonblock_cloexec(s->fd) != 0)
            return ck_err_set(err, CK_ERR_IO, "cannot create a socket: %s", strerror(errno));
        if (connect(s->fd, (struct sockaddr *)&sa, sizeof sa) == 0)
            return CK_OK;
        e = errno;
        if (e == EINPROGRESS)
            e = wait_connected(s->fd, deadline, cancel, &cancelled);
        if (e == 0)
            return CK_OK;
        close_fd(&s->fd);
        /* A full listen backlog: the server is busy, try again shortly. */
        if (e != EAGAIN || ck_time_monotonic_ms() >= deadline || flag_set(cancel))
            return connect_error(e == EAGAIN ? ETIMEDOUT : e, path, err);
        ck_sleep_ms(10);
    }
}

static enum ck_status open_tcp(struct ck_stream *s, const char *host, unsigned port,
                               unsigned timeout_ms, const ck_atomic_flag *cancel,
                               struct ck_err *err)
{
    struct addrinfo hints, *res = NULL, *ai;
    char portstr[16], what[300];
    uint64_t deadline = ck_time_monotonic_ms() + timeout_ms;
    int rc, e = ECONNREFUSED, cancelled = 0, one = 1;

    snprintf(what, sizeof what, strchr(host, ':') ? "[%s]:%u" : "%s:%u", host, port);
    snprintf(portstr, sizeof portstr, "%u", port);
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    rc = getaddrinfo(host, portstr, &hints, &res);
    if (rc != 0)
        return ck_err_set(err, CK_ERR_CONNECT, "cannot resolve %s: %s", host, gai_strerror(rc));
    for (ai = res; ai && !cancelled; ai = ai->ai_next) {
        s->fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (s->fd < 0 || set_nonblock_cloexec(s->fd) != 0) {
            e = errno;
            close_fd(&s->fd);
            continue;
        }
        e = connect(s->fd, ai->ai_addr, ai->ai_addrlen) == 0 ? 0 : errno;
        if (e == EINPROGRESS)
            e = wait_connected(s->fd, deadline, cancel, &cancelled);
        if (e == 0)
            break;
        close_fd(&s->fd);
    }
    freeaddrinfo(res);
    if (s->fd < 0)
        return connect_error(e, what, err);
    /* Requests are small writes followed by a read: no Nagle delay. */
    setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return CK_OK;
}

enum ck_status ck_stream_open(ck_stream **out, const struct ck_stream_target *target,
                              unsigned timeout_ms, const ck_atomic_flag *cancel,
                              struct ck_err *err)
{
    struct ck_stream *s;
    enum ck_status st;

    if (target->kind == CK_STREAM_NPIPE)
        return ck_err_set(err, CK_ERR_UNSUPPORTED, "named pipes (%s) exist only on Windows",
                          target->path ? target->path : "");
    if ((target->kind == CK_STREAM_UNIX && !target->path) ||
        (target->kind == CK_STREAM_TCP && !target->host) ||
        (target->kind != CK_STREAM_UNIX && target->kind != CK_STREAM_TCP))
        return ck_err_set(err, CK_ERR_ARG, "incomplete stream address");
    s = stream_new();
    if (!s)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    if (target->kind == CK_STREAM_UNIX)
        st = open_unix(s, target->path, timeout_ms, cancel, err);
    else
        st = open_tcp(s, target->host, target->port, timeout_ms, cancel, err);
    if (st != CK_OK) {
        ck_stream_close(s);
        return st;
    }
    *out = s;
    return CK_OK;
}

/* Waits for fd to become ready for `events` or for a cancel. */
static enum ck_status wait_ready(ck_stream *s, short events, unsigned timeout_ms, struct ck_err *err)
{
    struct pollfd p[2] = {{s->fd, events, 0}, {s->wake[0], POLLIN, 0}};
    int rc;

    for (;;) {
        if (s->cancelled)
            return ck_err_set(err, CK_ERR_CANCELLED, "cancelled");
        rc = poll(p, 2, (int)timeout_ms);
        if (rc < 0 && errno == EINTR)
            continue;
        if (rc < 0)
            return ck_err_set(err, CK_ERR_IO, "poll failed: %s", strerror(errno));
        if (s->cancelled || p[1].revents)
            return ck_err_set(err, CK_ERR_CANCELLED, "cancelled");
        if (rc == 0)
            return ck_err_set(err, CK_ERR_TIMEOUT, "no answer within %u ms", timeout_ms);
        return CK_OK;
    }
}

enum ck_status ck_stream_read(ck_stream *s, void *buf, size_t len, size_t *got,
                              unsigned timeout_ms, struct ck_err *err)
{
    for (;;) {
        ssize_t n = recv(s->fd, buf, len, 0);
        enum ck_status st;

        if (s->cancelled)
            return ck_err_set(err, CK_ERR_CANCELLED, "cancelled");
        if (n >= 0) {
            *got = (size_t)n;
            return CK_OK;
        }
        if (errno == EINTR)
            continue;
        if (errno == ECONNRESET) {
            /* The peer went away: to HTTP this is the end of the stream. */
            *got = 0;
            return CK_OK;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return ck_err_set(err, CK_ERR_IO, "read failed: %s", strerror(errno));
        st = wait_ready(s, POLLIN, timeout_ms, err);
        if (st != CK_OK)
            return st;
    }
}

enum ck_status ck_stream_write(ck_stream *s, const void *buf, size_t len, unsigned timeout_ms,
                               struct ck_err *err)
{
    const char *p = buf;

    while (len > 0) {
        ssize_t n;
        enum ck_status st;

        if (s->cancelled)
            return ck_err_set(err, CK_ERR_CANCELLED, "cancelled");
        n = send(s->fd, p, len, MSG_NOSIGNAL);
        if (n > 0) {
            p += n;
            len -= (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return ck_err_set(err, CK_ERR_IO, "write failed: %s", strerror(errno));
        st = wait_ready(s, POLLOUT, timeout_ms, err);
        if (st != CK_OK)
            return st;
    }
    return CK_OK;
}

#endif
