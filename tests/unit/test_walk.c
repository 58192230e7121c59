/* The whole-filesystem walk: images built at test time (a `docker save`
 * archive with whiteouts and an opaque folder, the same tree as a root
 * folder, one flattened layer as the engine's export gives it), with
 * ownership through a merged-/usr link, application packages with their
 * locations and owners, lock files beside installed trees, and the
 * unmanaged files with their kinds and hashes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "image_build.h"
#include "inventory/fileprobe.h"
#include "inventory/inventory.h"
#include "inventory/sbom.h"
#include "platform/platform.h"
#include "tar_build.h"
#include "zip_build.h"
#include "util/buf.h"
#include "util/sha256.h"

#ifndef _WIN32
#include <sys/stat.h>
#include <unistd.h>
#endif

/* A 64-bit little-endian ELF header of type (2 program, 3 shared object). */
static void elf(unsigned char out[64], unsigned type)
{
    memset(out, 0, 64);
    memcpy(out, "\177ELF\002\001\001", 7);
    out[16] = (unsigned char)type;
    out[18] = 62; /* x86-64 */
}

static void tb_bytes(struct tb *t, const char *name, const void *d, size_t n)
{
    tb_header(t, name, '0', n, NULL, 0);
    tb_data(t, d, n);
}

static const char os_release[] = "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n";
static const char status[] = "Package: libfoo\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0-1\n\n"
                             "Package: python3-requests\nStatus: install ok installed\nArchitecture: all\n"
                             "Version: 2.28.1+dfsg-1\n";
static const char pkg_info[] = "Metadata-Version: 1.1\nName: requests\nVersion: 2.28.1\n";
static const char lock[] = "{\"lockfileVersion\":3,\"packages\":{\"\":{\"name\":\"app\"},"
                           "\"node_modules/a\":{\"version\":\"1.0.0\"}}}";

/* The tree as it is once both layers are applied, for the root folder. */
static const char *const final_files[][2] = {
    {"etc/os-release", os_release},
    {"var/lib/dpkg/status", status},
    {"var/lib/dpkg/info/libfoo:amd64.list", "/.\n/lib\n/lib/libfoo.so.1\n"},
    {"var/lib/dpkg/info/python3-requests.list",
     "/usr/lib/python3/dist-packages/requests-2.28.1.egg-info\n"
     "/usr/lib/python3/dist-packages/requests-2.28.1.egg-info/PKG-INFO\n"},
    {"usr/lib/python3/dist-packages/requests-2.28.1.egg-info/PKG-INFO", pkg_info},
    {"app/package-lock.json", lock},
    {"app/node_modules/b/package.json", "{\"name\":\"b\",\"version\":\"2.0.0\"}"},
    {"app/node_modules/b/index.js", "module.exports = 1;\n"},
    {"app/node_modules/.package-lock.json", "{\"lockfileVersion\":3}"},
    {"tmp/cache.bin", "scratch"},
    {"srv/data.txt", "data\n"},
    {"usr/local/bin/run.sh", "#!/usr/bin/env python3\nprint(1)\n"},
    {"etc/app.conf", "x=1\n"},
};

static void lower_layer(struct tb *t)
{
    unsigned char so[64], exe[64];
    size_t i;

    elf(so, 3);
    elf(exe, 2);
    tb_dir(t, "usr/");
    tb_dir(t, "usr/lib/");
    tb_symlink(t, "lib", "usr/lib");
    for (i = 0; i < 6; i++) /* os-release ... package-lock.json */
        tb_file(t, final_files[i][0], final_files[i][1]);
    tb_bytes(t, "usr/lib/libfoo.so.1", so, sizeof so);
    tb_bytes(t, "opt/tool", exe, sizeof exe);
    tb_bytes(t, "opt/keep", exe, sizeof exe);
    tb_file(t, "app/node_modules/a/package.json", "{\"name\":\"a\",\"version\":\"1.0.0\"}");
    tb_file(t, "app/node_modules/a/index.js", "module.exports = 0;\n");
    tb_file(t, "tmp/cache.bin", "scratch");
    tb_file(t, "srv/data.txt", "data\n");
    tb_end(t);
}

