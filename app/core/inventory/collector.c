/* The collector: gathers an image's layers (or archive-endpoint tars, or a
 * root folder), lays them over each other and assembles the inventory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/image.h"
#include "inventory/inventory.h"
#include "inventory/layer.h"
#include "inventory/osrelease.h"
#include "inventory/overlay.h"
#include "inventory/rpmdb.h"
#include "inventory/walk.h"
#include "platform/platform.h"

struct ck_inventory_collector {
    struct ck_inventory_limits lim;
    unsigned flags;      /* what the layers keep: the walk needs the owned files */
    unsigned asked;      /* what the caller asked for */
    struct ck_layer_budget budget;
    struct ck_layer **layers; /* paths and layers, in order */
    size_t count, cap;
    struct ck_image_archive *image;
    enum { CUR_NONE, CUR_LAYER, CUR_IMAGE } cur;
};

/* ---- assembly ---------------------------------------------------------- */

struct assembly {
    struct ck_overlay *view;
    struct ck_inventory *inv;
    const struct ck_inventory_limits *lim;
    char **used; /* resolved paths already read (owned) */
    size_t used_count, used_cap;
    struct ck_pathmap used_index; /* the same, for lookups */
    int rpm_read;
};

static int already_used(struct assembly *as, const char *resolved)
{
    size_t i;
    return ck_pathmap_get(&as->used_index, resolved, &i);
}

static enum ck_status mark_used(struct assembly *as, char *resolved)
{
    if (as->used_count == as->used_cap) {
        size_t cap = as->used_cap ? as->used_cap * 2 : 16;
        char **p = realloc(as->used, cap * sizeof *p);
        if (!p) {
            free(resolved);
            return CK_ERR_NOMEM;
        }
        as->used = p;
        as->used_cap = cap;
    }
    if (ck_pathmap_put(&as->used_index, resolved, as->used_count) != CK_OK) {
        free(resolved);
        return CK_ERR_NOMEM;
    }
    as->used[as->used_count++] = resolved;
    return CK_OK;
}

static enum ck_status note_limits(struct assembly *as, const struct ck_content *c)
{
    if (c->over_budget) {
        as->inv->incomplete = 1;
        return ck_inventory_warn(as->inv,
                                 "%s in %s: the package database files of the image are larger than the limit of "
                                 "%llu bytes together; %s",
                                 c->label, c->where, (unsigned long long)as->lim->max_db_bytes,
                                 ck_cand_is_rpmdb(c->kind) || c->kind == CK_CAND_OSRELEASE
                                     ? "it was not read"
                                     : "the rest of it was not read");
    }
    if (c->over_limit) {
        as->inv->incomplete = 1;
        return ck_inventory_warn(as->inv, "%s is larger than the limit of %llu bytes; %s", c->label,
                                 (unsigned long long)c->cap,
                                 ck_cand_is_rpmdb(c->kind) ? "it was not read" : "the rest was not read");
    }
    if (c->truncated) {
        as->inv->incomplete = 1;
        return ck_inventory_warn(as->inv, "%s was cut short; %s", c->label,
                                 ck_cand_is_rpmdb(c->kind) || c->kind == CK_CAND_OSRELEASE
                                     ? "it was not read"
                                     : "the packages read before the cut are kept");
    }
    return CK_OK;
}

/* One rpm database per image: the first of SQLite, BerkeleyDB, NDB found
 * (an image migrated to SQLite may keep its old Packages file). */
static enum ck_status use_rpmdb(struct assembly *as, struct ck_content *c, struct ck_err *err)
{
    struct ck_err rerr;
    enum ck_status st;

    ck_err_clear(&rerr);
    as->rpm_read = 1;
    if (c->kind == CK_CAND_RPM_SQLITE) /* the raw buffer is ours to patch (see ck_rpmdb_parse_sqlite) */
        st = ck_rpmdb_parse_sqlite(as->inv, c->raw.data, c->raw.len, c->label, &rerr);
    else if (c->kind == CK_CAND_RPM_BDB)
        st = ck_rpmdb_parse_bdb(as->inv, c->raw.data, c->raw.len, c->label, &rerr);
    else
        st = ck_rpmdb_parse_ndb(as->inv, c->raw.data, c->raw.len, c->label, &rerr);
    if (st == CK_ERR_NOMEM)
        return ck_err_set(err, st, "out of memory");
    if (st != CK_OK) {
        as->inv->incomplete = 1;
        return ck_inventory_warn(as->inv, "%s", rerr.msg);
    }
    return CK_OK;
}

