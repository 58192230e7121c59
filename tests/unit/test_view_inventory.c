/* Tests of the row models of an image's inventory (app/core/view/): the
 * packages list (OS and application packages), the unmanaged files list,
 * and the images list's Unmanaged column. Each column sorted both ways,
 * the filters, the cell texts, and 50,000 rows (timed for a figure, never
 * asserted). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "platform/platform.h"
#include "view/images_table.h"
#include "view/packages_table.h"
#include "view/rowset.h"
#include "view/unmanaged_table.h"

/* ---- packages ------------------------------------------------------------- */

/* An inventory as the history hands it over: a Debian system with two OS
 * packages and four application packages, sorted (ck_inventory_sort merges
 * the Go module's three locations). */
static int sample_inventory(struct ck_inventory *inv, const char *os_ecosystem)
{
    int ok = 1;
    ck_inventory_init(inv);
    inv->os.ecosystem = os_ecosystem ? strdup(os_ecosystem) : NULL;
    ok &= ck_inventory_add(inv, CK_PKG_DEB, "zlib1g", "1:1.2.13", "zlib", NULL, "amd64") == CK_OK;
    ok &= ck_inventory_add(inv, CK_PKG_DEB, "libssl3", "3.0.11-1", "openssl", NULL, "amd64") == CK_OK;
    ok &= ck_inventory_add_app(inv, "npm", "lodash", "4.17.21", "/app/node_modules/lodash/package.json",
                               "node-lodash", 0) == CK_OK;
    ok &= ck_inventory_add_app(inv, "PyPI", "requests", "2.31.0",
                               "/usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA",
                               "python3-requests", 0) == CK_OK;
    ok &= ck_inventory_add_app(inv, "Go", "golang.org/x/net", "v0.17.0", "/usr/local/bin/tool", NULL, 0) == CK_OK;
    ok &= ck_inventory_add_app(inv, "Go", "golang.org/x/net", "v0.17.0", "/usr/local/bin/tool2", NULL, 0) == CK_OK;
    ok &= ck_inventory_add_app(inv, "Go", "golang.org/x/net", "v0.17.0", "/opt/x", NULL, 0) == CK_OK;
    ok &= ck_inventory_add_app(inv, "npm", "express", "4.9.0", "/srv/node_modules/express/package.json", NULL, 0) ==
          CK_OK;
    ck_inventory_sort(inv);
    return ok && inv->count == 6;
}

static int load_packages(struct ck_packages_table *t, const char *os_ecosystem)
{
    struct ck_inventory inv;
    int ok = sample_inventory(&inv, os_ecosystem);
    ck_packages_table_init(t);
    ok = ok && ck_packages_table_take(t, &inv) == CK_OK;
    ck_inventory_release(&inv);
    return ok;
}

/* The names shown, joined with spaces. */
static const char *shown_names(const struct ck_packages_table *t)
{
    static char out[1024];
    size_t i;
    out[0] = '\0';
    for (i = 0; i < ck_packages_table_count(t); i++) {
        if (i)
            strcat(out, " ");
        strcat(out, ck_packages_table_at(t, i)->name);
    }
    return out;
}

/* Sorted by name first, so that ties come out in a known order. */
static const char *sorted_names(struct ck_packages_table *t, int col, int desc)
{
    if (ck_packages_table_sort(t, CK_PCOL_NAME, 0) != CK_OK || ck_packages_table_sort(t, col, desc) != CK_OK)
        return "(sort failed)";
    return shown_names(t);
}

