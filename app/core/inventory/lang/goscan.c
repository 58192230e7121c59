/* The streaming front of the Go build information reader: bytes of a file
 * pushed in order, searched at 16-aligned file offsets in a small window;
 * the inline strings after a header are gathered and decoded as
 * ck_gobuildinfo_read decodes them. */
#include <stdlib.h>
#include <string.h>

#include "inventory/lang/goexe.h"
#include "util/buf.h"

#define WINDOW 4096u
#define MAX_REGIONS 128u /* more data regions than this cannot fit in CK_GOBI_SCAN_HEAD */

enum scan_state { ST_HEAD, ST_SEARCH, ST_GATHER, ST_DONE };

struct region {
    uint64_t off, end;
};

struct ck_gobuildinfo_scan {
    enum scan_state state;
    unsigned char head[CK_GOBI_SCAN_HEAD];
    size_t head_len;
    struct region regions[MAX_REGIONS];
    size_t region_count;        /* 0: the whole file is searched */
    unsigned char win[WINDOW + CK_GOBI_HEADER];
    size_t win_len;
    uint64_t win_off;           /* file offset of win[0], a multiple of 16 */
    struct ck_buf blob;         /* from the header on, once found */
    uint64_t blob_off;
    size_t need;                /* bytes of blob wanted before deciding */
    enum ck_status status;      /* the answer once ST_DONE */
    struct ck_err err;
    int finished;
};

enum ck_status ck_gobuildinfo_scan_new(struct ck_gobuildinfo_scan **out)
{
    struct ck_gobuildinfo_scan *s;

    if (!out)
        return CK_ERR_ARG;
    s = calloc(1, sizeof *s);
    if (!s)
        return CK_ERR_NOMEM;
    ck_buf_init(&s->blob);
    *out = s;
    return CK_OK;
}

void ck_gobuildinfo_scan_free(struct ck_gobuildinfo_scan *s)
{
    if (!s)
        return;
    ck_buf_release(&s->blob);
    free(s);
}

static void done(struct ck_gobuildinfo_scan *s, enum ck_status st)
{
    s->state = ST_DONE;
    s->status = st;
    s->err.status = st;
}

/* The data regions named by the headers in head (none: search everything). */
static void learn_regions(struct ck_gobuildinfo_scan *s)
{
    struct ck_goexe x;
    uint64_t off, size;
    unsigned iter = 0;

    ck_goexe_open(&x, s->head, s->head_len);
    while (s->region_count < MAX_REGIONS && ck_goexe_region(&x, &iter, &off, &size)) {
        s->regions[s->region_count].off = off;
        s->regions[s->region_count].end = off + size < off ? UINT64_MAX : off + size;
        s->region_count++;
    }
}

static int in_region(const struct ck_gobuildinfo_scan *s, uint64_t off)
{
    size_t i;

    if (!s->region_count)
        return 1;
    for (i = 0; i < s->region_count; i++)
        if (off >= s->regions[i].off && off < s->regions[i].end)
            return 1;
    return 0;
}

/* Decides when the gathered bytes suffice (or at_end); 1 when done. */
static int evaluate(struct ck_gobuildinfo_scan *s, int at_end)
{
    const char *vers, *mod;
    size_t vlen, mlen;
    enum ck_status st;

    st = ck_goexe_inline_strings((const unsigned char *)s->blob.data, s->blob.len, at_end, &s->need, &vers, &vlen,
                                 &mod, &mlen, &s->err);
    if (st != CK_OK || s->need <= s->blob.len) {
        if (st == CK_OK)
            s->need = 0;
        done(s, st);
        return 1;
    }
    return 0;
}

static void gather(struct ck_gobuildinfo_scan *s, const unsigned char *p, size_t n)
{
    while (n && s->state == ST_GATHER) {
        size_t take = s->need > s->blob.len ? s->need - s->blob.len : 0;
        if (take > n)
            take = n;
        if (ck_buf_append(&s->blob, p, take) != CK_OK) {
            done(s, ck_err_set(&s->err, CK_ERR_NOMEM, "out of memory reading Go build information"));
            return;
        }
        p += take;
        n -= take;
        if (s->blob.len >= s->need)
            evaluate(s, 0);
    }
}

/* A header at win[i]: the pointer form ends the scan, the inline form
 * starts gathering with what the window holds from there. */
