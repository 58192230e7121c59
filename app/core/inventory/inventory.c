#include "inventory/inventory.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

void ck_inventory_init(struct ck_inventory *inv) { memset(inv, 0, sizeof *inv); }

static void package_release(struct ck_package *p)
{
    size_t i;

    free(p->name);
    free(p->version);
    free(p->source_name);
    free(p->source_version);
    free(p->arch);
    for (i = 0; i < p->location_count; i++)
        free(p->locations[i]);
    free(p->locations);
    free(p->owner);
}

static void unmanaged_release(struct ck_unmanaged *u)
{
    free(u->path);
    free(u->detail);
    free(u->product);
    free(u->product_version);
}

void ck_inventory_release(struct ck_inventory *inv)
{
    size_t i;

    free(inv->os.id);
    free(inv->os.version_id);
    free(inv->os.pretty_name);
    free(inv->os.ecosystem);
    for (i = 0; i < inv->count; i++)
        package_release(&inv->packages[i]);
    free(inv->packages);
    for (i = 0; i < inv->warning_count; i++)
        free(inv->warnings[i]);
    free(inv->warnings);
    for (i = 0; i < inv->file_count; i++)
        free(inv->files[i].path);
    free(inv->files);
    for (i = 0; i < inv->unmanaged_count; i++)
        unmanaged_release(&inv->unmanaged[i]);
    free(inv->unmanaged);
    ck_inventory_init(inv);
}

const char *ck_pkg_type_str(enum ck_pkg_type t)
{
    switch (t) {
    case CK_PKG_DEB: return "deb";
    case CK_PKG_APK: return "apk";
    case CK_PKG_RPM: return "rpm";
    case CK_PKG_LANG: return "lang";
    }
    return "unknown";
}

int ck_file_kind_is_software(enum ck_file_kind k)
{
    return k == CK_FILE_EXECUTABLE || k == CK_FILE_LIBRARY || k == CK_FILE_SCRIPT || k == CK_FILE_ARCHIVE;
}

const char *ck_file_kind_str(enum ck_file_kind k)
{
    switch (k) {
    case CK_FILE_EXECUTABLE: return "executable";
    case CK_FILE_LIBRARY: return "library";
    case CK_FILE_SCRIPT: return "script";
    case CK_FILE_ARCHIVE: return "archive";
    case CK_FILE_CONFIG: return "config";
    case CK_FILE_OTHER: break;
    }
    return "other";
}

static char *dup_or_null(const char *s)
{
    char *c;
    if (!s)
        return NULL;
    c = malloc(strlen(s) + 1);
    if (c)
        strcpy(c, s);
    return c;
}

/* Grows an array of elem-sized items to hold one more. */
static int grow(void **items, size_t *cap, size_t count, size_t elem)
{
    size_t ncap;
    void *p;
    if (count < *cap)
        return 0;
    ncap = *cap ? *cap * 2 : 16;
    if (ncap > ((size_t)-1) / elem)
        return -1;
    p = realloc(*items, ncap * elem);
    if (!p)
        return -1;
    *items = p;
    *cap = ncap;
    return 0;
}

enum ck_status ck_inventory_add(struct ck_inventory *inv, enum ck_pkg_type type, const char *name,
                                const char *version, const char *source_name, const char *source_version,
                                const char *arch)
{
    struct ck_package p;

    if (!name || !version)
        return CK_ERR_ARG;
    if (grow((void **)&inv->packages, &inv->cap, inv->count, sizeof *inv->packages))
        return CK_ERR_NOMEM;
    memset(&p, 0, sizeof p);
    p.type = type;
    p.name = dup_or_null(name);
    p.version = dup_or_null(version);
    p.source_name = dup_or_null(source_name && *source_name ? source_name : name);
    p.source_version = dup_or_null(source_version && *source_version ? source_version : version);
    p.arch = dup_or_null(arch);
    if (!p.name || !p.version || !p.source_name || !p.source_version || (arch && !p.arch)) {
        package_release(&p);
        return CK_ERR_NOMEM;
    }
    inv->packages[inv->count++] = p;
    return CK_OK;
}

