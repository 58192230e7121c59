/* Extended suite: every Maven case of ../shared/fixtures/pkgdb/lang/Maven
 * whose input holds a Java archive (.jar, .war, .ear, .par, or a file that
 * starts as a zip does), read whole by ck_jar_parse and compared with the
 * case's expected.json, the package list another scanner's tests hold
 * (SOURCE.txt names it). Cases whose input is a bare pom.properties or
 * MANIFEST.MF are test_langmeta_shared's. Exits 77 when the folder is absent.
 *
 * Like is compared with like: Syft names a jar's package by its artifactId
 * (the group is in its PURL), so for syft-* cases whose expected names hold
 * no ':' ours are cut to the artifactId; scalibr-* names are compared as
 * written ("groupId:artifactId"). Packages are compared as sets of name and
 * version. Besides: each package's detail must be the archive's path or a
 * place inside it ("<path>!/..."), and a call must fail for no case.
 *
 * Every disagreement must be one listed in `explained` below with its
 * reason; a listed case that agrees again fails too, so the list stays true. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "inventory/lang/jar.h"
#include "platform/dir.h"
#include "platform/platform.h"
#include "util/buf.h"
#include "util/json.h"

struct known {
    const char *name, *reason;
};

static const struct known explained[] = {
    {"scalibr-java-archive-jar-file-with-invalid-pom-properties-and-manifest-identifyby",
     "osv-scalibr run with its IdentifyByFilename option guesses the artifact from the jar's file name; we only read what the archive states"},
    {"scalibr-java-archive-jar-file-with-no-pom-properties-and-manifest-and-identifybyf",
     "osv-scalibr run with its IdentifyByFilename option guesses the artifact from the jar's file name; we only read what the archive states"},
    {"scalibr-java-archive-jar-file-with-no-pom-properties-and-manifest-and-identifybyf-org-eclipse-sisu-inject-0-3-5-jar",
     "osv-scalibr run with its IdentifyByFilename option guesses the artifact from the jar's file name; we only read what the archive states"},
    {"scalibr-java-archive-jar-file-with-pom-properties",
     "the test jar keeps pom.properties at the archive root, not under META-INF/maven/<groupId>/<artifactId>/ where Maven writes it; ck_java_file_kind does not take it"},
    {"scalibr-java-archive-jar-file-with-pom-properties-at-multiple-depths",
     "the test jar keeps pom.properties at the root of each nested archive, not under META-INF/maven/<groupId>/<artifactId>/ where Maven writes it; ck_java_file_kind does not take it"},
    {"scalibr-java-archive-nested-jars-with-pom-properties-at-depth-10",
     "the test jar keeps pom.properties at the root of the innermost archive, not under META-INF/maven/<groupId>/<artifactId>/ where Maven writes it; and that archive is 10 levels down, past CK_JAR_MAX_DEPTH (8)"},
    {"scalibr-java-archive-test-manifest-mf-with-no-valid-artifactid",
     "Bundle-SymbolicName com.google.src.yolo with Bundle-Version 0.1.2 gives us com.google.src:yolo 0.1.2 by the bundle plugin's <groupId>.<artifactId> form; osv-scalibr finds no valid artifactId (its Bundle-Name has spaces) and reports nothing"},
    {"syft-java-micronaut-aop",
     "the jar has a pom.xml but no pom.properties, and its manifest names no group (Implementation-Title \"Micronaut Core\"); Syft reads pom.xml and the file name, we read neither"},
    {NULL, NULL}
};

static int used[sizeof explained / sizeof explained[0]];

struct tally {
    size_t cases, archives, agree, explained;
};

struct found {
    struct ck_lang_result r;
    size_t archives;
    int details_ok;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted distinct "name\tversion\n" lines of n strings (freed here). */
