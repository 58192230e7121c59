/* Tests of version ordering (vuln/vercmp.h). The vector tables are facts
 * copied from the package managers' own test suites, each table naming its
 * source; the rest are our own edge cases. The extended suite
 * (test_version_vectors.c) runs every vector file of the shared fixtures. */
#include <string.h>

#include "ck_test.h"
#include "vuln/vercmp.h"

struct vec {
    const char *a;
    char op; /* '<', '=', '>' */
    const char *b;
};

static int sgn(int v) { return (v > 0) - (v < 0); }

static int op_sign(char op) { return op == '<' ? -1 : op == '>' ? 1 : 0; }

/* Each case both ways round: a OP b, and b against a gives the opposite. */
static void check_table(int (*cmp)(const char *, const char *), const struct vec *v, size_t n,
                        const char *table)
{
    size_t i;
    for (i = 0; i < n; i++) {
        int want = op_sign(v[i].op);
        int got = sgn(cmp(v[i].a, v[i].b)), back = sgn(cmp(v[i].b, v[i].a));
        ck_test_checks++;
        if (got != want || back != -want) {
            ck_test_failures++;
            fprintf(stderr, "%s: '%s' %c '%s' failed: compare gives %d, reverse %d\n", table,
                    v[i].a, v[i].op, v[i].b, got, back);
        }
    }
}

#define CHECK_TABLE(cmp, table) check_table(cmp, table, sizeof table / sizeof table[0], #table)

/* ---- dpkg ------------------------------------------------------------- */

/* dpkg, scripts/t/Dpkg_Version.t (__DATA__ section), commit c5efef92, GPL-2+ */
static const struct vec dpkg_vectors[] = {
    {"1.0-1", '<', "2.0-2"}, {"2.2~rc-4", '<', "2.2-1"}, {"2.2-1", '>', "2.2~rc-4"},
    {"1.0000-1", '=', "1.0-1"}, {"1", '=', "0:1"}, {"0", '=', "0:0-0"}, {"2:2.5", '>', "1:7.5"},
    {"1:0foo", '>', "0foo"}, {"0:0foo", '=', "0foo"}, {"0foo", '=', "0foo"},
    {"0foo-0", '=', "0foo"}, {"0foo", '=', "0foo-0"}, {"0foo", '>', "0fo"},
    {"0foo-0", '<', "0foo+"}, {"0foo~1", '<', "0foo"}, {"0foo~foo+Bar", '<', "0foo~foo+bar"},
    {"0foo~~", '<', "0foo~"}, {"1~", '<', "1"},
    {"12345+that-really-is-some-ver-0", '<', "12345+that-really-is-some-ver-10"},
    {"0foo-0", '<', "0foo-01"}, {"0foo.bar", '>', "0foobar"}, {"0foo.bar", '>', "0foo1bar"},
    {"0foo.bar", '>', "0foo0bar"}, {"0foo1bar-1", '<', "0foobar-1"}, {"0foo2.0", '>', "0foo2"},
    {"0foo2.0.0", '<', "0foo2.10.0"}, {"0foo2.0", '<', "0foo2.0.0"}, {"0foo2.0", '<', "0foo2.10"},
    {"0foo2.1", '<', "0foo2.10"}, {"1.09", '=', "1.9"}, {"1.0.8+nmu1", '>', "1.0.8"},
    {"3.11", '>', "3.10+nmu1"}, {"0.9j-20080306-4", '>', "0.9i-20070324-2"},
    {"1.2.0~b7-1", '>', "1.2.0~b6-1"}, {"1.011-1", '>', "1.06-2"},
    {"0.0.9+dfsg1-1", '>', "0.0.8+dfsg1-3"}, {"4.6.99+svn6582-1", '>', "4.6.99+svn6496-1"},
    {"53", '>', "52"}, {"0.9.9~pre122-1", '>', "0.9.9~pre111-1"},
    {"2:2.3.2-2+lenny2", '>', "2:2.3.2-2"}, {"1:3.8.1-1", '>', "3.8.GA-1"},
    {"1.0.1+gpl-1", '>', "1.0.1-2"}, {"1a", '<', "1000a"},
};

