/* Image lists: dedupe in order, the text file format (comments, CRLF, BOM,
 * whitespace, invalid lines reported with their line numbers), writing and
 * reading back, the default file name. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ck_test.h"
#include "platform/platform.h"
#include "sources/imagelist.h"
#include "util/buf.h"
#include "util/log.h"

static struct ck_buf warnings; /* every warning line, '\n'-separated */

static void capture(void *ctx, enum ck_log_level level, const char *line)
{
    (void)ctx;
    if (level == CK_LOG_WARN) {
        ck_buf_puts(&warnings, line);
        ck_buf_putc(&warnings, '\n');
    }
}

static void write_bytes(const char *path, const char *data, size_t len)
{
    FILE *f = ck_fopen(path, "wb");
    if (f) {
        fwrite(data, 1, len, f);
        fclose(f);
    }
}

static void test_dedupe_keeps_order(void)
{
    struct ck_imagelist l;
    int added = -1;
    ck_imagelist_init(&l);
    CK_CHECK(ck_imagelist_add_text(&l, "ubuntu", &added, NULL) == CK_OK);
    CK_CHECK_INT(added, 1);
    CK_CHECK(ck_imagelist_add_text(&l, "alpine:3.20", &added, NULL) == CK_OK);
    /* the same image written three other ways */
    CK_CHECK(ck_imagelist_add_text(&l, "docker.io/library/ubuntu:latest", &added, NULL) == CK_OK);
    CK_CHECK_INT(added, 0);
    CK_CHECK(ck_imagelist_add_text(&l, "library/ubuntu", &added, NULL) == CK_OK);
    CK_CHECK_INT(added, 0);
    CK_CHECK(ck_imagelist_add_text(&l, "index.docker.io/ubuntu:latest", NULL, NULL) == CK_OK);
    CK_CHECK(ck_imagelist_add_text(&l, "Not/Valid", &added, NULL) == CK_ERR_PARSE);
    CK_CHECK_INT(l.count, 2);
    CK_CHECK_STR(ck_imagelist_string(&l, 0), "docker.io/library/ubuntu:latest");
    CK_CHECK_STR(ck_imagelist_string(&l, 1), "docker.io/library/alpine:3.20");
    CK_CHECK(ck_imagelist_string(&l, 2) == NULL);
    ck_imagelist_release(&l);
    ck_imagelist_release(NULL);
}

/* Many entries: the hash set grows and still finds every one. */
static void test_many(void)
{
    struct ck_imagelist l;
    char ref[64];
    int i, added;
    ck_imagelist_init(&l);
    for (i = 0; i < 5000; i++) {
        snprintf(ref, sizeof ref, "reg.example:5000/img%d:%d", i % 1000, i / 1000);
        CK_CHECK(ck_imagelist_add_text(&l, ref, &added, NULL) == CK_OK);
    }
    for (i = 0; i < 5000; i += 7) {
        struct ck_imageref r;
        snprintf(ref, sizeof ref, "reg.example:5000/img%d:%d", i % 1000, i / 1000);
        CK_CHECK(ck_imagelist_add_text(&l, ref, &added, NULL) == CK_OK);
        CK_CHECK_INT(added, 0);
        CK_REQUIRE(ck_imageref_parse(&r, ref, NULL) == CK_OK);
        CK_CHECK(ck_imagelist_contains(&l, &r));
        ck_imageref_release(&r);
    }
    CK_CHECK_INT(l.count, 5000);
    CK_CHECK_STR(ck_imagelist_string(&l, 4999), "reg.example:5000/img999:4");
    ck_imagelist_release(&l);
}

static void test_read_file(void)
{
    static const char text[] =
        "\xEF\xBB\xBF# images of the build team\r\n"      /* 1: BOM + comment */
        "ubuntu:22.04\r\n"                                  /* 2 */
        "\r\n"                                              /* 3 */
        "   registry.example.com:5000/dev/example-image:4.2.0   \r\n" /* 4 */
        "\talpine  # the small one\r\n"                     /* 5 */
        "Ubuntu:22.04\r\n"                                  /* 6: uppercase */
        "docker.io/library/ubuntu:22.04\r\n"                /* 7: duplicate of 2 */
        "   # indented comment\n"                           /* 8: LF only */
        "busybox:bad tag\n"                                 /* 9: space */
        "localhost:5000/app:1\n"                            /* 10 */
        "alpine:latest";                                    /* 11: no final newline */
    struct ck_imagelist l;
    struct ck_imagelist_stats s;
    struct ck_err err;
    const char *path = "test_imagelist.in.txt";

    write_bytes(path, text, sizeof text - 1);
    ck_imagelist_init(&l);
    ck_buf_reset(&warnings);
    CK_REQUIRE(ck_imagelist_read_file(&l, path, &s, &err) == CK_OK);
    CK_CHECK_INT(s.lines, 11);
    CK_CHECK_INT(s.added, 4);
    CK_CHECK_INT(s.duplicates, 2);
    CK_CHECK_INT(s.invalid, 2);
    CK_REQUIRE(l.count == 4);
    CK_CHECK_STR(ck_imagelist_string(&l, 0), "docker.io/library/ubuntu:22.04");
    CK_CHECK_STR(ck_imagelist_string(&l, 1), "registry.example.com:5000/dev/example-image:4.2.0");
    CK_CHECK_STR(ck_imagelist_string(&l, 2), "docker.io/library/alpine:latest");
    CK_CHECK_STR(ck_imagelist_string(&l, 3), "localhost:5000/app:1");
    CK_CHECK(strstr(ck_buf_str(&warnings), "test_imagelist.in.txt:6: ") != NULL);
    CK_CHECK(strstr(ck_buf_str(&warnings), "lowercase") != NULL);
    CK_CHECK(strstr(ck_buf_str(&warnings), "test_imagelist.in.txt:9: ") != NULL);
    CK_CHECK(strstr(ck_buf_str(&warnings), ":7:") == NULL); /* duplicates are no warning */
    ck_imagelist_release(&l);
    ck_remove(path);
}

