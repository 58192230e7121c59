/* libFuzzer target: GitLab's answers, fed to the real client. The input is a
 * query line "<scope> <id> [<tag policy>]" (user, group or project; the
 * policy as --tags takes it), then the HTTP responses the scripted server
 * (fuzz_server.h) gives to the client's requests in turn, all separated by
 * "\n--next--\n". The client goes through every page, project, repository
 * and tag detail the answers lead it to.
 *
 * Checks: the token goes only to the GitLab instance (never to another
 * origin a Link header or a redirect names) and never into a log line or an
 * error message; a failure says why; the images found are no more than the
 * tags chosen. */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_server.h"
#include "sources/gitlab.h"

#define HOST "gitlab.example.com"
#define BASE "http://" HOST
#define TOKEN "glpat-FuzzToken0123456789"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int token_in_input; /* then the server may echo it: no leak of ours */

static void check_line(const char *line)
{
    if (!token_in_input && strstr(line, TOKEN)) {
        fprintf(stderr, "the token was logged: %s\n", line);
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

/* The query line: scope, id, policy (defaults for what is missing or wrong). */
static void read_query(const char *line, size_t len, struct ck_gitlab_query *q, char *id, size_t idsize,
                       struct ck_tagpolicy *policy, int *has_policy)
{
    char buf[256], *save = NULL, *word;
    enum ck_gitlab_scope scope = CK_GITLAB_GROUP;
    struct ck_err err;

    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, line, len);
    buf[len] = '\0';
    snprintf(id, idsize, "10");
    word = strtok_r(buf, " ", &save);
    if (word && ck_gitlab_scope_parse(word, &scope))
        word = strtok_r(NULL, " ", &save);
    q->scope = scope;
    if (word) {
        snprintf(id, idsize, "%s", word);
        word = strtok_r(NULL, " ", &save);
    }
    *has_policy = word && ck_tagpolicy_parse(policy, word, &err) == CK_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *parts[CK_FUZZ_SCRIPT_MAX + 1];
    size_t lens[CK_FUZZ_SCRIPT_MAX + 1], n, i, nreq, total;
    const struct ck_fuzz_request *req;
    struct ck_gitlab_query q;
    struct ck_gitlab_stats stats;
    struct ck_tagpolicy policy;
    struct ck_imagelist list;
    struct ck_err err;
    char id[200];
    int has_policy = 0;
    enum ck_status st;

    token_in_input = memmem(data, size, TOKEN, sizeof TOKEN - 1) != NULL;
    n = ck_fuzz_split((const char *)data, size, parts, lens, CK_FUZZ_SCRIPT_MAX + 1);
    memset(&q, 0, sizeof q);
    memset(&stats, 0, sizeof stats);
    read_query(parts[0], lens[0], &q, id, sizeof id, &policy, &has_policy);
    q.base_url = BASE;
    q.id = id;
    q.token = TOKEN;
    q.policy = has_policy ? &policy : NULL;
    q.per_page = 2;
    ck_fuzz_server_script(parts + 1, lens + 1, n - 1);
    ck_imagelist_init(&list);
    ck_err_clear(&err);

    st = ck_gitlab_list(&q, &list, &stats, &err);
    if (st != CK_OK && !err.msg[0])
        abort(); /* a failure says why */
    if (!token_in_input && strstr(err.msg, TOKEN))
        abort();
    if (st == CK_OK && (list.count > stats.chosen || stats.chosen > stats.tags))
        abort();

    req = ck_fuzz_server_requests(&nreq, &total);
    for (i = 0; i < nreq; i++) {
        char *tok = ck_fuzz_request_header(req[i].head, "private-token");
        /* "GET http://gitlab.example.com/api/v4/... HTTP/1.1" through the proxy */
        if (tok && (!ck_fuzz_request_to(req[i].head, HOST, 80) || strcmp(tok, TOKEN) != 0)) {
            fprintf(stderr, "the token went to another origin:\n%s\n", req[i].head);
            abort();
        }
        free(tok);
    }
    if (st == CK_OK && stats.requests > total)
        abort(); /* each request counted was made */

    ck_imagelist_release(&list);
    if (has_policy)
        ck_tagpolicy_release(&policy);
    return 0;
}
