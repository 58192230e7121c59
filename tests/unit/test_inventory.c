/* The inventory as a whole: images built at test time in both `docker save`
 * layouts (legacy manifest.json + layer.tar; OCI index.json + gzip or zstd
 * blobs),
 * layers with whiteouts and links, the Engine archive-endpoint path, root
 * folders, limits and damage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "ck_test.h"
#include "inventory/inventory.h"
#include "platform/platform.h"
#include "image_build.h"
#include "rpmdb_build.h"
#include "tar_build.h"
#include "util/buf.h"

#ifndef _WIN32
#include <unistd.h>
#endif

static const char *fixtures;

static char *read_fixture(const char *rel, size_t *len)
{
    return ck_test_read_file(fixtures, rel, len);
}

static void tb_fixture(struct tb *t, const char *name, const char *rel)
{
    tb_fixture_from(t, fixtures, name, rel);
}

static void tb_text(struct tb *t, const char *name, const char *text) { tb_file(t, name, text); }

/* "name version src srcver arch|..." for the whole inventory */
static const char *summary(const struct ck_inventory *inv, struct ck_buf *b)
{
    size_t i;
    ck_buf_reset(b);
    for (i = 0; i < inv->count; i++) {
        const struct ck_package *p = &inv->packages[i];
        ck_buf_printf(b, "%s%s %s %s %s %s", i ? "|" : "", p->name, p->version, p->source_name, p->source_version,
                      p->arch ? p->arch : "-");
    }
    return ck_buf_str(b);
}

/* Feeds a whole image archive in chunks of `chunk` bytes. */
static enum ck_status image_inventory(const struct tb *archive, size_t chunk, const struct ck_inventory_limits *lim,
                                      struct ck_inventory *inv, struct ck_err *err)
{
    struct ck_inventory_collector *c = NULL;
    enum ck_status st = ck_inventory_collector_new(&c, 0, lim);
    size_t off;

    if (st == CK_OK)
        st = ck_inventory_collector_begin_image(c, "test.tar", err);
    if (!chunk)
        chunk = archive->len ? archive->len : 1;
    for (off = 0; st == CK_OK && off < archive->len; off += chunk)
        st = ck_inventory_collector_feed(c, archive->data + off,
                                         archive->len - off < chunk ? archive->len - off : chunk, err);
    if (st == CK_OK)
        st = ck_inventory_collector_end(c, err);
    if (st == CK_OK)
        st = ck_inventory_collector_finish(c, inv, err);
    ck_inventory_collector_free(c);
    return st;
}

/* ---- the test image: two layers ---------------------------------------- */

static const char os_debian[] = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n";
static const char status_v1[] = "Package: base\nStatus: install ok installed\nVersion: 1.0\nArchitecture: amd64\n\n"
                                "Package: gone\nStatus: install ok installed\nVersion: 0.1\nArchitecture: amd64\n";
static const char status_v2[] = "Package: base\nStatus: install ok installed\nVersion: 1.1\nArchitecture: amd64\n\n"
                                "Package: added\nStatus: install ok installed\nVersion: 2.0\nArchitecture: all\n"
                                "Source: added-src (1.9)\n";

/* Lower layer: os-release behind a link, a status file, two status.d files,
 * unrelated content. */
static void lower_layer(struct tb *t)
{
    tb_dir(t, "./");
    tb_dir(t, "./etc/");
    tb_symlink(t, "./etc/os-release", "../usr/lib/os-release");
    tb_dir(t, "./usr/");
    tb_dir(t, "./usr/lib/");
    tb_text(t, "./usr/lib/os-release", os_debian);
    tb_text(t, "./usr/bin/unrelated", "#!/bin/sh\necho unrelated\n");
    tb_dir(t, "./var/lib/dpkg/");
    tb_text(t, "./var/lib/dpkg/status", status_v1);
    tb_dir(t, "./var/lib/dpkg/status.d/");
    tb_text(t, "./var/lib/dpkg/status.d/a", "Package: sd-a\nVersion: 1\nArchitecture: amd64\n");
    tb_text(t, "./var/lib/dpkg/status.d/a.md5sums", "0123 /usr/bin/a\n");
    tb_text(t, "./var/lib/dpkg/status.d/b", "Package: sd-b\nVersion: 2\nArchitecture: amd64\n");
    tb_end(t);
}

/* Upper layer: a new status, status.d/b whited out, a new status.d/c. */
static void upper_layer(struct tb *t)
{
    tb_text(t, "var/lib/dpkg/status", status_v2);
    tb_text(t, "var/lib/dpkg/status.d/.wh.b", "");
    tb_text(t, "var/lib/dpkg/status.d/c", "Package: sd-c\nVersion: 3\nArchitecture: amd64\n");
    tb_text(t, "var/lib/dpkg/.wh.info", ""); /* a whiteout of something not read */
    tb_end(t);
}

