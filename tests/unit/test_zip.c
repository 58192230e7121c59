/* Tests of the zip reader against archives written by Python's zipfile
 * (tests/fixtures/zip/make_zips.py), a hand-made zip64 archive, and damaged
 * copies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "ck_test.h"
#include "platform/platform.h"
#include "util/buf.h"
#include "util/zip.h"

static const char *fixtures;

static char *fixture(const char *name)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/zip/%s", fixtures, name);
    return path;
}

static enum ck_status collect(void *ctx, const void *data, size_t len)
{
    return ck_buf_append(ctx, data, len);
}

/* The entry called name, read whole into b; its index, or -1. */
static int read_named(struct ck_zip *z, const char *name, struct ck_buf *b, struct ck_err *err,
                      enum ck_status *st)
{
    size_t i;
    for (i = 0; i < ck_zip_count(z); i++) {
        if (strcmp(ck_zip_entry_at(z, i)->name, name) != 0)
            continue;
        ck_buf_reset(b);
        *st = ck_zip_read(z, i, collect, b, err);
        return (int)i;
    }
    return -1;
}

static void test_stored_entries_and_directories(void)
{
    struct ck_zip *z = NULL;
    struct ck_err err;
    struct ck_buf b;
    enum ck_status st = CK_ERR_ARG;

    ck_buf_init(&b);
    CK_REQUIRE(ck_zip_open(fixture("stored.zip"), NULL, &z, &err) == CK_OK);
    CK_CHECK_INT(ck_zip_count(z), 3);
    CK_CHECK_STR(ck_zip_entry_at(z, 0)->name, "hello.txt");
    CK_CHECK_INT(ck_zip_entry_at(z, 0)->method, 0);
    CK_CHECK_INT(ck_zip_entry_at(z, 1)->is_dir, 1);
    CK_CHECK(ck_zip_entry_at(z, 3) == NULL);
    CK_CHECK_INT(read_named(z, "hello.txt", &b, &err, &st), 0);
    CK_CHECK_INT(st, CK_OK);
    CK_CHECK_STR(ck_buf_str(&b), "hello, zip\n");
    CK_CHECK_INT(read_named(z, "dir/empty.json", &b, &err, &st), 2);
    CK_CHECK_INT(st, CK_OK);
    CK_CHECK_INT(b.len, 0);
    ck_zip_close(z);
    ck_buf_release(&b);
}

/* big.txt is generated text (make_zips.py text_block): "line <i>: ..." */
static void test_deflate_spans_many_chunks(void)
{
    struct ck_zip *z = NULL;
    struct ck_err err;
    struct ck_buf b;
    enum ck_status st = CK_ERR_ARG;

    ck_buf_init(&b);
    CK_REQUIRE(ck_zip_open(fixture("deflate.zip"), NULL, &z, &err) == CK_OK);
    CK_CHECK_INT(read_named(z, "big.txt", &b, &err, &st), 0);
    CK_CHECK_INT(st, CK_OK);
    CK_CHECK_INT(b.len, 300000);
    CK_CHECK_INT(ck_zip_entry_at(z, 0)->method, 8);
    CK_CHECK(ck_zip_entry_at(z, 0)->compressed_size > 65536); /* several input chunks */
    CK_CHECK(!strncmp(b.data, "line 0: 000000 \nline 1: 007919 b\n", 33));
    CK_CHECK(strstr(b.data, "line 5000: ") != NULL);
    CK_CHECK_INT(read_named(z, "small.txt", &b, &err, &st), 1);
    CK_CHECK_STR(ck_buf_str(&b), "tiny\n");
    ck_zip_close(z);
    ck_buf_release(&b);
}

static void test_zip64_sizes_and_offsets(void)
{
    struct ck_zip *z = NULL;
    struct ck_err err;
    struct ck_buf b;
    enum ck_status st = CK_ERR_ARG;
    size_t i;
    int ok = 1;

    ck_buf_init(&b);
    if (ck_zip_open(fixture("zip64.zip"), NULL, &z, &err) != CK_OK)
        fprintf(stderr, "%s\n", err.msg);
    CK_REQUIRE(z != NULL);
    CK_CHECK_INT(ck_zip_count(z), 2);
    CK_CHECK_INT(ck_zip_entry_at(z, 0)->size, 12 * 50);
    CK_CHECK_INT(read_named(z, "one.txt", &b, &err, &st), 0);
    CK_CHECK_INT(st, CK_OK);
    CK_REQUIRE(b.len == 600);
    for (i = 0; i < 50; i++)
        ok &= !memcmp(b.data + i * 12, "first entry\n", 12);
    CK_CHECK(ok);
    CK_CHECK_INT(read_named(z, "two.txt", &b, &err, &st), 1);
    CK_CHECK_INT(st, CK_OK);
    CK_CHECK_INT(b.len, 5000);
    ck_zip_close(z);
    ck_buf_release(&b);
}

static void test_empty_archive(void)
{
    struct ck_zip *z = NULL;
    struct ck_err err;
    CK_REQUIRE(ck_zip_open(fixture("empty.zip"), NULL, &z, &err) == CK_OK);
    CK_CHECK_INT(ck_zip_count(z), 0);
    ck_zip_close(z);
}

static void expect_open_error(const char *name, enum ck_status want, const char *words)
{
    struct ck_zip *z = NULL;
    struct ck_err err;
    enum ck_status st;

    ck_err_clear(&err);
    st = ck_zip_open(fixture(name), NULL, &z, &err);
    CK_CHECK_INT(st, want);
    CK_CHECK(z == NULL);
    if (!strstr(err.msg, words) || !strstr(err.msg, name))
        fprintf(stderr, "  %s: unexpected message: %s\n", name, err.msg);
    CK_CHECK(strstr(err.msg, words) != NULL);
    CK_CHECK(strstr(err.msg, name) != NULL);
    ck_zip_close(z);
}

