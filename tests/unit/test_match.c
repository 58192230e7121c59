/* Tests of matching: hand-made inventories of Debian, Alpine and Ubuntu
 * images against the fixture records (tests/fixtures/osv/README.txt lists
 * their cases), and OSV's range evaluation on synthetic entries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "platform/platform.h"
#include "vuln/match.h"

static const char *fixtures;
static const char db_path[] = "test_match.tmp.db";
static struct ck_vulndb *db;

static void remove_db(void) { ck_test_remove_db(db_path); }

/* ---- inventories made by hand (strings are literals: never freed) ------ */

#define MAX_PKGS 16
struct fake_inv {
    struct ck_inventory inv;
    struct ck_package pkgs[MAX_PKGS];
};

static void fake_init(struct fake_inv *f, const char *ecosystem, enum ck_pkg_type type)
{
    memset(f, 0, sizeof *f);
    f->inv.os.ecosystem = (char *)ecosystem;
    f->inv.os.pretty_name = (char *)"test image";
    f->inv.packages = f->pkgs;
    f->pkgs[0].type = type;
}

static void fake_add(struct fake_inv *f, const char *name, const char *version, const char *source,
                     const char *source_version)
{
    struct ck_package *p = &f->pkgs[f->inv.count++];
    p->type = f->pkgs[0].type;
    p->name = (char *)name;
    p->version = (char *)version;
    p->source_name = (char *)source;
    p->source_version = (char *)source_version;
}

static const struct ck_finding *find(const struct ck_findings *fs, const char *package, const char *id)
{
    size_t i;
    for (i = 0; i < fs->count; i++)
        if (!strcmp(fs->items[i].package, package) && !strcmp(fs->items[i].vuln_id, id))
            return &fs->items[i];
    return NULL;
}

static void dump(const struct ck_findings *fs)
{
    size_t i;
    for (i = 0; i < fs->count; i++)
        fprintf(stderr, "    %s %s %s fixed=%s sev=%s\n", fs->items[i].package, fs->items[i].installed_version,
                fs->items[i].vuln_id, fs->items[i].fixed_version ? fs->items[i].fixed_version : "-",
                ck_severity_str(fs->items[i].severity));
}

static enum ck_status match(const struct fake_inv *f, struct ck_findings *out)
{
    struct ck_err err;
    enum ck_status st = ck_match_inventory(db, &f->inv, out, &err);
    if (st != CK_OK)
        fprintf(stderr, "match: %s\n", err.msg);
    return st;
}