/* apt, test/libapt/compareversion_test.cc (EXPECT_VERSION cases), commit 6b128124, GPL-2+ */
static const struct vec apt_vectors[] = {
    {"7.6p2-4", '>', "7.6-0"}, {"1.0.3-3", '>', "1.0-1"}, {"1.3", '>', "1.2.2-2"},
    {"1.3", '>', "1.2.2"}, {"0-pre", '=', "0-pre"}, {"0-pre", '<', "0-pree"},
    {"1.1.6r2-2", '>', "1.1.6r-1"}, {"2.6b2-1", '>', "2.6b-2"}, {"98.1p5-1", '<', "98.1-pre2-b6-2"},
    {"0.4a6-2", '>', "0.4-1"}, {"1:3.0.5-2", '<', "1:3.0.5.1"}, {"1:0.4", '>', "10.3"},
    {"1:1.25-4", '<', "1:1.25-8"}, {"0:1.18.36", '=', "1.18.36"}, {"1.18.36", '>', "1.18.35"},
    {"0:1.18.36", '>', "1.18.35"}, {"9:1.18.36:5.4-20", '<', "10:0.5.1-22"},
    {"9:1.18.36:5.4-20", '<', "9:1.18.36:5.5-1"}, {"9:1.18.36:5.4-20", '<', "9:1.18.37:4.3-22"},
    {"1.18.36-0.17.35-18", '>', "1.18.36-19"}, {"1:1.2.13-3", '<', "1:1.2.13-3.1"},
    {"2.0.7pre1-4", '<', "2.0.7r-1"}, {"0:0-0-0", '>', "0-0"}, {"0", '=', "0"}, {"0", '=', "00"},
    {"3.0~rc1-1", '<', "3.0-1"}, {"1.0", '=', "1.0-0"}, {"0.2", '<', "1.0-0"},
    {"1.0", '<', "1.0-0+b1"}, {"1.0", '>', "1.0-0~"}, {"1.2.3", '=', "1.2.3"},
    {"4.4.3-2", '=', "4.4.3-2"}, {"1:2ab:5", '=', "1:2ab:5"}, {"7:1-a:b-5", '=', "7:1-a:b-5"},
    {"57:1.2.3abYZ+~-4-5", '=', "57:1.2.3abYZ+~-4-5"}, {"1.2.3", '=', "0:1.2.3"},
    {"1.2.3", '=', "1.2.3-0"}, {"009", '=', "9"}, {"009ab5", '=', "9ab5"},
    {"1.2.3", '<', "1.2.3-1"}, {"1.2.3", '<', "1.2.4"}, {"1.2.4", '>', "1.2.3"},
    {"1.2.24", '>', "1.2.3"}, {"0.10.0", '>', "0.8.7"}, {"3.2", '>', "2.3"},
    {"1.3.2a", '>', "1.3.2"}, {"0.5.0~git", '<', "0.5.0~git2"}, {"2a", '<', "21"},
    {"1.3.2a", '<', "1.3.2b"}, {"1:1.2.3", '>', "1.2.4"}, {"1:1.2.3", '<', "1:1.2.4"},
    {"1.2a+~bCd3", '<', "1.2a++"}, {"1.2a+~bCd3", '>', "1.2a+~"}, {"5:2", '>', "304-2"},
    {"5:2", '<', "304:2"}, {"25:2", '>', "3:2"}, {"1:2:123", '<', "1:12:3"},
    {"1.2-5", '<', "1.2-3-5"}, {"5.10.0", '>', "5.005"}, {"3a9.8", '<', "3.10.2"},
    {"3a9.8", '>', "3~10"}, {"1.4+OOo3.0.0~", '<', "1.4+OOo3.0.0-4"}, {"2.4.7-1", '<', "2.4.7-z"},
    {"1.002-1+b2", '>', "1.00"},
};

