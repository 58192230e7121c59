/* Extended suite: every version-ordering vector file of the shared fixtures
 * (<repo>/../shared/fixtures/versions), every line checked. Skips (77) when
 * the folder is absent.
 *
 * Files are named <scheme>_<source>.txt (deb_, apk_, rpm_). A line is
 * "A OP B" with OP one of < = >, or, in apk-tools' own format, the fuzzy
 * operators ~ <~ >~ with an optional '!' (negation), or a single version
 * ("ver" must be valid, "!ver" invalid). '#' starts a comment; "" is the
 * empty string. The rpm files taken from rpmvercmp's own tests compare bare
 * version strings (SOURCES.txt says so), the others full EVR strings.
 *
 * The language ecosystems' files (versions/lang/, README.md there) are
 * "A OP B" lines too, with comments only at the start of a line ("# ",
 * "// "); each is run under the scheme(s) its ecosystem uses. A few lines
 * of osv-scalibr's hand-written files record another implementation's
 * answer than the ecosystem's own tool gives; they are listed below with
 * the reason, and skipped (counted).
 * argv[1] is tests/fixtures; argv[2], when given, is the shared fixtures. */
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "platform/dir.h"
#include "platform/platform.h"
#include "vuln/vercmp.h"

enum { OP_LESS = 1, OP_EQUAL = 2, OP_GREATER = 4 };

struct vector_file {
    const char *name;
    enum ck_version_scheme scheme;
    int raw_rpmvercmp; /* compare with rpmvercmp, no EVR split */
    int lang;          /* a versions/lang file: comments only at line start */
    int lines, checked, failed, skipped;
};

/* Language vector files and the schemes they are run under. */
static const struct {
    const char *name;
    enum ck_version_scheme scheme;
} lang_files[] = {
    {"semver-versions.txt", CK_VERSION_SEMVER},
    {"semver-versions.txt", CK_VERSION_GO},
    {"semver-node-semver-derived.txt", CK_VERSION_SEMVER},
    {"pypi-versions.txt", CK_VERSION_PEP440},
    {"pep440-packaging-derived.txt", CK_VERSION_PEP440},
    {"maven-versions.txt", CK_VERSION_MAVEN},
    {"maven-ComparableVersionTest-3.9.x-derived.txt", CK_VERSION_MAVEN},
    {"rubygems-versions.txt", CK_VERSION_RUBYGEMS},
    {"rubygems-test_gem_version-derived.txt", CK_VERSION_RUBYGEMS},
    {"nuget-versions.txt", CK_VERSION_NUGET},
    {"packagist-versions.txt", CK_VERSION_PACKAGIST},
};

/* Lines whose expected answer is not the ecosystem tool's. */
static const struct {
    const char *file, *a, *b, *why;
} lang_skips[] = {
    {"maven-versions.txt", "1-1", "1-ga-1",
     "Maven 3.8.7's ComparableVersion gives '>' ([1, [1]] against [1, [[1]]])"},
    {"packagist-versions.txt", "4.3-2RC2", "4.3-2beta5", "Composer rejects both; PHP's raw version_compare ordered them"},
    {"packagist-versions.txt", "4.3-2", "4.3-2beta1", "Composer rejects both; PHP's raw version_compare ordered them"},
    {"packagist-versions.txt", "1.0.0", "1.0", "Composer normalises both to 1.0.0.0"},
    {"packagist-versions.txt", "1.2.3.#", "1.2.3", "Composer rejects '#'; osv-scalibr keeps it as a part"},
    {"packagist-versions.txt", "1.2.3.#", "1.2.3.1", "Composer rejects '#'; osv-scalibr keeps it as a part"},
    {"packagist-versions.txt", "1.2.3.#.1", "1.2.3", "Composer rejects '#'; osv-scalibr keeps it as a part"},
    {"packagist-versions.txt", "1.2.3.#.p3", "1.2.3", "Composer rejects '#'; osv-scalibr keeps it as a part"},
};

static int lang_skipped(const struct vector_file *f, const char *a, const char *b)
{
    size_t i;
    for (i = 0; i < sizeof lang_skips / sizeof lang_skips[0]; i++)
        if (!strcmp(f->name, lang_skips[i].file) && !strcmp(a, lang_skips[i].a) && !strcmp(b, lang_skips[i].b)) {
            fprintf(stderr, "  skip %s: '%s' vs '%s': %s\n", f->name, a, b, lang_skips[i].why);
            return 1;
        }
    return 0;
}

