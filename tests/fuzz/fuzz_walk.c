/* libFuzzer target: the whole-filesystem walk over hostile layers. The
 * input (after a first byte choosing the chunk size) is fed as one layer
 * and as a `docker save` archive, walked (every entry a node, programs
 * classified, hashed and searched for Go and Rust build information,
 * catalogers' files parsed, ownership resolved through the image's links)
 * and written out as the bill of materials and the unmanaged list. Besides
 * never crashing, the walk must give the same inventory whatever the chunk
 * size: a difference aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/inventory.h"
#include "inventory/sbom.h"
#include "report/unmanaged.h"

static char *walk(const uint8_t *data, size_t size, size_t chunk, int image)
{
    struct ck_inventory_collector *c = NULL;
    struct ck_inventory_limits lim;
    struct ck_inventory inv;
    struct ck_err err;
    enum ck_status st;
    char *doc = NULL, *list = NULL;
    size_t off;

    ck_inventory_limits_default(&lim);
    lim.max_db_bytes = 1 << 20;
    lim.max_file_bytes = 1 << 20;
    lim.max_walk_entries = 5000;
    if (ck_inventory_collector_new(&c, CK_INVENTORY_WALK, &lim) != CK_OK)
        return NULL;
    ck_inventory_init(&inv);
    st = image ? ck_inventory_collector_begin_image(c, "fuzz", &err) : ck_inventory_collector_begin_layer(c, "fuzz", &err);
    for (off = 0; st == CK_OK && off < size; off += chunk)
        st = ck_inventory_collector_feed(c, data + off, size - off < chunk ? size - off : chunk, &err);
    if (st == CK_OK && ck_inventory_collector_end(c, &err) == CK_OK &&
        ck_inventory_collector_finish(c, &inv, &err) == CK_OK) {
        ck_sbom_render(&inv, CK_SBOM_CYCLONEDX, "fuzz", &doc, &err);
        free(doc);
        doc = NULL;
        ck_unmanaged_render_text(&inv, "fuzz", &list);
        free(list);
        ck_sbom_render(&inv, CK_SBOM_JSON, "fuzz", &doc, &err);
    }
    ck_inventory_release(&inv);
    ck_inventory_collector_free(c);
    return doc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t chunk;
    int image;

    if (size < 1)
        return 0;
    chunk = (size_t)data[0] * 13 + 1;
    data++;
    size--;
    for (image = 0; image < 2; image++) {
        char *whole = walk(data, size, size ? size : 1, image), *parts = walk(data, size, chunk, image);
        if ((whole == NULL) != (parts == NULL) || (whole && strcmp(whole, parts) != 0))
            abort();
        free(whole);
        free(parts);
    }
    return 0;
}
