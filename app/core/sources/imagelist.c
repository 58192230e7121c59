/* Image lists: an ordered set of normalised references, and its text file. */
#include "sources/imagelist.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "platform/file.h"
#include "platform/platform.h"
#include "util/buf.h"
#include "util/log.h"

void ck_imagelist_init(struct ck_imagelist *list)
{
    memset(list, 0, sizeof *list);
}

void ck_imagelist_release(struct ck_imagelist *list)
{
    size_t i;
    if (!list)
        return;
    for (i = 0; i < list->count; i++) {
        ck_imageref_release(&list->items[i]);
        free(list->keys[i]);
    }
    free(list->items);
    free(list->keys);
    free(list->slots);
    memset(list, 0, sizeof *list);
}

/* FNV-1a: short keys, no adversary worth a keyed hash. */
static size_t hash_key(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 1099511628211ULL;
    }
    return (size_t)h;
}

/* The slot holding key, or the free slot where it would go. */
static size_t find_slot(const struct ck_imagelist *list, const char *key)
{
    size_t mask = list->nslots - 1, i = hash_key(key) & mask;
    while (list->slots[i] && strcmp(list->keys[list->slots[i] - 1], key) != 0)
        i = (i + 1) & mask;
    return i;
}

/* Keeps the table at most half full. */
static enum ck_status grow_slots(struct ck_imagelist *list)
{
    size_t n = list->nslots ? list->nslots * 2 : 64, i, *old = list->slots, oldn = list->nslots;

    if (list->count + 1 <= list->nslots / 2)
        return CK_OK;
    list->slots = calloc(n, sizeof *list->slots);
    if (!list->slots) {
        list->slots = old;
        return CK_ERR_NOMEM;
    }
    list->nslots = n;
    for (i = 0; i < oldn; i++)
        if (old[i])
            list->slots[find_slot(list, list->keys[old[i] - 1])] = old[i];
    free(old);
    return CK_OK;
}

static enum ck_status grow_items(struct ck_imagelist *list)
{
    size_t cap = list->cap ? list->cap * 2 : 16;
    struct ck_imageref *items;
    char **keys;

    if (list->count < list->cap)
        return CK_OK;
    items = realloc(list->items, cap * sizeof *items);
    if (!items)
        return CK_ERR_NOMEM;
    list->items = items;
    keys = realloc(list->keys, cap * sizeof *keys);
    if (!keys)
        return CK_ERR_NOMEM;
    list->keys = keys;
    list->cap = cap;
    return CK_OK;
}

int ck_imagelist_contains(const struct ck_imagelist *list, const struct ck_imageref *ref)
{
    char *key;
    int found;
    if (!list->nslots)
        return 0;
    key = ck_imageref_to_string(ref);
    found = key && list->slots[find_slot(list, key)] != 0;
    free(key);
    return found;
}

enum ck_status ck_imagelist_add(struct ck_imagelist *list, const struct ck_imageref *ref, int *added)
{
    char *key = ck_imageref_to_string(ref);
    struct ck_imageref copy;
    size_t slot;

    if (!key)
        return CK_ERR_NOMEM;
    if (grow_slots(list) != CK_OK || grow_items(list) != CK_OK) {
        free(key);
        return CK_ERR_NOMEM;
    }
    slot = find_slot(list, key);
    if (list->slots[slot]) {
        free(key);
        if (added)
            *added = 0;
        return CK_OK;
    }
    if (ck_imageref_copy(&copy, ref) != CK_OK) {
        free(key);
        return CK_ERR_NOMEM;
    }
    list->items[list->count] = copy;
    list->keys[list->count] = key;
    list->count++;
    list->slots[slot] = list->count;
    if (added)
        *added = 1;
    return CK_OK;
}

enum ck_status ck_imagelist_add_text(struct ck_imagelist *list, const char *text, int *added,
                                     struct ck_err *err)
{
    struct ck_imageref ref;
    enum ck_status st = ck_imageref_parse(&ref, text, err);
    if (st != CK_OK)
        return st;
    st = ck_imagelist_add(list, &ref, added);
    ck_imageref_release(&ref);
    return st == CK_OK ? CK_OK : ck_err_set(err, st, "out of memory");
}

