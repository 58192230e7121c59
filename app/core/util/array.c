#include "util/array.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_CAPACITY 16

enum ck_status ck_array_grow(void *items_ptr, size_t *cap, size_t count, size_t elem_size)
{
    void *items, *grown;
    size_t n;

    if (count < *cap)
        return CK_OK;
    n = *cap ? *cap * 2 : FIRST_CAPACITY;
    if (n < *cap || n > SIZE_MAX / elem_size)
        return CK_ERR_NOMEM;
    /* items_ptr is a T **: go through memcpy, not a cast to void **. */
    memcpy(&items, items_ptr, sizeof items);
    grown = realloc(items, n * elem_size);
    if (!grown)
        return CK_ERR_NOMEM;
    memcpy(items_ptr, &grown, sizeof grown);
    *cap = n;
    return CK_OK;
}
