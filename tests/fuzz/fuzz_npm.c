/* libFuzzer target: the npm parsers: package.json, package-lock.json, yarn.lock and pnpm-lock.yaml, each on the same input, and the path rule on the input taken as a path. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_lang.h"
#include "inventory/lang/npm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_lang_result r;
    char path[256];

    ck_lang_result_init(&r);
    fuzz_lang_run(ck_npm_parse_package_json, "/app/node_modules/x/package.json", data, size, &r);
    fuzz_lang_run(ck_npm_parse_package_json, "/usr/share/nodejs/x/package.json", data, size, &r);
    fuzz_lang_run(ck_npm_parse_package_lock, "/app/package-lock.json", data, size, &r);
    fuzz_lang_run(ck_npm_parse_yarn_lock, "/app/yarn.lock", data, size, &r);
    fuzz_lang_run(ck_npm_parse_pnpm_lock, "/app/pnpm-lock.yaml", data, size, &r);
    (void)ck_npm_file_kind(fuzz_lang_path(data, size, path, sizeof path));
    ck_lang_result_release(&r);
    return 0;
}