static void found(struct ck_gobuildinfo_scan *s, size_t i)
{
    s->blob_off = s->win_off + i;
    if (!(s->win[i + 15] & 2)) {
        done(s, ck_err_set(&s->err, CK_GOBI_NEEDS_FILE,
                           "Go build information in the pointer form (before Go 1.18) at offset %llu: "
                           "read the whole file",
                           (unsigned long long)s->blob_off));
        return;
    }
    if (ck_buf_append(&s->blob, s->win + i, s->win_len - i) != CK_OK) {
        done(s, ck_err_set(&s->err, CK_ERR_NOMEM, "out of memory reading Go build information"));
        return;
    }
    s->state = ST_GATHER;
    s->need = CK_GOBI_HEADER;
    evaluate(s, 0);
}

/* Looks at every aligned offset of the window with a whole header after it,
 * then keeps the rest (under 32 bytes) for the next push. */
static void search_window(struct ck_gobuildinfo_scan *s)
{
    size_t i = 0;

    for (; s->win_len - i >= CK_GOBI_HEADER; i += CK_GOBI_ALIGN)
        if (s->win[i] == 0xff && ck_goexe_header_ok(s->win + i) && in_region(s, s->win_off + i)) {
            found(s, i);
            return;
        }
    memmove(s->win, s->win + i, s->win_len - i);
    s->win_len -= i;
    s->win_off += i;
}

static void search(struct ck_gobuildinfo_scan *s, const unsigned char *p, size_t n)
{
    while (n && s->state == ST_SEARCH) {
        size_t take = WINDOW + CK_GOBI_HEADER - s->win_len;
        if (take > n)
            take = n;
        memcpy(s->win + s->win_len, p, take);
        s->win_len += take;
        p += take;
        n -= take;
        search_window(s);
    }
    if (n && s->state == ST_GATHER)
        gather(s, p, n);
}

/* The first bytes, kept until the headers can be read, then searched. */
static void end_head(struct ck_gobuildinfo_scan *s)
{
    learn_regions(s);
    s->state = ST_SEARCH;
    search(s, s->head, s->head_len);
}

int ck_gobuildinfo_scan_push(struct ck_gobuildinfo_scan *s, const void *data, size_t len)
{
    const unsigned char *p = data;

    if (!s || s->finished)
        return 1;
    if (!p || !len)
        return s->state == ST_DONE;
    if (s->state == ST_HEAD) {
        size_t take = CK_GOBI_SCAN_HEAD - s->head_len;
        if (take > len)
            take = len;
        memcpy(s->head + s->head_len, p, take);
        s->head_len += take;
        p += take;
        len -= take;
        if (s->head_len == CK_GOBI_SCAN_HEAD)
            end_head(s);
    }
    if (s->state == ST_SEARCH)
        search(s, p, len);
    else if (s->state == ST_GATHER)
        gather(s, p, len);
    return s->state == ST_DONE;
}

static enum ck_status decode(struct ck_gobuildinfo_scan *s, struct ck_gobuildinfo *out, struct ck_err *err)
{
    const unsigned char *b = (const unsigned char *)s->blob.data;
    const char *vers, *mod;
    size_t vlen, mlen, need;
    struct ck_gobuildinfo t;
    enum ck_status st;

    st = ck_goexe_inline_strings(b, s->blob.len, 1, &need, &vers, &vlen, &mod, &mlen, err);
    if (st != CK_OK)
        return st;
    ck_gobuildinfo_init(&t);
    st = ck_gobuildinfo_from_strings(vers, vlen, mod, mlen, &t, err);
    if (st != CK_OK)
        return st;
    t.inline_form = 1;
    t.big_endian = b[15] & 1;
    t.ptr_size = b[14];
    t.offset = s->blob_off;
    t.where = s->region_count ? CK_GOBI_IN_DATA : CK_GOBI_IN_FILE;
    ck_gobuildinfo_release(out);
    *out = t;
    return CK_OK;
}

enum ck_status ck_gobuildinfo_scan_finish(struct ck_gobuildinfo_scan *s, struct ck_gobuildinfo *out,
                                          struct ck_err *err)
{
    if (!s || !out || s->finished)
        return ck_err_set(err, CK_ERR_ARG, "ck_gobuildinfo_scan_finish: no scanner or no result");
    s->finished = 1;
    if (s->state == ST_HEAD)
        end_head(s);
    if (s->state == ST_SEARCH)
        return ck_err_set(err, CK_GOBI_NOT_GO, "not a Go program: no Go build information");
    if (s->state == ST_GATHER)
        evaluate(s, 1);
    if (s->status != CK_OK) {
        if (err)
            *err = s->err;
        return s->status;
    }
    return decode(s, out, err);
}
