/* libFuzzer target: the Go build information reader. The input is the
 * bytes of a file (an executable or anything else), given whole to
 * ck_gobuildinfo_read and pushed to the streaming scanner in chunks whose
 * sizes come from a generator seeded by the input (1 byte to 8 KiB).
 * Checks: a result's strings are valid UTF-8, its lists within the caps,
 * its header on the 16-byte grid and inside the input; a failure leaves the
 * result untouched and says why; the scanner's answer matches the whole
 * reading where both see the same headers (an input of at most
 * CK_GOBI_SCAN_HEAD bytes with no .go.buildinfo section), the pointer form
 * (which the scanner leaves to the whole reading) apart; whenever both
 * succeed on the same header they give the same result. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/lang/gobuildinfo.h"
#include "inventory/lang/goexe.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *s)
{
    if (!s || !ck_utf8_valid(s, strlen(s)) || strlen(s) > CK_GOBI_MAX_MODINFO)
        abort();
}

static void check_module(const struct ck_gomodule *m)
{
    check_str(m->path);
    check_str(m->version);
    check_str(m->sum);
    if (!(m->flags & CK_GOMOD_REPLACED) != !m->orig_path || !m->orig_path != !m->orig_version)
        abort();
    if (m->orig_path) {
        check_str(m->orig_path);
        check_str(m->orig_version);
    }
}

static void check_result(const struct ck_gobuildinfo *bi, size_t size)
{
    size_t i;

    check_str(bi->go_version);
    check_str(bi->path);
    if (bi->stdlib_version)
        check_str(bi->stdlib_version);
    check_module(&bi->main);
    if (bi->dep_count > CK_GOBI_MAX_DEPS || bi->setting_count > CK_GOBI_MAX_SETTINGS)
        abort();
    for (i = 0; i < bi->dep_count; i++)
        check_module(&bi->deps[i]);
    for (i = 0; i < bi->setting_count; i++) {
        check_str(bi->settings[i].key);
        check_str(bi->settings[i].value);
    }
    if (bi->offset % 16 || bi->offset > size || size - bi->offset < 32 || (bi->ptr_size != 4 && bi->ptr_size != 8))
        abort();
}

static int same_module(const struct ck_gomodule *a, const struct ck_gomodule *b)
{
    return !strcmp(a->path, b->path) && !strcmp(a->version, b->version) && !strcmp(a->sum, b->sum) &&
           a->flags == b->flags;
}

static int same(const struct ck_gobuildinfo *a, const struct ck_gobuildinfo *b)
{
    size_t i;

    if (strcmp(a->go_version, b->go_version) || strcmp(a->path, b->path) || a->dep_count != b->dep_count ||
        a->setting_count != b->setting_count || !same_module(&a->main, &b->main) || a->has_main != b->has_main)
        return 0;
    for (i = 0; i < a->dep_count; i++)
        if (!same_module(&a->deps[i], &b->deps[i]))
            return 0;
    for (i = 0; i < a->setting_count; i++)
        if (strcmp(a->settings[i].key, b->settings[i].key) || strcmp(a->settings[i].value, b->settings[i].value))
            return 0;
    return 1;
}

static uint64_t next(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static enum ck_status scan(const uint8_t *data, size_t size, struct ck_gobuildinfo *out, struct ck_err *err)
{
    struct ck_gobuildinfo_scan *s = NULL;
    uint64_t x = 0x9E3779B97F4A7C15ull ^ size;
    size_t off = 0, i;
    enum ck_status st;

    for (i = 0; i < size && i < 64; i++)
        x = (x ^ data[i]) * 0x100000001B3ull;
    if (!x)
        x = 1;
    if (ck_gobuildinfo_scan_new(&s) != CK_OK)
        return CK_ERR_NOMEM;
    while (off < size) {
        uint64_t r = next(&x);
        size_t n = (size_t)(r % 4 == 0 ? 1 + (r >> 8) % 8192 : 1 + (r >> 8) % 64);
        if (n > size - off)
            n = size - off;
        if (ck_gobuildinfo_scan_push(s, data + off, n))
            break;
        off += n;
    }
    st = ck_gobuildinfo_scan_finish(s, out, err);
    ck_gobuildinfo_scan_free(s);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_gobuildinfo whole, streamed;
    struct ck_err err_whole, err_streamed;
    enum ck_status sw, ss;
    struct ck_goexe x;
    uint64_t off, len;

    ck_gobuildinfo_init(&whole);
    ck_gobuildinfo_init(&streamed);
    sw = ck_gobuildinfo_read(data, size, &whole, &err_whole);
    ss = scan(data, size, &streamed, &err_streamed);
    if (sw == CK_OK)
        check_result(&whole, size);
    else if (whole.go_version || !err_whole.msg[0])
        abort();
    if (ss == CK_OK) {
        check_result(&streamed, size);
        if (!streamed.inline_form)
            abort();
    } else if (streamed.go_version || !err_streamed.msg[0]) {
        abort();
    }
    if (sw == CK_OK && ss == CK_OK && whole.offset == streamed.offset && !same(&whole, &streamed))
        abort();
    ck_goexe_open(&x, data, size);
    if (size <= CK_GOBI_SCAN_HEAD && !ck_goexe_section(&x, ".go.buildinfo", &off, &len) &&
        ss != CK_GOBI_NEEDS_FILE) {
        if (sw != ss || (sw == CK_OK && (whole.offset != streamed.offset || !same(&whole, &streamed))))
            abort();
    }
    ck_gobuildinfo_release(&whole);
    ck_gobuildinfo_release(&streamed);
    return 0;
}
