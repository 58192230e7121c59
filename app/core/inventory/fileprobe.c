#include "inventory/fileprobe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/catalog.h"
#include "inventory/lang/cargo.h"
#include "inventory/lang/gobuildinfo.h"
#include "inventory/lang/goexe.h"
#include "util/buf.h"
#include "util/sha256.h"
#include "util/text.h"
#include "util/utf8.h"

struct ck_probe {
    const struct ck_inventory_limits *lim;
    uint64_t *read_budget;
    char *path;
    uint64_t size;
    unsigned mode;
    const struct ck_cataloger *cat;
    unsigned char head[CK_PROBE_HEAD];
    size_t head_len;
    int decided;
    enum ck_file_kind kind;
    char detail[160];
    int program; /* ELF or PE */
    struct ck_sha256 sha;
    struct ck_gobuildinfo_scan *go;
    int go_done;
    struct ck_buf whole; /* the whole file, when kept */
    int keep_whole;
    uint64_t charged; /* taken from read_budget for this file */
    int whole_short; /* more bytes came than the file may keep */
};

void ck_found_free(struct ck_found *f)
{
    if (!f)
        return;
    free(f->detail);
    free(f->product);
    free(f->product_version);
    free(f->problem);
    ck_lang_result_release(&f->packages);
    free(f);
}

enum ck_status ck_probe_new(struct ck_probe **out, const struct ck_inventory_limits *lim, uint64_t *read_budget)
{
    struct ck_probe *p = calloc(1, sizeof *p);

    *out = NULL;
    if (!p)
        return CK_ERR_NOMEM;
    p->lim = lim;
    p->read_budget = read_budget;
    ck_buf_init(&p->whole);
    *out = p;
    return CK_OK;
}

static void reset(struct ck_probe *p)
{
    free(p->path);
    p->path = NULL;
    ck_gobuildinfo_scan_free(p->go);
    p->go = NULL;
    ck_buf_release(&p->whole);
    *p->read_budget += p->charged;
    p->charged = 0;
    p->head_len = 0;
    p->decided = p->program = p->go_done = p->keep_whole = p->whole_short = 0;
    p->kind = CK_FILE_OTHER;
    p->detail[0] = '\0';
    p->cat = NULL;
}

void ck_probe_free(struct ck_probe *p)
{
    if (!p)
        return;
    reset(p);
    free(p);
}

/* ---- classification -------------------------------------------------------- */

static unsigned rd16(const unsigned char *p, int be) { return be ? (p[0] << 8 | p[1]) : (p[1] << 8 | p[0]); }

static uint32_t rd32(const unsigned char *p, int be)
{
    return be ? ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3])
              : ((uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0]);
}

static uint64_t rd64(const unsigned char *p, int be)
{
    uint64_t a = rd32(p, be), b = rd32(p + 4, be);
    return be ? (a << 32 | b) : (b << 32 | a);
}

static const char *elf_machine(unsigned m)
{
    switch (m) {
    case 3: return "i386";
    case 8: return "mips";
    case 20: return "ppc";
    case 21: return "ppc64";
    case 22: return "s390x";
    case 40: return "arm";
    case 62: return "x86-64";
    case 183: return "aarch64";
    case 243: return "riscv";
    }
    return "unknown machine";
}

/* An ELF shared object is a program when it asks for an interpreter (PIE)
 * or, with no program headers in the head, by its mode. */
static int elf_has_interp(const unsigned char *h, size_t len, int is64, int be)
{
    uint64_t phoff = is64 ? rd64(h + 32, be) : rd32(h + 28, be);
    unsigned phentsize = rd16(h + (is64 ? 54 : 42), be), phnum = rd16(h + (is64 ? 56 : 44), be), i;

    if (phentsize < 4 || phoff > len)
        return 0;
    for (i = 0; i < phnum && phoff + (uint64_t)(i + 1) * phentsize <= len; i++)
        if (rd32(h + phoff + (uint64_t)i * phentsize, be) == 3 /* PT_INTERP */)
            return 1;
    return 0;
}

static enum ck_file_kind classify_elf(const unsigned char *h, size_t len, char *detail, size_t cap)
{
    int is64 = h[4] == 2, be = h[5] == 2;
    unsigned type, machine;

