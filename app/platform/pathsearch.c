/* The search of PATH for a program (see process.h). Portable: the folder
 * separator, the list separator and the file test are the caller's. */
#include "platform/process.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* An entry that names a folder on its own: "C:\x", "\\server\share\x" with
 * ';' lists (Windows), "/usr/bin" with ':' lists. */
static int is_absolute(const char *dir, size_t n, char sep)
{
    if (sep != ';')
        return n && dir[0] == '/';
    if (n >= 3 && ((dir[0] >= 'A' && dir[0] <= 'Z') || (dir[0] >= 'a' && dir[0] <= 'z')) && dir[1] == ':' &&
        (dir[2] == '\\' || dir[2] == '/'))
        return 1;
    return n >= 2 && dir[0] == '\\' && dir[1] == '\\';
}

char *ck_process_search_path(const char *path_env, char sep, const char *name, const char *const *exts,
                             int (*exists)(const char *path))
{
    const char *p = path_env, *end;
    char slash = sep == ';' ? '\\' : '/';
    size_t i;

    if (!name || !*name || strpbrk(name, "/\\:") || !path_env)
        return NULL; /* a name, never a path: it is looked for in the listed folders only */
    for (; *p; p = *end ? end + 1 : end) {
        size_t n;
        end = strchr(p, sep);
        if (!end)
            end = p + strlen(p);
        n = (size_t)(end - p);
        if (n >= 2 && p[0] == '"' && p[n - 1] == '"') /* Windows lets entries be quoted */
            p++, n -= 2;
        if (!is_absolute(p, n, sep))
            continue; /* "", "." and other relative entries: the current folder, which anyone may fill */
        for (i = 0; exts && exts[i]; i++) {
            struct ck_buf b;
            char *candidate;
            ck_buf_init(&b);
            ck_buf_append(&b, p, n);
            if (n && p[n - 1] != slash && p[n - 1] != '/')
                ck_buf_putc(&b, slash);
            ck_buf_printf(&b, "%s%s", name, exts[i]);
            if (!(candidate = ck_buf_take(&b)))
                return NULL;
            if (exists(candidate))
                return candidate;
            free(candidate);
        }
    }
    return NULL;
}
