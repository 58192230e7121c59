/* libFuzzer target: the UTF-8 checks and repairs that every JSON document,
 * log line and console line of the product goes through. Whatever the
 * bytes, a cleaned text is valid UTF-8, has nothing its mode forbids, is the
 * input itself when nothing needed cleaning, and the fixed-size form is a
 * prefix of the heap form. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"

static void check_mode(const char *text, size_t n, enum ck_utf8_mode mode)
{
    struct ck_buf b;
    char small[64];
    char *heap;
    size_t len;

    ck_buf_init(&b);
    if (ck_utf8_clean_into(&b, text, n, mode) != CK_OK)
        abort();
    if (!ck_utf8_valid(ck_buf_str(&b), b.len) || ck_utf8_needs_clean(ck_buf_str(&b), b.len, mode))
        abort();
    if (!ck_utf8_needs_clean(text, n, mode) && (b.len != n || memcmp(ck_buf_str(&b), text, n) != 0))
        abort();
    heap = ck_utf8_clean(text, mode); /* up to the first NUL */
    len = ck_utf8_clean_to(small, sizeof small, text, mode);
    if (!heap || len >= sizeof small || strncmp(heap, small, len) != 0 || !ck_utf8_valid(small, len))
        abort();
    free(heap);
    ck_buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    check_mode(text, size, CK_UTF8_ENCODING);
    check_mode(text, size, CK_UTF8_TEXT);
    check_mode(text, size, CK_UTF8_TERMINAL);
    free(text);
    return 0;
}
