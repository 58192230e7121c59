/* Tests of what changed across the fleet (store/changes.h) and its report
 * (report/changes.h): scans stored on both sides of a moment for images
 * whose findings are re-matched (the same image ID), replaced (another image
 * ID under the tag), first scanned after the moment, or not scanned again;
 * new, fixed and re-rated findings with their causes, grouped by
 * vulnerability in text, CSV and JSON. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "platform/platform.h"
#include "report/changes.h"
#include "store/changes.h"

static const char history_path[] = "changes_test_history.db";

struct f {
    const char *id, *cve, *package;
    enum ck_severity severity;
};

static void store(struct ck_history *h, const char *repo, const char *key, int64_t at, const struct f *fs, size_t n,
                  const char *kind)
{
    struct ck_history_findings found;
    struct ck_scan_input in;
    struct ck_err err;
    size_t i;

    ck_history_findings_init(&found);
    for (i = 0; i < n; i++) {
        struct ck_history_finding x;
        memset(&x, 0, sizeof x);
        x.record_id = (char *)fs[i].id;
        x.cve = (char *)fs[i].cve;
        x.package = (char *)fs[i].package;
        x.severity = fs[i].severity;
        x.cvss_score = -1;
        CK_CHECK(ck_history_findings_add(&found, &x) == CK_OK);
    }
    memset(&in, 0, sizeof in);
    in.repository = repo;
    in.tag = "1";
    in.image_key = key;
    in.started_at = in.finished_at = at;
    in.data_age = -1;
    in.findings = &found;
    in.kind = kind;
    CK_CHECK(ck_history_store_scan(h, &in, NULL, &err) == CK_OK);
    ck_history_findings_release(&found);
}

static const struct change_want {
    enum ck_change_kind kind;
    const char *record, *package, *image;
    enum ck_change_cause cause;
} wanted[] = {
    {CK_CHANGE_FIXED, "DSA-2", "zlib", "reg/a", CK_CAUSE_DATA},
    {CK_CHANGE_SEVERITY, "DSA-1", "openssl", "reg/a", CK_CAUSE_DATA},
    {CK_CHANGE_NEW, "DSA-3", "curl", "reg/a", CK_CAUSE_DATA},
    {CK_CHANGE_NEW, "DSA-3", "curl", "reg/b", CK_CAUSE_IMAGE},
    {CK_CHANGE_NEW, "GHSA-xxxx", "lodash", "reg/b", CK_CAUSE_IMAGE},
};

static int has_change(const struct ck_changes *c, const struct change_want *w)
{
    size_t i;
    for (i = 0; i < c->count; i++) {
        const struct ck_change *x = &c->items[i];
        if (x->kind == w->kind && !strcmp(x->record_id, w->record) && !strcmp(x->package, w->package) &&
            !strcmp(c->images[x->image].repository, w->image) && x->cause == w->cause)
            return 1;
    }
    return 0;
}

static char *written(const struct ck_changes *c, enum ck_changes_format format)
{
    FILE *f = ck_fopen("changes_test_out.txt", "wb");
    struct ck_err err;
    char *text = NULL;
    long n;

    CK_CHECK(f && ck_changes_write(c, format, "the data update", f, &err) == CK_OK);
    if (f)
        fclose(f);
    f = ck_fopen("changes_test_out.txt", "rb");
    if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && (text = calloc(1, (size_t)n + 1)) != NULL) {
        rewind(f);
        if (fread(text, 1, (size_t)n, f) != (size_t)n)
            text[0] = '\0';
    }
    if (f)
        fclose(f);
    return text ? text : calloc(1, 1);
}

static void test_changes(void)
{
    static const struct f a_before[] = {{"DSA-1", "CVE-2026-0001", "openssl", CK_SEV_HIGH},
                                        {"DSA-2", "CVE-2026-0002", "zlib", CK_SEV_LOW}};
    static const struct f a_after[] = {{"DSA-1", "CVE-2026-0001", "openssl", CK_SEV_CRITICAL},
                                       {"DSA-3", "CVE-2026-0003", "curl", CK_SEV_MEDIUM}};
    static const struct f b_before[] = {{"DSA-1", "CVE-2026-0001", "openssl", CK_SEV_HIGH}};
    static const struct f b_after[] = {{"DSA-1", "CVE-2026-0001", "openssl", CK_SEV_HIGH},
                                       {"DSA-3", "CVE-2026-0003", "curl", CK_SEV_MEDIUM},
                                       {"GHSA-xxxx", NULL, "lodash", CK_SEV_HIGH}};
    struct ck_history *h = NULL;
    struct ck_changes c;
    struct ck_err err;
    int64_t t = 1764000000, since = t + 100;
    char *text;
    cJSON *json, *news;
    size_t i;

    ck_remove(history_path);
    CK_REQUIRE(ck_history_open(history_path, &h, &err) == CK_OK);
    store(h, "reg/a", "sha256:aaa", t, a_before, 2, NULL);
    store(h, "reg/a", "sha256:aaa", t + 200, a_after, 2, CK_SCAN_KIND_REMATCH);
    store(h, "reg/b", "sha256:b1", t + 10, b_before, 1, NULL);
    store(h, "reg/b", "sha256:b2", t + 300, b_after, 3, NULL);
    store(h, "reg/c", "sha256:ccc", t + 400, b_after, 3, NULL); /* first scanned since */
    store(h, "reg/d", "sha256:ddd", t + 20, b_before, 1, NULL); /* not scanned since */

    ck_changes_init(&c);
    CK_REQUIRE(ck_history_changes(h, since, &c, &err) == CK_OK);
    CK_CHECK_INT(c.images_compared, 3);
    CK_CHECK_INT(c.images_first_scanned, 1);
    CK_CHECK_INT(c.image_count, 2);
    CK_CHECK_INT(c.count, sizeof wanted / sizeof wanted[0]);
    for (i = 0; i < sizeof wanted / sizeof wanted[0]; i++)
        CK_CHECK(has_change(&c, &wanted[i]));
    for (i = 0; i < c.count; i++)
        if (c.items[i].kind == CK_CHANGE_SEVERITY) {
            CK_CHECK_INT(c.items[i].previous, CK_SEV_HIGH);
            CK_CHECK_INT(c.items[i].severity, CK_SEV_CRITICAL);
        }

    text = written(&c, CK_CHANGES_TEXT);
    CK_CHECK(strstr(text, "3 new findings in 2 images, 1 fixed, 1 re-rated") != NULL);
    CK_CHECK(strstr(text, "(3 images compared; 1 first scanned since)") != NULL);
    CK_CHECK(strstr(text, "CVE-2026-0003  Medium  now affects 2 images: reg/a:1 (curl, by the data), "
                          "reg/b:1 (curl, by the image)") != NULL);
    CK_CHECK(strstr(text, "CVE-2026-0001  High -> Critical  in 1 image") != NULL);
    CK_CHECK(strstr(text, "CVE-2026-0002  Low  fixed in 1 image") != NULL);
    /* most images first: CVE-2026-0003 before GHSA-xxxx */
    CK_CHECK(strstr(text, "CVE-2026-0003") && strstr(text, "GHSA-xxxx") &&
             strstr(text, "CVE-2026-0003") < strstr(text, "GHSA-xxxx"));
    free(text);

    text = written(&c, CK_CHANGES_CSV);
    /* as Excel opens it: UTF-8 with a byte order mark */
    CK_CHECK(strncmp(text, "\xEF\xBB\xBF" "Change,Vulnerability,Record,Package,Severity,Previous severity,Image,Cause\r\n",
                     79) == 0);
    CK_CHECK(strstr(text, "severity,CVE-2026-0001,DSA-1,openssl,Critical,High,reg/a:1,data\r\n") != NULL);
    CK_CHECK(strstr(text, "new,GHSA-xxxx,GHSA-xxxx,lodash,High,,reg/b:1,image\r\n") != NULL);
    free(text);

    text = written(&c, CK_CHANGES_JSON);
    json = cJSON_Parse(text);
    CK_REQUIRE(json != NULL);
    news = cJSON_GetObjectItem(json, "new");
    CK_CHECK_INT(cJSON_GetArraySize(news), 2);
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(news, 0), "vulnerability")),
                 "CVE-2026-0003");
    CK_CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(news, 0), "image_count")), 2);
    CK_CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(json, "fixed")), 1);
    CK_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(
                     cJSON_GetArrayItem(cJSON_GetObjectItem(json, "severity_changed"), 0), "previous_severity")),
                 "High");
    cJSON_Delete(json);
    free(text);
    ck_changes_release(&c);

    /* before everything: every image first scanned, nothing listed */
    CK_REQUIRE(ck_history_changes(h, t - 1, &c, &err) == CK_OK);
    CK_CHECK_INT(c.count, 0);
    CK_CHECK_INT(c.images_first_scanned, 4);
    text = written(&c, CK_CHANGES_TEXT);
    CK_CHECK(strstr(text, "Nothing changed.") != NULL);
    free(text);
    ck_changes_release(&c);
    ck_history_close(h);
}

int main(void)
{
    CK_RUN(test_changes);
    return ck_test_summary();
}
