/* Tests of the OSV record parser: the fixture records of each distribution,
 * and malformed records with the messages they must produce. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "platform/platform.h"
#include "util/buf.h"
#include "vuln/osv.h"
#include "util/text.h"

static const char *fixtures;

static char *load(const char *rel, size_t *len)
{
    char path[1024];
    struct ck_buf b;
    char chunk[4096];
    size_t n;
    FILE *f;

    snprintf(path, sizeof path, "%s/osv/%s", fixtures, rel);
    f = ck_fopen(path, "rb");
    if (!f)
        return NULL;
    ck_buf_init(&b);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ck_buf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return ck_buf_take(&b);
}

/* Parses a fixture; returns the status, fills rec and err. */
static enum ck_status parse_fixture(const char *rel, struct ck_osv_record *rec, struct ck_err *err)
{
    size_t len = 0;
    char *json = load(rel, &len);
    enum ck_status st;
    if (!json)
        return ck_err_set(err, CK_ERR_IO, "cannot read fixture %s", rel);
    st = ck_osv_parse(json, len, rel, rec, err);
    free(json);
    return st;
}

static void test_debian_record(void)
{
    struct ck_osv_record r;
    struct ck_err err;
    const struct ck_osv_affected *a;

    ck_osv_record_init(&r);
    CK_REQUIRE(parse_fixture("debian/DEBIAN-CVE-2023-4911.json", &r, &err) == CK_OK);
    CK_CHECK_STR(r.id, "DEBIAN-CVE-2023-4911");
    CK_CHECK_STR(r.schema_version, "1.6.0");
    CK_CHECK_STR(r.modified, "2024-09-03T07:02:11.428318Z");
    CK_CHECK_INT(r.modified_us, 1725346931428318LL);
    CK_CHECK_INT(r.upstream_count, 1);
    CK_CHECK_STR(r.upstream[0], "CVE-2023-4911");
    CK_CHECK_INT(r.alias_count, 0);
    CK_CHECK_STR(ck_osv_record_cve(&r), "CVE-2023-4911");
    CK_CHECK(r.summary == NULL);
    CK_CHECK(r.withdrawn == NULL);
    CK_CHECK(!strncmp(r.details, "The dynamic loader", 18));
    CK_REQUIRE(r.severity_count == 1);
    CK_CHECK_STR(r.severities[0].type, "CVSS_V3");
    CK_CHECK_STR(r.severities[0].score, "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H");
    CK_REQUIRE(r.affected_count == 3);
    a = &r.affected[1];
    CK_CHECK_STR(a->ecosystem, "Debian:12");
    CK_CHECK_STR(a->name, "glibc");
    CK_CHECK_STR(a->purl, "pkg:deb/debian/glibc?arch=source");
    CK_CHECK_STR(a->distro_severity, "not yet assigned");
    CK_REQUIRE(a->range_count == 1);
    CK_CHECK_INT(a->ranges[0].type, CK_OSV_RANGE_ECOSYSTEM);
    CK_CHECK_STR(a->ranges[0].type_name, "ECOSYSTEM");
    CK_REQUIRE(a->ranges[0].event_count == 2);
    CK_CHECK_INT(a->ranges[0].events[0].kind, CK_OSV_INTRODUCED);
    CK_CHECK_STR(a->ranges[0].events[0].version, "0");
    CK_CHECK_INT(a->ranges[0].events[1].kind, CK_OSV_FIXED);
    CK_CHECK_STR(a->ranges[0].events[1].version, "2.36-9+deb12u3");
    CK_CHECK_INT(a->version_count, 4);
    CK_CHECK_STR(a->versions[3], "2.36-9+deb12u2");
    CK_REQUIRE(r.reference_count == 2);
    CK_CHECK_STR(r.references[0].type, "ADVISORY");
    CK_CHECK_STR(r.references[1].url, "https://www.openwall.com/lists/oss-security/2023/10/03/2");
    ck_osv_record_release(&r);
    CK_CHECK(r.id == NULL && r.affected == NULL); /* released and reset */
}

