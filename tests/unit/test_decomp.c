/* The layers' decompressors (inventory/decomp): gzip members and zstd
 * frames one after the other, skippable frames, pieces of any size, output
 * in bounded pieces, the zstd window limit, damaged and truncated streams
 * (alone, and as layers of an image: a warning naming the layer, the other
 * layers read), junk after a complete archive. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "ck_test.h"
#include "image_build.h"
#include "inventory/decomp.h"
#include "inventory/inventory.h"
#include "tar_build.h"
#include "util/buf.h"

/* ---- a sink that keeps everything ---------------------------------------- */

struct keep {
    struct ck_buf out;
    size_t largest; /* the largest piece written */
    int complete;   /* what the sink answers to complete() */
};

static enum ck_status keep_write(void *ctx, const void *data, size_t len, struct ck_err *err)
{
    struct keep *k = ctx;
    (void)err;
    if (len > k->largest)
        k->largest = len;
    return ck_buf_append(&k->out, data, len);
}

static int keep_gave_up(void *ctx)
{
    (void)ctx;
    return 0;
}

static int keep_complete(void *ctx) { return ((struct keep *)ctx)->complete; }

/* Decompresses in (kind) in pieces of chunk bytes (0: whole) into k;
 * returns the first error, err holding its message. */
static enum ck_status run(enum ck_decomp_kind kind, const struct tb *in, size_t chunk, struct keep *k,
                          struct ck_err *err)
{
    struct ck_decomp_sink sink = {keep_write, keep_gave_up, keep_complete, NULL};
    struct ck_decomp *d = NULL;
    enum ck_status st;
    size_t off;

    sink.ctx = k;
    ck_buf_init(&k->out);
    k->largest = 0;
    ck_err_clear(err);
    if ((st = ck_decomp_new(&d, kind, &sink)) != CK_OK)
        return st;
    if (!chunk)
        chunk = in->len ? in->len : 1;
    for (off = 0; st == CK_OK && off < in->len; off += chunk)
        st = ck_decomp_feed(d, in->data + off, in->len - off < chunk ? in->len - off : chunk, err);
    if (st == CK_OK)
        st = ck_decomp_finish(d, err);
    ck_decomp_free(d);
    return st;
}

static int same(const struct keep *k, const struct tb *want)
{
    return k->out.len == want->len && (want->len == 0 || !memcmp(k->out.data, want->data, want->len));
}

/* Bytes that compress well but not to nothing: lines of a dpkg status. */
static void some_text(struct tb *t, size_t n)
{
    size_t i = 0;
    while (t->len < n) {
        char line[80];
        int len = snprintf(line, sizeof line, "Package: pkg%zu\nVersion: 1.%zu-%zu\n\n", i, i % 97, i % 13);
        tb_put(t, line, (size_t)len);
        i++;
    }
    t->len = n;
}

/* A skippable frame (RFC 8878, 3.1.2): magic 0x184D2A5?, size, content. */
static void zstd_skippable(struct tb *out, const char *content)
{
    uint32_t n = (uint32_t)strlen(content);
    unsigned char h[8] = {0x5a, 0x2a, 0x4d, 0x18, (unsigned char)n, (unsigned char)(n >> 8), (unsigned char)(n >> 16),
                          (unsigned char)(n >> 24)};
    tb_put(out, h, sizeof h);
    tb_put(out, content, n);
}

/* A zstd frame written by hand: a window of 2^window_log bytes in its
 * descriptor, the content size in 4 bytes, the content as one raw block
 * (at most 128 KiB). */
