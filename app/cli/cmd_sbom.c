/* ckitty sbom: an image's package inventory as a bill of materials.
 *   ckitty sbom --input ARCHIVE.tar [--format json|cyclonedx] [-o FILE]
 *   ckitty sbom --rootfs DIR        [--format json|cyclonedx] [-o FILE]
 *   ckitty sbom IMAGE [--host URL | --context NAME]  (through the Docker engine)
 * The JSON's shape is in docs/sbom-json.md; warnings also go to stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "docker/endpoint.h"
#include "docker/engine.h"
#include "inventory/container.h"
#include "inventory/inventory.h"
#include "inventory/sbom.h"
#include "platform/platform.h"
#include "util/log.h"

struct sbom_args {
    const char *input, *rootfs, *output, *host, *context;
    enum ck_sbom_format format;
};

/* IMAGE through the Docker engine the docker CLI would use (it must have the
 * image: `ckitty pull` or `docker pull` first). */
static int inventory_from_image(const struct sbom_args *a, const char *image, struct ck_inventory *inv)
{
    struct ck_engine engine;
    struct ck_err err;
    enum ck_status st;
    int rc;

    if ((rc = ck_cli_engine_open(a->host, a->context, &engine)) != CK_EXIT_OK)
        return rc;
    ck_err_clear(&err);
    st = ck_inventory_from_engine(&engine, image, NULL, inv, NULL, &err);
    ck_engine_release(&engine);
    return st == CK_OK ? CK_EXIT_OK : ck_cli_fail("%s", err.msg[0] ? err.msg : ck_status_str(st));
}

static int inventory_from_file(const struct sbom_args *a, struct ck_inventory *inv)
{
    struct ck_err err;
    enum ck_status st;

    ck_err_clear(&err);
    if (a->input)
        st = ck_inventory_from_image_archive(inv, a->input, 0, NULL, &err);
    else
        st = ck_inventory_from_rootfs(inv, a->rootfs, 0, NULL, &err);
    return st == CK_OK ? CK_EXIT_OK : ck_cli_fail("%s", err.msg[0] ? err.msg : ck_status_str(st));
}

static int on_format(void *ctx, char **v)
{
    if (ck_sbom_format_parse(v[0], ctx) != 0)
        return ck_cli_fail("sbom: unknown format '%s' (json or cyclonedx)", v[0]);
    return CK_EXIT_OK;
}

int ck_cmd_sbom(const struct ck_cli_command *self, int argc, char **argv)
{
    struct sbom_args a = {0};
    const struct ck_cli_option options[] = {
        {CK_OPT_STRING("--input", NULL, &a.input, "ARCHIVE.tar", "a docker save archive")},
        {CK_OPT_STRING("--rootfs", NULL, &a.rootfs, "DIR", "a root folder")},
        {CK_OPT_CALL("--format", NULL, on_format, &a.format, "F", "json (default) or cyclonedx")},
        {CK_OPT_STRING("--output", "-o", &a.output, "FILE", "write to FILE (default: the standard output)")},
        {CK_OPT_HOST(&a.host)},
        {CK_OPT_CONTEXT(&a.context)},
        {CK_OPT_END},
    };
    const char *image, *subject;
    struct ck_inventory inv;
    struct ck_err err;
    enum ck_status st;
    char *doc = NULL;
    size_t i;
    int nargs = 0, rc;

    a.format = CK_SBOM_JSON;
    if ((rc = ck_cli_parse(self, options, argc, argv, &nargs)) != CK_EXIT_OK)
        return rc;
    if (nargs > 1)
        return ck_cli_fail("sbom: one image at a time ('%s' and '%s')", argv[1], argv[2]);
    image = nargs ? argv[1] : NULL;
    if ((a.input != NULL) + (a.rootfs != NULL) + (image != NULL) != 1)
        return ck_cli_fail("sbom: give one of --input ARCHIVE.tar, --rootfs DIR or IMAGE");
    ck_inventory_init(&inv);
    rc = image ? inventory_from_image(&a, image, &inv) : inventory_from_file(&a, &inv);
    subject = a.input ? a.input : a.rootfs ? a.rootfs : image;
    if (rc == CK_EXIT_OK) {
        for (i = 0; i < inv.warning_count; i++)
            ck_log(CK_LOG_WARN, "%s", inv.warnings[i]);
        st = ck_sbom_render(&inv, a.format, subject, &doc, &err);
        rc = st == CK_OK ? ck_cli_write_output("sbom", a.output, doc, strlen(doc)) : ck_cli_fail("%s", err.msg);
    }
    ck_inventory_release(&inv);
    free(doc);
    return rc;
}