static const char expect_two_layers[] = "added 2.0 added-src 1.9 all|base 1.1 base 1.1 amd64|"
                                        "sd-a 1 sd-a 1 amd64|sd-c 3 sd-c 3 amd64";

static void legacy_archive(struct tb *out, int manifest_first)
{
    struct tb lower = {0}, upper = {0};
    static const char manifest[] =
        "[{\"Config\":\"cfg.json\",\"RepoTags\":[\"test:1\"],\"Layers\":[\"1111/layer.tar\",\"2222/layer.tar\"]}]";

    lower_layer(&lower);
    upper_layer(&upper);
    if (manifest_first)
        tb_text(out, "manifest.json", manifest);
    /* the upper layer first: order comes from the manifest, not the stream */
    tb_dir(out, "2222/");
    tb_text(out, "2222/VERSION", "1.0");
    tb_blob(out, "2222/layer.tar", &upper);
    tb_dir(out, "1111/");
    tb_blob(out, "1111/layer.tar", &lower);
    tb_text(out, "1111/json", "{\"id\":\"1111\"}");
    tb_text(out, "cfg.json", "{\"architecture\":\"amd64\"}");
    if (!manifest_first)
        tb_text(out, "manifest.json", manifest);
    tb_text(out, "repositories", "{\"test\":{\"1\":\"2222\"}}");
    tb_end(out);
    tb_free(&lower);
    tb_free(&upper);
}

#define L1 "1111111111111111111111111111111111111111111111111111111111111111"
#define L2 "2222222222222222222222222222222222222222222222222222222222222222"
#define MF "3333333333333333333333333333333333333333333333333333333333333333"
#define CF "4444444444444444444444444444444444444444444444444444444444444444"
#define IX "5555555555555555555555555555555555555555555555555555555555555555"
#define MA "6666666666666666666666666666666666666666666666666666666666666666"

/* The OCI layout's layers compressed with gzip, or with zstd (media type
 * +zstd, as `docker buildx --output compression=zstd` writes them). */
enum { OCI_GZIP, OCI_ZSTD };

static void oci_archive(struct tb *out, int nested, int form)
{
    struct tb lower = {0}, upper = {0}, glower = {0}, gupper = {0};
    static const char manifest_fmt[] =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        "\"config\":{\"digest\":\"sha256:" CF "\",\"size\":20},"
        "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+%s\",\"digest\":\"sha256:" L1 "\"},"
        "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+%s\",\"digest\":\"sha256:" L2 "\"}]}";
    const char *kind = form == OCI_ZSTD ? "zstd" : "gzip";
    char manifest[sizeof manifest_fmt + 8];
    static const char other_manifest[] = "{\"schemaVersion\":2,\"layers\":[]}";
    static const char index_flat[] =
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        "\"digest\":\"sha256:" MF "\",\"size\":300}]}";
    static const char index_outer[] =
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
        "\"digest\":\"sha256:" IX "\",\"size\":300}]}";
    static const char index_inner[] =
        "{\"schemaVersion\":2,\"manifests\":["
        "{\"digest\":\"sha256:" MA "\",\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\"}},"
        "{\"digest\":\"sha256:" MA "\",\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"}},"
        "{\"digest\":\"sha256:" MF "\",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";

    snprintf(manifest, sizeof manifest, manifest_fmt, kind, kind);
    lower_layer(&lower);
    upper_layer(&upper);
    if (form == OCI_ZSTD) {
        zstd_of(&lower, &glower, 3);
        zstd_of(&upper, &gupper, 19);
    } else {
        gzip_of(&lower, &glower);
        gzip_of(&upper, &gupper);
    }
    tb_text(out, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
    tb_dir(out, "blobs/");
    tb_dir(out, "blobs/sha256/");
    tb_blob(out, "blobs/sha256/" L2, &gupper);
    tb_text(out, "blobs/sha256/" MF, manifest);
    tb_text(out, "blobs/sha256/" CF, "{\"architecture\":\"amd64\",\"os\":\"linux\"}");
    tb_blob(out, "blobs/sha256/" L1, &glower);
    if (nested) {
        tb_text(out, "blobs/sha256/" IX, index_inner);
        tb_text(out, "blobs/sha256/" MA, other_manifest);
        tb_text(out, "index.json", index_outer);
    } else {
        tb_text(out, "index.json", index_flat);
    }
    tb_end(out);
    tb_free(&lower);
    tb_free(&upper);
    tb_free(&glower);
    tb_free(&gupper);
}

