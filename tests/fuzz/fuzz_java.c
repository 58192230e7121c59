/* libFuzzer target: the pom.properties and MANIFEST.MF parsers, and the path rule inside an archive. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_lang.h"
#include "inventory/lang/java.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_lang_result r;
    char path[256];

    ck_lang_result_init(&r);
    fuzz_lang_run(ck_java_parse_pom_properties, "META-INF/maven/g/a/pom.properties", data, size, &r);
    fuzz_lang_run(ck_java_parse_manifest, "META-INF/MANIFEST.MF", data, size, &r);
    (void)ck_java_file_kind(fuzz_lang_path(data, size, path, sizeof path));
    ck_lang_result_release(&r);
    return 0;
}
