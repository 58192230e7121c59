/* Extended suite: the real BerkeleyDB and NDB rpm databases of
 * ../shared/fixtures/pkgdb/rpm (SOURCE.txt there says where they come from)
 * read by ck_rpmdb_parse_bdb and ck_rpmdb_parse_ndb, and compared with rpm's
 * own answers. Exits 77 when the folder is absent.
 *
 *   libuuid-bdb/Packages: rpm itself is the oracle when it is installed
 *     (Debian's rpm reads BerkeleyDB through its bdb_ro backend): the lines
 *     of rpm -qa --qf '%{NAME} %{EPOCH} %{VERSION}-%{RELEASE} %{ARCH}\n' are
 *     computed at test time. Without rpm (the Windows build), the list that
 *     rpm printed for it, which SOURCE.txt records, is used.
 *   sle15-bci-ndb/Packages.db: Debian's rpm has no NDB backend; the list is
 *     expected_rpm_qa.json beside it (rpm -qa in the image, as the fixture's
 *     source recorded it), compared on name, epoch, version, release, arch
 *     and source rpm.
 * Both are compared as sorted lists, gpg-pubkey entries left out (they are
 * not software, and the reader skips them). Each file is also read cut
 * short at many lengths: an error every time, never a crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "inventory/rpmdb.h"
#include "platform/platform.h"
#include "platform/process.h"
#include "util/buf.h"
#include "util/json.h"

static const char *rpmdir; /* <shared>/pkgdb/rpm */

/* what rpm -qa printed for libuuid-bdb (SOURCE.txt: libuuid-2.32.1-42.el8_8.x86_64) */
static const char bdb_known[] = "libuuid (none) 2.32.1-42.el8_8 x86_64\n";

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of text, sorted, gpg-pubkey and empty lines left out, into a
 * malloc'd array of malloc'd strings (*n of them). */
static char **sorted_lines(const char *text, size_t *n)
{
    char **v = NULL;
    size_t cap = 0;
    const char *p = text;

    *n = 0;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len && strncmp(p, "gpg-pubkey ", 11) != 0) {
            if (*n == cap) {
                char **w = realloc(v, (cap = cap ? cap * 2 : 16) * sizeof *v);
                if (!w)
                    break;
                v = w;
            }
            if (!(v[*n] = malloc(len + 1)))
                break;
            memcpy(v[*n], p, len);
            v[(*n)++][len] = '\0';
        }
        p += len + (e ? 1 : 0);
    }
    qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