static void check_two_layers(const struct tb *archive, size_t chunk)
{
    struct ck_inventory inv;
    struct ck_err err;
    struct ck_buf b;

    ck_buf_init(&b);
    ck_inventory_init(&inv);
    ck_err_clear(&err);
    CK_CHECK_INT(image_inventory(archive, chunk, NULL, &inv, &err), CK_OK);
    if (err.status)
        fprintf(stderr, "  error: %s\n", err.msg);
    CK_CHECK_STR(summary(&inv, &b), expect_two_layers);
    CK_CHECK_STR(inv.os.id, "debian");
    CK_CHECK_STR(inv.os.ecosystem, "Debian:12");
    CK_CHECK_STR(inv.os.pretty_name, "Debian GNU/Linux 12 (bookworm)");
    CK_CHECK_INT(inv.warning_count, 0);
    CK_CHECK_INT(inv.incomplete, 0);
    dump_warnings(&inv);
    ck_inventory_release(&inv);
    ck_buf_release(&b);
}

static void test_legacy_layout(void)
{
    struct tb a = {0};
    legacy_archive(&a, 0);
    check_two_layers(&a, 0);
    check_two_layers(&a, 1);
    check_two_layers(&a, 4093);
    tb_free(&a);
    legacy_archive(&a, 1);
    check_two_layers(&a, 0);
    tb_free(&a);
}

static void test_oci_layout(void)
{
    struct tb a = {0};
    oci_archive(&a, 0, OCI_GZIP);
    check_two_layers(&a, 0);
    check_two_layers(&a, 1);
    check_two_layers(&a, 777);
    tb_free(&a);
    oci_archive(&a, 1, OCI_GZIP);
    check_two_layers(&a, 0);
    tb_free(&a);
}

/* ck_inventory_from_image_archive reads the same from a file. */
static void test_archive_file(void)
{
    struct tb a = {0};
    struct ck_inventory inv;
    struct ck_err err;
    struct ck_buf b;
    FILE *f;
    const char *path = "inventory_test_image.tar";

    ck_buf_init(&b);
    oci_archive(&a, 0, OCI_GZIP);
    f = fopen(path, "wb");
    CK_REQUIRE(f != NULL);
    fwrite(a.data, 1, a.len, f);
    fclose(f);
    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_inventory_from_image_archive(&inv, path, 0, NULL, &err), CK_OK);
    CK_CHECK_STR(summary(&inv, &b), expect_two_layers);
    ck_inventory_release(&inv);
    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_inventory_from_image_archive(&inv, "no-such-file.tar", 0, NULL, &err), CK_ERR_NOTFOUND);
    CK_CHECK(strstr(err.msg, "no-such-file.tar") != NULL);
    remove(path);
    ck_buf_release(&b);
    tb_free(&a);
}

/* A one-layer image from a layer tar, for the cases below. */
static enum ck_status one_layer_image(const struct tb *layer, int gzip, const struct ck_inventory_limits *lim,
                                      struct ck_inventory *inv, struct ck_err *err)
{
    struct tb a = {0}, g = {0};
    enum ck_status st;
    tb_text(&a, "manifest.json", "[{\"Config\":\"c.json\",\"Layers\":[\"l/layer.tar\"]}]");
    if (gzip) {
        gzip_of(layer, &g);
        tb_blob(&a, "l/layer.tar", &g);
    } else {
        tb_blob(&a, "l/layer.tar", layer);
    }
    tb_end(&a);
    st = image_inventory(&a, 0, lim, inv, err);
    tb_free(&a);
    tb_free(&g);
    return st;
}

static void test_opaque_and_whiteouts(void)
{
    struct tb lower = {0}, upper = {0}, a = {0};
    struct ck_inventory inv;
    struct ck_err err;
    struct ck_buf b;

    ck_buf_init(&b);
    lower_layer(&lower);
    /* the upper layer hides status.d's lower contents and os-release */
    tb_dir(&upper, "var/lib/dpkg/status.d/");
    tb_text(&upper, "var/lib/dpkg/status.d/.wh..wh..opq", "");
    tb_text(&upper, "var/lib/dpkg/status.d/z", "Package: sd-z\nVersion: 9\n");
    tb_text(&upper, "usr/lib/.wh.os-release", "");
    tb_end(&upper);
    tb_text(&a, "manifest.json", "[{\"Layers\":[\"a/layer.tar\",\"b/layer.tar\"]}]");
    tb_blob(&a, "a/layer.tar", &lower);
    tb_blob(&a, "b/layer.tar", &upper);
    tb_end(&a);
    ck_inventory_init(&inv);
    CK_CHECK_INT(image_inventory(&a, 0, NULL, &inv, &err), CK_OK);
    CK_CHECK_STR(summary(&inv, &b), "base 1.0 base 1.0 amd64|gone 0.1 gone 0.1 amd64|sd-z 9 sd-z 9 -");
    CK_CHECK(inv.os.id == NULL && inv.os.ecosystem == NULL);
    CK_CHECK(has_warning(&inv, "no os-release in the image"));
    ck_inventory_release(&inv);
    /* whiting out a folder removes what lies below it */
    tb_free(&upper);
    tb_free(&a);
    tb_text(&upper, "var/lib/.wh.dpkg", "");
    tb_end(&upper);
    tb_text(&a, "manifest.json", "[{\"Layers\":[\"a/layer.tar\",\"b/layer.tar\"]}]");
    tb_blob(&a, "a/layer.tar", &lower);
    tb_blob(&a, "b/layer.tar", &upper);
    tb_end(&a);
    ck_inventory_init(&inv);
    CK_CHECK_INT(image_inventory(&a, 0, NULL, &inv, &err), CK_OK);
    CK_CHECK_INT(inv.count, 0);
    CK_CHECK_STR(inv.os.ecosystem, "Debian:12");
    ck_inventory_release(&inv);
    tb_free(&lower);
    tb_free(&upper);
    tb_free(&a);
    ck_buf_release(&b);
}

