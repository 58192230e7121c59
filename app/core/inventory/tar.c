#include "inventory/tar.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define DEFAULT_MAX_META ((size_t)1 << 20)
#define MAX_LINK_FOLLOWS 40
#define MAX_RESOLVE_LEN 65536 /* a path being resolved never grows past this */

/* Offsets of the header fields (POSIX ustar; GNU shares the first 345). */
enum {
    H_NAME = 0, H_MODE = 100, H_SIZE = 124, H_CHKSUM = 148, H_TYPE = 156,
    H_LINK = 157, H_MAGIC = 257, H_VERSION = 263, H_PREFIX = 345,
    H_GNU_ISEXTENDED = 482, /* GNU sparse header: extension blocks follow */
    X_GNU_ISEXTENDED = 504  /* in an extension block: another one follows */
};

enum state {
    ST_HEADER, /* collecting a 512-byte header block */
    ST_DATA,   /* an entry's data: remaining bytes */
    ST_META,   /* a pax / GNU long-name record being collected */
    ST_PAD,    /* padding up to the next block */
    ST_SPARSE, /* old GNU sparse extension headers before an entry's data */
    ST_END,    /* end-of-archive marker read: ignore the rest */
    ST_FAILED
};

struct ck_tar_reader {
    struct ck_tar_handler h;
    struct ck_tar_limits lim;
    enum state state;
    unsigned char block[CK_TAR_BLOCK];
    size_t block_len;
    uint64_t offset;    /* bytes consumed */
    uint64_t remaining; /* data / meta bytes left in the current entry */
    uint64_t pad;       /* padding bytes left */
    int want;           /* the current entry's data goes to h.data */
    int zero_blocks;    /* consecutive zero blocks */
    char meta_type;     /* 'x', 'g', 'L', 'K' while in ST_META */
    struct ck_buf meta;
    /* overrides for the next entry, from pax / GNU records */
    char *next_path, *next_link;
    int next_has_size;
    uint64_t next_size;
    uint64_t entry_offset; /* offset of the first header of the pending entry */
    int entry_started;     /* a pax / GNU header began an entry */
    /* the current entry, for error messages */
    char *cur_path;
    struct ck_err fail;
};

static enum ck_status fail(struct ck_tar_reader *r, struct ck_err *err, enum ck_status st, const char *fmt, ...)
    CK_PRINTF(4, 5)
    ;

/* Stops the reader for good: every later call returns the same error. */
static enum ck_status fail(struct ck_tar_reader *r, struct ck_err *err, enum ck_status st, const char *fmt, ...)
{
    va_list ap;
    r->state = ST_FAILED;
    r->fail.status = st;
    va_start(ap, fmt);
    vsnprintf(r->fail.msg, sizeof r->fail.msg, fmt, ap);
    va_end(ap);
    if (err)
        *err = r->fail;
    return st;
}

/* A callback stopped the reader: keep its status and message. */
static enum ck_status fail_from(struct ck_tar_reader *r, struct ck_err *err, enum ck_status st,
                                const struct ck_err *cb_err)
{
    if (cb_err->status != CK_OK && cb_err->msg[0])
        return fail(r, err, st, "%s", cb_err->msg);
    return fail(r, err, st, "tar: stopped at offset %llu: %s", (unsigned long long)r->offset,
                ck_status_str(st));
}

enum ck_status ck_tar_reader_new(struct ck_tar_reader **out, const struct ck_tar_handler *h,
                                 const struct ck_tar_limits *lim)
{
    struct ck_tar_reader *r;

    if (!out || !h || !h->entry)
        return CK_ERR_ARG;
    r = calloc(1, sizeof *r);
    if (!r)
        return CK_ERR_NOMEM;
    r->h = *h;
    if (lim)
        r->lim = *lim;
    if (!r->lim.max_meta)
        r->lim.max_meta = DEFAULT_MAX_META;
    ck_buf_init(&r->meta);
    r->state = ST_HEADER;
    *out = r;
    return CK_OK;
}

static void clear_next(struct ck_tar_reader *r)
{
    free(r->next_path);
    free(r->next_link);
    r->next_path = r->next_link = NULL;
    r->next_has_size = 0;
    r->next_size = 0;
    r->entry_started = 0;
}

void ck_tar_reader_free(struct ck_tar_reader *r)
{
    if (!r)
        return;
    clear_next(r);
    free(r->cur_path);
    ck_buf_release(&r->meta);
    free(r);
}