/* Our own: the tilde, letter and number rules of deb-version(7). */
static const struct vec deb_edge_cases[] = {
    /* '~~' < '~~a' < '~' < '' < 'a', the man page's example */
    {"1~~", '<', "1~~a"}, {"1~~a", '<', "1~"}, {"1~", '<', "1"}, {"1", '<', "1a"},
    /* letters before non-letters; '+' and '.' are non-letters */
    {"1a", '<', "1+"}, {"1z", '<', "1."}, {"1Z", '<', "1a"}, {"1+", '<', "1."},
    /* digit runs of any length, compared as numbers */
    {"1.99999999999999999999999999999", '<', "1.100000000000000000000000000000"},
    {"1.000000000000000000000000000000000000001", '=', "1.1"},
    {"18446744073709551616", '>', "18446744073709551615"},
    {"4294967296", '>', "4294967295"},
    {"99999999999999999999999:1", '>', "1:1"},
    {"00000000000000000000002:1", '>', "1:9"},
    /* epoch and revision split: first ':' and last '-' */
    {"1:2:3", '>', "1:2"}, {"1.0-1-1", '>', "1.0-1"}, {"1.0-1-1", '>', "1.0-1.1"},
    {"0:1.0", '=', "1.0"}, {"1.0-0", '=', "1.0"},
    /* backports, security updates and binary NMUs as distributions write them */
    {"1.2.3-1~bpo11+1", '<', "1.2.3-1"}, {"1.2.3-1+deb12u1", '>', "1.2.3-1"},
    {"1.2.3-1+b1", '>', "1.2.3-1"}, {"1.2.3-1ubuntu0.1", '>', "1.2.3-1"},
    {"2.36-9+deb12u4", '<', "2.36-9+deb12u10"}, {"7.88.1-10+deb12u5", '>', "7.88.1-10"},
    /* surrounding blanks do not count (dpkg trims them) */
    {" 1.0 ", '=', "1.0"},
    /* empty strings still have a place */
    {"", '=', ""}, {"", '<', "0.1"}, {"", '>', "~"},
};

static void test_deb_vectors(void)
{
    CHECK_TABLE(ck_version_compare_deb, dpkg_vectors);
    CHECK_TABLE(ck_version_compare_deb, apt_vectors);
    CHECK_TABLE(ck_version_compare_deb, deb_edge_cases);
}

/* ---- apk -------------------------------------------------------------- */

/* apk-tools, test/unit/version.data (its last comparisons: suffix chains,
 * leading zeros, commit hashes), commit 90b974fd, GPL-2.0 */
static const struct vec apk_vectors[] = {
    {"1.2.9.1-r1", '>', "1.2.9.1"}, {"1.2.9.1", '<', "2.31-r1"}, {"2.31-r1", '>', "2.31"},
    {"2.31", '>', "1.2.3-r1"}, {"1.2.3-r1", '>', "1.2.3"}, {"1.2.3", '<', "4.2.5"},
    {"4.2.5", '<', "4.3.2-r2"}, {"1.3-r0", '<', "1.3.1-r0"}, {"1.3_pre1-r1", '<', "1.3.2"},
    {"1.0_p10-r0", '>', "1.0_p9-r0"}, {"0.1.0_alpha_pre2", '<', "0.1.0_alpha"},
    {"1.0.0_pre20191002222144-r0", '<', "1.0.0_pre20210530193627-r0"}, {"6.0_pre1", '<', "6.0"},
    {"6.1_pre1", '<', "6.1"}, {"6.0_p1", '>', "6.0"}, {"6.1_p1", '>', "6.1"},
    {"8.2.0", '<', "8.2.001"}, {"8.2.0015", '<', "8.2.002"}, {"1.0~1234", '<', "1.0~2345"},
    {"1.0~1234-r1", '<', "1.0~2345-r0"}, {"1.0~1234-r1", '>', "1.0~1234-r0"},
};