/* Links that try to leave the image land inside it; a loop finds nothing. */
static void test_link_escapes(void)
{
    struct tb l = {0};
    struct ck_inventory inv;
    struct ck_err err;

    tb_symlink(&l, "etc/os-release", "../../../../../../../etc/os-release"); /* itself: a loop */
    tb_text(&l, "usr/lib/os-release", "ID=alpine\nVERSION_ID=3.19.1\n");
    tb_symlink(&l, "var/lib/dpkg", "/../../../../srv/dpkg");
    tb_text(&l, "srv/dpkg/status", status_v1); /* not a database path: not read */
    tb_symlink(&l, "lib/apk/db/installed", "/../../etc/passwd");
    tb_end(&l);
    ck_inventory_init(&inv);
    CK_CHECK_INT(one_layer_image(&l, 0, NULL, &inv, &err), CK_OK);
    CK_CHECK_INT(inv.count, 0);
    CK_CHECK_STR(inv.os.ecosystem, "Alpine:v3.19"); /* the fallback os-release */
    ck_inventory_release(&inv);
    tb_free(&l);
}

/* Merged /usr: /lib is a link, the apk database lives under /usr/lib. */
static void test_merged_usr_apk(void)
{
    struct tb l = {0};
    struct ck_inventory inv;
    struct ck_err err;

    tb_symlink(&l, "lib", "usr/lib");
    tb_fixture(&l, "usr/lib/apk/db/installed", "pkgdb/apk/installed");
    tb_text(&l, "etc/os-release", "ID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME=\"Alpine Linux v3.20\"\n");
    tb_end(&l);
    ck_inventory_init(&inv);
    CK_CHECK_INT(one_layer_image(&l, 1, NULL, &inv, &err), CK_OK);
    CK_CHECK_INT(inv.count, 4); /* read once, though two paths lead to it */
    CK_CHECK_STR(inv.os.ecosystem, "Alpine:v3.20");
    if (inv.count == 4) {
        CK_CHECK_STR(inv.packages[0].name, "alpine-baselayout-data");
        CK_CHECK(inv.packages[0].type == CK_PKG_APK);
    }
    ck_inventory_release(&inv);
    tb_free(&l);
}

/* An rpm image: /var/lib/rpm is a link to /usr/lib/sysimage/rpm. */
static void test_rpm_image(void)
{
    struct tb l = {0};
    struct ck_inventory inv;
    struct ck_err err;

    tb_text(&l, "etc/os-release", "NAME=\"Rocky Linux\"\nID=\"rocky\"\nVERSION_ID=\"9.3\"\n");
    tb_symlink(&l, "var/lib/rpm", "../../usr/lib/sysimage/rpm");
    tb_fixture(&l, "usr/lib/sysimage/rpm/rpmdb.sqlite", "pkgdb/rpm/rpmdb.sqlite");
    tb_end(&l);
    ck_inventory_init(&inv);
    CK_CHECK_INT(one_layer_image(&l, 1, NULL, &inv, &err), CK_OK);
    CK_CHECK_INT(inv.count, 3);
    CK_CHECK_STR(inv.os.ecosystem, "Rocky Linux:9");
    CK_CHECK_INT(inv.warning_count, 0);
    ck_inventory_release(&inv);
    tb_free(&l);
}

/* rpm's older databases are read through the image like rpmdb.sqlite. */
static void rpmdb_image(const char *path, const unsigned char *db, size_t len, struct ck_inventory *inv)
{
    struct tb l = {0};
    struct ck_err err;

    tb_text(&l, "etc/os-release", "ID=\"rhel\"\nVERSION_ID=\"8.9\"\n");
    tb_header(&l, path, '0', len, NULL, 0);
    tb_data(&l, db, len);
    tb_end(&l);
    ck_inventory_init(inv);
    CK_CHECK_INT(one_layer_image(&l, 0, NULL, inv, &err), CK_OK);
    CK_CHECK_STR(inv->os.ecosystem, "Red Hat:enterprise_linux:8");
    tb_free(&l);
}

