/* Go build information: the result, the Go version as OSV names the
 * standard library, and the module information text. Where the strings are
 * found in an executable is goexe.c; the streaming front is goscan.c. */
#include "inventory/lang/gobuildinfo.h"

#include <stdlib.h>
#include <string.h>

#include "inventory/lang/goexe.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/text.h"

/* ---- the result ----------------------------------------------------------- */

void ck_gobuildinfo_init(struct ck_gobuildinfo *bi)
{
    memset(bi, 0, sizeof *bi);
}

static void module_release(struct ck_gomodule *m)
{
    free(m->path);
    free(m->version);
    free(m->sum);
    free(m->orig_path);
    free(m->orig_version);
    memset(m, 0, sizeof *m);
}

static void text_release(struct ck_gobuildinfo *bi)
{
    size_t i;

    free(bi->path);
    bi->path = NULL;
    module_release(&bi->main);
    bi->has_main = 0;
    for (i = 0; i < bi->dep_count; i++)
        module_release(&bi->deps[i]);
    free(bi->deps);
    bi->deps = NULL;
    bi->dep_count = 0;
    for (i = 0; i < bi->setting_count; i++) {
        free(bi->settings[i].key);
        free(bi->settings[i].value);
    }
    free(bi->settings);
    bi->settings = NULL;
    bi->setting_count = 0;
}

void ck_gobuildinfo_release(struct ck_gobuildinfo *bi)
{
    if (!bi)
        return;
    text_release(bi);
    free(bi->go_version);
    free(bi->stdlib_version);
    ck_gobuildinfo_init(bi);
}

/* Moves the text part (path, main, deps, settings) from src into dst,
 * releasing what dst had there. */
static void text_move(struct ck_gobuildinfo *dst, struct ck_gobuildinfo *src)
{
    text_release(dst);
    dst->path = src->path;
    dst->has_main = src->has_main;
    dst->main = src->main;
    dst->deps = src->deps;
    dst->dep_count = src->dep_count;
    dst->settings = src->settings;
    dst->setting_count = src->setting_count;
    src->path = NULL;
    memset(&src->main, 0, sizeof src->main);
    src->has_main = 0;
    src->deps = NULL;
    src->dep_count = 0;
    src->settings = NULL;
    src->setting_count = 0;
}

/* ---- the standard library's version ---------------------------------------- */

/* Digits at s[*i] (no leading zero unless alone) copied to b; 0 when none. */
static int take_number(const char *s, size_t n, size_t *i, struct ck_buf *b)
{
    size_t start = *i;

    while (*i < n && s[*i] >= '0' && s[*i] <= '9' && *i - start < 9)
        (*i)++;
    if (*i == start || (*i < n && s[*i] >= '0' && s[*i] <= '9'))
        return 0;
    if (s[start] == '0' && *i - start > 1)
        return 0;
    ck_buf_append(b, s + start, *i - start);
    return 1;
}

/* The tag's length once a " ..." or "-X:..." suffix is dropped. */
static size_t tag_length(const char *v)
{
    size_t n = strcspn(v, " ");
    const char *x = strstr(v, "-X:");

    if (x && (size_t)(x - v) < n)
        n = (size_t)(x - v);
    return n;
}

static int stdlib_semver(const char *v, struct ck_buf *b)
{
    size_t n = tag_length(v), i = 2;

    if (n < 3 || strncmp(v, "go", 2))
        return 0;
    if (!take_number(v, n, &i, b))
        return 0;
    if (i == n) /* "go1" */
        return ck_buf_puts(b, ".0.0") == CK_OK;
    if (v[i++] != '.')
        return 0;
    ck_buf_putc(b, '.');
    if (!take_number(v, n, &i, b))
        return 0;
    ck_buf_putc(b, '.');
    if (i < n && v[i] == '.') {
        i++;
        if (!take_number(v, n, &i, b))
            return 0;
    } else {
        ck_buf_putc(b, '0');
    }
    if (i < n) {
        const char *pre = NULL;
        if (n - i > 2 && !strncmp(v + i, "rc", 2))
            pre = "rc";
        else if (n - i > 4 && !strncmp(v + i, "beta", 4))
            pre = "beta";
        if (!pre)
            return 0;
        i += strlen(pre);
        ck_buf_printf(b, "-%s.", pre);
        if (!take_number(v, n, &i, b) || i != n)
            return 0;
    }
    return ck_buf_status(b) == CK_OK;
}

