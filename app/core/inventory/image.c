#include "inventory/image.h"
#include "inventory/decomp.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INDEX_DEPTH 4
#define MAX_ALIAS_HOPS 8
/* Layer blobs kept from the stream: an archive may hold several images (or
 * several platforms of one), so more than one image's worth; a stream of
 * endless tiny layers stops growing memory here. */
#define MAX_LAYERS 1000
/* Layers one manifest may name. Docker refuses deeper images (moby's layer
 * store chains at most 125 layers: the 127 some storage drivers can mount,
 * less the two a container adds), so twice that is more than any real
 * image has; the layers above it are left out, with a warning. */
#define MAX_MANIFEST_LAYERS 256
#define MAX_ALIASES 10000

struct json_file {
    char *path;
    struct ck_buf data;
};

struct alias {
    char *path;
    char *target;
};

enum current { CUR_NONE, CUR_JSON, CUR_SNIFF, CUR_LAYER };

struct ck_image_archive {
    char *name;
    const struct ck_inventory_limits *lim;
    unsigned flags;
    struct ck_layer_budget *budget;
    struct ck_tar_reader *tar;
    int damaged; /* the archive itself broke: damage says how */
    int too_many_layers;
    struct ck_err damage;
    struct ck_layer **layers;
    size_t layer_count, layer_cap;
    struct json_file *jsons;
    size_t json_count, json_cap;
    uint64_t json_total;
    struct alias *aliases;
    size_t alias_count, alias_cap;
    /* the entry being read */
    enum current cur;
    char *cur_path;
    uint64_t cur_size;
    int cur_layer_tar; /* a legacy layer.tar: never JSON */
    struct ck_buf sniff;
    size_t cur_json;   /* index into jsons */
    struct ck_layer *cur_layer;
};

static char *str_dup(const char *s)
{
    char *c = malloc(strlen(s) + 1);
    if (c)
        strcpy(c, s);
    return c;
}