static int compare(const struct vector_file *f, const char *a, const char *b, int fuzzy)
{
    if (fuzzy)
        return ck_version_compare_apk_fuzzy(a, b);
    if (f->raw_rpmvercmp)
        return ck_version_rpmvercmp(a, b);
    return ck_version_compare(f->scheme, a, b);
}

static void fail(struct vector_file *f, int line, const char *what)
{
    f->failed++;
    ck_test_failures++;
    fprintf(stderr, "%s:%d: %s\n", f->name, line, what);
}

/* Version as written: `""` stands for the empty string. */
static const char *unquote(const char *s) { return strcmp(s, "\"\"") ? s : ""; }

/* "A OP B": the comparison must fall in OP's set, and the reverse
 * comparison must agree. */
static void check_pair(struct vector_file *f, int line, const char *a, const char *op, const char *b)
{
    int negate = 0, fuzzy = 0, mask = 0, r, got;
    char msg[600];
    const char *p = op;

    if (*p == '!') {
        negate = 1;
        p++;
    }
    for (; *p; p++) {
        if (*p == '<')
            mask |= OP_LESS;
        else if (*p == '>')
            mask |= OP_GREATER;
        else if (*p == '=')
            mask |= OP_EQUAL;
        else if (*p == '~' && f->scheme == CK_VERSION_APK)
            fuzzy = 1, mask |= OP_EQUAL;
        else
            mask = -1;
    }
    if (mask <= 0) {
        snprintf(msg, sizeof msg, "unknown operator '%s'", op);
        fail(f, line, msg);
        return;
    }
    a = unquote(a);
    b = unquote(b);
    if (f->lang && lang_skipped(f, a, b)) {
        f->skipped++;
        return;
    }
    r = compare(f, a, b, fuzzy);
    got = r < 0 ? OP_LESS : r > 0 ? OP_GREATER : OP_EQUAL;
    f->checked++;
    ck_test_checks++;
    if (((got & mask) != 0) == negate) {
        snprintf(msg, sizeof msg, "'%s %s %s' does not hold: compare gives %d", a, op, b, r);
        fail(f, line, msg);
        return;
    }
    if (!fuzzy) {
        int back = compare(f, b, a, 0);
        if ((back > 0) - (back < 0) != -((r > 0) - (r < 0))) {
            snprintf(msg, sizeof msg, "'%s' vs '%s' gives %d but the reverse gives %d", a, b, r, back);
            fail(f, line, msg);
        }
    }
}

static void check_validity(struct vector_file *f, int line, const char *word)
{
    int want_valid = *word != '!';
    const char *v = want_valid ? word : word + 1;
    char msg[600];

    f->checked++;
    ck_test_checks++;
    if (f->scheme != CK_VERSION_APK) {
        snprintf(msg, sizeof msg, "a validity line ('%s') outside an apk file", word);
        fail(f, line, msg);
    } else if (ck_version_apk_valid(v) != want_valid) {
        snprintf(msg, sizeof msg, "'%s' should be %s", v, want_valid ? "valid" : "invalid");
        fail(f, line, msg);
    }
}

/* strtok_r on blanks (not in every C library the tests build with). */
static char *next_field(char *s, char **save)
{
    char *p = s ? s : *save, *start;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    if (!*p)
        return NULL;
    start = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
        p++;
    if (*p)
        *p++ = '\0';
    *save = p;
    return start;
}

static void check_file(const char *dir, struct vector_file *f)
{
    char *path = ck_path_join(dir, f->name);
    FILE *in = path ? ck_fopen(path, "rb") : NULL;
    char line[4096], msg[128];
    int n = 0;

    if (!in) {
        fail(f, 0, "cannot open");
        free(path);
        return;
    }
    while (fgets(line, sizeof line, in)) {
        char *field[4], *save = NULL, *hash = f->lang ? NULL : strchr(line, '#');
        int k = 0;

        n++;
        if (!strchr(line, '\n') && !feof(in)) {
            fail(f, n, "line too long");
            break;
        }
        if (hash)
            *hash = '\0';
        if (f->lang && (line[0] == '#' || !strncmp(line, "//", 2)))
            continue;
        for (char *t = next_field(line, &save); t && k < 4; t = next_field(NULL, &save))
            field[k++] = t;
        if (k == 0)
            continue;
        f->lines++;
        if (k == 3)
            check_pair(f, n, field[0], field[1], field[2]);
        else if (k == 1)
            check_validity(f, n, field[0]);
        else {
            snprintf(msg, sizeof msg, "%d fields, expected 'A OP B' or one version", k);
            fail(f, n, msg);
        }
    }
    fclose(in);
    free(path);
}

