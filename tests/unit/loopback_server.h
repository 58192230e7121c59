/* A scripted HTTP/1.1 server on 127.0.0.1 (a free port) for the unit tests
 * of the network clients: one thread, one connection at a time, every answer
 * closes its connection. The test's respond function writes the n-th
 * answer; the server keeps the head (request line and headers) of every
 * request it read, so that a test can check what a client sent where.
 * Two servers are two origins (same host, other port). Loopback only: the
 * server never binds or connects anywhere else.
 *
 *   struct lb_server s;
 *   lb_start(&s, respond, ctx);       ... requests to lb_url(&s, "/x", buf) ...
 *   lb_stop(&s);                      (joins the thread, frees the heads) */
#ifndef CK_LOOPBACK_SERVER_H
#define CK_LOOPBACK_SERVER_H

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
typedef SOCKET lb_socket;
#define LB_BAD_SOCKET INVALID_SOCKET
#define lb_close_socket closesocket
#define LB_SEND_FLAGS 0
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
typedef int lb_socket;
#define LB_BAD_SOCKET (-1)
#define lb_close_socket close
#define LB_SEND_FLAGS MSG_NOSIGNAL /* a client that hangs up early is no SIGPIPE */
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"

#define LB_KEEP 64          /* request heads kept */
#define LB_HEAD_MAX 16384   /* a longer request head is cut here */

/* The n-th answer (from 0) to the request whose head is given: malloc'd
 * bytes, their count in *len; NULL closes the connection unanswered. */
typedef char *(*lb_respond_fn)(void *ctx, size_t n, const char *head, size_t *len);

struct lb_server {
    lb_socket listener;
    unsigned port;
    ck_thread *thread;
    ck_atomic_flag stop;
    ck_mutex *lock;
    lb_respond_fn respond;
    void *ctx;
    size_t count;          /* requests read */
    char *heads[LB_KEEP];  /* the first LB_KEEP of them */
};

/* "HTTP/1.1 <status>" with extra header lines (each ending in \r\n; may be
 * NULL) and body, Content-Length and Connection: close added; malloc'd. */
static inline char *lb_response(int status, const char *extra, const char *body, size_t body_len, size_t *len)
{
    char head[4096];
    int n = snprintf(head, sizeof head, "HTTP/1.1 %d Test\r\nContent-Length: %lu\r\nConnection: close\r\n%s\r\n",
                     status, (unsigned long)body_len, extra ? extra : "");
    char *out = n > 0 && (size_t)n < sizeof head ? malloc((size_t)n + body_len + 1) : NULL;
    if (!out)
        return NULL;
    memcpy(out, head, (size_t)n);
    if (body_len)
        memcpy(out + n, body, body_len);
    out[(size_t)n + body_len] = '\0';
    *len = (size_t)n + body_len;
    return out;
}

/* lb_response with a NUL-terminated body. */
static inline char *lb_text(int status, const char *extra, const char *text, size_t *len)
{
    return lb_response(status, extra, text, strlen(text), len);
}

/* Reads one request head; 0 when the client sent none. */
static inline int lb_read_head(lb_socket c, char *buf, size_t size)
{
    size_t have = 0;
    while (have + 1 < size) {
        int n = (int)recv(c, buf + have, (int)(size - 1 - have), 0);
        if (n <= 0)
            break;
        have += (size_t)n;
        buf[have] = '\0';
        if (strstr(buf, "\r\n\r\n"))
            return 1;
    }
    buf[have] = '\0';
    return have > 0;
}

static inline void lb_send_all(lb_socket c, const char *data, size_t len)
{
    while (len) {
        int n = (int)send(c, data, (int)(len > 65536 ? 65536 : len), LB_SEND_FLAGS);
        if (n <= 0)
            return;
        data += n;
        len -= (size_t)n;
    }
}

static inline void lb_serve_one(struct lb_server *s, lb_socket c)
{
    char *head = malloc(LB_HEAD_MAX), *answer = NULL;
    size_t n, len = 0;

    if (head && lb_read_head(c, head, LB_HEAD_MAX)) {
        ck_mutex_lock(s->lock);
        n = s->count++;
        if (n < LB_KEEP)
            s->heads[n] = strdup(head);
        ck_mutex_unlock(s->lock);
        answer = s->respond(s->ctx, n, head, &len);
        if (answer)
            lb_send_all(c, answer, len);
    }
#ifdef _WIN32
    shutdown(c, SD_SEND);
#else
    shutdown(c, SHUT_WR);
#endif
    lb_close_socket(c);
    free(answer);
    free(head);
}

