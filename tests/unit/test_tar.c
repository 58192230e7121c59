/* The streaming tar reader and the in-root path helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "inventory/tar.h"
#include "tar_build.h"
#include "util/buf.h"

static const char *fixtures;

/* What a handler saw: one line per entry "kind path -> link [size] data". */
struct seen {
    struct ck_buf log;
    int want_all;
    int ends;
};

static const char *kind_name(enum ck_tar_kind k)
{
    static const char *const names[] = {"file", "hardlink", "symlink", "dir", "other"};
    return names[k];
}

static enum ck_status on_entry(void *ctx, const struct ck_tar_entry *e, int *want, struct ck_err *err)
{
    struct seen *s = ctx;
    (void)err;
    ck_buf_printf(&s->log, "%s%s %s", s->log.len ? "\n" : "", kind_name(e->kind), e->path);
    if (e->linkpath[0])
        ck_buf_printf(&s->log, " -> %s", e->linkpath);
    ck_buf_printf(&s->log, " [%llu] ", (unsigned long long)e->size);
    *want = s->want_all;
    return CK_OK;
}

static enum ck_status on_data(void *ctx, const void *data, size_t len, struct ck_err *err)
{
    struct seen *s = ctx;
    (void)err;
    ck_buf_append(&s->log, data, len);
    return CK_OK;
}

static enum ck_status on_end(void *ctx, struct ck_err *err)
{
    struct seen *s = ctx;
    (void)err;
    s->ends++;
    return CK_OK;
}

/* Reads the whole archive in chunks of `chunk` bytes (0 = at once). */
static enum ck_status read_tar(const void *data, size_t len, size_t chunk, struct seen *s, struct ck_err *err)
{
    struct ck_tar_handler h = {on_entry, on_data, on_end, NULL};
    struct ck_tar_reader *r = NULL;
    const unsigned char *p = data;
    enum ck_status st;

    h.ctx = s;
    st = ck_tar_reader_new(&r, &h, NULL);
    if (st != CK_OK)
        return st;
    if (!chunk)
        chunk = len ? len : 1;
    while (st == CK_OK && len > 0) {
        size_t n = len < chunk ? len : chunk;
        st = ck_tar_reader_feed(r, p, n, err);
        p += n;
        len -= n;
    }
    if (st == CK_OK)
        st = ck_tar_reader_finish(r, err);
    ck_tar_reader_free(r);
    return st;
}

static void seen_init(struct seen *s)
{
    ck_buf_init(&s->log);
    s->want_all = 1;
    s->ends = 0;
}

static void test_ustar_basics(void)
{
    struct tb t = {0};
    struct seen s;
    struct ck_err err;

    tb_dir(&t, "etc/");
    tb_file(&t, "etc/os-release", "ID=alpine\n");
    tb_symlink(&t, "etc/mtab", "/proc/mounts");
    tb_hardlink(&t, "etc/os-release2", "etc/os-release");
    tb_file(&t, "empty", "");
    tb_end(&t);
    seen_init(&s);
    CK_CHECK_INT(read_tar(t.data, t.len, 0, &s, &err), CK_OK);
    CK_CHECK_STR(ck_buf_str(&s.log), "dir etc/ [0] \n"
                                     "file etc/os-release [10] ID=alpine\n\n"
                                     "symlink etc/mtab -> /proc/mounts [0] \n"
                                     "hardlink etc/os-release2 -> etc/os-release [0] \n"
                                     "file empty [0] ");
    CK_CHECK_INT(s.ends, 5); /* every wanted entry ends, empty ones too */
    ck_buf_release(&s.log);
    tb_free(&t);
}

/* Feeding one byte at a time, or in odd chunks, changes nothing. */
static void test_chunking(void)
{
    static const char *const pax[] = {"path", "a/very/long/pax/path/name.txt", NULL};
    struct tb t = {0};
    struct seen whole, bytes, odd;
    struct ck_err err;
    char big[3000];

    memset(big, 'x', sizeof big);
    big[sizeof big - 1] = '\0';
    tb_file(&t, "one", "first");
    tb_pax(&t, pax);
    tb_file(&t, "short", big);
    tb_gnu_long(&t, 'L', "gnu/long/name/that/is/over/one/hundred/characters/long/............................................end");
    tb_header(&t, "truncated-name", '0', 4, NULL, TB_GNU);
    tb_data(&t, "data", 4);
    tb_end(&t);
    seen_init(&whole);
    seen_init(&bytes);
    seen_init(&odd);
    CK_CHECK_INT(read_tar(t.data, t.len, 0, &whole, &err), CK_OK);
    CK_CHECK_INT(read_tar(t.data, t.len, 1, &bytes, &err), CK_OK);
    CK_CHECK_INT(read_tar(t.data, t.len, 511, &odd, &err), CK_OK);
    CK_CHECK_STR(ck_buf_str(&bytes.log), ck_buf_str(&whole.log));
    CK_CHECK_STR(ck_buf_str(&odd.log), ck_buf_str(&whole.log));
    CK_CHECK(strstr(ck_buf_str(&whole.log), "file a/very/long/pax/path/name.txt [2999] xxx") != NULL);
    CK_CHECK(strstr(ck_buf_str(&whole.log), "............end [4] data") != NULL);
    CK_CHECK_INT(whole.ends, 3);
    ck_buf_release(&whole.log);
    ck_buf_release(&bytes.log);
    ck_buf_release(&odd.log);
    tb_free(&t);
}

