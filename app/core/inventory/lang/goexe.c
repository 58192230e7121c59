/* Where an executable keeps its Go build information: ELF and PE headers
 * read in place, address translation, the 32-byte header and its strings,
 * and ck_gobuildinfo_read, which puts them together. Layouts: the ELF
 * specification (ELF32/ELF64 headers, program and section headers), the PE
 * format (COFF header, optional header, section table), and Go's
 * debug/buildinfo for the blob (see gobuildinfo.h). */
#include "inventory/lang/goexe.h"

#include <string.h>

static const unsigned char magic[14] = {0xff, ' ', 'G', 'o', ' ', 'b', 'u', 'i', 'l', 'd', 'i', 'n', 'f', ':'};

#define PT_LOAD 1u
#define PF_X 1u
#define PF_W 2u
#define SHT_NOBITS 8u
#define PE_CNT_CODE 0x00000020u
#define PE_CNT_INITIALIZED_DATA 0x00000040u
#define PE_MEM_EXECUTE 0x20000000u
#define PE_MEM_WRITE 0x80000000u

/* ---- reading integers in place --------------------------------------------- */

/* 1 when [off, off+n) lies within len bytes (no overflow). */
static int fits(uint64_t off, uint64_t n, uint64_t len)
{
    return off <= len && n <= len - off;
}

static uint64_t rd(const unsigned char *p, unsigned n, int big_endian)
{
    uint64_t v = 0;
    unsigned i;

    for (i = 0; i < n; i++)
        v |= (uint64_t)p[big_endian ? n - 1 - i : i] << (8 * i);
    return v;
}

/* An integer of n bytes at off of the file, 0 when it is not within it. */
static uint64_t get(const struct ck_goexe *x, uint64_t off, unsigned n)
{
    if (!fits(off, n, x->len))
        return 0;
    return rd(x->d + off, n, x->big_endian);
}

/* ---- opening ----------------------------------------------------------------- */

static void open_elf(struct ck_goexe *x)
{
    unsigned w = x->is64 ? 8 : 4;
    uint64_t sizes = x->is64 ? 54 : 42; /* e_phentsize; e_phnum, e_shentsize, e_shnum, e_shstrndx follow */

    x->phoff = get(x, x->is64 ? 32 : 28, w);
    x->shoff = get(x, x->is64 ? 40 : 32, w);
    x->phentsize = (unsigned)get(x, sizes, 2);
    x->phnum = (unsigned)get(x, sizes + 2, 2);
    x->shentsize = (unsigned)get(x, sizes + 4, 2);
    x->shnum = (unsigned)get(x, sizes + 6, 2);
    x->shstrndx = (unsigned)get(x, sizes + 8, 2);
    if (x->phentsize < (x->is64 ? 56u : 32u) || !fits(x->phoff, (uint64_t)x->phnum * x->phentsize, x->len))
        x->phnum = 0;
    if (x->shentsize < (x->is64 ? 64u : 40u) || !fits(x->shoff, (uint64_t)x->shnum * x->shentsize, x->len))
        x->shnum = 0;
}

static void open_pe(struct ck_goexe *x)
{
    uint64_t pe = get(x, 0x3C, 4), opt = pe + 24, optsize;
    unsigned magic_opt;

    if (!fits(pe, 24, x->len) || memcmp(x->d + pe, "PE\0\0", 4))
        return;
    x->pe_nsec = (unsigned)get(x, pe + 6, 2);
    optsize = get(x, pe + 20, 2);
    magic_opt = (unsigned)get(x, opt, 2);
    if (magic_opt == 0x20B)
        x->image_base = get(x, opt + 24, 8);
    else if (magic_opt == 0x10B)
        x->image_base = get(x, opt + 28, 4);
    x->pe_sections = opt + optsize;
    if (!fits(x->pe_sections, (uint64_t)x->pe_nsec * 40, x->len))
        x->pe_nsec = 0;
    x->kind = CK_GOEXE_PE;
}

