/* libFuzzer target: the Cargo.lock reader, the cargo-auditable .dep-v0 JSON reader, and the same bytes as a zlib stream (inflated under the cap). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "fuzz_lang.h"
#include "inventory/lang/cargo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_lang_result r;
    char path[256];

    ck_lang_result_init(&r);
    fuzz_lang_run(ck_cargo_parse_lock, "/src/Cargo.lock", data, size, &r);
    fuzz_lang_run(ck_cargo_parse_audit_json, "/usr/bin/app", data, size, &r);
    fuzz_lang_run(ck_cargo_parse_audit, "/usr/bin/app", data, size, &r);
    {
        /* the input compressed, so that the JSON reader is reached through zlib */
        uLongf zn = compressBound((uLong)size);
        unsigned char *z = malloc(zn ? zn : 1);
        if (z && compress2(z, &zn, data, (uLong)size, 1) == Z_OK)
            fuzz_lang_run(ck_cargo_parse_audit, "/usr/bin/app", z, zn, &r);
        free(z);
    }
    (void)ck_cargo_wants(fuzz_lang_path(data, size, path, sizeof path));
    ck_lang_result_release(&r);
    return 0;
}
