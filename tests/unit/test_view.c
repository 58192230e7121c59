/* Tests of the list views' row models (app/core/view/): natural ordering,
 * stable sorting, filters, cell text of the findings, images and scans
 * tables, the trend chart's scale. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "platform/platform.h"
#include "view/cells.h"
#include "view/findings_table.h"
#include "view/images_table.h"
#include "view/rowset.h"
#include "view/scans_table.h"

/* ---- natural order and substring search --------------------------------- */

static void test_natural_cmp_orders_numbers_by_value(void)
{
    CK_CHECK(ck_view_natural_cmp("CVE-2023-999", "CVE-2023-1000") < 0);
    CK_CHECK(ck_view_natural_cmp("CVE-2023-1000", "CVE-2023-999") > 0);
    CK_CHECK(ck_view_natural_cmp("img9", "img10") < 0);
    CK_CHECK(ck_view_natural_cmp("1.2.10", "1.2.9") > 0);
    CK_CHECK(ck_view_natural_cmp("abc", "ABD") < 0);
    CK_CHECK(ck_view_natural_cmp("abc", "abcd") < 0);
    CK_CHECK(ck_view_natural_cmp(NULL, "") == 0);
    CK_CHECK(ck_view_natural_cmp(NULL, "a") < 0);
    CK_CHECK(ck_view_natural_cmp("x", "x") == 0);
}

static void test_natural_cmp_ignores_case_and_leading_zeros(void)
{
    CK_CHECK(ck_view_natural_cmp("libc", "LIBC") == 0);
    CK_CHECK(ck_view_natural_cmp("a01", "a1") == 0);
    CK_CHECK(ck_view_natural_cmp("a01", "a2") < 0);
    CK_CHECK(ck_view_natural_cmp("B", "a") > 0);
    CK_CHECK(ck_view_natural_cmp("a-1", "a1") < 0); /* '-' before a digit, as in bytes */
    CK_CHECK(ck_view_natural_cmp("a1", "a_") < 0);  /* digits before '_' */
    CK_CHECK(ck_view_natural_cmp("x0", "x") > 0);
}

static void test_contains_ignores_ascii_case(void)
{
    CK_CHECK(ck_view_contains("OpenSSL 3.0", "openssl"));
    CK_CHECK(ck_view_contains("libssl3", "ssl"));
    CK_CHECK(!ck_view_contains("libssl3", "tls"));
    CK_CHECK(ck_view_contains("abc", ""));
    CK_CHECK(!ck_view_contains(NULL, "a"));
    CK_CHECK(ck_view_contains("aab", "ab"));
    CK_CHECK(!ck_view_contains("a", "ab"));
}

/* ---- rowset ------------------------------------------------------------- */

static int key_of[200];

static int cmp_key(const void *ctx, uint32_t a, uint32_t b)
{
    (void)ctx;
    return key_of[a] - key_of[b];
}

static int keep_odd(const void *ctx, uint32_t r)
{
    (void)ctx;
    return r % 2 == 1;
}

static void test_rowset_sort_is_stable_both_ways(void)
{
    struct ck_rowset s;
    size_t i;
    ck_rowset_init(&s);
    CK_REQUIRE(ck_rowset_reset(&s, 200) == CK_OK);
    for (i = 0; i < 200; i++)
        key_of[i] = (int)(i * 7 % 5);
    CK_REQUIRE(ck_rowset_sort(&s, cmp_key, NULL, 0) == CK_OK);
    for (i = 1; i < 200; i++) {
        uint32_t a = ck_rowset_row(&s, i - 1), b = ck_rowset_row(&s, i);
        CK_CHECK(key_of[a] < key_of[b] || (key_of[a] == key_of[b] && a < b));
    }
    CK_REQUIRE(ck_rowset_sort(&s, cmp_key, NULL, 1) == CK_OK);
    for (i = 1; i < 200; i++) {
        uint32_t a = ck_rowset_row(&s, i - 1), b = ck_rowset_row(&s, i);
        CK_CHECK(key_of[a] > key_of[b] || (key_of[a] == key_of[b] && a < b));
    }
    ck_rowset_release(&s);
}

static void test_rowset_filter_keeps_sort_order(void)
{
    struct ck_rowset s;
    size_t i;
    ck_rowset_init(&s);
    CK_REQUIRE(ck_rowset_reset(&s, 200) == CK_OK);
    for (i = 0; i < 200; i++)
        key_of[i] = 200 - (int)i;
    ck_rowset_filter(&s, keep_odd, NULL);
    CK_CHECK_INT(s.visible_count, 100);
    CK_CHECK_INT(ck_rowset_row(&s, 0), 1);
    CK_REQUIRE(ck_rowset_sort(&s, cmp_key, NULL, 0) == CK_OK);
    CK_CHECK_INT(s.visible_count, 100);
    CK_CHECK_INT(ck_rowset_row(&s, 0), 199);
    CK_CHECK_INT(ck_rowset_row(&s, 99), 1);
    CK_CHECK_INT(ck_rowset_position(&s, 199), 0);
    CK_CHECK_INT(ck_rowset_position(&s, 2), -1);
    ck_rowset_filter(&s, NULL, NULL);
    CK_CHECK_INT(s.visible_count, 200);
    CK_CHECK_INT(ck_rowset_row(&s, 0), 199);
    ck_rowset_release(&s);
}

