/* The dpkg status parser: fields, installed states, Source forms, broken
 * stanzas, chunked input and its memory bound. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "inventory/dpkg.h"
#include "util/buf.h"

static const char *fixtures;

static char *read_file(const char *rel, size_t *len)
{
    return ck_test_read_file(fixtures, rel, len);
}

/* "name version source_name source_version arch" for package i */
static const char *pkg_line(const struct ck_inventory *inv, size_t i, char *buf, size_t cap)
{
    const struct ck_package *p = &inv->packages[i];
    snprintf(buf, cap, "%s %s %s %s %s", p->name, p->version, p->source_name, p->source_version,
             p->arch ? p->arch : "-");
    return buf;
}

static void test_fixture_status(void)
{
    struct ck_inventory inv;
    size_t len = 0;
    char *data = read_file("pkgdb/dpkg/status", &len);
    char b[256];

    CK_REQUIRE(data != NULL);
    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_dpkg_parse(&inv, data, len, "/var/lib/dpkg/status", 0), CK_OK);
    CK_REQUIRE(inv.count == 5);
    CK_CHECK_STR(pkg_line(&inv, 0, b, sizeof b), "base-files 12.4+deb12u5 base-files 12.4+deb12u5 amd64");
    CK_CHECK_STR(pkg_line(&inv, 1, b, sizeof b), "libssl3 3.0.11-1~deb12u2 openssl 3.0.11-1~deb12u2 amd64");
    CK_CHECK_STR(pkg_line(&inv, 2, b, sizeof b), "libssl3 3.0.11-1~deb12u2 openssl 3.0.11-1~deb12u2 i386");
    CK_CHECK_STR(pkg_line(&inv, 3, b, sizeof b), "zlib1g 1:1.2.13.dfsg-1 zlib 1:1.2.13.dfsg-1 amd64");
    CK_CHECK_STR(pkg_line(&inv, 4, b, sizeof b), "held 2.0-1 held 2.0-1 all");
    CK_CHECK(inv.packages[0].type == CK_PKG_DEB);
    CK_CHECK_INT(inv.warning_count, 0);
    ck_inventory_release(&inv);
    free(data);
}

static void test_status_d(void)
{
    struct ck_inventory inv;
    size_t len = 0;
    char *data = read_file("pkgdb/dpkg/status.d-tzdata", &len);
    char b[256];

    CK_REQUIRE(data != NULL);
    ck_inventory_init(&inv);
    /* status.d: no Status field means installed; CRLF line ends */
    CK_CHECK_INT(ck_dpkg_parse(&inv, data, len, "/var/lib/dpkg/status.d/tzdata", CK_DPKG_STATUS_D), CK_OK);
    CK_REQUIRE(inv.count == 1);
    CK_CHECK_STR(pkg_line(&inv, 0, b, sizeof b), "tzdata 2024a-0+deb12u1 tzdata 2024a-0+deb12u1 all");
    ck_inventory_release(&inv);
    /* the same stanza in a status file lacks its Status */
    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_dpkg_parse(&inv, data, len, "/var/lib/dpkg/status", 0), CK_OK);
    CK_CHECK_INT(inv.count, 0);
    CK_REQUIRE(inv.warning_count == 1);
    CK_CHECK_STR(inv.warnings[0], "/var/lib/dpkg/status line 1: package without a Status ('tzdata'); skipped");
    ck_inventory_release(&inv);
    free(data);
}

