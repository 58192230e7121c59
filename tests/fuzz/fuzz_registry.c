/* libFuzzer target: a registry's answers (Docker Registry HTTP API v2), fed
 * to the real client. The input is a query line "<registry URL> [<tag
 * policy> [<username>]]", then the HTTP responses the scripted server
 * (fuzz_server.h) gives to the client's requests in turn (catalog pages, 401
 * challenges, token service answers, tag pages), all separated by
 * "\n--next--\n".
 *
 * Checks: the password never reaches a log line or an error message; a
 * bearer token goes only to the registry; the username and password go
 * only to the registry, or to a token request (one with scope=) on the
 * registry's own host; a failure says why and adds nothing. */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_server.h"
#include "sources/registry.h"

#define PASSWORD "Fuzz-Passw0rd-4711"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int secret_in_input;

static void check_line(const char *line)
{
    if (!secret_in_input && strstr(line, PASSWORD)) {
        fprintf(stderr, "the password was logged: %s\n", line);
        abort();
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    ck_fuzz_server_start();
    ck_fuzz_log_to(check_line);
    return 0;
}

/* host and port of the registry as parse_url would take them from url. */
static void registry_origin(const char *url, char *host, size_t hsize, unsigned *port)
{
    const char *p = strstr(url, "://");
    size_t n;
    const char *colon;

    *port = 443;
    if (p && !strncmp(url, "http://", 7))
        *port = 80;
    p = p ? p + 3 : url;
    n = strcspn(p, "/");
    colon = p[0] == '[' && memchr(p, ']', n) ? (const char *)memchr(p, ']', n) + 1 : p;
    colon = memchr(colon, ':', n - (size_t)(colon - p));
    if (colon) {
        *port = (unsigned)strtoul(colon + 1, NULL, 10);
        n = (size_t)(colon - p);
    }
    if (n >= hsize)
        n = hsize - 1;
    memcpy(host, p, n);
    host[n] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *parts[CK_FUZZ_SCRIPT_MAX + 1];
    size_t lens[CK_FUZZ_SCRIPT_MAX + 1], n, i, nreq;
    const struct ck_fuzz_request *req;
    struct ck_registry_query q;
    struct ck_registry_stats stats;
    struct ck_tagpolicy policy;
    struct ck_imagelist list;
    struct ck_err err;
    char line[512], url[256] = "http://registry.example.com:5000", user[128] = "", *save = NULL, *word;
    char host[256];
    unsigned port;
    int has_policy = 0;
    enum ck_status st;

    secret_in_input = memmem(data, size, PASSWORD, sizeof PASSWORD - 1) != NULL;
    n = ck_fuzz_split((const char *)data, size, parts, lens, CK_FUZZ_SCRIPT_MAX + 1);
    memcpy(line, parts[0], lens[0] < sizeof line ? lens[0] : sizeof line - 1);
    line[lens[0] < sizeof line ? lens[0] : sizeof line - 1] = '\0';
    if ((word = strtok_r(line, " ", &save)) != NULL) {
        snprintf(url, sizeof url, "%s", word);
        if ((word = strtok_r(NULL, " ", &save)) != NULL) {
            has_policy = ck_tagpolicy_parse(&policy, word, &err) == CK_OK;
            if ((word = strtok_r(NULL, " ", &save)) != NULL)
                snprintf(user, sizeof user, "%s", word);
        }
    }
    memset(&q, 0, sizeof q);
    q.url = url;
    q.username = user[0] ? user : NULL;
    q.password = PASSWORD;
    q.docker_credentials = 0; /* never this machine's docker credentials */
    q.policy = has_policy ? &policy : NULL;
    q.page_size = 2;
    registry_origin(url, host, sizeof host, &port);

    ck_fuzz_server_script(parts + 1, lens + 1, n - 1);
    ck_imagelist_init(&list);
    ck_err_clear(&err);
    st = ck_registry_list(&q, &list, &stats, &err);
    if (st != CK_OK && (!err.msg[0] || list.count))
        abort(); /* a failure says why and adds nothing */
    if (!secret_in_input && strstr(err.msg, PASSWORD))
        abort();
    if (st == CK_OK && (list.count > stats.chosen || stats.chosen > stats.tags))
        abort();

    req = ck_fuzz_server_requests(&nreq, NULL);
    for (i = 0; i < nreq; i++) {
        char *auth = ck_fuzz_request_header(req[i].head, "authorization");
        const char *end = strstr(req[i].head, " HTTP/1.");
        int to_registry = ck_fuzz_request_to(req[i].head, host, port);
        int token_request = end && memmem(req[i].head, (size_t)(end - req[i].head), "scope=", 6) &&
                            ck_fuzz_request_to(req[i].head, host, 0);
        if (auth && !strncmp(auth, "Bearer ", 7) && !to_registry) {
            fprintf(stderr, "a bearer token went to another origin:\n%s\n", req[i].head);
            abort();
        }
        if (auth && !strncmp(auth, "Basic ", 6) && !to_registry && !token_request) {
            fprintf(stderr, "the credentials went to another origin:\n%s\n", req[i].head);
            abort();
        }
        free(auth);
    }

    ck_imagelist_release(&list);
    if (has_policy)
        ck_tagpolicy_release(&policy);
    return 0;
}
