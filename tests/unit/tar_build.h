/* A tiny tar writer for tests: builds archives in memory, header by header,
 * including the awkward cases a reader must handle (pax records, GNU long
 * names, base-256 sizes, prefix-split names, wrong checksums). Written from
 * the POSIX ustar / pax layout (IEEE Std 1003.1, "pax" utility) and GNU
 * tar's documented extensions. */
#ifndef CK_TEST_TAR_BUILD_H
#define CK_TEST_TAR_BUILD_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tb {
    unsigned char *data;
    size_t len, cap;
};

enum {
    TB_BASE256 = 1, /* size as a base-256 number */
    TB_BADSUM = 2,  /* wrong checksum */
    TB_GNU = 4,     /* GNU magic "ustar  " */
    TB_PREFIX = 8   /* split name at its last '/' into prefix + name */
};

static inline void tb_reserve(struct tb *t, size_t n)
{
    if (t->len + n <= t->cap)
        return;
    while (t->len + n > t->cap)
        t->cap = t->cap ? t->cap * 2 : 4096;
    t->data = realloc(t->data, t->cap);
    if (!t->data)
        abort();
}

static inline void tb_put(struct tb *t, const void *p, size_t n)
{
    tb_reserve(t, n);
    memcpy(t->data + t->len, p, n);
    t->len += n;
}

static inline void tb_pad(struct tb *t)
{
    static const unsigned char zero[512];
    if (t->len % 512)
        tb_put(t, zero, 512 - t->len % 512);
}

static inline void tb_octal(unsigned char *f, size_t width, uint64_t v)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%0*llo", (int)(width - 1), (unsigned long long)v);
    memcpy(f, tmp, width - 1);
    f[width - 1] = '\0';
}

static inline void tb_header(struct tb *t, const char *name, char type, uint64_t size, const char *link, int flags)
{
    unsigned char h[512];
    unsigned long sum = 0;
    size_t i, n = strlen(name);
    const char *slash = (flags & TB_PREFIX) ? strrchr(name, '/') : NULL;

    memset(h, 0, sizeof h);
    if (slash) {
        memcpy(h + 345, name, (size_t)(slash - name));
        memcpy(h, slash + 1, strlen(slash + 1) > 100 ? 100 : strlen(slash + 1));
    } else {
        memcpy(h, name, n > 100 ? 100 : n);
    }
    tb_octal(h + 100, 8, type == '5' ? 0755 : 0644);
    tb_octal(h + 108, 8, 0);
    tb_octal(h + 116, 8, 0);
    if (flags & TB_BASE256) {
        h[124] = 0x80;
        for (i = 0; i < 8; i++)
            h[135 - i] = (unsigned char)(size >> (8 * i));
    } else {
        tb_octal(h + 124, 12, size);
    }
    tb_octal(h + 136, 12, 1700000000);
    h[156] = (unsigned char)type;
    if (link)
        memcpy(h + 157, link, strlen(link) > 100 ? 100 : strlen(link));
    if (flags & TB_GNU)
        memcpy(h + 257, "ustar  ", 8);
    else
        memcpy(h + 257, "ustar\0" "00", 8);
    memcpy(h + 265, "root", 4);
    memcpy(h + 297, "root", 4);
    memset(h + 148, ' ', 8);
    for (i = 0; i < 512; i++)
        sum += h[i];
    if (flags & TB_BADSUM)
        sum += 1;
    snprintf((char *)h + 148, 8, "%06lo", sum);
    h[155] = ' ';
    tb_put(t, h, 512);
}

static inline void tb_data(struct tb *t, const void *d, size_t n)
{
    tb_put(t, d, n);
    tb_pad(t);
}

static inline void tb_file(struct tb *t, const char *name, const char *content)
{
    tb_header(t, name, '0', strlen(content), NULL, 0);
    tb_data(t, content, strlen(content));
}

static inline void tb_dir(struct tb *t, const char *name) { tb_header(t, name, '5', 0, NULL, 0); }

static inline void tb_symlink(struct tb *t, const char *name, const char *target)
{
    tb_header(t, name, '2', 0, target, 0);
}

static inline void tb_hardlink(struct tb *t, const char *name, const char *target)
{
    tb_header(t, name, '1', 0, target, 0);
}

/* A pax 'x' header with one record per key=value pair (NULL-terminated list). */
static inline void tb_pax(struct tb *t, const char *const *kv)
{
    char rec[4096];
    size_t total = 0, i;
    char *all = NULL;

    for (i = 0; kv[i]; i += 2) {
        size_t body = strlen(kv[i]) + 1 + strlen(kv[i + 1]) + 1; /* "k=v\n" */
        size_t len = body + 2, digits;
        /* the length counts its own digits */
        for (;;) {
            digits = (size_t)snprintf(NULL, 0, "%lu", (unsigned long)len);
            if (digits + 1 + body == len)
                break;
            len = digits + 1 + body;
        }
        snprintf(rec, sizeof rec, "%lu %s=%s\n", (unsigned long)len, kv[i], kv[i + 1]);
        all = realloc(all, total + len);
        memcpy(all + total, rec, len);
        total += len;
    }
    tb_header(t, "./PaxHeaders/x", 'x', total, NULL, 0);
    tb_data(t, all, total);
    free(all);
}

/* A GNU 'L' (long name) or 'K' (long link) record. */
static inline void tb_gnu_long(struct tb *t, char type, const char *name)
{
    tb_header(t, "././@LongLink", type, strlen(name) + 1, NULL, TB_GNU);
    tb_data(t, name, strlen(name) + 1);
}

static inline void tb_end(struct tb *t)
{
    static const unsigned char zero[1024];
    tb_put(t, zero, sizeof zero);
}

static inline void tb_free(struct tb *t)
{
    free(t->data);
    t->data = NULL;
    t->len = t->cap = 0;
}

#endif
