/* Tests of the language ecosystems' version orderings (vuln/version_lang.h):
 * small vectors per scheme, each line a fact from the ecosystem's
 * documentation (SemVer 2.0 section 11, PEP 440, Maven's ComparableVersion
 * javadoc, RubyGems' Gem::Version docs, NuGet's versioning docs, Composer's
 * versions page) or a case where two spellings must agree. The ecosystems'
 * own test vectors run in the extended suite (test_version_vectors.c), and
 * the tools themselves in tests/tools/langver_differential.py. */
#include <string.h>

#include "ck_test.h"
#include "vuln/vercmp.h"
#include "vuln/version_lang.h"

struct vec {
    const char *a;
    char op; /* '<', '=', '>' */
    const char *b;
};

static int sgn(int v) { return (v > 0) - (v < 0); }

static void check_table(enum ck_version_scheme scheme, const struct vec *v, size_t n, const char *table)
{
    size_t i;
    for (i = 0; i < n; i++) {
        int want = v[i].op == '<' ? -1 : v[i].op == '>' ? 1 : 0;
        int got = sgn(ck_version_compare(scheme, v[i].a, v[i].b));
        int back = sgn(ck_version_compare(scheme, v[i].b, v[i].a));
        ck_test_checks++;
        if (got != want || back != -want) {
            ck_test_failures++;
            fprintf(stderr, "%s: '%s' %c '%s' failed: compare gives %d, reverse %d\n", table, v[i].a, v[i].op,
                    v[i].b, got, back);
        }
    }
}

#define CHECK_TABLE(scheme, table) check_table(scheme, table, sizeof table / sizeof table[0], #table)

/* SemVer 2.0, section 11's example chain and its rules. */
static const struct vec semver_cases[] = {
    {"1.0.0-alpha", '<', "1.0.0-alpha.1"}, {"1.0.0-alpha.1", '<', "1.0.0-alpha.beta"},
    {"1.0.0-alpha.beta", '<', "1.0.0-beta"}, {"1.0.0-beta", '<', "1.0.0-beta.2"},
    {"1.0.0-beta.2", '<', "1.0.0-beta.11"}, {"1.0.0-beta.11", '<', "1.0.0-rc.1"},
    {"1.0.0-rc.1", '<', "1.0.0"}, {"1.9.0", '<', "1.10.0"}, {"1.10.0", '<', "1.11.0"},
    {"1.0.0+build.1", '=', "1.0.0+build.2"}, {"v1.2.3", '=', "1.2.3"}, {"1.2", '=', "1.2.0"},
    {"1.2.3-4-foo", '>', "1.2.3-4"}, {"1.2.3-Z", '<', "1.2.3-a"},
    {"99999999999999999999.0.0", '>', "9999999999999999999.0.0"},
    /* not SemVer: before every version, by bytes among themselves */
    {"not-a-version", '<', "0.0.0-0"}, {"1.2.3.4", '<', "0.0.1"}, {"a", '<', "b"}, {"1.2.3-", '<', "0.0.0"},
};

/* Go: golang.org/x/mod/semver's documented rules. */
static const struct vec go_cases[] = {
    {"v1.2.3", '=', "1.2.3"}, {"v1", '=', "v1.0.0"}, {"v1.2", '=', "v1.2.0"},
    {"v2.0.0+incompatible", '=', "v2.0.0"}, {"v2.0.0+incompatible", '>', "v1.9.9"},
    /* pseudo-versions: below their base's release, ordered by time */
    {"v0.0.0-20191109021931-daa7c04131f5", '<', "v0.0.0-20200101000000-aaaaaaaaaaaa"},
    {"v1.2.4-0.20191109021931-daa7c04131f5", '>', "v1.2.3"},
    {"v1.2.4-0.20191109021931-daa7c04131f5", '<', "v1.2.4"},
    {"v1.2.4-pre.0.20191109021931-daa7c04131f5", '>', "v1.2.4-pre"},
    /* what Go calls invalid sorts first */
    {"v01.2.3", '<', "v0.0.1"}, {"v1.2-pre", '<', "v0.0.1"}, {"v1.2.3-01", '<', "v0.0.1"},
};

