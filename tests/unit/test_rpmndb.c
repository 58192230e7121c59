/* The NDB Packages.db reader (ck_rpmdb_parse_ndb) over files this test
 * writes itself (rpmdb_build.h): blobs in and out of package-number order,
 * free slots, several slot pages, a large header; then hostile ones: every
 * truncation, slots past the end or inside the slot pages, overlapping
 * blobs, a package twice, absurd page counts, damaged marks, lengths and
 * checksums. Each must end in an error naming the file and the fault (the
 * inventory untouched) or in warnings, never a crash or a hang. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "inventory/rpmdb.h"
#include "rpmdb_build.h"

static const struct rb_pkg pkgs[] = {
    {"filesystem", NULL, "15.0", "11.3.2", "x86_64", "filesystem-15.0-11.3.2.src.rpm", 4, 0},
    {"libpcre1", NULL, "8.45", "20.10.1", "x86_64", "pcre-8.45-20.10.1.src.rpm", 1, 0},
    {"perl-base", "2", "5.26.1", "150300.17.3.1", "x86_64", "perl-5.26.1-150300.17.3.1.src.rpm", 0, 0},
    {"glibc", NULL, "2.31", "9.3.2", "x86_64", "glibc-2.31-9.3.2.src.rpm", 30, 200000},
};
#define NPKGS (sizeof pkgs / sizeof pkgs[0])

static struct ck_buf blobs[NPKGS];

static void make_blobs(void)
{
    size_t i;
    for (i = 0; i < NPKGS; i++)
        rb_header(&blobs[i], &pkgs[i]);
}

/* The four packages, numbered 4, 1, 3, 2 in file order, a free slot between
 * the first two. */
static unsigned char *make_db(unsigned slotpages, size_t *len)
{
    struct ndb_pkg p[5];
    p[0] = (struct ndb_pkg){4, blobs[0].data, blobs[0].len};
    p[1] = (struct ndb_pkg){0, NULL, 0};
    p[2] = (struct ndb_pkg){1, blobs[1].data, blobs[1].len};
    p[3] = (struct ndb_pkg){3, blobs[2].data, blobs[2].len};
    p[4] = (struct ndb_pkg){2, blobs[3].data, blobs[3].len};
    return ndb_build(p, 5, slotpages, len);
}