static void test_debian_image(void)
{
    struct fake_inv f;
    struct ck_findings fs;
    const struct ck_finding *x;

    fake_init(&f, "Debian:12", CK_PKG_DEB);
    fake_add(&f, "libc6", "2.36-9+deb12u2", "glibc", "2.36-9+deb12u2");
    fake_add(&f, "libc-bin", "2.36-9+deb12u2", "glibc", "2.36-9+deb12u2");
    fake_add(&f, "util-linux", "2.38.1-5+b1", "util-linux", "2.38.1-5");
    fake_add(&f, "zlib1g", "1:1.2.13.dfsg-1", "zlib", "1:1.2.13.dfsg-1");
    fake_add(&f, "openssl", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2");
    fake_add(&f, "libssl3", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2");
    fake_add(&f, "tar", "1.34+dfsg-1.2", NULL, NULL);
    fake_add(&f, "bash", "5.2.15-2+b2", "bash", "5.2.15-2");
    /* an application package named as a Debian source package is not Debian's */
    fake_add(&f, "glibc", "2.0", NULL, NULL);
    f.pkgs[f.inv.count - 1].type = CK_PKG_LANG;
    f.pkgs[f.inv.count - 1].ecosystem = "npm";
    ck_findings_init(&fs);
    CK_REQUIRE(match(&f, &fs) == CK_OK);
    if (fs.count != 9)
        dump(&fs);
    CK_CHECK_INT(fs.count, 9);
    CK_CHECK_INT(fs.packages_checked, 9); /* the npm package is looked up among npm's records */
    /* Sorted by package, then id. */
    CK_CHECK_STR(fs.items[0].package, "libc-bin");
    CK_CHECK_STR(fs.items[0].vuln_id, "DEBIAN-CVE-2019-1010022");
    CK_CHECK_STR(fs.items[8].package, "util-linux");

    x = find(&fs, "libc6", "DEBIAN-CVE-2023-4911");
    CK_REQUIRE(x != NULL);
    CK_CHECK_STR(x->cve, "CVE-2023-4911");
    CK_CHECK_STR(x->source_package, "glibc");
    CK_CHECK_STR(x->installed_version, "2.36-9+deb12u2");
    CK_CHECK_STR(x->source_version, "2.36-9+deb12u2");
    CK_CHECK_STR(x->fixed_version, "2.36-9+deb12u3");
    CK_CHECK_STR(x->ecosystem, "Debian:12");
    /* urgency "not yet assigned": the CVSS 3.1 base score rates it */
    CK_CHECK_INT(x->severity, CK_SEV_HIGH);
    CK_CHECK_INT(x->severity_source, CK_SEVSRC_CVSS);
    CK_CHECK_STR(x->severity_text, "7.8");
    CK_CHECK(x->cvss_score > 7.79 && x->cvss_score < 7.81);
    CK_CHECK_STR(x->cvss_vector, "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H");
    CK_CHECK(!strncmp(x->title, "The dynamic loader of the GNU C Library", 39));
    CK_CHECK_STR(x->title, x->description);
    CK_REQUIRE(x->reference_count == 2);
    CK_CHECK_STR(x->references[0], "https://security-tracker.debian.org/tracker/CVE-2023-4911");
    CK_CHECK_STR(x->modified, "2024-09-03T07:02:11.428318Z");
    CK_CHECK_STR(x->published, "2023-10-03T18:15:10Z");

    x = find(&fs, "libc-bin", "DSA-5514-1");
    CK_REQUIRE(x != NULL);
    CK_CHECK_STR(x->title, "glibc - security update");
    CK_CHECK_STR(x->cve, "CVE-2023-4911");
    CK_CHECK_INT(x->severity, CK_SEV_UNKNOWN);
    CK_CHECK_INT(x->severity_source, CK_SEVSRC_NONE);
    CK_CHECK(x->cvss_score < 0 && x->cvss_vector == NULL);

    x = find(&fs, "libc6", "DSA-5673-1");
    CK_REQUIRE(x != NULL);
    CK_CHECK_STR(x->fixed_version, "2.36-9+deb12u6");

    x = find(&fs, "libc6", "DEBIAN-CVE-2019-1010022");
    CK_REQUIRE(x != NULL);
    CK_CHECK(x->fixed_version == NULL);
    CK_CHECK_INT(x->severity, CK_SEV_NEGLIGIBLE); /* urgency "unimportant" beats CVSS 9.8 */
    CK_CHECK_INT(x->severity_source, CK_SEVSRC_DISTRO);
    CK_CHECK_STR(x->severity_text, "unimportant");
    CK_CHECK(x->cvss_score > 9.79 && x->cvss_score < 9.81);

    x = find(&fs, "util-linux", "DEBIAN-CVE-2024-28085");
    CK_REQUIRE(x != NULL);
    CK_CHECK(x->fixed_version == NULL);
    CK_CHECK_STR(x->installed_version, "2.38.1-5+b1");
    CK_CHECK_STR(x->source_version, "2.38.1-5");
    CK_CHECK_INT(x->severity, CK_SEV_LOW);

    /* fixed exactly at the installed version, other releases, withdrawn */
    CK_CHECK(find(&fs, "openssl", "DSA-5532-1") == NULL);
    CK_CHECK(find(&fs, "zlib1g", "DEBIAN-CVE-2023-45853") == NULL);
    CK_CHECK(find(&fs, "tar", "DEBIAN-CVE-2023-99001") == NULL);
    ck_findings_release(&fs);
}

static void test_later_versions_leave_fewer_findings(void)
{
    static const struct {
        const char *version;
        int findings;
    } cases[] = {
        {"2.36-9", 4},
        {"2.36-9+deb12u3", 2}, /* DSA-5673-1 and the unfixed one */
        {"2.36-9+deb12u5", 2},
        {"2.36-9+deb12u6", 1},
        {"2.36-9+deb12u10", 1},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fake_inv f;
        struct ck_findings fs;
        fake_init(&f, "debian:12", CK_PKG_DEB); /* the ecosystem matches case-insensitively */
        fake_add(&f, "libc6", cases[i].version, "glibc", cases[i].version);
        ck_findings_init(&fs);
        CK_REQUIRE(match(&f, &fs) == CK_OK);
        if ((int)fs.count != cases[i].findings) {
            fprintf(stderr, "  glibc %s:\n", cases[i].version);
            dump(&fs);
        }
        CK_CHECK_INT(fs.count, cases[i].findings);
        ck_findings_release(&fs);
    }
}

static void test_alpine_image(void)
{
    struct fake_inv f;
    struct ck_findings fs;
    const struct ck_finding *x;

    fake_init(&f, "Alpine:v3.20", CK_PKG_APK);
    fake_add(&f, "libcrypto3", "3.3.1-r0", "openssl", "3.3.1-r0");
    fake_add(&f, "libssl3", "3.3.1-r0", "openssl", "3.3.1-r0");
    fake_add(&f, "busybox", "1.36.1-r28", "busybox", "1.36.1-r28");
    fake_add(&f, "musl", "1.2.5-r0", "musl", "1.2.5-r0");
    fake_add(&f, "zlib", "1.3.1-r1", "zlib", "1.3.1-r1");
    ck_findings_init(&fs);
    CK_REQUIRE(match(&f, &fs) == CK_OK);
    if (fs.count != 6)
        dump(&fs);
    CK_CHECK_INT(fs.count, 6);
    x = find(&fs, "libssl3", "ALPINE-CVE-2024-5535");
    CK_REQUIRE(x != NULL);
    CK_CHECK_STR(x->fixed_version, "3.3.1-r1");
    CK_CHECK_STR(x->cve, "CVE-2024-5535");
    CK_CHECK_INT(x->severity, CK_SEV_CRITICAL); /* CVSS 3.1 9.1 */
    x = find(&fs, "libcrypto3", "ALPINE-CVE-2024-6119");
    CK_REQUIRE(x != NULL);
    CK_CHECK_STR(x->fixed_version, "3.3.2-r0");
    /* fixed in r27, installed r28 */
    CK_CHECK(find(&fs, "busybox", "ALPINE-CVE-2023-42363") == NULL);
    /* last_affected r28: affected, and no fixed version is known */
    x = find(&fs, "busybox", "ALPINE-CVE-2023-42364");
    CK_REQUIRE(x != NULL);
    CK_CHECK(x->fixed_version == NULL);
    x = find(&fs, "musl", "ALPINE-CVE-2025-26519");
    CK_REQUIRE(x != NULL);
    CK_CHECK_INT(x->severity, CK_SEV_HIGH); /* database_specific severity */
    CK_CHECK_INT(x->severity_source, CK_SEVSRC_DISTRO);
    ck_findings_release(&fs);

    fake_init(&f, "Alpine:v3.20", CK_PKG_APK);
    fake_add(&f, "busybox", "1.36.1-r29", "busybox", "1.36.1-r29");
    fake_add(&f, "busybox-binsh", "1.36.1-r29", "busybox", "1.36.1-r29");
    ck_findings_init(&fs);
    CK_REQUIRE(match(&f, &fs) == CK_OK);
    CK_CHECK_INT(fs.count, 0);
    ck_findings_release(&fs);
}

static void test_ubuntu_image(void)
{
    struct fake_inv f;
    struct ck_findings fs;
    const struct ck_finding *x;

    fake_init(&f, "Ubuntu:22.04:LTS", CK_PKG_DEB);
    fake_add(&f, "openssl", "3.0.2-0ubuntu1.7", "openssl", "3.0.2-0ubuntu1.7");
    fake_add(&f, "libssl3", "3.0.2-0ubuntu1.7", "openssl", "3.0.2-0ubuntu1.7");
    fake_add(&f, "coreutils", "8.32-4.1ubuntu1", NULL, NULL);
    fake_add(&f, "bash", "5.1-6ubuntu1.1", "bash", "5.1-6ubuntu1.1");
    fake_add(&f, "libncursesw6", "6.3-2ubuntu0.1", "ncurses", "6.3-2ubuntu0.1");
    fake_add(&f, "libtinfo6", "6.3-2ubuntu0.2", "ncurses", "6.3-2ubuntu0.2");
    ck_findings_init(&fs);
    CK_REQUIRE(match(&f, &fs) == CK_OK);
    if (fs.count != 4)
        dump(&fs);
    CK_CHECK_INT(fs.count, 4);
    x = find(&fs, "libssl3", "UBUNTU-CVE-2023-0286");
    CK_REQUIRE(x != NULL);
    CK_CHECK_STR(x->fixed_version, "3.0.2-0ubuntu1.8");
    CK_CHECK_INT(x->severity, CK_SEV_HIGH);
    CK_CHECK_INT(x->severity_source, CK_SEVSRC_DISTRO);
    CK_CHECK_STR(x->title, "openssl: type confusion in X.400 address processing");
    CK_CHECK(x->cvss_score > 7.39 && x->cvss_score < 7.41);
    x = find(&fs, "coreutils", "UBUNTU-CVE-2016-2781");
    CK_REQUIRE(x != NULL);
    CK_CHECK(x->fixed_version == NULL);
    CK_CHECK_INT(x->severity, CK_SEV_LOW); /* Ubuntu's "low" over CVSS medium */
    CK_CHECK_STR(x->source_package, "coreutils");
    /* listed in versions[] without ranges */
    x = find(&fs, "libncursesw6", "UBUNTU-CVE-2023-99002");
    CK_REQUIRE(x != NULL);
    CK_CHECK_INT(x->severity, CK_SEV_NEGLIGIBLE);
    CK_CHECK(find(&fs, "libtinfo6", "UBUNTU-CVE-2023-99002") == NULL);
    CK_CHECK(find(&fs, "bash", "UBUNTU-CVE-2022-3715") == NULL);
    ck_findings_release(&fs);

    /* 20.04's record entry does not leak into 22.04 and back. */
    fake_init(&f, "Ubuntu:20.04:LTS", CK_PKG_DEB);
    fake_add(&f, "libssl1.1", "1.1.1f-1ubuntu2.16", "openssl", "1.1.1f-1ubuntu2.16");
    fake_add(&f, "coreutils", "8.30-3ubuntu2", "coreutils", "8.30-3ubuntu2");
    ck_findings_init(&fs);
    CK_REQUIRE(match(&f, &fs) == CK_OK);
    CK_CHECK_INT(fs.count, 1);
    CK_CHECK(find(&fs, "libssl1.1", "UBUNTU-CVE-2023-0286") != NULL);
    ck_findings_release(&fs);
}

static void test_duplicates_and_unsupported(void)
{
    struct fake_inv f;
    struct ck_findings fs;
    struct ck_err err;

    fake_init(&f, "Debian:12", CK_PKG_DEB);
    fake_add(&f, "util-linux", "2.38.1-5+b1", "util-linux", "2.38.1-5");
    fake_add(&f, "util-linux", "2.38.1-5+b1", "util-linux", "2.38.1-5");
    ck_findings_init(&fs);
    CK_REQUIRE(match(&f, &fs) == CK_OK);
    CK_CHECK_INT(fs.count, 1);
    ck_findings_release(&fs);

    /* no ecosystem for the OS: its packages are counted as not looked up */
    fake_init(&f, NULL, CK_PKG_DEB);
    fake_add(&f, "bash", "5.2", NULL, NULL);
    f.inv.os.pretty_name = (char *)"Plan 9";
    CK_CHECK_INT(ck_match_inventory(db, &f.inv, &fs, &err), CK_OK);
    CK_CHECK_INT(fs.count, 0);
    CK_CHECK_INT(fs.packages_unassessed, 1);
    ck_findings_release(&fs);

    fake_init(&f, "Debian:12", CK_PKG_DEB); /* an empty image */
    CK_CHECK_INT(ck_match_inventory(db, &f.inv, &fs, &err), CK_OK);
    CK_CHECK_INT(fs.count, 0);
}

static void test_streams_of_an_ecosystem(void)
{
    static const char rec[] =
        "{\"id\":\"RHSA-2024:0001\",\"modified\":\"2024-01-02T00:00:00Z\",\"summary\":\"openssl update\","
        "\"affected\":[{\"package\":{\"ecosystem\":\"Red Hat:enterprise_linux:9::baseos\",\"name\":\"openssl\"},"
        "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1:3.0.7-25.el9_3\"}]}]},"
        "{\"package\":{\"ecosystem\":\"Red Hat:enterprise_linux:8::baseos\",\"name\":\"openssl\"},"
        "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1:9.9-1.el8\"}]}]}]}";
    struct ck_vulndb_import *imp = NULL;
    struct fake_inv f;
    struct ck_findings fs;
    struct ck_err err;

    CK_REQUIRE(ck_vulndb_import_begin(db, NULL, &imp, &err) == CK_OK);
    CK_REQUIRE(ck_vulndb_import_json(imp, rec, sizeof rec - 1, "inline", &err) == CK_OK);
    CK_REQUIRE(ck_vulndb_import_commit(imp, NULL, NULL, &err) == CK_OK);
    fake_init(&f, "Red Hat:enterprise_linux:9", CK_PKG_RPM);
    fake_add(&f, "openssl-libs", "1:3.0.7-24.el9", "openssl", "1:3.0.7-24.el9");
    ck_findings_init(&fs);
    CK_REQUIRE(match(&f, &fs) == CK_OK);
    CK_REQUIRE(fs.count == 1);
    CK_CHECK_STR(fs.items[0].ecosystem, "Red Hat:enterprise_linux:9::baseos");
    CK_CHECK_STR(fs.items[0].fixed_version, "1:3.0.7-25.el9_3");
    ck_findings_release(&fs);
}

/* ---- OSV's evaluation on synthetic entries ------------------------------ */

static struct ck_osv_event ev(enum ck_osv_event_kind kind, const char *v)
{
    struct ck_osv_event e;
    e.kind = kind;
    e.version = (char *)v;
    return e;
}

static int affects(enum ck_version_scheme scheme, struct ck_osv_range *ranges, size_t n, int listed,
                   const char *version, const char **fixed)
{
    struct ck_vulndb_affected a;
    memset(&a, 0, sizeof a);
    a.ranges = ranges;
    a.range_count = n;
    a.version_listed = listed;
    return ck_match_affected(scheme, &a, version, fixed);
}

static void test_evaluation_rules(void)
{
    /* Written out of order on purpose: OSV sorts events before the sweep. */
    struct ck_osv_event twice[] = {ev(CK_OSV_FIXED, "3.0-1"), ev(CK_OSV_INTRODUCED, "2.0-1"),
                                   ev(CK_OSV_FIXED, "1.0-1"), ev(CK_OSV_INTRODUCED, "0")};
    struct ck_osv_event last[] = {ev(CK_OSV_INTRODUCED, "1.0"), ev(CK_OSV_LAST_AFFECTED, "2.0")};
    struct ck_osv_event git[] = {ev(CK_OSV_INTRODUCED, "0"), ev(CK_OSV_FIXED, "abc123")};
    struct ck_osv_event semver[] = {ev(CK_OSV_INTRODUCED, "1.2.0"), ev(CK_OSV_FIXED, "1.10.0")};
    struct ck_osv_event limit[] = {ev(CK_OSV_INTRODUCED, "0"), ev(CK_OSV_LIMIT, "5.0")};
    struct ck_osv_range r = {CK_OSV_RANGE_ECOSYSTEM, (char *)"ECOSYSTEM", NULL, twice, 4};
    struct ck_osv_range two[2] = {{CK_OSV_RANGE_ECOSYSTEM, (char *)"ECOSYSTEM", NULL, twice, 4},
                                  {CK_OSV_RANGE_ECOSYSTEM, (char *)"ECOSYSTEM", NULL, last, 2}};
    const char *fixed = "unset";

    CK_CHECK_INT(affects(CK_VERSION_DEB, &r, 1, 0, "0.5-1", &fixed), 1);
    CK_CHECK_STR(fixed, "1.0-1");
    CK_CHECK_INT(affects(CK_VERSION_DEB, &r, 1, 0, "1.0-1", &fixed), 0);
    CK_CHECK(fixed == NULL);
    CK_CHECK_INT(affects(CK_VERSION_DEB, &r, 1, 0, "1.5-1", &fixed), 0);
    CK_CHECK_INT(affects(CK_VERSION_DEB, &r, 1, 0, "2.0-1", &fixed), 1);
    CK_CHECK_STR(fixed, "3.0-1");
    CK_CHECK_INT(affects(CK_VERSION_DEB, &r, 1, 0, "2.0-1~rc1", &fixed), 0); /* ~ sorts before */
    CK_CHECK_INT(affects(CK_VERSION_DEB, &r, 1, 0, "1:0.1-1", &fixed), 0);   /* the epoch wins */
    CK_CHECK_INT(affects(CK_VERSION_DEB, &r, 1, 1, "1.5-1", &fixed), 1);     /* listed in versions[] */
    CK_CHECK(fixed == NULL);

    r.events = last;
    r.event_count = 2;
    CK_CHECK_INT(affects(CK_VERSION_DEB, &r, 1, 0, "0.9", &fixed), 0);
    CK_CHECK_INT(affects(CK_VERSION_DEB, &r, 1, 0, "1.0", &fixed), 1);
    CK_CHECK(fixed == NULL);
    CK_CHECK_INT(affects(CK_VERSION_DEB, &r, 1, 0, "2.0", &fixed), 1);
    CK_CHECK_INT(affects(CK_VERSION_DEB, &r, 1, 0, "2.0.1", &fixed), 0);

    /* Two ranges: a fix is only a fix when every matching range has one. */
    CK_CHECK_INT(affects(CK_VERSION_DEB, two, 2, 0, "1.0", &fixed), 1); /* in both */
    CK_CHECK(fixed == NULL); /* the last_affected range has no fix */
    CK_CHECK_INT(affects(CK_VERSION_DEB, two, 2, 0, "0.5", &fixed), 1);
    CK_CHECK_STR(fixed, "1.0-1");
    CK_CHECK_INT(affects(CK_VERSION_DEB, two, 2, 0, "2.5-1", &fixed), 1);
    CK_CHECK_STR(fixed, "3.0-1");
    CK_CHECK_INT(affects(CK_VERSION_DEB, two, 2, 0, "3.5", &fixed), 0);

    r.events = git;
    r.type = CK_OSV_RANGE_GIT;
    CK_CHECK_INT(affects(CK_VERSION_DEB, &r, 1, 0, "1.0", &fixed), 0);

    r.events = semver;
    r.type = CK_OSV_RANGE_SEMVER;
    CK_CHECK_INT(affects(CK_VERSION_DEB, &r, 1, 0, "1.9.0", &fixed), 1);
    CK_CHECK_INT(affects(CK_VERSION_DEB, &r, 1, 0, "1.10.0-rc.1", &fixed), 1); /* a pre-release precedes */
    CK_CHECK_STR(fixed, "1.10.0");
    CK_CHECK_INT(affects(CK_VERSION_DEB, &r, 1, 0, "1.10.0", &fixed), 0);

    r.events = limit;
    r.type = CK_OSV_RANGE_ECOSYSTEM;
    CK_CHECK_INT(affects(CK_VERSION_APK, &r, 1, 0, "4.9-r0", &fixed), 1);
    CK_CHECK_INT(affects(CK_VERSION_APK, &r, 1, 0, "5.0-r0", &fixed), 0);
}

int main(int argc, char **argv)
{
    struct ck_err err;
    char path[1024];

    if (argc < 2) {
        fprintf(stderr, "usage: test_match FIXTURES\n");
        return 2;
    }
    fixtures = argv[1];
    remove_db();
    snprintf(path, sizeof path, "%s/osv", fixtures);
    if (ck_vulndb_open(db_path, &db, &err) != CK_OK || ck_vulndb_import_file(db, path, NULL, NULL, &err) != CK_OK) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return 1;
    }
    CK_RUN(test_debian_image);
    CK_RUN(test_later_versions_leave_fewer_findings);
    CK_RUN(test_alpine_image);
    CK_RUN(test_ubuntu_image);
    CK_RUN(test_duplicates_and_unsupported);
    CK_RUN(test_streams_of_an_ecosystem);
    CK_RUN(test_evaluation_rules);
    ck_vulndb_close(db);
    remove_db();
    return ck_test_summary();
}