/* PEP 440: its examples of ordering and of normalisation. */
static const struct vec pep440_cases[] = {
    {"1.0.dev456", '<', "1.0a1"}, {"1.0a1", '<', "1.0a2.dev456"}, {"1.0a2.dev456", '<', "1.0a12.dev456"},
    {"1.0a12.dev456", '<', "1.0a12"}, {"1.0a12", '<', "1.0b1.dev456"}, {"1.0b2", '<', "1.0b2.post345.dev456"},
    {"1.0b2.post345.dev456", '<', "1.0b2.post345"}, {"1.0b2.post345", '<', "1.0rc1.dev456"},
    {"1.0rc1", '<', "1.0"}, {"1.0", '<', "1.0+abc.5"}, {"1.0+abc.5", '<', "1.0+abc.7"},
    {"1.0+abc.7", '<', "1.0+5"}, {"1.0+5", '<', "1.0.post456.dev34"}, {"1.0.post456.dev34", '<', "1.0.post456"},
    {"1.0.post456", '<', "1.1.dev1"}, {"1.0", '<', "1!0.1"},
    {"1.0-1", '=', "1.0.post1"}, {"1.0c1", '=', "1.0rc1"}, {"1.0RC1", '=', "1.0rc1"}, {"v1.0", '=', "1.0"},
    {"1.0alpha1", '=', "1.0a1"}, {"1.0-beta.2", '=', "1.0b2"}, {"1.0pre", '=', "1.0rc0"},
    {"1.0preview1", '=', "1.0rc1"}, {"1.0-rev3", '=', "1.0.post3"}, {"1.0.r", '=', "1.0.post0"},
    {"1.0.0", '=', "1"}, {"0!1.0", '=', "1.0"}, {"1.0+ABC", '=', "1.0+abc"}, {"1.0+1-2_3", '=', "1.0+1.2.3"},
    {" 1.0 ", '=', "1.0"}, {"1.0.DEV2", '=', "1.0.dev2"},
    /* not PEP 440: before every version */
    {"1.0-foo", '<', "0.0.dev0"}, {"banana", '<', "0"}, {"1.0+", '<', "0"}, {"1.0a1b1", '<', "0"},
};

/* Maven: ComparableVersion's javadoc and its documented qualifier order. */
static const struct vec maven_cases[] = {
    {"1-alpha", '<', "1-beta"}, {"1-beta", '<', "1-milestone"}, {"1-milestone", '<', "1-rc"},
    {"1-rc", '=', "1-cr"}, {"1-rc", '<', "1-snapshot"}, {"1-snapshot", '<', "1"}, {"1", '=', "1-ga"},
    {"1", '=', "1-final"}, {"1", '=', "1-release"}, {"1", '<', "1-sp"}, {"1-sp", '<', "1-abc"},
    {"1-abc", '<', "1-abd"}, {"1.0.0", '=', "1"}, {"1a1", '=', "1-alpha-1"}, {"1b2", '=', "1-beta-2"},
    {"1m3", '=', "1-milestone-3"}, {"1.0alpha1", '=', "1-alpha-1"}, {"1-1", '<', "1.1"},
    {"1.0-SNAPSHOT", '=', "1-snapshot"}, {"2.0.a1", '=', "2-a1"}, {"1.0.0.a1", '<', "1.0.0-a2"},
    {"1.12345678901234567890", '>', "1.9999999999"}, {"1.01", '=', "1.1"}, {"", '=', "0"},
    /* ComparableVersion is not transitive: maven-artifact 3.8.7 gives this cycle */
    {"1", '<', "1.x-dev"}, {"1.x-dev", '<', "1.0-beta"}, {"1.0-beta", '<', "1"},
};

/* RubyGems: Gem::Version's documented examples. */
static const struct vec rubygems_cases[] = {
    {"1.0.a", '<', "1.0"}, {"1.0.a", '=', "1.a"}, {"1.0.b1", '<', "1.0"}, {"1.0.a.2", '<', "1.0.b1"},
    {"1.0.b1", '<', "1.0.b2"}, {"1.0", '=', "1.0.0"}, {"1.0.0", '=', "1"}, {"1.8.2", '<', "1.8.10"},
    {"1-1", '=', "1.pre.1"}, {"1.0.0-rc1", '<', "1.0.0"}, {"", '=', "0"}, {"2.0.0.rc1", '>', "1.9"},
    {"1.A", '<', "1.a"}, {"1.0.a10", '>', "1.0.a9"},
    /* malformed for Gem::Version: before every version */
    {"1beta", '<', "0"}, {"junk", '<', "0"}, {"1.0-", '<', "0"},
};

/* NuGet: its versioning docs. */
static const struct vec nuget_cases[] = {
    {"1.0", '=', "1.0.0.0"}, {"1.0.01", '=', "1.0.1"}, {"1.0.0-BETA", '=', "1.0.0-beta"},
    {"1.0.0+meta", '=', "1.0.0"}, {"1.0.0-alpha", '<', "1.0.0-beta"}, {"1.0.0-beta", '<', "1.0.0"},
    {"1.0.0-2", '<', "1.0.0-10"}, {"1.0.0-10", '<', "1.0.0-a"}, {"1.0.0.1", '>', "1.0.0"},
    {"1.0.0-beta.2", '<', "1.0.0-beta.10"}, {"1.0.0-rc", '<', "1.0.0-rc.1"},
    {"v1.0", '<', "0.0.1"}, {"1.0.0.0.0", '<', "0.0.1"},
};

