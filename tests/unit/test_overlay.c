/* Layers laid over each other (the overlay) and the path table under it:
 * the topmost node wins, whiteouts and replaced folders take what is below
 * them, and a layer applied again and again does not grow the table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "inventory/layer.h"
#include "inventory/overlay.h"
#include "inventory/pathmap.h"

static void test_pathmap(void)
{
    enum { N = 5000 };
    static char keys[N][32];
    struct ck_pathmap m;
    size_t i, v = 0;
    int found = 1;

    ck_pathmap_init(&m);
    CK_CHECK(!ck_pathmap_get(&m, "nothing", &v));
    for (i = 0; i < N; i++) {
        snprintf(keys[i], sizeof keys[i], "var/lib/dpkg/status.d/p%zu", i);
        found &= ck_pathmap_put(&m, keys[i], i) == CK_OK;
    }
    CK_CHECK(found);
    CK_CHECK_INT(m.live, N);
    for (i = 0; i < N; i++)
        found &= ck_pathmap_get(&m, keys[i], &v) && v == i;
    CK_CHECK(found);
    /* a new value for a held key; removals; the rest stays */
    CK_CHECK_INT(ck_pathmap_put(&m, keys[7], 70), CK_OK);
    CK_CHECK(ck_pathmap_get(&m, keys[7], &v) && v == 70);
    for (i = 0; i < N; i += 2)
        ck_pathmap_remove(&m, keys[i]);
    CK_CHECK_INT(m.live, N / 2);
    found = 1;
    for (i = 0; i < N; i++)
        found &= ck_pathmap_get(&m, keys[i], &v) == (int)(i % 2);
    CK_CHECK(found);
    /* removed slots are reused: putting and removing the same keys over and
     * over does not grow the table */
    {
        size_t before = m.nslots, round;
        int ok = 1;
        for (round = 0; round < 100; round++) {
            for (i = 0; i < N; i += 2)
                ok &= ck_pathmap_put(&m, keys[i], round) == CK_OK;
            for (i = 0; i < N; i += 2)
                ck_pathmap_remove(&m, keys[i]);
        }
        CK_CHECK(ok);
        CK_CHECK_INT(m.live, N / 2);
        CK_CHECK(m.nslots <= before * 2);
    }
    ck_pathmap_clear(&m);
    CK_CHECK(!ck_pathmap_get(&m, keys[1], &v));
    ck_pathmap_release(&m);
}

struct fixture {
    struct ck_inventory_limits lim;
    struct ck_layer_budget budget;
};

static struct ck_layer *new_layer(struct fixture *f, const char *name)
{
    struct ck_layer *l = NULL;
    if (ck_layer_new(&l, name, NULL, 1, &f->lim, 0, &f->budget) != CK_OK)
        abort();
    return l;
}

static void add(struct ck_layer *l, const char *path, enum ck_node_kind kind, const char *target)
{
    if (ck_layer_add(l, path, kind, target, NULL) != CK_OK)
        abort();
}

static void setup(struct fixture *f)
{
    ck_inventory_limits_default(&f->lim);
    f->lim.max_entries = 1000000;
    f->budget.entries = f->lim.max_entries;
    f->budget.bytes = f->lim.max_db_bytes;
}

static const char *kind_at(const struct ck_overlay *o, const char *path)
{
    const struct ck_node *n = ck_overlay_get(o, path);
    if (!n)
        return "none";
    switch (n->kind) {
    case CK_NODE_DIR: return "dir";
    case CK_NODE_FILE: return "file";
    case CK_NODE_SYMLINK: return "symlink";
    case CK_NODE_HARDLINK: return "hardlink";
    default: return "other";
    }
}

/* A layer rewriting the same paths (files over files, a file over a folder
 * and back), applied 2,000 times: the table keeps one place per path. */
static void test_replacing_keeps_the_table(void)
{
    enum { FILES = 300, ROUNDS = 2000 };
    struct fixture f;
    struct ck_layer *l;
    struct ck_overlay o;
    char path[64];
    size_t i, live = 0;
    int round;

    setup(&f);
    l = new_layer(&f, "layer");
    add(l, "var", CK_NODE_DIR, NULL);
    add(l, "var/lib", CK_NODE_DIR, NULL);
    add(l, "var/lib/dpkg", CK_NODE_DIR, NULL);
    add(l, "var/lib/dpkg/status.d", CK_NODE_DIR, NULL);
    for (i = 0; i < FILES; i++) {
        snprintf(path, sizeof path, "var/lib/dpkg/status.d/p%zu", i);
        add(l, path, CK_NODE_FILE, NULL);
    }
    add(l, "etc", CK_NODE_DIR, NULL);
    add(l, "etc/os-release", CK_NODE_SYMLINK, "../usr/lib/os-release");
    ck_overlay_init(&o);
    for (round = 0; round < ROUNDS && ck_overlay_apply(&o, l) == CK_OK; round++)
        ;
    CK_CHECK_INT(round, ROUNDS);
    for (i = 0; i < o.count; i++)
        live += o.nodes[i] != NULL;
    CK_CHECK_INT(live, l->count);
    CK_CHECK_INT(o.count, l->count);
    CK_CHECK_STR(kind_at(&o, "var/lib/dpkg/status.d/p0"), "file");
    CK_CHECK_STR(kind_at(&o, "etc/os-release"), "symlink");
    ck_overlay_release(&o);
    ck_layer_free(l);
}

