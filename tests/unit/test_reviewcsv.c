/* Tests of the CSV reader (util/csvread) and of an edited review CSV read
 * back as decisions (report/reviewcsv): separators, quoting, line numbers,
 * neutralised cells, limits, the cells' human and spreadsheet forms, which
 * rows are unchanged, the keys of changed rows, and each bad row reported
 * with its line.
 *
 * Run with --write-export DIR it writes the two presets' exports through
 * the CSV writer; with --check FILE PRESET OFFSET it reads a file edited
 * from them (tests/tools/edit_review_csv.py, Python's csv module as a
 * spreadsheet saves) and checks what comes back, OFFSET being the lines
 * the editor put before the header ("sep=;"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "decision_build.h"
#include "report/csv.h"
#include "report/reviewcsv.h"
#include "report/reviewcsv_cells.h"
#include "store/decisions.h"
#include "util/csvread.h"

#define REPO "docker.io/library/debian"
#define TAG "12"

static int32_t day(const char *text)
{
    int32_t d = 0;
    if (ck_date_parse(text, &d) != 0)
        fprintf(stderr, "not a date: %s\n", text);
    return d;
}

#define TODAY day("2026-01-15")

/* ---- warnings ------------------------------------------------------------------ */

struct warnings {
    char text[64][400];
    size_t count;
};

static void on_warn(void *ctx, const char *where, const char *why)
{
    struct warnings *w = ctx;
    if (w->count < 64)
        snprintf(w->text[w->count++], sizeof w->text[0], "%s: %s", where, why);
}

/* 1 when a warning is exactly text. */
static int warned(const struct warnings *w, const char *text)
{
    size_t i;
    for (i = 0; i < w->count; i++)
        if (!strcmp(w->text[i], text))
            return 1;
    return 0;
}

/* 1 when a warning starts with prefix. */
static int warned_prefix(const struct warnings *w, const char *prefix)
{
    size_t i;
    for (i = 0; i < w->count; i++)
        if (!strncmp(w->text[i], prefix, strlen(prefix)))
            return 1;
    return 0;
}

static void dump_warnings(const struct warnings *w)
{
    size_t i;
    for (i = 0; i < w->count; i++)
        fprintf(stderr, "  warning %s\n", w->text[i]);
}

/* ---- csvread ------------------------------------------------------------------- */

/* Reads every record of text; the cells of record k joined with '|' in
 * out[k], its line in lines[k]; a record that fails gives "!" + message. */
static size_t read_all(const char *text, size_t len, char out[][256], unsigned long *lines, size_t max,
                       char *sep)
{
    struct ck_csvread r;
    struct ck_err err;
    size_t n = 0, i;
    int rc;

    ck_csvread_init(&r, text, len);
    *sep = r.sep;
    while (n < max && (rc = ck_csvread_next(&r, &err)) != 0) {
        out[n][0] = '\0';
        lines[n] = r.line;
        if (rc < 0) {
            snprintf(out[n], 256, "!%.250s", err.msg);
        } else {
            for (i = 0; i < r.count; i++) {
                strncat(out[n], r.cells[i], 255 - strlen(out[n]));
                if (i + 1 < r.count)
                    strncat(out[n], "|", 255 - strlen(out[n]));
            }
        }
        n++;
    }
    ck_csvread_release(&r);
    return n;
}

static void test_csvread_quoting(void)
{
    static const char text[] = "\xEF\xBB\xBFId,Note,Title\r\n"
                               "A,\"two\r\nlines, \"\"quoted\"\"\",t\r\n"
                               "\r\n"
                               "B,,\"x\"\"\"\r\n"
                               "C,\"\"";
    char out[8][256], sep;
    unsigned long lines[8];
    size_t n = read_all(text, sizeof text - 1, out, lines, 8, &sep);

    CK_CHECK_INT(sep, ',');
    CK_REQUIRE(n == 4);
    CK_CHECK_STR(out[0], "Id|Note|Title");
    CK_CHECK_INT(lines[0], 1);
    CK_CHECK_STR(out[1], "A|two\r\nlines, \"quoted\"|t");
    CK_CHECK_INT(lines[1], 2);
    CK_CHECK_STR(out[2], "B||x\"");
    CK_CHECK_INT(lines[2], 5); /* the record over lines 2-3, then an empty line */
    CK_CHECK_STR(out[3], "C|");
    CK_CHECK_INT(lines[3], 6);
}

