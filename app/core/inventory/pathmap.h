/* Inside the inventory module: a hash table from path strings to numbers
 * (positions in the caller's own arrays). Keys are not copied: the caller
 * keeps each key string alive and unchanged while the table holds it.
 * struct ck_pathmap is caller-owned (ck_pathmap_init / _release). */
#ifndef CK_INVENTORY_PATHMAP_H
#define CK_INVENTORY_PATHMAP_H

#include <stddef.h>

#include "util/status.h"

struct ck_pathmap_slot {
    const char *key; /* NULL: empty */
    size_t value;
};

struct ck_pathmap {
    struct ck_pathmap_slot *slots;
    size_t nslots; /* 0 or a power of two */
    size_t live;   /* keys held */
    size_t used;   /* slots not empty: live ones and removed ones */
};

void ck_pathmap_init(struct ck_pathmap *m);
void ck_pathmap_release(struct ck_pathmap *m);
/* Forgets every key; the table keeps its size. */
void ck_pathmap_clear(struct ck_pathmap *m);
/* 1 with *value when key is held, else 0 (value untouched). */
int ck_pathmap_get(const struct ck_pathmap *m, const char *key, size_t *value);
/* Adds key, or gives a held key its new value (and key pointer). Errors:
 * out of memory only (the table is unchanged). */
enum ck_status ck_pathmap_put(struct ck_pathmap *m, const char *key, size_t value);
/* Removes key when held. */
void ck_pathmap_remove(struct ck_pathmap *m, const char *key);

#endif
