/* The BerkeleyDB Packages reader (ck_rpmdb_parse_bdb) over hash databases
 * this test writes itself (rpmdb_build.h): small and large headers, values
 * on overflow pages, bucket chains, both byte orders, page sizes; then
 * hostile ones: every truncation, loops in overflow and bucket chains,
 * pages and offsets past the end, absurd counts, wrong kinds of entries.
 * Each must end in an error that names the file and the fault (the
 * inventory untouched) or in warnings, never a crash or a hang. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "inventory/rpmdb.h"
#include "rpmdb_build.h"

static const struct rb_pkg pkgs[] = {
    {"bash", NULL, "5.1.8", "6.el9", "x86_64", "bash-5.1.8-6.el9.src.rpm", 3, 0},
    {"openssl-libs", "1", "3.0.7", "27.el9", "x86_64", "openssl-3.0.7-27.el9.src.rpm", 2, 0},
    {"tzdata", NULL, "2024a", "1.el9", "noarch", "tzdata-2024a-1.el9.src.rpm", 0, 0},
    /* large enough for overflow pages at every page size */
    {"glibc-all-langpacks", NULL, "2.34", "100.el9", "x86_64", "glibc-2.34-100.el9.src.rpm", 40, 70000},
};
#define NPKGS (sizeof pkgs / sizeof pkgs[0])

/* rpm's database of pkgs: key 0 holds its counter, then one header a key. */
static unsigned char *make_db(unsigned psize, unsigned nbuckets, int big, size_t *len)
{
    struct bdb_build b;
    unsigned char counter[4] = {NPKGS + 1, 0, 0, 0};
    size_t i;

    bdb_init(&b, psize, nbuckets, big);
    bdb_put(&b, 0, counter, 4);
    for (i = 0; i < NPKGS; i++) {
        struct ck_buf h;
        rb_header(&h, &pkgs[i]);
        bdb_put(&b, (uint32_t)i + 1, h.data, h.len);
        ck_buf_release(&h);
    }
    return bdb_finish(&b, len);
}

static const struct ck_package *find(const struct ck_inventory *inv, const char *name)
{
    size_t i;
    for (i = 0; i < inv->count; i++)
        if (!strcmp(inv->packages[i].name, name))
            return &inv->packages[i];
    return NULL;
}

static void check_all_read(const struct ck_inventory *inv)
{
    const struct ck_package *p;

    CK_CHECK_INT(inv->count, NPKGS);
    CK_CHECK_INT(inv->warning_count, 0);
    p = find(inv, "openssl-libs");
    CK_REQUIRE(p != NULL);
    CK_CHECK_STR(p->version, "1:3.0.7-27.el9");
    CK_CHECK_STR(p->source_name, "openssl");
    CK_CHECK_STR(p->source_version, "1:3.0.7-27.el9");
    CK_CHECK_STR(p->arch, "x86_64");
    CK_CHECK(p->type == CK_PKG_RPM);
    p = find(inv, "glibc-all-langpacks");
    CK_REQUIRE(p != NULL);
    CK_CHECK_STR(p->version, "2.34-100.el9");
    p = find(inv, "tzdata");
    CK_REQUIRE(p != NULL);
    CK_CHECK_STR(p->arch, "noarch");
}

/* Page sizes from the smallest to rpm's usual, one and several buckets,
 * little- and big-endian files: the same packages. */
static void test_layouts(void)
{
    static const unsigned sizes[] = {512, 1024, 4096, 65536};
    static const unsigned buckets[] = {1, 2, 8};
    size_t s, k;
    int big;

    for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (k = 0; k < sizeof buckets / sizeof buckets[0]; k++)
            for (big = 0; big < 2; big++) {
                size_t len = 0;
                unsigned char *db = make_db(sizes[s], buckets[k], big, &len);
                struct ck_inventory inv;
                struct ck_err err;
                CK_REQUIRE(db != NULL);
                ck_inventory_init(&inv);
                ck_err_clear(&err);
                CK_CHECK_INT(ck_rpmdb_parse_bdb(&inv, db, len, "/var/lib/rpm/Packages", &err), CK_OK);
                check_all_read(&inv);
                CK_CHECK_INT(inv.file_count, 0); /* not asked for */
                ck_inventory_release(&inv);
                free(db);
            }
}

