/* Tests of triage decisions: dates, the checks of bad input, scope
 * precedence, coverage through the CVE alias, expiry on its boundary day,
 * and the audit trail in the history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "decision_build.h"
#include "platform/platform.h"
#include "store/decisions.h"
#include "store/history.h"

#define REPO "registry.example.com/dev/example-image"

static int32_t day(const char *text)
{
    int32_t d = 0;
    if (ck_date_parse(text, &d) != 0)
        fprintf(stderr, "not a date: %s\n", text);
    return d;
}

static struct ck_decision decision(const char *vuln, const char *pkg, enum ck_decision_scope scope,
                                   enum ck_decision_state state)
{
    struct ck_decision d;
    memset(&d, 0, sizeof d);
    d.vuln_id = (char *)vuln;
    d.package = (char *)pkg;
    d.scope = scope;
    d.repository = scope == CK_SCOPE_ALL ? NULL : (char *)REPO;
    d.tag = scope == CK_SCOPE_IMAGE ? (char *)"4.2.0" : NULL;
    d.state = state;
    d.expires = CK_DATE_NONE;
    return d;
}

static struct ck_triage_finding finding(const char *id, const char *cve, const char *pkg, const char *tag)
{
    struct ck_triage_finding f;
    f.record_id = id;
    f.cve = cve;
    f.package = pkg;
    f.repository = REPO;
    f.tag = tag;
    return f;
}

static void test_dates(void)
{
    char s[16];
    int32_t d;
    CK_CHECK_INT(day("1970-01-01"), 0);
    CK_CHECK_INT(day("2024-03-01") - day("2024-02-28"), 2);
    CK_CHECK_INT(ck_date_parse("2023-02-29", &d), -1);
    CK_CHECK_INT(ck_date_parse("2026-13-01", &d), -1);
    CK_CHECK_INT(ck_date_parse("2026-11-31", &d), -1);
    CK_CHECK_INT(ck_date_parse("2026-1-30", &d), -1);
    CK_CHECK_INT(ck_date_parse("2026-11-30T00:00", &d), -1);
    CK_CHECK_INT(ck_date_parse("tomorrow", &d), -1);
    ck_date_format(day("2026-11-30"), s, sizeof s);
    CK_CHECK_STR(s, "2026-11-30");
    ck_date_format(day("2000-02-29"), s, sizeof s);
    CK_CHECK_STR(s, "2000-02-29");
    CK_CHECK_INT(ck_date_of_time(86399), 0);
    CK_CHECK_INT(ck_date_of_time(86400), 1);
    CK_CHECK_INT(ck_date_of_time(-1), -1);
}

static void test_names(void)
{
    enum ck_decision_state s;
    enum ck_justification j;
    CK_CHECK_INT(ck_decision_state_parse("accepted_risk", &s), 0);
    CK_CHECK_INT(s, CK_DECISION_ACCEPTED_RISK);
    CK_CHECK_INT(ck_decision_state_parse("fixed", &s), -1);
    CK_CHECK_INT(ck_justification_parse("vulnerable_code_not_in_execute_path", &j), 0);
    CK_CHECK_STR(ck_justification_str(j), "vulnerable_code_not_in_execute_path");
    CK_CHECK_INT(ck_justification_parse("", &j), -1);
    CK_CHECK(ck_decision_state_is_open(CK_DECISION_UNDER_INVESTIGATION));
    CK_CHECK(ck_decision_state_is_open(CK_DECISION_AFFECTED));
    CK_CHECK(!ck_decision_state_is_open(CK_DECISION_NOT_AFFECTED));
    CK_CHECK(!ck_decision_state_is_open(CK_DECISION_ACCEPTED_RISK));
    CK_CHECK(!ck_decision_state_is_open(CK_DECISION_FALSE_POSITIVE));
}

static void test_bad_input(void)
{
    int32_t today = day("2026-06-15");
    struct ck_decision d = decision("CVE-2024-1234", NULL, CK_SCOPE_ALL, CK_DECISION_AFFECTED);
    struct ck_err err;

    CK_CHECK_INT(ck_decision_check(&d, today, &err), CK_OK);
    d.justification = CK_JUSTIFICATION_COMPONENT_NOT_PRESENT;
    CK_CHECK_INT(ck_decision_check(&d, today, &err), CK_ERR_ARG);
    CK_CHECK(strncmp(err.msg, "justification:", 14) == 0);
    d.state = CK_DECISION_NOT_AFFECTED;
    CK_CHECK_INT(ck_decision_check(&d, today, &err), CK_OK);
    d = decision("CVE-2024-1234", NULL, CK_SCOPE_IMAGE, CK_DECISION_ACCEPTED_RISK);
    CK_CHECK_INT(ck_decision_check(&d, today, &err), CK_ERR_ARG);
    CK_CHECK(strncmp(err.msg, "expires:", 8) == 0);
    d.expires = today - 1;
    CK_CHECK_INT(ck_decision_check(&d, today, &err), CK_ERR_ARG);
    CK_CHECK_STR(err.msg, "expires: 2026-06-14 is in the past");
    d.expires = today; /* the last day it applies may be today */
    CK_CHECK_INT(ck_decision_check(&d, today, &err), CK_OK);
    d.vuln_id = (char *)"";
    CK_CHECK_INT(ck_decision_check(&d, today, &err), CK_ERR_ARG);
    CK_CHECK(strncmp(err.msg, "vulnerability:", 14) == 0);
    d = decision("CVE-2024-1234", NULL, CK_SCOPE_IMAGE, CK_DECISION_AFFECTED);
    d.tag = NULL;
    CK_CHECK_INT(ck_decision_check(&d, today, &err), CK_ERR_ARG);
    CK_CHECK(strncmp(err.msg, "scope:", 6) == 0);
}

