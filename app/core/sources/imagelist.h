/* A list of image references: each one validated and normalised, duplicates
 * dropped, first-seen order kept. Read from and written to text files with one
 * image a line (the format of Invoke-ContainerKitty's -BuildList output).
 *
 * File format read: UTF-8 with or without BOM, LF or CRLF; whitespace around a
 * reference is trimmed; blank lines are skipped; '#' starts a comment that runs
 * to the end of the line. A line that is not a valid reference is reported as
 * a warning "FILE:LINE: <reason>" through ck_log and skipped. */
#ifndef CK_IMAGELIST_H
#define CK_IMAGELIST_H

#include <stddef.h>
#include <stdint.h>

#include "docker/imageref.h"
#include "util/status.h"

/* Files larger than this are refused (CK_ERR_LIMIT). */
#define CK_IMAGELIST_FILE_MAX ((size_t)64 * 1024 * 1024)

/* Caller-owned: ck_imagelist_init / ck_imagelist_release. */
struct ck_imagelist {
    struct ck_imageref *items; /* count entries, in the order first added */
    char **keys;               /* canonical form of each item */
    size_t count, cap;
    size_t *slots;             /* hash set over keys: index + 1, 0 = free */
    size_t nslots;
};

/* What reading a file found. */
struct ck_imagelist_stats {
    size_t lines;      /* lines in the file */
    size_t added;      /* new references added to the list */
    size_t duplicates; /* valid references already in the list */
    size_t invalid;    /* lines skipped with a warning */
};

void ck_imagelist_init(struct ck_imagelist *list);
void ck_imagelist_release(struct ck_imagelist *list);

/* Adds a copy of ref unless the list already holds it; *added (may be NULL)
 * tells which. */
enum ck_status ck_imagelist_add(struct ck_imagelist *list, const struct ck_imageref *ref, int *added);
/* Parses text as an image reference and adds it. */
enum ck_status ck_imagelist_add_text(struct ck_imagelist *list, const char *text, int *added,
                                     struct ck_err *err);
int ck_imagelist_contains(const struct ck_imagelist *list, const struct ck_imageref *ref);
/* The canonical form of item i ("docker.io/library/ubuntu:latest"). */
const char *ck_imagelist_string(const struct ck_imagelist *list, size_t i);

/* Reads list text (len bytes) into list; name is used in warnings
 * ("NAME:LINE: ..."). Only running out of memory fails. stats may be NULL. */
enum ck_status ck_imagelist_read_text(struct ck_imagelist *list, const char *text, size_t len,
                                      const char *name, struct ck_imagelist_stats *stats,
                                      struct ck_err *err);
/* Reads a list file (UTF-8 path). Fails when the file cannot be read. */
enum ck_status ck_imagelist_read_file(struct ck_imagelist *list, const char *path,
                                      struct ck_imagelist_stats *stats, struct ck_err *err);

/* Writes the canonical references, one a line (LF), replacing path
 * atomically (a temporary file beside it, then a rename). */
enum ck_status ck_imagelist_write_file(const struct ck_imagelist *list, const char *path,
                                       struct ck_err *err);

/* "containerkitty_container_list-yyyyMMdd-HHmm.txt" for the local time of
 * when (seconds since the epoch), malloc'd. */
char *ck_imagelist_default_filename(int64_t when);

#endif
