/* CSV reader for spreadsheets' files (see csvread.h). */
#include "util/csvread.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/array.h"
#include "util/utf8.h"

/* What ck_csvread_next learnt of a record that cannot be handed out. */
struct record_fault {
    enum ck_status status; /* CK_OK: none */
    char why[160];
};

static int is_line_end(char c)
{
    return c == '\r' || c == '\n';
}

/* The length of the line end at p (CRLF, CR, LF), 0 when none. */
static size_t line_end_len(const char *p, const char *end)
{
    if (p >= end || !is_line_end(*p))
        return 0;
    return *p == '\r' && p + 1 < end && p[1] == '\n' ? 2 : 1;
}

/* 1 when p starts a line "sep=;" or "sep=," (Excel's way of naming the
 * separator), *sep set. */
static int is_sep_line(const char *p, const char *end, char *sep)
{
    if (end - p < 5 || (p[0] | 0x20) != 's' || (p[1] | 0x20) != 'e' || (p[2] | 0x20) != 'p' || p[3] != '=' ||
        (p[4] != ',' && p[4] != ';') || (end - p > 5 && !is_line_end(p[5])))
        return 0;
    *sep = p[4];
    return 1;
}

static size_t bom_len(const char *text, size_t len)
{
    return len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
}

char ck_csvread_separator(const char *text, size_t len)
{
    const char *p = text + bom_len(text, len), *end = text + len;
    size_t commas = 0, semicolons = 0;
    int quoted = 0;
    char sep;

    if (is_sep_line(p, end, &sep))
        return sep;
    for (; p < end && (quoted || !is_line_end(*p)); p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && *p == ',')
            commas++;
        else if (!quoted && *p == ';')
            semicolons++;
    }
    return semicolons > commas ? ';' : ',';
}

void ck_csvread_init(struct ck_csvread *r, const char *text, size_t len)
{
    const char *end = text + len;
    char sep;

    memset(r, 0, sizeof *r);
    r->text = text;
    r->len = len;
    r->restore = 1;
    r->next_line = 1;
    ck_buf_init(&r->buf);
    r->sep = ck_csvread_separator(text, len);
    r->pos = bom_len(text, len);
    r->had_bom = r->pos != 0;
    if (is_sep_line(text + r->pos, end, &sep)) {
        r->had_sep_line = 1;
        r->pos += 5 + line_end_len(text + r->pos + 5, end);
        r->next_line = 2;
    }
}

void ck_csvread_release(struct ck_csvread *r)
{
    ck_buf_release(&r->buf);
    free(r->cells);
    free(r->starts);
    memset(r, 0, sizeof *r);
}