/* Reads one package database file's contents into the inventory. */
static enum ck_status use_content(struct assembly *as, const struct ck_content *c, struct ck_err *err)
{
    enum ck_status st = note_limits(as, c);

    if (st != CK_OK)
        return st;
    if (c->kind == CK_CAND_DPKG_STATUS || c->kind == CK_CAND_DPKG_STATUS_D || c->kind == CK_CAND_APK)
        return ck_inventory_append(as->inv, &c->parsed);
    if (ck_cand_is_rpmdb(c->kind) && !ck_content_full(c) && !as->rpm_read)
        return use_rpmdb(as, (struct ck_content *)c, err);
    return CK_OK;
}

/* The file at path, once per resolved path. */
static enum ck_status read_path(struct assembly *as, const char *path, enum ck_cand want, struct ck_err *err)
{
    char *resolved = NULL;
    enum ck_status st;
    const struct ck_node *n = ck_overlay_file(as->view, path, &resolved, err, &st);

    if (st != CK_OK)
        return st;
    if (!n || !n->content || n->content->kind != want || already_used(as, resolved)) {
        free(resolved);
        return CK_OK;
    }
    if ((st = mark_used(as, resolved)) != CK_OK)
        return ck_err_set(err, st, "out of memory");
    return use_content(as, n->content, err);
}

static int cmp_strp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Every file directly inside var/lib/dpkg/status.d, by name. */
static enum ck_status read_status_d(struct assembly *as, struct ck_err *err)
{
    char *dir = NULL, **paths = NULL;
    size_t n = 0, i, dn;
    enum ck_status st = ck_tar_path_resolve("var/lib/dpkg/status.d", 1, ck_overlay_link, as->view, &dir, err);

    if (st != CK_OK)
        return st == CK_ERR_NOMEM ? st : CK_OK;
    dn = strlen(dir);
    paths = malloc((as->view->count + 1) * sizeof *paths);
    if (!paths) {
        free(dir);
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    }
    for (i = 0; i < as->view->count; i++) {
        const struct ck_node *x = ck_overlay_at(as->view, i);
        if (x && !strncmp(x->path, dir, dn) && x->path[dn] == '/' && !strchr(x->path + dn + 1, '/'))
            paths[n++] = x->path;
    }
    qsort(paths, n, sizeof *paths, cmp_strp);
    for (i = 0; i < n && st == CK_OK; i++)
        st = read_path(as, paths[i], CK_CAND_DPKG_STATUS_D, err);
    free(paths);
    free(dir);
    return st;
}

static enum ck_status read_os(struct assembly *as, struct ck_err *err)
{
    static const char *const where[] = {"etc/os-release", "usr/lib/os-release"};
    struct ck_osrelease r;
    enum ck_status st = CK_OK;
    size_t i;

    ck_osrelease_init(&r);
    for (i = 0; i < 2; i++) {
        const struct ck_node *n = ck_overlay_file(as->view, where[i], NULL, err, &st);
        if (st != CK_OK)
            goto cleanup;
        if (!n || !n->content || n->content->kind != CK_CAND_OSRELEASE)
            continue;
        if ((st = note_limits(as, n->content)) != CK_OK)
            goto cleanup;
        if (ck_content_full(n->content))
            continue;
        if ((st = ck_osrelease_parse(&r, ck_buf_str(&n->content->raw), n->content->raw.len)) != CK_OK)
            goto cleanup;
        if ((st = ck_osrelease_to_os(&r, &as->inv->os)) != CK_OK)
            goto cleanup;
        if (!as->inv->os.ecosystem)
            st = ck_inventory_warn(as->inv, "no vulnerability database applies to %s", ck_osrelease_display_name(&r));
        goto cleanup;
    }
    st = ck_inventory_warn(as->inv, "no os-release in the image (/etc/os-release, /usr/lib/os-release): "
                                    "the OS is unknown and no vulnerability database applies");
cleanup:
    ck_osrelease_release(&r);
    if (st == CK_ERR_NOMEM)
        ck_err_set(err, st, "out of memory");
    return st;
}

