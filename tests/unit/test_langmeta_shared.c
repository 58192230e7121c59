/* Extended suite: every case of ../shared/fixtures/pkgdb/lang/<eco>/ for the
 * ecosystems of inventory/lang/ (npm, PyPI, RubyGems, Packagist, NuGet,
 * crates.io, Maven) run through these parsers and compared with the case's
 * expected.json, which another scanner's tests hold (SOURCE.txt names it).
 * Exits 77 when the folder is absent.
 *
 * Like is compared with like: Syft's PyPI names are PEP 503-normalised and
 * its Maven names are the artifactId only, so ours are put in those forms
 * for syft-* cases; scalibr-* and real-* names are compared as written.
 * Packages are compared as sets of name and version.
 *
 * What the harness does that the parsers do not (a cataloger's later job):
 * a case's files are chosen by the parsers' own path rules, or, where the
 * upstream test handed its extractor one file, that file; Python archives
 * (.whl, .egg) are opened with the core's zip reader; the .dep-v0 section
 * of an ELF binary is cut out here. Java archives are read whole by
 * ck_jar_parse in test_jar_shared.c, which compares those cases; here they
 * are counted as not compared.
 *
 * Every disagreement must be one listed in `explained` below with its
 * reason; a listed case that agrees again fails too, so the list stays true.
 * Per-case results and per-ecosystem counts are printed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "inventory/lang/cargo.h"
#include "inventory/lang/composer.h"
#include "inventory/lang/dotnet.h"
#include "inventory/lang/java.h"
#include "inventory/lang/npm.h"
#include "inventory/lang/python.h"
#include "inventory/lang/ruby.h"
#include "platform/dir.h"
#include "platform/platform.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/zip.h"

struct known {
    const char *eco, *name, *reason;
};

static const struct known explained[] = {
    {"npm", "scalibr-javascript-packagejson-duplicate-keys-in-dev-deps",
     "osv-scalibr also reports a manifest's declared dependencies whose range is one exact version (my-dep 1.0.0); we report the manifest's own package only: an installed dependency has a package.json of its own"},
    {"npm", "scalibr-javascript-packagejson-package-with-dependencies",
     "osv-scalibr also reports the declared dependencies whose range names one version (dep1..dep5, dep7); we report the manifest's own package only"},
    {"npm", "scalibr-javascript-packagejson-vscode-extension",
     "osv-scalibr takes a \"contributes\" field as the mark of a VS Code extension; we skip manifests with engines.vscode (the field VS Code requires), and this one has none. In an image such a file outside node_modules is not picked by ck_npm_file_kind anyway"},
    {"npm", "syft-javascript-testparsepackagelocklicensewitharray",
     "Syft reports the lock file's root project (packages[\"\"], the project itself) and leaves dev packages out; we leave the root out and keep dev packages, flagged CK_LANG_DEV (tmp 1.0.0 is the root)"},
    {"npm", "syft-javascript-testparsepackagelockv1nesteddependencies",
     "Syft leaves dev packages out (dev-parent and dev-nested below it); we keep them, flagged CK_LANG_DEV"},
    {"npm", "syft-javascript-testparsepackagelockv2",
     "Syft reports the lock file's root project (packages[\"\"], the project itself) and leaves dev packages out; we leave the root out and keep dev packages, flagged CK_LANG_DEV (npm 6.14.6 is the root, async 3.2.4 is dev)"},
    {"npm", "syft-javascript-testparsepackagelockv3",
     "Syft reports the lock file's root project (packages[\"\"], the project itself) and leaves dev packages out; we leave the root out and keep dev packages, flagged CK_LANG_DEV (lock-v3-fixture is the root, async 3.2.4 is dev)"},
    {"npm", "syft-javascript-testparsepnpmlock",
     "the test's lock file had its packages: section cut down (\"# removed other packages\"); Syft also reads the importer's dependencies: map, we read packages:, where a real lock file lists every installed package"},
    {"npm", "syft-javascript-testparseyarnberry",
     "the entry \"c0n-fab_u.laTION@workspace:.\" is the project itself (its root workspace); Syft reports it, we leave it out (other workspaces are kept, flagged CK_LANG_LINK)"},
    {"npm", "syft-javascript-testparseyarnlock",
     "Syft names the entry after its resolved tarball URL (something-i-made-up for c0n-fab_u.laTION@^7.0.0); we name it as the lock file's entry does (the name the project depends on; an alias is written \"x@npm:real@range\" in the key, which we follow)"},
    {"npm", "syft-javascript-testparseyarnlockwithrelationships",
     "Syft names the entry after its resolved tarball URL (something-i-made-up for c0n-fab_u.laTION@^7.0.0); we name it as the lock file's entry does (the name the project depends on; an alias is written \"x@npm:real@range\" in the key, which we follow)"},
    {"npm", "syft-javascript-testparseyarnlockwithduplicates",
     "Syft names the entry after its resolved tarball URL (@4lolo/resize-observer-polyfill for resize-observer-polyfill@^1.5.1); we name it as the lock file's entry does (the name the project depends on; an alias is written \"x@npm:real@range\" in the key, which we follow)"},
    {"PyPI", "syft-python-egg-file-no-version",
     "Syft reports the distribution with an empty version; we skip metadata without a Version header (nothing could be matched) and count a warning"},
    {"RubyGems", "scalibr-ruby-gemspec-version-constant-class",
     "the version is a Ruby constant defined in a version.rb the gemspec requires; osv-scalibr reads that file, we never evaluate or follow code (a warning is counted, no package)"},
    {"RubyGems", "scalibr-ruby-gemspec-version-constant-different-casing",
     "the version is a Ruby constant defined in a version.rb the gemspec requires; osv-scalibr reads that file, we never evaluate or follow code (a warning is counted, no package)"},
    {"RubyGems", "scalibr-ruby-gemspec-version-constant-gemspec",
     "the version is a Ruby constant defined in a version.rb the gemspec requires; osv-scalibr reads that file, we never evaluate or follow code (a warning is counted, no package)"},
    {"RubyGems", "scalibr-ruby-gemspec-version-constant-via-conditional-require",
     "the version is a Ruby constant defined in a version.rb the gemspec requires; osv-scalibr reads that file, we never evaluate or follow code (a warning is counted, no package)"},
    {"RubyGems", "scalibr-ruby-gemspec-version-constant-via-file-dirname",
     "the version is a Ruby constant defined in a version.rb the gemspec requires; osv-scalibr reads that file, we never evaluate or follow code (a warning is counted, no package)"},
    {"RubyGems", "scalibr-ruby-gemspec-version-constant-via-file-expand-path",
     "the version is a Ruby constant defined in a version.rb the gemspec requires; osv-scalibr reads that file, we never evaluate or follow code (a warning is counted, no package)"},
    {"RubyGems", "scalibr-ruby-gemspec-version-constant-via-file-join",
     "the version is a Ruby constant defined in a version.rb the gemspec requires; osv-scalibr reads that file, we never evaluate or follow code (a warning is counted, no package)"},
    {"RubyGems", "scalibr-ruby-gemspec-version-constant-via-file-join-multiline",
     "the version is a Ruby constant defined in a version.rb the gemspec requires; osv-scalibr reads that file, we never evaluate or follow code (a warning is counted, no package)"},
    {"RubyGems", "scalibr-ruby-gemspec-version-constant-via-nested-file-expand-path-and-file-join",
     "the version is a Ruby constant defined in a version.rb the gemspec requires; osv-scalibr reads that file, we never evaluate or follow code (a warning is counted, no package)"},
    {"RubyGems", "scalibr-ruby-gemspec-version-constant-via-require",
     "the version is a Ruby constant defined in a version.rb the gemspec requires; osv-scalibr reads that file, we never evaluate or follow code (a warning is counted, no package)"},
    {"RubyGems", "scalibr-ruby-gemspec-version-constant-with-freeze",
     "the version is a Ruby constant defined in a version.rb the gemspec requires; osv-scalibr reads that file, we never evaluate or follow code (a warning is counted, no package)"},
    {"RubyGems", "scalibr-ruby-gemspec-version-inline-constant",
     "the version is the constant VERSION set in the gemspec itself; osv-scalibr resolves it, we take only literal values (a warning is counted)"},
    {"Packagist", "syft-php-testparsecomposerfilelock",
     "we report \"packages-dev\" too, flagged CK_LANG_DEV; Syft leaves them out"},
    {"Maven", "scalibr-java-archive-apache-axis-package-with-incorrect-artifact-and-group-id-and",
     "the manifest has Implementation-Title \"Apache Axis\" and no Implementation-Vendor-Id or Bundle-SymbolicName; osv-scalibr maps it through a built-in table of known artifacts to org.apache.axis:axis, we name nothing the manifest does not state"},
    {"Maven", "scalibr-java-archive-test-artifact-id-that-is-mapped-to-a-known-group-id",
     "the manifest names spring-web with no group (no Implementation-Vendor-Id); osv-scalibr supplies org.springframework from a table of known artifacts, we do not guess the group"},
    {"Maven", "scalibr-java-archive-test-invalid-group-or-artifact-id-in-manifest-mf",
     "osv-scalibr falls back to Extension-Name and Bundle-Name (test.group:correct.name); we read Bundle-SymbolicName and Implementation-Vendor-Id/-Title only, and refuse the values with spaces and '%' these have"},
    {"Maven", "scalibr-java-archive-test-manifest-mf-with-symbolic-name",
     "both read Bundle-SymbolicName com.google.guava.failureaccess: osv-scalibr keeps it whole as the group (com.google.guava.failureaccess:failureaccess), we split it at the last '.' (com.google.guava:failureaccess, the artifact's coordinates on Maven Central)"},
    {NULL, NULL, NULL}
};

enum style { S_AS_WRITTEN, S_SYFT };

struct run {
    const char *eco;
    enum style style;
    struct ck_lang_result r;
    int unsupported; /* the case needs a reader these parsers are not (nothing compared) */
    const char *why_unsupported;
};