void ck_goexe_open(struct ck_goexe *x, const void *data, size_t len)
{
    memset(x, 0, sizeof *x);
    x->d = data;
    x->len = len;
    x->kind = CK_GOEXE_RAW;
    if (len >= 64 && !memcmp(x->d, "\x7f" "ELF", 4) && (x->d[4] == 1 || x->d[4] == 2) &&
        (x->d[5] == 1 || x->d[5] == 2)) {
        x->kind = CK_GOEXE_ELF;
        x->is64 = x->d[4] == 2;
        x->big_endian = x->d[5] == 2;
        open_elf(x);
    } else if (len >= 64 && x->d[0] == 'M' && x->d[1] == 'Z') {
        open_pe(x);
    }
}

int ck_gobuildinfo_is_executable(const void *head, size_t len)
{
    const unsigned char *d = head;
    uint64_t pe;

    if (!d)
        return 0;
    if (len >= 6 && !memcmp(d, "\x7f" "ELF", 4))
        return (d[4] == 1 || d[4] == 2) && (d[5] == 1 || d[5] == 2);
    if (len < 2 || d[0] != 'M' || d[1] != 'Z')
        return 0;
    if (len < 0x40)
        return 1;
    pe = rd(d + 0x3C, 4, 0);
    return !fits(pe, 4, len) || !memcmp(d + pe, "PE\0\0", 4);
}

/* ---- ELF tables ---------------------------------------------------------------- */

struct elf_seg {
    uint64_t type, flags, off, vaddr, filesz;
};

static void elf_seg(const struct ck_goexe *x, unsigned i, struct elf_seg *s)
{
    uint64_t p = x->phoff + (uint64_t)i * x->phentsize;

    s->type = get(x, p, 4);
    if (x->is64) {
        s->flags = get(x, p + 4, 4);
        s->off = get(x, p + 8, 8);
        s->vaddr = get(x, p + 16, 8);
        s->filesz = get(x, p + 32, 8);
    } else {
        s->off = get(x, p + 4, 4);
        s->vaddr = get(x, p + 8, 4);
        s->filesz = get(x, p + 16, 4);
        s->flags = get(x, p + 24, 4);
    }
}

struct elf_sec {
    uint64_t name, type, addr, off, size;
};

static void elf_sec(const struct ck_goexe *x, unsigned i, struct elf_sec *s)
{
    uint64_t p = x->shoff + (uint64_t)i * x->shentsize;
    unsigned w = x->is64 ? 8 : 4;

    s->name = get(x, p, 4);
    s->type = get(x, p + 4, 4);
    s->addr = get(x, p + 8 + w, w);
    s->off = get(x, p + 8 + 2 * w, w);
    s->size = get(x, p + 8 + 3 * w, w);
}

int ck_goexe_section(const struct ck_goexe *x, const char *name, uint64_t *off, uint64_t *size)
{
    struct elf_sec strtab, s;
    size_t n = strlen(name);
    unsigned i;

    if (x->kind != CK_GOEXE_ELF || x->shstrndx >= x->shnum)
        return 0;
    elf_sec(x, x->shstrndx, &strtab);
    if (!fits(strtab.off, strtab.size, x->len))
        return 0;
    for (i = 0; i < x->shnum; i++) {
        elf_sec(x, i, &s);
        if (s.type == SHT_NOBITS || s.name >= strtab.size || strtab.size - s.name < n + 1)
            continue;
        if (!memcmp(x->d + strtab.off + s.name, name, n + 1)) {
            *off = s.off;
            *size = s.size;
            return 1;
        }
    }
    return 0;
}

/* ---- PE tables ----------------------------------------------------------------- */

struct pe_sec {
    uint64_t vsize, va, rawsize, rawoff, flags;
};

