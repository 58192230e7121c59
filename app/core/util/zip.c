#include "util/zip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "platform/file.h"
#include "platform/platform.h"
#include "util/buf.h"

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_EOCD 0x06054b50u
#define SIG_EOCD64 0x06064b50u
#define SIG_EOCD64_LOC 0x07064b50u

#define EOCD_SIZE 22u
#define EOCD64_LOC_SIZE 20u
#define EOCD64_SIZE 56u
#define CENTRAL_SIZE 46u
#define LOCAL_SIZE 30u
#define MAX_COMMENT 65535u
#define CHUNK 65536u

#define DEFAULT_MAX_ENTRY (64ull << 20)
#define DEFAULT_MAX_TOTAL (16ull << 30)
#define DEFAULT_MAX_ENTRIES 4000000u

struct ck_zip {
    FILE *file;                /* file source, or NULL */
    const unsigned char *mem;  /* memory source */
    uint64_t size;             /* bytes in the source */
    char *label;               /* path for messages */
    struct ck_zip_limits limits;
    struct ck_zip_entry *entries;
    size_t count;
    char *names;               /* every entry name, NUL-separated */
    uint64_t data_end;         /* entries' data must end before this (the directory) */
};

static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t le64(const unsigned char *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }

static int seek64(FILE *f, uint64_t off)
{
    return off > (uint64_t)INT64_MAX ? -1 : ck_fseek64(f, (int64_t)off, SEEK_SET);
}

static enum ck_status corrupt(struct ck_zip *z, struct ck_err *err, const char *what)
{
    return ck_err_set(err, CK_ERR_PARSE, "%s: not a usable zip archive: %s", z->label, what);
}

/* Reads exactly n bytes at off. */
static enum ck_status read_at(struct ck_zip *z, uint64_t off, void *buf, size_t n, struct ck_err *err)
{
    if (off > z->size || n > z->size - off)
        return corrupt(z, err, "an offset points past the end of the file (truncated?)");
    if (z->mem) {
        memcpy(buf, z->mem + off, n);
        return CK_OK;
    }
    if (seek64(z->file, off) != 0 || fread(buf, 1, n, z->file) != n)
        return ck_err_set(err, CK_ERR_IO, "%s: read failed at offset %llu", z->label,
                          (unsigned long long)off);
    return CK_OK;
}

/* Locates the end-of-central-directory record: the last signature in the
 * final 22 + 65535 bytes whose comment length reaches the end of the file. */
static enum ck_status find_eocd(struct ck_zip *z, uint64_t *pos, struct ck_err *err)
{
    size_t span = (size_t)(z->size < EOCD_SIZE + MAX_COMMENT ? z->size : EOCD_SIZE + MAX_COMMENT);
    unsigned char *tail;
    size_t i;
    enum ck_status st;

    if (z->size < EOCD_SIZE)
        return corrupt(z, err, "too short to hold a central directory");
    tail = malloc(span);
    if (!tail)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    st = read_at(z, z->size - span, tail, span, err);
    if (st == CK_OK) {
        st = corrupt(z, err, "no end-of-central-directory record (truncated or not a zip)");
        for (i = span - EOCD_SIZE + 1; i-- > 0;) {
            if (le32(tail + i) == SIG_EOCD && i + EOCD_SIZE + le16(tail + i + 20) <= span) {
                *pos = z->size - span + i;
                st = CK_OK;
                break;
            }
        }
    }
    free(tail);
    return st;
}

struct directory {
    uint64_t entries;
    uint64_t size;
    uint64_t offset;
    uint64_t end; /* where the directory must end: the (zip64) end record */
};

static enum ck_status read_eocd64(struct ck_zip *z, uint64_t eocd, struct directory *d,
                                  struct ck_err *err)
{
    unsigned char loc[EOCD64_LOC_SIZE], rec[EOCD64_SIZE];
    uint64_t off;
    enum ck_status st;