static int starts(const char *s, const char *p)
{
    return !strncmp(s, p, strlen(p));
}

/* ---- archives and binaries --------------------------------------------------- */

/* A wheel or egg: its metadata files by the parser's own path rule. */
struct wheel {
    struct run *run;
    const char *label;
};

static enum ck_status wheel_entry(void *ctx, const struct ck_zip_entry *e, const char *data, size_t len)
{
    struct wheel *w = ctx;
    struct ck_err err;
    struct ck_buf path;

    if (!ck_python_wants(e->name))
        return CK_OK;
    ck_buf_init(&path);
    ck_buf_printf(&path, "%s!/%s", w->label, e->name);
    ck_python_parse(ck_buf_str(&path), data, len, &w->run->r, &err);
    ck_buf_release(&path);
    return CK_OK;
}

static void parse_archive(struct run *run, const char *label, const void *data, size_t len)
{
    struct ck_zip *z = NULL;
    struct ck_err err;
    struct wheel w;

    if (strcmp(run->eco, "PyPI")) {
        run->unsupported = 1;
        run->why_unsupported = !strcmp(run->eco, "Maven") ? "a Java archive (test_jar_shared compares it)"
                                                          : "an archive";
        return;
    }
    if (ck_zip_open_mem(data, len, NULL, &z, &err) != CK_OK)
        return;
    w.run = run;
    w.label = label;
    ck_zip_foreach(z, wheel_entry, &w, &err);
    ck_zip_close(z);
}

