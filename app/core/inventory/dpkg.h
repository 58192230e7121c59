/* The dpkg database: /var/lib/dpkg/status and the per-package files of
 * distroless images in /var/lib/dpkg/status.d/. A push parser: fed chunks
 * of any size, it keeps only the current line's carried start (at most
 * 64 KiB) and the few fields it needs from the current stanza, so a status
 * file of any size streams through in bounded memory.
 *
 * Read per stanza: Package, Version, Architecture, Status, Source ("name" or
 * "name (version)"). A package counts when its Status says it is installed
 * (third word "installed": "install ok installed", "hold ok installed");
 * in status.d files a stanza without Status counts as installed. Field
 * names are case-insensitive; continuation lines and CRLF line ends are
 * accepted. A malformed stanza becomes a warning naming the file and line,
 * and the rest is read. */
#ifndef CK_DPKG_H
#define CK_DPKG_H

#include <stddef.h>

#include "inventory/inventory.h"

enum {
    CK_DPKG_STATUS_D = 1 /* a status.d file: stanzas without Status are installed */
};

struct ck_dpkg_parser;

/* Packages and warnings go to inv (not owned); label names the file in
 * warnings ("/var/lib/dpkg/status"). */
enum ck_status ck_dpkg_parser_new(struct ck_dpkg_parser **out, struct ck_inventory *inv, const char *label,
                                  unsigned flags);
void ck_dpkg_parser_free(struct ck_dpkg_parser *p);
/* Errors: CK_ERR_NOMEM only; malformed input is a warning. */
enum ck_status ck_dpkg_parser_feed(struct ck_dpkg_parser *p, const void *data, size_t len);
/* The input has ended: the last stanza counts even without a blank line. */
enum ck_status ck_dpkg_parser_finish(struct ck_dpkg_parser *p);
/* Bytes the parser holds between chunks (for tests of the memory bound). */
size_t ck_dpkg_parser_buffered(const struct ck_dpkg_parser *p);

/* The whole file at once. */
enum ck_status ck_dpkg_parse(struct ck_inventory *inv, const void *data, size_t len, const char *label,
                             unsigned flags);

#endif
