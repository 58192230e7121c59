/* SHA-256 against the FIPS 180-2 example vectors (Appendix B and the
 * "one million a" message) and NIST's 896-bit CAVS short message; split
 * feeding must give the same digests as one-shot hashing. */
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "util/sha256.h"

struct vector {
    const char *msg;
    const char *hex;
};

static const struct vector vectors[] = {
    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
     "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    /* The folder name Docker gives the "desktop-linux" context (sha256sum). */
    {"desktop-linux", "fe9c6bd7a66301f49ca9b6a70b217107cd1284598bfc254700c989b916da791e"},
};

static void digest_hex(struct ck_sha256 *h, char out[CK_SHA256_HEX_SIZE])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char d[CK_SHA256_SIZE];
    int i;
    ck_sha256_final(h, d);
    for (i = 0; i < CK_SHA256_SIZE; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[64] = '\0';
}

static void test_vectors(void)
{
    size_t i;
    char hex[CK_SHA256_HEX_SIZE];
    for (i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        ck_sha256_hex(vectors[i].msg, strlen(vectors[i].msg), hex);
        CK_CHECK_STR(hex, vectors[i].hex);
    }
}

/* Every split point of every vector, and byte-at-a-time feeding. */
static void test_split_feeding(void)
{
    size_t i, cut;
    char hex[CK_SHA256_HEX_SIZE];
    struct ck_sha256 h;

    for (i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        size_t len = strlen(vectors[i].msg);
        for (cut = 0; cut <= len; cut++) {
            ck_sha256_init(&h);
            ck_sha256_update(&h, vectors[i].msg, cut);
            ck_sha256_update(&h, vectors[i].msg + cut, len - cut);
            digest_hex(&h, hex);
            CK_CHECK_STR(hex, vectors[i].hex);
        }
        ck_sha256_init(&h);
        for (cut = 0; cut < len; cut++)
            ck_sha256_update(&h, vectors[i].msg + cut, 1);
        digest_hex(&h, hex);
        CK_CHECK_STR(hex, vectors[i].hex);
    }
}

static void test_million_a(void)
{
    struct ck_sha256 h;
    char hex[CK_SHA256_HEX_SIZE];
    char chunk[1000];
    int i;

    memset(chunk, 'a', sizeof chunk);
    ck_sha256_init(&h);
    for (i = 0; i < 1000; i++)
        ck_sha256_update(&h, chunk, sizeof chunk);
    digest_hex(&h, hex);
    CK_CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Lengths around the padding boundary (55, 56, 63, 64 bytes) must differ
 * from each other: a padding bug usually makes two of them collide. */
static void test_padding_lengths(void)
{
    char msg[130], hex[4][CK_SHA256_HEX_SIZE];
    const size_t lens[4] = {55, 56, 63, 64};
    int i, j;

    memset(msg, 'x', sizeof msg);
    for (i = 0; i < 4; i++)
        ck_sha256_hex(msg, lens[i], hex[i]);
    for (i = 0; i < 4; i++)
        for (j = i + 1; j < 4; j++)
            CK_CHECK(strcmp(hex[i], hex[j]) != 0);
    /* 1024 bytes 0..255 repeated (hashlib) */
    {
        unsigned char data[1024];
        for (i = 0; i < 1024; i++)
            data[i] = (unsigned char)i;
        ck_sha256_hex(data, sizeof data, hex[0]);
        CK_CHECK_STR(hex[0], "785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9");
    }
}

int main(void)
{
    CK_RUN(test_vectors);
    CK_RUN(test_split_feeding);
    CK_RUN(test_million_a);
    CK_RUN(test_padding_lengths);
    return ck_test_summary();
}
