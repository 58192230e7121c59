/* A streaming tar reader. It is pushed bytes in chunks of any size, as they
 * come from a socket, a pipe, a decompressor or a file, and calls back once
 * per entry header and once per chunk of the entry's data; it never writes
 * anything to disk and buffers no entry data of its own: its memory is one
 * 512-byte block plus the current pax / GNU long-name record (capped).
 *
 * Formats: v7, ustar (name + prefix), pax extended headers (path, linkpath,
 * size; global headers are read and ignored), GNU long names and long link
 * names (typeflags 'L' / 'K'), base-256 numeric fields. Hard links, symbolic
 * links, directories and device nodes carry no data, whatever their size
 * field says.
 *
 * A corrupt header (bad checksum, bad number) or a stream that ends inside
 * an entry is an error naming the byte offset; entries delivered before it
 * stay delivered. After the end-of-archive marker (two zero blocks) the
 * rest of the stream is ignored.
 *
 * The path helpers clean and resolve archive paths inside an image root:
 * no ".." and no symbolic link ever leads above it. */
#ifndef CK_TAR_H
#define CK_TAR_H

#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

#define CK_TAR_BLOCK 512

enum ck_tar_kind {
    CK_TAR_FILE = 0, /* regular file ('0', '\0', '7') */
    CK_TAR_HARDLINK, /* '1': linkpath names an earlier entry of the archive */
    CK_TAR_SYMLINK,  /* '2' */
    CK_TAR_DIR,      /* '5' */
    CK_TAR_OTHER     /* devices, fifos, GNU sparse/volume entries, unknown types */
};

struct ck_tar_entry {
    const char *path;     /* as recorded (pax / GNU long name applied), not cleaned */
    const char *linkpath; /* link target; "" for other kinds */
    enum ck_tar_kind kind;
    char typeflag;        /* the raw typeflag byte */
    uint64_t size;        /* data bytes that follow the header (0 for links, dirs) */
    uint64_t offset;      /* stream offset of the entry's first header (pax / GNU included) */
    uint32_t mode;
};

/* The callbacks. Each returns CK_OK to go on; any other status stops the
 * reader, which then returns that status (and err) from every later feed.
 *   entry: an entry begins; set *want = 1 to receive its data.
 *   data:  a chunk of the wanted entry's data (never empty).
 *   end:   the wanted entry's data is complete (also for empty entries).
 * data and end may be NULL when no entry is ever wanted. */
struct ck_tar_handler {
    enum ck_status (*entry)(void *ctx, const struct ck_tar_entry *e, int *want, struct ck_err *err);
    enum ck_status (*data)(void *ctx, const void *data, size_t len, struct ck_err *err);
    enum ck_status (*end)(void *ctx, struct ck_err *err);
    void *ctx;
};

struct ck_tar_limits {
    size_t max_meta;     /* largest pax header / GNU long name record; default 1 MiB */
    uint64_t max_stream; /* bytes read before CK_ERR_LIMIT; 0 = no limit (default) */
};

struct ck_tar_reader;

/* lim may be NULL (defaults). ck_tar_reader_free(NULL) does nothing. */
enum ck_status ck_tar_reader_new(struct ck_tar_reader **out, const struct ck_tar_handler *h,
                                 const struct ck_tar_limits *lim);
void ck_tar_reader_free(struct ck_tar_reader *r);

/* Pushes len bytes (any split). */
enum ck_status ck_tar_reader_feed(struct ck_tar_reader *r, const void *data, size_t len, struct ck_err *err);
/* The stream has ended: an error when it stopped inside a header or an
 * entry's data (truncated). A stream ending on a block boundary without the
 * end-of-archive marker is accepted. */
enum ck_status ck_tar_reader_finish(struct ck_tar_reader *r, struct ck_err *err);
/* Bytes consumed so far. */
uint64_t ck_tar_reader_offset(const struct ck_tar_reader *r);
/* Non-zero once the end-of-archive marker was read. */
int ck_tar_reader_at_end(const struct ck_tar_reader *r);

/* A pull source: reads up to cap bytes into buf; returns the count, 0 at the
 * end of the stream, or -1 on error (err filled). */
typedef long long (*ck_tar_read_fn)(void *ctx, void *buf, size_t cap, struct ck_err *err);
/* Reads the whole stream from fn and finishes. */
enum ck_status ck_tar_reader_pump(struct ck_tar_reader *r, ck_tar_read_fn fn, void *ctx, struct ck_err *err);

/* Non-zero when a 512-byte block is a tar header with a good checksum, or
 * a zero block (an empty archive): for telling a tar from other data. */
int ck_tar_block_is_tar(const void *block);

/* ---- paths inside an image root ---------------------------------------- */

/* Cleans a path: leading "/" and "./" dropped, "//" and "." removed, ".."
 * removes the previous component and never climbs above the root.
 * "./usr//lib/../bin/" -> "usr/bin"; "../../etc" -> "etc"; "/" -> "".
 * malloc'd (free it); NULL when out of memory. */
char *ck_tar_path_clean(const char *path);

/* The target of the symbolic link at a cleaned path, or NULL when that path
 * is not a symbolic link (the string stays owned by the callee). */
typedef const char *(*ck_tar_link_fn)(void *ctx, const char *clean_path);

/* Resolves path against the image's symbolic links (given by link_fn),
 * component by component as the kernel would, but inside the root: an
 * absolute target starts again at the image root and ".." stops there.
 * follow_final = 0 leaves a final symbolic link unresolved. *out is the
 * cleaned result (malloc'd). More than 40 links: CK_ERR_LIMIT. */
enum ck_status ck_tar_path_resolve(const char *path, int follow_final, ck_tar_link_fn link_fn, void *ctx,
                                   char **out, struct ck_err *err);

#endif
