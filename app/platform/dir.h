/* Looking at folders without following symbolic links, for reading an
 * image's root folder safely (its links must resolve inside the image, not
 * on this machine). Paths are UTF-8. */
#ifndef CK_PLATFORM_DIR_H
#define CK_PLATFORM_DIR_H

#include "util/status.h"

enum ck_fs_kind { CK_FS_NONE = 0, CK_FS_FILE, CK_FS_DIR, CK_FS_SYMLINK, CK_FS_OTHER };

/* What path is, without following a final symbolic link (lstat). On Windows
 * every reparse point (symbolic link, junction) counts as a link. */
enum ck_fs_kind ck_fs_kind_of(const char *path);
/* The target of the symbolic link at path as stored (malloc'd), or NULL when
 * it is not a link or cannot be read. On Windows: NULL (a link found by
 * ck_fs_kind_of is then not followed). */
char *ck_fs_readlink(const char *path);

/* Calls fn(ctx, name) for every entry of the folder except "." and "..", in
 * no particular order, until fn returns non-zero. CK_ERR_NOTFOUND /
 * CK_ERR_PERMISSION / CK_ERR_IO when the folder cannot be read. */
typedef int (*ck_dir_fn)(void *ctx, const char *name);
enum ck_status ck_dir_list(const char *path, ck_dir_fn fn, void *ctx);

#endif
