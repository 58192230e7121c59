/* Win32 child processes (process.h) and the Credential Manager
 * (credstore.h). */
#ifdef _WIN32
#ifndef UNICODE
#define UNICODE
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <wincred.h>

#include "platform/credstore.h"
#include "platform/platform.h"
#include "platform/process.h"
#include "platform/win32_text.h"

#include <stdlib.h>
#include <string.h>

/* Appends one argument quoted as the C runtime's argv parser reads it back. */
static enum ck_status quote_arg(struct ck_buf *b, const char *arg)
{
    const char *p;
    enum ck_status st = CK_OK;

    if (*arg && !strpbrk(arg, " \t\n\v\""))
        return ck_buf_puts(b, arg);
    st = ck_buf_putc(b, '"');
    for (p = arg; st == CK_OK; p++) {
        size_t slashes = 0;
        while (*p == '\\')
            p++, slashes++;
        if (!*p) {
            while (slashes-- && st == CK_OK)
                st = ck_buf_puts(b, "\\\\");
            break;
        }
        if (*p == '"') {
            while (slashes-- && st == CK_OK)
                st = ck_buf_puts(b, "\\\\");
            if (st == CK_OK)
                st = ck_buf_puts(b, "\\\"");
        } else {
            while (slashes-- && st == CK_OK)
                st = ck_buf_putc(b, '\\');
            if (st == CK_OK)
                st = ck_buf_putc(b, *p);
        }
    }
    return st == CK_OK ? ck_buf_putc(b, '"') : st;
}

static void close_handle(HANDLE *h)
{
    if (*h && *h != INVALID_HANDLE_VALUE)
        CloseHandle(*h);
    *h = NULL;
}

/* Reads what the child wrote so far, without blocking. */
static enum ck_status drain(HANDLE h, struct ck_buf *got, size_t out_max, const char *prog,
                            int *eof, struct ck_err *err)
{
    for (;;) {
        char chunk[4096];
        DWORD avail = 0, n = 0;
        if (!PeekNamedPipe(h, NULL, 0, NULL, &avail, NULL)) {
            *eof = 1;
            return CK_OK;
        }
        if (avail == 0)
            return CK_OK;
        if (!ReadFile(h, chunk, avail < sizeof chunk ? avail : sizeof chunk, &n, NULL) || n == 0) {
            *eof = 1;
            return CK_OK;
        }
        if (got->len + n > out_max)
            return ck_err_set(err, CK_ERR_LIMIT, "%s wrote more than %lu bytes", prog, (unsigned long)out_max);
        if (ck_buf_append(got, chunk, n) != CK_OK)
            return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    }
}

static int is_file(const char *path)
{
    wchar_t *w = ck_utf8_to_wide(path);
    DWORD a = w ? GetFileAttributesW(w) : INVALID_FILE_ATTRIBUTES;
    free(w);
    return a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY);
}

/* The program's full path from PATH alone: CreateProcess's own search
 * would look in the application's folder and the current folder first. */
