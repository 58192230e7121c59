/* Tests of the imports of other scanners' reports (Trivy, Grype, Docker
 * Scout SARIF, snyk / docker scan) on the project's fixtures
 * (tests/fixtures/imports, see its README), their quirks, the original's
 * report folder, errors, and storing into a history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifndef _WIN32
#include <unistd.h>
#endif

#include "ck_test.h"
#include "platform/file.h"
#include "platform/platform.h"
#include "report/import.h"
#include "store/history.h"
#include "util/buf.h"
#include "util/text.h"

static const char *fixtures;

static char *fixture(const char *name)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s%cimports%c%s", fixtures, CK_PATH_SEP, CK_PATH_SEP, name);
    return path;
}

static const struct ck_history_finding *find(const struct ck_import_scan *s, const char *id, const char *pkg)
{
    size_t i;
    for (i = 0; i < s->findings.count; i++)
        if (!strcmp(s->findings.items[i].record_id, id) && !strcmp(s->findings.items[i].package, pkg))
            return &s->findings.items[i];
    return NULL;
}

static int warned(const struct ck_import_result *r, const char *text)
{
    size_t i;
    for (i = 0; i < r->warning_count; i++)
        if (strstr(r->warnings[i], text))
            return 1;
    return 0;
}

static int read_fixture(const char *name, const struct ck_import_options *opts, struct ck_import_result *r)
{
    struct ck_err err;
    enum ck_status st;
    ck_import_result_init(r);
    st = ck_import_read(fixture(name), opts, r, &err);
    if (st != CK_OK)
        fprintf(stderr, "%s: %s\n", name, err.msg);
    return st == CK_OK;
}

static void test_trivy(void)
{
    struct ck_import_result r;
    const struct ck_import_scan *s;
    const struct ck_history_finding *f;

    CK_REQUIRE(read_fixture("trivy-alpine.json", NULL, &r));
    CK_REQUIRE(r.count == 1);
    s = &r.scans[0];
    CK_CHECK_STR(s->engine, "trivy");
    CK_CHECK_STR(s->repository, "docker.io/library/alpine");
    CK_CHECK_STR(s->tag, "3.10");
    CK_CHECK_STR(s->digest, "sha256:2222222222222222222222222222222222222222222222222222222222222222");
    CK_CHECK_STR(s->os, "alpine 3.10.2");
    CK_CHECK_INT(s->scanned_at, 1714558830); /* 2024-05-01T10:20:30Z */
    CK_CHECK(s->error == NULL);
    /* 4 kept: not_affected, the duplicate and the two incomplete ones go. */
    CK_CHECK_INT(s->findings.count, 4);

    f = find(s, "CVE-2019-1549", "libcrypto1.1");
    CK_REQUIRE(f != NULL);
    CK_CHECK_STR(f->cve, "CVE-2019-1549");
    CK_CHECK_STR(f->installed, "1.1.1c-r0");
    CK_CHECK_STR(f->fixed, "1.1.1d-r0");
    CK_CHECK_INT(f->severity, CK_SEV_MEDIUM);
    CK_CHECK(f->cvss_score == 5.3); /* NVD's, not Red Hat's 4.8 */
    CK_CHECK_STR(f->cvss_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N");
    CK_CHECK_STR(f->title, "=cmd|' /C calc'!A0");
    CK_CHECK_STR(f->description, "Line one, with \"quotes\"\r\nline two <script>alert(1)</script> & more");
    CK_CHECK_STR(f->refs, "https://avd.aquasec.com/nvd/cve-2019-1549\nhttps://www.openssl.org/news/secadv/20190910.txt");

    f = find(s, "CVE-2019-1551", "libssl1.1");
    CK_REQUIRE(f != NULL);
    CK_CHECK_INT(f->severity, CK_SEV_UNKNOWN);
    CK_CHECK(f->cvss_score > 3.65 && f->cvss_score < 3.75); /* computed from the vector: 3.7 */
    CK_CHECK_STR(f->title, "+SUM(1,2)"); /* the first of the two listings */
    CK_CHECK(warned(&r, "trivy-alpine.json: CVE-2019-1551 in libssl1.1: unknown severity 'SUPER', counted as Unknown"));

    f = find(s, "CVE-2020-0002", "zlib");
    CK_REQUIRE(f != NULL);
    CK_CHECK(f->cvss_vector == NULL);
    CK_CHECK(f->cvss_score == 9.8);
    CK_CHECK_INT(f->severity, CK_SEV_CRITICAL);
    CK_CHECK(f->fixed == NULL);
    CK_CHECK(warned(&r, "CVSS vector 'CVSS:3.1/AV:X/garbage' dropped"));

    f = find(s, "GHSA-aaaa-bbbb-cccc", "com.example:lib");
    CK_REQUIRE(f != NULL);
    CK_CHECK(f->cve == NULL);
    CK_CHECK_INT(f->severity, CK_SEV_UNKNOWN); /* "UNKNOWN" is a word we know: no warning */
    CK_CHECK(!warned(&r, "'UNKNOWN'"));

    CK_CHECK(find(s, "CVE-2020-0001", "musl") == NULL);
    CK_CHECK(warned(&r, "a finding without identifier (busybox) skipped"));
    CK_CHECK(warned(&r, "a finding without package (CVE-2020-0003) skipped"));
    CK_CHECK_INT(r.warning_count, 4);
    ck_import_result_release(&r);
}

