/* What the database benchmarks share: importing records already held as
 * JSON text, in one transaction. */
#ifndef CK_BENCH_IMPORT_H
#define CK_BENCH_IMPORT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vuln/vulndb.h"

/* Imports texts[0..count) (lens bytes each); fills *st (the caller
 * releases it). Any failure ends the benchmark. */
static inline void bench_import_json(struct ck_vulndb *db, char *const *texts, const size_t *lens, unsigned long count,
                                     struct ck_vulndb_import_stats *st)
{
    struct ck_vulndb_import *imp = NULL;
    struct ck_err err;
    unsigned long i;

    memset(st, 0, sizeof *st);
    if (ck_vulndb_import_begin(db, NULL, &imp, &err) != CK_OK) {
        fprintf(stderr, "%s\n", err.msg);
        exit(1);
    }
    for (i = 0; i < count; i++)
        if (ck_vulndb_import_json(imp, texts[i], lens[i], "bench", &err) != CK_OK) {
            fprintf(stderr, "%s\n", err.msg);
            exit(1);
        }
    if (ck_vulndb_import_commit(imp, NULL, st, &err) != CK_OK) {
        fprintf(stderr, "%s\n", err.msg);
        exit(1);
    }
}

#endif
