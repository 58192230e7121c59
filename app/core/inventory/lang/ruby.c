#include "inventory/lang/ruby.h"

#include <string.h>

#include "util/buf.h"

enum ck_ruby_kind ck_ruby_file_kind(const char *path)
{
    const char *base, *p;

    if (!path)
        return CK_RUBY_NONE;
    base = ck_lang_basename(path);
    if (!strcmp(base, "Gemfile.lock"))
        return CK_RUBY_GEMFILE_LOCK;
    if (!ck_lang_ends(base, ".gemspec", 0) || strlen(base) <= 8)
        return CK_RUBY_NONE;
    for (p = path; (p = strstr(p, "specifications/")) != NULL; p += 15)
        if ((p == path || p[-1] == '/') && p + 15 < base + 1)
            return CK_RUBY_GEMSPEC;
    return CK_RUBY_NONE;
}

enum ck_status ck_ruby_parse(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                             struct ck_err *err)
{
    if (path && !strcmp(ck_lang_basename(path), "Gemfile.lock"))
        return ck_ruby_parse_gemfile_lock(path, data, len, out, err);
    return ck_ruby_parse_gemspec(path, data, len, out, err);
}

static int is_ident(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* A Ruby string literal at the start of s: "..", '..', %q{..} %q(..) %q[..]
 * %q<..> (and %Q, %); the contents in *v / *vn. 0 when there is none, or
 * when it is not a plain literal (escapes, interpolation). */
static int literal(const char *s, size_t n, const char **v, size_t *vn)
{
    char close;
    size_t i = 1;

    if (n < 2)
        return 0;
    if (s[0] == '"' || s[0] == '\'') {
        close = s[0];
    } else if (s[0] == '%') {
        if (i < n && (s[i] == 'q' || s[i] == 'Q'))
            i++;
        if (i >= n)
            return 0;
        switch (s[i]) {
        case '{': close = '}'; break;
        case '(': close = ')'; break;
        case '[': close = ']'; break;
        case '<': close = '>'; break;
        default: return 0;
        }
        i++;
    } else {
        return 0;
    }
    *v = s + i;
    for (; i < n && s[i] != close; i++)
        if (s[i] == '\\' || (s[i] == '#' && i + 1 < n && s[i + 1] == '{'))
            return 0;
    if (i >= n)
        return 0;
    *vn = (size_t)(s + i - *v);
    return 1;
}

/* `<var>.<attr> = <literal>`: 1 and the literal; 2 when the line assigns
 * attr something else; 0 when it is not such a line. */
static int assignment(const char *s, size_t n, const char *attr, const char **v, size_t *vn)
{
    size_t i = 0, k = strlen(attr);

    ck_lang_trim(&s, &n);
    while (i < n && is_ident(s[i]))
        i++;
    if (i == 0 || i >= n || s[i] != '.')
        return 0;
    i++;
    if (n - i < k || memcmp(s + i, attr, k) || (i + k < n && is_ident(s[i + k])))
        return 0;
    i += k;
    while (i < n && s[i] == ' ')
        i++;
    if (i >= n || s[i] != '=' || (i + 1 < n && s[i + 1] == '='))
        return 0;
    i++;
    while (i < n && s[i] == ' ')
        i++;
    return literal(s + i, n - i, v, vn) ? 1 : 2;
}

struct gemspec {
    struct ck_buf name, version, stub_name, stub_version, platform;
    int has_name, has_version, has_stub, is_spec, version_not_literal;
    uint64_t line;
};

/* "# stub: NAME VERSION PLATFORM PATHS" (PATHS joined with NUL bytes). */
static enum ck_status stub_line(struct gemspec *g, const char *s, size_t n)
{
    const char *tok[3];
    size_t tn[3], i = 0;
    int t;

    s += 8;
    n -= 8;
    for (t = 0; t < 3; t++) {
        while (i < n && s[i] == ' ')
            i++;
        tok[t] = s + i;
        while (i < n && s[i] != ' ' && s[i] != '\0')
            i++;
        tn[t] = (size_t)(s + i - tok[t]);
    }
    if (!tn[0] || !tn[1])
        return CK_OK;
    g->has_stub = 1;
    ck_buf_append(&g->stub_name, tok[0], tn[0]);
    ck_buf_append(&g->stub_version, tok[1], tn[1]);
    if (tn[2] && !ck_lang_is(tok[2], tn[2], "ruby"))
        ck_buf_append(&g->platform, tok[2], tn[2]);
    return CK_OK;
}

static void gemspec_line(struct gemspec *g, const char *s, size_t n, uint64_t line_no)
{
    const char *v;
    size_t vn;
    int r;

    if (ck_lang_starts(s, n, "# stub: ") && !g->has_stub) {
        stub_line(g, s, n);
        return;
    }
    if (!g->is_spec && n >= 22 && memchr(s, 'G', n)) {
        size_t i;
        for (i = 0; i + 22 <= n; i++)
            if (!memcmp(s + i, "Gem::Specification.new", 22))
                g->is_spec = 1;
    }
    if (!g->has_name && (r = assignment(s, n, "name", &v, &vn)) == 1) {
        g->has_name = 1;
        g->line = line_no;
        ck_buf_append(&g->name, v, vn);
    } else if (!g->has_version && (r = assignment(s, n, "version", &v, &vn)) != 0) {
        if (r == 1) {
            g->has_version = 1;
            ck_buf_append(&g->version, v, vn);
        } else {
            g->version_not_literal = 1;
        }
    }
}

enum ck_status ck_ruby_parse_gemspec(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                     struct ck_err *err)
{
    struct ck_lang_file f;
    struct ck_lang_lines lines;
    struct gemspec g;
    struct ck_buf *name, *version;
    const char *s;
    size_t n;
    enum ck_status st;

    if ((st = ck_lang_file_begin(&f, out, path, CK_LANG_RUBYGEMS, data, len, err)) != CK_OK)
        return st;
    memset(&g, 0, sizeof g);
    ck_buf_init(&g.name);
    ck_buf_init(&g.version);
    ck_buf_init(&g.stub_name);
    ck_buf_init(&g.stub_version);
    ck_buf_init(&g.platform);
    ck_lang_lines_init(&lines, data, len);
    while (ck_lang_lines_next(&lines, &s, &n))
        gemspec_line(&g, s, n, lines.line_no);
    name = g.has_name ? &g.name : &g.stub_name;
    version = g.has_version ? &g.version : &g.stub_version;
    if ((st = ck_buf_status(&g.name)) || (st = ck_buf_status(&g.version)) || (st = ck_buf_status(&g.stub_name)) ||
        (st = ck_buf_status(&g.stub_version)) || (st = ck_buf_status(&g.platform)))
        goto cleanup;
    if (!g.has_stub && !g.is_spec)
        st = len ? ck_lang_warn(&f, 0, "neither a \"# stub:\" line nor Gem::Specification.new; not a gem specification")
                 : CK_OK;
    else if (!name->len)
        st = ck_lang_warn(&f, 0, "no literal gem name; no package read");
    else if (!version->len)
        st = ck_lang_warn(&f, 0, "%s; no package read",
                          g.version_not_literal ? "the version is not a literal (not evaluated)" : "no version");
    else
        st = ck_lang_add(&f, g.has_name ? g.line : 1, "gemspec", ck_buf_str(name), name->len, ck_buf_str(version),
                         version->len, g.platform.len ? ck_buf_str(&g.platform) : NULL, 0);
cleanup:
    ck_buf_release(&g.name);
    ck_buf_release(&g.version);
    ck_buf_release(&g.stub_name);
    ck_buf_release(&g.stub_version);
    ck_buf_release(&g.platform);
    if (st != CK_OK) {
        ck_lang_file_rollback(&f);
        ck_err_set(err, st, "out of memory reading %s", f.path);
    }
    return st;
}

/* ---- Gemfile.lock -------------------------------------------------------- */

/* "    name (version[-platform])" */
static enum ck_status lock_entry(struct ck_lang_file *f, const char *s, size_t n, uint64_t line, unsigned flags)
{
    const char *open = memchr(s, '(', n), *v, *dash;
    size_t nn, vn;
    char platform[CK_LANG_MAX_FIELD + 1];

    if (!open || s[n - 1] != ')' || open == s || open[-1] != ' ')
        return ck_lang_warn(f, line, "not a \"name (version)\" entry; entry skipped");
    nn = (size_t)(open - 1 - s);
    v = open + 1;
    vn = (size_t)(s + n - 1 - v);
    dash = memchr(v, '-', vn);
    platform[0] = '\0';
    if (dash) {
        size_t pn = (size_t)(v + vn - dash - 1);
        if (pn <= CK_LANG_MAX_FIELD) {
            memcpy(platform, dash + 1, pn);
            platform[pn] = '\0';
        }
        vn = (size_t)(dash - v);
    }
    return ck_lang_add(f, line, NULL, s, nn, v, vn, platform[0] ? platform : NULL, flags);
}

enum ck_status ck_ruby_parse_gemfile_lock(const char *path, const void *data, size_t len,
                                          struct ck_lang_result *out, struct ck_err *err)
{
    struct ck_lang_file f;
    struct ck_lang_lines lines;
    const char *s;
    size_t n;
    int source = 0, in_specs = 0; /* inside a source section / its specs: */
    unsigned flags = 0;
    enum ck_status st;

    if ((st = ck_lang_file_begin(&f, out, path, CK_LANG_RUBYGEMS, data, len, err)) != CK_OK)
        return st;
    ck_lang_lines_init(&lines, data, len);
    while (st == CK_OK && !f.full && ck_lang_lines_next(&lines, &s, &n)) {
        size_t ind = ck_lang_indent(s, n);
        if (ind == n)
            continue;
        if (ind == 0) {
            source = ck_lang_is(s, n, "GEM") || ck_lang_is(s, n, "GIT") || ck_lang_is(s, n, "PATH") ||
                     ck_lang_is(s, n, "PLUGIN SOURCE");
            flags = ck_lang_is(s, n, "GIT") || ck_lang_is(s, n, "PATH") ? CK_LANG_LINK : 0;
            in_specs = 0;
        } else if (source && ind == 2) {
            in_specs = ck_lang_is(s + 2, n - 2, "specs:");
        } else if (in_specs && ind == 4 && s[4] != '\t') {
            size_t m = n - 4;
            const char *e = s + 4;
            ck_lang_trim(&e, &m);
            st = lock_entry(&f, e, m, lines.line_no, flags);
        }
    }
    if (st != CK_OK) {
        ck_lang_file_rollback(&f);
        ck_err_set(err, st, "out of memory reading %s", f.path);
    }
    return st;
}