static void test_csvread_separators(void)
{
    static const char semi[] = "Id;Note,with comma;\"a;b\"\nx;\"1;2\";3\n";
    static const char sep_line[] = "sep=;\r\nId,Name;Note\r\nx,y;z\r\n";
    static const char lone_cr[] = "a,b\rc,\"d\re\"\rf,g";
    static const char lf_in_quotes[] = "a,b\n\"1\n2\n3\",x\ny,z\n";
    char out[8][256], sep;
    unsigned long lines[8];
    size_t n;

    n = read_all(semi, sizeof semi - 1, out, lines, 8, &sep);
    CK_CHECK_INT(sep, ';');
    CK_REQUIRE(n == 2);
    CK_CHECK_STR(out[0], "Id|Note,with comma|a;b");
    CK_CHECK_STR(out[1], "x|1;2|3");

    /* "sep=;" wins over the commas of the header; the header is line 2 */
    n = read_all(sep_line, sizeof sep_line - 1, out, lines, 8, &sep);
    CK_CHECK_INT(sep, ';');
    CK_REQUIRE(n == 2);
    CK_CHECK_STR(out[0], "Id,Name|Note");
    CK_CHECK_INT(lines[0], 2);
    CK_CHECK_STR(out[1], "x,y|z");
    CK_CHECK_INT(lines[1], 3);
    CK_CHECK_INT(ck_csvread_separator(sep_line, sizeof sep_line - 1), ';');

    n = read_all(lone_cr, sizeof lone_cr - 1, out, lines, 8, &sep);
    CK_REQUIRE(n == 3);
    CK_CHECK_STR(out[1], "c|d\re");
    CK_CHECK_INT(lines[1], 2);
    CK_CHECK_STR(out[2], "f|g");
    CK_CHECK_INT(lines[2], 4);

    n = read_all(lf_in_quotes, sizeof lf_in_quotes - 1, out, lines, 8, &sep);
    CK_REQUIRE(n == 3);
    CK_CHECK_STR(out[1], "1\n2\n3|x");
    CK_CHECK_INT(lines[2], 5);
    /* a tie (no separator at all) is a comma */
    CK_CHECK_INT(ck_csvread_separator("Triage\r\n", 8), ',');
}

static void test_csvread_restore(void)
{
    static const char text[] = "'=cmd|' /C calc'!A0,'+1,'-x,'@sum,'\tt,'hello,''=x,\"a;'=b\",\"a;' \"\"=b\",a;'x\n";
    char out[4][256], sep;
    unsigned long lines[4];
    size_t n = read_all(text, sizeof text - 1, out, lines, 4, &sep);

    CK_REQUIRE(n == 1);
    CK_CHECK_STR(out[0], "=cmd|' /C calc'!A0|+1|-x|@sum|\tt|'hello|''=x|a;=b|a; \"=b|a;'x");
}

static void test_csvread_limits(void)
{
    size_t big = CK_CSVREAD_MAX_CELL_BYTES + 10, i, n;
    char *text = malloc(big + 64);
    char out[4][256], sep;
    unsigned long lines[4];

    CK_REQUIRE(text != NULL);
    strcpy(text, "a,b\n\"");
    memset(text + 5, 'x', big);
    strcpy(text + 5 + big, "\",y\nok,\xC3\n\"still,ok\nno end");
    n = read_all(text, strlen(text), out, lines, 4, &sep);
    CK_REQUIRE(n == 4);
    CK_CHECK_STR(out[1], "!line 2: a cell over 1024 KiB");
    CK_CHECK_STR(out[2], "!line 3: not UTF-8 text (save the file as \"CSV UTF-8\")");
    CK_CHECK_STR(out[3], "!line 4: a quoted cell is not closed before the end of the file");
    free(text);

    /* too many cells: that record fails, the next is read */
    text = malloc(3 * CK_CSVREAD_MAX_CELLS + 16);
    CK_REQUIRE(text != NULL);
    for (i = 0; i < CK_CSVREAD_MAX_CELLS + 1; i++)
        memcpy(text + 2 * i, "x,", 2);
    strcpy(text + 2 * i, "\nend\n");
    n = read_all(text, strlen(text), out, lines, 4, &sep);
    CK_REQUIRE(n == 2);
    CK_CHECK_STR(out[0], "!line 1: more than 1024 cells in a row");
    CK_CHECK_STR(out[1], "end");
    CK_CHECK_INT(lines[1], 2);
    free(text);

    /* a NUL byte is no text */
    n = read_all("a\0b,c\nd", 7, out, lines, 4, &sep);
    CK_REQUIRE(n == 2);
    CK_CHECK(out[0][0] == '!');
    CK_CHECK_STR(out[1], "d");
    n = read_all("", 0, out, lines, 4, &sep);
    CK_CHECK_INT(n, 0);
    n = read_all("\xEF\xBB\xBF\r\n\r\n", 7, out, lines, 4, &sep);
    CK_CHECK_INT(n, 0);
}