static int is_formula_start(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* Undoes the writer's neutralisation of the n bytes at s; the new length. */
static size_t restore_cell(char *s, size_t n)
{
    size_t i, j;

    if (n >= 2 && s[0] == '\'' && is_formula_start(s[1]))
        memmove(s, s + 1, --n);
    for (i = 0; i + 2 < n; i++) {
        if (s[i] != ';' || s[i + 1] != '\'')
            continue;
        for (j = i + 2; j < n && (s[j] == ' ' || s[j] == '"'); j++)
            ;
        if (j < n && is_formula_start(s[j])) {
            memmove(s + i + 1, s + i + 2, n - i - 2);
            n--;
        }
    }
    return n;
}

static void fault(struct record_fault *f, enum ck_status st, const char *fmt, ...) CK_PRINTF(3, 4);

static void fault(struct record_fault *f, enum ck_status st, const char *fmt, ...)
{
    va_list ap;
    if (f->status != CK_OK)
        return;
    f->status = st;
    va_start(ap, fmt);
    vsnprintf(f->why, sizeof f->why, fmt, ap);
    va_end(ap);
}

/* Ends the cell that started at r->starts[r->count]: checks it, restores
 * it, terminates it and starts the next one. */
static void end_cell(struct ck_csvread *r, struct record_fault *f)
{
    size_t start, n;
    char *s;

    if (f->status != CK_OK)
        return;
    start = r->starts[r->count];
    n = r->buf.len - start;
    s = r->buf.data ? r->buf.data + start : NULL;
    if (n && !ck_utf8_valid(s, n)) {
        fault(f, CK_ERR_PARSE, "not UTF-8 text (save the file as \"CSV UTF-8\")");
        return;
    }
    if (n && r->restore) {
        r->buf.len = start + restore_cell(s, n);
        r->buf.data[r->buf.len] = '\0';
    }
    if (ck_buf_putc(&r->buf, '\0') != CK_OK) {
        fault(f, CK_ERR_NOMEM, "out of memory");
        return;
    }
    if (r->count + 1 > CK_CSVREAD_MAX_CELLS) {
        fault(f, CK_ERR_LIMIT, "more than %zu cells in a row", (size_t)CK_CSVREAD_MAX_CELLS);
        return;
    }
    r->count++;
    if (r->count == r->cap && CK_ARRAY_GROW(r->starts, r->count, r->cap) != CK_OK) {
        fault(f, CK_ERR_NOMEM, "out of memory");
        return;
    }
    r->starts[r->count] = r->buf.len;
}

/* Adds byte c to the current cell, within the limits. */
static void add_byte(struct ck_csvread *r, char c, struct record_fault *f)
{
    if (f->status != CK_OK)
        return;
    if (r->buf.len - r->starts[r->count] >= CK_CSVREAD_MAX_CELL_BYTES)
        fault(f, CK_ERR_LIMIT, "a cell over %zu KiB", CK_CSVREAD_MAX_CELL_BYTES >> 10);
    else if (r->buf.len >= CK_CSVREAD_MAX_RECORD_BYTES)
        fault(f, CK_ERR_LIMIT, "a row over %zu KiB", CK_CSVREAD_MAX_RECORD_BYTES >> 10);
    else if (ck_buf_putc(&r->buf, c) != CK_OK)
        fault(f, CK_ERR_NOMEM, "out of memory");
}

/* Scans one record from r->pos to past its line end (or the text's end). */
static void scan_record(struct ck_csvread *r, struct record_fault *f, int *open_quote)
{
    const char *p = r->text + r->pos, *end = r->text + r->len;
    int quoted = 0, fresh = 1; /* inside quotes; nothing read of this cell yet */

    while (p < end) {
        char c = *p;
        size_t eol = line_end_len(p, end);
        if (quoted) {
            if (c == '"' && p + 1 < end && p[1] == '"') {
                add_byte(r, '"', f);
                p += 2;
                continue;
            }
            if (c == '"')
                quoted = 0;
            else {
                if (eol == 1)
                    r->next_line++; /* LF, or a lone CR; CRLF counts at its LF */
                add_byte(r, c, f);
            }
            p++;
            continue;
        }
        if (eol) {
            p += eol;
            r->next_line++;
            break;
        }
        if (c == r->sep) {
            end_cell(r, f);
            fresh = 1;
            p++;
            continue;
        }
        if (c == '"' && fresh)
            quoted = 1;
        else
            add_byte(r, c, f);
        fresh = 0;
        p++;
    }
    *open_quote = quoted;
    r->pos = (size_t)(p - r->text);
}

/* Skips lines of nothing; 0 at the end of the text. */
static int skip_empty_lines(struct ck_csvread *r)
{
    const char *end = r->text + r->len;
    size_t eol;
    while (r->pos < r->len && (eol = line_end_len(r->text + r->pos, end)) != 0) {
        r->pos += eol;
        r->next_line++;
    }
    return r->pos < r->len;
}

static void hand_out(struct ck_csvread *r)
{
    size_t i;
    for (i = 0; i < r->count; i++)
        r->cells[i] = r->buf.data + r->starts[i];
}

int ck_csvread_next(struct ck_csvread *r, struct ck_err *err)
{
    struct record_fault f;
    int open_quote = 0;
    char **cells;

    r->count = 0;
    if (!skip_empty_lines(r))
        return 0;
    f.status = CK_OK;
    f.why[0] = '\0';
    r->line = r->next_line;
    ck_buf_reset(&r->buf);
    if (!r->cap && CK_ARRAY_GROW(r->starts, r->count, r->cap) != CK_OK)
        fault(&f, CK_ERR_NOMEM, "out of memory");
    else
        r->starts[0] = 0;
    if (f.status == CK_OK)
        scan_record(r, &f, &open_quote);
    else
        r->pos = r->len;
    if (f.status == CK_OK && open_quote)
        fault(&f, CK_ERR_PARSE, "a quoted cell is not closed before the end of the file");
    end_cell(r, &f);
    if (f.status == CK_OK) {
        cells = realloc(r->cells, r->cap * sizeof *cells);
        if (!cells)
            fault(&f, CK_ERR_NOMEM, "out of memory");
        else
            r->cells = cells;
    }
    if (f.status != CK_OK) {
        r->count = 0;
        ck_err_set(err, f.status, "line %lu: %s", r->line, f.why);
        return -1;
    }
    hand_out(r);
    return 1;
}