static void test_files(void)
{
    size_t len = 0, i, found = 0;
    unsigned char *db = make_db(512, 2, 0, &len);
    struct ck_inventory inv;
    struct ck_err err;

    CK_REQUIRE(db != NULL);
    ck_inventory_init(&inv);
    inv.flags = CK_INVENTORY_FILES;
    CK_CHECK_INT(ck_rpmdb_parse_bdb(&inv, db, len, "Packages", &err), CK_OK);
    CK_CHECK_INT(inv.file_count, 3 + 2 + 40);
    for (i = 0; i < inv.file_count; i++)
        if (!strcmp(inv.files[i].path, "/usr/share/glibc-all-langpacks/f39")) {
            found++;
            CK_CHECK_STR(inv.packages[inv.files[i].package].name, "glibc-all-langpacks");
        }
    CK_CHECK_INT(found, 1);
    ck_inventory_release(&inv);
    free(db);
}

/* Hundreds of packages: bucket chains of many pages each. */
static void test_many(void)
{
    enum { N = 600 };
    struct bdb_build b;
    struct ck_inventory inv;
    struct ck_err err;
    unsigned char *db;
    size_t len = 0;
    uint32_t i;

    bdb_init(&b, 1024, 4, 1);
    for (i = 1; i <= N; i++) {
        char name[32];
        struct ck_buf h;
        struct rb_pkg p = {name, NULL, "1.0", "1", "x86_64", NULL, 0, 0};
        snprintf(name, sizeof name, "pkg%u", (unsigned)i);
        rb_header(&h, &p);
        bdb_put(&b, i, h.data, h.len);
        ck_buf_release(&h);
    }
    db = bdb_finish(&b, &len);
    CK_REQUIRE(db != NULL);
    CK_CHECK(len / 1024 > 40); /* chains of more than ten pages a bucket */
    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_rpmdb_parse_bdb(&inv, db, len, "Packages", &err), CK_OK);
    CK_CHECK_INT(inv.count, N);
    CK_CHECK(find(&inv, "pkg1") && find(&inv, "pkg600"));
    ck_inventory_release(&inv);
    free(db);
}

/* ---- hostile files ---------------------------------------------------------- */

/* Reads db into an inventory holding one package already: on an error the
 * inventory must be as it was and the message name the file. */
static enum ck_status read_hostile(const unsigned char *db, size_t len, struct ck_inventory *inv, struct ck_err *err)
{
    enum ck_status st;

    ck_inventory_init(inv);
    inv->flags = CK_INVENTORY_FILES;
    ck_inventory_add(inv, CK_PKG_RPM, "before", "1", NULL, NULL, NULL);
    ck_err_clear(err);
    st = ck_rpmdb_parse_bdb(inv, db, len, "img/Packages", err);
    if (st != CK_OK) {
        CK_CHECK_INT(inv->count, 1);
        CK_CHECK_INT(inv->warning_count, 0);
        CK_CHECK_INT(inv->file_count, 0);
        CK_CHECK(strstr(err->msg, "img/Packages") != NULL);
    }
    return st;
}

static int warned(const struct ck_inventory *inv, const char *what)
{
    size_t i;
    for (i = 0; i < inv->warning_count; i++)
        if (strstr(inv->warnings[i], what))
            return 1;
    return 0;
}

/* Lengths short of the whole file (each of the first pages' and around
 * every page end, a sample between): an error saying so. */
