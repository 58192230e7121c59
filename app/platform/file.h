/* Whole files read at once, with a size cap, and 64-bit positions in large
 * files: the one way core reads a configuration, a list, a report or a
 * record file. */
#ifndef CK_PLATFORM_FILE_H
#define CK_PLATFORM_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/buf.h"
#include "util/status.h"

/* Reads the file at path (UTF-8) into out, replacing what out held, NUL
 * terminated. At most max bytes: a larger file is CK_ERR_LIMIT. A file that
 * does not exist is CK_ERR_NOTFOUND, one that cannot be opened or read
 * CK_ERR_IO (with the system's reason); err names the file either way. On
 * failure out is left as it was. */
enum ck_status ck_file_read_all(const char *path, size_t max, struct ck_buf *out, struct ck_err *err);
/* The same from an open stream (name: how err calls it, "the standard input"). */
enum ck_status ck_stream_read_all(FILE *f, const char *name, size_t max, struct ck_buf *out, struct ck_err *err);

/* fseek and ftell with 64-bit offsets (files past 2 GiB on Windows too).
 * ck_fseek64 returns 0 on success; ck_ftell64 -1 on failure. */
int ck_fseek64(FILE *f, int64_t offset, int whence);
int64_t ck_ftell64(FILE *f);

#endif
