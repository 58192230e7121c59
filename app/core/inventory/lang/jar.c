#include "inventory/lang/jar.h"

#include <stdlib.h>
#include <string.h>

#include "inventory/lang/java.h"
#include "util/buf.h"
#include "util/text.h"
#include "util/utf8.h"
#include "util/zip.h"

/* One top-level archive being read, with everything its nested archives
 * share: the result, the caps, what was used of them, the packages seen. */
struct jar_walk {
    struct ck_lang_result *out;
    struct ck_jar_limits lim;
    unsigned flags;        /* CK_LANG_OS_PATH for a distribution's archive */
    size_t added;          /* packages taken from this archive */
    uint64_t used;         /* bytes decompressed so far */
    size_t archives;       /* nested archives opened */
    int stopped;           /* a cap was hit that ends the reading of everything */
    int warned_depth;
    size_t *seen;          /* open addressing: index + 1 into out->packages, 0 free */
    size_t seen_cap, seen_n;
};

/* ---- the names seen ------------------------------------------------------------- */

static size_t hash_package(const struct ck_lang_package *p)
{
    uint64_t h = 1469598103934665603ull;
    const unsigned char *s;
    for (s = (const unsigned char *)p->name; *s; s++)
        h = (h ^ *s) * 1099511628211ull;
    h = (h ^ '\t') * 1099511628211ull;
    for (s = (const unsigned char *)p->version; *s; s++)
        h = (h ^ *s) * 1099511628211ull;
    return (size_t)(h ^ (h >> 32));
}

static void seen_put(size_t *slots, size_t cap, const struct ck_lang_package *all, size_t index)
{
    size_t i = hash_package(&all[index]) & (cap - 1);
    while (slots[i])
        i = (i + 1) & (cap - 1);
    slots[i] = index + 1;
}

/* 1 when package `index` of out has the name and version of one seen
 * before; otherwise it is remembered. CK_ERR_NOMEM as -1. */
static int seen_before(struct jar_walk *w, size_t index)
{
    const struct ck_lang_package *all = w->out->packages, *p = &all[index];
    size_t i;

    if ((w->seen_n + 1) * 2 > w->seen_cap) {
        size_t cap = w->seen_cap ? w->seen_cap * 2 : 64, k;
        size_t *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return -1;
        for (k = 0; k < w->seen_cap; k++)
            if (w->seen[k])
                seen_put(slots, cap, all, w->seen[k] - 1);
        free(w->seen);
        w->seen = slots;
        w->seen_cap = cap;
    }
    for (i = hash_package(p) & (w->seen_cap - 1); w->seen[i]; i = (i + 1) & (w->seen_cap - 1)) {
        const struct ck_lang_package *q = &all[w->seen[i] - 1];
        if (!strcmp(q->name, p->name) && !strcmp(q->version, p->version))
            return 1;
    }
    w->seen[i] = index + 1;
    w->seen_n++;
    return 0;
}

/* ---- locations ------------------------------------------------------------------ */

/* loc as a package detail: printable UTF-8 ('?' for anything else), at
 * most CK_LANG_MAX_FIELD bytes ("..." and the end when longer). */
static char *detail_of(const char *loc)
{
    struct ck_buf b;
    const unsigned char *s = (const unsigned char *)loc;
    size_t n = strlen(loc), i = 0, start = 0;

    ck_buf_init(&b);
    while (i < n) {
        size_t k = ck_utf8_seq_len(s + i, n - i);
        if (k == 0 || (k == 1 && (s[i] < 0x20 || s[i] == 0x7f))) {
            ck_buf_putc(&b, '?');
            i++;
            continue;
        }
        if (k == 2 && s[i] == 0xC2 && s[i + 1] < 0xA0) /* C1 controls */
            ck_buf_putc(&b, '?');
        else
            ck_buf_append(&b, s + i, k);
        i += k;
    }
    if (ck_buf_status(&b) != CK_OK) {
        ck_buf_release(&b);
        return NULL;
    }
    if (b.len > CK_LANG_MAX_FIELD) {
        char *out;
        start = b.len - (CK_LANG_MAX_FIELD - 3);
        while (start < b.len && ((unsigned char)b.data[start] & 0xC0) == 0x80)
            start++;
        out = malloc(3 + (b.len - start) + 1);
        if (out) {
            memcpy(out, "...", 3);
            memcpy(out + 3, b.data + start, b.len - start + 1);
        }
        ck_buf_release(&b);
        return out;
    }
    return ck_buf_take(&b);
}

/* Gives the packages a parser appended from index `from` on their
 * detail and flags, and drops those seen before. */
