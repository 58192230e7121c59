/* PHP packages installed by Composer (ecosystem "Packagist").
 *
 *   vendor/composer/installed.json   Composer 1: a top-level array of
 *       packages; Composer 2: {"packages": [...], "dev-package-names": [...]}
 *       (the packages named there are CK_LANG_DEV).
 *   composer.lock   "packages", and "packages-dev" as CK_LANG_DEV.
 * Each package: "name" ("vendor/package") and "version" as written (often
 * with a "v": "v1.8.1"); a package without either is a warning. */
#ifndef CK_COMPOSER_H
#define CK_COMPOSER_H

#include <stddef.h>

#include "inventory/lang/langtext.h"

enum ck_composer_kind { CK_COMPOSER_NONE = 0, CK_COMPOSER_INSTALLED, CK_COMPOSER_LOCK };

/* ".../composer/installed.json" (the folder Composer keeps it in, under
 * vendor/), or a file named composer.lock. */
enum ck_composer_kind ck_composer_file_kind(const char *path);

/* Either shape, told apart by the content (an array or an object with
 * "packages" and no "packages-dev" is installed.json; "packages-dev" or
 * "content-hash" makes it a lock file). Fails for input that is too
 * large, not JSON, or out of memory, leaving out as it was. */
enum ck_status ck_composer_parse(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                                 struct ck_err *err);

#endif
