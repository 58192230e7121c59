#include "inventory/lang/java.h"

#include <string.h>

#include "util/buf.h"

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int same_nocase(const char *a, size_t n, const char *b)
{
    size_t i;
    if (strlen(b) != n)
        return 0;
    for (i = 0; i < n; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
            return 0;
    return 1;
}

enum ck_java_kind ck_java_file_kind(const char *path)
{
    const char *p, *seg[4];
    int i;

    if (!path)
        return CK_JAVA_NONE;
    while (*path == '/')
        path++;
    if (same_nocase(path, strlen(path), "META-INF/MANIFEST.MF"))
        return CK_JAVA_MANIFEST;
    if (strncmp(path, "META-INF/maven/", 15))
        return CK_JAVA_NONE;
    p = path + 15;
    for (i = 0; i < 3; i++) { /* <g>/ <a>/ pom.properties */
        seg[i] = p;
        p = strchr(p, '/');
        if (i < 2 && (!p || p == seg[i]))
            return CK_JAVA_NONE;
        if (i < 2)
            p++;
    }
    return !p && !strcmp(seg[2], "pom.properties") ? CK_JAVA_POM_PROPERTIES : CK_JAVA_NONE;
}

/* ---- pom.properties ---------------------------------------------------------- */

enum prop { P_GROUP, P_ARTIFACT, P_VERSION, P_COUNT };
static const char *const prop_names[P_COUNT] = {"groupId", "artifactId", "version"};

/* Appends code point cp as UTF-8 (a lone surrogate as its bytes, which
 * the name check then refuses). */
static void put_utf8(struct ck_buf *b, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    ck_buf_append(b, u, n);
}

static int hex4(const char *s, size_t n, unsigned *out)
{
    size_t i;
    unsigned v = 0;
    if (n < 4)
        return 0;
    for (i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (lower((unsigned char)c) >= 'a' && lower((unsigned char)c) <= 'f') v |= (unsigned)(lower((unsigned char)c) - 'a' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}

/* Decodes the escapes of s[0..n) onto out; *bad set for a broken \u. */
static void unescape(const char *s, size_t n, struct ck_buf *out, int *bad)
{
    size_t i;
    for (i = 0; i < n; i++) {
        char c = s[i];
        unsigned cp, lo;
        if (c != '\\' || i + 1 >= n) {
            ck_buf_putc(out, c);
            continue;
        }
        c = s[++i];
        switch (c) {
        case 't': ck_buf_putc(out, '\t'); break;
        case 'n': ck_buf_putc(out, '\n'); break;
        case 'r': ck_buf_putc(out, '\r'); break;
        case 'f': ck_buf_putc(out, '\f'); break;
        case 'u':
            if (!hex4(s + i + 1, n - i - 1, &cp)) {
                *bad = 1;
                break;
            }
            i += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < n + 0 && s[i + 1] == '\\' && s[i + 2] == 'u' &&
                hex4(s + i + 3, n - i - 3, &lo) && lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            }
            put_utf8(out, cp);
            break;
        default: ck_buf_putc(out, c); break;
        }
    }
}

/* One logical line (continuations joined): when its key is one of ours,
 * its value goes to value[key] (the last one counts). */
static enum ck_status property(struct ck_buf value[P_COUNT], int has[P_COUNT], const char *s, size_t n, int *bad)
{
    size_t i, kend;
    struct ck_buf key;
    int p, which = -1;
    enum ck_status st;

    for (i = 0; i < n; i++) {
        if (s[i] == '\\') {
            i++;
            continue;
        }
        if (s[i] == '=' || s[i] == ':' || s[i] == ' ' || s[i] == '\t' || s[i] == '\f')
            break;
    }
    kend = i > n ? n : i;
    ck_buf_init(&key);
    unescape(s, kend, &key, bad);
    for (p = 0; p < P_COUNT; p++)
        if (ck_lang_is(ck_buf_str(&key), key.len, prop_names[p]))
            which = p;
    st = ck_buf_status(&key);
    ck_buf_release(&key);
    if (st != CK_OK || which < 0)
        return st;
    i = kend;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f'))
        i++;
    if (i < n && (s[i] == '=' || s[i] == ':'))
        i++;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f'))
        i++;
    while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t') && !(n - i >= 2 && s[n - 2] == '\\'))
        n--;
    ck_buf_reset(&value[which]);
    unescape(s + i, n - i, &value[which], bad);
    has[which] = 1;
    return ck_buf_status(&value[which]);
}

/* 1 when the line ends in an odd number of backslashes. */
static int continues(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n && s[n - 1 - k] == '\\')
        k++;
    return k & 1;
}

static enum ck_status pom_package(struct ck_lang_file *f, struct ck_buf value[P_COUNT], const int has[P_COUNT])
{
    struct ck_buf name;
    enum ck_status st;
    int p;

    for (p = 0; p < P_COUNT; p++)
        if (!has[p] || !value[p].len)
            return ck_lang_warn(f, 0, "no %s; no package read", prop_names[p]);
    ck_buf_init(&name);
    ck_buf_printf(&name, "%s:%s", ck_buf_str(&value[P_GROUP]), ck_buf_str(&value[P_ARTIFACT]));
    if ((st = ck_buf_status(&name)) == CK_OK)
        st = ck_lang_add(f, 0, "pom.properties", name.data, name.len, ck_buf_str(&value[P_VERSION]),
                         value[P_VERSION].len, NULL, 0);
    ck_buf_release(&name);
    return st;
}

enum ck_status ck_java_parse_pom_properties(const char *path, const void *data, size_t len,
                                            struct ck_lang_result *out, struct ck_err *err)
{
    struct ck_lang_file f;
    struct ck_lang_lines lines;
    struct ck_buf logical, value[P_COUNT];
    int has[P_COUNT] = {0, 0, 0}, p, bad = 0, open = 0;
    uint64_t start = 0;
    const char *s;
    size_t n;
    enum ck_status st;

    if ((st = ck_lang_file_begin(&f, out, path, CK_LANG_MAVEN, data, len, err)) != CK_OK)
        return st;
    ck_buf_init(&logical);
    for (p = 0; p < P_COUNT; p++)
        ck_buf_init(&value[p]);
    ck_lang_lines_init(&lines, data, len);
    while (st == CK_OK && ck_lang_lines_next(&lines, &s, &n)) {
        size_t ind = ck_lang_indent(s, n);
        if (!open) {
            if (ind == n || s[ind] == '#' || s[ind] == '!')
                continue;
            open = 1;
            start = lines.line_no;
        }
        s += ind;
        n -= ind;
        if (continues(s, n)) {
            st = ck_buf_append(&logical, s, n - 1);
            if (logical.len > 65536) {
                st = ck_lang_warn(&f, start, "a property longer than 64 KiB; the rest of the file not read");
                open = 0;
                ck_buf_reset(&logical);
                break;
            }
            continue;
        }
        if ((st = ck_buf_append(&logical, s, n)) == CK_OK)
            st = property(value, has, logical.data, logical.len, &bad);
        if (st == CK_OK && bad) {
            st = ck_lang_warn(&f, start, "a malformed \\u escape");
            bad = 0;
        }
        ck_buf_reset(&logical);
        open = 0;
    }
    if (st == CK_OK && open) /* a continuation at the end of the file */
        st = property(value, has, logical.data ? logical.data : "", logical.len, &bad);
    if (st == CK_OK)
        st = pom_package(&f, value, has);
    ck_buf_release(&logical);
    for (p = 0; p < P_COUNT; p++)
        ck_buf_release(&value[p]);
    if (st != CK_OK) {
        ck_lang_file_rollback(&f);
        ck_err_set(err, st, "out of memory reading %s", f.path);
    }
    return st;
}

/* ---- MANIFEST.MF ------------------------------------------------------------- */

enum attr { A_BSN, A_BVERSION, A_ITITLE, A_IVERSION, A_IVENDORID, A_COUNT };
static const char *const attr_names[A_COUNT] = {"Bundle-SymbolicName", "Bundle-Version", "Implementation-Title",
                                                "Implementation-Version", "Implementation-Vendor-Id"};

/* 1 when the n bytes at s can be a groupId or artifactId. */
static int maven_id(const char *s, size_t n)
{
    size_t i;
    if (!n)
        return 0;
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
              c == '_'))
            return 0;
    }
    return 1;
}

