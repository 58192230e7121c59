/* libFuzzer target: the CSV reader (util/csvread) and an edited review CSV
 * read back as decisions (report/reviewcsv) with no decision in effect.
 * Every record handed out keeps the limits, its cells are UTF-8 with no
 * NUL, its line never goes back; a record that cannot be read names its
 * line; every decision read passes ck_decision_check, and a failed read
 * says why and adds nothing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/reviewcsv.h"
#include "util/csvread.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TODAY 20468 /* 2026-01-15 */

static void on_warn(void *ctx, const char *where, const char *why)
{
    if (strncmp(where, "line ", 5) != 0 || !*why)
        abort();
    ++*(size_t *)ctx;
}

static void read_records(const char *text, size_t size)
{
    struct ck_csvread r;
    struct ck_err err;
    unsigned long last = 0;
    size_t bytes, i;
    int rc;

    ck_csvread_init(&r, text, size);
    if (r.sep != ',' && r.sep != ';')
        abort();
    while ((rc = ck_csvread_next(&r, &err)) != 0) {
        if (r.line < last || r.line == 0)
            abort();
        last = r.line;
        if (rc < 0) {
            if (strncmp(err.msg, "line ", 5) != 0)
                abort();
            continue;
        }
        if (r.count == 0 || r.count > CK_CSVREAD_MAX_CELLS)
            abort();
        for (i = 0, bytes = 0; i < r.count; i++) {
            size_t n = strlen(r.cells[i]);
            if (n > CK_CSVREAD_MAX_CELL_BYTES || (n && !ck_utf8_valid(r.cells[i], n)))
                abort();
            bytes += n;
        }
        if (bytes > CK_CSVREAD_MAX_RECORD_BYTES)
            abort();
    }
    ck_csvread_release(&r);
}

static void read_review(const char *text, size_t size)
{
    struct ck_decisions none, out;
    struct ck_err err, check;
    size_t warnings = 0, unchanged = 7, i;
    enum ck_status st;

    ck_decisions_init(&none);
    ck_decisions_init(&out);
    err.msg[0] = '\0';
    st = ck_reviewcsv_read(text, size, &none, TODAY, &out, on_warn, &warnings, &unchanged, &err);
    if (st != CK_OK && (!err.msg[0] || out.count || unchanged != 7))
        abort();
    if (st == CK_OK && unchanged != 0) /* nothing is in effect: nothing is unchanged */
        abort();
    for (i = 0; i < out.count; i++)
        if (ck_decision_check(&out.items[i], TODAY, &check) != CK_OK || out.items[i].scope != CK_SCOPE_IMAGE ||
            out.items[i].decided_by)
            abort();
    ck_decisions_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;

    read_records(text, size);
    read_review(text, size);
    (void)ck_reviewcsv_sniff(text, size);
    return 0;
}
