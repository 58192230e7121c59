/* Tests of scan jobs on root folders (no engine needed): events, the
 * history rows, the per-image JSON result, the summary line, failures that
 * are recorded while the job goes on, and cancellation. */
#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "job/job.h"
#include "platform/dir.h"
#include "platform/platform.h"
#include "store/decisions.h"
#include "vuln/vulndb.h"
#include "report/summary.h"

static const char *fixtures;

static const char os_release[] = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
                                 "VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nID=debian\n";

static const char status_fmt[] = "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\n"
                                 "Source: glibc\nVersion: %s\nDescription: GNU C Library\n\n"
                                 "Package: util-linux\nStatus: install ok installed\nArchitecture: amd64\xFF\n"
                                 "Version: 2.38.1-5+b1\nSource: util-linux (2.38.1-5)\nDescription: tools\n\n"
                                 "Package: removed-thing\nStatus: deinstall ok config-files\nVersion: 1.0\n\n";

static void write_file(const char *dir, const char *rel, const char *text)
{
    char *path = ck_path_join(dir, rel);
    char *slash = strrchr(path, '/');
    FILE *f;
    *slash = '\0';
    ck_mkdirs(path);
    *slash = '/';
    f = ck_fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    free(path);
}

static void make_rootfs(const char *dir, const char *libc_version)
{
    char status[1024];
    snprintf(status, sizeof status, status_fmt, libc_version);
    write_file(dir, "etc/os-release", os_release);
    write_file(dir, "var/lib/dpkg/status", status);
}

static void make_vulndb(const char *path)
{
    struct ck_vulndb *db = NULL;
    struct ck_vulndb_import_stats stats;
    struct ck_err err;
    char *dir = ck_path_join(fixtures, "osv/debian");

    ck_remove(path);
    memset(&stats, 0, sizeof stats);
    if (ck_vulndb_open(path, &db, &err) == CK_OK) {
        if (ck_vulndb_import_file(db, dir, NULL, &stats, &err) != CK_OK)
            fprintf(stderr, "import: %s\n", err.msg);
        ck_vulndb_import_stats_release(&stats);
        ck_vulndb_close(db);
    }
    free(dir);
}

struct events {
    int started, finished, images_started, images_done, ok, failed, logs;
    char last_error[CK_ERR_MSG_MAX];
    int64_t scan_ids[8];
};

static void on_event(void *ctx, const struct ck_job_event *ev)
{
    struct events *e = ctx;
    switch (ev->type) {
    case CK_JOB_STARTED:
        e->started++;
        break;
    case CK_JOB_IMAGE_STARTED:
        e->images_started++;
        break;
    case CK_JOB_IMAGE_DONE:
        if (ev->image_index < 8)
            e->scan_ids[ev->image_index] = ev->scan_id;
        e->images_done++;
        if (ev->ok)
            e->ok++;
        else {
            e->failed++;
            snprintf(e->last_error, sizeof e->last_error, "%s", ev->text ? ev->text : "");
        }
        break;
    case CK_JOB_LOG:
        e->logs++;
        break;
    case CK_JOB_FINISHED:
        e->finished++;
        break;
    default:
        break;
    }
}

static void options(struct ck_job_options *o)
{
    ck_job_options_init(o);
    o->history_path = "job_test_history.db";
    o->vulndb_path = "job_test_vulns.db";
    o->report_dir = "job_test_reports";
}

static void test_result_file_name_and_summary_line(void)
{
    struct ck_severity_counts c;
    char *name = ck_job_result_file_name("registry.example.com/dev/example-image", "4.2.0", ck_time_now());
    char *line;
    CK_REQUIRE(name != NULL);
    CK_CHECK(strncmp(name, "registry.example.com_dev_example-image_4.2.0_", 45) == 0);
    CK_CHECK(strlen(name) == 45 + 13 + 5); /* yyyyMMdd-HHmm.json */
    free(name);
    memset(&c, 0, sizeof c);
    c.findings = 368;
    c.unique = 47;
    line = ck_summary_line("ubuntu", "xenial-20210429", &c, NULL);
    CK_CHECK(strncmp(line, "docker-image|ubuntu (Tag: xenial-20210429): 368 vulnerable dependency paths / Unique count: 47",
                     94) == 0);
    free(line);
}

