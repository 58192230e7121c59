/* A scripted HTTP server on 127.0.0.1 for the fuzz targets of the web
 * clients (GitLab, registry). It is also every request's proxy (http_proxy,
 * https_proxy), so that any URL a server names, on any host, comes back here
 * without a DNS lookup.
 *
 * A script is the fuzz input cut into responses at each "\n--next--\n": the
 * n-th request gets the n-th response, byte for byte, and the connection is
 * closed after it (bodies end at the close unless the response says
 * otherwise). Requests past the script's end, and CONNECT requests (https
 * through the proxy), are closed without an answer. A 429 status is sent as
 * 503: the client's 429 handling waits real seconds. */
#ifndef CK_FUZZ_SERVER_H
#define CK_FUZZ_SERVER_H

#include <stddef.h>

#define CK_FUZZ_SEPARATOR "\n--next--\n"
#define CK_FUZZ_SCRIPT_MAX 64 /* responses kept of one input */

/* One request the server read. */
struct ck_fuzz_request {
    char *head; /* request line and headers, NUL-terminated */
    int answered;
};

/* Starts the server (once per process) and points the proxy variables at it. */
void ck_fuzz_server_start(void);

/* Sets the responses for the requests to come (the bytes are copied) and
 * forgets the requests seen. */
void ck_fuzz_server_script(const char *const *responses, const size_t *lens, size_t count);

/* The requests seen since the last script, in order (the first
 * 2 * CK_FUZZ_SCRIPT_MAX kept): *count gets how many are kept, *total (may be
 * NULL) how many were made. */
const struct ck_fuzz_request *ck_fuzz_server_requests(size_t *count, size_t *total);

/* Non-zero when the request head is a plain-http request (as proxies are
 * asked: "GET http://...") whose Host header names host:port (80 when the
 * header has no port; port 0: any port). */
int ck_fuzz_request_to(const char *head, const char *host, unsigned port);

/* Splits data at CK_FUZZ_SEPARATOR into at most max parts (pointers into
 * data, the last part takes the rest); returns how many. */
size_t ck_fuzz_split(const char *data, size_t size, const char **parts, size_t *lens, size_t max);

/* The value of header name (any case) in a request head, malloc'd, or NULL. */
char *ck_fuzz_request_header(const char *head, const char *name);

/* Sends log lines to a check instead of the console: every line is
 * formatted (debug level), then passed to fn. */
void ck_fuzz_log_to(void (*fn)(const char *line));

#endif