static void cut_at(const char *s, size_t *n, char c)
{
    const char *p = memchr(s, c, *n);
    if (p)
        *n = (size_t)(p - s);
}

/* The rule in java.h, over the main section's values. */
static enum ck_status manifest_package(struct ck_lang_file *f, struct ck_buf a[A_COUNT])
{
    const char *g = NULL, *art = NULL, *v = NULL;
    size_t gn = 0, an = 0, vn = 0;
    struct ck_buf name;
    enum ck_status st;

    if (a[A_BSN].len) {
        const char *bsn = a[A_BSN].data, *dot;
        size_t bn = a[A_BSN].len;
        cut_at(bsn, &bn, ';');
        ck_lang_trim(&bsn, &bn);
        for (dot = bsn + bn; dot > bsn && dot[-1] != '.'; dot--)
            ;
        if (dot > bsn + 1 && dot < bsn + bn && maven_id(bsn, bn)) {
            g = bsn;
            gn = (size_t)(dot - 1 - bsn);
            art = dot;
            an = (size_t)(bsn + bn - dot);
            v = a[A_BVERSION].len ? a[A_BVERSION].data : a[A_IVERSION].data;
            vn = a[A_BVERSION].len ? a[A_BVERSION].len : a[A_IVERSION].len;
        }
    }
    if (!vn && maven_id(a[A_IVENDORID].data, a[A_IVENDORID].len) && maven_id(a[A_ITITLE].data, a[A_ITITLE].len)) {
        g = a[A_IVENDORID].data;
        gn = a[A_IVENDORID].len;
        art = a[A_ITITLE].data;
        an = a[A_ITITLE].len;
        v = a[A_IVERSION].data;
        vn = a[A_IVERSION].len;
    }
    if (!v || !vn)
        return CK_OK;
    ck_lang_trim(&v, &vn);
    cut_at(v, &vn, ' ');
    ck_buf_init(&name);
    ck_buf_append(&name, g, gn);
    ck_buf_putc(&name, ':');
    ck_buf_append(&name, art, an);
    if ((st = ck_buf_status(&name)) == CK_OK)
        st = ck_lang_add(f, 0, "MANIFEST.MF", name.data, name.len, v, vn, NULL, 0);
    ck_buf_release(&name);
    return st;
}