static inline void lb_loop(void *arg)
{
    struct lb_server *s = arg;
    while (!ck_flag_get(&s->stop)) {
        fd_set set;
        struct timeval tv = {0, 50000};
        lb_socket c;
        FD_ZERO(&set);
        FD_SET(s->listener, &set);
        if (select((int)s->listener + 1, &set, NULL, NULL, &tv) <= 0)
            continue;
        c = accept(s->listener, NULL, NULL);
        if (c != LB_BAD_SOCKET)
            lb_serve_one(s, c);
    }
}

/* Keeps libcurl off any proxy the environment names for these tests. */
static inline void lb_no_proxy(void)
{
#ifdef _WIN32
    SetEnvironmentVariableA("no_proxy", "127.0.0.1");
    SetEnvironmentVariableA("NO_PROXY", "127.0.0.1");
#else
    setenv("no_proxy", "127.0.0.1", 1);
    setenv("NO_PROXY", "127.0.0.1", 1);
#endif
}

/* Makes s the proxy of every plain-http request to a host other than
 * 127.0.0.1 (http_proxy), so that a test can name other servers
 * ("http://other.example.test/...") without any name being looked up: their
 * requests reach s as "GET http://other.example.test/... HTTP/1.1". */
static inline void lb_proxy_others(const struct lb_server *s)
{
    char proxy[64];
    snprintf(proxy, sizeof proxy, "http://127.0.0.1:%u", s->port);
#ifdef _WIN32
    SetEnvironmentVariableA("http_proxy", proxy);
#else
    setenv("http_proxy", proxy, 1);
#endif
}

/* 0 on success. */
static inline int lb_start(struct lb_server *s, lb_respond_fn respond, void *ctx)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a;

    memset(s, 0, sizeof s[0]);
    s->respond = respond;
    s->ctx = ctx;
#ifdef _WIN32
    {
        WSADATA wsa;
        if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
            return -1;
    }
#endif
    lb_no_proxy();
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    s->listener = socket(AF_INET, SOCK_STREAM, 0);
    if (s->listener == LB_BAD_SOCKET)
        return -1;
    if (bind(s->listener, (struct sockaddr *)&a, sizeof a) != 0 || listen(s->listener, 16) != 0 ||
        getsockname(s->listener, (struct sockaddr *)&a, &alen) != 0 || !(s->lock = ck_mutex_new())) {
        lb_close_socket(s->listener);
        return -1;
    }
    s->port = ntohs(a.sin_port);
    if (ck_thread_start(&s->thread, lb_loop, s) != CK_OK) {
        lb_close_socket(s->listener);
        ck_mutex_free(s->lock);
        return -1;
    }
    return 0;
}

static inline void lb_stop(struct lb_server *s)
{
    size_t i;
    ck_flag_set(&s->stop, 1);
    ck_thread_join(s->thread);
    lb_close_socket(s->listener);
    ck_mutex_free(s->lock);
    for (i = 0; i < LB_KEEP; i++)
        free(s->heads[i]);
#ifdef _WIN32
    WSACleanup();
#endif
}

/* http://127.0.0.1:<port><path> into buf. */
static inline const char *lb_url(const struct lb_server *s, const char *path, char *buf, size_t size)
{
    snprintf(buf, size, "http://127.0.0.1:%u%s", s->port, path);
    return buf;
}

/* Requests read so far. */
static inline size_t lb_count(struct lb_server *s)
{
    size_t n;
    ck_mutex_lock(s->lock);
    n = s->count;
    ck_mutex_unlock(s->lock);
    return n;
}

/* Non-zero when any kept request head holds text (case-sensitive). */
static inline int lb_seen(struct lb_server *s, const char *text)
{
    size_t i;
    int found = 0;
    ck_mutex_lock(s->lock);
    for (i = 0; i < LB_KEEP && i < s->count && !found; i++)
        found = s->heads[i] && strstr(s->heads[i], text) != NULL;
    ck_mutex_unlock(s->lock);
    return found;
}

/* Non-zero when any kept request head has a header called name (any case). */
static inline int lb_seen_header(struct lb_server *s, const char *name)
{
    size_t i, n = strlen(name);
    int found = 0;
    ck_mutex_lock(s->lock);
    for (i = 0; i < LB_KEEP && i < s->count && !found; i++) {
        const char *p = s->heads[i] ? strstr(s->heads[i], "\r\n") : NULL;
        while (p && !found) {
            p += 2;
            found = !strncasecmp(p, name, n) && p[n] == ':';
            p = strstr(p, "\r\n");
        }
    }
    ck_mutex_unlock(s->lock);
    return found;
}

#endif