/* Names stay short and safe for Windows: a deep root folder, a long GitLab
 * path, characters no name may hold; two long names that differ late stay
 * different. */
static void test_result_file_name_bounds(void)
{
    char long_repo[300], other[300];
    char *a, *b, *c, *d;
    size_t i;

    memset(long_repo, 'x', sizeof long_repo - 1);
    long_repo[sizeof long_repo - 1] = '\0';
    memcpy(other, long_repo, sizeof other);
    other[290] = 'y';
    a = ck_job_result_file_name(long_repo, "1.0", 0);
    b = ck_job_result_file_name(other, "1.0", 0);
    c = ck_job_result_file_name("C:\\Users\\me\\root*?\"<>|\x01", "", 0);
    /* a cut inside a two-byte character backs off to its start */
    d = ck_job_result_file_name("gitlab.example/group/\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                                "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                                "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", "v", 0);
    CK_REQUIRE(a && b && c && d);
    CK_CHECK_INT(strlen(a), 80 + 19); /* stem, _yyyyMMdd-HHmm.json */
    CK_CHECK(strcmp(a, b) != 0);
    CK_CHECK(strncmp(a, b, 71) == 0);
    CK_CHECK(a[71] == '-');
    CK_CHECK(strncmp(c, "C__Users_me_root________untagged_", 33) == 0);
    for (i = 0; c[i]; i++)
        CK_CHECK(!strchr("/\\:*?\"<>|\x01", c[i]));
    CK_CHECK(strlen(d) <= 80 + 19);
    for (i = 0; d[i]; i++)
        if ((unsigned char)d[i] == 0xc3)
            CK_CHECK((unsigned char)d[i + 1] == 0xa9);
    free(a);
    free(b);
    free(c);
    free(d);
}

/* --shard K/N: every reference in exactly one share, the same one whatever
 * the list's order, and the shares about even. */
static void test_shards(void)
{
    unsigned counts[4] = {0, 0, 0, 0};
    char ref[64];
    int i;

    for (i = 0; i < 1200; i++) {
        unsigned k;
        snprintf(ref, sizeof ref, "registry.example.com/team/app-%d:1.%d", i, i % 7);
        k = ck_job_shard_of(ref, 3);
        CK_CHECK(k >= 1 && k <= 3);
        if (k >= 1 && k <= 3)
            counts[k]++;
        CK_CHECK_INT(ck_job_shard_of(ref, 3), k); /* stable */
        CK_CHECK_INT(ck_job_shard_of(ref, 1), 1);
    }
    for (i = 1; i <= 3; i++)
        CK_CHECK(counts[i] > 330 && counts[i] < 470);
    /* a known value: the first four bytes of SHA-256("debian:12"), mod 3, plus 1 */
    CK_CHECK_INT(ck_job_shard_of("debian:12", 3), 1 + (0x3be3c43cu % 3));
}

