#include "inventory/decomp.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

/* zlib counts in uInt: larger inputs are fed in pieces of this size. */
#define GZIP_PIECE ((size_t)1 << 30)

struct ck_decomp {
    enum ck_decomp_kind kind;
    struct ck_decomp_sink sink;
    z_stream *z;
    ZSTD_DStream *zs;
    unsigned char *out;     /* CK_DECOMP_CHUNK bytes */
    uint64_t total_in;      /* compressed bytes consumed, for messages */
    uint64_t frame_start;   /* zstd: where the current frame began */
    unsigned char head[18]; /* zstd: the header of the frame starting (18 bytes at most) */
    size_t head_len;
    int in_unit;            /* inside a gzip member or a zstd frame */
    int by_block;           /* zstd: the frame's blocks are handed over one by one */
    int last_block, checksum; /* zstd: the block under way is the frame's last; a checksum follows */
    unsigned char bhead[3]; /* zstd: the header of the next block */
    size_t bhead_len;
    uint64_t piece_left;    /* zstd: bytes of the block (or checksum) under way still to hand over */
    int more_out;           /* the decoder may have output waiting */
    int done;               /* the stream is over: the rest is ignored */
};

enum ck_decomp_kind ck_decomp_sniff(const void *head, size_t n)
{
    static const unsigned char zstd[4] = {0x28, 0xb5, 0x2f, 0xfd};
    const unsigned char *p = head;

    if (n >= 4 && !memcmp(p, zstd, 4))
        return CK_DECOMP_ZSTD;
    if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
        return CK_DECOMP_GZIP;
    return CK_DECOMP_NONE;
}

const char *ck_decomp_name(enum ck_decomp_kind kind)
{
    return kind == CK_DECOMP_GZIP ? "gzip" : kind == CK_DECOMP_ZSTD ? "zstd" : "none";
}

/* ---- setting up -------------------------------------------------------- */

static int gzip_init(struct ck_decomp *d)
{
    d->z = calloc(1, sizeof *d->z);
    if (!d->z)
        return 0;
    if (inflateInit2(d->z, 15 + 16) != Z_OK) { /* gzip wrapper only */
        free(d->z);
        d->z = NULL;
        return 0;
    }
    return 1;
}

static int zstd_init(struct ck_decomp *d)
{
    d->zs = ZSTD_createDStream();
    if (!d->zs)
        return 0;
    return !ZSTD_isError(ZSTD_DCtx_setParameter(d->zs, ZSTD_d_windowLogMax, CK_DECOMP_ZSTD_WINDOW_LOG_MAX));
}

enum ck_status ck_decomp_new(struct ck_decomp **out, enum ck_decomp_kind kind, const struct ck_decomp_sink *sink)
{
    struct ck_decomp *d;
    int ok;

    if (kind != CK_DECOMP_GZIP && kind != CK_DECOMP_ZSTD)
        return CK_ERR_ARG;
    d = calloc(1, sizeof *d);
    if (!d)
        return CK_ERR_NOMEM;
    d->kind = kind;
    d->sink = *sink;
    d->out = malloc(CK_DECOMP_CHUNK);
    ok = d->out && (kind == CK_DECOMP_GZIP ? gzip_init(d) : zstd_init(d));
    if (!ok) {
        ck_decomp_free(d);
        return CK_ERR_NOMEM;
    }
    *out = d;
    return CK_OK;
}

void ck_decomp_free(struct ck_decomp *d)
{
    if (!d)
        return;
    if (d->z) {
        inflateEnd(d->z);
        free(d->z);
    }
    ZSTD_freeDStream(d->zs); /* NULL: nothing */
    free(d->out);
    free(d);
}

/* ---- shared ------------------------------------------------------------ */

static int stopped(const struct ck_decomp *d) { return d->done || d->sink.gave_up(d->sink.ctx); }

static enum ck_status emit(struct ck_decomp *d, size_t produced, struct ck_err *err)
{
    enum ck_status st = produced ? d->sink.write(d->sink.ctx, d->out, produced, err) : CK_OK;
    if (st != CK_OK)
        d->done = 1;
    return st;
}

