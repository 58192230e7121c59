/* RFC 4180 CSV writer (see csv.h). */
#include "report/csv.h"

#include <stdio.h>
#include <string.h>

/* Pending bytes are written to the file in blocks of about this size. */
#define FLUSH_AT (64 * 1024)

void ck_csv_init(struct ck_csv *w, FILE *fp)
{
    memset(w, 0, sizeof *w);
    w->fp = fp;
    ck_buf_init(&w->out);
    w->status = ck_buf_puts(&w->out, "\xEF\xBB\xBF");
}

void ck_csv_release(struct ck_csv *w)
{
    ck_buf_release(&w->out);
    memset(w, 0, sizeof *w);
}

static enum ck_status flush(struct ck_csv *w)
{
    if (!w->fp || w->status != CK_OK || !w->out.len)
        return w->status;
    if (fwrite(w->out.data, 1, w->out.len, w->fp) != w->out.len)
        return w->status = CK_ERR_IO;
    ck_buf_reset(&w->out);
    return CK_OK;
}

int ck_csv_is_formula(const char *text)
{
    return text && text[0] && strchr("=+-@\t\r", text[0]) != NULL;
}

static int needs_quotes(const char *text)
{
    return strpbrk(text, ",\"\r\n") != NULL;
}

/* Where a spreadsheet that splits on semicolons (Excel in many locales)
 * would start a new cell after the ';' at p, with a formula. */
static int formula_after_semicolon(const char *p)
{
    p++;
    while (*p == ' ' || *p == '"')
        p++;
    return ck_csv_is_formula(p);
}

/* Copies text: quotes doubled when the cell is quoted, and, when
 * neutralising, a ' after each ';' that would start a formula there. */
static void put_body(struct ck_csv *w, const char *text, int quoted, int neutralise)
{
    const char *p = text;

    while (*p && w->status == CK_OK) {
        size_t n = strcspn(p, quoted ? "\";" : ";");
        if (p[n])
            n++; /* up to and including the special character */
        w->status = ck_buf_append(&w->out, p, n);
        p += n;
        if (w->status != CK_OK || n == 0)
            break;
        if (quoted && p[-1] == '"')
            w->status = ck_buf_putc(&w->out, '"');
        else if (neutralise && p[-1] == ';' && formula_after_semicolon(p - 1))
            w->status = ck_buf_putc(&w->out, '\'');
    }
}

/* Appends one cell (separator first when it is not the row's first). */
static enum ck_status put_cell(struct ck_csv *w, const char *text, int neutralise)
{
    int quoted;

    if (w->status != CK_OK)
        return w->status;
    if (w->cells++ && (w->status = ck_buf_putc(&w->out, ',')) != CK_OK)
        return w->status;
    if (!text || !*text)
        return CK_OK;
    quoted = needs_quotes(text);
    if (quoted)
        w->status = ck_buf_putc(&w->out, '"');
    if (w->status == CK_OK && neutralise && ck_csv_is_formula(text))
        w->status = ck_buf_putc(&w->out, '\'');
    put_body(w, text, quoted, neutralise);
    if (w->status == CK_OK && quoted)
        w->status = ck_buf_putc(&w->out, '"');
    return w->status;
}

enum ck_status ck_csv_cell(struct ck_csv *w, const char *text)
{
    return put_cell(w, text, 1);
}

enum ck_status ck_csv_cell_score(struct ck_csv *w, double value)
{
    char num[32];
    if (value < 0)
        return put_cell(w, NULL, 0);
    snprintf(num, sizeof num, "%.1f", value);
    return put_cell(w, num, 0);
}

enum ck_status ck_csv_cell_int(struct ck_csv *w, long long value)
{
    char num[32];
    snprintf(num, sizeof num, "%lld", value);
    return put_cell(w, num, 0);
}

enum ck_status ck_csv_end_row(struct ck_csv *w)
{
    if (w->status != CK_OK)
        return w->status;
    w->status = ck_buf_puts(&w->out, "\r\n");
    w->cells = 0;
    w->rows++;
    if (w->status == CK_OK && w->out.len >= FLUSH_AT)
        flush(w);
    return w->status;
}

enum ck_status ck_csv_row(struct ck_csv *w, const char *const *cells, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        ck_csv_cell(w, cells[i]);
    return ck_csv_end_row(w);
}

enum ck_status ck_csv_finish(struct ck_csv *w, const char *where, struct ck_err *err)
{
    if (w->cells)
        ck_csv_end_row(w);
    flush(w);
    if (w->fp && w->status == CK_OK && fflush(w->fp) != 0)
        w->status = CK_ERR_IO;
    if (w->status == CK_ERR_NOMEM)
        return ck_err_set(err, CK_ERR_NOMEM, "CSV %s: out of memory", where ? where : "export");
    if (w->status != CK_OK)
        return ck_err_set(err, w->status, "CSV %s: cannot write (disk full or file closed?)",
                          where ? where : "export");
    return CK_OK;
}