static void test_dsa_aliases_and_summary(void)
{
    struct ck_osv_record r;
    struct ck_err err;
    ck_osv_record_init(&r);
    CK_REQUIRE(parse_fixture("debian/DSA-5514-1.json", &r, &err) == CK_OK);
    CK_CHECK_STR(r.summary, "glibc - security update");
    CK_REQUIRE(r.alias_count == 1);
    CK_CHECK_STR(ck_osv_record_cve(&r), "CVE-2023-4911");
    CK_CHECK(r.affected[0].purl == NULL);
    CK_CHECK(r.affected[0].distro_severity == NULL);
    ck_osv_record_release(&r);
}

static void test_ubuntu_severity_shapes(void)
{
    struct ck_osv_record r;
    struct ck_err err;
    ck_osv_record_init(&r);
    CK_REQUIRE(parse_fixture("ubuntu/UBUNTU-CVE-2023-0286.json", &r, &err) == CK_OK);
    CK_REQUIRE(r.severity_count == 2);
    CK_CHECK_STR(r.severities[1].type, "Ubuntu");
    CK_CHECK_STR(r.severities[1].score, "high");
    CK_CHECK_INT(r.related_count, 1);
    CK_CHECK_STR(r.related[0], "USN-5844-1");
    CK_CHECK_STR(r.affected[1].ecosystem, "Ubuntu:22.04:LTS");
    /* binaries and availability are not a rating */
    CK_CHECK(r.affected[1].distro_severity == NULL);
    ck_osv_record_release(&r);

    CK_REQUIRE(parse_fixture("ubuntu/UBUNTU-CVE-2022-3715.json", &r, &err) == CK_OK);
    CK_CHECK_STR(r.affected[0].distro_severity, "medium"); /* ecosystem_specific.ubuntu_priority */
    ck_osv_record_release(&r);

    CK_REQUIRE(parse_fixture("ubuntu/UBUNTU-CVE-2023-99002.json", &r, &err) == CK_OK);
    CK_CHECK_INT(r.affected[0].range_count, 0);
    CK_CHECK_INT(r.affected[0].version_count, 2);
    ck_osv_record_release(&r);
}

static void test_alpine_last_affected_and_database_specific(void)
{
    struct ck_osv_record r;
    struct ck_err err;
    ck_osv_record_init(&r);
    CK_REQUIRE(parse_fixture("alpine/ALPINE-CVE-2023-42364.json", &r, &err) == CK_OK);
    CK_CHECK_INT(r.affected[0].ranges[0].events[1].kind, CK_OSV_LAST_AFFECTED);
    CK_CHECK_STR(r.affected[0].ranges[0].events[1].version, "1.36.1-r28");
    ck_osv_record_release(&r);
    CK_REQUIRE(parse_fixture("alpine/ALPINE-CVE-2025-26519.json", &r, &err) == CK_OK);
    CK_CHECK_STR(r.distro_severity, "high");
    ck_osv_record_release(&r);
}

static void test_withdrawn(void)
{
    struct ck_osv_record r;
    struct ck_err err;
    ck_osv_record_init(&r);
    CK_REQUIRE(parse_fixture("debian/DEBIAN-CVE-2023-99001.json", &r, &err) == CK_OK);
    CK_CHECK_STR(r.withdrawn, "2023-12-01T10:00:00Z");
    ck_osv_record_release(&r);
}

static void test_malformed_fixtures_name_record_and_fault(void)
{
    struct ck_osv_record r;
    struct ck_err err;

    ck_osv_record_init(&r);
    CK_CHECK_INT(parse_fixture("debian/DEBIAN-CVE-2024-0001-broken-event.json", &r, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "DEBIAN-CVE-2024-0001") != NULL);
    CK_CHECK(strstr(err.msg, "affected[0].ranges[0].events[1]") != NULL);
    CK_CHECK(r.id == NULL); /* output untouched */
    CK_CHECK_INT(parse_fixture("debian/DEBIAN-CVE-2024-0002-truncated.json", &r, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "DEBIAN-CVE-2024-0002-truncated.json") != NULL);
    CK_CHECK(strstr(err.msg, "not valid JSON") != NULL);
}