static void test_scope_precedence(void)
{
    struct ck_decisions list;
    struct ck_triage t;
    struct ck_triage_finding f = finding("CVE-2024-1234", "CVE-2024-1234", "openssl", "4.2.0");
    int32_t today = day("2026-06-15");

    ck_decisions_init(&list);
    push(&list, decision("CVE-2024-1234", NULL, CK_SCOPE_ALL, CK_DECISION_AFFECTED));
    push(&list, decision("CVE-2024-1234", "openssl", CK_SCOPE_REPOSITORY, CK_DECISION_FALSE_POSITIVE));
    push(&list, decision("CVE-2024-1234", NULL, CK_SCOPE_IMAGE, CK_DECISION_NOT_AFFECTED));
    push(&list, decision("CVE-2024-1234", "libssl3", CK_SCOPE_IMAGE, CK_DECISION_UNDER_INVESTIGATION));
    push(&list, decision("CVE-2024-9999", "openssl", CK_SCOPE_IMAGE, CK_DECISION_FALSE_POSITIVE));
    ck_triage_index(&list);

    /* the image's any-package decision beats the repository's package one */
    ck_triage_lookup(&list, &f, today, &t);
    CK_REQUIRE(t.decision != NULL);
    CK_CHECK_INT(t.decision->state, CK_DECISION_NOT_AFFECTED);
    CK_CHECK(!t.open);
    /* at the image, the package's decision beats any package's */
    f.package = "libssl3";
    ck_triage_lookup(&list, &f, today, &t);
    CK_REQUIRE(t.decision != NULL);
    CK_CHECK_INT(t.decision->state, CK_DECISION_UNDER_INVESTIGATION);
    CK_CHECK(t.open);
    /* another tag: the repository's decision for openssl, else every image's */
    f.package = "openssl";
    f.tag = "4.3.0";
    ck_triage_lookup(&list, &f, today, &t);
    CK_REQUIRE(t.decision != NULL);
    CK_CHECK_INT(t.decision->state, CK_DECISION_FALSE_POSITIVE);
    f.package = "zlib";
    ck_triage_lookup(&list, &f, today, &t);
    CK_REQUIRE(t.decision != NULL);
    CK_CHECK_INT(t.decision->state, CK_DECISION_AFFECTED);
    CK_CHECK(t.open);
    /* another repository: every image's */
    f.repository = "registry.example.com/dev/other";
    f.package = "openssl";
    ck_triage_lookup(&list, &f, today, &t);
    CK_REQUIRE(t.decision != NULL);
    CK_CHECK_INT(t.decision->scope, CK_SCOPE_ALL);
    /* a vulnerability nobody decided on */
    f = finding("CVE-2025-0001", NULL, "openssl", "4.2.0");
    ck_triage_lookup(&list, &f, today, &t);
    CK_CHECK(t.decision == NULL && t.expired == NULL && t.open);
    release_borrowed(&list);
}