static void test_truncated(void)
{
    size_t len = 0, n;
    unsigned char *db = make_db(512, 2, 0, &len);
    int all_errors = 1, all_said = 1;

    CK_REQUIRE(db != NULL);
    for (n = 0; n < len; n += n < 2048 || n % 512 < 2 || n % 512 > 509 ? 1 : 37) {
        struct ck_inventory inv;
        struct ck_err err;
        unsigned char *copy = malloc(n ? n : 1); /* exactly n bytes, for the address checker */
        CK_REQUIRE(copy != NULL);
        memcpy(copy, db, n);
        if (read_hostile(copy, n, &inv, &err) == CK_OK)
            all_errors = 0;
        else if (n >= 512 && !strstr(err.msg, "truncated"))
            all_said = 0;
        ck_inventory_release(&inv);
        free(copy);
    }
    CK_CHECK(all_errors);
    CK_CHECK(all_said);
    free(db);
}

/* The page numbers of the first overflow page and of the hash page holding
 * package key (the first found), in a file of page size psize. */
static uint32_t find_type(const unsigned char *db, size_t len, unsigned psize, unsigned type)
{
    uint32_t pg;
    for (pg = 1; (size_t)(pg + 1) * psize <= len; pg++)
        if (db[(size_t)pg * psize + 25] == type)
            return pg;
    return 0;
}

/* The entry of glibc's value (an overflow reference) on its hash page. */
static unsigned char *overflow_ref(unsigned char *db, size_t len, unsigned psize)
{
    uint32_t pg;
    for (pg = 1; (size_t)(pg + 1) * psize <= len; pg++) {
        unsigned char *p = db + (size_t)pg * psize;
        unsigned n = (unsigned)p[20] | (unsigned)p[21] << 8, i;
        if (p[25] != 13)
            continue;
        for (i = 1; i < n; i += 2) {
            unsigned off = (unsigned)p[26 + 2 * i] | (unsigned)p[27 + 2 * i] << 8;
            if (p[off] == 3)
                return p + off;
        }
    }
    return NULL;
}

static void put_le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static void test_overflow_faults(void)
{
    enum { PS = 4096 };
    size_t len = 0;
    unsigned char *orig = make_db(PS, 2, 0, &len), *db = malloc(len), *ref;
    uint32_t first;
    struct ck_inventory inv;
    struct ck_err err;

    CK_REQUIRE(orig != NULL && db != NULL);
    first = find_type(orig, len, PS, 7);
    CK_REQUIRE(first != 0);

    /* the chain's first page points back to itself */
    memcpy(db, orig, len);
    put_le32(db + (size_t)first * PS + 16, first);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK_INT(inv.count, 1 + NPKGS - 1); /* glibc skipped, the others read */
    CK_CHECK(warned(&inv, "loops"));
    CK_CHECK(warned(&inv, "img/Packages: package header 4"));
    ck_inventory_release(&inv);

    /* a loop through two pages of the chain */
    memcpy(db, orig, len);
    put_le32(db + (size_t)(first + 1) * PS + 16, first);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK(warned(&inv, "loops"));
    ck_inventory_release(&inv);

    /* the chain goes on past the file's last page, or to page 0 */
    memcpy(db, orig, len);
    put_le32(db + (size_t)first * PS + 16, 0x7fffffff);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK(warned(&inv, "outside the file"));
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    put_le32(db + (size_t)first * PS + 16, 0);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK(warned(&inv, "ends before the value does"));
    ck_inventory_release(&inv);

    /* the reference: a first page past the end, an absurd length, length 0 */
    memcpy(db, orig, len);
    ref = overflow_ref(db, len, PS);
    CK_REQUIRE(ref != NULL);
    put_le32(ref + 4, 0xfffffff0u);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK(warned(&inv, "outside the file"));
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    ref = overflow_ref(db, len, PS);
    put_le32(ref + 8, 0xffffffffu);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK(warned(&inv, "longer than the file"));
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    ref = overflow_ref(db, len, PS);
    put_le32(ref + 8, 0);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK(warned(&inv, "empty value"));
    ck_inventory_release(&inv);
    /* shorter than the chain: the page holds more than the value */
    memcpy(db, orig, len);
    ref = overflow_ref(db, len, PS);
    put_le32(ref + 8, 100);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK(warned(&inv, "holds more bytes"));
    ck_inventory_release(&inv);
    /* a page of the chain claims more bytes than a page has */
    memcpy(db, orig, len);
    db[(size_t)first * PS + 22] = 0xff;
    db[(size_t)first * PS + 23] = 0xff;
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK(warned(&inv, "holds more bytes"));
    ck_inventory_release(&inv);
    /* a page of the chain that is not an overflow page */
    memcpy(db, orig, len);
    db[(size_t)(first + 2) * PS + 25] = 13;
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK(warned(&inv, "not an overflow page"));
    ck_inventory_release(&inv);
    /* an overflow chain through a bucket's page: that page is read once
     * only, so either the chain or the bucket is refused */
    memcpy(db, orig, len);
    ref = overflow_ref(db, len, PS);
    put_le32(ref + 4, 1);
    (void)read_hostile(db, len, &inv, &err);
    CK_CHECK(inv.warning_count > 0 || err.msg[0]);
    ck_inventory_release(&inv);
    free(orig);
    free(db);
}

