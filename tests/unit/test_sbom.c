/* Bills of materials: package URLs (purl specification's encoding rules)
 * and the two JSON documents, read back with cJSON. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "inventory/sbom.h"

static char *dup(const char *s)
{
    char *c = malloc(strlen(s) + 1);
    strcpy(c, s);
    return c;
}

static void set_os(struct ck_os *os, const char *id, const char *version_id, const char *eco)
{
    os->id = id ? dup(id) : NULL;
    os->version_id = version_id ? dup(version_id) : NULL;
    os->pretty_name = id ? dup("Pretty") : NULL;
    os->ecosystem = eco ? dup(eco) : NULL;
}

static void check_purl(enum ck_pkg_type t, const char *name, const char *version, const char *arch,
                       const struct ck_os *os, const char *want)
{
    struct ck_package p;
    char *purl;
    memset(&p, 0, sizeof p);
    p.type = t;
    p.name = (char *)name;
    p.version = (char *)version;
    p.arch = (char *)arch;
    purl = ck_sbom_purl(&p, os);
    CK_CHECK_STR(purl, want);
    free(purl);
}

static void test_purls(void)
{
    struct ck_inventory inv;
    struct ck_os none;

    memset(&none, 0, sizeof none);
    ck_inventory_init(&inv);
    set_os(&inv.os, "debian", "12", "Debian:12");
    check_purl(CK_PKG_DEB, "zlib1g", "1:1.2.13.dfsg-1", "amd64", &inv.os,
               "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12");
    check_purl(CK_PKG_DEB, "libstdc++6", "12.2.0-14+deb12u1", "amd64", &inv.os,
               "pkg:deb/debian/libstdc%2B%2B6@12.2.0-14%2Bdeb12u1?arch=amd64&distro=debian-12");
    check_purl(CK_PKG_DEB, "libssl3", "3.0.11-1~deb12u2", NULL, &inv.os,
               "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-12");
    check_purl(CK_PKG_DEB, "odd name/x", "1 2", "all", &none, "pkg:deb/debian/odd%20name%2Fx@1%202?arch=all");
    ck_inventory_release(&inv);

    ck_inventory_init(&inv);
    set_os(&inv.os, "rhel", "9.4", NULL);
    check_purl(CK_PKG_RPM, "openssl-libs", "1:3.0.7-27.el9", "x86_64", &inv.os,
               "pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.4&epoch=1");
    check_purl(CK_PKG_RPM, "bash", "5.1.8-6.el9", "x86_64", &none, "pkg:rpm/bash@5.1.8-6.el9?arch=x86_64");
    ck_inventory_release(&inv);

    ck_inventory_init(&inv);
    set_os(&inv.os, "alpine", "3.20.3", "Alpine:v3.20");
    check_purl(CK_PKG_APK, "musl", "1.2.5-r0", "x86_64", &inv.os,
               "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3");
    check_purl(CK_PKG_APK, "busybox", "1.36.1-r29", NULL, &none, "pkg:apk/alpine/busybox@1.36.1-r29");
    ck_inventory_release(&inv);
}

static void sample(struct ck_inventory *inv)
{
    size_t i;
    ck_inventory_init(inv);
    set_os(&inv->os, "debian", "12", "Debian:12");
    ck_inventory_add(inv, CK_PKG_DEB, "libssl3", "3.0.11-1~deb12u2", "openssl", NULL, "amd64");
    ck_inventory_add(inv, CK_PKG_DEB, "tzdata", "2024a-0+deb12u1", NULL, NULL, NULL);
    for (i = 0; i < CK_INVENTORY_MAX_WARNINGS + 3; i++)
        ck_inventory_warn(inv, "warning %u", (unsigned)i);
    inv->incomplete = 1;
}

static void test_json(void)
{
    struct ck_inventory inv;
    struct ck_err err;
    char *doc = NULL;
    cJSON *root, *pkgs, *p, *w;

    sample(&inv);
    CK_CHECK_INT(ck_sbom_render(&inv, CK_SBOM_JSON, "image.tar", &doc, &err), CK_OK);
    CK_REQUIRE(doc != NULL);
    CK_CHECK(doc[strlen(doc) - 1] == '\n');
    root = cJSON_Parse(doc);
    CK_REQUIRE(root != NULL);
    CK_CHECK_STR(cJSON_GetObjectItem(root, "format")->valuestring, "containerkitty-sbom");
    CK_CHECK_INT(cJSON_GetObjectItem(root, "version")->valueint, 1);
    CK_CHECK_STR(cJSON_GetObjectItem(root, "source")->valuestring, "image.tar");
    CK_CHECK_STR(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "os"), "version_id")->valuestring, "12");
    CK_CHECK_STR(cJSON_GetObjectItem(root, "ecosystem")->valuestring, "Debian:12");
    CK_CHECK(cJSON_IsTrue(cJSON_GetObjectItem(root, "incomplete")));
    pkgs = cJSON_GetObjectItem(root, "packages");
    CK_REQUIRE(cJSON_GetArraySize(pkgs) == 2);
    p = cJSON_GetArrayItem(pkgs, 0);
    CK_CHECK_STR(cJSON_GetObjectItem(p, "type")->valuestring, "deb");
    CK_CHECK_STR(cJSON_GetObjectItem(p, "source_name")->valuestring, "openssl");
    CK_CHECK_STR(cJSON_GetObjectItem(p, "source_version")->valuestring, "3.0.11-1~deb12u2");
    CK_CHECK_STR(cJSON_GetObjectItem(p, "purl")->valuestring,
                 "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
    CK_CHECK(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(pkgs, 1), "arch")));
    w = cJSON_GetObjectItem(root, "warnings");
    CK_CHECK_INT(cJSON_GetArraySize(w), CK_INVENTORY_MAX_WARNINGS + 1);
    CK_CHECK_STR(cJSON_GetArrayItem(w, CK_INVENTORY_MAX_WARNINGS)->valuestring, "3 more warnings were left out");
    cJSON_Delete(root);
    free(doc);
    ck_inventory_release(&inv);

    /* an empty inventory: nulls, empty arrays */
    ck_inventory_init(&inv);
    CK_CHECK_INT(ck_sbom_render(&inv, CK_SBOM_JSON, NULL, &doc, &err), CK_OK);
    root = cJSON_Parse(doc);
    CK_REQUIRE(root != NULL);
    CK_CHECK(cJSON_IsNull(cJSON_GetObjectItem(root, "source")));
    CK_CHECK(cJSON_IsNull(cJSON_GetObjectItem(root, "ecosystem")));
    CK_CHECK(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "os"), "id")));
    CK_CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(root, "packages")), 0);
    CK_CHECK(cJSON_IsFalse(cJSON_GetObjectItem(root, "incomplete")));
    cJSON_Delete(root);
    free(doc);
    ck_inventory_release(&inv);
}

