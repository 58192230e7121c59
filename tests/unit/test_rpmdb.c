/* The rpm database: rpmdb.sqlite read from memory, header blobs, source rpm
 * names, format detection. The fixture comes from tests/fixtures/pkgdb/rpm
 * (made by make_rpmdb.sh with Debian's rpm; rpmdb.expected is rpm -qa). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "inventory/rpmdb.h"
#include "util/buf.h"

static const char *fixtures;

static unsigned char *read_file(const char *rel, size_t *len)
{
    return (unsigned char *)ck_test_read_file(fixtures, rel, len);
}

static const struct ck_package *find(const struct ck_inventory *inv, const char *name)
{
    size_t i;
    for (i = 0; i < inv->count; i++)
        if (!strcmp(inv->packages[i].name, name))
            return &inv->packages[i];
    return NULL;
}

/* Each line of rpmdb.expected ("NAME EPOCH VERSION RELEASE ARCH SOURCERPM")
 * must match a package read from the database. */
static void test_fixture(void)
{
    size_t len = 0, elen = 0, lines = 0;
    unsigned char *db = read_file("pkgdb/rpm/rpmdb.sqlite", &len);
    char *expected = (char *)read_file("pkgdb/rpm/rpmdb.expected", &elen), *line, *next;
    struct ck_inventory inv;
    struct ck_err err;
    const struct ck_package *p;

    CK_REQUIRE(db != NULL && expected != NULL);
    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_rpmdb_parse_sqlite(&inv, db, len, "/var/lib/rpm/rpmdb.sqlite", &err), CK_OK);
    for (line = expected; line && *line; line = next) {
        char name[128], epoch[32], ver[64], rel[64], arch[32], srpm[256], want[256];
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (sscanf(line, "%127s %31s %63s %63s %31s %255s", name, epoch, ver, rel, arch, srpm) != 6)
            continue;
        lines++;
        p = find(&inv, name);
        CK_REQUIRE(p != NULL);
        if (!strcmp(epoch, "(none)"))
            snprintf(want, sizeof want, "%s-%s", ver, rel);
        else
            snprintf(want, sizeof want, "%s:%s-%s", epoch, ver, rel);
        CK_CHECK_STR(p->version, want);
        CK_CHECK_STR(p->arch, arch);
        CK_CHECK(p->type == CK_PKG_RPM);
    }
    CK_CHECK_INT(lines, 3);
    CK_CHECK_INT(inv.count, lines);
    /* the source rpm gives the source package */
    p = find(&inv, "kitty-tools-libs");
    CK_REQUIRE(p != NULL);
    CK_CHECK_STR(p->source_name, "kitty-tools");
    CK_CHECK_STR(p->source_version, "1.2.3-4");
    p = find(&inv, "purr");
    CK_REQUIRE(p != NULL);
    CK_CHECK_STR(p->source_name, "purr");
    CK_CHECK_STR(p->source_version, "2:0.9-1.el9");
    CK_CHECK_INT(inv.warning_count, 0);
    ck_inventory_release(&inv);
    free(db);
    free(expected);
}

static void test_files(void)
{
    size_t len = 0, i;
    unsigned char *db = read_file("pkgdb/rpm/rpmdb.sqlite", &len);
    struct ck_inventory inv;
    struct ck_err err;
    int found = 0;

    CK_REQUIRE(db != NULL);
    ck_inventory_init(&inv);
    inv.flags = CK_INVENTORY_FILES;
    CK_CHECK_INT(ck_rpmdb_parse_sqlite(&inv, db, len, "rpmdb", &err), CK_OK);
    for (i = 0; i < inv.file_count; i++) {
        if (!strcmp(inv.files[i].path, "/usr/bin/kitty")) {
            found++;
            CK_CHECK_STR(inv.packages[inv.files[i].package].name, "kitty-tools");
        }
        if (!strcmp(inv.files[i].path, "/etc/purr.conf")) {
            found++;
            CK_CHECK_STR(inv.packages[inv.files[i].package].name, "purr");
        }
    }
    CK_CHECK_INT(found, 2);
    ck_inventory_release(&inv);
    free(db);
}

