/* Extended suite: every package database under ../shared/fixtures/pkgdb
 * (real files from other projects' test data) is parsed whole and in small
 * chunks, without a crash and with the same result both ways; the values
 * their README states are checked. Exits 77 when the folder is absent.
 *
 *   test_pkgdb_shared FIXTURES SHARED            run the checks
 *   test_pkgdb_shared FIXTURES SHARED --dump     print "path<TAB>kind<TAB>packages<TAB>warnings"
 *                                                per database, for tests/tools/pkgdb_oracle.py */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "inventory/apk.h"
#include "inventory/dpkg.h"
#include "inventory/rpmdb.h"
#include "platform/dir.h"
#include "platform/platform.h"
#include "util/buf.h"

enum kind { K_SKIP, K_DPKG, K_DPKG_D, K_APK, K_RPM };
static const char *const kind_names[] = {"skip", "dpkg", "dpkg-status.d", "apk", "rpm"};

static int dump;
static size_t parsed;

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

/* What a file is, from its name and folder (the fixtures name them after
 * the path they had in an image). */
static enum kind kind_of(const char *rel)
{
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    if (ends_with(rel, ".sqlite"))
        return K_RPM;
    if (strstr(base, "status.d"))
        return K_DPKG_D;
    if (!strcmp(base, "status") || ends_with(base, "_status") || ends_with(base, ".status"))
        return K_DPKG;
    if (strstr(rel, "/apk/") && !strchr(base, '.'))
        return K_APK;
    if (!strcmp(base, "installed") || ends_with(base, "_installed"))
        return K_APK;
    return K_SKIP;
}

static enum ck_status parse(enum kind k, struct ck_inventory *inv, unsigned char *data, size_t len, size_t chunk,
                            const char *label)
{
    struct ck_dpkg_parser *dp = NULL;
    struct ck_apk_parser *ap = NULL;
    struct ck_err err;
    size_t off;
    enum ck_status st = CK_OK;

    if (k == K_RPM)
        return ck_rpmdb_parse_sqlite(inv, data, len, label, &err);
    if (k == K_APK)
        st = ck_apk_parser_new(&ap, inv, label);
    else
        st = ck_dpkg_parser_new(&dp, inv, label, k == K_DPKG_D ? CK_DPKG_STATUS_D : 0);
    for (off = 0; st == CK_OK && off < len; off += chunk) {
        size_t n = len - off < chunk ? len - off : chunk;
        st = ap ? ck_apk_parser_feed(ap, data + off, n) : ck_dpkg_parser_feed(dp, data + off, n);
    }
    if (st == CK_OK)
        st = ap ? ck_apk_parser_finish(ap) : ck_dpkg_parser_finish(dp);
    ck_apk_parser_free(ap);
    ck_dpkg_parser_free(dp);
    return st;
}

static int same(const struct ck_inventory *a, const struct ck_inventory *b)
{
    size_t i;
    if (a->count != b->count || a->warning_count != b->warning_count)
        return 0;
    for (i = 0; i < a->count; i++)
        if (strcmp(a->packages[i].name, b->packages[i].name) || strcmp(a->packages[i].version, b->packages[i].version))
            return 0;
    return 1;
}

static void check_file(const char *path, const char *rel)
{
    enum kind k = kind_of(rel);
    struct ck_inventory whole, chunked;
    unsigned char *data, *copy;
    size_t len = 0;

    if (k == K_SKIP)
        return;
    data = (unsigned char *)ck_test_read_path(path, &len);
    CK_REQUIRE(data != NULL);
    copy = malloc(len + 1);
    CK_REQUIRE(copy != NULL);
    memcpy(copy, data, len);
    ck_inventory_init(&whole);
    ck_inventory_init(&chunked);
    CK_CHECK(parse(k, &whole, data, len, len ? len : 1, rel) == CK_OK || k == K_RPM);
    if (k != K_RPM) {
        CK_CHECK_INT(parse(k, &chunked, copy, len, 7, rel), CK_OK);
        CK_CHECK(same(&whole, &chunked));
    }
    parsed++;
    if (dump)
        printf("%s\t%s\t%llu\t%llu\n", rel, kind_names[k], (unsigned long long)whole.count,
               (unsigned long long)whole.warning_count);
    ck_inventory_release(&whole);
    ck_inventory_release(&chunked);
    free(data);
    free(copy);
}

struct walk {
    char *dir;
    char *rel;
};

