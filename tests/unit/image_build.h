/* What the tests of whole images share: tar entries holding other archives
 * or fixture files, gzip and zstd layers, and the inventory's warnings.
 * Built on tar_build.h. */
#ifndef CK_IMAGE_BUILD_H
#define CK_IMAGE_BUILD_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "ck_test.h"
#include "inventory/inventory.h"
#include "tar_build.h"

/* An entry whose contents are another archive (a layer, a blob). */
static inline void tb_blob(struct tb *t, const char *name, const struct tb *content)
{
    tb_header(t, name, '0', content->len, NULL, 0);
    tb_data(t, content->data, content->len);
}

/* An entry whose contents come from the fixture dir/rel. */
static inline void tb_fixture_from(struct tb *t, const char *dir, const char *name, const char *rel)
{
    size_t len = 0;
    char *data = ck_test_read_file(dir, rel, &len);
    if (!data) {
        fprintf(stderr, "missing fixture %s\n", rel);
        abort();
    }
    tb_header(t, name, '0', len, NULL, 0);
    tb_data(t, data, len);
    free(data);
}

/* in, gzip-compressed, appended to out. */
static inline void gzip_of(const struct tb *in, struct tb *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    tb_reserve(out, deflateBound(&z, (uLong)in->len) + 64);
    z.next_in = in->data;
    z.avail_in = (uInt)in->len;
    z.next_out = out->data + out->len;
    z.avail_out = (uInt)(out->cap - out->len);
    deflate(&z, Z_FINISH);
    out->len += z.total_out;
    deflateEnd(&z);
}

/* in, zstd-compressed as one frame at level (1..22), appended to out. */
static inline void zstd_of(const struct tb *in, struct tb *out, int level)
{
    size_t n;
    tb_reserve(out, ZSTD_compressBound(in->len));
    n = ZSTD_compress(out->data + out->len, out->cap - out->len, in->data, in->len, level);
    if (ZSTD_isError(n)) {
        fprintf(stderr, "ZSTD_compress: %s\n", ZSTD_getErrorName(n));
        abort();
    }
    out->len += n;
}

static inline int has_warning(const struct ck_inventory *inv, const char *needle)
{
    size_t i;
    for (i = 0; i < inv->warning_count; i++)
        if (strstr(inv->warnings[i], needle))
            return 1;
    return 0;
}

static inline void dump_warnings(const struct ck_inventory *inv)
{
    size_t i;
    for (i = 0; i < inv->warning_count; i++)
        fprintf(stderr, "  warning: %s\n", inv->warnings[i]);
}

#endif
