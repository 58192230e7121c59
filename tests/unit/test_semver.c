/* Semantic versions: which strings are versions, and precedence.
 * The valid/invalid strings are the examples listed beside the official
 * SemVer 2.0.0 regular expression (semver.org FAQ, "Is there a suggested
 * regular expression"); the ordering chain is the one in section 11 of the
 * SemVer 2.0.0 text. */
#include <string.h>

#include "ck_test.h"
#include "sources/semver.h"

static const char *valid[] = {
    "0.0.4", "1.2.3", "10.20.30", "1.1.2-prerelease+meta", "1.1.2+meta", "1.1.2+meta-valid",
    "1.0.0-alpha", "1.0.0-beta", "1.0.0-alpha.beta", "1.0.0-alpha.beta.1", "1.0.0-alpha.1",
    "1.0.0-alpha0.valid", "1.0.0-alpha.0valid",
    "1.0.0-alpha-a.b-c-somethinglong+build.1-aef.1-its-okay", "1.0.0-rc.1+build.1",
    "2.0.0-rc.1+build.123", "1.2.3-beta", "10.2.3-DEV-SNAPSHOT", "1.2.3-SNAPSHOT-123", "1.0.0",
    "2.0.0", "1.1.7", "2.0.0+build.1848", "2.0.1-alpha.1227", "1.0.0-alpha+beta",
    "1.2.3----RC-SNAPSHOT.12.9.1--.12+788", "1.2.3----R-S.12.9.1--.12+meta",
    "1.2.3----RC-SNAPSHOT.12.9.1--.12", "1.0.0+0.build.1-rc.10000aaa-kk-0.1",
    "99999999999999999999999.999999999999999999.99999999999999999", "1.0.0-0A.is.legal",
    /* ours: the leading v */
    "v1.2.3", "V0.0.1-rc.1",
};

static const char *invalid[] = {
    "1", "1.2", "1.2.3-0123", "1.2.3-0123.0123", "1.1.2+.123", "+invalid", "-invalid",
    "-invalid+invalid", "-invalid.01", "alpha", "alpha.beta", "alpha.beta.1", "alpha.1",
    "alpha+beta", "alpha_beta", "alpha.", "alpha..", "beta", "1.0.0-alpha_beta", "-alpha.",
    "1.0.0-alpha..", "1.0.0-alpha..1", "1.0.0-alpha...1", "1.0.0-alpha....1", "1.0.0-alpha.....1",
    "1.0.0-alpha......1", "1.0.0-alpha.......1", "01.1.1", "1.01.1", "1.1.01", "1.2",
    "1.2.3.DEV", "1.2-SNAPSHOT", "1.2.31.2.3----RC-SNAPSHOT.12.09.1--..12+788", "1.2-RC-SNAPSHOT",
    "-1.0.3-gamma+b7718", "+justmeta", "9.8.7+meta+meta", "9.8.7-whatever+meta+meta",
    "99999999999999999999999.999999999999999999.99999999999999999----RC-SNAPSHOT.12.09.1--------------------------------..12",
    /* ours */
    "", "vv1.2.3", "v", "1.2.3-", "1.2.3+", "latest", " 1.2.3", "1.2.3 ",
};

static void test_valid(void)
{
    size_t i;
    struct ck_semver v;
    for (i = 0; i < sizeof valid / sizeof valid[0]; i++)
        if (!ck_semver_parse(valid[i], &v)) {
            fprintf(stderr, "  rejected '%s'\n", valid[i]);
            CK_CHECK(!"valid version accepted");
        }
    CK_CHECK(!ck_semver_parse(NULL, &v));
}

static void test_invalid(void)
{
    size_t i;
    struct ck_semver v;
    for (i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
        if (ck_semver_parse(invalid[i], &v)) {
            fprintf(stderr, "  accepted '%s'\n", invalid[i]);
            CK_CHECK(!"invalid version rejected");
        }
}

static void test_fields(void)
{
    struct ck_semver v;
    CK_REQUIRE(ck_semver_parse("v10.20.30-rc.1+build.5", &v));
    CK_CHECK_INT(v.major_len, 2);
    CK_CHECK(!strncmp(v.major, "10", 2));
    CK_CHECK(!strncmp(v.minor, "20", v.minor_len));
    CK_CHECK(!strncmp(v.patch, "30", v.patch_len));
    CK_CHECK_INT(v.pre_len, 4);
    CK_CHECK(!strncmp(v.pre, "rc.1", v.pre_len));
    CK_CHECK(!strncmp(v.build, "build.5", v.build_len));
}

/* Section 11's chain, each strictly below the next. */
static const char *chain[] = {
    "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
    "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1",
    /* ours: numbers past 64 bits */
    "18446744073709551616.0.0", "99999999999999999999999.0.0",
};

static void test_precedence_chain(void)
{
    size_t i, j, n = sizeof chain / sizeof chain[0];
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            struct ck_semver a, b;
            int c, want = (i > j) - (i < j);
            CK_REQUIRE(ck_semver_parse(chain[i], &a) && ck_semver_parse(chain[j], &b));
            c = ck_semver_compare(&a, &b);
            if (((c > 0) - (c < 0)) != want) {
                fprintf(stderr, "  %s vs %s: %d\n", chain[i], chain[j], c);
                CK_CHECK(!"precedence");
            }
        }
}

static int cmp(const char *a, const char *b)
{
    struct ck_semver x, y;
    int c;
    if (!ck_semver_parse_tag(a, &x) || !ck_semver_parse_tag(b, &y))
        return 99;
    c = ck_semver_compare(&x, &y);
    return (c > 0) - (c < 0);
}

static void test_precedence_more(void)
{
    CK_CHECK_INT(cmp("1.0.0+build.1", "1.0.0+build.2"), 0); /* build metadata ignored */
    CK_CHECK_INT(cmp("v1.2.3", "1.2.3"), 0);
    CK_CHECK_INT(cmp("1.2.3_abc", "1.2.3"), 0);
    CK_CHECK_INT(cmp("1.2.3-rc.1_b7", "1.2.3-rc.1"), 0);
    CK_CHECK_INT(cmp("1.10.0", "1.9.0"), 1);              /* numeric, not text */
    CK_CHECK_INT(cmp("1.0.0-2", "1.0.0-10"), -1);
    CK_CHECK_INT(cmp("1.0.0-alpha", "1.0.0-1"), 1);       /* numeric ids are lower */
    CK_CHECK_INT(cmp("1.0.0-a.b.c", "1.0.0-a.b"), 1);     /* longer wins on a tie */
    CK_CHECK_INT(cmp("1.0.0-B", "1.0.0-a"), -1);          /* ASCII order */
    CK_CHECK_INT(cmp("1.0.0-rc-1", "1.0.0-rc.1"), 1);     /* one identifier "rc-1" is above "rc" */
    CK_CHECK_INT(cmp("0.0.0", "0.0.0-0"), 1);
    CK_CHECK_INT(cmp("2.0.0-rc.1", "1.99.99"), 1);
    CK_CHECK(!ck_semver_parse("1.2.3_abc", &(struct ck_semver){0})); /* '_' only for tags */
    CK_CHECK(!ck_semver_parse_tag("1.2.3_", &(struct ck_semver){0}));
    CK_CHECK(!ck_semver_parse_tag("1.2.3_a_b", &(struct ck_semver){0}));
}

int main(void)
{
    CK_RUN(test_valid);
    CK_RUN(test_invalid);
    CK_RUN(test_fields);
    CK_RUN(test_precedence_chain);
    CK_RUN(test_precedence_more);
    return ck_test_summary();
}