static void test_scan_rootfs_targets(void)
{
    struct ck_job_options o;
    struct ck_job_result r;
    struct ck_target t[3];
    struct events e;
    struct ck_err err;
    struct ck_history *h = NULL;
    struct ck_history_findings f;
    struct ck_comparison cmp;
    size_t i;

    ck_remove("job_test_history.db");
    make_rootfs("job_rootfs_old", "2.36-9+deb12u1");
    make_rootfs("job_rootfs_new", "2.36-9+deb12u3");
    make_vulndb("job_test_vulns.db");
    options(&o);
    t[0].kind = CK_TARGET_ROOTFS;
    t[0].ref = "job_rootfs_old";
    t[1].kind = CK_TARGET_ROOTFS;
    t[1].ref = "job_rootfs_new";
    t[2].kind = CK_TARGET_ROOTFS;
    t[2].ref = "job_rootfs_absent"; /* fails; the job goes on */
    memset(&e, 0, sizeof e);
    CK_REQUIRE(ck_job_run(&o, t, 3, on_event, &e, &r, &err) == CK_OK);
    CK_CHECK_INT(e.started, 1);
    CK_CHECK_INT(e.finished, 1);
    CK_CHECK_INT(e.images_started, 3);
    CK_CHECK_INT(e.ok, 2);
    CK_CHECK_INT(e.failed, 1);
    CK_CHECK(strstr(e.last_error, "job_rootfs_absent") != NULL);
    CK_CHECK(e.logs > 0);
    CK_CHECK_INT(r.images_ok, 2);
    CK_CHECK_INT(r.images_failed, 1);
    CK_CHECK(r.worst >= CK_SEV_HIGH);

    CK_REQUIRE(ck_history_open("job_test_history.db", &h, &err) == CK_OK);
    ck_history_findings_init(&f);
    CK_REQUIRE(ck_history_load_findings(h, e.scan_ids[0], &f, &err) == CK_OK);
    /* glibc 2.36-9+deb12u1: DSA-5514-1 and CVE-2023-4911 (fixed in deb12u3),
     * DSA-5673-1 (fixed in deb12u6), CVE-2019-1010022 (no fix);
     * util-linux: CVE-2024-28085 (no fix in 12). */
    CK_CHECK_INT(f.count, 5);
    for (i = 0; i < f.count; i++)
        if (!strcmp(f.items[i].record_id, "DSA-5514-1")) {
            CK_CHECK_STR(f.items[i].package, "libc6");
            CK_CHECK_STR(f.items[i].source_name, "glibc");
            CK_CHECK_STR(f.items[i].installed, "2.36-9+deb12u1");
            CK_CHECK_STR(f.items[i].fixed, "2.36-9+deb12u3");
        }
    ck_history_findings_release(&f);
    CK_REQUIRE(ck_history_compare(h, e.scan_ids[0], e.scan_ids[1], &cmp, &err) == CK_OK);
    CK_CHECK_INT(cmp.fixed.count, 2);
    CK_CHECK_INT(cmp.added.count, 0);
    CK_CHECK_INT(cmp.unchanged.count, 3);
    ck_comparison_release(&cmp);
    ck_history_close(h);
}

static void test_result_json_written(void)
{
    char *name = ck_job_result_file_name("job_rootfs_old", "", ck_time_now());
    char *path = ck_path_join("job_test_reports", name);
    FILE *f = ck_fopen(path, "rb");
    char buf[65536];
    size_t n;
    cJSON *root, *findings, *packages;

    /* The test above ran within the same minute, most likely; else skip this check. */
    if (!f) {
        fprintf(stderr, "note: %s not found (minute boundary?)\n", path);
        free(name);
        free(path);
        return;
    }
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* the architecture's byte 0xFF (not UTF-8) arrives as U+FFFD */
    CK_CHECK(ck_test_utf8_strict(buf));
    CK_CHECK(strstr(buf, "\"amd64\xEF\xBF\xBD\"") != NULL);
    root = cJSON_Parse(buf);
    CK_REQUIRE(root != NULL);
    findings = cJSON_GetObjectItem(root, "findings");
    packages = cJSON_GetObjectItem(root, "packages");
    CK_CHECK_INT(cJSON_GetArraySize(findings), 5);
    CK_CHECK_INT(cJSON_GetArraySize(packages), 2); /* the deinstalled one is not there */
    CK_CHECK_STR(cJSON_GetObjectItem(root, "ecosystem")->valuestring, "Debian:12");
    cJSON_Delete(root);
    free(name);
    free(path);
}

struct summary_files {
    char txt[256], html[256];
};

static int find_summaries(void *ctx, const char *name)
{
    struct summary_files *f = ctx;
    if (!strncmp(name, "containerkitty_summary-", 23)) {
        size_t n = strlen(name);
        if (n > 4 && !strcmp(name + n - 4, ".txt"))
            snprintf(f->txt, sizeof f->txt, "job_test_reports/%s", name);
        if (n > 5 && !strcmp(name + n - 5, ".html"))
            snprintf(f->html, sizeof f->html, "job_test_reports/%s", name);
    }
    return 0;
}

static size_t read_text(const char *path, char *buf, size_t cap)
{
    FILE *f = ck_fopen(path, "rb");
    size_t n = 0;
    if (f) {
        n = fread(buf, 1, cap - 1, f);
        fclose(f);
    }
    buf[n] = '\0';
    return n;
}

