/* Child processes: run a program with its standard input fed from memory and
 * its standard output captured (credential helpers, docker-credential-*).
 * Implemented in process_posix.c and process_win32.c. */
#ifndef CK_PROCESS_H
#define CK_PROCESS_H

#include <stddef.h>

#include "util/buf.h"
#include "util/status.h"

/* Runs argv[0] (found on PATH; on Windows ".exe" is added) with argv as its
 * arguments (NULL-terminated). input (input_len bytes) is written to its
 * standard input, which is then closed; its standard output is appended to
 * out, at most out_max bytes (more is CK_ERR_LIMIT); its standard error is
 * discarded. After timeout_ms the program is killed (CK_ERR_TIMEOUT).
 * CK_ERR_NOTFOUND when the program cannot be found. On CK_OK *exit_code is
 * the program's exit code (whatever it is). */
enum ck_status ck_process_run(const char *const argv[], const void *input, size_t input_len,
                              struct ck_buf *out, size_t out_max, unsigned timeout_ms,
                              int *exit_code, struct ck_err *err);

#endif