int ck_gobuildinfo_stdlib_version(const char *go_version, char *dst, size_t cap)
{
    struct ck_buf b;
    int ok;

    if (dst && cap)
        dst[0] = '\0';
    if (!go_version || !dst || !cap)
        return 0;
    ck_buf_init(&b);
    ok = stdlib_semver(go_version, &b) && b.len < cap;
    if (ok)
        memcpy(dst, ck_buf_str(&b), b.len + 1);
    ck_buf_release(&b);
    return ok;
}

/* ---- Go quoted strings (build lines) --------------------------------------- */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static void put_rune(struct ck_buf *b, unsigned long r)
{
    if (r < 0x80) {
        ck_buf_putc(b, (char)r);
    } else if (r < 0x800) {
        ck_buf_putc(b, (char)(0xC0 | (r >> 6)));
        ck_buf_putc(b, (char)(0x80 | (r & 0x3F)));
    } else if (r < 0x10000) {
        ck_buf_putc(b, (char)(0xE0 | (r >> 12)));
        ck_buf_putc(b, (char)(0x80 | ((r >> 6) & 0x3F)));
        ck_buf_putc(b, (char)(0x80 | (r & 0x3F)));
    } else {
        ck_buf_putc(b, (char)(0xF0 | (r >> 18)));
        ck_buf_putc(b, (char)(0x80 | ((r >> 12) & 0x3F)));
        ck_buf_putc(b, (char)(0x80 | ((r >> 6) & 0x3F)));
        ck_buf_putc(b, (char)(0x80 | (r & 0x3F)));
    }
}

/* The escape after a backslash at s[*i] (s[*i] is the letter); 0 when it
 * is not one of Go's escapes for a "..." string. */
static int take_escape(const char *s, size_t n, size_t *i, struct ck_buf *b)
{
    static const char simple[] = "a\ab\bf\fn\nr\rt\tv\v\\\\\"\"";
    char c = s[*i];
    const char *e;
    unsigned long v = 0;
    size_t digits = 0, k;

    for (e = simple; *e; e += 2)
        if (*e == c) {
            ck_buf_putc(b, e[1]);
            (*i)++;
            return 1;
        }
    if (c == 'x')
        digits = 2;
    else if (c == 'u')
        digits = 4;
    else if (c == 'U')
        digits = 8;
    if (digits) {
        if (n - *i - 1 < digits)
            return 0;
        for (k = 1; k <= digits; k++) {
            int h = hex_value(s[*i + k]);
            if (h < 0)
                return 0;
            v = v * 16 + (unsigned long)h;
        }
        *i += digits + 1;
        if (c == 'x') {
            ck_buf_putc(b, (char)v);
            return 1;
        }
        if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            return 0;
        put_rune(b, v);
        return 1;
    }
    if (c >= '0' && c <= '7') {
        if (n - *i < 3)
            return 0;
        for (k = 0; k < 3; k++) {
            if (s[*i + k] < '0' || s[*i + k] > '7')
                return 0;
            v = v * 8 + (unsigned long)(s[*i + k] - '0');
        }
        if (v > 255)
            return 0;
        *i += 3;
        ck_buf_putc(b, (char)v);
        return 1;
    }
    return 0;
}

/* A Go string literal ("..." with escapes, or `...` raw, CRs dropped) at
 * the start of s[0..n): its value appended to b and its length in *used;
 * 0 when s does not start with one. */
static int go_unquote_prefix(const char *s, size_t n, struct ck_buf *b, size_t *used)
{
    size_t i = 1;

    if (n < 2 || (s[0] != '"' && s[0] != '`'))
        return 0;
    if (s[0] == '`') {
        for (; i < n && s[i] != '`'; i++)
            if (s[i] != '\r')
                ck_buf_putc(b, s[i]);
    } else {
        while (i < n && s[i] != '"') {
            if (s[i] == '\n')
                return 0;
            if (s[i] == '\\') {
                i++;
                if (i >= n || !take_escape(s, n, &i, b))
                    return 0;
                continue;
            }
            ck_buf_putc(b, s[i++]);
        }
    }
    if (i >= n)
        return 0;
    *used = i + 1;
    return 1;
}

/* ---- module information ---------------------------------------------------- */

