/* libFuzzer target: the PyPI core-metadata parser (METADATA / PKG-INFO), PEP 503 normalisation of what it finds, and the path rule. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_lang.h"
#include "inventory/lang/python.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_lang_result r;
    char path[256];
    size_t i;

    ck_lang_result_init(&r);
    fuzz_lang_run(ck_python_parse, "/usr/lib/python3/dist-packages/x-1.0.egg-info/PKG-INFO", data, size, &r);
    fuzz_lang_run(ck_python_parse, "/usr/lib/python3.11/site-packages/x-1.0.dist-info/METADATA", data, size, &r);
    for (i = 0; i < r.count; i++) {
        char *n = ck_python_normalise_name(r.packages[i].name);
        if (n && (strlen(n) > strlen(r.packages[i].name) || strchr(n, '_') || strchr(n, '.')))
            abort();
        free(n);
    }
    (void)ck_python_wants(fuzz_lang_path(data, size, path, sizeof path));
    ck_lang_result_release(&r);
    return 0;
}
