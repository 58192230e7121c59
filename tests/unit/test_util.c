/* Tests of the util module: buffers, status strings, log prefixes. */
#include <stdlib.h>

#include "ck_test.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/status.h"
#include "util/utf8.h"

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

/* After one failed append, a buffer stays failed: a later small append
 * that would fit does not go through, and take gives NULL. */
static void test_buf_failure_is_sticky(void)
{
    struct ck_buf b;
    ck_buf_init(&b);
    CK_CHECK_INT(ck_buf_puts(&b, "head "), CK_OK);
    CK_CHECK_INT(ck_buf_status(&b), CK_OK);
    CK_CHECK_INT(ck_buf_reserve(&b, (size_t)-1 - 2), CK_ERR_NOMEM); /* past SIZE_MAX */
    CK_CHECK_INT(ck_buf_status(&b), CK_ERR_NOMEM);
    CK_CHECK_INT(ck_buf_puts(&b, "tail"), CK_ERR_NOMEM);
    CK_CHECK_INT(ck_buf_printf(&b, "%d", 1), CK_ERR_NOMEM);
    CK_CHECK_INT(ck_buf_putc(&b, 'x'), CK_ERR_NOMEM);
    CK_CHECK_STR(ck_buf_str(&b), "head ");
    ck_buf_consume(&b, 100);
    CK_CHECK_INT(ck_buf_status(&b), CK_ERR_NOMEM); /* consuming does not clear it */
    CK_CHECK(ck_buf_take(&b) == NULL);
    CK_CHECK_INT(ck_buf_status(&b), CK_OK); /* take left it empty and usable */
    CK_CHECK_INT(ck_buf_puts(&b, "again"), CK_OK);
    CK_CHECK_INT(ck_buf_append(&b, "", (size_t)-1), CK_ERR_NOMEM);
    ck_buf_reset(&b);
    CK_CHECK_INT(ck_buf_status(&b), CK_OK);
    ck_buf_release(&b);
}

static void check_clean(const char *in, enum ck_utf8_mode mode, const char *want)
{
    char *got = ck_utf8_clean(in, mode);
    char small[8];
    CK_CHECK_STR(got, want);
    CK_CHECK_INT(ck_utf8_needs_clean(in, strlen(in), mode), strcmp(in, want) != 0);
    /* the fixed-size form cuts at a character, never inside one */
    ck_utf8_clean_to(small, sizeof small, in, mode);
    CK_CHECK(strlen(small) < sizeof small && !strncmp(small, want, strlen(small)));
    CK_CHECK(ck_test_utf8_strict(small));
    free(got);
}

#define R "\xEF\xBF\xBD"

static void test_utf8_validation(void)
{
    static const char *const valid[] = {"", "ascii", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x90\xB1", "\xEF\xBF\xBF",
                                        "\xF4\x8F\xBF\xBF", "\xED\x9F\xBF"};
    static const char *const invalid[] = {"\xFF", "\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xED\xA0\x80",
                                          "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xC3", "\xE2\x82", "\x80",
                                          "\xF8\x88\x80\x80\x80"};
    size_t i;
    for (i = 0; i < sizeof valid / sizeof valid[0]; i++)
        CK_CHECK(ck_utf8_valid(valid[i], strlen(valid[i])) && ck_test_utf8_strict(valid[i]));
    for (i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
        CK_CHECK(!ck_utf8_valid(invalid[i], strlen(invalid[i])) && !ck_test_utf8_strict(invalid[i]));
    CK_CHECK(!ck_utf8_valid("a\0b", 3)); /* a NUL inside is not text */
}

static void test_utf8_clean_modes(void)
{
    check_clean("ok \xC3\xA9", CK_UTF8_TERMINAL, "ok \xC3\xA9");
    check_clean("a\xFF" "b\xC3", CK_UTF8_ENCODING, "a" R "b" R);
    check_clean("\xE2\x82", CK_UTF8_ENCODING, R R);
    check_clean("t\x01\tn\n\r", CK_UTF8_ENCODING, "t\x01\tn\n\r");
    check_clean("t\x01\tn\n\r\x7F", CK_UTF8_TEXT, "t" R "\tn\n\r" R);
    /* what a terminal would obey: CSI, OSC, a bare CR, C1 controls, bidi overrides */
    check_clean("\x1B[2J\x1B]0;title\x07", CK_UTF8_TERMINAL, R "[2J" R "]0;title" R);
    check_clean("line\rover", CK_UTF8_TERMINAL, "line" R "over");
    check_clean("c1 \xC2\x9B" "31m", CK_UTF8_TERMINAL, "c1 " R "31m");
    check_clean("\xE2\x80\xAE" "gnp.exe", CK_UTF8_TERMINAL, R "gnp.exe");
    check_clean("\xE2\x81\xA6x\xE2\x81\xA9", CK_UTF8_TERMINAL, R "x" R);
    check_clean("tab\tnl\n", CK_UTF8_TERMINAL, "tab\tnl\n");
}

/* Log lines reach consoles and log files: the sink sees them cleaned, on
 * one line. */
static void test_log_lines_are_neutralised(void)
{
    struct captured c = {0, ""};
    ck_log_set_console(0);
    ck_log_set_sink(capture, &c);
    ck_log(CK_LOG_WARN, "package %s", "evil\x1B[2J\nnext\xFF");
    CK_CHECK(strstr(c.last, "package evil" R "[2J next" R) != NULL);
    CK_CHECK(strchr(c.last, 0x1B) == NULL && strchr(c.last, '\n') == NULL);
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
    CK_RUN(test_buf_failure_is_sticky);
    CK_RUN(test_utf8_validation);
    CK_RUN(test_utf8_clean_modes);
    CK_RUN(test_log_lines_are_neutralised);
    ck_log_shutdown();
    return ck_test_summary();
}