/* Where slot n (from 2) lies. */
static unsigned char *slot(unsigned char *db, size_t n)
{
    return db + n * 16;
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static void test_read(void)
{
    unsigned pages;

    for (pages = 1; pages <= 3; pages++) {
        size_t len = 0, i, files = 0;
        unsigned char *db = make_db(pages, &len);
        struct ck_inventory inv;
        struct ck_err err;

        CK_REQUIRE(db != NULL);
        ck_inventory_init(&inv);
        inv.flags = CK_INVENTORY_FILES;
        ck_err_clear(&err);
        CK_CHECK_INT(ck_rpmdb_parse_ndb(&inv, db, len, "/usr/lib/sysimage/rpm/Packages.db", &err), CK_OK);
        CK_REQUIRE(inv.count == NPKGS);
        CK_CHECK_INT(inv.warning_count, 0);
        /* in file order, as rpm lists them */
        for (i = 0; i < NPKGS; i++)
            CK_CHECK_STR(inv.packages[i].name, pkgs[i].name);
        CK_CHECK_STR(inv.packages[2].version, "2:5.26.1-150300.17.3.1");
        CK_CHECK_STR(inv.packages[2].source_name, "perl");
        CK_CHECK_STR(inv.packages[1].source_name, "pcre");
        CK_CHECK_STR(inv.packages[3].version, "2.31-9.3.2");
        for (i = 0; i < inv.file_count; i++)
            if (!strcmp(inv.files[i].path, "/usr/share/glibc/f29")) {
                files++;
                CK_CHECK_STR(inv.packages[inv.files[i].package].name, "glibc");
            }
        CK_CHECK_INT(files, 1);
        CK_CHECK_INT(inv.file_count, 4 + 1 + 30);
        ck_inventory_release(&inv);
        /* without CK_INVENTORY_FILES, no files */
        ck_inventory_init(&inv);
        CK_CHECK_INT(ck_rpmdb_parse_ndb(&inv, db, len, NULL, &err), CK_OK);
        CK_CHECK_INT(inv.count, NPKGS);
        CK_CHECK_INT(inv.file_count, 0);
        ck_inventory_release(&inv);
        free(db);
    }
}

/* An empty database: no package, no warning. */
static void test_empty(void)
{
    size_t len = 0;
    unsigned char *db = ndb_build(NULL, 0, 1, &len);
    struct ck_inventory inv;
    struct ck_err err;

    CK_REQUIRE(db != NULL);
    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_rpmdb_parse_ndb(&inv, db, len, "Packages.db", &err), CK_OK);
    CK_CHECK_INT(inv.count, 0);
    CK_CHECK_INT(inv.warning_count, 0);
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
    st = ck_rpmdb_parse_ndb(inv, db, len, "img/Packages.db", err);
    if (st != CK_OK) {
        CK_CHECK_INT(inv->count, 1);
        CK_CHECK_INT(inv->warning_count, 0);
        CK_CHECK_INT(inv->file_count, 0);
        CK_CHECK(strstr(err->msg, "img/Packages.db") != NULL);
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

/* Lengths short of the whole file (each of the slot page's, around every
 * blob's end, a sample between): an error, which says "truncated" once
 * the slot page is whole. */
static void test_truncated(void)
{
    size_t len = 0, n;
    unsigned char *db = make_db(1, &len);
    int bad = 0;

    CK_REQUIRE(db != NULL);
    for (n = 0; n < len; n += n < 4200 || len - n < 64 ? 1 : 101) {
        struct ck_inventory inv;
        struct ck_err err;
        unsigned char *copy = malloc(n ? n : 1); /* exactly n bytes, for the address checker */
        enum ck_status st;
        CK_REQUIRE(copy != NULL);
        memcpy(copy, db, n);
        st = read_hostile(copy, n, &inv, &err);
        if (st == CK_OK || (n >= 4096 && !strstr(err.msg, "truncated")))
            bad++;
        ck_inventory_release(&inv);
        free(copy);
    }
    CK_CHECK_INT(bad, 0);
    free(db);
}

static void test_slot_faults(void)
{
    size_t len = 0;
    unsigned char *orig = make_db(1, &len), *db = malloc(len);
    struct ck_inventory inv;
    struct ck_err err;

    CK_REQUIRE(orig != NULL && db != NULL);
    /* a blob past the end of the file */
    memcpy(db, orig, len);
    wr32(slot(db, 4) + 12, 0x7fffffff);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "img/Packages.db is truncated: package 1 lies at bytes") != NULL);
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    wr32(slot(db, 4) + 8, 0xffffffffu);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    ck_inventory_release(&inv);
    /* a blob inside the slot pages */
    memcpy(db, orig, len);
    wr32(slot(db, 4) + 8, 1);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "slot 4 (package 1) is damaged") != NULL);
    ck_inventory_release(&inv);
    /* package number 0, no blocks */
    memcpy(db, orig, len);
    wr32(slot(db, 4) + 4, 0);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    wr32(slot(db, 4) + 12, 0);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    ck_inventory_release(&inv);
    /* two slots for one blob: overlapping */
    memcpy(db, orig, len);
    memcpy(slot(db, 3), slot(db, 4), 16);
    wr32(slot(db, 3) + 4, 9);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "overlap") != NULL);
    ck_inventory_release(&inv);
    /* many slots all pointing at the largest blob: refused before any is read */
    memcpy(db, orig, len);
    {
        size_t i;
        for (i = 7; i < 256; i++) {
            memcpy(slot(db, i), slot(db, 6), 16);
            wr32(slot(db, i) + 4, (uint32_t)i + 100);
        }
    }
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "overlap") != NULL);
    ck_inventory_release(&inv);
    /* one package number twice */
    memcpy(db, orig, len);
    wr32(slot(db, 5) + 4, 1);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "two slots hold package 1") != NULL);
    ck_inventory_release(&inv);
    /* a slot without its mark */
    memcpy(db, orig, len);
    memcpy(slot(db, 200), "Slop", 4);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "slot 200 is damaged") != NULL);
    ck_inventory_release(&inv);
    /* the file header: magic, version, slot page counts */
    memcpy(db, orig, len);
    db[0] = 'X';
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "img/Packages.db is not an rpm NDB database") != NULL);
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    wr32(db + 4, 1);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_UNSUPPORTED);
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    wr32(db + 12, 0xffffffffu);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "slot pages") != NULL);
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    wr32(db + 12, 0);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    ck_inventory_release(&inv);
    /* two slot pages claimed, the second holding blobs (no marks) */
    memcpy(db, orig, len);
    wr32(db + 12, 2);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_ERR_PARSE);
    ck_inventory_release(&inv);
    free(orig);
    free(db);
}

