/* The scripted HTTP server of the web-client fuzz targets (fuzz_server.h). */
#define _GNU_SOURCE /* memmem */
#include "fuzz_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/log.h"

#define HEAD_MAX 65536

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int listen_fd = -1;
static char *script[CK_FUZZ_SCRIPT_MAX];
static size_t script_len[CK_FUZZ_SCRIPT_MAX], script_count, script_next;
static struct ck_fuzz_request seen[CK_FUZZ_SCRIPT_MAX * 2];
static size_t seen_count, seen_total;

static void die(const char *what)
{
    perror(what);
    abort();
}

/* Reads up to the blank line that ends the request head; NULL when the
 * client goes away or takes too long. */
static char *read_head(int fd)
{
    char *buf = malloc(HEAD_MAX + 1);
    size_t len = 0;

    if (!buf)
        return NULL;
    while (len < HEAD_MAX) {
        struct pollfd p = {fd, POLLIN, 0};
        ssize_t n;
        if (poll(&p, 1, 5000) <= 0)
            break;
        n = recv(fd, buf + len, HEAD_MAX - len, 0);
        if (n <= 0)
            break;
        len += (size_t)n;
        buf[len] = '\0';
        if (strstr(buf, "\r\n\r\n"))
            return buf;
    }
    free(buf);
    return NULL;
}

static void send_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k <= 0)
            return;
        p += k;
        n -= (size_t)k;
    }
}

static void serve(int fd)
{
    char *head = read_head(fd), *reply = NULL;
    size_t reply_len = 0;

    pthread_mutex_lock(&lock);
    if (head) {
        int answered = 0;
        if (strncmp(head, "CONNECT ", 8) != 0 && script_next < script_count) {
            reply_len = script_len[script_next];
            reply = malloc(reply_len ? reply_len : 1);
            if (reply)
                memcpy(reply, script[script_next], reply_len);
            script_next++;
            answered = 1;
        }
        if (seen_count < sizeof seen / sizeof seen[0]) {
            seen[seen_count].head = head;
            seen[seen_count].answered = answered;
            seen_count++;
            head = NULL;
        }
        seen_total++;
    }
    pthread_mutex_unlock(&lock);
    free(head);
    if (reply) {
        /* "HTTP/1.x 429" waits real seconds in the client: send 503 */
        if (reply_len >= 12 && !memcmp(reply, "HTTP/1.", 7) && !memcmp(reply + 8, " 429", 4))
            memcpy(reply + 9, "503", 3);
        send_all(fd, reply, reply_len);
        free(reply);
    }
    shutdown(fd, SHUT_WR);
    close(fd);
}

static void *server_main(void *arg)
{
    (void)arg;
    for (;;) {
        int fd = accept(listen_fd, NULL, NULL);
        if (fd < 0)
            continue;
        serve(fd);
    }
    return NULL;
}

void ck_fuzz_server_start(void)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    pthread_t t;
    char url[64];
    int one = 1;

    if (listen_fd >= 0)
        return;
    if ((listen_fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
        die("socket");
    setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listen_fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(listen_fd, 16) != 0 ||
        getsockname(listen_fd, (struct sockaddr *)&a, &alen) != 0)
        die("bind 127.0.0.1");
    snprintf(url, sizeof url, "http://127.0.0.1:%u", (unsigned)ntohs(a.sin_port));
    setenv("http_proxy", url, 1);
    setenv("https_proxy", url, 1);
    setenv("HTTPS_PROXY", url, 1);
    unsetenv("HTTP_PROXY");
    unsetenv("all_proxy");
    unsetenv("ALL_PROXY");
    unsetenv("no_proxy");
    unsetenv("NO_PROXY");
    if (pthread_create(&t, NULL, server_main, NULL) != 0)
        die("pthread_create");
    pthread_detach(t);
}

static void forget(void)
{
    size_t i;
    for (i = 0; i < script_count; i++)
        free(script[i]);
    for (i = 0; i < seen_count; i++)
        free(seen[i].head);
    script_count = script_next = seen_count = seen_total = 0;
}

void ck_fuzz_server_script(const char *const *responses, const size_t *lens, size_t count)
{
    size_t i;
    pthread_mutex_lock(&lock);
    forget();
    for (i = 0; i < count && i < CK_FUZZ_SCRIPT_MAX; i++) {
        script[i] = malloc(lens[i] ? lens[i] : 1);
        if (!script[i])
            break;
        memcpy(script[i], responses[i], lens[i]);
        script_len[i] = lens[i];
        script_count++;
    }
    pthread_mutex_unlock(&lock);
}

const struct ck_fuzz_request *ck_fuzz_server_requests(size_t *count, size_t *total)
{
    pthread_mutex_lock(&lock);
    *count = seen_count;
    if (total)
        *total = seen_total;
    pthread_mutex_unlock(&lock);
    return seen;
}

int ck_fuzz_request_to(const char *head, const char *host, unsigned port)
{
    char *h = ck_fuzz_request_header(head, "host"), *colon;
    unsigned hport = 80;
    int same;

    if (!h || strncmp(head, "GET http://", 11) != 0) {
        free(h);
        return 0;
    }
    colon = strrchr(h, ':');
    if (colon && !strchr(colon, ']')) {
        hport = (unsigned)strtoul(colon + 1, NULL, 10);
        *colon = '\0';
    }
    same = !strcasecmp(h, host) && (!port || hport == port);
    free(h);
    return same;
}

size_t ck_fuzz_split(const char *data, size_t size, const char **parts, size_t *lens, size_t max)
{
    const size_t seplen = sizeof CK_FUZZ_SEPARATOR - 1;
    size_t n = 0;

    while (n + 1 < max) {
        const char *sep = memmem(data, size, CK_FUZZ_SEPARATOR, seplen);
        if (!sep)
            break;
        parts[n] = data;
        lens[n] = (size_t)(sep - data);
        n++;
        size -= (size_t)(sep - data) + seplen;
        data = sep + seplen;
    }
    parts[n] = data;
    lens[n] = size;
    return n + 1;
}

char *ck_fuzz_request_header(const char *head, const char *name)
{
    size_t nlen = strlen(name);
    const char *p = strstr(head, "\r\n");

    while (p && p[2] != '\r') {
        const char *line = p + 2, *end = strstr(line, "\r\n");
        if (!end)
            break;
        if ((size_t)(end - line) > nlen && line[nlen] == ':' && !strncasecmp(line, name, nlen)) {
            const char *v = line + nlen + 1;
            char *out;
            while (*v == ' ')
                v++;
            out = malloc((size_t)(end - v) + 1);
            if (out) {
                memcpy(out, v, (size_t)(end - v));
                out[end - v] = '\0';
            }
            return out;
        }
        p = end;
    }
    return NULL;
}

static void (*log_check)(const char *line);

static void log_sink(void *ctx, enum ck_log_level level, const char *line)
{
    (void)ctx, (void)level;
    if (log_check)
        log_check(line);
}

void ck_fuzz_log_to(void (*fn)(const char *line))
{
    log_check = fn;
    ck_log_set_console(0);
    ck_log_set_level(CK_LOG_DEBUG);
    ck_log_set_sink(log_sink, NULL);
}
