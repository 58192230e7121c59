#include "inventory/walk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/catalog.h"
#include "inventory/fileprobe.h"
#include "inventory/layer.h"
#include "inventory/pathmap.h"
#include "util/text.h"

struct walk {
    const struct ck_overlay *view;
    struct ck_inventory *inv;
    struct ck_err *err;
    struct ck_pathmap owned; /* resolved path -> index into inv->packages (an OS package) */
    char **keys;             /* the owned map's key strings */
    size_t key_count, key_cap;
    struct ck_pathmap claimed; /* folders whose files a cataloger accounts for */
    struct ck_pathmap trees;   /* folders holding installed packages ("app/node_modules") */
    char **claims;
    size_t claim_count, claim_cap;
};

static enum ck_status keep_key(char ***v, size_t *count, size_t *cap, char *s)
{
    if (*count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 256;
        char **p = realloc(*v, ncap * sizeof *p);
        if (!p) {
            free(s);
            return CK_ERR_NOMEM;
        }
        *v = p;
        *cap = ncap;
    }
    (*v)[(*count)++] = s;
    return CK_OK;
}

/* ---- ownership ------------------------------------------------------------ */

/* Records that package owns the file at path (as the package manager wrote
 * it: absolute, links on the way unresolved). */
static enum ck_status own(struct walk *w, const char *path, size_t package)
{
    char *resolved = NULL;
    size_t old;
    enum ck_status st = ck_tar_path_resolve(path, 0, ck_overlay_link, (void *)w->view, &resolved, w->err);

    if (st != CK_OK)
        return st == CK_ERR_NOMEM ? st : CK_OK; /* a link loop: the file cannot be there */
    if (ck_pathmap_get(&w->owned, resolved, &old)) {
        free(resolved);
        return CK_OK; /* the first owner stays */
    }
    if ((st = keep_key(&w->keys, &w->key_count, &w->key_cap, resolved)) != CK_OK)
        return st;
    return ck_pathmap_put(&w->owned, resolved, package);
}

/* dpkg's package name from "libc6:amd64.list". */
static int package_of_list(const struct ck_inventory *inv, const char *list_path, size_t *out)
{
    const char *base = strrchr(list_path, '/');
    char name[256];
    size_t n, i;

    base = base ? base + 1 : list_path;
    n = strcspn(base, ":");
    if (n > strlen(base) - 5)
        n = strlen(base) - 5;
    if (n == 0 || n >= sizeof name)
        return 0;
    memcpy(name, base, n);
    name[n] = '\0';
    for (i = 0; i < inv->count; i++) {
        if (inv->packages[i].type == CK_PKG_DEB && !strcmp(inv->packages[i].name, name)) {
            *out = i;
            return 1;
        }
    }
    return 0;
}

static enum ck_status own_dpkg_list(struct walk *w, const struct ck_content *c)
{
    const char *p = c->raw.data, *end = p + c->raw.len;
    char line[CK_LAYER_MAX_PATH + 1];
    size_t package;
    enum ck_status st = CK_OK;

    if (!p || ck_content_full(c) || !package_of_list(w->inv, c->label, &package))
        return CK_OK;
    while (p < end && st == CK_OK) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        if (n > 0 && n <= CK_LAYER_MAX_PATH && p[0] == '/') {
            memcpy(line, p, n);
            line[n] = '\0';
            if (!memchr(line, '\0', n))
                st = own(w, line, package);
        }
        p = nl ? nl + 1 : end;
    }
    return st;
}

static enum ck_status read_ownership(struct walk *w)
{
    size_t i;
    enum ck_status st = CK_OK;

    for (i = 0; i < w->view->count && st == CK_OK; i++) {
        const struct ck_node *n = ck_overlay_at(w->view, i);
        if (n && n->kind == CK_NODE_FILE && n->content && n->content->kind == CK_CAND_DPKG_LIST)
            st = own_dpkg_list(w, n->content);
    }
    for (i = 0; i < w->inv->file_count && st == CK_OK; i++)
        st = own(w, w->inv->files[i].path, w->inv->files[i].package);
    return st;
}

static const char *owner_of(const struct walk *w, const char *clean_path)
{
    size_t i;
    return ck_pathmap_get(&w->owned, clean_path, &i) ? w->inv->packages[i].name : NULL;
}

/* ---- application packages ---------------------------------------------------- */

static enum ck_status claim_in(struct walk *w, struct ck_pathmap *map, const char *dir, size_t n)
{
    size_t v;
    char *c;

    if (!(c = ck_text_dupn(dir, n)))
        return CK_ERR_NOMEM;
    if (ck_pathmap_get(map, c, &v)) {
        free(c);
        return CK_OK;
    }
    if (keep_key(&w->claims, &w->claim_count, &w->claim_cap, c) != CK_OK)
        return CK_ERR_NOMEM;
    return ck_pathmap_put(map, c, 0);
}

static enum ck_status claim(struct walk *w, const char *dir, size_t n) { return claim_in(w, &w->claimed, dir, n); }