static char *join_set(char **lines, size_t n)
{
    struct ck_buf b;
    size_t i;

    qsort(lines, n, sizeof *lines, cmp_str);
    ck_buf_init(&b);
    ck_buf_puts(&b, "");
    for (i = 0; i < n; i++)
        if (!i || strcmp(lines[i], lines[i - 1]))
            ck_buf_printf(&b, "%s\n", lines[i]);
    for (i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
    return ck_buf_take(&b);
}

static char *ours(const struct ck_lang_result *r, int artifact_only)
{
    char **lines = calloc(r->count + 1, sizeof *lines);
    size_t i;

    for (i = 0; lines && i < r->count; i++) {
        const char *name = r->packages[i].name, *colon = strchr(name, ':');
        struct ck_buf l;
        ck_buf_init(&l);
        ck_buf_printf(&l, "%s\t%s", artifact_only && colon ? colon + 1 : name, r->packages[i].version);
        lines[i] = ck_buf_take(&l);
    }
    return lines ? join_set(lines, r->count) : NULL;
}

/* expected.json as a set; *colon set when some name holds a ':'. */
static char *theirs(const char *case_dir, int *colon)
{
    char *path = ck_path_join(case_dir, "expected.json"), **lines;
    size_t len = 0, n, i = 0;
    char *data = path ? ck_test_read_path(path, &len) : NULL;
    cJSON *root = data ? cJSON_ParseWithLength(data, len) : NULL;
    const cJSON *e;

    free(path);
    free(data);
    if (!cJSON_IsArray(root)) {
        cJSON_Delete(root);
        return NULL;
    }
    n = (size_t)cJSON_GetArraySize(root);
    lines = calloc(n + 1, sizeof *lines);
    cJSON_ArrayForEach(e, root) {
        const char *name = ck_json_str(e, "name"), *v = ck_json_str(e, "version");
        struct ck_buf l;
        if (name && strchr(name, ':'))
            *colon = 1;
        ck_buf_init(&l);
        ck_buf_printf(&l, "%s\t%s", name ? name : "", v ? v : "");
        if (lines && i < n)
            lines[i++] = ck_buf_take(&l);
        else
            ck_buf_release(&l);
    }
    cJSON_Delete(root);
    return lines ? join_set(lines, i) : NULL;
}

/* ---- reading a case's input --------------------------------------------------- */

struct walk {
    struct found *found;
    const char *dir, *rel;
};

static void read_archive(struct found *fd, const char *rel, const char *data, size_t len)
{
    struct ck_err err;
    char path[1200];
    size_t i, before = fd->r.count;

    snprintf(path, sizeof path, "/%s", rel); /* as an absolute path in an image */
    fd->archives++;
    if (ck_jar_parse(&fd->r, path, data, len, &err) != CK_OK) {
        fprintf(stderr, "%s: %s\n", path, err.msg);
        CK_CHECK(!"ck_jar_parse failed on a case's archive");
        return;
    }
    for (i = before; i < fd->r.count; i++) {
        const char *d = fd->r.packages[i].detail;
        size_t n = strlen(path);
        if (!d || strncmp(d, path, n) || (d[n] && strncmp(d + n, "!/", 2)))
            fd->details_ok = 0;
    }
    for (i = 0; i < fd->r.warnings_kept; i++)
        printf("      warning: %s\n", fd->r.warnings[i]);
}

static int visit(void *ctx, const char *name)
{
    struct walk *w = ctx, sub;
    char *path = ck_path_join(w->dir, name);
    struct ck_buf rel;

    ck_buf_init(&rel);
    ck_buf_printf(&rel, "%s%s%s", w->rel, *w->rel ? "/" : "", name);
    if (path && ck_fs_kind_of(path) == CK_FS_DIR) {
        sub = *w;
        sub.dir = path;
        sub.rel = ck_buf_str(&rel);
        ck_dir_list(path, visit, &sub);
    } else if (path && ck_fs_kind_of(path) == CK_FS_FILE) {
        size_t len = 0;
        char *data = ck_test_read_path(path, &len);
        if (data && (ck_jar_wants(name) || (len >= 4 && !memcmp(data, "PK\3\4", 4))))
            read_archive(w->found, ck_buf_str(&rel), data, len);
        free(data);
    }
    free(path);
    ck_buf_release(&rel);
    return 0;
}

/* ---- the cases ------------------------------------------------------------------ */

static const struct known *explanation(const char *cname)
{
    size_t i;
    for (i = 0; explained[i].name; i++)
        if (!strcmp(explained[i].name, cname))
            return &explained[i];
    return NULL;
}

static void run_case(struct tally *t, const char *eco_dir, const char *cname)
{
    char *case_dir = ck_path_join(eco_dir, cname), *input = NULL, *a = NULL, *b = NULL;
    const struct known *k = explanation(cname);
    struct found fd;
    struct walk w;
    int colon = 0;

    memset(&fd, 0, sizeof fd);
    fd.details_ok = 1;
    ck_lang_result_init(&fd.r);
    t->cases++;
    input = case_dir ? ck_path_join(case_dir, "input") : NULL;
    if (!input)
        goto cleanup;
    w.found = &fd;
    w.dir = input;
    w.rel = "";
    ck_dir_list(input, visit, &w);
    if (!fd.archives) {
        if (k) {
            fprintf(stderr, "explained case %s holds no archive\n", cname);
            CK_CHECK(!k);
        }
        goto cleanup; /* a bare metadata file: test_langmeta_shared's */
    }
    t->archives++;
    CK_CHECK(fd.details_ok);
    b = theirs(case_dir, &colon);
    a = ours(&fd.r, !strncmp(cname, "syft-", 5) && !colon);
    CK_CHECK(a && b);
    if (a && b && !strcmp(a, b)) {
        t->agree++;
        printf("  %-90s agree (%zu)\n", cname, fd.r.count);
        if (k) {
            fprintf(stderr, "%s agrees now: drop it from the explained list\n", cname);
            CK_CHECK(!k);
        }
    } else if (a && b) {
        if (k) {
            t->explained++;
            used[k - explained] = 1;
            printf("  %-90s DISAGREE, explained: %s\n", cname, k->reason);
        } else {
            printf("  %-90s DISAGREE, not explained\n", cname);
            CK_CHECK(k != NULL);
        }
        printf("      ours:\n%s      theirs:\n%s", a, b);
    }
cleanup:
    free(a);
    free(b);
    free(input);
    free(case_dir);
    ck_lang_result_release(&fd.r);
}

struct names {
    char **v;
    size_t n, cap;
};

static int collect(void *ctx, const char *name)
{
    struct names *ns = ctx;
    if (ns->n == ns->cap) {
        size_t cap = ns->cap ? ns->cap * 2 : 64;
        char **v = realloc(ns->v, cap * sizeof *v);
        if (!v)
            return 1;
        ns->v = v;
        ns->cap = cap;
    }
    if ((ns->v[ns->n] = malloc(strlen(name) + 1)) != NULL)
        strcpy(ns->v[ns->n++], name);
    return 0;
}

static const char *maven_dir;

static void test_maven_archives(void)
{
    struct tally t = {0, 0, 0, 0};
    struct names ns = {NULL, 0, 0};
    size_t i;

    CK_REQUIRE(ck_dir_list(maven_dir, collect, &ns) == CK_OK);
    qsort(ns.v, ns.n, sizeof *ns.v, cmp_str);
    for (i = 0; i < ns.n; i++)
        run_case(&t, maven_dir, ns.v[i]);
    printf("\nMaven: %zu cases, %zu with an archive: %zu agree, %zu disagree (explained)\n", t.cases, t.archives,
           t.agree, t.explained);
    CK_CHECK(t.archives > 0);
    for (i = 0; explained[i].name; i++) {
        if (!used[i])
            fprintf(stderr, "explained case %s was not seen disagreeing\n", explained[i].name);
        CK_CHECK(used[i]);
    }
    for (i = 0; i < ns.n; i++)
        free(ns.v[i]);
    free(ns.v);
}

int main(int argc, char **argv)
{
    char *dir;
    int rc;

    setvbuf(stdout, NULL, _IONBF, 0); /* in order with the checks' messages on stderr */
    if (argc < 3 || ck_fs_kind_of(argv[2]) != CK_FS_DIR) {
        fprintf(stderr, "skipped: no shared fixtures folder\n");
        return CK_SKIP_CODE;
    }
    dir = ck_path_join(argv[2], "pkgdb/lang/Maven");
    if (!dir || ck_fs_kind_of(dir) != CK_FS_DIR) {
        fprintf(stderr, "skipped: no pkgdb/lang/Maven in the shared fixtures\n");
        free(dir);
        return CK_SKIP_CODE;
    }
    maven_dir = dir;
    CK_RUN(test_maven_archives);
    rc = ck_test_summary();
    free(dir);
    return rc;
}