static void test_packages_take_and_cells(void)
{
    struct ck_packages_table t;
    struct ck_inventory inv;
    char buf[256];

    CK_REQUIRE(sample_inventory(&inv, "Debian:12"));
    ck_packages_table_init(&t);
    CK_REQUIRE(ck_packages_table_take(&t, &inv) == CK_OK);
    /* the packages moved; the rest of the inventory is still the caller's */
    CK_CHECK(inv.packages == NULL && inv.count == 0);
    CK_CHECK_STR(inv.os.ecosystem, "Debian:12");
    ck_inventory_release(&inv);

    CK_CHECK_INT(ck_packages_table_total(&t), 6);
    CK_CHECK_INT(ck_packages_table_count(&t), 6);
    CK_CHECK_INT(t.apps, 4);
    CK_CHECK_STR(shown_names(&t), "express golang.org/x/net libssl3 lodash requests zlib1g");
    CK_CHECK_STR(ck_packages_table_cell(&t, 0, CK_PCOL_ECOSYSTEM, buf, sizeof buf), "npm");
    CK_CHECK_STR(ck_packages_table_cell(&t, 2, CK_PCOL_ECOSYSTEM, buf, sizeof buf), "Debian:12");
    CK_CHECK_STR(ck_packages_table_cell(&t, 4, CK_PCOL_ECOSYSTEM, buf, sizeof buf), "PyPI");
    CK_CHECK_STR(ck_packages_table_cell(&t, 1, CK_PCOL_NAME, buf, sizeof buf), "golang.org/x/net");
    CK_CHECK_STR(ck_packages_table_cell(&t, 1, CK_PCOL_VERSION, buf, sizeof buf), "v0.17.0");
    CK_CHECK_STR(ck_packages_table_cell(&t, 1, CK_PCOL_LOCATION, buf, sizeof buf), "/opt/x (+2 more)");
    CK_CHECK_STR(ck_packages_table_cell(&t, 0, CK_PCOL_LOCATION, buf, sizeof buf),
                 "/srv/node_modules/express/package.json");
    CK_CHECK_STR(ck_packages_table_cell(&t, 2, CK_PCOL_LOCATION, buf, sizeof buf), "");
    CK_CHECK_STR(ck_packages_table_cell(&t, 3, CK_PCOL_OWNER, buf, sizeof buf), "node-lodash");
    CK_CHECK_STR(ck_packages_table_cell(&t, 0, CK_PCOL_OWNER, buf, sizeof buf), "");
    CK_CHECK_STR(ck_packages_table_cell(&t, 0, CK_PCOL_COUNT, buf, sizeof buf), "");
    CK_CHECK_STR(ck_packages_column_title(CK_PCOL_LOCATION), "Location");
    CK_CHECK_STR(ck_packages_column_title(CK_PCOL_COUNT), "");
    ck_packages_table_release(&t);
    ck_packages_table_release(&t); /* twice: harmless */

    /* without an OS ecosystem, OS packages show their type */
    CK_REQUIRE(load_packages(&t, NULL));
    CK_CHECK_STR(ck_packages_table_cell(&t, 2, CK_PCOL_ECOSYSTEM, buf, sizeof buf), "deb");
    ck_packages_table_release(&t);
}

static void test_packages_location_cut_keeps_the_count(void)
{
    struct ck_packages_table t;
    struct ck_inventory inv;
    char small[32], tiny[8], path[300];
    const char *cell;

    memset(path, 'a', sizeof path - 1);
    path[0] = '/';
    path[sizeof path - 1] = '\0';
    path[17] = '\xc3'; /* a two-byte character where the cut falls */
    path[18] = '\xa9';
    ck_inventory_init(&inv);
    CK_REQUIRE(ck_inventory_add_app(&inv, "npm", "x", "1", path, NULL, 0) == CK_OK);
    CK_REQUIRE(ck_inventory_add_app(&inv, "npm", "x", "1", "/z", NULL, 0) == CK_OK);
    ck_inventory_sort(&inv);
    ck_packages_table_init(&t);
    CK_REQUIRE(ck_packages_table_take(&t, &inv) == CK_OK);
    cell = ck_packages_table_cell(&t, 0, CK_PCOL_LOCATION, small, sizeof small);
    CK_CHECK_INT(strlen(cell), sizeof small - 1 - 1); /* the cut backs off the character's first byte */
    CK_CHECK(strstr(cell, "... (+1 more)") != NULL);
    CK_CHECK(!strncmp(cell, path, 5));
    cell = ck_packages_table_cell(&t, 0, CK_PCOL_LOCATION, tiny, sizeof tiny);
    CK_CHECK_STR(cell, "(+1 mor");
    ck_packages_table_release(&t);
    ck_inventory_release(&inv);
}

