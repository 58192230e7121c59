/* Go build information: real executables built by Go 1.19 (fixtures/
 * gobuildinfo, made by make.sh there) for ELF 32/64-bit, little- and
 * big-endian, and PE, in the inline (Go >= 1.18) form and rewritten into the
 * pointer form, checked field by field against what `go version -m` printed
 * for each (<file>.txt); the streaming scanner over the same bytes in many
 * chunk sizes; and hostile input made here. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "inventory/lang/gobuildinfo.h"
#include "util/buf.h"

static const char *fixtures;

struct fixture {
    const char *name;
    int inline_form, big_endian;
    unsigned ptr_size;
    int pe;
};

static const struct fixture all[] = {
    {"ckdemo-linux-amd64", 1, 0, 8, 0},
    {"ckdemo-linux-386", 1, 0, 4, 0},
    {"ckdemo-linux-ppc64", 1, 1, 8, 0},
    {"ckdemo-windows-amd64.exe", 1, 0, 8, 1},
    {"ckvendor-linux-amd64", 1, 0, 8, 0},
    {"ckold-linux-amd64", 0, 0, 8, 0},
    {"ckold-linux-386", 0, 0, 4, 0},
    {"ckold-linux-s390x", 0, 1, 8, 0},
    {"ckold-windows-386.exe", 0, 0, 4, 1},
};
#define FIXTURE_COUNT (sizeof all / sizeof all[0])

static unsigned char *load(const char *name, size_t *len)
{
    char rel[256];
    snprintf(rel, sizeof rel, "gobuildinfo/%s", name);
    return (unsigned char *)ck_test_read_file(fixtures, rel, len);
}

/* ---- the oracle's output: `go version -m FILE` ------------------------------ */

/* s as `go version -m` writes a build key or value: in Go quotes when it
 * holds any of " \t\r\n\"`" (a key also "=" or empty); the escapes these
 * inputs need are \" \\ \t. */
static void put_quoted(struct ck_buf *b, const char *s, int key)
{
    if (!strpbrk(s, key ? "= \t\r\n\"`" : " \t\r\n\"`") && (*s || !key)) {
        ck_buf_puts(b, s);
        return;
    }
    ck_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            ck_buf_putc(b, '\\');
        if (*s == '\t')
            ck_buf_puts(b, "\\t");
        else
            ck_buf_putc(b, *s);
    }
    ck_buf_putc(b, '"');
}

static void render_module(struct ck_buf *b, const char *word, const struct ck_gomodule *m)
{
    if (m->flags & CK_GOMOD_REPLACED)
        ck_buf_printf(b, "\t%s\t%s\t%s\n\t=>\t%s\t%s\t%s\n", word, m->orig_path, m->orig_version, m->path,
                      m->version, m->sum);
    else
        ck_buf_printf(b, "\t%s\t%s\t%s\t%s\n", word, m->path, m->version, m->sum);
}

/* Our result in the form `go version -m` prints it (without the file name). */
static void render(const struct ck_gobuildinfo *bi, struct ck_buf *b)
{
    size_t i;

    if (!bi->go_version) {
        ck_buf_puts(b, "(no result)\n");
        return;
    }
    ck_buf_printf(b, "%s\n", bi->go_version);
    if (*bi->path)
        ck_buf_printf(b, "\tpath\t%s\n", bi->path);
    if (bi->has_main)
        render_module(b, "mod", &bi->main);
    for (i = 0; i < bi->dep_count; i++)
        render_module(b, "dep", &bi->deps[i]);
    for (i = 0; i < bi->setting_count; i++) {
        ck_buf_puts(b, "\tbuild\t");
        put_quoted(b, bi->settings[i].key, 1);
        ck_buf_putc(b, '=');
        put_quoted(b, bi->settings[i].value, 0);
        ck_buf_putc(b, '\n');
    }
}

/* The oracle's output after "FILE: ", without the empty lines Go 1.19
 * writes after each "=>" line (malloc'd). */
static char *read_oracle(const char *name)
{
    char rel[256], *text, *from, *to;
    size_t len;

    snprintf(rel, sizeof rel, "gobuildinfo/%s.txt", name);
    text = ck_test_read_file(fixtures, rel, &len);
    if (!text || !(from = strstr(text, ": "))) {
        free(text);
        return NULL;
    }
    for (from += 2, to = text; *from; from++) {
        if (*from == '\t' && from[1] == '\n' && from[-1] == '\n')
            from++; /* "\t\n" alone on a line */
        else
            *to++ = *from;
    }
    *to = '\0';
    return text;
}

static int same_result(const struct ck_gobuildinfo *a, const struct ck_gobuildinfo *b)
{
    struct ck_buf x, y;
    int same;

    ck_buf_init(&x);
    ck_buf_init(&y);
    render(a, &x);
    render(b, &y);
    same = !strcmp(ck_buf_str(&x), ck_buf_str(&y)) && a->offset == b->offset && a->inline_form == b->inline_form;
    ck_buf_release(&x);
    ck_buf_release(&y);
    return same;
}

/* ---- streaming ------------------------------------------------------------------ */

static enum ck_status scan_chunks(const unsigned char *d, size_t len, size_t chunk, struct ck_gobuildinfo *out,
                                  struct ck_err *err)
{
    struct ck_gobuildinfo_scan *s = NULL;
    size_t off = 0;
    enum ck_status st;

    if (ck_gobuildinfo_scan_new(&s) != CK_OK)
        return CK_ERR_NOMEM;
    while (off < len) {
        size_t n = len - off < chunk ? len - off : chunk;
        int stop = ck_gobuildinfo_scan_push(s, d + off, n);
        off += n;
        if (stop)
            break;
    }
    st = ck_gobuildinfo_scan_finish(s, out, err);
    ck_gobuildinfo_scan_free(s);
    return st;
}