static int visit(void *ctx, const char *name);

static void walk_dir(const char *dir, const char *rel)
{
    struct walk w;
    w.dir = (char *)dir;
    w.rel = (char *)rel;
    ck_dir_list(dir, visit, &w);
}

static int visit(void *ctx, const char *name)
{
    struct walk *w = ctx;
    char *path = ck_path_join(w->dir, name);
    struct ck_buf rel;

    ck_buf_init(&rel);
    ck_buf_printf(&rel, "%s%s%s", w->rel, *w->rel ? "/" : "", name);
    if (path) {
        enum ck_fs_kind k = ck_fs_kind_of(path);
        if (k == CK_FS_DIR)
            walk_dir(path, ck_buf_str(&rel));
        else if (k == CK_FS_FILE)
            check_file(path, ck_buf_str(&rel));
    }
    free(path);
    ck_buf_release(&rel);
    return 0;
}

/* ---- values the fixtures' README states -------------------------------- */

static const char *shared;

static void expect(const char *rel, enum kind k, size_t count, const char *name, const char *version,
                   const char *source, const char *arch)
{
    char *path = NULL;
    struct ck_buf b;
    unsigned char *data;
    size_t len = 0, i;
    struct ck_inventory inv;

    ck_buf_init(&b);
    ck_buf_printf(&b, "%s/pkgdb/%s", shared, rel);
    path = ck_buf_take(&b);
    data = (unsigned char *)ck_test_read_path(path, &len);
    free(path);
    if (!data)
        return; /* that fixture is not there (any more): nothing to compare */
    ck_inventory_init(&inv);
    CK_CHECK_INT(parse(k, &inv, data, len, len ? len : 1, rel), CK_OK);
    CK_CHECK_INT(inv.count, count);
    for (i = 0; name && i < inv.count; i++) {
        const struct ck_package *p = &inv.packages[i];
        if (strcmp(p->name, name) != 0)
            continue;
        CK_CHECK_STR(p->version, version);
        CK_CHECK_STR(p->source_name, source);
        CK_CHECK_STR(p->arch, arch);
        break;
    }
    CK_CHECK(!name || i < inv.count);
    ck_inventory_release(&inv);
    free(data);
}

static void test_readme_values(void)
{
    /* syft/SOURCE.txt and syft's parse_dpkg_db_test.go / parse_apk_db_test.go */
    expect("syft/dpkg/status.d_single", K_DPKG_D, 1, "apt", "1.8.2", "apt-dev", "amd64");
    expect("syft/dpkg/status.d_installed-size-4KB", K_DPKG_D, 1, "apt", "1.8.2", "apt-dev", "amd64");
    expect("syft/dpkg/status.d_multiple", K_DPKG_D, 2, "tzdata", "2020a-0+deb10u1", "tzdata-dev", "all");
    expect("syft/dpkg/status.d_multiple", K_DPKG_D, 2, "util-linux", "2.33.1-0.1", "util-linux", "amd64");
    expect("syft/dpkg/status.d_deinstall", K_DPKG_D, 1, "linux-image-6.14.0-1012-aws", "6.14.0-1012.12~24.04.1",
           "linux-signed-aws-6.14", "amd64");
    expect("syft/dpkg/status.d_corrupt", K_DPKG_D, 0, NULL, NULL, NULL, NULL);
    expect("syft/apk/single", K_APK, 1, "musl-utils", "1.1.24-r2", "musl", "x86_64");
    expect("syft/apk/empty-deps-and-provides", K_APK, 1, "alpine-baselayout-data", "3.4.0-r0", "alpine-baselayout",
           "x86_64");
}

int main(int argc, char **argv)
{
    char *pkgdb;

    if (argc < 3)
        return CK_SKIP_CODE;
    shared = argv[2];
    dump = argc > 3 && !strcmp(argv[3], "--dump");
    pkgdb = ck_path_join(shared, "pkgdb");
    if (!pkgdb || !ck_is_dir(pkgdb)) {
        fprintf(stderr, "%s/pkgdb is absent: skipped\n", shared);
        free(pkgdb);
        return CK_SKIP_CODE;
    }
    walk_dir(pkgdb, "");
    free(pkgdb);
    if (dump)
        return 0;
    CK_CHECK(parsed > 0);
    fprintf(stderr, "%llu package databases parsed\n", (unsigned long long)parsed);
    CK_RUN(test_readme_values);
    return ck_test_summary();
}
