/* Inside the inventory module: what the whole-filesystem walk learns of one
 * regular file while its bytes stream by, once, in bounded memory.
 *
 *   - its kind from its first bytes: ELF or PE program or library (with the
 *     architecture), script (with its #! line), archive, other;
 *   - the SHA-256 of every program and library;
 *   - for programs: the Go build information (streamed; the older pointer
 *     form from the whole file) and the cargo-auditable .dep-v0 section
 *     (from the whole file), as application packages;
 *   - for a file a cataloger wants (catalog.h): the cataloger's packages.
 * Whole files are kept only up to lim->max_file_bytes (programs: up to
 * CK_PROBE_PROGRAM_WHOLE), and all of them together up to the image's
 * budget (lim->max_read_bytes); a file past them is named in a problem.
 *
 * One struct ck_probe serves one stream, file after file:
 *   ck_probe_begin(p, path, size, mode);  ck_probe_feed(p, ...)...;
 *   ck_probe_end(p, complete, &found);
 * struct ck_found is heap-owned (ck_found_free). */
#ifndef CK_INVENTORY_FILEPROBE_H
#define CK_INVENTORY_FILEPROBE_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/inventory.h"
#include "inventory/lang/langtext.h"

#define CK_PROBE_HEAD 4096u                        /* first bytes kept to classify a file */
#define CK_PROBE_PROGRAM_WHOLE (32u * 1024u * 1024u) /* programs kept whole up to this size */

struct ck_found {
    enum ck_file_kind kind; /* EXECUTABLE, LIBRARY, SCRIPT, ARCHIVE or OTHER */
    int has_sha;
    unsigned char sha256[32];
    char *detail;           /* "ELF x86-64", "#!/bin/sh", NULL */
    char *product;          /* a Go main module (or package) path, or NULL */
    char *product_version;
    struct ck_lang_result packages; /* from a cataloger or the program readers */
    char *problem;          /* why the file was not (fully) read, for the image's warnings */
};

void ck_found_free(struct ck_found *f);

struct ck_probe;

/* read_budget: the image's remaining bytes for whole files, shared by its
 * probes; lim and read_budget outlive the probe. */
enum ck_status ck_probe_new(struct ck_probe **out, const struct ck_inventory_limits *lim, uint64_t *read_budget);
void ck_probe_free(struct ck_probe *p);

/* path: absolute in the image ("/usr/bin/x"); size: as the archive says. */
enum ck_status ck_probe_begin(struct ck_probe *p, const char *path, uint64_t size, unsigned mode);
/* Errors: out of memory only. */
enum ck_status ck_probe_feed(struct ck_probe *p, const void *data, size_t len);
/* complete = 0: the stream stopped inside the file. *out is NULL for a
 * plain file nothing was learnt of. Errors: out of memory only. */
enum ck_status ck_probe_end(struct ck_probe *p, int complete, struct ck_found **out);

/* The kind and detail ("ELF x86-64") of a file from its first bytes
 * (exported for tests and the unmanaged report). detail gets "" when none. */
enum ck_file_kind ck_probe_classify(const unsigned char *head, size_t len, char *detail, size_t detail_cap);

#endif