enum ck_status ck_inventory_add_app(struct ck_inventory *inv, const char *ecosystem, const char *name,
                                    const char *version, const char *location, const char *owner, unsigned flags)
{
    struct ck_package *p;
    enum ck_status st;

    if (!ecosystem)
        return CK_ERR_ARG;
    if ((st = ck_inventory_add(inv, CK_PKG_LANG, name, version, NULL, NULL, NULL)) != CK_OK)
        return st;
    p = &inv->packages[inv->count - 1];
    p->ecosystem = ecosystem;
    p->lang_flags = flags;
    if (location) {
        p->locations = malloc(sizeof *p->locations);
        if (!p->locations || !(p->locations[0] = dup_or_null(location)))
            goto nomem;
        p->location_count = 1;
    }
    if (owner && !(p->owner = dup_or_null(owner)))
        goto nomem;
    return CK_OK;
nomem:
    package_release(p);
    inv->count--;
    return CK_ERR_NOMEM;
}

enum ck_status ck_inventory_add_unmanaged(struct ck_inventory *inv, const struct ck_unmanaged *u)
{
    struct ck_unmanaged c;

    if (!u || !u->path)
        return CK_ERR_ARG;
    if (grow((void **)&inv->unmanaged, &inv->unmanaged_cap, inv->unmanaged_count, sizeof *inv->unmanaged))
        return CK_ERR_NOMEM;
    memset(&c, 0, sizeof c);
    c.kind = u->kind;
    c.size = u->size;
    snprintf(c.sha256, sizeof c.sha256, "%s", u->sha256);
    c.path = dup_or_null(u->path);
    c.detail = dup_or_null(u->detail);
    c.product = dup_or_null(u->product);
    c.product_version = dup_or_null(u->product_version);
    if (!c.path || (u->detail && !c.detail) || (u->product && !c.product) ||
        (u->product_version && !c.product_version)) {
        unmanaged_release(&c);
        return CK_ERR_NOMEM;
    }
    inv->unmanaged[inv->unmanaged_count++] = c;
    return CK_OK;
}

size_t ck_inventory_app_count(const struct ck_inventory *inv, size_t *unowned)
{
    size_t i, n = 0, u = 0;

    for (i = 0; i < inv->count; i++) {
        if (inv->packages[i].type != CK_PKG_LANG)
            continue;
        n++;
        u += inv->packages[i].owner == NULL;
    }
    if (unowned)
        *unowned = u;
    return n;
}

size_t ck_inventory_unmanaged_binaries(const struct ck_inventory *inv)
{
    size_t i, n = 0;

    for (i = 0; i < inv->unmanaged_count; i++)
        n += inv->unmanaged[i].kind == CK_FILE_EXECUTABLE || inv->unmanaged[i].kind == CK_FILE_LIBRARY;
    return n;
}

static enum ck_status push_warning(struct ck_inventory *inv, char *msg)
{
    if (grow((void **)&inv->warnings, &inv->warning_cap, inv->warning_count, sizeof *inv->warnings)) {
        free(msg);
        return CK_ERR_NOMEM;
    }
    inv->warnings[inv->warning_count++] = msg;
    return CK_OK;
}

enum ck_status ck_inventory_warn(struct ck_inventory *inv, const char *fmt, ...)
{
    struct ck_buf b;
    va_list ap;
    int n;

    if (inv->warning_count >= CK_INVENTORY_MAX_WARNINGS) {
        inv->warnings_dropped++;
        return CK_OK;
    }
    ck_buf_init(&b);
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || ck_buf_reserve(&b, (size_t)n) != CK_OK) {
        ck_buf_release(&b);
        return n < 0 ? CK_ERR_ARG : CK_ERR_NOMEM;
    }
    va_start(ap, fmt);
    vsnprintf(b.data, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b.len = (size_t)n;
    return push_warning(inv, ck_buf_take(&b));
}