/* A database image in write-ahead-log mode reads the same. */
static void test_wal_flag(void)
{
    size_t len = 0;
    unsigned char *db = read_file("pkgdb/rpm/rpmdb.sqlite", &len);
    struct ck_inventory inv;
    struct ck_err err;

    CK_REQUIRE(db != NULL && len > 100);
    db[18] = db[19] = 2;
    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_rpmdb_parse_sqlite(&inv, db, len, "rpmdb", &err), CK_OK);
    CK_CHECK_INT(inv.count, 3);
    ck_inventory_release(&inv);
    free(db);
}

static void test_bad_databases(void)
{
    size_t len = 0;
    unsigned char *db = read_file("pkgdb/rpm/rpmdb.sqlite", &len);
    struct ck_inventory inv;
    struct ck_err err;
    unsigned char junk[200];

    CK_REQUIRE(db != NULL);
    ck_inventory_init(&inv);
    memset(junk, 'j', sizeof junk);
    CK_CHECK_INT(ck_rpmdb_parse_sqlite(&inv, junk, sizeof junk, "junk", &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "junk is not an SQLite database") != NULL);
    /* cut in half: SQLite notices */
    CK_CHECK(ck_rpmdb_parse_sqlite(&inv, db, len / 2, "half", &err) != CK_OK);
    /* pages overwritten with junk after the header page */
    memset(db + 4096, 0xA5, len - 4096 > 8192 ? 8192 : len - 4096);
    (void)ck_rpmdb_parse_sqlite(&inv, db, len, "garbled", &err); /* no crash; error or warnings */
    CK_CHECK_INT(inv.count <= 3, 1);
    ck_inventory_release(&inv);
    free(db);
}

/* ---- header blobs built by hand ------------------------------------------ */

struct hdr {
    unsigned char index[64 * 16];
    unsigned char store[4096];
    unsigned il, dl;
};

