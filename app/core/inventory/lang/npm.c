#include "inventory/lang/npm.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/json.h"

#define V1_MAX_DEPTH 200 /* nesting of a lockfileVersion 1 "dependencies" tree */

/* ---- which files -------------------------------------------------------- */

/* The start of the text after the last "node_modules/" segment of path,
 * NULL when there is none. */
static const char *after_node_modules(const char *path)
{
    const char *hit = NULL, *p = path;
    while ((p = strstr(p, "node_modules/")) != NULL) {
        if (p == path || p[-1] == '/')
            hit = p + 13;
        p += 13;
    }
    return hit;
}

/* 1 when rest is "<name>/package.json" or "@scope/<name>/package.json". */
static int is_root_manifest(const char *rest)
{
    const char *slash = strchr(rest, '/');

    if (!slash || slash == rest || rest[0] == '.')
        return 0;
    if (rest[0] == '@') {
        if (slash == rest + 1)
            return 0;
        rest = slash + 1;
        slash = strchr(rest, '/');
        if (!slash || slash == rest || rest[0] == '.')
            return 0;
    }
    return !strcmp(slash + 1, "package.json");
}

static const char *skip_root(const char *path)
{
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    while (*path == '/')
        path++;
    return path;
}

static int in_os_folder(const char *path)
{
    path = skip_root(path);
    return ck_lang_starts(path, strlen(path), "usr/share/nodejs/") && is_root_manifest(path + 17);
}

enum ck_npm_kind ck_npm_file_kind(const char *path)
{
    const char *base, *rest;

    if (!path)
        return CK_NPM_NONE;
    base = ck_lang_basename(path);
    rest = after_node_modules(path);
    if (!strcmp(base, "package.json"))
        return (rest && is_root_manifest(rest)) || in_os_folder(path) ? CK_NPM_PACKAGE_JSON : CK_NPM_NONE;
    if (!strcmp(base, ".package-lock.json"))
        return rest && rest == base ? CK_NPM_LOCK : CK_NPM_NONE;
    if (rest)
        return CK_NPM_NONE; /* lock files inside installed packages are theirs, not the image's */
    if (!strcmp(base, "package-lock.json") || !strcmp(base, "npm-shrinkwrap.json"))
        return CK_NPM_LOCK;
    if (!strcmp(base, "yarn.lock"))
        return CK_NPM_YARN_LOCK;
    if (!strcmp(base, "pnpm-lock.yaml"))
        return CK_NPM_PNPM_LOCK;
    return CK_NPM_NONE;
}

enum ck_status ck_npm_parse(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                            struct ck_err *err)
{
    const char *base = path ? ck_lang_basename(path) : "";

    if (!strcmp(base, "package-lock.json") || !strcmp(base, "npm-shrinkwrap.json") ||
        !strcmp(base, ".package-lock.json"))
        return ck_npm_parse_package_lock(path, data, len, out, err);
    if (!strcmp(base, "yarn.lock"))
        return ck_npm_parse_yarn_lock(path, data, len, out, err);
    if (!strcmp(base, "pnpm-lock.yaml"))
        return ck_npm_parse_pnpm_lock(path, data, len, out, err);
    return ck_npm_parse_package_json(path, data, len, out, err);
}

/* The length of the name in "name@spec" ("@scope/name@spec" included): the
 * position of the first '@' after the first byte; n when there is none. */
static size_t name_part(const char *s, size_t n)
{
    size_t i;
    for (i = 1; i < n; i++)
        if (s[i] == '@')
            return i;
    return n;
}

/* 1 when the n bytes at s can be an npm package name as far as its shape
 * goes: "name" or "@scope/name", no blanks or backslashes. */
static int npm_name_ok(const char *s, size_t n)
{
    const char *slash = memchr(s, '/', n);
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] == ' ' || s[i] == '\\' || s[i] == '\t')
            return 0;
    if (!slash)
        return 1;
    return s[0] == '@' && slash > s + 1 && slash + 1 < s + n && !memchr(slash + 1, '/', (size_t)(s + n - slash - 1));
}