    if (eocd < EOCD64_LOC_SIZE)
        return corrupt(z, err, "zip64 sizes announced but no zip64 locator");
    if ((st = read_at(z, eocd - EOCD64_LOC_SIZE, loc, sizeof loc, err)) != CK_OK)
        return st;
    if (le32(loc) != SIG_EOCD64_LOC)
        return corrupt(z, err, "zip64 sizes announced but no zip64 locator");
    if (le32(loc + 16) > 1)
        return ck_err_set(err, CK_ERR_UNSUPPORTED, "%s: multi-disk zip archives are not supported",
                          z->label);
    off = le64(loc + 8);
    if (off > eocd - EOCD64_LOC_SIZE || eocd - EOCD64_LOC_SIZE - off < EOCD64_SIZE)
        return corrupt(z, err, "the zip64 end record is out of place");
    if ((st = read_at(z, off, rec, sizeof rec, err)) != CK_OK)
        return st;
    if (le32(rec) != SIG_EOCD64)
        return corrupt(z, err, "bad zip64 end-of-central-directory signature");
    if (le32(rec + 16) != 0 || le32(rec + 20) != 0)
        return ck_err_set(err, CK_ERR_UNSUPPORTED, "%s: multi-disk zip archives are not supported",
                          z->label);
    d->entries = le64(rec + 32);
    d->size = le64(rec + 40);
    d->offset = le64(rec + 48);
    d->end = off;
    return CK_OK;
}

static enum ck_status read_directory_bounds(struct ck_zip *z, struct directory *d, struct ck_err *err)
{
    unsigned char rec[EOCD_SIZE];
    uint64_t eocd = 0;
    enum ck_status st;

    if ((st = find_eocd(z, &eocd, err)) != CK_OK || (st = read_at(z, eocd, rec, sizeof rec, err)) != CK_OK)
        return st;
    if (le16(rec + 4) != 0 || le16(rec + 6) != 0 || le16(rec + 8) != le16(rec + 10))
        return ck_err_set(err, CK_ERR_UNSUPPORTED, "%s: multi-disk zip archives are not supported",
                          z->label);
    d->entries = le16(rec + 10);
    d->size = le32(rec + 12);
    d->offset = le32(rec + 16);
    d->end = eocd;
    if (d->entries == 0xFFFF || d->size == 0xFFFFFFFFu || d->offset == 0xFFFFFFFFu)
        if ((st = read_eocd64(z, eocd, d, err)) != CK_OK)
            return st;
    if (d->offset > d->end || d->size > d->end - d->offset)
        return corrupt(z, err, "the central directory lies outside the file (truncated?)");
    if (d->entries > z->limits.max_entries)
        return ck_err_set(err, CK_ERR_LIMIT, "%s: %llu entries, more than the limit of %llu",
                          z->label, (unsigned long long)d->entries, (unsigned long long)z->limits.max_entries);
    /* Each directory entry takes at least 46 bytes. */
    if (d->entries > d->size / CENTRAL_SIZE)
        return corrupt(z, err, "the entry count does not fit the central directory");
    return CK_OK;
}

/* Fills the zip64 extended-information fields (extra id 1) that the fixed
 * header marked as 0xFFFFFFFF, in the order the format defines. */
static int apply_zip64_extra(const unsigned char *extra, size_t len, struct ck_zip_entry *e,
                             int need_size, int need_csize, int need_offset)
{
    while (len >= 4) {
        unsigned id = le16(extra), sz = le16(extra + 2);
        const unsigned char *p = extra + 4;
        if (sz > len - 4)
            return -1;
        if (id == 1) {
            size_t need = 8u * (size_t)(need_size + need_csize + need_offset);
            if (sz < need)
                return -1;
            if (need_size) {
                e->size = le64(p);
                p += 8;
            }
            if (need_csize) {
                e->compressed_size = le64(p);
                p += 8;
            }
            if (need_offset)
                e->local_offset = le64(p);
            return 0;
        }
        extra += 4 + sz;
        len -= 4 + sz;
    }
    return need_size || need_csize || need_offset ? -1 : 0;
}

static enum ck_status parse_directory(struct ck_zip *z, const unsigned char *cd, const struct directory *d,
                                      struct ck_err *err)
{
    size_t pos = 0, names_len = 0, i;
    uint64_t total = 0;

