/* Extended suite: every Go case of ../shared/fixtures/pkgdb/lang/Go whose
 * input is an executable, read by ck_gobuildinfo_read (and by the streaming
 * scanner, which must agree or say the file needs random access) and
 * compared with the case's expected.json, the package list another
 * scanner's tests hold (SOURCE.txt names it). Exits 77 when the folder is
 * absent.
 *
 * Like is compared with like, each scanner's naming applied to our result:
 *   scalibr-*  module paths (a replaced module under its replacement's
 *              path), versions without "v", the toolchain as package "go"
 *              with the stdlib SemVer ("1.22.0"), the main module with its
 *              version ("(devel)" kept);
 *   trivy-*    versions with "v", the toolchain as "stdlib" "v1.x.y", the
 *              main module's "(devel)" as an empty version;
 *   syft-*     versions as written, the toolchain as "stdlib" with the Go
 *              version ("go1.x.y").
 * Trivy and Syft may take a main module's version from -ldflags -X or
 * symbols when the build information says "(devel)"; such a main module is
 * compared by name only (counted and printed). Packages are compared as
 * sets of name and version. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "inventory/lang/gobuildinfo.h"
#include "platform/dir.h"
#include "platform/platform.h"
#include "util/buf.h"
#include "util/json.h"

enum style { S_SCALIBR, S_TRIVY, S_SYFT, S_UNKNOWN };

struct run {
    size_t cases, executables, agreed, main_by_name, needs_file;
};

static enum style style_of(const char *name)
{
    if (!strncmp(name, "scalibr-", 8))
        return S_SCALIBR;
    if (!strncmp(name, "trivy-", 6))
        return S_TRIVY;
    if (!strncmp(name, "syft-", 5))
        return S_SYFT;
    return S_UNKNOWN;
}

/* A module version in the scanner's spelling. */
static void spell_version(enum style st, const char *v, struct ck_buf *out)
{
    if (st == S_SCALIBR && v[0] == 'v' && v[1] >= '0' && v[1] <= '9')
        v++;
    if (st == S_TRIVY && !strcmp(v, "(devel)"))
        v = "";
    ck_buf_puts(out, v);
}

/* Our packages in the scanner's naming, one "name@version" line each but
 * the main module, whose version goes to main_version. */
static void our_packages(enum style st, const struct ck_gobuildinfo *bi, struct ck_buf *out,
                         struct ck_buf *main_version)
{
    size_t i;

    for (i = 0; i < bi->dep_count; i++) {
        ck_buf_printf(out, "%s@", bi->deps[i].path);
        spell_version(st, bi->deps[i].version, out);
        ck_buf_putc(out, '\n');
    }
    if (st == S_SCALIBR)
        ck_buf_printf(out, "go@%s\n", bi->stdlib_version ? bi->stdlib_version : "");
    else if (st == S_TRIVY)
        ck_buf_printf(out, "stdlib@v%s\n", bi->stdlib_version ? bi->stdlib_version : "");
    else
        ck_buf_printf(out, "stdlib@%s\n", bi->go_version);
    if (bi->has_main)
        spell_version(st, bi->main.version, main_version);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of text sorted into one string. */
static char *sorted_lines(const char *text)
{
    char *copy = malloc(strlen(text) + 1), *p, **lines = NULL;
    size_t n = 0, cap = 0, i;
    struct ck_buf out;

    ck_buf_init(&out);
    if (!copy)
        return NULL;
    strcpy(copy, text);
    for (p = strtok(copy, "\n"); p; p = strtok(NULL, "\n")) {
        if (n == cap) {
            char **l = realloc(lines, (cap = cap ? cap * 2 : 16) * sizeof *l);
            if (!l)
                break;
            lines = l;
        }
        lines[n++] = p;
    }
    if (n)
        qsort(lines, n, sizeof *lines, cmp_str);
    for (i = 0; i < n; i++)
        ck_buf_printf(&out, "%s\n", lines[i]);
    free(lines);
    free(copy);
    return ck_buf_take(&out);
}

/* expected.json's packages as lines; the one named main_name (when given)
 * is left out, its version put in main_version. */
static int expected_packages(const char *dir, const char *main_name, struct ck_buf *out, int *main_found,
                             struct ck_buf *main_version)
{
    char *path = ck_path_join(dir, "expected.json");
    size_t len = 0;
    char *text = path ? ck_test_read_path(path, &len) : NULL;
    cJSON *root = text ? cJSON_Parse(text) : NULL;
    const cJSON *item;

    free(path);
    free(text);
    if (!cJSON_IsArray(root)) {
        cJSON_Delete(root);
        return 0;
    }
    cJSON_ArrayForEach(item, root) {
        const char *name = ck_json_str(item, "name"), *version = ck_json_str(item, "version");
        if (!name)
            continue;
        if (main_name && !strcmp(name, main_name)) {
            *main_found = 1;
            ck_buf_puts(main_version, version ? version : "");
            continue;
        }
        ck_buf_printf(out, "%s@%s\n", name, version ? version : "");
    }
    cJSON_Delete(root);
    return 1;
}

static enum ck_status scan_whole(const unsigned char *d, size_t len, struct ck_gobuildinfo *out, struct ck_err *err)
{
    struct ck_gobuildinfo_scan *s = NULL;
    size_t off;
    enum ck_status st;

