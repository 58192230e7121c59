/* A zip archive reader: the central directory, stored and deflated entries
 * (zlib raw inflate), zip64 sizes and offsets. Each entry is checked against
 * its CRC-32 and declared size, and size caps guard against archives that
 * expand without bound. Multi-disk and encrypted archives are refused.
 *
 * struct ck_zip is heap-owned: ck_zip_open / ck_zip_open_mem, ck_zip_close. */
#ifndef CK_ZIP_H
#define CK_ZIP_H

#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

struct ck_zip;

struct ck_zip_entry {
    const char *name;         /* as stored (UTF-8 or CP437), NUL-terminated */
    uint64_t size;            /* uncompressed bytes */
    uint64_t compressed_size;
    uint64_t local_offset;    /* of the local header */
    uint32_t crc32;
    unsigned method;          /* 0 stored, 8 deflate; others are refused on read */
    unsigned flags;           /* general-purpose bit flags */
    int is_dir;               /* name ends with '/' */
};

/* Caps; a zero field takes the default shown. */
struct ck_zip_limits {
    uint64_t max_entry_size; /* 64 MiB: larger entries are refused on read */
    uint64_t max_total_size; /* 16 GiB: sum of the declared sizes, checked on open */
    size_t max_entries;      /* 4,000,000 */
};

/* Opens path and reads its central directory. A file that is not a zip, or
 * whose directory is damaged, gives CK_ERR_PARSE naming path and the fault. */
enum ck_status ck_zip_open(const char *path, const struct ck_zip_limits *limits,
                           struct ck_zip **out, struct ck_err *err);
/* The same over a memory block, which must outlive the ck_zip. */
enum ck_status ck_zip_open_mem(const void *data, size_t len, const struct ck_zip_limits *limits,
                               struct ck_zip **out, struct ck_err *err);
void ck_zip_close(struct ck_zip *z);

size_t ck_zip_count(const struct ck_zip *z);
/* The i-th entry in central-directory order, or NULL past the end. Valid
 * until ck_zip_close. */
const struct ck_zip_entry *ck_zip_entry_at(const struct ck_zip *z, size_t i);

/* Receives an entry's bytes in order, in chunks; a status other than CK_OK
 * stops the read and is returned. */
typedef enum ck_status (*ck_zip_data_fn)(void *ctx, const void *data, size_t len);

/* Streams the i-th entry's uncompressed bytes to fn, then checks its size
 * and CRC-32 (CK_ERR_PARSE on a mismatch, after the bytes went out). */
enum ck_status ck_zip_read(struct ck_zip *z, size_t i, ck_zip_data_fn fn, void *ctx,
                           struct ck_err *err);

/* Receives each whole entry: data is NUL-terminated (data[len] == 0) and
 * valid only during the call. */
typedef enum ck_status (*ck_zip_entry_fn)(void *ctx, const struct ck_zip_entry *e,
                                          const char *data, size_t len);

/* Reads every file entry (directories are skipped) in order into one reused
 * buffer and hands it to fn. Stops at the first failure: a damaged entry
 * (CK_ERR_PARSE), an entry over the cap (CK_ERR_LIMIT), or fn's status. */
enum ck_status ck_zip_foreach(struct ck_zip *z, ck_zip_entry_fn fn, void *ctx, struct ck_err *err);

#endif
