/* An RFC 4180 CSV writer for spreadsheets used in risk review.
 *
 *   - UTF-8 with a byte order mark, so Excel reads it as UTF-8;
 *   - CRLF after every row (the header included);
 *   - a cell holding a comma, a double quote, CR or LF is quoted, its
 *     quotes doubled;
 *   - formula injection: a cell starting with '=', '+', '-', '@', TAB or CR
 *     would be run as a formula by Excel or LibreOffice, so such a cell gets
 *     a leading single quote ("=cmd" is written as "'=cmd"). The quote is
 *     visible in the cell; it marks text that came from scanned data.
 *
 * struct ck_csv is caller-owned (ck_csv_init / ck_csv_release). Rows go to a
 * FILE (flushed in blocks) or, with fp NULL, stay in w->out. Errors are
 * sticky: every call after a failure does nothing and returns it again, and
 * ck_csv_finish reports it, so a long export checks once at the end. */
#ifndef CK_CSV_H
#define CK_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "util/buf.h"
#include "util/status.h"

struct ck_csv {
    FILE *fp;              /* NULL: everything stays in out */
    struct ck_buf out;     /* bytes not yet written to fp */
    size_t cells;          /* cells in the current row */
    size_t rows;           /* rows ended so far (the header included) */
    enum ck_status status; /* first failure */
};

/* Starts a document (queues the byte order mark). */
void ck_csv_init(struct ck_csv *w, FILE *fp);
void ck_csv_release(struct ck_csv *w);

/* One cell of the current row; NULL writes an empty cell. */
enum ck_status ck_csv_cell(struct ck_csv *w, const char *text);
/* A number with one decimal ("9.8"); a negative value writes an empty cell
 * (our convention for "unknown"). */
enum ck_status ck_csv_cell_score(struct ck_csv *w, double value);
/* An integer. Numbers are written as they are (not neutralised: a number
 * we format is never a formula). */
enum ck_status ck_csv_cell_int(struct ck_csv *w, long long value);
/* Ends the current row with CRLF. */
enum ck_status ck_csv_end_row(struct ck_csv *w);
/* A whole row of n cells. */
enum ck_status ck_csv_row(struct ck_csv *w, const char *const *cells, size_t n);

/* Writes what is pending to fp and returns the first failure, with err
 * naming it (where = the file name for the message, may be NULL). */
enum ck_status ck_csv_finish(struct ck_csv *w, const char *where, struct ck_err *err);

/* Non-zero when text would be neutralised (starts with = + - @ TAB CR). */
int ck_csv_is_formula(const char *text);

#endif
