/* A tiny zip writer for tests: stored (uncompressed) and deflated entries,
 * local headers, a central directory and its end record, from the layout of
 * PKWARE's APPNOTE.TXT (4.3.7, 4.3.12, 4.3.16); CRC-32 and deflate from
 * zlib. Enough for archives of OSV records and Java archives made by the
 * test itself.
 *
 *   struct zb z = {0};
 *   zb_add(&z, "A-1.json", text, strlen(text));
 *   zb_finish(&z);          z.data / z.len: the archive; free(z.data) */
#ifndef CK_TEST_ZIP_BUILD_H
#define CK_TEST_ZIP_BUILD_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#define ZB_MAX_ENTRIES 256

struct zb {
    unsigned char *data;
    size_t len, cap;
    int failed;
    size_t count;
    uint32_t offset[ZB_MAX_ENTRIES], crc[ZB_MAX_ENTRIES], size[ZB_MAX_ENTRIES], csize[ZB_MAX_ENTRIES];
    unsigned method[ZB_MAX_ENTRIES]; /* 0 stored, 8 deflate */
    char *name[ZB_MAX_ENTRIES];
};

static inline void zb_put(struct zb *z, const void *p, size_t n)
{
    if (z->failed)
        return;
    if (z->len + n > z->cap) {
        size_t cap = z->cap ? z->cap : 4096;
        unsigned char *d;
        while (z->len + n > cap)
            cap *= 2;
        if (!(d = realloc(z->data, cap))) {
            z->failed = 1;
            return;
        }
        z->data = d;
        z->cap = cap;
    }
    memcpy(z->data + z->len, p, n);
    z->len += n;
}

static inline void zb_u16(struct zb *z, unsigned v)
{
    unsigned char b[2] = {(unsigned char)(v & 0xff), (unsigned char)(v >> 8 & 0xff)};
    zb_put(z, b, 2);
}

static inline void zb_u32(struct zb *z, uint32_t v)
{
    zb_u16(z, v & 0xffff);
    zb_u16(z, v >> 16);
}

/* One stored entry. */
static inline void zb_add(struct zb *z, const char *name, const void *data, size_t len)
{
    size_t i = z->count, nlen = strlen(name);
    if (i >= ZB_MAX_ENTRIES || !(z->name[i] = malloc(nlen + 1))) {
        z->failed = 1;
        return;
    }
    memcpy(z->name[i], name, nlen + 1);
    z->offset[i] = (uint32_t)z->len;
    z->crc[i] = (uint32_t)crc32(0L, (const Bytef *)data, (uInt)len);
    z->size[i] = (uint32_t)len;
    z->csize[i] = (uint32_t)len;
    z->method[i] = 0;
    z->count++;
    zb_u32(z, 0x04034b50);
    zb_u16(z, 20);           /* version needed */
    zb_u16(z, 0);            /* flags */
    zb_u16(z, 0);            /* stored */
    zb_u16(z, 0x6000);       /* 12:00 */
    zb_u16(z, 0x58a1);       /* 2024-05-01 */
    zb_u32(z, z->crc[i]);
    zb_u32(z, z->size[i]);   /* compressed */
    zb_u32(z, z->size[i]);
    zb_u16(z, (unsigned)nlen);
    zb_u16(z, 0);            /* extra */
    zb_put(z, name, nlen);
    zb_put(z, data, len);
}

static inline void zb_patch32(struct zb *z, size_t at, uint32_t v)
{
    if (z->failed)
        return;
    z->data[at] = (unsigned char)(v & 0xff);
    z->data[at + 1] = (unsigned char)(v >> 8 & 0xff);
    z->data[at + 2] = (unsigned char)(v >> 16 & 0xff);
    z->data[at + 3] = (unsigned char)(v >> 24 & 0xff);
}

/* One deflated entry of len bytes: data, or when data is NULL len zero
 * bytes (streamed, so a large entry costs only its compressed size). */