/* Our own, from apk-version(8)'s rules. */
static const struct vec apk_edge_cases[] = {
    /* pre-release suffixes before the release, the others after */
    {"1.0_alpha", '<', "1.0_beta"}, {"1.0_beta", '<', "1.0_pre"}, {"1.0_pre", '<', "1.0_rc"},
    {"1.0_rc", '<', "1.0"}, {"1.0", '<', "1.0_cvs"}, {"1.0_cvs", '<', "1.0_svn"},
    {"1.0_svn", '<', "1.0_git"}, {"1.0_git", '<', "1.0_hg"}, {"1.0_hg", '<', "1.0_p"},
    {"1.0_rc9", '<', "1.0"}, {"1.0_p1", '<', "1.0_p2"}, {"1.0_p2", '<', "1.0_p10"},
    /* a letter after the number, then revisions */
    {"1.0", '<', "1.0a"}, {"1.0a", '<', "1.0b"}, {"1.0b", '<', "1.0.1"},
    {"1.0-r0", '>', "1.0"}, {"1.0-r9", '<', "1.0-r10"}, {"1.0_p1-r5", '<', "1.0_p2-r0"},
    /* a component with a leading zero compares as a string */
    {"1.05", '<', "1.1"}, {"1.001", '<', "1.01"}, {"1.10", '>', "1.9"},
    /* long numbers, past 64 bits */
    {"1.99999999999999999999999", '<', "1.100000000000000000000000"},
    {"1.0-r18446744073709551616", '>', "1.0-r18446744073709551615"},
    {"18446744073709551617", '>', "18446744073709551616"},
    /* digits after a letter: one more number, then the release (apk-tools 2) */
    {"5.7.3p1-r0", '<', "5.7.3p1-r1"}, {"1.9.5p1-r1", '<', "1.9.5p2-r1"}, {"1.9.5p10", '>', "1.9.5p9"},
    {"1.9.5p1", '>', "1.9.5p"}, {"1.9.5p1", '<', "1.9.5q"}, {"1.9.5p1", '<', "1.9.5.1"},
    {"1.9.5p1_rc1", '<', "1.9.5p1"}, {"1.9.5p01", '=', "1.9.5p1"},
    /* invalid versions keep apk's order: the valid prefix first */
    {"1.0", '<', "1.0bc"}, {"1-r-0", '<', "1-r0"}, {"1.0_foo", '<', "1.0"},
    {"", '=', ""},
};

/* apk-tools, test/unit/version.data: versions it accepts and rejects,
 * commit 90b974fd, GPL-2.0 */
static const char *const apk_valid[] = {
    "1.2", "0.1_pre2", "0.1_pre2~1234abcd", "0.1_p1_pre2", "0.1_alpha1_pre2", "0.1_git20240101_pre1",
};
static const char *const apk_invalid[] = {
    "", "0.1bc", "0.1bc1", "0.1a1", "0.1a.1", "0.1_pre2~", "0.1_pre2~1234xbcd",
    "0.1_pre2~1234abcd_pre1", "0.1_pre2-r1~1234xbcd", "0.1_foobar", "0.1_foobar1", "0.1-pre1.1",
    "0.1-r", "0.1-r2_pre1", "0.1-r2_p3_pre1", "0.1-r2-r3", "0.1-r2.1", ".1", "a", "_pre1", "-r1",
    "0.1_", "0.1_-r0", "0.1__alpha", "0.1_1_alpha",
};

static void test_apk_vectors(void)
{
    size_t i;
    CHECK_TABLE(ck_version_compare_apk, apk_vectors);
    CHECK_TABLE(ck_version_compare_apk, apk_edge_cases);
    for (i = 0; i < sizeof apk_valid / sizeof apk_valid[0]; i++)
        CK_CHECK(ck_version_apk_valid(apk_valid[i]));
    for (i = 0; i < sizeof apk_invalid / sizeof apk_invalid[0]; i++)
        CK_CHECK(!ck_version_apk_valid(apk_invalid[i]));
}

/* apk's fuzzy operator, apk-tools test/unit/version.data ('~' lines),
 * commit 90b974fd, GPL-2.0 */
static void test_apk_fuzzy(void)
{
    CK_CHECK_INT(ck_version_compare_apk_fuzzy("3.6.0", "3.6"), 0);
    CK_CHECK_INT(ck_version_compare_apk_fuzzy("3.6.9", "3.6"), 0);
    CK_CHECK_INT(ck_version_compare_apk_fuzzy("3.6_pre1", "3.6"), 0);
    CK_CHECK_INT(ck_version_compare_apk_fuzzy("3.6.9_post1", "3.6"), 0);
    CK_CHECK(ck_version_compare_apk_fuzzy("3.5", "3.6") < 0);
    CK_CHECK(ck_version_compare_apk_fuzzy("3.7", "3.6") > 0);
    CK_CHECK(ck_version_compare_apk_fuzzy("3.8", "3.8.1") != 0);
    CK_CHECK(ck_version_compare_apk_fuzzy("3.8.0.1", "3.8.1") != 0);
    CK_CHECK(ck_version_compare_apk_fuzzy("3.6.9", "3.8") != 0);
    /* not fuzzy: a longer version is not equal */
    CK_CHECK(ck_version_compare_apk("3.6.9", "3.6") > 0);
}

