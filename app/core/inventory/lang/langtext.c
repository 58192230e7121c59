#include "inventory/lang/langtext.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/array.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/text.h"

void ck_lang_result_init(struct ck_lang_result *r)
{
    memset(r, 0, sizeof *r);
}

static void free_package(struct ck_lang_package *p)
{
    free(p->name);
    free(p->version);
    free(p->detail);
}

void ck_lang_result_release(struct ck_lang_result *r)
{
    size_t i;

    if (!r)
        return;
    for (i = 0; i < r->count; i++)
        free_package(&r->packages[i]);
    for (i = 0; i < r->warnings_kept; i++)
        free(r->warnings[i]);
    free(r->packages);
    free(r->warnings);
    memset(r, 0, sizeof *r);
}

enum ck_status ck_lang_file_begin(struct ck_lang_file *f, struct ck_lang_result *out, const char *path,
                                  const char *ecosystem, const void *data, size_t len, struct ck_err *err)
{
    if (!out || (!data && len))
        return ck_err_set(err, CK_ERR_ARG, "no result list or no data");
    if (!path)
        path = "(unnamed)";
    if (len > CK_LANG_MAX_INPUT)
        return ck_err_set(err, CK_ERR_LIMIT, "%s is %zu bytes, more than the %u bytes a package metadata file may have",
                          path, len, CK_LANG_MAX_INPUT);
    memset(f, 0, sizeof *f);
    f->out = out;
    f->path = path;
    f->ecosystem = ecosystem;
    f->mark_count = out->count;
    f->mark_kept = out->warnings_kept;
    f->mark_warnings = out->warning_count;
    f->mark_truncated = out->truncated;
    return CK_OK;
}

void ck_lang_file_rollback(struct ck_lang_file *f)
{
    struct ck_lang_result *r = f->out;

    while (r->count > f->mark_count)
        free_package(&r->packages[--r->count]);
    while (r->warnings_kept > f->mark_kept)
        free(r->warnings[--r->warnings_kept]);
    r->warning_count = f->mark_warnings;
    r->truncated = f->mark_truncated;
}

static enum ck_status vwarn(struct ck_lang_file *f, uint64_t line, const char *fmt, va_list ap)
{
    struct ck_lang_result *r = f->out;
    struct ck_buf b;
    char *text;

    if (f->full)
        return CK_OK; /* what follows the limit was not read */
    r->warning_count++;
    if (r->warnings_kept >= CK_LANG_MAX_WARNINGS)
        return CK_OK;
    if (r->warnings_kept == r->warnings_cap && CK_ARRAY_GROW(r->warnings, r->warnings_kept, r->warnings_cap))
        return CK_ERR_NOMEM;
    ck_buf_init(&b);
    if (line)
        ck_buf_printf(&b, "%s line %llu: ", f->path, (unsigned long long)line);
    else
        ck_buf_printf(&b, "%s: ", f->path);
    {
        char msg[1024];
        vsnprintf(msg, sizeof msg, fmt, ap);
        /* what the file held may be quoted in a message: keep it text */
        ck_utf8_clean_into(&b, msg, strlen(msg), CK_UTF8_TERMINAL);
    }
    text = ck_buf_take(&b);
    if (!text)
        return CK_ERR_NOMEM;
    r->warnings[r->warnings_kept++] = text;
    return CK_OK;
}

enum ck_status ck_lang_warn(struct ck_lang_file *f, uint64_t line, const char *fmt, ...)
{
    va_list ap;
    enum ck_status st;

    va_start(ap, fmt);
    st = vwarn(f, line, fmt, ap);
    va_end(ap);
    return st;
}

const char *ck_lang_field_problem(const char *s, size_t n)
{
    size_t i;

    if (n == 0)
        return "is empty";
    if (n > CK_LANG_MAX_FIELD)
        return "is longer than 512 bytes";
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return "has a control character";
    }
    if (!ck_utf8_valid(s, n))
        return "is not valid UTF-8";
    return NULL;
}