static void test_packages_sort_each_column_both_ways(void)
{
    struct ck_packages_table t;

    CK_REQUIRE(load_packages(&t, "Debian:12"));
    CK_CHECK_STR(sorted_names(&t, CK_PCOL_NAME, 0), "express golang.org/x/net libssl3 lodash requests zlib1g");
    CK_CHECK_STR(sorted_names(&t, CK_PCOL_NAME, 1), "zlib1g requests lodash libssl3 golang.org/x/net express");
    /* Debian:12 < Go < npm < PyPI, ASCII case ignored; ties keep the name order */
    CK_CHECK_STR(sorted_names(&t, CK_PCOL_ECOSYSTEM, 0), "libssl3 zlib1g golang.org/x/net express lodash requests");
    CK_CHECK_STR(sorted_names(&t, CK_PCOL_ECOSYSTEM, 1), "requests express lodash golang.org/x/net libssl3 zlib1g");
    /* natural: 4.9.0 before 4.17.21, digits before letters (v0.17.0 last) */
    CK_CHECK_STR(sorted_names(&t, CK_PCOL_VERSION, 0), "zlib1g requests libssl3 express lodash golang.org/x/net");
    CK_CHECK_STR(sorted_names(&t, CK_PCOL_VERSION, 1), "golang.org/x/net lodash express libssl3 requests zlib1g");
    /* by the first location; OS packages (none) last both ways */
    CK_CHECK_STR(sorted_names(&t, CK_PCOL_LOCATION, 0), "lodash golang.org/x/net express requests libssl3 zlib1g");
    CK_CHECK_STR(sorted_names(&t, CK_PCOL_LOCATION, 1), "requests express golang.org/x/net lodash libssl3 zlib1g");
    /* no owner last both ways */
    CK_CHECK_STR(sorted_names(&t, CK_PCOL_OWNER, 0), "lodash requests express golang.org/x/net libssl3 zlib1g");
    CK_CHECK_STR(sorted_names(&t, CK_PCOL_OWNER, 1), "requests lodash express golang.org/x/net libssl3 zlib1g");
    CK_CHECK_INT(t.sort_col, CK_PCOL_OWNER);
    CK_CHECK_INT(t.sort_desc, 1);
    CK_CHECK_INT(ck_packages_table_sort(&t, CK_PCOL_COUNT, 0), CK_ERR_ARG);
    CK_CHECK_INT(ck_packages_table_sort(&t, -1, 0), CK_ERR_ARG);
    CK_CHECK_INT(t.sort_col, CK_PCOL_OWNER); /* a refused sort changes nothing */
    ck_packages_table_release(&t);
}

static void test_packages_filter(void)
{
    struct ck_packages_table t;
    struct ck_inventory inv;
    long pos;

    CK_REQUIRE(load_packages(&t, "Debian:12"));
    CK_REQUIRE(ck_packages_table_filter(&t, "NODE_modules") == CK_OK);
    CK_CHECK_STR(shown_names(&t), "express lodash");
    CK_REQUIRE(ck_packages_table_filter(&t, "deb") == CK_OK); /* the type, and "Debian:12" */
    CK_CHECK_STR(shown_names(&t), "libssl3 zlib1g");
    CK_REQUIRE(ck_packages_table_filter(&t, "pypi") == CK_OK);
    CK_CHECK_STR(shown_names(&t), "requests");
    CK_REQUIRE(ck_packages_table_filter(&t, "tool2") == CK_OK); /* a location after the first */
    CK_CHECK_STR(shown_names(&t), "golang.org/x/net");
    CK_REQUIRE(ck_packages_table_filter(&t, "ssl") == CK_OK);
    CK_CHECK_STR(shown_names(&t), "libssl3");
    pos = ck_packages_table_position(&t, ck_packages_table_row_at(&t, 0));
    CK_CHECK_INT(pos, 0);
    CK_REQUIRE(ck_packages_table_filter(&t, "node-lodash") == CK_OK); /* owners are not searched */
    CK_CHECK_INT(ck_packages_table_count(&t), 0);
    CK_CHECK_INT(ck_packages_table_total(&t), 6);
    CK_CHECK_INT(ck_packages_table_position(&t, 0), -1);

    /* new rows keep the sort and the filter */
    CK_REQUIRE(ck_packages_table_sort(&t, CK_PCOL_NAME, 1) == CK_OK);
    CK_REQUIRE(ck_packages_table_filter(&t, "o") == CK_OK);
    CK_REQUIRE(sample_inventory(&inv, NULL));
    CK_REQUIRE(ck_packages_table_take(&t, &inv) == CK_OK);
    ck_inventory_release(&inv);
    CK_CHECK_STR(shown_names(&t), "requests lodash golang.org/x/net express");
    CK_REQUIRE(ck_packages_table_filter(&t, NULL) == CK_OK);
    CK_CHECK_INT(ck_packages_table_count(&t), 6);
    ck_packages_table_release(&t);
}

static void test_packages_empty(void)
{
    struct ck_packages_table t;
    struct ck_inventory inv;
    ck_packages_table_init(&t);
    CK_CHECK_INT(ck_packages_table_count(&t), 0);
    CK_CHECK_INT(ck_packages_table_sort(&t, CK_PCOL_VERSION, 1), CK_OK);
    CK_CHECK_INT(ck_packages_table_filter(&t, "x"), CK_OK);
    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_packages_table_take(&t, &inv), CK_OK);
    CK_CHECK_INT(ck_packages_table_count(&t), 0);
    ck_inventory_release(&inv);
    ck_packages_table_release(&t);
}

/* ---- unmanaged files --------------------------------------------------------- */