enum ck_status ck_inventory_add_file(struct ck_inventory *inv, const char *path, size_t package)
{
    char *c;
    if (package >= inv->count)
        return CK_ERR_ARG;
    if (grow((void **)&inv->files, &inv->file_cap, inv->file_count, sizeof *inv->files))
        return CK_ERR_NOMEM;
    c = dup_or_null(path);
    if (!c)
        return CK_ERR_NOMEM;
    inv->files[inv->file_count].path = c;
    inv->files[inv->file_count].package = package;
    inv->file_count++;
    return CK_OK;
}

static enum ck_status add_location(struct ck_package *p, const char *location)
{
    char **l = realloc(p->locations, (p->location_count + 1) * sizeof *l);

    if (!l)
        return CK_ERR_NOMEM;
    p->locations = l;
    if (!(l[p->location_count] = dup_or_null(location)))
        return CK_ERR_NOMEM;
    p->location_count++;
    return CK_OK;
}

static enum ck_status append_app(struct ck_inventory *dst, const struct ck_package *p)
{
    size_t i;
    enum ck_status st = ck_inventory_add_app(dst, p->ecosystem, p->name, p->version,
                                             p->location_count ? p->locations[0] : NULL, p->owner, p->lang_flags);

    for (i = 1; i < p->location_count && st == CK_OK; i++)
        st = add_location(&dst->packages[dst->count - 1], p->locations[i]);
    return st;
}

enum ck_status ck_inventory_append(struct ck_inventory *dst, const struct ck_inventory *src)
{
    size_t i, base = dst->count;
    enum ck_status st = CK_OK;

    for (i = 0; i < src->count && st == CK_OK; i++) {
        const struct ck_package *p = &src->packages[i];
        if (p->type == CK_PKG_LANG)
            st = append_app(dst, p);
        else
            st = ck_inventory_add(dst, p->type, p->name, p->version, p->source_name, p->source_version, p->arch);
    }
    for (i = 0; i < src->unmanaged_count && st == CK_OK; i++)
        st = ck_inventory_add_unmanaged(dst, &src->unmanaged[i]);
    dst->walked |= src->walked;
    dst->files_seen += src->files_seen;
    for (i = 0; i < src->file_count && st == CK_OK; i++)
        st = ck_inventory_add_file(dst, src->files[i].path, base + src->files[i].package);
    for (i = 0; i < src->warning_count && st == CK_OK; i++)
        st = ck_inventory_warn(dst, "%s", src->warnings[i]);
    dst->warnings_dropped += src->warnings_dropped;
    if (src->incomplete)
        dst->incomplete = 1;
    return st;
}

static int cmp_str(const char *a, const char *b)
{
    if (!a || !b)
        return a ? 1 : b ? -1 : 0;
    return strcmp(a, b);
}

static int cmp_package(const struct ck_package *a, const struct ck_package *b)
{
    int c = strcmp(a->name, b->name);
    if (!c)
        c = cmp_str(a->arch, b->arch);
    if (!c)
        c = strcmp(a->version, b->version);
    if (!c)
        c = (int)a->type - (int)b->type;
    if (!c)
        c = cmp_str(a->ecosystem, b->ecosystem);
    if (!c)
        c = cmp_str(a->owner, b->owner);
    return c;
}

/* Each package sorted with its old index, so owned files can follow it
 * (qsort has no context argument; this keeps the sort thread-safe). */
struct sort_item {
    struct ck_package p;
    size_t old;
};

static int cmp_item(const void *x, const void *y)
{
    const struct sort_item *a = x, *b = y;
    int c = cmp_package(&a->p, &b->p);
    return c ? c : (a->old < b->old ? -1 : a->old > b->old);
}

static int same_package(const struct ck_package *a, const struct ck_package *b)
{
    return cmp_package(a, b) == 0 && !cmp_str(a->source_name, b->source_name) &&
           !cmp_str(a->source_version, b->source_version);
}