/* A member or frame just ended: the last one when the reader is complete. */
static void unit_end(struct ck_decomp *d)
{
    d->in_unit = 0;
    d->head_len = 0;
    d->more_out = 0;
    if (d->sink.complete(d->sink.ctx))
        d->done = 1;
}

/* The decoder refused the data. Past the end of a complete archive it is
 * only junk (padding some writers add): ignored. */
static enum ck_status broken(struct ck_decomp *d, enum ck_status st, const char *why, struct ck_err *err)
{
    d->done = 1;
    if (st != CK_ERR_NOMEM && d->sink.complete(d->sink.ctx))
        return CK_OK;
    if (st == CK_ERR_NOMEM)
        return ck_err_set(err, st, "out of memory decompressing %s data", ck_decomp_name(d->kind));
    if (st == CK_ERR_LIMIT)
        return ck_err_set(err, st, "%s", why);
    /* zstd takes in what it is given before it finds the damage: the frame
     * is the place that does not depend on the pieces fed */
    if (d->kind == CK_DECOMP_ZSTD)
        return ck_err_set(err, st, "zstd data corrupt (%s) in the frame at compressed byte %llu", why,
                          (unsigned long long)d->frame_start);
    return ck_err_set(err, st, "%s data corrupt (%s) after %llu compressed bytes", ck_decomp_name(d->kind), why,
                      (unsigned long long)d->total_in);
}

/* ---- gzip ---------------------------------------------------------------- */

static enum ck_status gzip_piece(struct ck_decomp *d, const unsigned char *data, size_t len, struct ck_err *err)
{
    z_stream *z = d->z;
    enum ck_status st;

    z->next_in = (unsigned char *)data;
    z->avail_in = (uInt)len;
    for (;;) {
        uInt in_before = z->avail_in;
        size_t produced;
        int rc;

        if (stopped(d) || (z->avail_in == 0 && !d->more_out))
            return CK_OK;
        z->next_out = d->out;
        z->avail_out = CK_DECOMP_CHUNK;
        if (z->avail_in)
            d->in_unit = 1;
        rc = inflate(z, Z_NO_FLUSH);
        d->total_in += in_before - z->avail_in;
        produced = CK_DECOMP_CHUNK - z->avail_out;
        d->more_out = z->avail_out == 0;
        if ((st = emit(d, produced, err)) != CK_OK)
            return st;
        if (rc == Z_STREAM_END) {
            unit_end(d); /* another member may follow */
            if (!d->done)
                inflateReset(z);
        } else if (rc == Z_BUF_ERROR) {
            if (z->avail_in == 0 || !produced)
                return CK_OK; /* needs more input */
        } else if (rc == Z_MEM_ERROR) {
            return broken(d, CK_ERR_NOMEM, NULL, err);
        } else if (rc != Z_OK) {
            return broken(d, CK_ERR_PARSE, z->msg ? z->msg : "error", err);
        }
    }
}

static enum ck_status gzip_feed(struct ck_decomp *d, const unsigned char *data, size_t len, struct ck_err *err)
{
    while (len > 0 && !stopped(d)) {
        size_t n = len > GZIP_PIECE ? GZIP_PIECE : len;
        enum ck_status st = gzip_piece(d, data, n, err);
        if (st != CK_OK)
            return st;
        data += n;
        len -= n;
    }
    return CK_OK;
}

/* ---- zstd ---------------------------------------------------------------- */

/* The window the frame header in d->head asks for: its window descriptor
 * (RFC 8878, 3.1.1.1.2), or its content size for a single-segment frame. */
static uint64_t head_window(const struct ck_decomp *d)
{
    const unsigned char *p = d->head;
    uint64_t base, size = 0;
    size_t i, n;

    if (!(p[4] & 0x20)) {
        base = (uint64_t)1 << (10 + (p[5] >> 3));
        return base + base / 8 * (p[5] & 7);
    }
    n = d->head_len - 5 - (p[4] & 3 ? (size_t)1 << ((p[4] & 3) - 1) : 0); /* the content size's bytes */
    for (i = 0; i < n; i++)
        size |= (uint64_t)p[d->head_len - n + i] << (8 * i);
    return n == 2 ? size + 256 : size;
}

