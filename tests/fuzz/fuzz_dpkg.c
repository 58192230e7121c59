/* libFuzzer target: the dpkg status parser, in both modes. The input split
 * at a position given by its first byte must parse exactly as the whole. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/dpkg.h"

static void parse(const uint8_t *data, size_t size, size_t split, unsigned flags, struct ck_inventory *inv)
{
    struct ck_dpkg_parser *p = NULL;
    if (ck_dpkg_parser_new(&p, inv, "status", flags) != CK_OK)
        return;
    ck_dpkg_parser_feed(p, data, split);
    ck_dpkg_parser_feed(p, data + split, size - split);
    ck_dpkg_parser_finish(p);
    ck_dpkg_parser_free(p);
}

static int same(const struct ck_inventory *a, const struct ck_inventory *b)
{
    size_t i;
    if (a->count != b->count || a->warning_count != b->warning_count)
        return 0;
    for (i = 0; i < a->count; i++)
        if (strcmp(a->packages[i].name, b->packages[i].name) || strcmp(a->packages[i].version, b->packages[i].version) ||
            strcmp(a->packages[i].source_name, b->packages[i].source_name) ||
            strcmp(a->packages[i].source_version, b->packages[i].source_version))
            return 0;
    for (i = 0; i < a->warning_count; i++)
        if (strcmp(a->warnings[i], b->warnings[i]))
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned flags;
    for (flags = 0; flags <= CK_DPKG_STATUS_D; flags++) {
        struct ck_inventory whole, split;
        ck_inventory_init(&whole);
        ck_inventory_init(&split);
        parse(data, size, 0, flags, &whole);
        parse(data, size, size ? (size_t)data[0] % (size + 1) : 0, flags, &split);
        if (!same(&whole, &split))
            abort();
        ck_inventory_sort(&whole);
        ck_inventory_release(&whole);
        ck_inventory_release(&split);
    }
    return 0;
}
