/* Writers of rpm databases for tests, byte by byte: rpm header blobs, a
 * BerkeleyDB hash Packages file and an NDB Packages.db, in the layouts the
 * readers take (described at the top of app/core/inventory/rpmbdb.c and
 * rpmndb.c). Written apart from the readers, to check them.
 *
 *   struct ck_buf h;  rb_header(&h, &(struct rb_pkg){"bash", NULL, "5.1", "2", "x86_64", NULL, 3, 0});
 *   struct bdb_build b;  bdb_init(&b, 4096, 2, 0);  bdb_put(&b, 1, h.data, h.len);
 *   data = bdb_finish(&b, &len);                      (malloc'd; free it)
 *   data = ndb_build(pkgs, n, 1, &len);               (malloc'd; free it) */
#ifndef CK_TEST_RPMDB_BUILD_H
#define CK_TEST_RPMDB_BUILD_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* ---- header blobs --------------------------------------------------------- */

struct rb_pkg {
    const char *name, *epoch, *version, *release, *arch, *srpm; /* epoch, release, arch, srpm may be NULL */
    unsigned files;                                             /* /usr/share/<name>/f0 ... */
    size_t filler;                                              /* bytes of a binary tag rpm does not read here */
};

static inline void rb_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

struct rb_hdr {
    struct ck_buf index, store;
    uint32_t il;
};

static inline void rb_tag(struct rb_hdr *h, uint32_t tag, uint32_t type, const void *data, size_t size, uint32_t count)
{
    unsigned char e[16];
    static const unsigned char zero[4];
    if (type == 4 && h->store.len % 4)
        ck_buf_append(&h->store, zero, 4 - h->store.len % 4);
    rb_be32(e, tag);
    rb_be32(e + 4, type);
    rb_be32(e + 8, (uint32_t)h->store.len);
    rb_be32(e + 12, count);
    ck_buf_append(&h->index, e, 16);
    ck_buf_append(&h->store, data, size);
    h->il++;
}

static inline void rb_str(struct rb_hdr *h, uint32_t tag, const char *s)
{
    rb_tag(h, tag, 6, s, strlen(s) + 1, 1);
}

/* The blob of p into out (initialised here; release it). */
static inline void rb_header(struct ck_buf *out, const struct rb_pkg *p)
{
    struct rb_hdr h;
    struct ck_buf names, dir;
    unsigned char n[8];
    unsigned i;

    memset(&h, 0, sizeof h);
    ck_buf_init(&h.index);
    ck_buf_init(&h.store);
    ck_buf_init(out);
    rb_str(&h, 1000, p->name);
    rb_str(&h, 1001, p->version);
    if (p->release)
        rb_str(&h, 1002, p->release);
    if (p->epoch) {
        unsigned char e[4];
        rb_be32(e, (uint32_t)strtoul(p->epoch, NULL, 10));
        rb_tag(&h, 1003, 4, e, 4, 1);
    }
    if (p->arch)
        rb_str(&h, 1022, p->arch);
    if (p->srpm)
        rb_str(&h, 1044, p->srpm);
    if (p->filler) {
        unsigned char *f = malloc(p->filler);
        if (f) {
            for (i = 0; i < p->filler; i++)
                f[i] = (unsigned char)(i * 7 + 1);
            rb_tag(&h, 5000, 7, f, p->filler, (uint32_t)p->filler);
            free(f);
        }
    }
    if (p->files) {
        unsigned char *idx = calloc(p->files, 4);
        ck_buf_init(&names);
        ck_buf_init(&dir);
        ck_buf_printf(&dir, "/usr/share/%s/", p->name);
        ck_buf_append(&dir, "", 1);
        for (i = 0; i < p->files; i++) {
            ck_buf_printf(&names, "f%u", i);
            ck_buf_append(&names, "", 1);
        }
        rb_tag(&h, 1118, 8, dir.data, dir.len, 1);
        rb_tag(&h, 1117, 8, names.data, names.len, p->files);
        if (idx)
            rb_tag(&h, 1116, 4, idx, (size_t)p->files * 4, p->files);
        free(idx);
        ck_buf_release(&names);
        ck_buf_release(&dir);
    }
    rb_be32(n, h.il);
    rb_be32(n + 4, (uint32_t)h.store.len);
    ck_buf_append(out, n, 8);
    ck_buf_append(out, h.index.data, h.index.len);
    ck_buf_append(out, h.store.data, h.store.len);
    ck_buf_release(&h.index);
    ck_buf_release(&h.store);
}

/* ---- BerkeleyDB hash --------------------------------------------------------- */

#define BDB_MAX_BUCKETS 64

struct bdb_build {
    unsigned char *file;
    uint32_t npages, cap;
    unsigned psize, nbuckets;
    int big;
    uint32_t last[BDB_MAX_BUCKETS]; /* the last page of each bucket's chain */
    uint32_t nelem;
    int failed;
};