    z->entries = calloc((size_t)d->entries + 1, sizeof *z->entries);
    z->names = malloc((size_t)d->size + 1);
    if (!z->entries || !z->names)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    for (i = 0; i < d->entries; i++) {
        struct ck_zip_entry *e = &z->entries[i];
        size_t nlen, xlen, clen;
        const unsigned char *h = cd + pos;

        if (d->size - pos < CENTRAL_SIZE || le32(h) != SIG_CENTRAL)
            return corrupt(z, err, "a central directory entry is damaged");
        nlen = le16(h + 28);
        xlen = le16(h + 30);
        clen = le16(h + 32);
        if (d->size - pos - CENTRAL_SIZE < nlen + xlen + clen)
            return corrupt(z, err, "a central directory entry runs past the directory");
        e->flags = le16(h + 8);
        e->method = le16(h + 10);
        e->crc32 = le32(h + 16);
        e->compressed_size = le32(h + 20);
        e->size = le32(h + 24);
        e->local_offset = le32(h + 42);
        if (apply_zip64_extra(h + CENTRAL_SIZE + nlen, xlen, e, e->size == 0xFFFFFFFFu,
                              e->compressed_size == 0xFFFFFFFFu, e->local_offset == 0xFFFFFFFFu) != 0)
            return corrupt(z, err, "an entry's zip64 extra field is missing or damaged");
        if (memchr(h + CENTRAL_SIZE, 0, nlen))
            return corrupt(z, err, "an entry name contains a NUL byte");
        memcpy(z->names + names_len, h + CENTRAL_SIZE, nlen);
        z->names[names_len + nlen] = '\0';
        e->is_dir = nlen > 0 && h[CENTRAL_SIZE + nlen - 1] == '/';
        if (e->local_offset > z->data_end || e->compressed_size > z->data_end - e->local_offset)
            return corrupt(z, err, "an entry's data lies outside the archive");
        if (e->size > z->limits.max_total_size - total)
            return ck_err_set(err, CK_ERR_LIMIT,
                              "%s: the entries would expand to more than %llu bytes", z->label,
                              (unsigned long long)z->limits.max_total_size);
        total += e->size;
        /* names holds as many bytes as the directory: each name + NUL fits
         * in the room of its 46-byte header. */
        e->name = z->names + names_len;
        names_len += nlen + 1;
        pos += CENTRAL_SIZE + nlen + xlen + clen;
    }
    z->count = (size_t)d->entries;
    return CK_OK;
}

static enum ck_status open_common(struct ck_zip *z, const struct ck_zip_limits *limits, struct ck_err *err)
{
    struct directory d = {0};
    unsigned char *cd = NULL;
    enum ck_status st;

    if (limits)
        z->limits = *limits;
    if (!z->limits.max_entry_size)
        z->limits.max_entry_size = DEFAULT_MAX_ENTRY;
    if (!z->limits.max_total_size)
        z->limits.max_total_size = DEFAULT_MAX_TOTAL;
    if (!z->limits.max_entries)
        z->limits.max_entries = DEFAULT_MAX_ENTRIES;
    if ((st = read_directory_bounds(z, &d, err)) != CK_OK)
        return st;
    z->data_end = d.offset;
    if ((size_t)d.size != d.size || !(cd = malloc((size_t)d.size + 1)))
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory for a %llu-byte zip directory",
                          (unsigned long long)d.size);
    st = read_at(z, d.offset, cd, (size_t)d.size, err);
    if (st == CK_OK)
        st = parse_directory(z, cd, &d, err);
    free(cd);
    return st;
}

static struct ck_zip *zip_new(const char *label)
{
    struct ck_zip *z = calloc(1, sizeof *z);
    size_t n = strlen(label);
    if (!z)
        return NULL;
    z->label = malloc(n + 1);
    if (!z->label) {
        free(z);
        return NULL;
    }
    memcpy(z->label, label, n + 1);
    return z;
}

enum ck_status ck_zip_open(const char *path, const struct ck_zip_limits *limits, struct ck_zip **out,
                           struct ck_err *err)
{
    struct ck_zip *z = NULL;
    enum ck_status st;
    int64_t end;

