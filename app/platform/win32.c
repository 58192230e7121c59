/* Win32 implementation of platform.h. Core is UTF-8; conversion to UTF-16
 * happens here and nowhere else. */
#ifdef _WIN32
#include <windows.h>
#include <shlobj.h>
#include <restartmanager.h>
#include <io.h>

#include "platform/platform.h"
#include "platform/file.h"
#include "platform/win32_text.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- UTF-8 <-> UTF-16 -------------------------------------------------- */

wchar_t *ck_utf8_to_wide(const char *s)
{
    int n;
    wchar_t *w;

    if (!s)
        return NULL;
    n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    if (n <= 0)
        return NULL;
    w = malloc((size_t)n * sizeof *w);
    if (w && MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n) <= 0) {
        free(w);
        return NULL;
    }
    return w;
}

char *ck_wide_to_utf8(const wchar_t *w)
{
    int n;
    char *s;

    if (!w)
        return NULL;
    n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    if (n <= 0)
        return NULL;
    s = malloc((size_t)n);
    if (s && WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL) <= 0) {
        free(s);
        return NULL;
    }
    return s;
}

/* ---- threads ----------------------------------------------------------- */

struct ck_thread {
    HANDLE h;
    ck_thread_fn fn;
    void *arg;
};

struct ck_mutex {
    CRITICAL_SECTION cs;
};

static DWORD WINAPI thread_trampoline(LPVOID p)
{
    struct ck_thread *t = p;
    t->fn(t->arg);
    return 0;
}

enum ck_status ck_thread_start(ck_thread **out, ck_thread_fn fn, void *arg)
{
    struct ck_thread *t = calloc(1, sizeof *t);
    if (!t)
        return CK_ERR_NOMEM;
    t->fn = fn;
    t->arg = arg;
    t->h = CreateThread(NULL, 0, thread_trampoline, t, 0, NULL);
    if (!t->h) {
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
    WaitForSingleObject(t->h, INFINITE);
    CloseHandle(t->h);
    free(t);
}

ck_mutex *ck_mutex_new(void)
{
    struct ck_mutex *m = calloc(1, sizeof *m);
    if (m)
        InitializeCriticalSection(&m->cs);
    return m;
}

void ck_mutex_free(ck_mutex *m)
{
    if (!m)
        return;
    DeleteCriticalSection(&m->cs);
    free(m);
}

void ck_mutex_lock(ck_mutex *m) { EnterCriticalSection(&m->cs); }
void ck_mutex_unlock(ck_mutex *m) { LeaveCriticalSection(&m->cs); }

void ck_flag_set(ck_atomic_flag *f, long v) { InterlockedExchange(&f->value, v); }
long ck_flag_get(const ck_atomic_flag *f) { return InterlockedCompareExchange((volatile long *)&f->value, 0, 0); }

/* ---- time -------------------------------------------------------------- */

int64_t ck_time_now(void)
{
    FILETIME ft;
    ULARGE_INTEGER u;
    GetSystemTimeAsFileTime(&ft);
    u.LowPart = ft.dwLowDateTime;
    u.HighPart = ft.dwHighDateTime;
    return (int64_t)(u.QuadPart / 10000000ULL) - 11644473600LL;
}

uint64_t ck_time_monotonic_ns(void)
{
    LARGE_INTEGER f, c;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&c);
    return (uint64_t)((double)c.QuadPart * 1e9 / (double)f.QuadPart);
}

uint64_t ck_time_monotonic_ms(void) { return GetTickCount64(); }
void ck_sleep_ms(unsigned ms) { Sleep(ms); }

void ck_time_local(int64_t t, struct tm *out)
{
    __time64_t tt = (__time64_t)t;
    _localtime64_s(out, &tt);
}

void ck_time_utc(int64_t t, struct tm *out)
{
    __time64_t tt = (__time64_t)t;
    _gmtime64_s(out, &tt);
}

/* ---- files and environment --------------------------------------------- */

FILE *ck_fopen(const char *path, const char *mode)
{
    wchar_t *wp = ck_utf8_to_wide(path), *wm = ck_utf8_to_wide(mode);
    FILE *f = NULL;
    if (wp && wm)
        f = _wfopen(wp, wm);
    free(wp);
    free(wm);
    return f;
}

