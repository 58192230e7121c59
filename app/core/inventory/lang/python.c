#include "inventory/lang/python.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* The folder holding the file: "x.dist-info" in ".../x.dist-info/METADATA". */
static int parent_ends(const char *path, const char *base, const char *suffix)
{
    size_t n = (size_t)(base - path), m = strlen(suffix), i;
    const char *dir;

    if (n < 1 || (path[n - 1] != '/' && path[n - 1] != '\\'))
        return 0;
    n--; /* without the separator */
    if (n < m)
        return 0;
    dir = path + n - m;
    for (i = 0; i < m; i++) {
        int c = (unsigned char)dir[i], d = (unsigned char)suffix[i];
        if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != d)
            return 0;
    }
    return 1;
}

int ck_python_wants(const char *path)
{
    const char *base;

    if (!path)
        return 0;
    base = ck_lang_basename(path);
    /* "x.dist-info", "x.egg-info", "EGG-INFO" (and the plain "dist-info" of some trees) */
    if (!strcmp(base, "METADATA"))
        return parent_ends(path, base, "dist-info") || parent_ends(path, base, "egg-info");
    if (!strcmp(base, "PKG-INFO"))
        return parent_ends(path, base, "egg-info");
    return ck_lang_ends(base, ".egg-info", 1) && strlen(base) > 9;
}

char *ck_python_normalise_name(const char *name)
{
    struct ck_buf b;
    int in_sep = 0;

    if (!name)
        return NULL;
    ck_buf_init(&b);
    ck_buf_reserve(&b, strlen(name) + 1);
    for (; *name; name++) {
        char c = *name;
        if (c == '-' || c == '_' || c == '.') {
            if (!in_sep)
                ck_buf_putc(&b, '-');
            in_sep = 1;
            continue;
        }
        in_sep = 0;
        ck_buf_putc(&b, c >= 'A' && c <= 'Z' ? (char)(c + 32) : c);
    }
    return ck_buf_take(&b);
}

/* 1 when the header line s is "key:" (any case) and then its value. */
static int header_is(const char *s, size_t n, size_t colon, const char *key)
{
    size_t k = strlen(key), i;

    if (colon != k || n < k)
        return 0;
    for (i = 0; i < k; i++) {
        int c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != key[i])
            return 0;
    }
    return 1;
}

enum field { F_NAME, F_VERSION, F_COUNT };

struct headers {
    struct ck_buf value[F_COUNT];
    int seen[F_COUNT];
    uint64_t line[F_COUNT];
    int current; /* the field the last header line set, -1 for others */
};

static enum ck_status header_line(struct ck_lang_file *f, struct headers *h, const char *s, size_t n,
                                  uint64_t line_no, int *done)
{
    const char *colon;
    size_t c;
    int i;

    if (s[0] == ' ' || s[0] == '\t') { /* a folded continuation */
        if (h->current >= 0) /* unfolding drops the line break, keeps the blanks */
            return ck_buf_append(&h->value[h->current], s, n);
        return CK_OK;
    }
    colon = memchr(s, ':', n);
    if (!colon || colon == s) {
        *done = 1;
        return ck_lang_warn(f, line_no, "not a \"Key: value\" header; the headers end here");
    }
    c = (size_t)(colon - s);
    h->current = -1;
    for (i = 0; i < F_COUNT; i++) {
        if (!header_is(s, n, c, i == F_NAME ? "name" : "version"))
            continue;
        if (h->seen[i])
            return CK_OK; /* the first one counts */
        h->seen[i] = 1;
        h->line[i] = line_no;
        h->current = i;
        s = colon + 1;
        n -= c + 1;
        ck_lang_trim(&s, &n);
        return ck_buf_append(&h->value[i], s, n);
    }
    return CK_OK;
}

enum ck_status ck_python_parse(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                               struct ck_err *err)
{
    struct ck_lang_file f;
    struct ck_lang_lines lines;
    struct headers h;
    const char *s;
    size_t n;
    int i, done = 0;
    enum ck_status st;

    if ((st = ck_lang_file_begin(&f, out, path, CK_LANG_PYPI, data, len, err)) != CK_OK)
        return st;
    memset(&h, 0, sizeof h);
    h.current = -1;
    for (i = 0; i < F_COUNT; i++)
        ck_buf_init(&h.value[i]);
    ck_lang_lines_init(&lines, data, len);
    while (st == CK_OK && !done && ck_lang_lines_next(&lines, &s, &n)) {
        if (n == 0)
            break; /* the body follows */
        st = header_line(&f, &h, s, n, lines.line_no, &done);
    }
    for (i = 0; st == CK_OK && i < F_COUNT; i++)
        st = ck_buf_status(&h.value[i]);
    if (st == CK_OK) {
        const char *nv[F_COUNT];
        size_t nn[F_COUNT];
        for (i = 0; i < F_COUNT; i++) {
            nv[i] = ck_buf_str(&h.value[i]);
            nn[i] = h.value[i].len;
            ck_lang_trim(&nv[i], &nn[i]);
        }
        if (!h.seen[F_NAME] || !h.seen[F_VERSION])
            st = ck_lang_warn(&f, 0, "no %s header; no package read", !h.seen[F_NAME] ? "Name" : "Version");
        else
            st = ck_lang_add(&f, h.line[F_NAME], "Name", nv[F_NAME], nn[F_NAME], nv[F_VERSION], nn[F_VERSION], NULL,
                             0);
    }
    for (i = 0; i < F_COUNT; i++)
        ck_buf_release(&h.value[i]);
    if (st != CK_OK) {
        ck_lang_file_rollback(&f);
        ck_err_set(err, st, "out of memory reading %s", f.path);
    }
    return st;
}
