#include "report/unmanaged.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/sbom.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/text.h"

static int is_config(const struct ck_unmanaged *u) { return u->kind == CK_FILE_CONFIG; }

static size_t folder_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash != path ? (size_t)(slash - path) : 1;
}

void ck_unmanaged_groups_free(struct ck_unmanaged_group *groups, size_t count, size_t *files)
{
    size_t i;
    for (i = 0; groups && i < count; i++)
        free(groups[i].folder);
    free(groups);
    free(files);
}

/* Appends the files of one pass (software, then configuration) to the
 * groups: consecutive files of one folder form a group (the list is sorted
 * by path, so a folder's files are together except for its subfolders'). */
static enum ck_status group_pass(const struct ck_inventory *inv, int config, struct ck_unmanaged_group *g,
                                 size_t *ng, size_t *files, size_t *nf)
{
    size_t i;

    for (i = 0; i < inv->unmanaged_count; i++) {
        const struct ck_unmanaged *u = &inv->unmanaged[i];
        size_t fl = folder_len(u->path);
        struct ck_unmanaged_group *cur = *ng ? &g[*ng - 1] : NULL;
        if (is_config(u) != config)
            continue;
        if (config && cur && cur->folder[0] == '/' && !strcmp(cur->folder, "/etc (configuration)"))
            ; /* every configuration file in one group */
        else if (config || !cur || strlen(cur->folder) != fl || strncmp(cur->folder, u->path, fl) ||
                 cur->first + cur->count != *nf) {
            cur = &g[(*ng)++];
            memset(cur, 0, sizeof *cur);
            cur->first = *nf;
            cur->folder = config ? ck_text_dup("/etc (configuration)") : ck_text_dupn(u->path, fl);
            if (!cur->folder)
                return CK_ERR_NOMEM;
        }
        cur->count++;
        cur->bytes += u->size;
        cur->binaries += u->kind == CK_FILE_EXECUTABLE || u->kind == CK_FILE_LIBRARY;
        files[(*nf)++] = i;
    }
    return CK_OK;
}

enum ck_status ck_unmanaged_group(const struct ck_inventory *inv, struct ck_unmanaged_group **groups,
                                  size_t *count, size_t **files)
{
    size_t n = inv->unmanaged_count ? inv->unmanaged_count : 1, ng = 0, nf = 0;
    struct ck_unmanaged_group *g = calloc(n, sizeof *g);
    size_t *f = malloc(n * sizeof *f);
    enum ck_status st = CK_ERR_NOMEM;

    if (g && f && (st = group_pass(inv, 0, g, &ng, f, &nf)) == CK_OK)
        st = group_pass(inv, 1, g, &ng, f, &nf);
    if (st != CK_OK) {
        ck_unmanaged_groups_free(g, ng, f);
        return st;
    }
    *groups = g;
    *count = ng;
    *files = f;
    return CK_OK;
}

static void human_size(uint64_t n, char *out, size_t cap)
{
    if (n >= 10u << 20)
        snprintf(out, cap, "%.0f MB", n / 1048576.0);
    else if (n >= 1u << 20)
        snprintf(out, cap, "%.1f MB", n / 1048576.0);
    else if (n >= 10u << 10)
        snprintf(out, cap, "%.0f KB", n / 1024.0);
    else
        snprintf(out, cap, "%llu bytes", (unsigned long long)n);
}

enum ck_status ck_unmanaged_render_text(const struct ck_inventory *inv, const char *subject, char **out)
{
    struct ck_unmanaged_group *g = NULL;
    size_t ng = 0, *files = NULL, i, j;
    struct ck_buf b;
    char size[32];
    enum ck_status st = ck_unmanaged_group(inv, &g, &ng, &files);