/* Texts chosen to cross the 8-byte windows of the text sort: shared long
 * prefixes, digit runs at and past window edges, case, leading zeros,
 * missing values. */
static const char *const texts[] = {
    "CVE-2023-1000", "CVE-2023-999", "cve-2023-0999", "CVE-2023-10000", "CVE-2022-5", "DSA-5000-1", "DSA-900-1",
    "openssl: overflow in X.509 name constraints", "openssl: overflow in X.509 name constraint",
    "OpenSSL: overflow in x.509 name constraints", "", NULL, "zlib", "a", "A", "a0", "a00", "a1", "a10", "a9",
    "abcdefgh", "abcdefgh1", "abcdefgh10", "abcdefgh2", "abcdefghi", "abcdefg", "12345678901234567890",
    "12345678901234567891", "9", "000", "0", "\xc3\xa9t\xc3\xa9", "_x", "-x", NULL, "libc6", "libc6-dev", "libc",
};
#define TEXTS_N (sizeof texts / sizeof texts[0])
/* Each text three times: enough rows for the radix passes, and equal texts
 * whose order shows stability. */
#define TEXT_ROWS (3 * TEXTS_N)

static const char *text_of_row(const void *ctx, uint32_t r)
{
    (void)ctx;
    return texts[r % TEXTS_N];
}

static int missing_text(const char *s)
{
    return !s || !*s;
}

static void check_text_order(const struct ck_rowset *s, int desc)
{
    size_t i;
    for (i = 1; i < s->visible_count; i++) {
        uint32_t a = ck_rowset_row(s, i - 1), b = ck_rowset_row(s, i);
        const char *ta = text_of_row(NULL, a), *tb = text_of_row(NULL, b);
        int c;
        if (missing_text(ta) || missing_text(tb)) {
            /* missing values last, in row order */
            CK_CHECK(missing_text(tb));
            CK_CHECK(!missing_text(ta) || a < b);
            continue;
        }
        c = ck_view_natural_cmp(ta, tb);
        if (desc)
            c = -c;
        if (c > 0 || (c == 0 && a > b))
            fprintf(stderr, "  out of order: \"%s\" before \"%s\"\n", ta, tb);
        CK_CHECK(c < 0 || (c == 0 && a < b));
    }
}

static void test_rowset_text_sort_agrees_with_natural_cmp(void)
{
    struct ck_rowset s;
    ck_rowset_init(&s);
    CK_REQUIRE(ck_rowset_reset(&s, TEXT_ROWS) == CK_OK);
    CK_REQUIRE(ck_rowset_sort_text(&s, text_of_row, NULL, 0) == CK_OK);
    CK_CHECK_INT(s.visible_count, TEXT_ROWS);
    check_text_order(&s, 0);
    /* descending: equal texts still in row order */
    CK_REQUIRE(ck_rowset_reset(&s, TEXT_ROWS) == CK_OK);
    CK_REQUIRE(ck_rowset_sort_text(&s, text_of_row, NULL, 1) == CK_OK);
    check_text_order(&s, 1);
    ck_rowset_release(&s);
}

static void test_rowset_key_sort_missing_last_and_stable(void)
{
    struct ck_rowset s;
    uint64_t keys[300];
    size_t i;
    int desc;

    for (i = 0; i < 300; i++)
        keys[i] = i % 7 == 0 ? CK_ROWSET_MISSING : (uint64_t)(i * 37 % 11) << (8 * (i % 8));
    ck_rowset_init(&s);
    for (desc = 0; desc <= 1; desc++) {
        CK_REQUIRE(ck_rowset_reset(&s, 300) == CK_OK);
        CK_REQUIRE(ck_rowset_sort_keys(&s, keys, desc) == CK_OK);
        for (i = 1; i < 300; i++) {
            uint32_t a = ck_rowset_row(&s, i - 1), b = ck_rowset_row(&s, i);
            if (keys[a] == CK_ROWSET_MISSING || keys[b] == CK_ROWSET_MISSING) {
                CK_CHECK(keys[b] == CK_ROWSET_MISSING && (keys[a] != CK_ROWSET_MISSING || a < b));
                continue;
            }
            if (desc)
                CK_CHECK(keys[a] > keys[b] || (keys[a] == keys[b] && a < b));
            else
                CK_CHECK(keys[a] < keys[b] || (keys[a] == keys[b] && a < b));
        }
    }
    ck_rowset_release(&s);
}

static void test_rowset_of_nothing(void)
{
    struct ck_rowset s;
    ck_rowset_init(&s);
    CK_REQUIRE(ck_rowset_reset(&s, 0) == CK_OK);
    CK_CHECK(ck_rowset_sort(&s, cmp_key, NULL, 0) == CK_OK);
    ck_rowset_filter(&s, keep_odd, NULL);
    CK_CHECK_INT(s.visible_count, 0);
    ck_rowset_release(&s);
}

/* ---- cells -------------------------------------------------------------- */

