/* Tests of the RFC 4180 CSV writer: byte order mark, CRLF rows, quoting,
 * formula neutralisation, numbers, a file written in several blocks, and
 * sticky errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "csv_read.h"
#include "platform/platform.h"
#include "report/csv.h"

static void test_bom_header_and_crlf(void)
{
    struct ck_csv w;
    const char *cells[] = {"a", "b", "c"};

    ck_csv_init(&w, NULL);
    ck_csv_row(&w, cells, 3);
    ck_csv_cell(&w, "1");
    ck_csv_cell(&w, NULL);
    ck_csv_cell(&w, "");
    ck_csv_end_row(&w);
    CK_CHECK_INT(ck_csv_finish(&w, NULL, NULL), CK_OK);
    CK_CHECK_STR(ck_buf_str(&w.out), "\xEF\xBB\xBF" "a,b,c\r\n1,,\r\n");
    CK_CHECK_INT(w.rows, 2);
    ck_csv_release(&w);
}

/* Each case: the cell as given, then as written. */
static const char *const quoting[][2] = {
    {"plain", "plain"},
    {"with,comma", "\"with,comma\""},
    {"say \"hi\"", "\"say \"\"hi\"\"\""},
    {"two\nlines", "\"two\nlines\""},
    {"cr\rhere", "\"cr\rhere\""},
    {"crlf\r\nin", "\"crlf\r\nin\""},
    {"\"", "\"\"\"\""},
    {"semi;colon", "semi;colon"},
    {"Ünïcödé ✓", "Ünïcödé ✓"},
    {" leading space", " leading space"},
};

static void test_quoting(void)
{
    size_t i;
    for (i = 0; i < sizeof quoting / sizeof quoting[0]; i++) {
        struct ck_csv w;
        char want[128];
        ck_csv_init(&w, NULL);
        ck_csv_cell(&w, quoting[i][0]);
        ck_csv_end_row(&w);
        snprintf(want, sizeof want, "\xEF\xBB\xBF%s\r\n", quoting[i][1]);
        CK_CHECK_STR(ck_buf_str(&w.out), want);
        ck_csv_release(&w);
    }
}

/* Cells a spreadsheet would evaluate: neutralised with a leading quote,
 * quoted as well when they hold a special character. */