int ck_remove(const char *path)
{
    wchar_t *wp = ck_utf8_to_wide(path);
    int rc = wp && DeleteFileW(wp) ? 0 : -1;
    free(wp);
    return rc;
}

int ck_rename_replace(const char *src, const char *dst)
{
    wchar_t *ws = ck_utf8_to_wide(src), *wd = ck_utf8_to_wide(dst);
    int rc = ws && wd && MoveFileExW(ws, wd, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH) ? 0 : -1;
    free(ws);
    free(wd);
    return rc;
}

/* Errors that last while another program has the file open. */
static int held_error(DWORD e)
{
    return e == ERROR_SHARING_VIOLATION || e == ERROR_LOCK_VIOLATION || e == ERROR_ACCESS_DENIED ||
           e == ERROR_USER_MAPPED_FILE;
}

/* The programs holding path, "EXCEL.EXE (pid 4242)", as the Restart Manager
 * knows them, into out (UTF-8); "" when it cannot tell. */
static void holders_of(const wchar_t *path, char *out, size_t size)
{
    DWORD session, reasons = 0;
    WCHAR key[CCH_RM_SESSION_KEY + 1];
    RM_PROCESS_INFO info[4];
    UINT needed = 0, n = 4, i;
    LPCWSTR files[1];
    size_t used = 0;

    out[0] = '\0';
    memset(key, 0, sizeof key);
    if (RmStartSession(&session, 0, key) != ERROR_SUCCESS)
        return;
    files[0] = path;
    if (RmRegisterResources(session, 1, files, 0, NULL, 0, NULL) == ERROR_SUCCESS) {
        DWORD rc = RmGetList(session, &needed, &n, info, &reasons);
        for (i = 0; (rc == ERROR_SUCCESS || rc == ERROR_MORE_DATA) && i < n && i < 4 && used + 1 < size; i++) {
            char *name = ck_wide_to_utf8(info[i].strAppName);
            int w = snprintf(out + used, size - used, "%s%s (pid %lu)", used ? ", " : "", name ? name : "?",
                             (unsigned long)info[i].Process.dwProcessId);
            free(name);
            if (w < 0)
                break;
            used += (size_t)w < size - used ? (size_t)w : size - used - 1;
        }
    }
    RmEndSession(session);
}

enum ck_status ck_replace_file(const char *src, const char *dst, struct ck_err *err)
{
    wchar_t *ws = ck_utf8_to_wide(src), *wd = ck_utf8_to_wide(dst);
    DWORD e = ERROR_SUCCESS;
    char who[400];
    int waited = 0, moved;

    if (!ws || !wd) {
        free(ws);
        free(wd);
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    }
    while (!(moved = MoveFileExW(ws, wd, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH) != 0)) {
        e = GetLastError();
        if (!held_error(e) || waited >= CK_REPLACE_WAIT_MS)
            break;
        Sleep(100);
        waited += 100;
    }
    if (moved) {
        free(ws);
        free(wd);
        return CK_OK;
    }
    who[0] = '\0';
    if (held_error(e))
        holders_of(wd, who, sizeof who);
    free(ws);
    free(wd);
    if (who[0])
        return ck_err_set(err, CK_ERR_IO, "cannot replace %s: it is held open by %s", dst, who);
    if (held_error(e))
        return ck_err_set(err, CK_ERR_IO, "cannot replace %s: another program holds it open (tried for %d s)", dst,
                          CK_REPLACE_WAIT_MS / 1000);
    return ck_err_set(err, CK_ERR_IO, "cannot replace %s (Windows error %lu)", dst, (unsigned long)e);
}

static DWORD file_attributes(const char *path)
{
    wchar_t *wp = ck_utf8_to_wide(path);
    DWORD a = wp ? GetFileAttributesW(wp) : INVALID_FILE_ATTRIBUTES;
    free(wp);
    return a;
}

int ck_is_dir(const char *path)
{
    DWORD a = file_attributes(path);
    return a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY);
}

int ck_file_exists(const char *path) { return file_attributes(path) != INVALID_FILE_ATTRIBUTES; }