static void test_old_rpmdb(void)
{
    struct ck_buf h1, h2;
    struct bdb_build b;
    struct ndb_pkg pk[2];
    struct ck_inventory inv;
    unsigned char *db, junk[512];
    size_t len = 0;

    rb_header(&h1, &(struct rb_pkg){"bash", NULL, "4.4.20", "4.el8", "x86_64", "bash-4.4.20-4.el8.src.rpm", 2, 0});
    rb_header(&h2, &(struct rb_pkg){"zlib", NULL, "1.2.11", "25.el8", "x86_64", "zlib-1.2.11-25.el8.src.rpm", 1, 0});
    bdb_init(&b, 4096, 2, 0);
    bdb_put(&b, 1, h1.data, h1.len);
    bdb_put(&b, 2, h2.data, h2.len);
    db = bdb_finish(&b, &len);
    rpmdb_image("var/lib/rpm/Packages", db, len, &inv);
    CK_CHECK_INT(inv.count, 2);
    CK_CHECK_INT(inv.warning_count, 0);
    CK_CHECK_INT(inv.incomplete, 0);
    CK_CHECK(inv.count == 2 && !strcmp(inv.packages[0].name, "bash") && !strcmp(inv.packages[1].name, "zlib"));
    ck_inventory_release(&inv);
    free(db);

    pk[0] = (struct ndb_pkg){1, h1.data, h1.len};
    pk[1] = (struct ndb_pkg){2, h2.data, h2.len};
    db = ndb_build(pk, 2, 1, &len);
    rpmdb_image("usr/lib/sysimage/rpm/Packages.db", db, len, &inv);
    CK_CHECK_INT(inv.count, 2);
    CK_CHECK_INT(inv.warning_count, 0);
    ck_inventory_release(&inv);
    free(db);

    /* a BerkeleyDB magic over nothing readable: named, and the scan is incomplete */
    memset(junk, 0, sizeof junk);
    junk[12] = 0x61, junk[13] = 0x15, junk[14] = 0x06;
    rpmdb_image("var/lib/rpm/Packages", junk, sizeof junk, &inv);
    CK_CHECK_INT(inv.count, 0);
    CK_CHECK_INT(inv.incomplete, 1);
    CK_CHECK(inv.warning_count > 0 && strstr(inv.warnings[0], "/var/lib/rpm/Packages"));
    ck_inventory_release(&inv);
    ck_buf_release(&h1);
    ck_buf_release(&h2);
}

static void test_hardlink(void)
{
    struct tb l = {0};
    struct ck_inventory inv;
    struct ck_err err;

    tb_text(&l, "usr/lib/os-release", os_debian);
    tb_hardlink(&l, "etc/os-release", "usr/lib/os-release");
    tb_text(&l, "var/lib/dpkg/status", status_v2);
    tb_end(&l);
    ck_inventory_init(&inv);
    CK_CHECK_INT(one_layer_image(&l, 0, NULL, &inv, &err), CK_OK);
    CK_CHECK_INT(inv.count, 2);
    CK_CHECK_STR(inv.os.ecosystem, "Debian:12");
    ck_inventory_release(&inv);
    tb_free(&l);
}

/* A damaged layer: a warning, what was read before stays. */
static void test_corrupt_layer(void)
{
    struct tb l = {0};
    struct ck_inventory inv;
    struct ck_err err;

    tb_text(&l, "etc/os-release", os_debian);
    tb_text(&l, "var/lib/dpkg/status", status_v1);
    tb_header(&l, "var/lib/dpkg/status.d/x", '0', 4, NULL, TB_BADSUM);
    tb_data(&l, "oops", 4);
    tb_end(&l);
    ck_inventory_init(&inv);
    CK_CHECK_INT(one_layer_image(&l, 1, NULL, &inv, &err), CK_OK);
    CK_CHECK_INT(inv.count, 2);
    CK_CHECK_INT(inv.incomplete, 1);
    CK_CHECK(has_warning(&inv, "l/layer.tar: tar: bad header checksum at offset 2048"));
    dump_warnings(&inv);
    ck_inventory_release(&inv);
    tb_free(&l);
}

/* A layer cut short inside the status file: the stanzas before the cut stay. */
static void test_truncated_layer_stream(void)
{
    struct ck_inventory_collector *c = NULL;
    struct tb l = {0};
    struct ck_inventory inv;
    struct ck_err err;
    struct ck_buf b;

    ck_buf_init(&b);
    tb_text(&l, "var/lib/dpkg/status", status_v2);
    tb_end(&l);
    CK_REQUIRE(ck_inventory_collector_new(&c, 0, NULL) == CK_OK);
    CK_CHECK_INT(ck_inventory_collector_begin_layer(c, "layer-1", &err), CK_OK);
    /* the header and the first stanza (it ends with its blank line) */
    CK_CHECK_INT(ck_inventory_collector_feed(c, l.data, 512 + 80, &err), CK_OK);
    CK_CHECK_INT(ck_inventory_collector_end(c, &err), CK_OK);
    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_inventory_collector_finish(c, &inv, &err), CK_OK);
    CK_CHECK_STR(summary(&inv, &b), "base 1.1 base 1.1 amd64");
    CK_CHECK_INT(inv.incomplete, 1);
    CK_CHECK(has_warning(&inv, "layer-1: tar: archive truncated"));
    CK_CHECK(has_warning(&inv, "/var/lib/dpkg/status was cut short"));
    ck_inventory_release(&inv);
    ck_inventory_collector_free(c);
    tb_free(&l);
    ck_buf_release(&b);
}

