/* `docker save` archives that try to make the inventory unbounded: a
 * manifest naming layers over and over, the same package database path
 * written again and again, many copies of a database across layers. Every
 * archive is built here, small; the limits are lowered where a default
 * would need large inputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "ck_test.h"
#include "inventory/image.h"
#include "inventory/inventory.h"
#include "image_build.h"
#include "tar_build.h"
#include "util/buf.h"

static const char *fixtures;

/* A file of n zero bytes. */
static void tb_zeros(struct tb *t, const char *name, size_t n)
{
    unsigned char *z = calloc(1, n ? n : 1);
    if (!z)
        abort();
    tb_header(t, name, '0', n, NULL, 0);
    tb_data(t, z, n);
    free(z);
}

static void tb_fixture(struct tb *t, const char *name, const char *rel)
{
    tb_fixture_from(t, fixtures, name, rel);
}

static enum ck_status image_inventory(const struct tb *archive, const struct ck_inventory_limits *lim,
                                      struct ck_inventory *inv, struct ck_err *err)
{
    struct ck_inventory_collector *c = NULL;
    enum ck_status st = ck_inventory_collector_new(&c, 0, lim);

    if (st == CK_OK)
        st = ck_inventory_collector_begin_image(c, "test.tar", err);
    if (st == CK_OK)
        st = ck_inventory_collector_feed(c, archive->data, archive->len, err);
    if (st == CK_OK)
        st = ck_inventory_collector_end(c, err);
    if (st == CK_OK)
        st = ck_inventory_collector_finish(c, inv, err);
    ck_inventory_collector_free(c);
    return st;
}

/* A layer with one status.d file for package `name`, and a whiteout of
 * status.d/<hide> when hide is not NULL. */
static void status_d_layer(struct tb *t, const char *name, const char *hide)
{
    char path[128], text[128];
    snprintf(path, sizeof path, "var/lib/dpkg/status.d/%s", name);
    snprintf(text, sizeof text, "Package: %s\nVersion: 1\nArchitecture: amd64\n", name);
    tb_dir(t, "var/lib/dpkg/status.d/");
    tb_file(t, path, text);
    if (hide) {
        snprintf(path, sizeof path, "var/lib/dpkg/status.d/.wh.%s", hide);
        tb_file(t, path, "");
    }
    tb_end(t);
}

/* A legacy archive with layers a/layer.tar and b/layer.tar (b's whiteout
 * hides a's file) and a manifest naming them in the order `order` gives
 * ("aba": a, b, a). */
static void two_layer_archive(struct tb *out, const char *order)
{
    struct tb a = {0}, b = {0}, manifest = {0};
    size_t i;

    status_d_layer(&a, "pkg-a", NULL);
    status_d_layer(&b, "pkg-b", "pkg-a");
    tb_put(&manifest, "[{\"Layers\":[", 12);
    for (i = 0; order[i]; i++) {
        char item[32];
        int n = snprintf(item, sizeof item, "%s\"%c/layer.tar\"", i ? "," : "", order[i]);
        tb_put(&manifest, item, (size_t)n);
    }
    tb_put(&manifest, "]}]", 4); /* with its NUL */
    tb_blob(out, "a/layer.tar", &a);
    tb_blob(out, "b/layer.tar", &b);
    tb_file(out, "manifest.json", (const char *)manifest.data);
    tb_end(out);
    tb_free(&a);
    tb_free(&b);
    tb_free(&manifest);
}

/* The layers ck_image_archive_layers gives for an archive, as "ab". */
static void layer_order(const struct tb *archive, char *out, size_t cap)
{
    struct ck_inventory_limits lim;
    struct ck_layer_budget budget;
    struct ck_image_archive *a = NULL;
    struct ck_layer **layers = NULL;
    struct ck_inventory notes;
    struct ck_err err;
    size_t n = 0, i;

    out[0] = '\0';
    ck_inventory_limits_default(&lim);
    budget.entries = lim.max_entries;
    budget.bytes = lim.max_db_bytes;
    ck_inventory_init(&notes);
    if (ck_image_archive_new(&a, "test.tar", &lim, 0, &budget) != CK_OK)
        return;
    if (ck_image_archive_feed(a, archive->data, archive->len, &err) == CK_OK &&
        ck_image_archive_end(a, &err) == CK_OK && ck_image_archive_layers(a, &layers, &n, &notes, &err) == CK_OK) {
        for (i = 0; i < n && i + 1 < cap; i++)
            out[i] = layers[i]->name[0];
        out[i] = '\0';
    }
    free(layers);
    ck_inventory_release(&notes);
    ck_image_archive_free(a);
}