static inline void bdb_w16(const struct bdb_build *b, unsigned char *p, unsigned v)
{
    if (b->big) {
        p[0] = (unsigned char)(v >> 8);
        p[1] = (unsigned char)v;
    } else {
        p[0] = (unsigned char)v;
        p[1] = (unsigned char)(v >> 8);
    }
}

static inline void bdb_w32(const struct bdb_build *b, unsigned char *p, uint32_t v)
{
    if (b->big) {
        rb_be32(p, v);
    } else {
        p[0] = (unsigned char)v;
        p[1] = (unsigned char)(v >> 8);
        p[2] = (unsigned char)(v >> 16);
        p[3] = (unsigned char)(v >> 24);
    }
}

static inline unsigned bdb_r16(const struct bdb_build *b, const unsigned char *p)
{
    return b->big ? (unsigned)p[0] << 8 | p[1] : (unsigned)p[1] << 8 | p[0];
}

static inline unsigned char *bdb_page(struct bdb_build *b, uint32_t pgno)
{
    return b->file + (size_t)pgno * b->psize;
}

/* A new zeroed page of type; its number (0 when out of memory). */
static inline uint32_t bdb_new_page(struct bdb_build *b, unsigned type)
{
    unsigned char *p;
    if (b->failed)
        return 0;
    if (b->npages == b->cap) {
        uint32_t cap = b->cap ? b->cap * 2 : 16;
        unsigned char *f = realloc(b->file, (size_t)cap * b->psize);
        if (!f) {
            b->failed = 1;
            return 0;
        }
        b->file = f;
        b->cap = cap;
    }
    p = bdb_page(b, b->npages);
    memset(p, 0, b->psize);
    bdb_w32(b, p + 8, b->npages);
    p[25] = (unsigned char)type;
    if (type == 13)
        bdb_w16(b, p + 22, b->psize); /* the free space's upper end */
    return b->npages++;
}

/* nbuckets a power of two up to 64; bucket k on page k + 1. */
static inline void bdb_init(struct bdb_build *b, unsigned psize, unsigned nbuckets, int big)
{
    unsigned i;
    memset(b, 0, sizeof *b);
    b->psize = psize;
    b->nbuckets = nbuckets;
    b->big = big;
    bdb_new_page(b, 8);
    for (i = 0; i < nbuckets; i++)
        b->last[i] = bdb_new_page(b, 13);
}

/* Adds an entry pair to a bucket, chaining a new page when it is full. */
static inline void bdb_pair(struct bdb_build *b, unsigned bucket, const unsigned char *k, size_t klen,
                            const unsigned char *v, size_t vlen)
{
    unsigned char *p;
    unsigned n, hf;

    if (b->failed)
        return;
    p = bdb_page(b, b->last[bucket]);
    n = bdb_r16(b, p + 20);
    hf = bdb_r16(b, p + 22);
    if (hf < 26 + 2 * (n + 2) + klen + vlen) {
        uint32_t next = bdb_new_page(b, 13);
        if (!next)
            return;
        p = bdb_page(b, b->last[bucket]); /* the file may have moved */
        bdb_w32(b, p + 16, next);
        bdb_w32(b, bdb_page(b, next) + 12, b->last[bucket]);
        b->last[bucket] = next;
        p = bdb_page(b, next);
        n = 0;
        hf = b->psize;
    }
    memcpy(p + hf - klen, k, klen);
    memcpy(p + hf - klen - vlen, v, vlen);
    bdb_w16(b, p + 26 + 2 * n, hf - (unsigned)klen);
    bdb_w16(b, p + 26 + 2 * (n + 1), hf - (unsigned)(klen + vlen));
    bdb_w16(b, p + 20, n + 2);
    bdb_w16(b, p + 22, hf - (unsigned)(klen + vlen));
}

/* key -> value into bucket key % nbuckets; a value over a quarter page goes
 * to a chain of overflow pages. */
static inline void bdb_put(struct bdb_build *b, uint32_t key, const void *val, size_t len)
{
    unsigned char k[5], item[12];
    k[0] = 1;
    bdb_w32(b, k + 1, key);
    b->nelem++;
    if (1 + len <= b->psize / 4) {
        unsigned char *v = malloc(1 + len);
        if (!v) {
            b->failed = 1;
            return;
        }
        v[0] = 1;
        memcpy(v + 1, val, len);
        bdb_pair(b, key % b->nbuckets, k, 5, v, 1 + len);
        free(v);
        return;
    }
    {
        const unsigned char *src = val;
        size_t done = 0;
        uint32_t first = 0, prev = 0;
        while (done < len && !b->failed) {
            size_t n = len - done < b->psize - 26 ? len - done : b->psize - 26;
            uint32_t pg = bdb_new_page(b, 7);
            unsigned char *p;
            if (!pg)
                return;
            p = bdb_page(b, pg);
            bdb_w16(b, p + 20, 1); /* reference count */
            bdb_w16(b, p + 22, (unsigned)n);
            memcpy(p + 26, src + done, n);
            if (prev) {
                bdb_w32(b, bdb_page(b, prev) + 16, pg);
                bdb_w32(b, p + 12, prev);
            } else {
                first = pg;
            }
            prev = pg;
            done += n;
        }
        memset(item, 0, sizeof item);
        item[0] = 3;
        bdb_w32(b, item + 4, first);
        bdb_w32(b, item + 8, (uint32_t)len);
        bdb_pair(b, key % b->nbuckets, k, 5, item, 12);
    }
}