/* ---- rpm -------------------------------------------------------------- */

/* rpm, tests/rpmvercmp.at (RPMVERCMP cases), commit a8f0192a, GPL-2+/LGPL */
static const struct vec rpm_vectors[] = {
    {"1.0", '=', "1.0"}, {"1.0", '<', "2.0"}, {"2.0", '>', "1.0"}, {"2.0.1", '=', "2.0.1"},
    {"2.0", '<', "2.0.1"}, {"2.0.1", '>', "2.0"}, {"2.0.1a", '=', "2.0.1a"},
    {"2.0.1a", '>', "2.0.1"}, {"2.0.1", '<', "2.0.1a"}, {"5.5p1", '=', "5.5p1"},
    {"5.5p1", '<', "5.5p2"}, {"5.5p2", '>', "5.5p1"}, {"5.5p10", '=', "5.5p10"},
    {"5.5p1", '<', "5.5p10"}, {"5.5p10", '>', "5.5p1"}, {"10xyz", '<', "10.1xyz"},
    {"10.1xyz", '>', "10xyz"}, {"xyz10", '=', "xyz10"}, {"xyz10", '<', "xyz10.1"},
    {"xyz10.1", '>', "xyz10"}, {"xyz.4", '=', "xyz.4"}, {"xyz.4", '<', "8"}, {"8", '>', "xyz.4"},
    {"xyz.4", '<', "2"}, {"2", '>', "xyz.4"}, {"5.5p2", '<', "5.6p1"}, {"5.6p1", '>', "5.5p2"},
    {"5.6p1", '<', "6.5p1"}, {"6.5p1", '>', "5.6p1"}, {"6.0.rc1", '>', "6.0"},
    {"6.0", '<', "6.0.rc1"}, {"10b2", '>', "10a1"}, {"10a2", '<', "10b2"}, {"1.0aa", '=', "1.0aa"},
    {"1.0a", '<', "1.0aa"}, {"1.0aa", '>', "1.0a"}, {"10.0001", '=', "10.0001"},
    {"10.0001", '=', "10.1"}, {"10.1", '=', "10.0001"}, {"10.0001", '<', "10.0039"},
    {"10.0039", '>', "10.0001"}, {"4.999.9", '<', "5.0"}, {"5.0", '>', "4.999.9"},
    {"20101121", '=', "20101121"}, {"20101121", '<', "20101122"}, {"20101122", '>', "20101121"},
    {"2_0", '=', "2_0"}, {"2.0", '=', "2_0"}, {"2_0", '=', "2.0"}, {"a", '=', "a"},
    {"a+", '=', "a+"}, {"a+", '=', "a_"}, {"a_", '=', "a+"}, {"+a", '=', "+a"}, {"+a", '=', "_a"},
    {"_a", '=', "+a"}, {"+_", '=', "+_"}, {"_+", '=', "+_"}, {"_+", '=', "_+"}, {"+", '=', "_"},
    {"_", '=', "+"}, {"1.0~rc1", '=', "1.0~rc1"}, {"1.0~rc1", '<', "1.0"}, {"1.0", '>', "1.0~rc1"},
    {"1.0~rc1", '<', "1.0~rc2"}, {"1.0~rc2", '>', "1.0~rc1"},
    {"1.0~rc1~git123", '=', "1.0~rc1~git123"}, {"1.0~rc1~git123", '<', "1.0~rc1"},
    {"1.0~rc1", '>', "1.0~rc1~git123"}, {"1.0^", '=', "1.0^"}, {"1.0^", '>', "1.0"},
    {"1.0", '<', "1.0^"}, {"1.0^git1", '=', "1.0^git1"}, {"1.0^git1", '>', "1.0"},
    {"1.0", '<', "1.0^git1"}, {"1.0^git1", '<', "1.0^git2"}, {"1.0^git2", '>', "1.0^git1"},
    {"1.0^git1", '<', "1.01"}, {"1.01", '>', "1.0^git1"}, {"1.0^20160101", '=', "1.0^20160101"},
    {"1.0^20160101", '<', "1.0.1"}, {"1.0.1", '>', "1.0^20160101"},
    {"1.0^20160101^git1", '=', "1.0^20160101^git1"}, {"1.0^20160102", '>', "1.0^20160101^git1"},
    {"1.0^20160101^git1", '<', "1.0^20160102"}, {"1.0~rc1^git1", '=', "1.0~rc1^git1"},
    {"1.0~rc1^git1", '>', "1.0~rc1"}, {"1.0~rc1", '<', "1.0~rc1^git1"},
    {"1.0^git1~pre", '=', "1.0^git1~pre"}, {"1.0^git1", '>', "1.0^git1~pre"},
    {"1.0^git1~pre", '<', "1.0^git1"},
};

