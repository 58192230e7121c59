/* libFuzzer target: the .NET deps.json parser, and the path rule. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_lang.h"
#include "inventory/lang/dotnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_lang_result r;
    char path[256];

    ck_lang_result_init(&r);
    fuzz_lang_run(ck_dotnet_parse, "/app/App.deps.json", data, size, &r);
    (void)ck_dotnet_wants(fuzz_lang_path(data, size, path, sizeof path));
    ck_lang_result_release(&r);
    return 0;
}