static void test_cells(void)
{
    char buf[CK_CELL_MAX], expect[CK_CELL_MAX];
    struct tm tm;

    CK_CHECK_STR(ck_cell_count(12, 1, 9, buf, sizeof buf), "12 (+3)");
    CK_CHECK_STR(ck_cell_count(9, 1, 12, buf, sizeof buf), "9 (-3)");
    CK_CHECK_STR(ck_cell_count(9, 1, 9, buf, sizeof buf), "9");
    CK_CHECK_STR(ck_cell_count(0, 0, 5, buf, sizeof buf), "0");
    CK_CHECK_STR(ck_cell_short_digest("sha256:0123456789abcdef0123", buf, sizeof buf), "0123456789ab");
    CK_CHECK_STR(ck_cell_short_digest("abc", buf, sizeof buf), "abc");
    CK_CHECK_STR(ck_cell_short_digest(NULL, buf, sizeof buf), "");
    CK_CHECK_STR(ck_cell_score(9.8, buf, sizeof buf), "9.8");
    CK_CHECK_STR(ck_cell_score(-1, buf, sizeof buf), "");
    CK_CHECK_STR(ck_cell_time(0, buf, sizeof buf), "");
    ck_time_local(1767225600, &tm); /* 2026-01-01T00:00:00Z, shown in local time */
    snprintf(expect, sizeof expect, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min);
    CK_CHECK_STR(ck_cell_time(1767225600, buf, sizeof buf), expect);
    CK_CHECK_STR(ck_cell_count(123456, 1, 0, buf, 5), "1234"); /* cut, still terminated */
}

/* ---- findings table ----------------------------------------------------- */

struct spec {
    const char *id, *cve, *package, *installed, *fixed, *title;
    enum ck_severity sev;
    double cvss;
    int64_t first_seen;
};

static const struct spec sample[] = {
    {"DSA-5000-1", "CVE-2023-1000", "openssl", "3.0.9-1", "3.0.11-1", "OpenSSL: overflow", CK_SEV_HIGH, 7.5, 300},
    {"CVE-2023-999", "CVE-2023-999", "zlib", "1.2.13", NULL, "zlib: inflate", CK_SEV_CRITICAL, 9.8, 100},
    {"DSA-900-1", NULL, "bash", "5.2-2", "5.2-3", "bash: cmd injection", CK_SEV_LOW, -1, 200},
    {"CVE-2022-5", "CVE-2022-5", "openssl", "3.0.9-1", NULL, NULL, CK_SEV_MEDIUM, 5.0, 100},
    {"DSA-10000-1", "CVE-2024-1", "libxml2", "2.9", "2.9.1", "libxml2: XXE", CK_SEV_HIGH, 8.1, 0},
};
#define SAMPLE_N (sizeof sample / sizeof sample[0])

static void make_findings(struct ck_history_findings *out, const struct spec *specs, size_t n)
{
    size_t i;
    ck_history_findings_init(out);
    for (i = 0; i < n; i++) {
        struct ck_history_finding f;
        memset(&f, 0, sizeof f);
        f.record_id = (char *)specs[i].id;
        f.cve = (char *)specs[i].cve;
        f.package = (char *)specs[i].package;
        f.source_name = (char *)specs[i].package;
        f.installed = (char *)specs[i].installed;
        f.fixed = (char *)specs[i].fixed;
        f.title = (char *)specs[i].title;
        f.severity = specs[i].sev;
        f.cvss_score = specs[i].cvss;
        f.first_seen = specs[i].first_seen;
        if (ck_history_findings_add(out, &f) != CK_OK)
            abort();
    }
}

static void load_sample(struct ck_findings_table *t)
{
    struct ck_history_findings rows;
    make_findings(&rows, sample, SAMPLE_N);
    ck_findings_table_init(t);
    if (ck_findings_table_take(t, &rows) != CK_OK)
        abort();
    CK_CHECK_INT(rows.count, 0); /* moved */
    ck_history_findings_release(&rows);
}

/* The ids shown, joined with spaces. */
static const char *shown_ids(const struct ck_findings_table *t)
{
    static char out[512];
    size_t i;
    out[0] = '\0';
    for (i = 0; i < ck_findings_table_count(t); i++) {
        if (i)
            strcat(out, " ");
        strcat(out, ck_findings_table_at(t, i)->record_id);
    }
    return out;
}

