#include "inventory/lang/composer.h"

#include <stdio.h>
#include <string.h>

#include "util/json.h"

enum ck_composer_kind ck_composer_file_kind(const char *path)
{
    if (!path)
        return CK_COMPOSER_NONE;
    if (!strcmp(ck_lang_basename(path), "composer.lock"))
        return CK_COMPOSER_LOCK;
    if (ck_lang_ends(path, "/composer/installed.json", 0) || !strcmp(path, "composer/installed.json"))
        return CK_COMPOSER_INSTALLED;
    return CK_COMPOSER_NONE;
}

/* 1 when the array names holds the string name. */
static int listed(const cJSON *names, const char *name)
{
    const cJSON *n;
    cJSON_ArrayForEach(n, names)
        if (cJSON_IsString(n) && !strcmp(n->valuestring, name))
            return 1;
    return 0;
}

static enum ck_status read_list(struct ck_lang_file *f, const cJSON *list, const char *label, unsigned flags,
                                const cJSON *dev_names)
{
    const cJSON *p;
    size_t i = 0;
    enum ck_status st = CK_OK;

    if (!list)
        return CK_OK;
    if (!cJSON_IsArray(list))
        return ck_lang_warn(f, 0, "\"%s\" is not an array; not read", label);
    cJSON_ArrayForEach(p, list) {
        const char *name = ck_json_str(p, "name"), *version = ck_json_str(p, "version");
        char entry[64];

        snprintf(entry, sizeof entry, "%s[%zu]", label, i++);
        if (!name || !version)
            st = ck_lang_warn(f, 0, "%s has no %s; entry skipped", entry, !name ? "name" : "version");
        else
            st = ck_lang_add(f, 0, entry, name, strlen(name), version, strlen(version), NULL,
                             flags | (listed(dev_names, name) ? CK_LANG_DEV : 0));
        if (st != CK_OK || f->full)
            break;
    }
    return st;
}

enum ck_status ck_composer_parse(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                 struct ck_err *err)
{
    struct ck_lang_file f;
    cJSON *root = NULL;
    enum ck_status st;

    if ((st = ck_lang_file_begin(&f, out, path, CK_LANG_PACKAGIST, data, len, err)) != CK_OK)
        return st;
    if ((st = ck_lang_json_parse(f.path, data, len, &root, err)) != CK_OK)
        return st;
    if (cJSON_IsArray(root)) /* Composer 1 installed.json */
        st = read_list(&f, root, "packages", 0, NULL);
    else if (cJSON_IsObject(root) && (ck_json_get(root, "packages") || ck_json_get(root, "packages-dev"))) {
        st = read_list(&f, ck_json_get(root, "packages"), "packages", 0, ck_json_array(root, "dev-package-names"));
        if (st == CK_OK && !f.full)
            st = read_list(&f, ck_json_get(root, "packages-dev"), "packages-dev", CK_LANG_DEV, NULL);
    } else
        st = ck_lang_warn(&f, 0, "neither an array of packages nor an object with \"packages\"; no packages read");
    if (st != CK_OK) {
        ck_lang_file_rollback(&f);
        ck_err_set(err, st, "out of memory reading %s", f.path);
    }
    cJSON_Delete(root);
    return st;
}
