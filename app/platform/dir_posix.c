/* POSIX implementation of dir.h. */
#ifndef _WIN32

#include "platform/dir.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum ck_fs_kind ck_fs_kind_of(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return CK_FS_NONE;
    if (S_ISLNK(st.st_mode))
        return CK_FS_SYMLINK;
    if (S_ISDIR(st.st_mode))
        return CK_FS_DIR;
    if (S_ISREG(st.st_mode))
        return CK_FS_FILE;
    return CK_FS_OTHER;
}

char *ck_fs_readlink(const char *path)
{
    size_t cap = 256;

    for (;;) {
        char *buf = malloc(cap);
        ssize_t n;
        if (!buf)
            return NULL;
        n = readlink(path, buf, cap);
        if (n < 0) {
            free(buf);
            return NULL;
        }
        if ((size_t)n < cap) {
            buf[n] = '\0';
            return buf;
        }
        free(buf);
        if (cap >= 65536)
            return NULL;
        cap *= 4;
    }
}

enum ck_status ck_dir_list(const char *path, ck_dir_fn fn, void *ctx)
{
    DIR *d = opendir(path);
    struct dirent *e;

    if (!d)
        return errno == ENOENT || errno == ENOTDIR ? CK_ERR_NOTFOUND
               : errno == EACCES                  ? CK_ERR_PERMISSION
                                                  : CK_ERR_IO;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (fn(ctx, e->d_name))
            break;
    }
    closedir(d);
    return CK_OK;
}

#endif
