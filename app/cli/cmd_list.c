/* ckitty list: builds an image list file from GitLab, a registry, the local
 * engine or another list file (Invoke-ContainerKitty's -BuildList, reading
 * every page and any tag policy).
 *
 *   ckitty list --gitlab URL --user|--group|--project ID [--token-env VAR]
 *               [--policy P] [-o FILE]
 *   ckitty list --registry URL [--username U --password-env VAR] [--policy P] [-o FILE]
 *   ckitty list --local [--host URL | --context NAME] [-o FILE]
 *   ckitty list --file FILE [-o FILE]
 *   ckitty list -BuildList -BuildBaseUrl URL -BuildId ID -BuildIdType User|Group|Project
 *
 * Secrets never go on the command line unless the user insists
 * (-AccessToken, kept for the original's scripts, with a warning): the GitLab
 * token comes from --token-env VAR, else CKITTY_GITLAB_TOKEN, else a prompt
 * without echo when a person is at the terminal; a registry password from
 * --password-env VAR or the same kind of prompt; without --username, the
 * docker CLI's credentials for that registry (config.json, credential
 * helpers, Windows Credential Manager), as pulls use them. Nothing is stored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "docker/endpoint.h"
#include "docker/engine.h"
#include "platform/platform.h"
#include "platform/prompt.h"
#include "sources/gitlab.h"
#include "sources/imagelist.h"
#include "sources/local.h"
#include "sources/registry.h"
#include "sources/tagpolicy.h"
#include "util/log.h"

#define TOKEN_ENV_DEFAULT "CKITTY_GITLAB_TOKEN"

struct list_args {
    const char *gitlab, *id, *token_env, *access_token;
    enum ck_gitlab_scope scope;
    int scopes;
    const char *registry, *username, *password_env;
    int local;
    const char *host, *context;
    const char *file;
    const char *policy, *output;
    long long page_size;
    int build_list, verbose;
};

static int set_scope(struct list_args *a, enum ck_gitlab_scope scope, const char *id)
{
    a->scope = scope;
    a->scopes++;
    if (id)
        a->id = id;
    return CK_EXIT_OK;
}

static int on_user(void *ctx, char **v) { return set_scope(ctx, CK_GITLAB_USER, v[0]); }
static int on_group(void *ctx, char **v) { return set_scope(ctx, CK_GITLAB_GROUP, v[0]); }
static int on_project(void *ctx, char **v) { return set_scope(ctx, CK_GITLAB_PROJECT, v[0]); }

static int on_id_type(void *ctx, char **v)
{
    enum ck_gitlab_scope scope;
    if (!ck_gitlab_scope_parse(v[0], &scope))
        return ck_cli_fail("list: -BuildIdType must be User, Group or Project (got '%s')", v[0]);
    return set_scope(ctx, scope, NULL);
}

static int parse_args(const struct ck_cli_command *self, struct list_args *a, int argc, char **argv)
{
    const struct ck_cli_option options[] = {
        {CK_OPT_STRING("--gitlab", "-BuildBaseUrl", &a->gitlab, "URL", "a GitLab instance's container registries"),
         CK_OPT_ANYCASE},
        {CK_OPT_CALL("--user", NULL, on_user, a, "ID", "the projects of a GitLab user (id or name)")},
        {CK_OPT_CALL("--group", NULL, on_group, a, "ID", "the projects of a group and its subgroups")},
        {CK_OPT_CALL("--project", NULL, on_project, a, "ID", "one project (id or path)")},
        {CK_OPT_STRING("--token-env", NULL, &a->token_env, "VAR", "the GitLab token is in this environment variable")},
        {CK_OPT_STRING("--registry", NULL, &a->registry, "URL", "a registry's catalog")},
        {CK_OPT_STRING("--username", NULL, &a->username, "U", "the registry user (the password is asked)")},
        {CK_OPT_STRING("--password-env", NULL, &a->password_env, "VAR", "the registry password is in this variable")},
        {CK_OPT_FLAG("--local", NULL, &a->local, "the images of the local Docker engine")},
        {CK_OPT_HOST(&a->host)},
        {CK_OPT_CONTEXT(&a->context)},
        {CK_OPT_STRING("--file", NULL, &a->file, "FILE", "another image list (checked, duplicates dropped)")},
        {CK_OPT_STRING("--policy", NULL, &a->policy, "P", "which tags: all, latest, semver, regex:RE, newest:N")},
        {CK_OPT_STRING("--output", "-o", &a->output, "FILE", "the list file (- prints it)")},
        {CK_OPT_INT("--page-size", NULL, &a->page_size, 1, 1000, "N", "items per request")},
        {CK_OPT_FLAG("--verbose", "-v", &a->verbose, "log every request")},
        {CK_OPT_FLAG("-BuildList", NULL, &a->build_list, "Invoke-ContainerKitty's verb"), CK_OPT_ANYCASE},
        {CK_OPT_STRING("-BuildId", NULL, &a->id, "ID", "as --user, --group or --project ID"), CK_OPT_ANYCASE},
        {CK_OPT_CALL("-BuildIdType", NULL, on_id_type, a, "User|Group|Project", "what -BuildId names"),
         CK_OPT_ANYCASE},
        {CK_OPT_STRING("-AccessToken", NULL, &a->access_token, "TOKEN",
                       "the GitLab token on the command line (other programs can read it)"), CK_OPT_ANYCASE},
        {CK_OPT_END},
    };
    int rc = ck_cli_parse(self, options, argc, argv, NULL);

    if (rc == CK_EXIT_OK && a->verbose)
        ck_log_set_level(CK_LOG_DEBUG);
    return rc;
}

static int check_sources(const struct list_args *a)
{
    int sources = !!a->gitlab + !!a->registry + !!a->local + !!a->file;
    if (sources != 1)
        return ck_cli_fail("list: name one source: --gitlab, --registry, --local or --file (ckitty list --help)"), 0;
    if (a->gitlab && (a->scopes != 1 || !a->id))
        return ck_cli_fail("--gitlab needs one of --user ID, --group ID or --project ID "
                           "(or -BuildIdType and -BuildId)"), 0;
    if (!a->gitlab && (a->scopes || a->id || a->token_env || a->access_token))
        return ck_cli_fail("--user, --group, --project and tokens go with --gitlab"), 0;
    if (!a->registry && (a->username || a->password_env))
        return ck_cli_fail("--username and --password-env go with --registry"), 0;
    if (!a->local && (a->host || a->context))
        return ck_cli_fail("--host and --context go with --local"), 0;
    if (a->policy && (a->local || a->file))
        return ck_cli_fail("--policy applies to --gitlab and --registry"), 0;
    return 1;
}

/* A secret from the environment variable name, else from a prompt when a
 * person is at the terminal. NULL when none; malloc'd. */
