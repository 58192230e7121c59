/* libFuzzer target: the layers' decompressors (gzip, zstd), alone and as a
 * layer through the tar reader and the inventory. The first byte chooses
 * the size of the pieces the rest is fed in; the rest is the compressed
 * layer. Besides never crashing, leaking or allocating past the limits, a
 * stream the decompressor reads to its end must decompress to the same
 * bytes, with the same result, whole or in pieces: a difference aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/decomp.h"
#include "inventory/inventory.h"
#include "util/buf.h"

/* Output kept of one stream; past it the sink gives up. */
#define KEEP_MAX (4u << 20)

struct keep {
    struct ck_buf out;
    int full;
};

static enum ck_status keep_write(void *ctx, const void *data, size_t len, struct ck_err *err)
{
    struct keep *k = ctx;
    (void)err;
    if (k->out.len + len > KEEP_MAX) {
        len = KEEP_MAX - k->out.len;
        k->full = 1;
    }
    return ck_buf_append(&k->out, data, len);
}

static int keep_gave_up(void *ctx) { return ((struct keep *)ctx)->full; }

static int keep_complete(void *ctx)
{
    (void)ctx;
    return 0;
}

static enum ck_status decompress(enum ck_decomp_kind kind, const uint8_t *data, size_t size, size_t chunk,
                                 struct keep *k)
{
    struct ck_decomp_sink sink = {keep_write, keep_gave_up, keep_complete, NULL};
    struct ck_decomp *d = NULL;
    struct ck_err err;
    enum ck_status st;
    size_t off;

    sink.ctx = k;
    if ((st = ck_decomp_new(&d, kind, &sink)) != CK_OK)
        return st;
    for (off = 0; st == CK_OK && off < size; off += chunk)
        st = ck_decomp_feed(d, data + off, size - off < chunk ? size - off : chunk, &err);
    if (st == CK_OK)
        st = ck_decomp_finish(d, &err);
    ck_decomp_free(d);
    return st;
}

static void compare(enum ck_decomp_kind kind, const uint8_t *data, size_t size, size_t chunk)
{
    struct keep whole = {0}, parts = {0};
    enum ck_status a, b;

    ck_buf_init(&whole.out);
    ck_buf_init(&parts.out);
    a = decompress(kind, data, size, size ? size : 1, &whole);
    b = decompress(kind, data, size, chunk, &parts);
    if (!whole.full && !parts.full && a != CK_ERR_NOMEM && b != CK_ERR_NOMEM) {
        if (a != b)
            abort();
        if (a == CK_OK && (whole.out.len != parts.out.len ||
                           (whole.out.len && memcmp(whole.out.data, parts.out.data, whole.out.len) != 0)))
            abort();
    }
    ck_buf_release(&whole.out);
    ck_buf_release(&parts.out);
}

static void layer(const uint8_t *data, size_t size, size_t chunk)
{
    struct ck_inventory_collector *c = NULL;
    struct ck_inventory_limits lim;
    struct ck_inventory inv;
    struct ck_err err;
    enum ck_status st;
    size_t off;

    ck_inventory_limits_default(&lim);
    lim.max_db_bytes = 1 << 20;
    if (ck_inventory_collector_new(&c, CK_INVENTORY_FILES, &lim) != CK_OK)
        return;
    ck_inventory_init(&inv);
    st = ck_inventory_collector_begin_layer(c, "fuzz", &err);
    for (off = 0; st == CK_OK && off < size; off += chunk)
        st = ck_inventory_collector_feed(c, data + off, size - off < chunk ? size - off : chunk, &err);
    if (st == CK_OK && ck_inventory_collector_end(c, &err) == CK_OK)
        ck_inventory_collector_finish(c, &inv, &err);
    ck_inventory_release(&inv);
    ck_inventory_collector_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    enum ck_decomp_kind kind;
    size_t chunk;

    if (size < 1)
        return 0;
    chunk = (size_t)data[0] * 13 + 1;
    data++;
    size--;
    kind = ck_decomp_sniff(data, size);
    if (kind != CK_DECOMP_NONE)
        compare(kind, data, size, chunk);
    layer(data, size, chunk);
    layer(data, size, size ? size : 1);
    return 0;
}
