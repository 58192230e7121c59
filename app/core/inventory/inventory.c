#include "inventory/inventory.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

void ck_inventory_init(struct ck_inventory *inv) { memset(inv, 0, sizeof *inv); }

static void package_release(struct ck_package *p)
{
    free(p->name);
    free(p->version);
    free(p->source_name);
    free(p->source_version);
    free(p->arch);
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
    ck_inventory_init(inv);
}

const char *ck_pkg_type_str(enum ck_pkg_type t)
{
    switch (t) {
    case CK_PKG_DEB: return "deb";
    case CK_PKG_APK: return "apk";
    case CK_PKG_RPM: return "rpm";
    }
    return "unknown";
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

enum ck_status ck_inventory_append(struct ck_inventory *dst, const struct ck_inventory *src)
{
    size_t i, base = dst->count;
    enum ck_status st = CK_OK;

    for (i = 0; i < src->count && st == CK_OK; i++) {
        const struct ck_package *p = &src->packages[i];
        st = ck_inventory_add(dst, p->type, p->name, p->version, p->source_name, p->source_version, p->arch);
    }
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

void ck_inventory_sort(struct ck_inventory *inv)
{
    struct sort_item *items;
    size_t *newpos, i, n = 0;

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
            newpos[items[i].old] = n - 1; /* a duplicate: its files go to the kept one */
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