static void upper_layer(struct tb *t)
{
    tb_file(t, "opt/.wh.tool", "");
    tb_file(t, "app/node_modules/.wh..wh..opq", "");
    tb_file(t, "app/node_modules/b/package.json", "{\"name\":\"b\",\"version\":\"2.0.0\"}");
    tb_file(t, "app/node_modules/b/index.js", "module.exports = 1;\n");
    tb_file(t, "app/node_modules/.package-lock.json", "{\"lockfileVersion\":3}");
    tb_file(t, "usr/local/bin/run.sh", "#!/usr/bin/env python3\nprint(1)\n");
    tb_file(t, "etc/app.conf", "x=1\n");
    tb_end(t);
}

static void archive(struct tb *out)
{
    struct tb lower = {0}, upper = {0};

    lower_layer(&lower);
    upper_layer(&upper);
    tb_file(out, "manifest.json", "[{\"Config\":\"c.json\",\"Layers\":[\"1/layer.tar\",\"2/layer.tar\"]}]");
    tb_file(out, "c.json", "{\"architecture\":\"amd64\"}");
    tb_blob(out, "2/layer.tar", &upper);
    tb_blob(out, "1/layer.tar", &lower);
    tb_end(out);
    tb_free(&lower);
    tb_free(&upper);
}

/* "eco name version owner location;" for the application packages, then
 * "path kind detail hashed;" for the unmanaged files. */
static const char *summary(const struct ck_inventory *inv, struct ck_buf *b)
{
    size_t i;

    ck_buf_reset(b);
    for (i = 0; i < inv->count; i++) {
        const struct ck_package *p = &inv->packages[i];
        if (p->type != CK_PKG_LANG)
            continue;
        ck_buf_printf(b, "%s %s %s %s %s;", p->ecosystem, p->name, p->version, p->owner ? p->owner : "-",
                      p->location_count ? p->locations[0] : "-");
    }
    ck_buf_puts(b, "|");
    for (i = 0; i < inv->unmanaged_count; i++) {
        const struct ck_unmanaged *u = &inv->unmanaged[i];
        ck_buf_printf(b, "%s %s %s %s;", u->path, ck_file_kind_str(u->kind), u->detail ? u->detail : "-",
                      u->sha256[0] ? "hashed" : "-");
    }
    return ck_buf_str(b);
}

static const char expected[] =
    "npm b 2.0.0 - /app/node_modules/b/package.json;"
    "PyPI requests 2.28.1 python3-requests /usr/lib/python3/dist-packages/requests-2.28.1.egg-info/PKG-INFO;|"
    "/etc/app.conf config - -;"
    "/opt/keep executable ELF x86-64 hashed;"
    "/srv/data.txt other - -;"
    "/usr/local/bin/run.sh script #!/usr/bin/env python3 -;";

static void check_inventory(const struct ck_inventory *inv, const char *what)
{
    struct ck_buf b;

    ck_buf_init(&b);
    if (strcmp(summary(inv, &b), expected) != 0) {
        fprintf(stderr, "%s:\n got  %s\n want %s\n", what, ck_buf_str(&b), expected);
        dump_warnings(inv);
        CK_CHECK(0);
    }
    CK_CHECK(inv->walked);
    CK_CHECK(!inv->incomplete);
    CK_CHECK(inv->file_count == 0); /* the owned files were for the walk only */
    CK_CHECK(ck_inventory_unmanaged_binaries(inv) == 1);
    ck_buf_release(&b);
}

static void test_archive(const char *dir)
{
    struct tb a = {0};
    struct ck_inventory inv;
    struct ck_err err;
    char *path = ck_path_join(dir, "walk.tar");
    FILE *f;

    archive(&a);
    f = ck_fopen(path, "wb");
    CK_CHECK(f && fwrite(a.data, 1, a.len, f) == a.len);
    if (f)
        fclose(f);
    ck_inventory_init(&inv);
    CK_CHECK(ck_inventory_from_image_archive(&inv, path, CK_INVENTORY_WALK, NULL, &err) == CK_OK);
    check_inventory(&inv, "docker save archive");
    CK_CHECK(inv.count == 4); /* libfoo, python3-requests, b, requests */
    ck_inventory_release(&inv);

    /* the OS-packages-only path is as before: nothing of the walk */
    ck_inventory_init(&inv);
    CK_CHECK(ck_inventory_from_image_archive(&inv, path, 0, NULL, &err) == CK_OK);
    CK_CHECK(inv.count == 2 && !inv.walked && inv.unmanaged_count == 0);
    ck_inventory_release(&inv);
    remove(path);
    tb_free(&a);
    free(path);
}

