#include "inventory/lang/cargo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/buf.h"
#include "util/json.h"

int ck_cargo_wants(const char *path)
{
    return path && !strcmp(ck_lang_basename(path), "Cargo.lock");
}

/* ---- Cargo.lock ------------------------------------------------------------ */

enum key { K_NAME, K_VERSION, K_SOURCE, K_COUNT };
static const char *const key_names[K_COUNT] = {"name", "version", "source"};

struct pkg {
    int open;
    uint64_t line;
    struct ck_buf value[K_COUNT];
    int has[K_COUNT];
};

/* Appends the TOML string value at s (basic "..." with escapes, or literal
 * '...') to out; 0 when it is not one string on its own. */
static int toml_string(const char *s, size_t n, struct ck_buf *out)
{
    size_t i = 1;
    char q;

    if (n < 2 || (s[0] != '"' && s[0] != '\''))
        return 0;
    q = s[0];
    for (; i < n && s[i] != q; i++) {
        char c = s[i];
        if (q == '"' && c == '\\') {
            if (++i >= n)
                return 0;
            switch (s[i]) {
            case '"': c = '"'; break;
            case '\\': c = '\\'; break;
            case 't': c = '\t'; break;
            case 'n': c = '\n'; break;
            default: return 0; /* not needed for names, versions and sources */
            }
        }
        ck_buf_putc(out, c);
    }
    if (i >= n)
        return 0;
    i++;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i == n || s[i] == '#';
}

static enum ck_status flush_pkg(struct ck_lang_file *f, struct pkg *p)
{
    enum ck_status st = CK_OK;
    int k;

    if (p->open) {
        const char *source = p->has[K_SOURCE] ? ck_buf_str(&p->value[K_SOURCE]) : NULL;
        unsigned flags = !source || strncmp(source, "registry+", 9) ? CK_LANG_LINK : 0;
        if (!p->has[K_NAME] || !p->has[K_VERSION])
            st = ck_lang_warn(f, p->line, "[[package]] without a %s; entry skipped",
                              !p->has[K_NAME] ? "name" : "version");
        else
            st = ck_lang_add(f, p->line, "[[package]]", ck_buf_str(&p->value[K_NAME]), p->value[K_NAME].len,
                             ck_buf_str(&p->value[K_VERSION]), p->value[K_VERSION].len, source, flags);
    }
    p->open = 0;
    for (k = 0; k < K_COUNT; k++) {
        ck_buf_reset(&p->value[k]);
        p->has[k] = 0;
    }
    return st;
}

static enum ck_status lock_key(struct ck_lang_file *f, struct pkg *p, const char *s, size_t n, uint64_t line)
{
    const char *eq = memchr(s, '=', n), *v;
    size_t kn, vn;
    int k;

    if (!eq)
        return ck_lang_warn(f, line, "not a \"key = value\" line; line ignored");
    kn = (size_t)(eq - s);
    v = eq + 1;
    vn = n - kn - 1;
    while (kn && (s[kn - 1] == ' ' || s[kn - 1] == '\t'))
        kn--;
    ck_lang_trim(&v, &vn);
    for (k = 0; k < K_COUNT; k++) {
        if (!ck_lang_is(s, kn, key_names[k]))
            continue;
        if (p->has[k])
            return ck_lang_warn(f, line, "\"%s\" given twice in one [[package]]; the first one kept", key_names[k]);
        ck_buf_reset(&p->value[k]);
        if (!toml_string(v, vn, &p->value[k]))
            return ck_lang_warn(f, line, "\"%s\" is not a plain string; line ignored", key_names[k]);
        if (ck_buf_status(&p->value[k]))
            return CK_ERR_NOMEM;
        p->has[k] = 1;
    }
    return CK_OK;
}

enum ck_status ck_cargo_parse_lock(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                   struct ck_err *err)
{
    struct ck_lang_file f;
    struct ck_lang_lines lines;
    struct pkg p;
    const char *s;
    size_t n;
    int k, in_array = 0;
    enum ck_status st;

    if ((st = ck_lang_file_begin(&f, out, path, CK_LANG_CRATES, data, len, err)) != CK_OK)
        return st;
    memset(&p, 0, sizeof p);
    for (k = 0; k < K_COUNT; k++)
        ck_buf_init(&p.value[k]);
    ck_lang_lines_init(&lines, data, len);
    while (st == CK_OK && !f.full && ck_lang_lines_next(&lines, &s, &n)) {
        ck_lang_trim(&s, &n);
        if (!n || s[0] == '#')
            continue;
        if (in_array) { /* the rest of a multi-line array: lines of strings up to ']' */
            in_array = s[n - 1] != ']' && !(n >= 2 && s[n - 2] == ']' && s[n - 1] == ',');
            continue;
        }
        if (s[0] == '[') {
            if ((st = flush_pkg(&f, &p)) != CK_OK)
                break;
            if (ck_lang_is(s, n, "[[package]]")) {
                p.open = 1;
                p.line = lines.line_no;
            }
            continue;
        }
        {
            const char *eq = memchr(s, '=', n);
            if (eq && eq + 1 < s + n) {
                const char *v = eq + 1;
                size_t vn = (size_t)(s + n - v);
                ck_lang_trim(&v, &vn);
                if (vn && v[0] == '[' && !memchr(v, ']', vn)) {
                    in_array = 1;
                    continue;
                }
            }
        }
        if (p.open)
            st = lock_key(&f, &p, s, n, lines.line_no);
    }
    if (st == CK_OK)
        st = flush_pkg(&f, &p);
    for (k = 0; k < K_COUNT; k++)
        ck_buf_release(&p.value[k]);
    if (st != CK_OK) {
        ck_lang_file_rollback(&f);
        ck_err_set(err, st, "out of memory reading %s", f.path);
    }
    return st;
}

