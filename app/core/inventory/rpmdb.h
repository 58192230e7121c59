/* The rpm database. rpm 4.16+ keeps it in SQLite (/var/lib/rpm/rpmdb.sqlite,
 * or /usr/lib/sysimage/rpm/rpmdb.sqlite): table Packages(hnum, blob), each
 * blob an rpm header as rpm stores it: a big-endian index count and data
 * length, the index entries (tag, type, offset, count), then the data store.
 * Read per header: NAME, EPOCH, VERSION, RELEASE, ARCH, SOURCERPM (the source
 * package's name and version come from the source rpm's file name) and, when
 * the inventory keeps files, DIRNAMES / BASENAMES / DIRINDEXES. gpg-pubkey
 * pseudo-packages are not software and are left out.
 *
 * The older formats are read too, by the project's own readers, from memory
 * and with every offset and length checked against the file: BerkeleyDB
 * (/var/lib/rpm/Packages, rpm before 4.16: RHEL and CentOS 7 and 8, UBI 8,
 * Amazon Linux 2), a Berkeley DB hash database of package number -> header
 * (inventory/rpmbdb.c), and NDB (Packages.db, SUSE), rpm's own format of
 * slots and blobs (inventory/rpmndb.c). */
#ifndef CK_RPMDB_H
#define CK_RPMDB_H

#include <stddef.h>

#include "inventory/inventory.h"

/* Reads an rpmdb.sqlite file held in memory (never touching the disk).
 * data may be modified (a write-ahead-log flag in the file header is
 * cleared so that SQLite reads the image as a plain database). A header
 * that does not parse is a warning; an unreadable database is an error.
 * The file is the image's, so none of its SQL is run: it is opened
 * read-only with triggers, views and untrusted schema functions off and
 * low limits on lengths and depths, its Packages table must be exactly the
 * one rpm creates (no generated column, nothing else), and an authorizer
 * lets only Packages' hnum and blob be read. */
enum ck_status ck_rpmdb_parse_sqlite(struct ck_inventory *inv, void *data, size_t len, const char *label,
                                     struct ck_err *err);

/* The largest header blob the BerkeleyDB and NDB readers take (rpm's own
 * headers of real packages are a few MiB at most). */
#define CK_RPMDB_MAX_BLOB (64u << 20)

/* Reads a BerkeleyDB Packages file held in memory (data is only read, the
 * disk never touched). Keys are package numbers, values header blobs,
 * large ones spread over chains of overflow pages; every page is read at
 * most once, so a chain that loops ends the read of that chain. Both byte
 * orders are read; btree, encrypted and checksummed databases are refused
 * (rpm wrote none). A header that does not parse, and a value that cannot
 * be put together (a broken overflow chain), is a warning on inv naming
 * label and the package number; a database whose meta page or hash buckets
 * cannot be read is an error (CK_ERR_PARSE, CK_ERR_UNSUPPORTED) whose
 * sentence names label and the fault, and then inv is untouched. With
 * CK_INVENTORY_FILES in inv->flags, the packages' files are kept. */
enum ck_status ck_rpmdb_parse_bdb(struct ck_inventory *inv, const void *data, size_t len, const char *label,
                                  struct ck_err *err);

/* Reads an NDB Packages.db file held in memory, with the same contract:
 * every slot is checked first (inside the file, no two blobs overlapping, no
 * package twice; a fault is an error), then each blob in the order of the
 * file; a blob whose marks, length or Adler-32 do not match, or whose header
 * does not parse, is a warning. */
enum ck_status ck_rpmdb_parse_ndb(struct ck_inventory *inv, const void *data, size_t len, const char *label,
                                  struct ck_err *err);

/* Adds the package one header blob describes (skips gpg-pubkey). */
enum ck_status ck_rpmdb_parse_header(struct ck_inventory *inv, const void *blob, size_t len, struct ck_err *err);

/* "SQLite", "BerkeleyDB", "NDB" from a file's first bytes, or NULL. */
const char *ck_rpmdb_format(const void *head, size_t len);

/* Splits a source rpm file name ("bash-5.1.8-6.el9.src.rpm") into name and
 * version-release (malloc'd). CK_ERR_PARSE when it does not have that form. */
enum ck_status ck_rpmdb_split_srpm(const char *srpm, char **name, char **version);

#endif