static void test_bucket_faults(void)
{
    enum { PS = 512 };
    size_t len = 0;
    unsigned char *orig = make_db(PS, 2, 0, &len), *db = malloc(len);
    struct ck_inventory inv;
    struct ck_err err;

    CK_REQUIRE(orig != NULL && db != NULL);
    /* bucket 0's page chains to itself: an error, not a hang */
    memcpy(db, orig, len);
    put_le32(db + PS + 16, 1);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "img/Packages: hash bucket 0: page 1 is reached a second time") != NULL);
    ck_inventory_release(&inv);
    /* ... to bucket 1's first page */
    memcpy(db, orig, len);
    put_le32(db + PS + 16, 2);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "loops") != NULL);
    ck_inventory_release(&inv);
    /* ... past the end */
    memcpy(db, orig, len);
    put_le32(db + PS + 16, 0xfffffffeu);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "outside the file") != NULL);
    ck_inventory_release(&inv);
    /* a page that does not carry its own number */
    memcpy(db, orig, len);
    put_le32(db + 2 * PS + 8, 77);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "page 2 does not carry its own page number") != NULL);
    ck_inventory_release(&inv);
    /* a bucket page of another type */
    memcpy(db, orig, len);
    db[PS + 25] = 7;
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "not a hash page") != NULL);
    ck_inventory_release(&inv);
    /* an absurd entry count, an odd one */
    memcpy(db, orig, len);
    db[PS + 20] = 0xfe;
    db[PS + 21] = 0xff;
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "claims 65534 entries") != NULL);
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    db[PS + 20] = 1;
    db[PS + 21] = 0;
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    ck_inventory_release(&inv);
    /* entry offsets past the page, inside the offset table, out of order:
     * warnings, the other entries read */
    memcpy(db, orig, len);
    db[PS + 26] = 0xff;
    db[PS + 27] = 0xff;
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK(warned(&inv, "offset lies outside the page"));
    CK_CHECK(inv.count > 1);
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    db[PS + 28] = 4;
    db[PS + 29] = 0;
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK(warned(&inv, "offset lies outside the page"));
    ck_inventory_release(&inv);
    free(orig);
    free(db);
}