    if (!path || !out)
        return ck_err_set(err, CK_ERR_ARG, "ck_zip_open: no path");
    if (!(z = zip_new(path)))
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    z->file = ck_fopen(path, "rb");
    if (!z->file) {
        st = ck_err_set(err, CK_ERR_IO, "cannot open %s", path);
        goto cleanup;
    }
    end = ck_fseek64(z->file, 0, SEEK_END) == 0 ? ck_ftell64(z->file) : -1;
    if (end < 0) {
        st = ck_err_set(err, CK_ERR_IO, "cannot find the size of %s", path);
        goto cleanup;
    }
    z->size = (uint64_t)end;
    st = open_common(z, limits, err);
cleanup:
    if (st == CK_OK)
        *out = z;
    else
        ck_zip_close(z);
    return st;
}

enum ck_status ck_zip_open_mem(const void *data, size_t len, const struct ck_zip_limits *limits,
                               struct ck_zip **out, struct ck_err *err)
{
    struct ck_zip *z;
    enum ck_status st;

    if ((!data && len) || !out)
        return ck_err_set(err, CK_ERR_ARG, "ck_zip_open_mem: no data");
    if (!(z = zip_new("(zip in memory)")))
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    z->mem = data ? data : (const unsigned char *)"";
    z->size = len;
    st = open_common(z, limits, err);
    if (st == CK_OK)
        *out = z;
    else
        ck_zip_close(z);
    return st;
}

void ck_zip_close(struct ck_zip *z)
{
    if (!z)
        return;
    if (z->file)
        fclose(z->file);
    free(z->entries);
    free(z->names);
    free(z->label);
    free(z);
}

size_t ck_zip_count(const struct ck_zip *z) { return z ? z->count : 0; }

const struct ck_zip_entry *ck_zip_entry_at(const struct ck_zip *z, size_t i)
{
    return z && i < z->count ? &z->entries[i] : NULL;
}

/* ---- reading entries ---------------------------------------------------- */

static enum ck_status entry_corrupt(struct ck_zip *z, const struct ck_zip_entry *e, struct ck_err *err,
                                    const char *what)
{
    return ck_err_set(err, CK_ERR_PARSE, "%s: entry %s: %s", z->label, e->name, what);
}

/* Where the entry's data starts, after its local header. */
static enum ck_status data_start(struct ck_zip *z, const struct ck_zip_entry *e, uint64_t *out,
                                 struct ck_err *err)
{
    unsigned char h[LOCAL_SIZE];
    uint64_t start;
    enum ck_status st = read_at(z, e->local_offset, h, sizeof h, err);

    if (st != CK_OK)
        return st;
    if (le32(h) != SIG_LOCAL)
        return entry_corrupt(z, e, err, "bad local header signature");
    start = e->local_offset + LOCAL_SIZE + le16(h + 26) + le16(h + 28);
    if (start > z->data_end || e->compressed_size > z->data_end - start)
        return entry_corrupt(z, e, err, "its data runs into the central directory");
    *out = start;
    return CK_OK;
}

struct sink {
    ck_zip_data_fn fn;
    void *ctx;
    uint64_t produced;
    uint32_t crc;
};

static enum ck_status emit(struct sink *s, const unsigned char *p, size_t n)
{
    if (!n)
        return CK_OK;
    s->produced += n;
    s->crc = (uint32_t)crc32(s->crc, p, (uInt)n);
    return s->fn(s->ctx, p, n);
}

static enum ck_status copy_stored(struct ck_zip *z, const struct ck_zip_entry *e, uint64_t off,
                                  unsigned char *in, struct sink *s, struct ck_err *err)
{
    uint64_t left = e->compressed_size;
    enum ck_status st = CK_OK;

    if (e->compressed_size != e->size)
        return entry_corrupt(z, e, err, "stored entry whose sizes differ");
    while (left && st == CK_OK) {
        size_t n = left < CHUNK ? (size_t)left : CHUNK;
        if ((st = read_at(z, off, in, n, err)) == CK_OK)
            st = emit(s, in, n);
        off += n;
        left -= n;
    }
    return st;
}