static enum ck_status npm_add(struct ck_lang_file *f, uint64_t line, const char *entry, const char *name, size_t nlen,
                              const char *version, size_t vlen, const char *detail, unsigned flags)
{
    if (!ck_lang_field_problem(name, nlen) && !npm_name_ok(name, nlen))
        return ck_lang_warn(f, line, "%s: \"%.*s\" is not an npm package name; entry skipped", entry ? entry : "entry",
                            (int)(nlen > 200 ? 200 : nlen), name);
    return ck_lang_add(f, line, entry, name, nlen, version, vlen, detail, flags);
}

static enum ck_status add_str(struct ck_lang_file *f, uint64_t line, const char *entry, const char *name,
                              const char *version, const char *detail, unsigned flags)
{
    return npm_add(f, line, entry, name, strlen(name), version, strlen(version), detail, flags);
}

/* ---- package.json ------------------------------------------------------- */

enum ck_status ck_npm_parse_package_json(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                         struct ck_err *err)
{
    struct ck_lang_file f;
    cJSON *root = NULL;
    const char *name, *version;
    const cJSON *engines;
    enum ck_status st;

    if ((st = ck_lang_file_begin(&f, out, path, CK_LANG_NPM, data, len, err)) != CK_OK)
        return st;
    if ((st = ck_lang_json_parse(f.path, data, len, &root, err)) != CK_OK)
        return st;
    name = ck_json_str(root, "name");
    version = ck_json_str(root, "version");
    engines = ck_json_get(root, "engines");
    /* a manifest without a name or version is not a published package; VS
     * Code extensions and Unity packages share the file name, not the registry */
    if (!name || !version || ck_json_get(engines, "vscode") || ck_json_get(root, "unity"))
        goto cleanup;
    st = add_str(&f, 0, "package.json", name, version, NULL, in_os_folder(f.path) ? CK_LANG_OS_PATH : 0);
    if (st != CK_OK) {
        ck_lang_file_rollback(&f);
        ck_err_set(err, st, "out of memory reading %s", f.path);
    }
cleanup:
    cJSON_Delete(root);
    return st;
}

/* ---- package-lock.json ---------------------------------------------------- */

static int is_true(const cJSON *obj, const char *key)
{
    return cJSON_IsTrue(ck_json_get(obj, key));
}

static unsigned lock_flags(const cJSON *e)
{
    unsigned fl = 0;
    if (is_true(e, "dev"))
        fl |= CK_LANG_DEV;
    if (is_true(e, "optional"))
        fl |= CK_LANG_OPTIONAL;
    if (is_true(e, "devOptional"))
        fl |= CK_LANG_DEV | CK_LANG_OPTIONAL;
    if (is_true(e, "peer"))
        fl |= CK_LANG_PEER;
    return fl;
}

/* lockfileVersion 2 and 3: "packages" keyed by install path. */
static enum ck_status lock_packages(struct ck_lang_file *f, const cJSON *packages)
{
    const cJSON *e;
    enum ck_status st = CK_OK;

    cJSON_ArrayForEach(e, packages) {
        const char *key = e->string, *name, *version = ck_json_str(e, "version");
        const char *last = after_node_modules(key);
        unsigned fl = lock_flags(e);

        if (!*key)
            continue; /* the project itself */
        if (!cJSON_IsObject(e)) {
            st = ck_lang_warn(f, 0, "packages[\"%.200s\"] is not an object; entry skipped", key);
        } else if (is_true(e, "link")) {
            continue; /* points at a folder entry, which is read as itself */
        } else if (!last) {
            /* a workspace or local folder: a package of the project's own */
            name = ck_json_str(e, "name");
            if (!name) {
                name = ck_lang_basename(key);
            }
            if (!version)
                continue;
            st = add_str(f, 0, key, name, version, key, fl | CK_LANG_LINK);
        } else if (!version) {
            st = ck_lang_warn(f, 0, "packages[\"%.200s\"] has no version; entry skipped", key);
        } else {
            name = ck_json_str(e, "name"); /* an alias installs another package under this path */
            st = add_str(f, 0, key, name ? name : last, version, key, fl);
        }
        if (st != CK_OK || f->full)
            break;
    }
    return st;
}