/* The meta page written; the file (malloc'd, *len bytes), NULL on failure. */
static inline unsigned char *bdb_finish(struct bdb_build *b, size_t *len)
{
    unsigned char *m;
    unsigned i, bits = 0;

    if (b->failed) {
        free(b->file);
        return NULL;
    }
    while ((1u << bits) < b->nbuckets)
        bits++;
    m = b->file;
    bdb_w32(b, m + 12, 0x00061561);
    bdb_w32(b, m + 16, 9);
    bdb_w32(b, m + 20, b->psize);
    m[25] = 8;
    bdb_w32(b, m + 32, b->npages - 1);
    bdb_w32(b, m + 72, b->nbuckets - 1);
    bdb_w32(b, m + 76, b->nbuckets - 1);
    bdb_w32(b, m + 80, b->nbuckets / 2 ? b->nbuckets / 2 - 1 : 0);
    bdb_w32(b, m + 88, b->nelem);
    for (i = 0; i <= bits; i++)
        bdb_w32(b, m + 96 + 4 * i, 1);
    *len = (size_t)b->npages * b->psize;
    return b->file;
}

/* ---- NDB -------------------------------------------------------------------- */

struct ndb_pkg {
    uint32_t pkgidx; /* 0: a free slot here, no blob */
    const void *blob;
    size_t len;
};

static inline void ndb_le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static inline uint32_t ndb_adler(const unsigned char *p, size_t n)
{
    uint32_t s1 = 1, s2 = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        s1 = (s1 + p[i]) % 65521;
        s2 = (s2 + s1) % 65521;
    }
    return s2 << 16 | s1;
}

/* The slots in order from slot 2 of slotpages pages, the blobs one after
 * another in that order after the slot pages. */
static inline unsigned char *ndb_build(const struct ndb_pkg *pkgs, size_t n, unsigned slotpages, size_t *len)
{
    size_t size = (size_t)slotpages * 4096, i, off;
    uint32_t next = 1;
    unsigned char *f;

    for (i = 0; i < n; i++)
        if (pkgs[i].pkgidx)
            size += (16 + pkgs[i].len + 12 + 15) / 16 * 16;
    if (n + 2 > (size_t)slotpages * 256 || !(f = calloc(1, size)))
        return NULL;
    memcpy(f, "RpmP", 4);
    ndb_le32(f + 8, 7); /* generation */
    ndb_le32(f + 12, slotpages);
    for (i = 2; i < (size_t)slotpages * 256; i++)
        memcpy(f + i * 16, "Slot", 4);
    off = (size_t)slotpages * 4096;
    for (i = 0; i < n; i++) {
        unsigned char *s = f + (i + 2) * 16, *b = f + off;
        size_t blk = (16 + pkgs[i].len + 12 + 15) / 16;
        if (!pkgs[i].pkgidx)
            continue;
        ndb_le32(s + 4, pkgs[i].pkgidx);
        ndb_le32(s + 8, (uint32_t)(off / 16));
        ndb_le32(s + 12, (uint32_t)blk);
        memcpy(b, "BlbS", 4);
        ndb_le32(b + 4, pkgs[i].pkgidx);
        ndb_le32(b + 8, 7);
        ndb_le32(b + 12, (uint32_t)pkgs[i].len);
        memcpy(b + 16, pkgs[i].blob, pkgs[i].len);
        ndb_le32(b + blk * 16 - 12, ndb_adler(b, blk * 16 - 12));
        ndb_le32(b + blk * 16 - 8, (uint32_t)pkgs[i].len);
        memcpy(b + blk * 16 - 4, "BlbE", 4);
        off += blk * 16;
        if (pkgs[i].pkgidx >= next)
            next = pkgs[i].pkgidx + 1;
    }
    ndb_le32(f + 16, next);
    *len = size;
    return f;
}

/* Rewrites the checksum of the blob at byte off of blkcnt blocks (after a
 * test changed it on purpose). */
static inline void ndb_reseal(unsigned char *f, size_t off, size_t blkcnt)
{
    ndb_le32(f + off + blkcnt * 16 - 12, ndb_adler(f + off, blkcnt * 16 - 12));
}

#endif
