/* Tests of the findings list's risk review: one image's findings reviewed
 * against the decisions of a history (ck_review_findings), the Triage,
 * EPSS, Known exploited and Priority cells, the triage and exploit filters,
 * and sorting by triage (open first). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "platform/platform.h"
#include "report/review.h"
#include "store/decisions.h"
#include "store/history.h"
#include "view/cells.h"
#include "view/findings_table.h"
#include "view/images_table.h"

#define REPO "registry.example.com/dev/app"
#define TAG "4.2.0"

static const char *path = "view_review_test.db";

static void add(struct ck_history_findings *f, const char *id, const char *cve, const char *pkg, enum ck_severity sev)
{
    struct ck_history_finding x;
    memset(&x, 0, sizeof x);
    x.record_id = (char *)id;
    x.cve = (char *)cve;
    x.package = (char *)pkg;
    x.installed = (char *)"1";
    x.severity = sev;
    x.cvss_score = -1;
    CK_CHECK_INT(ck_history_findings_add(f, &x), CK_OK);
}

static void decide(struct ck_history *h, const char *vuln, enum ck_decision_scope scope, const char *repo,
                   enum ck_decision_state state, int32_t expires, int64_t when)
{
    struct ck_decision d;
    struct ck_err err;
    memset(&d, 0, sizeof d);
    d.vuln_id = (char *)vuln;
    d.scope = scope;
    d.repository = (char *)repo;
    d.tag = scope == CK_SCOPE_IMAGE ? (char *)TAG : NULL;
    d.state = state;
    d.justification = state == CK_DECISION_NOT_AFFECTED ? CK_JUSTIFICATION_COMPONENT_NOT_PRESENT
                                                        : CK_JUSTIFICATION_NONE;
    d.expires = expires;
    d.decided_at = when;
    CK_CHECK_INT(ck_decisions_add(h, &d, NULL, &err), CK_OK);
}

static const char *ids(const struct ck_findings_table *t)
{
    static char out[256];
    size_t i;
    out[0] = '\0';
    for (i = 0; i < ck_findings_table_count(t); i++) {
        if (i)
            strcat(out, " ");
        strcat(out, ck_findings_table_at(t, i)->record_id);
    }
    return out;
}

static long position_of(const struct ck_findings_table *t, const char *id)
{
    size_t i;
    for (i = 0; i < ck_findings_table_count(t); i++)
        if (!strcmp(ck_findings_table_at(t, i)->record_id, id))
            return (long)i;
    return -1;
}

static void test_reviewed_table(void)
{
    struct ck_history *h = NULL;
    struct ck_history_findings f;
    struct ck_review_entry *entries = NULL;
    struct ck_decisions decisions;
    struct ck_findings_table t;
    struct ck_findings_filter filter;
    struct ck_err err;
    char buf[CK_CELL_MAX], want[CK_CELL_MAX], day[16];
    int32_t today = ck_date_of_time(ck_time_now()), later = today + 20;

    ck_remove(path);
    CK_REQUIRE(ck_history_open(path, &h, &err) == CK_OK);
    decide(h, "CVE-2024-0001", CK_SCOPE_ALL, NULL, CK_DECISION_NOT_AFFECTED, CK_DATE_NONE, 10);
    decide(h, "CVE-2024-0002", CK_SCOPE_REPOSITORY, REPO, CK_DECISION_ACCEPTED_RISK, later, 10);
    decide(h, "CVE-2024-0003", CK_SCOPE_IMAGE, REPO, CK_DECISION_UNDER_INVESTIGATION, CK_DATE_NONE, 10);
    decide(h, "CVE-2024-0005", CK_SCOPE_REPOSITORY, "registry.example.com/dev/other", CK_DECISION_FALSE_POSITIVE,
           CK_DATE_NONE, 10);
    decide(h, "CVE-2024-0004", CK_SCOPE_IMAGE, REPO, CK_DECISION_ACCEPTED_RISK, today + 1, 10);

    ck_history_findings_init(&f);
    add(&f, "DEBIAN-CVE-2024-0001", "CVE-2024-0001", "openssl", CK_SEV_CRITICAL);
    add(&f, "CVE-2024-0002", NULL, "zlib", CK_SEV_HIGH);
    add(&f, "CVE-2024-0003", NULL, "bash", CK_SEV_MEDIUM);
    add(&f, "CVE-2024-0004", NULL, "tar", CK_SEV_LOW);
    add(&f, "CVE-2024-0005", NULL, "gzip", CK_SEV_LOW); /* another repository's decision */
    ck_decisions_init(&decisions);
    /* reviewed two days on: the decision on 0004 ran out the day before */
    CK_REQUIRE(ck_review_findings(h, NULL, REPO, TAG, today + 2, &f, &entries, &decisions, &err) == CK_OK);
    CK_CHECK_INT(f.count, 5);
    CK_REQUIRE(entries != NULL);
    CK_CHECK_INT(decisions.count, 4); /* the other repository's is not loaded */
    ck_findings_table_init(&t);
    CK_REQUIRE(ck_findings_table_take_reviewed(&t, &f, &entries, &decisions) == CK_OK);
    CK_CHECK(entries == NULL && f.count == 0 && decisions.count == 0);
    CK_CHECK(ck_findings_table_is_reviewed(&t));

    CK_CHECK_STR(ck_findings_table_cell(&t, 0, CK_FCOL_TRIAGE, buf, sizeof buf), "\xE2\x88\x9A Not affected");
    ck_date_format(later, day, sizeof day);
    snprintf(want, sizeof want, "\xE2\x88\x9A Accepted risk until %s", day);
    CK_CHECK_STR(ck_findings_table_cell(&t, 1, CK_FCOL_TRIAGE, buf, sizeof buf), want);
    CK_CHECK_STR(ck_findings_table_cell(&t, 2, CK_FCOL_TRIAGE, buf, sizeof buf), "\xE2\x80\xA2 Under investigation");
    ck_date_format(today + 1, day, sizeof day);
    snprintf(want, sizeof want, "! Expired on %s: Accepted risk", day);
    CK_CHECK_STR(ck_findings_table_cell(&t, 3, CK_FCOL_TRIAGE, buf, sizeof buf), want);
    CK_CHECK_STR(ck_findings_table_cell(&t, 4, CK_FCOL_TRIAGE, buf, sizeof buf), "");
    CK_CHECK_STR(ck_findings_table_cell(&t, 0, CK_FCOL_EPSS, buf, sizeof buf), ""); /* no exploit data */
    CK_CHECK_STR(ck_findings_table_cell(&t, 0, CK_FCOL_PRIORITY, buf, sizeof buf), "1"); /* the critical one */
    CK_CHECK_STR(ck_findings_column_title(CK_FCOL_TRIAGE), "Triage");

    memset(&filter, 0, sizeof filter);
    filter.triage = CK_FTRIAGE_OPEN;
    CK_CHECK_INT(ck_findings_table_filter(&t, &filter), CK_OK);
    CK_CHECK_STR(ids(&t), "CVE-2024-0003 CVE-2024-0004 CVE-2024-0005");
    filter.triage = CK_FTRIAGE_DECIDED;
    CK_CHECK_INT(ck_findings_table_filter(&t, &filter), CK_OK);
    CK_CHECK_STR(ids(&t), "DEBIAN-CVE-2024-0001 CVE-2024-0002");
    filter.triage = CK_FTRIAGE_EXPIRED;
    CK_CHECK_INT(ck_findings_table_filter(&t, &filter), CK_OK);
    CK_CHECK_STR(ids(&t), "CVE-2024-0004");
    filter.triage = CK_FTRIAGE_ALL;
    filter.kev_only = 1;
    CK_CHECK_INT(ck_findings_table_filter(&t, &filter), CK_OK);
    CK_CHECK_INT(ck_findings_table_count(&t), 0);
    filter.kev_only = 0;
    CK_CHECK_INT(ck_findings_table_filter(&t, &filter), CK_OK);

    /* open first: the expired one, the undecided, then by state */
    CK_CHECK_INT(ck_findings_table_sort(&t, CK_FCOL_TRIAGE, 0), CK_OK);
    CK_CHECK_STR(ids(&t), "CVE-2024-0004 CVE-2024-0005 CVE-2024-0003 DEBIAN-CVE-2024-0001 CVE-2024-0002");
    CK_CHECK(position_of(&t, "CVE-2024-0002") == 4);
    ck_findings_table_release(&t);
    ck_history_close(h);
    ck_remove(path);
}

