/* rpm's BerkeleyDB Packages file, read from memory: a Berkeley DB hash
 * database whose keys are package numbers (4 bytes in the file's byte
 * order, 0 holding rpm's counter) and whose values are header blobs.
 *
 * The layout read (Berkeley DB's hash access method, versions 8 to 10):
 *   page 0, the meta page: magic 0x00061561 at 12 (its byte order is the
 *     file's), version at 16, page size at 20, encryption at 24, page type
 *     (8) at 25, meta flags at 26, last page number at 32, highest bucket at
 *     72, the 32 spare-page offsets from 96;
 *   every other page: its own number at 8, the next page of its chain at 16,
 *     the entry count at 20, a length at 22 (overflow pages: the bytes they
 *     hold), its type at 25, and from 26 the entries' 2-byte offsets;
 *   bucket b starts on page b + spares[bits of b] and goes on through the
 *     next-page chain; its entries are key, value, key, value..., each one
 *     ending where the entry before it starts (the first at the page end),
 *     its first byte saying what it is: 1 the bytes follow, 3 a value kept
 *     on overflow pages (page number at 4, total length at 8).
 * Every page is read at most once: a chain that comes back to a page ends
 * the read there, so the time is bounded by the size of the file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/rpmdb.h"

#define HASH_MAGIC 0x00061561u
#define BTREE_MAGIC 0x00053162u
#define PAGE_HEAD 26 /* bytes before a page's entry offsets */

enum { P_HASH_UNSORTED = 2, P_OVERFLOW = 7, P_HASHMETA = 8, P_HASH = 13 };
enum { H_KEYDATA = 1, H_OFFPAGE = 3 };

struct bdb {
    const unsigned char *b;
    const char *label;
    int big; /* the file is big-endian */
    uint32_t psize, npages, maxbucket;
    uint32_t spares[32];
    unsigned char *used; /* one byte a page: read already */
    unsigned char *value; /* a value put together from overflow pages */
    size_t value_cap;
};