/* A layer named again is applied once, at its last place. */
static void test_repeated_layers_once(void)
{
    static const char *const cases[][2] = {
        {"ab", "ab"}, {"aba", "ba"}, {"abab", "ab"}, {"aaaa", "a"}, {"abbba", "ba"}, {"ba", "ba"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tb t = {0};
        char got[64];
        two_layer_archive(&t, cases[i][0]);
        layer_order(&t, got, sizeof got);
        CK_CHECK_STR(got, cases[i][1]);
        tb_free(&t);
    }
}

/* What the repeated layers give is what applying every one of them gives:
 * a, b, a puts back the file b hid (its first place alone would not). */
static void test_repeated_layers_result(void)
{
    static const char *const cases[][2] = {
        {"ab", "pkg-b"}, {"aba", "pkg-a|pkg-b"}, {"abab", "pkg-b"}, {"aab", "pkg-b"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tb t = {0};
        struct ck_inventory inv;
        struct ck_err err;
        struct ck_buf names;
        size_t k;

        ck_buf_init(&names);
        ck_inventory_init(&inv);
        two_layer_archive(&t, cases[i][0]);
        CK_CHECK_INT(image_inventory(&t, NULL, &inv, &err), CK_OK);
        for (k = 0; k < inv.count; k++)
            ck_buf_printf(&names, "%s%s", k ? "|" : "", inv.packages[k].name);
        CK_CHECK_STR(ck_buf_str(&names), cases[i][1]);
        CK_CHECK_INT(inv.incomplete, 0);
        ck_inventory_release(&inv);
        ck_buf_release(&names);
        tb_free(&t);
    }
}

/* A manifest naming its one layer 300 times: the lowest 256 are read (one
 * layer, once), with a warning naming the limit. */
static void test_manifest_layer_limit(void)
{
    struct tb t = {0}, l = {0}, manifest = {0};
    struct ck_inventory inv;
    struct ck_err err;
    int i;

    status_d_layer(&l, "pkg-a", NULL);
    tb_put(&manifest, "[{\"Layers\":[", 12);
    for (i = 0; i < 300; i++)
        tb_put(&manifest, i ? ",\"a/layer.tar\"" : "\"a/layer.tar\"", i ? 14 : 13);
    tb_put(&manifest, "]}]", 4);
    tb_blob(&t, "a/layer.tar", &l);
    tb_file(&t, "manifest.json", (const char *)manifest.data);
    tb_end(&t);
    ck_inventory_init(&inv);
    CK_CHECK_INT(image_inventory(&t, NULL, &inv, &err), CK_OK);
    CK_CHECK(has_warning(&inv, "test.tar: its manifest names 300 layers, more than the limit of 256"));
    CK_CHECK_INT(inv.incomplete, 1);
    CK_REQUIRE(inv.count == 1);
    CK_CHECK_STR(inv.packages[0].name, "pkg-a");
    dump_warnings(&inv);
    ck_inventory_release(&inv);
    tb_free(&t);
    tb_free(&l);
    tb_free(&manifest);
}

/* A one-layer legacy archive around a layer tar, gzip-compressed. */
static void one_gzip_layer(struct tb *out, const struct tb *layer)
{
    struct tb g = {0};
    gzip_of(layer, &g);
    tb_file(out, "manifest.json", "[{\"Layers\":[\"l/layer.tar\"]}]");
    tb_blob(out, "l/layer.tar", &g);
    tb_end(out);
    tb_free(&g);
}

/* The same rpmdb.sqlite path nine times in one layer: eight copies of
 * 800,000 zero bytes, then the real database (220 KiB), with a limit of
 * 1,000,000 bytes. Each copy replaced gives its bytes back, so the last is
 * read whole; were the copies kept, not even the first and the last would
 * fit in the image's limit together. */
static void test_same_path_in_a_layer(void)
{
    struct tb l = {0}, a = {0};
    struct ck_inventory_limits lim;
    struct ck_inventory inv;
    struct ck_err err;
    int i;

    tb_file(&l, "etc/os-release", "ID=rocky\nVERSION_ID=9.3\n");
    for (i = 0; i < 8; i++)
        tb_zeros(&l, "var/lib/rpm/rpmdb.sqlite", 800000);
    tb_fixture(&l, "var/lib/rpm/rpmdb.sqlite", "pkgdb/rpm/rpmdb.sqlite");
    tb_end(&l);
    one_gzip_layer(&a, &l);
    ck_inventory_limits_default(&lim);
    lim.max_db_bytes = 1000000;
    ck_inventory_init(&inv);
    CK_CHECK_INT(image_inventory(&a, &lim, &inv, &err), CK_OK);
    CK_CHECK_INT(inv.count, 3);
    CK_CHECK_STR(inv.os.ecosystem, "Rocky Linux:9");
    CK_CHECK_INT(inv.warning_count, 0);
    CK_CHECK_INT(inv.incomplete, 0);
    dump_warnings(&inv);
    ck_inventory_release(&inv);
    tb_free(&l);
    tb_free(&a);
}

/* One path written again and again takes one entry: more rewrites than the
 * image may keep entries leave the last one read. */
static void test_rewrites_take_one_entry(void)
{
    struct tb l = {0}, a = {0};
    struct ck_inventory_limits lim;
    struct ck_inventory inv;
    struct ck_err err;
    int i;

    for (i = 0; i < 200; i++)
        tb_file(&l, "var/lib/dpkg/status", "Package: old\nStatus: install ok installed\nVersion: 1\n");
    tb_file(&l, "var/lib/dpkg/status", "Package: new\nStatus: install ok installed\nVersion: 2\n");
    tb_end(&l);
    one_gzip_layer(&a, &l);
    ck_inventory_limits_default(&lim);
    lim.max_entries = 50;
    ck_inventory_init(&inv);
    CK_CHECK_INT(image_inventory(&a, &lim, &inv, &err), CK_OK);
    CK_REQUIRE(inv.count == 1);
    CK_CHECK_STR(inv.packages[0].name, "new");
    CK_CHECK(!has_warning(&inv, "more than 50 entries"));
    dump_warnings(&inv);
    ck_inventory_release(&inv);
    tb_free(&l);
    tb_free(&a);
}

/* A rewrite after its folder was replaced comes after that replacement:
 * the folder (a file now, over the lower layer's folder) hides the first
 * status but not the second. */
static void test_rewrite_after_its_folder(void)
{
    struct tb lower = {0}, upper = {0}, a = {0};
    struct ck_inventory inv;
    struct ck_err err;

    tb_dir(&lower, "var/lib/dpkg/");
    tb_end(&lower);
    tb_file(&upper, "var/lib/dpkg/status", "Package: first\nStatus: install ok installed\nVersion: 1\n");
    tb_file(&upper, "var/lib/dpkg", "not a folder");
    tb_file(&upper, "var/lib/dpkg/status", "Package: second\nStatus: install ok installed\nVersion: 2\n");
    tb_end(&upper);
    tb_file(&a, "manifest.json", "[{\"Layers\":[\"1/layer.tar\",\"2/layer.tar\"]}]");
    tb_blob(&a, "1/layer.tar", &lower);
    tb_blob(&a, "2/layer.tar", &upper);
    tb_end(&a);
    ck_inventory_init(&inv);
    CK_CHECK_INT(image_inventory(&a, NULL, &inv, &err), CK_OK);
    CK_REQUIRE(inv.count == 1);
    CK_CHECK_STR(inv.packages[0].name, "second");
    ck_inventory_release(&inv);
    tb_free(&lower);
    tb_free(&upper);
    tb_free(&a);
}

/* Copies of the database in two layers: together they pass the limit, which
 * holds for the whole image, so the upper one is not read. */
static void test_database_limit_per_image(void)
{
    struct tb lower = {0}, upper = {0}, a = {0};
    struct ck_inventory_limits lim;
    struct ck_inventory inv;
    struct ck_err err;

    tb_zeros(&lower, "var/lib/rpm/rpmdb.sqlite", 900000);
    tb_end(&lower);
    tb_fixture(&upper, "var/lib/rpm/rpmdb.sqlite", "pkgdb/rpm/rpmdb.sqlite");
    tb_end(&upper);
    tb_file(&a, "manifest.json", "[{\"Layers\":[\"1/layer.tar\",\"2/layer.tar\"]}]");
    tb_blob(&a, "1/layer.tar", &lower);
    tb_blob(&a, "2/layer.tar", &upper);
    tb_end(&a);
    ck_inventory_limits_default(&lim);
    lim.max_db_bytes = 1000000;
    ck_inventory_init(&inv);
    CK_CHECK_INT(image_inventory(&a, &lim, &inv, &err), CK_OK);
    CK_CHECK_INT(inv.count, 0);
    CK_CHECK_INT(inv.incomplete, 1);
    CK_CHECK(has_warning(&inv, "/var/lib/rpm/rpmdb.sqlite in 2/layer.tar: the package database files of the image "
                               "are larger than the limit of 1000000 bytes together; it was not read"));
    dump_warnings(&inv);
    ck_inventory_release(&inv);
    /* either copy alone is read */
    tb_free(&a);
    tb_file(&a, "manifest.json", "[{\"Layers\":[\"2/layer.tar\"]}]");
    tb_blob(&a, "2/layer.tar", &upper);
    tb_end(&a);
    ck_inventory_init(&inv);
    CK_CHECK_INT(image_inventory(&a, &lim, &inv, &err), CK_OK);
    CK_CHECK_INT(inv.count, 3);
    CK_CHECK_INT(inv.incomplete, 0);
    ck_inventory_release(&inv);
    tb_free(&lower);
    tb_free(&upper);
    tb_free(&a);
}

int main(int argc, char **argv)
{
    fixtures = argc > 1 ? argv[1] : "tests/fixtures";
    CK_RUN(test_repeated_layers_once);
    CK_RUN(test_repeated_layers_result);
    CK_RUN(test_manifest_layer_limit);
    CK_RUN(test_same_path_in_a_layer);
    CK_RUN(test_rewrites_take_one_entry);
    CK_RUN(test_rewrite_after_its_folder);
    CK_RUN(test_database_limit_per_image);
    return ck_test_summary();
}