static enum ck_status zstd_refused(struct ck_decomp *d, size_t rc, struct ck_err *err)
{
    char why[160];

    switch (ZSTD_getErrorCode(rc)) {
    case ZSTD_error_memory_allocation:
        return broken(d, CK_ERR_NOMEM, NULL, err);
    case ZSTD_error_frameParameter_windowTooLarge:
        snprintf(why, sizeof why,
                 "the zstd frame at compressed byte %llu asks for a window of %llu MiB, over the limit of %u MiB",
                 (unsigned long long)d->frame_start, (unsigned long long)(head_window(d) >> 20),
                 1u << (CK_DECOMP_ZSTD_WINDOW_LOG_MAX - 20));
        return broken(d, CK_ERR_LIMIT, why, err);
    default:
        return broken(d, CK_ERR_PARSE, ZSTD_getErrorName(rc), err);
    }
}

/* Bytes of the header of the zstd frame whose first 5 bytes are at p
 * (RFC 8878, 3.1.1: magic, descriptor, window descriptor unless single
 * segment, dictionary ID, content size); 5 when p starts no such frame (a
 * skippable frame, junk): those bytes go to the decoder as they are. */
static size_t frame_header_size(const unsigned char *p)
{
    static const unsigned char magic[4] = {0x28, 0xb5, 0x2f, 0xfd};
    static const size_t dict_id[4] = {0, 1, 2, 4}, content_size[4] = {0, 2, 4, 8};
    unsigned fhd = p[4];
    size_t single = (fhd >> 5) & 1;

    if (memcmp(p, magic, 4) != 0)
        return 5;
    return 5 + !single + dict_id[fhd & 3] + ((fhd >> 6) ? content_size[fhd >> 6] : single);
}

/* At a frame's start, its header is gathered (in d->head) from the input
 * and handed to the decoder on its own. zstd decodes a frame that it holds
 * whole, and that fits the output, in one pass that skips the window
 * limit; and its header split over two calls makes it look for that frame
 * in the wrong place. Given the header alone, the decoder always streams
 * the frame through its window: the same bytes give the same result
 * whatever the pieces they come in. Returns the input bytes taken. */
/* Copies into buf (holding *have bytes) from data until it holds want;
 * returns the bytes taken. */
static size_t gather(unsigned char *buf, size_t *have, size_t want, const unsigned char *data, size_t len)
{
    size_t n = want > *have ? want - *have : 0;

    if (n > len)
        n = len;
    memcpy(buf + *have, data, n);
    *have += n;
    return n;
}

static size_t take_header(struct ck_decomp *d, const unsigned char *data, size_t len)
{
    size_t taken;

    if (!d->in_unit)
        d->frame_start = d->total_in;
    d->in_unit = 1;
    taken = gather(d->head, &d->head_len, 5, data, len); /* enough to know the header's size */
    if (d->head_len >= 5)
        taken += gather(d->head, &d->head_len, frame_header_size(d->head), data + taken, len - taken);
    return taken;
}

static int header_ready(const struct ck_decomp *d)
{
    return d->head_len >= 5 && d->head_len == frame_header_size(d->head);
}

/* Decodes from p until it is used up and the output drained, or the frame
 * ends (ZSTD_decompressStream returns 0 there; the next call would start
 * the next frame). *used: the bytes of p consumed. */
static enum ck_status zstd_run(struct ck_decomp *d, const unsigned char *p, size_t n, size_t *used,
                               struct ck_err *err)
{
    ZSTD_inBuffer in = {p, n, 0};
    enum ck_status st = CK_OK;

    while (!stopped(d) && (in.pos < in.size || d->more_out)) {
        ZSTD_outBuffer out = {d->out, CK_DECOMP_CHUNK, 0};
        size_t before = in.pos, rc = ZSTD_decompressStream(d->zs, &out, &in);

        d->total_in += in.pos - before;
        if (ZSTD_isError(rc)) {
            st = zstd_refused(d, rc, err);
            break;
        }
        d->more_out = out.pos == out.size;
        if ((st = emit(d, out.pos, err)) != CK_OK)
            break;
        if (rc == 0) {
            unit_end(d); /* the frame is decoded and flushed */
            break;
        }
    }
    *used = in.pos;
    return st;
}