static enum ck_status assemble(struct ck_overlay *v, const struct ck_inventory_limits *lim, struct ck_inventory *inv,
                               struct ck_err *err)
{
    static const struct {
        const char *path;
        enum ck_cand kind;
    } dbs[] = {
        {"var/lib/dpkg/status", CK_CAND_DPKG_STATUS},
        {"lib/apk/db/installed", CK_CAND_APK},
        {"usr/lib/apk/db/installed", CK_CAND_APK},
        {"var/lib/rpm/rpmdb.sqlite", CK_CAND_RPM_SQLITE},
        {"usr/lib/sysimage/rpm/rpmdb.sqlite", CK_CAND_RPM_SQLITE},
        {"var/lib/rpm/Packages", CK_CAND_RPM_BDB},
        {"usr/lib/sysimage/rpm/Packages", CK_CAND_RPM_BDB},
        {"var/lib/rpm/Packages.db", CK_CAND_RPM_NDB},
        {"usr/lib/sysimage/rpm/Packages.db", CK_CAND_RPM_NDB},
    };
    struct assembly as;
    enum ck_status st;
    size_t i;

    memset(&as, 0, sizeof as);
    ck_pathmap_init(&as.used_index);
    as.view = v;
    as.inv = inv;
    as.lim = lim;
    st = read_os(&as, err);
    for (i = 0; st == CK_OK && i < sizeof dbs / sizeof dbs[0]; i++)
        st = read_path(&as, dbs[i].path, dbs[i].kind, err);
    if (st == CK_OK)
        st = read_status_d(&as, err);
    if (st == CK_OK) {
        ck_inventory_sort(inv);
        if (inv->count > lim->max_packages) {
            /* keep the first ones; owned files of the rest go too */
            size_t keep = lim->max_packages, j, k = 0;
            for (j = keep; j < inv->count; j++) {
                struct ck_package *p = &inv->packages[j];
                free(p->name);
                free(p->version);
                free(p->source_name);
                free(p->source_version);
                free(p->arch);
            }
            for (j = 0; j < inv->file_count; j++) {
                if (inv->files[j].package < keep)
                    inv->files[k++] = inv->files[j];
                else
                    free(inv->files[j].path);
            }
            inv->file_count = k;
            inv->count = keep;
            inv->incomplete = 1;
            st = ck_inventory_warn(inv, "more than %llu packages; the rest were left out", (unsigned long long)keep);
        }
    }
    if (st == CK_ERR_NOMEM)
        ck_err_set(err, st, "out of memory");
    for (i = 0; i < as.used_count; i++)
        free(as.used[i]);
    free(as.used);
    ck_pathmap_release(&as.used_index);
    return st;
}

/* The owned files the walk needed and the caller did not ask for. */
static void drop_files(struct ck_inventory *inv)
{
    size_t i;
    for (i = 0; i < inv->file_count; i++)
        free(inv->files[i].path);
    free(inv->files);
    inv->files = NULL;
    inv->file_count = inv->file_cap = 0;
    inv->flags &= ~(unsigned)CK_INVENTORY_FILES;
}

/* ---- the public collector ------------------------------------------------ */

enum ck_status ck_inventory_collector_new(struct ck_inventory_collector **out, unsigned flags,
                                          const struct ck_inventory_limits *lim)
{
    struct ck_inventory_collector *c;
    if (!out)
        return CK_ERR_ARG;
    c = calloc(1, sizeof *c);
    if (!c)
        return CK_ERR_NOMEM;
    if (lim)
        c->lim = *lim;
    else
        ck_inventory_limits_default(&c->lim);
    c->flags = flags & CK_INVENTORY_WALK ? flags | CK_INVENTORY_FILES : flags;
    c->asked = flags;
    c->budget.entries = flags & CK_INVENTORY_WALK ? c->lim.max_walk_entries : c->lim.max_entries;
    c->budget.bytes = c->lim.max_db_bytes;
    c->budget.read_bytes = c->lim.max_read_bytes;
    *out = c;
    return CK_OK;
}

void ck_inventory_collector_free(struct ck_inventory_collector *c)
{
    size_t i;
    if (!c)
        return;
    for (i = 0; i < c->count; i++)
        ck_layer_free(c->layers[i]);
    free(c->layers);
    ck_image_archive_free(c->image);
    free(c);
}

static enum ck_status push_layer(struct ck_inventory_collector *c, const char *name, const char *prefix,
                                 int whiteouts, struct ck_err *err)
{
    struct ck_layer *l = NULL;
    if (c->count == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        struct ck_layer **p = realloc(c->layers, cap * sizeof *p);
        if (!p)
            return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        c->layers = p;
        c->cap = cap;
    }
    if (ck_layer_new(&l, name, prefix, whiteouts, &c->lim, c->flags, &c->budget) != CK_OK)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    c->layers[c->count++] = l;
    return CK_OK;
}

