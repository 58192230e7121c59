/* The only place where core meets the operating system. Everything here takes
 * and returns UTF-8; win32.c converts at the API boundary, posix.c passes
 * through. Modules add functions here (one implementation in each of win32.c
 * and posix.c) instead of including OS headers in core. */
#ifndef CK_PLATFORM_H
#define CK_PLATFORM_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "util/status.h"

/* ---- threads ---------------------------------------------------------- */
typedef struct ck_thread ck_thread;
typedef struct ck_mutex ck_mutex;
typedef void (*ck_thread_fn)(void *arg);

/* Starts fn(arg) on a new thread; *out is joined (and freed) by ck_thread_join. */
enum ck_status ck_thread_start(ck_thread **out, ck_thread_fn fn, void *arg);
void ck_thread_join(ck_thread *t);

ck_mutex *ck_mutex_new(void);
void ck_mutex_free(ck_mutex *m);
void ck_mutex_lock(ck_mutex *m);
void ck_mutex_unlock(ck_mutex *m);

/* A flag one thread sets and others poll (cancellation). */
typedef struct { volatile long value; } ck_atomic_flag;
void ck_flag_set(ck_atomic_flag *f, long v);
long ck_flag_get(const ck_atomic_flag *f);

/* ---- time ------------------------------------------------------------- */
/* Seconds since the Unix epoch, UTC. */
int64_t ck_time_now(void);
/* Monotonic milliseconds, for timeouts and benchmarks. */
uint64_t ck_time_monotonic_ms(void);
/* Monotonic nanoseconds, for benchmarks. */
uint64_t ck_time_monotonic_ns(void);
void ck_sleep_ms(unsigned ms);
/* Broken-down local time of t (seconds since the epoch). */
void ck_time_local(int64_t t, struct tm *out);
void ck_time_utc(int64_t t, struct tm *out);

/* ---- files and environment (paths are UTF-8) -------------------------- */
FILE *ck_fopen(const char *path, const char *mode);
int ck_remove(const char *path);
/* Atomically replaces dst with src (same folder). */
int ck_rename_replace(const char *src, const char *dst);
/* The same, trying again for a moment (CK_REPLACE_WAIT_MS) while another
 * program holds dst open (a virus scanner, a spreadsheet showing it); err
 * then names the file and, where the system can tell, the programs that
 * hold it. */
#define CK_REPLACE_WAIT_MS 2000
enum ck_status ck_replace_file(const char *src, const char *dst, struct ck_err *err);
/* Creates the folder and its parents; 0 on success or when it exists. */
int ck_mkdirs(const char *path);
int ck_is_dir(const char *path);
int ck_file_exists(const char *path);
/* The environment variable as a malloc'd UTF-8 string, or NULL. */
char *ck_getenv(const char *name);
/* The user's home folder (%USERPROFILE% / $HOME), malloc'd, or NULL. */
char *ck_home_dir(void);
/* Per-user data folder for ContainerKitty, created if missing:
 * %LOCALAPPDATA%\ContainerKitty or $XDG_DATA_HOME/containerkitty
 * (~/.local/share/containerkitty). malloc'd, or NULL. */
char *ck_data_dir(void);
/* The folder separator of this platform. */
#define CK_PATH_SEP_WIN '\\'
#ifdef _WIN32
#define CK_PATH_SEP '\\'
#define CK_PLATFORM_WINDOWS 1 /* for core's choices of defaults, without an #ifdef there */
#else
#define CK_PATH_SEP '/'
#define CK_PLATFORM_WINDOWS 0
#endif
/* a + separator + b, malloc'd. */
char *ck_path_join(const char *a, const char *b);

/* ---- console ---------------------------------------------------------- */
/* Non-zero when the stream is an interactive terminal (console). */
int ck_isatty(FILE *f);
/* Makes stdout/stderr write UTF-8 correctly (Windows console code page). */
void ck_console_init(void);
/* Ctrl+C (and Ctrl+Break) set *flag to 1 instead of ending the process, so
 * a job stops cleanly; a second one ends the process. NULL restores the
 * default. */
void ck_console_on_interrupt(ck_atomic_flag *flag);

#endif
