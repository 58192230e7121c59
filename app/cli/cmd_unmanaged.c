/* ckitty unmanaged: the files of an image no package manager owns.
 *   ckitty unmanaged IMAGE | --input ARCHIVE.tar | --rootfs DIR [--format text|json] [-o FILE] */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "inventory/inventory.h"
#include "report/unmanaged.h"

int ck_cmd_unmanaged(const struct ck_cli_command *self, int argc, char **argv)
{
    struct ck_cli_image_input in = {0};
    const char *format = "text", *output = NULL, *image, *subject;
    const struct ck_cli_option options[] = {
        CK_OPT_IMAGE_INPUT(&in),
        {CK_OPT_STRING("--format", NULL, &format, "F", "text (default) or json")},
        {CK_OPT_STRING("--output", "-o", &output, "FILE", "write to FILE (default: the standard output)")},
        {CK_OPT_END},
    };
    struct ck_inventory inv;
    char *doc = NULL;
    enum ck_status st;
    int nargs = 0, rc;

    if ((rc = ck_cli_parse(self, options, argc, argv, &nargs)) != CK_EXIT_OK ||
        (rc = ck_cli_image_input_check("unmanaged", &in, nargs, argv)) != CK_EXIT_OK)
        return rc;
    if (strcmp(format, "text") && strcmp(format, "json"))
        return ck_cli_fail("unmanaged: unknown format '%s' (text or json)", format);
    image = nargs ? argv[1] : NULL;
    subject = in.input ? in.input : in.rootfs ? in.rootfs : image;
    ck_inventory_init(&inv);
    rc = ck_cli_read_inventory(&in, image, 0, &inv);
    if (rc == CK_EXIT_OK) {
        st = !strcmp(format, "json") ? ck_unmanaged_render_json(&inv, subject, &doc)
                                     : ck_unmanaged_render_text(&inv, subject, &doc);
        rc = st == CK_OK ? ck_cli_write_output("unmanaged", output, doc, strlen(doc))
                         : ck_cli_fail("unmanaged: %s", ck_status_str(st));
    }
    ck_inventory_release(&inv);
    free(doc);
    return rc;
}