/* The engine's export: one flattened tar, no whiteouts. */
static void test_export_stream(void)
{
    struct tb t = {0};
    struct ck_inventory_collector *c = NULL;
    struct ck_inventory inv;
    struct ck_err err;
    unsigned char so[64], exe[64];
    size_t i;

    elf(so, 3);
    elf(exe, 2);
    tb_symlink(&t, "lib", "usr/lib");
    for (i = 0; i < sizeof final_files / sizeof final_files[0]; i++)
        tb_file(&t, final_files[i][0], final_files[i][1]);
    tb_bytes(&t, "usr/lib/libfoo.so.1", so, sizeof so);
    tb_bytes(&t, "opt/keep", exe, sizeof exe);
    tb_end(&t);
    CK_CHECK(ck_inventory_collector_new(&c, CK_INVENTORY_WALK, NULL) == CK_OK);
    CK_CHECK(ck_inventory_collector_begin_layer(c, "export", &err) == CK_OK);
    for (i = 0; i < t.len; i += 1000) /* in chunks, as a response arrives */
        CK_CHECK(ck_inventory_collector_feed(c, t.data + i, t.len - i < 1000 ? t.len - i : 1000, &err) == CK_OK);
    CK_CHECK(ck_inventory_collector_end(c, &err) == CK_OK);
    ck_inventory_init(&inv);
    CK_CHECK(ck_inventory_collector_finish(c, &inv, &err) == CK_OK);
    check_inventory(&inv, "export stream");
    ck_inventory_release(&inv);
    ck_inventory_collector_free(c);
    tb_free(&t);
}

#ifndef _WIN32
static void write_at(const char *root, const char *rel, const void *d, size_t n)
{
    char *path = ck_path_join(root, rel), *slash;
    FILE *f;

    for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(path, 0755);
        *slash = '/';
    }
    f = fopen(path, "wb");
    CK_CHECK(f && fwrite(d, 1, n, f) == n);
    if (f)
        fclose(f);
    free(path);
}

static void test_rootfs(const char *dir)
{
    char *root = ck_path_join(dir, "walkroot"), *link;
    unsigned char so[64], exe[64];
    struct ck_inventory inv;
    struct ck_err err;
    size_t i;

    elf(so, 3);
    elf(exe, 2);
    mkdir(root, 0755);
    for (i = 0; i < sizeof final_files / sizeof final_files[0]; i++)
        write_at(root, final_files[i][0], final_files[i][1], strlen(final_files[i][1]));
    write_at(root, "usr/lib/libfoo.so.1", so, sizeof so);
    write_at(root, "opt/keep", exe, sizeof exe);
    link = ck_path_join(root, "lib");
    unlink(link); /* from an earlier run */
    CK_CHECK(symlink("usr/lib", link) == 0);
    ck_inventory_init(&inv);
    CK_CHECK(ck_inventory_from_rootfs(&inv, root, CK_INVENTORY_WALK, NULL, &err) == CK_OK);
    check_inventory(&inv, "root folder");
    ck_inventory_release(&inv);
    free(link);
    free(root);
}
#endif

