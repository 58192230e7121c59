/* The apk installed-database parser. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "inventory/apk.h"

static const char *fixtures;

static char *read_file(const char *rel, size_t *len)
{
    return ck_test_read_file(fixtures, rel, len);
}

static const char *pkg_line(const struct ck_inventory *inv, size_t i, char *buf, size_t cap)
{
    const struct ck_package *p = &inv->packages[i];
    snprintf(buf, cap, "%s %s %s %s %s", p->name, p->version, p->source_name, p->source_version,
             p->arch ? p->arch : "-");
    return buf;
}

static void test_fixture(void)
{
    struct ck_inventory inv;
    size_t len = 0;
    char *data = read_file("pkgdb/apk/installed", &len);
    char b[256];

    CK_REQUIRE(data != NULL);
    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_apk_parse(&inv, data, len, "/lib/apk/db/installed"), CK_OK);
    CK_REQUIRE(inv.count == 4);
    CK_CHECK_STR(pkg_line(&inv, 0, b, sizeof b), "musl 1.2.5-r0 musl 1.2.5-r0 x86_64");
    CK_CHECK_STR(pkg_line(&inv, 1, b, sizeof b), "busybox-binsh 1.36.1-r29 busybox 1.36.1-r29 x86_64");
    CK_CHECK_STR(pkg_line(&inv, 2, b, sizeof b),
                 "ca-certificates-bundle 20240226-r0 ca-certificates 20240226-r0 x86_64");
    CK_CHECK_STR(pkg_line(&inv, 3, b, sizeof b), "alpine-baselayout-data 3.6.5-r0 alpine-baselayout 3.6.5-r0 x86_64");
    CK_CHECK(inv.packages[0].type == CK_PKG_APK);
    CK_CHECK_INT(inv.file_count, 0); /* files only on request */
    CK_CHECK_INT(inv.warning_count, 0);
    ck_inventory_release(&inv);
    free(data);
}

static void test_files(void)
{
    struct ck_inventory inv;
    size_t len = 0;
    char *data = read_file("pkgdb/apk/installed", &len);

    CK_REQUIRE(data != NULL);
    ck_inventory_init(&inv);
    inv.flags = CK_INVENTORY_FILES;
    CK_CHECK_INT(ck_apk_parse(&inv, data, len, "installed"), CK_OK);
    CK_REQUIRE(inv.file_count == 4);
    CK_CHECK_STR(inv.files[0].path, "/lib/ld-musl-x86_64.so.1");
    CK_CHECK_INT(inv.files[0].package, 0);
    CK_CHECK_STR(inv.files[1].path, "/lib/libc.musl-x86_64.so.1");
    CK_CHECK_STR(inv.files[2].path, "/bin/sh");
    CK_CHECK_INT(inv.files[2].package, 1);
    CK_CHECK_STR(inv.files[3].path, "/etc/ssl/certs/ca-certificates.crt");
    CK_CHECK_INT(inv.files[3].package, 2);
    ck_inventory_release(&inv);
    free(data);
}

static void test_malformed(void)
{
    static const char text[] = "this is not a record\n"   /* record 1, line 1 */
                               "\n"
                               "P:good\nV:1.0-r0\nA:aarch64\n"  /* record 2 */
                               "\n"
                               "P:no-version\no:x\n"           /* record 3, line 7 */
                               "\n"
                               "P:kept\nV:2-r1\nX\n"           /* record 4, junk at line 12 */
                               "\n"
                               "P:dup\nP:dup2\nV:3-r0\n";       /* record 5, line 14 */
    struct ck_inventory inv;
    char b[256];

    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_apk_parse(&inv, text, sizeof text - 1, "installed"), CK_OK);
    CK_REQUIRE(inv.count == 3);
    CK_CHECK_STR(pkg_line(&inv, 0, b, sizeof b), "good 1.0-r0 good 1.0-r0 aarch64");
    CK_CHECK_STR(pkg_line(&inv, 1, b, sizeof b), "kept 2-r1 kept 2-r1 -");
    CK_CHECK_STR(pkg_line(&inv, 2, b, sizeof b), "dup 3-r0 dup 3-r0 -");
    CK_REQUIRE(inv.warning_count == 4);
    CK_CHECK_STR(inv.warnings[0], "installed record 1 (line 1): not a 'K:value' line; record skipped");
    CK_CHECK_STR(inv.warnings[1], "installed record 3 (line 7): no version (V:); record skipped");
    CK_CHECK_STR(inv.warnings[2], "installed record 4 (line 12): not a 'K:value' line (in package 'kept'; line ignored)");
    CK_CHECK_STR(inv.warnings[3], "installed record 5 (line 15): duplicate field (in package 'dup'; line ignored)");
    ck_inventory_release(&inv);
}

static void test_chunks(void)
{
    size_t len = 0, chunk;
    char *data = read_file("pkgdb/apk/installed", &len);

    CK_REQUIRE(data != NULL);
    for (chunk = 1; chunk <= 40; chunk += 3) {
        struct ck_inventory inv;
        struct ck_apk_parser *p = NULL;
        size_t off;

        ck_inventory_init(&inv);
        inv.flags = CK_INVENTORY_FILES;
        CK_REQUIRE(ck_apk_parser_new(&p, &inv, "installed") == CK_OK);
        for (off = 0; off < len; off += chunk)
            ck_apk_parser_feed(p, data + off, len - off < chunk ? len - off : chunk);
        ck_apk_parser_finish(p);
        ck_apk_parser_free(p);
        CK_CHECK_INT(inv.count, 4);
        CK_CHECK_INT(inv.file_count, 4);
        if (inv.count == 4)
            CK_CHECK_STR(inv.packages[3].source_name, "alpine-baselayout");
        ck_inventory_release(&inv);
    }
    free(data);
}

int main(int argc, char **argv)
{
    fixtures = argc > 1 ? argv[1] : "tests/fixtures";
    CK_RUN(test_fixture);
    CK_RUN(test_files);
    CK_RUN(test_malformed);
    CK_RUN(test_chunks);
    return ck_test_summary();
}
