/* cJSON helpers (see json.h). */
#include "util/json.h"

#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

const cJSON *ck_json_get(const cJSON *obj, const char *key)
{
    if (!cJSON_IsObject(obj))
        return NULL;
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

const char *ck_json_str(const cJSON *obj, const char *key)
{
    const cJSON *v = ck_json_get(obj, key);
    if (!cJSON_IsString(v) || !v->valuestring || !*v->valuestring)
        return NULL;
    return v->valuestring;
}

double ck_json_num(const cJSON *obj, const char *key, double dflt)
{
    const cJSON *v = ck_json_get(obj, key);
    if (cJSON_IsNumber(v))
        return v->valuedouble;
    if (cJSON_IsString(v) && v->valuestring && *v->valuestring) {
        char *end;
        double d = strtod(v->valuestring, &end);
        if (end != v->valuestring && *end == '\0')
            return d;
    }
    return dflt;
}

const cJSON *ck_json_array(const cJSON *obj, const char *key)
{
    const cJSON *v = ck_json_get(obj, key);
    return cJSON_IsArray(v) ? v : NULL;
}

const char *ck_json_first_str(const cJSON *obj, const char *key)
{
    const cJSON *arr = ck_json_array(obj, key), *v;
    cJSON_ArrayForEach(v, arr)
    {
        if (cJSON_IsString(v) && v->valuestring && *v->valuestring)
            return v->valuestring;
    }
    return NULL;
}

char *ck_json_clean_text(const char *s)
{
    return ck_utf8_clean(s, CK_UTF8_TEXT);
}

/* Adds item to obj (an array when key is NULL); 1 when added, else item is
 * deleted and *oom set. */
static int add_item(cJSON *obj, const char *key, cJSON *item, int *oom)
{
    if (obj && item && (key ? cJSON_AddItemToObject(obj, key, item) : cJSON_AddItemToArray(obj, item)))
        return 1;
    cJSON_Delete(item);
    *oom = 1;
    return 0;
}

void ck_json_add_str(cJSON *obj, const char *key, const char *value, int *oom)
{
    if (value)
        add_item(obj, key, cJSON_CreateString(value), oom);
}

void ck_json_add_num(cJSON *obj, const char *key, double value, int *oom)
{
    add_item(obj, key, cJSON_CreateNumber(value), oom);
}

cJSON *ck_json_add_obj(cJSON *obj, const char *key, int *oom)
{
    cJSON *item = cJSON_CreateObject();
    return add_item(obj, key, item, oom) ? item : NULL;
}

cJSON *ck_json_add_arr(cJSON *obj, const char *key, int *oom)
{
    cJSON *item = cJSON_CreateArray();
    return add_item(obj, key, item, oom) ? item : NULL;
}

void ck_json_push_str(cJSON *arr, const char *value, int *oom)
{
    ck_json_add_str(arr, NULL, value, oom);
}

void ck_json_push_lines(cJSON *arr, const char *text, int *oom)
{
    const char *p = text;

    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *line = malloc(n + 1);

        if (!line) {
            *oom = 1;
            return;
        }
        memcpy(line, p, n);
        line[n] = '\0';
        ck_json_push_str(arr, line, oom);
        free(line);
        p = nl ? nl + 1 : NULL;
    }
}

/* Replaces the text of a string (value or key) that is not valid UTF-8 by
 * its cleaned copy; 0 when out of memory. */
static int repair_text(char **text)
{
    char *clean, *copy;
    size_t n;

    if (!*text || ck_utf8_valid(*text, strlen(*text)))
        return 1;
    clean = ck_utf8_clean(*text, CK_UTF8_ENCODING);
    if (!clean)
        return 0;
    n = strlen(clean) + 1;
    copy = cJSON_malloc(n); /* cJSON frees it with its own hooks */
    if (copy)
        memcpy(copy, clean, n);
    free(clean);
    if (!copy)
        return 0;
    cJSON_free(*text);
    *text = copy;
    return 1;
}

/* Repairs every string value and key below node. Recursive: the documents
 * written are ours, a few levels deep (parsed ones are bounded by cJSON's
 * nesting limit). */
static int repair_tree(cJSON *node)
{
    for (; node; node = node->next) {
        if (cJSON_IsString(node) && !(node->type & cJSON_IsReference) && !repair_text(&node->valuestring))
            return 0;
        if (!(node->type & cJSON_StringIsConst) && !repair_text(&node->string))
            return 0;
        if (node->child && !repair_tree(node->child))
            return 0;
    }
    return 1;
}

enum ck_status ck_json_print(cJSON *root, int pretty, struct ck_buf *out)
{
    char *text = NULL;
    enum ck_status st = CK_ERR_NOMEM;

    if (root && repair_tree(root) && (text = pretty ? cJSON_Print(root) : cJSON_PrintUnformatted(root)) != NULL) {
        st = ck_buf_puts(out, text);
        if (st == CK_OK && pretty)
            st = ck_buf_putc(out, '\n');
    }
    cJSON_free(text);
    return st;
}

enum ck_status ck_json_finish(cJSON *root, int oom, struct ck_buf *out)
{
    enum ck_status st = oom ? CK_ERR_NOMEM : ck_json_print(root, 1, out);
    cJSON_Delete(root);
    return st;
}