    if (len < 64 || (h[4] != 1 && h[4] != 2) || (h[5] != 1 && h[5] != 2))
        return CK_FILE_OTHER;
    type = rd16(h + 16, be);
    machine = rd16(h + 18, be);
    snprintf(detail, cap, "ELF %s", elf_machine(machine));
    if (type == 2)
        return CK_FILE_EXECUTABLE;
    if (type == 3)
        return elf_has_interp(h, len, is64, be) ? CK_FILE_EXECUTABLE : CK_FILE_LIBRARY;
    return CK_FILE_OTHER; /* relocatable objects, core files */
}

static enum ck_file_kind classify_pe(const unsigned char *h, size_t len, char *detail, size_t cap)
{
    uint32_t off = len >= 64 ? rd32(h + 60, 0) : 0;
    unsigned machine, chars;

    if (off < 64 || (uint64_t)off + 24 > len || memcmp(h + off, "PE\0\0", 4))
        return CK_FILE_OTHER;
    machine = rd16(h + off + 4, 0);
    chars = rd16(h + off + 22, 0);
    snprintf(detail, cap, "PE %s", machine == 0x8664 ? "x86-64" : machine == 0x14c ? "i386"
                                   : machine == 0xaa64 ? "arm64" : "unknown machine");
    return chars & 0x2000 ? CK_FILE_LIBRARY : CK_FILE_EXECUTABLE;
}

/* "#!/usr/bin/env python3" -> "#!/usr/bin/env python3", cut at the line's
 * end, printable text only. */
static enum ck_file_kind classify_script(const unsigned char *h, size_t len, char *detail, size_t cap)
{
    size_t n = 0;

    while (n < len && n + 1 < cap && h[n] != '\n' && h[n] != '\r' && h[n] >= 0x20 && h[n] < 0x7f) {
        detail[n] = (char)h[n];
        n++;
    }
    detail[n] = '\0';
    while (n > 2 && detail[n - 1] == ' ')
        detail[--n] = '\0';
    return CK_FILE_SCRIPT;
}

enum ck_file_kind ck_probe_classify(const unsigned char *h, size_t len, char *detail, size_t cap)
{
    static const struct {
        const char *magic;
        size_t n, at;
        const char *what;
    } archives[] = {
        {"PK\003\004", 4, 0, "zip"},  {"PK\005\006", 4, 0, "zip"},   {"\037\213", 2, 0, "gzip"},
        {"\375" "7zXZ\0", 6, 0, "xz"}, {"BZh", 3, 0, "bzip2"},        {"\050\265\057\375", 4, 0, "zstd"},
        {"ustar", 5, 257, "tar"},      {"7z\274\257\047\034", 6, 0, "7z"},
    };
    size_t i;

    detail[0] = '\0';
    if (len >= 4 && !memcmp(h, "\177ELF", 4))
        return classify_elf(h, len, detail, cap);
    if (len >= 2 && h[0] == 'M' && h[1] == 'Z')
        return classify_pe(h, len, detail, cap);
    if (len >= 3 && h[0] == '#' && h[1] == '!')
        return classify_script(h, len, detail, cap);
    for (i = 0; i < sizeof archives / sizeof archives[0]; i++) {
        if (len >= archives[i].at + archives[i].n && !memcmp(h + archives[i].at, archives[i].magic, archives[i].n)) {
            snprintf(detail, cap, "%s", archives[i].what);
            return CK_FILE_ARCHIVE;
        }
    }
    return CK_FILE_OTHER;
}

/* ---- streaming ---------------------------------------------------------------- */

enum ck_status ck_probe_begin(struct ck_probe *p, const char *path, uint64_t size, unsigned mode)
{
    reset(p);
    if (!(p->path = ck_text_dup(path)))
        return CK_ERR_NOMEM;
    p->size = size;
    p->mode = mode;
    p->cat = ck_catalog_find(path);
    return CK_OK;
}

/* Whether the file may be kept whole: its size under the caps and the
 * image's budget, which it takes at once (the archive gave its size). */
static int take_whole(struct ck_probe *p, uint64_t cap)
{
    if (p->size > cap || p->size > *p->read_budget)
        return 0;
    *p->read_budget -= p->size;
    p->charged = p->size;
    return 1;
}

static enum ck_status decide(struct ck_probe *p)
{
    uint64_t cap = p->lim->max_file_bytes;

