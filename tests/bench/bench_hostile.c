/* Hostile images (figures only, nothing asserted): each case is built in
 * memory, read with the default limits, and its time and the process's
 * peak resident memory printed (on Linux each case runs in a child process
 * of its own, so that the peaks do not add up).
 *   layers   a `docker save` archive whose manifest names one layer of
 *            19,000 status.d files 8,000 times
 *   copies   a gzip layer holding var/lib/rpm/rpmdb.sqlite 8 times, each
 *            255 MB of zeros (2 MB compressed)
 *   schema   an rpmdb.sqlite whose Packages table has the generated column
 *            blob AS (zeroblob(900000000)), 30 rows
 *   files    rpm headers with 65,000 index entries and 25,000 to 200,000
 *            files: time per file stays flat when the file list is linear
 * Usage: bench_hostile [case]   (no case: all of them) */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "inventory/inventory.h"
#include "inventory/rpmdb.h"
#include "platform/platform.h"
#include "unit/tar_build.h" /* the tests' tar writer */
#include "util/buf.h"
#include "bench_util.h"

#ifdef __linux__
#include <sys/wait.h>
#include <unistd.h>
#endif

static double now(void) { return (double)ck_time_monotonic_ns() / 1e9; }

static void report(const char *name, double seconds, const struct ck_inventory *inv, enum ck_status st)
{
    printf("%-8s %8.2f s  peak %7.1f MB  status %s, %zu packages, %zu warnings%s%s\n", name, seconds,
           peak_rss_kb() / 1024.0, ck_status_str(st), inv->count, inv->warning_count,
           inv->warning_count ? ": " : "", inv->warning_count ? inv->warnings[inv->warning_count - 1] : "");
}

static enum ck_status read_image(const struct tb *archive, struct ck_inventory *inv)
{
    struct ck_inventory_collector *c = NULL;
    struct ck_err err;
    enum ck_status st = ck_inventory_collector_new(&c, 0, NULL);
    size_t off, chunk = 256 * 1024;

    if (st == CK_OK)
        st = ck_inventory_collector_begin_image(c, "hostile.tar", &err);
    for (off = 0; st == CK_OK && off < archive->len; off += chunk)
        st = ck_inventory_collector_feed(c, archive->data + off,
                                         archive->len - off < chunk ? archive->len - off : chunk, &err);
    if (st == CK_OK)
        st = ck_inventory_collector_end(c, &err);
    if (st == CK_OK)
        st = ck_inventory_collector_finish(c, inv, &err);
    ck_inventory_collector_free(c);
    return st;
}

static void case_layers(void)
{
    enum { FILES = 19000, REPEATS = 8000 };
    struct tb layer = {0}, a = {0}, manifest = {0};
    struct ck_inventory inv;
    enum ck_status st;
    double t0;
    int i;

    for (i = 0; i < FILES; i++) {
        char path[64], text[96];
        snprintf(path, sizeof path, "var/lib/dpkg/status.d/p%d", i);
        snprintf(text, sizeof text, "Package: p%d\nVersion: 1\nArchitecture: amd64\n", i);
        tb_file(&layer, path, text);
    }
    tb_end(&layer);
    tb_put(&manifest, "[{\"Layers\":[", 12);
    for (i = 0; i < REPEATS; i++)
        tb_put(&manifest, i ? ",\"l/layer.tar\"" : "\"l/layer.tar\"", i ? 14 : 13);
    tb_put(&manifest, "]}]", 4);
    tb_header(&a, "l/layer.tar", '0', layer.len, NULL, 0);
    tb_data(&a, layer.data, layer.len);
    tb_file(&a, "manifest.json", (const char *)manifest.data);
    tb_end(&a);
    tb_free(&layer);
    tb_free(&manifest);
    ck_inventory_init(&inv);
    t0 = now();
    st = read_image(&a, &inv);
    report("layers", now() - t0, &inv, st);
    ck_inventory_release(&inv);
    tb_free(&a);
}

/* Compresses n bytes of p into out (one gzip stream across calls). */
static void deflate_more(z_stream *z, struct tb *out, const void *p, size_t n, int flush)
{
    unsigned char buf[65536];
    z->next_in = (unsigned char *)p;
    z->avail_in = (uInt)n;
    do {
        z->next_out = buf;
        z->avail_out = sizeof buf;
        deflate(z, flush);
        tb_put(out, buf, sizeof buf - z->avail_out);
    } while (z->avail_out == 0);
}

static void case_copies(void)
{
    enum { COPIES = 8 };
    static unsigned char zeros[1 << 20];
    const size_t size = (size_t)255 << 20;
    struct tb g = {0}, a = {0};
    struct ck_inventory inv;
    enum ck_status st;
    z_stream z;
    double t0;
    int i;

    memset(&z, 0, sizeof z);
    deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    for (i = 0; i < COPIES; i++) {
        struct tb h = {0};
        size_t left;
        tb_header(&h, "var/lib/rpm/rpmdb.sqlite", '0', size, NULL, 0);
        deflate_more(&z, &g, h.data, h.len, Z_NO_FLUSH);
        tb_free(&h);
        for (left = size; left; left -= left < sizeof zeros ? left : sizeof zeros)
            deflate_more(&z, &g, zeros, left < sizeof zeros ? left : sizeof zeros, Z_NO_FLUSH);
    }
    deflate_more(&z, &g, zeros, 1024, Z_FINISH);
    deflateEnd(&z);
    tb_file(&a, "manifest.json", "[{\"Layers\":[\"l/layer.tar\"]}]");
    tb_header(&a, "l/layer.tar", '0', g.len, NULL, 0);
    tb_data(&a, g.data, g.len);
    tb_end(&a);
    printf("copies   (the layer: %.1f MB compressed, %d x 255 MB)\n", g.len / 1e6, COPIES);
    tb_free(&g);
    ck_inventory_init(&inv);
    t0 = now();
    st = read_image(&a, &inv);
    report("copies", now() - t0, &inv, st);
    ck_inventory_release(&inv);
    tb_free(&a);
}

