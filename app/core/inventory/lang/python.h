/* Installed Python distributions (ecosystem "PyPI"): the core metadata file
 * of a wheel install or an egg,
 *   <site>/<name>-<ver>.dist-info/METADATA
 *   <site>/<name>-<ver>.egg-info/PKG-INFO   (also .egg-info/METADATA)
 *   <site>/<name>.egg/EGG-INFO/PKG-INFO
 *   <site>/<name>-<ver>.egg-info            (a single file)
 * (the folder names compared without regard to case).
 *
 * The file is RFC 822-style: "Key: value" headers, a line starting with a
 * space or tab continues the previous one, CRLF or LF, and the headers end
 * at the first blank line (the description body after it is ignored). Keys
 * compare without regard to case; for a repeated header the first one
 * counts. A line in the headers that is not "Key: value" ends them, as it
 * does for Python's own email parser (a warning is counted). The package
 * is Name and Version, the name kept as written. */
#ifndef CK_PYTHON_H
#define CK_PYTHON_H

#include <stddef.h>

#include "inventory/lang/langtext.h"

/* 1 when path is one of the metadata files above. */
int ck_python_wants(const char *path);

/* Appends the distribution the file describes (nothing when it has no Name
 * or no Version; that is a warning). Fails only for an input past the cap
 * or out of memory, leaving out as it was. */
enum ck_status ck_python_parse(const char *path, const void *data, size_t len, struct ck_lang_result *out,
                               struct ck_err *err);

/* PEP 503 normalisation, the form of OSV's PyPI names: ASCII lower case,
 * every run of '-', '_' and '.' replaced by one '-'
 * ("Foo.Bar__baz" -> "foo-bar-baz"). A heap string the caller frees; NULL
 * for NULL or out of memory. */
char *ck_python_normalise_name(const char *name);

#endif
