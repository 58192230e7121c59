#include "inventory/catalog.h"

#include <stdio.h>
#include <string.h>

#include "inventory/lang/cargo.h"
#include "inventory/lang/composer.h"
#include "inventory/lang/dotnet.h"
#include "inventory/lang/jar.h"
#include "inventory/lang/java.h"
#include "inventory/lang/npm.h"
#include "inventory/lang/python.h"
#include "inventory/lang/ruby.h"

static int npm_installed(const char *path) { return ck_npm_file_kind(path) == CK_NPM_PACKAGE_JSON; }

static int npm_lock(const char *path)
{
    enum ck_npm_kind k = ck_npm_file_kind(path);
    /* node_modules/.package-lock.json describes the tree it sits in, which is read itself */
    return (k == CK_NPM_LOCK || k == CK_NPM_YARN_LOCK || k == CK_NPM_PNPM_LOCK) && !strstr(path, "/node_modules/");
}

static int gemspec(const char *path) { return ck_ruby_file_kind(path) == CK_RUBY_GEMSPEC; }
static int gemfile_lock(const char *path) { return ck_ruby_file_kind(path) == CK_RUBY_GEMFILE_LOCK; }
static int composer_installed(const char *path) { return ck_composer_file_kind(path) == CK_COMPOSER_INSTALLED; }
static int composer_lock(const char *path) { return ck_composer_file_kind(path) == CK_COMPOSER_LOCK; }
static int pom_properties(const char *path) { return ck_java_file_kind(path) == CK_JAVA_POM_PROPERTIES; }

static enum ck_status parse_pom(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                struct ck_err *err)
{
    return ck_java_parse_pom_properties(path, data, len, out, err);
}

static enum ck_status parse_jar(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                struct ck_err *err)
{
    return ck_jar_parse(out, path, data, len, err);
}

static const struct ck_cataloger catalogers[] = {
    {"npm", CK_LANG_NPM, CK_CATALOG_INSTALLED, CK_LANG_MAX_INPUT, npm_installed, ck_npm_parse},
    {"npm lock", CK_LANG_NPM, CK_CATALOG_LOCK, CK_LANG_MAX_INPUT, npm_lock, ck_npm_parse},
    {"python", CK_LANG_PYPI, CK_CATALOG_INSTALLED, CK_LANG_MAX_INPUT, ck_python_wants, ck_python_parse},
    {"gemspec", CK_LANG_RUBYGEMS, CK_CATALOG_INSTALLED, CK_LANG_MAX_INPUT, gemspec, ck_ruby_parse},
    {"Gemfile.lock", CK_LANG_RUBYGEMS, CK_CATALOG_LOCK, CK_LANG_MAX_INPUT, gemfile_lock, ck_ruby_parse},
    {"composer", CK_LANG_PACKAGIST, CK_CATALOG_INSTALLED, CK_LANG_MAX_INPUT, composer_installed,
     ck_composer_parse},
    {"composer.lock", CK_LANG_PACKAGIST, CK_CATALOG_LOCK, CK_LANG_MAX_INPUT, composer_lock, ck_composer_parse},
    {"deps.json", CK_LANG_NUGET, CK_CATALOG_INSTALLED, CK_LANG_MAX_INPUT, ck_dotnet_wants, ck_dotnet_parse},
    {"Cargo.lock", CK_LANG_CRATES, CK_CATALOG_INSTALLED, CK_LANG_MAX_INPUT, ck_cargo_wants, ck_cargo_parse_lock},
    {"pom.properties", CK_LANG_MAVEN, CK_CATALOG_INSTALLED, CK_LANG_MAX_INPUT, pom_properties, parse_pom},
    {"Java archive", CK_LANG_MAVEN, CK_CATALOG_INSTALLED, CK_JAR_MAX_INPUT, ck_jar_wants, parse_jar},
};

const struct ck_cataloger *ck_catalog_find(const char *path)
{
    size_t i;

    for (i = 0; i < sizeof catalogers / sizeof catalogers[0]; i++)
        if (catalogers[i].wants(path))
            return &catalogers[i];
    return NULL;
}

int ck_catalog_installed_beside(const struct ck_cataloger *c, const char *path, char *dst, size_t cap)
{
    const char *slash = strrchr(path, '/');
    const char *beside = NULL;
    size_t dn;
    int n;

    if (!c || c->role != CK_CATALOG_LOCK || !slash)
        return 0;
    if (!strcmp(c->ecosystem, CK_LANG_NPM))
        beside = "node_modules";
    else if (!strcmp(c->ecosystem, CK_LANG_PACKAGIST))
        beside = "vendor/composer/installed.json";
    else if (!strcmp(c->ecosystem, CK_LANG_RUBYGEMS))
        beside = "vendor/bundle";
    if (!beside)
        return 0;
    while (*path == '/')
        path++;
    slash = strrchr(path, '/');
    dn = slash ? (size_t)(slash - path) : 0;
    n = snprintf(dst, cap, "%.*s%s%s", (int)dn, path, dn ? "/" : "", beside);
    return n > 0 && (size_t)n < cap;
}