static void test_damaged_archives(void)
{
    struct tb a = {0};
    struct ck_inventory inv;
    struct ck_err err;
    unsigned char junk[4096];

    /* manifest at the end, archive cut before it: the order is unknown */
    legacy_archive(&a, 0);
    a.len = a.len / 2;
    ck_inventory_init(&inv);
    CK_CHECK_INT(image_inventory(&a, 0, NULL, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "truncated") != NULL && strstr(err.msg, "offset") != NULL);
    CK_CHECK(inv.count == 0 && inv.warning_count == 0); /* untouched */
    tb_free(&a);
    /* manifest first, cut inside the last layer (before 1111/json, cfg.json,
     * repositories and the end marker, 1 KiB each): the layers read are used */
    legacy_archive(&a, 1);
    a.len = a.len - 4096 - 700;
    CK_CHECK_INT(image_inventory(&a, 0, NULL, &inv, &err), CK_OK);
    CK_CHECK_INT(inv.incomplete, 1);
    CK_CHECK(has_warning(&inv, "is damaged") || has_warning(&inv, "missing"));
    ck_inventory_release(&inv);
    tb_free(&a);
    /* not a tar */
    memset(junk, 'J', sizeof junk);
    tb_put(&a, junk, sizeof junk);
    ck_inventory_init(&inv);
    CK_CHECK_INT(image_inventory(&a, 0, NULL, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "offset 0") != NULL);
    tb_free(&a);
    /* a tar without manifest */
    tb_text(&a, "hello.txt", "hi");
    tb_end(&a);
    CK_CHECK_INT(image_inventory(&a, 0, NULL, &inv, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "no manifest.json or index.json") != NULL);
    tb_free(&a);
    /* a manifest naming a layer that is not there */
    tb_text(&a, "manifest.json", "[{\"Layers\":[\"nope/layer.tar\"]}]");
    tb_end(&a);
    CK_CHECK_INT(image_inventory(&a, 0, NULL, &inv, &err), CK_OK);
    CK_CHECK(has_warning(&inv, "layer nope/layer.tar named by the manifest is missing"));
    CK_CHECK_INT(inv.incomplete, 1);
    ck_inventory_release(&inv);
    tb_free(&a);
}

/* zstd layers read as the same tars do: fed whole, a byte at a time and in
 * odd pieces, in both index shapes (decomp.c has the damaged ones). */
static void test_zstd_layer(void)
{
    struct tb a = {0};

    oci_archive(&a, 0, OCI_ZSTD);
    check_two_layers(&a, 0);
    check_two_layers(&a, 1);
    check_two_layers(&a, 777);
    tb_free(&a);
    oci_archive(&a, 1, OCI_ZSTD);
    check_two_layers(&a, 0);
    check_two_layers(&a, 4093);
    tb_free(&a);
}

static void test_limits(void)
{
    struct tb l = {0};
    struct ck_inventory inv;
    struct ck_err err;
    struct ck_inventory_limits lim;
    struct ck_buf b;

    ck_buf_init(&b);
    /* the limit holds for each file (and for all of them together, see
     * test_image.c) */
    tb_text(&l, "var/lib/dpkg/status", status_v1);
    tb_end(&l);
    ck_inventory_limits_default(&lim);
    lim.max_db_bytes = 80; /* the first stanza of status_v1 and its blank line: 77 bytes */
    ck_inventory_init(&inv);
    CK_CHECK_INT(one_layer_image(&l, 0, &lim, &inv, &err), CK_OK);
    CK_CHECK(has_warning(&inv, "/var/lib/dpkg/status is larger than the limit of 80 bytes"));
    CK_CHECK_INT(inv.incomplete, 1);
    CK_CHECK_STR(summary(&inv, &b), "base 1.0 base 1.0 amd64");
    ck_inventory_release(&inv);
    tb_free(&l);
    lower_layer(&l);

    ck_inventory_limits_default(&lim);
    lim.max_entries = 4;
    ck_inventory_init(&inv);
    CK_CHECK_INT(one_layer_image(&l, 0, &lim, &inv, &err), CK_OK);
    CK_CHECK(has_warning(&inv, "more than 4 entries"));
    CK_CHECK_INT(inv.incomplete, 1);
    ck_inventory_release(&inv);

    ck_inventory_limits_default(&lim);
    lim.max_packages = 2;
    ck_inventory_init(&inv);
    CK_CHECK_INT(one_layer_image(&l, 0, &lim, &inv, &err), CK_OK);
    CK_CHECK_INT(inv.count, 2);
    CK_CHECK(has_warning(&inv, "more than 2 packages"));
    ck_inventory_release(&inv);
    tb_free(&l);
    ck_buf_release(&b);
}