/* ---- the findings and decisions shared with the round trip ------------------------ */

struct row_plan {
    const char *record, *cve, *package;
};

/* F1 .. F11 of edit_review_csv.py */
static const struct row_plan plan[] = {
    {"DEBIAN-CVE-2023-4911", "CVE-2023-4911", "glibc"},    /* F1 decided, left alone */
    {"DEBIAN-CVE-2024-2961", "CVE-2024-2961", "glibc"},    /* F2 repository decision changed */
    {"DEBIAN-CVE-2023-50495", "CVE-2023-50495", "ncurses"}, /* F3 expired, left alone */
    {"DEBIAN-CVE-2022-0563", "CVE-2022-0563", "util-linux"}, /* F4 new accepted risk */
    {"DEBIAN-CVE-2011-3374", "CVE-2011-3374", "apt"},      /* F5 ambiguous date */
    {"DLA-3000-1", NULL, "tar"},                          /* F6 new, record id only */
    {"DEBIAN-CVE-2023-7008", "CVE-2023-7008", "systemd"},  /* F7 unknown state */
    {"DEBIAN-CVE-2023-31484", "CVE-2023-31484", "perl"},   /* F8 Triage emptied */
    {"DEBIAN-CVE-2023-45853", "CVE-2023-45853", "zlib"},   /* F9 justification without not_affected */
    {"DEBIAN-CVE-2024-26461", "CVE-2024-26461", "krb5"},   /* F10 expiry in the past */
    {"DEBIAN-CVE-2023-29383", "CVE-2023-29383", "shadow"}, /* F11 not reviewed */
};
#define PLAN_COUNT (sizeof plan / sizeof plan[0])

#define F1_NOTE "=cmd|' /C calc'!A0; =2+2, caf\xC3\xA9"

static struct ck_decision decision(const char *vuln, const char *pkg, enum ck_decision_scope scope,
                                   enum ck_decision_state state)
{
    struct ck_decision d;
    memset(&d, 0, sizeof d);
    d.vuln_id = (char *)vuln;
    d.package = (char *)pkg;
    d.scope = scope;
    d.repository = scope == CK_SCOPE_ALL ? NULL : (char *)REPO;
    d.tag = scope == CK_SCOPE_IMAGE ? (char *)TAG : NULL;
    d.state = state;
    d.expires = CK_DATE_NONE;
    return d;
}


/* The effective decisions the exports were made with (strings static). */
static void effective(struct ck_decisions *list)
{
    struct ck_decision d;
    memset(list, 0, sizeof *list);
    d = decision("CVE-2023-4911", "glibc", CK_SCOPE_IMAGE, CK_DECISION_NOT_AFFECTED);
    d.justification = CK_JUSTIFICATION_VULNERABLE_CODE_NOT_IN_EXECUTE_PATH;
    d.owner = "alice";
    d.note = F1_NOTE;
    push(list, d);
    d = decision("CVE-2024-2961", NULL, CK_SCOPE_REPOSITORY, CK_DECISION_UNDER_INVESTIGATION);
    d.note = "looking";
    push(list, d);
    d = decision("CVE-2023-50495", "ncurses", CK_SCOPE_IMAGE, CK_DECISION_ACCEPTED_RISK);
    d.expires = day("2025-12-31");
    d.owner = "bob";
    push(list, d);
    d = decision("DEBIAN-CVE-2023-31484", "perl", CK_SCOPE_IMAGE, CK_DECISION_FALSE_POSITIVE);
    push(list, d);
    ck_triage_index(list);
}