static inline void zb_add_deflated(struct zb *z, const char *name, const void *data, size_t len)
{
    static const unsigned char zeros[65536];
    size_t i = z->count, nlen = strlen(name), start, done = 0;
    unsigned char out[65536];
    uint32_t crc = (uint32_t)crc32(0L, Z_NULL, 0);
    z_stream zs;
    int zr;

    if (i >= ZB_MAX_ENTRIES || !(z->name[i] = malloc(nlen + 1))) {
        z->failed = 1;
        return;
    }
    memcpy(z->name[i], name, nlen + 1);
    z->offset[i] = (uint32_t)z->len;
    z->size[i] = (uint32_t)len;
    z->method[i] = 8;
    z->count++;
    zb_u32(z, 0x04034b50);
    zb_u16(z, 20);
    zb_u16(z, 0);
    zb_u16(z, 8);            /* deflate */
    zb_u16(z, 0x6000);
    zb_u16(z, 0x58a1);
    zb_u32(z, 0);            /* CRC, patched below */
    zb_u32(z, 0);            /* compressed size, patched below */
    zb_u32(z, (uint32_t)len);
    zb_u16(z, (unsigned)nlen);
    zb_u16(z, 0);
    zb_put(z, name, nlen);
    start = z->len;
    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        z->failed = 1;
        return;
    }
    do {
        size_t n = len - done < sizeof zeros ? len - done : sizeof zeros;
        const unsigned char *in = data ? (const unsigned char *)data + done : zeros;
        zs.next_in = (Bytef *)in;
        zs.avail_in = (uInt)n;
        crc = (uint32_t)crc32(crc, in, (uInt)n);
        done += n;
        do {
            zs.next_out = out;
            zs.avail_out = sizeof out;
            zr = deflate(&zs, done == len ? Z_FINISH : Z_NO_FLUSH);
            zb_put(z, out, sizeof out - zs.avail_out);
        } while (zs.avail_out == 0);
    } while (done < len);
    deflateEnd(&zs);
    if (zr != Z_STREAM_END)
        z->failed = 1;
    z->crc[i] = crc;
    z->csize[i] = (uint32_t)(z->len - start);
    zb_patch32(z, z->offset[i] + 14, crc);
    zb_patch32(z, z->offset[i] + 18, z->csize[i]);
}

/* The central directory and its end; the archive is then z->data. */
static inline void zb_finish(struct zb *z)
{
    uint32_t start = (uint32_t)z->len, size;
    size_t i;
    for (i = 0; i < z->count; i++) {
        size_t nlen = strlen(z->name[i]);
        zb_u32(z, 0x02014b50);
        zb_u16(z, 20);       /* made by */
        zb_u16(z, 20);       /* needed */
        zb_u16(z, 0);
        zb_u16(z, z->method[i]);
        zb_u16(z, 0x6000);
        zb_u16(z, 0x58a1);
        zb_u32(z, z->crc[i]);
        zb_u32(z, z->csize[i]);
        zb_u32(z, z->size[i]);
        zb_u16(z, (unsigned)nlen);
        zb_u16(z, 0);        /* extra */
        zb_u16(z, 0);        /* comment */
        zb_u16(z, 0);        /* disk */
        zb_u16(z, 0);        /* internal attributes */
        zb_u32(z, 0);        /* external attributes */
        zb_u32(z, z->offset[i]);
        zb_put(z, z->name[i], nlen);
        free(z->name[i]);
        z->name[i] = NULL;
    }
    size = (uint32_t)z->len - start;
    zb_u32(z, 0x06054b50);
    zb_u16(z, 0);
    zb_u16(z, 0);
    zb_u16(z, (unsigned)z->count);
    zb_u16(z, (unsigned)z->count);
    zb_u32(z, size);
    zb_u32(z, start);
    zb_u16(z, 0);
}

/* Writes the archive to path; 0 on success. */
static inline int zb_write(const struct zb *z, const char *path)
{
    FILE *f = fopen(path, "wb");
    int ok = f && !z->failed && fwrite(z->data, 1, z->len, f) == z->len;
    if (f && fclose(f) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

/* A small valid OSV record: id, modified, one Debian:12 package fixed in
 * 1.0-1, malloc'd. */
static inline char *zb_osv_record(const char *id, const char *modified, const char *package)
{
    const char *fmt = "{\"schema_version\":\"1.6.0\",\"id\":\"%s\",\"modified\":\"%s\",\"affected\":[{\"package\":"
                      "{\"ecosystem\":\"Debian:12\",\"name\":\"%s\"},\"ranges\":[{\"type\":\"ECOSYSTEM\","
                      "\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.0-1\"}]}]}]}";
    size_t n = strlen(fmt) + strlen(id) + strlen(modified) + strlen(package) + 1;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, fmt, id, modified, package);
    return out;
}

#endif