/* lockfileVersion 1: "dependencies" {name: {version, dev, dependencies}}. */
static enum ck_status lock_v1(struct ck_lang_file *f, const cJSON *deps, const char *parent, int depth)
{
    const cJSON *e;
    enum ck_status st = CK_OK;
    struct ck_buf where;

    if (depth > V1_MAX_DEPTH)
        return ck_lang_warn(f, 0, "%s: dependencies nested more than %d deep; not read", parent, V1_MAX_DEPTH);
    ck_buf_init(&where);
    cJSON_ArrayForEach(e, deps) {
        const char *name = e->string, *version = ck_json_str(e, "version");
        unsigned fl = lock_flags(e);

        ck_buf_reset(&where);
        ck_buf_printf(&where, "%s%snode_modules/%s", parent, *parent ? "/" : "", name);
        if ((st = ck_buf_status(&where)) != CK_OK)
            break;
        if (!cJSON_IsObject(e)) {
            st = ck_lang_warn(f, 0, "dependencies \"%.200s\" is not an object; entry skipped", name);
        } else if (!version) {
            st = ck_lang_warn(f, 0, "dependencies \"%.200s\" has no version; entry skipped", name);
        } else if (ck_lang_starts(version, strlen(version), "npm:")) {
            /* "npm:real-name@1.2.3": an alias */
            const char *spec = version + 4;
            size_t n = name_part(spec, strlen(spec));
            if (spec[n] != '@')
                st = ck_lang_warn(f, 0, "dependencies \"%.200s\": alias \"%.200s\" has no version; entry skipped",
                                  name, version);
            else
                st = npm_add(f, 0, where.data, spec, n, spec + n + 1, strlen(spec + n + 1), where.data, fl);
        } else {
            if (ck_lang_starts(version, strlen(version), "file:"))
                fl |= CK_LANG_LINK;
            st = add_str(f, 0, where.data, name, version, where.data, fl);
        }
        if (st == CK_OK && !f->full && cJSON_IsObject(ck_json_get(e, "dependencies")))
            st = lock_v1(f, ck_json_get(e, "dependencies"), where.data, depth + 1);
        if (st != CK_OK || f->full)
            break;
    }
    ck_buf_release(&where);
    return st;
}

enum ck_status ck_npm_parse_package_lock(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                         struct ck_err *err)
{
    struct ck_lang_file f;
    cJSON *root = NULL;
    const cJSON *packages, *deps;
    double version;
    enum ck_status st;

    if ((st = ck_lang_file_begin(&f, out, path, CK_LANG_NPM, data, len, err)) != CK_OK)
        return st;
    if ((st = ck_lang_json_parse(f.path, data, len, &root, err)) != CK_OK)
        return st;
    version = ck_json_num(root, "lockfileVersion", 1);
    packages = ck_json_get(root, "packages");
    deps = ck_json_get(root, "dependencies");
    if (version >= 2 && cJSON_IsObject(packages))
        st = lock_packages(&f, packages);
    else if (cJSON_IsObject(deps))
        st = lock_v1(&f, deps, "", 0);
    else if (cJSON_IsObject(root))
        st = ck_lang_warn(&f, 0, "neither \"packages\" nor \"dependencies\" found; no packages read");
    else
        st = ck_lang_warn(&f, 0, "not a lock file (the document is not an object)");
    if (st != CK_OK) {
        ck_lang_file_rollback(&f);
        ck_err_set(err, st, "out of memory reading %s", f.path);
    }
    cJSON_Delete(root);
    return st;
}