/* The folder whose files the package read from path accounts for: an npm
 * package's own folder, the site-packages folder of Python metadata, the
 * vendor folder of Composer. Lock files and manifests loose in a tree
 * claim nothing. */
static enum ck_status claim_for(struct walk *w, const struct ck_cataloger *c, const char *path)
{
    const char *slash = strrchr(path, '/'), *p;

    if (!c || !slash || c->role != CK_CATALOG_INSTALLED)
        return CK_OK;
    if (!strcmp(c->ecosystem, CK_LANG_NPM)) {
        const char *tree = strstr(path, "node_modules/"), *next;
        while (tree && (next = strstr(tree + 1, "node_modules/")) != NULL && next < slash)
            tree = next;
        if (tree && tree < slash && claim_in(w, &w->trees, path, (size_t)(tree + 12 - path)) != CK_OK)
            return CK_ERR_NOMEM;
        return claim(w, path, (size_t)(slash - path));
    }
    if (!strcmp(c->ecosystem, CK_LANG_PYPI)) {
        for (p = path; (p = strstr(p, "-packages/")) != NULL; p++) {
            if ((p - path >= 4 && !strncmp(p - 4, "site", 4)) || (p - path >= 4 && !strncmp(p - 4, "dist", 4)))
                return claim(w, path, (size_t)(p + 9 - path));
        }
        return CK_OK;
    }
    if (!strcmp(c->ecosystem, CK_LANG_PACKAGIST) && (p = strstr(path, "vendor/composer/")) != NULL)
        return claim(w, path, (size_t)(p + 6 - path));
    return CK_OK;
}

static int claimed(const struct walk *w, const char *clean_path)
{
    char prefix[CK_LAYER_MAX_PATH + 1];
    size_t n = strlen(clean_path), k, v;

    if (w->claimed.live == 0 || n > CK_LAYER_MAX_PATH)
        return 0;
    for (k = 1; k < n; k++) {
        if (clean_path[k] != '/')
            continue;
        memcpy(prefix, clean_path, k);
        prefix[k] = '\0';
        if (ck_pathmap_get(&w->claimed, prefix, &v))
            return 1;
    }
    return 0;
}

/* A lock file whose installed tree is beside it says nothing more (the
 * tree is known by its entry, or, in archives without folder entries, by
 * the packages found in it: lock files are read after everything else). */
static int superseded(const struct walk *w, const struct ck_cataloger *c, const char *path)
{
    char beside[CK_LAYER_MAX_PATH + 1];
    size_t v;

    if (!ck_catalog_installed_beside(c, path, beside, sizeof beside))
        return 0;
    return ck_overlay_get(w->view, beside) || ck_pathmap_get(&w->trees, beside, &v);
}

/* Where a package was found: the file, or inside a Java archive the nested
 * archive ("/app.jar!/BOOT-INF/lib/x.jar") that the archive reader names. */
static const char *location_of(const struct ck_lang_package *p, const char *abs)
{
    size_t n = strlen(abs);

    if (p->detail && !strncmp(p->detail, abs, n) && !strncmp(p->detail + n, "!/", 2))
        return p->detail;
    return abs;
}

static enum ck_status take_packages(struct walk *w, const struct ck_node *n, const char *abs,
                                    const struct ck_cataloger *c)
{
    const struct ck_found *f = n->found;
    const char *owner = owner_of(w, n->path);
    enum ck_status st = CK_OK;
    size_t i;

    if (f->problem) {
        w->inv->incomplete = 1;
        st = ck_inventory_warn(w->inv, "%s", f->problem);
    }
    for (i = 0; i < f->packages.warnings_kept && st == CK_OK; i++)
        st = ck_inventory_warn(w->inv, "%s", f->packages.warnings[i]);
    if (st != CK_OK || !f->packages.count || (c && superseded(w, c, abs)))
        return st;
    for (i = 0; i < f->packages.count && st == CK_OK; i++) {
        const struct ck_lang_package *p = &f->packages.packages[i];
        st = ck_inventory_add_app(w->inv, p->ecosystem, p->name, p->version, location_of(p, abs), owner, p->flags);
    }
    return st == CK_OK ? claim_for(w, c, n->path) : st;
}

/* Installed metadata and programs first, then lock files. */
static enum ck_status read_packages(struct walk *w)
{
    char abs[CK_LAYER_MAX_PATH + 2];
    enum ck_status st = CK_OK;
    size_t i;
    int pass;

    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i < w->view->count && st == CK_OK; i++) {
            const struct ck_node *n = ck_overlay_at(w->view, i);
            const struct ck_cataloger *c;
            if (!n || n->kind != CK_NODE_FILE || !n->found)
                continue;
            snprintf(abs, sizeof abs, "/%s", n->path);
            c = ck_catalog_find(abs);
            if ((c && c->role == CK_CATALOG_LOCK) == pass)
                st = take_packages(w, n, abs, c);
        }
    }
    return st;
}

/* ---- unmanaged files ----------------------------------------------------------- */