static void put32(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void add_tag(struct hdr *h, unsigned tag, unsigned type, const void *data, unsigned size, unsigned count)
{
    unsigned char *e = h->index + h->il * 16;
    if (type == 4)
        while (h->dl % 4)
            h->store[h->dl++] = 0;
    put32(e, tag);
    put32(e + 4, type);
    put32(e + 8, h->dl);
    put32(e + 12, count);
    memcpy(h->store + h->dl, data, size);
    h->dl += size;
    h->il++;
}

static void add_str(struct hdr *h, unsigned tag, const char *s) { add_tag(h, tag, 6, s, (unsigned)strlen(s) + 1, 1); }

static size_t blob_of(const struct hdr *h, unsigned char *out)
{
    put32(out, h->il);
    put32(out + 4, h->dl);
    memcpy(out + 8, h->index, h->il * 16);
    memcpy(out + 8 + h->il * 16, h->store, h->dl);
    return 8 + h->il * 16 + h->dl;
}

static void test_header_blobs(void)
{
    struct hdr h;
    unsigned char blob[8192], epoch[4];
    struct ck_inventory inv;
    struct ck_err err;
    size_t n;

    memset(&h, 0, sizeof h);
    add_str(&h, 1000, "openssl-libs");
    add_str(&h, 1001, "3.0.7");
    add_str(&h, 1002, "27.el9");
    put32(epoch, 1);
    add_tag(&h, 1003, 4, epoch, 4, 1);
    add_str(&h, 1022, "x86_64");
    add_str(&h, 1044, "openssl-3.0.7-27.el9.src.rpm");
    n = blob_of(&h, blob);
    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_rpmdb_parse_header(&inv, blob, n, &err), CK_OK);
    CK_REQUIRE(inv.count == 1);
    CK_CHECK_STR(inv.packages[0].name, "openssl-libs");
    CK_CHECK_STR(inv.packages[0].version, "1:3.0.7-27.el9");
    CK_CHECK_STR(inv.packages[0].source_name, "openssl");
    CK_CHECK_STR(inv.packages[0].source_version, "1:3.0.7-27.el9");
    CK_CHECK_STR(inv.packages[0].arch, "x86_64");

    /* every truncation of the blob is refused or read safely */
    for (; n > 0; n--)
        (void)ck_rpmdb_parse_header(&inv, blob, n - 1, &err);
    CK_CHECK_INT(inv.count, 1);

    /* an offset beyond the store */
    memset(&h, 0, sizeof h);
    add_str(&h, 1000, "x");
    add_str(&h, 1001, "1");
    put32(h.index + 16 + 8, 5000);
    n = blob_of(&h, blob);
    CK_CHECK_INT(ck_rpmdb_parse_header(&inv, blob, n, &err), CK_ERR_PARSE);
    /* a string running off the end of the store */
    memset(&h, 0, sizeof h);
    add_str(&h, 1000, "x");
    add_tag(&h, 1001, 6, "123", 3, 1);
    n = blob_of(&h, blob);
    CK_CHECK_INT(ck_rpmdb_parse_header(&inv, blob, n, &err), CK_ERR_PARSE);
    /* an absurd index count */
    put32(blob, 0x7fffffff);
    CK_CHECK_INT(ck_rpmdb_parse_header(&inv, blob, n, &err), CK_ERR_PARSE);
    /* gpg-pubkey pseudo-packages are left out */
    memset(&h, 0, sizeof h);
    add_str(&h, 1000, "gpg-pubkey");
    add_str(&h, 1001, "fd431d51");
    add_str(&h, 1002, "4ae0493b");
    n = blob_of(&h, blob);
    CK_CHECK_INT(ck_rpmdb_parse_header(&inv, blob, n, &err), CK_OK);
    CK_CHECK_INT(inv.count, 1);
    ck_inventory_release(&inv);
}

/* ---- databases made here, some hostile ------------------------------------ */

/* The bytes of a database made by running sql on an empty one (malloc'd). */
static unsigned char *make_db(const char *sql, size_t *len)
{
    sqlite3 *db = NULL;
    unsigned char *ser, *out = NULL;
    sqlite3_int64 n = 0;
    char *msg = NULL;

    if (sqlite3_open(":memory:", &db) != SQLITE_OK || sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "  cannot make the test database: %s\n", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        sqlite3_close(db);
        return NULL;
    }
    ser = sqlite3_serialize(db, "main", &n, 0);
    if (ser && n > 0 && (out = malloc((size_t)n)) != NULL) {
        memcpy(out, ser, (size_t)n);
        *len = (size_t)n;
    }
    sqlite3_free(ser);
    sqlite3_close(db);
    return out;
}

/* "X'...'": a header blob for package `name` as an SQL literal. */
static void header_literal(const char *name, struct ck_buf *sql)
{
    struct hdr h;
    unsigned char blob[8192];
    size_t n, i;

    memset(&h, 0, sizeof h);
    add_str(&h, 1000, name);
    add_str(&h, 1001, "1.0");
    add_str(&h, 1002, "1");
    n = blob_of(&h, blob);
    ck_buf_puts(sql, "X'");
    for (i = 0; i < n; i++)
        ck_buf_printf(sql, "%02X", blob[i]);
    ck_buf_puts(sql, "'");
}

/* Reads a database made from sql: schema, then "%s" in rows replaced by the
 * header literal of package "catnip". */
static enum ck_status read_made(const char *schema, const char *rows, struct ck_inventory *inv, struct ck_err *err)
{
    struct ck_buf sql, lit;
    const char *mark;
    unsigned char *db;
    size_t len = 0;
    enum ck_status st;

