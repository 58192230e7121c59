/* npm packages (ecosystem "npm"): installed manifests and the lock files of
 * npm, Yarn and pnpm.
 *
 *   package.json        name and version of an installed package; a manifest
 *                       without either, a VS Code extension (engines.vscode)
 *                       or a Unity package (a "unity" field) gives nothing.
 *   package-lock.json   lockfileVersion 1: the nested "dependencies" tree;
 *   npm-shrinkwrap.json 2 and 3: "packages" keyed by install path (name after
 *   .package-lock.json  the last "node_modules/" unless the entry has "name"),
 *                       dev / optional / peer flags; workspace folders are
 *                       CK_LANG_LINK, link entries pointing at them are not
 *                       packages themselves. detail = install path.
 *   yarn.lock           v1 ("name@range":  version "1.2.3") and Berry
 *                       (resolution: "name@npm:1.2.3"); workspace, link,
 *                       portal and file resolutions are CK_LANG_LINK.
 *   pnpm-lock.yaml      the keys of "packages:" in the 5.x (/name/1.2.3_peer),
 *                       6.0 (/name@1.2.3(peer)) and 9.0 (name@1.2.3) shapes;
 *                       "dev: true" kept. Read line by line, not as YAML.
 *
 * Every function appends to out (caller-owned, see langtext.h) and fails
 * only for input that is too large, not JSON where JSON is needed, or out
 * of memory; then out is as it was and err says why. */
#ifndef CK_NPM_H
#define CK_NPM_H

#include <stddef.h>

#include "inventory/lang/langtext.h"

enum ck_npm_kind {
    CK_NPM_NONE = 0,
    CK_NPM_PACKAGE_JSON, /* an installed package's manifest */
    CK_NPM_LOCK,         /* package-lock.json, npm-shrinkwrap.json, node_modules/.package-lock.json */
    CK_NPM_YARN_LOCK,
    CK_NPM_PNPM_LOCK
};

/* Which file path (absolute in the image, '/'-separated) is, by its name
 * and place:
 *   package.json only at a package root: the part after the LAST
 *   "node_modules/" is exactly "<name>/package.json" or
 *   "@scope/<name>/package.json" (so node_modules/rxjs/ajax/package.json is
 *   not one), or /usr/share/nodejs/<name>/package.json (Debian's node-*
 *   packages; parsed with CK_LANG_OS_PATH);
 *   the lock files by name, outside node_modules (the hidden lock file
 *   node_modules/.package-lock.json excepted). */
enum ck_npm_kind ck_npm_file_kind(const char *path);

/* Parses the file as its kind (ck_npm_file_kind); a path of no kind is
 * read as a package.json. */
enum ck_status ck_npm_parse(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                            struct ck_err *err);

/* The parsers of each kind, whatever the file's name. */
enum ck_status ck_npm_parse_package_json(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                         struct ck_err *err);
enum ck_status ck_npm_parse_package_lock(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                         struct ck_err *err);
enum ck_status ck_npm_parse_yarn_lock(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                      struct ck_err *err);
enum ck_status ck_npm_parse_pnpm_lock(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                      struct ck_err *err);

#endif