static int add_file(struct ck_inventory *inv, const char *path, enum ck_file_kind kind, uint64_t size, char hex,
                    const char *detail, const char *product, const char *version)
{
    struct ck_unmanaged u;
    memset(&u, 0, sizeof u);
    u.path = (char *)path;
    u.kind = kind;
    u.size = size;
    if (hex)
        memset(u.sha256, hex, 64);
    u.detail = (char *)detail;
    u.product = (char *)product;
    u.product_version = (char *)version;
    return ck_inventory_add_unmanaged(inv, &u) == CK_OK;
}

static int load_unmanaged(struct ck_unmanaged_table *t)
{
    struct ck_inventory inv;
    int ok = 1;
    ck_inventory_init(&inv);
    ok &= add_file(&inv, "/etc/app.conf", CK_FILE_CONFIG, 1, 0, NULL, NULL, NULL);
    ok &= add_file(&inv, "/opt/agent", CK_FILE_EXECUTABLE, 10485760, 'c', "ELF aarch64", "github.com/acme/agent",
                   "v0.9.0");
    ok &= add_file(&inv, "/opt/app.jar", CK_FILE_ARCHIVE, 2000000000, 0, NULL, NULL, NULL);
    ok &= add_file(&inv, "/opt/run.sh", CK_FILE_SCRIPT, 512, 0, "#!/bin/sh", NULL, NULL);
    ok &= add_file(&inv, "/usr/local/bin/tool", CK_FILE_EXECUTABLE, 5242880, 'a', "ELF x86-64",
                   "github.com/acme/tool", "v1.4.2");
    ok &= add_file(&inv, "/usr/local/lib/libfoo.so.1", CK_FILE_LIBRARY, 81920, 'b', "ELF x86-64", NULL, NULL);
    ck_unmanaged_table_init(t);
    ok = ok && ck_unmanaged_table_take(t, &inv) == CK_OK && inv.unmanaged == NULL && inv.unmanaged_count == 0;
    ck_inventory_release(&inv);
    return ok;
}

/* The last parts of the paths shown, joined with spaces. */
static const char *shown_files(const struct ck_unmanaged_table *t)
{
    static char out[1024];
    size_t i;
    out[0] = '\0';
    for (i = 0; i < ck_unmanaged_table_count(t); i++) {
        const char *p = ck_unmanaged_table_at(t, i)->path, *slash = strrchr(p, '/');
        if (i)
            strcat(out, " ");
        strcat(out, slash ? slash + 1 : p);
    }
    return out;
}

static const char *sorted_files(struct ck_unmanaged_table *t, int col, int desc)
{
    if (ck_unmanaged_table_sort(t, CK_UCOL_PATH, 0) != CK_OK || ck_unmanaged_table_sort(t, col, desc) != CK_OK)
        return "(sort failed)";
    return shown_files(t);
}

static void test_unmanaged_cells(void)
{
    struct ck_unmanaged_table t;
    char buf[256], hex[65];

    CK_REQUIRE(load_unmanaged(&t));
    CK_CHECK_INT(ck_unmanaged_table_total(&t), 6);
    CK_CHECK_INT(t.binaries, 3);
    CK_CHECK_STR(shown_files(&t), "app.conf agent app.jar run.sh tool libfoo.so.1");
    CK_CHECK_STR(ck_unmanaged_table_cell(&t, 4, CK_UCOL_PATH, buf, sizeof buf), "/usr/local/bin/tool");
    CK_CHECK_STR(ck_unmanaged_table_cell(&t, 4, CK_UCOL_KIND, buf, sizeof buf), "Executable (ELF x86-64)");
    CK_CHECK_STR(ck_unmanaged_table_cell(&t, 0, CK_UCOL_KIND, buf, sizeof buf), "Configuration");
    CK_CHECK_STR(ck_unmanaged_table_cell(&t, 3, CK_UCOL_KIND, buf, sizeof buf), "Script (#!/bin/sh)");
    CK_CHECK_STR(ck_unmanaged_table_cell(&t, 0, CK_UCOL_SIZE, buf, sizeof buf), "1 byte");
    CK_CHECK_STR(ck_unmanaged_table_cell(&t, 3, CK_UCOL_SIZE, buf, sizeof buf), "512 bytes");
    CK_CHECK_STR(ck_unmanaged_table_cell(&t, 5, CK_UCOL_SIZE, buf, sizeof buf), "80.0 KB");
    CK_CHECK_STR(ck_unmanaged_table_cell(&t, 4, CK_UCOL_SIZE, buf, sizeof buf), "5.0 MB");
    CK_CHECK_STR(ck_unmanaged_table_cell(&t, 2, CK_UCOL_SIZE, buf, sizeof buf), "1.9 GB");
    CK_CHECK_STR(ck_unmanaged_table_cell(&t, 4, CK_UCOL_PRODUCT, buf, sizeof buf), "github.com/acme/tool v1.4.2");
    CK_CHECK_STR(ck_unmanaged_table_cell(&t, 5, CK_UCOL_PRODUCT, buf, sizeof buf), "");
    memset(hex, 'a', 12);
    hex[12] = '\0';
    CK_CHECK_STR(ck_unmanaged_table_cell(&t, 4, CK_UCOL_SHA256, buf, sizeof buf), hex);
    CK_CHECK_INT(strlen(ck_unmanaged_table_at(&t, 4)->sha256), 64);
    CK_CHECK_STR(ck_unmanaged_table_cell(&t, 3, CK_UCOL_SHA256, buf, sizeof buf), "");
    CK_CHECK_STR(ck_unmanaged_table_cell(&t, 3, CK_UCOL_COUNT, buf, sizeof buf), "");
    CK_CHECK_STR(ck_unmanaged_column_title(CK_UCOL_SHA256), "SHA-256");
    CK_CHECK_STR(ck_unmanaged_kind_label(CK_FILE_LIBRARY), "Library");
    CK_CHECK_STR(ck_unmanaged_kind_label((enum ck_file_kind)99), "Other");
    ck_unmanaged_table_release(&t);
}

