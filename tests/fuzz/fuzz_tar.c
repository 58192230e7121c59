/* libFuzzer target: the streaming tar reader, then the whole inventory
 * collector over the same bytes as a `docker save` archive and as a layer.
 * Besides never crashing, the reader must see the same entries and data
 * whether the input comes whole or in chunks (sizes from the first byte);
 * a difference aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/inventory.h"
#include "inventory/tar.h"
#include "util/buf.h"

static enum ck_status on_entry(void *ctx, const struct ck_tar_entry *e, int *want, struct ck_err *err)
{
    struct ck_buf *log = ctx;
    char *clean = ck_tar_path_clean(e->path);
    (void)err;
    ck_buf_printf(log, "|%d %s>%s %llu:", (int)e->kind, clean ? clean : "", e->linkpath,
                  (unsigned long long)e->size);
    free(clean);
    *want = 1;
    return CK_OK;
}

static enum ck_status on_data(void *ctx, const void *data, size_t len, struct ck_err *err)
{
    (void)err;
    return ck_buf_append(ctx, data, len);
}

static enum ck_status on_end(void *ctx, struct ck_err *err)
{
    (void)err;
    return ck_buf_putc(ctx, '.');
}

static enum ck_status read_tar(const uint8_t *data, size_t size, size_t chunk, struct ck_buf *log)
{
    struct ck_tar_handler h = {on_entry, on_data, on_end, NULL};
    struct ck_tar_limits lim = {4096, 0};
    struct ck_tar_reader *r = NULL;
    struct ck_err err;
    enum ck_status st;
    size_t off;

    h.ctx = log;
    if (ck_tar_reader_new(&r, &h, &lim) != CK_OK)
        return CK_ERR_NOMEM;
    st = CK_OK;
    for (off = 0; st == CK_OK && off < size; off += chunk)
        st = ck_tar_reader_feed(r, data + off, size - off < chunk ? size - off : chunk, &err);
    if (st == CK_OK)
        st = ck_tar_reader_finish(r, &err);
    ck_tar_reader_free(r);
    return st;
}

static void collect(const uint8_t *data, size_t size, int image)
{
    struct ck_inventory_collector *c = NULL;
    struct ck_inventory_limits lim;
    struct ck_inventory inv;
    struct ck_err err;

    ck_inventory_limits_default(&lim);
    lim.max_db_bytes = 1 << 20;
    if (ck_inventory_collector_new(&c, CK_INVENTORY_FILES, &lim) != CK_OK)
        return;
    ck_inventory_init(&inv);
    if ((image ? ck_inventory_collector_begin_image(c, "fuzz", &err) : ck_inventory_collector_begin_layer(c, "fuzz", &err)) ==
            CK_OK &&
        ck_inventory_collector_feed(c, data, size, &err) == CK_OK && ck_inventory_collector_end(c, &err) == CK_OK)
        ck_inventory_collector_finish(c, &inv, &err);
    ck_inventory_release(&inv);
    ck_inventory_collector_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_buf whole, parts;
    enum ck_status a, b;
    size_t chunk;

    if (size < 1)
        return 0;
    chunk = (size_t)data[0] * 7 + 1;
    data++;
    size--;
    ck_buf_init(&whole);
    ck_buf_init(&parts);
    a = read_tar(data, size, size ? size : 1, &whole);
    b = read_tar(data, size, chunk, &parts);
    if (a != b || (a != CK_ERR_NOMEM && strcmp(ck_buf_str(&whole), ck_buf_str(&parts)) != 0))
        abort();
    ck_buf_release(&whole);
    ck_buf_release(&parts);
    collect(data, size, 1);
    collect(data, size, 0);
    return 0;
}