/* Our own: [epoch:]version[-release] as rpm's labelCompare orders them
 * (checked against python3-rpm 4.18). */
static const struct vec rpm_evr_cases[] = {
    {"1:1.0-1", '>', "2.0-1"}, {"0:1.0-1", '=', "1.0-1"}, {":1.0-1", '=', "0:1.0-1"},
    {"1.0-1", '<', "1.0-2"}, {"1.0-1.el9", '<', "1.0-1.el9_2"}, {"1.0-10.el9", '>', "1.0-9.el9"},
    {"1.0", '<', "1.0-0"}, {"1.0", '<', "1.0-1"}, {"1.0-", '>', "1.0"},
    {"2.0", '>', "1.0-99"}, {"1.0~rc1-1", '<', "1.0-1"}, {"1.0^git1-1", '>', "1.0-1"},
    /* an epoch is only digits before ':': "a:1" has none, "1:2:3" has 1 */
    {"1:2:3-4", '>', "1:2-4"}, {"a:1.0", '<', "9.0"},
    {"99999999999999999999:1.0", '>', "9999999999999999999:1.0"},
    {"1.0-1.fc40.x86_64", '<', "1.0-1.fc41.x86_64"},
    {"3.0.7-27.el9", '<', "1:3.0.7-24.el9"},
};

static void test_rpm_vectors(void)
{
    CHECK_TABLE(ck_version_rpmvercmp, rpm_vectors);
    CHECK_TABLE(ck_version_compare_rpm, rpm_vectors);
    CHECK_TABLE(ck_version_compare_rpm, rpm_evr_cases);
}

static void test_rpm_bound_ignores_missing_release(void)
{
    CK_CHECK_INT(ck_version_compare_rpm_bound("1.0-5.el9", "1.0"), 0);
    CK_CHECK_INT(ck_version_compare_rpm_bound("1.0", "1.0-5.el9"), 0);
    CK_CHECK(ck_version_compare_rpm_bound("1.0-5.el9", "1.0-6.el9") < 0);
    CK_CHECK(ck_version_compare_rpm_bound("1:1.0", "2.0-1") > 0);
    CK_CHECK(ck_version_compare_rpm_bound("1.1", "1.0-99") > 0);
    /* the total order does count the missing release */
    CK_CHECK(ck_version_compare_rpm("1.0", "1.0-5.el9") < 0);
}

/* ---- schemes and ecosystems -------------------------------------------- */

static void test_dispatch_by_scheme(void)
{
    /* "1.0~rc1" sorts before "1.0" under dpkg and rpm; apk calls it invalid
     * and puts it after. */
    CK_CHECK(ck_version_compare(CK_VERSION_DEB, "1.0~rc1", "1.0") < 0);
    CK_CHECK(ck_version_compare(CK_VERSION_RPM, "1.0~rc1", "1.0") < 0);
    CK_CHECK(ck_version_compare(CK_VERSION_APK, "1.0_rc1", "1.0") < 0);
    /* "1.0a" > "1.0" everywhere, "1.0.a" vs "1.0a" differs */
    CK_CHECK(ck_version_compare(CK_VERSION_DEB, "1.0a", "1.0.1") < 0);
    CK_CHECK(ck_version_compare(CK_VERSION_RPM, "1.0a", "1.0.1") < 0);
    CK_CHECK(ck_version_compare(CK_VERSION_DEB, "1-2", "1.0") < 0);
    CK_CHECK(ck_version_compare(CK_VERSION_RPM, "1-2", "1.0") < 0);
    CK_CHECK_INT(ck_version_compare(CK_VERSION_SCHEME_COUNT, "1", "2"), 0);
}