uint64_t ck_tar_reader_offset(const struct ck_tar_reader *r) { return r->offset; }

int ck_tar_reader_at_end(const struct ck_tar_reader *r) { return r->state == ST_END; }

/* ---- header fields ----------------------------------------------------- */

/* A numeric field: octal text (spaces / NULs around it) or, when the first
 * byte has its top bit set, a big-endian base-256 number. 0 on success. */
static int parse_number(const unsigned char *f, size_t len, uint64_t *out)
{
    uint64_t v = 0;
    size_t i = 0;

    if (f[0] & 0x80) {
        if (f[0] & 0x40)
            return -1; /* negative */
        v = f[0] & 0x3f;
        for (i = 1; i < len; i++) {
            if (v >> 55)
                return -1;
            v = (v << 8) | f[i];
        }
        *out = v;
        return 0;
    }
    while (i < len && (f[i] == ' ' || f[i] == '\0'))
        i++;
    for (; i < len && f[i] >= '0' && f[i] <= '7'; i++) {
        if (v >> 60)
            return -1;
        v = (v << 3) | (uint64_t)(f[i] - '0');
    }
    for (; i < len; i++)
        if (f[i] != ' ' && f[i] != '\0')
            return -1;
    *out = v;
    return 0;
}

static int checksum_ok(const unsigned char *b)
{
    uint64_t want;
    unsigned long usum = 0;
    long ssum = 0;
    size_t i;

    if (parse_number(b + H_CHKSUM, 8, &want) != 0)
        return 0;
    for (i = 0; i < CK_TAR_BLOCK; i++) {
        unsigned char c = (i >= H_CHKSUM && i < H_CHKSUM + 8) ? ' ' : b[i];
        usum += c;
        ssum += (signed char)c;
    }
    /* Some old writers summed signed chars. */
    return want == usum || (long long)want == (long long)ssum;
}

static int is_zero_block(const unsigned char *b)
{
    size_t i;
    for (i = 0; i < CK_TAR_BLOCK; i++)
        if (b[i])
            return 0;
    return 1;
}

/* A fixed-size name field as a string (not always NUL-terminated). */
static size_t field_len(const unsigned char *f, size_t max)
{
    const unsigned char *z = memchr(f, '\0', max);
    return z ? (size_t)(z - f) : max;
}

static char *field_dup(const unsigned char *f, size_t max)
{
    size_t n = field_len(f, max);
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, f, n);
        s[n] = '\0';
    }
    return s;
}

static enum ck_tar_kind kind_of(char t)
{
    switch (t) {
    case '0': case '\0': case '7': return CK_TAR_FILE;
    case '1': return CK_TAR_HARDLINK;
    case '2': return CK_TAR_SYMLINK;
    case '5': return CK_TAR_DIR;
    default: return CK_TAR_OTHER;
    }
}

/* Types whose size field says nothing about data following the header. */
static int header_only(char t)
{
    return t == '1' || t == '2' || t == '3' || t == '4' || t == '5' || t == '6';
}

static uint64_t padding_of(uint64_t size)
{
    return (CK_TAR_BLOCK - size % CK_TAR_BLOCK) % CK_TAR_BLOCK;
}

/* The ustar name: prefix "/" name (POSIX magic only: GNU keeps other fields there). */
static char *header_path(const unsigned char *b)
{
    struct ck_buf p;
    ck_buf_init(&p);
    if (!memcmp(b + H_MAGIC, "ustar\0", 6) && b[H_PREFIX]) {
        if (ck_buf_append(&p, b + H_PREFIX, field_len(b + H_PREFIX, 155)) || ck_buf_putc(&p, '/'))
            goto nomem;
    }
    if (ck_buf_append(&p, b + H_NAME, field_len(b + H_NAME, 100)))
        goto nomem;
    return ck_buf_take(&p);
nomem:
    ck_buf_release(&p);
    return NULL;
}

int ck_tar_block_is_tar(const void *block)
{
    return is_zero_block(block) || checksum_ok(block);
}

/* ---- pax / GNU records ------------------------------------------------- */

static int replace_str(char **slot, const char *s, size_t n)
{
    char *c = malloc(n + 1);
    if (!c)
        return -1;
    memcpy(c, s, n);
    c[n] = '\0';
    free(*slot);
    *slot = c;
    return 0;
}