static void zstd_raw_frame(struct tb *out, unsigned window_log, const struct tb *content)
{
    uint32_t size = (uint32_t)content->len, block = 1u | (size << 3); /* last block, raw */
    unsigned char h[13] = {0x28, 0xb5, 0x2f, 0xfd,
                           0x80, /* Frame_Content_Size_Flag 2 (4 bytes), not single-segment */
                           (unsigned char)((window_log - 10) << 3)};
    h[6] = (unsigned char)size, h[7] = (unsigned char)(size >> 8), h[8] = (unsigned char)(size >> 16);
    h[9] = (unsigned char)(size >> 24);
    h[10] = (unsigned char)block, h[11] = (unsigned char)(block >> 8), h[12] = (unsigned char)(block >> 16);
    tb_put(out, h, sizeof h);
    tb_put(out, content->data, content->len);
}

/* ---- the stream alone ----------------------------------------------------- */

static void test_sniff(void)
{
    static const unsigned char zstd[] = {0x28, 0xb5, 0x2f, 0xfd, 0}, gzip[] = {0x1f, 0x8b, 8, 0};
    CK_CHECK_INT(ck_decomp_sniff(zstd, 4), CK_DECOMP_ZSTD);
    CK_CHECK_INT(ck_decomp_sniff(zstd, 3), CK_DECOMP_NONE);
    CK_CHECK_INT(ck_decomp_sniff(gzip, 2), CK_DECOMP_GZIP);
    CK_CHECK_INT(ck_decomp_sniff(gzip, 1), CK_DECOMP_NONE);
    CK_CHECK_INT(ck_decomp_sniff("ustar", 5), CK_DECOMP_NONE);
    CK_CHECK_STR(ck_decomp_name(CK_DECOMP_ZSTD), "zstd");
    CK_CHECK_STR(ck_decomp_name(CK_DECOMP_GZIP), "gzip");
}

static void test_misuse(void)
{
    struct ck_decomp_sink sink = {keep_write, keep_gave_up, keep_complete, NULL};
    struct ck_decomp *d = NULL;
    CK_CHECK_INT(ck_decomp_new(&d, CK_DECOMP_NONE, &sink), CK_ERR_ARG);
    CK_CHECK(d == NULL);
    ck_decomp_free(NULL);
}

/* Several frames (levels 1, 19, and a skippable frame between them), the
 * output in pieces no larger than CK_DECOMP_CHUNK, for any input split. */
static void test_zstd_frames(void)
{
    struct tb text = {0}, z = {0}, a = {0}, b = {0};
    static const size_t chunks[] = {0, 1, 7, 4096, 70000};
    struct keep k;
    struct ck_err err;
    size_t i;

    some_text(&text, 300000);
    a.data = text.data, a.len = 100000;
    b.data = text.data + 100000, b.len = text.len - 100000;
    zstd_of(&a, &z, 1);
    zstd_skippable(&z, "not for the decoder");
    zstd_of(&b, &z, 19);
    for (i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        k.complete = 0;
        CK_CHECK_INT(run(CK_DECOMP_ZSTD, &z, chunks[i], &k, &err), CK_OK);
        CK_CHECK(same(&k, &text));
        CK_CHECK(k.largest > 0 && k.largest <= CK_DECOMP_CHUNK);
        ck_buf_release(&k.out);
    }
    tb_free(&text);
    tb_free(&z);
}

static void test_gzip_members(void)
{
    struct tb text = {0}, g = {0}, a = {0}, b = {0};
    struct keep k;
    struct ck_err err;

    some_text(&text, 200000);
    a.data = text.data, a.len = 5000;
    b.data = text.data + 5000, b.len = text.len - 5000;
    gzip_of(&a, &g);
    gzip_of(&b, &g);
    k.complete = 0;
    CK_CHECK_INT(run(CK_DECOMP_GZIP, &g, 3, &k, &err), CK_OK);
    CK_CHECK(same(&k, &text));
    CK_CHECK(k.largest <= CK_DECOMP_CHUNK);
    ck_buf_release(&k.out);
    tb_free(&text);
    tb_free(&g);
}

/* The window a frame may ask for: 2^27 is read, 2^28 refused before
 * anything is decoded. */
