/* The apk database of Alpine and its relatives: /lib/apk/db/installed.
 * Records are blocks of "K:value" lines separated by blank lines; read per
 * record: P (name), V (version), A (architecture), o (origin: the source
 * package) and, when the inventory keeps files (CK_INVENTORY_FILES), F
 * (folder) and R (file in that folder). Every record is an installed
 * package. A push parser like the dpkg one: chunks of any size, bounded
 * memory (plus the current record's file list when files are kept). A
 * malformed record becomes a warning naming its number and line. */
#ifndef CK_APK_H
#define CK_APK_H

#include <stddef.h>

#include "inventory/inventory.h"

struct ck_apk_parser;

/* Packages, owned files and warnings go to inv (not owned). */
enum ck_status ck_apk_parser_new(struct ck_apk_parser **out, struct ck_inventory *inv, const char *label);
void ck_apk_parser_free(struct ck_apk_parser *p);
enum ck_status ck_apk_parser_feed(struct ck_apk_parser *p, const void *data, size_t len);
enum ck_status ck_apk_parser_finish(struct ck_apk_parser *p);

enum ck_status ck_apk_parse(struct ck_inventory *inv, const void *data, size_t len, const char *label);

#endif