int ck_walk_runtime_path(const char *p)
{
    static const char *const under[] = {
        "proc/", "sys/", "dev/", "run/", "tmp/", "var/tmp/", "var/run/", "var/log/", "var/cache/",
        "var/lib/dpkg/", "var/lib/apt/", "var/lib/rpm/", "var/lib/dnf/", "var/lib/yum/", "usr/lib/sysimage/rpm/",
        "lib/apk/db/", "usr/lib/apk/db/", "etc/apk/", "root/.npm/", "root/.cache/", "var/lib/systemd/",
    };
    static const char *const inside[] = {"/__pycache__/", "/.cache/", "/.npm/", "/.git/"};
    size_t i, n = strlen(p);

    if (!strcmp(p, ".dockerenv") || (n > 4 && !strcmp(p + n - 4, ".pyc")))
        return 1;
    for (i = 0; i < sizeof under / sizeof under[0]; i++)
        if (!strncmp(p, under[i], strlen(under[i])))
            return 1;
    for (i = 0; i < sizeof inside / sizeof inside[0]; i++)
        if (strstr(p, inside[i]) || !strncmp(p, inside[i] + 1, strlen(inside[i]) - 1))
            return 1;
    return 0;
}

static void sha_hex(const unsigned char *sha, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    size_t i;
    for (i = 0; i < 32; i++) {
        out[2 * i] = hex[sha[i] >> 4];
        out[2 * i + 1] = hex[sha[i] & 15];
    }
    out[64] = '\0';
}

static enum ck_status add_unmanaged(struct walk *w, const struct ck_node *n)
{
    const struct ck_found *f = n->found;
    char abs[CK_LAYER_MAX_PATH + 2];
    struct ck_unmanaged u;

    memset(&u, 0, sizeof u);
    snprintf(abs, sizeof abs, "/%s", n->path);
    u.path = abs;
    u.size = n->size;
    u.kind = f ? f->kind : CK_FILE_OTHER;
    if (!strncmp(n->path, "etc/", 4) && u.kind == CK_FILE_OTHER)
        u.kind = CK_FILE_CONFIG;
    if (f) {
        u.detail = f->detail;
        u.product = f->product;
        u.product_version = f->product_version;
        if (f->has_sha)
            sha_hex(f->sha256, u.sha256);
    }
    return ck_inventory_add_unmanaged(w->inv, &u);
}

/* A file directly in a node_modules folder whose packages were read
 * (npm's .package-lock.json, yarn's .yarn-integrity) is the package
 * manager's own record of that tree. */
static int in_tree_folder(const struct walk *w, const char *clean_path)
{
    char dir[CK_LAYER_MAX_PATH + 1];
    const char *slash = strrchr(clean_path, '/');
    size_t n = slash ? (size_t)(slash - clean_path) : 0, v;

    if (!n || n > CK_LAYER_MAX_PATH || w->trees.live == 0)
        return 0;
    memcpy(dir, clean_path, n);
    dir[n] = '\0';
    return ck_pathmap_get(&w->trees, dir, &v);
}

/* A program is listed even when a cataloger read packages from it: a Go or
 * Rust program nobody installed is exactly what a reviewer must see. */
static int identified(const struct walk *w, const struct ck_node *n)
{
    const struct ck_found *f = n->found;

    if (f && f->packages.count && f->kind != CK_FILE_EXECUTABLE && f->kind != CK_FILE_LIBRARY)
        return 1;
    return claimed(w, n->path) || in_tree_folder(w, n->path);
}

static enum ck_status read_unmanaged(struct walk *w)
{
    enum ck_status st = CK_OK;
    size_t i;

    for (i = 0; i < w->view->count && st == CK_OK; i++) {
        const struct ck_node *n = ck_overlay_at(w->view, i);
        if (!n || n->kind != CK_NODE_FILE || n->content)
            continue; /* folders, links, package databases */
        w->inv->files_seen++;
        if (owner_of(w, n->path) || ck_walk_runtime_path(n->path) || identified(w, n))
            continue;
        st = add_unmanaged(w, n);
    }
    return st;
}

enum ck_status ck_walk_assemble(const struct ck_overlay *view, struct ck_inventory *inv, struct ck_err *err)
{
    struct walk w;
    enum ck_status st;
    size_t i;

    memset(&w, 0, sizeof w);
    w.view = view;
    w.inv = inv;
    w.err = err;
    ck_pathmap_init(&w.owned);
    ck_pathmap_init(&w.claimed);
    ck_pathmap_init(&w.trees);
    st = read_ownership(&w);
    if (st == CK_OK)
        st = read_packages(&w);
    if (st == CK_OK)
        st = read_unmanaged(&w);
    if (st == CK_OK)
        inv->walked = 1;
    ck_pathmap_release(&w.owned);
    ck_pathmap_release(&w.claimed);
    ck_pathmap_release(&w.trees);
    for (i = 0; i < w.key_count; i++)
        free(w.keys[i]);
    free(w.keys);
    for (i = 0; i < w.claim_count; i++)
        free(w.claims[i]);
    free(w.claims);
    if (st == CK_ERR_NOMEM)
        ck_err_set(err, st, "out of memory");
    return st;
}