static void test_exploit_cells(void)
{
    struct ck_review_entry e;
    char buf[CK_CELL_MAX];

    memset(&e, 0, sizeof e);
    CK_CHECK_STR(ck_cell_epss(&e, buf, sizeof buf), "");
    CK_CHECK_STR(ck_cell_kev(&e, buf, sizeof buf), "");
    CK_CHECK_STR(ck_cell_triage(NULL, buf, sizeof buf), "");
    e.has_epss = 1;
    e.epss = 0.12345;
    e.percentile = 0.951;
    CK_CHECK_STR(ck_cell_epss(&e, buf, sizeof buf), "12.3% (95th)");
    e.percentile = 0.01;
    CK_CHECK_STR(ck_cell_epss(&e, buf, sizeof buf), "12.3% (1st)");
    e.percentile = 0.12;
    CK_CHECK_STR(ck_cell_epss(&e, buf, sizeof buf), "12.3% (12th)");
    e.percentile = 0.22;
    CK_CHECK_STR(ck_cell_epss(&e, buf, sizeof buf), "12.3% (22nd)");
    e.has_kev = 1;
    memcpy(e.kev_added, "2026-11-02", 11);
    CK_CHECK_STR(ck_cell_kev(&e, buf, sizeof buf), "Yes");
    memcpy(e.kev_due, "2026-12-02", 11);
    CK_CHECK_STR(ck_cell_kev(&e, buf, sizeof buf), "Yes, due 2026-12-02");
    CK_CHECK_STR(ck_cell_state_label(CK_DECISION_FALSE_POSITIVE), "False positive");
}