static void fix_checksum(unsigned char *h)
{
    unsigned long sum = 0;
    int i;
    memset(h + 148, ' ', 8);
    for (i = 0; i < 512; i++)
        sum += h[i];
    snprintf((char *)h + 148, 8, "%06lo", sum);
}

static void test_pax_overrides(void)
{
    static const char *const size3[] = {"size", "3", NULL};
    static const char *const kv[] = {"path", "pax/name", "linkpath", "pax/target", "size", "5",
                                     "comment", "ignored=value", NULL};
    struct tb t = {0};
    struct seen s;
    struct ck_err err;

    tb_pax(&t, kv);
    /* the header's own size (0) is overridden by pax */
    tb_header(&t, "short-name", '0', 0, "short-link", 0);
    tb_data(&t, "hello", 5);
    tb_pax(&t, kv);
    tb_header(&t, "ignored", '2', 0, "ignored", 0);
    /* a size only pax can say: the header's field holds junk */
    tb_pax(&t, size3);
    tb_header(&t, "big", '0', 0, NULL, 0);
    memset(t.data + t.len - 512 + 124, 'Z', 11);
    fix_checksum(t.data + t.len - 512);
    tb_data(&t, "abc", 3);
    /* a global header at the end belongs to no entry */
    tb_header(&t, "global", 'g', 0, NULL, 0);
    tb_end(&t);
    seen_init(&s);
    CK_CHECK_INT(read_tar(t.data, t.len, 0, &s, &err), CK_OK);
    CK_CHECK_STR(ck_buf_str(&s.log), "file pax/name [5] hello\nsymlink pax/name -> pax/target [0] \nfile big [3] abc");
    ck_buf_release(&s.log);
    tb_free(&t);
}

static void test_gnu_long_link(void)
{
    char target[300];
    struct tb t = {0};
    struct seen s;
    struct ck_err err;

    memset(target, 'l', sizeof target);
    target[sizeof target - 1] = '\0';
    tb_gnu_long(&t, 'K', target);
    tb_gnu_long(&t, 'L', "a-long-symlink-name");
    tb_header(&t, "short", '2', 0, "cut", TB_GNU);
    tb_end(&t);
    seen_init(&s);
    CK_CHECK_INT(read_tar(t.data, t.len, 7, &s, &err), CK_OK);
    CK_CHECK(!strncmp(ck_buf_str(&s.log), "symlink a-long-symlink-name -> llll", 35));
    CK_CHECK_INT(strlen(ck_buf_str(&s.log)), strlen("symlink a-long-symlink-name -> ") + 299 + strlen(" [0] "));
    ck_buf_release(&s.log);
    tb_free(&t);
}

static void test_base256_and_prefix(void)
{
    struct tb t = {0};
    struct seen s;
    struct ck_err err;

    tb_header(&t, "b256", '0', 3, NULL, TB_BASE256);
    tb_data(&t, "abc", 3);
    tb_header(&t, "var/lib/dpkg/status", '0', 2, NULL, TB_PREFIX);
    tb_data(&t, "ok", 2);
    tb_end(&t);
    seen_init(&s);
    CK_CHECK_INT(read_tar(t.data, t.len, 0, &s, &err), CK_OK);
    CK_CHECK_STR(ck_buf_str(&s.log), "file b256 [3] abc\nfile var/lib/dpkg/status [2] ok");
    ck_buf_release(&s.log);
    tb_free(&t);
}