const char *ck_imagelist_string(const struct ck_imagelist *list, size_t i)
{
    return i < list->count ? list->keys[i] : NULL;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

enum ck_status ck_imagelist_read_text(struct ck_imagelist *list, const char *text, size_t len,
                                      const char *name, struct ck_imagelist_stats *stats,
                                      struct ck_err *err)
{
    struct ck_imagelist_stats s = {0, 0, 0, 0};
    const char *p = text, *end = text + len;
    struct ck_buf line;
    enum ck_status st = CK_OK;

    ck_buf_init(&line);
    if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end, *a = p, *b, *hash;
        struct ck_err perr;
        int added = 0;

        s.lines++;
        p = nl ? nl + 1 : end;
        hash = memchr(a, '#', (size_t)(stop - a));
        b = hash ? hash : stop;
        while (a < b && is_space(*a))
            a++;
        while (b > a && is_space(b[-1]))
            b--;
        if (a == b)
            continue;
        ck_buf_reset(&line);
        if ((st = ck_buf_append(&line, a, (size_t)(b - a))) != CK_OK)
            goto cleanup;
        if (memchr(a, '\0', (size_t)(b - a))) {
            ck_log(CK_LOG_WARN, "%s:%lu: the line contains a NUL byte", name, (unsigned long)s.lines);
            s.invalid++;
            continue;
        }
        st = ck_imagelist_add_text(list, line.data, &added, &perr);
        if (st == CK_ERR_NOMEM)
            goto cleanup;
        if (st != CK_OK) {
            ck_log(CK_LOG_WARN, "%s:%lu: %s", name, (unsigned long)s.lines, perr.msg);
            s.invalid++;
            st = CK_OK;
        } else if (added) {
            s.added++;
        } else {
            ck_log(CK_LOG_DEBUG, "%s:%lu: %s is listed already", name, (unsigned long)s.lines, line.data);
            s.duplicates++;
        }
    }
    if (stats)
        *stats = s;

cleanup:
    ck_buf_release(&line);
    return st == CK_OK ? CK_OK : ck_err_set(err, st, "out of memory reading %s", name);
}

enum ck_status ck_imagelist_read_file(struct ck_imagelist *list, const char *path,
                                      struct ck_imagelist_stats *stats, struct ck_err *err)
{
    struct ck_buf data;
    enum ck_status st;

    ck_buf_init(&data);
    st = ck_file_read_all(path, CK_IMAGELIST_FILE_MAX, &data, err);
    if (st == CK_OK)
        st = ck_imagelist_read_text(list, ck_buf_str(&data), data.len, path, stats, err);
    ck_buf_release(&data);
    return st;
}

enum ck_status ck_imagelist_write_file(const struct ck_imagelist *list, const char *path,
                                       struct ck_err *err)
{
    char *tmp = NULL;
    FILE *f = NULL;
    size_t i;
    int failed = 0;
    enum ck_status st = CK_OK;

    tmp = malloc(strlen(path) + 5);
    if (!tmp)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    strcpy(tmp, path);
    strcat(tmp, ".tmp");
    f = ck_fopen(tmp, "wb");
    if (!f) {
        st = ck_err_set(err, CK_ERR_IO, "cannot create %s: %s", tmp, strerror(errno));
        goto cleanup;
    }
    for (i = 0; i < list->count && !failed; i++)
        failed = fputs(list->keys[i], f) < 0 || fputc('\n', f) == EOF;
    failed |= fflush(f) != 0;
    failed |= fclose(f) != 0;
    f = NULL;
    if (failed) {
        st = ck_err_set(err, CK_ERR_IO, "cannot write %s", tmp);
        ck_remove(tmp);
        goto cleanup;
    }
    if ((st = ck_replace_file(tmp, path, err)) != CK_OK)
        ck_remove(tmp);

cleanup:
    free(tmp);
    return st;
}

char *ck_imagelist_default_filename(int64_t when)
{
    struct tm tm;
    char *name = malloc(96);
    if (!name)
        return NULL;
    ck_time_local(when, &tm);
    snprintf(name, 96, "containerkitty_container_list-%04d%02d%02d-%02d%02d.txt", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
    return name;
}