static uint64_t le(const unsigned char *p, int n)
{
    uint64_t v = 0;
    while (n--)
        v = (v << 8) | p[n];
    return v;
}

/* The .dep-v0 section of a 64-bit little-endian ELF file; NULL when none. */
static const unsigned char *elf_section(const unsigned char *d, size_t len, const char *want, size_t *out_len)
{
    uint64_t shoff, i, shnum, shent, stroff, strsize;
    const unsigned char *str;

    if (len < 64 || memcmp(d, "\x7f" "ELF", 4) || d[4] != 2 || d[5] != 1)
        return NULL;
    shoff = le(d + 0x28, 8);
    shent = le(d + 0x3A, 2);
    shnum = le(d + 0x3C, 2);
    i = le(d + 0x3E, 2);
    if (shent < 64 || shoff > len || shnum > (len - shoff) / shent || i >= shnum)
        return NULL;
    str = d + shoff + i * shent;
    stroff = le(str + 0x18, 8);
    strsize = le(str + 0x20, 8);
    if (stroff > len || strsize > len - stroff)
        return NULL;
    for (i = 0; i < shnum; i++) {
        const unsigned char *sh = d + shoff + i * shent;
        uint64_t name = le(sh, 4), off = le(sh + 0x18, 8), size = le(sh + 0x20, 8);
        if (name < strsize && !strncmp((const char *)d + stroff + name, want, strsize - name) && off <= len &&
            size <= len - off) {
            *out_len = (size_t)size;
            return d + off;
        }
    }
    return NULL;
}

