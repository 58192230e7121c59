/* Tests of CVSS parsing and base scores (vuln/cvss.h). */
#include <string.h>

#include "ck_test.h"
#include "vuln/cvss.h"

struct scored {
    const char *vector;
    int score10;
};

static void check_scores(const struct scored *s, size_t n, const char *table)
{
    size_t i;
    for (i = 0; i < n; i++) {
        struct ck_cvss c;
        struct ck_err err;
        enum ck_status st = ck_cvss_parse(s[i].vector, &c, &err);
        ck_test_checks++;
        if (st != CK_OK) {
            ck_test_failures++;
            fprintf(stderr, "%s: '%s' does not parse: %s\n", table, s[i].vector, err.msg);
        } else if (c.score10 != s[i].score10) {
            ck_test_failures++;
            fprintf(stderr, "%s: '%s' scores %d.%d, expected %d.%d\n", table, s[i].vector, c.score10 / 10,
                    c.score10 % 10, s[i].score10 / 10, s[i].score10 % 10);
        }
    }
}

#define CHECK_SCORES(table) check_scores(table, sizeof table / sizeof table[0], #table)

/* FIRST, "CVSS v3.1 Examples" (the scored vulnerabilities of the
 * specification's companion document). */
static const struct scored first_v31_examples[] = {
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 61},  /* CVE-2013-1937 */
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 64},  /* CVE-2013-0375 */
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 31},  /* CVE-2014-3566 */
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 99},  /* CVE-2012-1516 */
    {"CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 42},  /* CVE-2009-0783 */
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 88},  /* CVE-2012-0384 */
    {"CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 78},  /* CVE-2015-1098 */
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 75},  /* CVE-2014-0160 */
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 98},  /* CVE-2014-6271 */
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", 68},  /* CVE-2008-1447 */
    {"CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 68},  /* CVE-2014-2005 */
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", 58},  /* CVE-2010-0467 */
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:L/A:N", 58},  /* CVE-2012-1342 */
    {"CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H", 93},  /* CVE-2013-6014 */
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", 54},  /* CVE-2014-9253 */
    {"CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 88},  /* CVE-2011-1265 */
    {"CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", 46},  /* CVE-2014-2019 */
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 88},  /* CVE-2015-0970 */
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", 74},  /* CVE-2014-0224 */
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H", 96},  /* CVE-2012-5376 */
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H", 75},  /* CVE-2016-2118 */
};

/* Vectors and scores as other scanners reported them: Trivy's golden
 * outputs (aquasecurity/trivy integration/testdata/alpine-310.json.golden),
 * DefectDojo's Trivy and Grype samples (unittests/scans/trivy/
 * all_statuses.json, unittests/scans/anchore_grype/check_all_fields.json)
 * and Grype's JSON presenter snapshot (TestJsonImgsPresenter.golden). */