    p->decided = 1;
    p->kind = ck_probe_classify(p->head, p->head_len, p->detail, sizeof p->detail);
    p->program = p->kind == CK_FILE_EXECUTABLE || p->kind == CK_FILE_LIBRARY;
    if (p->cat && p->cat->max_bytes < cap)
        cap = p->cat->max_bytes;
    if (p->program) {
        ck_sha256_init(&p->sha);
        if (ck_gobuildinfo_scan_new(&p->go) != CK_OK)
            return CK_ERR_NOMEM;
        if (cap > CK_PROBE_PROGRAM_WHOLE)
            cap = CK_PROBE_PROGRAM_WHOLE;
    }
    if (p->cat || p->program)
        p->keep_whole = take_whole(p, cap);
    if (p->keep_whole && p->size && ck_buf_reserve(&p->whole, (size_t)p->size) != CK_OK)
        return CK_ERR_NOMEM;
    return CK_OK;
}

static enum ck_status consume(struct ck_probe *p, const unsigned char *d, size_t n)
{
    if (p->program) {
        ck_sha256_update(&p->sha, d, n);
        if (!p->go_done)
            p->go_done = ck_gobuildinfo_scan_push(p->go, d, n);
    }
    if (p->keep_whole) {
        if (p->whole.len + n > p->charged) { /* more than the archive said: not kept */
            p->whole_short = 1;
            n = (size_t)(p->charged - p->whole.len);
        }
        if (ck_buf_append(&p->whole, d, n) != CK_OK)
            return CK_ERR_NOMEM;
    }
    return CK_OK;
}

enum ck_status ck_probe_feed(struct ck_probe *p, const void *data, size_t len)
{
    const unsigned char *d = data;
    enum ck_status st;

    if (!p->decided) {
        size_t take = CK_PROBE_HEAD - p->head_len;
        if (take > len)
            take = len;
        memcpy(p->head + p->head_len, d, take);
        p->head_len += take;
        if (p->head_len < CK_PROBE_HEAD)
            return CK_OK;
        if ((st = decide(p)) != CK_OK || (st = consume(p, p->head, p->head_len)) != CK_OK)
            return st;
        d += take;
        len -= take;
    }
    return len ? consume(p, d, len) : CK_OK;
}

/* ---- what a file gives ----------------------------------------------------------- */

static enum ck_status set_problem(struct ck_found *f, const char *fmt, const char *a, const char *b)
{
    char msg[1024];
    snprintf(msg, sizeof msg, fmt, a, b);
    free(f->problem);
    return (f->problem = ck_text_dup(msg)) ? CK_OK : CK_ERR_NOMEM;
}

static enum ck_status add_go_module(struct ck_lang_file *lf, const struct ck_gomodule *m, unsigned flags)
{
    if (!*m->path || !*m->version || !strcmp(m->version, "(devel)") || (m->flags & CK_GOMOD_LOCAL))
        return CK_OK;
    return ck_lang_add(lf, 0, m->path, m->path, strlen(m->path), m->version, strlen(m->version), NULL, flags);
}

/* The modules a Go program was built with, and its toolchain as "stdlib". */
static enum ck_status go_packages(struct ck_found *f, const struct ck_gobuildinfo *bi, const char *path)
{
    struct ck_lang_file lf;
    struct ck_err err;
    char stdv[64];
    size_t i;
    enum ck_status st;

    ck_err_clear(&err);
    if ((st = ck_lang_file_begin(&lf, &f->packages, path, CK_LANG_GO, "", 0, &err)) != CK_OK)
        return st == CK_ERR_NOMEM ? st : CK_OK;
    if (bi->has_main)
        st = add_go_module(&lf, &bi->main, 0);
    for (i = 0; st == CK_OK && i < bi->dep_count; i++)
        st = add_go_module(&lf, &bi->deps[i], 0);
    if (st == CK_OK && bi->go_version && ck_gobuildinfo_stdlib_version(bi->go_version, stdv + 1, sizeof stdv - 1)) {
        stdv[0] = 'v';
        st = ck_lang_add(&lf, 0, "stdlib", "stdlib", 6, stdv, strlen(stdv), NULL, 0);
    }
    if (st != CK_OK)
        return st;
    if (bi->has_main && *bi->main.path) {
        f->product = ck_text_dup(bi->main.path);
        f->product_version = ck_text_dup(bi->main.version);
    } else if (bi->path && *bi->path) {
        f->product = ck_text_dup(bi->path);
        f->product_version = bi->go_version ? ck_text_dup(bi->go_version) : NULL;
    }
    return CK_OK;
}