/* The triage cells of a row as the export writes them. */
static void triage_cells(struct ck_csv *w, const struct ck_decisions *list, const struct row_plan *p)
{
    struct ck_triage_finding f = {p->record, p->cve, p->package, REPO, TAG};
    struct ck_triage t;
    const struct ck_decision *d;
    char state[64] = "", expires[16] = "";

    ck_triage_lookup(list, &f, TODAY, &t);
    d = t.decision ? t.decision : t.expired;
    if (d)
        snprintf(state, sizeof state, "%s%s", ck_decision_state_str(d->state), t.decision ? "" : " (expired)");
    if (d && d->expires != CK_DATE_NONE)
        ck_date_format(d->expires, expires, sizeof expires);
    ck_csv_cell(w, state);
    ck_csv_cell(w, d ? ck_justification_str(d->justification) : NULL);
    ck_csv_cell(w, d ? d->owner : NULL);
    ck_csv_cell(w, expires);
    ck_csv_cell(w, d ? d->note : NULL);
    ck_csv_cell(w, "0.00043");
    ck_csv_cell(w, "0.10967");
    ck_csv_cell(w, NULL);
    ck_csv_cell(w, NULL);
    ck_csv_cell(w, "7");
}

static const char *const original_header[] = {
    "Id", "IdSnyk", "Image", "ImageVersion", "PackageName", "PackageVersion", "Title", "Severity",
    "Description", "Countermeasure", "Upgradable", "Patchable", "CVSS Score", "CVSSv3", "Reference",
    "Triage", "Justification", "Owner", "Expires", "Note", "EPSS", "EPSS percentile", "Known exploited",
    "KEV due date", "Priority",
};

static const char *const extended_header[] = {
    "Image", "Tag", "Digest", "Engine", "Scan time", "OS", "Record id", "CVE", "Package", "Source package",
    "Installed version", "Fixed version", "Severity", "CVSS score", "CVSS vector", "First seen", "State",
    "Title", "References", "Ecosystem", "Kind", "Locations", "Assessment", "Triage", "Justification", "Owner",
    "Expires", "Note", "EPSS", "EPSS percentile", "Known exploited", "KEV due date", "Priority",
};

static void original_rows(struct ck_csv *w, const struct ck_decisions *list)
{
    size_t i;
    ck_csv_row(w, original_header, sizeof original_header / sizeof original_header[0]);
    for (i = 0; i < PLAN_COUNT; i++) {
        const struct row_plan *p = &plan[i];
        const char *cells[] = {p->cve ? p->cve : p->record, p->record, REPO, TAG, p->package, "1.0-1",
                               "-a title, with a comma", "HIGH", "A \"quoted\" description", "No fix available yet",
                               "false", "false", "7.8", "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H",
                               "https://security-tracker.debian.org/"};
        size_t k;
        for (k = 0; k < sizeof cells / sizeof cells[0]; k++)
            ck_csv_cell(w, cells[k]);
        triage_cells(w, list, p);
        ck_csv_end_row(w);
    }
}

static void extended_cells(struct ck_csv *w, const struct row_plan *p, const char *state, const char *refs)
{
    const char *cells[] = {REPO, TAG, "sha256:0123", "docker", "2026-01-14T10:00:00Z", "debian 12", p->record,
                           p->cve, p->package, p->package, "1.0-1", NULL, "HIGH", "7.8", NULL, "2025-12-01",
                           state, "=title", refs, "Debian:12", "vulnerability", "/var/lib/dpkg/status",
                           "assessed"};
    size_t k;
    for (k = 0; k < sizeof cells / sizeof cells[0]; k++)
        ck_csv_cell(w, cells[k]);
}

static void extended_rows(struct ck_csv *w, const struct ck_decisions *list)
{
    static const struct row_plan fixed = {"DEBIAN-CVE-2020-1000", "CVE-2020-1000", "bash"};
    static const struct row_plan assessed = {"", NULL, ""};
    size_t i, k;

    ck_csv_row(w, extended_header, sizeof extended_header / sizeof extended_header[0]);
    for (i = 0; i < PLAN_COUNT; i++) {
        /* F1's references span two lines */
        extended_cells(w, &plan[i], "unchanged", i == 0 ? "https://a.example/1\nhttps://b.example/2" : NULL);
        triage_cells(w, list, &plan[i]);
        ck_csv_end_row(w);
    }
    extended_cells(w, &fixed, "fixed", NULL);
    for (k = 0; k < 10; k++)
        ck_csv_cell(w, NULL);
    ck_csv_end_row(w);
    extended_cells(w, &assessed, "not assessed", NULL);
    for (k = 0; k < 10; k++)
        ck_csv_cell(w, NULL);
    ck_csv_end_row(w);
}

