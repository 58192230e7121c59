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

enum ck_status ck_process_run(const char *const argv[], const void *input, size_t input_len,
                              struct ck_buf *out, size_t out_max, unsigned timeout_ms,
                              int *exit_code, struct ck_err *err)
{
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    HANDLE in_r = NULL, in_w = NULL, out_r = NULL, out_w = NULL, nul = NULL;
    STARTUPINFOW si;
    PROCESS_INFORMATION pi = {0};
    struct ck_buf cmd, got;
    wchar_t *wcmd = NULL;
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
    /* The input pipe holds all of the input, so writing it never blocks. */
    if (!CreatePipe(&in_r, &in_w, &sa, (DWORD)input_len + 4096) || !CreatePipe(&out_r, &out_w, &sa, 0)) {
        st = ck_err_set(err, CK_ERR_IO, "cannot create pipes for %s", argv[0]);
        goto cleanup;
    }
    SetHandleInformation(in_w, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(out_r, HANDLE_FLAG_INHERIT, 0);
    nul = CreateFileW(L"NUL", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa, OPEN_EXISTING, 0, NULL);
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = in_r;
    si.hStdOutput = out_w;
    si.hStdError = nul != INVALID_HANDLE_VALUE ? nul : out_w;
    if (!CreateProcessW(NULL, wcmd, NULL, NULL, TRUE, CREATE_NO_WINDOW, NULL, NULL, &si, &pi)) {
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
    if (cred)
        CredFree(cred);
    free(u);
    free(s);
    free(wtarget);
    return st;
}

#endif