/* ---- the fixtures ---------------------------------------------------------------- */

/* The fuzz seed made from a fixture (make_corpus.py there): the executable
 * cut down to the parts its build information needs, laid out in a new
 * small ELF or PE file; `go version -m` reads it as the original, and so
 * must we. */
static void check_compact(const struct fixture *f, const struct ck_gobuildinfo *full)
{
    char rel[256];
    struct ck_gobuildinfo bi;
    struct ck_err err;
    unsigned char *small;
    size_t slen = 0;

    snprintf(rel, sizeof rel, "../fuzz/corpus/gobuildinfo/compact-%s", f->name);
    small = (unsigned char *)ck_test_read_file(fixtures, rel, &slen);
    CK_REQUIRE(small != NULL);
    CK_CHECK(slen < 4096);
    ck_gobuildinfo_init(&bi);
    CK_CHECK_INT(ck_gobuildinfo_read(small, slen, &bi, &err), CK_OK);
    bi.offset = full->offset; /* laid out anew */
    CK_CHECK(bi.go_version && same_result(full, &bi));
    ck_gobuildinfo_release(&bi);
    CK_CHECK_INT(scan_chunks(small, slen, 3, &bi, &err), f->inline_form ? CK_OK : CK_GOBI_NEEDS_FILE);
    ck_gobuildinfo_release(&bi);
    free(small);
}

static void check_fixture(const struct fixture *f)
{
    static const size_t chunks[] = {1, 13, 4096, 65536, 1u << 30};
    char *oracle;
    struct ck_gobuildinfo bi;
    struct ck_err err;
    struct ck_buf ours;
    unsigned char *data;
    size_t len = 0, i;

    data = load(f->name, &len);
    CK_REQUIRE(data != NULL);
    oracle = read_oracle(f->name);
    CK_REQUIRE(oracle != NULL);
    CK_CHECK(ck_gobuildinfo_is_executable(data, len < 4096 ? len : 4096));
    ck_gobuildinfo_init(&bi);
    CK_CHECK_INT(ck_gobuildinfo_read(data, len, &bi, &err), CK_OK);
    CK_CHECK_STR(bi.stdlib_version, "1.19.8");
    CK_CHECK_INT(bi.inline_form, f->inline_form);
    CK_CHECK_INT(bi.big_endian, f->big_endian);
    CK_CHECK_INT(bi.ptr_size, f->ptr_size);
    CK_CHECK_INT(bi.where, f->pe ? CK_GOBI_IN_DATA : CK_GOBI_IN_SECTION);
    CK_CHECK(bi.offset % 16 == 0);
    ck_buf_init(&ours);
    render(&bi, &ours);
    CK_CHECK_STR(ck_buf_str(&ours), oracle);
    CK_CHECK(bi.has_main && bi.dep_count > 0 && bi.setting_count > 4);
    ck_buf_release(&ours);
    check_compact(f, &bi);

    for (i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        struct ck_gobuildinfo sc;
        ck_gobuildinfo_init(&sc);
        if (f->inline_form) {
            CK_CHECK_INT(scan_chunks(data, len, chunks[i], &sc, &err), CK_OK);
            CK_CHECK(sc.go_version && same_result(&bi, &sc));
        } else {
            CK_CHECK_INT(scan_chunks(data, len, chunks[i], &sc, &err), CK_GOBI_NEEDS_FILE);
            CK_CHECK(strstr(err.msg, "pointer form") != NULL);
        }
        ck_gobuildinfo_release(&sc);
    }
    ck_gobuildinfo_release(&bi);
    free(oracle);
    free(data);
}

static void test_fixtures(void)
{
    size_t i;
    for (i = 0; i < FIXTURE_COUNT; i++)
        check_fixture(&all[i]);
}

/* The replacements of ckdemo and the vendored dependency, spelt out (the
 * oracle comparison covers them too; this says what the fields mean). */
static void test_replacements(void)
{
    struct ck_gobuildinfo bi, vb;
    struct ck_err err;
    unsigned char *data = NULL, *vendored = NULL;
    size_t len = 0, vlen = 0;

    ck_gobuildinfo_init(&bi);
    ck_gobuildinfo_init(&vb);
    data = load("ckdemo-linux-amd64", &len);
    vendored = load("ckvendor-linux-amd64", &vlen);
    CK_REQUIRE(data && vendored && ck_gobuildinfo_read(data, len, &bi, &err) == CK_OK);
    CK_REQUIRE(ck_gobuildinfo_read(vendored, vlen, &vb, &err) == CK_OK && bi.dep_count == 3 && vb.dep_count == 1);
    CK_CHECK(!strcmp(bi.main.path, "example.com/ckdemo") && !strcmp(bi.main.version, "(devel)"));
    CK_CHECK(!strcmp(bi.deps[0].path, "example.com/greetfork") && !strcmp(bi.deps[0].version, "v1.2.4"));
    CK_CHECK(!strcmp(bi.deps[0].orig_path, "example.com/greet") && !strcmp(bi.deps[0].orig_version, "v1.2.3"));
    CK_CHECK(bi.deps[0].flags == CK_GOMOD_REPLACED && !strncmp(bi.deps[0].sum, "h1:", 3));
    CK_CHECK(!strcmp(bi.deps[1].path, "./local") && !strcmp(bi.deps[1].orig_path, "example.com/local"));
    CK_CHECK_INT(bi.deps[1].flags, CK_GOMOD_REPLACED | CK_GOMOD_LOCAL);
    CK_CHECK(!strcmp(bi.deps[2].path, "example.com/shout") && !bi.deps[2].orig_path && !bi.deps[2].flags);
    CK_CHECK(!strcmp(vb.deps[0].path, "golang.org/x/text") && !strcmp(vb.deps[0].version, "v0.3.5"));
    CK_CHECK_STR(vb.deps[0].sum, "");
    ck_gobuildinfo_release(&bi);
    ck_gobuildinfo_release(&vb);
    free(data);
    free(vendored);
}

