/* libFuzzer target: any input read as a zip archive, from memory, with
 * small caps. Every entry read must deliver exactly its declared size. */
#include <stdint.h>
#include <stdlib.h>

#include "util/zip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum ck_status count_bytes(void *ctx, const void *p, size_t n)
{
    (void)p;
    *(uint64_t *)ctx += n;
    return CK_OK;
}

static enum ck_status whole_entry(void *ctx, const struct ck_zip_entry *e, const char *p, size_t n)
{
    (void)ctx;
    if (n != e->size || p[n] != '\0')
        abort();
    return CK_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_zip_limits limits = {1u << 20, 8u << 20, 4096};
    struct ck_zip *z = NULL;
    struct ck_err err;
    size_t i;

    if (ck_zip_open_mem(data, size, &limits, &z, &err) != CK_OK)
        return 0;
    for (i = 0; i < ck_zip_count(z); i++) {
        uint64_t got = 0;
        if (ck_zip_read(z, i, count_bytes, &got, &err) == CK_OK && got != ck_zip_entry_at(z, i)->size)
            abort();
    }
    (void)ck_zip_foreach(z, whole_entry, NULL, &err);
    ck_zip_close(z);
    return 0;
}