static void test_read_text_edge_cases(void)
{
    struct ck_imagelist l;
    struct ck_imagelist_stats s;
    static const char only_bom[] = "\xEF\xBB\xBF";
    static const char nul_line[] = "alpine\nbusy\0box\nubuntu\n";
    static const char mid_bom[] = "x\n\xEF\xBB\xBFy\n";

    ck_imagelist_init(&l);
    CK_CHECK(ck_imagelist_read_text(&l, "", 0, "empty", &s, NULL) == CK_OK);
    CK_CHECK_INT(s.lines, 0);
    CK_CHECK(ck_imagelist_read_text(&l, only_bom, 3, "bom", &s, NULL) == CK_OK);
    CK_CHECK_INT(l.count, 0);
    ck_buf_reset(&warnings);
    CK_CHECK(ck_imagelist_read_text(&l, nul_line, sizeof nul_line - 1, "nul", &s, NULL) == CK_OK);
    CK_CHECK_INT(s.invalid, 1);
    CK_CHECK_INT(l.count, 2);
    CK_CHECK(strstr(ck_buf_str(&warnings), "nul:2: ") != NULL);
    /* a BOM in the middle is no BOM: that line is invalid */
    CK_CHECK(ck_imagelist_read_text(&l, mid_bom, sizeof mid_bom - 1, "mid", &s, NULL) == CK_OK);
    CK_CHECK_INT(s.invalid, 1);
    ck_imagelist_release(&l);
}

static void test_missing_file(void)
{
    struct ck_imagelist l;
    struct ck_err err;
    ck_imagelist_init(&l);
    CK_CHECK(ck_imagelist_read_file(&l, "no-such-dir/none.txt", NULL, &err) == CK_ERR_NOTFOUND);
    CK_CHECK(strstr(err.msg, "no-such-dir/none.txt") != NULL);
    ck_imagelist_release(&l);
}

static void test_write_read_back(void)
{
    struct ck_imagelist a, b;
    struct ck_err err;
    const char *path = "test_imagelist.out.txt";
    FILE *f;
    char line[256];
    size_t i;

    ck_imagelist_init(&a);
    ck_imagelist_init(&b);
    ck_imagelist_add_text(&a, "ubuntu", NULL, NULL);
    ck_imagelist_add_text(&a, "quay.io/org/app:1.0", NULL, NULL);
    ck_imagelist_add_text(&a, "alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                          NULL, NULL);
    CK_REQUIRE(ck_imagelist_write_file(&a, path, &err) == CK_OK);
    f = ck_fopen(path, "rb");
    CK_REQUIRE(f != NULL);
    CK_CHECK(fgets(line, sizeof line, f) != NULL);
    CK_CHECK_STR(line, "docker.io/library/ubuntu:latest\n");
    fclose(f);
    CK_REQUIRE(ck_imagelist_read_file(&b, path, NULL, &err) == CK_OK);
    CK_REQUIRE(b.count == a.count);
    for (i = 0; i < a.count; i++)
        CK_CHECK_STR(ck_imagelist_string(&b, i), ck_imagelist_string(&a, i));
    /* overwrite works and leaves no temporary file */
    CK_CHECK(ck_imagelist_write_file(&b, path, &err) == CK_OK);
    CK_CHECK(!ck_file_exists("test_imagelist.out.txt.tmp"));
    CK_CHECK(ck_imagelist_write_file(&b, "no-such-dir/x.txt", &err) == CK_ERR_IO);
    ck_remove(path);
    ck_imagelist_release(&a);
    ck_imagelist_release(&b);
}

static void test_default_filename(void)
{
    int64_t t = ck_time_now();
    struct tm tm;
    char want[96];
    char *name = ck_imagelist_default_filename(t);
    ck_time_local(t, &tm);
    snprintf(want, sizeof want, "containerkitty_container_list-%04d%02d%02d-%02d%02d.txt",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
    CK_CHECK_STR(name, want);
    CK_CHECK(name && strlen(name) == strlen("containerkitty_container_list-20240131-2359.txt"));
    free(name);
}

int main(void)
{
    ck_buf_init(&warnings);
    ck_log_set_sink(capture, NULL);
    CK_RUN(test_dedupe_keeps_order);
    CK_RUN(test_many);
    CK_RUN(test_read_file);
    CK_RUN(test_read_text_edge_cases);
    CK_RUN(test_missing_file);
    CK_RUN(test_write_read_back);
    CK_RUN(test_default_filename);
    ck_log_set_sink(NULL, NULL);
    ck_buf_release(&warnings);
    return ck_test_summary();
}