static void test_job_summaries_written(void)
{
    struct summary_files f;
    static char text[1 << 16];

    memset(&f, 0, sizeof f);
    CK_REQUIRE(ck_dir_list("job_test_reports", find_summaries, &f) == CK_OK);
    CK_REQUIRE(f.txt[0] && f.html[0]);
    read_text(f.txt, text, sizeof text);
    CK_CHECK(strstr(text, "docker-image|job_rootfs_old") != NULL);
    CK_CHECK(strstr(text, "job_rootfs_absent") != NULL); /* failed images are in the summary too */
    read_text(f.html, text, sizeof text);
    CK_CHECK(strstr(text, "<html") != NULL && strstr(text, "CVE-2023-4911") != NULL);
}

static void test_cancelled_job_stores_nothing(void)
{
    struct ck_job_options o;
    struct ck_job_result r;
    struct ck_target t = {CK_TARGET_ROOTFS, "job_rootfs_old"};
    ck_atomic_flag cancel = {0};
    struct ck_scan_info *scans = NULL;
    struct ck_history *h = NULL;
    struct events e;
    struct ck_err err;
    size_t before = 0, after = 0;

    options(&o);
    o.cancel = &cancel;
    CK_REQUIRE(ck_history_open("job_test_history.db", &h, &err) == CK_OK);
    ck_history_list_scans(h, NULL, NULL, &scans, &before, &err);
    ck_scan_infos_free(scans, before);
    ck_flag_set(&cancel, 1);
    memset(&e, 0, sizeof e);
    CK_CHECK_INT(ck_job_run(&o, &t, 1, on_event, &e, &r, &err), CK_OK);
    CK_CHECK(r.cancelled);
    CK_CHECK_INT(r.images_ok, 0);
    ck_history_list_scans(h, NULL, NULL, &scans, &after, &err);
    ck_scan_infos_free(scans, after);
    CK_CHECK_INT(after, before);
    ck_history_close(h);
}

static void test_unopenable_history_fails_the_job(void)
{
    struct ck_job_options o;
    struct ck_job_result r;
    struct ck_target t = {CK_TARGET_ROOTFS, "job_rootfs_old"};
    struct ck_err err;

    options(&o);
    o.history_path = "no_such_folder/deeper/history.db";
    CK_CHECK(ck_job_run(&o, &t, 1, NULL, NULL, &r, &err) != CK_OK);
    CK_CHECK(strstr(err.msg, "no_such_folder") != NULL);
}

/* No data for a part of an image: scanned, stored and reported as not
 * assessed, never as clean. The database holds Debian's records only. */
static void test_not_assessed(void)
{
    static const char forky[] = "PRETTY_NAME=\"Debian GNU/Linux 14 (forky)\"\nVERSION_ID=\"14\"\nID=debian\n";
    struct ck_job_options o;
    struct ck_job_result r;
    struct ck_target t[3];
    struct ck_history *h = NULL;
    struct ck_scan_info info;
    struct events e;
    struct ck_err err;

    options(&o);
    o.report_dir = NULL;
    make_vulndb(o.vulndb_path);
    make_rootfs("job_rootfs_npm", "2.36-9+deb12u7"); /* Debian 12, with an npm package */
    write_file("job_rootfs_npm", "app/node_modules/left-pad/package.json", "{\"name\":\"left-pad\",\"version\":\"1.3.0\"}");
    make_rootfs("job_rootfs_forky", "2.41-6");
    write_file("job_rootfs_forky", "etc/os-release", forky);
    make_rootfs("job_rootfs_plain", "2.36-9+deb12u7"); /* all of it assessed */
    memset(t, 0, sizeof t);
    t[0].kind = t[1].kind = t[2].kind = CK_TARGET_ROOTFS;
    t[0].ref = "job_rootfs_npm";
    t[1].ref = "job_rootfs_forky";
    t[2].ref = "job_rootfs_plain";
    memset(&e, 0, sizeof e);
    CK_REQUIRE(ck_job_run(&o, t, 3, on_event, &e, &r, &err) == CK_OK);
    CK_CHECK_INT(r.images_ok, 3);
    CK_CHECK_INT(r.images_unassessed, 2);
    CK_REQUIRE(ck_history_open("job_test_history.db", &h, &err) == CK_OK);
    CK_REQUIRE(ck_history_get_scan(h, e.scan_ids[0], &info, &err) == CK_OK);
    CK_CHECK_STR(info.not_assessed, "no vulnerability data for npm");
    ck_scan_info_release(&info);
    CK_REQUIRE(ck_history_get_scan(h, e.scan_ids[1], &info, &err) == CK_OK);
    CK_CHECK_STR(info.not_assessed, "no vulnerability data for Debian:14");
    CK_CHECK_INT(info.counts.findings, 0);
    ck_scan_info_release(&info);
    CK_REQUIRE(ck_history_get_scan(h, e.scan_ids[2], &info, &err) == CK_OK);
    CK_CHECK(info.not_assessed == NULL);
    ck_scan_info_release(&info);
    ck_history_close(h);
}