    if (ck_gobuildinfo_scan_new(&s) != CK_OK)
        return CK_ERR_NOMEM;
    for (off = 0; off < len; off += 65536)
        if (ck_gobuildinfo_scan_push(s, d + off, len - off < 65536 ? len - off : 65536))
            break;
    st = ck_gobuildinfo_scan_finish(s, out, err);
    ck_gobuildinfo_scan_free(s);
    return st;
}

/* One executable of a case against the case's expected.json. */
static void check_input(struct run *run, const char *case_dir, const char *case_name, const unsigned char *data,
                        size_t len)
{
    enum style st = style_of(case_name);
    struct ck_gobuildinfo bi, sc;
    struct ck_err err;
    struct ck_buf ours, main_version, main_want, theirs;
    char *a = NULL, *b = NULL;
    int main_found = 0, main_ok;
    enum ck_status rs;

    run->executables++;
    ck_gobuildinfo_init(&bi);
    ck_gobuildinfo_init(&sc);
    ck_buf_init(&ours);
    ck_buf_init(&main_version);
    ck_buf_init(&main_want);
    ck_buf_init(&theirs);
    CK_CHECK_INT(ck_gobuildinfo_read(data, len, &bi, &err), CK_OK);
    if (!bi.go_version) {
        fprintf(stderr, "FAIL %s: %s\n", case_name, err.msg);
        goto cleanup;
    }
    rs = scan_whole(data, len, &sc, &err);
    if (rs == CK_GOBI_NEEDS_FILE) {
        run->needs_file++;
        CK_CHECK(!bi.inline_form);
    } else {
        CK_CHECK_INT(rs, CK_OK);
        CK_CHECK(sc.go_version && !strcmp(sc.go_version, bi.go_version) && sc.dep_count == bi.dep_count &&
                 sc.offset == bi.offset);
    }
    our_packages(st, &bi, &ours, &main_version);
    if (!expected_packages(case_dir, bi.has_main ? bi.main.path : NULL, &theirs, &main_found, &main_want)) {
        CK_CHECK(!"expected.json is a JSON array");
        goto cleanup;
    }
    a = sorted_lines(ck_buf_str(&ours));
    b = sorted_lines(ck_buf_str(&theirs));
    if (!a || !b) {
        CK_CHECK(!"out of memory");
        goto cleanup;
    }
    if (main_found && !strcmp(ck_buf_str(&main_version), ck_buf_str(&main_want)))
        main_ok = 1;
    else if (st != S_SCALIBR && bi.has_main && !strcmp(bi.main.version, "(devel)")) {
        main_ok = 1; /* Trivy and Syft: a version from -ldflags or symbols, or none reported */
        run->main_by_name++;
    } else
        main_ok = !main_found && !(bi.has_main && bi.main.path[0]);
    CK_CHECK(main_ok);
    CK_CHECK_STR(a, b);
    if (main_ok && !strcmp(a, b))
        run->agreed++;
    fprintf(stderr, "%s %s: %s, %zu deps, main %s %s\n", main_ok && !strcmp(a, b) ? "ok  " : "FAIL", case_name,
            bi.go_version, bi.dep_count, bi.main.path, bi.main.version);
cleanup:
    free(a);
    free(b);
    ck_buf_release(&ours);
    ck_buf_release(&main_version);
    ck_buf_release(&main_want);
    ck_buf_release(&theirs);
    ck_gobuildinfo_release(&bi);
    ck_gobuildinfo_release(&sc);
}

struct walk {
    struct run *run;
    const char *case_dir, *case_name, *dir;
};

static int visit_input(void *ctx, const char *name)
{
    struct walk *w = ctx, sub;
    char *path = ck_path_join(w->dir, name);
    enum ck_fs_kind kind = path ? ck_fs_kind_of(path) : CK_FS_NONE;

    if (kind == CK_FS_DIR) {
        sub = *w;
        sub.dir = path;
        ck_dir_list(path, visit_input, &sub);
    } else if (kind == CK_FS_FILE) {
        size_t len = 0;
        unsigned char *data = (unsigned char *)ck_test_read_path(path, &len);
        if (data && ck_gobuildinfo_is_executable(data, len < 4096 ? len : 4096))
            check_input(w->run, w->case_dir, w->case_name, data, len);
        free(data);
    }
    free(path);
    return 0;
}

static int visit_case(void *ctx, const char *name)
{
    struct walk *w = ctx, sub;
    char *dir = ck_path_join(w->dir, name);
    char *input = dir ? ck_path_join(dir, "input") : NULL;

    if (input && ck_fs_kind_of(input) == CK_FS_DIR) {
        w->run->cases++;
        sub = *w;
        sub.case_dir = dir;
        sub.case_name = name;
        sub.dir = input;
        ck_dir_list(input, visit_input, &sub);
    }
    free(input);
    free(dir);
    return 0;
}

static const char *shared_go;

static void test_go_cases(void)
{
    struct run run;
    struct walk w;

    memset(&run, 0, sizeof run);
    memset(&w, 0, sizeof w);
    w.run = &run;
    w.dir = shared_go;
    ck_dir_list(shared_go, visit_case, &w);
    fprintf(stderr,
            "Go cases: %zu, executables: %zu, agreeing: %zu (main module by name only: %zu; pointer form, "
            "whole file needed by the scanner: %zu)\n",
            run.cases, run.executables, run.agreed, run.main_by_name, run.needs_file);
    CK_CHECK(run.executables > 0);
    CK_CHECK_INT(run.agreed, run.executables);
}

int main(int argc, char **argv)
{
    char *go;
    int rc;

    if (argc < 3 || !ck_is_dir(argv[2])) {
        fprintf(stderr, "skipped: no shared fixtures folder\n");
        return CK_SKIP_CODE;
    }
    go = ck_path_join(argv[2], "pkgdb/lang/Go");
    if (!go || !ck_is_dir(go)) {
        free(go);
        fprintf(stderr, "skipped: no pkgdb/lang/Go in the shared fixtures\n");
        return CK_SKIP_CODE;
    }
    shared_go = go;
    CK_RUN(test_go_cases);
    rc = ck_test_summary();
    free(go);
    return rc;
}