/* pax records: "<len> <key>=<value>\n", len counting the whole record. */
static enum ck_status apply_pax(struct ck_tar_reader *r, struct ck_err *err, int global)
{
    const char *p = r->meta.data ? r->meta.data : "";
    size_t left = r->meta.len;

    while (left > 0) {
        size_t len = 0, i = 0, klen;
        const char *key, *eq, *val;
        size_t vlen;

        while (i < left && p[i] >= '0' && p[i] <= '9' && len < ((size_t)1 << 40))
            len = len * 10 + (size_t)(p[i++] - '0');
        if (i == 0 || i >= left || p[i] != ' ' || len <= i + 1 || len > left || p[len - 1] != '\n')
            goto bad;
        key = p + i + 1;
        eq = memchr(key, '=', (size_t)(p + len - 1 - key));
        if (!eq || eq == key)
            goto bad;
        klen = (size_t)(eq - key);
        val = eq + 1;
        vlen = (size_t)(p + len - 1 - val);
        if (!global) {
            int is_path = klen == 4 && !memcmp(key, "path", 4);
            int is_link = klen == 8 && !memcmp(key, "linkpath", 8);
            if ((is_path || is_link) && memchr(val, '\0', vlen))
                goto bad;
            if (is_path && replace_str(&r->next_path, val, vlen))
                return fail(r, err, CK_ERR_NOMEM, "tar: out of memory");
            if (is_link && replace_str(&r->next_link, val, vlen))
                return fail(r, err, CK_ERR_NOMEM, "tar: out of memory");
            if (klen == 4 && !memcmp(key, "size", 4)) {
                uint64_t v = 0;
                size_t j;
                if (vlen == 0 || vlen > 19)
                    goto bad;
                for (j = 0; j < vlen; j++) {
                    if (val[j] < '0' || val[j] > '9')
                        goto bad;
                    v = v * 10 + (uint64_t)(val[j] - '0');
                }
                r->next_has_size = 1;
                r->next_size = v;
            }
        }
        p += len;
        left -= len;
    }
    return CK_OK;
bad:
    return fail(r, err, CK_ERR_PARSE, "tar: malformed pax header in the entry at offset %llu",
                (unsigned long long)r->entry_offset);
}

static enum ck_status meta_done(struct ck_tar_reader *r, struct ck_err *err)
{
    const char *s = r->meta.data ? r->meta.data : "";
    size_t n = strnlen(s, r->meta.len); /* GNU names end with a NUL */
    enum ck_status st = CK_OK;

    switch (r->meta_type) {
    case 'x': st = apply_pax(r, err, 0); break;
    case 'g': st = apply_pax(r, err, 1); break;
    case 'L':
        if (replace_str(&r->next_path, s, n))
            st = fail(r, err, CK_ERR_NOMEM, "tar: out of memory");
        break;
    case 'K':
        if (replace_str(&r->next_link, s, n))
            st = fail(r, err, CK_ERR_NOMEM, "tar: out of memory");
        break;
    default: break;
    }
    ck_buf_reset(&r->meta);
    return st;
}

/* ---- the state machine ------------------------------------------------- */

/* Entries start on a block boundary, so the padding after an entry's data
 * or record is that of the stream offset where it ends. */
static void to_padding(struct ck_tar_reader *r)
{
    r->pad = padding_of(r->offset);
    r->state = r->pad ? ST_PAD : ST_HEADER;
}

static enum ck_status entry_end(struct ck_tar_reader *r, struct ck_err *err)
{
    struct ck_err cb;
    enum ck_status st;

    if (!r->want || !r->h.end)
        return CK_OK;
    r->want = 0;
    ck_err_clear(&cb);
    st = r->h.end(r->h.ctx, &cb);
    return st == CK_OK ? CK_OK : fail_from(r, err, st, &cb);
}

static enum ck_status start_entry(struct ck_tar_reader *r, const unsigned char *b, struct ck_err *err)
{
    struct ck_tar_entry e;
    char *path = NULL, *link = NULL;
    uint64_t size = 0;
    uint64_t mode = 0;
    struct ck_err cb;
    enum ck_status st;
    int want = 0;