static const struct scored scanner_reports[] = {
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", 53},
    {"CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N", 48},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N", 48},
    {"CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:L", 33},
    {"CVSS:3.0/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 78},
    {"CVSS:3.0/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H", 55},
    {"CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L", 56},
    {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 98},
    {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 75},
    {"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 78},
    {"CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:C/C:H/I:H/A:H", 85},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:L/A:N", 37},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 88},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:H", 82},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L", 73},
    {"AV:L/AC:L/Au:N/C:C/I:C/A:C", 72},
    {"AV:L/AC:L/Au:N/C:N/I:P/A:N", 21},
    {"AV:L/AC:L/Au:N/C:P/I:P/A:P", 46},
    {"AV:N/AC:L/Au:N/C:N/I:N/A:P", 50},
    {"AV:N/AC:L/Au:N/C:P/I:N/A:N", 50},
    {"AV:N/AC:L/Au:N/C:P/I:P/A:P", 75},
    {"AV:N/AC:L/Au:S/C:P/I:P/A:P", 65},
    {"AV:N/AC:M/Au:N/C:N/I:P/A:N", 43},
};

/* Our own: the ends of the scale and the scope-changed equation. */
static const struct scored edge_cases[] = {
    /* no impact at all scores 0 whatever the exploitability */
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N", 0},
    {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N", 0},
    /* scope changed: 1.08 x (impact + exploitability), capped at 10 */
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 100},
    {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 100},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:N/A:N", 50},
    {"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 91},
    {"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 72},
    /* the lowest non-zero score */
    {"CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 16},
    /* temporal and environmental metrics are kept, not scored */
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:U/CR:H/MAV:P/MC:N", 98},
    /* metrics in another order */
    {"CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N", 98},
    /* v2: the ends, and the usual notations */
    {"AV:N/AC:L/Au:N/C:C/I:C/A:C", 100},
    {"AV:L/AC:H/Au:M/C:N/I:N/A:N", 0},
    {"AV:L/AC:H/Au:M/C:P/I:N/A:N", 8},
    {"(AV:N/AC:L/Au:N/C:P/I:P/A:P)", 75},
    {"CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", 75},
    {"AV:N/AC:L/Au:N/C:P/I:P/A:P/E:POC/RL:OF/RC:C/CDP:LM/TD:H/CR:M/IR:M/AR:ND", 75},
    {"  CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n", 98},
};

static void test_first_examples(void) { CHECK_SCORES(first_v31_examples); }
static void test_scanner_reports(void) { CHECK_SCORES(scanner_reports); }
static void test_edge_cases(void) { CHECK_SCORES(edge_cases); }

static void test_fields_and_severity(void)
{
    struct ck_cvss c;
    CK_REQUIRE(ck_cvss_parse(" CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H ", &c, NULL) == CK_OK);
    CK_CHECK_INT(c.version, CK_CVSS_V3_1);
    CK_CHECK_INT(c.score10, 98);
    CK_CHECK_INT(c.severity, CK_SEV_CRITICAL);
    CK_CHECK_STR(c.vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
    CK_CHECK_STR(ck_cvss_version_str(c.version), "3.1");

    CK_REQUIRE(ck_cvss_parse("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", &c, NULL) == CK_OK);
    CK_CHECK_INT(c.version, CK_CVSS_V3_0);
    CK_CHECK_INT(c.severity, CK_SEV_NEGLIGIBLE);
    CK_CHECK_STR(ck_cvss_rating(c.version, c.score10), "None");

    CK_REQUIRE(ck_cvss_parse("AV:N/AC:L/Au:N/C:P/I:P/A:P", &c, NULL) == CK_OK);
    CK_CHECK_INT(c.version, CK_CVSS_V2_0);
    CK_CHECK_INT(c.score10, 75);
    CK_CHECK_INT(c.severity, CK_SEV_HIGH);
    CK_CHECK_STR(ck_cvss_rating(c.version, c.score10), "High");
}

static void test_rating_boundaries(void)
{
    static const struct {
        enum ck_cvss_version v;
        int score10;
        const char *rating;
        enum ck_severity sev;
    } cases[] = {
        {CK_CVSS_V3_1, 0, "None", CK_SEV_NEGLIGIBLE},  {CK_CVSS_V3_1, 1, "Low", CK_SEV_LOW},
        {CK_CVSS_V3_1, 39, "Low", CK_SEV_LOW},         {CK_CVSS_V3_1, 40, "Medium", CK_SEV_MEDIUM},
        {CK_CVSS_V3_1, 69, "Medium", CK_SEV_MEDIUM},   {CK_CVSS_V3_1, 70, "High", CK_SEV_HIGH},
        {CK_CVSS_V3_0, 89, "High", CK_SEV_HIGH},       {CK_CVSS_V3_0, 90, "Critical", CK_SEV_CRITICAL},
        {CK_CVSS_V3_1, 100, "Critical", CK_SEV_CRITICAL},
        {CK_CVSS_V2_0, 0, "Low", CK_SEV_LOW},          {CK_CVSS_V2_0, 39, "Low", CK_SEV_LOW},
        {CK_CVSS_V2_0, 40, "Medium", CK_SEV_MEDIUM},   {CK_CVSS_V2_0, 69, "Medium", CK_SEV_MEDIUM},
        {CK_CVSS_V2_0, 70, "High", CK_SEV_HIGH},       {CK_CVSS_V2_0, 100, "High", CK_SEV_HIGH},
        {CK_CVSS_V4_0, CK_CVSS_NO_SCORE, "", CK_SEV_UNKNOWN},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CK_CHECK_STR(ck_cvss_rating(cases[i].v, cases[i].score10), cases[i].rating);
        CK_CHECK_INT(ck_cvss_severity(cases[i].v, cases[i].score10), cases[i].sev);
    }
}

static void test_v4_is_kept_not_scored(void)
{
    struct ck_cvss c;
    const char *v = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
    CK_REQUIRE(ck_cvss_parse(v, &c, NULL) == CK_OK);
    CK_CHECK_INT(c.version, CK_CVSS_V4_0);
    CK_CHECK_INT(c.score10, CK_CVSS_NO_SCORE);
    CK_CHECK_INT(c.severity, CK_SEV_UNKNOWN);
    CK_CHECK_STR(c.vector, v);
    CK_CHECK_STR(ck_cvss_version_str(c.version), "4.0");
    /* threat, environmental and supplemental metrics */
    CK_CHECK(ck_cvss_parse("CVSS:4.0/AV:L/AC:H/AT:P/PR:L/UI:A/VC:L/VI:N/VA:N/SC:L/SI:H/SA:L/E:P/CR:H/"
                           "MSI:S/S:P/AU:Y/R:I/V:C/RE:M/U:Amber",
                           &c, NULL) == CK_OK);
    CK_CHECK(ck_cvss_parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N", &c, NULL) ==
             CK_ERR_PARSE);
    CK_CHECK(ck_cvss_parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", &c, NULL) ==
             CK_ERR_PARSE);
}

/* Each bad vector fails with CK_ERR_PARSE and a message naming the metric
 * (or part) that is wrong; the output is left alone. */
static void test_invalid_vectors(void)
{
    static const struct {
        const char *vector;
        const char *named; /* must appear in the message */
    } cases[] = {
        {"CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV has an invalid value 'X'"},
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "base metric A is missing"},
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L", "metric AV is given twice"},
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y", "unknown metric 'XX'"},
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", "'' is not METRIC:VALUE"},
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A", "'A' is not METRIC:VALUE"},
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:X/C:H/I:H/A:H", "S has an invalid value 'X'"},
        {"CVSS:3.1/av:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown metric 'av'"},
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:Q", "E has an invalid value 'Q'"},
        {"CVSS:3.0/AV:N/AC:M/PR:N/UI:N/S:U/C:H/I:H/A:H", "AC has an invalid value 'M'"},
        {"CVSS:5.0/AV:N/AC:L", "unknown version 'CVSS:5.0'"},
        {"CVSS:3.1", "unknown version 'CVSS:3.1'"},
        {"AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown metric 'PR'"},
        {"AV:N/AC:L/Au:N/C:P/I:P", "base metric A is missing"},
        {"AV:N/AC:L/Au:X/C:P/I:P/A:P", "Au has an invalid value 'X'"},
        {"9.8", "'9.8' is not METRIC:VALUE"},
        {"   ", "empty"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ck_cvss c;
        struct ck_err err;
        memset(&c, 0x5a, sizeof c);
        err.msg[0] = '\0';
        CK_CHECK_INT(ck_cvss_parse(cases[i].vector, &c, &err), CK_ERR_PARSE);
        CK_CHECK(c.score10 == 0x5a5a5a5a && c.vector[0] == 0x5a);
        if (!strstr(err.msg, cases[i].named)) {
            ck_test_failures++;
            fprintf(stderr, "'%s': message '%s' does not say '%s'\n", cases[i].vector, err.msg,
                    cases[i].named);
        }
    }
}

static void test_limits_and_arguments(void)
{
    char longv[CK_CVSS_VECTOR_MAX + 40];
    struct ck_cvss c;
    struct ck_err err;
    size_t n;

    strcpy(longv, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
    for (n = strlen(longv); n + 5 < sizeof longv; n = strlen(longv))
        strcat(longv, "/E:X");
    CK_CHECK_INT(ck_cvss_parse(longv, &c, &err), CK_ERR_LIMIT);
    CK_CHECK_INT(ck_cvss_parse(NULL, &c, &err), CK_ERR_ARG);
    CK_CHECK_INT(ck_cvss_parse("AV:N/AC:L/Au:N/C:P/I:P/A:P", NULL, &err), CK_ERR_ARG);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    CK_RUN(test_first_examples);
    CK_RUN(test_scanner_reports);
    CK_RUN(test_edge_cases);
    CK_RUN(test_fields_and_severity);
    CK_RUN(test_rating_boundaries);
    CK_RUN(test_v4_is_kept_not_scored);
    CK_RUN(test_invalid_vectors);
    CK_RUN(test_limits_and_arguments);
    return ck_test_summary();
}