static void pe_sec(const struct ck_goexe *x, unsigned i, struct pe_sec *s)
{
    uint64_t p = x->pe_sections + 40u * (uint64_t)i;

    s->vsize = get(x, p + 8, 4);
    s->va = get(x, p + 12, 4);
    s->rawsize = get(x, p + 16, 4);
    s->rawoff = get(x, p + 20, 4);
    s->flags = get(x, p + 36, 4);
}

/* ---- regions and addresses ------------------------------------------------------ */

int ck_goexe_region(const struct ck_goexe *x, unsigned *iter, uint64_t *off, uint64_t *size)
{
    while (x->kind == CK_GOEXE_ELF && *iter < x->phnum) {
        struct elf_seg s;
        elf_seg(x, (*iter)++, &s);
        if (s.type == PT_LOAD && (s.flags & (PF_W | PF_X)) == PF_W && s.filesz) {
            *off = s.off;
            *size = s.filesz;
            return 1;
        }
    }
    while (x->kind == CK_GOEXE_PE && *iter < x->pe_nsec) {
        struct pe_sec s;
        pe_sec(x, (*iter)++, &s);
        if ((s.flags & (PE_CNT_INITIALIZED_DATA | PE_MEM_WRITE)) == (PE_CNT_INITIALIZED_DATA | PE_MEM_WRITE) &&
            !(s.flags & (PE_CNT_CODE | PE_MEM_EXECUTE)) && s.rawsize) {
            *off = s.rawoff;
            *size = s.rawsize;
            return 1;
        }
    }
    return 0;
}

/* 1 when [addr, addr+n) lies in [base, base+size); *off = start + (addr - base). */
static int within(uint64_t addr, uint64_t n, uint64_t base, uint64_t size, uint64_t start, uint64_t *off)
{
    if (addr < base || addr - base > size || n > size - (addr - base))
        return 0;
    *off = start + (addr - base);
    return *off >= start; /* no wrap-around */
}

int ck_goexe_translate(const struct ck_goexe *x, uint64_t addr, uint64_t n, uint64_t *off)
{
    unsigned i;

    if (x->kind == CK_GOEXE_ELF) {
        for (i = 0; i < x->phnum; i++) {
            struct elf_seg s;
            elf_seg(x, i, &s);
            if (s.type == PT_LOAD && within(addr, n, s.vaddr, s.filesz, s.off, off))
                return 1;
        }
        for (i = 0; i < x->shnum; i++) {
            struct elf_sec s;
            elf_sec(x, i, &s);
            if (s.type != SHT_NOBITS && s.addr && within(addr, n, s.addr, s.size, s.off, off))
                return 1;
        }
    } else if (x->kind == CK_GOEXE_PE && addr >= x->image_base) {
        for (i = 0; i < x->pe_nsec; i++) {
            struct pe_sec s;
            pe_sec(x, i, &s);
            if (s.va && within(addr - x->image_base, n, s.va, s.rawsize, s.rawoff, off))
                return 1;
        }
    }
    return 0;
}

/* ---- the blob -------------------------------------------------------------------- */

int ck_goexe_header_ok(const unsigned char *h)
{
    return !memcmp(h, magic, sizeof magic) && (h[14] == 4 || h[14] == 8) && h[15] <= 3;
}

/* A uvarint at p (avail bytes): 1 and the value; 0 when more bytes are
 * needed; -1 when it overflows 64 bits. */
static int uvarint(const unsigned char *p, size_t avail, uint64_t *v, size_t *used)
{
    size_t i;

    *v = 0;
    for (i = 0; i < avail && i < 10; i++) {
        if (i == 9 && p[i] > 1)
            return -1;
        *v |= (uint64_t)(p[i] & 0x7F) << (7 * i);
        if (p[i] < 0x80) {
            *used = i + 1;
            return 1;
        }
    }
    return i == 10 ? -1 : 0;
}