/* Programs are hashed whole; what they are comes from their first bytes. */
static void test_classify(void)
{
    static const unsigned char pe[] = "MZ\x90\0";
    unsigned char h[512], sha[32];
    char detail[64];
    struct ck_sha256 s;

    elf(h, 3);
    CK_CHECK(ck_probe_classify(h, 64, detail, sizeof detail) == CK_FILE_LIBRARY && !strcmp(detail, "ELF x86-64"));
    /* a position-independent program: a shared object asking for an interpreter */
    memset(h, 0, sizeof h);
    elf(h, 3);
    h[32] = 64;  /* e_phoff */
    h[54] = 56;  /* e_phentsize */
    h[56] = 1;   /* e_phnum */
    h[64] = 3;   /* PT_INTERP */
    CK_CHECK(ck_probe_classify(h, sizeof h, detail, sizeof detail) == CK_FILE_EXECUTABLE);
    CK_CHECK(ck_probe_classify(pe, 4, detail, sizeof detail) == CK_FILE_OTHER); /* MZ without a PE header */
    memset(h, 0, sizeof h);
    memcpy(h, "MZ", 2);
    h[60] = 64;
    memcpy(h + 64, "PE\0\0\x64\x86", 6);
    h[64 + 23] = 0x20; /* IMAGE_FILE_DLL */
    CK_CHECK(ck_probe_classify(h, sizeof h, detail, sizeof detail) == CK_FILE_LIBRARY && !strcmp(detail, "PE x86-64"));
    CK_CHECK(ck_probe_classify((const unsigned char *)"PK\003\004rest", 8, detail, sizeof detail) == CK_FILE_ARCHIVE);
    CK_CHECK(ck_probe_classify((const unsigned char *)"#!/bin/sh -e\nx", 14, detail, sizeof detail) ==
                 CK_FILE_SCRIPT &&
             !strcmp(detail, "#!/bin/sh -e"));
    CK_CHECK(ck_probe_classify((const unsigned char *)"#!\033[2J", 6, detail, sizeof detail) == CK_FILE_SCRIPT &&
             !strcmp(detail, "#!")); /* control characters never reach a report */
    CK_CHECK(ck_probe_classify((const unsigned char *)"plain", 5, detail, sizeof detail) == CK_FILE_OTHER);
    ck_sha256_init(&s);
    ck_sha256_final(&s, sha);
    CK_CHECK(sha[0] == 0xe3 && sha[31] == 0x55); /* the empty input's known hash */
}

static void test_purls(void)
{
    struct ck_inventory inv;
    char *p;

    ck_inventory_init(&inv);
    CK_CHECK(ck_inventory_add_app(&inv, "npm", "@babel/core", "7.0.0", "/a", NULL, 0) == CK_OK);
    CK_CHECK(ck_inventory_add_app(&inv, "PyPI", "Typing_Extensions", "4.0", "/b", NULL, 0) == CK_OK);
    CK_CHECK(ck_inventory_add_app(&inv, "Go", "github.com/pkg/errors", "v0.9.1", "/c", NULL, 0) == CK_OK);
    CK_CHECK(ck_inventory_add_app(&inv, "Maven", "org.apache.commons:commons-lang3", "3.12.0", "/d", NULL, 0) ==
             CK_OK);
    p = ck_sbom_purl(&inv.packages[0], &inv.os);
    CK_CHECK(p && !strcmp(p, "pkg:npm/%40babel/core@7.0.0"));
    free(p);
    p = ck_sbom_purl(&inv.packages[1], &inv.os);
    CK_CHECK(p && !strcmp(p, "pkg:pypi/typing-extensions@4.0"));
    free(p);
    p = ck_sbom_purl(&inv.packages[2], &inv.os);
    CK_CHECK(p && !strcmp(p, "pkg:golang/github.com/pkg/errors@v0.9.1"));
    free(p);
    p = ck_sbom_purl(&inv.packages[3], &inv.os);
    CK_CHECK(p && !strcmp(p, "pkg:maven/org.apache.commons/commons-lang3@3.12.0"));
    free(p);
    /* the same package at two places is one package with two locations */
    CK_CHECK(ck_inventory_add_app(&inv, "npm", "@babel/core", "7.0.0", "/x/a", NULL, 0) == CK_OK);
    ck_inventory_sort(&inv);
    CK_CHECK(inv.count == 4 && inv.packages[0].location_count == 2);
    CK_CHECK(!strcmp(inv.packages[0].locations[0], "/a") && !strcmp(inv.packages[0].locations[1], "/x/a"));
    ck_inventory_release(&inv);
}