static void test_findings_load_order_and_cells(void)
{
    struct ck_findings_table t;
    char buf[CK_CELL_MAX];
    load_sample(&t);
    CK_CHECK_INT(ck_findings_table_count(&t), 5);
    CK_CHECK_INT(ck_findings_table_total(&t), 5);
    CK_CHECK(!ck_findings_table_is_comparison(&t));
    CK_CHECK_STR(shown_ids(&t), "DSA-5000-1 CVE-2023-999 DSA-900-1 CVE-2022-5 DSA-10000-1");
    CK_CHECK_STR(ck_findings_table_cell(&t, 0, CK_FCOL_SEVERITY, buf, sizeof buf), "High");
    CK_CHECK_STR(ck_findings_table_cell(&t, 0, CK_FCOL_CVSS, buf, sizeof buf), "7.5");
    CK_CHECK_STR(ck_findings_table_cell(&t, 2, CK_FCOL_CVSS, buf, sizeof buf), "");
    CK_CHECK_STR(ck_findings_table_cell(&t, 2, CK_FCOL_CVE, buf, sizeof buf), "");
    CK_CHECK_STR(ck_findings_table_cell(&t, 1, CK_FCOL_FIXED, buf, sizeof buf), "");
    CK_CHECK_STR(ck_findings_table_cell(&t, 0, CK_FCOL_FIXED, buf, sizeof buf), "3.0.11-1");
    CK_CHECK_STR(ck_findings_table_cell(&t, 0, CK_FCOL_PACKAGE, buf, sizeof buf), "openssl");
    CK_CHECK_STR(ck_findings_table_cell(&t, 0, CK_FCOL_CHANGE, buf, sizeof buf), "");
    CK_CHECK_STR(ck_findings_table_cell(&t, 4, CK_FCOL_FIRST_SEEN, buf, sizeof buf), "");
    CK_CHECK_STR(ck_findings_table_cell(&t, 0, CK_FCOL_COUNT, buf, sizeof buf), "");
    CK_CHECK_STR(ck_findings_column_title(CK_FCOL_CVSS), "CVSS");
    ck_findings_table_release(&t);
}

static void test_findings_sort_by_each_kind_of_column(void)
{
    struct ck_findings_table t;
    load_sample(&t);
    /* natural: DSA-900 < DSA-5000 < DSA-10000 */
    CK_CHECK_INT(ck_findings_table_sort(&t, CK_FCOL_ID, 0), CK_OK);
    CK_CHECK_STR(shown_ids(&t), "CVE-2022-5 CVE-2023-999 DSA-900-1 DSA-5000-1 DSA-10000-1");
    /* severity order, not alphabetical */
    CK_CHECK_INT(ck_findings_table_sort(&t, CK_FCOL_SEVERITY, 1), CK_OK);
    CK_CHECK_STR(shown_ids(&t), "CVE-2023-999 DSA-5000-1 DSA-10000-1 CVE-2022-5 DSA-900-1");
    /* numeric, unknown score last in both directions */
    CK_CHECK_INT(ck_findings_table_sort(&t, CK_FCOL_CVSS, 0), CK_OK);
    CK_CHECK_STR(shown_ids(&t), "CVE-2022-5 DSA-5000-1 DSA-10000-1 CVE-2023-999 DSA-900-1");
    CK_CHECK_INT(ck_findings_table_sort(&t, CK_FCOL_CVSS, 1), CK_OK);
    CK_CHECK_STR(shown_ids(&t), "CVE-2023-999 DSA-10000-1 DSA-5000-1 CVE-2022-5 DSA-900-1");
    /* no fix yet sorts last both ways */
    CK_CHECK_INT(ck_findings_table_sort(&t, CK_FCOL_FIXED, 0), CK_OK);
    CK_CHECK(ck_findings_table_at(&t, 3)->fixed == NULL && ck_findings_table_at(&t, 4)->fixed == NULL);
    CK_CHECK_STR(ck_findings_table_at(&t, 0)->fixed, "2.9.1");
    CK_CHECK_INT(ck_findings_table_sort(&t, CK_FCOL_FIXED, 1), CK_OK);
    CK_CHECK_STR(ck_findings_table_at(&t, 0)->fixed, "5.2-3");
    CK_CHECK(ck_findings_table_at(&t, 4)->fixed == NULL);
    /* first seen: unknown (0) last */
    CK_CHECK_INT(ck_findings_table_sort(&t, CK_FCOL_FIRST_SEEN, 1), CK_OK);
    CK_CHECK_STR(ck_findings_table_at(&t, 0)->record_id, "DSA-5000-1");
    CK_CHECK_STR(ck_findings_table_at(&t, 4)->record_id, "DSA-10000-1");
    CK_CHECK_INT(ck_findings_table_sort(&t, CK_FCOL_COUNT, 0), CK_ERR_ARG);
    ck_findings_table_release(&t);
}

static void test_findings_sort_is_stable_across_columns(void)
{
    struct ck_findings_table t;
    load_sample(&t);
    /* by package, then by severity: equal severities keep package order */
    CK_REQUIRE(ck_findings_table_sort(&t, CK_FCOL_PACKAGE, 0) == CK_OK);
    CK_CHECK_STR(shown_ids(&t), "DSA-900-1 DSA-10000-1 DSA-5000-1 CVE-2022-5 CVE-2023-999");
    CK_REQUIRE(ck_findings_table_sort(&t, CK_FCOL_SEVERITY, 1) == CK_OK);
    CK_CHECK_STR(shown_ids(&t), "CVE-2023-999 DSA-10000-1 DSA-5000-1 CVE-2022-5 DSA-900-1");
    CK_REQUIRE(ck_findings_table_sort(&t, CK_FCOL_PACKAGE, 1) == CK_OK);
    /* openssl: High before Medium, as the severity sort left them */
    CK_CHECK_STR(shown_ids(&t), "CVE-2023-999 DSA-5000-1 CVE-2022-5 DSA-10000-1 DSA-900-1");
    ck_findings_table_release(&t);
}