struct text_parse {
    struct ck_gobuildinfo *t;
    struct ck_gomodule *last; /* the module a "=>" line would replace */
    size_t dep_cap, setting_cap;
    unsigned long line;
    struct ck_err *err;
};

static enum ck_status nomem(struct text_parse *p)
{
    return ck_err_set(p->err, CK_ERR_NOMEM, "out of memory reading Go build information");
}

static enum ck_status bad_line(struct text_parse *p, const char *what)
{
    return ck_err_set(p->err, CK_ERR_PARSE, "Go build information, line %lu: %s", p->line, what);
}

/* The tab-separated columns of s[0..n): starts and lengths of up to 4;
 * returns how many there are (5 meaning more than 4). */
static size_t split_tabs(const char *s, size_t n, const char **col, size_t *clen)
{
    size_t count = 0, start = 0, i;

    for (i = 0; i <= n; i++) {
        if (i < n && s[i] != '\t')
            continue;
        if (count == 4)
            return 5;
        col[count] = s + start;
        clen[count] = i - start;
        count++;
        start = i + 1;
    }
    return count;
}

/* Go's modfile rule for a replacement that is a directory, not a module. */
static int is_directory_path(const char *s)
{
    if (!strcmp(s, ".") || !strcmp(s, "..") || !strncmp(s, "./", 2) || !strncmp(s, "../", 3) || s[0] == '/' ||
        !strncmp(s, ".\\", 2) || !strncmp(s, "..\\", 3) || s[0] == '\\')
        return 1;
    return ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) && s[1] == ':';
}

static enum ck_status module_line(struct text_parse *p, const char *s, size_t n, struct ck_gomodule *m)
{
    const char *col[4];
    size_t clen[4];
    size_t count = split_tabs(s, n, col, clen);

    if (count != 2 && count != 3)
        return bad_line(p, "a module line needs 2 or 3 tab-separated columns (path, version, sum)");
    m->path = ck_text_dupn(col[0], clen[0]);
    m->version = ck_text_dupn(col[1], clen[1]);
    m->sum = count == 3 ? ck_text_dupn(col[2], clen[2]) : ck_text_dupn("", 0);
    if (!m->path || !m->version || !m->sum)
        return nomem(p);
    return CK_OK;
}

static enum ck_status dep_line(struct text_parse *p, const char *s, size_t n)
{
    struct ck_gobuildinfo *t = p->t;
    struct ck_gomodule *m;

    if (t->dep_count == CK_GOBI_MAX_DEPS)
        return ck_err_set(p->err, CK_ERR_LIMIT, "Go build information names more than %u dependencies",
                          CK_GOBI_MAX_DEPS);
    if (t->dep_count == p->dep_cap) {
        size_t cap = p->dep_cap ? p->dep_cap * 2 : 16;
        struct ck_gomodule *d = realloc(t->deps, cap * sizeof *d);
        if (!d)
            return nomem(p);
        t->deps = d;
        p->dep_cap = cap;
    }
    m = &t->deps[t->dep_count++];
    memset(m, 0, sizeof *m);
    p->last = m;
    return module_line(p, s, n, m);
}

static enum ck_status main_line(struct text_parse *p, const char *s, size_t n)
{
    module_release(&p->t->main);
    p->t->has_main = 1;
    p->last = &p->t->main;
    return module_line(p, s, n, &p->t->main);
}

static enum ck_status replace_line(struct text_parse *p, const char *s, size_t n)
{
    struct ck_gomodule *m = p->last;
    const char *col[4];
    size_t clen[4];
    char *path, *version, *sum;

    if (split_tabs(s, n, col, clen) != 3)
        return bad_line(p, "a replacement line needs 3 tab-separated columns (path, version, sum)");
    if (!m)
        return bad_line(p, "a replacement with no module on the line before");
    path = ck_text_dupn(col[0], clen[0]);
    version = ck_text_dupn(col[1], clen[1]);
    sum = ck_text_dupn(col[2], clen[2]);
    if (!path || !version || !sum) {
        free(path);
        free(version);
        free(sum);
        return nomem(p);
    }
    free(m->sum);
    m->orig_path = m->path;
    m->orig_version = m->version;
    m->path = path;
    m->version = version;
    m->sum = sum;
    m->flags = CK_GOMOD_REPLACED | (is_directory_path(path) ? CK_GOMOD_LOCAL : 0u);
    p->last = NULL;
    return CK_OK;
}