static void test_alias_coverage(void)
{
    struct ck_decisions list;
    struct ck_triage t;
    struct ck_triage_finding f = finding("DEBIAN-CVE-2024-1234", "CVE-2024-1234", "openssl", "4.2.0");
    int32_t today = day("2026-06-15");

    ck_decisions_init(&list);
    push(&list, decision("cve-2024-1234", NULL, CK_SCOPE_ALL, CK_DECISION_FALSE_POSITIVE));
    push(&list, decision("DSA-5678-1", "openssl", CK_SCOPE_REPOSITORY, CK_DECISION_NOT_AFFECTED));
    ck_triage_index(&list);
    /* a decision on the CVE covers a record whose alias it is, in any case */
    ck_triage_lookup(&list, &f, today, &t);
    CK_REQUIRE(t.decision != NULL);
    CK_CHECK_INT(t.decision->state, CK_DECISION_FALSE_POSITIVE);
    /* a decision on the record id covers it too; the more specific one wins */
    f.record_id = "DSA-5678-1";
    ck_triage_lookup(&list, &f, today, &t);
    CK_REQUIRE(t.decision != NULL);
    CK_CHECK_INT(t.decision->state, CK_DECISION_NOT_AFFECTED);
    /* without the alias only the record's own decisions count */
    f.cve = NULL;
    f.package = "zlib";
    ck_triage_lookup(&list, &f, today, &t);
    CK_CHECK(t.decision == NULL);
    release_borrowed(&list);
}

static void test_expiry_boundary(void)
{
    struct ck_decisions list;
    struct ck_triage t;
    struct ck_triage_finding f = finding("CVE-2024-1234", NULL, "openssl", "4.2.0");
    struct ck_decision d = decision("CVE-2024-1234", NULL, CK_SCOPE_IMAGE, CK_DECISION_ACCEPTED_RISK);

    ck_decisions_init(&list);
    d.expires = day("2026-11-30");
    push(&list, d);
    push(&list, decision("CVE-2024-1234", NULL, CK_SCOPE_ALL, CK_DECISION_FALSE_POSITIVE));
    ck_triage_index(&list);
    ck_triage_lookup(&list, &f, day("2026-11-30"), &t);
    CK_REQUIRE(t.decision != NULL);
    CK_CHECK_INT(t.decision->state, CK_DECISION_ACCEPTED_RISK);
    CK_CHECK(!t.open && !t.expired);
    /* the day after: open again, marked expired; the wider decision does not step in */
    ck_triage_lookup(&list, &f, day("2026-12-01"), &t);
    CK_CHECK(t.decision == NULL);
    CK_CHECK(t.open);
    CK_REQUIRE(t.expired != NULL);
    CK_CHECK_INT(t.expired->expires, day("2026-11-30"));
    release_borrowed(&list);
}

static void fresh(const char *path)
{
    ck_test_remove_db(path);
}