/* ---- line-oriented helpers for yarn.lock and pnpm-lock.yaml --------------- */

/* Removes one pair of surrounding double or single quotes. */
static void unquote(const char **s, size_t *n)
{
    if (*n >= 2 && (**s == '"' || **s == '\'') && (*s)[*n - 1] == **s) {
        (*s)++;
        *n -= 2;
    }
}

/* The value after "key" and a ':' or a space, trimmed and unquoted; 0 when
 * the line does not hold that key. */
static int key_value(const char *s, size_t n, const char *key, const char **v, size_t *vn)
{
    size_t k = strlen(key);

    if (n <= k || memcmp(s, key, k) || (s[k] != ':' && s[k] != ' '))
        return 0;
    s += k + 1;
    n -= k + 1;
    ck_lang_trim(&s, &n);
    unquote(&s, &n);
    *v = s;
    *vn = n;
    return 1;
}

struct entry {
    uint64_t line;
    struct ck_buf name, version, protocol;
    int open;
    int root; /* Berry's "name@workspace:.": the project itself */
    unsigned flags;
};

static void entry_init(struct entry *e)
{
    memset(e, 0, sizeof *e);
    ck_buf_init(&e->name);
    ck_buf_init(&e->version);
    ck_buf_init(&e->protocol);
}

static void entry_reset(struct entry *e, uint64_t line)
{
    ck_buf_reset(&e->name);
    ck_buf_reset(&e->version);
    ck_buf_reset(&e->protocol);
    e->line = line;
    e->open = 0;
    e->root = 0;
    e->flags = 0;
}

static void entry_release(struct entry *e)
{
    ck_buf_release(&e->name);
    ck_buf_release(&e->version);
    ck_buf_release(&e->protocol);
}

static enum ck_status set_buf(struct ck_buf *b, const char *s, size_t n)
{
    ck_buf_reset(b);
    return ck_buf_append(b, s, n);
}

/* ---- yarn.lock ------------------------------------------------------------- */

static int is_local_protocol(const char *p, size_t n)
{
    return ck_lang_is(p, n, "workspace") || ck_lang_is(p, n, "link") || ck_lang_is(p, n, "portal") ||
           ck_lang_is(p, n, "file");
}

static enum ck_status yarn_flush(struct ck_lang_file *f, struct entry *e)
{
    enum ck_status st = CK_OK;

    if (!e->open)
        return CK_OK;
    if (e->root || ck_lang_is(ck_buf_str(&e->name), e->name.len, "__metadata"))
        ;
    else if (!e->version.len)
        st = ck_lang_warn(f, e->line, "entry \"%.200s\" has no version; entry skipped", ck_buf_str(&e->name));
    else
        st = npm_add(f, e->line, NULL, ck_buf_str(&e->name), e->name.len, ck_buf_str(&e->version), e->version.len,
                     NULL, e->flags);
    entry_reset(e, 0);
    return st;
}

/* "name@range", "name@npm:real@range" (v1 alias), "name@workspace:." -> the
 * name (the real one for an alias) and whether it is a local package. */
static enum ck_status yarn_spec(struct entry *e, const char *s, size_t n)
{
    size_t at = name_part(s, n), pn;
    const char *spec = s + at + 1, *colon;

    if (at >= n)
        return set_buf(&e->name, s, n);
    pn = n - at - 1;
    colon = memchr(spec, ':', pn);
    if (colon && is_local_protocol(spec, (size_t)(colon - spec)))
        e->flags |= CK_LANG_LINK;
    if (ck_lang_is(spec, pn, "workspace:."))
        e->root = 1;
    if (ck_lang_starts(spec, pn, "npm:") && name_part(spec + 4, pn - 4) < pn - 4 && spec[4] != '^' &&
        spec[4] != '~' && (spec[4] < '0' || spec[4] > '9'))
        return set_buf(&e->name, spec + 4, name_part(spec + 4, pn - 4));
    return set_buf(&e->name, s, at);
}