static const char *const formulas[][2] = {
    {"=1+2", "'=1+2"},
    {"+SUM(A1)", "'+SUM(A1)"},
    {"-2+3", "'-2+3"},
    {"@SUM(A1)", "'@SUM(A1)"},
    {"\tTAB", "'\tTAB"},
    {"\rCR", "\"'\rCR\""},
    {"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
    {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
    {"a=1", "a=1"},
    {"1-2", "1-2"},
    /* where Excel splits on semicolons, what follows a ';' is a cell too */
    {"x;=HYPERLINK(1)", "x;'=HYPERLINK(1)"},
    {"x; -1;ok;@a", "x;' -1;ok;'@a"},
    {"a;\"=b\"", "\"a;'\"\"=b\"\"\""},
    {"a;b", "a;b"},
};

static void test_formula_neutralised(void)
{
    size_t i;
    for (i = 0; i < sizeof formulas / sizeof formulas[0]; i++) {
        struct ck_csv w;
        char want[128];
        ck_csv_init(&w, NULL);
        ck_csv_cell(&w, formulas[i][0]);
        ck_csv_end_row(&w);
        snprintf(want, sizeof want, "\xEF\xBB\xBF%s\r\n", formulas[i][1]);
        CK_CHECK_STR(ck_buf_str(&w.out), want);
        if (!strchr(formulas[i][0], ';'))
            CK_CHECK_INT(ck_csv_is_formula(formulas[i][0]), formulas[i][1][0] == '\'' || formulas[i][1][1] == '\'');
        ck_csv_release(&w);
    }
    CK_CHECK(!ck_csv_is_formula(NULL));
    CK_CHECK(!ck_csv_is_formula(""));
}

static void test_numbers(void)
{
    struct ck_csv w;
    ck_csv_init(&w, NULL);
    ck_csv_cell_score(&w, 9.8);
    ck_csv_cell_score(&w, 0.0);
    ck_csv_cell_score(&w, -1);
    ck_csv_cell_int(&w, -5); /* our own number: not neutralised */
    ck_csv_cell_int(&w, 1234567890123LL);
    ck_csv_end_row(&w);
    CK_CHECK_STR(ck_buf_str(&w.out), "\xEF\xBB\xBF" "9.8,0.0,,-5,1234567890123\r\n");
    ck_csv_release(&w);
}

/* A file bigger than one flush block, read back cell by cell. */
static void test_file_round_trip(void)
{
    const char *path = "test_csv_out.csv";
    struct ck_csv w;
    struct csv_doc doc;
    FILE *fp = ck_fopen(path, "wb");
    char *text, cell[64];
    long size;
    int i, bad = 0;

    CK_REQUIRE(fp != NULL);
    ck_csv_init(&w, fp);
    for (i = 0; i < 5000; i++) {
        snprintf(cell, sizeof cell, "row %d, \"quoted\"\n=%d", i, i);
        ck_csv_cell_int(&w, i);
        ck_csv_cell(&w, cell);
        ck_csv_end_row(&w);
    }
    CK_CHECK_INT(ck_csv_finish(&w, path, NULL), CK_OK);
    CK_CHECK(w.out.len == 0); /* everything went to the file */
    ck_csv_release(&w);
    fclose(fp);

    fp = ck_fopen(path, "rb");
    CK_REQUIRE(fp != NULL);
    fseek(fp, 0, SEEK_END);
    size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    text = malloc((size_t)size + 1);
    CK_REQUIRE(text != NULL);
    CK_CHECK_INT(fread(text, 1, (size_t)size, fp), size);
    fclose(fp);
    CK_CHECK(size > 64 * 1024);
    CK_REQUIRE(csv_parse(text, (size_t)size, &doc) == 0);
    CK_CHECK(doc.had_bom);
    CK_CHECK_INT(doc.nrows, 5000);
    for (i = 0; i < 5000 && (size_t)i < doc.nrows; i++) {
        char num[16];
        snprintf(num, sizeof num, "%d", i);
        snprintf(cell, sizeof cell, "row %d, \"quoted\"\n=%d", i, i);
        if (doc.ncells[i] != 2 || strcmp(csv_cell(&doc, (size_t)i, 0), num) || strcmp(csv_cell(&doc, (size_t)i, 1), cell))
            bad++;
    }
    CK_CHECK_INT(bad, 0);
    csv_doc_free(&doc);
    free(text);
    ck_remove(path);
}

/* The reader used by the report tests refuses what RFC 4180 refuses, so a
 * writer that broke quoting would be caught. */
static void test_reader_is_strict(void)
{
    struct csv_doc d;
    CK_CHECK(csv_parse("a,b\r\n", 5, &d) == 0);
    csv_doc_free(&d);
    CK_CHECK(csv_parse("a,b\n", 4, &d) != 0);
    CK_CHECK(csv_parse("a\"b\r\n", 5, &d) != 0);
    CK_CHECK(csv_parse("\"a\"b\r\n", 6, &d) != 0);
    CK_CHECK(csv_parse("\"open\r\n", 7, &d) != 0);
}

static void test_finish_ends_an_open_row(void)
{
    struct ck_csv w;
    ck_csv_init(&w, NULL);
    ck_csv_cell(&w, "x");
    CK_CHECK_INT(ck_csv_finish(&w, NULL, NULL), CK_OK);
    CK_CHECK_STR(ck_buf_str(&w.out), "\xEF\xBB\xBFx\r\n");
    ck_csv_release(&w);
}

static void test_sticky_error(void)
{
    struct ck_csv w;
    struct ck_err err;
    ck_csv_init(&w, NULL);
    w.status = CK_ERR_IO; /* as after a failed write */
    CK_CHECK_INT(ck_csv_cell(&w, "x"), CK_ERR_IO);
    CK_CHECK_INT(ck_csv_end_row(&w), CK_ERR_IO);
    CK_CHECK_INT(ck_csv_finish(&w, "out.csv", &err), CK_ERR_IO);
    CK_CHECK(strstr(err.msg, "out.csv") != NULL);
    CK_CHECK_STR(ck_buf_str(&w.out), "\xEF\xBB\xBF");
    ck_csv_release(&w);
}

int main(void)
{
    CK_RUN(test_bom_header_and_crlf);
    CK_RUN(test_quoting);
    CK_RUN(test_formula_neutralised);
    CK_RUN(test_numbers);
    CK_RUN(test_file_round_trip);
    CK_RUN(test_reader_is_strict);
    CK_RUN(test_finish_ends_an_open_row);
    CK_RUN(test_sticky_error);
    return ck_test_summary();
}