static char *secret_from(const char *env, const char *prompt)
{
    char *s = env ? ck_getenv(env) : NULL;
    if (s && !*s) {
        free(s);
        s = NULL;
    }
    if (!s && ck_isatty(stdin)) {
        s = ck_prompt_secret(prompt);
        if (s && !*s) {
            free(s);
            s = NULL;
        }
    }
    return s;
}

static void wipe_free(char *s)
{
    if (s) {
        memset(s, 0, strlen(s));
        free(s);
    }
}

static enum ck_status from_gitlab(const struct list_args *a, const struct ck_tagpolicy *policy,
                                  struct ck_imagelist *list, struct ck_err *err)
{
    struct ck_gitlab_query q;
    struct ck_gitlab_stats s;
    char prompt[600], *token = NULL;
    enum ck_status st;

    if (a->access_token) {
        ck_log(CK_LOG_WARN, "-AccessToken puts the token where other programs can read it; "
               "prefer --token-env VAR or $%s", TOKEN_ENV_DEFAULT);
        token = strdup(a->access_token);
    } else if (a->token_env) {
        token = ck_getenv(a->token_env);
        if (!token || !*token) {
            free(token);
            return ck_err_set(err, CK_ERR_ARG, "the environment variable %s (--token-env) is not set",
                              a->token_env);
        }
    } else {
        snprintf(prompt, sizeof prompt, "GitLab access token for %.500s (Enter for none): ", a->gitlab);
        token = secret_from(TOKEN_ENV_DEFAULT, prompt);
    }
    memset(&q, 0, sizeof q);
    q.base_url = a->gitlab;
    q.scope = a->scope;
    q.id = a->id;
    q.token = token;
    q.policy = policy;
    q.per_page = (unsigned)a->page_size;
    ck_log(CK_LOG_INFO, "reading the container registries of %s %s on %s (tags: %s)",
           ck_gitlab_scope_name(a->scope), a->id, a->gitlab, policy->text);
    st = ck_gitlab_list(&q, list, &s, err);
    if (st == CK_OK)
        ck_log(CK_LOG_INFO, "%lu project(s), %lu repositories, %lu tags seen, %lu chosen, %lu skipped, "
               "%lu requests", (unsigned long)s.projects, (unsigned long)s.repositories,
               (unsigned long)s.tags, (unsigned long)s.chosen, (unsigned long)s.skipped,
               (unsigned long)s.requests);
    wipe_free(token);
    return st;
}

static enum ck_status from_registry(const struct list_args *a, const struct ck_tagpolicy *policy,
                                    struct ck_imagelist *list, struct ck_err *err)
{
    struct ck_registry_query q;
    struct ck_registry_stats s;
    char prompt[600], *password = NULL;
    enum ck_status st;