static void test_unmanaged_size_text(void)
{
    char buf[32];
    CK_CHECK_STR(ck_unmanaged_size_text(0, buf, sizeof buf), "0 bytes");
    CK_CHECK_STR(ck_unmanaged_size_text(1023, buf, sizeof buf), "1023 bytes");
    CK_CHECK_STR(ck_unmanaged_size_text(1024, buf, sizeof buf), "1.0 KB");
    CK_CHECK_STR(ck_unmanaged_size_text(1536, buf, sizeof buf), "1.5 KB");
    CK_CHECK_STR(ck_unmanaged_size_text(102400, buf, sizeof buf), "100 KB");
    CK_CHECK_STR(ck_unmanaged_size_text(1023 * 1024 + 1000, buf, sizeof buf), "1.0 MB");
    CK_CHECK_STR(ck_unmanaged_size_text(120u << 20, buf, sizeof buf), "120 MB");
    CK_CHECK_STR(ck_unmanaged_size_text((uint64_t)3 << 40, buf, sizeof buf), "3.0 TB");
    CK_CHECK_STR(ck_unmanaged_size_text((uint64_t)5000 << 40, buf, sizeof buf), "5000 TB");
    CK_CHECK_STR(ck_unmanaged_size_text(1536, buf, 4), "1.5");
}

static void test_unmanaged_sort_each_column_both_ways(void)
{
    struct ck_unmanaged_table t;

    CK_REQUIRE(load_unmanaged(&t));
    CK_CHECK_STR(sorted_files(&t, CK_UCOL_PATH, 0), "app.conf agent app.jar run.sh tool libfoo.so.1");
    CK_CHECK_STR(sorted_files(&t, CK_UCOL_PATH, 1), "libfoo.so.1 tool run.sh app.jar agent app.conf");
    /* by the number of bytes, not the text ("80.0 KB" < "5.0 MB") */
    CK_CHECK_STR(sorted_files(&t, CK_UCOL_SIZE, 0), "app.conf run.sh libfoo.so.1 tool agent app.jar");
    CK_CHECK_STR(sorted_files(&t, CK_UCOL_SIZE, 1), "app.jar agent tool libfoo.so.1 run.sh app.conf");
    /* by kind (Archive, Configuration, Executable, Library, Script), then detail */
    CK_CHECK_STR(sorted_files(&t, CK_UCOL_KIND, 0), "app.jar app.conf agent tool libfoo.so.1 run.sh");
    CK_CHECK_STR(sorted_files(&t, CK_UCOL_KIND, 1), "run.sh libfoo.so.1 tool agent app.conf app.jar");
    /* files without a product last both ways, in path order */
    CK_CHECK_STR(sorted_files(&t, CK_UCOL_PRODUCT, 0), "agent tool app.conf app.jar run.sh libfoo.so.1");
    CK_CHECK_STR(sorted_files(&t, CK_UCOL_PRODUCT, 1), "tool agent app.conf app.jar run.sh libfoo.so.1");
    /* files without a hash last both ways */
    CK_CHECK_STR(sorted_files(&t, CK_UCOL_SHA256, 0), "tool libfoo.so.1 agent app.conf app.jar run.sh");
    CK_CHECK_STR(sorted_files(&t, CK_UCOL_SHA256, 1), "agent libfoo.so.1 tool app.conf app.jar run.sh");
    CK_CHECK_INT(ck_unmanaged_table_sort(&t, CK_UCOL_COUNT, 1), CK_ERR_ARG);
    CK_CHECK_INT(t.sort_col, CK_UCOL_SHA256);
    ck_unmanaged_table_release(&t);
}