static void test_cyclonedx(void)
{
    struct ck_inventory inv;
    struct ck_err err;
    char *doc = NULL;
    cJSON *root, *comps, *c, *meta;

    sample(&inv);
    CK_CHECK_INT(ck_sbom_render(&inv, CK_SBOM_CYCLONEDX, "debian:12", &doc, &err), CK_OK);
    root = cJSON_Parse(doc);
    CK_REQUIRE(root != NULL);
    CK_CHECK_STR(cJSON_GetObjectItem(root, "bomFormat")->valuestring, "CycloneDX");
    CK_CHECK_STR(cJSON_GetObjectItem(root, "specVersion")->valuestring, "1.5");
    meta = cJSON_GetObjectItem(root, "metadata");
    CK_REQUIRE(meta != NULL);
    CK_CHECK(strlen(cJSON_GetObjectItem(meta, "timestamp")->valuestring) == 20);
    CK_CHECK_STR(cJSON_GetObjectItem(cJSON_GetObjectItem(meta, "component"), "type")->valuestring, "container");
    comps = cJSON_GetObjectItem(root, "components");
    CK_REQUIRE(cJSON_GetArraySize(comps) == 3);
    c = cJSON_GetArrayItem(comps, 0);
    CK_CHECK_STR(cJSON_GetObjectItem(c, "type")->valuestring, "operating-system");
    CK_CHECK_STR(cJSON_GetObjectItem(c, "name")->valuestring, "debian");
    c = cJSON_GetArrayItem(comps, 1);
    CK_CHECK_STR(cJSON_GetObjectItem(c, "type")->valuestring, "library");
    CK_CHECK_STR(cJSON_GetObjectItem(c, "purl")->valuestring, cJSON_GetObjectItem(c, "bom-ref")->valuestring);
    CK_CHECK_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(c, "properties"), 1), "value")->valuestring,
                 "openssl");
    cJSON_Delete(root);
    free(doc);
    ck_inventory_release(&inv);
}

/* A package name and version with bytes that are not UTF-8 (as an image's
 * database may hold) still give valid JSON in both formats, the bad bytes
 * replaced by U+FFFD. */
static void test_invalid_utf8(void)
{
    static const enum ck_sbom_format formats[] = {CK_SBOM_JSON, CK_SBOM_CYCLONEDX};
    struct ck_inventory inv;
    struct ck_err err;
    size_t i;

    ck_inventory_init(&inv);
    set_os(&inv.os, "debian", "12", "Debian:12");
    ck_inventory_add(&inv, CK_PKG_DEB, "bad\xFFname\xC3", "1.0\xED\xA0\x80-1", "src\xF5", NULL, "amd64");
    for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        char *doc = NULL;
        cJSON *root;
        CK_CHECK_INT(ck_sbom_render(&inv, formats[i], "image\xFE", &doc, &err), CK_OK);
        CK_REQUIRE(doc != NULL);
        CK_CHECK(ck_test_utf8_strict(doc));
        CK_CHECK(strstr(doc, "bad\xEF\xBF\xBDname\xEF\xBF\xBD") != NULL);
        root = cJSON_Parse(doc);
        CK_CHECK(root != NULL);
        cJSON_Delete(root);
        free(doc);
    }
    ck_inventory_release(&inv);
}

static void test_formats(void)
{
    enum ck_sbom_format f;
    CK_CHECK(ck_sbom_format_parse("json", &f) == 0 && f == CK_SBOM_JSON);
    CK_CHECK(ck_sbom_format_parse("cyclonedx", &f) == 0 && f == CK_SBOM_CYCLONEDX);
    CK_CHECK(ck_sbom_format_parse("spdx", &f) == -1);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    CK_RUN(test_purls);
    CK_RUN(test_json);
    CK_RUN(test_cyclonedx);
    CK_RUN(test_invalid_utf8);
    CK_RUN(test_formats);
    return ck_test_summary();
}