/* The result file of job_rootfs_old in the triage test's folder. */
static int find_result(void *ctx, const char *name)
{
    char *path = ctx;
    if (!strncmp(name, "job_rootfs_old_", 15) && strstr(name, ".json"))
        snprintf(path, 256, "job_test_triage/%s", name);
    return 0;
}

static int remove_result(void *ctx, const char *name)
{
    char path[512];
    (void)ctx;
    snprintf(path, sizeof path, "job_test_triage/%s", name);
    ck_remove(path);
    return 0;
}

static void add_decision(struct ck_history *h, const char *vuln, const char *pkg, enum ck_decision_scope scope,
                         enum ck_decision_state state, enum ck_justification j)
{
    struct ck_decision d;
    struct ck_err err;
    memset(&d, 0, sizeof d);
    d.vuln_id = (char *)vuln;
    d.package = (char *)pkg;
    d.scope = scope;
    d.repository = scope == CK_SCOPE_IMAGE ? (char *)"job_rootfs_old" : NULL;
    d.tag = scope == CK_SCOPE_IMAGE ? (char *)"" : NULL;
    d.state = state;
    d.justification = j;
    d.expires = CK_DATE_NONE;
    d.owner = (char *)"team-a";
    d.decided_by = (char *)"tester";
    CK_CHECK_INT(ck_decisions_add(h, &d, NULL, &err), CK_OK);
}

static cJSON *finding_of(cJSON *findings, const char *id)
{
    cJSON *f;
    cJSON_ArrayForEach(f, findings)
        if (!strcmp(cJSON_GetObjectItem(f, "id")->valuestring, id))
            return f;
    return NULL;
}