    e.typeflag = (char)b[H_TYPE];
    e.kind = kind_of(e.typeflag);
    /* a pax size replaces a header size that could not hold it */
    if (r->next_has_size)
        size = r->next_size;
    else if (parse_number(b + H_SIZE, 12, &size) != 0)
        return fail(r, err, CK_ERR_PARSE, "tar: bad size field in the header at offset %llu",
                    (unsigned long long)r->offset);
    (void)parse_number(b + H_MODE, 8, &mode); /* a bad mode is harmless */
    if (header_only(e.typeflag))
        size = 0;
    path = r->next_path ? r->next_path : header_path(b);
    link = r->next_link ? r->next_link : field_dup(b + H_LINK, 100);
    r->next_path = r->next_link = NULL;
    if (!path || !link) {
        free(path);
        free(link);
        return fail(r, err, CK_ERR_NOMEM, "tar: out of memory");
    }
    e.path = path;
    e.linkpath = (e.kind == CK_TAR_HARDLINK || e.kind == CK_TAR_SYMLINK) ? link : "";
    e.size = size;
    e.offset = r->entry_started ? r->entry_offset : r->offset;
    e.mode = (uint32_t)(mode & 07777);
    clear_next(r);

    ck_err_clear(&cb);
    st = r->h.entry(r->h.ctx, &e, &want, &cb);
    free(r->cur_path);
    r->cur_path = path;
    free(link);
    if (st != CK_OK)
        return fail_from(r, err, st, &cb);
    r->want = want && (r->h.data || r->h.end);
    r->remaining = size;
    /* old GNU sparse files: "isextended" says more sparse-map blocks follow */
    if (e.typeflag == 'S' && b[H_GNU_ISEXTENDED]) {
        r->state = ST_SPARSE;
        return CK_OK;
    }
    if (size == 0) {
        st = entry_end(r, err);
        r->state = ST_HEADER;
        return st;
    }
    r->state = ST_DATA;
    return CK_OK;
}

static enum ck_status on_header(struct ck_tar_reader *r, struct ck_err *err)
{
    const unsigned char *b = r->block;
    uint64_t size = 0;
    char t;

    /* r->offset still points at this header */
    if (is_zero_block(b)) {
        if (r->entry_started)
            return fail(r, err, CK_ERR_PARSE, "tar: zero block after an extended header at offset %llu",
                        (unsigned long long)r->offset);
        if (++r->zero_blocks >= 2)
            r->state = ST_END;
        return CK_OK;
    }
    r->zero_blocks = 0;
    if (!checksum_ok(b))
        return fail(r, err, CK_ERR_PARSE, "tar: bad header checksum at offset %llu%s",
                    (unsigned long long)r->offset, r->offset == 0 ? " (not a tar archive?)" : "");
    t = (char)b[H_TYPE];
    if (t == 'x' || t == 'g' || t == 'L' || t == 'K') {
        if (parse_number(b + H_SIZE, 12, &size) != 0)
            return fail(r, err, CK_ERR_PARSE, "tar: bad size field in the header at offset %llu",
                        (unsigned long long)r->offset);
        if (size > r->lim.max_meta)
            return fail(r, err, CK_ERR_LIMIT,
                        "tar: extended header of %llu bytes at offset %llu exceeds the limit of %llu",
                        (unsigned long long)size, (unsigned long long)r->offset,
                        (unsigned long long)r->lim.max_meta);
        /* a global header belongs to no entry */
        if (!r->entry_started && t != 'g') {
            r->entry_started = 1;
            r->entry_offset = r->offset;
        }
        r->meta_type = t;
        ck_buf_reset(&r->meta);
        if (ck_buf_reserve(&r->meta, (size_t)size) != CK_OK)
            return fail(r, err, CK_ERR_NOMEM, "tar: out of memory");
        r->remaining = size;
        r->state = ST_META;
        if (size == 0) {
            enum ck_status st = meta_done(r, err);
            r->state = ST_HEADER;
            return st;
        }
        return CK_OK;
    }
    return start_entry(r, b, err);
}

/* Moves past n bytes of the current member's data (or metadata); non-zero
 * when that was its last byte. */
/* Moves bytes from *p into the block being collected (a header or a GNU
 * sparse extension); 1 when the block is whole, ready in r->block. */
static int fill_block(struct ck_tar_reader *r, const unsigned char **p, size_t *len)
{
    size_t n = CK_TAR_BLOCK - r->block_len;
    if (n > *len)
        n = *len;
    memcpy(r->block + r->block_len, *p, n);
    r->block_len += n;
    *p += n;
    *len -= n;
    if (r->block_len < CK_TAR_BLOCK)
        return 0;
    r->block_len = 0;
    return 1;
}

