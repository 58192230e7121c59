#include "inventory/apk.h"

#include <stdlib.h>
#include <string.h>

#include "inventory/lines.h"
#include "util/buf.h"

#define MAX_LINE 65536

enum field { F_NAME, F_VERSION, F_ARCH, F_ORIGIN, F_COUNT };

struct ck_apk_parser {
    struct ck_inventory *inv;
    char *label;
    struct ck_lines lines;
    uint64_t records;     /* records begun so far: the current one's number */
    int in_record;
    uint64_t first_line;
    struct ck_buf value[F_COUNT];
    int has[F_COUNT];
    uint64_t bad_line;
    const char *bad_reason;
    /* owned files of the current record (CK_INVENTORY_FILES) */
    struct ck_buf dir;
    char **files;
    size_t file_count, file_cap;
};

static void drop_files(struct ck_apk_parser *p)
{
    size_t i;
    for (i = 0; i < p->file_count; i++)
        free(p->files[i]);
    p->file_count = 0;
}

static void reset_record(struct ck_apk_parser *p)
{
    int i;
    for (i = 0; i < F_COUNT; i++) {
        ck_buf_reset(&p->value[i]);
        p->has[i] = 0;
    }
    ck_buf_reset(&p->dir);
    drop_files(p);
    p->in_record = 0;
    p->bad_line = 0;
    p->bad_reason = NULL;
}

static void malformed(struct ck_apk_parser *p, uint64_t line_no, const char *reason)
{
    if (!p->bad_line) {
        p->bad_line = line_no;
        p->bad_reason = reason;
    }
}

static enum ck_status add_file(struct ck_apk_parser *p, const char *name, size_t n)
{
    struct ck_buf path;

    if (p->file_count == p->file_cap) {
        size_t cap = p->file_cap ? p->file_cap * 2 : 64;
        char **f = realloc(p->files, cap * sizeof *f);
        if (!f)
            return CK_ERR_NOMEM;
        p->files = f;
        p->file_cap = cap;
    }
    ck_buf_init(&path);
    if (ck_buf_putc(&path, '/') || (p->dir.len && (ck_buf_append(&path, p->dir.data, p->dir.len) ||
                                                   ck_buf_putc(&path, '/'))) ||
        ck_buf_append(&path, name, n)) {
        ck_buf_release(&path);
        return CK_ERR_NOMEM;
    }
    p->files[p->file_count++] = ck_buf_take(&path);
    return CK_OK;
}

static enum ck_status end_record(struct ck_apk_parser *p)
{
    const char *name = ck_buf_str(&p->value[F_NAME]);
    const char *ver = ck_buf_str(&p->value[F_VERSION]);
    enum ck_status st = CK_OK;
    size_t i;

    if (!p->in_record)
        return CK_OK;
    if (!*name || !*ver) {
        if (p->bad_line)
            st = ck_inventory_warn(p->inv, "%s record %llu (line %llu): %s; record skipped", p->label,
                                   (unsigned long long)p->records, (unsigned long long)p->bad_line,
                                   p->bad_reason);
        else
            st = ck_inventory_warn(p->inv, "%s record %llu (line %llu): no %s; record skipped", p->label,
                                   (unsigned long long)p->records, (unsigned long long)p->first_line,
                                   !*name ? "package name (P:)" : "version (V:)");
        goto cleanup;
    }
    if (p->bad_line &&
        (st = ck_inventory_warn(p->inv, "%s record %llu (line %llu): %s (in package '%s'; line ignored)",
                                p->label, (unsigned long long)p->records, (unsigned long long)p->bad_line,
                                p->bad_reason, name)) != CK_OK)
        goto cleanup;
    st = ck_inventory_add(p->inv, CK_PKG_APK, name, ver, p->has[F_ORIGIN] ? ck_buf_str(&p->value[F_ORIGIN]) : NULL,
                          NULL, p->has[F_ARCH] ? ck_buf_str(&p->value[F_ARCH]) : NULL);
    for (i = 0; st == CK_OK && i < p->file_count; i++)
        st = ck_inventory_add_file(p->inv, p->files[i], p->inv->count - 1);
cleanup:
    reset_record(p);
    return st;
}