/* A string of the finding's "triage" object, or NULL. */
static const char *triage_field(cJSON *findings, const char *id, const char *field)
{
    cJSON *f = finding_of(findings, id);
    cJSON *v = f ? cJSON_GetObjectItem(cJSON_GetObjectItem(f, "triage"), field) : NULL;
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Triage decisions reach the job: the open findings are counted apart and
 * the per-image JSON carries each finding's decision, or the expiry of one
 * that ran out. */
static void test_triage_applied(void)
{
    struct ck_job_options o;
    struct ck_job_result r;
    struct ck_target t = {CK_TARGET_ROOTFS, "job_rootfs_old"};
    struct ck_history *h = NULL;
    struct ck_err err;
    char path[256] = "", *text;
    size_t n;
    cJSON *root, *findings, *x, *tri;
    sqlite3 *raw = NULL;

    ck_test_remove_db("job_test_triage.db");
    ck_dir_list("job_test_triage", remove_result, NULL); /* an earlier run's results */
    CK_REQUIRE(ck_history_open("job_test_triage.db", &h, &err) == CK_OK);
    add_decision(h, "cve-2024-28085", NULL, CK_SCOPE_ALL, CK_DECISION_FALSE_POSITIVE, CK_JUSTIFICATION_NONE);
    add_decision(h, "DSA-5673-1", "libc6", CK_SCOPE_IMAGE, CK_DECISION_NOT_AFFECTED,
                 CK_JUSTIFICATION_VULNERABLE_CODE_NOT_IN_EXECUTE_PATH);
    add_decision(h, "DSA-5514-1", NULL, CK_SCOPE_IMAGE, CK_DECISION_AFFECTED, CK_JUSTIFICATION_NONE);
    ck_history_close(h);
    /* an accepted risk that ran out (the store refuses a past expiry, so it is written as an old row would be) */
    CK_REQUIRE(sqlite3_open("job_test_triage.db", &raw) == SQLITE_OK);
    CK_CHECK_INT(sqlite3_exec(raw,
                              "INSERT INTO decisions(vuln_id, scope, state, expires, decided_by, decided_at)"
                              " VALUES('CVE-2019-1010022', 'all', 'accepted_risk', '2020-01-01', 'tester', 1)",
                              NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);

    make_rootfs("job_rootfs_old", "2.36-9+deb12u1");
    make_vulndb("job_test_vulns.db");
    options(&o);
    o.history_path = "job_test_triage.db";
    o.report_dir = "job_test_triage";
    CK_REQUIRE(ck_job_run(&o, &t, 1, NULL, NULL, &r, &err) == CK_OK);
    CK_CHECK_INT(r.findings, 5);
    CK_CHECK_INT(r.findings_open, 3); /* two decided; affected and the expired one stay open */
    CK_CHECK_INT(r.worst_open, r.worst); /* DEBIAN-CVE-2023-4911, the worst, has no decision */

    CK_REQUIRE(ck_dir_list("job_test_triage", find_result, path) == CK_OK && *path);
    text = ck_test_read_path(path, &n);
    CK_REQUIRE(text != NULL);
    root = cJSON_Parse(text);
    free(text);
    CK_REQUIRE(root != NULL);
    findings = cJSON_GetObjectItem(root, "findings");
    /* a decision on the CVE covers the record DEBIAN-CVE-2024-28085 */
    CK_CHECK_STR(triage_field(findings, "DEBIAN-CVE-2024-28085", "state"), "false_positive");
    CK_CHECK_STR(triage_field(findings, "DSA-5673-1", "state"), "not_affected");
    CK_CHECK_STR(triage_field(findings, "DSA-5673-1", "justification"), "vulnerable_code_not_in_execute_path");
    CK_CHECK_STR(triage_field(findings, "DSA-5673-1", "owner"), "team-a");
    CK_CHECK_STR(triage_field(findings, "DSA-5673-1", "decided_by"), "tester");
    CK_CHECK_STR(triage_field(findings, "DSA-5514-1", "state"), "affected");
    x = finding_of(findings, "DSA-5673-1");
    tri = x ? cJSON_GetObjectItem(x, "triage") : NULL;
    CK_CHECK(tri && cJSON_IsNull(cJSON_GetObjectItem(tri, "expires")));
    CK_CHECK(x && cJSON_GetObjectItem(x, "triage_expired") == NULL);
    x = finding_of(findings, "DEBIAN-CVE-2019-1010022");
    CK_CHECK(x && cJSON_IsNull(cJSON_GetObjectItem(x, "triage")));
    tri = x ? cJSON_GetObjectItem(x, "triage_expired") : NULL;
    CK_CHECK_STR(cJSON_IsString(tri) ? tri->valuestring : NULL, "2020-01-01");
    x = finding_of(findings, "DEBIAN-CVE-2023-4911"); /* nobody decided on it */
    CK_CHECK(x && cJSON_IsNull(cJSON_GetObjectItem(x, "triage")));
    cJSON_Delete(root);
}

int main(int argc, char **argv)
{
    fixtures = argc > 1 ? argv[1] : "tests/fixtures";
    ck_log_set_console(0);
    CK_RUN(test_result_file_name_and_summary_line);
    CK_RUN(test_result_file_name_bounds);
    CK_RUN(test_shards);
    CK_RUN(test_scan_rootfs_targets);
    CK_RUN(test_result_json_written);
    CK_RUN(test_job_summaries_written);
    CK_RUN(test_cancelled_job_stores_nothing);
    CK_RUN(test_unopenable_history_fails_the_job);
    CK_RUN(test_not_assessed);
    CK_RUN(test_triage_applied);
    ck_log_shutdown();
    return ck_test_summary();
}
