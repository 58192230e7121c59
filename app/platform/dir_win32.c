/* Win32 implementation of dir.h. */
#ifdef _WIN32
#include <windows.h>

#include "platform/dir.h"
#include "platform/win32_text.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

enum ck_fs_kind ck_fs_kind_of(const char *path)
{
    wchar_t *w = ck_utf8_to_wide(path);
    DWORD a;

    if (!w)
        return CK_FS_NONE;
    a = GetFileAttributesW(w);
    free(w);
    if (a == INVALID_FILE_ATTRIBUTES)
        return CK_FS_NONE;
    if (a & FILE_ATTRIBUTE_REPARSE_POINT)
        return CK_FS_SYMLINK;
    if (a & FILE_ATTRIBUTE_DIRECTORY)
        return CK_FS_DIR;
    if (a & FILE_ATTRIBUTE_DEVICE)
        return CK_FS_OTHER;
    return CK_FS_FILE;
}

char *ck_fs_readlink(const char *path)
{
    (void)path;
    return NULL;
}

enum ck_status ck_dir_list(const char *path, ck_dir_fn fn, void *ctx)
{
    size_t n = strlen(path);
    char *pattern = malloc(n + 3);
    wchar_t *w;
    WIN32_FIND_DATAW fd;
    HANDLE h;

    if (!pattern)
        return CK_ERR_NOMEM;
    memcpy(pattern, path, n);
    strcpy(pattern + n, n && (path[n - 1] == '/' || path[n - 1] == '\\') ? "*" : "\\*");
    w = ck_utf8_to_wide(pattern);
    free(pattern);
    if (!w)
        return CK_ERR_NOMEM;
    h = FindFirstFileW(w, &fd);
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        return e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND ? CK_ERR_NOTFOUND
               : e == ERROR_ACCESS_DENIED                             ? CK_ERR_PERMISSION
                                                                      : CK_ERR_IO;
    }
    do {
        char *name;
        int stop;
        if (!wcscmp(fd.cFileName, L".") || !wcscmp(fd.cFileName, L".."))
            continue;
        name = ck_wide_to_utf8(fd.cFileName);
        if (!name)
            continue;
        stop = fn(ctx, name);
        free(name);
        if (stop)
            break;
    } while (FindNextFileW(h, &fd));
    FindClose(h);
    return CK_OK;
}

#endif
