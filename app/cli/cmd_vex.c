/* ckitty vex export: the triage decisions in effect as an OpenVEX document.
 *   ckitty vex export [--image REF | --all] [-o FILE] [--history FILE]
 * The statements name the images by their digests, as their latest scan by
 * ContainerKitty found them (report/openvex.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "platform/platform.h"
#include "report/openvex.h"
#include "report/scope.h"
#include "store/history.h"
#include "util/buf.h"
#include "util/log.h"
#include "version.h"

struct vex_args {
    const char *history, *image, *out;
    int all;
};

static char *user_name(void)
{
    char *name = ck_getenv("USERNAME");
    if (!name || !*name) {
        free(name);
        name = ck_getenv("USER");
    }
    return name;
}

/* Loads the latest scans with their decisions and writes the document. */
static int export_document(struct ck_history *h, const struct vex_args *a, const char *repo, const char *tag)
{
    struct ck_scope scope;
    struct ck_openvex_options o;
    struct ck_report r;
    struct ck_buf doc;
    struct ck_err err;
    char *author = user_name();
    size_t n = 0;
    int rc = CK_EXIT_OK;

    memset(&scope, 0, sizeof scope);
    scope.kind = CK_SCOPE_LATEST;
    scope.engine = "containerkitty";
    scope.with_packages = 1;
    scope.with_review = 1;
    memset(&o, 0, sizeof o);
    o.author = author;
    o.tooling = "ContainerKitty " CK_VERSION_STRING;
    o.now = ck_time_now();
    o.repository = repo;
    o.tag = tag;
    ck_report_init(&r);
    ck_buf_init(&doc);
    if (ck_scope_load(h, &scope, &r, &err) != CK_OK || ck_openvex_write(&r, &o, &doc, &n, &err) != CK_OK)
        rc = ck_cli_fail("vex export: %s", err.msg);
    else if (repo && !n)
        ck_log(CK_LOG_WARN, "vex export: no decision in effect applies to a finding of %s%s%s", repo,
               tag && *tag ? ":" : "", tag ? tag : "");
    if (rc == CK_EXIT_OK && (rc = ck_cli_write_output("vex export", a->out, doc.data, doc.len)) == CK_EXIT_OK &&
        a->out && strcmp(a->out, "-"))
        ck_log(CK_LOG_SUCCESS, "wrote %zu statement%s to %s", n, n == 1 ? "" : "s", a->out);
    ck_buf_release(&doc);
    ck_report_release(&r);
    free(author);
    return rc;
}

static int vex_export(const struct ck_cli_command *self, int argc, char **argv)
{
    struct vex_args a;
    struct ck_history *h = NULL;
    char *repo = NULL, *tag = NULL, *digest = NULL;
    int rc;

    memset(&a, 0, sizeof a);
    {
        const struct ck_cli_option options[] = {
            {CK_OPT_STRING("--image", NULL, &a.image, "REF", "only the decisions that apply to image REF")},
            {CK_OPT_FLAG("--all", NULL, &a.all, "every image's (the default)")},
            {CK_OPT_STRING("--output", "-o", &a.out, "FILE", "write the document to FILE")},
            {CK_OPT_HISTORY(&a.history)},
            {CK_OPT_END},
        };
        if ((rc = ck_cli_parse(self, options, argc, argv, NULL)) != CK_EXIT_OK)
            return rc;
    }
    if (a.image && a.all)
        return ck_cli_fail("vex export: --image or --all, not both");
    if (a.image && ck_report_parse_image(a.image, &repo, &tag, &digest) != CK_OK)
        return ck_cli_fail("vex export: out of memory");
    if ((rc = ck_cli_history_open("vex export", a.history, CK_CLI_READ, &h)) == CK_EXIT_OK)
        rc = export_document(h, &a, repo, tag);
    ck_history_close(h);
    free(repo);
    free(tag);
    free(digest);
    return rc;
}

static const struct ck_cli_command subcommands[] = {
    {"vex export", vex_export, "vex export [--image REF | --all] [-o FILE] [--history FILE]",
     "the triage decisions as OpenVEX 0.2.0",
     "Statements name each image by its digest (pkg:oci) and the packages by their package URLs, as\n"
     "the latest scan found them; trivy --vex FILE and grype --vex FILE read the document."},
    {NULL, NULL, NULL, NULL, NULL},
};

int ck_cmd_vex(const struct ck_cli_command *self, int argc, char **argv)
{
    return ck_cli_run_subcommand(self, subcommands, argc, argv);
}