static int grow(void **items, size_t *cap, size_t count, size_t elem)
{
    void *p;
    size_t ncap;
    if (count < *cap)
        return 0;
    ncap = *cap ? *cap * 2 : 8;
    p = realloc(*items, ncap * elem);
    if (!p)
        return -1;
    *items = p;
    *cap = ncap;
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

static int is_layer_tar(const char *p) { return !strcmp(p, "layer.tar") || ends_with(p, "/layer.tar"); }

static int is_layer_like(const char *p) { return is_layer_tar(p) || !strncmp(p, "blobs/", 6); }

static enum ck_status new_json(struct ck_image_archive *a, const char *path)
{
    struct json_file *j;
    if (grow((void **)&a->jsons, &a->json_cap, a->json_count, sizeof *a->jsons))
        return CK_ERR_NOMEM;
    j = &a->jsons[a->json_count];
    j->path = str_dup(path);
    if (!j->path)
        return CK_ERR_NOMEM;
    ck_buf_init(&j->data);
    a->cur_json = a->json_count++;
    a->cur = CUR_JSON;
    return CK_OK;
}

static enum ck_status add_alias(struct ck_image_archive *a, const char *path, const struct ck_tar_entry *e)
{
    char *target;
    struct alias *al;

    if (e->kind == CK_TAR_SYMLINK && e->linkpath[0] != '/') {
        /* relative to the link's folder */
        const char *slash = strrchr(path, '/');
        size_t dn = slash ? (size_t)(slash - path) : 0;
        char *joined = malloc(dn + 1 + strlen(e->linkpath) + 1);
        if (!joined)
            return CK_ERR_NOMEM;
        memcpy(joined, path, dn);
        joined[dn] = '/';
        strcpy(joined + dn + 1, e->linkpath);
        target = ck_tar_path_clean(joined);
        free(joined);
    } else {
        target = ck_tar_path_clean(e->linkpath);
    }
    if (!target || grow((void **)&a->aliases, &a->alias_cap, a->alias_count, sizeof *a->aliases)) {
        free(target);
        return CK_ERR_NOMEM;
    }
    al = &a->aliases[a->alias_count];
    al->path = str_dup(path);
    if (!al->path) {
        free(target);
        return CK_ERR_NOMEM;
    }
    al->target = target;
    a->alias_count++;
    return CK_OK;
}

static enum ck_status on_entry(void *ctx, const struct ck_tar_entry *e, int *want, struct ck_err *err)
{
    struct ck_image_archive *a = ctx;
    char *path = ck_tar_path_clean(e->path);
    enum ck_status st = CK_OK;

    a->cur = CUR_NONE;
    free(a->cur_path);
    a->cur_path = path;
    if (!path)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    if (strlen(path) > CK_LAYER_MAX_PATH)
        return CK_OK;
    if (e->kind == CK_TAR_FILE) {
        if (!strcmp(path, "manifest.json") || !strcmp(path, "index.json")) {
            if (e->size <= a->lim->max_json_bytes) {
                st = new_json(a, path);
                *want = 1;
            }
        } else if (is_layer_like(path)) {
            a->cur = CUR_SNIFF;
            a->cur_size = e->size;
            a->cur_layer_tar = is_layer_tar(path);
            ck_buf_reset(&a->sniff);
            *want = 1;
        }
    } else if ((e->kind == CK_TAR_SYMLINK || e->kind == CK_TAR_HARDLINK) && is_layer_like(path) &&
               a->alias_count < MAX_ALIASES && strlen(e->linkpath) <= CK_LAYER_MAX_PATH) {
        st = add_alias(a, path, e);
    }
    return st == CK_OK ? CK_OK : ck_err_set(err, st, "out of memory");
}

static int looks_like_json(const unsigned char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'); i++)
        ;
    return i < n && s[i] == '{';
}

/* The first bytes of a blob say what it is: a (compressed) tar, JSON, or
 * something the inventory does not need. */
static enum ck_status decide(struct ck_image_archive *a, struct ck_err *err)
{
    const unsigned char *s = (const unsigned char *)ck_buf_str(&a->sniff);
    size_t n = a->sniff.len;
    int compressed = ck_decomp_sniff(s, n) != CK_DECOMP_NONE;

    a->cur = CUR_NONE;
    if (compressed || (n == CK_TAR_BLOCK && ck_tar_block_is_tar(s))) {
        struct ck_layer *l = NULL;
        enum ck_status st;
        if (a->layer_count >= MAX_LAYERS) {
            a->too_many_layers = 1;
            return CK_OK;
        }
        if (grow((void **)&a->layers, &a->layer_cap, a->layer_count, sizeof *a->layers) ||
            ck_layer_new(&l, a->cur_path, NULL, 1, a->lim, a->flags, a->budget) != CK_OK)
            return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        a->layers[a->layer_count++] = l;
        a->cur = CUR_LAYER;
        a->cur_layer = l;
        st = ck_layer_feed(l, s, n, err);
        return st;
    }
    if (!a->cur_layer_tar && looks_like_json(s, n) && a->cur_size <= a->lim->max_json_bytes &&
        a->json_total + a->cur_size <= 4 * a->lim->max_json_bytes) {
        enum ck_status st = new_json(a, a->cur_path);
        if (st == CK_OK)
            st = ck_buf_append(&a->jsons[a->cur_json].data, s, n);
        a->json_total += a->cur_size;
        return st == CK_OK ? CK_OK : ck_err_set(err, st, "out of memory");
    }
    return CK_OK;
}

static enum ck_status on_data(void *ctx, const void *data, size_t len, struct ck_err *err)
{
    struct ck_image_archive *a = ctx;
    const unsigned char *p = data;
    enum ck_status st;

    if (a->cur == CUR_SNIFF) {
        size_t n = CK_TAR_BLOCK - a->sniff.len;
        if (n > len)
            n = len;
        if (ck_buf_append(&a->sniff, p, n) != CK_OK)
            return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        p += n;
        len -= n;
        if (a->sniff.len < CK_TAR_BLOCK)
            return CK_OK;
        if ((st = decide(a, err)) != CK_OK)
            return st;
    }
    if (!len)
        return CK_OK;
    if (a->cur == CUR_JSON)
        return ck_buf_append(&a->jsons[a->cur_json].data, p, len) == CK_OK
                   ? CK_OK
                   : ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    if (a->cur == CUR_LAYER)
        return ck_layer_feed(a->cur_layer, p, len, err);
    return CK_OK;
}

static enum ck_status on_end(void *ctx, struct ck_err *err)
{
    struct ck_image_archive *a = ctx;
    enum ck_status st = CK_OK;

    if (a->cur == CUR_SNIFF)
        st = decide(a, err);
    if (st == CK_OK && a->cur == CUR_LAYER)
        st = ck_layer_end(a->cur_layer, err);
    a->cur = CUR_NONE;
    a->cur_layer = NULL;
    return st;
}

enum ck_status ck_image_archive_new(struct ck_image_archive **out, const char *name,
                                    const struct ck_inventory_limits *lim, unsigned flags,
                                    struct ck_layer_budget *budget)
{
    struct ck_image_archive *a = calloc(1, sizeof *a);
    struct ck_tar_handler h = {on_entry, on_data, on_end, NULL};

    if (!a)
        return CK_ERR_NOMEM;
    a->name = str_dup(name ? name : "image archive");
    a->lim = lim;
    a->flags = flags;
    a->budget = budget;
    ck_buf_init(&a->sniff);
    h.ctx = a;
    if (!a->name || ck_tar_reader_new(&a->tar, &h, NULL) != CK_OK) {
        ck_image_archive_free(a);
        return CK_ERR_NOMEM;
    }
    *out = a;
    return CK_OK;
}

void ck_image_archive_free(struct ck_image_archive *a)
{
    size_t i;
    if (!a)
        return;
    for (i = 0; i < a->layer_count; i++)
        ck_layer_free(a->layers[i]);
    free(a->layers);
    for (i = 0; i < a->json_count; i++) {
        free(a->jsons[i].path);
        ck_buf_release(&a->jsons[i].data);
    }
    free(a->jsons);
    for (i = 0; i < a->alias_count; i++) {
        free(a->aliases[i].path);
        free(a->aliases[i].target);
    }
    free(a->aliases);
    ck_tar_reader_free(a->tar);
    ck_buf_release(&a->sniff);
    free(a->cur_path);
    free(a->name);
    free(a);
}

/* The archive broke: keep the message; a layer it was inside ends truncated. */
static enum ck_status outer_result(struct ck_image_archive *a, enum ck_status st, const struct ck_err *terr,
                                   struct ck_err *err)
{
    if (st == CK_OK)
        return CK_OK;
    if (st == CK_ERR_NOMEM) {
        if (err)
            *err = *terr;
        return st;
    }
    if (!a->damaged) {
        a->damaged = 1;
        a->damage = *terr;
        if (a->cur == CUR_LAYER) {
            st = ck_layer_end(a->cur_layer, err);
            a->cur = CUR_NONE;
            if (st != CK_OK)
                return st;
        }
    }
    return CK_OK;
}

enum ck_status ck_image_archive_feed(struct ck_image_archive *a, const void *data, size_t len, struct ck_err *err)
{
    struct ck_err terr;
    if (a->damaged)
        return CK_OK;
    ck_err_clear(&terr);
    return outer_result(a, ck_tar_reader_feed(a->tar, data, len, &terr), &terr, err);
}

enum ck_status ck_image_archive_end(struct ck_image_archive *a, struct ck_err *err)
{
    struct ck_err terr;
    if (a->damaged)
        return CK_OK;
    ck_err_clear(&terr);
    return outer_result(a, ck_tar_reader_finish(a->tar, &terr), &terr, err);
}

/* ---- the manifest ------------------------------------------------------ */

static const struct json_file *find_json(const struct ck_image_archive *a, const char *path)
{
    size_t i;
    for (i = 0; i < a->json_count; i++)
        if (!strcmp(a->jsons[i].path, path))
            return &a->jsons[i];
    return NULL;
}

static cJSON *parse_json(const struct json_file *j)
{
    return j ? cJSON_ParseWithLength(ck_buf_str(&j->data), j->data.len) : NULL;
}

/* "sha256:abc" -> "blobs/sha256/abc" (cleaned), or NULL. */
static char *blob_path(const char *digest)
{
    const char *colon = digest ? strchr(digest, ':') : NULL;
    char *raw, *clean;
    size_t an;

    if (!colon || colon == digest || !colon[1] || strchr(digest, '/'))
        return NULL;
    an = (size_t)(colon - digest);
    raw = malloc(6 + an + 1 + strlen(colon + 1) + 1);
    if (!raw)
        return NULL;
    memcpy(raw, "blobs/", 6);
    memcpy(raw + 6, digest, an);
    raw[6 + an] = '/';
    strcpy(raw + 7 + an, colon + 1);
    clean = ck_tar_path_clean(raw);
    free(raw);
    return clean;
}

struct order {
    char **paths;
    size_t count, cap;
    size_t named; /* layers the manifest names, those past MAX_MANIFEST_LAYERS included */
};

static enum ck_status order_add(struct order *o, char *path)
{
    if (!path)
        return CK_ERR_NOMEM;
    if (grow((void **)&o->paths, &o->cap, o->count, sizeof *o->paths)) {
        free(path);
        return CK_ERR_NOMEM;
    }
    o->paths[o->count++] = path;
    return CK_OK;
}

static const char *json_str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int is_attestation(const cJSON *m)
{
    const cJSON *ann = cJSON_GetObjectItemCaseSensitive(m, "annotations");
    const char *t = ann ? json_str(ann, "vnd.docker.reference.type") : NULL;
    return t && !strcmp(t, "attestation-manifest");
}

/* An index's entry to follow: linux/amd64 first, never an attestation. */
static const cJSON *choose_manifest(const cJSON *list)
{
    const cJSON *m, *first = NULL;
    cJSON_ArrayForEach(m, list)
    {
        const cJSON *plat = cJSON_GetObjectItemCaseSensitive(m, "platform");
        const char *os = plat ? json_str(plat, "os") : NULL, *arch = plat ? json_str(plat, "architecture") : NULL;
        if (is_attestation(m) || !json_str(m, "digest"))
            continue;
        if (!first)
            first = m;
        if (os && arch && !strcmp(os, "linux") && !strcmp(arch, "amd64"))
            return m;
    }
    return first;
}

static enum ck_status oci_layers(struct ck_image_archive *a, const struct json_file *j, int depth, struct order *o,
                                 struct ck_inventory *notes, struct ck_err *err)
{
    cJSON *root = parse_json(j);
    const cJSON *list, *item;
    enum ck_status st = CK_OK;

    if (!root) {
        st = ck_err_set(err, CK_ERR_PARSE, "%s: %s is missing or not JSON", a->name, j ? j->path : "an OCI manifest");
        goto cleanup;
    }
    list = cJSON_GetObjectItemCaseSensitive(root, "manifests");
    if (cJSON_IsArray(list)) {
        const cJSON *m = choose_manifest(list);
        char *next;
        if (!m || depth >= MAX_INDEX_DEPTH) {
            st = ck_err_set(err, CK_ERR_PARSE, "%s: %s lists no usable image manifest", a->name, j->path);
            goto cleanup;
        }
        if (depth == 0 && cJSON_GetArraySize(list) > 1 && !is_attestation(m) &&
            (st = ck_inventory_warn(notes, "%s holds several manifests; %s was read", a->name,
                                    json_str(m, "digest"))) != CK_OK)
            goto cleanup;
        next = blob_path(json_str(m, "digest"));
        if (!next) {
            st = ck_err_set(err, CK_ERR_PARSE, "%s: bad digest in %s", a->name, j->path);
            goto cleanup;
        }
        st = oci_layers(a, find_json(a, next), depth + 1, o, notes, err);
        if (st != CK_OK && !find_json(a, next))
            st = ck_err_set(err, CK_ERR_PARSE, "%s: manifest %s is missing from the archive", a->name, next);
        free(next);
        goto cleanup;
    }
    list = cJSON_GetObjectItemCaseSensitive(root, "layers");
    if (!cJSON_IsArray(list)) {
        st = ck_err_set(err, CK_ERR_PARSE, "%s: %s has neither manifests nor layers", a->name, j->path);
        goto cleanup;
    }
    cJSON_ArrayForEach(item, list)
    {
        char *p;
        if (o->named++ >= MAX_MANIFEST_LAYERS)
            continue;
        p = blob_path(json_str(item, "digest"));
        if (!p) {
            st = ck_err_set(err, CK_ERR_PARSE, "%s: bad layer digest in %s", a->name, j->path);
            goto cleanup;
        }
        if ((st = order_add(o, p)) != CK_OK) {
            ck_err_set(err, st, "out of memory");
            goto cleanup;
        }
    }
cleanup:
    cJSON_Delete(root);
    return st;
}

static enum ck_status legacy_layers(struct ck_image_archive *a, const struct json_file *j, struct order *o,
                                    struct ck_inventory *notes, struct ck_err *err)
{
    cJSON *root = parse_json(j);
    const cJSON *first, *list, *item;
    enum ck_status st = CK_OK;

    if (!cJSON_IsArray(root) || !(first = cJSON_GetArrayItem(root, 0)) ||
        !cJSON_IsArray(list = cJSON_GetObjectItemCaseSensitive(first, "Layers"))) {
        st = ck_err_set(err, CK_ERR_PARSE, "%s: manifest.json is not a docker save manifest", a->name);
        goto cleanup;
    }
    if (cJSON_GetArraySize(root) > 1) {
        const cJSON *tags = cJSON_GetObjectItemCaseSensitive(first, "RepoTags");
        const cJSON *tag = cJSON_GetArrayItem(tags, 0);
        st = ck_inventory_warn(notes, "%s holds %d images; the first (%s) was read", a->name,
                               cJSON_GetArraySize(root), cJSON_IsString(tag) ? tag->valuestring : "untagged");
        if (st != CK_OK)
            goto cleanup;
    }
    cJSON_ArrayForEach(item, list)
    {
        if (o->named++ >= MAX_MANIFEST_LAYERS)
            continue;
        if (!cJSON_IsString(item)) {
            st = ck_err_set(err, CK_ERR_PARSE, "%s: manifest.json has a layer that is not a path", a->name);
            goto cleanup;
        }
        if ((st = order_add(o, ck_tar_path_clean(item->valuestring))) != CK_OK) {
            ck_err_set(err, st, "out of memory");
            goto cleanup;
        }
    }
cleanup:
    cJSON_Delete(root);
    return st;
}

static struct ck_layer *find_layer(const struct ck_image_archive *a, const char *path)
{
    int hops;
    size_t i;
    for (hops = 0; hops <= MAX_ALIAS_HOPS; hops++) {
        const char *next = NULL;
        for (i = 0; i < a->layer_count; i++)
            if (!strcmp(a->layers[i]->name, path))
                return a->layers[i];
        for (i = 0; i < a->alias_count && !next; i++)
            if (!strcmp(a->aliases[i].path, path))
                next = a->aliases[i].target;
        if (!next)
            return NULL;
        path = next;
    }
    return NULL;
}

/* A layer named again is applied once, at its last place (see image.h). */
static size_t drop_earlier(struct ck_layer **out, size_t n, const struct ck_layer *l)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (out[i] == l) {
            memmove(out + i, out + i + 1, (n - i - 1) * sizeof *out);
            return n - 1;
        }
    }
    return n;
}

