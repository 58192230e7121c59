/* libFuzzer target: the apk installed-database parser, with file lists. The
 * input split at a position given by its first byte must parse as the whole. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/apk.h"

static void parse(const uint8_t *data, size_t size, size_t split, struct ck_inventory *inv)
{
    struct ck_apk_parser *p = NULL;
    inv->flags = CK_INVENTORY_FILES;
    if (ck_apk_parser_new(&p, inv, "installed") != CK_OK)
        return;
    ck_apk_parser_feed(p, data, split);
    ck_apk_parser_feed(p, data + split, size - split);
    ck_apk_parser_finish(p);
    ck_apk_parser_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_inventory whole, split;
    size_t i;

    ck_inventory_init(&whole);
    ck_inventory_init(&split);
    parse(data, size, 0, &whole);
    parse(data, size, size ? (size_t)data[0] % (size + 1) : 0, &split);
    if (whole.count != split.count || whole.file_count != split.file_count ||
        whole.warning_count != split.warning_count)
        abort();
    for (i = 0; i < whole.count; i++)
        if (strcmp(whole.packages[i].name, split.packages[i].name) ||
            strcmp(whole.packages[i].version, split.packages[i].version))
            abort();
    for (i = 0; i < whole.file_count; i++)
        if (strcmp(whole.files[i].path, split.files[i].path) || whole.files[i].package >= whole.count)
            abort();
    ck_inventory_sort(&whole);
    for (i = 0; i < whole.file_count; i++)
        if (whole.files[i].package >= whole.count)
            abort();
    ck_inventory_release(&whole);
    ck_inventory_release(&split);
    return 0;
}
