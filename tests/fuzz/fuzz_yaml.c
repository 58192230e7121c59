/* libFuzzer target: the YAML subset reader (util/yaml). Whatever the
 * input, a tree comes back or an error that names its line (or the
 * limit); every string in the tree is UTF-8; the tree prints as JSON. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const cJSON *n, int depth)
{
    const cJSON *c;
    if (depth > CK_YAML_MAX_DEPTH + 2)
        abort();
    if (cJSON_IsString(n) && !ck_utf8_valid(n->valuestring, strlen(n->valuestring)) && *n->valuestring)
        abort();
    if (n->string && *n->string && !ck_utf8_valid(n->string, strlen(n->string)))
        abort();
    for (c = n->child; c; c = c->next)
        walk(c, depth + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_err err;
    cJSON *root;
    char *text;

    err.msg[0] = '\0';
    root = ck_yaml_parse((const char *)data, size, &err);
    if (!root) {
        if (!err.msg[0] || (err.status == CK_ERR_PARSE && strncmp(err.msg, "line ", 5) != 0 &&
                            strncmp(err.msg, "a NUL", 5) != 0))
            abort();
        return 0;
    }
    walk(root, 0);
    text = cJSON_PrintUnformatted(root);
    free(text);
    cJSON_Delete(root);
    return 0;
}