static void free_lines(char **v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* "NAME EPOCH VERSION-RELEASE ARCH" of every package, as rpm's --qf prints
 * them ("(none)" for a missing epoch or arch). */
static void inventory_lines(const struct ck_inventory *inv, struct ck_buf *out)
{
    size_t i;
    for (i = 0; i < inv->count; i++) {
        const struct ck_package *p = &inv->packages[i];
        const char *colon = strchr(p->version, ':');
        if (colon)
            ck_buf_printf(out, "%s %.*s %s %s\n", p->name, (int)(colon - p->version), p->version, colon + 1,
                          p->arch ? p->arch : "(none)");
        else
            ck_buf_printf(out, "%s (none) %s %s\n", p->name, p->version, p->arch ? p->arch : "(none)");
    }
}

/* The two lists the same; every difference printed. */
static void compare(const char *what, const char *want_text, const char *have_text)
{
    size_t nw = 0, nh = 0, i = 0, j = 0;
    char **want = sorted_lines(want_text, &nw), **have = sorted_lines(have_text, &nh);

    while (i < nw || j < nh) {
        int c = i == nw ? 1 : j == nh ? -1 : strcmp(want[i], have[j]);
        if (c < 0)
            fprintf(stderr, "  %s: rpm lists \"%s\", we do not\n", what, want[i++]);
        else if (c > 0)
            fprintf(stderr, "  %s: we list \"%s\", rpm does not\n", what, have[j++]);
        else
            i++, j++;
    }
    fprintf(stderr, "  %s: %llu packages listed by rpm, %llu read\n", what, (unsigned long long)nw,
            (unsigned long long)nh);
    CK_CHECK(nw > 0);
    CK_CHECK_INT(nh, nw);
    for (i = 0; i < nw && i < nh; i++)
        CK_CHECK_STR(have[i], want[i]);
    free_lines(want, nw);
    free_lines(have, nh);
}

typedef enum ck_status (*parse_fn)(struct ck_inventory *, const void *, size_t, const char *, struct ck_err *);

/* Cut short at many lengths: an error each time, nothing added. */
static void check_cuts(parse_fn parse, const unsigned char *data, size_t len, size_t step)
{
    size_t n;
    int bad = 0;

    for (n = 0; n < len; n += n < 64 ? 1 : step) {
        struct ck_inventory inv;
        struct ck_err err;
        unsigned char *copy = malloc(n ? n : 1);
        if (!copy)
            break;
        memcpy(copy, data, n);
        ck_inventory_init(&inv);
        inv.flags = CK_INVENTORY_FILES;
        if (parse(&inv, copy, n, "cut", &err) == CK_OK || inv.count || !err.msg[0])
            bad++;
        ck_inventory_release(&inv);
        free(copy);
    }
    CK_CHECK_INT(bad, 0);
}

static void test_bdb(void)
{
    char *dir = ck_path_join(rpmdir, "libuuid-bdb"), *path = ck_path_join(dir, "Packages");
    const char *argv[] = {"rpm", "-qa", "--dbpath", dir, "--define", "_db_backend bdb_ro", "--qf",
                          "%{NAME} %{EPOCH} %{VERSION}-%{RELEASE} %{ARCH}\\n", NULL};
    struct ck_buf oracle, have;
    struct ck_inventory inv;
    struct ck_err err;
    size_t len = 0, i;
    unsigned char *data = (unsigned char *)ck_test_read_path(path, &len);
    int code = -1, owned = 0;

    ck_buf_init(&oracle);
    ck_buf_init(&have);
    CK_REQUIRE(data != NULL);
    CK_CHECK_STR(ck_rpmdb_format(data, len), "BerkeleyDB");
    ck_inventory_init(&inv);
    inv.flags = CK_INVENTORY_FILES;
    CK_CHECK_INT(ck_rpmdb_parse_bdb(&inv, data, len, "libuuid-bdb/Packages", &err), CK_OK);
    CK_CHECK_INT(inv.warning_count, 0);
    inventory_lines(&inv, &have);
    if (ck_process_run(argv, NULL, 0, &oracle, 1 << 20, 60000, &code, &err) == CK_OK && code == 0 &&
        oracle.len) {
        fprintf(stderr, "  BerkeleyDB: the oracle is rpm, run now\n");
    } else {
        fprintf(stderr, "  BerkeleyDB: rpm is not here; the list rpm printed (SOURCE.txt) is used\n");
        ck_buf_reset(&oracle);
        ck_buf_puts(&oracle, bdb_known);
    }
    compare("libuuid-bdb", ck_buf_str(&oracle), ck_buf_str(&have));
    /* the source package and the files come through */
    CK_REQUIRE(inv.count == 1);
    CK_CHECK_STR(inv.packages[0].source_name, "util-linux");
    CK_CHECK_STR(inv.packages[0].source_version, "2.32.1-42.el8_8");
    for (i = 0; i < inv.file_count; i++)
        owned += !strcmp(inv.files[i].path, "/usr/lib64/libuuid.so.1");
    CK_CHECK_INT(owned, 1);
    check_cuts(ck_rpmdb_parse_bdb, data, len, 97);
    ck_inventory_release(&inv);
    ck_buf_release(&oracle);
    ck_buf_release(&have);
    free(data);
    free(path);
    free(dir);
}

static void test_ndb(void)
{
    char *path = ck_path_join(rpmdir, "sle15-bci-ndb/Packages.db");
    char *jpath = ck_path_join(rpmdir, "sle15-bci-ndb/expected_rpm_qa.json");
    struct ck_buf want, have, wsrc, hsrc;
    struct ck_inventory inv;
    struct ck_err err;
    size_t len = 0, jlen = 0, i;
    unsigned char *data = (unsigned char *)ck_test_read_path(path, &len);
    char *json = ck_test_read_path(jpath, &jlen);
    cJSON *root = json ? cJSON_Parse(json) : NULL;
    const cJSON *e;

    ck_buf_init(&want);
    ck_buf_init(&have);
    ck_buf_init(&wsrc);
    ck_buf_init(&hsrc);
    CK_REQUIRE(data != NULL && root != NULL && cJSON_IsArray(root));
    CK_CHECK_STR(ck_rpmdb_format(data, len), "NDB");
    ck_inventory_init(&inv);
    inv.flags = CK_INVENTORY_FILES;
    CK_CHECK_INT(ck_rpmdb_parse_ndb(&inv, data, len, "sle15-bci-ndb/Packages.db", &err), CK_OK);
    CK_CHECK_INT(inv.warning_count, 0);
    CK_CHECK(inv.file_count > 1000);
    inventory_lines(&inv, &have);
    cJSON_ArrayForEach(e, root) {
        const cJSON *epoch = ck_json_get(e, "Epoch");
        const char *name = ck_json_str(e, "Name"), *arch = ck_json_str(e, "Arch"), *srpm = ck_json_str(e, "SourceRpm");
        char ep[32] = "(none)";
        if (cJSON_IsNumber(epoch))
            snprintf(ep, sizeof ep, "%d", epoch->valueint);
        ck_buf_printf(&want, "%s %s %s-%s %s\n", name ? name : "?", ep, ck_json_str(e, "Version"),
                      ck_json_str(e, "Release"), arch ? arch : "(none)");
        if (srpm && name) {
            char *sn = NULL, *sv = NULL;
            if (ck_rpmdb_split_srpm(srpm, &sn, &sv) == CK_OK)
                ck_buf_printf(&wsrc, "%s %s%s%s %s\n", name, cJSON_IsNumber(epoch) ? ep : "",
                              cJSON_IsNumber(epoch) ? ":" : "", sv, sn);
            free(sn);
            free(sv);
        }
    }
    for (i = 0; i < inv.count; i++)
        ck_buf_printf(&hsrc, "%s %s %s\n", inv.packages[i].name,
                      inv.packages[i].source_version ? inv.packages[i].source_version : inv.packages[i].version,
                      inv.packages[i].source_name ? inv.packages[i].source_name : inv.packages[i].name);
    compare("sle15-bci-ndb", ck_buf_str(&want), ck_buf_str(&have));
    compare("sle15-bci-ndb source packages", ck_buf_str(&wsrc), ck_buf_str(&hsrc));
    check_cuts(ck_rpmdb_parse_ndb, data, len, 65521);
    ck_inventory_release(&inv);
    cJSON_Delete(root);
    ck_buf_release(&want);
    ck_buf_release(&have);
    ck_buf_release(&wsrc);
    ck_buf_release(&hsrc);
    free(json);
    free(data);
    free(jpath);
    free(path);
}

int main(int argc, char **argv)
{
    char *dir;

    if (argc < 3)
        return CK_SKIP_CODE;
    dir = ck_path_join(argv[2], "pkgdb/rpm");
    if (!dir || !ck_is_dir(dir)) {
        fprintf(stderr, "%s is absent: skipped\n", dir ? dir : argv[2]);
        free(dir);
        return CK_SKIP_CODE;
    }
    rpmdir = dir;
    CK_RUN(test_bdb);
    CK_RUN(test_ndb);
    free(dir);
    return ck_test_summary();
}