    ck_buf_init(&sql);
    ck_buf_init(&lit);
    header_literal("catnip", &lit);
    ck_buf_puts(&sql, schema);
    for (mark = rows; mark && *mark;) {
        const char *at = strstr(mark, "%s");
        if (!at) {
            ck_buf_puts(&sql, mark);
            break;
        }
        ck_buf_append(&sql, mark, (size_t)(at - mark));
        ck_buf_puts(&sql, ck_buf_str(&lit));
        mark = at + 2;
    }
    db = make_db(ck_buf_str(&sql), &len);
    ck_err_clear(err);
    st = db ? ck_rpmdb_parse_sqlite(inv, db, len, "rpmdb.sqlite", err) : CK_ERR_ARG;
    free(db);
    ck_buf_release(&sql);
    ck_buf_release(&lit);
    return st;
}

#define RPM_TABLE "CREATE TABLE IF NOT EXISTS 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT,blob BLOB NOT NULL);"

/* The database is the image's: its schema's SQL never runs. A generated
 * column would compute every blob read (zeroblob(900000000) made 868 MB a
 * row); its table is not rpm's and is refused before any row is read. */
static void test_generated_columns_refused(void)
{
    struct ck_inventory inv;
    struct ck_err err;
    struct ck_buf rows;
    int i;

    ck_buf_init(&rows);
    ck_inventory_init(&inv);
    for (i = 0; i < 30; i++)
        ck_buf_puts(&rows, "INSERT INTO Packages(h) VALUES (x'00');");
    CK_CHECK_INT(read_made("CREATE TABLE 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT, h BLOB, "
                           "blob BLOB AS (zeroblob(2000000)));",
                           ck_buf_str(&rows), &inv, &err),
                 CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "rpmdb.sqlite: the Packages table is not the one rpm makes") != NULL);
    CK_CHECK_INT(inv.count, 0);
    CK_CHECK_INT(inv.warning_count, 0);
    /* a generated column that makes a header from the row: no package comes
     * out of the image's SQL */
    CK_CHECK_INT(read_made("CREATE TABLE 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT, h BLOB, "
                           "blob BLOB AS (h) VIRTUAL);",
                           "INSERT INTO Packages(h) VALUES (%s);", &inv, &err),
                 CK_ERR_PARSE);
    CK_CHECK_INT(inv.count, 0);
    ck_inventory_release(&inv);
    ck_buf_release(&rows);
}

/* Only rpm's exact table: a view, another spelling of the table, or a
 * second object of the name are refused, even when the rows are fine. */
static void test_other_schemas_refused(void)
{
    static const char *const schemas[] = {
        "CREATE TABLE real (hnum INTEGER PRIMARY KEY, blob BLOB); CREATE VIEW Packages AS SELECT hnum, blob FROM real;",
        "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB);",
        "CREATE TABLE 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT,blob BLOB NOT NULL DEFAULT (zeroblob(9)));",
        "CREATE TABLE 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT,blob BLOB NOT NULL CHECK (length(blob)));",
    };
    static const char *const rows[] = {
        "INSERT INTO real VALUES (1, %s);",
        "INSERT INTO Packages VALUES (1, %s);",
        "INSERT INTO Packages VALUES (1, %s);",
        "INSERT INTO Packages VALUES (1, %s);",
    };
    size_t i;

    for (i = 0; i < sizeof schemas / sizeof schemas[0]; i++) {
        struct ck_inventory inv;
        struct ck_err err;
        ck_inventory_init(&inv);
        CK_CHECK_INT(read_made(schemas[i], rows[i], &inv, &err), CK_ERR_PARSE);
        CK_CHECK(strstr(err.msg, "not the one rpm makes") != NULL);
        CK_CHECK_INT(inv.count, 0);
        ck_inventory_release(&inv);
    }
}

/* rpm's table read as it is, whatever else the schema holds: views,
 * triggers and generated columns elsewhere never run. */