    if (st != CK_OK)
        return st;
    ck_buf_init(&b);
    ck_buf_printf(&b, "%s: %zu unmanaged files (%zu executables and libraries) of %llu regular files\n",
                  subject ? subject : "image", inv->unmanaged_count, ck_inventory_unmanaged_binaries(inv),
                  (unsigned long long)inv->files_seen);
    for (i = 0; i < ng; i++) {
        human_size(g[i].bytes, size, sizeof size);
        ck_buf_printf(&b, "\n%s  (%zu file%s, %s)\n", g[i].folder, g[i].count, g[i].count == 1 ? "" : "s", size);
        for (j = 0; j < g[i].count; j++) {
            const struct ck_unmanaged *u = &inv->unmanaged[files[g[i].first + j]];
            human_size(u->size, size, sizeof size);
            ck_buf_printf(&b, "  %-10s %10s  %s", ck_file_kind_str(u->kind), size, u->path);
            if (u->detail)
                ck_buf_printf(&b, "  [%s]", u->detail);
            if (u->product)
                ck_buf_printf(&b, "  %s %s", u->product, u->product_version ? u->product_version : "");
            if (u->sha256[0])
                ck_buf_printf(&b, "\n  %-10s sha256 %s", "", u->sha256);
            ck_buf_putc(&b, '\n');
        }
    }
    ck_unmanaged_groups_free(g, ng, files);
    if ((st = ck_buf_status(&b)) != CK_OK) {
        ck_buf_release(&b);
        return st;
    }
    *out = ck_buf_take(&b);
    return *out ? CK_OK : CK_ERR_NOMEM;
}

static int add_file(cJSON *list, const struct ck_unmanaged *u)
{
    cJSON *o = ck_sbom_unmanaged_item(u);

    if (!o || !cJSON_AddItemToArray(list, o)) {
        cJSON_Delete(o);
        return -1;
    }
    return 0;
}

static int add_groups(cJSON *root, const struct ck_unmanaged_group *g, size_t ng)
{
    cJSON *list = cJSON_AddArrayToObject(root, "groups");
    size_t i;

    for (i = 0; list && i < ng; i++) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(list, o)) {
            cJSON_Delete(o);
            return -1;
        }
        if (!cJSON_AddStringToObject(o, "folder", g[i].folder) ||
            !cJSON_AddNumberToObject(o, "files", (double)g[i].count) ||
            !cJSON_AddNumberToObject(o, "bytes", (double)g[i].bytes) ||
            !cJSON_AddNumberToObject(o, "binaries", (double)g[i].binaries))
            return -1;
    }
    return list ? 0 : -1;
}

enum ck_status ck_unmanaged_render_json(const struct ck_inventory *inv, const char *subject, char **out)
{
    struct ck_unmanaged_group *g = NULL;
    size_t ng = 0, *files = NULL, i;
    cJSON *root = cJSON_CreateObject(), *list;
    struct ck_buf b;
    enum ck_status st = ck_unmanaged_group(inv, &g, &ng, &files);
    int bad = !root || st != CK_OK;

    ck_buf_init(&b);
    if (!bad)
        bad = !(subject ? cJSON_AddStringToObject(root, "source", subject) : cJSON_AddNullToObject(root, "source")) ||
              !cJSON_AddNumberToObject(root, "files_seen", (double)inv->files_seen) ||
              !cJSON_AddBoolToObject(root, "incomplete", inv->incomplete) || add_groups(root, g, ng) != 0;
    list = bad ? NULL : cJSON_AddArrayToObject(root, "unmanaged");
    bad |= !list;
    for (i = 0; !bad && i < ng; i++) {
        size_t j;
        for (j = 0; !bad && j < g[i].count; j++)
            bad = add_file(list, &inv->unmanaged[files[g[i].first + j]]) != 0;
    }
    if (!bad)
        st = ck_json_print(root, 1, &b);
    else
        st = CK_ERR_NOMEM;
    cJSON_Delete(root);
    ck_unmanaged_groups_free(g, ng, files);
    if (st == CK_OK && (*out = ck_buf_take(&b)) == NULL)
        st = CK_ERR_NOMEM;
    ck_buf_release(&b);
    return st;
}
