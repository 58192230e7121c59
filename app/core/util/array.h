/* Growable arrays of any element type: (items, count, cap) triples that
 * double their capacity when full. */
#ifndef CK_ARRAY_H
#define CK_ARRAY_H

#include <stddef.h>

#include "util/status.h"

/* Makes room for one more element when count == *cap. items_ptr points to
 * the array's pointer variable (a T **). On failure (CK_ERR_NOMEM) the
 * array is untouched. */
enum ck_status ck_array_grow(void *items_ptr, size_t *cap, size_t count, size_t elem_size);

/* CK_ARRAY_GROW(list->items, list->count, list->cap) */
#define CK_ARRAY_GROW(items, count, cap) ck_array_grow(&(items), &(cap), (count), sizeof *(items))

#endif
