/* Opening the scan history, the vulnerability database and the Docker
 * engine, the one way every command does it (cli.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "docker/imageref.h"
#include "docker/endpoint.h"
#include "docker/engine.h"
#include "platform/platform.h"
#include "report/report.h"
#include "store/history.h"
#include "util/text.h"
#include "vuln/vulndb.h"

/* What differs between the two stores in what is said about them. */
struct store {
    const char *what;     /* "scan history" */
    const char *option;   /* the option that names another one */
    const char *nothing;  /* a missing store, as a listing says it */
    const char *filled;   /* what writes one */
    char *(*default_path)(void);
};

static const struct store history_store = {
    "scan history", "--history FILE", "no scans yet", "ckitty scan and ckitty import write it",
    ck_history_default_path,
};

static const struct store vulndb_store = {
    "vulnerability database", "--db FILE", "no vulnerability data yet",
    "ckitty db update or ckitty db import PATH fills it", ck_vulndb_default_path,
};

static int is_separator(char c) { return c == '/' || (CK_PLATFORM_WINDOWS && (c == '\\' || c == ':')); }

/* Does the folder a new file at path would go into exist? */
static int folder_exists(const char *path)
{
    size_t n = strlen(path);
    char *dir;
    int ok;

    while (n && !is_separator(path[n - 1]))
        n--;
    if (!n)
        return 1; /* the current folder */
    if (!(dir = ck_text_dup(path)))
        return 1; /* let the open say what is wrong */
    if (n > 1 && path[n - 1] != ':' && path[n - 2] != ':')
        n--; /* "dir/" is "dir"; "/", "C:\" and "C:" stay as they are */
    dir[n] = '\0';
    ok = ck_is_dir(dir);
    free(dir);
    return ok;
}

static int store_path(const char *cmd, const struct store *s, const char *given, enum ck_cli_access access,
                      char **out)
{
    char *path;

    if (!given) {
        if (!(path = s->default_path()))
            return ck_cli_fail("%s: cannot find or create the per-user data folder for the %s; give %s", cmd,
                               s->what, s->option);
    } else {
        if (access == CK_CLI_WRITE && !ck_file_exists(given) && !folder_exists(given))
            return ck_cli_fail("%s: cannot create the %s %s: its folder does not exist", cmd, s->what, given);
        if (!(path = ck_text_dup(given)))
            return ck_cli_fail("%s: out of memory", cmd);
    }
    *out = path;
    return CK_EXIT_OK;
}

/* A read of a store that does not exist: said, and not created. */
static int missing(const char *cmd, const struct store *s, const char *path, enum ck_cli_access access)
{
    if (access == CK_CLI_READ)
        return ck_cli_fail("%s: %s: there is no %s at %s (%s)", cmd, s->nothing, s->what, path, s->filled);
    ck_cli_print(stdout, "%c%s: there is no %s at %s (%s).\n", s->nothing[0] - 'a' + 'A', s->nothing + 1, s->what,
                 path, s->filled);
    return CK_CLI_DONE;
}

int ck_cli_history_path(const char *cmd, const char *given, enum ck_cli_access access, char **out)
{
    return store_path(cmd, &history_store, given, access, out);
}

int ck_cli_vulndb_path(const char *cmd, const char *given, enum ck_cli_access access, char **out)
{
    return store_path(cmd, &vulndb_store, given, access, out);
}

int ck_cli_history_open(const char *cmd, const char *given, enum ck_cli_access access, struct ck_history **out)
{
    char *path = NULL;
    struct ck_err err;
    int rc;

    *out = NULL;
    if ((rc = ck_cli_history_path(cmd, given, access, &path)) != CK_EXIT_OK)
        return rc;
    if (access != CK_CLI_WRITE && !ck_file_exists(path))
        rc = missing(cmd, &history_store, path, access);
    else if (ck_history_open(path, out, &err) != CK_OK)
        rc = ck_cli_fail("%s: %s", cmd, err.msg);
    free(path);
    return rc;
}

int ck_cli_vulndb_open(const char *cmd, const char *given, enum ck_cli_access access, struct ck_vulndb **out)
{
    char *path = NULL;
    struct ck_err err;
    int rc;

    *out = NULL;
    if ((rc = ck_cli_vulndb_path(cmd, given, access, &path)) != CK_EXIT_OK)
        return rc;
    if (access != CK_CLI_WRITE && !ck_file_exists(path))
        rc = missing(cmd, &vulndb_store, path, access);
    else if (ck_vulndb_open(path, out, &err) != CK_OK)
        rc = ck_cli_fail("%s: %s", cmd, err.msg);
    free(path);
    return rc;
}

int ck_cli_engine_open(const char *host, const char *context, struct ck_engine *out)
{
    struct ck_endpoint ep;
    struct ck_err err;
    enum ck_status st;

    ck_endpoint_init(&ep);
    st = ck_endpoint_resolve(&ep, host, context, &err);
    if (st == CK_OK)
        st = ck_engine_init(out, &ep, &err);
    ck_endpoint_release(&ep);
    return st == CK_OK ? CK_EXIT_OK : ck_cli_fail("%s", err.msg);
}

int ck_cli_write_output(const char *cmd, const char *path, const char *data, size_t n)
{
    struct ck_err err;

    if (!path || !strcmp(path, "-")) {
        if ((n && ck_cli_write_document(stdout, data, n) != 0) || fflush(stdout) != 0)
            return ck_cli_fail("%s: cannot write to the standard output", cmd);
        return CK_EXIT_OK;
    }
    if (ck_report_save(path, data ? data : "", n, &err) != CK_OK)
        return ck_cli_fail("%s: %s", cmd, err.msg);
    return CK_EXIT_OK;
}

int ck_cli_split_image(const char *text, char **repository, char **tag)
{
    struct ck_imageref ref;
    struct ck_err err;

    ck_imageref_init(&ref);
    if (ck_imageref_parse(&ref, text, &err) != CK_OK) {
        *repository = ck_text_dup(text);
        *tag = ck_text_dup("");
        return 0;
    }
    *repository = ck_imageref_name(&ref);
    *tag = ck_text_dup(ref.tag ? ref.tag : "latest");
    ck_imageref_release(&ref);
    return 0;
}