enum ck_status ck_java_parse_manifest(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                      struct ck_err *err)
{
    struct ck_lang_file f;
    struct ck_lang_lines lines;
    struct ck_buf a[A_COUNT];
    int i, current = -1;
    const char *s;
    size_t n;
    enum ck_status st;

    if ((st = ck_lang_file_begin(&f, out, path, CK_LANG_MAVEN, data, len, err)) != CK_OK)
        return st;
    for (i = 0; i < A_COUNT; i++)
        ck_buf_init(&a[i]);
    ck_lang_lines_init(&lines, data, len);
    while (st == CK_OK && ck_lang_lines_next(&lines, &s, &n) && n) {
        const char *colon;
        if (s[0] == ' ') { /* continues the attribute before */
            if (current >= 0)
                st = ck_buf_append(&a[current], s + 1, n - 1);
            if (current >= 0 && a[current].len > 65536)
                st = ck_lang_warn(&f, lines.line_no, "an attribute longer than 64 KiB; the rest not read");
            if (current >= 0 && a[current].len > 65536)
                break;
            continue;
        }
        current = -1;
        colon = memchr(s, ':', n);
        if (!colon || colon == s) {
            st = ck_lang_warn(&f, lines.line_no, "not a \"Name: value\" attribute; line ignored");
            continue;
        }
        for (i = 0; i < A_COUNT; i++) {
            size_t vn = n - (size_t)(colon + 1 - s);
            const char *v = colon + 1;
            if (!same_nocase(s, (size_t)(colon - s), attr_names[i]))
                continue;
            if (vn && v[0] == ' ') {
                v++;
                vn--;
            }
            ck_buf_reset(&a[i]);
            st = ck_buf_append(&a[i], v, vn);
            current = i;
        }
    }
    for (i = 0; st == CK_OK && i < A_COUNT; i++)
        st = ck_buf_status(&a[i]);
    if (st == CK_OK)
        st = manifest_package(&f, a);
    for (i = 0; i < A_COUNT; i++)
        ck_buf_release(&a[i]);
    if (st != CK_OK) {
        ck_lang_file_rollback(&f);
        ck_err_set(err, st, "out of memory reading %s", f.path);
    }
    return st;
}