static enum ck_status inflate_entry(struct ck_zip *z, const struct ck_zip_entry *e, uint64_t off,
                                    unsigned char *in, unsigned char *outbuf, struct sink *s,
                                    struct ck_err *err)
{
    z_stream zs;
    uint64_t left = e->compressed_size;
    enum ck_status st = CK_OK;
    int zr = Z_OK;

    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory (inflate)");
    while (st == CK_OK && zr != Z_STREAM_END) {
        if (zs.avail_in == 0) {
            size_t n = left < CHUNK ? (size_t)left : CHUNK;
            if (!n) {
                st = entry_corrupt(z, e, err, "compressed data ends early");
                break;
            }
            if ((st = read_at(z, off, in, n, err)) != CK_OK)
                break;
            off += n;
            left -= n;
            zs.next_in = in;
            zs.avail_in = (uInt)n;
        }
        zs.next_out = outbuf;
        zs.avail_out = CHUNK;
        zr = inflate(&zs, Z_NO_FLUSH);
        if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
            st = entry_corrupt(z, e, err, "damaged deflate data");
            break;
        }
        if (CHUNK - zs.avail_out > e->size - s->produced) {
            st = entry_corrupt(z, e, err, "inflates to more than its declared size");
            break;
        }
        st = emit(s, outbuf, CHUNK - zs.avail_out);
    }
    inflateEnd(&zs);
    return st;
}

static enum ck_status check_size(struct ck_zip *z, const struct ck_zip_entry *e, struct ck_err *err)
{
    if (e->size <= z->limits.max_entry_size)
        return CK_OK;
    return ck_err_set(err, CK_ERR_LIMIT, "%s: entry %s is %llu bytes, more than the limit of %llu",
                      z->label, e->name, (unsigned long long)e->size,
                      (unsigned long long)z->limits.max_entry_size);
}

enum ck_status ck_zip_read(struct ck_zip *z, size_t i, ck_zip_data_fn fn, void *ctx, struct ck_err *err)
{
    const struct ck_zip_entry *e = ck_zip_entry_at(z, i);
    unsigned char *in = NULL, *out = NULL;
    struct sink s = {fn, ctx, 0, 0};
    uint64_t off = 0;
    enum ck_status st;

    if (!e || !fn)
        return ck_err_set(err, CK_ERR_ARG, "ck_zip_read: no entry %llu", (unsigned long long)i);
    if (e->flags & 1u)
        return ck_err_set(err, CK_ERR_UNSUPPORTED, "%s: entry %s is encrypted", z->label, e->name);
    if (e->method != 0 && e->method != 8)
        return ck_err_set(err, CK_ERR_UNSUPPORTED, "%s: entry %s uses compression method %u "
                          "(only stored and deflate are supported)", z->label, e->name, e->method);
    if ((st = check_size(z, e, err)) != CK_OK || (st = data_start(z, e, &off, err)) != CK_OK)
        return st;
    in = malloc(CHUNK);
    out = malloc(CHUNK);
    if (!in || !out) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    s.crc = (uint32_t)crc32(0L, Z_NULL, 0);
    st = e->method == 0 ? copy_stored(z, e, off, in, &s, err) : inflate_entry(z, e, off, in, out, &s, err);
    if (st == CK_OK && s.produced != e->size)
        st = entry_corrupt(z, e, err, "shorter than its declared size");
    else if (st == CK_OK && s.crc != e->crc32)
        st = entry_corrupt(z, e, err, "CRC-32 mismatch");
cleanup:
    free(in);
    free(out);
    return st;
}

static enum ck_status append_to_buf(void *ctx, const void *data, size_t len)
{
    return ck_buf_append(ctx, data, len);
}

enum ck_status ck_zip_foreach(struct ck_zip *z, ck_zip_entry_fn fn, void *ctx, struct ck_err *err)
{
    struct ck_buf b;
    enum ck_status st = CK_OK;
    size_t i;

    if (!z || !fn)
        return ck_err_set(err, CK_ERR_ARG, "ck_zip_foreach: no archive or callback");
    ck_buf_init(&b);
    for (i = 0; i < z->count && st == CK_OK; i++) {
        const struct ck_zip_entry *e = &z->entries[i];
        if (e->is_dir)
            continue;
        ck_buf_reset(&b);
        if ((st = check_size(z, e, err)) != CK_OK)
            break;
        if ((st = ck_buf_reserve(&b, (size_t)e->size)) != CK_OK) {
            ck_err_set(err, st, "out of memory for entry %s", e->name);
            break;
        }
        if ((st = ck_zip_read(z, i, append_to_buf, &b, err)) != CK_OK)
            break;
        st = fn(ctx, e, ck_buf_str(&b), b.len);
    }
    ck_buf_release(&b);
    return st;
}
