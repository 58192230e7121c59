/* Tests of the shared severity scale (vuln/severity.h). */
#include "ck_test.h"
#include "vuln/severity.h"

static void test_names_round_trip(void)
{
    int s;
    for (s = 0; s < CK_SEV_COUNT; s++) {
        enum ck_severity back = CK_SEV_COUNT;
        CK_CHECK_INT(ck_severity_parse(ck_severity_str((enum ck_severity)s), &back), 0);
        CK_CHECK_INT(back, s);
    }
    CK_CHECK_STR(ck_severity_str(CK_SEV_CRITICAL), "Critical");
    CK_CHECK_STR(ck_severity_str(CK_SEV_NEGLIGIBLE), "Negligible");
    CK_CHECK_STR(ck_severity_str(CK_SEV_COUNT), "Unknown");
    CK_CHECK(CK_SEV_UNKNOWN < CK_SEV_NEGLIGIBLE && CK_SEV_NEGLIGIBLE < CK_SEV_LOW &&
             CK_SEV_LOW < CK_SEV_MEDIUM && CK_SEV_MEDIUM < CK_SEV_HIGH && CK_SEV_HIGH < CK_SEV_CRITICAL);
}

/* The words the distributions write: Debian's security tracker urgencies
 * (as in its JSON: "unimportant", "low**", "not yet assigned",
 * "end-of-life"), Ubuntu's priorities, and vendor words. */
static void test_distribution_words(void)
{
    static const struct {
        const char *word;
        enum ck_severity sev;
    } cases[] = {
        {"unimportant", CK_SEV_NEGLIGIBLE},   {"low", CK_SEV_LOW},
        {"medium", CK_SEV_MEDIUM},            {"high", CK_SEV_HIGH},
        {"not yet assigned", CK_SEV_UNKNOWN}, {"Not Yet Assigned", CK_SEV_UNKNOWN},
        {"low**", CK_SEV_LOW},                {"high**", CK_SEV_HIGH},
        {"medium*", CK_SEV_MEDIUM},           {"end-of-life", CK_SEV_UNKNOWN},
        {"negligible", CK_SEV_NEGLIGIBLE},    {"Negligible", CK_SEV_NEGLIGIBLE},
        {"critical", CK_SEV_CRITICAL},        {"CRITICAL", CK_SEV_CRITICAL},
        {"untriaged", CK_SEV_UNKNOWN},        {"LOW", CK_SEV_LOW},
        {"MEDIUM", CK_SEV_MEDIUM},            {"none", CK_SEV_NEGLIGIBLE},
        {"Moderate", CK_SEV_MEDIUM},          {"Important", CK_SEV_HIGH},
        {"  High\n", CK_SEV_HIGH},            {"unknown", CK_SEV_UNKNOWN},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum ck_severity got = CK_SEV_COUNT;
        CK_CHECK_INT(ck_severity_parse(cases[i].word, &got), 0);
        if (got != cases[i].sev) {
            ck_test_failures++;
            fprintf(stderr, "'%s' parsed as %s, expected %s\n", cases[i].word, ck_severity_str(got),
                    ck_severity_str(cases[i].sev));
        }
    }
}

static void test_unknown_words_leave_output(void)
{
    static const char *const bad[] = {"", "**", "hi", "highest", "low-ish", "not yet", "medium high", "5"};
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        enum ck_severity got = CK_SEV_HIGH;
        CK_CHECK_INT(ck_severity_parse(bad[i], &got), -1);
        CK_CHECK_INT(got, CK_SEV_HIGH);
    }
    CK_CHECK_INT(ck_severity_parse(NULL, NULL), -1);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    CK_RUN(test_names_round_trip);
    CK_RUN(test_distribution_words);
    CK_RUN(test_unknown_words_leave_output);
    return ck_test_summary();
}