struct bad_case {
    const char *json;
    const char *words; /* must appear in the message */
};

static void test_malformed_inline(void)
{
    static const struct bad_case cases[] = {
        {"[]", "not a JSON object"},
        {"{\"modified\":\"2024-01-01T00:00:00Z\"}", "\"id\" is missing"},
        {"{\"id\":\"X-1\"}", "X-1 (inline.json): \"modified\" is missing"},
        {"{\"id\":\"X-1\",\"modified\":\"yesterday\"}", "not an RFC 3339 time"},
        {"{\"id\":\"X-1\",\"modified\":\"2024-02-30T00:00:00Z\"}", "not an RFC 3339 time"},
        {"{\"id\":7,\"modified\":\"2024-01-01T00:00:00Z\"}", "\"id\" is not a string"},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"aliases\":\"CVE-1\"}", "\"aliases\" is not an array"},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"aliases\":[1]}", "\"aliases\"[0] is not a string"},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":{}}", "\"affected\" is not an array"},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"package\":{\"name\":\"a\"}}]}",
         "affected[0].package: \"ecosystem\" is missing"},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"ranges\":[{\"events\":[]}]}]}",
         "affected[0].ranges[0]: \"type\" is missing"},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[]}]}]}",
         "affected[0].ranges[0] has no events"},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"ranges\":[{\"type\":\"ECOSYSTEM\","
         "\"events\":[{\"introduced\":\"0\",\"fixed\":\"1\"}]}]}]}",
         "more than one"},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"ranges\":[{\"type\":\"ECOSYSTEM\","
         "\"events\":[{\"fixed\":\"\"}]}]}]}",
         "\"fixed\" is not a non-empty string"},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"ranges\":[{\"type\":\"ECOSYSTEM\","
         "\"events\":[{\"fixed\":\"1.0\\u001f2\"}]}]}]}",
         "holds a control character"},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"severity\":[{\"type\":\"CVSS_V3\"}]}",
         "severity[0]: \"score\" is missing"},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"references\":[{\"type\":\"WEB\"}]}",
         "references[0]: \"url\" is missing"},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"versions\":[\"1\",2]}]}",
         "\"versions\"[1] is not a string"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ck_osv_record r;
        struct ck_err err;
        enum ck_status st;
        ck_osv_record_init(&r);
        ck_err_clear(&err);
        st = ck_osv_parse(cases[i].json, strlen(cases[i].json), "inline.json", &r, &err);
        CK_CHECK_INT(st, CK_ERR_PARSE);
        if (!strstr(err.msg, cases[i].words))
            fprintf(stderr, "  case %u: \"%s\" lacks \"%s\"\n", (unsigned)i, err.msg, cases[i].words);
        CK_CHECK(strstr(err.msg, cases[i].words) != NULL);
        CK_CHECK(strstr(err.msg, "inline.json") != NULL);
        ck_osv_record_release(&r);
    }
}

