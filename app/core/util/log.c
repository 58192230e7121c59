#include "util/log.h"

#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "platform/platform.h"
#include "util/utf8.h"

static enum ck_log_level log_level = CK_LOG_INFO;
static int log_console = 1;
static FILE *log_file;
static ck_log_sink_fn log_sink;
static void *log_sink_ctx;
static ck_mutex *log_mutex;

static const char *const prefixes[] = {"[!]", "[?]", "[$]", "[*]", "[-]"};

const char *ck_log_prefix(enum ck_log_level level)
{
    if ((unsigned)level > CK_LOG_DEBUG)
        return "[*]";
    return prefixes[level];
}

void ck_log_set_level(enum ck_log_level max_level) { log_level = max_level; }
enum ck_log_level ck_log_get_level(void) { return log_level; }
void ck_log_set_console(int on) { log_console = on; }

void ck_log_prepare(void)
{
    if (!log_mutex)
        log_mutex = ck_mutex_new();
}

static void lock(void)
{
    /* Created on first use, on one thread (ck_log_prepare: before any
     * worker starts). */
    ck_log_prepare();
    if (log_mutex)
        ck_mutex_lock(log_mutex);
}

static void unlock(void)
{
    if (log_mutex)
        ck_mutex_unlock(log_mutex);
}

int ck_log_open_file(const char *path)
{
    FILE *f = NULL;
    if (path) {
        f = ck_fopen(path, "a");
        if (!f)
            return -1;
    }
    lock();
    if (log_file)
        fclose(log_file);
    log_file = f;
    unlock();
    return 0;
}

void ck_log_set_sink(ck_log_sink_fn fn, void *ctx)
{
    lock();
    log_sink = fn;
    log_sink_ctx = ctx;
    unlock();
}

void ck_log(enum ck_log_level level, const char *fmt, ...)
{
    char raw[2048], line[2048];
    char stamp[32], *c;
    struct tm tm;
    va_list ap;
    int n;

    if (level > log_level)
        return;
    ck_time_local(ck_time_now(), &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
    n = snprintf(raw, sizeof raw, "%s %s ", stamp, ck_log_prefix(level));
    if (n < 0 || (size_t)n >= sizeof raw)
        return;
    va_start(ap, fmt);
    vsnprintf(raw + n, sizeof raw - (size_t)n, fmt, ap);
    va_end(ap);
    /* Messages carry names from images and records: nothing in them may
     * steer a terminal, and one message stays one line. */
    ck_utf8_clean_to(line, sizeof line, raw, CK_UTF8_TERMINAL);
    for (c = line; *c; c++)
        if (*c == '\n' || *c == '\t')
            *c = ' ';

    lock();
    if (log_console) {
        fputs(line, stderr);
        fputc('\n', stderr);
    }
    if (log_file) {
        fputs(line, log_file);
        fputc('\n', log_file);
        fflush(log_file);
    }
    if (log_sink)
        log_sink(log_sink_ctx, level, line);
    unlock();
}

void ck_log_shutdown(void)
{
    ck_log_open_file(NULL);
    ck_mutex_free(log_mutex);
    log_mutex = NULL;
}