static enum ck_status check_idle(struct ck_inventory_collector *c, struct ck_err *err)
{
    if (c->cur != CUR_NONE)
        return ck_err_set(err, CK_ERR_ARG, "inventory: the previous stream was not ended");
    if (c->image)
        return ck_err_set(err, CK_ERR_ARG, "inventory: an image archive holds the whole image");
    return CK_OK;
}

enum ck_status ck_inventory_collector_begin_path(struct ck_inventory_collector *c, const char *path,
                                                 struct ck_err *err)
{
    char *clean, *slash, *name;
    enum ck_status st;

    if ((st = check_idle(c, err)) != CK_OK)
        return st;
    clean = ck_tar_path_clean(path);
    name = malloc(strlen(path) + 20);
    if (!clean || !name) {
        free(clean);
        free(name);
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    }
    sprintf(name, "archive of /%s", clean);
    /* the archive endpoint names entries after the path's last component */
    slash = strrchr(clean, '/');
    if (slash)
        *slash = '\0';
    else
        clean[0] = '\0';
    st = push_layer(c, name, clean, 0, err);
    free(clean);
    free(name);
    if (st == CK_OK)
        c->cur = CUR_LAYER;
    return st;
}

enum ck_status ck_inventory_collector_begin_layer(struct ck_inventory_collector *c, const char *name,
                                                  struct ck_err *err)
{
    enum ck_status st = check_idle(c, err);
    if (st == CK_OK)
        st = push_layer(c, name ? name : "layer", NULL, 1, err);
    if (st == CK_OK)
        c->cur = CUR_LAYER;
    return st;
}

enum ck_status ck_inventory_collector_begin_image(struct ck_inventory_collector *c, const char *name,
                                                  struct ck_err *err)
{
    enum ck_status st = check_idle(c, err);
    if (st != CK_OK)
        return st;
    if (c->count)
        return ck_err_set(err, CK_ERR_ARG, "inventory: an image archive cannot follow layers");
    if (ck_image_archive_new(&c->image, name, &c->lim, c->flags, &c->budget) != CK_OK)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    c->cur = CUR_IMAGE;
    return CK_OK;
}

enum ck_status ck_inventory_collector_feed(struct ck_inventory_collector *c, const void *data, size_t len,
                                           struct ck_err *err)
{
    if (c->cur == CUR_LAYER)
        return ck_layer_feed(c->layers[c->count - 1], data, len, err);
    if (c->cur == CUR_IMAGE)
        return ck_image_archive_feed(c->image, data, len, err);
    return ck_err_set(err, CK_ERR_ARG, "inventory: feed without a begun stream");
}

enum ck_status ck_inventory_collector_end(struct ck_inventory_collector *c, struct ck_err *err)
{
    enum ck_status st;
    if (c->cur == CUR_LAYER)
        st = ck_layer_end(c->layers[c->count - 1], err);
    else if (c->cur == CUR_IMAGE)
        st = ck_image_archive_end(c->image, err);
    else
        return ck_err_set(err, CK_ERR_ARG, "inventory: end without a begun stream");
    c->cur = CUR_NONE;
    return st;
}

enum ck_status ck_inventory_collector_read_path(struct ck_inventory_collector *c, const char *path,
                                                ck_inventory_read_fn fn, void *ctx, struct ck_err *err)
{
    enum { CHUNK = 64 * 1024 };
    unsigned char *buf;
    enum ck_status st = ck_inventory_collector_begin_path(c, path, err);

    if (st != CK_OK)
        return st;
    buf = malloc(CHUNK);
    if (!buf)
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    while (st == CK_OK) {
        long long n = fn(ctx, buf, CHUNK, err);
        if (n < 0) {
            st = err && err->status != CK_OK ? err->status : CK_ERR_IO;
            break;
        }
        if (n == 0)
            break;
        st = ck_inventory_collector_feed(c, buf, (size_t)n, err);
    }
    free(buf);
    if (st == CK_OK)
        return ck_inventory_collector_end(c, err);
    /* the stream failed: what it gave stays, marked incomplete */
    {
        struct ck_err ignored;
        struct ck_layer *l = c->layers[c->count - 1];
        ck_inventory_collector_end(c, &ignored);
        if (st != CK_ERR_NOMEM) {
            l->notes.incomplete = 1;
            return ck_inventory_warn(&l->notes, "reading the archive of %s failed: %s", path,
                                     err ? err->msg : ck_status_str(st));
        }
    }
    return st;
}