static void test_meta_faults(void)
{
    enum { PS = 512 };
    size_t len = 0;
    unsigned char *orig = make_db(PS, 2, 0, &len), *db = malloc(len);
    struct ck_inventory inv;
    struct ck_err err;

    CK_REQUIRE(orig != NULL && db != NULL);
    memcpy(db, orig, len);
    db[12] ^= 0xff; /* no magic */
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "img/Packages is not a Berkeley DB hash database") != NULL);
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    put_le32(db + 12, 0x00053162); /* a btree */
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_UNSUPPORTED);
    CK_CHECK(strstr(err.msg, "btree") != NULL);
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    put_le32(db + 16, 5); /* an old hash version */
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_UNSUPPORTED);
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    put_le32(db + 20, 1000); /* not a power of two */
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "page size 1000") != NULL);
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    put_le32(db + 20, 1u << 30);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    db[24] = 1; /* encrypted */
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_UNSUPPORTED);
    CK_CHECK(strstr(err.msg, "encrypted") != NULL);
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    put_le32(db + 32, 0xffffffffu); /* a huge page count */
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "truncated") != NULL);
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    put_le32(db + 32, 0xfffffffeu);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    put_le32(db + 72, 0x7fffffff); /* a huge bucket count */
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "buckets cannot fit") != NULL);
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    put_le32(db + 96 + 4, 0x7ffffff0); /* bucket 1 starts far away */
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "hash bucket 1 starts on page") != NULL);
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    put_le32(db + 96 + 4, 0); /* bucket 1 on page 1, bucket 0's */
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    put_le32(db + 96, 0); /* bucket 0 on the meta page */
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    ck_inventory_release(&inv);
    free(orig);
    free(db);
}

/* Entries rpm does not write, and headers that do not parse: warnings. */
static void test_odd_entries(void)
{
    struct bdb_build b;
    struct ck_inventory inv;
    struct ck_err err;
    struct ck_buf h;
    unsigned char *db, key8[9] = {1, 1, 0, 0, 0, 0, 0, 0, 0}, dup[6] = {2, 9, 9, 9, 9, 9}, junk[40];
    unsigned char key5[5] = {1, 9, 0, 0, 0}, val[3] = {1, 'x', 0};
    size_t len = 0;

    memset(junk, 0xee, sizeof junk);
    bdb_init(&b, 4096, 1, 0);
    rb_header(&h, &pkgs[0]);
    bdb_put(&b, 1, h.data, h.len);
    ck_buf_release(&h);
    bdb_put(&b, 2, junk, sizeof junk);            /* not a header */
    bdb_pair(&b, 0, key8, sizeof key8, val, 3);   /* a key of 8 bytes */
    bdb_pair(&b, 0, key5, sizeof key5, dup, 6);   /* a duplicate set */
    db = bdb_finish(&b, &len);
    CK_REQUIRE(db != NULL);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK_INT(inv.count, 2);
    CK_CHECK_INT(inv.warning_count, 3);
    CK_CHECK(warned(&inv, "img/Packages: package header 2: not an rpm header"));
    CK_CHECK(warned(&inv, "the key is not a package number"));
    CK_CHECK(warned(&inv, "package header 9: a value of kind 2"));
    ck_inventory_release(&inv);
    free(db);
}

/* Bytes changed at random (a fixed seed): an error or warnings, never a
 * crash, and the inventory untouched on an error. */
static void test_random_damage(void)
{
    size_t len = 0, i;
    unsigned char *orig = make_db(512, 4, 1, &len), *db = malloc(len);
    uint32_t x = 12345;
    int round;

    CK_REQUIRE(orig != NULL && db != NULL);
    for (round = 0; round < 3000; round++) {
        struct ck_inventory inv;
        struct ck_err err;
        int flips = 1 + round % 8;
        memcpy(db, orig, len);
        for (i = 0; i < (size_t)flips; i++) {
            x = x * 1103515245u + 12345u;
            db[(x >> 8) % len] = (unsigned char)(x >> 3);
        }
        (void)read_hostile(db, len, &inv, &err);
        ck_inventory_release(&inv);
    }
    free(orig);
    free(db);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    CK_RUN(test_layouts);
    CK_RUN(test_files);
    CK_RUN(test_many);
    CK_RUN(test_truncated);
    CK_RUN(test_overflow_faults);
    CK_RUN(test_bucket_faults);
    CK_RUN(test_meta_faults);
    CK_RUN(test_odd_entries);
    CK_RUN(test_random_damage);
    return ck_test_summary();
}