static int take_member_bytes(struct ck_tar_reader *r, const unsigned char **p, size_t *len, size_t n)
{
    *p += n;
    *len -= n;
    r->offset += n;
    r->remaining -= n;
    return r->remaining == 0;
}

enum ck_status ck_tar_reader_feed(struct ck_tar_reader *r, const void *data, size_t len, struct ck_err *err)
{
    const unsigned char *p = data;
    enum ck_status st;

    if (r->state == ST_FAILED) {
        if (err)
            *err = r->fail;
        return r->fail.status;
    }
    if (r->lim.max_stream && len > r->lim.max_stream - r->offset)
        return fail(r, err, CK_ERR_LIMIT, "tar: stream longer than the limit of %llu bytes",
                    (unsigned long long)r->lim.max_stream);
    while (len > 0) {
        size_t n;
        switch (r->state) {
        case ST_HEADER:
            if (!fill_block(r, &p, &len))
                break;
            st = on_header(r, err);
            r->offset += CK_TAR_BLOCK;
            if (st != CK_OK)
                return st;
            break;
        case ST_DATA:
            n = r->remaining < len ? (size_t)r->remaining : len;
            if (r->want && r->h.data) {
                struct ck_err cb;
                ck_err_clear(&cb);
                st = r->h.data(r->h.ctx, p, n, &cb);
                if (st != CK_OK) {
                    r->offset += n;
                    return fail_from(r, err, st, &cb);
                }
            }
            if (take_member_bytes(r, &p, &len, n)) {
                st = entry_end(r, err);
                if (st != CK_OK)
                    return st;
                to_padding(r);
            }
            break;
        case ST_META:
            n = r->remaining < len ? (size_t)r->remaining : len;
            if (ck_buf_append(&r->meta, p, n) != CK_OK)
                return fail(r, err, CK_ERR_NOMEM, "tar: out of memory");
            if (take_member_bytes(r, &p, &len, n)) {
                st = meta_done(r, err);
                if (st != CK_OK)
                    return st;
                to_padding(r);
            }
            break;
        case ST_SPARSE:
            if (!fill_block(r, &p, &len))
                break;
            r->offset += CK_TAR_BLOCK;
            if (r->block[X_GNU_ISEXTENDED])
                break;
            if (r->remaining) {
                r->state = ST_DATA;
            } else {
                if ((st = entry_end(r, err)) != CK_OK)
                    return st;
                r->state = ST_HEADER;
            }
            break;
        case ST_PAD:
            n = r->pad < len ? (size_t)r->pad : len;
            p += n;
            len -= n;
            r->offset += n;
            r->pad -= n;
            if (r->pad == 0)
                r->state = ST_HEADER;
            break;
        case ST_END:
            r->offset += len;
            len = 0;
            break;
        case ST_FAILED:
            if (err)
                *err = r->fail;
            return r->fail.status;
        }
    }
    return CK_OK;
}

enum ck_status ck_tar_reader_finish(struct ck_tar_reader *r, struct ck_err *err)
{
    switch (r->state) {
    case ST_FAILED:
        if (err)
            *err = r->fail;
        return r->fail.status;
    case ST_END:
        return CK_OK;
    case ST_HEADER:
        if (r->block_len == 0 && !r->entry_started)
            return CK_OK;
        if (r->block_len == 0)
            return fail(r, err, CK_ERR_PARSE,
                        "tar: archive truncated at offset %llu: an extended header has no entry",
                        (unsigned long long)r->offset);
        return fail(r, err, CK_ERR_PARSE, "tar: archive truncated at offset %llu inside a header",
                    (unsigned long long)(r->offset + r->block_len));
    case ST_DATA:
        return fail(r, err, CK_ERR_PARSE,
                    "tar: archive truncated at offset %llu: entry '%s' lacks %llu bytes",
                    (unsigned long long)r->offset, r->cur_path ? r->cur_path : "",
                    (unsigned long long)r->remaining);
    case ST_META:
        return fail(r, err, CK_ERR_PARSE, "tar: archive truncated at offset %llu inside an extended header",
                    (unsigned long long)r->offset);
    case ST_SPARSE:
        return fail(r, err, CK_ERR_PARSE, "tar: archive truncated at offset %llu inside a sparse header",
                    (unsigned long long)(r->offset + r->block_len));
    case ST_PAD:
        /* Some writers stop right after the last entry's data. */
        return CK_OK;
    }
    return CK_OK;
}

