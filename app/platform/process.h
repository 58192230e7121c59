/* Child processes: run a program with its standard input fed from memory and
 * its standard output captured (credential helpers, docker-credential-*).
 * Implemented in process_posix.c and process_win32.c. */
#ifndef CK_PROCESS_H
#define CK_PROCESS_H

#include <stddef.h>

#include "util/buf.h"
#include "util/status.h"

/* Runs argv[0] (a full path, or a name found in PATH's absolute folders
 * only; on Windows ".exe" is added) with argv as its
 * arguments (NULL-terminated). input (input_len bytes) is written to its
 * standard input, which is then closed; its standard output is appended to
 * out, at most out_max bytes (more is CK_ERR_LIMIT); its standard error is
 * discarded. After timeout_ms the program is killed (CK_ERR_TIMEOUT).
 * CK_ERR_NOTFOUND when the program cannot be found. On CK_OK *exit_code is
 * the program's exit code (whatever it is). */
enum ck_status ck_process_run(const char *const argv[], const void *input, size_t input_len,
                              struct ck_buf *out, size_t out_max, unsigned timeout_ms,
                              int *exit_code, struct ck_err *err);

/* Where program name is in the folders of path_env (a PATH value, entries
 * separated by sep: ';' on Windows, ':' elsewhere): the first folder, in
 * order, that holds name with one of exts (NULL-terminated; "" for the
 * name as it is), as exists() says. Relative entries ("", ".", "bin") are
 * skipped: they mean the current folder, where anyone may have put a
 * program of that name; a name with a folder in it is refused. malloc'd;
 * NULL when not found. */
char *ck_process_search_path(const char *path_env, char sep, const char *name, const char *const *exts,
                             int (*exists)(const char *path));

#endif