/* ---- other ways to the header ------------------------------------------------------ */

static void put16(unsigned char *p, int be, unsigned v)
{
    p[be ? 1 : 0] = (unsigned char)v;
    p[be ? 0 : 1] = (unsigned char)(v >> 8);
}

/* ELF header fields: e_phnum (ELF64 56, ELF32 44), e_shnum (60, 48). */
static void elf_drop(unsigned char *d, int phdrs, int shdrs)
{
    int is64 = d[4] == 2, be = d[5] == 2;
    if (phdrs)
        put16(d + (is64 ? 56 : 44), be, 0);
    if (shdrs)
        put16(d + (is64 ? 60 : 48), be, 0);
}

/* A writable segment whose file offset lies near 2^64: the search stays
 * inside it (found by fuzz_gobuildinfo: the aligned start wrapped to 0). */
static void test_region_outside(void)
{
    struct ck_gobuildinfo bi;
    struct ck_err err;
    unsigned char *small;
    size_t slen = 0;

    small = (unsigned char *)ck_test_read_file(fixtures, "../fuzz/corpus/gobuildinfo/compact-ckdemo-linux-amd64",
                                               &slen);
    CK_REQUIRE(small != NULL);
    ck_gobuildinfo_init(&bi);
    memcpy(small + 64 + 8, "\xf8\xff\xff\xff\xff\xff\xff\xff", 8); /* p_offset of the one PT_LOAD */
    elf_drop(small, 0, 1);
    CK_CHECK_INT(ck_gobuildinfo_read(small, slen, &bi, &err), CK_GOBI_NOT_GO);
    CK_CHECK_INT(scan_chunks(small, slen, 64, &bi, &err), CK_GOBI_NOT_GO);
    free(small);
}

static void test_without_tables(void)
{
    size_t i;

    for (i = 0; i < FIXTURE_COUNT; i++) {
        const struct fixture *f = &all[i];
        struct ck_gobuildinfo full, bi, sc;
        struct ck_err err;
        unsigned char *data;
        size_t len = 0;

        if (f->pe)
            continue;
        data = load(f->name, &len);
        CK_REQUIRE(data != NULL);
        ck_gobuildinfo_init(&full);
        ck_gobuildinfo_init(&bi);
        ck_gobuildinfo_init(&sc);
        CK_REQUIRE(ck_gobuildinfo_read(data, len, &full, &err) == CK_OK);
        /* no section headers: the writable segment (pointers through the program headers) */
        elf_drop(data, 0, 1);
        CK_CHECK_INT(ck_gobuildinfo_read(data, len, &bi, &err), CK_OK);
        CK_CHECK_INT(bi.where, CK_GOBI_IN_DATA);
        CK_CHECK(bi.go_version && same_result(&full, &bi));
        ck_gobuildinfo_release(&bi);
        if (f->inline_form) {
            /* no tables at all: the whole file, in both fronts */
            elf_drop(data, 1, 1);
            CK_CHECK_INT(ck_gobuildinfo_read(data, len, &bi, &err), CK_OK);
            CK_CHECK_INT(bi.where, CK_GOBI_IN_FILE);
            CK_CHECK(bi.go_version && same_result(&full, &bi));
            CK_CHECK_INT(scan_chunks(data, len, 1000, &sc, &err), CK_OK);
            CK_CHECK_INT(sc.where, CK_GOBI_IN_FILE);
            CK_CHECK(sc.go_version && same_result(&full, &sc));
        } else {
            /* no program headers: pointers through the section headers */
            ck_gobuildinfo_release(&bi);
            free(data);
            data = load(f->name, &len);
            CK_REQUIRE(data != NULL);
            elf_drop(data, 1, 0);
            CK_CHECK_INT(ck_gobuildinfo_read(data, len, &bi, &err), CK_OK);
            CK_CHECK(bi.go_version && same_result(&full, &bi));
            /* neither: the header is found, its pointers lead nowhere */
            elf_drop(data, 1, 1);
            CK_CHECK_INT(ck_gobuildinfo_read(data, len, &sc, &err), CK_ERR_PARSE);
            CK_CHECK(strstr(err.msg, "outside the file's loaded data") != NULL);
        }
        ck_gobuildinfo_release(&full);
        ck_gobuildinfo_release(&bi);
        ck_gobuildinfo_release(&sc);
        free(data);
    }
}

/* ---- hostile input ------------------------------------------------------------------ */

static const unsigned char magic[14] = {0xff, ' ', 'G', 'o', ' ', 'b', 'u', 'i', 'l', 'd', 'i', 'n', 'f', ':'};
static const unsigned char sentinel_start[16] = {0x30, 0x77, 0xaf, 0x0c, 0x92, 0x74, 0x08, 0x02,
                                                 0x41, 0xe1, 0xc1, 0x07, 0xe6, 0xd6, 0x18, 0xe6};
static const unsigned char sentinel_end[16] = {0xf9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72,
                                               0x00, 0x82, 0x42, 0x10, 0x41, 0x16, 0xd8, 0xf2};

static void put_uvarint(struct ck_buf *b, uint64_t v)
{
    while (v >= 0x80) {
        ck_buf_putc(b, (char)(0x80 | (v & 0x7F)));
        v >>= 7;
    }
    ck_buf_putc(b, (char)v);
}