static enum ck_status claim(struct jar_walk *w, size_t from, const char *loc)
{
    struct ck_lang_result *r = w->out;
    size_t i = from;

    while (i < r->count) {
        struct ck_lang_package *p = &r->packages[i];
        int dup = seen_before(w, i);
        if (dup < 0)
            return CK_ERR_NOMEM;
        if (dup) {
            free(p->name);
            free(p->version);
            free(p->detail);
            memmove(p, p + 1, (r->count - i - 1) * sizeof *p);
            r->count--;
            continue;
        }
        free(p->detail);
        if (!(p->detail = detail_of(loc)))
            return CK_ERR_NOMEM;
        p->flags |= w->flags;
        w->added++;
        i++;
    }
    return CK_OK;
}

/* ---- entries ----------------------------------------------------------------------- */

/* An entry's bytes: allocated once at its declared size (a growing buffer
 * would double the peak for a large nested archive), NUL-terminated. */
struct bytes {
    char *data;
    size_t len, cap;
};

static void bytes_release(struct bytes *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

static enum ck_status to_bytes(void *ctx, const void *data, size_t len)
{
    struct bytes *b = ctx;
    if (len > b->cap - b->len) /* the zip reader stops at the declared size; this is a second guard */
        return CK_ERR_PARSE;
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return CK_OK;
}

/* The zip reader's sentence without its own label for a memory block. */
static const char *reason(const struct ck_err *e)
{
    static const char *const prefixes[] = {"(zip in memory): not a usable zip archive: ", "(zip in memory): "};
    size_t i;
    for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (!strncmp(e->msg, prefixes[i], strlen(prefixes[i])))
            return e->msg + strlen(prefixes[i]);
    return e->msg;
}

enum read_result { READ_OK, READ_SKIPPED };

/* Decompresses entry i (its size already checked against cap) into b.
 * A failure to read is a warning (READ_SKIPPED); CK_ERR_NOMEM stops. */
static enum ck_status read_entry(struct jar_walk *w, struct ck_lang_file *f, struct ck_zip *z, size_t i,
                                 uint64_t cap, struct bytes *b, enum read_result *res)
{
    const struct ck_zip_entry *e = ck_zip_entry_at(z, i);
    struct ck_err zerr;
    enum ck_status st;

    *res = READ_SKIPPED;
    if (e->size > cap)
        return ck_lang_warn(f, 0, "entry %s is %llu bytes decompressed, more than the limit of %llu for one entry; "
                            "not read", e->name, (unsigned long long)e->size, (unsigned long long)cap);
    if (e->size > w->lim.max_total - w->used) {
        w->stopped = 1;
        return ck_lang_warn(f, 0, "more than %llu bytes would be decompressed from the archive (at entry %s); "
                            "the rest of it was not read", (unsigned long long)w->lim.max_total, e->name);
    }
    w->used += e->size;
    bytes_release(b);
    if (!(b->data = malloc((size_t)e->size + 1)))
        return CK_ERR_NOMEM;
    b->cap = (size_t)e->size;
    ck_err_clear(&zerr);
    st = ck_zip_read(z, i, to_bytes, b, &zerr);
    b->data[b->len] = '\0';
    if (st == CK_ERR_NOMEM)
        return CK_ERR_NOMEM;
    if (st != CK_OK) {
        const char *why = reason(&zerr);
        size_t n = strlen(e->name);
        if (!strncmp(why, "entry ", 6) && !strncmp(why + 6, e->name, n) && !strncmp(why + 6 + n, ": ", 2))
            why += 6 + n + 2; /* the entry is named already */
        return ck_lang_warn(f, 0, "entry %s cannot be read (%s); skipped", e->name, why);
    }
    *res = READ_OK;
    return CK_OK;
}

/* "<loc>!/<name>" into b. */
static enum ck_status inner_path(struct ck_buf *b, const char *loc, const char *name)
{
    ck_buf_reset(b);
    ck_buf_puts(b, loc);
    ck_buf_puts(b, "!/");
    ck_buf_puts(b, name);
    return ck_buf_status(b);
}

/* One metadata entry through its parser into out. */
static enum ck_status metadata(struct jar_walk *w, struct ck_lang_file *f, struct ck_zip *z, size_t i,
                               const char *loc, enum ck_java_kind kind, struct bytes *data, struct ck_buf *name,
                               struct ck_err *err)
{
    const struct ck_zip_entry *e = ck_zip_entry_at(z, i);
    size_t from = w->out->count;
    enum read_result res;
    enum ck_status st;

    if (w->added >= CK_LANG_MAX_PACKAGES) {
        w->stopped = 1;
        w->out->truncated = 1;
        return ck_lang_warn(f, 0, "more than %d packages; the rest of the archive was not read", CK_LANG_MAX_PACKAGES);
    }
    if ((st = read_entry(w, f, z, i, CK_LANG_MAX_INPUT, data, &res)) != CK_OK || res != READ_OK)
        return st;
    if ((st = inner_path(name, loc, e->name)) != CK_OK)
        return st;
    if (kind == CK_JAVA_POM_PROPERTIES)
        st = ck_java_parse_pom_properties(ck_buf_str(name), data->data, data->len, w->out, err);
    else
        st = ck_java_parse_manifest(ck_buf_str(name), data->data, data->len, w->out, err);
    if (st == CK_OK)
        st = claim(w, from, loc);
    return st;
}

static enum ck_status read_archive(struct jar_walk *w, const char *loc, const void *data, size_t len, int depth,
                                   struct ck_lang_file *f, struct ck_err *err);

/* Entry i, a Java archive inside the one at loc. */
static enum ck_status nested(struct jar_walk *w, struct ck_lang_file *f, struct ck_zip *z, size_t i,
                             const char *loc, int depth, struct ck_err *err)
{
    const struct ck_zip_entry *e = ck_zip_entry_at(z, i);
    struct bytes data = {NULL, 0, 0};
    struct ck_buf name;
    struct ck_lang_file inner;
    enum read_result res;
    enum ck_status st;

    if (depth + 1 > w->lim.max_depth) {
        if (w->warned_depth)
            return CK_OK;
        w->warned_depth = 1;
        return ck_lang_warn(f, 0, "entry %s: archives nested more than %d deep are not read", e->name,
                            w->lim.max_depth < 0 ? 0 : w->lim.max_depth);
    }
    if (w->archives >= w->lim.max_archives) {
        w->stopped = 1;
        return ck_lang_warn(f, 0, "more than %zu archives inside the archive; the rest was not read",
                            w->lim.max_archives);
    }
    ck_buf_init(&name);
    if ((st = read_entry(w, f, z, i, w->lim.max_entry, &data, &res)) != CK_OK || res != READ_OK)
        goto cleanup;
    if ((st = inner_path(&name, loc, e->name)) != CK_OK)
        goto cleanup;
    w->archives++;
    /* only for naming warnings: what this archive gives is rolled back with the top level */
    if ((st = ck_lang_file_begin(&inner, w->out, ck_buf_str(&name), CK_LANG_MAVEN, NULL, 0, err)) != CK_OK)
        goto cleanup;
    st = read_archive(w, ck_buf_str(&name), data.data, data.len, depth + 1, &inner, err);
cleanup:
    bytes_release(&data);
    ck_buf_release(&name);
    return st;
}

/* Opens the archive at loc; for a nested one, a failure is a warning
 * (*z stays NULL). */
static enum ck_status open_archive(struct jar_walk *w, const char *loc, const void *data, size_t len, int depth,
                                   struct ck_lang_file *f, struct ck_zip **z, struct ck_err *err)
{
    struct ck_zip_limits zl;
    struct ck_err zerr;
    enum ck_status st;

    memset(&zl, 0, sizeof zl);
    zl.max_entry_size = w->lim.max_entry > CK_LANG_MAX_INPUT ? w->lim.max_entry : CK_LANG_MAX_INPUT;
    zl.max_total_size = UINT64_MAX; /* entries are budgeted as they are read */
    zl.max_entries = w->lim.max_entries;
    ck_err_clear(&zerr);
    *z = NULL;
    st = ck_zip_open_mem(data, len, &zl, z, &zerr);
    if (st == CK_OK || st == CK_ERR_NOMEM) {
        if (st == CK_ERR_NOMEM)
            ck_err_set(err, st, "out of memory reading %s", loc);
        return st;
    }
    if (depth > 0)
        return ck_lang_warn(f, 0, "not a usable archive (%s); skipped", reason(&zerr));
    if (st == CK_ERR_PARSE)
        return ck_err_set(err, st, "%s is not a usable Java archive (zip): %s", loc, reason(&zerr));
    return ck_err_set(err, st, "%s: %s", loc, reason(&zerr));
}

/* The three steps of jar.h over one archive. */
static enum ck_status read_archive(struct jar_walk *w, const char *loc, const void *data, size_t len, int depth,
                                   struct ck_lang_file *f, struct ck_err *err)
{
    struct ck_zip *z = NULL;
    struct bytes buf = {NULL, 0, 0};
    struct ck_buf name;
    size_t i, n, manifest = (size_t)-1, before = w->added;
    enum ck_status st;

    ck_buf_init(&name);
    if ((st = open_archive(w, loc, data, len, depth, f, &z, err)) != CK_OK || !z)
        goto cleanup;
    n = ck_zip_count(z);
    for (i = 0; st == CK_OK && !w->stopped && i < n; i++) {
        const struct ck_zip_entry *e = ck_zip_entry_at(z, i);
        enum ck_java_kind k = e->is_dir ? CK_JAVA_NONE : ck_java_file_kind(e->name);
        if (k == CK_JAVA_MANIFEST && manifest == (size_t)-1)
            manifest = i;
        else if (k == CK_JAVA_POM_PROPERTIES)
            st = metadata(w, f, z, i, loc, k, &buf, &name, err);
    }
    if (st == CK_OK && !w->stopped && w->added == before && manifest != (size_t)-1)
        st = metadata(w, f, z, manifest, loc, CK_JAVA_MANIFEST, &buf, &name, err);
    bytes_release(&buf); /* not held while the archives below are read */
    for (i = 0; st == CK_OK && !w->stopped && i < n; i++) {
        const struct ck_zip_entry *e = ck_zip_entry_at(z, i);
        if (!e->is_dir && ck_jar_wants(e->name))
            st = nested(w, f, z, i, loc, depth, err);
    }
    if (st == CK_ERR_NOMEM && !err->msg[0])
        ck_err_set(err, st, "out of memory reading %s", loc);
cleanup:
    ck_zip_close(z);
    bytes_release(&buf);
    ck_buf_release(&name);
    return st;
}

/* ---- the entry points ---------------------------------------------------------------- */

int ck_jar_wants(const char *path)
{
    if (!path)
        return 0;
    return ck_lang_ends(path, ".jar", 1) || ck_lang_ends(path, ".war", 1) || ck_lang_ends(path, ".ear", 1) ||
           ck_lang_ends(path, ".par", 1);
}

/* Debian's lib*-java packages install their jars under these. */
static unsigned os_flag(const char *path)
{
    while (*path == '/')
        path++;
    return ck_lang_starts(path, strlen(path), "usr/share/java/") ||
                   ck_lang_starts(path, strlen(path), "usr/share/maven-repo/")
               ? CK_LANG_OS_PATH
               : 0;
}

enum ck_status ck_jar_parse_limited(struct ck_lang_result *out, const char *path, const void *data, size_t len,
                                    const struct ck_jar_limits *limits, struct ck_err *err)
{
    struct jar_walk w;
    struct ck_lang_file f;
    struct ck_err local;
    enum ck_status st;

    if (!err)
        err = &local;
    ck_err_clear(err);
    if (!path)
        path = "(unnamed)";
    memset(&w, 0, sizeof w);
    if (limits)
        w.lim = *limits;
    if (!w.lim.max_input)
        w.lim.max_input = CK_JAR_MAX_INPUT;
    if (!w.lim.max_entry)
        w.lim.max_entry = CK_JAR_MAX_ENTRY;
    if (!w.lim.max_total)
        w.lim.max_total = CK_JAR_MAX_TOTAL;
    if (!w.lim.max_entries)
        w.lim.max_entries = CK_JAR_MAX_ENTRIES;
    if (!w.lim.max_archives)
        w.lim.max_archives = CK_JAR_MAX_ARCHIVES;
    if (!w.lim.max_depth)
        w.lim.max_depth = CK_JAR_MAX_DEPTH;
    if (len > w.lim.max_input)
        return ck_err_set(err, CK_ERR_LIMIT, "%s is %zu bytes, more than the %llu bytes a Java archive may have",
                          path, len, (unsigned long long)w.lim.max_input);
    /* the file's marks, for putting the result back; its length is checked above */
    if ((st = ck_lang_file_begin(&f, out, path, CK_LANG_MAVEN, data, 0, err)) != CK_OK)
        return st;
    if (!data && len)
        return ck_err_set(err, CK_ERR_ARG, "no data for %s", path);
    w.out = out;
    w.flags = os_flag(path);
    st = read_archive(&w, path, data ? data : "", len, 0, &f, err);
    free(w.seen);
    if (st != CK_OK) {
        ck_lang_file_rollback(&f);
        if (!err->msg[0])
            ck_err_set(err, st, "out of memory reading %s", path);
    }
    return st;
}

enum ck_status ck_jar_parse(struct ck_lang_result *out, const char *path, const void *data, size_t len,
                            struct ck_err *err)
{
    return ck_jar_parse_limited(out, path, data, len, NULL, err);
}