static void test_not_a_zip_and_truncated(void)
{
    expect_open_error("not_a_zip.bin", CK_ERR_PARSE, "no end-of-central-directory");
    expect_open_error("truncated.zip", CK_ERR_PARSE, "end-of-central-directory");
    expect_open_error("does-not-exist.zip", CK_ERR_IO, "cannot open");
}

/* Reads every entry; returns the first failure and its message. */
static enum ck_status read_all(const char *name, struct ck_err *err)
{
    struct ck_zip *z = NULL;
    struct ck_buf b;
    enum ck_status st = ck_zip_open(fixture(name), NULL, &z, err);
    size_t i;

    ck_buf_init(&b);
    for (i = 0; st == CK_OK && i < ck_zip_count(z); i++)
        if (!ck_zip_entry_at(z, i)->is_dir)
            st = ck_zip_read(z, i, collect, &b, err);
    ck_zip_close(z);
    ck_buf_release(&b);
    return st;
}

static void test_damaged_entries(void)
{
    struct ck_err err;
    CK_CHECK_INT(read_all("bad_deflate.zip", &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "big.txt") != NULL);
    CK_CHECK_INT(read_all("bad_crc.zip", &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "small.txt") && strstr(err.msg, "CRC"));
    CK_CHECK_INT(read_all("method99.zip", &err), CK_ERR_UNSUPPORTED);
    CK_CHECK(strstr(err.msg, "method 99") != NULL);
    CK_CHECK_INT(read_all("encrypted.zip", &err), CK_ERR_UNSUPPORTED);
    CK_CHECK(strstr(err.msg, "encrypted") != NULL);
}

static void test_size_caps(void)
{
    struct ck_zip_limits small_entry = {1000, 0, 0}, small_total = {0, 1000, 0}, few = {0, 0, 1};
    struct ck_zip *z = NULL;
    struct ck_err err;
    struct ck_buf b;

    ck_buf_init(&b);
    CK_REQUIRE(ck_zip_open(fixture("deflate.zip"), &small_entry, &z, &err) == CK_OK);
    CK_CHECK_INT(ck_zip_read(z, 0, collect, &b, &err), CK_ERR_LIMIT);
    CK_CHECK_INT(b.len, 0); /* refused before any byte went out */
    CK_CHECK(strstr(err.msg, "big.txt") != NULL);
    CK_CHECK_INT(ck_zip_read(z, 1, collect, &b, &err), CK_OK);
    ck_zip_close(z);
    z = NULL;
    CK_CHECK_INT(ck_zip_open(fixture("deflate.zip"), &small_total, &z, &err), CK_ERR_LIMIT);
    CK_CHECK_INT(ck_zip_open(fixture("deflate.zip"), &few, &z, &err), CK_ERR_LIMIT);
    CK_CHECK(z == NULL);
    ck_buf_release(&b);
}

struct seen {
    int count;
    size_t bytes;
    int terminated;
};

static enum ck_status count_entry(void *ctx, const struct ck_zip_entry *e, const char *data, size_t len)
{
    struct seen *s = ctx;
    (void)e;
    s->count++;
    s->bytes += len;
    s->terminated &= data[len] == '\0';
    return s->count == 99 ? CK_ERR_CANCELLED : CK_OK;
}

static void test_foreach_skips_directories(void)
{
    struct ck_zip *z = NULL;
    struct ck_err err;
    struct seen s = {0, 0, 1};

    CK_REQUIRE(ck_zip_open(fixture("stored.zip"), NULL, &z, &err) == CK_OK);
    CK_CHECK_INT(ck_zip_foreach(z, count_entry, &s, &err), CK_OK);
    CK_CHECK_INT(s.count, 2);
    CK_CHECK_INT(s.bytes, 11);
    CK_CHECK(s.terminated);
    ck_zip_close(z);
}

/* The reader over memory, as the fuzz target uses it, with a zip whose
 * central directory claims more entries than it holds. */
static void test_memory_source_and_lying_directory(void)
{
    FILE *f = ck_fopen(fixture("stored.zip"), "rb");
    unsigned char data[4096];
    size_t n;
    struct ck_zip *z = NULL;
    struct ck_err err;

    CK_REQUIRE(f != NULL);
    n = fread(data, 1, sizeof data, f);
    fclose(f);
    CK_REQUIRE(n > 22);
    CK_CHECK_INT(ck_zip_open_mem(data, n, NULL, &z, &err), CK_OK);
    CK_CHECK_INT(ck_zip_count(z), 3);
    ck_zip_close(z);
    z = NULL;
    data[n - 22 + 8] = 200; /* entries on this disk */
    data[n - 22 + 10] = 200; /* total entries */
    CK_CHECK_INT(ck_zip_open_mem(data, n, NULL, &z, &err), CK_ERR_PARSE);
    CK_CHECK(z == NULL);
    CK_CHECK_INT(ck_zip_open_mem(data, 10, NULL, &z, &err), CK_ERR_PARSE);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_zip FIXTURES\n");
        return 2;
    }
    fixtures = argv[1];
    CK_RUN(test_stored_entries_and_directories);
    CK_RUN(test_deflate_spans_many_chunks);
    CK_RUN(test_zip64_sizes_and_offsets);
    CK_RUN(test_empty_archive);
    CK_RUN(test_not_a_zip_and_truncated);
    CK_RUN(test_damaged_entries);
    CK_RUN(test_size_caps);
    CK_RUN(test_foreach_skips_directories);
    CK_RUN(test_memory_source_and_lying_directory);
    return ck_test_summary();
}
