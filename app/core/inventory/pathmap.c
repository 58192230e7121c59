#include "inventory/pathmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A removed key's slot: probing goes on past it. */
static const char removed[1];
#define REMOVED (&removed[0])

static size_t hash_str(const char *s)
{
    uint64_t h = 14695981039346656037ull; /* FNV-1a */
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ull;
    return (size_t)(h ^ (h >> 32));
}

void ck_pathmap_init(struct ck_pathmap *m) { memset(m, 0, sizeof *m); }

void ck_pathmap_release(struct ck_pathmap *m)
{
    free(m->slots);
    ck_pathmap_init(m);
}

void ck_pathmap_clear(struct ck_pathmap *m)
{
    if (m->slots)
        memset(m->slots, 0, m->nslots * sizeof *m->slots);
    m->live = 0;
    m->used = 0;
}

/* The slot holding key; else, for_insert, the first reusable slot on its
 * probe path, or NULL. */
static struct ck_pathmap_slot *find(const struct ck_pathmap *m, const char *key, int for_insert)
{
    size_t mask = m->nslots - 1, i;
    struct ck_pathmap_slot *reuse = NULL;

    if (!m->nslots)
        return NULL;
    for (i = hash_str(key) & mask;; i = (i + 1) & mask) {
        struct ck_pathmap_slot *s = &m->slots[i];
        if (!s->key)
            return for_insert ? (reuse ? reuse : s) : NULL;
        if (s->key == REMOVED) {
            if (!reuse)
                reuse = s;
        } else if (!strcmp(s->key, key)) {
            return s;
        }
    }
}

int ck_pathmap_get(const struct ck_pathmap *m, const char *key, size_t *value)
{
    const struct ck_pathmap_slot *s = find(m, key, 0);
    if (!s)
        return 0;
    *value = s->value;
    return 1;
}

/* A table for the live keys and one more at most a quarter full, without
 * the removed slots. */
static enum ck_status resize(struct ck_pathmap *m)
{
    struct ck_pathmap old = *m;
    size_t n = 16, i;

    while (n < (m->live + 1) * 4)
        n *= 2;
    m->slots = calloc(n, sizeof *m->slots);
    if (!m->slots) {
        *m = old;
        return CK_ERR_NOMEM;
    }
    m->nslots = n;
    m->live = m->used = 0;
    for (i = 0; i < old.nslots; i++) {
        const struct ck_pathmap_slot *s = &old.slots[i];
        if (s->key && s->key != REMOVED)
            *find(m, s->key, 1) = *s;
    }
    m->live = m->used = old.live;
    free(old.slots);
    return CK_OK;
}

enum ck_status ck_pathmap_put(struct ck_pathmap *m, const char *key, size_t value)
{
    struct ck_pathmap_slot *s = find(m, key, 1);

    if (s && s->key && s->key != REMOVED) {
        s->key = key;
        s->value = value;
        return CK_OK;
    }
    /* at most half the slots in use, removed ones included */
    if ((m->used + 1) * 2 > m->nslots) {
        if (resize(m) != CK_OK)
            return CK_ERR_NOMEM;
        s = find(m, key, 1);
    }
    if (!s->key)
        m->used++;
    s->key = key;
    s->value = value;
    m->live++;
    return CK_OK;
}

void ck_pathmap_remove(struct ck_pathmap *m, const char *key)
{
    struct ck_pathmap_slot *s = find(m, key, 0);
    if (!s)
        return;
    s->key = REMOVED;
    m->live--;
}