/* ---- one input file ----------------------------------------------------------- */

static void parse_file(struct run *run, const char *cname, const char *rel, const unsigned char *data, size_t len)
{
    const char *base = ck_lang_basename(rel);
    struct ck_lang_result *r = &run->r;
    struct ck_err err;
    const char *eco = run->eco;
    char path[1200];

    snprintf(path, sizeof path, "/%s", rel); /* as an absolute path in an image */
    if (len >= 4 && !memcmp(data, "PK\3\4", 4)) {
        parse_archive(run, path, data, len);
        return;
    }
    if (!strcmp(eco, "npm")) {
        if (starts(cname, "real-")) {
            if (ck_npm_file_kind(path) == CK_NPM_LOCK)
                ck_npm_parse(path, data, len, r, &err);
        } else if (strstr(rel, "pkg-lock/")) {
            ck_npm_parse_package_lock(path, data, len, r, &err);
        } else if (!strcmp(base, "yarn.lock")) {
            ck_npm_parse_yarn_lock(path, data, len, r, &err);
        } else if (!strcmp(base, "pnpm-lock.yaml")) {
            ck_npm_parse_pnpm_lock(path, data, len, r, &err);
        } else {
            ck_npm_parse_package_json(path, data, len, r, &err);
        }
    } else if (!strcmp(eco, "PyPI")) {
        /* syft walks a tree (our path rule picks the files); scalibr's test
         * hands its extractor each file */
        if (starts(cname, "scalibr-") || ck_python_wants(path))
            ck_python_parse(path, data, len, r, &err);
    } else if (!strcmp(eco, "RubyGems")) {
        if (!strcmp(base, "Gemfile.lock"))
            ck_ruby_parse_gemfile_lock(path, data, len, r, &err);
        else if (ck_lang_ends(base, ".gemspec", 0))
            ck_ruby_parse_gemspec(path, data, len, r, &err);
    } else if (!strcmp(eco, "Packagist")) {
        ck_composer_parse(path, data, len, r, &err);
    } else if (!strcmp(eco, "NuGet")) {
        if (!strcmp(base, "packages.lock.json")) {
            run->unsupported = 1;
            run->why_unsupported = "packages.lock.json (a NuGet lock file, not a deps.json)";
        } else {
            ck_dotnet_parse(path, data, len, r, &err);
        }
    } else if (!strcmp(eco, "crates.io")) {
        size_t n = 0;
        const unsigned char *sec = elf_section(data, len, ".dep-v0", &n);
        if (sec)
            ck_cargo_parse_audit(path, sec, n, r, &err);
        else if (starts(base, "Cargo.lock"))
            ck_cargo_parse_lock(path, data, len, r, &err);
    } else if (!strcmp(eco, "Maven")) {
        if (ck_lang_ends(base, "pom.properties", 0))
            ck_java_parse_pom_properties(path, data, len, r, &err);
        else if (!strcmp(base, "MANIFEST.MF"))
            ck_java_parse_manifest(path, data, len, r, &err);
    }
}

