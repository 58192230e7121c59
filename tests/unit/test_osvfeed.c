/* Tests of OSV's feed layout (vuln/osvfeed): the feed of an ecosystem, which
 * release covers which entry, plans of what to download, modified_id.csv;
 * and of the ecosystems the history's images need (store/needed): each
 * image's latest successful scan, its OS release and the ecosystems of its
 * application packages, counted per repository:tag. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "inventory/inventory.h"
#include "store/history.h"
#include "store/needed.h"
#include "util/text.h"
#include "vuln/osvfeed.h"

static void check_main(const char *eco, const char *want)
{
    char *got = ck_osvfeed_main(eco);
    CK_CHECK_STR(got, want);
    free(got);
}

static void test_main_feed(void)
{
    check_main("Debian:12", "Debian");
    check_main("Ubuntu:22.04:LTS", "Ubuntu");
    check_main("Red Hat:enterprise_linux:9::baseos", "Red Hat");
    check_main("Alpine:v3.22", "Alpine");
    check_main("npm", "npm");
    check_main("crates.io", "crates.io");
    CK_CHECK(ck_osvfeed_main("") == NULL);
    CK_CHECK(ck_osvfeed_main(":12") == NULL);
    CK_CHECK(ck_osvfeed_is_language("PyPI") && ck_osvfeed_is_language("pypi") && ck_osvfeed_is_language("Go"));
    CK_CHECK(!ck_osvfeed_is_language("Debian") && !ck_osvfeed_is_language(NULL));
    CK_CHECK_INT(ck_osvfeed_language_count, 8);
}

static void test_covers(void)
{
    CK_CHECK(ck_osvfeed_covers("Debian:12", "Debian:12"));
    CK_CHECK(ck_osvfeed_covers("debian:12", "Debian:12"));
    CK_CHECK(!ck_osvfeed_covers("Debian:1", "Debian:12"));
    CK_CHECK(!ck_osvfeed_covers("Debian:12", "Debian:1"));
    CK_CHECK(!ck_osvfeed_covers("Alpine:v3.2", "Alpine:v3.20"));
    CK_CHECK(ck_osvfeed_covers("Red Hat:enterprise_linux:9", "Red Hat:enterprise_linux:9::baseos"));
    CK_CHECK(!ck_osvfeed_covers("Ubuntu:22.04:LTS", "Ubuntu:Pro:22.04:LTS"));
}

static void test_plan(void)
{
    struct ck_osvfeed_plan p;
    struct ck_osvfeed_want *w;
    char *text;

    ck_osvfeed_plan_init(&p);
    CK_CHECK_INT(ck_osvfeed_plan_add_list(&p, " Debian:12, Alpine:v3.22;npm\nDebian:13 ,, debian:12"), CK_OK);
    CK_REQUIRE(p.count == 3);
    w = ck_osvfeed_plan_find(&p, "debian");
    CK_REQUIRE(w != NULL);
    CK_CHECK_STR(w->feed, "Debian");
    CK_CHECK_INT(w->release_count, 2);
    CK_CHECK_INT(w->all, 0);
    CK_CHECK(ck_osvfeed_keeps(w, "Debian:13") && ck_osvfeed_keeps(w, "Debian:12"));
    CK_CHECK(!ck_osvfeed_keeps(w, "Debian:11"));
    text = ck_osvfeed_releases_text(w);
    CK_CHECK_STR(text, "Debian:12,Debian:13");
    free(text);
    w = ck_osvfeed_plan_find(&p, "npm");
    CK_REQUIRE(w != NULL);
    CK_CHECK(w->all && ck_osvfeed_keeps(w, "npm"));
    CK_CHECK_STR(w->release_count ? w->releases[0] : NULL, "npm");
    /* a bare distribution: every release */
    CK_CHECK_INT(ck_osvfeed_plan_add(&p, "Alpine"), CK_OK);
    w = ck_osvfeed_plan_find(&p, "Alpine");
    CK_CHECK(w && w->all && ck_osvfeed_keeps(w, "Alpine:v3.19"));
    /* a feed held in the database: no release of its own; an old scoped one: that release */
    CK_CHECK_INT(ck_osvfeed_plan_add_feed(&p, "Ubuntu"), CK_OK);
    CK_CHECK_INT(ck_osvfeed_plan_add_feed(&p, "Red Hat:enterprise_linux:9"), CK_OK);
    w = ck_osvfeed_plan_find(&p, "Ubuntu");
    CK_CHECK(w && !w->all && !w->release_count);
    w = ck_osvfeed_plan_find(&p, "Red Hat");
    CK_CHECK(w && w->release_count == 1 && ck_osvfeed_keeps(w, "Red Hat:enterprise_linux:9::appstream"));
    ck_osvfeed_plan_all_releases(&p);
    CK_CHECK(ck_osvfeed_plan_find(&p, "Ubuntu")->all);
    ck_osvfeed_plan_release(&p);

    ck_osvfeed_plan_init(&p);
    CK_CHECK_INT(ck_osvfeed_plan_add_list(&p, CK_OSVFEED_STARTING_SET), CK_OK);
    CK_CHECK_INT(p.count, 3);
    CK_CHECK(ck_osvfeed_keeps(ck_osvfeed_plan_find(&p, "Debian"), "Debian:13"));
    CK_CHECK(ck_osvfeed_keeps(ck_osvfeed_plan_find(&p, "Ubuntu"), "Ubuntu:24.04:LTS"));
    CK_CHECK(ck_osvfeed_keeps(ck_osvfeed_plan_find(&p, "Alpine"), "Alpine:v3.22"));
    ck_osvfeed_plan_release(&p);
}