/* The frame whose header was just handed over is read block by block
 * (RFC 8878, 3.1.1.2) when it is a zstd frame; a skippable one goes as it
 * comes. */
static void frame_begun(struct ck_decomp *d)
{
    static const unsigned char magic[4] = {0x28, 0xb5, 0x2f, 0xfd};

    d->by_block = !memcmp(d->head, magic, 4);
    d->checksum = (d->head[4] >> 2) & 1;
    d->last_block = 0;
    d->bhead_len = 0;
    d->piece_left = 0;
}

/* Gathers the next block's 3-byte header and hands it over on its own;
 * then the block's bytes on the wire (one for an RLE block) are what is
 * left of the piece, and after the last block its checksum. Returns the
 * input bytes taken. */
/* A piece is handed over whole: after the last block comes the checksum
 * (when the frame has one), then nothing. */
static void piece_done(struct ck_decomp *d)
{
    if (d->last_block) {
        d->piece_left = d->checksum ? 4 : 0;
        d->checksum = 0;
    }
}

static size_t take_block_header(struct ck_decomp *d, const unsigned char *data, size_t len, enum ck_status *st,
                                struct ck_err *err)
{
    size_t n = gather(d->bhead, &d->bhead_len, sizeof d->bhead, data, len), used;
    uint32_t h;

    if (d->bhead_len < sizeof d->bhead)
        return n;
    d->bhead_len = 0;
    h = (uint32_t)d->bhead[0] | (uint32_t)d->bhead[1] << 8 | (uint32_t)d->bhead[2] << 16;
    d->last_block = h & 1;
    d->piece_left = ((h >> 1) & 3) == 1 ? 1 : h >> 3;
    if (!d->piece_left)
        piece_done(d);
    *st = zstd_run(d, d->bhead, sizeof d->bhead, &used, err);
    return n;
}

/* The decoder never sees past the end of the block under way. Given more,
 * it decodes the next block's damage in the same call and drops what the
 * block before it decoded to: how much reached the sink would depend on
 * the pieces fed. */
static enum ck_status zstd_feed_blocks(struct ck_decomp *d, const unsigned char *data, size_t len, size_t *taken,
                                       struct ck_err *err)
{
    enum ck_status st = CK_OK;
    size_t n = len, used;

    if (!d->piece_left) {
        *taken = take_block_header(d, data, len, &st, err);
        return st;
    }
    if (n > d->piece_left)
        n = (size_t)d->piece_left;
    st = zstd_run(d, data, n, &used, err);
    d->piece_left -= used;
    if (!d->piece_left)
        piece_done(d);
    *taken = used;
    return st;
}

static enum ck_status zstd_feed(struct ck_decomp *d, const unsigned char *data, size_t len, struct ck_err *err)
{
    enum ck_status st = CK_OK;
    size_t used;

    while (st == CK_OK && len > 0 && !stopped(d)) {
        if (!d->in_unit || d->head_len) {
            used = take_header(d, data, len);
            data += used;
            len -= used;
            if (!header_ready(d))
                return CK_OK; /* the header's end is still to come */
            frame_begun(d);
            st = zstd_run(d, d->head, d->head_len, &used, err);
            d->head_len = 0;
            continue;
        }
        if (d->by_block)
            st = zstd_feed_blocks(d, data, len, &used, err);
        else
            st = zstd_run(d, data, len, &used, err);
        data += used;
        len -= used;
    }
    return st;
}

/* ---- the stream ---------------------------------------------------------- */

enum ck_status ck_decomp_feed(struct ck_decomp *d, const void *data, size_t len, struct ck_err *err)
{
    if (stopped(d) || len == 0)
        return CK_OK;
    return d->kind == CK_DECOMP_GZIP ? gzip_feed(d, data, len, err) : zstd_feed(d, data, len, err);
}

enum ck_status ck_decomp_finish(struct ck_decomp *d, struct ck_err *err)
{
    if (stopped(d) || !d->in_unit)
        return CK_OK;
    d->done = 1;
    return ck_err_set(err, CK_ERR_PARSE, "%s stream truncated", ck_decomp_name(d->kind));
}
