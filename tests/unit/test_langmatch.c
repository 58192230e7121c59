/* Matching application packages: hand-made inventories of an application
 * image (npm, PyPI, Go, Maven packages, with their locations and owners)
 * against the records of tests/fixtures/osv-lang (README.txt there lists
 * their cases). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "platform/platform.h"
#include "vuln/match.h"
#include "util/text.h"
#include "vuln/pkgkey.h"

static const char db_path[] = "test_langmatch.tmp.db";
static struct ck_vulndb *db;

static void remove_db(void) { ck_test_remove_db(db_path); }

static void add(struct ck_inventory *inv, const char *eco, const char *name, const char *version,
                const char *location, const char *owner)
{
    CK_REQUIRE(ck_inventory_add_app(inv, eco, name, version, location, owner, 0) == CK_OK);
}

/* Debian 12 with an application on it; the OS packages have no records here. */
static void app_inventory(struct ck_inventory *inv)
{
    ck_inventory_init(inv);
    inv->os.ecosystem = ck_text_dup("Debian:12");
    CK_REQUIRE(ck_inventory_add(inv, CK_PKG_DEB, "bash", "5.2.15-2+b2", "bash", "5.2.15-2", "amd64") == CK_OK);
    add(inv, "npm", "lodash", "4.17.15", "/app/node_modules/lodash/package.json", NULL);
    add(inv, "npm", "lodash", "4.17.21", "/srv/node_modules/lodash/package.json", NULL);
    add(inv, "npm", "ms", "2.0.0", "/app/node_modules/ms/package.json", NULL);
    add(inv, "npm", "ms", "2.1.1", "/app/node_modules/send/node_modules/ms/package.json", NULL);
    add(inv, "npm", "ms", "2.1.1", "/app/node_modules/debug/node_modules/ms/package.json", NULL);
    add(inv, "npm", "evil-helper", "1.0.3", "/app/node_modules/evil-helper/package.json", NULL);
    add(inv, "PyPI", "requests", "2.28.1", "/opt/venv/lib/python3.11/site-packages/requests-2.28.1.dist-info/METADATA",
        NULL);
    add(inv, "PyPI", "urllib3", "1.26.12", "/usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info/PKG-INFO",
        "python3-urllib3");
    add(inv, "PyPI", "Typing_Extensions", "4.4.0",
        "/opt/venv/lib/python3.11/site-packages/typing_extensions-4.4.0.dist-info/METADATA", NULL);
    add(inv, "Go", "golang.org/x/text", "v0.3.7", "/usr/local/bin/app", NULL);
    add(inv, "Go", "golang.org/x/text", "v0.7.0", "/usr/local/bin/other", NULL);
    add(inv, "Go", "stdlib", "v1.19.8", "/usr/local/bin/app", NULL);
    add(inv, "Go", "stdlib", "v1.20.4", "/usr/local/bin/other", NULL);
    add(inv, "Maven", "org.yaml:snakeyaml", "1.33", "/opt/app/lib/app.jar!/BOOT-INF/lib/snakeyaml-1.33.jar", NULL);
    ck_inventory_sort(inv);
}

static const struct ck_finding *find(const struct ck_findings *fs, const char *package, const char *version,
                                     const char *id)
{
    size_t i;
    for (i = 0; i < fs->count; i++)
        if (!strcmp(fs->items[i].package, package) && !strcmp(fs->items[i].installed_version, version) &&
            !strcmp(fs->items[i].vuln_id, id))
            return &fs->items[i];
    return NULL;
}

static void dump(const struct ck_findings *fs)
{
    size_t i;
    for (i = 0; i < fs->count; i++)
        fprintf(stderr, "    %s %s %s %s fixed=%s paths=%zu\n", fs->items[i].ecosystem, fs->items[i].package,
                fs->items[i].installed_version, fs->items[i].vuln_id,
                fs->items[i].fixed_version ? fs->items[i].fixed_version : "-", ck_finding_paths(&fs->items[i]));
}