/* Go's rule: a key needs quotes when empty or holding any of "= \t\r\n\"`",
 * a value when holding any of " \t\r\n\"`". */
static int needs_quotes(const char *s, size_t n, int key)
{
    size_t i;

    if (key && n == 0)
        return 1;
    for (i = 0; i < n; i++)
        if (strchr(key ? "= \t\r\n\"`" : " \t\r\n\"`", s[i]) && s[i])
            return 1;
    return 0;
}

/* The key or value at s[0..n) (whole: the literal must take all of it)
 * into b, unquoted when quoted; *used is how much was read. */
static const char *setting_part(const char *s, size_t n, int key, struct ck_buf *b, size_t *used)
{
    if (n && (s[0] == '"' || s[0] == '`')) {
        if (!go_unquote_prefix(s, n, b, used))
            return key ? "a build line with an invalid quoted key" : "a build line with an invalid quoted value";
        if (!key && *used != n)
            return "a build line with an invalid quoted value";
    } else {
        *used = key ? (size_t)((const char *)memchr(s, '=', n) - s) : n;
        if (needs_quotes(s, *used, key))
            return key ? "a build line whose key must be quoted" : "a build line whose value must be quoted";
        ck_buf_append(b, s, *used);
    }
    if (b->len && (memchr(b->data, '\0', b->len) || !ck_utf8_valid(b->data, b->len)))
        return "a build line whose quoted text is not valid UTF-8 or holds a NUL";
    return NULL;
}

static enum ck_status build_setting(struct text_parse *p, const char *s, size_t n, struct ck_buf *key,
                                    struct ck_buf *value)
{
    size_t used = 0, vused = 0;
    const char *problem;

    if (n == 0 || s[0] == '=')
        return bad_line(p, n ? "a build line with no key" : "a build line with no '='");
    if (s[0] != '"' && s[0] != '`' && !memchr(s, '=', n))
        return bad_line(p, "a build line with no '=' after the key");
    problem = setting_part(s, n, 1, key, &used);
    if (!problem && (used == n || s[used] != '='))
        problem = "a build line with no '=' after the quoted key";
    if (!problem)
        problem = setting_part(s + used + 1, n - used - 1, 0, value, &vused);
    if (problem)
        return bad_line(p, problem);
    return ck_buf_status(key) == CK_OK && ck_buf_status(value) == CK_OK ? CK_OK : nomem(p);
}

static enum ck_status setting_line(struct text_parse *p, const char *s, size_t n)
{
    struct ck_gobuildinfo *t = p->t;
    struct ck_buf key, value;
    enum ck_status st;

    if (t->setting_count == CK_GOBI_MAX_SETTINGS)
        return ck_err_set(p->err, CK_ERR_LIMIT, "Go build information has more than %u build settings",
                          CK_GOBI_MAX_SETTINGS);
    if (t->setting_count == p->setting_cap) {
        size_t cap = p->setting_cap ? p->setting_cap * 2 : 16;
        struct ck_gosetting *d = realloc(t->settings, cap * sizeof *d);
        if (!d)
            return nomem(p);
        t->settings = d;
        p->setting_cap = cap;
    }
    ck_buf_init(&key);
    ck_buf_init(&value);
    st = build_setting(p, s, n, &key, &value);
    if (st == CK_OK) {
        struct ck_gosetting *g = &t->settings[t->setting_count];
        g->key = ck_buf_take(&key);
        g->value = ck_buf_take(&value);
        if (g->key && g->value)
            t->setting_count++;
        else {
            free(g->key);
            free(g->value);
            st = nomem(p);
        }
    }
    ck_buf_release(&key);
    ck_buf_release(&value);
    return st;
}

static int starts(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);
    return n >= k && !memcmp(s, word, k);
}

static enum ck_status one_line(struct text_parse *p, const char *s, size_t n)
{
    if (starts(s, n, "path\t")) {
        char *path = ck_text_dupn(s + 5, n - 5);
        if (!path)
            return nomem(p);
        free(p->t->path);
        p->t->path = path;
        return CK_OK;
    }
    if (starts(s, n, "mod\t"))
        return main_line(p, s + 4, n - 4);
    if (starts(s, n, "dep\t"))
        return dep_line(p, s + 4, n - 4);
    if (starts(s, n, "=>\t"))
        return replace_line(p, s + 3, n - 3);
    if (starts(s, n, "build\t"))
        return setting_line(p, s + 6, n - 6);
    return CK_OK; /* other lines are not Go's and are skipped, as Go skips them */
}

