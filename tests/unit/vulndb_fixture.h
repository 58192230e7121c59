/* What the tests of the vulnerability database share: a database made anew
 * at a path, and its record count. */
#ifndef CK_VULNDB_FIXTURE_H
#define CK_VULNDB_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "platform/platform.h"
#include "vuln/vulndb.h"

/* Removes the database at path with its journal files and an interrupted
 * download beside it. */
static inline void ck_test_vulndb_remove(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal", ".all.zip.part"};
    char p[1024];
    size_t i;
    for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
        ck_remove(p);
    }
}

/* An empty database at path (what was there is removed); NULL on failure. */
static inline struct ck_vulndb *ck_test_vulndb_fresh(const char *path)
{
    struct ck_vulndb *db = NULL;
    struct ck_err err;
    ck_test_vulndb_remove(path);
    if (ck_vulndb_open(path, &db, &err) != CK_OK)
        fprintf(stderr, "open: %s\n", err.msg);
    return db;
}

/* Records in the database, -1 when its status cannot be read. */
static inline int64_t ck_test_vulndb_records(struct ck_vulndb *db)
{
    struct ck_vulndb_status s;
    struct ck_err err;
    int64_t n = -1;
    memset(&s, 0, sizeof s);
    if (ck_vulndb_status_get(db, &s, &err) == CK_OK)
        n = s.record_count;
    ck_vulndb_status_release(&s);
    return n;
}

#endif