static wchar_t *resolve_program(const char *name)
{
    static const char *const exts[] = {".exe", "", NULL};
    char *path_env, *full;
    wchar_t *w;

    if ((((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')) && name[1] == ':' &&
         (name[2] == '\\' || name[2] == '/')) ||
        name[0] == '\\' || name[0] == '/') { /* a full (or rooted) path: that program */
        struct ck_buf b;
        ck_buf_init(&b);
        ck_buf_printf(&b, "%s%s", name, is_file(name) ? "" : ".exe");
        w = is_file(ck_buf_str(&b)) ? ck_utf8_to_wide(ck_buf_str(&b)) : NULL;
        ck_buf_release(&b);
        return w;
    }
    if (!(path_env = ck_getenv("PATH")))
        return NULL;
    full = ck_process_search_path(path_env, ';', name, exts, is_file);
    free(path_env);
    w = full ? ck_utf8_to_wide(full) : NULL;
    free(full);
    return w;
}

/* An attribute list that lets the child inherit these handles and no
 * others (helpers started at the same time must not get each other's
 * pipes). NULL when the system refuses it: the handles are then inherited
 * as marked. */
static LPPROC_THREAD_ATTRIBUTE_LIST handle_list(HANDLE *handles, DWORD n)
{
    SIZE_T size = 0;
    LPPROC_THREAD_ATTRIBUTE_LIST list;
    InitializeProcThreadAttributeList(NULL, 1, 0, &size);
    if (!size || !(list = malloc(size)))
        return NULL;
    if (!InitializeProcThreadAttributeList(list, 1, 0, &size)) {
        free(list);
        return NULL;
    }
    if (!UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles, n * sizeof *handles, NULL,
                                   NULL)) {
        DeleteProcThreadAttributeList(list);
        free(list);
        return NULL;
    }
    return list;
}

/* Starts the child with its three standard handles. */
static BOOL start_child(const wchar_t *app, wchar_t *cmd, HANDLE in, HANDLE out, HANDLE errh,
                        PROCESS_INFORMATION *pi)
{
    STARTUPINFOEXW si;
    HANDLE handles[3];
    DWORD n = 0, flags = CREATE_NO_WINDOW;
    BOOL ok;

    memset(&si, 0, sizeof si);
    si.StartupInfo.cb = sizeof si.StartupInfo;
    si.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    si.StartupInfo.hStdInput = in;
    si.StartupInfo.hStdOutput = out;
    si.StartupInfo.hStdError = errh;
    handles[n++] = in;
    handles[n++] = out;
    if (errh != out)
        handles[n++] = errh;
    if ((si.lpAttributeList = handle_list(handles, n)) != NULL) {
        si.StartupInfo.cb = sizeof si;
        flags |= EXTENDED_STARTUPINFO_PRESENT;
    }
    ok = CreateProcessW(app, cmd, NULL, NULL, TRUE, flags, NULL, NULL, &si.StartupInfo, pi);
    if (si.lpAttributeList) {
        DeleteProcThreadAttributeList(si.lpAttributeList);
        free(si.lpAttributeList);
    }
    return ok;
}

enum ck_status ck_process_run(const char *const argv[], const void *input, size_t input_len,
                              struct ck_buf *out, size_t out_max, unsigned timeout_ms,
                              int *exit_code, struct ck_err *err)
{
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    HANDLE in_r = NULL, in_w = NULL, out_r = NULL, out_w = NULL, nul = NULL;
    PROCESS_INFORMATION pi = {0};
    struct ck_buf cmd, got;
    wchar_t *wcmd = NULL, *app = NULL;
    uint64_t deadline = ck_time_monotonic_ms() + timeout_ms;
    enum ck_status st = CK_OK;
    DWORD code = 0, written = 0;
    int i, eof = 0;

    ck_buf_init(&cmd);
    ck_buf_init(&got);
    for (i = 0; argv[i] && st == CK_OK; i++) {
        if (i)
            st = ck_buf_putc(&cmd, ' ');
        if (st == CK_OK)
            st = quote_arg(&cmd, argv[i]);
    }
    wcmd = st == CK_OK ? ck_utf8_to_wide(ck_buf_str(&cmd)) : NULL;
    if (!wcmd) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (!(app = resolve_program(argv[0]))) {
        st = ck_err_set(err, CK_ERR_NOTFOUND, "%s was not found on PATH", argv[0]);
        goto cleanup;
    }
    /* The input pipe holds all of the input, so writing it never blocks. */
    if (!CreatePipe(&in_r, &in_w, &sa, (DWORD)input_len + 4096) || !CreatePipe(&out_r, &out_w, &sa, 0)) {
        st = ck_err_set(err, CK_ERR_IO, "cannot create pipes for %s", argv[0]);
        goto cleanup;
    }
    SetHandleInformation(in_w, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(out_r, HANDLE_FLAG_INHERIT, 0);
    nul = CreateFileW(L"NUL", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa, OPEN_EXISTING, 0, NULL);
    if (!start_child(app, wcmd, in_r, out_w, nul != INVALID_HANDLE_VALUE ? nul : out_w, &pi)) {
        DWORD e = GetLastError();
        st = e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND
                 ? ck_err_set(err, CK_ERR_NOTFOUND, "%s was not found on PATH", argv[0])
                 : ck_err_set(err, CK_ERR_IO, "cannot run %s (error %lu)", argv[0], (unsigned long)e);
        goto cleanup;
    }
    close_handle(&in_r);
    close_handle(&out_w);
    close_handle(&nul);
    if (input_len)
        WriteFile(in_w, input, (DWORD)input_len, &written, NULL);
    close_handle(&in_w);

    while (st == CK_OK && !eof) {
        st = drain(out_r, &got, out_max, argv[0], &eof, err);
        if (st != CK_OK || eof)
            break;
        if (WaitForSingleObject(pi.hProcess, 10) == WAIT_OBJECT_0) {
            /* exited: collect what is left in the pipe */
            st = drain(out_r, &got, out_max, argv[0], &eof, err);
            break;
        }
        if (ck_time_monotonic_ms() >= deadline)
            st = ck_err_set(err, CK_ERR_TIMEOUT, "%s did not finish within %u ms", argv[0], timeout_ms);
    }
    if (st != CK_OK)
        TerminateProcess(pi.hProcess, 1);
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
    if (st == CK_OK) {
        if (ck_buf_append(out, ck_buf_str(&got), got.len) != CK_OK)
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        else
            *exit_code = (int)code;
    }

cleanup:
    close_handle(&in_r);
    close_handle(&in_w);
    close_handle(&out_r);
    close_handle(&out_w);
    close_handle(&nul);
    close_handle(&pi.hProcess);
    close_handle(&pi.hThread);
    free(wcmd);
    free(app);
    ck_buf_release(&cmd);
    if (got.data)
        SecureZeroMemory(got.data, got.len); /* helper output may hold a secret */
    ck_buf_release(&got);
    return st;
}

enum ck_status ck_credstore_read(const char *target, char **user, char **secret,
                                 struct ck_err *err)
{
    wchar_t *wtarget = ck_utf8_to_wide(target);
    PCREDENTIALW cred = NULL;
    char *u = NULL, *s = NULL;
    enum ck_status st = CK_OK;

    if (!wtarget)
        return ck_err_set(err, CK_ERR_ARG, "invalid credential name");
    if (!CredReadW(wtarget, CRED_TYPE_GENERIC, 0, &cred)) {
        DWORD e = GetLastError();
        st = e == ERROR_NOT_FOUND
                 ? ck_err_set(err, CK_ERR_NOTFOUND, "no credential for %s in the Windows Credential Manager", target)
                 : ck_err_set(err, CK_ERR_IO, "cannot read the Windows Credential Manager for %s (error %lu)",
                              target, (unsigned long)e);
        goto cleanup;
    }
    u = ck_wide_to_utf8(cred->UserName ? cred->UserName : L"");
    /* The helper stores the secret's UTF-8 bytes as the blob. */
    s = malloc((size_t)cred->CredentialBlobSize + 1);
    if (!u || !s) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (cred->CredentialBlobSize)
        memcpy(s, cred->CredentialBlob, cred->CredentialBlobSize);
    s[cred->CredentialBlobSize] = '\0';
    *user = u;
    *secret = s;
    u = s = NULL;

cleanup:
    if (cred) {
        if (cred->CredentialBlob) /* the secret does not outlive its use in freed memory */
            SecureZeroMemory(cred->CredentialBlob, cred->CredentialBlobSize);
        CredFree(cred);
    }
    free(u);
    free(s);
    free(wtarget);
    return st;
}

#endif