static void test_zstd_window_limit(void)
{
    /* single segment, a 4-byte content size of 200 MiB: the window is the content */
    static const unsigned char single[] = {0x28, 0xb5, 0x2f, 0xfd, 0xa0, 0, 0, 0x80, 0x0c, 0x19, 0, 0, 'x'};
    struct tb content = {0}, z = {0};
    struct keep k;
    struct ck_err err;

    some_text(&content, 100000);
    zstd_raw_frame(&z, CK_DECOMP_ZSTD_WINDOW_LOG_MAX, &content);
    k.complete = 0;
    CK_CHECK_INT(run(CK_DECOMP_ZSTD, &z, 0, &k, &err), CK_OK);
    CK_CHECK(same(&k, &content));
    ck_buf_release(&k.out);
    tb_free(&z);

    zstd_raw_frame(&z, CK_DECOMP_ZSTD_WINDOW_LOG_MAX + 1, &content);
    CK_CHECK_INT(run(CK_DECOMP_ZSTD, &z, 0, &k, &err), CK_ERR_LIMIT);
    CK_CHECK_STR(err.msg, "the zstd frame at compressed byte 0 asks for a window of 256 MiB, over the limit of 128 MiB");
    CK_CHECK_INT(k.out.len, 0);
    ck_buf_release(&k.out);
    tb_free(&z);

    /* a frame small enough for zstd to decode in one pass: refused all the
     * same, whole or a byte at a time */
    content.len = 1000;
    zstd_raw_frame(&z, 31, &content);
    CK_CHECK_INT(run(CK_DECOMP_ZSTD, &z, 0, &k, &err), CK_ERR_LIMIT);
    ck_buf_release(&k.out);
    CK_CHECK_INT(run(CK_DECOMP_ZSTD, &z, 1, &k, &err), CK_ERR_LIMIT);
    CK_CHECK(strstr(err.msg, "asks for a window of 2048 MiB, over the limit of 128 MiB") != NULL);
    ck_buf_release(&k.out);
    tb_free(&z);

    tb_put(&z, single, sizeof single);
    CK_CHECK_INT(run(CK_DECOMP_ZSTD, &z, 3, &k, &err), CK_ERR_LIMIT);
    CK_CHECK(strstr(err.msg, "asks for a window of 200 MiB, over the limit of 128 MiB") != NULL);
    ck_buf_release(&k.out);
    tb_free(&z);
    tb_free(&content);
}

/* A frame whose header holds another frame (its dictionary ID is a zstd
 * magic, its content size the start of a frame): zstd would decode the
 * inner one when the outer header came in two pieces. Refused alike,
 * whole or in pieces, for the dictionary it names. */
static void test_zstd_split_header(void)
{
    static const unsigned char frame[] = {0x28, 0xb5, 0x2f, 0xfd, 0xe3, 0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x05, 0,   0,
                                          0,    0,    0,    0,    0,    0x29, 0,    0,    'h',  'e',  'l',  'l', 'o'};
    static const size_t chunks[] = {0, 1, 4, 5, 9};
    struct tb z = {0};
    struct keep k;
    struct ck_err err;
    size_t i;

    tb_put(&z, frame, sizeof frame);
    for (i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        k.complete = 0;
        CK_CHECK_INT(run(CK_DECOMP_ZSTD, &z, chunks[i], &k, &err), CK_ERR_PARSE);
        CK_CHECK(strstr(err.msg, "zstd data corrupt (Dictionary mismatch)") != NULL);
        CK_CHECK_INT(k.out.len, 0);
        ck_buf_release(&k.out);
    }
    tb_free(&z);
}