/* Which scheme a file holds, from its name; 0 when it is no vector file. */
static int classify(const char *name, struct vector_file *f)
{
    static const struct {
        const char *prefix;
        enum ck_version_scheme scheme;
    } kinds[] = {{"deb_", CK_VERSION_DEB}, {"apk_", CK_VERSION_APK}, {"rpm_", CK_VERSION_RPM}};
    size_t i, n = strlen(name);

    if (n < 4 || strcmp(name + n - 4, ".txt"))
        return 0;
    for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strncmp(name, kinds[i].prefix, strlen(kinds[i].prefix))) {
            memset(f, 0, sizeof *f);
            f->name = name;
            f->scheme = kinds[i].scheme;
            f->raw_rpmvercmp = f->scheme == CK_VERSION_RPM &&
                               (strstr(name, "rpmvercmp") || strstr(name, "go-rpm-version"));
            return 1;
        }
    return 0;
}

/* The folder's file names, sorted so the report reads the same everywhere. */
struct names {
    char **v;
    size_t n, cap;
};

/* ck_dir_list's callback: non-zero (out of memory) stops the listing. */
static int collect_name(void *ctx, const char *name)
{
    struct names *names = ctx;
    char *copy;
    if (names->n == names->cap) {
        size_t cap = names->cap ? names->cap * 2 : 16;
        char **grown = realloc(names->v, cap * sizeof *grown);
        if (!grown)
            return 1;
        names->v = grown;
        names->cap = cap;
    }
    copy = malloc(strlen(name) + 1);
    if (!copy)
        return 1;
    names->v[names->n++] = strcpy(copy, name);
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file of versions/lang/ named in lang_files, each under its schemes. */
static int check_lang(const char *dir, int *files)
{
    char *lang = ck_path_join(dir, "lang");
    size_t i;
    int total = 0;

    CK_CHECK(lang != NULL);
    for (i = 0; lang && i < sizeof lang_files / sizeof lang_files[0]; i++) {
        struct vector_file f;
        memset(&f, 0, sizeof f);
        f.name = lang_files[i].name;
        f.scheme = lang_files[i].scheme;
        f.lang = 1;
        check_file(lang, &f);
        fprintf(stderr, "%s %-38s %-9s %4d lines, %4d checked, %d skipped, %d failed\n", f.failed ? "FAIL" : "ok  ",
                f.name, ck_version_scheme_name(f.scheme), f.lines, f.checked, f.skipped, f.failed);
        CK_CHECK(f.checked > 0);
        (*files)++;
        total += f.checked;
    }
    free(lang);
    return total;
}

int main(int argc, char **argv)
{
    char *shared = NULL, *dir = NULL;
    struct names names = {NULL, 0, 0};
    enum ck_status st;
    size_t i;
    int files = 0, total = 0;

    if (argc > 2)
        shared = ck_path_join(argv[2], ".");
    else if (argc > 1)
        shared = ck_path_join(argv[1], "../../../shared/fixtures");
    dir = shared ? ck_path_join(shared, "versions") : NULL;
    st = dir ? ck_dir_list(dir, collect_name, &names) : CK_ERR_NOTFOUND;
    if (st != CK_OK) {
        fprintf(stderr, "%s: no version vectors at %s (%s)\n", st == CK_ERR_NOTFOUND ? "skipped" : "FAIL",
                dir ? dir : "(no path given)", ck_status_str(st));
        for (i = 0; i < names.n; i++)
            free(names.v[i]);
        free(names.v);
        free(shared);
        free(dir);
        return st == CK_ERR_NOTFOUND ? CK_SKIP_CODE : 1;
    }
    qsort(names.v, names.n, sizeof *names.v, cmp_names);
    for (i = 0; i < names.n; i++) {
        struct vector_file f;
        if (!classify(names.v[i], &f))
            continue;
        check_file(dir, &f);
        fprintf(stderr, "%s %-48s %5d lines, %5d checked, %d failed\n", f.failed ? "FAIL" : "ok  ",
                f.name, f.lines, f.checked, f.failed);
        files++;
        total += f.checked;
    }
    CK_CHECK(files > 0);
    total += check_lang(dir, &files);
    fprintf(stderr, "%d vector files, %d cases\n", files, total);
    for (i = 0; i < names.n; i++)
        free(names.v[i]);
    free(names.v);
    free(shared);
    free(dir);
    return ck_test_summary();
}
