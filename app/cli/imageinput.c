/* The three ways a command takes one image in (IMAGE through the engine,
 * --input ARCHIVE.tar, --rootfs DIR), shared by sbom and unmanaged. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "docker/engine.h"
#include "inventory/container.h"
#include "util/log.h"

int ck_cli_image_input_check(const char *cmd, const struct ck_cli_image_input *in, int nargs, char **argv)
{
    if (nargs > 1)
        return ck_cli_fail("%s: one image at a time ('%s' and '%s')", cmd, argv[1], argv[2]);
    if ((in->input != NULL) + (in->rootfs != NULL) + (nargs == 1) != 1)
        return ck_cli_fail("%s: give one of --input ARCHIVE.tar, --rootfs DIR or IMAGE", cmd);
    return CK_EXIT_OK;
}

int ck_cli_read_inventory(const struct ck_cli_image_input *in, const char *image, unsigned flags,
                          struct ck_inventory *inv)
{
    struct ck_engine engine;
    struct ck_err err;
    enum ck_status st;
    size_t i;
    int rc;

    if (!in->os_only)
        flags |= CK_INVENTORY_WALK;
    ck_err_clear(&err);
    if (image) {
        if ((rc = ck_cli_engine_open(in->host, in->context, &engine)) != CK_EXIT_OK)
            return rc;
        st = ck_inventory_from_engine(&engine, image, flags, NULL, inv, NULL, &err);
        ck_engine_release(&engine);
    } else if (in->input) {
        st = ck_inventory_from_image_archive(inv, in->input, flags, NULL, &err);
    } else {
        st = ck_inventory_from_rootfs(inv, in->rootfs, flags, NULL, &err);
    }
    if (st != CK_OK)
        return ck_cli_fail("%s", err.msg[0] ? err.msg : ck_status_str(st));
    for (i = 0; i < inv->warning_count; i++)
        ck_log(CK_LOG_WARN, "%s", inv->warnings[i]);
    return CK_EXIT_OK;
}
