#include "inventory/dpkg.h"

#include <stdlib.h>
#include <string.h>

#include "inventory/lines.h"
#include "util/buf.h"

#define MAX_LINE 65536

enum field { F_PACKAGE, F_VERSION, F_ARCH, F_STATUS, F_SOURCE, F_COUNT };

static const struct {
    const char *name;
    size_t len;
} field_names[F_COUNT] = {
    {"Package", 7}, {"Version", 7}, {"Architecture", 12}, {"Status", 6}, {"Source", 6},
};

struct ck_dpkg_parser {
    struct ck_inventory *inv;
    char *label;
    unsigned flags;
    struct ck_lines lines;
    /* the current stanza */
    int in_stanza;
    int saw_field;            /* a field line was read (continuations are legal) */
    uint64_t first_line;
    struct ck_buf value[F_COUNT];
    int has[F_COUNT];
    uint64_t bad_line;        /* first malformed line, 0 if none */
    const char *bad_reason;
};

static int is_blank(char c) { return c == ' ' || c == '\t'; }

static int ascii_ieq(const char *a, const char *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return 1;
}

static void reset_stanza(struct ck_dpkg_parser *p)
{
    int i;
    for (i = 0; i < F_COUNT; i++) {
        ck_buf_reset(&p->value[i]);
        p->has[i] = 0;
    }
    p->in_stanza = 0;
    p->saw_field = 0;
    p->first_line = 0;
    p->bad_line = 0;
    p->bad_reason = NULL;
}

static void malformed(struct ck_dpkg_parser *p, uint64_t line_no, const char *reason)
{
    if (!p->bad_line) {
        p->bad_line = line_no;
        p->bad_reason = reason;
    }
}

/* The third word of Status is the package's state. */
static int status_installed(const char *s)
{
    int word = 0;
    while (*s) {
        size_t n;
        while (is_blank(*s))
            s++;
        if (!*s)
            break;
        n = strcspn(s, " \t");
        if (++word == 3)
            return n == 9 && !memcmp(s, "installed", 9) && !s[n + strspn(s + n, " \t")];
        s += n;
    }
    return 0;
}

/* "name" or "name (version)": splits in place. */
static void split_source(char *src, char **name, char **version)
{
    char *open, *close, *end;

    *name = src;
    *version = NULL;
    end = src + strcspn(src, " \t(");
    open = strchr(end, '(');
    if (*end)
        *end = '\0';
    if (!open)
        return;
    close = strchr(open, ')');
    if (!close)
        return;
    *close = '\0';
    open++;
    while (is_blank(*open))
        open++;
    while (close > open && is_blank(close[-1]))
        *--close = '\0';
    if (*open)
        *version = open;
}

static enum ck_status end_stanza(struct ck_dpkg_parser *p)
{
    const char *pkg = ck_buf_str(&p->value[F_PACKAGE]);
    const char *ver = ck_buf_str(&p->value[F_VERSION]);
    const char *why = NULL; /* the reason to skip the stanza, if any */
    uint64_t where = p->first_line;
    enum ck_status st = CK_OK;
    char *sname = NULL, *sver = NULL;

    if (!p->in_stanza)
        return CK_OK;
    if (!*pkg) {
        why = "stanza without a package name";
    } else if (p->has[F_STATUS] && !status_installed(ck_buf_str(&p->value[F_STATUS]))) {
        goto cleanup; /* not installed (config files, purged, ...): nothing to say */
    } else if (!*ver) {
        why = "package without a Version";
    } else if (!p->has[F_STATUS] && !(p->flags & CK_DPKG_STATUS_D)) {
        why = "package without a Status";
    }
    if (why && p->bad_line) {
        st = ck_inventory_warn(p->inv, "%s line %llu: %s; stanza starting at line %llu skipped", p->label,
                               (unsigned long long)p->bad_line, p->bad_reason, (unsigned long long)where);
        goto cleanup;
    }
    if (why) {
        st = ck_inventory_warn(p->inv, "%s line %llu: %s%s%s%s; skipped", p->label, (unsigned long long)where, why,
                               *pkg ? " ('" : "", pkg, *pkg ? "')" : "");
        goto cleanup;
    }
    if (p->bad_line &&
        (st = ck_inventory_warn(p->inv, "%s line %llu: %s (in package '%s'; line ignored)", p->label,
                                (unsigned long long)p->bad_line, p->bad_reason, pkg)) != CK_OK)
        goto cleanup;
    if (p->has[F_SOURCE])
        split_source(p->value[F_SOURCE].data, &sname, &sver);
    st = ck_inventory_add(p->inv, CK_PKG_DEB, pkg, ver, sname, sver,
                          p->has[F_ARCH] ? ck_buf_str(&p->value[F_ARCH]) : NULL);
cleanup:
    reset_stanza(p);
    return st;
}