static void test_unmanaged_filter(void)
{
    struct ck_unmanaged_table t;

    CK_REQUIRE(load_unmanaged(&t));
    CK_REQUIRE(ck_unmanaged_table_filter(&t, "ELF") == CK_OK); /* the detail */
    CK_CHECK_STR(shown_files(&t), "agent tool libfoo.so.1");
    CK_REQUIRE(ck_unmanaged_table_filter(&t, "acme") == CK_OK); /* the product */
    CK_CHECK_STR(shown_files(&t), "agent tool");
    CK_REQUIRE(ck_unmanaged_table_filter(&t, "v1.4") == CK_OK); /* its version */
    CK_CHECK_STR(shown_files(&t), "tool");
    CK_REQUIRE(ck_unmanaged_table_filter(&t, "Script") == CK_OK); /* the kind as shown */
    CK_CHECK_STR(shown_files(&t), "run.sh");
    CK_REQUIRE(ck_unmanaged_table_filter(&t, "bbbb") == CK_OK); /* the hash */
    CK_CHECK_STR(shown_files(&t), "libfoo.so.1");
    CK_REQUIRE(ck_unmanaged_table_filter(&t, ck_unmanaged_table_at(&t, 0)->sha256) == CK_OK); /* all of it */
    CK_CHECK_STR(shown_files(&t), "libfoo.so.1");
    CK_REQUIRE(ck_unmanaged_table_filter(&t, "/OPT/") == CK_OK);
    CK_CHECK_STR(shown_files(&t), "agent app.jar run.sh");
    CK_REQUIRE(ck_unmanaged_table_sort(&t, CK_UCOL_SIZE, 1) == CK_OK); /* sorting keeps the filter */
    CK_CHECK_STR(shown_files(&t), "app.jar agent run.sh");
    CK_REQUIRE(ck_unmanaged_table_filter(&t, "nothing like it") == CK_OK);
    CK_CHECK_INT(ck_unmanaged_table_count(&t), 0);
    CK_REQUIRE(ck_unmanaged_table_filter(&t, "") == CK_OK);
    CK_CHECK_INT(ck_unmanaged_table_count(&t), 6);
    ck_unmanaged_table_release(&t);
}

/* ---- the images list's Unmanaged column ---------------------------------------- */

static void test_images_unmanaged_column(void)
{
    struct ck_images_table t;
    struct ck_image_row hr[4];
    struct ck_severity_counts c;
    char buf[64];
    size_t i;
    static const char *const names[] = {"three", "zero", "os-only", "never"};

    memset(hr, 0, sizeof hr);
    for (i = 0; i < 4; i++) {
        hr[i].image_id = (int64_t)i + 1;
        hr[i].repository = (char *)names[i];
        hr[i].tag = "1";
        hr[i].has_scan = i < 3;
        hr[i].latest.ok = i < 3;
        hr[i].latest.finished_at = 1000 + (int64_t)i;
        hr[i].latest.walked = i < 2;
    }
    hr[0].latest.unmanaged_binaries = 3;
    hr[2].latest.unmanaged_binaries = 7; /* not walked: not shown */
    ck_images_table_init(&t);
    CK_REQUIRE(ck_images_table_load(&t, hr, 4) == CK_OK);
    CK_CHECK_STR(ck_images_column_title(CK_ICOL_UNMANAGED), "Unmanaged");
    CK_CHECK_STR(ck_images_column_title(CK_ICOL_STATE), "State");
    CK_CHECK_STR(ck_images_table_cell(&t, 0, CK_ICOL_UNMANAGED, buf, sizeof buf), "3");
    CK_CHECK_STR(ck_images_table_cell(&t, 1, CK_ICOL_UNMANAGED, buf, sizeof buf), "0");
    CK_CHECK_STR(ck_images_table_cell(&t, 2, CK_ICOL_UNMANAGED, buf, sizeof buf), "");
    CK_CHECK_STR(ck_images_table_cell(&t, 3, CK_ICOL_UNMANAGED, buf, sizeof buf), "");
    CK_CHECK_INT(ck_images_column_severity(CK_ICOL_UNMANAGED), -1);
    /* numeric; unknown counts last both ways */
    CK_REQUIRE(ck_images_table_sort(&t, CK_ICOL_UNMANAGED, 1) == CK_OK);
    CK_CHECK_STR(ck_images_table_at(&t, 0)->repository, "three");
    CK_CHECK_STR(ck_images_table_at(&t, 1)->repository, "zero");
    CK_REQUIRE(ck_images_table_sort(&t, CK_ICOL_UNMANAGED, 0) == CK_OK);
    CK_CHECK_STR(ck_images_table_at(&t, 0)->repository, "zero");
    CK_CHECK_STR(ck_images_table_at(&t, 1)->repository, "three");
    CK_CHECK(!ck_images_table_at(&t, 2)->walked && !ck_images_table_at(&t, 3)->walked);
    /* a scan the job just finished: unknown until the rows are read again */
    memset(&c, 0, sizeof c);
    CK_REQUIRE(ck_images_table_scan_done(&t, 0, 50, 2000, NULL, &c, NULL) == CK_OK);
    CK_REQUIRE(ck_images_table_sort(&t, CK_ICOL_REPOSITORY, 0) == CK_OK);
    CK_CHECK_STR(ck_images_table_at(&t, 2)->repository, "three");
    CK_CHECK_STR(ck_images_table_cell(&t, 2, CK_ICOL_UNMANAGED, buf, sizeof buf), "");
    /* a failed scan shows none */
    CK_REQUIRE(ck_images_table_set_state(&t, 1, CK_IMAGE_FAILED, "pull failed") == CK_OK);
    CK_CHECK_STR(ck_images_table_cell(&t, 3, CK_ICOL_UNMANAGED, buf, sizeof buf), "");
    ck_images_table_release(&t);
}