static void test_zstd_damage(void)
{
    struct tb text = {0}, z = {0};
    ZSTD_CCtx *cc = ZSTD_createCCtx();
    struct keep k;
    struct ck_err err;
    char want[160];
    size_t n;

    CK_REQUIRE(cc != NULL);
    some_text(&text, 50000);
    /* a frame with its content checksum, one byte of the checksum changed */
    ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1);
    tb_reserve(&z, ZSTD_compressBound(text.len));
    n = ZSTD_compress2(cc, z.data, z.cap, text.data, text.len);
    CK_REQUIRE(!ZSTD_isError(n));
    z.len = n;
    z.data[z.len - 1] ^= 0x55;
    k.complete = 0;
    CK_CHECK_INT(run(CK_DECOMP_ZSTD, &z, 1000, &k, &err), CK_ERR_PARSE);
    CK_CHECK_STR(err.msg, "zstd data corrupt (Restored data doesn't match checksum) in the frame at compressed byte 0");
    ck_buf_release(&k.out);
    /* the same place whatever the pieces */
    CK_CHECK_INT(run(CK_DECOMP_ZSTD, &z, 0, &k, &err), CK_ERR_PARSE);
    CK_CHECK_STR(err.msg, "zstd data corrupt (Restored data doesn't match checksum) in the frame at compressed byte 0");
    ck_buf_release(&k.out);
    /* cut short: what was decoded arrived, then the end is an error */
    z.data[z.len - 1] ^= 0x55;
    z.len -= 10;
    CK_CHECK_INT(run(CK_DECOMP_ZSTD, &z, 0, &k, &err), CK_ERR_PARSE);
    CK_CHECK_STR(err.msg, "zstd stream truncated");
    ck_buf_release(&k.out);
    /* junk where the next frame would start */
    z.len += 10;
    tb_put(&z, "JUNKJUNK", 8);
    CK_CHECK_INT(run(CK_DECOMP_ZSTD, &z, 0, &k, &err), CK_ERR_PARSE);
    snprintf(want, sizeof want, "zstd data corrupt (Unknown frame descriptor) in the frame at compressed byte %lu",
             (unsigned long)(z.len - 8));
    CK_CHECK_STR(err.msg, want);
    CK_CHECK(same(&k, &text)); /* the frame before it was whole */
    ck_buf_release(&k.out);
    /* ... which is ignored once the reader holds a complete archive */
    k.complete = 1;
    CK_CHECK_INT(run(CK_DECOMP_ZSTD, &z, 0, &k, &err), CK_OK);
    ck_buf_release(&k.out);
    ZSTD_freeCCtx(cc);
    tb_free(&text);
    tb_free(&z);
}

/* ---- as image layers --------------------------------------------------- */

static const char status_lower[] = "Package: base\nStatus: install ok installed\nVersion: 1.0\nArchitecture: amd64\n";
static const char status_upper[] = "Package: base\nStatus: install ok installed\nVersion: 1.1\nArchitecture: amd64\n";

/* A raw block, then a block of the reserved type: the raw block's bytes
 * reach the sink whether the frame comes whole or a byte at a time (zstd
 * given both blocks at once decodes the first, finds the second broken and
 * hands out nothing of either). */
static void test_zstd_damage_after_a_block(void)
{
    static const unsigned char head[] = {0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x00, /* 1 KiB window */
                                         0x20, 0x03, 0x00};                /* raw, 100 bytes */
    static const unsigned char reserved[] = {0x06, 0x00, 0x00};
    struct tb z = {0}, text = {0};
    struct keep k;
    struct ck_err err;
    size_t chunk;

    memset(&k, 0, sizeof k);
    for (chunk = 0; chunk < 100; chunk++)
        tb_put(&text, "x", 1);
    tb_put(&z, head, sizeof head);
    tb_put(&z, text.data, text.len);
    tb_put(&z, reserved, sizeof reserved);
    for (chunk = 0; chunk <= 7; chunk += 1 + chunk) {
        CK_CHECK_INT(run(CK_DECOMP_ZSTD, &z, chunk, &k, &err), CK_ERR_PARSE);
        CK_CHECK(same(&k, &text));
        CK_CHECK(strstr(err.msg, "in the frame at compressed byte 0") != NULL);
        ck_buf_release(&k.out);
    }
    tb_free(&z);
    tb_free(&text);
}