static enum ck_status on_line(void *ctx, const char *line, size_t len, int cut, uint64_t line_no)
{
    struct ck_dpkg_parser *p = ctx;
    const char *colon, *v, *e;
    size_t i, nlen;
    int f;

    for (i = 0; i < len && is_blank(line[i]); i++)
        ;
    if (i == len && !cut)
        return end_stanza(p); /* blank line: stanza separator */
    if (!p->in_stanza) {
        p->in_stanza = 1;
        p->first_line = line_no;
    }
    if (is_blank(line[0])) {
        if (!p->saw_field)
            malformed(p, line_no, "continuation line before any field");
        return CK_OK;
    }
    colon = memchr(line, ':', len);
    if (!colon || colon == line) {
        malformed(p, line_no, "not a 'Field: value' line");
        return CK_OK;
    }
    nlen = (size_t)(colon - line);
    p->saw_field = 1;
    for (f = 0; f < F_COUNT; f++)
        if (field_names[f].len == nlen && ascii_ieq(line, field_names[f].name, nlen))
            break;
    if (f == F_COUNT)
        return CK_OK;
    if (cut) {
        malformed(p, line_no, "field value too long");
        return CK_OK;
    }
    if (p->has[f]) {
        malformed(p, line_no, "duplicate field");
        return CK_OK;
    }
    v = colon + 1;
    e = line + len;
    while (v < e && is_blank(*v))
        v++;
    while (e > v && is_blank(e[-1]))
        e--;
    p->has[f] = 1;
    return ck_buf_append(&p->value[f], v, (size_t)(e - v));
}

enum ck_status ck_dpkg_parser_new(struct ck_dpkg_parser **out, struct ck_inventory *inv, const char *label,
                                  unsigned flags)
{
    struct ck_dpkg_parser *p;
    int i;

    if (!out || !inv)
        return CK_ERR_ARG;
    p = calloc(1, sizeof *p);
    if (!p)
        return CK_ERR_NOMEM;
    p->label = malloc(strlen(label ? label : "status") + 1);
    if (!p->label) {
        free(p);
        return CK_ERR_NOMEM;
    }
    strcpy(p->label, label ? label : "status");
    p->inv = inv;
    p->flags = flags;
    ck_lines_init(&p->lines, MAX_LINE);
    for (i = 0; i < F_COUNT; i++)
        ck_buf_init(&p->value[i]);
    reset_stanza(p);
    *out = p;
    return CK_OK;
}

void ck_dpkg_parser_free(struct ck_dpkg_parser *p)
{
    int i;
    if (!p)
        return;
    ck_lines_release(&p->lines);
    for (i = 0; i < F_COUNT; i++)
        ck_buf_release(&p->value[i]);
    free(p->label);
    free(p);
}

enum ck_status ck_dpkg_parser_feed(struct ck_dpkg_parser *p, const void *data, size_t len)
{
    return ck_lines_feed(&p->lines, data, len, on_line, p);
}

enum ck_status ck_dpkg_parser_finish(struct ck_dpkg_parser *p)
{
    enum ck_status st = ck_lines_finish(&p->lines, on_line, p);
    return st != CK_OK ? st : end_stanza(p);
}

size_t ck_dpkg_parser_buffered(const struct ck_dpkg_parser *p)
{
    size_t n = ck_lines_buffered(&p->lines);
    int i;
    for (i = 0; i < F_COUNT; i++)
        n += p->value[i].cap;
    return n;
}

enum ck_status ck_dpkg_parse(struct ck_inventory *inv, const void *data, size_t len, const char *label,
                             unsigned flags)
{
    struct ck_dpkg_parser *p = NULL;
    enum ck_status st = ck_dpkg_parser_new(&p, inv, label, flags);
    if (st == CK_OK)
        st = ck_dpkg_parser_feed(p, data, len);
    if (st == CK_OK)
        st = ck_dpkg_parser_finish(p);
    ck_dpkg_parser_free(p);
    return st;
}