static void test_broken_stanzas(void)
{
    static const char text[] =
        " continuation before anything\n"       /* 1 */
        "Package: first\n"                       /* 2 */
        "Status: install ok installed\n"
        "Version: 1\n"
        "\n"                                     /* 5 */
        "Package: second\n"                      /* 6 */
        "Status: install ok installed\n"
        "this line has no colon\n"               /* 8 */
        "Version: 2\n"
        "\n"
        "Status: install ok installed\n"         /* 11: no Package */
        "Version: 3\n"
        "\n"
        "Package: fourth\n"                      /* 14: no Version */
        "Status: install ok installed\n"
        "\n"
        "Package: fifth\n"                       /* 17 */
        "Package: again\n"                       /* 18: duplicate */
        "Version: 5\n"
        "Status: install ok installed\n"
        "\n\n\n"
        "package: lower-case\n"                  /* 24 */
        "STATUS: install ok installed\n"
        "version: 6\n"
        "source: lc-src (6.0)\n";
    struct ck_inventory inv;
    char b[256];

    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_dpkg_parse(&inv, text, sizeof text - 1, "status", 0), CK_OK);
    CK_REQUIRE(inv.count == 4);
    CK_CHECK_STR(pkg_line(&inv, 0, b, sizeof b), "first 1 first 1 -");
    CK_CHECK_STR(pkg_line(&inv, 1, b, sizeof b), "second 2 second 2 -");
    CK_CHECK_STR(pkg_line(&inv, 2, b, sizeof b), "fifth 5 fifth 5 -");
    CK_CHECK_STR(pkg_line(&inv, 3, b, sizeof b), "lower-case 6 lc-src 6.0 -");
    CK_REQUIRE(inv.warning_count == 5);
    CK_CHECK_STR(inv.warnings[0], "status line 1: continuation line before any field (in package 'first'; line ignored)");
    CK_CHECK_STR(inv.warnings[1], "status line 8: not a 'Field: value' line (in package 'second'; line ignored)");
    CK_CHECK_STR(inv.warnings[2], "status line 11: stanza without a package name; skipped");
    CK_CHECK_STR(inv.warnings[3], "status line 14: package without a Version ('fourth'); skipped");
    CK_CHECK_STR(inv.warnings[4], "status line 18: duplicate field (in package 'fifth'; line ignored)");
    ck_inventory_release(&inv);
}

static void test_source_forms(void)
{
    static const char text[] = "Package: a\nStatus: install ok installed\nVersion: 1.0-1\nSource: src-a\n\n"
                               "Package: b\nStatus: install ok installed\nVersion: 1.0-1+b2\nSource: src-b (1.0-1)\n\n"
                               "Package: c\nStatus: install ok installed\nVersion: 2\nSource:   src-c   (  3:2-1  )  \n\n"
                               "Package: d\nStatus: install ok installed\nVersion: 4\nSource: src-d (unclosed\n";
    struct ck_inventory inv;
    char b[256];

    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_dpkg_parse(&inv, text, sizeof text - 1, "status", 0), CK_OK);
    CK_REQUIRE(inv.count == 4);
    CK_CHECK_STR(pkg_line(&inv, 0, b, sizeof b), "a 1.0-1 src-a 1.0-1 -");
    CK_CHECK_STR(pkg_line(&inv, 1, b, sizeof b), "b 1.0-1+b2 src-b 1.0-1 -");
    CK_CHECK_STR(pkg_line(&inv, 2, b, sizeof b), "c 2 src-c 3:2-1 -");
    CK_CHECK_STR(pkg_line(&inv, 3, b, sizeof b), "d 4 src-d 4 -");
    ck_inventory_release(&inv);
}

/* Fed in chunks of every size from 1 to 64, the fixture parses the same. */
static void test_chunks(void)
{
    size_t len = 0, chunk;
    char *data = read_file("pkgdb/dpkg/status", &len);
    struct ck_inventory whole;

    CK_REQUIRE(data != NULL);
    ck_inventory_init(&whole);
    CK_CHECK_INT(ck_dpkg_parse(&whole, data, len, "s", 0), CK_OK);
    for (chunk = 1; chunk <= 64; chunk++) {
        struct ck_inventory inv;
        struct ck_dpkg_parser *p = NULL;
        size_t off, i;
        int same;

        ck_inventory_init(&inv);
        CK_REQUIRE(ck_dpkg_parser_new(&p, &inv, "s", 0) == CK_OK);
        for (off = 0; off < len; off += chunk)
            ck_dpkg_parser_feed(p, data + off, len - off < chunk ? len - off : chunk);
        ck_dpkg_parser_finish(p);
        ck_dpkg_parser_free(p);
        same = inv.count == whole.count;
        for (i = 0; same && i < inv.count; i++)
            same = !strcmp(inv.packages[i].name, whole.packages[i].name) &&
                   !strcmp(inv.packages[i].version, whole.packages[i].version) &&
                   !strcmp(inv.packages[i].source_version, whole.packages[i].source_version);
        CK_CHECK(same);
        ck_inventory_release(&inv);
    }
    ck_inventory_release(&whole);
    free(data);
}

