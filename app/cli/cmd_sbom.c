/* ckitty sbom: an image's package inventory as a bill of materials.
 *   ckitty sbom --input ARCHIVE.tar [--format json|cyclonedx] [-o FILE]
 *   ckitty sbom --rootfs DIR        [--format json|cyclonedx] [-o FILE]
 *   ckitty sbom IMAGE [--host URL | --context NAME]  (through the Docker engine)
 * The whole filesystem is read unless --os-only.
 * The JSON's shape is in docs/sbom-json.md; warnings also go to stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "inventory/inventory.h"
#include "inventory/sbom.h"

struct sbom_args {
    struct ck_cli_image_input in;
    const char *output;
    enum ck_sbom_format format;
};

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
        CK_OPT_IMAGE_INPUT(&a.in),
        {CK_OPT_FLAG("--os-only", NULL, &a.in.os_only, "only the OS package databases (faster; no application "
                                                       "packages)")},
        {CK_OPT_CALL("--format", NULL, on_format, &a.format, "F", "json (default) or cyclonedx")},
        {CK_OPT_STRING("--output", "-o", &a.output, "FILE", "write to FILE (default: the standard output)")},
        {CK_OPT_END},
    };
    const char *image, *subject;
    struct ck_inventory inv;
    struct ck_err err;
    enum ck_status st;
    char *doc = NULL;
    int nargs = 0, rc;

    a.format = CK_SBOM_JSON;
    if ((rc = ck_cli_parse(self, options, argc, argv, &nargs)) != CK_EXIT_OK ||
        (rc = ck_cli_image_input_check("sbom", &a.in, nargs, argv)) != CK_EXIT_OK)
        return rc;
    image = nargs ? argv[1] : NULL;
    ck_inventory_init(&inv);
    rc = ck_cli_read_inventory(&a.in, image, 0, &inv);
    subject = a.in.input ? a.in.input : a.in.rootfs ? a.in.rootfs : image;
    if (rc == CK_EXIT_OK) {
        st = ck_sbom_render(&inv, a.format, subject, &doc, &err);
        rc = st == CK_OK ? ck_cli_write_output("sbom", a.output, doc, strlen(doc)) : ck_cli_fail("%s", err.msg);
    }
    ck_inventory_release(&inv);
    free(doc);
    return rc;
}