/* Damage inside one blob: a warning for that package, the others read. */
static void test_blob_faults(void)
{
    size_t len = 0, off, cnt;
    unsigned char *orig = make_db(1, &len), *db = malloc(len);
    struct ck_inventory inv;
    struct ck_err err;

    CK_REQUIRE(orig != NULL && db != NULL);
    off = (size_t)rd32(slot(orig, 4) + 8) * 16; /* package 1, libpcre1 */
    cnt = rd32(slot(orig, 4) + 12);
    /* checksum */
    memcpy(db, orig, len);
    db[off + 40] ^= 1;
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK_INT(inv.count, 1 + NPKGS - 1);
    CK_CHECK(warned(&inv, "img/Packages.db: package 1: its blob's checksum does not match; skipped"));
    ck_inventory_release(&inv);
    /* marks */
    memcpy(db, orig, len);
    db[off] = 'X';
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK(warned(&inv, "marks"));
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    db[off + cnt * 16 - 1] = 'X';
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK(warned(&inv, "marks"));
    ck_inventory_release(&inv);
    /* another package's number, a length that does not fit its blocks */
    memcpy(db, orig, len);
    wr32(db + off + 4, 3);
    ndb_reseal(db, off, cnt);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK(warned(&inv, "names another package"));
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    wr32(db + off + 12, 0xfffffff0u);
    wr32(db + off + cnt * 16 - 8, 0xfffffff0u);
    ndb_reseal(db, off, cnt);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK(warned(&inv, "length does not match"));
    ck_inventory_release(&inv);
    memcpy(db, orig, len);
    wr32(db + off + 12, rd32(db + off + 12) + 1);
    ndb_reseal(db, off, cnt);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK(warned(&inv, "length does not match"));
    ck_inventory_release(&inv);
    /* too few blocks for a blob */
    memcpy(db, orig, len);
    wr32(slot(db, 4) + 12, 1);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK(warned(&inv, "too few"));
    ck_inventory_release(&inv);
    /* a header that does not parse, sealed as rpm would */
    memcpy(db, orig, len);
    wr32(db + off + 16, 0x7fffffff);
    ndb_reseal(db, off, cnt);
    CK_CHECK_INT(read_hostile(db, len, &inv, &err), CK_OK);
    CK_CHECK(warned(&inv, "img/Packages.db: package header 1: not an rpm header"));
    CK_CHECK_INT(inv.count, 1 + NPKGS - 1);
    ck_inventory_release(&inv);
    free(orig);
    free(db);
}

/* Bytes changed at random (a fixed seed), the checksums sealed again half
 * the time so that the damage reaches the header reader. */
static void test_random_damage(void)
{
    size_t len = 0, i, n = 0, offs[NPKGS], cnts[NPKGS];
    unsigned char *orig = make_db(1, &len), *db = malloc(len);
    uint32_t x = 4242;
    int round;

    CK_REQUIRE(orig != NULL && db != NULL);
    for (i = 2; i < 256 && n < NPKGS; i++)
        if (rd32(slot(orig, i) + 8)) {
            offs[n] = (size_t)rd32(slot(orig, i) + 8) * 16;
            cnts[n++] = rd32(slot(orig, i) + 12);
        }
    CK_REQUIRE(n == NPKGS);
    for (round = 0; round < 2000; round++) {
        struct ck_inventory inv;
        struct ck_err err;
        int flips = 1 + round % 6;
        memcpy(db, orig, len);
        for (i = 0; i < (size_t)flips; i++) {
            size_t at;
            x = x * 1103515245u + 12345u;
            /* the slot page one time in three, the (smaller) blobs otherwise */
            at = round % 3 == 0 ? (x >> 8) % 4096 : offs[round % 3] + (x >> 8) % (cnts[round % 3] * 16 - 12);
            db[at] = (unsigned char)(x >> 3);
        }
        if (round % 2)
            for (i = 0; i < NPKGS - 1; i++)
                ndb_reseal(db, offs[i], cnts[i]);
        (void)read_hostile(db, len, &inv, &err);
        ck_inventory_release(&inv);
    }
    free(orig);
    free(db);
}

int main(int argc, char **argv)
{
    size_t i;
    (void)argc;
    (void)argv;
    make_blobs();
    CK_RUN(test_read);
    CK_RUN(test_empty);
    CK_RUN(test_truncated);
    CK_RUN(test_slot_faults);
    CK_RUN(test_blob_faults);
    CK_RUN(test_random_damage);
    for (i = 0; i < NPKGS; i++)
        ck_buf_release(&blobs[i]);
    return ck_test_summary();
}