static enum ck_status read_go(struct ck_probe *p, struct ck_found *f, int complete)
{
    struct ck_gobuildinfo bi;
    struct ck_err err;
    enum ck_status st;

    ck_gobuildinfo_init(&bi);
    ck_err_clear(&err);
    st = complete ? ck_gobuildinfo_scan_finish(p->go, &bi, &err) : CK_GOBI_NOT_GO;
    if (st == CK_GOBI_NEEDS_FILE && p->keep_whole && !p->whole_short) {
        ck_err_clear(&err);
        st = ck_gobuildinfo_read(p->whole.data, p->whole.len, &bi, &err);
    } else if (st == CK_GOBI_NEEDS_FILE) {
        st = set_problem(f, "%s: Go build information in the older form, in a program larger than the "
                            "%s bytes read whole; its modules are not listed", p->path, "33554432");
        goto cleanup;
    }
    if (st == CK_OK)
        st = go_packages(f, &bi, p->path);
    else if (st == CK_ERR_NOMEM)
        goto cleanup;
    else if (st != CK_GOBI_NOT_GO)
        st = set_problem(f, "%s: Go build information not read: %s", p->path, err.msg);
    else
        st = CK_OK;
cleanup:
    ck_gobuildinfo_release(&bi);
    return st;
}

/* cargo-auditable's section, from the whole program. */
static enum ck_status read_cargo(struct ck_probe *p, struct ck_found *f)
{
    struct ck_goexe x;
    uint64_t off, size;
    struct ck_err err;
    enum ck_status st;

    if (!p->keep_whole || p->whole_short || p->whole.len < p->size)
        return CK_OK;
    ck_goexe_open(&x, p->whole.data, p->whole.len);
    if (x.kind != CK_GOEXE_ELF || !ck_goexe_section(&x, ".dep-v0", &off, &size) || off > p->whole.len ||
        size > p->whole.len - off)
        return CK_OK;
    ck_err_clear(&err);
    st = ck_cargo_parse_audit(p->path, p->whole.data + off, (size_t)size, &f->packages, &err);
    if (st == CK_ERR_NOMEM)
        return st;
    return st == CK_OK ? CK_OK : set_problem(f, "%s%s", err.msg, "");
}

static enum ck_status read_catalog(struct ck_probe *p, struct ck_found *f, int complete)
{
    struct ck_err err;
    enum ck_status st;

    if (!complete)
        return set_problem(f, "%s was cut short; its %s packages were not read", p->path, p->cat->name);
    if (!p->keep_whole || p->whole_short)
        return set_problem(f, "%s is larger than the limit for %s files; it was not read", p->path, p->cat->name);
    ck_err_clear(&err);
    st = p->cat->parse(p->path, p->whole.data ? (const char *)p->whole.data : "", p->whole.len, &f->packages, &err);
    if (st == CK_ERR_NOMEM)
        return st;
    return st == CK_OK ? CK_OK : set_problem(f, "%s%s", err.msg, "");
}

static int worth_keeping(const struct ck_found *f)
{
    return f->kind != CK_FILE_OTHER || f->packages.count || f->packages.warning_count || f->problem;
}

enum ck_status ck_probe_end(struct ck_probe *p, int complete, struct ck_found **out)
{
    struct ck_found *f;
    enum ck_status st = CK_OK;

    *out = NULL;
    if (!p->decided && (st = decide(p)) == CK_OK)
        st = consume(p, p->head, p->head_len);
    if (st != CK_OK || !(f = calloc(1, sizeof *f))) {
        reset(p);
        return CK_ERR_NOMEM;
    }
    ck_lang_result_init(&f->packages);
    f->kind = p->kind;
    if (p->detail[0] && !(f->detail = ck_text_dup(p->detail)))
        st = CK_ERR_NOMEM;
    if (st == CK_OK && p->program) {
        ck_sha256_final(&p->sha, f->sha256);
        f->has_sha = complete;
        st = read_go(p, f, complete);
        if (st == CK_OK && !f->packages.count)
            st = read_cargo(p, f);
    }
    if (st == CK_OK && p->cat)
        st = read_catalog(p, f, complete);
    reset(p);
    if (st != CK_OK || !worth_keeping(f)) {
        ck_found_free(f);
        return st;
    }
    *out = f;
    return CK_OK;
}
