/* libFuzzer target: CISA's KEV catalogue as db update and db import read
 * it. Every entry handed out has a CVE id and a date added (YYYY-MM-DD);
 * one that parses counts its refused entries; one that does not says why. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vuln/exploit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum ck_status on_entry(void *ctx, const struct ck_kev_entry *e, struct ck_err *err)
{
    (void)err;
    if (!ck_exploit_is_cve(e->cve, strlen(e->cve)) || strlen(e->date_added) != 10 ||
        (e->due_date && strlen(e->due_date) != 10))
        abort();
    ++*(uint64_t *)ctx;
    return CK_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_exploit_meta meta;
    struct ck_err err;
    uint64_t entries = 0, failed = 0;
    enum ck_status st;

    err.msg[0] = '\0';
    st = ck_kev_parse((const char *)data, size, on_entry, NULL, &entries, &meta, &failed, &err);
    if (st != CK_OK && !err.msg[0])
        abort();
    if (st == CK_OK && (strlen(meta.version) >= sizeof meta.version || memchr(meta.version, '\n', strlen(meta.version))))
        abort();
    (void)ck_exploit_sniff(data, size);
    return 0;
}