/* ---- many rows ----------------------------------------------------------------- */

#define MANY 50000

static char *many_text(const char *fmt, unsigned a, unsigned b)
{
    char buf[160];
    snprintf(buf, sizeof buf, fmt, a, b);
    return strdup(buf);
}

/* Each column sorted both ways is in order (adjacent rows by their cell
 * text, missing ones last); prints how long the sorts and a filter took. */
static void test_packages_many_rows(void)
{
    static const char *const ecosystems[] = {"npm", "PyPI", "Go", "Maven"};
    struct ck_packages_table t;
    struct ck_inventory inv;
    uint64_t t0, took[CK_PCOL_COUNT][2], filter_ms;
    unsigned i, x = 12345;
    int col, desc, in_order = 1;

    ck_inventory_init(&inv);
    for (i = 0; i < MANY; i++) {
        char *name, *version, *loc;
        x = x * 1103515245u + 12345u;
        name = many_text("pkg-%u-%u", (x >> 8) % 9973, i);
        version = many_text("%u.%u.0", (x >> 4) % 30, i % 17);
        loc = many_text("/srv/app%u/node_modules/m%u/package.json", (x >> 12) % 50, i);
        CK_REQUIRE(name && version && loc);
        if (i % 10 == 0)
            CK_REQUIRE(ck_inventory_add(&inv, CK_PKG_DEB, name, version, NULL, NULL, "amd64") == CK_OK);
        else
            CK_REQUIRE(ck_inventory_add_app(&inv, ecosystems[i % 4], name, version, loc, i % 3 ? NULL : "libnode",
                                            0) == CK_OK);
        free(name);
        free(version);
        free(loc);
    }
    ck_packages_table_init(&t);
    CK_REQUIRE(ck_packages_table_take(&t, &inv) == CK_OK);
    ck_inventory_release(&inv);
    CK_CHECK_INT(ck_packages_table_count(&t), MANY);
    for (col = 0; col < CK_PCOL_COUNT; col++)
        for (desc = 0; desc < 2; desc++) {
            size_t k;
            t0 = ck_time_monotonic_ms();
            CK_REQUIRE(ck_packages_table_sort(&t, col, desc) == CK_OK);
            took[col][desc] = ck_time_monotonic_ms() - t0;
            for (k = 1; k < ck_packages_table_count(&t) && in_order; k++) {
                char a[512], b[512];
                const char *pa = ck_packages_table_cell(&t, k - 1, col, a, sizeof a);
                const char *pb = ck_packages_table_cell(&t, k, col, b, sizeof b);
                int c = ck_view_natural_cmp(pa, pb);
                if (col == CK_PCOL_LOCATION) /* by the first location alone */
                    c = ck_view_natural_cmp(ck_packages_table_at(&t, k - 1)->location_count
                                                ? ck_packages_table_at(&t, k - 1)->locations[0]
                                                : "",
                                            ck_packages_table_at(&t, k)->location_count
                                                ? ck_packages_table_at(&t, k)->locations[0]
                                                : "");
                if (!*pb)
                    continue; /* missing: last */
                if (!*pa || (desc ? c < 0 : c > 0)) {
                    in_order = 0;
                    fprintf(stderr, "column %d %s: row %zu '%s' before '%s'\n", col, desc ? "desc" : "asc", k, pa,
                            pb);
                }
            }
        }
    CK_CHECK(in_order);
    t0 = ck_time_monotonic_ms();
    CK_REQUIRE(ck_packages_table_filter(&t, "APP7/") == CK_OK);
    filter_ms = ck_time_monotonic_ms() - t0;
    CK_CHECK(ck_packages_table_count(&t) > 0 && ck_packages_table_count(&t) < MANY / 10);
    printf("packages, %d rows: sort ms (asc/desc)", MANY);
    for (col = 0; col < CK_PCOL_COUNT; col++)
        printf(" %s %llu/%llu", ck_packages_column_title(col), (unsigned long long)took[col][0],
               (unsigned long long)took[col][1]);
    printf("; filter %llu ms, %zu shown\n", (unsigned long long)filter_ms, ck_packages_table_count(&t));
    ck_packages_table_release(&t);
}

