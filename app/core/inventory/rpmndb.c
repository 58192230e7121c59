/* rpm's NDB Packages.db, read from memory. The layout (rpm's
 * lib/backend/ndb/rpmpkg.c), every number little-endian:
 *   bytes 0-31, the file header: "RpmP", version 0, a generation, the
 *     number of slot pages (4096 bytes each) at 12, the next package number;
 *   the slot pages, after the header: 16-byte slots "Slot", package number,
 *     first block, block count, where a block is 16 bytes and a first block
 *     of 0 is a free slot;
 *   each package's blob at its first block, after the slot pages: "BlbS",
 *     package number, generation, header length, the rpm header, zeros up to
 *     the last 12 bytes of its blocks, then the Adler-32 of everything before
 *     them, the header length again and "BlbE".
 * Blobs are read in the order of their place in the file, as rpm lists
 * them. The slots are checked before any blob is read (inside the file,
 * after the slot pages, no two blobs overlapping, no package twice), so
 * every byte is read at most once or twice. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/rpmdb.h"

#define NDB_HEAD 32
#define NDB_PAGE 4096u
#define NDB_SLOT 16u
#define NDB_BLOCK 16u
#define BLOB_HEAD 16u
#define BLOB_TAIL 12u

struct slot {
    uint32_t pkgidx, blkoff, blkcnt;
};

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static int by_place(const void *a, const void *b)
{
    const struct slot *x = a, *y = b;
    return x->blkoff < y->blkoff ? -1 : x->blkoff > y->blkoff;
}

static int by_number(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Adler-32 (RFC 1950) of n bytes. */
static uint32_t adler32(const unsigned char *p, size_t n)
{
    uint32_t a = 1, b = 0;
    while (n) {
        size_t run = n < 5552 ? n : 5552; /* the sums cannot overflow before the modulo */
        n -= run;
        while (run--) {
            a += *p++;
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    return b << 16 | a;
}

/* Every used slot, checked against the file and each other, in file order
 * (malloc'd into *out). */
static enum ck_status read_slots(const unsigned char *b, size_t len, uint32_t npages, const char *label,
                                 struct slot **out, size_t *count, struct ck_err *err)
{
    uint64_t fileblks = len / NDB_BLOCK, minblk = (uint64_t)npages * (NDB_PAGE / NDB_BLOCK);
    size_t total = (size_t)npages * (NDB_PAGE / NDB_SLOT), i, n = 0;
    struct slot *s = NULL;
    uint32_t *nums = NULL;
    enum ck_status st = CK_OK;

    if (!(s = malloc(total * sizeof *s))) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (i = NDB_HEAD / NDB_SLOT; i < total; i++) {
        const unsigned char *p = b + i * NDB_SLOT;
        struct slot x;
        if (memcmp(p, "Slot", 4) != 0) {
            st = ck_err_set(err, CK_ERR_PARSE, "%s: slot %lu is damaged (no \"Slot\" mark)", label, (unsigned long)i);
            goto cleanup;
        }
        x.pkgidx = le32(p + 4);
        x.blkoff = le32(p + 8);
        x.blkcnt = le32(p + 12);
        if (x.blkoff == 0)
            continue; /* free */
        if (x.pkgidx == 0 || x.blkcnt == 0 || x.blkoff < minblk) {
            st = ck_err_set(err, CK_ERR_PARSE, "%s: slot %lu (package %lu) is damaged", label, (unsigned long)i,
                            (unsigned long)x.pkgidx);
            goto cleanup;
        }
        if ((uint64_t)x.blkoff + x.blkcnt > fileblks) {
            st = ck_err_set(err, CK_ERR_PARSE, "%s is truncated: package %lu lies at bytes %llu to %llu of %llu",
                            label, (unsigned long)x.pkgidx, (unsigned long long)x.blkoff * NDB_BLOCK,
                            ((unsigned long long)x.blkoff + x.blkcnt) * NDB_BLOCK, (unsigned long long)len);
            goto cleanup;
        }
        s[n++] = x;
    }
    qsort(s, n, sizeof *s, by_place);
    for (i = 1; i < n; i++)
        if ((uint64_t)s[i - 1].blkoff + s[i - 1].blkcnt > s[i].blkoff) {
            st = ck_err_set(err, CK_ERR_PARSE, "%s: the blobs of packages %lu and %lu overlap", label,
                            (unsigned long)s[i - 1].pkgidx, (unsigned long)s[i].pkgidx);
            goto cleanup;
        }
    if (n && !(nums = malloc(n * sizeof *nums))) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (i = 0; i < n; i++)
        nums[i] = s[i].pkgidx;
    if (n)
        qsort(nums, n, sizeof *nums, by_number);
    for (i = 1; i < n; i++)
        if (nums[i] == nums[i - 1]) {
            st = ck_err_set(err, CK_ERR_PARSE, "%s: two slots hold package %lu", label, (unsigned long)nums[i]);
            goto cleanup;
        }
    *out = s;
    *count = n;
    s = NULL;
cleanup:
    free(s);
    free(nums);
    return st;
}

/* The header inside one slot's blob, or NULL and why. */
static const unsigned char *open_blob(const unsigned char *b, const struct slot *s, uint32_t *hlen, const char **why)
{
    const unsigned char *p = b + (size_t)s->blkoff * NDB_BLOCK;
    size_t size = (size_t)s->blkcnt * NDB_BLOCK;
    uint32_t n;

    if (size < BLOB_HEAD + BLOB_TAIL) {
        *why = "its blocks are too few for a blob";
        return NULL;
    }
    if (memcmp(p, "BlbS", 4) != 0 || memcmp(p + size - 4, "BlbE", 4) != 0) {
        *why = "its blob has no \"BlbS\" / \"BlbE\" marks";
        return NULL;
    }
    if (le32(p + 4) != s->pkgidx) {
        *why = "its blob names another package";
        return NULL;
    }
    n = le32(p + 12);
    if (n != le32(p + size - 8) || ((uint64_t)BLOB_HEAD + n + BLOB_TAIL + NDB_BLOCK - 1) / NDB_BLOCK != s->blkcnt) {
        *why = "its blob's length does not match its blocks";
        return NULL;
    }
    if (adler32(p, size - BLOB_TAIL) != le32(p + size - BLOB_TAIL)) {
        *why = "its blob's checksum does not match";
        return NULL;
    }
    *hlen = n;
    return p + BLOB_HEAD;
}

enum ck_status ck_rpmdb_parse_ndb(struct ck_inventory *inv, const void *data, size_t len, const char *label,
                                  struct ck_err *err)
{
    const unsigned char *b = data;
    struct ck_inventory tmp; /* inv stays untouched on failure */
    struct slot *slots = NULL;
    size_t count = 0, i;
    uint32_t npages;
    enum ck_status st = CK_OK;

    ck_inventory_init(&tmp);
    tmp.flags = inv->flags;
    if (!label)
        label = "Packages.db";
    if (len < NDB_HEAD || memcmp(b, "RpmP", 4) != 0) {
        st = ck_err_set(err, CK_ERR_PARSE, "%s is not an rpm NDB database", label);
        goto cleanup;
    }
    if (le32(b + 4) != 0) {
        st = ck_err_set(err, CK_ERR_UNSUPPORTED, "%s: NDB version %lu is not read (0 is)", label,
                        (unsigned long)le32(b + 4));
        goto cleanup;
    }
    npages = le32(b + 12);
    if (npages == 0 || (uint64_t)npages * NDB_PAGE > len) {
        st = ck_err_set(err, CK_ERR_PARSE, "%s: %lu slot pages of %u bytes do not fit in its %llu bytes%s", label,
                        (unsigned long)npages, NDB_PAGE, (unsigned long long)len, npages ? " (truncated?)" : "");
        goto cleanup;
    }
    if ((st = read_slots(b, len, npages, label, &slots, &count, err)) != CK_OK)
        goto cleanup;
    for (i = 0; i < count; i++) {
        struct ck_err herr;
        const char *why;
        uint32_t hlen = 0;
        const unsigned char *h = open_blob(b, &slots[i], &hlen, &why);
        enum ck_status hs;

        ck_err_clear(&herr);
        if (!h)
            hs = ck_inventory_warn(&tmp, "%s: package %lu: %s; skipped", label, (unsigned long)slots[i].pkgidx, why);
        else if ((hs = ck_rpmdb_parse_header(&tmp, h, hlen, &herr)) != CK_OK && hs != CK_ERR_NOMEM)
            hs = ck_inventory_warn(&tmp, "%s: package header %lu: %s; skipped", label,
                                   (unsigned long)slots[i].pkgidx, herr.msg);
        if (hs != CK_OK) {
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
    }
    if (ck_inventory_append(inv, &tmp) != CK_OK)
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
cleanup:
    free(slots);
    ck_inventory_release(&tmp);
    return st;
}
