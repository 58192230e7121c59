#include "inventory/lang/dotnet.h"

#include <string.h>

#include "util/json.h"

int ck_dotnet_wants(const char *path)
{
    const char *base = path ? ck_lang_basename(path) : "";
    return ck_lang_ends(base, ".deps.json", 0) && strlen(base) > 10;
}

static enum ck_status library(struct ck_lang_file *f, const cJSON *lib)
{
    const char *key = lib->string, *type = ck_json_str(lib, "type"), *slash = strrchr(key, '/');
    unsigned flags;

    if (!cJSON_IsObject(lib))
        return ck_lang_warn(f, 0, "libraries[\"%.200s\"] is not an object; entry skipped", key);
    if (!type)
        return ck_lang_warn(f, 0, "libraries[\"%.200s\"] has no type; entry skipped", key);
    if (!strcmp(type, "package"))
        flags = 0;
    else if (!strcmp(type, "project"))
        flags = CK_LANG_PROJECT;
    else if (!strcmp(type, "runtimepack"))
        flags = CK_LANG_RUNTIMEPACK;
    else
        return CK_OK;
    if (!slash)
        return ck_lang_warn(f, 0, "libraries[\"%.200s\"] is not \"Name/Version\"; entry skipped", key);
    return ck_lang_add(f, 0, key, key, (size_t)(slash - key), slash + 1, strlen(slash + 1), NULL, flags);
}

enum ck_status ck_dotnet_parse(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                               struct ck_err *err)
{
    struct ck_lang_file f;
    cJSON *root = NULL;
    const cJSON *libs, *lib;
    enum ck_status st;

    if ((st = ck_lang_file_begin(&f, out, path, CK_LANG_NUGET, data, len, err)) != CK_OK)
        return st;
    if ((st = ck_lang_json_parse(f.path, data, len, &root, err)) != CK_OK)
        return st;
    libs = ck_json_get(root, "libraries");
    if (!cJSON_IsObject(libs)) {
        if (libs || !cJSON_IsObject(root))
            st = ck_lang_warn(&f, 0, "no \"libraries\" object; no packages read");
    } else {
        cJSON_ArrayForEach(lib, libs) {
            if ((st = library(&f, lib)) != CK_OK || f.full)
                break;
        }
    }
    if (st != CK_OK) {
        ck_lang_file_rollback(&f);
        ck_err_set(err, st, "out of memory reading %s", f.path);
    }
    cJSON_Delete(root);
    return st;
}