static void test_application_image(void)
{
    struct ck_inventory inv;
    struct ck_findings fs;
    struct ck_err err;
    const struct ck_finding *x;

    app_inventory(&inv);
    ck_findings_init(&fs);
    CK_REQUIRE(ck_match_inventory(db, &inv, &fs, &err) == CK_OK);
    if (fs.count != 8)
        dump(&fs);
    CK_CHECK_INT(fs.count, 8);

    x = find(&fs, "lodash", "4.17.15", "CKTEST-NPM-0001"); /* SEMVER: below the fix */
    CK_REQUIRE(x != NULL);
    CK_CHECK_STR(x->fixed_version, "4.17.19");
    CK_CHECK_STR(x->ecosystem, "npm");
    CK_CHECK_STR(x->cve, "CVE-2099-0001");
    CK_CHECK_INT(x->severity, CK_SEV_CRITICAL);
    CK_CHECK_INT(x->kind, CK_FINDING_VULNERABILITY);
    CK_REQUIRE(x->location_count == 1);
    CK_CHECK_STR(x->locations[0], "/app/node_modules/lodash/package.json");
    CK_CHECK(find(&fs, "lodash", "4.17.21", "CKTEST-NPM-0001") == NULL); /* above it */

    /* ms 2.0.0 is fixed; 2.1.1 is the last affected, found twice: one finding, two paths */
    CK_CHECK(find(&fs, "ms", "2.0.0", "CKTEST-NPM-0002") == NULL);
    x = find(&fs, "ms", "2.1.1", "CKTEST-NPM-0002");
    CK_REQUIRE(x != NULL);
    CK_CHECK(x->fixed_version == NULL);
    CK_CHECK_INT(ck_finding_paths(x), 2);

    x = find(&fs, "evil-helper", "1.0.3", "MAL-2099-0001");
    CK_REQUIRE(x != NULL);
    CK_CHECK_INT(x->kind, CK_FINDING_MALICIOUS);
    CK_CHECK_INT(x->severity, CK_SEV_CRITICAL);
    CK_CHECK(x->cve == NULL); /* never merged with the advisory it aliases */
    CK_CHECK(!strncmp(x->title, "Malicious package: ", 19));

    /* PyPI by PEP 503 name (the record writes Requests, the metadata requests) */
    x = find(&fs, "requests", "2.28.1", "CKTEST-PYPI-0001");
    CK_REQUIRE(x != NULL);
    CK_CHECK_STR(x->source_package, "requests");
    CK_CHECK(find(&fs, "Typing_Extensions", "4.4.0", "CKTEST-PYPI-0003") != NULL);
    /* Debian's python3-urllib3 installed it: Debian's records speak for it */
    CK_CHECK(find(&fs, "urllib3", "1.26.12", "CKTEST-PYPI-0002") == NULL);

    /* Go: module versions with their "v"; stdlib by the toolchain */
    x = find(&fs, "golang.org/x/text", "v0.3.7", "CKTEST-GO-0001");
    CK_REQUIRE(x != NULL);
    CK_CHECK_STR(x->fixed_version, "0.3.8");
    CK_CHECK_STR(x->locations[0], "/usr/local/bin/app");
    CK_CHECK(find(&fs, "golang.org/x/text", "v0.7.0", "CKTEST-GO-0001") == NULL);
    CK_CHECK(find(&fs, "stdlib", "v1.19.8", "CKTEST-GO-0002") != NULL);
    CK_CHECK(find(&fs, "stdlib", "v1.20.4", "CKTEST-GO-0002") == NULL);

    x = find(&fs, "org.yaml:snakeyaml", "1.33", "CKTEST-MVN-0001");
    CK_REQUIRE(x != NULL);
    CK_CHECK_STR(x->locations[0], "/opt/app/lib/app.jar!/BOOT-INF/lib/snakeyaml-1.33.jar");
    CK_CHECK(find(&fs, "bash", "5.2.15-2+b2", "CKTEST-NPM-0001") == NULL);
    ck_findings_release(&fs);
    ck_inventory_release(&inv);
}

/* An image whose OS is unknown still has its applications matched. */
static void test_unknown_os(void)
{
    struct ck_inventory inv;
    struct ck_findings fs;
    struct ck_err err;

    ck_inventory_init(&inv);
    CK_REQUIRE(ck_inventory_add(&inv, CK_PKG_DEB, "bash", "5.2", NULL, NULL, "amd64") == CK_OK);
    add(&inv, "npm", "lodash", "4.17.15", "/app/node_modules/lodash/package.json", NULL);
    ck_findings_init(&fs);
    CK_REQUIRE(ck_match_inventory(db, &inv, &fs, &err) == CK_OK);
    CK_CHECK_INT(fs.count, 1);
    CK_CHECK_INT(fs.packages_unassessed, 1);
    ck_findings_release(&fs);
    ck_inventory_release(&inv);
}

static void test_package_keys(void)
{
    char buf[CK_PKGKEY_MAX];

    CK_CHECK_STR(ck_package_key("PyPI", "Typing_Extensions", buf, sizeof buf), "typing-extensions");
    CK_CHECK_STR(ck_package_key("pypi", "zope.interface", buf, sizeof buf), "zope-interface");
    CK_CHECK_STR(ck_package_key("PyPI", "a__-.b", buf, sizeof buf), "a-b");
    CK_CHECK_STR(ck_package_key("NuGet", "Newtonsoft.Json", buf, sizeof buf), "newtonsoft.json");
    CK_CHECK_STR(ck_package_key("Packagist", "Symfony/HTTP-Kernel", buf, sizeof buf), "symfony/http-kernel");
    CK_CHECK_STR(ck_package_key("npm", "@Scope/Name", buf, sizeof buf), "@Scope/Name");
    CK_CHECK_STR(ck_package_key("Go", "github.com/BurntSushi/toml", buf, sizeof buf), "github.com/BurntSushi/toml");
    CK_CHECK_STR(ck_package_match_version("Go", "v1.2.3"), "1.2.3");
    CK_CHECK_STR(ck_package_match_version("Go", "1.2.3"), "1.2.3");
    CK_CHECK_STR(ck_package_match_version("npm", "v1.2.3"), "v1.2.3");
}

int main(int argc, char **argv)
{
    struct ck_err err;
    char path[1024];

    if (argc < 2) {
        fprintf(stderr, "usage: test_langmatch FIXTURES\n");
        return 2;
    }
    remove_db();
    snprintf(path, sizeof path, "%s/osv-lang", argv[1]);
    if (ck_vulndb_open(db_path, &db, &err) != CK_OK || ck_vulndb_import_file(db, path, NULL, NULL, &err) != CK_OK) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return 1;
    }
    CK_RUN(test_package_keys);
    CK_RUN(test_application_image);
    CK_RUN(test_unknown_os);
    ck_vulndb_close(db);
    remove_db();
    return ck_test_summary();
}