/* One uvarint-prefixed string at p[*pos..avail); 0: need more (*need set). */
static enum ck_status inline_string(const unsigned char *p, size_t avail, size_t *pos, uint64_t cap, const char *what,
                                    int at_end, size_t *need, const char **s, size_t *n, struct ck_err *err)
{
    uint64_t len;
    size_t used = 0;
    int r = uvarint(p + *pos, avail - *pos, &len, &used);

    if (r < 0)
        return ck_err_set(err, CK_ERR_PARSE, "the %s length in the Go build information header is not a number",
                          what);
    if (r == 0) {
        *need = avail + 1;
        return at_end ? ck_err_set(err, CK_ERR_PARSE, "Go build information cut short in the %s length", what)
                      : CK_OK;
    }
    if (len > cap)
        return ck_err_set(err, CK_ERR_LIMIT, "a Go %s of %llu bytes (at most %llu)", what, (unsigned long long)len,
                          (unsigned long long)cap);
    if (len > avail - *pos - used) {
        *need = *pos + used + (size_t)len;
        return at_end ? ck_err_set(err, CK_ERR_PARSE,
                                   "the Go build information's %s (%llu bytes) runs past the end of the file", what,
                                   (unsigned long long)len)
                      : CK_OK;
    }
    *s = (const char *)p + *pos + used;
    *n = (size_t)len;
    *pos += used + (size_t)len;
    return CK_OK;
}

enum ck_status ck_goexe_inline_strings(const unsigned char *p, size_t avail, int at_end, size_t *need,
                                       const char **vers, size_t *vlen, const char **mod, size_t *mlen,
                                       struct ck_err *err)
{
    size_t pos = CK_GOBI_HEADER;
    enum ck_status st;

    *need = 0;
    if (avail < CK_GOBI_HEADER) {
        *need = CK_GOBI_HEADER;
        return at_end ? ck_err_set(err, CK_ERR_PARSE, "Go build information header cut short") : CK_OK;
    }
    st = inline_string(p, avail, &pos, CK_GOBI_MAX_VERSION, "version string", at_end, need, vers, vlen, err);
    if (st != CK_OK || *need)
        return st;
    return inline_string(p, avail, &pos, CK_GOBI_MAX_MODINFO, "module information", at_end, need, mod, mlen, err);
}

/* ---- the whole file ---------------------------------------------------------------- */

/* The first header at a 16-aligned file offset in [off, off+size) (clipped
 * to the file); 1 and its offset when there is one. */
static int find_header(const struct ck_goexe *x, uint64_t off, uint64_t size, uint64_t *at)
{
    uint64_t end = fits(off, size, x->len) ? off + size : x->len, o;

    if (off >= x->len)
        return 0;
    o = (off + CK_GOBI_ALIGN - 1) & ~(uint64_t)(CK_GOBI_ALIGN - 1);
    for (; o < end && x->len - o >= CK_GOBI_HEADER; o += CK_GOBI_ALIGN) {
        if (x->d[o] == 0xff && ck_goexe_header_ok(x->d + o)) {
            *at = o;
            return 1;
        }
    }
    return 0;
}

/* Where the header is: the ELF section; else the lowest offset in the data
 * regions; else, when the file names no data regions, in the whole file. */
static int locate(const struct ck_goexe *x, uint64_t *at, enum ck_gobi_where *where)
{
    uint64_t off, size, hit;
    unsigned iter = 0;
    int regions = 0, found = 0;

    if (ck_goexe_section(x, ".go.buildinfo", &off, &size) && find_header(x, off, size, at)) {
        *where = CK_GOBI_IN_SECTION;
        return 1;
    }
    while (ck_goexe_region(x, &iter, &off, &size)) {
        regions = 1;
        if (find_header(x, off, size, &hit) && (!found || hit < *at)) {
            *at = hit;
            found = 1;
        }
    }
    *where = regions ? CK_GOBI_IN_DATA : CK_GOBI_IN_FILE;
    return regions ? found : find_header(x, 0, x->len, at);
}