static void test_findings_filters(void)
{
    struct ck_findings_table t;
    struct ck_findings_filter f;
    load_sample(&t);
    memset(&f, 0, sizeof f);

    f.text = "OPENSSL";
    CK_REQUIRE(ck_findings_table_filter(&t, &f) == CK_OK);
    CK_CHECK_STR(shown_ids(&t), "DSA-5000-1 CVE-2022-5");
    f.text = "xxe"; /* title */
    CK_REQUIRE(ck_findings_table_filter(&t, &f) == CK_OK);
    CK_CHECK_STR(shown_ids(&t), "DSA-10000-1");
    f.text = "2023-1000"; /* CVE */
    CK_REQUIRE(ck_findings_table_filter(&t, &f) == CK_OK);
    CK_CHECK_STR(shown_ids(&t), "DSA-5000-1");
    f.text = "5.2-3"; /* fixed version */
    CK_REQUIRE(ck_findings_table_filter(&t, &f) == CK_OK);
    CK_CHECK_STR(shown_ids(&t), "DSA-900-1");

    f.text = NULL;
    f.severities = CK_SEV_BIT(CK_SEV_HIGH) | CK_SEV_BIT(CK_SEV_CRITICAL);
    CK_REQUIRE(ck_findings_table_filter(&t, &f) == CK_OK);
    CK_CHECK_STR(shown_ids(&t), "DSA-5000-1 CVE-2023-999 DSA-10000-1");
    f.fixable_only = 1;
    CK_REQUIRE(ck_findings_table_filter(&t, &f) == CK_OK);
    CK_CHECK_STR(shown_ids(&t), "DSA-5000-1 DSA-10000-1");
    /* sorting applies to the filtered rows, and the filter stays */
    CK_REQUIRE(ck_findings_table_sort(&t, CK_FCOL_CVSS, 1) == CK_OK);
    CK_CHECK_STR(shown_ids(&t), "DSA-10000-1 DSA-5000-1");
    CK_CHECK_INT(ck_findings_table_row_at(&t, 0), 4);
    CK_CHECK_INT(ck_findings_table_position(&t, 0), 1);
    CK_CHECK_INT(ck_findings_table_position(&t, 1), -1);
    f.text = "nothing matches this";
    CK_REQUIRE(ck_findings_table_filter(&t, &f) == CK_OK);
    CK_CHECK_INT(ck_findings_table_count(&t), 0);
    CK_REQUIRE(ck_findings_table_filter(&t, NULL) == CK_OK);
    CK_CHECK_INT(ck_findings_table_count(&t), 5);
    ck_findings_table_release(&t);
}

static void test_findings_new_rows_keep_sort_and_filter(void)
{
    struct ck_findings_table t;
    struct ck_findings_filter f;
    struct ck_history_findings rows;
    load_sample(&t);
    memset(&f, 0, sizeof f);
    f.fixable_only = 1;
    CK_REQUIRE(ck_findings_table_filter(&t, &f) == CK_OK);
    CK_REQUIRE(ck_findings_table_sort(&t, CK_FCOL_ID, 1) == CK_OK);
    make_findings(&rows, sample, 3);
    CK_REQUIRE(ck_findings_table_take(&t, &rows) == CK_OK);
    CK_CHECK_STR(shown_ids(&t), "DSA-5000-1 DSA-900-1");
    ck_findings_table_release(&t);
}

static void test_findings_comparison(void)
{
    struct ck_findings_table t;
    struct ck_comparison c;
    struct ck_findings_filter f;
    char buf[CK_CELL_MAX];

    memset(&c, 0, sizeof c);
    make_findings(&c.added, sample, 1);
    make_findings(&c.fixed, sample + 1, 2);
    make_findings(&c.unchanged, sample + 3, 2);
    ck_findings_table_init(&t);
    CK_REQUIRE(ck_findings_table_take_comparison(&t, &c) == CK_OK);
    CK_CHECK_INT(c.added.count + c.fixed.count + c.unchanged.count, 0);
    ck_comparison_release(&c);
    CK_CHECK(ck_findings_table_is_comparison(&t));
    CK_CHECK_INT(ck_findings_table_count(&t), 5);
    CK_CHECK_STR(ck_findings_table_cell(&t, 0, CK_FCOL_CHANGE, buf, sizeof buf), "New");
    CK_CHECK_STR(ck_findings_table_cell(&t, 1, CK_FCOL_CHANGE, buf, sizeof buf), "Fixed");
    CK_CHECK_STR(ck_findings_table_cell(&t, 4, CK_FCOL_CHANGE, buf, sizeof buf), "Unchanged");
    memset(&f, 0, sizeof f);
    f.changes = CK_STATE_BIT(CK_STATE_NEW) | CK_STATE_BIT(CK_STATE_FIXED);
    CK_REQUIRE(ck_findings_table_filter(&t, &f) == CK_OK);
    CK_CHECK_STR(shown_ids(&t), "DSA-5000-1 CVE-2023-999 DSA-900-1");
    CK_REQUIRE(ck_findings_table_sort(&t, CK_FCOL_CHANGE, 1) == CK_OK);
    CK_CHECK_STR(shown_ids(&t), "CVE-2023-999 DSA-900-1 DSA-5000-1");
    CK_CHECK_INT(ck_findings_table_change_at(&t, 2), CK_STATE_NEW);
    ck_findings_table_release(&t);
}