/* ---- cargo-auditable ------------------------------------------------------- */

enum ck_status ck_cargo_parse_audit_json(const char *path, const void *json, size_t len,
                                         struct ck_lang_result *out, struct ck_err *err)
{
    struct ck_lang_file f;
    cJSON *root = NULL;
    const cJSON *pkgs, *p;
    size_t i = 0;
    enum ck_status st;

    if ((st = ck_lang_file_begin(&f, out, path, CK_LANG_CRATES, json, len, err)) != CK_OK)
        return st;
    if (len > CK_CARGO_AUDIT_MAX)
        return ck_err_set(err, CK_ERR_LIMIT, "%s: the .dep-v0 dependency list is larger than %u bytes", f.path,
                          CK_CARGO_AUDIT_MAX);
    if ((st = ck_lang_json_parse(f.path, json, len, &root, err)) != CK_OK)
        return st;
    pkgs = ck_json_array(root, "packages");
    if (!pkgs)
        st = ck_lang_warn(&f, 0, ".dep-v0 has no \"packages\" array; no packages read");
    cJSON_ArrayForEach(p, pkgs) {
        const char *name = ck_json_str(p, "name"), *version = ck_json_str(p, "version");
        const char *source = ck_json_str(p, "source"), *kind = ck_json_str(p, "kind");
        unsigned flags = 0;
        char entry[48];

        snprintf(entry, sizeof entry, ".dep-v0 packages[%zu]", i++);
        if (kind && !strcmp(kind, "build"))
            flags |= CK_LANG_BUILD;
        if (source && !strcmp(source, "local"))
            flags |= CK_LANG_LINK;
        if (!name || !version)
            st = ck_lang_warn(&f, 0, "%s has no %s; entry skipped", entry, !name ? "name" : "version");
        else
            st = ck_lang_add(&f, 0, entry, name, strlen(name), version, strlen(version), source, flags);
        if (st != CK_OK || f.full)
            break;
    }
    if (st != CK_OK) {
        ck_lang_file_rollback(&f);
        ck_err_set(err, st, "out of memory reading %s", f.path);
    }
    cJSON_Delete(root);
    return st;
}

/* Inflates a zlib stream into out, at most max bytes. */
static enum ck_status inflate_capped(const void *zdata, size_t len, size_t max, struct ck_buf *out)
{
    z_stream z;
    unsigned char chunk[16384];
    int zr = Z_OK;
    enum ck_status st = CK_OK;

    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK)
        return CK_ERR_NOMEM;
    z.next_in = (Bytef *)(uintptr_t)zdata;
    while (zr != Z_STREAM_END) {
        size_t feed = len > 0x40000000u ? 0x40000000u : len;
        if (z.avail_in == 0) {
            if (feed == 0) {
                st = CK_ERR_PARSE; /* truncated */
                break;
            }
            z.avail_in = (uInt)feed;
            len -= feed;
        }
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        zr = inflate(&z, Z_NO_FLUSH);
        if (zr == Z_MEM_ERROR) {
            st = CK_ERR_NOMEM;
            break;
        }
        if (zr != Z_OK && zr != Z_STREAM_END && !(zr == Z_BUF_ERROR && z.avail_in == 0 && len > 0)) {
            st = CK_ERR_PARSE;
            break;
        }
        if (out->len + (sizeof chunk - z.avail_out) > max) {
            st = CK_ERR_LIMIT;
            break;
        }
        if (ck_buf_append(out, chunk, sizeof chunk - z.avail_out) != CK_OK) {
            st = CK_ERR_NOMEM;
            break;
        }
    }
    inflateEnd(&z);
    return st;
}

enum ck_status ck_cargo_parse_audit(const char *path, const void *zdata, size_t len, struct ck_lang_result *out,
                                    struct ck_err *err)
{
    struct ck_buf json;
    enum ck_status st;

    if (!out || (!zdata && len))
        return ck_err_set(err, CK_ERR_ARG, "no result list or no data");
    if (!path)
        path = "(unnamed)";
    if (len > CK_LANG_MAX_INPUT)
        return ck_err_set(err, CK_ERR_LIMIT, "%s: the .dep-v0 section is larger than %u bytes", path,
                          CK_LANG_MAX_INPUT);
    ck_buf_init(&json);
    st = inflate_capped(zdata, len, CK_CARGO_AUDIT_MAX, &json);
    if (st == CK_ERR_LIMIT)
        ck_err_set(err, st, "%s: the .dep-v0 dependency list inflates to more than %u bytes", path,
                   CK_CARGO_AUDIT_MAX);
    else if (st == CK_ERR_PARSE)
        ck_err_set(err, st, "%s: the .dep-v0 section is not a complete zlib stream", path);
    else if (st != CK_OK)
        ck_err_set(err, st, "out of memory inflating the .dep-v0 section of %s", path);
    else
        st = ck_cargo_parse_audit_json(path, json.data ? json.data : "", json.len, out, err);
    ck_buf_release(&json);
    return st;
}