/* A Go string header {data, len} at virtual address addr. */
static enum ck_status pointer_string(const struct ck_goexe *x, const unsigned char *h, uint64_t addr, uint64_t cap,
                                     const char *what, const char **s, size_t *n, struct ck_err *err)
{
    unsigned w = h[14];
    int be = h[15] & 1;
    uint64_t hoff, data, len, doff;

    if (!ck_goexe_translate(x, addr, 2u * w, &hoff) || !fits(hoff, 2u * w, x->len))
        return ck_err_set(err, CK_ERR_PARSE,
                          "the Go build information points at %#llx for its %s, outside the file's loaded data",
                          (unsigned long long)addr, what);
    data = rd(x->d + hoff, w, be);
    len = rd(x->d + hoff + w, w, be);
    if (len > cap)
        return ck_err_set(err, CK_ERR_LIMIT, "a Go %s of %llu bytes (at most %llu)", what, (unsigned long long)len,
                          (unsigned long long)cap);
    *s = "";
    *n = 0;
    if (len == 0)
        return CK_OK;
    if (!ck_goexe_translate(x, data, len, &doff) || !fits(doff, len, x->len))
        return ck_err_set(err, CK_ERR_PARSE,
                          "the Go build information's %s (%llu bytes at %#llx) is outside the file's loaded data",
                          what, (unsigned long long)len, (unsigned long long)data);
    *s = (const char *)x->d + doff;
    *n = (size_t)len;
    return CK_OK;
}

static enum ck_status pointer_strings(const struct ck_goexe *x, uint64_t at, const char **vers, size_t *vlen,
                                      const char **mod, size_t *mlen, struct ck_err *err)
{
    const unsigned char *h = x->d + at;
    unsigned w = h[14];
    int be = h[15] & 1;
    enum ck_status st;

    if (x->kind == CK_GOEXE_RAW)
        return ck_err_set(err, CK_ERR_UNSUPPORTED,
                          "Go build information in the pointer form (before Go 1.18) in a file that is neither "
                          "ELF nor PE: its addresses cannot be translated");
    st = pointer_string(x, h, rd(h + 16, w, be), CK_GOBI_MAX_VERSION, "version string", vers, vlen, err);
    if (st == CK_OK)
        st = pointer_string(x, h, rd(h + 16 + w, w, be), CK_GOBI_MAX_MODINFO, "module information", mod, mlen, err);
    return st;
}

enum ck_status ck_gobuildinfo_read(const void *data, size_t len, struct ck_gobuildinfo *out, struct ck_err *err)
{
    struct ck_goexe x;
    struct ck_gobuildinfo t;
    enum ck_gobi_where where;
    const char *vers = NULL, *mod = NULL;
    size_t vlen = 0, mlen = 0, need = 0;
    uint64_t at = 0;
    enum ck_status st;

    if (!out || (!data && len))
        return ck_err_set(err, CK_ERR_ARG, "ck_gobuildinfo_read: no data or no result");
    ck_goexe_open(&x, data, len);
    if (!len || !locate(&x, &at, &where))
        return ck_err_set(err, CK_GOBI_NOT_GO, "not a Go program: no Go build information");
    if (x.d[at + 15] & 2)
        st = ck_goexe_inline_strings(x.d + at, len - (size_t)at, 1, &need, &vers, &vlen, &mod, &mlen, err);
    else
        st = pointer_strings(&x, at, &vers, &vlen, &mod, &mlen, err);
    if (st != CK_OK)
        return st;
    ck_gobuildinfo_init(&t);
    st = ck_gobuildinfo_from_strings(vers, vlen, mod, mlen, &t, err);
    if (st != CK_OK)
        return st;
    t.inline_form = (x.d[at + 15] & 2) != 0;
    t.big_endian = x.d[at + 15] & 1;
    t.ptr_size = x.d[at + 14];
    t.offset = at;
    t.where = where;
    ck_gobuildinfo_release(out);
    *out = t;
    return CK_OK;
}