/* Links, folders and devices carry no data whatever their size says. */
static void test_header_only_types(void)
{
    struct tb t = {0};
    struct seen s;
    struct ck_err err;

    tb_header(&t, "link", '2', 12345, "target", 0);
    tb_header(&t, "dir", '5', 999, NULL, 0);
    tb_file(&t, "after", "fine");
    tb_end(&t);
    seen_init(&s);
    CK_CHECK_INT(read_tar(t.data, t.len, 0, &s, &err), CK_OK);
    CK_CHECK_STR(ck_buf_str(&s.log), "symlink link -> target [0] \ndir dir [0] \nfile after [4] fine");
    ck_buf_release(&s.log);
    tb_free(&t);
}

/* Old GNU sparse entries: extension blocks sit between header and data. */
static void test_gnu_sparse(void)
{
    struct tb t = {0};
    struct seen s;
    struct ck_err err;
    unsigned char ext[512];
    size_t hdr;

    hdr = t.len;
    tb_header(&t, "sparse", 'S', 4, NULL, TB_GNU);
    /* set isextended (offset 482) */
    t.data[hdr + 482] = 1;
    fix_checksum(t.data + hdr);
    memset(ext, 0, sizeof ext);
    ext[504] = 1; /* a second extension block follows */
    tb_put(&t, ext, sizeof ext);
    ext[504] = 0;
    tb_put(&t, ext, sizeof ext);
    tb_data(&t, "SPRS", 4);
    tb_file(&t, "after", "ok");
    tb_end(&t);
    seen_init(&s);
    CK_CHECK_INT(read_tar(t.data, t.len, 5, &s, &err), CK_OK);
    CK_CHECK_STR(ck_buf_str(&s.log), "other sparse [4] SPRS\nfile after [2] ok");
    ck_buf_release(&s.log);
    seen_init(&s);
    CK_CHECK_INT(read_tar(t.data, hdr + 512 + 100, 0, &s, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "sparse") != NULL);
    ck_buf_release(&s.log);
    tb_free(&t);
}

static void test_skipped_data(void)
{
    struct tb t = {0};
    struct seen s;
    struct ck_err err;

    tb_file(&t, "a", "aaaa");
    tb_file(&t, "b", "bbbb");
    tb_end(&t);
    seen_init(&s);
    s.want_all = 0;
    CK_CHECK_INT(read_tar(t.data, t.len, 3, &s, &err), CK_OK);
    CK_CHECK_STR(ck_buf_str(&s.log), "file a [4] \nfile b [4] ");
    CK_CHECK_INT(s.ends, 0);
    ck_buf_release(&s.log);
    tb_free(&t);
}

static void test_truncated(void)
{
    struct tb t = {0};
    struct seen s;
    struct ck_err err;
    size_t cut;

    tb_file(&t, "first", "complete");
    tb_file(&t, "second", "this one is cut short");
    tb_end(&t);
    /* cut inside the second entry's data: 512 + 512 + 512 + 10 */
    cut = 3 * 512 + 10;
    seen_init(&s);
    ck_err_clear(&err);
    CK_CHECK_INT(read_tar(t.data, cut, 100, &s, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "truncated") != NULL);
    CK_CHECK(strstr(err.msg, "offset 1546") != NULL);
    CK_CHECK(strstr(err.msg, "second") != NULL);
    /* what was read stays */
    CK_CHECK(!strncmp(ck_buf_str(&s.log), "file first [8] complete\nfile second [21] this one i", 50));
    ck_buf_release(&s.log);

    /* cut inside a header */
    seen_init(&s);
    CK_CHECK_INT(read_tar(t.data, 512 + 512 + 100, 0, &s, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "inside a header") != NULL);
    ck_buf_release(&s.log);

    /* ending at a block boundary without the end marker is accepted */
    seen_init(&s);
    CK_CHECK_INT(read_tar(t.data, 4 * 512, 0, &s, &err), CK_OK);
    ck_buf_release(&s.log);
    tb_free(&t);
}

static void test_bad_checksum(void)
{
    struct tb t = {0};
    struct seen s;
    struct ck_err err;
    struct ck_tar_handler h = {on_entry, on_data, on_end, NULL};
    struct ck_tar_reader *r = NULL;

    tb_file(&t, "good", "x");
    tb_header(&t, "bad", '0', 1, NULL, TB_BADSUM);
    tb_data(&t, "y", 1);
    tb_end(&t);
    seen_init(&s);
    CK_CHECK_INT(read_tar(t.data, t.len, 0, &s, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "checksum") != NULL);
    CK_CHECK(strstr(err.msg, "offset 1024") != NULL);
    CK_CHECK_STR(ck_buf_str(&s.log), "file good [1] x");
    ck_buf_release(&s.log);

    /* the error sticks: later feeds repeat it */
    seen_init(&s);
    h.ctx = &s;
    CK_REQUIRE(ck_tar_reader_new(&r, &h, NULL) == CK_OK);
    CK_CHECK_INT(ck_tar_reader_feed(r, t.data, t.len, &err), CK_ERR_PARSE);
    ck_err_clear(&err);
    CK_CHECK_INT(ck_tar_reader_feed(r, "more", 4, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "offset 1024") != NULL);
    ck_tar_reader_free(r);
    ck_buf_release(&s.log);

    /* not a tar at all */
    seen_init(&s);
    memset(t.data, 'A', 512);
    CK_CHECK_INT(read_tar(t.data, 512, 0, &s, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "offset 0") != NULL);
    ck_buf_release(&s.log);
    tb_free(&t);
}

