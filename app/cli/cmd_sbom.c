/* ckitty sbom: an image's package inventory as a bill of materials.
 *   ckitty sbom --input ARCHIVE.tar [--format json|cyclonedx] [-o FILE]
 *   ckitty sbom --rootfs DIR        [--format json|cyclonedx] [-o FILE]
 *   ckitty sbom IMAGE [--host URL]  (through the Docker engine)
 * The JSON's shape is in docs/sbom-json.md; warnings also go to stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "docker/endpoint.h"
#include "docker/engine.h"
#include "inventory/container.h"
#include "inventory/inventory.h"
#include "inventory/sbom.h"
#include "platform/platform.h"
#include "util/log.h"

#define SBOM_USAGE \
    "usage: ckitty sbom --input ARCHIVE.tar | --rootfs DIR | IMAGE [--host URL] [--format json|cyclonedx] [-o FILE]"

/* IMAGE through the Docker engine the docker CLI would use (it must have the
 * image: `ckitty pull` or `docker pull` first). */
static enum ck_status inventory_from_image(const char *image, const char *host, struct ck_inventory *inv,
                                           struct ck_err *err)
{
    struct ck_endpoint ep;
    struct ck_engine engine;
    enum ck_status st;

    ck_endpoint_init(&ep);
    st = ck_endpoint_resolve(&ep, host, NULL, err);
    if (st == CK_OK && (st = ck_engine_init(&engine, &ep, err)) == CK_OK) {
        st = ck_inventory_from_engine(&engine, image, NULL, inv, NULL, err);
        ck_engine_release(&engine);
    }
    ck_endpoint_release(&ep);
    return st;
}

static int write_all(const char *path, const char *text)
{
    size_t n = strlen(text);
    FILE *f = path ? ck_fopen(path, "wb") : stdout;
    int ok;

    if (!f)
        return ck_cli_fail("cannot write %s", path);
    ok = path ? fwrite(text, 1, n, f) == n : ck_cli_write_document(f, text, n) == 0;
    if (path)
        ok = (fclose(f) == 0) && ok;
    else
        ok = (fflush(f) == 0) && ok;
    return ok ? CK_EXIT_OK : ck_cli_fail("cannot write %s", path ? path : "the output");
}

int ck_cmd_sbom(int argc, char **argv)
{
    const char *input = NULL, *rootfs = NULL, *image = NULL, *output = NULL, *host = NULL, *subject;
    enum ck_sbom_format fmt = CK_SBOM_JSON;
    struct ck_inventory inv;
    struct ck_err err;
    enum ck_status st;
    char *doc = NULL;
    size_t i;
    int a, rc;

    for (a = 1; a < argc; a++) {
        const char *opt = argv[a];
        if (!strcmp(opt, "--help") || !strcmp(opt, "-h")) {
            ck_cli_print(stdout, "%s\n", SBOM_USAGE);
            return CK_EXIT_OK;
        }
        if (!strcmp(opt, "--input") || !strcmp(opt, "--rootfs") || !strcmp(opt, "--format") ||
            !strcmp(opt, "--output") || !strcmp(opt, "-o") || !strcmp(opt, "--host")) {
            if (a + 1 >= argc)
                return ck_cli_fail("%s needs a value\n%s", opt, SBOM_USAGE);
            if (!strcmp(opt, "--input"))
                input = argv[++a];
            else if (!strcmp(opt, "--rootfs"))
                rootfs = argv[++a];
            else if (!strcmp(opt, "--host"))
                host = argv[++a];
            else if (!strcmp(opt, "--format")) {
                if (ck_sbom_format_parse(argv[++a], &fmt) != 0)
                    return ck_cli_fail("unknown format '%s' (json or cyclonedx)", argv[a]);
            } else
                output = argv[++a];
        } else if (opt[0] == '-' && opt[1]) {
            return ck_cli_fail("unknown option '%s'\n%s", opt, SBOM_USAGE);
        } else if (!image) {
            image = opt;
        } else {
            return ck_cli_fail("one image at a time ('%s' and '%s')\n%s", image, opt, SBOM_USAGE);
        }
    }
    if ((input != NULL) + (rootfs != NULL) + (image != NULL) != 1)
        return ck_cli_fail("give one of --input ARCHIVE.tar, --rootfs DIR or IMAGE\n%s", SBOM_USAGE);

    ck_inventory_init(&inv);
    ck_err_clear(&err);
    if (input)
        st = ck_inventory_from_image_archive(&inv, input, 0, NULL, &err);
    else if (rootfs)
        st = ck_inventory_from_rootfs(&inv, rootfs, 0, NULL, &err);
    else
        st = inventory_from_image(image, host, &inv, &err);
    subject = input ? input : rootfs ? rootfs : image;
    if (st != CK_OK)
        return ck_cli_fail("%s", err.msg[0] ? err.msg : ck_status_str(st));
    for (i = 0; i < inv.warning_count; i++)
        ck_log(CK_LOG_WARN, "%s", inv.warnings[i]);
    st = ck_sbom_render(&inv, fmt, subject, &doc, &err);
    ck_inventory_release(&inv);
    if (st != CK_OK)
        return ck_cli_fail("%s", err.msg);
    rc = write_all(output, doc);
    free(doc);
    return rc;
}