static void test_unmanaged_many_rows(void)
{
    struct ck_unmanaged_table t;
    struct ck_inventory inv;
    uint64_t t0, took[CK_UCOL_COUNT][2], filter_ms;
    unsigned i, x = 777;
    int col, desc, sizes_in_order = 1;

    ck_inventory_init(&inv);
    for (i = 0; i < MANY; i++) {
        char *path;
        x = x * 1103515245u + 12345u;
        path = many_text("/opt/d%u/file%u", (x >> 9) % 400, i);
        CK_REQUIRE(path != NULL);
        CK_REQUIRE(add_file(&inv, path, (enum ck_file_kind)(i % 6), (uint64_t)((x >> 3) % 50000000u),
                            i % 2 ? "0123456789abcdef"[(x >> 20) % 16] : 0, i % 3 ? "ELF x86-64" : NULL,
                            i % 5 ? NULL : "example.com/prog", "v1.0.0"));
        free(path);
    }
    ck_unmanaged_table_init(&t);
    CK_REQUIRE(ck_unmanaged_table_take(&t, &inv) == CK_OK);
    ck_inventory_release(&inv);
    for (col = 0; col < CK_UCOL_COUNT; col++)
        for (desc = 0; desc < 2; desc++) {
            t0 = ck_time_monotonic_ms();
            CK_REQUIRE(ck_unmanaged_table_sort(&t, col, desc) == CK_OK);
            took[col][desc] = ck_time_monotonic_ms() - t0;
            if (col == CK_UCOL_SIZE) {
                size_t k;
                for (k = 1; k < ck_unmanaged_table_count(&t); k++) {
                    uint64_t a = ck_unmanaged_table_at(&t, k - 1)->size, b = ck_unmanaged_table_at(&t, k)->size;
                    if (desc ? a < b : a > b)
                        sizes_in_order = 0;
                }
            }
        }
    CK_CHECK(sizes_in_order);
    t0 = ck_time_monotonic_ms();
    CK_REQUIRE(ck_unmanaged_table_filter(&t, "/d17/") == CK_OK);
    filter_ms = ck_time_monotonic_ms() - t0;
    CK_CHECK(ck_unmanaged_table_count(&t) > 0 && ck_unmanaged_table_count(&t) < MANY / 50);
    printf("unmanaged files, %d rows: sort ms (asc/desc)", MANY);
    for (col = 0; col < CK_UCOL_COUNT; col++)
        printf(" %s %llu/%llu", ck_unmanaged_column_title(col), (unsigned long long)took[col][0],
               (unsigned long long)took[col][1]);
    printf("; filter %llu ms, %zu shown\n", (unsigned long long)filter_ms, ck_unmanaged_table_count(&t));
    ck_unmanaged_table_release(&t);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    CK_RUN(test_packages_take_and_cells);
    CK_RUN(test_packages_location_cut_keeps_the_count);
    CK_RUN(test_packages_sort_each_column_both_ways);
    CK_RUN(test_packages_filter);
    CK_RUN(test_packages_empty);
    CK_RUN(test_unmanaged_cells);
    CK_RUN(test_unmanaged_size_text);
    CK_RUN(test_unmanaged_sort_each_column_both_ways);
    CK_RUN(test_unmanaged_filter);
    CK_RUN(test_images_unmanaged_column);
    CK_RUN(test_packages_many_rows);
    CK_RUN(test_unmanaged_many_rows);
    return ck_test_summary();
}