struct walk {
    struct run *run;
    const char *cname, *dir, *rel;
};

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
        unsigned char *data = (unsigned char *)ck_test_read_path(path, &len);
        if (data)
            parse_file(w->run, w->cname, ck_buf_str(&rel), data, len);
        free(data);
    }
    free(path);
    ck_buf_release(&rel);
    return 0;
}

/* ---- comparing ----------------------------------------------------------------- */

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
    for (i = 0; i < n; i++) {
        if (!i || strcmp(lines[i], lines[i - 1]))
            ck_buf_printf(&b, "%s\n", lines[i]);
    }
    for (i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
    return ck_buf_take(&b);
}

/* 1 when some name (the text before a tab) of the set has a ':'. */
static int names_have_colon(const char *set)
{
    const char *line = set;
    while (line && *line) {
        const char *tab = strchr(line, '\t'), *colon = strchr(line, ':');
        if (colon && tab && colon < tab)
            return 1;
        line = strchr(line, '\n');
        line = line ? line + 1 : NULL;
    }
    return 0;
}

static char *ours(const struct run *run, int maven_artifact_only)
{
    char **lines = calloc(run->r.count + 1, sizeof *lines);
    size_t i;

    for (i = 0; lines && i < run->r.count; i++) {
        const struct ck_lang_package *p = &run->r.packages[i];
        char *name = NULL;
        const char *shown = p->name;
        struct ck_buf l;
        if (run->style == S_SYFT && !strcmp(run->eco, "PyPI"))
            shown = name = ck_python_normalise_name(p->name);
        else if (maven_artifact_only && strchr(p->name, ':'))
            shown = strchr(p->name, ':') + 1;
        ck_buf_init(&l);
        ck_buf_printf(&l, "%s\t%s", shown ? shown : "", p->version);
        lines[i] = ck_buf_take(&l);
        free(name);
    }
    return join_set(lines, run->r.count);
}

static char *theirs(const char *case_dir)
{
    char *path = ck_path_join(case_dir, "expected.json"), **lines;
    size_t len = 0, n = 0, i = 0;
    unsigned char *data = path ? (unsigned char *)ck_test_read_path(path, &len) : NULL;
    cJSON *root = data ? cJSON_ParseWithLength((const char *)data, len) : NULL;
    const cJSON *e;

    free(path);
    free(data);
    n = (size_t)cJSON_GetArraySize(root);
    lines = calloc(n + 1, sizeof *lines);
    cJSON_ArrayForEach(e, root) {
        struct ck_buf l;
        const char *v = ck_json_str(e, "version");
        ck_buf_init(&l);
        ck_buf_printf(&l, "%s\t%s", ck_json_str(e, "name") ? ck_json_str(e, "name") : "", v ? v : "");
        if (lines && i < n)
            lines[i++] = ck_buf_take(&l);
        else
            ck_buf_release(&l);
    }
    cJSON_Delete(root);
    return lines ? join_set(lines, i) : NULL;
}

/* ---- the cases ------------------------------------------------------------------- */

struct tally {
    const char *eco;
    size_t cases, agree, explained, unsupported;
};

static const struct known *explanation(const char *eco, const char *cname)
{
    size_t i;
    for (i = 0; explained[i].eco; i++)
        if (!strcmp(explained[i].eco, eco) && !strcmp(explained[i].name, cname))
            return &explained[i];
    return NULL;
}

static size_t used[64];