/* pad bytes of 'x', then an inline blob; modinfo text wrapped in sentinels. */
static void make_blob(struct ck_buf *b, size_t pad, const char *version, const char *text, size_t text_len)
{
    size_t i;

    for (i = 0; i < pad; i++)
        ck_buf_putc(b, 'x');
    ck_buf_append(b, magic, sizeof magic);
    ck_buf_putc(b, 8);
    ck_buf_putc(b, 2);
    for (i = 0; i < 16; i++)
        ck_buf_putc(b, 0);
    put_uvarint(b, strlen(version));
    ck_buf_puts(b, version);
    put_uvarint(b, text_len + 32);
    ck_buf_append(b, sentinel_start, 16);
    ck_buf_append(b, text, text_len);
    ck_buf_append(b, sentinel_end, 16);
    ck_buf_puts(b, "trailing bytes");
}

/* Under AddressSanitizer the bytes past a cut are poisoned, so a read past
 * the length given is reported even though the buffer goes on. */
#if defined(__SANITIZE_ADDRESS__)
#define CK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CK_ASAN 1
#endif
#endif
#ifdef CK_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* Every 97th length of a real file, from the longest down: never a read
 * outside, and the outcome the length allows. */
static void test_truncated(void)
{
    struct ck_gobuildinfo full, bi;
    struct ck_err err;
    unsigned char *data;
    size_t len = 0, cut, end, poisoned;
    int bad = 0, scans = 0;

    data = load("ckdemo-linux-386", &len);
    CK_REQUIRE(data != NULL);
    ck_gobuildinfo_init(&full);
    CK_REQUIRE(ck_gobuildinfo_read(data, len, &full, &err) == CK_OK);
    /* the end of the inline strings: header, version, modinfo (lengths < 128 and < 16384) */
    end = (size_t)full.offset + 32 + 1 + strlen(full.go_version);
    end += 2 + (size_t)(data[end] & 0x7F) + ((size_t)data[end + 1] << 7);
    poisoned = len;
    for (cut = (len - 1) / 97 * 97;; cut -= 97) {
        enum ck_status st, want;
        POISON(data + cut, poisoned - cut);
        poisoned = cut;
        ck_gobuildinfo_init(&bi);
        st = ck_gobuildinfo_read(data, cut, &bi, &err);
        want = cut >= end ? CK_OK : cut >= full.offset + 32 ? CK_ERR_PARSE : CK_GOBI_NOT_GO;
        if (st != want || (st == CK_OK && !same_result(&full, &bi)) || (st != CK_OK && !err.msg[0]))
            if (!bad++)
                fprintf(stderr, "cut at %zu: status %d, wanted %d (%s)\n", cut, (int)st, (int)want, err.msg);
        ck_gobuildinfo_release(&bi);
        if (cut % (97 * 64) == 0 || (cut + 97 > full.offset && cut < end + 97)) {
            scans++;
            st = scan_chunks(data, cut, 4093, &bi, &err);
            if (st != want || (st == CK_OK && !same_result(&full, &bi)))
                if (!bad++)
                    fprintf(stderr, "scan cut at %zu: status %d, wanted %d\n", cut, (int)st, (int)want);
            ck_gobuildinfo_release(&bi);
        }
        if (cut < 97)
            break;
    }
    UNPOISON(data, len);
    CK_CHECK_INT(bad, 0);
    CK_CHECK(scans > 100);
    ck_gobuildinfo_release(&full);
    free(data);
}

static void test_limits(void)
{
    struct ck_gobuildinfo bi;
    struct ck_err err;
    struct ck_buf b, text;
    size_t i;

    ck_gobuildinfo_init(&bi);
    ck_buf_init(&b);
    ck_buf_init(&text);
    /* a modinfo of 2 MiB */
    for (i = 0; text.len < 2u * 1024 * 1024; i++)
        ck_buf_printf(&text, "dep\texample.com/m%zu\tv1.0.0\th1:abc=\n", i % 5000);
    make_blob(&b, 4096, "go1.22.1", text.data, text.len);
    CK_CHECK_INT(ck_gobuildinfo_read(b.data, b.len, &bi, &err), CK_ERR_LIMIT);
    CK_CHECK(strstr(err.msg, "module information") != NULL);
    CK_CHECK_INT(scan_chunks((unsigned char *)b.data, b.len, 65536, &bi, &err), CK_ERR_LIMIT);
    CK_CHECK(bi.go_version == NULL);
    /* 10,000 dependencies are read, 10,001 are not */
    ck_buf_reset(&text);
    for (i = 0; i < CK_GOBI_MAX_DEPS; i++)
        ck_buf_printf(&text, "dep\tm%zu\tv1\n", i);
    ck_buf_reset(&b);
    make_blob(&b, 4096, "go1.22.1", text.data, text.len);
    CK_CHECK_INT(ck_gobuildinfo_read(b.data, b.len, &bi, &err), CK_OK);
    CK_CHECK_INT(bi.dep_count, CK_GOBI_MAX_DEPS);
    CK_CHECK_STR(bi.deps[9999].path, "m9999");
    ck_buf_puts(&text, "dep\tone\tmore\n");
    ck_buf_reset(&b);
    make_blob(&b, 4096, "go1.22.1", text.data, text.len);
    CK_CHECK_INT(ck_gobuildinfo_read(b.data, b.len, &bi, &err), CK_ERR_LIMIT);
    CK_CHECK_INT(bi.dep_count, CK_GOBI_MAX_DEPS); /* untouched */
    ck_gobuildinfo_release(&bi);
    /* a version of 2000 bytes */
    ck_buf_reset(&text);
    for (i = 0; i < 2000; i++)
        ck_buf_putc(&text, 'g');
    ck_buf_reset(&b);
    make_blob(&b, 0, text.data, "", 0);
    CK_CHECK_INT(ck_gobuildinfo_read(b.data, b.len, &bi, &err), CK_ERR_LIMIT);
    ck_buf_release(&b);
    ck_buf_release(&text);
}