int ck_mkdirs(const char *path)
{
    char *p = _strdup(path);
    char *s;

    if (!p)
        return -1;
    for (s = p; *s; s++) {
        if ((*s == '\\' || *s == '/') && s > p && s[-1] != ':') {
            char c = *s;
            wchar_t *w;
            *s = '\0';
            w = ck_utf8_to_wide(p);
            if (w)
                CreateDirectoryW(w, NULL);
            free(w);
            *s = c;
        }
    }
    {
        wchar_t *w = ck_utf8_to_wide(p);
        if (w)
            CreateDirectoryW(w, NULL);
        free(w);
    }
    free(p);
    return ck_is_dir(path) ? 0 : -1;
}

char *ck_getenv(const char *name)
{
    wchar_t *wn = ck_utf8_to_wide(name);
    wchar_t *wv;
    DWORD n;
    char *v = NULL;

    if (!wn)
        return NULL;
    n = GetEnvironmentVariableW(wn, NULL, 0);
    if (n > 0) {
        wv = malloc(n * sizeof *wv);
        if (wv && GetEnvironmentVariableW(wn, wv, n) > 0)
            v = ck_wide_to_utf8(wv);
        free(wv);
    }
    free(wn);
    return v;
}

char *ck_home_dir(void) { return ck_getenv("USERPROFILE"); }

char *ck_path_join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    int sep = la > 0 && a[la - 1] != '\\' && a[la - 1] != '/';
    char *p = malloc(la + lb + 2);
    if (!p)
        return NULL;
    memcpy(p, a, la);
    if (sep)
        p[la] = '\\';
    memcpy(p + la + sep, b, lb + 1);
    return p;
}

/* The user's local application data folder, as the shell knows it (the
 * variable LOCALAPPDATA only when the shell cannot say: it may be unset, or
 * changed, in a service's or a script's environment). */
static char *local_app_data(void)
{
    /* FOLDERID_LocalAppData, here to need no GUID library */
    static const GUID local_app_data_id = {0xf1b32785, 0x6fba, 0x4fcf, {0x9d, 0x55, 0x7b, 0x8e, 0x7f, 0x15, 0x70, 0x91}};
    PWSTR path = NULL;
    char *out = NULL;

    if (SUCCEEDED(SHGetKnownFolderPath(&local_app_data_id, KF_FLAG_DEFAULT, NULL, &path)))
        out = ck_wide_to_utf8(path);
    CoTaskMemFree(path);
    return out ? out : ck_getenv("LOCALAPPDATA");
}

char *ck_data_dir(void)
{
    char *base = local_app_data();
    char *dir;

    if (!base)
        return NULL;
    dir = ck_path_join(base, "ContainerKitty");
    free(base);
    if (dir && ck_mkdirs(dir) != 0) {
        free(dir);
        return NULL;
    }
    return dir;
}

int ck_fseek64(FILE *f, int64_t offset, int whence) { return _fseeki64(f, (__int64)offset, whence); }
int64_t ck_ftell64(FILE *f) { return (int64_t)_ftelli64(f); }

int ck_isatty(FILE *f)
{
    HANDLE h = (HANDLE)_get_osfhandle(_fileno(f));
    DWORD mode;
    return h != INVALID_HANDLE_VALUE && GetConsoleMode(h, &mode);
}

/* The console's code page as it was before ckitty set UTF-8; 0: not changed. */
static UINT console_cp_before;

static void restore_console_cp(void)
{
    if (console_cp_before)
        SetConsoleOutputCP(console_cp_before);
}

/* UTF-8 output while ckitty runs; the console gets its own code page back
 * at exit, so the shell that started ckitty prints as before. */
void ck_console_init(void)
{
    UINT before = GetConsoleOutputCP();
    if (before && before != CP_UTF8 && SetConsoleOutputCP(CP_UTF8)) {
        console_cp_before = before;
        atexit(restore_console_cp);
    }
}

static ck_atomic_flag *interrupt_flag;

static BOOL WINAPI on_console_ctrl(DWORD type)
{
    if ((type == CTRL_C_EVENT || type == CTRL_BREAK_EVENT) && interrupt_flag && !ck_flag_get(interrupt_flag)) {
        ck_flag_set(interrupt_flag, 1);
        return TRUE;
    }
    return FALSE; /* the default: end the process */
}

void ck_console_on_interrupt(ck_atomic_flag *flag)
{
    interrupt_flag = flag;
    SetConsoleCtrlHandler(on_console_ctrl, flag != NULL);
}

#endif
