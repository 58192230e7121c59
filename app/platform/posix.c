/* POSIX implementation of platform.h (Linux). */
#ifndef _WIN32

#include "platform/platform.h"
#include "platform/file.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct ck_thread {
    pthread_t tid;
    ck_thread_fn fn;
    void *arg;
};

struct ck_mutex {
    pthread_mutex_t m;
};

static void *thread_trampoline(void *p)
{
    struct ck_thread *t = p;
    t->fn(t->arg);
    return NULL;
}

enum ck_status ck_thread_start(ck_thread **out, ck_thread_fn fn, void *arg)
{
    struct ck_thread *t = calloc(1, sizeof *t);
    if (!t)
        return CK_ERR_NOMEM;
    t->fn = fn;
    t->arg = arg;
    if (pthread_create(&t->tid, NULL, thread_trampoline, t) != 0) {
        free(t);
        return CK_ERR_NOMEM;
    }
    *out = t;
    return CK_OK;
}

void ck_thread_join(ck_thread *t)
{
    if (!t)
        return;
    pthread_join(t->tid, NULL);
    free(t);
}

ck_mutex *ck_mutex_new(void)
{
    struct ck_mutex *m = calloc(1, sizeof *m);
    if (m)
        pthread_mutex_init(&m->m, NULL);
    return m;
}

void ck_mutex_free(ck_mutex *m)
{
    if (!m)
        return;
    pthread_mutex_destroy(&m->m);
    free(m);
}

void ck_mutex_lock(ck_mutex *m) { pthread_mutex_lock(&m->m); }
void ck_mutex_unlock(ck_mutex *m) { pthread_mutex_unlock(&m->m); }

void ck_flag_set(ck_atomic_flag *f, long v) { __atomic_store_n(&f->value, v, __ATOMIC_SEQ_CST); }
long ck_flag_get(const ck_atomic_flag *f) { return __atomic_load_n(&f->value, __ATOMIC_SEQ_CST); }

int64_t ck_time_now(void) { return (int64_t)time(NULL); }

uint64_t ck_time_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t ck_time_monotonic_ms(void) { return ck_time_monotonic_ns() / 1000000u; }

void ck_sleep_ms(unsigned ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
    }
}

void ck_time_local(int64_t t, struct tm *out)
{
    time_t tt = (time_t)t;
    localtime_r(&tt, out);
}

void ck_time_utc(int64_t t, struct tm *out)
{
    time_t tt = (time_t)t;
    gmtime_r(&tt, out);
}

FILE *ck_fopen(const char *path, const char *mode) { return fopen(path, mode); }
int ck_remove(const char *path) { return remove(path); }
int ck_rename_replace(const char *src, const char *dst) { return rename(src, dst); }

enum ck_status ck_replace_file(const char *src, const char *dst, struct ck_err *err)
{
    /* POSIX replaces a file others hold open: only a real failure is left */
    if (rename(src, dst) != 0)
        return ck_err_set(err, CK_ERR_IO, "cannot replace %s: %s", dst, strerror(errno));
    return CK_OK;
}

int ck_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int ck_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

int ck_mkdirs(const char *path)
{
    char *p = strdup(path);
    char *s;
    int rc = 0;

    if (!p)
        return -1;
    for (s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST)
            rc = -1;
        *s = '/';
    }
    if (mkdir(p, 0755) != 0 && errno != EEXIST)
        rc = -1;
    free(p);
    return rc == 0 && ck_is_dir(path) ? 0 : -1;
}

char *ck_getenv(const char *name)
{
    const char *v = getenv(name);
    return v ? strdup(v) : NULL;
}

char *ck_home_dir(void) { return ck_getenv("HOME"); }

char *ck_path_join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    int sep = la > 0 && a[la - 1] != '/';
    char *p = malloc(la + lb + 2);
    if (!p)
        return NULL;
    memcpy(p, a, la);
    if (sep)
        p[la] = '/';
    memcpy(p + la + sep, b, lb + 1);
    return p;
}

char *ck_data_dir(void)
{
    char *base = ck_getenv("XDG_DATA_HOME");
    char *dir;

    if (!base || !*base) {
        char *home = ck_home_dir();
        free(base);
        if (!home)
            return NULL;
        base = ck_path_join(home, ".local/share");
        free(home);
        if (!base)
            return NULL;
    }
    dir = ck_path_join(base, "containerkitty");
    free(base);
    if (dir && ck_mkdirs(dir) != 0) {
        free(dir);
        return NULL;
    }
    return dir;
}

int ck_isatty(FILE *f) { return isatty(fileno(f)); }

int ck_fseek64(FILE *f, int64_t offset, int whence) { return fseeko(f, (off_t)offset, whence); }
int64_t ck_ftell64(FILE *f) { return (int64_t)ftello(f); }
void ck_console_init(void) {}

static ck_atomic_flag *interrupt_flag;

static void on_sigint(int sig)
{
    (void)sig;
    if (interrupt_flag && !ck_flag_get(interrupt_flag)) {
        ck_flag_set(interrupt_flag, 1);
        return;
    }
    signal(SIGINT, SIG_DFL);
    raise(SIGINT);
}

void ck_console_on_interrupt(ck_atomic_flag *flag)
{
    interrupt_flag = flag;
    signal(SIGINT, flag ? on_sigint : SIG_DFL);
}

#endif
