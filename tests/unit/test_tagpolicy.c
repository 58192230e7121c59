/* Tag policies: parsing, and which tags each policy keeps. */
#include <string.h>

#include "ck_test.h"
#include "sources/tagpolicy.h"
#include "util/buf.h"

/* The kept names joined by ',' in input order. */
static const char *kept(const char *policy_text, const struct ck_tag *tags, size_t n)
{
    static struct ck_buf out;
    struct ck_tagpolicy p;
    unsigned char keep[64];
    size_t i, count;

    ck_buf_release(&out);
    if (ck_tagpolicy_parse(&p, policy_text, NULL) != CK_OK)
        return "(parse error)";
    memset(keep, 7, sizeof keep);
    count = ck_tagpolicy_select(&p, tags, n, keep);
    for (i = 0; i < n; i++) {
        if (keep[i] > 1)
            return "(keep not set)";
        if (keep[i]) {
            if (out.len)
                ck_buf_putc(&out, ',');
            ck_buf_puts(&out, tags[i].name);
            count--;
        }
    }
    ck_tagpolicy_release(&p);
    return count ? "(count differs)" : ck_buf_str(&out);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NO CK_TAG_NO_DATE

static const struct ck_tag repo[] = {
    {"latest", 1000}, {"1.9.0", 900}, {"1.10.0", 950}, {"v1.10.0", 100}, {"2.0.0-rc.1", 990},
    {"2.0.0-rc.2", NO}, {"stable", 1100}, {"1.10", 980}, {"nightly-20240101", 1200},
};

static void test_all_and_latest(void)
{
    CK_CHECK_STR(kept("all", repo, N(repo)),
                 "latest,1.9.0,1.10.0,v1.10.0,2.0.0-rc.1,2.0.0-rc.2,stable,1.10,nightly-20240101");
    CK_CHECK_STR(kept("latest", repo, N(repo)), "latest");
    CK_CHECK_STR(kept("latest", repo + 1, 3), "");
    CK_CHECK_STR(kept("all", repo, 0), "");
}

static void test_semver(void)
{
    static const struct ck_tag releases[] = {
        {"1.9.0", NO}, {"v1.10.0", NO}, {"1.10.0", NO}, {"1.10.0-rc.1", NO}, {"latest", NO},
        {"1.10.0_build7", NO}, {"01.2.3", NO},
    };
    static const struct ck_tag none[] = {{"latest", NO}, {"stable", NO}, {"1.2", NO}};
    /* a pre-release of a higher version is the newest */
    CK_CHECK_STR(kept("semver", repo, N(repo)), "2.0.0-rc.2");
    /* equal precedence: all kept; build metadata ignored */
    CK_CHECK_STR(kept("semver", releases, N(releases)), "v1.10.0,1.10.0,1.10.0_build7");
    CK_CHECK_STR(kept("semver", none, N(none)), "");
    CK_CHECK_STR(kept("semver", releases, 1), "1.9.0");
}

static void test_regex(void)
{
    CK_CHECK_STR(kept("regex:^1\\.10", repo, N(repo)), "1.10.0,1.10");
    CK_CHECK_STR(kept("regex:^v?\\d+\\.\\d+\\.\\d+$", repo, N(repo)), "1.9.0,1.10.0,v1.10.0");
    CK_CHECK_STR(kept("regex:rc", repo, N(repo)), "2.0.0-rc.1,2.0.0-rc.2");
    CK_CHECK_STR(kept("regex:^(latest|stable)$", repo, N(repo)), "latest,stable");
    CK_CHECK_STR(kept("regex:", repo, 2), "latest,1.9.0"); /* empty matches everything */
}

static void test_newest(void)
{
    static const struct ck_tag same_day[] = {{"b", 5}, {"a", 5}, {"c", 5}, {"old", 1}};
    CK_CHECK_STR(kept("newest:1", repo, N(repo)), "nightly-20240101");
    CK_CHECK_STR(kept("newest:3", repo, N(repo)), "latest,stable,nightly-20240101");
    /* the tag without a date is never chosen, even when N allows it */
    CK_CHECK_STR(kept("newest:100", repo, N(repo)),
                 "latest,1.9.0,1.10.0,v1.10.0,2.0.0-rc.1,stable,1.10,nightly-20240101");
    /* ties broken by name, not by listing order */
    CK_CHECK_STR(kept("newest:2", same_day, N(same_day)), "b,a");
}

static void test_parse(void)
{
    struct ck_tagpolicy p;
    struct ck_err err;
    CK_REQUIRE(ck_tagpolicy_parse(&p, "newest:5", &err) == CK_OK);
    CK_CHECK_INT(p.kind, CK_TAGPOLICY_NEWEST);
    CK_CHECK_INT(p.newest, 5);
    CK_CHECK(ck_tagpolicy_needs_dates(&p));
    CK_CHECK_STR(p.text, "newest:5");
    ck_tagpolicy_release(&p);
    CK_REQUIRE(ck_tagpolicy_parse(&p, "semver", &err) == CK_OK);
    CK_CHECK(!ck_tagpolicy_needs_dates(&p));
    ck_tagpolicy_release(&p);
    ck_tagpolicy_release(NULL);

    CK_CHECK(ck_tagpolicy_parse(&p, "newest:0", &err) == CK_ERR_ARG);
    CK_CHECK(strstr(err.msg, "from 1 to") != NULL);
    CK_CHECK(ck_tagpolicy_parse(&p, "newest:", &err) == CK_ERR_ARG);
    CK_CHECK(ck_tagpolicy_parse(&p, "newest:3x", &err) == CK_ERR_ARG);
    CK_CHECK(ck_tagpolicy_parse(&p, "newest:99999999999999999999", &err) == CK_ERR_ARG);
    CK_CHECK(ck_tagpolicy_parse(&p, "newest", &err) == CK_ERR_ARG);
    CK_CHECK(ck_tagpolicy_parse(&p, "Latest", &err) == CK_ERR_ARG);
    CK_CHECK(strstr(err.msg, "unknown tag policy 'Latest'") != NULL);
    CK_CHECK(ck_tagpolicy_parse(&p, "", &err) == CK_ERR_ARG);
    CK_CHECK(ck_tagpolicy_parse(&p, NULL, &err) == CK_ERR_ARG);
    CK_CHECK(ck_tagpolicy_parse(&p, "regex:a(b", &err) == CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "missing ')'") != NULL);
}

int main(void)
{
    CK_RUN(test_all_and_latest);
    CK_RUN(test_semver);
    CK_RUN(test_regex);
    CK_RUN(test_newest);
    CK_RUN(test_parse);
    return ck_test_summary();
}