/* A short, printable excerpt of a rejected value for a warning. */
static void excerpt(char *dst, size_t cap, const char *s, size_t n)
{
    size_t i, j = 0;
    for (i = 0; i < n && j + 1 < cap && i < 40; i++) {
        unsigned char c = (unsigned char)s[i];
        dst[j++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    dst[j] = '\0';
}

enum ck_status ck_lang_add(struct ck_lang_file *f, uint64_t line, const char *entry, const char *name,
                           size_t nlen, const char *version, size_t vlen, const char *detail, unsigned flags)
{
    struct ck_lang_result *r = f->out;
    struct ck_lang_package *p;
    const char *why;
    char shown[48];

    if (f->full)
        return CK_OK;
    if (!entry)
        entry = "entry";
    if ((why = ck_lang_field_problem(name, nlen)) != NULL) {
        excerpt(shown, sizeof shown, name, nlen);
        return ck_lang_warn(f, line, "%s: the package name \"%s\" %s; entry skipped", entry, shown, why);
    }
    if ((why = ck_lang_field_problem(version, vlen)) != NULL) {
        excerpt(shown, sizeof shown, name, nlen);
        return ck_lang_warn(f, line, "%s: the version of package \"%s\" %s; entry skipped", entry, shown, why);
    }
    if (detail && ck_lang_field_problem(detail, strlen(detail)))
        detail = NULL; /* a detail is only informative */
    if (f->added >= CK_LANG_MAX_PACKAGES) {
        enum ck_status st = ck_lang_warn(f, line, "more than %d packages; the rest of the file was not read",
                                         CK_LANG_MAX_PACKAGES);
        f->full = 1;
        r->truncated = 1;
        return st;
    }
    if (r->count == r->cap && CK_ARRAY_GROW(r->packages, r->count, r->cap))
        return CK_ERR_NOMEM;
    p = &r->packages[r->count];
    memset(p, 0, sizeof *p);
    p->ecosystem = f->ecosystem;
    p->flags = flags;
    p->line = line;
    p->name = ck_text_dupn(name, nlen);
    p->version = ck_text_dupn(version, vlen);
    p->detail = detail ? ck_text_dupn(detail, strlen(detail)) : NULL;
    if (!p->name || !p->version || (detail && !p->detail)) {
        free_package(p);
        return CK_ERR_NOMEM;
    }
    r->count++;
    f->added++;
    return CK_OK;
}

/* ---- text ------------------------------------------------------------------ */

void ck_lang_lines_init(struct ck_lang_lines *l, const void *data, size_t len)
{
    l->p = data;
    l->end = l->p ? l->p + len : NULL;
    l->line_no = 0;
    if (len >= 3 && !memcmp(l->p, "\xEF\xBB\xBF", 3))
        l->p += 3;
}

int ck_lang_lines_next(struct ck_lang_lines *l, const char **line, size_t *len)
{
    const char *s = l->p, *e;

    if (!s || s >= l->end)
        return 0;
    for (e = s; e < l->end && *e != '\n' && *e != '\r'; e++)
        ;
    *line = s;
    *len = (size_t)(e - s);
    if (e < l->end && *e++ == '\r' && e < l->end && *e == '\n')
        e++;
    l->p = e;
    l->line_no++;
    return 1;
}

size_t ck_lang_indent(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

void ck_lang_trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

int ck_lang_starts(const char *s, size_t n, const char *prefix)
{
    size_t m = strlen(prefix);
    return n >= m && !memcmp(s, prefix, m);
}

int ck_lang_is(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && !memcmp(s, word, n);
}

const char *ck_lang_basename(const char *path)
{
    const char *b = path;
    for (; *path; path++)
        if (*path == '/' || *path == '\\')
            b = path + 1;
    return b;
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int ck_lang_ends(const char *s, const char *suffix, int nocase)
{
    size_t n = strlen(s), m = strlen(suffix), i;

    if (n < m)
        return 0;
    s += n - m;
    if (!nocase)
        return !memcmp(s, suffix, m);
    for (i = 0; i < m; i++)
        if (lower((unsigned char)s[i]) != lower((unsigned char)suffix[i]))
            return 0;
    return 1;
}

enum ck_status ck_lang_json_parse(const char *path, const void *data, size_t len, cJSON **root,
                                  struct ck_err *err)
{
    const char *s = data, *end = NULL, *q;
    uint64_t line = 1;
    cJSON *doc;

    if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
        s += 3;
        len -= 3;
    }
    doc = cJSON_ParseWithLengthOpts(s, len, &end, 0);
    if (doc) {
        *root = doc;
        return CK_OK;
    }
    if (!end || end < s || end > s + len)
        end = s + len;
    for (q = s; q < end; q++)
        if (*q == '\n')
            line++;
    return ck_err_set(err, CK_ERR_PARSE, "%s line %llu: not valid JSON", path ? path : "(unnamed)",
                      (unsigned long long)line);
}

void ck_lang_pep503(const char *name, char *buf, size_t cap)
{
    size_t n = 0;

    if (!cap)
        return;
    for (; *name && n + 1 < cap; name++) {
        int sep = *name == '-' || *name == '_' || *name == '.';
        if (sep && n && buf[n - 1] == '-')
            continue;
        buf[n++] = sep ? '-' : (*name >= 'A' && *name <= 'Z') ? (char)(*name - 'A' + 'a') : *name;
    }
    buf[n] = '\0';
}