/* Whiteouts and replaced folders leave holes; applying such layers again and
 * again squeezes them out instead of growing the table. */
static void test_holes_are_reused(void)
{
    enum { FILES = 200, ROUNDS = 1000 };
    struct fixture f;
    struct ck_layer *add_all, *hide_all;
    struct ck_overlay o;
    char path[64];
    size_t i;
    int round;

    setup(&f);
    add_all = new_layer(&f, "add");
    hide_all = new_layer(&f, "hide");
    add(add_all, "var/lib/dpkg/status.d", CK_NODE_DIR, NULL);
    for (i = 0; i < FILES; i++) {
        snprintf(path, sizeof path, "var/lib/dpkg/status.d/p%zu", i);
        add(add_all, path, CK_NODE_FILE, NULL);
    }
    add(hide_all, "var/lib/dpkg/status.d", CK_NODE_WHITEOUT, NULL);
    ck_overlay_init(&o);
    for (round = 0; round < ROUNDS; round++)
        if (ck_overlay_apply(&o, add_all) != CK_OK || ck_overlay_apply(&o, hide_all) != CK_OK)
            break;
    CK_CHECK_INT(round, ROUNDS);
    CK_CHECK(o.count <= 4 * (FILES + 1));
    CK_CHECK_STR(kind_at(&o, "var/lib/dpkg/status.d/p1"), "none");
    CK_REQUIRE(ck_overlay_apply(&o, add_all) == CK_OK);
    CK_CHECK_STR(kind_at(&o, "var/lib/dpkg/status.d/p1"), "file");
    CK_CHECK_STR(kind_at(&o, "var/lib/dpkg/status.d"), "dir");
    ck_overlay_release(&o);
    ck_layer_free(add_all);
    ck_layer_free(hide_all);
}

/* What each kind of entry does to what lies below it. */
static void test_layering(void)
{
    struct fixture f;
    struct ck_layer *lower, *upper;
    struct ck_overlay o;

    setup(&f);
    lower = new_layer(&f, "lower");
    upper = new_layer(&f, "upper");
    add(lower, "var/lib/dpkg", CK_NODE_DIR, NULL);
    add(lower, "var/lib/dpkg/status", CK_NODE_FILE, NULL);
    add(lower, "var/lib/dpkg/status.d", CK_NODE_DIR, NULL);
    add(lower, "var/lib/dpkg/status.d/a", CK_NODE_FILE, NULL);
    add(lower, "usr/lib/apk", CK_NODE_DIR, NULL);
    add(lower, "usr/lib/apk/db", CK_NODE_DIR, NULL);
    add(lower, "usr/lib/apk/db/installed", CK_NODE_FILE, NULL);
    add(lower, "etc/os-release", CK_NODE_FILE, NULL);
    /* a folder over a folder keeps what is below; a file over a folder
     * does not; a whiteout of a file hides it; an opaque folder hides the
     * lower contents but not its own */
    add(upper, "var/lib/dpkg", CK_NODE_DIR, NULL);
    add(upper, "usr/lib/apk", CK_NODE_FILE, NULL);
    add(upper, "etc/os-release", CK_NODE_WHITEOUT, NULL);
    add(upper, "var/lib/dpkg/status.d", CK_NODE_OPAQUE, NULL);
    add(upper, "var/lib/dpkg/status.d/b", CK_NODE_FILE, NULL);
    ck_overlay_init(&o);
    CK_REQUIRE(ck_overlay_apply(&o, lower) == CK_OK && ck_overlay_apply(&o, upper) == CK_OK);
    CK_CHECK_STR(kind_at(&o, "var/lib/dpkg/status"), "file");
    CK_CHECK_STR(kind_at(&o, "usr/lib/apk"), "file");
    CK_CHECK_STR(kind_at(&o, "usr/lib/apk/db"), "none");
    CK_CHECK_STR(kind_at(&o, "usr/lib/apk/db/installed"), "none");
    CK_CHECK_STR(kind_at(&o, "etc/os-release"), "none");
    CK_CHECK_STR(kind_at(&o, "var/lib/dpkg/status.d/a"), "none");
    CK_CHECK_STR(kind_at(&o, "var/lib/dpkg/status.d/b"), "file");
    CK_CHECK(ck_overlay_get(&o, "var/lib/dpkg") == &upper->nodes[0]);
    ck_overlay_release(&o);
    ck_layer_free(lower);
    ck_layer_free(upper);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    CK_RUN(test_pathmap);
    CK_RUN(test_replacing_keeps_the_table);
    CK_RUN(test_holes_are_reused);
    CK_RUN(test_layering);
    return ck_test_summary();
}