static uint64_t le64(const unsigned char *p)
{
    uint64_t v = 0;
    int i;
    for (i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* The file offset of a virtual address in an ELF64 little-endian file,
 * through its PT_LOAD program headers (written here apart from the code
 * under test); 0 when none holds it. */
static size_t elf64_offset(const unsigned char *d, uint64_t addr)
{
    uint64_t phoff = le64(d + 32);
    unsigned phentsize = d[54] | d[55] << 8, phnum = d[56] | d[57] << 8, i;

    for (i = 0; i < phnum; i++) {
        const unsigned char *ph = d + phoff + (uint64_t)i * phentsize;
        uint64_t off = le64(ph + 8), vaddr = le64(ph + 16), filesz = le64(ph + 32);
        if (ph[0] == 1 && addr >= vaddr && addr < vaddr + filesz)
            return (size_t)(off + (addr - vaddr));
    }
    return 0;
}

/* A pointer of ckold-linux-amd64 bent outside every segment, a string
 * header whose length runs past its segment, and one past the cap. */
/* ck_gobuildinfo_read over an exact-size copy of d's first n bytes: the
 * status and a phrase of the message. */
static int read_copy(const unsigned char *d, size_t n, enum ck_status want, const char *msg)
{
    unsigned char *copy = malloc(n);
    struct ck_gobuildinfo bi;
    struct ck_err err;
    enum ck_status st;

    if (!copy)
        return 0;
    memcpy(copy, d, n);
    ck_gobuildinfo_init(&bi);
    st = ck_gobuildinfo_read(copy, n, &bi, &err);
    ck_gobuildinfo_release(&bi);
    free(copy);
    if (st != want || (st != CK_OK && !strstr(err.msg, msg)))
        fprintf(stderr, "read_copy: status %d, \"%s\"\n", (int)st, err.msg);
    return st == want && (st == CK_OK || strstr(err.msg, msg));
}

static void put_le64(unsigned char *p, uint64_t v)
{
    int i;
    for (i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void test_bad_pointers(void)
{
    struct ck_gobuildinfo bi;
    struct ck_err err;
    unsigned char *data;
    size_t len = 0, at, hoff;
    uint64_t modinfo;

    data = load("ckold-linux-amd64", &len);
    CK_REQUIRE(data != NULL);
    ck_gobuildinfo_init(&bi);
    CK_REQUIRE(ck_gobuildinfo_read(data, len, &bi, &err) == CK_OK);
    at = (size_t)bi.offset;
    ck_gobuildinfo_release(&bi);
    modinfo = le64(data + at + 24);
    hoff = elf64_offset(data, modinfo); /* runtime.modinfo's string header */
    CK_REQUIRE(hoff != 0 && hoff + 64 <= len);
    /* the header cut off the file just after it: its pointers lead past the end */
    CK_CHECK(read_copy(data, at + 32, CK_ERR_PARSE, "outside"));
    /* the string header cut, its data pointer bent to the last 4 bytes kept */
    put_le64(data + hoff, modinfo + 60);
    CK_CHECK(read_copy(data, hoff + 64, CK_ERR_PARSE, "module information (584 bytes at"));
    put_le64(data + at + 24, 0x10); /* outside every segment */
    CK_CHECK(read_copy(data, len, CK_ERR_PARSE, "points at 0x10 for its module information"));
    put_le64(data + at + 24, 0xfffffffffffffff8u);
    CK_CHECK(read_copy(data, len, CK_ERR_PARSE, "outside"));
    put_le64(data + at + 24, modinfo);
    put_le64(data + hoff + 8, 1ull << 32); /* 4 GiB: past the cap */
    CK_CHECK(read_copy(data, len, CK_ERR_LIMIT, "4294967296 bytes"));
    put_le64(data + hoff + 8, 0xf0000); /* 960 KiB: within the cap, past its segment */
    CK_CHECK(read_copy(data, len, CK_ERR_PARSE, "outside"));
    put_le64(data + hoff, 0x10); /* its data pointer nowhere */
    CK_CHECK(read_copy(data, len, CK_ERR_PARSE, "outside"));
    free(data);
}

/* Blobs made here (at offset 64 of a buffer that is no executable), then
 * bent: a patch at a byte offset from the header's start, a cut after some
 * bytes of it. Both fronts must give the status and say why. */
struct bad_blob {
    const char *version, *text;
    size_t patch_at;
    const char *patch;
    size_t patch_len, cut;
    enum ck_status want;
    const char *msg;
};

static const struct bad_blob bad_blobs[] = {
    /* lengths that point past the end; a uvarint of 11 bytes; a cut header */
    {"go1.22.1", "path\tx\n", 32, "\x7f", 1, 52, CK_ERR_PARSE, "version string (127 bytes) runs past the end"},
    {"go1.22.1", "path\tx\n", 41, "\xff\x7f", 2, 0, CK_ERR_PARSE, "module information (16383 bytes) runs past"},
    {"go1.22.1", "path\tx\n", 41, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 11, 0, CK_ERR_PARSE, "not a number"},
    {"go1.22.1", "", 0, NULL, 0, 31, CK_GOBI_NOT_GO, "not a Go program"},
    {"go1.22.1", "", 0, NULL, 0, 32, CK_ERR_PARSE, "cut short"},
    {"go1.22.1", "", 0, NULL, 0, 40, CK_ERR_PARSE, "runs past the end"},
    /* strings that are not text */
    {"go1.22.1", "path\tbad \xff utf8\n", 0, NULL, 0, 0, CK_ERR_PARSE, "not valid UTF-8"},
    {"go1.22.1\xc0", "", 0, NULL, 0, 0, CK_ERR_PARSE, "not valid UTF-8"},
    {"go1.22.1", "path\tp\n", 33, "go1.2\0x", 8, 0, CK_ERR_PARSE, "holds a NUL"},
    {"", "", 0, NULL, 0, 0, CK_ERR_PARSE, "names no Go version"},
    {"go1.22.1", "path\tp\n=>\ta\tb\t\n", 0, NULL, 0, 0, CK_ERR_PARSE, "line 2: a replacement with no module"},
};

static void test_bad_blobs(void)
{
    size_t i;

    for (i = 0; i < sizeof bad_blobs / sizeof bad_blobs[0]; i++) {
        const struct bad_blob *c = &bad_blobs[i];
        struct ck_gobuildinfo bi;
        struct ck_err err;
        struct ck_buf b;
        size_t len;
        int chunk;

        ck_buf_init(&b);
        ck_gobuildinfo_init(&bi);
        make_blob(&b, 64, c->version, c->text, strlen(c->text));
        if (c->patch)
            memcpy(b.data + 64 + c->patch_at, c->patch, c->patch_len);
        len = c->cut ? 64 + c->cut : b.len;
        for (chunk = 0; chunk <= 7; chunk += 7) {
            enum ck_status st = chunk ? scan_chunks((unsigned char *)b.data, len, (size_t)chunk, &bi, &err)
                                      : ck_gobuildinfo_read(b.data, len, &bi, &err);
            if (st != c->want || !strstr(err.msg, c->msg) || bi.go_version) {
                fprintf(stderr, "bad blob %zu (%s): status %d, \"%s\"\n", i, chunk ? "scan" : "read", (int)st, err.msg);
                CK_CHECK(!"the status and message wanted");
            }
        }
        ck_buf_release(&b);
    }
}

/* An unwrapped modinfo counts as none (Go's rule). */
static void test_unwrapped(void)
{
    struct ck_gobuildinfo bi;
    struct ck_err err;
    struct ck_buf b;

    ck_gobuildinfo_init(&bi);
    ck_buf_init(&b);
    make_blob(&b, 0, "go1.20", "path\tp\nmod\tm\tv1\t\n", 18);
    b.data[32 + 7 + 1 + 16 + 18 - 1] = 'x'; /* the '\n' before the end sentinel */
    CK_CHECK_INT(ck_gobuildinfo_read(b.data, b.len, &bi, &err), CK_OK);
    CK_CHECK_STR(bi.path, "");
    CK_CHECK_INT(bi.has_main, 0);
    CK_CHECK_STR(bi.main.path, "");
    CK_CHECK_STR(bi.stdlib_version, "1.20.0");
    ck_buf_release(&b);
    ck_gobuildinfo_release(&bi);
}

/* ---- the module information text ------------------------------------------------------- */

static enum ck_status text(const char *s, struct ck_gobuildinfo *bi, struct ck_err *err)
{
    return ck_gobuildinfo_parse_modinfo(s, strlen(s), bi, err);
}

static void test_modinfo_lines(void)
{
    struct ck_gobuildinfo bi;
    struct ck_err err;

    ck_gobuildinfo_init(&bi);
    CK_CHECK_INT(text("go\tgo1.21\npath\tcmd/x\nmod\tex.com/m\tv1.0.0\th1:s=\n"
                      "dep\ta.com/a\tv0.1.0\n=>\tb.com/b\tv0.2.0\th1:b=\n\n"
                      "dep\tc.com/c\tv1.2.0\th1:c=\nweird line\n"
                      "build\t\"key with space\"=1\nbuild\tk=\"v \\\"q\\\" \\u00e9\\x41\\101\"\n"
                      "build\tempty=\nbuild\traw=`a\tb`\n"
                      "dep\tlast\tv9\tnot-terminated",
                      &bi, &err),
                 CK_OK);
    CK_CHECK_STR(bi.path, "cmd/x");
    CK_CHECK_STR(bi.main.sum, "h1:s=");
    CK_REQUIRE(bi.dep_count == 2);
    CK_CHECK_STR(bi.deps[0].path, "b.com/b");
    CK_CHECK_STR(bi.deps[0].sum, "h1:b=");
    CK_CHECK_STR(bi.deps[0].orig_version, "v0.1.0");
    CK_CHECK_STR(bi.deps[1].sum, "h1:c=");
    CK_REQUIRE(bi.setting_count == 4);
    CK_CHECK_STR(bi.settings[0].key, "key with space");
    CK_CHECK_STR(bi.settings[1].value, "v \"q\" \xc3\xa9" "AA");
    CK_CHECK_STR(bi.settings[2].value, "");
    CK_CHECK_STR(bi.settings[3].value, "a\tb");

    /* each malformed line fails the whole, naming its line; bi untouched */
    CK_CHECK_INT(text("path\tp\n=>\tx\tv\t\n", &bi, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "line 2") && strstr(err.msg, "no module"));
    CK_CHECK_INT(text("dep\ta\tb\tc\td\n", &bi, &err), CK_ERR_PARSE);
    CK_CHECK_INT(text("dep\ta\n", &bi, &err), CK_ERR_PARSE);
    CK_CHECK_INT(text("dep\ta\tv\n=>\tb\tv\n", &bi, &err), CK_ERR_PARSE);
    CK_CHECK_INT(text("dep\ta\tv\n=>\tb\tv\t\n=>\tc\tv\t\n", &bi, &err), CK_ERR_PARSE);
    CK_CHECK_INT(text("build\t\n", &bi, &err), CK_ERR_PARSE);
    CK_CHECK_INT(text("build\t=v\n", &bi, &err), CK_ERR_PARSE);
    CK_CHECK_INT(text("build\tnoequals\n", &bi, &err), CK_ERR_PARSE);
    CK_CHECK_INT(text("build\tk=a b\n", &bi, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "must be quoted") != NULL);
    CK_CHECK_INT(text("build\tk=\"open\n", &bi, &err), CK_ERR_PARSE);
    CK_CHECK_INT(text("build\tk=\"a\"b\n", &bi, &err), CK_ERR_PARSE);
    CK_CHECK_INT(text("build\t\"k\"x=1\n", &bi, &err), CK_ERR_PARSE);
    CK_CHECK_INT(text("build\tk=\"\\x00\"\n", &bi, &err), CK_ERR_PARSE);
    CK_CHECK_INT(text("build\tk=\"\\xff\"\n", &bi, &err), CK_ERR_PARSE);
    CK_CHECK_INT(text("build\tk=\"\\ud800\"\n", &bi, &err), CK_ERR_PARSE);
    CK_CHECK_INT(text("build\tk=\"\\400\"\n", &bi, &err), CK_ERR_PARSE);
    CK_CHECK_INT(text("build\tk=\"\\'\"\n", &bi, &err), CK_ERR_PARSE);
    CK_CHECK_STR(bi.path, "cmd/x");
    CK_CHECK_INT(bi.dep_count, 2);
    ck_gobuildinfo_release(&bi);

    /* a build line as Debian's dockerd 20.10.24+dfsg1 carries it (shortened) */
    CK_CHECK_INT(text("build\t-ldflags=\" \\t\\t-w \\t-X \\\"github.com/docker/docker/dockerversion.Version="
                      "20.10.24+dfsg1\\\" \\t-X \\\"github.com/docker/docker/dockerversion.GitCommit=5d6db84\\\"  "
                      "\\t\\t \\t\"\n",
                      &bi, &err),
                 CK_OK);
    CK_REQUIRE(bi.setting_count == 1);
    CK_CHECK_STR(bi.settings[0].key, "-ldflags");
    CK_CHECK_STR(bi.settings[0].value, " \t\t-w \t-X \"github.com/docker/docker/dockerversion.Version=20.10.24+dfsg1\" "
                                       "\t-X \"github.com/docker/docker/dockerversion.GitCommit=5d6db84\"  \t\t \t");
    ck_gobuildinfo_release(&bi);

    /* GOPATH builds: a path, no module */
    CK_CHECK_INT(text("path\tgithub.com/docker/docker/cmd/dockerd\nbuild\t-compiler=gc\n", &bi, &err), CK_OK);
    CK_CHECK_INT(bi.has_main, 0);
    CK_CHECK_STR(bi.main.version, "");
    CK_CHECK_INT(bi.dep_count, 0);
    ck_gobuildinfo_release(&bi);
}

static void test_stdlib_versions(void)
{
    static const char *const cases[][2] = {
        {"go1.22.1", "1.22.1"},
        {"go1.21", "1.21.0"},
        {"go1.21.0", "1.21.0"},
        {"go1", "1.0.0"},
        {"go1.21rc2", "1.21.0-rc.2"},
        {"go1.19beta1", "1.19.0-beta.1"},
        {"go1.22.1 X:loopvar", "1.22.1"},
        {"go1.26.5 (Red Hat 1.26.5-1.el10_2.alma.1)", "1.26.5"},
        {"go1.26.0-X:nodwarf5", "1.26.0"},
        {"go1.15.2", "1.15.2"},
        {"devel go1.23-abc123 Mon Jan 1", NULL},
        {"go1.25-20250209-RC00 cl/724970549 +ff27d270c9 X:fieldtrack,boringcrypto", NULL}, /* a Google build */
        {"go1.02", NULL},
        {"go1.21rc", NULL},
        {"go1.21.1.1", NULL},
        {"go1.x", NULL},
        {"go", NULL},
        {"", NULL},
        {"1.21", NULL},
    };
    char out[32];
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int ok = ck_gobuildinfo_stdlib_version(cases[i][0], out, sizeof out);
        CK_CHECK_INT(ok, cases[i][1] != NULL);
        if (cases[i][1])
            CK_CHECK_STR(out, cases[i][1]);
        else
            CK_CHECK_STR(out, "");
    }
    CK_CHECK_INT(ck_gobuildinfo_stdlib_version("go1.22.1", out, 6), 0);
    CK_CHECK_INT(ck_gobuildinfo_stdlib_version("go1.22.1", out, 7), 1);
}

/* ---- not Go, and finding the header ----------------------------------------------------- */

static void test_not_go(void)
{
    struct ck_gobuildinfo bi;
    struct ck_err err;
    unsigned char elf[256], *pe;
    struct ck_buf b;
    size_t len = 0;

    ck_gobuildinfo_init(&bi);
    memset(elf, 0, sizeof elf);
    memcpy(elf, "\x7f" "ELF\x02\x01\x01", 7);
    CK_CHECK(ck_gobuildinfo_is_executable(elf, sizeof elf));
    CK_CHECK_INT(ck_gobuildinfo_read(elf, sizeof elf, &bi, &err), CK_GOBI_NOT_GO);
    CK_CHECK(strstr(err.msg, "not a Go program") != NULL);
    CK_CHECK_INT(scan_chunks(elf, sizeof elf, 100, &bi, &err), CK_GOBI_NOT_GO);
    CK_CHECK_INT(ck_gobuildinfo_read("", 0, &bi, &err), CK_GOBI_NOT_GO);
    CK_CHECK_INT(scan_chunks(elf, 0, 1, &bi, &err), CK_GOBI_NOT_GO);
    CK_CHECK_INT(ck_gobuildinfo_read(NULL, 5, &bi, &err), CK_ERR_ARG);
    CK_CHECK(!ck_gobuildinfo_is_executable("#!/bin/sh\n", 10));
    CK_CHECK(!ck_gobuildinfo_is_executable("\x7f" "ELF\x05\x01", 6));
    CK_CHECK(ck_gobuildinfo_is_executable("MZ", 2));
    pe = load("ckdemo-windows-amd64.exe", &len);
    CK_REQUIRE(pe != NULL);
    CK_CHECK(ck_gobuildinfo_is_executable(pe, 4096));
    memcpy(pe + 0x3C, "\x10\0\0\0", 4);
    CK_CHECK(!ck_gobuildinfo_is_executable(pe, 4096));
    free(pe);

    /* an unaligned magic is not a header; a decoy with a bad pointer size is skipped */
    ck_buf_init(&b);
    make_blob(&b, 4096 + 8, "go1.22.1", "path\tp\n", 7);
    CK_CHECK_INT(ck_gobuildinfo_read(b.data, b.len, &bi, &err), CK_GOBI_NOT_GO);
    CK_CHECK_INT(scan_chunks((unsigned char *)b.data, b.len, 5, &bi, &err), CK_GOBI_NOT_GO);
    ck_buf_reset(&b);
    ck_buf_append(&b, magic, sizeof magic);
    ck_buf_puts(&b, "Go build ID: \"");
    ck_buf_putc(&b, 0);
    ck_buf_putc(&b, 0);
    ck_buf_putc(&b, 0);
    ck_buf_putc(&b, 0);
    make_blob(&b, 0, "go1.22.1", "path\tp\n", 7);
    CK_CHECK_INT(ck_gobuildinfo_read(b.data, b.len, &bi, &err), CK_OK);
    CK_CHECK_INT(bi.offset, 32);
    CK_CHECK_STR(bi.path, "p");
    ck_gobuildinfo_release(&bi);
    ck_buf_release(&b);
}

/* A blob at every alignment of the chunk boundaries, in a raw buffer. */
static void test_scan_boundaries(void)
{
    struct ck_gobuildinfo whole, sc;
    struct ck_err err;
    struct ck_buf b;
    static const char mod[] = "path\tp\nmod\tm\t(devel)\t\ndep\td\tv1\th1:x\nbuild\tGOOS=linux\n";
    size_t pad, chunk;
    int bad = 0;

    for (pad = 4096 - 64; pad <= 4096 + 64; pad += 16) {
        ck_buf_init(&b);
        make_blob(&b, pad, "go1.21rc2", mod, strlen(mod));
        ck_gobuildinfo_init(&whole);
        CK_REQUIRE(ck_gobuildinfo_read(b.data, b.len, &whole, &err) == CK_OK);
        CK_CHECK_INT(whole.offset, pad);
        CK_CHECK_STR(whole.stdlib_version, "1.21.0-rc.2");
        for (chunk = 1; chunk <= 40; chunk++) {
            ck_gobuildinfo_init(&sc);
            if (scan_chunks((unsigned char *)b.data, b.len, chunk, &sc, &err) != CK_OK || !same_result(&whole, &sc))
                bad++;
            ck_gobuildinfo_release(&sc);
        }
        ck_gobuildinfo_release(&whole);
        ck_buf_release(&b);
    }
    CK_CHECK_INT(bad, 0);
}

static void test_scan_stops(void)
{
    struct ck_gobuildinfo_scan *s = NULL;
    struct ck_gobuildinfo bi;
    struct ck_err err;
    unsigned char *data;
    size_t len = 0, off = 0;
    int stopped = 0;

    data = load("ckdemo-linux-amd64", &len);
    CK_REQUIRE(data != NULL);
    CK_REQUIRE(ck_gobuildinfo_scan_new(&s) == CK_OK);
    while (off < len && !stopped) {
        stopped = ck_gobuildinfo_scan_push(s, data + off, 4096 < len - off ? 4096 : len - off);
        off += 4096;
    }
    CK_CHECK(stopped && off < len); /* the rest of the file is not needed */
    CK_CHECK_INT(ck_gobuildinfo_scan_push(s, data, 10), 1);
    ck_gobuildinfo_init(&bi);
    CK_CHECK_INT(ck_gobuildinfo_scan_finish(s, &bi, &err), CK_OK);
    CK_CHECK_STR(bi.path, "example.com/ckdemo/cmd/ckdemo");
    CK_CHECK_INT(ck_gobuildinfo_scan_finish(s, &bi, &err), CK_ERR_ARG);
    ck_gobuildinfo_scan_free(s);
    ck_gobuildinfo_scan_free(NULL);
    ck_gobuildinfo_release(&bi);
    free(data);
}

int main(int argc, char **argv)
{
    fixtures = argc > 1 ? argv[1] : "tests/fixtures";
    CK_RUN(test_fixtures);
    CK_RUN(test_replacements);
    CK_RUN(test_without_tables);
    CK_RUN(test_region_outside);
    CK_RUN(test_truncated);
    CK_RUN(test_bad_blobs);
    CK_RUN(test_limits);
    CK_RUN(test_bad_pointers);
    CK_RUN(test_unwrapped);
    CK_RUN(test_modinfo_lines);
    CK_RUN(test_stdlib_versions);
    CK_RUN(test_not_go);
    CK_RUN(test_scan_boundaries);
    CK_RUN(test_scan_stops);
    return ck_test_summary();
}