/* An entry header: `"a@^1", a@^1.1:` at indent 0; the first specifier names it. */
static enum ck_status yarn_header(struct entry *e, const char *s, size_t n, uint64_t line)
{
    const char *comma;

    entry_reset(e, line);
    e->open = 1;
    n--; /* the ':' */
    comma = memchr(s, ',', n);
    if (comma)
        n = (size_t)(comma - s);
    ck_lang_trim(&s, &n);
    unquote(&s, &n);
    return yarn_spec(e, s, n);
}

enum ck_status ck_npm_parse_yarn_lock(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                      struct ck_err *err)
{
    struct ck_lang_file f;
    struct ck_lang_lines lines;
    struct entry e;
    const char *s, *v;
    size_t n, vn;
    enum ck_status st;

    if ((st = ck_lang_file_begin(&f, out, path, CK_LANG_NPM, data, len, err)) != CK_OK)
        return st;
    entry_init(&e);
    ck_lang_lines_init(&lines, data, len);
    while (st == CK_OK && !f.full && ck_lang_lines_next(&lines, &s, &n)) {
        size_t ind = ck_lang_indent(s, n);
        if (ind == n || s[ind] == '#') {
            if (ind == n)
                st = yarn_flush(&f, &e);
            continue;
        }
        if (ind == 0) {
            if ((st = yarn_flush(&f, &e)) == CK_OK) {
                if (s[n - 1] == ':')
                    st = yarn_header(&e, s, n, lines.line_no);
                else
                    st = ck_lang_warn(&f, lines.line_no, "not an entry header (no ':' at the end); line ignored");
            }
            continue;
        }
        if (!e.open || ind != 2)
            continue;
        s += ind;
        n -= ind;
        if (key_value(s, n, "version", &v, &vn)) {
            st = set_buf(&e.version, v, vn);
        } else if (key_value(s, n, "resolution", &v, &vn)) {
            /* Berry: "name@npm:1.2.3" names the package that was installed */
            st = yarn_spec(&e, v, vn);
        }
    }
    if (st == CK_OK)
        st = yarn_flush(&f, &e);
    entry_release(&e);
    if (st != CK_OK) {
        ck_lang_file_rollback(&f);
        ck_err_set(err, st, "out of memory reading %s", f.path);
    }
    return st;
}

/* ---- pnpm-lock.yaml -------------------------------------------------------- */

struct pnpm {
    struct ck_lang_file *f;
    int major;       /* lockfileVersion's major number; 0 when not seen */
    int in_packages; /* inside the top-level "packages:" map */
    struct entry e;
};

static enum ck_status pnpm_flush(struct pnpm *p)
{
    enum ck_status st = CK_OK;
    struct entry *e = &p->e;

    if (!e->open)
        return CK_OK;
    if (!e->name.len || !e->version.len)
        st = ck_lang_warn(p->f, e->line, "package key without a name and version; entry skipped");
    else
        st = npm_add(p->f, e->line, NULL, ck_buf_str(&e->name), e->name.len, ck_buf_str(&e->version),
                     e->version.len, NULL, e->flags);
    entry_reset(e, 0);
    return st;
}

/* A key of "packages:": 5.x "/name/1.2.3_peer", 6.0 "/name@1.2.3(peer)",
 * 9.0 "name@1.2.3(peer)"; scoped names keep their "@scope/". */
static enum ck_status pnpm_key(struct pnpm *p, const char *s, size_t n)
{
    struct entry *e = &p->e;
    size_t i, start = 0, sep = n;
    int slash_style;