static void test_audit_trail(void)
{
    const char *path = "decisions_test.db";
    struct ck_history *h = NULL;
    struct ck_decisions eff, hist;
    struct ck_decision d;
    struct ck_err err;
    int64_t id1 = 0, id2 = 0, id3 = 0;

    fresh(path);
    ck_decisions_init(&eff);
    ck_decisions_init(&hist);
    CK_REQUIRE(ck_history_open(path, &h, &err) == CK_OK);
    d = decision("CVE-2024-1234", "openssl", CK_SCOPE_IMAGE, CK_DECISION_UNDER_INVESTIGATION);
    d.owner = (char *)"team-a";
    d.decided_by = (char *)"alice";
    d.decided_at = 1000;
    CK_CHECK_INT(ck_decisions_add(h, &d, &id1, &err), CK_OK);
    d.state = CK_DECISION_NOT_AFFECTED;
    d.justification = CK_JUSTIFICATION_VULNERABLE_CODE_NOT_PRESENT;
    d.note = (char *)"the module is not built";
    d.decided_by = NULL; /* from the environment */
    d.decided_at = 2000;
    CK_CHECK_INT(ck_decisions_add(h, &d, &id2, &err), CK_OK);
    d = decision("CVE-2024-1234", NULL, CK_SCOPE_ALL, CK_DECISION_AFFECTED);
    CK_CHECK_INT(ck_decisions_add(h, &d, &id3, &err), CK_OK);
    /* bad input stores nothing */
    d.state = CK_DECISION_ACCEPTED_RISK;
    CK_CHECK_INT(ck_decisions_add(h, &d, NULL, &err), CK_ERR_ARG);
    CK_CHECK(id1 > 0 && id2 > id1 && id3 > id2);

    CK_CHECK_INT(ck_decisions_history(h, "cve-2024-1234", &hist, &err), CK_OK);
    CK_REQUIRE(hist.count == 3);
    CK_CHECK_INT(hist.items[0].state, CK_DECISION_UNDER_INVESTIGATION);
    CK_CHECK_STR(hist.items[0].decided_by, "alice");
    CK_CHECK_INT(hist.items[0].decided_at, 1000);
    CK_CHECK_INT(hist.items[1].state, CK_DECISION_NOT_AFFECTED);
    CK_CHECK_INT(hist.items[1].justification, CK_JUSTIFICATION_VULNERABLE_CODE_NOT_PRESENT);
    CK_CHECK_STR(hist.items[1].note, "the module is not built");
    CK_CHECK(hist.items[1].decided_by && *hist.items[1].decided_by);
    CK_CHECK_STR(hist.items[1].owner, "team-a");
    CK_CHECK_STR(hist.items[1].tag, "4.2.0");
    CK_CHECK(hist.items[2].package == NULL && hist.items[2].repository == NULL);

    /* the effective ones: the newest row per key */
    CK_CHECK_INT(ck_decisions_effective(h, NULL, &eff, &err), CK_OK);
    CK_REQUIRE(eff.count == 2);
    CK_CHECK_INT(eff.items[0].id, id3); /* any package first (NULL sorts first) */
    CK_CHECK_INT(eff.items[1].id, id2);
    ck_decisions_release(&eff);
    CK_CHECK_INT(ck_decisions_effective(h, "registry.example.com/dev/other", &eff, &err), CK_OK);
    CK_CHECK_INT(eff.count, 1);
    ck_decisions_release(&eff);
    ck_decisions_release(&hist);
    ck_history_close(h);

    /* reopened: still there */
    CK_REQUIRE(ck_history_open(path, &h, &err) == CK_OK);
    CK_CHECK_INT(ck_decisions_history(h, "CVE-2024-1234", &hist, &err), CK_OK);
    CK_CHECK_INT(hist.count, 3);
    ck_decisions_release(&hist);
    ck_history_close(h);
    fresh(path);
}

/* A batch is stored whole or not at all. */
static void test_add_all(void)
{
    const char *path = "decisions_batch_test.db";
    struct ck_history *h = NULL;
    struct ck_decisions batch, eff;
    struct ck_err err;

    fresh(path);
    memset(&batch, 0, sizeof batch);
    ck_decisions_init(&eff);
    CK_REQUIRE(ck_history_open(path, &h, &err) == CK_OK);
    push(&batch, decision("CVE-2024-0001", NULL, CK_SCOPE_ALL, CK_DECISION_AFFECTED));
    push(&batch, decision("CVE-2024-0002", "zlib", CK_SCOPE_REPOSITORY, CK_DECISION_FALSE_POSITIVE));
    push(&batch, decision("CVE-2024-0003", NULL, CK_SCOPE_ALL, CK_DECISION_ACCEPTED_RISK)); /* no expiry */
    batch.items[0].id = batch.items[1].id = batch.items[2].id = 0;
    CK_CHECK_INT(ck_decisions_add_all(h, &batch, &err), CK_ERR_ARG);
    CK_CHECK(strstr(err.msg, "expir") != NULL);
    CK_CHECK_INT(ck_decisions_effective(h, NULL, &eff, &err), CK_OK);
    CK_CHECK_INT(eff.count, 0);
    batch.count = 2;
    CK_CHECK_INT(ck_decisions_add_all(h, &batch, &err), CK_OK);
    CK_CHECK_INT(ck_decisions_effective(h, NULL, &eff, &err), CK_OK);
    CK_REQUIRE(eff.count == 2);
    CK_CHECK_STR(eff.items[1].package, "zlib");
    CK_CHECK_INT(eff.items[1].state, CK_DECISION_FALSE_POSITIVE);
    ck_decisions_release(&eff);
    release_borrowed(&batch);
    ck_history_close(h);
    fresh(path);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    CK_RUN(test_dates);
    CK_RUN(test_names);
    CK_RUN(test_bad_input);
    CK_RUN(test_scope_precedence);
    CK_RUN(test_alias_coverage);
    CK_RUN(test_expiry_boundary);
    CK_RUN(test_audit_trail);
    CK_RUN(test_add_all);
    return ck_test_summary();
}