static void test_modified_csv(void)
{
    static const char csv[] =
        "2024-06-03T00:00:00Z,DEBIAN-CVE-2024-0003\r\n"
        "garbage line\n"
        "2024-06-02T12:00:00.5Z,DSA-5000-1\n"
        "2024-06-02T12:00:00.5Z,DSA-5000-1\n"
        "not-a-time,DSA-1\n"
        "2024-06-02T00:00:00Z,DEBIAN-CVE-2024-0002\n"
        "2024-06-01T00:00:00Z,DEBIAN-CVE-2024-0001\n";
    struct ck_osvfeed_ids ids = {NULL, 0, 0};
    int64_t since = 0;

    CK_REQUIRE(ck_text_parse_time("2024-06-02T00:00:00Z", &since) == 0);
    CK_CHECK_INT(ck_osvfeed_newer_ids(csv, sizeof csv - 1, since, 100, &ids), CK_OK);
    CK_REQUIRE(ids.count == 2);
    CK_CHECK_STR(ids.ids[0], "DEBIAN-CVE-2024-0003");
    CK_CHECK_STR(ids.ids[1], "DSA-5000-1");
    ck_osvfeed_ids_release(&ids);
    /* more than max: stops at max + 1 */
    CK_CHECK_INT(ck_osvfeed_newer_ids(csv, sizeof csv - 1, 0, 1, &ids), CK_OK);
    CK_CHECK_INT(ids.count, 2);
    ck_osvfeed_ids_release(&ids);
    CK_CHECK_INT(ck_osvfeed_newer_ids(csv, 0, 0, 10, &ids), CK_OK);
    CK_CHECK_INT(ids.count, 0);
}

/* ---- the ecosystems the history's images need ------------------------------ */

static const char hist_path[] = "test_osvfeed.tmp.history.db";

static void remove_history(void)
{
    char p[128];
    remove(hist_path);
    snprintf(p, sizeof p, "%s-wal", hist_path);
    remove(p);
    snprintf(p, sizeof p, "%s-shm", hist_path);
    remove(p);
}

/* Stores a successful scan of repo:tag at time t: OS ecosystem os (may be
 * NULL) and application packages of the ecosystems apps (comma-separated). */