enum ck_status ck_inventory_collector_finish(struct ck_inventory_collector *c, struct ck_inventory *inv,
                                             struct ck_err *err)
{
    struct ck_layer **order = NULL;
    size_t n = 0, i;
    struct ck_overlay v;
    struct ck_inventory out, notes;
    enum ck_status st = CK_OK;

    ck_overlay_init(&v);
    ck_inventory_init(&out);
    ck_inventory_init(&notes);
    out.flags = c->flags;
    if (c->cur != CUR_NONE) {
        st = ck_err_set(err, CK_ERR_ARG, "inventory: finish before the stream was ended");
        goto cleanup;
    }
    if (c->image) {
        if ((st = ck_image_archive_layers(c->image, &order, &n, &notes, err)) != CK_OK)
            goto cleanup;
    } else {
        order = malloc((c->count ? c->count : 1) * sizeof *order);
        if (!order)
            goto nomem;
        for (i = 0; i < c->count; i++)
            order[i] = c->layers[i];
        n = c->count;
    }
    for (i = 0; i < n; i++) {
        if (ck_overlay_apply(&v, order[i]) != CK_OK || ck_inventory_append(&notes, &order[i]->notes) != CK_OK)
            goto nomem;
    }
    if (ck_inventory_append(&out, &notes) != CK_OK)
        goto nomem;
    if ((st = assemble(&v, &c->lim, &out, err)) != CK_OK)
        goto cleanup;
    if (c->flags & CK_INVENTORY_WALK) {
        if ((st = ck_walk_assemble(&v, &out, err)) != CK_OK)
            goto cleanup;
        ck_inventory_sort(&out);
        if (!(c->asked & CK_INVENTORY_FILES))
            drop_files(&out);
    }
    *inv = out;
    ck_inventory_init(&out);
    goto cleanup;
nomem:
    st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
cleanup:
    free(order);
    ck_overlay_release(&v);
    ck_inventory_release(&out);
    ck_inventory_release(&notes);
    return st;
}

/* ---- the convenience entries ------------------------------------------- */

enum ck_status ck_inventory_from_rootfs(struct ck_inventory *inv, const char *root, unsigned flags,
                                        const struct ck_inventory_limits *lim, struct ck_err *err)
{
    struct ck_inventory_collector *c = NULL;
    enum ck_status st = ck_inventory_collector_new(&c, flags, lim);

    if (st != CK_OK)
        return ck_err_set(err, st, "out of memory");
    st = push_layer(c, root, NULL, 0, err);
    if (st == CK_OK)
        st = ck_layer_read_rootfs(c->layers[0], root, err);
    if (st == CK_OK)
        st = ck_inventory_collector_finish(c, inv, err);
    ck_inventory_collector_free(c);
    return st;
}

enum ck_status ck_inventory_from_image_archive(struct ck_inventory *inv, const char *path, unsigned flags,
                                               const struct ck_inventory_limits *lim, struct ck_err *err)
{
    enum { CHUNK = 256 * 1024 };
    struct ck_inventory_collector *c = NULL;
    unsigned char *buf = NULL;
    FILE *f = NULL;
    enum ck_status st;

    f = ck_fopen(path, "rb");
    if (!f)
        return ck_err_set(err, CK_ERR_NOTFOUND, "cannot open %s", path);
    buf = malloc(CHUNK);
    st = buf ? ck_inventory_collector_new(&c, flags, lim) : CK_ERR_NOMEM;
    if (st == CK_OK)
        st = ck_inventory_collector_begin_image(c, path, err);
    else
        ck_err_set(err, st, "out of memory");
    while (st == CK_OK) {
        size_t n = fread(buf, 1, CHUNK, f);
        if (n)
            st = ck_inventory_collector_feed(c, buf, n, err);
        if (n < CHUNK) {
            if (ferror(f))
                st = ck_err_set(err, CK_ERR_IO, "error reading %s", path);
            break;
        }
    }
    if (st == CK_OK)
        st = ck_inventory_collector_end(c, err);
    if (st == CK_OK)
        st = ck_inventory_collector_finish(c, inv, err);
    ck_inventory_collector_free(c);
    free(buf);
    fclose(f);
    return st;
}