static void test_lenient_where_the_schema_is(void)
{
    /* Optional fields as null, unknown fields, GIT ranges, a package-less entry. */
    static const char json[] =
        "{\"id\":\"OSV-2024-1\",\"modified\":\"2024-01-01T10:00:00+02:00\",\"summary\":null,"
        "\"future_field\":{\"x\":1},\"database_specific\":{\"severity\":{\"nested\":1}},"
        "\"affected\":[{\"ranges\":[{\"type\":\"GIT\",\"repo\":\"https://example.org/r.git\","
        "\"events\":[{\"introduced\":\"abc\"},{\"limit\":\"def\"}]}]},"
        "{\"package\":{\"ecosystem\":\"Alpine:v3.20\",\"name\":\"zlib\"},\"ranges\":[{\"type\":\"NEWTYPE\","
        "\"events\":[{\"introduced\":\"0\"}]}]}]}";
    struct ck_osv_record r;
    struct ck_err err;

    ck_osv_record_init(&r);
    CK_REQUIRE(ck_osv_parse(json, sizeof json - 1, NULL, &r, &err) == CK_OK);
    CK_CHECK(r.summary == NULL);
    CK_CHECK(r.distro_severity == NULL);
    CK_CHECK_INT(r.modified_us, 1704096000LL * 1000000); /* 08:00 UTC */
    CK_CHECK(r.affected[0].ecosystem == NULL);
    CK_CHECK_INT(r.affected[0].ranges[0].type, CK_OSV_RANGE_GIT);
    CK_CHECK_STR(r.affected[0].ranges[0].repo, "https://example.org/r.git");
    CK_CHECK_INT(r.affected[0].ranges[0].events[1].kind, CK_OSV_LIMIT);
    CK_CHECK_INT(r.affected[1].ranges[0].type, CK_OSV_RANGE_OTHER);
    CK_CHECK(ck_osv_record_cve(&r) == NULL);
    ck_osv_record_release(&r);
}

static void test_parse_replaces_previous_contents(void)
{
    static const char a[] = "{\"id\":\"A-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"aliases\":[\"CVE-2024-1\"]}";
    static const char b[] = "{\"id\":\"B-2\",\"modified\":\"2024-01-02T00:00:00Z\"}";
    struct ck_osv_record r;
    struct ck_err err;
    ck_osv_record_init(&r);
    CK_REQUIRE(ck_osv_parse(a, sizeof a - 1, NULL, &r, &err) == CK_OK);
    CK_REQUIRE(ck_osv_parse(b, sizeof b - 1, NULL, &r, &err) == CK_OK);
    CK_CHECK_STR(r.id, "B-2");
    CK_CHECK_INT(r.alias_count, 0);
    ck_osv_record_release(&r);
}

static void test_time_parsing(void)
{
    int64_t us = 0;
    char out[32];
    CK_CHECK_INT(ck_text_parse_time("1970-01-01T00:00:00Z", &us), 0);
    CK_CHECK_INT(us, 0);
    CK_CHECK_INT(ck_text_parse_time("2000-02-29T23:59:59.5Z", &us), 0);
    CK_CHECK_INT(us, 951868799500000LL);
    CK_CHECK_INT(ck_text_parse_time("2023-02-29T00:00:00Z", &us), -1);
    CK_CHECK_INT(ck_text_parse_time("1900-02-29T00:00:00Z", &us), -1);
    CK_CHECK_INT(ck_text_parse_time("2024-01-01T00:00:00", &us), -1);
    CK_CHECK_INT(ck_text_parse_time("2024-01-01T00:00:00Zjunk", &us), -1);
    CK_CHECK_INT(ck_text_parse_time("2024-13-01T00:00:00Z", &us), -1);
    ck_text_format_time(1725346931, out, sizeof out);
    CK_CHECK_STR(out, "2024-09-03T07:02:11Z");
    ck_text_format_time(951868799, out, sizeof out);
    CK_CHECK_STR(out, "2000-02-29T23:59:59Z");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_osv FIXTURES\n");
        return 2;
    }
    fixtures = argv[1];
    CK_RUN(test_debian_record);
    CK_RUN(test_dsa_aliases_and_summary);
    CK_RUN(test_ubuntu_severity_shapes);
    CK_RUN(test_alpine_last_affected_and_database_specific);
    CK_RUN(test_withdrawn);
    CK_RUN(test_malformed_fixtures_name_record_and_fault);
    CK_RUN(test_malformed_inline);
    CK_RUN(test_lenient_where_the_schema_is);
    CK_RUN(test_parse_replaces_previous_contents);
    CK_RUN(test_time_parsing);
    return ck_test_summary();
}
