/* A CSV reader for what spreadsheets save (Excel, LibreOffice) and what
 * report/csv.h writes, over a buffer held in memory:
 *
 *   - an optional UTF-8 byte order mark;
 *   - rows ended by CRLF, LF or a lone CR;
 *   - cells separated by ',' or ';': a first line "sep=;" (or "sep=,")
 *     names it, else the header line does (the separator that splits it
 *     into more cells outside quotes; ',' when neither does);
 *   - RFC 4180 quoting: a quoted cell may hold separators, doubled quotes
 *     and line ends (counted, so each record knows the line it starts on).
 *     Malformed quoting is read leniently, as spreadsheets do: a quote
 *     inside an unquoted cell is text, characters after a closing quote are
 *     added to the cell; only a quote left open at the end is an error;
 *   - cells neutralised by the writer are restored (restore, on after
 *     ck_csvread_init): a cell starting with a single quote and then one of
 *     = + - @ TAB CR loses the quote, and so does a quote the writer put
 *     after a ';' that would start a formula ("a;'=b" is read "a;=b"). Text
 *     that held such a quote of its own comes back without it.
 *
 * Hostile input is bounded: a cell over CK_CSVREAD_MAX_CELL_BYTES, a record
 * over CK_CSVREAD_MAX_RECORD_BYTES or CK_CSVREAD_MAX_CELLS cells, and a cell
 * that is not UTF-8 (NUL bytes included) make that record fail with a
 * sentence naming its line; the reader skips to the record's end and goes
 * on with the next.
 *
 * struct ck_csvread is caller-owned (ck_csvread_init / ck_csvread_release)
 * and reads text in place: text must outlive it. One thread at a time. */
#ifndef CK_CSVREAD_H
#define CK_CSVREAD_H

#include <stddef.h>

#include "util/buf.h"
#include "util/status.h"

/* Limits of one cell, one record (the bytes of its cells) and the cells of
 * a record. A review export's longest cells (descriptions, reference lists)
 * are kilobytes. */
#define CK_CSVREAD_MAX_CELL_BYTES ((size_t)1 << 20)
#define CK_CSVREAD_MAX_RECORD_BYTES ((size_t)4 << 20)
#define CK_CSVREAD_MAX_CELLS 1024

struct ck_csvread {
    /* the record of the last ck_csvread_next that returned 1 (cells valid
     * until the next call) and the line it started on (1: the first line) */
    char **cells;
    size_t count;
    unsigned long line;
    char sep;         /* ',' or ';' */
    int restore;      /* restore neutralised cells (1 after init) */
    int had_bom;      /* the text began with a byte order mark */
    int had_sep_line; /* the text named its separator ("sep=;") */
    /* private */
    const char *text;
    size_t len, pos;
    unsigned long next_line;
    struct ck_buf buf;  /* the record's cells, each NUL-terminated */
    size_t *starts;     /* where each cell starts in buf */
    size_t cap;
};

/* Starts reading the len bytes at text: skips a byte order mark and a
 * "sep=" line, decides the separator. */
void ck_csvread_init(struct ck_csvread *r, const char *text, size_t len);
void ck_csvread_release(struct ck_csvread *r);

/* The next record: 1 when r->cells holds it, 0 at the end of the text, -1
 * when it cannot be read (err says why, naming r->line; CK_ERR_LIMIT,
 * CK_ERR_PARSE, or CK_ERR_NOMEM, after which reading should stop). A line
 * of nothing (not even a separator) is no record. */
int ck_csvread_next(struct ck_csvread *r, struct ck_err *err);

/* The separator text's first line (after a byte order mark) names or
 * implies, as ck_csvread_init decides it: ';' or ','. */
char ck_csvread_separator(const char *text, size_t len);

#endif
