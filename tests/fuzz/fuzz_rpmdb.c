/* libFuzzer target: the rpm database reader. The first byte chooses what the
 * rest is:
 *   0  one rpm header blob (ck_rpmdb_parse_header, with file lists);
 *   1  an rpmdb.sqlite file (ck_rpmdb_parse_sqlite, from memory);
 *   2  a source rpm file name (ck_rpmdb_split_srpm);
 *   3  an rpmdb.sqlite file as the Engine's archive endpoint sends it (a tar
 *      of /var/lib/rpm/rpmdb.sqlite) to the inventory collector, with the
 *      database size limit set from the second byte (in KiB).
 * Checks: a header adds at most one package, whose files belong to it; a
 * database that fails leaves the inventory untouched; a split source name
 * gives back the name and version it was made of; a database over the limit
 * is not read, and the inventory says it is incomplete. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/inventory.h"
#include "inventory/rpmdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_files(const struct ck_inventory *inv)
{
    size_t i;
    for (i = 0; i < inv->file_count; i++)
        if (inv->files[i].package >= inv->count || !inv->files[i].path)
            abort();
}

static void one_header(const uint8_t *data, size_t size)
{
    struct ck_inventory inv;
    struct ck_err err;
    enum ck_status st;

    ck_inventory_init(&inv);
    inv.flags = CK_INVENTORY_FILES;
    ck_err_clear(&err);
    st = ck_rpmdb_parse_header(&inv, data, size, &err);
    if (st != CK_OK && (!err.msg[0] || inv.count))
        abort();
    if (inv.count > 1 || (inv.count == 0 && inv.file_count))
        abort();
    if (inv.count && (!inv.packages[0].name[0] || !inv.packages[0].version[0] || inv.packages[0].type != CK_PKG_RPM))
        abort();
    check_files(&inv);
    (void)ck_rpmdb_format(data, size);
    ck_inventory_release(&inv);
}

static void sqlite_file(const uint8_t *data, size_t size)
{
    struct ck_inventory inv;
    struct ck_err err;
    unsigned char *copy = malloc(size ? size : 1); /* the reader may patch the header */
    enum ck_status st;

    if (!copy)
        return;
    memcpy(copy, data, size);
    ck_inventory_init(&inv);
    inv.flags = CK_INVENTORY_FILES;
    ck_err_clear(&err);
    st = ck_rpmdb_parse_sqlite(&inv, copy, size, "rpmdb.sqlite", &err);
    if (st != CK_OK && (!err.msg[0] || inv.count || inv.file_count || inv.warning_count))
        abort(); /* untouched on failure */
    check_files(&inv);
    ck_inventory_release(&inv);
    free(copy);
}

static void srpm(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1), *name = NULL, *version = NULL;
    if (!s)
        return;
    memcpy(s, data, size);
    s[size] = '\0';
    if (ck_rpmdb_split_srpm(s, &name, &version) == CK_OK) {
        size_t n = strlen(name), v = strlen(version);
        /* name "-" version "." arch ".rpm" */
        if (!n || !v || strncmp(s, name, n) != 0 || s[n] != '-' || strncmp(s + n + 1, version, v) != 0 ||
            s[n + 1 + v] != '.' || !strchr(version, '-'))
            abort();
        free(name);
        free(version);
    }
    free(s);
}

static void octal(char *field, size_t width, uint64_t v)
{
    snprintf(field, width, "%0*llo", (int)(width - 1), (unsigned long long)v);
}

static void through_collector(const uint8_t *data, size_t size)
{
    static const char zeros[1024];
    struct ck_inventory_collector *c = NULL;
    struct ck_inventory_limits lim;
    struct ck_inventory inv;
    struct ck_err err;
    char head[512];
    unsigned sum = 0;
    size_t i;
    uint64_t limit;

    if (size < 1)
        return;
    limit = (uint64_t)data[0] << 10;
    data++;
    size--;
    /* a ustar header for "rpmdb.sqlite", as GET /containers/{id}/archive names it */
    memset(head, 0, sizeof head);
    strcpy(head, "rpmdb.sqlite");
    octal(head + 100, 8, 0644);
    octal(head + 108, 8, 0);
    octal(head + 116, 8, 0);
    octal(head + 124, 12, size);
    octal(head + 136, 12, 0);
    head[156] = '0';
    memcpy(head + 257, "ustar\0" "00", 8);
    memset(head + 148, ' ', 8);
    for (i = 0; i < sizeof head; i++)
        sum += (unsigned char)head[i];
    snprintf(head + 148, 8, "%06o", sum);

    ck_inventory_limits_default(&lim);
    lim.max_db_bytes = limit;
    if (ck_inventory_collector_new(&c, CK_INVENTORY_FILES, &lim) != CK_OK)
        return;
    ck_inventory_init(&inv);
    if (ck_inventory_collector_begin_path(c, "/var/lib/rpm/rpmdb.sqlite", &err) == CK_OK &&
        ck_inventory_collector_feed(c, head, sizeof head, &err) == CK_OK &&
        ck_inventory_collector_feed(c, data, size, &err) == CK_OK &&
        ck_inventory_collector_feed(c, zeros, (512 - size % 512) % 512, &err) == CK_OK &&
        ck_inventory_collector_feed(c, zeros, sizeof zeros, &err) == CK_OK &&
        ck_inventory_collector_end(c, &err) == CK_OK &&
        ck_inventory_collector_finish(c, &inv, &err) == CK_OK) {
        check_files(&inv);
        if (size > limit && (inv.count || !inv.incomplete))
            abort(); /* over the limit: not read, and said so */
    }
    ck_inventory_release(&inv);
    ck_inventory_collector_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    switch (data[0] % 4) {
    case 0:
        one_header(data + 1, size - 1);
        break;
    case 1:
        sqlite_file(data + 1, size - 1);
        break;
    case 2:
        srpm(data + 1, size - 1);
        break;
    default:
        through_collector(data + 1, size - 1);
    }
    return 0;
}