static void run_case(struct tally *t, const char *eco_dir, const char *cname)
{
    char *case_dir = ck_path_join(eco_dir, cname), *input = NULL, *a = NULL, *b = NULL;
    const struct known *k = explanation(t->eco, cname);
    struct run run;
    struct walk w;

    memset(&run, 0, sizeof run);
    run.eco = t->eco;
    run.style = starts(cname, "syft-") ? S_SYFT : S_AS_WRITTEN;
    ck_lang_result_init(&run.r);
    input = case_dir ? ck_path_join(case_dir, "input") : NULL;
    if (!input)
        goto cleanup;
    w.run = &run;
    w.cname = cname;
    w.dir = input;
    w.rel = "";
    ck_dir_list(input, visit, &w);
    t->cases++;
    if (run.unsupported) {
        t->unsupported++;
        printf("  %-90s not compared: %s\n", cname, run.why_unsupported);
        goto cleanup;
    }
    b = theirs(case_dir);
    /* Syft names a jar's package by its artifactId, a pom.properties' by group:artifact */
    a = ours(&run, run.style == S_SYFT && !strcmp(run.eco, "Maven") && b && !names_have_colon(b));
    CK_CHECK(a && b);
    if (a && b && !strcmp(a, b)) {
        t->agree++;
        printf("  %-90s agree (%zu)\n", cname, run.r.count);
        if (k) {
            fprintf(stderr, "%s/%s agrees now: drop it from the explained list\n", t->eco, cname);
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
    ck_lang_result_release(&run.r);
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
    ns->v[ns->n] = malloc(strlen(name) + 1);
    if (ns->v[ns->n])
        strcpy(ns->v[ns->n++], name);
    return 0;
}

static void run_ecosystem(const char *root, struct tally *t)
{
    char *dir = ck_path_join(root, t->eco);
    struct names ns = {NULL, 0, 0};
    size_t i;

    if (dir && ck_dir_list(dir, collect, &ns) == CK_OK) {
        qsort(ns.v, ns.n, sizeof *ns.v, cmp_str);
        printf("%s\n", t->eco);
        for (i = 0; i < ns.n; i++)
            run_case(t, dir, ns.v[i]);
    }
    for (i = 0; i < ns.n; i++)
        free(ns.v[i]);
    free(ns.v);
    free(dir);
}

static const char *root;

static void test_shared_goldens(void)
{
    static struct tally t[] = {{"npm"}, {"PyPI"}, {"RubyGems"}, {"Packagist"}, {"NuGet"}, {"crates.io"}, {"Maven"}};
    size_t i, n = sizeof t / sizeof t[0];

    for (i = 0; i < n; i++)
        run_ecosystem(root, &t[i]);
    printf("\nper ecosystem: cases, agree, disagree (explained), not compared\n");
    for (i = 0; i < n; i++)
        printf("  %-10s %3zu cases: %3zu agree, %3zu disagree (explained), %zu not compared\n", t[i].eco,
               t[i].cases, t[i].agree, t[i].explained, t[i].unsupported);
    for (i = 0; explained[i].eco; i++) {
        if (!used[i])
            fprintf(stderr, "explained case %s/%s was not seen disagreeing\n", explained[i].eco, explained[i].name);
        CK_CHECK(used[i]);
    }
}

int main(int argc, char **argv)
{
    char *dir;

    setvbuf(stdout, NULL, _IONBF, 0); /* in order with the checks' messages on stderr */
    if (argc < 3)
        return CK_SKIP_CODE;
    dir = ck_path_join(argv[2], "pkgdb/lang");
    if (!dir || ck_fs_kind_of(dir) != CK_FS_DIR) {
        fprintf(stderr, "%s not found: skipped\n", dir ? dir : argv[2]);
        free(dir);
        return CK_SKIP_CODE;
    }
    root = dir;
    CK_RUN(test_shared_goldens);
    free(dir);
    return ck_test_summary();
}