static int write_export(const char *dir, int extended)
{
    struct ck_decisions list;
    struct ck_csv w;
    struct ck_err err;
    char path[1024];
    FILE *fp;
    enum ck_status st;

    snprintf(path, sizeof path, "%s/export_%s.csv", dir, extended ? "extended" : "original");
    if (!(fp = fopen(path, "wb")))
        return 1;
    effective(&list);
    ck_csv_init(&w, fp);
    if (extended)
        extended_rows(&w, &list);
    else
        original_rows(&w, &list);
    st = ck_csv_finish(&w, path, &err);
    ck_csv_release(&w);
    release_borrowed(&list);
    fclose(fp);
    if (st != CK_OK)
        fprintf(stderr, "%s\n", err.msg);
    return st != CK_OK;
}

/* ---- checking an edited file ----------------------------------------------------- */

static const struct ck_decision *find_decision(const struct ck_decisions *out, const char *vuln)
{
    size_t i;
    for (i = 0; i < out->count; i++)
        if (!strcmp(out->items[i].vuln_id, vuln))
            return &out->items[i];
    return NULL;
}

/* What edit_review_csv.py's edits must give; first: the line of F1. */
static void check_edited(const struct ck_decisions *out, size_t unchanged, const struct warnings *w,
                         unsigned long first, int extended)
{
    const struct ck_decision *d;
    char where[160];
    /* F1 takes two lines in the extended export (its references), F2 two
     * in both (the note the editor wrote) */
    unsigned long f3 = first + 2 + (extended ? 1 : 0) + 1;
#define AT(k) (f3 + (k) - 3)

    CK_CHECK_INT(unchanged, 2); /* F1 (its neutralised note restored), F3 (expired, left alone) */
    CK_CHECK_INT(out->count, 3);
    CK_CHECK_INT(w->count, 5);

    d = find_decision(out, "CVE-2024-2961"); /* the repository decision's key, the row's values */
    CK_REQUIRE(d != NULL);
    CK_CHECK(d->package == NULL);
    CK_CHECK_INT(d->scope, CK_SCOPE_REPOSITORY);
    CK_CHECK_STR(d->repository, REPO);
    CK_CHECK(d->tag == NULL);
    CK_CHECK_INT(d->state, CK_DECISION_NOT_AFFECTED);
    CK_CHECK_INT(d->justification, CK_JUSTIFICATION_VULNERABLE_CODE_NOT_IN_EXECUTE_PATH);
    CK_CHECK_STR(d->note, "line one\nline two, \"quoted\"; =3");
    CK_CHECK(d->owner == NULL);
    CK_CHECK(d->decided_by == NULL);

    d = find_decision(out, "CVE-2022-0563"); /* new: the image's, by CVE */
    CK_REQUIRE(d != NULL);
    CK_CHECK_STR(d->package, "util-linux");
    CK_CHECK_INT(d->scope, CK_SCOPE_IMAGE);
    CK_CHECK_STR(d->repository, REPO);
    CK_CHECK_STR(d->tag, TAG);
    CK_CHECK_INT(d->state, CK_DECISION_ACCEPTED_RISK);
    CK_CHECK_INT(d->expires, day("2099-12-31"));
    CK_CHECK_STR(d->owner, "sec-team");
    CK_CHECK(d->note == NULL);

    d = find_decision(out, "DLA-3000-1"); /* new: by record id, there being no CVE */
    CK_REQUIRE(d != NULL);
    CK_CHECK_STR(d->package, "tar");
    CK_CHECK_INT(d->state, CK_DECISION_FALSE_POSITIVE);
    CK_CHECK_STR(d->note, "-rf is how it is called");

    snprintf(where, sizeof where, "line %lu: Expires: 03/04/2099 is ambiguous; write YYYY-MM-DD", AT(5));
    CK_CHECK(warned(w, where));
    snprintf(where, sizeof where, "line %lu: Triage: \"maybe\" is not a state", AT(7));
    CK_CHECK(warned_prefix(w, where));
    snprintf(where, sizeof where, "line %lu: Triage is empty, but DEBIAN-CVE-2023-31484 has a decision", AT(8));
    CK_CHECK(warned_prefix(w, where));
    snprintf(where, sizeof where, "line %lu: justification: a justification goes with", AT(9));
    CK_CHECK(warned_prefix(w, where));
    snprintf(where, sizeof where, "line %lu: expires: 2020-01-01 is in the past", AT(10));
    CK_CHECK(warned(w, where));
#undef AT
}