/* A large stream: memory stays bounded by a line (and the kept fields), not
 * by the file, even with a huge continuation line. */
static void test_memory_bound(void)
{
    struct ck_inventory inv;
    struct ck_dpkg_parser *p = NULL;
    char stanza[512], *filler;
    size_t i, max_buffered = 0;
    const size_t n = 20000, filler_len = 3u << 20;

    ck_inventory_init(&inv);
    CK_REQUIRE(ck_dpkg_parser_new(&p, &inv, "big", 0) == CK_OK);
    filler = malloc(filler_len);
    CK_REQUIRE(filler != NULL);
    memset(filler, 'x', filler_len);
    for (i = 0; i < n; i++) {
        int len = snprintf(stanza, sizeof stanza,
                           "Package: pkg%05u\nStatus: install ok installed\nVersion: 1.%u-1\n"
                           "Architecture: amd64\nDescription: stanza %u\n",
                           (unsigned)i, (unsigned)i, (unsigned)i);
        CK_REQUIRE(ck_dpkg_parser_feed(p, stanza, (size_t)len) == CK_OK);
        if (i == n / 2) {
            /* one continuation line of 3 MiB, fed in 1000-byte pieces */
            size_t off;
            ck_dpkg_parser_feed(p, " ", 1);
            for (off = 0; off < filler_len; off += 1000)
                ck_dpkg_parser_feed(p, filler, filler_len - off < 1000 ? filler_len - off : 1000);
            ck_dpkg_parser_feed(p, "\n", 1);
        }
        ck_dpkg_parser_feed(p, "\n", 1);
        if (ck_dpkg_parser_buffered(p) > max_buffered)
            max_buffered = ck_dpkg_parser_buffered(p);
    }
    CK_CHECK_INT(ck_dpkg_parser_finish(p), CK_OK);
    ck_dpkg_parser_free(p);
    CK_CHECK_INT(inv.count, n);
    CK_CHECK_INT(inv.warning_count, 0);
    /* one carried line of at most 64 KiB (its buffer grows by doubling) and
     * five short fields, whatever the 3 MiB line and 20,000 stanzas */
    CK_CHECK(max_buffered <= 2 * 65536 + 5 * 256);
    if (inv.count == n)
        CK_CHECK_STR(inv.packages[n - 1].version, "1.19999-1");
    free(filler);
    ck_inventory_release(&inv);
}

static void test_edge_input(void)
{
    static const char nul_text[] = "Package: a\0b\nStatus: install ok installed\nVersion: 1\n";
    struct ck_inventory inv;

    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_dpkg_parse(&inv, "", 0, "s", 0), CK_OK);
    CK_CHECK_INT(ck_dpkg_parse(&inv, "\n\n\r\n", 4, "s", 0), CK_OK);
    CK_CHECK_INT(ck_dpkg_parse(&inv, "Package:", 8, "s", 0), CK_OK); /* no newline at all */
    CK_CHECK_INT(inv.count, 0);
    CK_CHECK_INT(inv.warning_count, 1);
    /* a NUL byte inside a value does not end the parse */
    CK_CHECK_INT(ck_dpkg_parse(&inv, nul_text, sizeof nul_text - 1, "s", 0), CK_OK);
    CK_CHECK_INT(inv.count, 1);
    ck_inventory_release(&inv);
}

int main(int argc, char **argv)
{
    fixtures = argc > 1 ? argv[1] : "tests/fixtures";
    CK_RUN(test_fixture_status);
    CK_RUN(test_status_d);
    CK_RUN(test_broken_stanzas);
    CK_RUN(test_source_forms);
    CK_RUN(test_chunks);
    CK_RUN(test_memory_bound);
    CK_RUN(test_edge_input);
    return ck_test_summary();
}
