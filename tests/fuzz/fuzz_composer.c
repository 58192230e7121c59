/* libFuzzer target: the Composer parser (installed.json in both shapes, composer.lock), and the path rule. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_lang.h"
#include "inventory/lang/composer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_lang_result r;
    char path[256];

    ck_lang_result_init(&r);
    fuzz_lang_run(ck_composer_parse, "/var/www/vendor/composer/installed.json", data, size, &r);
    fuzz_lang_run(ck_composer_parse, "/var/www/composer.lock", data, size, &r);
    (void)ck_composer_file_kind(fuzz_lang_path(data, size, path, sizeof path));
    ck_lang_result_release(&r);
    return 0;
}