/* Java archives: an application's jar with a library inside it, a jar no
 * metadata names (an unmanaged archive), and a Debian package's jar, owned. */
static void add_pom(struct zb *z, const char *group, const char *artifact, const char *version)
{
    char name[256], text[256];
    snprintf(name, sizeof name, "META-INF/maven/%s/%s/pom.properties", group, artifact);
    snprintf(text, sizeof text, "groupId=%s\nartifactId=%s\nversion=%s\n", group, artifact, version);
    zb_add_deflated(z, name, text, strlen(text));
}

static void feed_export(const struct tb *t, struct ck_inventory *inv)
{
    struct ck_inventory_collector *c = NULL;
    struct ck_err err;

    CK_CHECK(ck_inventory_collector_new(&c, CK_INVENTORY_WALK, NULL) == CK_OK);
    CK_CHECK(ck_inventory_collector_begin_layer(c, "export", &err) == CK_OK);
    CK_CHECK(ck_inventory_collector_feed(c, t->data, t->len, &err) == CK_OK);
    CK_CHECK(ck_inventory_collector_end(c, &err) == CK_OK);
    ck_inventory_init(inv);
    CK_CHECK(ck_inventory_collector_finish(c, inv, &err) == CK_OK);
    ck_inventory_collector_free(c);
}

static void test_java_archives(void)
{
    static const char jstatus[] = "Package: libfoo-java\nStatus: install ok installed\nArchitecture: all\n"
                                  "Version: 1.2-1\n";
    static const char want[] =
        "Maven com.example:shop 0.1.0 - /opt/app/lib/shop.jar;"
        "Maven org.example:foo 1.2 libfoo-java /usr/share/java/foo.jar;"
        "Maven org.yaml:snakeyaml 1.33 - /opt/app/lib/shop.jar!/BOOT-INF/lib/snakeyaml-1.33.jar;|"
        "/opt/app/lib/plain.jar archive zip -;";
    struct zb shop = {0}, lib = {0}, plain = {0}, foo = {0};
    struct tb t = {0};
    struct ck_inventory inv;
    struct ck_buf b;

    add_pom(&lib, "org.yaml", "snakeyaml", "1.33");
    zb_finish(&lib);
    add_pom(&shop, "com.example", "shop", "0.1.0");
    zb_add(&shop, "BOOT-INF/lib/snakeyaml-1.33.jar", lib.data, lib.len);
    zb_finish(&shop);
    zb_add(&plain, "Main.class", "\xca\xfe\xba\xbe", 4);
    zb_finish(&plain);
    add_pom(&foo, "org.example", "foo", "1.2");
    zb_finish(&foo);
    tb_file(&t, "etc/os-release", os_release);
    tb_file(&t, "var/lib/dpkg/status", jstatus);
    tb_file(&t, "var/lib/dpkg/info/libfoo-java.list", "/usr/share/java\n/usr/share/java/foo.jar\n");
    tb_bytes(&t, "usr/share/java/foo.jar", foo.data, foo.len);
    tb_bytes(&t, "opt/app/lib/shop.jar", shop.data, shop.len);
    tb_bytes(&t, "opt/app/lib/plain.jar", plain.data, plain.len);
    tb_end(&t);
    feed_export(&t, &inv);
    ck_buf_init(&b);
    if (strcmp(summary(&inv, &b), want) != 0) {
        fprintf(stderr, "java archives:\n got  %s\n want %s\n", ck_buf_str(&b), want);
        dump_warnings(&inv);
        CK_CHECK(0);
    }
    ck_buf_release(&b);
    ck_inventory_release(&inv);
    tb_free(&t);
    free(shop.data);
    free(lib.data);
    free(plain.data);
    free(foo.data);
}

int main(void)
{
    const char *dir = "walk_test"; /* in the test's working folder */

    ck_mkdirs(dir);
    CK_RUN(test_classify);
    CK_RUN(test_purls);
    test_archive(dir);
    CK_RUN(test_export_stream);
    CK_RUN(test_java_archives);
#ifndef _WIN32
    test_rootfs(dir);
#endif
    return ck_test_summary();
}
