/* Sorted index over a findings set (see findindex.h). */
#include "report/findindex.h"

#include <stdlib.h>
#include <string.h>

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

static const char *key_id(enum ck_findkey key, const struct ck_history_finding *f)
{
    if (key == CK_FINDKEY_CVE && f->cve && *f->cve)
        return f->cve;
    return or_empty(f->record_id);
}

int ck_findkey_cmp(enum ck_findkey key, const struct ck_history_finding *a, const struct ck_history_finding *b)
{
    int c = strcmp(key_id(key, a), key_id(key, b));
    return c ? c : strcmp(or_empty(a->package), or_empty(b->package));
}

/* qsort has no context argument in C11: sort by each key with its own
 * comparator. */
static int cmp_record(const void *pa, const void *pb)
{
    return ck_findkey_cmp(CK_FINDKEY_RECORD, *(const struct ck_history_finding *const *)pa,
                          *(const struct ck_history_finding *const *)pb);
}

static int cmp_cve(const void *pa, const void *pb)
{
    return ck_findkey_cmp(CK_FINDKEY_CVE, *(const struct ck_history_finding *const *)pa,
                          *(const struct ck_history_finding *const *)pb);
}

enum ck_status ck_find_index_build(struct ck_find_index *idx, const struct ck_history_findings *set,
                                   enum ck_findkey key)
{
    const struct ck_history_finding **items = NULL;
    size_t i;

    if (set->count) {
        items = malloc(set->count * sizeof *items);
        if (!items)
            return CK_ERR_NOMEM;
        for (i = 0; i < set->count; i++)
            items[i] = &set->items[i];
        qsort(items, set->count, sizeof *items, key == CK_FINDKEY_CVE ? cmp_cve : cmp_record);
    }
    idx->items = items;
    idx->count = set->count;
    idx->key = key;
    return CK_OK;
}

void ck_find_index_release(struct ck_find_index *idx)
{
    free(idx->items);
    memset(idx, 0, sizeof *idx);
}

const struct ck_history_finding *ck_find_index_get(const struct ck_find_index *idx,
                                                   const struct ck_history_finding *f)
{
    size_t lo = 0, hi = idx->count;

    /* Lower bound, so that the first of equal keys is returned. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ck_findkey_cmp(idx->key, idx->items[mid], f) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < idx->count && ck_findkey_cmp(idx->key, idx->items[lo], f) == 0)
        return idx->items[lo];
    return NULL;
}