static void case_schema(void)
{
    sqlite3 *db = NULL;
    unsigned char *ser;
    sqlite3_int64 n = 0;
    struct ck_buf sql;
    struct ck_inventory inv;
    struct ck_err err;
    enum ck_status st = CK_ERR_DB;
    double t0;
    int i;

    ck_buf_init(&sql);
    ck_buf_puts(&sql, "CREATE TABLE 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT, h BLOB, "
                      "blob BLOB AS (zeroblob(900000000)));");
    for (i = 0; i < 30; i++)
        ck_buf_puts(&sql, "INSERT INTO Packages(h) VALUES (x'00');");
    ck_inventory_init(&inv);
    if (sqlite3_open(":memory:", &db) == SQLITE_OK &&
        sqlite3_exec(db, ck_buf_str(&sql), NULL, NULL, NULL) == SQLITE_OK &&
        (ser = sqlite3_serialize(db, "main", &n, 0)) != NULL) {
        unsigned char *copy = malloc((size_t)n);
        memcpy(copy, ser, (size_t)n);
        sqlite3_free(ser);
        t0 = now();
        st = ck_rpmdb_parse_sqlite(&inv, copy, (size_t)n, "rpmdb.sqlite", &err);
        report("schema", now() - t0, &inv, st);
        if (st != CK_OK)
            printf("         %s\n", err.msg);
        free(copy);
    }
    sqlite3_close(db);
    ck_inventory_release(&inv);
    ck_buf_release(&sql);
}

static void put32(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void tag(struct ck_buf *index, struct ck_buf *store, unsigned *il, unsigned t, unsigned type, const void *d,
                size_t n, unsigned count)
{
    unsigned char e[16];
    while (type == 4 && store->len % 4)
        ck_buf_append(store, "", 1);
    put32(e, t);
    put32(e + 4, type);
    put32(e + 8, (unsigned)store->len);
    put32(e + 12, count);
    ck_buf_append(index, e, 16);
    ck_buf_append(store, d, n);
    (*il)++;
}

static double header_seconds(unsigned files)
{
    struct ck_buf index, store, names, blob;
    unsigned char one[4] = {0, 0, 0, 1}, head[8], *idx = calloc(files, 4);
    struct ck_inventory inv;
    struct ck_err err;
    unsigned i, il = 0;
    double t0, t;

    ck_buf_init(&index);
    ck_buf_init(&store);
    ck_buf_init(&names);
    ck_buf_init(&blob);
    tag(&index, &store, &il, 1000, 6, "big", 4, 1);
    tag(&index, &store, &il, 1001, 6, "1", 2, 1);
    for (i = 0; i < 65000; i++)
        tag(&index, &store, &il, 5000 + i, 4, one, 4, 1);
    for (i = 0; i < files; i++) {
        ck_buf_printf(&names, "f%u", i);
        ck_buf_append(&names, "", 1);
    }
    tag(&index, &store, &il, 1118, 8, "/usr/share/big/", 16, 1);
    tag(&index, &store, &il, 1117, 8, names.data, names.len, files);
    tag(&index, &store, &il, 1116, 4, idx, (size_t)files * 4, files);
    put32(head, il);
    put32(head + 4, (unsigned)store.len);
    ck_buf_append(&blob, head, 8);
    ck_buf_append(&blob, index.data, index.len);
    ck_buf_append(&blob, store.data, store.len);
    ck_inventory_init(&inv);
    inv.flags = CK_INVENTORY_FILES;
    t0 = now();
    (void)ck_rpmdb_parse_header(&inv, blob.data, blob.len, &err);
    t = now() - t0;
    if (inv.file_count != files)
        printf("         %u files expected, %zu read\n", files, inv.file_count);
    ck_inventory_release(&inv);
    ck_buf_release(&index);
    ck_buf_release(&store);
    ck_buf_release(&names);
    ck_buf_release(&blob);
    free(idx);
    return t;
}

static void case_files(void)
{
    unsigned files;
    for (files = 25000; files <= 200000; files *= 2) {
        double t = header_seconds(files);
        printf("files    %6u files: %8.3f s, %6.2f us a file\n", files, t, t * 1e6 / files);
    }
}

static const struct {
    const char *name;
    void (*run)(void);
} cases[] = {{"layers", case_layers}, {"copies", case_copies}, {"schema", case_schema}, {"files", case_files}};

int main(int argc, char **argv)
{
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (argc > 1 && strcmp(argv[1], cases[i].name) != 0)
            continue;
#ifdef __linux__
        if (argc <= 1) {
            pid_t pid;
            fflush(stdout);
            pid = fork();
            if (pid == 0) {
                cases[i].run();
                fflush(stdout);
                _exit(0);
            }
            if (pid > 0)
                waitpid(pid, NULL, 0);
            continue;
        }
#endif
        cases[i].run();
    }
    return 0;
}