/* Packagist: Composer's documented normal forms and stabilities. */
static const struct vec packagist_cases[] = {
    {"1.0-dev", '<', "1.0-alpha1"}, {"1.0-alpha1", '<', "1.0-beta1"}, {"1.0-beta1", '<', "1.0-RC1"},
    {"1.0-RC1", '<', "1.0"}, {"1.0", '<', "1.0-patch1"}, {"1.0-pl1", '=', "1.0-patch1"},
    {"1.0p1", '=', "1.0-patch1"}, {"v1.0", '=', "1.0.0.0"}, {"1.0", '=', "1.0.0"}, {"1.0rc1", '=', "1.0-RC1"},
    {"1.0b2", '=', "1.0-beta2"}, {"1.0a", '=', "1.0-alpha"}, {"1.0.0+build", '=', "1.0.0"},
    {"1.0.0@beta", '=', "1.0.0"}, {"1.0-stable", '=', "1.0"}, {"1.2.3.4", '>', "1.2.3"},
    {"2010-01-02", '<', "2010.01.02"}, /* a date keeps its three parts, 2010.01.02 gets four */ {"1.x-dev", '>', "1.99"}, {"1.x-dev", '<', "2.0"},
    {"dev-master", '<', "0.0.1-dev"}, {"master", '=', "dev-master"}, {"dev-a", '<', "dev-b"},
    {"not a version", '<', "dev-a"},
};

static void test_tables(void)
{
    CHECK_TABLE(CK_VERSION_SEMVER, semver_cases);
    CHECK_TABLE(CK_VERSION_GO, go_cases);
    CHECK_TABLE(CK_VERSION_PEP440, pep440_cases);
    CHECK_TABLE(CK_VERSION_MAVEN, maven_cases);
    CHECK_TABLE(CK_VERSION_RUBYGEMS, rubygems_cases);
    CHECK_TABLE(CK_VERSION_NUGET, nuget_cases);
    CHECK_TABLE(CK_VERSION_PACKAGIST, packagist_cases);
}

static void test_validity(void)
{
    CK_CHECK(ck_version_pep440_valid("1.0.post1.dev2+local.3"));
    CK_CHECK(ck_version_pep440_valid("V1!2.0RC3"));
    CK_CHECK(!ck_version_pep440_valid("1.0.0-foo"));
    CK_CHECK(!ck_version_pep440_valid(""));
    CK_CHECK(ck_version_rubygems_valid("1.0.0.pre-1"));
    CK_CHECK(ck_version_rubygems_valid(""));
    CK_CHECK(!ck_version_rubygems_valid("1beta"));
}

static void test_packagist_normal_forms(void)
{
    static const struct {
        const char *in, *out; /* out NULL: Composer rejects it */
    } cases[] = {
        {"1.0", "1.0.0.0"},
        {"v1.2.3", "1.2.3.0"},
        {"1.0RC1", "1.0.0.0-RC1"},
        {"1.0-beta.2-dev", "1.0.0.0-beta2-dev"},
        {"1.0pl3", "1.0.0.0-patch3"},
        {"1.x-dev", "1.9999999.9999999.9999999-dev"},
        {"2.1.x-dev", "2.1.9999999.9999999-dev"},
        {"20100102", "20100102"},
        {"2010-01-02.5", "2010.01.02.5"},
        {"dev-feature/x", "dev-feature/x"},
        {"DEV-Foo", "dev-Foo"},
        {"trunk", "dev-trunk"},
        {"1.0.0-STABLE", "1.0.0.0-stable"},
        {"1.0.0+sha.5114f85", "1.0.0.0"},
        {"1.2.3.4.5", NULL},
        {"123456.1", "123456.1"},
        {"1234567", "1234567"},
        {"12345.6.7.8.9", NULL},
        {"foo-dev", NULL},
        {"", NULL},
    };
    char out[128];
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = ck_version_packagist_normalize(cases[i].in, out, sizeof out);
        if (cases[i].out) {
            CK_CHECK_INT(rc, 0);
            if (rc == 0)
                CK_CHECK_STR(out, cases[i].out);
        } else
            CK_CHECK_INT(rc, -1);
        if ((rc == 0) != (cases[i].out != NULL))
            fprintf(stderr, "  '%s'\n", cases[i].in);
    }
    CK_CHECK_INT(ck_version_packagist_normalize("1.0", out, 4), -1); /* no room */
}

/* NULL is the empty string everywhere. */
static void test_null(void)
{
    int s;
    for (s = CK_VERSION_SEMVER; s < CK_VERSION_SCHEME_COUNT; s++) {
        CK_CHECK_INT(ck_version_compare((enum ck_version_scheme)s, NULL, ""), 0);
        CK_CHECK_INT(ck_version_compare((enum ck_version_scheme)s, NULL, NULL), 0);
    }
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    CK_RUN(test_tables);
    CK_RUN(test_validity);
    CK_RUN(test_packagist_normal_forms);
    CK_RUN(test_null);
    return ck_test_summary();
}