static enum ck_status note_archive(struct ck_image_archive *a, const struct order *o, struct ck_inventory *notes)
{
    enum ck_status st = CK_OK;

    if (o->named > MAX_MANIFEST_LAYERS) {
        notes->incomplete = 1;
        st = ck_inventory_warn(notes,
                               "%s: its manifest names %llu layers, more than the limit of %d; only the lowest %d "
                               "were read",
                               a->name, (unsigned long long)o->named, MAX_MANIFEST_LAYERS, MAX_MANIFEST_LAYERS);
    }
    if (st == CK_OK && a->too_many_layers) {
        notes->incomplete = 1;
        st = ck_inventory_warn(notes, "%s has more than %d layers; the rest were not read", a->name, MAX_LAYERS);
    }
    if (st == CK_OK && a->damaged) {
        notes->incomplete = 1;
        st = ck_inventory_warn(notes, "%s is damaged (%s); the layers read before it are used", a->name,
                               a->damage.msg);
    }
    return st;
}

enum ck_status ck_image_archive_layers(struct ck_image_archive *a, struct ck_layer ***layers, size_t *count,
                                       struct ck_inventory *notes, struct ck_err *err)
{
    struct order o = {NULL, 0, 0, 0};
    const struct json_file *manifest = find_json(a, "manifest.json"), *index = find_json(a, "index.json");
    struct ck_layer **out = NULL;
    enum ck_status st;
    size_t i, n = 0;

