/* A strict RFC 4180 reader for the tests: reads back what the CSV writer
 * wrote so that a test compares cells, not bytes. Rows must end in CRLF;
 * a quote inside an unquoted cell or a stray character after a closing
 * quote is an error. Header-only (static functions); cells are heap
 * strings freed by csv_doc_free. */
#ifndef CK_TEST_CSV_READ_H
#define CK_TEST_CSV_READ_H

#include <stdlib.h>
#include <string.h>

struct csv_doc {
    char ***rows;   /* rows[r][c] */
    size_t *ncells; /* cells per row */
    size_t nrows;
    int had_bom;
};

static void csv_doc_free(struct csv_doc *d)
{
    size_t r, c;
    for (r = 0; r < d->nrows; r++) {
        for (c = 0; c < d->ncells[r]; c++)
            free(d->rows[r][c]);
        free(d->rows[r]);
    }
    free(d->rows);
    free(d->ncells);
    memset(d, 0, sizeof *d);
}

static int csv_push_cell(struct csv_doc *d, const char *s, size_t n)
{
    size_t r = d->nrows - 1;
    char **cells = realloc(d->rows[r], (d->ncells[r] + 1) * sizeof *cells);
    char *cell = malloc(n + 1);
    if (!cells || !cell) {
        free(cell);
        if (cells)
            d->rows[r] = cells;
        return -1;
    }
    memcpy(cell, s, n);
    cell[n] = '\0';
    d->rows[r] = cells;
    d->rows[r][d->ncells[r]++] = cell;
    return 0;
}

static int csv_new_row(struct csv_doc *d)
{
    char ***rows = realloc(d->rows, (d->nrows + 1) * sizeof *rows);
    size_t *n = rows ? realloc(d->ncells, (d->nrows + 1) * sizeof *n) : NULL;
    if (rows)
        d->rows = rows;
    if (!n)
        return -1;
    d->ncells = n;
    d->rows[d->nrows] = NULL;
    d->ncells[d->nrows++] = 0;
    return 0;
}

/* 0 on success; -1 and *d freed when text is not strict RFC 4180. */
static int csv_parse(const char *text, size_t len, struct csv_doc *d)
{
    size_t i = 0;
    char *cell = malloc(len + 1);

    memset(d, 0, sizeof *d);
    if (!cell)
        return -1;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
        d->had_bom = 1;
        i = 3;
    }
    while (i < len) {
        if (csv_new_row(d) != 0)
            goto fail;
        for (;;) {
            size_t n = 0;
            if (i < len && text[i] == '"') {
                i++;
                for (;;) {
                    if (i >= len)
                        goto fail;
                    if (text[i] == '"') {
                        if (i + 1 < len && text[i + 1] == '"') {
                            cell[n++] = '"';
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    cell[n++] = text[i++];
                }
            } else {
                while (i < len && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
                    if (text[i] == '"')
                        goto fail;
                    cell[n++] = text[i++];
                }
            }
            if (csv_push_cell(d, cell, n) != 0)
                goto fail;
            if (i < len && text[i] == ',') {
                i++;
                continue;
            }
            if (i + 1 < len && text[i] == '\r' && text[i + 1] == '\n') {
                i += 2;
                break;
            }
            goto fail; /* end of text without CRLF, a bare LF, or junk after a quote */
        }
    }
    free(cell);
    return 0;
fail:
    free(cell);
    csv_doc_free(d);
    return -1;
}

/* The cell at row r, column c, or NULL. */
static const char *csv_cell(const struct csv_doc *d, size_t r, size_t c)
{
    return r < d->nrows && c < d->ncells[r] ? d->rows[r][c] : NULL;
}

#endif