static void test_rpm_table_among_hostile_objects(void)
{
    struct ck_inventory inv;
    struct ck_err err;

    ck_inventory_init(&inv);
    CK_CHECK_INT(read_made(RPM_TABLE "CREATE TABLE other (a BLOB, b BLOB AS (zeroblob(900000000)));"
                                     "CREATE VIEW v AS SELECT zeroblob(900000000);"
                                     "CREATE TRIGGER t AFTER INSERT ON other BEGIN SELECT zeroblob(900000000); END;"
                                     "CREATE INDEX i ON Packages (hnum, blob);",
                           "INSERT INTO Packages(blob) VALUES (%s);", &inv, &err),
                 CK_OK);
    CK_REQUIRE(inv.count == 1);
    CK_CHECK_STR(inv.packages[0].name, "catnip");
    CK_CHECK_INT(inv.warning_count, 0);
    ck_inventory_release(&inv);
}

/* ---- a large header ---------------------------------------------------- */

struct bighdr {
    struct ck_buf index, store;
    unsigned il;
};

static void big_tag(struct bighdr *h, unsigned tag, unsigned type, const void *data, size_t size, unsigned count)
{
    unsigned char e[16];
    static const unsigned char zero[4];
    if (type == 4 && h->store.len % 4)
        ck_buf_append(&h->store, zero, 4 - h->store.len % 4);
    put32(e, tag);
    put32(e + 4, type);
    put32(e + 8, (unsigned)h->store.len);
    put32(e + 12, count);
    ck_buf_append(&h->index, e, 16);
    ck_buf_append(&h->store, data, size);
    h->il++;
}

/* A package with 65,000 index entries and `files` files in `dirs` folders:
 * the file list is read in one pass over the index (the time grows with
 * the header; bench_hostile prints it). Every path is there, once. */
static void test_large_file_list(void)
{
    enum { FILES = 100000, DIRS = 100, FILLER = 65000 };
    struct bighdr h;
    struct ck_buf names, dirnames, blob;
    unsigned char *idx = malloc((size_t)FILES * 4), hdr[8], one[4] = {0, 0, 0, 1};
    struct ck_inventory inv;
    struct ck_err err;
    unsigned i;
    int ok = 1;

    CK_REQUIRE(idx != NULL);
    memset(&h, 0, sizeof h);
    ck_buf_init(&h.index);
    ck_buf_init(&h.store);
    ck_buf_init(&names);
    ck_buf_init(&dirnames);
    ck_buf_init(&blob);
    big_tag(&h, 1000, 6, "bigpkg", 7, 1);
    big_tag(&h, 1001, 6, "1", 2, 1);
    for (i = 0; i < FILLER; i++)
        big_tag(&h, 5000 + i, 4, one, 4, 1); /* tags rpm does not read here, before the file tags */
    for (i = 0; i < DIRS; i++) {
        ck_buf_printf(&dirnames, "/usr/share/big/d%u/", i);
        ck_buf_append(&dirnames, "", 1);
    }
    for (i = 0; i < FILES; i++) {
        ck_buf_printf(&names, "f%u", i);
        ck_buf_append(&names, "", 1);
        put32(idx + (size_t)i * 4, i % DIRS);
    }
    big_tag(&h, 1118, 8, dirnames.data, dirnames.len, DIRS);
    big_tag(&h, 1117, 8, names.data, names.len, FILES);
    big_tag(&h, 1116, 4, idx, (size_t)FILES * 4, FILES);
    put32(hdr, h.il);
    put32(hdr + 4, (unsigned)h.store.len);
    ck_buf_append(&blob, hdr, 8);
    ck_buf_append(&blob, h.index.data, h.index.len);
    ck_buf_append(&blob, h.store.data, h.store.len);

    ck_inventory_init(&inv);
    inv.flags = CK_INVENTORY_FILES;
    CK_CHECK_INT(ck_rpmdb_parse_header(&inv, blob.data, blob.len, &err), CK_OK);
    CK_REQUIRE(inv.file_count == FILES);
    for (i = 0; i < FILES; i += 997) {
        char want[64];
        snprintf(want, sizeof want, "/usr/share/big/d%u/f%u", i % DIRS, i);
        ok &= !strcmp(inv.files[i].path, want);
    }
    CK_CHECK(ok);
    CK_CHECK_STR(inv.files[FILES - 1].path, "/usr/share/big/d99/f99999");
    /* a folder index past DIRNAMES ends the list there */
    put32((unsigned char *)blob.data + blob.len - 4, DIRS); /* the last file's, at the end of the store */
    ck_inventory_release(&inv);
    ck_inventory_init(&inv);
    inv.flags = CK_INVENTORY_FILES;
    CK_CHECK_INT(ck_rpmdb_parse_header(&inv, blob.data, blob.len, &err), CK_OK);
    CK_CHECK_INT(inv.file_count, FILES - 1);
    ck_inventory_release(&inv);
    free(idx);
    ck_buf_release(&h.index);
    ck_buf_release(&h.store);
    ck_buf_release(&names);
    ck_buf_release(&dirnames);
    ck_buf_release(&blob);
}

