/* libFuzzer target: the gemspec and Gemfile.lock parsers, and the path rule. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_lang.h"
#include "inventory/lang/ruby.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_lang_result r;
    char path[256];

    ck_lang_result_init(&r);
    fuzz_lang_run(ck_ruby_parse_gemspec, "/usr/local/bundle/specifications/x-1.0.gemspec", data, size, &r);
    fuzz_lang_run(ck_ruby_parse_gemfile_lock, "/app/Gemfile.lock", data, size, &r);
    (void)ck_ruby_file_kind(fuzz_lang_path(data, size, path, sizeof path));
    ck_lang_result_release(&r);
    return 0;
}