static enum ck_status on_line(void *ctx, const char *line, size_t len, int cut, uint64_t line_no)
{
    struct ck_apk_parser *p = ctx;
    int f;

    if (len == 0 && !cut)
        return end_record(p);
    if (!p->in_record) {
        p->in_record = 1;
        p->records++;
        p->first_line = line_no;
    }
    if (len < 2 || line[1] != ':') {
        malformed(p, line_no, "not a 'K:value' line");
        return CK_OK;
    }
    switch (line[0]) {
    case 'P': f = F_NAME; break;
    case 'V': f = F_VERSION; break;
    case 'A': f = F_ARCH; break;
    case 'o': f = F_ORIGIN; break;
    case 'F':
        if (!(p->inv->flags & CK_INVENTORY_FILES))
            return CK_OK;
        if (cut) {
            malformed(p, line_no, "folder name too long");
            return CK_OK;
        }
        ck_buf_reset(&p->dir);
        return ck_buf_append(&p->dir, line + 2, len - 2);
    case 'R':
        if (!(p->inv->flags & CK_INVENTORY_FILES))
            return CK_OK;
        if (cut) {
            malformed(p, line_no, "file name too long");
            return CK_OK;
        }
        return add_file(p, line + 2, len - 2);
    default: return CK_OK;
    }
    if (cut) {
        malformed(p, line_no, "value too long");
        return CK_OK;
    }
    if (p->has[f]) {
        malformed(p, line_no, "duplicate field");
        return CK_OK;
    }
    p->has[f] = 1;
    return ck_buf_append(&p->value[f], line + 2, len - 2);
}

enum ck_status ck_apk_parser_new(struct ck_apk_parser **out, struct ck_inventory *inv, const char *label)
{
    struct ck_apk_parser *p;
    int i;

    if (!out || !inv)
        return CK_ERR_ARG;
    p = calloc(1, sizeof *p);
    if (!p)
        return CK_ERR_NOMEM;
    if (!label)
        label = "installed";
    p->label = malloc(strlen(label) + 1);
    if (!p->label) {
        free(p);
        return CK_ERR_NOMEM;
    }
    strcpy(p->label, label);
    p->inv = inv;
    ck_lines_init(&p->lines, MAX_LINE);
    for (i = 0; i < F_COUNT; i++)
        ck_buf_init(&p->value[i]);
    ck_buf_init(&p->dir);
    reset_record(p);
    *out = p;
    return CK_OK;
}

void ck_apk_parser_free(struct ck_apk_parser *p)
{
    int i;
    if (!p)
        return;
    ck_lines_release(&p->lines);
    for (i = 0; i < F_COUNT; i++)
        ck_buf_release(&p->value[i]);
    ck_buf_release(&p->dir);
    drop_files(p);
    free(p->files);
    free(p->label);
    free(p);
}

enum ck_status ck_apk_parser_feed(struct ck_apk_parser *p, const void *data, size_t len)
{
    return ck_lines_feed(&p->lines, data, len, on_line, p);
}

enum ck_status ck_apk_parser_finish(struct ck_apk_parser *p)
{
    enum ck_status st = ck_lines_finish(&p->lines, on_line, p);
    return st != CK_OK ? st : end_record(p);
}

enum ck_status ck_apk_parse(struct ck_inventory *inv, const void *data, size_t len, const char *label)
{
    struct ck_apk_parser *p = NULL;
    enum ck_status st = ck_apk_parser_new(&p, inv, label);
    if (st == CK_OK)
        st = ck_apk_parser_feed(p, data, len);
    if (st == CK_OK)
        st = ck_apk_parser_finish(p);
    ck_apk_parser_free(p);
    return st;
}