static void test_trivy_quirks(void)
{
    struct ck_import_result r;

    CK_REQUIRE(read_fixture("trivy-empty.json", NULL, &r));
    CK_REQUIRE(r.count == 1);
    CK_CHECK_STR(r.scans[0].repository, "docker.io/example/app");
    CK_CHECK_STR(r.scans[0].tag, "main-159");
    CK_CHECK_STR(r.scans[0].os, "debian 10.13");
    CK_CHECK_INT(r.scans[0].scanned_at, 1714608000);
    CK_CHECK_INT(r.scans[0].findings.count, 0);
    ck_import_result_release(&r);

    CK_REQUIRE(read_fixture("trivy-latin1.json", NULL, &r));
    CK_REQUIRE(r.count == 1 && r.scans[0].findings.count == 1);
    CK_CHECK_STR(r.scans[0].findings.items[0].package, "caf\xEF\xBF\xBD");
    CK_CHECK_STR(r.scans[0].findings.items[0].title, "caf\xEF\xBF\xBD \xE2\x9C\x93");
    CK_CHECK_INT(r.scans[0].findings.items[0].severity, CK_SEV_LOW);
    CK_CHECK_INT(r.scans[0].scanned_at, 0);
    ck_import_result_release(&r);
}

static void test_grype(void)
{
    struct ck_import_result r;
    const struct ck_import_scan *s;
    const struct ck_history_finding *f;

    CK_REQUIRE(read_fixture("grype-debian.json", NULL, &r));
    CK_REQUIRE(r.count == 1);
    s = &r.scans[0];
    CK_CHECK_STR(s->engine, "grype");
    CK_CHECK_STR(s->repository, "registry.example.com/dev/example-image");
    CK_CHECK_STR(s->tag, "4.2.0");
    CK_CHECK_STR(s->digest, "sha256:4444444444444444444444444444444444444444444444444444444444444444");
    CK_CHECK_STR(s->os, "debian 10");
    CK_CHECK_INT(s->scanned_at, 1714716000); /* 08:00:00.5+02:00 */
    CK_CHECK_INT(s->findings.count, 3);

    f = find(s, "GHSA-xxxx-yyyy-zzzz", "requests");
    CK_REQUIRE(f != NULL);
    CK_CHECK_STR(f->cve, "CVE-2023-1111");
    CK_CHECK_STR(f->fixed, "2.0.1");
    CK_CHECK_INT(f->severity, CK_SEV_HIGH);
    CK_CHECK(f->cvss_score == 9.8);
    CK_CHECK_STR(f->cvss_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
    CK_CHECK_STR(f->description, "Hostile, \"quoted\"\ndescription");
    CK_CHECK_STR(f->refs, "https://github.com/advisories/GHSA-xxxx-yyyy-zzzz\nhttps://example.com/advisory\n"
                          "https://nvd.example/CVE-2023-1111");

    f = find(s, "CVE-2004-0971", "libgssapi-krb5-2");
    CK_REQUIRE(f != NULL);
    CK_CHECK_STR(f->source_name, "krb5");
    CK_CHECK_INT(f->severity, CK_SEV_NEGLIGIBLE);
    CK_CHECK(f->fixed == NULL);
    CK_CHECK(f->cvss_score < 0);

    f = find(s, "CVE-2023-2222", "libc6");
    CK_REQUIRE(f != NULL);
    CK_CHECK(f->fixed == NULL); /* wont-fix lists a version that is no fix */
    CK_CHECK_STR(f->source_name, "glibc");
    CK_CHECK(f->cvss_score == 5.5);
    CK_CHECK(warned(&r, "a finding without package (CVE-2023-3333) skipped"));
    ck_import_result_release(&r);

    /* No matches, an unknown target: the file name stands for the image. */
    CK_REQUIRE(read_fixture("grype-empty.json", NULL, &r));
    CK_REQUIRE(r.count == 1);
    CK_CHECK_STR(r.scans[0].repository, "grype-empty");
    CK_CHECK_STR(r.scans[0].tag, "");
    CK_CHECK_STR(r.scans[0].os, "centos 8.0");
    CK_CHECK_INT(r.scans[0].scanned_at, 0);
    CK_CHECK_INT(r.scans[0].findings.count, 0);
    ck_import_result_release(&r);
}

static void test_scout(void)
{
    struct ck_import_result r;
    struct ck_import_options opts;
    const struct ck_import_scan *s;
    const struct ck_history_finding *f;

    CK_REQUIRE(read_fixture("scout-debian12.sarif.json", NULL, &r));
    CK_REQUIRE(r.count == 1);
    s = &r.scans[0];
    CK_CHECK_STR(s->engine, "docker-scout");
    CK_CHECK_STR(s->repository, "scout-debian12"); /* the file names no image */
    CK_CHECK_INT(s->findings.count, 3);

    f = find(s, "CVE-2011-3374", "apt");
    CK_REQUIRE(f != NULL);
    CK_CHECK_STR(f->installed, "2.6.1");
    CK_CHECK_STR(f->source_name, "apt");
    CK_CHECK(f->fixed == NULL); /* "not fixed" */
    CK_CHECK_INT(f->severity, CK_SEV_LOW);
    CK_CHECK(f->cvss_score == 3.7);
    CK_CHECK_STR(f->refs, "https://scout.docker.com/v/CVE-2011-3374");
    CK_CHECK_STR(f->description, "It was found that apt-key did not correctly validate gpg keys.");

    f = find(s, "CVE-2023-4911", "glibc");
    CK_REQUIRE(f != NULL);
    CK_CHECK_STR(f->installed, "2.36-9+deb12u1"); /* %2B decoded */
    CK_CHECK_STR(f->fixed, "2.36-9+deb12u3");
    CK_CHECK_INT(f->severity, CK_SEV_HIGH);

    /* Wrong ruleIndex: found by id. UNSPECIFIED with a score of 8.2: High. */
    f = find(s, "GHSA-1111-2222-3333", "com.thoughtworks.xstream:xstream");
    CK_REQUIRE(f != NULL);
    CK_CHECK_STR(f->installed, "1.4.5");
    CK_CHECK_INT(f->severity, CK_SEV_HIGH);
    CK_CHECK(f->cvss_score == 8.2);
    CK_CHECK(f->cvss_vector && !strncmp(f->cvss_vector, "CVSS:4.0/", 9));
    CK_CHECK_STR(f->title, "=HYPERLINK(\"http://evil\")");
    CK_CHECK(warned(&r, "a finding without package (CVE-2024-0001) skipped"));
    ck_import_result_release(&r);

    /* The image given by the caller. */
    memset(&opts, 0, sizeof opts);
    opts.image = "registry.example.com/dev/app:1.0";
    CK_REQUIRE(read_fixture("scout-debian12.sarif.json", &opts, &r));
    CK_CHECK_STR(r.scans[0].repository, "registry.example.com/dev/app");
    CK_CHECK_STR(r.scans[0].tag, "1.0");
    ck_import_result_release(&r);

    CK_REQUIRE(read_fixture("scout-empty.sarif.json", NULL, &r));
    CK_CHECK_INT(r.count, 1);
    CK_CHECK_INT(r.scans[0].findings.count, 0);
    ck_import_result_release(&r);
}

static void test_snyk(void)
{
    struct ck_import_result r;
    const struct ck_import_scan *s;
    const struct ck_history_finding *f;

    CK_REQUIRE(read_fixture("snyk-array.json", NULL, &r));
    CK_REQUIRE(r.count == 2);
    s = &r.scans[0];
    CK_CHECK_STR(s->engine, "snyk");
    CK_CHECK_STR(s->repository, "docker.io/library/ubuntu");
    CK_CHECK_STR(s->tag, "xenial-20210429");
    CK_CHECK_INT(s->findings.count, 4); /* 3 OS findings + 1 from applications[] */
    f = find(s, "SNYK-UBUNTU1604-OPENSSL-1049144", "libssl1.0.0");
    CK_REQUIRE(f != NULL);
    CK_CHECK_STR(f->source_name, "openssl");
    CK_CHECK_STR(f->cve, "CVE-2021-3449");
    CK_CHECK_STR(f->fixed, "1.0.2g-1ubuntu4.20");
    CK_CHECK_INT(f->severity, CK_SEV_HIGH);
    CK_CHECK(f->cvss_score == 5.9);
    CK_CHECK_STR(f->title, "Hostile, \"title\"\nwith a newline");
    CK_CHECK_STR(f->refs, "https://security-tracker.debian.org/tracker/CVE-2021-3449");
    CK_CHECK(find(s, "SNYK-UBUNTU1604-OPENSSL-1049144", "openssl") != NULL);
    f = find(s, "SNYK-UBUNTU1604-GLIBC-1296898", "libc6");
    CK_REQUIRE(f != NULL);
    CK_CHECK(f->cve == NULL && f->fixed == NULL);
    CK_CHECK_INT(f->severity, CK_SEV_MEDIUM);
    f = find(s, "SNYK-JS-LODASH-567746", "lodash");
    CK_REQUIRE(f != NULL);
    CK_CHECK_INT(f->severity, CK_SEV_CRITICAL);
    CK_CHECK(f->source_name == NULL);

    s = &r.scans[1];
    CK_CHECK_STR(s->repository, "registry.example.com/dev/clean");
    CK_CHECK_STR(s->tag, "1.0"); /* from path: no dependency path to take it from */
    CK_CHECK_INT(s->findings.count, 0);
    ck_import_result_release(&r);
}

static void test_original_folder(void)
{
    struct ck_import_result r;
    const struct ck_import_scan *broken, *ubuntu;
    struct tm tm;

    CK_REQUIRE(read_fixture("original-report", NULL, &r));
    CK_REQUIRE(r.count == 2);
    broken = &r.scans[0]; /* files in name order */
    ubuntu = &r.scans[1];
    CK_CHECK_STR(broken->repository, "registry.example.com/dev/broken");
    CK_CHECK_STR(broken->tag, "2.0");
    CK_CHECK_STR(broken->error, "Failed to get docker image (registry.example.com/dev/broken:2.0): unauthorized");
    CK_CHECK_INT(broken->findings.count, 0);
    CK_CHECK_STR(ubuntu->repository, "docker.io/library/ubuntu");
    CK_CHECK_INT(ubuntu->findings.count, 3);
    /* The times come from the names (local time): 09:31 and 09:30. */
    CK_CHECK_INT(broken->scanned_at - ubuntu->scanned_at, 60);
    ck_time_local(ubuntu->scanned_at, &tm);
    CK_CHECK_INT(tm.tm_year, 121);
    CK_CHECK_INT(tm.tm_mon, 5);
    CK_CHECK_INT(tm.tm_mday, 1);
    CK_CHECK_INT(tm.tm_hour, 9);
    CK_CHECK_INT(tm.tm_min, 30);
    CK_CHECK(warned(&r, "settings.json: no scanner report we know"));
    CK_CHECK(!warned(&r, "notes.txt"));
    ck_import_result_release(&r);
}

/* Copies an import fixture to dir/name, creating dir. */
static void copy_fixture(const char *name, const char *dir, const char *as)
{
    struct ck_buf b;
    struct ck_err err;
    char path[1024];
    FILE *f;

    ck_buf_init(&b);
    CK_REQUIRE(ck_file_read_all(fixture(name), 1 << 20, &b, &err) == CK_OK);
    CK_REQUIRE(ck_mkdirs(dir) == 0);
    snprintf(path, sizeof path, "%s%c%s", dir, CK_PATH_SEP, as);
    CK_REQUIRE((f = fopen(path, "wb")) != NULL);
    fwrite(ck_buf_str(&b), 1, b.len, f);
    fclose(f);
    ck_buf_release(&b);
}

/* Runners' artifacts come as results/<job>/<file>: subfolders are read to
 * four levels below the one named; deeper files and links are not. */
static void test_nested_folders(void)
{
    struct ck_import_result r;
    struct ck_err err;
    const char *sep = CK_PATH_SEP == '/' ? "/" : "\\";
    char dir[256];

    snprintf(dir, sizeof dir, "import_nested%s1", sep);
    copy_fixture("trivy-alpine.json", dir, "a.json");
    snprintf(dir, sizeof dir, "import_nested%s2%sx%sy%sz", sep, sep, sep, sep);
    copy_fixture("grype-debian.json", dir, "four.json");
    snprintf(dir, sizeof dir, "import_nested%s2%sx%sy%sz%sw", sep, sep, sep, sep, sep);
    copy_fixture("trivy-empty.json", dir, "five.json");
#ifndef _WIN32
    {   /* a link to a folder of reports outside: not followed */
        char *target = realpath(fixture(""), NULL);
        CK_REQUIRE(target != NULL);
        unlink("import_nested/link");
        CK_CHECK(symlink(target, "import_nested/link") == 0);
        free(target);
    }
#endif
    ck_import_result_init(&r);
    CK_REQUIRE(ck_import_read("import_nested", NULL, &r, &err) == CK_OK);
    CK_CHECK_INT(r.count, 2);
    if (r.count == 2) {
        CK_CHECK(strstr(r.scans[0].repository, "alpine") != NULL); /* 1/ before 2/ */
        CK_CHECK_INT(r.scans[1].findings.count > 0, 1);
    }
    ck_import_result_release(&r);
}

static void test_errors(void)
{
    struct ck_import_result r;
    struct ck_import_options opts;
    struct ck_err err;

    ck_import_result_init(&r);
    CK_CHECK_INT(ck_import_read(fixture("not-json.json"), NULL, &r, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "not-json.json: not JSON") != NULL);
    CK_CHECK_INT(ck_import_read(fixture("cyclonedx.json"), NULL, &r, &err), CK_ERR_UNSUPPORTED);
    CK_CHECK(strstr(err.msg, "a CycloneDX document") != NULL);
    CK_CHECK_INT(ck_import_read(fixture("missing.json"), NULL, &r, &err), CK_ERR_NOTFOUND);
    CK_CHECK_INT(ck_import_parse("42", 2, "n.json", NULL, &r, &err), CK_ERR_UNSUPPORTED);
    CK_CHECK_INT(ck_import_parse("", 0, "e.json", NULL, &r, &err), CK_ERR_PARSE);
    CK_CHECK_INT(r.count, 0);
    CK_CHECK_INT(r.warning_count, 0);
    /* An array whose second report is bad leaves nothing of the first. */
    {
        const char *mix = "[{\"SchemaVersion\":2,\"ArtifactName\":\"a:1\"}, 7]";
        CK_CHECK_INT(ck_import_parse(mix, strlen(mix), "mix.json", NULL, &r, &err), CK_ERR_UNSUPPORTED);
    }
    CK_CHECK_INT(r.count, 0);
    /* An empty array: nothing, with a warning. */
    CK_CHECK_INT(ck_import_parse("[]", 2, "empty.json", NULL, &r, &err), CK_OK);
    CK_CHECK_INT(r.count, 0);
    CK_CHECK(warned(&r, "empty.json: an empty array"));
    /* A byte order mark before the JSON. */
    {
        const char *bom = "\xEF\xBB\xBF{\"matches\":[],\"source\":{}}";
        CK_CHECK_INT(ck_import_parse(bom, strlen(bom), "bom.json", NULL, &r, &err), CK_OK);
    }
    CK_CHECK_INT(r.count, 1);
    /* A format forced by the caller wins over recognition. */
    memset(&opts, 0, sizeof opts);
    opts.format = CK_IMPORT_SNYK;
    CK_CHECK_INT(ck_import_read(fixture("trivy-empty.json"), &opts, &r, &err), CK_OK);
    CK_CHECK_STR(r.scans[1].engine, "snyk");
    ck_import_result_release(&r);
}

static void test_format_names(void)
{
    enum ck_import_format f;
    CK_CHECK(ck_import_format_parse("trivy", &f) == 0 && f == CK_IMPORT_TRIVY);
    CK_CHECK(ck_import_format_parse("scout", &f) == 0 && f == CK_IMPORT_SCOUT);
    CK_CHECK(ck_import_format_parse("docker-scout", &f) == 0 && f == CK_IMPORT_SCOUT);
    CK_CHECK(ck_import_format_parse("snyk", &f) == 0 && f == CK_IMPORT_SNYK);
    CK_CHECK(ck_import_format_parse("grype", &f) == 0 && f == CK_IMPORT_GRYPE);
    CK_CHECK(ck_import_format_parse("clair", &f) != 0);
    CK_CHECK_STR(ck_import_format_str(CK_IMPORT_SCOUT), "docker-scout");
}

/* Warnings beyond the cap are counted, not kept. */
static void test_warning_cap(void)
{
    struct ck_import_result r;
    struct ck_buf doc;
    struct ck_err err;
    int i;

    ck_buf_init(&doc);
    ck_buf_puts(&doc, "{\"SchemaVersion\":2,\"ArtifactName\":\"x:1\",\"Results\":[{\"Vulnerabilities\":[");
    for (i = 0; i < 120; i++)
        ck_buf_printf(&doc, "%s{\"VulnerabilityID\":\"CVE-2024-%04d\",\"PkgName\":\"p\",\"Severity\":\"odd\"}",
                      i ? "," : "", i);
    ck_buf_puts(&doc, "]}]}");
    ck_import_result_init(&r);
    CK_CHECK_INT(ck_import_parse(doc.data, doc.len, "many.json", NULL, &r, &err), CK_OK);
    CK_CHECK_INT(r.scans[0].findings.count, 120);
    CK_CHECK_INT(r.warning_count, CK_IMPORT_MAX_WARNINGS + 1);
    CK_CHECK(warned(&r, "many.json: 70 more warnings not shown"));
    ck_import_result_release(&r);
    ck_buf_release(&doc);
}

static void test_store(void)
{
    const char *path = "import_test_history.db";
    struct ck_history *h = NULL;
    struct ck_import_result r;
    struct ck_import_stats stats;
    struct ck_history_findings f;
    struct ck_scan_info *scans = NULL, info;
    struct ck_err err;
    size_t n = 0;
    int64_t id = 0;

    ck_remove(path);
    CK_REQUIRE(ck_history_open(path, &h, &err) == CK_OK);
    ck_import_result_init(&r);
    CK_CHECK_INT(ck_import_read(fixture("trivy-alpine.json"), NULL, &r, &err), CK_OK);
    CK_CHECK_INT(ck_import_read(fixture("original-report"), NULL, &r, &err), CK_OK);
    CK_CHECK_INT(ck_import_store(h, &r, &stats, &err), CK_OK);
    CK_CHECK_INT(stats.stored, 3);
    CK_CHECK_INT(stats.skipped, 0);
    /* Again: every report has a time, so nothing is added. */
    CK_CHECK_INT(ck_import_store(h, &r, &stats, &err), CK_OK);
    CK_CHECK_INT(stats.stored, 0);
    CK_CHECK_INT(stats.skipped, 3);

    CK_CHECK_INT(ck_history_latest_scan(h, "docker.io/library/alpine", "3.10", "trivy", &id, &err), CK_OK);
    ck_history_findings_init(&f);
    CK_CHECK_INT(ck_history_load_findings(h, id, &f, &err), CK_OK);
    CK_CHECK_INT(f.count, 4);
    ck_history_findings_release(&f);
    CK_CHECK_INT(ck_history_list_scans(h, "registry.example.com/dev/broken", "2.0", &scans, &n, &err), CK_OK);
    CK_REQUIRE(n == 1);
    CK_CHECK(!scans[0].ok);
    CK_CHECK_STR(scans[0].engine, "snyk");
    CK_CHECK(scans[0].error && strstr(scans[0].error, "unauthorized"));
    ck_scan_infos_free(scans, n);
    memset(&info, 0, sizeof info);
    CK_CHECK_INT(ck_history_get_scan(h, id, &info, &err), CK_OK);
    CK_CHECK_STR(info.os, "alpine 3.10.2");
    CK_CHECK_STR(info.digest, "sha256:2222222222222222222222222222222222222222222222222222222222222222");
    CK_CHECK_INT(info.started_at, 1714558830);
    ck_scan_info_release(&info);
    ck_import_result_release(&r);
    ck_history_close(h);
    ck_remove(path);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_import FIXTURES\n");
        return 2;
    }
    fixtures = argv[1];
    CK_RUN(test_trivy);
    CK_RUN(test_trivy_quirks);
    CK_RUN(test_grype);
    CK_RUN(test_scout);
    CK_RUN(test_snyk);
    CK_RUN(test_original_folder);
    CK_RUN(test_nested_folders);
    CK_RUN(test_errors);
    CK_RUN(test_format_names);
    CK_RUN(test_warning_cap);
    CK_RUN(test_store);
    return ck_test_summary();
}