    if (manifest)
        st = legacy_layers(a, manifest, &o, notes, err);
    else if (index)
        st = oci_layers(a, index, 0, &o, notes, err);
    else if (a->damaged)
        st = ck_err_set(err, CK_ERR_PARSE, "%s: %s (before any manifest.json or index.json)", a->name, a->damage.msg);
    else
        st = ck_err_set(err, CK_ERR_PARSE, "%s is not a docker save archive: it has no manifest.json or index.json",
                        a->name);
    if (st != CK_OK)
        goto cleanup;
    if (note_archive(a, &o, notes) != CK_OK)
        goto nomem;
    out = malloc((o.count ? o.count : 1) * sizeof *out);
    if (!out)
        goto nomem;
    for (i = 0; i < o.count; i++) {
        struct ck_layer *l = find_layer(a, o.paths[i]);
        if (l) {
            n = drop_earlier(out, n, l);
            out[n++] = l;
            continue;
        }
        notes->incomplete = 1;
        if (ck_inventory_warn(notes, "%s: layer %s named by the manifest is missing or not a tar archive", a->name,
                              o.paths[i]) != CK_OK)
            goto nomem;
    }
    *layers = out;
    *count = n;
    out = NULL;
    st = CK_OK;
    goto cleanup;
nomem:
    st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
cleanup:
    for (i = 0; i < o.count; i++)
        free(o.paths[i]);
    free(o.paths);
    free(out);
    return st;
}