/* Parses into t (empty on entry); t holds whatever was made, even on failure. */
static enum ck_status parse_text(const char *text, size_t len, struct ck_gobuildinfo *t, struct ck_err *err)
{
    struct text_parse p;
    const char *s = text, *end = text + len;
    enum ck_status st = CK_OK;

    memset(&p, 0, sizeof p);
    p.t = t;
    p.err = err;
    if (len > CK_GOBI_MAX_MODINFO)
        return ck_err_set(err, CK_ERR_LIMIT, "Go module information of %zu bytes (at most %u)", len,
                          CK_GOBI_MAX_MODINFO);
    if (len && !ck_utf8_valid(text, len))
        return ck_err_set(err, CK_ERR_PARSE, "Go module information that is not valid UTF-8 or holds a NUL");
    while (st == CK_OK && s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        if (!nl)
            break; /* an unterminated last line is not read (Go's rule) */
        p.line++;
        st = one_line(&p, s, (size_t)(nl - s));
        s = nl + 1;
    }
    if (st == CK_OK && (!t->path || !t->has_main)) {
        if (!t->path && !(t->path = ck_text_dupn("", 0)))
            st = nomem(&p);
        if (st == CK_OK && !t->has_main) {
            t->main.path = ck_text_dupn("", 0);
            t->main.version = ck_text_dupn("", 0);
            t->main.sum = ck_text_dupn("", 0);
            if (!t->main.path || !t->main.version || !t->main.sum)
                st = nomem(&p);
        }
    }
    return st;
}

enum ck_status ck_gobuildinfo_parse_modinfo(const char *text, size_t len, struct ck_gobuildinfo *out,
                                            struct ck_err *err)
{
    struct ck_gobuildinfo t;
    enum ck_status st;

    if (!out || (!text && len))
        return ck_err_set(err, CK_ERR_ARG, "ck_gobuildinfo_parse_modinfo: no text or no result");
    ck_gobuildinfo_init(&t);
    st = parse_text(text ? text : "", len, &t, err);
    if (st == CK_OK)
        text_move(out, &t);
    ck_gobuildinfo_release(&t);
    return st;
}

/* ---- from the two raw strings ---------------------------------------------- */

enum ck_status ck_gobuildinfo_from_strings(const char *vers, size_t vlen, const char *mod, size_t mlen,
                                           struct ck_gobuildinfo *out, struct ck_err *err)
{
    struct ck_gobuildinfo t;
    char semver[64];
    enum ck_status st;

    if (vlen == 0)
        return ck_err_set(err, CK_ERR_PARSE, "Go build information that names no Go version");
    if (vlen > CK_GOBI_MAX_VERSION)
        return ck_err_set(err, CK_ERR_LIMIT, "a Go version string of %zu bytes (at most %u)", vlen,
                          CK_GOBI_MAX_VERSION);
    if (!ck_utf8_valid(vers, vlen))
        return ck_err_set(err, CK_ERR_PARSE, "a Go version string that is not valid UTF-8 or holds a NUL");
    if (mlen > CK_GOBI_MAX_MODINFO)
        return ck_err_set(err, CK_ERR_LIMIT, "Go module information of %zu bytes (at most %u)", mlen,
                          CK_GOBI_MAX_MODINFO);
    /* Go's rule: 16 bytes of sentinel at each end, the text ending in '\n'
     * before the last; anything else counts as no module information. */
    if (mlen >= 33 && mod[mlen - 17] == '\n') {
        mod += 16;
        mlen -= 32;
    } else {
        mlen = 0;
    }
    ck_gobuildinfo_init(&t);
    st = parse_text(mod, mlen, &t, err);
    if (st == CK_OK && !(t.go_version = ck_text_dupn(vers, vlen)))
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory reading Go build information");
    if (st == CK_OK && ck_gobuildinfo_stdlib_version(t.go_version, semver, sizeof semver) &&
        !(t.stdlib_version = ck_text_dupn(semver, strlen(semver))))
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory reading Go build information");
    if (st == CK_OK) {
        ck_gobuildinfo_release(out);
        *out = t;
        return CK_OK;
    }
    ck_gobuildinfo_release(&t);
    return st;
}