static void test_malformed_meta(void)
{
    struct tb t = {0};
    struct seen s;
    struct ck_err err;
    struct ck_tar_limits lim = {64, 0};
    struct ck_tar_handler h = {on_entry, on_data, on_end, NULL};
    struct ck_tar_reader *r = NULL;
    static const char *const kv[] = {"path", "a-name-that-makes-the-record-longer-than-sixty-four-bytes-in-total", NULL};

    /* a pax record whose length field lies */
    tb_header(&t, "pax", 'x', 12, NULL, 0);
    tb_data(&t, "99 path=abc\n", 12);
    tb_file(&t, "f", "x");
    tb_end(&t);
    seen_init(&s);
    CK_CHECK_INT(read_tar(t.data, t.len, 0, &s, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "pax") != NULL);
    ck_buf_release(&s.log);
    tb_free(&t);

    /* an extended header over the limit */
    tb_pax(&t, kv);
    tb_file(&t, "f", "x");
    tb_end(&t);
    seen_init(&s);
    h.ctx = &s;
    CK_REQUIRE(ck_tar_reader_new(&r, &h, &lim) == CK_OK);
    CK_CHECK_INT(ck_tar_reader_feed(r, t.data, t.len, &err), CK_ERR_LIMIT);
    ck_tar_reader_free(r);
    ck_buf_release(&s.log);

    /* a stream limit */
    lim.max_meta = 0;
    lim.max_stream = 1024;
    seen_init(&s);
    CK_REQUIRE(ck_tar_reader_new(&r, &h, &lim) == CK_OK);
    CK_CHECK_INT(ck_tar_reader_feed(r, t.data, t.len, &err), CK_ERR_LIMIT);
    ck_tar_reader_free(r);
    ck_buf_release(&s.log);
    tb_free(&t);
}

static void test_end_marker(void)
{
    struct tb t = {0};
    struct seen s;
    struct ck_err err;

    tb_file(&t, "a", "1");
    tb_end(&t);
    tb_put(&t, "garbage after the end is ignored", 32);
    seen_init(&s);
    CK_CHECK_INT(read_tar(t.data, t.len, 0, &s, &err), CK_OK);
    CK_CHECK_STR(ck_buf_str(&s.log), "file a [1] 1");
    ck_buf_release(&s.log);
    tb_free(&t);
}

/* Archives written by Python's tarfile (tests/fixtures/tar/make_fixtures.py). */
static void test_python_fixtures(void)
{
    static const char *const names[] = {"gnu.tar", "pax.tar", "ustar.tar"};
    char path[1024], *listing = NULL;
    size_t i, listing_len = 0;
    FILE *f;

    snprintf(path, sizeof path, "%s/tar/listing.txt", fixtures);
    f = fopen(path, "rb");
    CK_REQUIRE(f != NULL);
    listing = malloc(65536);
    listing_len = fread(listing, 1, 65535, f);
    listing[listing_len] = '\0';
    fclose(f);
    for (i = 0; i < 3; i++) {
        struct seen s;
        struct ck_err err;
        struct ck_buf expect;
        unsigned char *data = malloc(1 << 20);
        size_t len;
        const char *line = listing;

        snprintf(path, sizeof path, "%s/tar/%s", fixtures, names[i]);
        f = fopen(path, "rb");
        CK_REQUIRE(f != NULL && data != NULL);
        len = fread(data, 1, 1 << 20, f);
        fclose(f);
        /* the listing's lines for this archive, as on_entry writes them */
        ck_buf_init(&expect);
        while (*line) {
            const char *eol = strchr(line, '\n');
            char fields[5][512];
            int n = 0;
            const char *p = line;
            while (n < 5) {
                const char *tab = strchr(p, '\t');
                size_t fl = (size_t)((tab && tab < eol ? tab : eol) - p);
                memcpy(fields[n], p, fl);
                fields[n][fl] = '\0';
                n++;
                if (!tab || tab > eol)
                    break;
                p = tab + 1;
            }
            if (n == 5 && !strcmp(fields[0], names[i]))
                ck_buf_printf(&expect, "%s%s %s%s%s [%u] %s", expect.len ? "\n" : "", fields[1], fields[2],
                              fields[3][0] ? " -> " : "", fields[3], (unsigned)strlen(fields[4]), fields[4]);
            line = eol + 1;
        }
        seen_init(&s);
        CK_CHECK_INT(read_tar(data, len, 100, &s, &err), CK_OK);
        CK_CHECK_STR(ck_buf_str(&s.log), ck_buf_str(&expect));
        ck_buf_release(&s.log);
        ck_buf_release(&expect);
        free(data);
    }
    free(listing);
}

