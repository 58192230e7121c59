/* libFuzzer target: rpm's BerkeleyDB Packages reader (ck_rpmdb_parse_bdb).
 * The input is the whole file. It is read twice, with and without the
 * packages' files, into an inventory that already holds one package.
 * Checks: a failure sets a message and leaves the inventory as it was; both
 * reads agree on the outcome, the packages and the warnings; every file
 * belongs to a package read; every package is an rpm with a name and a
 * version.
 *
 * Seeds (corpus/rpmbdb, written by make_rpm_seeds.py): hash databases made
 * by Berkeley DB 5.3's own db_load (Debian's db5.3-util) holding the rpm
 * headers of the project's rpmdb fixture (written by rpm 4.18) under their
 * package numbers and rpm's counter at key 0, in both byte orders, at page
 * sizes 512 (every header on overflow pages) and 4096, and one of 40
 * entries whose buckets have split. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/inventory.h"
#include "inventory/rpmdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum ck_status read_once(struct ck_inventory *inv, unsigned flags, const uint8_t *data, size_t size)
{
    struct ck_err err;
    enum ck_status st;
    size_t i;

    ck_inventory_init(inv);
    inv->flags = flags;
    if (ck_inventory_add(inv, CK_PKG_RPM, "before", "1", NULL, NULL, NULL) != CK_OK)
        abort();
    ck_err_clear(&err);
    st = ck_rpmdb_parse_bdb(inv, data, size, "Packages", &err);
    if (st != CK_OK && (!err.msg[0] || inv->count != 1 || inv->file_count || inv->warning_count))
        abort(); /* untouched on failure, and said why */
    for (i = 0; i < inv->file_count; i++)
        if (inv->files[i].package >= inv->count || inv->files[i].package == 0 || !inv->files[i].path)
            abort();
    for (i = 1; i < inv->count; i++)
        if (inv->packages[i].type != CK_PKG_RPM || !inv->packages[i].name[0] || !inv->packages[i].version[0])
            abort();
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_inventory with, without;
    enum ck_status a = read_once(&with, CK_INVENTORY_FILES, data, size);
    enum ck_status b = read_once(&without, 0, data, size);
    size_t i;

    if (a != b || with.count != without.count || with.warning_count != without.warning_count || without.file_count)
        abort();
    for (i = 0; i < with.count; i++)
        if (strcmp(with.packages[i].name, without.packages[i].name) ||
            strcmp(with.packages[i].version, without.packages[i].version))
            abort();
    ck_inventory_release(&with);
    ck_inventory_release(&without);
    return 0;
}
