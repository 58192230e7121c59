/* Tests of the update's pure parts: OSV bucket URLs and the choice of a
 * proxy from Windows' proxy and bypass lists (the transfers themselves are
 * tested end to end by tests/tools/dbupdate_e2e.py). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "platform/proxy.h"
#include "vuln/dbupdate.h"

static void check_url(const char *base, const char *eco, const char *file, const char *want)
{
    char *url = ck_dbupdate_url(base, eco, file);
    CK_CHECK_STR(url, want);
    free(url);
}

static void test_bucket_urls(void)
{
    check_url(CK_DBUPDATE_DEFAULT_BASE, "Debian:12", "all.zip",
              "https://osv-vulnerabilities.storage.googleapis.com/Debian%3A12/all.zip");
    check_url("http://127.0.0.1:8080/", "Ubuntu:22.04:LTS", "modified_id.csv",
              "http://127.0.0.1:8080/Ubuntu%3A22.04%3ALTS/modified_id.csv");
    check_url("http://mirror.example/osv//", "Alpine:v3.20", "ALPINE-CVE-2024-5535.json",
              "http://mirror.example/osv/Alpine%3Av3.20/ALPINE-CVE-2024-5535.json");
    check_url("http://m", "Red Hat", "RHSA-2024:0001.json", "http://m/Red%20Hat/RHSA-2024%3A0001.json");
}

static void check_pick(const char *list, const char *bypass, const char *scheme, const char *host,
                       const char *want)
{
    char *got = ck_proxy_pick(list, bypass, scheme, host);
    if (want)
        CK_CHECK_STR(got, want);
    else
        CK_CHECK(got == NULL);
    free(got);
}

static void test_proxy_lists(void)
{
    check_pick(NULL, NULL, "https", "example.org", NULL);
    check_pick("", NULL, "https", "example.org", NULL);
    check_pick("proxy.corp:8080", NULL, "https", "example.org", "http://proxy.corp:8080");
    check_pick("http=p1:80;https=p2:443", NULL, "https", "example.org", "http://p2:443");
    check_pick("http=p1:80;https=p2:443", NULL, "http", "example.org", "http://p1:80");
    check_pick("ftp=p3:21", NULL, "https", "example.org", NULL);
    check_pick("http://p4:3128", NULL, "https", "example.org", "http://p4:3128");
    check_pick("p:1", "*.corp;<local>", "https", "db.corp", NULL);
    check_pick("p:1", "*.corp;<local>", "https", "DB.CORP", NULL);
    check_pick("p:1", "*.corp;<local>", "https", "intranet", NULL);
    check_pick("p:1", "*.corp;<local>", "https", "example.org", "http://p:1");
    check_pick("p:1", "10.*", "http", "10.1.2.3", NULL);
    check_pick("p:1", "10.*", "http", "110.1.2.3", "http://p:1");
}

/* The system's setting (Windows: Internet Options; elsewhere none): either
 * nothing or a proxy URL, never a crash. */
static void test_system_proxy_answers(void)
{
    char *p = ck_system_proxy_for_url("https://osv-vulnerabilities.storage.googleapis.com/Debian/all.zip");
    CK_CHECK(p == NULL || !strncmp(p, "http", 4));
    free(p);
    CK_CHECK(ck_system_proxy_for_url(NULL) == NULL);
}

int main(void)
{
    CK_RUN(test_bucket_urls);
    CK_RUN(test_proxy_lists);
    CK_RUN(test_system_proxy_answers);
    return ck_test_summary();
}
