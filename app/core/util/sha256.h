/* SHA-256 (FIPS 180-4), small and streaming. Used where a digest names a
 * thing: Docker context folders, image digests. */
#ifndef CK_SHA256_H
#define CK_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define CK_SHA256_SIZE 32
#define CK_SHA256_HEX_SIZE 65 /* 64 hex digits + NUL */

struct ck_sha256 {
    uint32_t state[8];
    uint64_t total;     /* bytes hashed so far */
    unsigned char block[64];
    size_t used;        /* bytes waiting in block */
};

void ck_sha256_init(struct ck_sha256 *h);
void ck_sha256_update(struct ck_sha256 *h, const void *data, size_t len);
/* Writes the digest; h must be initialised again before reuse. */
void ck_sha256_final(struct ck_sha256 *h, unsigned char out[CK_SHA256_SIZE]);
/* One-shot digest of data as 64 lowercase hex digits. */
void ck_sha256_hex(const void *data, size_t len, char out[CK_SHA256_HEX_SIZE]);

#endif
