/* cJSON helpers (see json.h). */
#include "report/json.h"

#include <stdlib.h>
#include <string.h>

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

/* The length of the valid UTF-8 sequence at p (1-4), 0 when invalid. */
static size_t utf8_len(const unsigned char *p)
{
    unsigned c = p[0];
    size_t n, i;
    unsigned cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    for (i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    /* Overlong forms, surrogates and code points past U+10FFFF. */
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

char *ck_json_clean_text(const char *s)
{
    const unsigned char *p;
    struct ck_buf b;

    if (!s)
        return NULL;
    ck_buf_init(&b);
    for (p = (const unsigned char *)s; *p;) {
        size_t n = utf8_len(p);
        enum ck_status st;
        if (n == 0 || (n == 1 && *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || (n == 1 && *p == 0x7F)) {
            st = ck_buf_puts(&b, "\xEF\xBF\xBD");
            n = 1;
        } else {
            st = ck_buf_append(&b, p, n);
        }
        if (st != CK_OK) {
            ck_buf_release(&b);
            return NULL;
        }
        p += n;
    }
    return ck_buf_take(&b);
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

enum ck_status ck_json_finish(cJSON *root, int oom, struct ck_buf *out)
{
    char *text = NULL;
    enum ck_status st = CK_ERR_NOMEM;

    if (root && !oom && (text = cJSON_Print(root)) != NULL) {
        st = ck_buf_puts(out, text);
        if (st == CK_OK)
            st = ck_buf_putc(out, '\n');
    }
    cJSON_free(text);
    cJSON_Delete(root);
    return st;
}
