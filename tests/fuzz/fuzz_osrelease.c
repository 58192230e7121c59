/* libFuzzer target: os-release parsing and the ecosystem mapping. Parsing
 * twice must give the same answer; the ecosystem, when there is one, must
 * start with a known OSV ecosystem name. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/osrelease.h"

static int known_prefix(const char *eco)
{
    static const char *const names[] = {"Debian:", "Ubuntu:", "Alpine:v", "Red Hat:", "Rocky Linux:", "AlmaLinux:",
                                        "Azure Linux:", "Mageia:", "Photon OS:", "Wolfi", "Chainguard"};
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strncmp(eco, names[i], strlen(names[i])))
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_osrelease a, b;
    struct ck_inventory inv;
    char *eco_a, *eco_b;

    ck_osrelease_init(&a);
    ck_osrelease_init(&b);
    ck_inventory_init(&inv);
    ck_osrelease_parse(&a, (const char *)data, size);
    ck_osrelease_parse(&b, (const char *)data, size);
    eco_a = ck_osrelease_ecosystem(&a);
    eco_b = ck_osrelease_ecosystem(&b);
    if ((eco_a == NULL) != (eco_b == NULL) || (eco_a && (strcmp(eco_a, eco_b) || !known_prefix(eco_a))))
        abort();
    (void)ck_osrelease_display_name(&a);
    ck_osrelease_to_os(&a, &inv.os);
    free(eco_a);
    free(eco_b);
    ck_osrelease_release(&a);
    ck_osrelease_release(&b);
    ck_inventory_release(&inv);
    return 0;
}