/* ---- the Engine archive endpoint --------------------------------------- */

struct memread {
    const unsigned char *p;
    size_t left;
};

static long long mem_read(void *ctx, void *buf, size_t cap, struct ck_err *err)
{
    struct memread *m = ctx;
    size_t n = m->left < cap ? m->left : cap;
    (void)err;
    if (n > 3)
        n = 3; /* small reads, as a socket might give */
    memcpy(buf, m->p, n);
    m->p += n;
    m->left -= n;
    return (long long)n;
}

static void test_engine_paths(void)
{
    struct ck_inventory_collector *c = NULL;
    struct ck_inventory inv;
    struct ck_err err;
    struct ck_buf b;
    const char *const *paths = ck_inventory_paths();
    size_t i;

    ck_buf_init(&b);
    CK_REQUIRE(ck_inventory_collector_new(&c, 0, NULL) == CK_OK);
    for (i = 0; paths[i]; i++) {
        struct tb t = {0};
        struct memread m;
        /* what GET /containers/{id}/archive?path=P answers: entries named
         * after P's last component; a 404 (no body) for the rest */
        if (!strcmp(paths[i], "/etc/os-release")) {
            tb_symlink(&t, "os-release", "../usr/lib/os-release");
        } else if (!strcmp(paths[i], "/usr/lib/os-release")) {
            tb_text(&t, "os-release", os_debian);
        } else if (!strcmp(paths[i], "/var/lib/dpkg/status")) {
            tb_fixture(&t, "status", "pkgdb/dpkg/status");
            tb_text(&t, "../../../../etc/os-release", "ID=evil\n"); /* stays below the path */
        } else if (!strcmp(paths[i], "/var/lib/dpkg/status.d")) {
            tb_dir(&t, "status.d/");
            tb_fixture(&t, "status.d/libc6", "pkgdb/dpkg/status.d-libc6");
            tb_text(&t, "status.d/libc6.md5sums", "0000 /lib/x\n");
            tb_fixture(&t, "status.d/tzdata", "pkgdb/dpkg/status.d-tzdata");
        } else {
            continue;
        }
        tb_end(&t);
        m.p = t.data;
        m.left = t.len;
        CK_CHECK_INT(ck_inventory_collector_read_path(c, paths[i], mem_read, &m, &err), CK_OK);
        tb_free(&t);
    }
    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_inventory_collector_finish(c, &inv, &err), CK_OK);
    CK_CHECK_STR(inv.os.ecosystem, "Debian:12");
    CK_CHECK_STR(summary(&inv, &b),
                 "base-files 12.4+deb12u5 base-files 12.4+deb12u5 amd64|held 2.0-1 held 2.0-1 all|"
                 "libc6 2.36-9+deb12u7 glibc 2.36-9+deb12u7 amd64|"
                 "libssl3 3.0.11-1~deb12u2 openssl 3.0.11-1~deb12u2 amd64|"
                 "libssl3 3.0.11-1~deb12u2 openssl 3.0.11-1~deb12u2 i386|"
                 "tzdata 2024a-0+deb12u1 tzdata 2024a-0+deb12u1 all|zlib1g 1:1.2.13.dfsg-1 zlib 1:1.2.13.dfsg-1 amd64");
    CK_CHECK_INT(inv.warning_count, 0);
    dump_warnings(&inv);
    ck_inventory_release(&inv);
    ck_inventory_collector_free(c);

    /* misuse is refused */
    CK_REQUIRE(ck_inventory_collector_new(&c, 0, NULL) == CK_OK);
    CK_CHECK_INT(ck_inventory_collector_feed(c, "x", 1, &err), CK_ERR_ARG);
    CK_CHECK_INT(ck_inventory_collector_begin_path(c, "/etc/os-release", &err), CK_OK);
    CK_CHECK_INT(ck_inventory_collector_begin_path(c, "/etc/os-release", &err), CK_ERR_ARG);
    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_inventory_collector_finish(c, &inv, &err), CK_ERR_ARG);
    ck_inventory_collector_free(c);
    ck_buf_release(&b);
}

static void test_paths_list(void)
{
    const char *const *p = ck_inventory_paths();
    size_t n = 0;
    int has_status_d = 0;
    for (; *p; p++, n++) {
        CK_CHECK((*p)[0] == '/');
        if (!strcmp(*p, "/var/lib/dpkg/status.d"))
            has_status_d = 1;
    }
    CK_CHECK(n >= 8);
    CK_CHECK(has_status_d);
}

