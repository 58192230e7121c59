/* Lists of decisions whose strings the tests own (static text): appended
 * without copies, released without freeing the strings. */
#ifndef CK_TEST_DECISION_BUILD_H
#define CK_TEST_DECISION_BUILD_H

#include <stdlib.h>

#include "store/decisions.h"

/* Appends d (its strings borrowed), numbered in order as the store would. */
static inline void push(struct ck_decisions *list, struct ck_decision d)
{
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 8;
        list->items = realloc(list->items, list->cap * sizeof *list->items);
        if (!list->items)
            abort();
    }
    d.id = (int64_t)list->count + 1;
    list->items[list->count++] = d;
}

/* Frees what the list itself holds: its array and its index. */
static inline void release_borrowed(struct ck_decisions *list)
{
    free(list->items);
    free(list->hash);
    ck_decisions_init(list);
}

#endif