static void test_findings_empty_table(void)
{
    struct ck_findings_table t;
    struct ck_history_findings none;
    ck_findings_table_init(&t);
    CK_CHECK_INT(ck_findings_table_count(&t), 0);
    CK_CHECK_INT(ck_findings_table_sort(&t, CK_FCOL_TITLE, 0), CK_OK);
    CK_CHECK_INT(ck_findings_table_filter(&t, NULL), CK_OK);
    ck_history_findings_init(&none);
    CK_CHECK_INT(ck_findings_table_take(&t, &none), CK_OK);
    CK_CHECK_INT(ck_findings_table_count(&t), 0);
    ck_findings_table_release(&t);
    ck_findings_table_release(&t); /* released twice: harmless */
}

/* ---- images table ------------------------------------------------------- */

static void set_counts(struct ck_severity_counts *c, size_t crit, size_t high, size_t med, size_t low)
{
    memset(c, 0, sizeof *c);
    c->by_severity[CK_SEV_CRITICAL] = crit;
    c->by_severity[CK_SEV_HIGH] = high;
    c->by_severity[CK_SEV_MEDIUM] = med;
    c->by_severity[CK_SEV_LOW] = low;
    c->findings = crit + high + med + low;
}

/* Three images as ck_history_list_images hands them over (borrowed strings). */
static void history_rows(struct ck_image_row *r)
{
    memset(r, 0, 3 * sizeof *r);
    r[0].image_id = 1;
    r[0].repository = "registry.example.com/dev/api";
    r[0].tag = "4.2.0";
    r[0].has_scan = 1;
    r[0].latest.ok = 1;
    r[0].latest.id = 11;
    r[0].latest.finished_at = 2000;
    r[0].latest.digest = "sha256:aaaaaaaaaaaabbbbbbbb";
    set_counts(&r[0].latest.counts, 12, 4, 0, 7);
    r[0].has_previous = 1;
    set_counts(&r[0].previous, 9, 6, 0, 7);
    r[1].image_id = 2;
    r[1].repository = "registry.example.com/dev/web";
    r[1].tag = "1.10";
    r[2].image_id = 3;
    r[2].repository = "docker.io/library/debian";
    r[2].tag = "12";
    r[2].has_scan = 1;
    r[2].latest.ok = 0;
    r[2].latest.finished_at = 3000;
    r[2].latest.error = "pull failed: manifest unknown";
}

static const char *shown_repos(const struct ck_images_table *t)
{
    static char out[512];
    size_t i;
    out[0] = '\0';
    for (i = 0; i < ck_images_table_count(t); i++) {
        const struct ck_images_row *r = ck_images_table_at(t, i);
        const char *slash = strrchr(r->repository, '/');
        if (i)
            strcat(out, " ");
        strcat(out, slash ? slash + 1 : r->repository);
    }
    return out;
}

static void test_images_load_and_cells(void)
{
    struct ck_images_table t;
    struct ck_image_row hr[3];
    char buf[256];

    history_rows(hr);
    ck_images_table_init(&t);
    CK_REQUIRE(ck_images_table_load(&t, hr, 3) == CK_OK);
    CK_CHECK_INT(ck_images_table_count(&t), 3);
    CK_CHECK_STR(ck_images_table_cell(&t, 0, CK_ICOL_CRITICAL, buf, sizeof buf), "12 (+3)");
    CK_CHECK_STR(ck_images_table_cell(&t, 0, CK_ICOL_HIGH, buf, sizeof buf), "4 (-2)");
    CK_CHECK_STR(ck_images_table_cell(&t, 0, CK_ICOL_LOW, buf, sizeof buf), "7");
    CK_CHECK_STR(ck_images_table_cell(&t, 0, CK_ICOL_DIGEST, buf, sizeof buf), "aaaaaaaaaaaa");
    CK_CHECK_STR(ck_images_table_cell(&t, 0, CK_ICOL_STATE, buf, sizeof buf), "Done");
    CK_CHECK_STR(ck_images_table_cell(&t, 1, CK_ICOL_STATE, buf, sizeof buf), "Never scanned");
    CK_CHECK_STR(ck_images_table_cell(&t, 1, CK_ICOL_CRITICAL, buf, sizeof buf), "");
    CK_CHECK_STR(ck_images_table_cell(&t, 1, CK_ICOL_SCANNED, buf, sizeof buf), "");
    CK_CHECK_STR(ck_images_table_cell(&t, 2, CK_ICOL_STATE, buf, sizeof buf),
                 "Failed: pull failed: manifest unknown");
    CK_CHECK_STR(ck_images_table_cell(&t, 2, CK_ICOL_CRITICAL, buf, sizeof buf), "");
    CK_CHECK_STR(ck_images_table_cell(&t, 1, CK_ICOL_TAG, buf, sizeof buf), "1.10");
    CK_CHECK_STR(ck_images_column_title(CK_ICOL_STATE), "State");
    CK_CHECK_INT(ck_images_column_severity(CK_ICOL_HIGH), CK_SEV_HIGH);
    CK_CHECK_INT(ck_images_column_severity(CK_ICOL_TAG), -1);
    ck_images_table_release(&t);
}