/* ---- root folders -------------------------------------------------------- */

static void write_text(const char *root, const char *rel, const char *text)
{
    char path[1024], dir[1024], *slash;
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", root, rel);
    snprintf(dir, sizeof dir, "%s", path);
    slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        ck_mkdirs(dir);
    }
    f = ck_fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void write_fixture(const char *root, const char *rel, const char *fixture)
{
    size_t len = 0;
    char *data = read_fixture(fixture, &len);
    if (data) {
        write_text(root, rel, data);
        free(data);
    }
}

static void test_rootfs(void)
{
    const char *root = "inventory_test_rootfs";
    struct ck_inventory inv;
    struct ck_err err;
    struct ck_buf b;

    ck_buf_init(&b);
    write_text(root, "usr/lib/os-release", "ID=testos\nVERSION_ID=1\nPRETTY_NAME=\"Test OS 1\"\n");
    write_fixture(root, "var/lib/dpkg/status", "pkgdb/dpkg/status");
    write_fixture(root, "var/lib/dpkg/status.d/libc6", "pkgdb/dpkg/status.d-libc6");
    write_text(root, "var/lib/dpkg/status.d/libc6.md5sums", "0 /x\n");
#ifndef _WIN32
    /* an absolute link must resolve inside the root, not on this machine */
    remove("inventory_test_rootfs/etc/os-release");
    ck_mkdirs("inventory_test_rootfs/etc");
    CK_CHECK(symlink("/usr/lib/os-release", "inventory_test_rootfs/etc/os-release") == 0);
    remove("inventory_test_rootfs/lib");
    CK_CHECK(symlink("/../../usr/lib", "inventory_test_rootfs/lib") == 0);
    write_fixture(root, "usr/lib/apk/db/installed", "pkgdb/apk/installed");
#endif
    ck_inventory_init(&inv);
    inv.flags = 0;
    CK_CHECK_INT(ck_inventory_from_rootfs(&inv, root, CK_INVENTORY_FILES, NULL, &err), CK_OK);
    CK_CHECK_STR(inv.os.id, "testos");
    CK_CHECK(inv.os.ecosystem == NULL);
    CK_CHECK(has_warning(&inv, "no vulnerability database applies to Test OS 1"));
#ifndef _WIN32
    CK_CHECK_INT(inv.count, 10); /* 5 dpkg + libc6 + 4 apk through the /lib link */
    CK_CHECK_INT(inv.file_count, 4);
#else
    CK_CHECK_INT(inv.count, 6);
#endif
    ck_inventory_release(&inv);
    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_inventory_from_rootfs(&inv, "no-such-root", 0, NULL, &err), CK_ERR_NOTFOUND);
    ck_buf_release(&b);
}

static void test_sort_dedupe(void)
{
    struct ck_inventory inv;
    struct ck_buf b;

    ck_buf_init(&b);
    ck_inventory_init(&inv);
    ck_inventory_add(&inv, CK_PKG_DEB, "zeta", "1", NULL, NULL, "amd64");
    ck_inventory_add(&inv, CK_PKG_DEB, "alpha", "2", "src", "2", NULL);
    ck_inventory_add(&inv, CK_PKG_DEB, "zeta", "1", NULL, NULL, "amd64");
    ck_inventory_add(&inv, CK_PKG_DEB, "zeta", "1", NULL, NULL, "i386");
    ck_inventory_add_file(&inv, "/z", 2);
    ck_inventory_add_file(&inv, "/a", 1);
    ck_inventory_sort(&inv);
    CK_CHECK_STR(summary(&inv, &b), "alpha 2 src 2 -|zeta 1 zeta 1 amd64|zeta 1 zeta 1 i386");
    CK_CHECK_INT(inv.files[0].package, 1); /* the duplicate's file goes to the kept one */
    CK_CHECK_INT(inv.files[1].package, 0);
    ck_inventory_release(&inv);
    ck_buf_release(&b);
}

int main(int argc, char **argv)
{
    fixtures = argc > 1 ? argv[1] : "tests/fixtures";
    CK_RUN(test_legacy_layout);
    CK_RUN(test_oci_layout);
    CK_RUN(test_archive_file);
    CK_RUN(test_opaque_and_whiteouts);
    CK_RUN(test_link_escapes);
    CK_RUN(test_merged_usr_apk);
    CK_RUN(test_rpm_image);
    CK_RUN(test_old_rpmdb);
    CK_RUN(test_hardlink);
    CK_RUN(test_corrupt_layer);
    CK_RUN(test_truncated_layer_stream);
    CK_RUN(test_damaged_archives);
    CK_RUN(test_zstd_layer);
    CK_RUN(test_limits);
    CK_RUN(test_engine_paths);
    CK_RUN(test_paths_list);
    CK_RUN(test_rootfs);
    CK_RUN(test_sort_dedupe);
    return ck_test_summary();
}
