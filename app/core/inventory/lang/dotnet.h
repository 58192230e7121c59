/* .NET dependencies of a published application (ecosystem "NuGet"): the
 * "libraries" of <app>.deps.json, keyed "Name/Version" (split at the last
 * '/'). Libraries of type "package" are NuGet packages; "project" (the
 * application and its own projects) and "runtimepack" (a bundled runtime)
 * are kept with CK_LANG_PROJECT / CK_LANG_RUNTIMEPACK; other types
 * ("reference", "msbuildproject") are not packages. A key without a
 * version is a warning. */
#ifndef CK_DOTNET_H
#define CK_DOTNET_H

#include <stddef.h>

#include "inventory/lang/langtext.h"

/* A file whose name ends in ".deps.json". */
int ck_dotnet_wants(const char *path);

/* Fails for input that is too large, not JSON, or out of memory, leaving
 * out as it was. */
enum ck_status ck_dotnet_parse(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                               struct ck_err *err);

#endif