/* The images list counts the open findings; the decided ones are in the tip. */
static void test_images_open_counts(void)
{
    struct ck_history *h = NULL;
    struct ck_history_findings f;
    struct ck_scan_input in;
    struct ck_image_row *rows = NULL;
    struct ck_severity_counts *decided;
    struct ck_images_table t;
    struct ck_err err;
    char buf[CK_CELL_MAX * 2];
    size_t n = 0;
    long k;

    ck_remove(path);
    CK_REQUIRE(ck_history_open(path, &h, &err) == CK_OK);
    ck_history_findings_init(&f);
    add(&f, "CVE-2024-0001", NULL, "openssl", CK_SEV_HIGH);
    add(&f, "CVE-2024-0002", NULL, "zlib", CK_SEV_HIGH);
    add(&f, "CVE-2024-0003", NULL, "bash", CK_SEV_LOW);
    memset(&in, 0, sizeof in);
    in.repository = REPO;
    in.tag = TAG;
    in.engine = "containerkitty";
    in.started_at = in.finished_at = 100;
    in.data_age = -1;
    in.findings = &f;
    CK_CHECK_INT(ck_history_store_scan(h, &in, NULL, &err), CK_OK);
    in.tag = "5.0.0"; /* another tag: the image-scoped decision does not reach it */
    CK_CHECK_INT(ck_history_store_scan(h, &in, NULL, &err), CK_OK);
    ck_history_findings_release(&f);
    decide(h, "CVE-2024-0001", CK_SCOPE_IMAGE, REPO, CK_DECISION_FALSE_POSITIVE, CK_DATE_NONE, 10);
    decide(h, "CVE-2024-0003", CK_SCOPE_ALL, NULL, CK_DECISION_NOT_AFFECTED, CK_DATE_NONE, 10);
    decide(h, "CVE-2024-0002", CK_SCOPE_ALL, NULL, CK_DECISION_AFFECTED, CK_DATE_NONE, 10); /* still open */

    CK_REQUIRE(ck_history_list_images(h, NULL, &rows, &n, &err) == CK_OK);
    CK_REQUIRE(n == 2);
    decided = calloc(n, sizeof *decided);
    CK_REQUIRE(decided != NULL);
    CK_CHECK_INT(ck_decisions_decided_counts(h, rows, n, ck_date_of_time(ck_time_now()), decided, &err), CK_OK);
    ck_images_table_init(&t);
    CK_CHECK_INT(ck_images_table_load(&t, rows, n), CK_OK);
    ck_images_table_set_decided(&t, rows, decided, n);
    k = ck_images_table_position(&t, (uint32_t)ck_images_table_find(&t, REPO, TAG));
    CK_REQUIRE(k >= 0);
    CK_CHECK_STR(ck_images_table_cell(&t, (size_t)k, CK_ICOL_HIGH, buf, sizeof buf), "1");
    CK_CHECK_STR(ck_images_table_cell(&t, (size_t)k, CK_ICOL_LOW, buf, sizeof buf), "0");
    CK_CHECK_STR(ck_images_table_decided_text(&t, (size_t)k, buf, sizeof buf),
                 "2 decided findings not counted: 1 High, 1 Low");
    k = ck_images_table_position(&t, (uint32_t)ck_images_table_find(&t, REPO, "5.0.0"));
    CK_REQUIRE(k >= 0);
    CK_CHECK_STR(ck_images_table_cell(&t, (size_t)k, CK_ICOL_HIGH, buf, sizeof buf), "2");
    CK_CHECK_STR(ck_images_table_decided_text(&t, (size_t)k, buf, sizeof buf),
                 "1 decided finding not counted: 1 Low");
    ck_images_table_release(&t);
    free(decided);
    ck_image_rows_free(rows, n);
    ck_history_close(h);
    ck_remove(path);
}

int main(void)
{
    CK_RUN(test_exploit_cells);
    CK_RUN(test_reviewed_table);
    CK_RUN(test_images_open_counts);
    return ck_test_summary();
}
