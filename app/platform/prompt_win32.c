/* Windows side of prompt.h: the console input buffer with ENABLE_ECHO_INPUT
 * cleared, read as UTF-16 and returned as UTF-8. */
#ifdef _WIN32

#include "platform/prompt.h"

#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "platform/win32_text.h"

#define LINE_MAX_CHARS 4096

char *ck_prompt_secret(const char *prompt)
{
    HANDLE in = CreateFileW(L"CONIN$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                            NULL, OPEN_EXISTING, 0, NULL);
    HANDLE out = CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                             NULL, OPEN_EXISTING, 0, NULL);
    wchar_t *buf = NULL, *wprompt = NULL;
    DWORD mode = 0, got = 0, written;
    char *line = NULL;
    int restore = 0;

    if (in == INVALID_HANDLE_VALUE || !GetConsoleMode(in, &mode))
        goto cleanup;
    restore = SetConsoleMode(in, (mode & ~(DWORD)ENABLE_ECHO_INPUT) | ENABLE_LINE_INPUT |
                                 ENABLE_PROCESSED_INPUT) != 0;
    wprompt = ck_utf8_to_wide(prompt);
    if (out != INVALID_HANDLE_VALUE && wprompt)
        WriteConsoleW(out, wprompt, (DWORD)wcslen(wprompt), &written, NULL);
    buf = calloc(LINE_MAX_CHARS + 1, sizeof *buf);
    if (buf && ReadConsoleW(in, buf, LINE_MAX_CHARS, &got, NULL) && got > 0) {
        buf[got] = L'\0';
        buf[wcscspn(buf, L"\r\n")] = L'\0';
        line = ck_wide_to_utf8(buf);
    }
    if (out != INVALID_HANDLE_VALUE)
        WriteConsoleW(out, L"\r\n", 2, &written, NULL);

cleanup:
    if (restore)
        SetConsoleMode(in, mode);
    if (buf) {
        SecureZeroMemory(buf, (LINE_MAX_CHARS + 1) * sizeof *buf);
        free(buf);
    }
    free(wprompt);
    if (in != INVALID_HANDLE_VALUE)
        CloseHandle(in);
    if (out != INVALID_HANDLE_VALUE)
        CloseHandle(out);
    return line;
}

#endif