static void test_images_sort_and_filter(void)
{
    struct ck_images_table t;
    struct ck_image_row hr[3];

    history_rows(hr);
    ck_images_table_init(&t);
    CK_REQUIRE(ck_images_table_load(&t, hr, 3) == CK_OK);
    CK_REQUIRE(ck_images_table_sort(&t, CK_ICOL_REPOSITORY, 0) == CK_OK);
    CK_CHECK_STR(shown_repos(&t), "debian api web");
    /* counts: never-scanned rows last both ways */
    CK_REQUIRE(ck_images_table_sort(&t, CK_ICOL_CRITICAL, 1) == CK_OK);
    CK_CHECK_STR(shown_repos(&t), "api debian web");
    CK_REQUIRE(ck_images_table_sort(&t, CK_ICOL_CRITICAL, 0) == CK_OK);
    CK_CHECK_STR(shown_repos(&t), "debian api web");
    CK_REQUIRE(ck_images_table_sort(&t, CK_ICOL_SCANNED, 1) == CK_OK);
    CK_CHECK_STR(shown_repos(&t), "debian api web");
    CK_REQUIRE(ck_images_table_sort(&t, CK_ICOL_STATE, 0) == CK_OK);
    CK_CHECK_STR(shown_repos(&t), "web api debian");
    CK_REQUIRE(ck_images_table_filter(&t, "DEV/") == CK_OK);
    CK_CHECK_STR(shown_repos(&t), "web api");
    CK_REQUIRE(ck_images_table_filter(&t, "manifest") == CK_OK); /* the state's reason */
    CK_CHECK_STR(shown_repos(&t), "debian");
    CK_REQUIRE(ck_images_table_filter(&t, "") == CK_OK);
    CK_CHECK_INT(ck_images_table_count(&t), 3);
    ck_images_table_release(&t);
}

static void test_images_job_states(void)
{
    struct ck_images_table t;
    struct ck_image_row hr[3];
    struct ck_severity_counts c;
    char buf[256];
    long row, added;

    history_rows(hr);
    ck_images_table_init(&t);
    CK_REQUIRE(ck_images_table_load(&t, hr, 3) == CK_OK);
    row = ck_images_table_find(&t, "registry.example.com/dev/web", "1.10");
    CK_REQUIRE(row == 1);
    CK_CHECK_INT(ck_images_table_find(&t, "registry.example.com/dev/web", "1.1"), -1);
    CK_REQUIRE(ck_images_table_set_state(&t, (size_t)row, CK_IMAGE_SCANNING, "pulling") == CK_OK);
    CK_CHECK_STR(ck_images_table_cell(&t, 1, CK_ICOL_STATE, buf, sizeof buf), "Scanning: pulling");
    CK_CHECK_INT(ck_images_table_set_state(&t, 99, CK_IMAGE_QUEUED, NULL), CK_ERR_ARG);

    /* a reload while the job runs keeps the scanning state */
    CK_REQUIRE(ck_images_table_load(&t, hr, 3) == CK_OK);
    CK_CHECK_STR(ck_images_table_cell(&t, 1, CK_ICOL_STATE, buf, sizeof buf), "Scanning: pulling");
    CK_CHECK_STR(ck_images_table_cell(&t, 0, CK_ICOL_STATE, buf, sizeof buf), "Done");

    set_counts(&c, 1, 2, 3, 4);
    CK_REQUIRE(ck_images_table_scan_done(&t, 1, 42, 5000, "sha256:cccccccccccc", &c, NULL) == CK_OK);
    CK_CHECK_STR(ck_images_table_cell(&t, 1, CK_ICOL_STATE, buf, sizeof buf), "Done");
    CK_CHECK_STR(ck_images_table_cell(&t, 1, CK_ICOL_MEDIUM, buf, sizeof buf), "3");
    set_counts(&c, 0, 2, 5, 4);
    CK_REQUIRE(ck_images_table_scan_done(&t, 1, 43, 6000, NULL, &c, NULL) == CK_OK);
    CK_CHECK_STR(ck_images_table_cell(&t, 1, CK_ICOL_CRITICAL, buf, sizeof buf), "0 (-1)");
    CK_CHECK_STR(ck_images_table_cell(&t, 1, CK_ICOL_MEDIUM, buf, sizeof buf), "5 (+2)");
    CK_CHECK_STR(ck_images_table_cell(&t, 1, CK_ICOL_DIGEST, buf, sizeof buf), "cccccccccccc");
    CK_CHECK_INT(ck_images_table_row(&t, 1)->scan_id, 43);
    CK_CHECK_INT(ck_images_table_unassessed(&t), 0);
    /* a scan that could not assess a part is never "Done" */
    CK_REQUIRE(ck_images_table_scan_done(&t, 1, 44, 7000, NULL, &c, "no vulnerability data for npm") == CK_OK);
    CK_CHECK_STR(ck_images_table_cell(&t, 1, CK_ICOL_STATE, buf, sizeof buf),
                 "Not assessed: no vulnerability data for npm");
    CK_CHECK_INT(ck_images_table_unassessed(&t), 1);
    hr[0].latest.not_assessed = (char *)"no vulnerability data for Debian:13";
    CK_REQUIRE(ck_images_table_load(&t, hr, 3) == CK_OK);
    hr[0].latest.not_assessed = NULL;
    CK_CHECK_STR(ck_images_table_cell(&t, 0, CK_ICOL_STATE, buf, sizeof buf),
                 "Not assessed: no vulnerability data for Debian:13");
    CK_REQUIRE(ck_images_table_filter(&t, "not assessed") == CK_OK);
    CK_CHECK_INT(ck_images_table_count(&t), 1);
    CK_REQUIRE(ck_images_table_filter(&t, NULL) == CK_OK);

    CK_REQUIRE(ck_images_table_add(&t, "docker.io/library/alpine", "3.20", &added) == CK_OK);
    CK_CHECK_INT(added, 3);
    CK_CHECK_INT(ck_images_table_count(&t), 4);
    CK_REQUIRE(ck_images_table_add(&t, "docker.io/library/alpine", "3.20", &added) == CK_OK);
    CK_CHECK_INT(added, 3);
    CK_CHECK_INT(ck_images_table_total(&t), 4);
    ck_images_table_release(&t);
}