static int check_file(const char *path, const char *preset, unsigned long offset)
{
    struct ck_decisions list, out;
    struct warnings w;
    struct ck_err err;
    size_t len, unchanged = 99;
    char *text = ck_test_read_path(path, &len);
    enum ck_status st;
    int extended = !strcmp(preset, "extended");

    if (!text) {
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    memset(&w, 0, sizeof w);
    effective(&list);
    ck_decisions_init(&out);
    st = ck_reviewcsv_read(text, len, &list, TODAY, &out, on_warn, &w, &unchanged, &err);
    CK_CHECK_INT(st, CK_OK);
    if (st != CK_OK)
        fprintf(stderr, "%s: %s\n", path, err.msg);
    else
        check_edited(&out, unchanged, &w, 2 + offset, extended);
    if (ck_test_failures)
        dump_warnings(&w);
    ck_decisions_release(&out);
    release_borrowed(&list);
    free(text);
    fprintf(stderr, "%s: %d checks, %d failed\n", path, ck_test_checks, ck_test_failures);
    return ck_test_failures ? 1 : 0;
}

/* ---- review cases written here ------------------------------------------------ */

static enum ck_status read_text(const char *text, const struct ck_decisions *list, struct ck_decisions *out,
                                struct warnings *w, size_t *unchanged, struct ck_err *err)
{
    memset(w, 0, sizeof *w);
    return ck_reviewcsv_read(text, strlen(text), list, TODAY, out, on_warn, w, unchanged, err);
}

static void test_review_header(void)
{
    struct ck_decisions list, out;
    struct warnings w;
    struct ck_err err;
    size_t unchanged = 42;

    effective(&list);
    ck_decisions_init(&out);
    CK_CHECK_INT(read_text("Image,Tag,Record id,CVE,Package\r\nx,1,A,,p\r\n", &list, &out, &w, &unchanged, &err),
                 CK_ERR_PARSE);
    CK_CHECK_STR(err.msg, "this CSV has no Triage column: export it with ckitty report --csv original or "
                          "--csv extended (both presets carry it)");
    CK_CHECK_INT(read_text("Image;Triage;Package\r\nx;affected;p\r\n", &list, &out, &w, &unchanged, &err),
                 CK_ERR_PARSE);
    CK_CHECK_STR(err.msg, "this CSV does not name its findings: its header has no Tag, Record id, CVE "
                          "columns (export it with ckitty report --csv original or --csv extended)");
    CK_CHECK_INT(read_text("Image,Tag,Record id,Triage,Package\r\n", &list, &out, &w, &unchanged, &err),
                 CK_ERR_PARSE);
    CK_CHECK_STR(err.msg, "this CSV does not name its findings: its header has no CVE column (export it with "
                          "ckitty report --csv original or --csv extended)");
    CK_CHECK_INT(read_text("", &list, &out, &w, &unchanged, &err), CK_ERR_PARSE);
    CK_CHECK_INT(out.count, 0);
    CK_CHECK_INT(unchanged, 42);
    CK_CHECK_INT(ck_reviewcsv_sniff("\xEF\xBB\xBFId,IdSnyk,Triage,Note\r\n", 26), 1);
    CK_CHECK_INT(ck_reviewcsv_sniff("sep=;\r\nImage;\"triage\";Tag", 25), 1);
    CK_CHECK_INT(ck_reviewcsv_sniff("Image,Tag,Record id\r\nx,Triage,y\r\n", 33), 0);
    CK_CHECK_INT(ck_reviewcsv_sniff("Triage\r\n", 8), 0);
    CK_CHECK_INT(ck_reviewcsv_sniff("{\"Triage\": 1}", 13), 0);
    release_borrowed(&list);
}

static void test_review_forms(void)
{
    enum ck_decision_state s = CK_DECISION_AFFECTED;
    enum ck_justification j = CK_JUSTIFICATION_NONE;
    char why[256];
    int32_t d = 0;

    CK_CHECK_INT(ck_reviewcsv_parse_state("Not affected", &s, why, sizeof why), 0);
    CK_CHECK_INT(s, CK_DECISION_NOT_AFFECTED);
    CK_CHECK_INT(ck_reviewcsv_parse_state("ACCEPTED-RISK", &s, why, sizeof why), 0);
    CK_CHECK_INT(s, CK_DECISION_ACCEPTED_RISK);
    CK_CHECK_INT(ck_reviewcsv_parse_state("false_positive (expired)", &s, why, sizeof why), 0);
    CK_CHECK_INT(s, CK_DECISION_FALSE_POSITIVE);
    CK_CHECK_INT(ck_reviewcsv_parse_state("under  _ investigation", &s, why, sizeof why), 0);
    CK_CHECK_INT(s, CK_DECISION_UNDER_INVESTIGATION);
    CK_CHECK_INT(ck_reviewcsv_parse_state("notaffected", &s, why, sizeof why), -1);
    CK_CHECK_STR(why, "Triage: \"notaffected\" is not a state (under_investigation, affected, not_affected, "
                      "accepted_risk, false_positive)");
    CK_CHECK_INT(ck_reviewcsv_parse_state("(expired)", &s, why, sizeof why), -1);
    CK_CHECK_INT(ck_reviewcsv_parse_justification("Component not present", &j, why, sizeof why), 0);
    CK_CHECK_INT(j, CK_JUSTIFICATION_COMPONENT_NOT_PRESENT);
    CK_CHECK_INT(ck_reviewcsv_parse_justification("inline-mitigations-already-exist", &j, why, sizeof why), 0);
    CK_CHECK_INT(j, CK_JUSTIFICATION_INLINE_MITIGATIONS_ALREADY_EXIST);
    CK_CHECK_INT(ck_reviewcsv_parse_justification("because", &j, why, sizeof why), -1);

    CK_CHECK_INT(ck_reviewcsv_parse_date("2026-12-31", &d, why, sizeof why), 0);
    CK_CHECK_INT(d, day("2026-12-31"));
    d = 0;
    CK_CHECK_INT(ck_reviewcsv_parse_date("2026/12/31", &d, why, sizeof why), 0);
    CK_CHECK_INT(d, day("2026-12-31"));
    d = 0;
    CK_CHECK_INT(ck_reviewcsv_parse_date("31.12.2026", &d, why, sizeof why), 0);
    CK_CHECK_INT(d, day("2026-12-31"));
    d = 0;
    CK_CHECK_INT(ck_reviewcsv_parse_date("31/12/2026", &d, why, sizeof why), 0);
    CK_CHECK_INT(d, day("2026-12-31"));
    d = 0;
    CK_CHECK_INT(ck_reviewcsv_parse_date("12/31/2026", &d, why, sizeof why), 0);
    CK_CHECK_INT(d, day("2026-12-31"));
    CK_CHECK_INT(ck_reviewcsv_parse_date("3.4.2026", &d, why, sizeof why), 0);
    CK_CHECK_INT(d, day("2026-04-03"));
    CK_CHECK_INT(ck_reviewcsv_parse_date("5/5/2027", &d, why, sizeof why), 0);
    CK_CHECK_INT(d, day("2027-05-05"));
    CK_CHECK_INT(ck_reviewcsv_parse_date("31-12-2026", &d, why, sizeof why), 0);
    CK_CHECK_INT(d, day("2026-12-31"));
    CK_CHECK_INT(ck_reviewcsv_parse_date("", &d, why, sizeof why), 0);
    CK_CHECK_INT(d, CK_DATE_NONE);
    CK_CHECK_INT(ck_reviewcsv_parse_date("03/04/2026", &d, why, sizeof why), -1);
    CK_CHECK_STR(why, "Expires: 03/04/2026 is ambiguous; write YYYY-MM-DD");
    CK_CHECK_INT(ck_reviewcsv_parse_date("1/5/2027", &d, why, sizeof why), -1);
    CK_CHECK_STR(why, "Expires: 1/5/2027 is ambiguous; write YYYY-MM-DD");
    CK_CHECK_INT(ck_reviewcsv_parse_date("2026-02-30", &d, why, sizeof why), -1);
    CK_CHECK_STR(why, "Expires: \"2026-02-30\" is not a date; write YYYY-MM-DD");
    CK_CHECK_INT(ck_reviewcsv_parse_date("12/31/26", &d, why, sizeof why), -1);
    CK_CHECK_INT(ck_reviewcsv_parse_date("31/13/2026", &d, why, sizeof why), -1);
    CK_CHECK_INT(ck_reviewcsv_parse_date("2026-12-31.", &d, why, sizeof why), -1);
    CK_CHECK_INT(ck_reviewcsv_parse_date("2026/12-31", &d, why, sizeof why), -1);
    CK_CHECK_INT(ck_reviewcsv_parse_date("next week", &d, why, sizeof why), -1);
}

/* Columns in another order and case, extra columns, absent optional
 * columns, spaces, duplicate rows, rows that name no finding. */
static void test_review_rows(void)
{
    static const char text[] =
        "sep=,\n"
        " triage ,Record ID,EPSS,image,TAG,cve,package,NOTE,State\n"
        /* line 3: F1 with its note as the decision has it, trailing spaces: unchanged
         * (Justification and Owner absent: the decision's) */
        "not_affected,DEBIAN-CVE-2023-4911,0.1," REPO "," TAG ",CVE-2023-4911,glibc,\"'" F1_NOTE "  \r\n\",\n"
        /* line 5: F4 new, twice alike (one decision), then differently on line 7 */
        "Affected,DEBIAN-CVE-2022-0563,," REPO "," TAG ",CVE-2022-0563,util-linux,first,new\n"
        "affected,DEBIAN-CVE-2022-0563,," REPO "," TAG ",CVE-2022-0563,util-linux,first,\n"
        "under investigation,DEBIAN-CVE-2022-0563,," REPO "," TAG ",CVE-2022-0563,util-linux,second,\n"
        /* line 8: no image */
        "affected,DEBIAN-CVE-2023-7008,,," TAG ",CVE-2023-7008,systemd,,\n"
        /* line 9: an archive's finding (no tag) */
        "affected,DLA-1-1,,archive.tar,,,tar,,\n"
        /* a fixed row with stale triage, a row of nothing */
        "bogus,DEBIAN-CVE-2020-1000,," REPO "," TAG ",,bash,,FIXED\n"
        ",,,,,,,,\n"
        /* line 12: F3's expired decision changed */
        "false positive,DEBIAN-CVE-2023-50495,," REPO "," TAG ",CVE-2023-50495,ncurses,,\n"
        /* line 13: F1 again, the row ending before its Note: the note emptied */
        "not_affected,DEBIAN-CVE-2023-4911,0.1," REPO "," TAG ",CVE-2023-4911,glibc\n";
    struct ck_decisions list, out;
    struct warnings w;
    struct ck_err err;
    size_t unchanged = 0;
    const struct ck_decision *d;

    effective(&list);
    ck_decisions_init(&out);
    CK_CHECK_INT(read_text(text, &list, &out, &w, &unchanged, &err), CK_OK);
    CK_CHECK_INT(unchanged, 1);
    CK_REQUIRE(out.count == 3);
    CK_CHECK_INT(w.count, 4);
    if (w.count != 4)
        dump_warnings(&w);
    CK_CHECK(warned(&w, "line 5: CVE-2022-0563 in util-linux is decided again on line 7, which is kept"));
    CK_CHECK(warned(&w, "line 6: CVE-2022-0563 in util-linux is decided again on line 7, which is kept"));
    CK_CHECK(warned(&w, "line 8: Image is empty: the row names no finding"));
    /* no Expires column: the expired decision's day stays, and it is past */
    CK_CHECK(warned(&w, "line 12: expires: 2025-12-31 is in the past"));
    d = &out.items[0];
    CK_CHECK_STR(d->vuln_id, "CVE-2022-0563");
    CK_CHECK_INT(d->state, CK_DECISION_UNDER_INVESTIGATION);
    CK_CHECK_STR(d->note, "second");
    CK_CHECK_INT(d->scope, CK_SCOPE_IMAGE);
    d = &out.items[1];
    CK_CHECK_STR(d->vuln_id, "DLA-1-1");
    CK_CHECK_STR(d->package, "tar");
    CK_CHECK_STR(d->repository, "archive.tar");
    CK_CHECK_STR(d->tag, "");
    CK_CHECK_INT(d->scope, CK_SCOPE_IMAGE);
    CK_CHECK_INT(d->state, CK_DECISION_AFFECTED);
    d = &out.items[2];
    CK_CHECK_STR(d->vuln_id, "CVE-2023-4911");
    CK_CHECK_INT(d->state, CK_DECISION_NOT_AFFECTED);
    CK_CHECK_INT(d->justification, CK_JUSTIFICATION_VULNERABLE_CODE_NOT_IN_EXECUTE_PATH); /* no such column */
    CK_CHECK_STR(d->owner, "alice");
    CK_CHECK(d->note == NULL);
    ck_decisions_release(&out);
    release_borrowed(&list);
}

static void run_review_cases(void)
{
    CK_RUN(test_review_header);
    CK_RUN(test_review_forms);
    CK_RUN(test_review_rows);
}

int main(int argc, char **argv)
{
    if (argc > 2 && !strcmp(argv[1], "--write-export"))
        return write_export(argv[2], 0) || write_export(argv[2], 1);
    if (argc > 4 && !strcmp(argv[1], "--check"))
        return check_file(argv[2], argv[3], strtoul(argv[4], NULL, 10));
    CK_RUN(test_csvread_quoting);
    CK_RUN(test_csvread_separators);
    CK_RUN(test_csvread_restore);
    CK_RUN(test_csvread_limits);
    run_review_cases();
    return ck_test_summary();
}