enum ck_status ck_tar_reader_pump(struct ck_tar_reader *r, ck_tar_read_fn fn, void *ctx, struct ck_err *err)
{
    enum { CHUNK = 64 * 1024 };
    unsigned char *buf = malloc(CHUNK);
    enum ck_status st = CK_OK;

    if (!buf)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    for (;;) {
        long long n = fn(ctx, buf, CHUNK, err);
        if (n < 0) {
            st = err && err->status != CK_OK ? err->status : CK_ERR_IO;
            break;
        }
        if (n == 0) {
            st = ck_tar_reader_finish(r, err);
            break;
        }
        st = ck_tar_reader_feed(r, buf, (size_t)n, err);
        if (st != CK_OK)
            break;
    }
    free(buf);
    return st;
}

/* ---- paths ------------------------------------------------------------- */

/* Appends component c (len n) to the cleaned path in b, handling "." and "..". */
static enum ck_status push_component(struct ck_buf *b, const char *c, size_t n)
{
    if (n == 0 || (n == 1 && c[0] == '.'))
        return CK_OK;
    if (n == 2 && c[0] == '.' && c[1] == '.') {
        char *slash;
        if (b->len == 0)
            return CK_OK; /* at the root */
        slash = strrchr(b->data, '/');
        b->len = slash ? (size_t)(slash - b->data) : 0;
        b->data[b->len] = '\0';
        return CK_OK;
    }
    if (b->len && ck_buf_putc(b, '/'))
        return CK_ERR_NOMEM;
    return ck_buf_append(b, c, n);
}

char *ck_tar_path_clean(const char *path)
{
    struct ck_buf b;
    const char *p = path;

    ck_buf_init(&b);
    if (ck_buf_reserve(&b, strlen(path)) != CK_OK)
        return NULL;
    b.data[0] = '\0';
    while (*p) {
        const char *s = strchr(p, '/');
        size_t n = s ? (size_t)(s - p) : strlen(p);
        if (push_component(&b, p, n) != CK_OK) {
            ck_buf_release(&b);
            return NULL;
        }
        p += n;
        if (*p == '/')
            p++;
    }
    return ck_buf_take(&b);
}

enum ck_status ck_tar_path_resolve(const char *path, int follow_final, ck_tar_link_fn link_fn, void *ctx,
                                   char **out, struct ck_err *err)
{
    struct ck_buf done, rest;
    size_t pos = 0;
    int follows = 0;
    enum ck_status st = CK_OK;

    ck_buf_init(&done);
    ck_buf_init(&rest);
    if (ck_buf_puts(&rest, path) || ck_buf_reserve(&done, 16)) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    done.data[0] = '\0';
    while (pos < rest.len) {
        const char *c = rest.data + pos;
        const char *s = strchr(c, '/');
        size_t n = s ? (size_t)(s - c) : strlen(c);
        const char *target;
        int last;
        size_t before = done.len;

        pos += n + (s ? 1 : 0);
        if (push_component(&done, c, n) != CK_OK) {
            st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
            continue; /* nothing new to look up */
        last = pos >= rest.len;
        if (last && !follow_final)
            break;
        target = link_fn ? link_fn(ctx, done.data) : NULL;
        if (!target)
            continue;
        if (++follows > MAX_LINK_FOLLOWS) {
            st = ck_err_set(err, CK_ERR_LIMIT, "too many levels of symbolic links resolving /%s", path);
            goto cleanup;
        }
        {
            /* rest := target + "/" + what is left; done := the link's parent (or root). */
            struct ck_buf nrest;
            ck_buf_init(&nrest);
            if (ck_buf_puts(&nrest, target) || (pos < rest.len && (ck_buf_putc(&nrest, '/') ||
                                                                   ck_buf_puts(&nrest, rest.data + pos)))) {
                ck_buf_release(&nrest);
                st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
                goto cleanup;
            }
            ck_buf_release(&rest);
            rest = nrest;
            pos = 0;
            if (rest.len > MAX_RESOLVE_LEN) {
                st = ck_err_set(err, CK_ERR_LIMIT, "path too long resolving /%s", path);
                goto cleanup;
            }
            if (target[0] == '/') {
                done.len = 0;
            } else {
                done.len = before;
            }
            done.data[done.len] = '\0';
        }
    }
    *out = ck_buf_take(&done);
    if (!*out)
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
cleanup:
    ck_buf_release(&done);
    ck_buf_release(&rest);
    return st;
}