static int cmp_strp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Moves from's locations to into (those it lacks); a failure to grow keeps
 * into's own, which is still true if not complete. */
static void merge_locations(struct ck_package *into, struct ck_package *from)
{
    size_t i, j;
    char **l;

    into->lang_flags &= from->lang_flags; /* dev only if dev everywhere */
    if (!from->location_count)
        return;
    l = realloc(into->locations, (into->location_count + from->location_count) * sizeof *l);
    if (!l)
        return;
    into->locations = l;
    for (i = 0; i < from->location_count; i++) {
        for (j = 0; j < into->location_count && strcmp(l[j], from->locations[i]); j++) {
        }
        if (j < into->location_count)
            continue;
        l[into->location_count++] = from->locations[i];
        from->locations[i] = NULL;
    }
    qsort(l, into->location_count, sizeof *l, cmp_strp);
}

static int cmp_unmanaged(const void *a, const void *b)
{
    return strcmp(((const struct ck_unmanaged *)a)->path, ((const struct ck_unmanaged *)b)->path);
}

void ck_inventory_sort(struct ck_inventory *inv)
{
    struct sort_item *items;
    size_t *newpos, i, n = 0;

    if (inv->unmanaged_count > 1)
        qsort(inv->unmanaged, inv->unmanaged_count, sizeof *inv->unmanaged, cmp_unmanaged);
    if (inv->count < 2)
        return;
    items = malloc(inv->count * sizeof *items);
    newpos = malloc(inv->count * sizeof *newpos);
    if (!items || !newpos)
        goto cleanup; /* unsorted is still correct */
    for (i = 0; i < inv->count; i++) {
        items[i].p = inv->packages[i];
        items[i].old = i;
    }
    qsort(items, inv->count, sizeof *items, cmp_item);
    for (i = 0; i < inv->count; i++) {
        if (n > 0 && same_package(&inv->packages[n - 1], &items[i].p)) {
            newpos[items[i].old] = n - 1; /* a duplicate: its files and locations go to the kept one */
            merge_locations(&inv->packages[n - 1], &items[i].p);
            package_release(&items[i].p);
            continue;
        }
        newpos[items[i].old] = n;
        inv->packages[n++] = items[i].p;
    }
    inv->count = n;
    for (i = 0; i < inv->file_count; i++)
        inv->files[i].package = newpos[inv->files[i].package];
cleanup:
    free(items);
    free(newpos);
}

void ck_inventory_limits_default(struct ck_inventory_limits *lim)
{
    lim->max_db_bytes = (uint64_t)256 << 20;
    lim->max_small_bytes = (uint64_t)1 << 20;
    lim->max_json_bytes = (uint64_t)16 << 20;
    lim->max_entries = 20000;
    lim->max_packages = 1000000;
    lim->max_walk_entries = 500000;
    lim->max_file_bytes = (uint64_t)64 << 20;
    lim->max_read_bytes = (uint64_t)4 << 30;
}

const char *const *ck_inventory_paths(void)
{
    static const char *const paths[] = {
        "/etc/os-release",
        "/usr/lib/os-release",
        "/var/lib/dpkg/status",
        "/var/lib/dpkg/status.d",
        "/lib/apk/db/installed",
        "/usr/lib/apk/db/installed",
        "/var/lib/rpm/rpmdb.sqlite",
        "/usr/lib/sysimage/rpm/rpmdb.sqlite",
        "/var/lib/rpm/Packages",
        "/usr/lib/sysimage/rpm/Packages",
        "/var/lib/rpm/Packages.db",
        "/usr/lib/sysimage/rpm/Packages.db",
        NULL,
    };
    return paths;
}

const char *ck_inventory_known_ecosystem(const char *name)
{
    static const char *const known[] = {"npm", "PyPI", "Go", "Maven", "RubyGems", "crates.io", "Packagist", "NuGet"};
    size_t i;
    for (i = 0; name && i < sizeof known / sizeof known[0]; i++)
        if (!strcmp(name, known[i]))
            return known[i];
    return NULL;
}