static void test_srpm_names(void)
{
    static const char *const ok[][3] = {
        {"bash-5.1.8-6.el9.src.rpm", "bash", "5.1.8-6.el9"},
        {"python-setuptools-53.0.0-12.el9.src.rpm", "python-setuptools", "53.0.0-12.el9"},
        {"kernel-5.14.0-427.13.1.el9_4.nosrc.rpm", "kernel", "5.14.0-427.13.1.el9_4"},
        {"a-1-2.src.rpm", "a", "1-2"},
    };
    static const char *const bad[] = {"bash.src.rpm", "bash-5.src.rpm", "-1-2.src.rpm", "noext", "x-1-2.rpm"};
    size_t i;

    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char *n = NULL, *v = NULL;
        CK_CHECK_INT(ck_rpmdb_split_srpm(ok[i][0], &n, &v), CK_OK);
        CK_CHECK_STR(n, ok[i][1]);
        CK_CHECK_STR(v, ok[i][2]);
        free(n);
        free(v);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *n = NULL, *v = NULL;
        CK_CHECK(ck_rpmdb_split_srpm(bad[i], &n, &v) == CK_ERR_PARSE);
    }
}

static void test_formats(void)
{
    unsigned char b[64];

    memset(b, 0, sizeof b);
    memcpy(b, "SQLite format 3", 16);
    CK_CHECK_STR(ck_rpmdb_format(b, sizeof b), "SQLite");
    memset(b, 0, sizeof b);
    memcpy(b, "RpmP", 4);
    CK_CHECK_STR(ck_rpmdb_format(b, sizeof b), "NDB");
    /* Berkeley DB hash magic 0x00061561 at offset 12, little-endian as on x86 */
    memset(b, 0, sizeof b);
    b[12] = 0x61;
    b[13] = 0x15;
    b[14] = 0x06;
    CK_CHECK_STR(ck_rpmdb_format(b, sizeof b), "BerkeleyDB");
    memset(b, 0, sizeof b);
    CK_CHECK(ck_rpmdb_format(b, sizeof b) == NULL);
}

int main(int argc, char **argv)
{
    fixtures = argc > 1 ? argv[1] : "tests/fixtures";
    CK_RUN(test_fixture);
    CK_RUN(test_files);
    CK_RUN(test_wal_flag);
    CK_RUN(test_bad_databases);
    CK_RUN(test_header_blobs);
    CK_RUN(test_generated_columns_refused);
    CK_RUN(test_other_schemas_refused);
    CK_RUN(test_rpm_table_among_hostile_objects);
    CK_RUN(test_large_file_list);
    CK_RUN(test_srpm_names);
    CK_RUN(test_formats);
    return ck_test_summary();
}