    if (n && s[0] == '/') {
        s++;
        n--;
    }
    if (n && s[0] == '@') /* skip "@scope/" */
        for (start = 1; start < n && s[start] != '/'; start++)
            ;
    slash_style = p->major ? p->major < 6 : !memchr(s + start + (start < n), '@', n - start - (start < n));
    for (i = start + (start < n); i < n; i++)
        if (s[i] == (slash_style ? '/' : '@')) {
            sep = i;
            break;
        }
    if (sep >= n)
        return CK_OK; /* left without a name: flushed with a warning */
    if (set_buf(&e->name, s, sep) != CK_OK)
        return CK_ERR_NOMEM;
    for (i = sep + 1; i < n && s[i] != (slash_style ? '_' : '('); i++)
        ;
    return set_buf(&e->version, s + sep + 1, i - sep - 1);
}

static enum ck_status pnpm_line(struct pnpm *p, const char *s, size_t n, uint64_t line)
{
    size_t ind = ck_lang_indent(s, n), kn;
    const char *v, *colon;
    size_t vn;

    if (ind == 0) {
        enum ck_status st = pnpm_flush(p);
        if (ck_lang_starts(s, n, "---")) {
            p->major = 0;
            p->in_packages = 0;
        } else if (key_value(s, n, "lockfileVersion", &v, &vn)) {
            p->major = vn && v[0] >= '0' && v[0] <= '9' ? atoi(v) : 0;
        } else {
            p->in_packages = ck_lang_is(s, n, "packages:");
        }
        return st;
    }
    if (!p->in_packages)
        return CK_OK;
    if (ind == 2) {
        enum ck_status st = pnpm_flush(p);
        if (st != CK_OK)
            return st;
        s += 2;
        n -= 2;
        if (n && (s[0] == '\'' || s[0] == '"')) {
            const char *q = memchr(s + 1, s[0], n - 1);
            if (!q)
                return ck_lang_warn(p->f, line, "unterminated quoted key; line ignored");
            kn = (size_t)(q - s - 1);
            s++;
        } else {
            for (kn = 0; kn < n && !(s[kn] == ':' && (kn + 1 == n || s[kn + 1] == ' ')); kn++)
                ;
            if (kn == n)
                return ck_lang_warn(p->f, line, "a package key without ':'; line ignored");
        }
        entry_reset(&p->e, line);
        p->e.open = 1;
        return pnpm_key(p, s, kn);
    }
    if (ind == 4 && p->e.open) {
        s += 4;
        n -= 4;
        colon = memchr(s, ':', n);
        if (!colon)
            return CK_OK;
        if (key_value(s, n, "dev", &v, &vn) && ck_lang_is(v, vn, "true"))
            p->e.flags |= CK_LANG_DEV;
        else if (key_value(s, n, "optional", &v, &vn) && ck_lang_is(v, vn, "true"))
            p->e.flags |= CK_LANG_OPTIONAL;
        else if (key_value(s, n, "name", &v, &vn)) /* tarball and git keys carry these */
            return set_buf(&p->e.name, v, vn);
        else if (key_value(s, n, "version", &v, &vn))
            return set_buf(&p->e.version, v, vn);
    }
    return CK_OK;
}

enum ck_status ck_npm_parse_pnpm_lock(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                      struct ck_err *err)
{
    struct ck_lang_file f;
    struct ck_lang_lines lines;
    struct pnpm p;
    const char *s;
    size_t n;
    enum ck_status st;

    if ((st = ck_lang_file_begin(&f, out, path, CK_LANG_NPM, data, len, err)) != CK_OK)
        return st;
    memset(&p, 0, sizeof p);
    p.f = &f;
    entry_init(&p.e);
    ck_lang_lines_init(&lines, data, len);
    while (st == CK_OK && !f.full && ck_lang_lines_next(&lines, &s, &n)) {
        size_t ind = ck_lang_indent(s, n);
        if (ind == n || s[ind] == '#')
            continue;
        st = pnpm_line(&p, s, n, lines.line_no);
    }
    if (st == CK_OK)
        st = pnpm_flush(&p);
    entry_release(&p.e);
    if (st != CK_OK) {
        ck_lang_file_rollback(&f);
        ck_err_set(err, st, "out of memory reading %s", f.path);
    }
    return st;
}