static void test_scheme_names(void)
{
    enum ck_version_scheme s = CK_VERSION_SCHEME_COUNT;
    CK_CHECK(ck_version_scheme_parse("deb", &s) == 0 && s == CK_VERSION_DEB);
    CK_CHECK(ck_version_scheme_parse("APK", &s) == 0 && s == CK_VERSION_APK);
    CK_CHECK(ck_version_scheme_parse("rpm", &s) == 0 && s == CK_VERSION_RPM);
    s = CK_VERSION_DEB;
    {
        static const struct {
            const char *name;
            enum ck_version_scheme scheme;
        } names[] = {{"npm", CK_VERSION_SEMVER},       {"cargo", CK_VERSION_SEMVER},
                     {"semver", CK_VERSION_SEMVER},    {"go", CK_VERSION_GO},
                     {"pypi", CK_VERSION_PEP440},      {"PyPI", CK_VERSION_PEP440},
                     {"maven", CK_VERSION_MAVEN},      {"rubygems", CK_VERSION_RUBYGEMS},
                     {"nuget", CK_VERSION_NUGET},      {"packagist", CK_VERSION_PACKAGIST}};
        size_t i;
        for (i = 0; i < sizeof names / sizeof names[0]; i++) {
            s = CK_VERSION_DEB;
            CK_CHECK(ck_version_scheme_parse(names[i].name, &s) == 0 && s == names[i].scheme);
        }
        /* every scheme's own name reads back as that scheme */
        for (i = 0; i < CK_VERSION_SCHEME_COUNT; i++)
            CK_CHECK(ck_version_scheme_parse(ck_version_scheme_name((enum ck_version_scheme)i), &s) == 0 &&
                     s == (enum ck_version_scheme)i);
    }
    s = CK_VERSION_DEB;
    CK_CHECK_INT(ck_version_scheme_parse("dpkg", &s), -1);
    CK_CHECK_INT(ck_version_scheme_parse("", &s), -1);
    CK_CHECK_INT(ck_version_scheme_parse(NULL, &s), -1);
    CK_CHECK(s == CK_VERSION_DEB); /* untouched on failure */
    CK_CHECK_STR(ck_version_scheme_name(CK_VERSION_RPM), "rpm");
    CK_CHECK_STR(ck_version_scheme_name(CK_VERSION_SCHEME_COUNT), "?");
}

static void test_ecosystems(void)
{
    static const struct {
        const char *ecosystem;
        int scheme; /* -1: none */
    } cases[] = {
        {"Debian", CK_VERSION_DEB},
        {"Debian:12", CK_VERSION_DEB},
        {"Debian:11", CK_VERSION_DEB},
        {"Ubuntu:22.04:LTS", CK_VERSION_DEB},
        {"Ubuntu:Pro:18.04:LTS", CK_VERSION_DEB},
        {"Alpine:v3.20", CK_VERSION_APK},
        {"Alpine", CK_VERSION_APK},
        {"Wolfi", CK_VERSION_APK},
        {"Chainguard", CK_VERSION_APK},
        {"Red Hat", CK_VERSION_RPM},
        {"Red Hat:enterprise_linux:9::appstream", CK_VERSION_RPM},
        {"Rocky Linux:9", CK_VERSION_RPM},
        {"AlmaLinux:8", CK_VERSION_RPM},
        {"openSUSE:Leap 15.5", CK_VERSION_RPM},
        {"SUSE:Linux Enterprise Server 15 SP5", CK_VERSION_RPM},
        {"Mageia:9", CK_VERSION_RPM},
        {"CBL-Mariner:2.0", CK_VERSION_RPM},
        {"Azure Linux:3.0", CK_VERSION_RPM},
        {"Fedora", CK_VERSION_RPM},
        {"Photon OS:5.0", CK_VERSION_RPM},
        {"debian:12", CK_VERSION_DEB},
        {"PyPI", CK_VERSION_PEP440},
        {"npm", CK_VERSION_SEMVER},
        {"crates.io", CK_VERSION_SEMVER},
        {"Go", CK_VERSION_GO},
        {"Maven", CK_VERSION_MAVEN},
        {"Maven:https://repo.maven.apache.org/maven2/", CK_VERSION_MAVEN},
        {"RubyGems", CK_VERSION_RUBYGEMS},
        {"NuGet", CK_VERSION_NUGET},
        {"Packagist", CK_VERSION_PACKAGIST},
        {"Hex", -1},
        {"Golang", -1},
        {"Red", -1},
        {"SUSE Linux", -1},
        {"", -1},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum ck_version_scheme s = CK_VERSION_SCHEME_COUNT;
        int rc = ck_version_scheme_for_ecosystem(cases[i].ecosystem, &s);
        if (cases[i].scheme < 0) {
            CK_CHECK_INT(rc, -1);
            CK_CHECK(s == CK_VERSION_SCHEME_COUNT);
        } else {
            CK_CHECK_INT(rc, 0);
            CK_CHECK_INT(s, cases[i].scheme);
        }
        if ((rc == 0) != (cases[i].scheme >= 0))
            fprintf(stderr, "  ecosystem '%s'\n", cases[i].ecosystem);
    }
    CK_CHECK_INT(ck_version_scheme_for_ecosystem(NULL, NULL), -1);
}

