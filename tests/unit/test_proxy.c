/* Tests of the proxy choice (platform/proxy.h): Windows' proxy and bypass
 * lists, and which setting wins for a URL given the answer of the automatic
 * configuration (a PAC script or WPAD), the part of Windows' behaviour that
 * does not need Windows; and that the system's answer is sane here. */
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "platform/proxy.h"

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

static void check_choose(const struct ck_proxy_config *cfg, const struct ck_proxy_auto_answer *answer,
                         const char *url, const char *want)
{
    char *got = ck_proxy_choose(cfg, answer, url);
    if (want)
        CK_CHECK_STR(got, want);
    else
        CK_CHECK(got == NULL);
    free(got);
}

static void test_static_only(void)
{
    struct ck_proxy_config cfg = {0, NULL, "http=p1:80;https=p2:3128", "*.corp;<local>"};
    struct ck_proxy_auto_answer ignored = {1, 0, "pac:8080", NULL};

    check_choose(&cfg, NULL, "https://gitlab.com/api/v4/projects", "http://p2:3128");
    check_choose(&cfg, NULL, "http://registry.example:5000/v2/", "http://p1:80");
    check_choose(&cfg, NULL, "https://gitlab.corp/api/v4/projects", NULL);
    check_choose(&cfg, NULL, "https://user:secret@intranet:8443/x", NULL);
    check_choose(&cfg, NULL, NULL, NULL);
    /* no automatic configuration asked for: an answer is not used */
    check_choose(&cfg, &ignored, "https://gitlab.com/", "http://p2:3128");
}

static void test_script_answers(void)
{
    struct ck_proxy_config cfg = {0, "http://wpad.corp/proxy.pac", "static:80", NULL};
    struct ck_proxy_auto_answer named = {1, 0, "pac1.corp:8080;pac2.corp:8080", NULL};
    struct ck_proxy_auto_answer direct = {1, 1, NULL, NULL};
    struct ck_proxy_auto_answer failed = {0, 0, NULL, NULL};
    struct ck_proxy_auto_answer bypassing = {1, 0, "pac1.corp:8080", "*.googleapis.com"};

    check_choose(&cfg, &named, "https://osv-vulnerabilities.storage.googleapis.com/Debian/all.zip",
                 "http://pac1.corp:8080");
    check_choose(&cfg, &direct, "https://gitlab.corp/api/v4/projects", NULL);
    /* the script could not be had: the static proxy, as WinHTTP and browsers fall back */
    check_choose(&cfg, &failed, "https://gitlab.com/", "http://static:80");
    check_choose(&cfg, NULL, "https://gitlab.com/", "http://static:80");
    check_choose(&cfg, &bypassing, "https://osv-vulnerabilities.storage.googleapis.com/x", NULL);
    check_choose(&cfg, &bypassing, "https://registry-1.docker.io/v2/", "http://pac1.corp:8080");
}

static void test_auto_detect(void)
{
    struct ck_proxy_config wpad = {1, NULL, NULL, NULL};
    struct ck_proxy_config empty_url = {0, "", "static:80", NULL};
    struct ck_proxy_auto_answer named = {1, 0, "https=wpad-proxy:443", NULL};
    struct ck_proxy_auto_answer failed = {0, 0, NULL, NULL};

    CK_CHECK(ck_proxy_config_is_auto(&wpad));
    CK_CHECK(!ck_proxy_config_is_auto(&empty_url));
    check_choose(&wpad, &named, "https://gitlab.com/", "http://wpad-proxy:443");
    check_choose(&wpad, &named, "http://gitlab.com/", NULL); /* no proxy for http in that list */
    check_choose(&wpad, &failed, "https://gitlab.com/", NULL); /* no WPAD server: direct */
    check_choose(&empty_url, &named, "https://gitlab.com/", "http://static:80");
}

int main(void)
{
    CK_RUN(test_proxy_lists);
    CK_RUN(test_static_only);
    CK_RUN(test_script_answers);
    CK_RUN(test_auto_detect);
    CK_RUN(test_system_proxy_answers);
    return ck_test_summary();
}