/* ---- scans table and chart scale ---------------------------------------- */

static void test_scans_table(void)
{
    struct ck_scans_table t;
    struct ck_scan_info *s = calloc(2, sizeof *s);
    char buf[256];

    CK_REQUIRE(s != NULL);
    s[0].ok = 1;
    s[0].package_count = 88;
    set_counts(&s[0].counts, 1, 2, 3, 4);
    s[0].digest = strdup("sha256:0123456789abcdef");
    s[1].ok = 0;
    s[1].error = strdup("image not found");
    ck_scans_table_init(&t);
    ck_scans_table_take(&t, s, 2);
    CK_CHECK_STR(ck_scans_table_cell(&t, 0, CK_SCOL_RESULT, buf, sizeof buf), "Done");
    CK_CHECK_STR(ck_scans_table_cell(&t, 0, CK_SCOL_HIGH, buf, sizeof buf), "2");
    CK_CHECK_STR(ck_scans_table_cell(&t, 0, CK_SCOL_TOTAL, buf, sizeof buf), "10");
    CK_CHECK_STR(ck_scans_table_cell(&t, 0, CK_SCOL_PACKAGES, buf, sizeof buf), "88");
    CK_CHECK_STR(ck_scans_table_cell(&t, 0, CK_SCOL_DIGEST, buf, sizeof buf), "0123456789ab");
    CK_CHECK_STR(ck_scans_table_cell(&t, 1, CK_SCOL_RESULT, buf, sizeof buf), "Failed: image not found");
    CK_CHECK_STR(ck_scans_table_cell(&t, 1, CK_SCOL_HIGH, buf, sizeof buf), "");
    CK_CHECK_STR(ck_scans_table_cell(&t, 2, CK_SCOL_HIGH, buf, sizeof buf), "");
    CK_CHECK(ck_scans_table_at(&t, 2) == NULL);
    ck_scans_table_release(&t);
}

static void test_trend_axis(void)
{
    size_t max, step;
    ck_trend_axis(0, &max, &step);
    CK_CHECK_INT(step, 1);
    CK_CHECK_INT(max, 5);
    ck_trend_axis(3, &max, &step);
    CK_CHECK_INT(step, 1);
    CK_CHECK_INT(max, 3);
    ck_trend_axis(7, &max, &step);
    CK_CHECK_INT(step, 2);
    CK_CHECK_INT(max, 8);
    ck_trend_axis(47, &max, &step);
    CK_CHECK_INT(step, 10);
    CK_CHECK_INT(max, 50);
    ck_trend_axis(120, &max, &step);
    CK_CHECK_INT(step, 50);
    CK_CHECK_INT(max, 150);
    ck_trend_axis(1000000, &max, &step);
    CK_CHECK_INT(step, 200000);
    CK_CHECK_INT(max, 1000000);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    CK_RUN(test_natural_cmp_orders_numbers_by_value);
    CK_RUN(test_natural_cmp_ignores_case_and_leading_zeros);
    CK_RUN(test_rowset_text_sort_agrees_with_natural_cmp);
    CK_RUN(test_rowset_key_sort_missing_last_and_stable);
    CK_RUN(test_contains_ignores_ascii_case);
    CK_RUN(test_rowset_sort_is_stable_both_ways);
    CK_RUN(test_rowset_filter_keeps_sort_order);
    CK_RUN(test_rowset_of_nothing);
    CK_RUN(test_cells);
    CK_RUN(test_findings_load_order_and_cells);
    CK_RUN(test_findings_sort_by_each_kind_of_column);
    CK_RUN(test_findings_sort_is_stable_across_columns);
    CK_RUN(test_findings_filters);
    CK_RUN(test_findings_new_rows_keep_sort_and_filter);
    CK_RUN(test_findings_comparison);
    CK_RUN(test_findings_empty_table);
    CK_RUN(test_images_load_and_cells);
    CK_RUN(test_images_sort_and_filter);
    CK_RUN(test_images_job_states);
    CK_RUN(test_scans_table);
    CK_RUN(test_trend_axis);
    return ck_test_summary();
}