static uint32_t get32(const struct bdb *db, const unsigned char *p)
{
    if (db->big)
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static unsigned get16(const struct bdb *db, const unsigned char *p)
{
    return db->big ? (unsigned)p[0] << 8 | p[1] : (unsigned)p[1] << 8 | p[0];
}

/* Page pgno, taken for its one use; NULL and why when it cannot be. */
static const unsigned char *take_page(struct bdb *db, uint32_t pgno, const char **why)
{
    const unsigned char *p;

    if (pgno == 0 || pgno >= db->npages) {
        *why = pgno ? "lies outside the file" : "is the meta page";
        return NULL;
    }
    if (db->used[pgno]) {
        *why = "is reached a second time (the page chain loops)";
        return NULL;
    }
    db->used[pgno] = 1;
    p = db->b + (size_t)pgno * db->psize;
    if (get32(db, p + 8) != pgno) {
        *why = "does not carry its own page number";
        return NULL;
    }
    return p;
}

/* The value of `total` bytes kept on the overflow chain from pgno, into
 * db->value; 0, or -1 with why and the page at fault. */
static int read_overflow(struct bdb *db, uint32_t pgno, uint32_t total, const char **why, uint32_t *at)
{
    uint32_t have = 0;

    *at = pgno;
    if (total == 0 || total > CK_RPMDB_MAX_BLOB || total > (uint64_t)db->npages * (db->psize - PAGE_HEAD)) {
        *why = total == 0 ? "claims an empty value" : "claims a value longer than the file could hold";
        return -1;
    }
    if (total > db->value_cap) {
        unsigned char *v = realloc(db->value, total);
        if (!v) {
            *why = NULL; /* out of memory */
            return -1;
        }
        db->value = v;
        db->value_cap = total;
    }
    while (have < total) {
        const unsigned char *p;
        unsigned n;
        *at = pgno;
        if (pgno == 0) {
            *why = "ends before the value does";
            return -1;
        }
        if (!(p = take_page(db, pgno, why)))
            return -1;
        if (p[25] != P_OVERFLOW) {
            *why = "is not an overflow page";
            return -1;
        }
        n = get16(db, p + 22);
        if (n > db->psize - PAGE_HEAD || n > total - have) {
            *why = "holds more bytes than the page or the value";
            return -1;
        }
        memcpy(db->value + have, p + PAGE_HEAD, n);
        have += n;
        pgno = get32(db, p + 16);
    }
    return 0;
}

/* Entry idx of the n on page p: its bytes, the type byte first; -1 when its
 * offset is not inside the page below the entry before it. */
static int entry_at(const struct bdb *db, const unsigned char *p, unsigned n, unsigned idx, const unsigned char **e,
                    size_t *len)
{
    unsigned off = get16(db, p + PAGE_HEAD + 2 * idx);
    unsigned end = idx ? get16(db, p + PAGE_HEAD + 2 * (idx - 1)) : db->psize;

    if (off < PAGE_HEAD + 2 * n || off >= end || end > db->psize)
        return -1;
    *e = p + off;
    *len = end - off;
    return 0;
}

/* One header blob into tmp; a header that does not parse is a warning. */
static enum ck_status add_blob(struct ck_inventory *tmp, const struct bdb *db, uint32_t hnum, const void *blob,
                               size_t len)
{
    struct ck_err herr;
    enum ck_status st;

    ck_err_clear(&herr);
    st = ck_rpmdb_parse_header(tmp, blob, len, &herr);
    if (st == CK_ERR_NOMEM)
        return st;
    if (st != CK_OK)
        return ck_inventory_warn(tmp, "%s: package header %lu: %s; skipped", db->label, (unsigned long)hnum,
                                 herr.msg);
    return CK_OK;
}

/* The key and value entries at idx, idx + 1 of page pgno. A pair that is
 * not a package is a warning; CK_OK unless out of memory. */
static enum ck_status read_pair(struct bdb *db, struct ck_inventory *tmp, const unsigned char *p, uint32_t pgno,
                                unsigned n, unsigned idx)
{
    const unsigned char *k, *v;
    size_t klen, vlen;
    uint32_t hnum, at;
    const char *why;

    if (entry_at(db, p, n, idx, &k, &klen) != 0 || entry_at(db, p, n, idx + 1, &v, &vlen) != 0)
        return ck_inventory_warn(tmp, "%s: page %lu entry %u: its offset lies outside the page; skipped", db->label,
                                 (unsigned long)pgno, idx);
    if (k[0] != H_KEYDATA || klen != 5)
        return ck_inventory_warn(tmp, "%s: page %lu entry %u: the key is not a package number; skipped",
                                 db->label, (unsigned long)pgno, idx);
    hnum = get32(db, k + 1);
    if (hnum == 0)
        return CK_OK; /* rpm's counter of package numbers */
    if (v[0] == H_KEYDATA)
        return add_blob(tmp, db, hnum, v + 1, vlen - 1);
    if (v[0] != H_OFFPAGE || vlen != 12)
        return ck_inventory_warn(tmp, "%s: package header %lu: a value of kind %u, which rpm does not write; skipped",
                                 db->label, (unsigned long)hnum, v[0]);
    if (read_overflow(db, get32(db, v + 4), get32(db, v + 8), &why, &at) != 0) {
        if (!why)
            return CK_ERR_NOMEM;
        return ck_inventory_warn(tmp, "%s: package header %lu: overflow page %lu %s; skipped", db->label,
                                 (unsigned long)hnum, (unsigned long)at, why);
    }
    return add_blob(tmp, db, hnum, db->value, get32(db, v + 8));
}

/* Every pair of one bucket's page chain. */
static enum ck_status read_bucket(struct bdb *db, struct ck_inventory *tmp, uint32_t bucket, struct ck_err *err)
{
    unsigned bits = 0;
    uint32_t b;
    uint64_t first;
    uint32_t pgno;

    for (b = bucket; b; b >>= 1)
        bits++;
    first = (uint64_t)bucket + (bits < 32 ? db->spares[bits] : UINT32_MAX);
    if (first >= db->npages)
        return ck_err_set(err, CK_ERR_PARSE, "%s: hash bucket %lu starts on page %llu, outside the file", db->label,
                          (unsigned long)bucket, (unsigned long long)first);
    pgno = (uint32_t)first;
    do {
        const char *why;
        const unsigned char *p = take_page(db, pgno, &why);
        unsigned n, i;
        enum ck_status st;

        if (!p)
            return ck_err_set(err, CK_ERR_PARSE, "%s: hash bucket %lu: page %lu %s", db->label,
                              (unsigned long)bucket, (unsigned long)pgno, why);
        if (p[25] != P_HASH && p[25] != P_HASH_UNSORTED)
            return ck_err_set(err, CK_ERR_PARSE, "%s: hash bucket %lu: page %lu is not a hash page (type %u)",
                              db->label, (unsigned long)bucket, (unsigned long)pgno, p[25]);
        n = get16(db, p + 20);
        if (n % 2 || PAGE_HEAD + 2 * (size_t)n > db->psize)
            return ck_err_set(err, CK_ERR_PARSE, "%s: page %lu claims %u entries, which its %lu bytes cannot hold",
                              db->label, (unsigned long)pgno, n, (unsigned long)db->psize);
        for (i = 0; i < n; i += 2)
            if ((st = read_pair(db, tmp, p, pgno, n, i)) != CK_OK)
                return ck_err_set(err, st, "out of memory");
        pgno = get32(db, p + 16);
    } while (pgno != 0);
    return CK_OK;
}

/* The meta page: byte order, page size, page count, buckets. */
static enum ck_status read_meta(struct bdb *db, size_t len, struct ck_err *err)
{
    const unsigned char *m = db->b;
    uint32_t magic, version, last;
    unsigned i;

    if (len < 512)
        return ck_err_set(err, CK_ERR_PARSE, "%s is not a Berkeley DB database (%lu bytes)", db->label,
                          (unsigned long)len);
    db->big = 0;
    magic = get32(db, m + 12);
    if (magic != HASH_MAGIC && magic != BTREE_MAGIC) {
        db->big = 1;
        magic = get32(db, m + 12);
    }
    if (magic == BTREE_MAGIC)
        return ck_err_set(err, CK_ERR_UNSUPPORTED,
                          "%s is a Berkeley DB btree database; rpm keeps its Packages as a hash database", db->label);
    if (magic != HASH_MAGIC)
        return ck_err_set(err, CK_ERR_PARSE, "%s is not a Berkeley DB hash database", db->label);
    version = get32(db, m + 16);
    db->psize = get32(db, m + 20);
    last = get32(db, m + 32);
    if (version < 8 || version > 10)
        return ck_err_set(err, CK_ERR_UNSUPPORTED, "%s: Berkeley DB hash version %lu is not read (8 to 10 are)",
                          db->label, (unsigned long)version);
    if (db->psize < 512 || db->psize > 65536 || (db->psize & (db->psize - 1)))
        return ck_err_set(err, CK_ERR_PARSE, "%s: page size %lu is not one Berkeley DB uses", db->label,
                          (unsigned long)db->psize);
    if (m[24] != 0 || (m[26] & 1))
        return ck_err_set(err, CK_ERR_UNSUPPORTED, "%s: its pages are %s, which rpm's databases are not", db->label,
                          m[24] ? "encrypted" : "checksummed");
    if (m[25] != P_HASHMETA)
        return ck_err_set(err, CK_ERR_PARSE, "%s: page 0 is not a hash meta page (type %u)", db->label, m[25]);
    if (last == UINT32_MAX || (uint64_t)(last + 1) * db->psize > len)
        return ck_err_set(err, CK_ERR_PARSE,
                          "%s is truncated: it says it has %llu pages of %lu bytes, the file holds %llu bytes",
                          db->label, (unsigned long long)last + 1, (unsigned long)db->psize, (unsigned long long)len);
    db->npages = last + 1;
    db->maxbucket = get32(db, m + 72);
    if (db->maxbucket >= db->npages)
        return ck_err_set(err, CK_ERR_PARSE, "%s: %llu hash buckets cannot fit in its %lu pages", db->label,
                          (unsigned long long)db->maxbucket + 1, (unsigned long)db->npages);
    for (i = 0; i < 32; i++)
        db->spares[i] = get32(db, m + 96 + 4 * i);
    return CK_OK;
}

enum ck_status ck_rpmdb_parse_bdb(struct ck_inventory *inv, const void *data, size_t len, const char *label,
                                  struct ck_err *err)
{
    struct bdb db;
    struct ck_inventory tmp; /* inv stays untouched on failure */
    uint32_t bucket;
    enum ck_status st;

    memset(&db, 0, sizeof db);
    db.b = data;
    db.label = label ? label : "Packages";
    ck_inventory_init(&tmp);
    tmp.flags = inv->flags;
    if ((st = read_meta(&db, len, err)) != CK_OK)
        goto cleanup;
    if (!(db.used = calloc(db.npages, 1))) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    db.used[0] = 1;
    for (bucket = 0; bucket <= db.maxbucket; bucket++)
        if ((st = read_bucket(&db, &tmp, bucket, err)) != CK_OK)
            goto cleanup;
    if (ck_inventory_append(inv, &tmp) != CK_OK)
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
cleanup:
    free(db.used);
    free(db.value);
    ck_inventory_release(&tmp);
    return st;
}
