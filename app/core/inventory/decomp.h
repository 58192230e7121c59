/* Inside the inventory module: the compressed forms an image layer comes
 * in, behind one streaming interface. gzip (RFC 1952, any number of
 * members one after the other) and zstd (RFC 8878, any number of frames,
 * skippable frames among them). Compressed bytes are pushed in pieces of
 * any size; what they decompress to goes to a sink in pieces of at most
 * CK_DECOMP_CHUNK bytes, so memory stays bounded whatever the ratio:
 * zlib's 32 KiB window, or a zstd window of at most
 * 2^CK_DECOMP_ZSTD_WINDOW_LOG_MAX bytes (a frame asking for more is
 * refused before anything is allocated for it).
 *
 * One struct ck_decomp per stream, used by one thread at a time;
 * ck_decomp_new's caller frees it with ck_decomp_free. */
#ifndef CK_INVENTORY_DECOMP_H
#define CK_INVENTORY_DECOMP_H

#include <stddef.h>

#include "util/status.h"

/* Bytes handed to the sink at a time. */
#define CK_DECOMP_CHUNK (64 * 1024)
/* The largest zstd window accepted: 2^27 bytes (128 MiB), what zstd's own
 * decoder allows by default and what `zstd --ultra -22` writes. Frames
 * made with --long=28 and more are refused: their window would let a
 * hostile layer claim gigabytes. */
#define CK_DECOMP_ZSTD_WINDOW_LOG_MAX 27

enum ck_decomp_kind {
    CK_DECOMP_NONE = 0, /* not compressed (or in a form not known here) */
    CK_DECOMP_GZIP,     /* 1f 8b */
    CK_DECOMP_ZSTD      /* 28 b5 2f fd */
};

/* The form the first n bytes of a stream announce (2 are enough for gzip,
 * 4 for zstd). */
enum ck_decomp_kind ck_decomp_sniff(const void *head, size_t n);
/* "gzip", "zstd"; "none". */
const char *ck_decomp_name(enum ck_decomp_kind kind);

/* Where the decompressed bytes go.
 * write: takes the next piece; an error stops the stream and is returned
 *   by ck_decomp_feed as it is.
 * gave_up: 1 once the reader wants nothing more (it found the data
 *   broken): nothing more is decompressed.
 * complete: 1 once the reader holds everything it needs (a tar's end
 *   marker): a member or frame that ends then is the last one, and
 *   whatever follows it, junk included, is ignored. */
struct ck_decomp_sink {
    enum ck_status (*write)(void *ctx, const void *data, size_t len, struct ck_err *err);
    int (*gave_up)(void *ctx);
    int (*complete)(void *ctx);
    void *ctx;
};

struct ck_decomp;

/* kind: CK_DECOMP_GZIP or CK_DECOMP_ZSTD (anything else: CK_ERR_ARG).
 * sink is copied. Errors: CK_ERR_NOMEM, CK_ERR_ARG. */
enum ck_status ck_decomp_new(struct ck_decomp **out, enum ck_decomp_kind kind, const struct ck_decomp_sink *sink);
void ck_decomp_free(struct ck_decomp *d);

/* Decompresses len bytes (any split) into the sink. Errors: the sink's
 * write error; CK_ERR_PARSE for damaged data ("gzip data corrupt (...)
 * after N compressed bytes", "zstd data corrupt (...) in the frame at
 * compressed byte N"); CK_ERR_LIMIT for a zstd frame whose window
 * is over the limit; CK_ERR_NOMEM. After an error the stream is over:
 * later calls do nothing. What a damaged zstd stream decoded to before the
 * damaged block reaches the sink, the same whatever the pieces fed. */
enum ck_status ck_decomp_feed(struct ck_decomp *d, const void *data, size_t len, struct ck_err *err);

/* The compressed input is over. CK_ERR_PARSE ("gzip stream truncated")
 * when it stopped inside a member or frame, unless the stream was over
 * already: an error, the sink gave up, or a member or frame ended while
 * the sink was complete. */
enum ck_status ck_decomp_finish(struct ck_decomp *d, struct ck_err *err);

#endif