static void lower_layer(struct tb *t)
{
    tb_file(t, "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
    tb_file(t, "var/lib/dpkg/status", status_lower);
    tb_file(t, "var/lib/dpkg/status.d/extra", "Package: extra\nVersion: 3\nArchitecture: all\n");
    tb_end(t);
}

/* Its first entry (header and one block of data) replaces the status; a
 * file of filler bytes comes between it and a whiteout. */
static void upper_layer(struct tb *t, size_t filler_len)
{
    struct tb filler = {0};
    some_text(&filler, filler_len);
    tb_file(t, "var/lib/dpkg/status", status_upper);
    tb_header(t, "usr/share/doc/filler", '0', filler.len, NULL, 0);
    tb_data(t, filler.data, filler.len);
    tb_file(t, "var/lib/dpkg/status.d/.wh.extra", "");
    tb_end(t);
    tb_free(&filler);
}

static void compress_as(enum ck_decomp_kind kind, const struct tb *in, struct tb *out)
{
    if (kind == CK_DECOMP_ZSTD)
        zstd_of(in, out, 3);
    else
        gzip_of(in, out);
}

/* A legacy image of the lower layer (compressed whole) and the given upper
 * layer blob; its inventory's packages "name version|...". */
static enum ck_status two_layer_image(enum ck_decomp_kind kind, const struct tb *upper_blob, struct ck_inventory *inv,
                                      struct ck_buf *names)
{
    struct ck_inventory_collector *c = NULL;
    struct tb lower = {0}, clower = {0}, a = {0};
    struct ck_err err;
    enum ck_status st;
    size_t i;

    lower_layer(&lower);
    compress_as(kind, &lower, &clower);
    tb_file(&a, "manifest.json", "[{\"Config\":\"c.json\",\"Layers\":[\"a/layer.tar\",\"b/layer.tar\"]}]");
    tb_blob(&a, "a/layer.tar", &clower);
    tb_blob(&a, "b/layer.tar", upper_blob);
    tb_end(&a);
    st = ck_inventory_collector_new(&c, 0, NULL);
    if (st == CK_OK)
        st = ck_inventory_collector_begin_image(c, "test.tar", &err);
    if (st == CK_OK)
        st = ck_inventory_collector_feed(c, a.data, a.len, &err);
    if (st == CK_OK)
        st = ck_inventory_collector_end(c, &err);
    if (st == CK_OK)
        st = ck_inventory_collector_finish(c, inv, &err);
    ck_inventory_collector_free(c);
    ck_buf_reset(names);
    for (i = 0; i < inv->count; i++)
        ck_buf_printf(names, "%s%s %s", i ? "|" : "", inv->packages[i].name, inv->packages[i].version);
    tb_free(&lower);
    tb_free(&clower);
    tb_free(&a);
    return st;
}

/* A damaged upper layer, gzip or zstd alike: a warning naming the layer
 * and what broke, the layer's entries before the damage kept, the lower
 * layer read whole, the inventory incomplete. */
static void damaged_upper(enum ck_decomp_kind kind)
{
    struct tb upper = {0}, head = {0}, rest = {0}, blob = {0};
    struct ck_inventory inv;
    struct ck_buf names;
    char want[200];
    size_t first;

    ck_buf_init(&names);
    upper_layer(&upper, 300000);
    /* a whole member or frame of the status entry, then bytes that are none */
    head.data = upper.data, head.len = 1024;
    compress_as(kind, &head, &blob);
    tb_put(&blob, "JUNK JUNK JUNK JUNK", 19);
    ck_inventory_init(&inv);
    CK_CHECK_INT(two_layer_image(kind, &blob, &inv, &names), CK_OK);
    CK_CHECK_STR(ck_buf_str(&names), "base 1.1|extra 3");
    snprintf(want, sizeof want, "b/layer.tar: %s data corrupt (%s) %s", ck_decomp_name(kind),
             kind == CK_DECOMP_ZSTD ? "Unknown frame descriptor" : "incorrect header check",
             kind == CK_DECOMP_ZSTD ? "in the frame at compressed byte " : "after ");
    CK_CHECK(has_warning(&inv, want));
    CK_CHECK(has_warning(&inv, "what was read before it is kept"));
    CK_CHECK_INT(inv.incomplete, 1);
    dump_warnings(&inv);
    ck_inventory_release(&inv);

    /* cut short inside the filler: the status was read, the whiteout not
     * (the status in a member or frame of its own, so that the cut falls
     * after it whatever the compressor's block sizes) */
    blob.len = 0;
    compress_as(kind, &head, &blob);
    first = blob.len;
    rest.data = upper.data + head.len, rest.len = upper.len - head.len;
    compress_as(kind, &rest, &blob);
    blob.len = first + (blob.len - first) / 2;
    ck_inventory_init(&inv);
    CK_CHECK_INT(two_layer_image(kind, &blob, &inv, &names), CK_OK);
    CK_CHECK_STR(ck_buf_str(&names), "base 1.1|extra 3");
    snprintf(want, sizeof want, "b/layer.tar: %s stream truncated", ck_decomp_name(kind));
    CK_CHECK(has_warning(&inv, want));
    CK_CHECK_INT(inv.incomplete, 1);
    ck_inventory_release(&inv);

    /* whole, and junk after its end: read as if the junk were not there */
    blob.len = 0;
    compress_as(kind, &upper, &blob);
    tb_put(&blob, "\0\0\0\0JUNK", 8);
    ck_inventory_init(&inv);
    CK_CHECK_INT(two_layer_image(kind, &blob, &inv, &names), CK_OK);
    CK_CHECK_STR(ck_buf_str(&names), "base 1.1");
    CK_CHECK_INT(inv.warning_count, 0);
    CK_CHECK_INT(inv.incomplete, 0);
    dump_warnings(&inv);
    ck_inventory_release(&inv);
    tb_free(&upper);
    tb_free(&blob);
    ck_buf_release(&names);
}

static void test_damaged_layers(void)
{
    damaged_upper(CK_DECOMP_GZIP);
    damaged_upper(CK_DECOMP_ZSTD);
}

/* A layer whose frame asks for too large a window: refused, named. */
static void test_window_layer(void)
{
    struct tb upper = {0}, blob = {0};
    struct ck_inventory inv;
    struct ck_buf names;

    ck_buf_init(&names);
    upper_layer(&upper, 80000); /* one raw block, more than the decoder writes at once */
    zstd_raw_frame(&blob, 31, &upper);
    ck_inventory_init(&inv);
    CK_CHECK_INT(two_layer_image(CK_DECOMP_ZSTD, &blob, &inv, &names), CK_OK);
    CK_CHECK_STR(ck_buf_str(&names), "base 1.0|extra 3");
    CK_CHECK(has_warning(&inv, "b/layer.tar: the zstd frame at compressed byte 0 asks for a window of 2048 MiB, "
                               "over the limit of 128 MiB; what was read before it is kept"));
    CK_CHECK_INT(inv.incomplete, 1);
    ck_inventory_release(&inv);
    tb_free(&upper);
    tb_free(&blob);
    ck_buf_release(&names);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    CK_RUN(test_sniff);
    CK_RUN(test_misuse);
    CK_RUN(test_zstd_frames);
    CK_RUN(test_gzip_members);
    CK_RUN(test_zstd_window_limit);
    CK_RUN(test_zstd_split_header);
    CK_RUN(test_zstd_damage);
    CK_RUN(test_zstd_damage_after_a_block);
    CK_RUN(test_damaged_layers);
    CK_RUN(test_window_layer);
    return ck_test_summary();
}