    if (a->password_env) {
        password = ck_getenv(a->password_env);
        if (!password)
            return ck_err_set(err, CK_ERR_ARG, "the environment variable %s (--password-env) is not set",
                              a->password_env);
    } else if (a->username) {
        snprintf(prompt, sizeof prompt, "Password of %.100s for %.400s: ", a->username, a->registry);
        password = secret_from(NULL, prompt);
    }
    memset(&q, 0, sizeof q);
    q.url = a->registry;
    q.username = a->username;
    q.password = password;
    q.docker_credentials = !a->username;
    q.policy = policy;
    q.page_size = (unsigned)a->page_size;
    ck_log(CK_LOG_INFO, "reading the catalog of %s (tags: %s)", a->registry, policy->text);
    st = ck_registry_list(&q, list, &s, err);
    if (st == CK_OK)
        ck_log(CK_LOG_INFO, "%lu repositories, %lu tags seen, %lu chosen, %lu skipped, %lu requests",
               (unsigned long)s.repositories, (unsigned long)s.tags, (unsigned long)s.chosen,
               (unsigned long)s.skipped, (unsigned long)s.requests);
    wipe_free(password);
    return st;
}

static enum ck_status from_file(const struct list_args *a, struct ck_imagelist *list, struct ck_err *err)
{
    struct ck_imagelist_stats s;
    enum ck_status st = ck_imagelist_read_file(list, a->file, &s, err);
    if (st == CK_OK)
        ck_log(CK_LOG_INFO, "%s: %lu line(s), %lu image(s), %lu duplicate(s), %lu invalid line(s) skipped",
               a->file, (unsigned long)s.lines, (unsigned long)s.added, (unsigned long)s.duplicates,
               (unsigned long)s.invalid);
    return st;
}

static int from_engine(const struct list_args *a, struct ck_imagelist *list)
{
    struct ck_engine engine;
    struct ck_local_stats s;
    struct ck_err err;
    enum ck_status st;
    int rc;

    if ((rc = ck_cli_engine_open(a->host, a->context, &engine)) != CK_EXIT_OK)
        return rc;
    ck_log(CK_LOG_INFO, "reading the images of %s (%s)", ck_endpoint_product(&engine.endpoint),
           engine.endpoint.address);
    st = ck_imagelist_from_engine(&engine, list, &s, &err);
    if (st == CK_OK)
        ck_log(CK_LOG_INFO, "%lu image(s) in the engine, %lu without tag or digest left out", s.images,
               s.dangling);
    ck_engine_release(&engine);
    return st == CK_OK ? CK_EXIT_OK : ck_cli_fail("%s", err.msg);
}

static int write_output(const struct list_args *a, const struct ck_imagelist *list)
{
    struct ck_err err;
    char *name = NULL;
    const char *path = a->output;
    size_t i;

    if (path && !strcmp(path, "-")) {
        for (i = 0; i < list->count; i++)
            ck_cli_print(stdout, "%s\n", ck_imagelist_string(list, i));
        return fflush(stdout) == 0 ? CK_EXIT_OK : CK_EXIT_ERROR;
    }
    if (!path) {
        name = ck_imagelist_default_filename(ck_time_now());
        if (!name)
            return ck_cli_fail("out of memory");
        path = name;
    }
    if (ck_imagelist_write_file(list, path, &err) != CK_OK) {
        free(name);
        return ck_cli_fail("%s", err.msg);
    }
    ck_log(CK_LOG_SUCCESS, "wrote %lu image(s) to %s", (unsigned long)list->count, path);
    free(name);
    return CK_EXIT_OK;
}

int ck_cmd_list(const struct ck_cli_command *self, int argc, char **argv)
{
    struct list_args a = {0};
    struct ck_tagpolicy policy;
    struct ck_imagelist list;
    struct ck_err err;
    enum ck_status st = CK_OK;
    int rc;

    if ((rc = parse_args(self, &a, argc, argv)) != CK_EXIT_OK)
        return rc;
    if (a.build_list && !a.gitlab)
        return ck_cli_fail("list: -BuildList needs -BuildBaseUrl URL -BuildId ID -BuildIdType User|Group|Project");
    if (!check_sources(&a))
        return CK_EXIT_ERROR;
    if (ck_tagpolicy_parse(&policy, a.policy ? a.policy : "all", &err) != CK_OK)
        return ck_cli_fail("%s", err.msg);
    ck_imagelist_init(&list);
    if (a.gitlab)
        st = from_gitlab(&a, &policy, &list, &err);
    else if (a.registry)
        st = from_registry(&a, &policy, &list, &err);
    else if (a.file)
        st = from_file(&a, &list, &err);
    rc = a.local ? from_engine(&a, &list) : st == CK_OK ? CK_EXIT_OK : ck_cli_fail("%s", err.msg);
    if (rc == CK_EXIT_OK)
        rc = write_output(&a, &list);
    ck_imagelist_release(&list);
    ck_tagpolicy_release(&policy);
    return rc;
}