/* Sorting needs a total order: every scheme must be antisymmetric and
 * transitive over a mixed bag of versions. Maven's own ComparableVersion is
 * not transitive (1 < 1.x-dev < 1.0-beta < 1, test_langversion.c), so it is
 * held to antisymmetry only. */
static void test_orders_are_consistent(void)
{
    static const char *const bag[] = {
        "", "0", "1", "1.0", "1.0-1", "1.0-r1", "1.0~rc1", "1.0_rc1", "1:0.9", "1.0a", "1.0.0",
        "1.0^1", "01.0", "1.0+dfsg-1", "1.0-1~bpo1", "2", "a", "1.0_p1", "1.0~abc", "1.0_alpha",
        "10", "9.99", "1.0-1.el9", "1.0.1-1",
        /* the language ecosystems' forms */
        "v1.2.3", "1.0.0-rc.1", "1.0.0-rc.1+b", "1.0.post1", "1!1.0", "1.0.dev0", "1.0-SNAPSHOT", "1.0.a",
        "1.0.0.0", "dev-master", "1.x-dev", "1.0RC1", "1.0pl1", "1.0-beta", "1.0.0-BETA", "v0.0.0-20191109021931-daa7c04131f5",
        "1.0+local.7", "1-ga-1", "1.0.b1",
    };
    size_t n = sizeof bag / sizeof bag[0], i, j, k;
    int s, bad = 0;
    for (s = 0; s < CK_VERSION_SCHEME_COUNT; s++)
        for (i = 0; i < n; i++)
            for (j = 0; j < n; j++) {
                int ij = sgn(ck_version_compare((enum ck_version_scheme)s, bag[i], bag[j]));
                if (ij != -sgn(ck_version_compare((enum ck_version_scheme)s, bag[j], bag[i])))
                    bad++;
                for (k = 0; k < n && s != CK_VERSION_MAVEN; k++) {
                    int jk = sgn(ck_version_compare((enum ck_version_scheme)s, bag[j], bag[k]));
                    int ik = sgn(ck_version_compare((enum ck_version_scheme)s, bag[i], bag[k]));
                    if (ij <= 0 && jk <= 0 && ik > 0) {
                        if (bad++ < 5)
                            fprintf(stderr, "%s: '%s' <= '%s' <= '%s' but not '%s' <= '%s'\n",
                                    ck_version_scheme_name((enum ck_version_scheme)s), bag[i],
                                    bag[j], bag[k], bag[i], bag[k]);
                    }
                }
            }
    CK_CHECK_INT(bad, 0);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    CK_RUN(test_deb_vectors);
    CK_RUN(test_apk_vectors);
    CK_RUN(test_apk_fuzzy);
    CK_RUN(test_rpm_vectors);
    CK_RUN(test_rpm_bound_ignores_missing_release);
    CK_RUN(test_dispatch_by_scheme);
    CK_RUN(test_scheme_names);
    CK_RUN(test_ecosystems);
    CK_RUN(test_orders_are_consistent);
    return ck_test_summary();
}