static void store(struct ck_history *h, const char *repo, const char *tag, int64_t t, const char *os,
                  const char *apps, int ok)
{
    struct ck_inventory inv;
    struct ck_scan_input in;
    struct ck_err err;
    const char *a = apps;

    ck_inventory_init(&inv);
    inv.os.ecosystem = os ? ck_text_dup(os) : NULL;
    ck_inventory_add(&inv, CK_PKG_DEB, "libc6", "2.36-9", "glibc", NULL, "amd64");
    while (a && *a) {
        /* the strings must be static: pick them from the known list */
        size_t n = strcspn(a, ","), i;
        for (i = 0; i < ck_osvfeed_language_count; i++)
            if (strlen(ck_osvfeed_languages[i]) == n && !strncmp(ck_osvfeed_languages[i], a, n))
                ck_inventory_add_app(&inv, ck_osvfeed_languages[i], "x", "1.0.0", "/app/x", NULL, 0);
        a += n + (a[n] == ',');
    }
    memset(&in, 0, sizeof in);
    in.repository = repo;
    in.tag = tag;
    in.engine = "containerkitty";
    in.started_at = in.finished_at = t;
    in.error = ok ? NULL : "pull failed";
    in.data_age = -1;
    in.inventory = ok ? &inv : NULL;
    CK_CHECK_INT(ck_history_store_scan(h, &in, NULL, &err), CK_OK);
    ck_inventory_release(&inv);
}

static size_t images_needing(const struct ck_needed_ecosystem *list, size_t n, const char *name)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!strcmp(list[i].name, name))
            return list[i].images;
    return 0;
}

static void test_needed(void)
{
    struct ck_history *h = NULL;
    struct ck_needed_ecosystem *list = NULL;
    struct ck_err err;
    size_t n = 99;

    remove_history();
    CK_REQUIRE(ck_history_open(hist_path, &h, &err) == CK_OK);
    CK_CHECK_INT(ck_history_needed_ecosystems(h, &list, &n, &err), CK_OK);
    CK_CHECK_INT(n, 0);
    /* app:1 moved from Debian 12 to 13; its old scan does not count */
    store(h, "reg/app", "1", 100, "Debian:12", "npm", 1);
    store(h, "reg/app", "1", 200, "Debian:13", "npm,PyPI", 1);
    store(h, "reg/app", "2", 150, "Debian:13", "npm,npm", 1);
    /* a failed scan after a good one: the good one counts */
    store(h, "reg/tool", "latest", 100, "Alpine:v3.22", "Go", 1);
    store(h, "reg/tool", "latest", 300, NULL, NULL, 0);
    /* no OS known: only its application packages */
    store(h, "/srv/rootfs", "", 100, NULL, "npm", 1);
    CK_CHECK_INT(ck_history_needed_ecosystems(h, &list, &n, &err), CK_OK);
    CK_CHECK_INT(n, 5);
    CK_CHECK_INT(images_needing(list, n, "Debian:13"), 2);
    CK_CHECK_INT(images_needing(list, n, "Debian:12"), 0);
    CK_CHECK_INT(images_needing(list, n, "npm"), 3);
    CK_CHECK_INT(images_needing(list, n, "PyPI"), 1);
    CK_CHECK_INT(images_needing(list, n, "Alpine:v3.22"), 1);
    CK_CHECK_INT(images_needing(list, n, "Go"), 1);
    CK_CHECK(n >= 2 && strcmp(list[0].name, list[1].name) < 0); /* sorted by name */
    ck_needed_ecosystems_free(list, n);
    ck_history_close(h);
    remove_history();
}

int main(void)
{
    CK_RUN(test_main_feed);
    CK_RUN(test_covers);
    CK_RUN(test_plan);
    CK_RUN(test_modified_csv);
    CK_RUN(test_needed);
    return ck_test_summary();
}