static void test_path_clean(void)
{
    static const char *const cases[][2] = {
        {"./usr//lib/../bin/", "usr/bin"}, {"/etc/os-release", "etc/os-release"}, {"../../etc", "etc"},
        {"/", ""}, {".", ""}, {"a/./b/./c", "a/b/c"}, {"a/b/../../../..", ""}, {"..a/b..", "..a/b.."},
        {"", ""},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *c = ck_tar_path_clean(cases[i][0]);
        CK_CHECK_STR(c, cases[i][1]);
        free(c);
    }
}

/* A table of links for the resolver. */
static const char *const links[][2] = {
    {"etc/os-release", "../usr/lib/os-release"},
    {"lib", "usr/lib"},
    {"var/lib/rpm", "../../usr/lib/sysimage/rpm"},
    {"escape", "../../../../../../etc/shadow"},
    {"abs", "/../../../etc/passwd"},
    {"loop1", "loop2"},
    {"loop2", "loop1"},
    {"usr/lib/deep", "/lib/x"},
    {"dotdot", "lib/.."},
};

static const char *table_link(void *ctx, const char *path)
{
    size_t i;
    (void)ctx;
    for (i = 0; i < sizeof links / sizeof links[0]; i++)
        if (!strcmp(links[i][0], path))
            return links[i][1];
    return NULL;
}

static void test_path_resolve(void)
{
    static const char *const cases[][2] = {
        {"etc/os-release", "usr/lib/os-release"},
        {"/lib/apk/db/installed", "usr/lib/apk/db/installed"},
        {"var/lib/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite"},
        {"escape", "etc/shadow"},         /* .. stops at the image root */
        {"abs", "etc/passwd"},            /* an absolute link starts at the image root */
        {"usr/lib/deep/y", "usr/lib/x/y"}, /* /lib is itself a link */
        {"dotdot/etc", "usr/etc"},        /* lib/.. after lib became usr/lib: usr */
        {"no/link/here", "no/link/here"},
    };
    size_t i;
    char *out = NULL;
    struct ck_err err;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        out = NULL;
        CK_CHECK_INT(ck_tar_path_resolve(cases[i][0], 1, table_link, NULL, &out, &err), CK_OK);
        CK_CHECK_STR(out, cases[i][1]);
        free(out);
    }
    /* the kernel's answer for dotdot/etc is usr/etc: "lib/.." is taken after
     * following lib -> usr/lib, giving usr */
    out = NULL;
    CK_CHECK_INT(ck_tar_path_resolve("dotdot", 1, table_link, NULL, &out, &err), CK_OK);
    CK_CHECK_STR(out, "usr");
    free(out);
    /* not following the last link */
    out = NULL;
    CK_CHECK_INT(ck_tar_path_resolve("etc/os-release", 0, table_link, NULL, &out, &err), CK_OK);
    CK_CHECK_STR(out, "etc/os-release");
    free(out);
    out = NULL;
    CK_CHECK_INT(ck_tar_path_resolve("loop1/x", 1, table_link, NULL, &out, &err), CK_ERR_LIMIT);
    CK_CHECK(out == NULL);
}

int main(int argc, char **argv)
{
    fixtures = argc > 1 ? argv[1] : "tests/fixtures";
    CK_RUN(test_ustar_basics);
    CK_RUN(test_chunking);
    CK_RUN(test_pax_overrides);
    CK_RUN(test_gnu_long_link);
    CK_RUN(test_base256_and_prefix);
    CK_RUN(test_header_only_types);
    CK_RUN(test_gnu_sparse);
    CK_RUN(test_skipped_data);
    CK_RUN(test_truncated);
    CK_RUN(test_bad_checksum);
    CK_RUN(test_malformed_meta);
    CK_RUN(test_end_marker);
    CK_RUN(test_python_fixtures);
    CK_RUN(test_path_clean);
    CK_RUN(test_path_resolve);
    return ck_test_summary();
}
