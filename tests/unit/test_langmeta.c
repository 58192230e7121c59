/* The application-package metadata parsers (inventory/lang/): real files
 * under fixtures/lang/ against what the ecosystems' own tools list for them
 * (expected.tsv, written by fixtures/lang/make_expected.py), the path rules,
 * and hostile or malformed input: bad names, limits, warnings with lines,
 * zlib bombs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

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

static const char *fixtures;

typedef enum ck_status (*parse_fn)(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                   struct ck_err *err);

/* ---- helpers --------------------------------------------------------------- */

static enum ck_status parse_cargo(const char *path, const void *d, size_t n, struct ck_lang_result *o,
                                  struct ck_err *e)
{
    if (ck_lang_ends(path, ".zlib", 0))
        return ck_cargo_parse_audit(path, d, n, o, e);
    if (ck_lang_ends(path, ".json", 0))
        return ck_cargo_parse_audit_json(path, d, n, o, e);
    return ck_cargo_parse_lock(path, d, n, o, e);
}

static enum ck_status parse_java(const char *path, const void *d, size_t n, struct ck_lang_result *o,
                                 struct ck_err *e)
{
    if (ck_lang_ends(path, "pom.properties", 0))
        return ck_java_parse_pom_properties(path, d, n, o, e);
    return ck_java_parse_manifest(path, d, n, o, e);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The packages of r from index `from` as sorted, distinct "name\tversion"
 * lines, one string (malloc'd). */
static char *package_set(const struct ck_lang_result *r, size_t from)
{
    char **lines = calloc(r->count + 1, sizeof *lines);
    struct ck_buf b;
    size_t i, n = 0;

    ck_buf_init(&b);
    for (i = from; lines && i < r->count; i++) {
        struct ck_buf l;
        ck_buf_init(&l);
        ck_buf_printf(&l, "%s\t%s", r->packages[i].name, r->packages[i].version);
        lines[n++] = ck_buf_take(&l);
    }
    if (lines)
        qsort(lines, n, sizeof *lines, cmp_str);
    for (i = 0; i < n; i++) {
        if (!i || strcmp(lines[i], lines[i - 1]))
            ck_buf_printf(&b, "%s\n", lines[i]);
    }
    for (i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
    return ck_buf_take(&b);
}

/* parse the text (NUL-terminated) and return its package set */
static char *parse_text(parse_fn fn, const char *path, const char *text, struct ck_lang_result *r)
{
    struct ck_err err;
    size_t from = r->count;
    CK_CHECK_INT(fn(path, text, strlen(text), r, &err), CK_OK);
    return package_set(r, from);
}

static int has_warning(const struct ck_lang_result *r, const char *needle)
{
    size_t i;
    for (i = 0; i < r->warnings_kept; i++)
        if (strstr(r->warnings[i], needle))
            return 1;
    return 0;
}

static const struct ck_lang_package *find(const struct ck_lang_result *r, const char *name, const char *version)
{
    size_t i;
    for (i = 0; i < r->count; i++)
        if (!strcmp(r->packages[i].name, name) && (!version || !strcmp(r->packages[i].version, version)))
            return &r->packages[i];
    return NULL;
}

/* ---- fixtures against the tools ---------------------------------------------- */

/* The n bytes of sorted "name\tversion\n" lines in text, made distinct. */
static char *distinct_lines(const char *text)
{
    struct ck_buf b;
    const char *p = text, *prev = NULL, *nl;
    size_t prev_n = 0;

    ck_buf_init(&b);
    for (; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
        size_t n = (size_t)(nl - p) + 1;
        if (!prev || prev_n != n || memcmp(prev, p, n))
            ck_buf_append(&b, p, n);
        prev = p;
        prev_n = n;
    }
    return ck_buf_take(&b);
}

/* Every file named in <folder>/expected.tsv (sorted by file), parsed,
 * gives exactly the packages listed for it. */
static void check_file(const char *folder, parse_fn fn, const char *file, const char *want_lines)
{
    char rel[512], *data, *got, *want;
    size_t dlen = 0;
    struct ck_lang_result r;
    struct ck_err err;

    snprintf(rel, sizeof rel, "lang/%s/%s", folder, file);
    data = ck_test_read_file(fixtures, rel, &dlen);
    CK_CHECK(data != NULL);
    ck_lang_result_init(&r);
    if (data)
        CK_CHECK_INT(fn(file, data, dlen, &r, &err), CK_OK);
    got = package_set(&r, 0);
    want = distinct_lines(want_lines);
    if (strcmp(got, want))
        fprintf(stderr, "%s/%s:\n  got:\n%s  expected:\n%s", folder, file, got, want);
    CK_CHECK_STR(got, want);
    free(got);
    free(want);
    free(data);
    ck_lang_result_release(&r);
}

static void check_expected(const char *folder, parse_fn fn, size_t min_files)
{
    char rel[512], *tsv;
    size_t len = 0, files = 0, n;
    struct ck_buf want, cur;
    struct ck_lang_lines lines;
    const char *line;

    snprintf(rel, sizeof rel, "lang/%s/expected.tsv", folder);
    tsv = ck_test_read_file(fixtures, rel, &len);
    CK_REQUIRE(tsv != NULL);
    ck_buf_init(&want);
    ck_buf_init(&cur);
    ck_lang_lines_init(&lines, tsv, len);
    for (;;) {
        int more = ck_lang_lines_next(&lines, &line, &n);
        const char *tab = more ? memchr(line, '\t', n) : NULL;
        if (more && (!n || line[0] == '#' || !tab))
            continue;
        if (cur.len && (!more || !ck_lang_is(line, (size_t)(tab - line), cur.data))) {
            check_file(folder, fn, cur.data, ck_buf_str(&want));
            files++;
            ck_buf_reset(&want);
            ck_buf_reset(&cur);
        }
        if (!more)
            break;
        if (!cur.len)
            ck_buf_append(&cur, line, (size_t)(tab - line));
        ck_buf_append(&want, tab + 1, n - (size_t)(tab + 1 - line));
        ck_buf_putc(&want, '\n');
    }
    CK_CHECK(files >= min_files);
    ck_buf_release(&want);
    ck_buf_release(&cur);
    free(tsv);
}

static void test_npm_fixtures(void)
{
    check_expected("npm/tree", ck_npm_parse, 54);
    check_expected("npm/yarn-v1", ck_npm_parse, 1);
    check_expected("npm/yarn-berry", ck_npm_parse, 1);
    check_expected("npm/pnpm-5.4", ck_npm_parse, 1);
    check_expected("npm/pnpm-6.0", ck_npm_parse, 1);
    check_expected("npm/pnpm-9.0", ck_npm_parse, 1);
}

static void test_other_fixtures(void)
{
    check_expected("python", ck_python_parse, 9);
    check_expected("ruby", ck_ruby_parse, 7);
    check_expected("cargo", parse_cargo, 3);
    check_expected("composer", ck_composer_parse, 3);
    check_expected("dotnet", ck_dotnet_parse, 1);
    check_expected("java", parse_java, 4);
}

/* Walking the installed npm tree as an image's cataloger would: the
 * package.json files ck_npm_file_kind picks give exactly npm ls's packages. */
struct walk {
    const char *dir, *rel;
    struct ck_lang_result *r;
    size_t wanted, files;
};

static int visit(void *ctx, const char *name)
{
    struct walk *w = ctx, sub;
    char *path = ck_path_join(w->dir, name);
    struct ck_buf rel;

    ck_buf_init(&rel);
    ck_buf_printf(&rel, "%s/%s", w->rel, name);
    if (path && ck_fs_kind_of(path) == CK_FS_DIR) {
        sub = *w;
        sub.dir = path;
        sub.rel = ck_buf_str(&rel);
        ck_dir_list(path, visit, &sub);
        w->wanted = sub.wanted;
        w->files = sub.files;
    } else if (path) {
        w->files++;
        if (ck_npm_file_kind(ck_buf_str(&rel)) == CK_NPM_PACKAGE_JSON) {
            size_t len = 0;
            char *data = ck_test_read_file(w->dir, name, &len);
            struct ck_err err;
            w->wanted++;
            CK_CHECK(data && ck_npm_parse_package_json(ck_buf_str(&rel), data, len, w->r, &err) == CK_OK);
            free(data);
        }
    }
    free(path);
    ck_buf_release(&rel);
    return 0;
}

static void test_npm_tree_walk(void)
{
    struct ck_lang_result walked, lock;
    struct walk w;
    char *dir = NULL, *a, *b, *data;
    size_t len = 0;
    struct ck_err err;
    struct ck_buf d;

    ck_buf_init(&d);
    ck_buf_printf(&d, "%s/lang/npm/tree", fixtures);
    dir = ck_buf_take(&d);
    ck_lang_result_init(&walked);
    ck_lang_result_init(&lock);
    memset(&w, 0, sizeof w);
    w.dir = dir;
    w.rel = "/app";
    w.r = &walked;
    CK_CHECK_INT(ck_dir_list(dir, visit, &w), CK_OK);
    CK_CHECK_INT(w.wanted, 52); /* the root /app/package.json is the project, not a package */
    CK_CHECK_INT(walked.count, 52);
    data = ck_test_read_file(fixtures, "lang/npm/tree/package-lock.json", &len);
    CK_REQUIRE(data != NULL);
    CK_CHECK_INT(ck_npm_parse_package_lock("/app/package-lock.json", data, len, &lock, &err), CK_OK);
    CK_CHECK_INT(lock.count, 52);
    a = package_set(&walked, 0);
    b = package_set(&lock, 0);
    CK_CHECK_STR(a, b);
    /* the nested copy keeps its install path */
    CK_CHECK(find(&lock, "ms", "2.1.1") && find(&lock, "ms", "2.1.1")->detail &&
             !strcmp(find(&lock, "ms", "2.1.1")->detail, "node_modules/send/node_modules/ms"));
    CK_CHECK_INT(walked.warning_count + lock.warning_count, 0);
    free(a);
    free(b);
    free(data);
    free(dir);
    ck_lang_result_release(&walked);
    ck_lang_result_release(&lock);
}

/* ---- path rules ------------------------------------------------------------- */

static void test_paths(void)
{
    CK_CHECK_INT(ck_npm_file_kind("/app/node_modules/lodash/package.json"), CK_NPM_PACKAGE_JSON);
    CK_CHECK_INT(ck_npm_file_kind("/app/node_modules/@babel/core/package.json"), CK_NPM_PACKAGE_JSON);
    CK_CHECK_INT(ck_npm_file_kind("/app/node_modules/a/node_modules/b/package.json"), CK_NPM_PACKAGE_JSON);
    CK_CHECK_INT(ck_npm_file_kind("/app/node_modules/.pnpm/x@1.0.0/node_modules/x/package.json"),
                 CK_NPM_PACKAGE_JSON);
    CK_CHECK_INT(ck_npm_file_kind("/app/node_modules/rxjs/ajax/package.json"), CK_NPM_NONE);
    CK_CHECK_INT(ck_npm_file_kind("/app/node_modules/@babel/package.json"), CK_NPM_NONE);
    CK_CHECK_INT(ck_npm_file_kind("/app/node_modules/package.json"), CK_NPM_NONE);
    CK_CHECK_INT(ck_npm_file_kind("/app/package.json"), CK_NPM_NONE);
    CK_CHECK_INT(ck_npm_file_kind("/app/xnode_modules/a/package.json"), CK_NPM_NONE);
    CK_CHECK_INT(ck_npm_file_kind("/usr/share/nodejs/acorn/package.json"), CK_NPM_PACKAGE_JSON);
    CK_CHECK_INT(ck_npm_file_kind("/usr/share/nodejs/@types/node/package.json"), CK_NPM_PACKAGE_JSON);
    CK_CHECK_INT(ck_npm_file_kind("/usr/share/nodejs/acorn/dist/package.json"), CK_NPM_NONE);
    CK_CHECK_INT(ck_npm_file_kind("/app/package-lock.json"), CK_NPM_LOCK);
    CK_CHECK_INT(ck_npm_file_kind("/app/npm-shrinkwrap.json"), CK_NPM_LOCK);
    CK_CHECK_INT(ck_npm_file_kind("/app/node_modules/.package-lock.json"), CK_NPM_LOCK);
    CK_CHECK_INT(ck_npm_file_kind("/app/node_modules/x/package-lock.json"), CK_NPM_NONE);
    CK_CHECK_INT(ck_npm_file_kind("/app/node_modules/x/.package-lock.json"), CK_NPM_NONE);
    CK_CHECK_INT(ck_npm_file_kind("/app/yarn.lock"), CK_NPM_YARN_LOCK);
    CK_CHECK_INT(ck_npm_file_kind("/app/pnpm-lock.yaml"), CK_NPM_PNPM_LOCK);
    CK_CHECK_INT(ck_npm_file_kind("/app/node_modules/x/yarn.lock"), CK_NPM_NONE);

    CK_CHECK(ck_python_wants("/usr/lib/python3/dist-packages/requests-2.28.1.egg-info/PKG-INFO"));
    CK_CHECK(ck_python_wants("/usr/local/lib/python3.11/site-packages/pip-23.0.dist-info/METADATA"));
    CK_CHECK(ck_python_wants("/x/site-packages/UPPER.DIST-INFO/METADATA"));
    CK_CHECK(ck_python_wants("/x/site-packages/six-1.16.0-py3.11.egg/EGG-INFO/PKG-INFO"));
    CK_CHECK(ck_python_wants("/usr/lib/python2.7/dist-packages/argparse-1.2.1.egg-info"));
    CK_CHECK(!ck_python_wants("/x/site-packages/pip-23.0.dist-info/RECORD"));
    CK_CHECK(!ck_python_wants("/x/site-packages/pip/METADATA"));
    CK_CHECK(!ck_python_wants("/x/PKG-INFO"));
    CK_CHECK(!ck_python_wants("/x/.egg-info"));

    CK_CHECK_INT(ck_ruby_file_kind("/usr/local/bundle/specifications/rack-2.2.22.gemspec"), CK_RUBY_GEMSPEC);
    CK_CHECK_INT(ck_ruby_file_kind("/usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec"),
                 CK_RUBY_GEMSPEC);
    CK_CHECK_INT(ck_ruby_file_kind("/src/rack/rack.gemspec"), CK_RUBY_NONE);
    CK_CHECK_INT(ck_ruby_file_kind("/x/myspecifications/a.gemspec"), CK_RUBY_NONE);
    CK_CHECK_INT(ck_ruby_file_kind("/app/Gemfile.lock"), CK_RUBY_GEMFILE_LOCK);

    CK_CHECK_INT(ck_composer_file_kind("/var/www/vendor/composer/installed.json"), CK_COMPOSER_INSTALLED);
    CK_CHECK_INT(ck_composer_file_kind("/var/www/installed.json"), CK_COMPOSER_NONE);
    CK_CHECK_INT(ck_composer_file_kind("/var/www/composer.lock"), CK_COMPOSER_LOCK);
    CK_CHECK(ck_dotnet_wants("/app/WebApp.deps.json"));
    CK_CHECK(!ck_dotnet_wants("/app/.deps.json"));
    CK_CHECK(!ck_dotnet_wants("/app/WebApp.runtimeconfig.json"));
    CK_CHECK(ck_cargo_wants("/src/Cargo.lock"));
    CK_CHECK(!ck_cargo_wants("/src/Cargo.toml"));
    CK_CHECK_INT(ck_java_file_kind("META-INF/maven/org.slf4j/slf4j-api/pom.properties"), CK_JAVA_POM_PROPERTIES);
    CK_CHECK_INT(ck_java_file_kind("META-INF/maven/org.slf4j/pom.properties"), CK_JAVA_NONE);
    CK_CHECK_INT(ck_java_file_kind("META-INF/maven/org.slf4j/slf4j-api/x/pom.properties"), CK_JAVA_NONE);
    CK_CHECK_INT(ck_java_file_kind("META-INF/maven//slf4j-api/pom.properties"), CK_JAVA_NONE);
    CK_CHECK_INT(ck_java_file_kind("META-INF/MANIFEST.MF"), CK_JAVA_MANIFEST);
    CK_CHECK_INT(ck_java_file_kind("meta-inf/manifest.mf"), CK_JAVA_MANIFEST);
    CK_CHECK_INT(ck_java_file_kind("BOOT-INF/META-INF/MANIFEST.MF"), CK_JAVA_NONE);
}

/* ---- npm ---------------------------------------------------------------------- */

static void test_npm_cases(void)
{
    struct ck_lang_result r;
    struct ck_err err;
    char *set;
    const struct ck_lang_package *p;

    ck_lang_result_init(&r);
    /* manifests that are not packages give nothing and no warning */
    CK_CHECK_INT(ck_npm_parse_package_json("a/package.json", "{\"name\":\"x\"}", 12, &r, &err), CK_OK);
    set = parse_text(ck_npm_parse_package_json, "b/package.json",
                     "{\"name\":\"ext\",\"version\":\"1.0.0\",\"engines\":{\"vscode\":\"^1.50.0\"}}", &r);
    free(set);
    set = parse_text(ck_npm_parse_package_json, "c/package.json", "{\"name\":\"u\",\"version\":\"1.0.0\",\"unity\":\"2019.4\"}", &r);
    free(set);
    CK_CHECK_INT(r.count, 0);
    CK_CHECK_INT(r.warning_count, 0);
    /* a byte order mark, and Debian's folder */
    set = parse_text(ck_npm_parse_package_json, "/usr/share/nodejs/acorn/package.json",
                     "\xEF\xBB\xBF{\"name\":\"acorn\",\"version\":\"8.8.1\"}", &r);
    CK_CHECK_STR(set, "acorn\t8.8.1\n");
    free(set);
    CK_CHECK(r.count == 1 && r.packages[0].flags == CK_LANG_OS_PATH && !strcmp(r.packages[0].ecosystem, "npm"));
    /* a control character in the name: skipped with a warning naming the file */
    set = parse_text(ck_npm_parse_package_json, "/app/node_modules/evil/package.json",
                     "{\"name\":\"ev\\u001b[31mil\",\"version\":\"1.0.0\"}", &r);
    free(set);
    CK_CHECK_INT(r.count, 1);
    CK_CHECK_INT(r.warning_count, 1);
    CK_CHECK(has_warning(&r, "/app/node_modules/evil/package.json: package.json: the package name"));
    CK_CHECK(has_warning(&r, "has a control character; entry skipped"));
    /* not JSON: an error with the line, the result untouched */
    CK_CHECK_INT(ck_npm_parse_package_json("/x/package.json", "{\n\"name\": \"a\",\n\"version\" 1\n}", 29, &r, &err),
                 CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "/x/package.json line 3: not valid JSON") != NULL);
    CK_CHECK_INT(r.count, 1);
    CK_CHECK_INT(r.warning_count, 1);
    ck_lang_result_release(&r);

    /* lockfileVersion 1: nested tree, aliases, flags */
    ck_lang_result_init(&r);
    set = parse_text(ck_npm_parse_package_lock, "package-lock.json",
                     "{\"lockfileVersion\":1,\"dependencies\":{"
                     "\"a\":{\"version\":\"1.0.0\",\"dev\":true,\"dependencies\":{\"b\":{\"version\":\"2.0.0\",\"optional\":true}}},"
                     "\"c-alias\":{\"version\":\"npm:@s/c@3.0.0\"},"
                     "\"loc\":{\"version\":\"file:../loc\"},"
                     "\"nov\":{\"resolved\":\"x\"}}}",
                     &r);
    CK_CHECK_STR(set, "@s/c\t3.0.0\na\t1.0.0\nb\t2.0.0\nloc\tfile:../loc\n");
    free(set);
    CK_CHECK((p = find(&r, "b", NULL)) && p->flags == CK_LANG_OPTIONAL && !strcmp(p->detail, "node_modules/a/node_modules/b"));
    CK_CHECK((p = find(&r, "a", NULL)) && p->flags == CK_LANG_DEV);
    CK_CHECK((p = find(&r, "loc", NULL)) && p->flags == CK_LANG_LINK);
    CK_CHECK_INT(r.warning_count, 1);
    CK_CHECK(has_warning(&r, "package-lock.json: dependencies \"nov\" has no version; entry skipped"));
    ck_lang_result_release(&r);

    /* lockfileVersion 3: root skipped, alias name, workspace folder, link, flags */
    ck_lang_result_init(&r);
    set = parse_text(ck_npm_parse_package_lock, "package-lock.json",
                     "{\"lockfileVersion\":3,\"packages\":{"
                     "\"\":{\"name\":\"root\",\"version\":\"1.0.0\"},"
                     "\"packages/ws\":{\"name\":\"@me/ws\",\"version\":\"0.1.0\"},"
                     "\"node_modules/@me/ws\":{\"resolved\":\"packages/ws\",\"link\":true},"
                     "\"node_modules/alias\":{\"name\":\"real\",\"version\":\"2.0.0\",\"devOptional\":true},"
                     "\"node_modules/p\":{\"version\":\"3.0.0\",\"peer\":true},"
                     "\"node_modules/broken\":{}}}",
                     &r);
    CK_CHECK_STR(set, "@me/ws\t0.1.0\np\t3.0.0\nreal\t2.0.0\n");
    free(set);
    CK_CHECK((p = find(&r, "@me/ws", NULL)) && p->flags == CK_LANG_LINK);
    CK_CHECK((p = find(&r, "real", NULL)) && p->flags == (CK_LANG_DEV | CK_LANG_OPTIONAL) &&
             !strcmp(p->detail, "node_modules/alias"));
    CK_CHECK((p = find(&r, "p", NULL)) && p->flags == CK_LANG_PEER);
    CK_CHECK(has_warning(&r, "packages[\"node_modules/broken\"] has no version"));
    ck_lang_result_release(&r);

    /* yarn v1 and Berry */
    ck_lang_result_init(&r);
    set = parse_text(ck_npm_parse_yarn_lock, "yarn.lock",
                     "# yarn lockfile v1\n\n\n"
                     "\"@babel/code-frame@^7.0.0\", \"@babel/code-frame@^7.10.4\":\n"
                     "  version \"7.12.13\"\n  resolved \"https://r/x.tgz\"\n  dependencies:\n    \"@babel/highlight\" \"^7.12.13\"\n\n"
                     "string-width-cjs@npm:string-width@^4.2.0:\n  version \"4.2.3\"\n\n"
                     "nover@^1.0.0:\n  resolved \"x\"\n",
                     &r);
    CK_CHECK_STR(set, "@babel/code-frame\t7.12.13\nstring-width\t4.2.3\n");
    free(set);
    CK_CHECK(has_warning(&r, "yarn.lock line 13: entry \"nover\" has no version; entry skipped"));
    CK_CHECK(r.count == 2 && r.packages[0].line == 4);
    ck_lang_result_release(&r);
    ck_lang_result_init(&r);
    set = parse_text(ck_npm_parse_yarn_lock, "yarn.lock",
                     "__metadata:\n  version: 6\n  cacheKey: 8\n\n"
                     "\"ajv@npm:^6.12.3\":\n  version: 6.12.3\n  resolution: \"ajv@npm:6.12.3\"\n  linkType: hard\n\n"
                     "\"app@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"app@workspace:.\"\n\n"
                     "\"lib@workspace:packages/lib\":\n  version: 0.0.0-use.local\n  resolution: \"lib@workspace:packages/lib\"\n",
                     &r);
    CK_CHECK_STR(set, "ajv\t6.12.3\nlib\t0.0.0-use.local\n");
    free(set);
    CK_CHECK((p = find(&r, "lib", NULL)) && p->flags == CK_LANG_LINK);
    CK_CHECK((p = find(&r, "ajv", NULL)) && p->flags == 0);
    ck_lang_result_release(&r);

    /* pnpm 5.x, 6.0, 9.0 keys; several documents */
    ck_lang_result_init(&r);
    set = parse_text(ck_npm_parse_pnpm_lock, "pnpm-lock.yaml",
                     "lockfileVersion: 5.4\n\npackages:\n\n  /@babel/core/7.12.3:\n    resolution: {integrity: x}\n"
                     "    dev: true\n\n  /acorn-jsx/5.3.2_acorn@8.8.0:\n    dev: false\n", &r);
    CK_CHECK_STR(set, "@babel/core\t7.12.3\nacorn-jsx\t5.3.2\n");
    free(set);
    CK_CHECK((p = find(&r, "@babel/core", NULL)) && p->flags == CK_LANG_DEV && p->line == 5);
    set = parse_text(ck_npm_parse_pnpm_lock, "pnpm-lock.yaml",
                     "lockfileVersion: '6.0'\npackages:\n  /@types/react@18.0.17(x@1.0.0):\n    dev: true\n"
                     "  /csstype@3.1.0:\n    optional: true\n", &r);
    CK_CHECK_STR(set, "@types/react\t18.0.17\ncsstype\t3.1.0\n");
    free(set);
    set = parse_text(ck_npm_parse_pnpm_lock, "pnpm-lock.yaml",
                     "---\nlockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: {}\npackages:\n"
                     "  '@pnpm/exe@12.0.0-rc.3':\n    resolution: {integrity: x}\n  pnpm@12.0.0-rc.3:\n    hasBin: true\n"
                     "snapshots:\n  pnpm@12.0.0-rc.3: {}\n  other@1.0.0(peer@2.0.0): {}\n"
                     "---\nlockfileVersion: '9.0'\npackages:\n  minimist@1.2.0:\n    resolution: {integrity: y}\n", &r);
    CK_CHECK_STR(set, "@pnpm/exe\t12.0.0-rc.3\nminimist\t1.2.0\npnpm\t12.0.0-rc.3\n");
    free(set);
    CK_CHECK_INT(r.warning_count, 0);
    ck_lang_result_release(&r);
}

/* ---- PyPI ----------------------------------------------------------------------- */

static void test_python_cases(void)
{
    struct ck_lang_result r;
    char *set, *n, big[700];

    n = ck_python_normalise_name("Foo.Bar__baz");
    CK_CHECK_STR(n, "foo-bar-baz");
    free(n);
    n = ck_python_normalise_name("a-_-.b--C");
    CK_CHECK_STR(n, "a-b-c");
    free(n);
    n = ck_python_normalise_name("zope.interface");
    CK_CHECK_STR(n, "zope-interface");
    free(n);
    CK_CHECK(ck_python_normalise_name(NULL) == NULL);

    ck_lang_result_init(&r);
    /* a line that is not a header ends the headers, as in Python's parser */
    set = parse_text(ck_python_parse, "x.dist-info/METADATA",
                     "Metadata-Version: 2.1\nName: passlib\nKeywords: a b\ncrypt md5\nVersion: 9\n", &r);
    CK_CHECK_STR(set, "");
    free(set);
    CK_CHECK(has_warning(&r, "x.dist-info/METADATA line 4: not a \"Key: value\" header; the headers end here"));
    CK_CHECK(has_warning(&r, "x.dist-info/METADATA: no Version header; no package read"));
    /* lone CR line ends, folding, first header wins, the body ignored */
    set = parse_text(ck_python_parse, "y.egg-info/PKG-INFO", "Name: a\r Version: folded\rVersion: 1.0\r\rName: b\r", &r);
    CK_CHECK_STR(set, "a Version: folded\t1.0\n");
    free(set);
    /* too long, not UTF-8 */
    memset(big, 'a', sizeof big);
    memcpy(big, "Name: ", 6);
    memcpy(big + sizeof big - 15, "\nVersion: 1.0\n", 15);
    set = parse_text(ck_python_parse, "z.dist-info/METADATA", big, &r);
    free(set);
    CK_CHECK(has_warning(&r, "is longer than 512 bytes; entry skipped"));
    set = parse_text(ck_python_parse, "w.dist-info/METADATA", "Name: caf\xe9\nVersion: 1\n", &r);
    free(set);
    CK_CHECK(has_warning(&r, "w.dist-info/METADATA line 1: Name: the package name \"caf?\" is not valid UTF-8"));
    CK_CHECK_INT(r.count, 1);
    CK_CHECK_INT(r.warning_count, 4);
    ck_lang_result_release(&r);
}

/* ---- RubyGems ------------------------------------------------------------------- */

static void test_ruby_cases(void)
{
    struct ck_lang_result r;
    char *set;
    const struct ck_lang_package *p;

    ck_lang_result_init(&r);
    set = parse_text(ck_ruby_parse_gemspec, "a.gemspec",
                     "Gem::Specification.new do |spec|\n  spec.name    = %q{old_style}\n  spec.version = '0.9.1'\nend\n", &r);
    CK_CHECK_STR(set, "old_style\t0.9.1\n");
    free(set);
    /* a version that is code: the stub line's is taken */
    set = parse_text(ck_ruby_parse_gemspec, "b.gemspec",
                     "# stub: nokogiri 1.13.10 x86_64-linux lib\n\nGem::Specification.new do |s|\n"
                     "  s.name = \"nokogiri\".freeze\n  s.version = Nokogiri::VERSION\nend\n", &r);
    CK_CHECK_STR(set, "nokogiri\t1.13.10\n");
    free(set);
    CK_CHECK((p = find(&r, "nokogiri", NULL)) && p->detail && !strcmp(p->detail, "x86_64-linux") && p->line == 4);
    /* no literal version and no stub: not guessed */
    set = parse_text(ck_ruby_parse_gemspec, "c.gemspec",
                     "Gem::Specification.new do |s|\n  s.name = \"x#{1}\"\n  s.name = 'app'\n  s.version = App::VERSION\nend\n",
                     &r);
    CK_CHECK_STR(set, "");
    free(set);
    CK_CHECK(has_warning(&r, "c.gemspec: the version is not a literal (not evaluated); no package read"));
    set = parse_text(ck_ruby_parse_gemspec, "d.gemspec", "Gem::Specif\n  s.name = \"foo\"\n  s.version = \"1.2.3\"\n", &r);
    CK_CHECK_STR(set, "");
    free(set);
    CK_CHECK(has_warning(&r, "d.gemspec: neither a \"# stub:\" line nor Gem::Specification.new"));
    ck_lang_result_release(&r);

    ck_lang_result_init(&r);
    set = parse_text(ck_ruby_parse_gemfile_lock, "Gemfile.lock",
                     "GIT\n  remote: https://g/x.git\n  specs:\n    forked (1.0.0)\n\nGEM\n  remote: https://rubygems.org/\n"
                     "  specs:\n    nokogiri (1.13.10-x86_64-linux)\n      racc (~> 1.4)\n    broken-entry\n    racc (1.6.2)\n\n"
                     "PLATFORMS\n  ruby\n\nDEPENDENCIES\n    notaspec (1.0)\n", &r);
    CK_CHECK_STR(set, "forked\t1.0.0\nnokogiri\t1.13.10\nracc\t1.6.2\n");
    free(set);
    CK_CHECK((p = find(&r, "nokogiri", NULL)) && !strcmp(p->detail, "x86_64-linux") && p->flags == 0 && p->line == 9);
    CK_CHECK((p = find(&r, "forked", NULL)) && p->flags == CK_LANG_LINK);
    CK_CHECK(has_warning(&r, "Gemfile.lock line 11: not a \"name (version)\" entry; entry skipped"));
    ck_lang_result_release(&r);
}

/* ---- Packagist, NuGet, crates.io, Maven ----------------------------------------- */

static void test_json_cases(void)
{
    struct ck_lang_result r;
    struct ck_err err;
    char *set;
    const struct ck_lang_package *p;
    char fixture[256];
    size_t len = 0;
    char *data;

    ck_lang_result_init(&r);
    data = ck_test_read_file(fixtures, "lang/composer/installed-v2.json", &len);
    CK_REQUIRE(data != NULL);
    CK_CHECK_INT(ck_composer_parse("vendor/composer/installed.json", data, len, &r, &err), CK_OK);
    CK_CHECK((p = find(&r, "phpunit/phpunit", NULL)) && p->flags == CK_LANG_DEV);
    CK_CHECK((p = find(&r, "guzzlehttp/guzzle", NULL)) && p->flags == 0 && !strcmp(p->ecosystem, "Packagist"));
    free(data);
    data = ck_test_read_file(fixtures, "lang/composer/composer.lock", &len);
    CK_REQUIRE(data != NULL);
    CK_CHECK_INT(ck_composer_parse("composer.lock", data, len, &r, &err), CK_OK);
    CK_CHECK((p = find(&r, "mockery/mockery", NULL)) && p->flags == CK_LANG_DEV);
    CK_CHECK((p = find(&r, "laravel/framework", "v9.52.4")) && p->flags == 0);
    free(data);
    data = ck_test_read_file(fixtures, "lang/composer/installed-v1.json", &len);
    CK_REQUIRE(data != NULL);
    CK_CHECK_INT(ck_composer_parse("installed.json", data, len, &r, &err), CK_OK);
    CK_CHECK(has_warning(&r, "installed.json: packages[2] has no version; entry skipped"));
    free(data);
    ck_lang_result_release(&r);

    ck_lang_result_init(&r);
    data = ck_test_read_file(fixtures, "lang/dotnet/WebApp.deps.json", &len);
    CK_REQUIRE(data != NULL);
    CK_CHECK_INT(ck_dotnet_parse("/app/WebApp.deps.json", data, len, &r, &err), CK_OK);
    CK_CHECK((p = find(&r, "WebApp", "1.0.0")) && p->flags == CK_LANG_PROJECT);
    CK_CHECK((p = find(&r, "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64", "6.0.14")) &&
             p->flags == CK_LANG_RUNTIMEPACK);
    CK_CHECK((p = find(&r, "Newtonsoft.Json", "13.0.1")) && p->flags == 0 && !strcmp(p->ecosystem, "NuGet"));
    CK_CHECK(!find(&r, "Microsoft.NETCore.Targets", NULL));
    CK_CHECK(has_warning(&r, "libraries[\"System.Private.CoreLib\"] is not \"Name/Version\""));
    free(data);
    set = parse_text(ck_dotnet_parse, "x.deps.json", "{\"libraries\":{\"A/B/1.0\":{\"type\":\"package\"}}}", &r);
    CK_CHECK_STR(set, "A/B\t1.0\n");
    free(set);
    ck_lang_result_release(&r);

    /* Cargo.lock sources and flags */
    ck_lang_result_init(&r);
    data = ck_test_read_file(fixtures, "lang/cargo/Cargo.lock", &len);
    CK_REQUIRE(data != NULL);
    CK_CHECK_INT(ck_cargo_parse_lock("Cargo.lock", data, len, &r, &err), CK_OK);
    CK_CHECK((p = find(&r, "memchr", NULL)) && p->flags == 0 && p->detail &&
             !strcmp(p->detail, "registry+https://github.com/rust-lang/crates.io-index") && p->line == 22);
    CK_CHECK((p = find(&r, "regex", NULL)) && p->flags == CK_LANG_LINK);
    CK_CHECK((p = find(&r, "app", NULL)) && p->flags == CK_LANG_LINK && !p->detail);
    CK_CHECK_INT(r.warning_count, 0);
    free(data);
    set = parse_text(ck_cargo_parse_lock, "Cargo.lock",
                     "[[package]]\nname = \"a\\u0041\"\nversion = \"1.0\"\n\n[[package]]\nname = \"b\"\n", &r);
    CK_CHECK_STR(set, "");
    free(set);
    CK_CHECK(has_warning(&r, "Cargo.lock line 2: \"name\" is not a plain string; line ignored"));
    CK_CHECK(has_warning(&r, "Cargo.lock line 5: [[package]] without a version; entry skipped"));
    ck_lang_result_release(&r);

    /* cargo-auditable: flags, and the zlib form */
    ck_lang_result_init(&r);
    data = ck_test_read_file(fixtures, "lang/cargo/dep-v0.zlib", &len);
    CK_REQUIRE(data != NULL);
    CK_CHECK_INT(ck_cargo_parse_audit("/usr/bin/demo", data, len, &r, &err), CK_OK);
    CK_CHECK((p = find(&r, "cc", NULL)) && p->flags == CK_LANG_BUILD);
    CK_CHECK((p = find(&r, "auditable-demo", NULL)) && p->flags == CK_LANG_LINK);
    CK_CHECK((p = find(&r, "serde_derive", NULL)) && p->flags == 0 && !strcmp(p->ecosystem, "crates.io"));
    CK_CHECK_INT(r.count, 5);
    CK_CHECK_INT(ck_cargo_parse_audit("/usr/bin/demo", data, len - 3, &r, &err), CK_ERR_PARSE);
    CK_CHECK(strstr(err.msg, "/usr/bin/demo: the .dep-v0 section is not a complete zlib stream") != NULL);
    data[2] ^= 0x55;
    CK_CHECK_INT(ck_cargo_parse_audit("/usr/bin/demo", data, len, &r, &err), CK_ERR_PARSE);
    CK_CHECK_INT(r.count, 5);
    free(data);
    {
        /* a bomb: 9 MiB of spaces compress to a few KiB */
        size_t n = 9u * 1024 * 1024;
        uLongf zn = compressBound((uLong)n);
        unsigned char *raw = malloc(n), *z = malloc(zn);
        CK_REQUIRE(raw && z);
        memset(raw, ' ', n);
        raw[0] = '{';
        CK_REQUIRE(compress2(z, &zn, raw, (uLong)n, 9) == Z_OK);
        CK_CHECK(zn < 65536);
        CK_CHECK_INT(ck_cargo_parse_audit("/bin/bomb", z, zn, &r, &err), CK_ERR_LIMIT);
        CK_CHECK(strstr(err.msg, "inflates to more than 8388608 bytes") != NULL);
        CK_CHECK_INT(r.count, 5);
        free(raw);
        free(z);
    }
    ck_lang_result_release(&r);

    /* Maven: the manifest rule and pom.properties without a group */
    ck_lang_result_init(&r);
    set = parse_text(ck_java_parse_manifest, "MANIFEST.MF",
                     "Manifest-Version: 1.0\nImplementation-Title: %pluginName\nImplementation-Vendor-Id: x.y\n"
                     "Implementation-Version: 1.0\nBundle-SymbolicName: no spaces allowed\n", &r);
    CK_CHECK_STR(set, "");
    free(set);
    set = parse_text(ck_java_parse_manifest, "MANIFEST.MF",
                     "bundle-symbolicname: org.example.lib\nImplementation-Version: 4.1 build 7\nnot an attribute\n", &r);
    CK_CHECK_STR(set, "org.example:lib\t4.1\n");
    free(set);
    CK_CHECK(has_warning(&r, "MANIFEST.MF line 3: not a \"Name: value\" attribute; line ignored"));
    snprintf(fixture, sizeof fixture, "%s", "META-INF/maven/g/a/pom.properties");
    set = parse_text(ck_java_parse_pom_properties, fixture, "artifactId=a\nversion=1.0\n", &r);
    CK_CHECK_STR(set, "");
    free(set);
    CK_CHECK(has_warning(&r, "META-INF/maven/g/a/pom.properties: no groupId; no package read"));
    set = parse_text(ck_java_parse_pom_properties, fixture,
                     "groupId=g\\\n\nartifactId a\\u00e9\nversion:1\\\\\n", &r);
    CK_CHECK_STR(set, "g:a\xc3\xa9\t1\\\n");
    free(set);
    ck_lang_result_release(&r);
}

/* ---- limits ---------------------------------------------------------------------- */

static void test_limits(void)
{
    struct ck_lang_result r;
    struct ck_err err;
    struct ck_buf b;
    size_t i;
    char *big;

    /* more packages than a file may give: the first 100,000 are kept */
    ck_buf_init(&b);
    for (i = 0; i < CK_LANG_MAX_PACKAGES + 5; i++)
        ck_buf_printf(&b, "[[package]]\nname = \"c%zu\"\nversion = \"1.0.0\"\n", i);
    CK_REQUIRE(ck_buf_status(&b) == CK_OK);
    ck_lang_result_init(&r);
    CK_CHECK_INT(ck_cargo_parse_lock("Cargo.lock", b.data, b.len, &r, &err), CK_OK);
    CK_CHECK_INT(r.count, CK_LANG_MAX_PACKAGES);
    CK_CHECK(r.truncated);
    if (r.warning_count != 1)
        fprintf(stderr, "%s\n", r.warnings_kept ? r.warnings[0] : "");
    CK_CHECK_INT(r.warning_count, 1);
    CK_CHECK(has_warning(&r, "more than 100000 packages; the rest of the file was not read"));
    ck_lang_result_release(&r);
    ck_buf_release(&b);

    /* every malformed entry is counted, the first 100 messages kept */
    ck_buf_init(&b);
    ck_buf_puts(&b, "GEM\n  specs:\n");
    for (i = 0; i < 150; i++)
        ck_buf_printf(&b, "    bad%zu\n    good%zu (1.%zu)\n", i, i, i);
    ck_lang_result_init(&r);
    CK_CHECK_INT(ck_ruby_parse_gemfile_lock("Gemfile.lock", b.data, b.len, &r, &err), CK_OK);
    CK_CHECK_INT(r.count, 150);
    CK_CHECK_INT(r.warning_count, 150);
    CK_CHECK_INT(r.warnings_kept, CK_LANG_MAX_WARNINGS);
    ck_lang_result_release(&r);
    ck_buf_release(&b);

    /* an input past the cap is refused whole */
    big = malloc((size_t)CK_LANG_MAX_INPUT + 1);
    CK_REQUIRE(big != NULL);
    memset(big, ' ', (size_t)CK_LANG_MAX_INPUT + 1);
    ck_lang_result_init(&r);
    CK_CHECK_INT(ck_npm_parse_yarn_lock("/big/yarn.lock", big, (size_t)CK_LANG_MAX_INPUT + 1, &r, &err), CK_ERR_LIMIT);
    CK_CHECK(strstr(err.msg, "/big/yarn.lock is 16777217 bytes") != NULL);
    CK_CHECK_INT(ck_python_parse("x", NULL, 3, &r, &err), CK_ERR_ARG);
    CK_CHECK_INT(ck_python_parse("x", NULL, 0, &r, &err), CK_OK);
    CK_CHECK_INT(r.count, 0);
    ck_lang_result_release(&r);
    free(big);
    ck_lang_result_release(NULL);
}

static void run_cases(void)
{
    CK_RUN(test_npm_cases);
    CK_RUN(test_python_cases);
    CK_RUN(test_ruby_cases);
    CK_RUN(test_json_cases);
    CK_RUN(test_limits);
}

int main(int argc, char **argv)
{
    fixtures = argc > 1 ? argv[1] : "tests/fixtures";
    CK_RUN(test_npm_fixtures);
    CK_RUN(test_other_fixtures);
    CK_RUN(test_npm_tree_walk);
    CK_RUN(test_paths);
    run_cases();
    return ck_test_summary();
}
