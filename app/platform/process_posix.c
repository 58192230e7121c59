/* POSIX child processes (process.h) and the credential store stub
 * (credstore.h). */
#ifndef _WIN32

#include "platform/process.h"
#include "platform/credstore.h"
#include "platform/platform.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

static int make_pipe(int fds[2])
{
    if (pipe(fds) != 0)
        return -1;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    return 0;
}

/* Feeds the input and drains the output until the child closes its output,
 * the limit or the deadline is hit. */
static enum ck_status pump(int *in_fd, int *out_fd, const char *input, size_t input_len,
                           struct ck_buf *out, size_t out_max, unsigned timeout_ms,
                           const char *prog, struct ck_err *err)
{
    uint64_t deadline = ck_time_monotonic_ms() + timeout_ms;
    size_t written = 0, captured = 0;
    char chunk[4096];

    if (input_len == 0)
        close_fd(in_fd);
    while (*out_fd >= 0) {
        struct pollfd p[2];
        nfds_t n = 0;
        uint64_t now = ck_time_monotonic_ms();
        int rc;

        if (now >= deadline)
            return ck_err_set(err, CK_ERR_TIMEOUT, "%s did not finish within %u ms", prog, timeout_ms);
        p[n].fd = *out_fd, p[n].events = POLLIN, p[n].revents = 0, n++;
        if (*in_fd >= 0)
            p[n].fd = *in_fd, p[n].events = POLLOUT, p[n].revents = 0, n++;
        rc = poll(p, n, (int)(deadline - now));
        if (rc < 0 && errno == EINTR)
            continue;
        if (rc < 0)
            return ck_err_set(err, CK_ERR_IO, "poll failed while running %s", prog);
        if (n > 1 && p[1].revents) {
            ssize_t w = write(*in_fd, input + written, input_len - written);
            if (w > 0)
                written += (size_t)w;
            /* EPIPE: the child does not read its input; it may still answer. */
            if (w < 0 || written == input_len)
                close_fd(in_fd);
        }
        if (p[0].revents) {
            ssize_t r = read(*out_fd, chunk, sizeof chunk);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0) {
                close_fd(out_fd);
                break;
            }
            captured += (size_t)r;
            if (captured > out_max)
                return ck_err_set(err, CK_ERR_LIMIT, "%s wrote more than %lu bytes", prog, (unsigned long)out_max);
            if (ck_buf_append(out, chunk, (size_t)r) != CK_OK)
                return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        }
    }
    return CK_OK;
}

enum ck_status ck_process_run(const char *const argv[], const void *input, size_t input_len,
                              struct ck_buf *out, size_t out_max, unsigned timeout_ms,
                              int *exit_code, struct ck_err *err)
{
    int in[2] = {-1, -1}, outp[2] = {-1, -1}, status = 0, rc;
    pid_t pid = -1;
    posix_spawn_file_actions_t fa;
    sigset_t pipe_set, old_set;
    struct ck_buf got;
    enum ck_status st = CK_OK;

    ck_buf_init(&got);
    if (make_pipe(in) != 0 || make_pipe(outp) != 0) {
        st = ck_err_set(err, CK_ERR_IO, "cannot create pipes for %s", argv[0]);
        goto cleanup;
    }
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        pid = -1;
        st = ck_err_set(err, rc == ENOENT ? CK_ERR_NOTFOUND : CK_ERR_IO,
                        rc == ENOENT ? "%s was not found on PATH" : "cannot run %s: %s", argv[0],
                        strerror(rc));
        goto cleanup;
    }
    close_fd(&in[0]);
    close_fd(&outp[1]);
    fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);

    /* A child that exits without reading its input must not kill us with
     * SIGPIPE: block it on this thread and drop a pending one afterwards. */
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
    st = pump(&in[1], &outp[0], input, input_len, &got, out_max, timeout_ms, argv[0], err);
    close_fd(&in[1]);
    {
        struct timespec zero = {0, 0};
        while (sigtimedwait(&pipe_set, NULL, &zero) > 0) {
        }
    }
    pthread_sigmask(SIG_SETMASK, &old_set, NULL);

cleanup:
    close_fd(&in[0]);
    close_fd(&in[1]);
    close_fd(&outp[0]);
    close_fd(&outp[1]);
    if (pid > 0) {
        if (st != CK_OK)
            kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    if (st == CK_OK) {
        if (ck_buf_append(out, got.data ? got.data : "", got.len) != CK_OK)
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        else
            *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (got.data)
        memset(got.data, 0, got.len); /* helper output may hold a secret */
    ck_buf_release(&got);
    return st;
}

enum ck_status ck_credstore_read(const char *target, char **user, char **secret,
                                 struct ck_err *err)
{
    (void)user, (void)secret;
    return ck_err_set(err, CK_ERR_UNSUPPORTED,
                      "no built-in credential store on this system (looked for %s)", target);
}

#endif
