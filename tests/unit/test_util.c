/* Tests of the util module: buffers, status strings, log prefixes. */
#include <stdlib.h>

#include "ck_test.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/status.h"

static void test_buf_append_and_printf(void)
{
    struct ck_buf b;
    ck_buf_init(&b);
    CK_CHECK_STR(ck_buf_str(&b), "");
    CK_CHECK_INT(ck_buf_puts(&b, "ubuntu"), CK_OK);
    CK_CHECK_INT(ck_buf_printf(&b, ":%s-%d", "xenial", 20210429), CK_OK);
    CK_CHECK_STR(ck_buf_str(&b), "ubuntu:xenial-20210429");
    CK_CHECK_INT(b.len, 22);
    ck_buf_consume(&b, 7);
    CK_CHECK_STR(ck_buf_str(&b), "xenial-20210429");
    ck_buf_release(&b);
}

static void test_buf_grows_past_many_pages(void)
{
    struct ck_buf b;
    char *s;
    int i;
    ck_buf_init(&b);
    for (i = 0; i < 100000; i++)
        CK_REQUIRE(ck_buf_putc(&b, (char)('a' + i % 26)) == CK_OK);
    CK_CHECK_INT(b.len, 100000);
    CK_CHECK(b.data[99999] == (char)('a' + 99999 % 26));
    CK_CHECK(b.data[100000] == '\0');
    s = ck_buf_take(&b);
    CK_CHECK(b.data == NULL && b.len == 0);
    CK_CHECK_INT(strlen(s), 100000);
    free(s);
}

static void test_take_of_empty_buffer_is_empty_string(void)
{
    struct ck_buf b;
    char *s;
    ck_buf_init(&b);
    s = ck_buf_take(&b);
    CK_REQUIRE(s != NULL);
    CK_CHECK_STR(s, "");
    free(s);
}

static void test_array_grows_and_keeps_elements(void)
{
    long *items = NULL;
    size_t count = 0, cap = 0, i;

    for (i = 0; i < 1000; i++) {
        CK_REQUIRE(CK_ARRAY_GROW(items, count, cap) == CK_OK);
        CK_REQUIRE(cap > count);
        items[count++] = (long)i * 3;
    }
    CK_CHECK_INT(count, 1000);
    CK_CHECK(cap >= 1000 && cap <= 2048);
    for (i = 0; i < count; i++)
        if (items[i] != (long)i * 3)
            break;
    CK_CHECK_INT(i, 1000);
    /* Room left: nothing moves. */
    {
        long *before = items;
        size_t before_cap = cap;
        if (count < cap) {
            CK_CHECK_INT(CK_ARRAY_GROW(items, count, cap), CK_OK);
            CK_CHECK(items == before && cap == before_cap);
        }
    }
    free(items);
}

static void test_status_and_err(void)
{
    struct ck_err err;
    CK_CHECK_STR(ck_status_str(CK_OK), "success");
    CK_CHECK_STR(ck_status_str(CK_ERR_CANCELLED), "cancelled");
    CK_CHECK_STR(ck_status_str((enum ck_status)999), "unknown status");
    CK_CHECK_INT(ck_err_set(&err, CK_ERR_NOTFOUND, "no %s in %s", "status", "image"), CK_ERR_NOTFOUND);
    CK_CHECK_STR(err.msg, "no status in image");
    ck_err_clear(&err);
    CK_CHECK_STR(err.msg, "");
}

static void test_log_prefixes(void)
{
    CK_CHECK_STR(ck_log_prefix(CK_LOG_INFO), "[*]");
    CK_CHECK_STR(ck_log_prefix(CK_LOG_SUCCESS), "[$]");
    CK_CHECK_STR(ck_log_prefix(CK_LOG_WARN), "[?]");
    CK_CHECK_STR(ck_log_prefix(CK_LOG_ERROR), "[!]");
    CK_CHECK_STR(ck_log_prefix(CK_LOG_DEBUG), "[-]");
}

struct captured {
    int lines;
    char last[256];
};

static void capture(void *ctx, enum ck_log_level level, const char *line)
{
    struct captured *c = ctx;
    (void)level;
    c->lines++;
    snprintf(c->last, sizeof c->last, "%s", line);
}

static void test_log_level_filters_before_sink(void)
{
    struct captured c = {0, ""};
    ck_log_set_console(0);
    ck_log_set_sink(capture, &c);
    ck_log_set_level(CK_LOG_INFO);
    ck_log(CK_LOG_DEBUG, "hidden %d", 1);
    CK_CHECK_INT(c.lines, 0);
    ck_log(CK_LOG_SUCCESS, "Scanned %d images", 3);
    CK_CHECK_INT(c.lines, 1);
    CK_CHECK(strstr(c.last, "[$] Scanned 3 images") != NULL);
    ck_log_set_sink(NULL, NULL);
    ck_log_set_console(1);
}

int main(void)
{
    CK_RUN(test_buf_append_and_printf);
    CK_RUN(test_buf_grows_past_many_pages);
    CK_RUN(test_take_of_empty_buffer_is_empty_string);
    CK_RUN(test_array_grows_and_keeps_elements);
    CK_RUN(test_status_and_err);
    CK_RUN(test_log_prefixes);
    CK_RUN(test_log_level_filters_before_sink);
    ck_log_shutdown();
    return ck_test_summary();
}
