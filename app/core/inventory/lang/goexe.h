/* Inside the Go build information reader (gobuildinfo.c, goexe.c,
 * goscan.c); not for other modules, which use gobuildinfo.h.
 *
 *   goexe.c  where a file keeps its data: the ELF and PE headers read in
 *            place (tables that do not fit in the bytes given count as
 *            absent), virtual address to file offset translation, and the
 *            32-byte header and inline strings of the build information;
 *   gobuildinfo.c  the strings once found: version, module information. */
#ifndef CK_GOEXE_H
#define CK_GOEXE_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/lang/gobuildinfo.h"

#define CK_GOBI_HEADER 32u
#define CK_GOBI_ALIGN 16u

enum ck_goexe_kind { CK_GOEXE_RAW, CK_GOEXE_ELF, CK_GOEXE_PE };

/* A view of an executable's headers over the bytes d[0..len), which may be
 * the whole file or only its first bytes. Holds no memory of its own. */
struct ck_goexe {
    const unsigned char *d;
    size_t len;
    enum ck_goexe_kind kind;
    int big_endian, is64;
    uint64_t phoff, shoff;       /* ELF tables (0 entries when they do not fit) */
    unsigned phnum, phentsize, shnum, shentsize, shstrndx;
    uint64_t pe_sections;        /* PE section table */
    unsigned pe_nsec;
    uint64_t image_base;
};

void ck_goexe_open(struct ck_goexe *x, const void *data, size_t len);

/* The next part of the file where the build information may lie (ELF
 * writable segments, PE data sections), as a file range; *iter starts at 0.
 * 1 while there is one. */
int ck_goexe_region(const struct ck_goexe *x, unsigned *iter, uint64_t *off, uint64_t *size);

/* The file range of the ELF section named name; 1 when there is one. */
int ck_goexe_section(const struct ck_goexe *x, const char *name, uint64_t *off, uint64_t *size);

/* The file offset of the n bytes at virtual address addr; 1 when one
 * loaded part of the file holds them all (the range may still end past
 * len: the caller checks). */
int ck_goexe_translate(const struct ck_goexe *x, uint64_t addr, uint64_t n, uint64_t *off);

/* 1 when the 32 bytes at h are a build information header: the magic, a
 * pointer size of 4 or 8, flags 0-3. */
int ck_goexe_header_ok(const unsigned char *h);

/* The inline strings after the header at p (avail bytes from the header's
 * first byte on; at_end: no more bytes exist after them). On CK_OK with
 * *need > avail nothing is decided yet (more bytes are wanted; only when
 * !at_end); otherwise *vers / *mod point into p. Fails with CK_ERR_PARSE
 * (truncated, a bad uvarint) or CK_ERR_LIMIT (a length past the caps). */
enum ck_status ck_goexe_inline_strings(const unsigned char *p, size_t avail, int at_end, size_t *need,
                                       const char **vers, size_t *vlen, const char **mod, size_t *mlen,
                                       struct ck_err *err);

/* Fills out from the two raw strings (the module information still with
 * its sentinels): checks, parses and moves them in; the header fields are
 * the caller's. out untouched on failure. */
enum ck_status ck_gobuildinfo_from_strings(const char *vers, size_t vlen, const char *mod, size_t mlen,
                                           struct ck_gobuildinfo *out, struct ck_err *err);

#endif
