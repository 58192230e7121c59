/* os-release parsing (quoting as os-release(5) describes) and the mapping
 * to OSV ecosystems. */
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "inventory/osrelease.h"

static void parse(struct ck_osrelease *r, const char *text)
{
    ck_osrelease_init(r);
    CK_CHECK_INT(ck_osrelease_parse(r, text, strlen(text)), CK_OK);
}

static void test_quoting(void)
{
    struct ck_osrelease r;

    parse(&r, "# a comment\n"
              "\n"
              "NAME=\"Test \\\"Linux\\\" \\\\ \\$HOME \\`x\\` \\q\"\n"
              "  ID=plain\n"
              "VERSION='single \"quotes\" keep \\ backslashes'\n"
              "VERSION_ID=con\"cat\"'enated'\n"
              "PRETTY_NAME=unquoted\\ with\\ escapes\r\n"
              "VERSION_CODENAME=\"multi\n"
              "line\"\n"
              "ID_LIKE=\"open quote\n");
    CK_CHECK_STR(r.name, "Test \"Linux\" \\ $HOME `x` \\q");
    CK_CHECK_STR(r.id, "plain");
    CK_CHECK_STR(r.version, "single \"quotes\" keep \\ backslashes");
    CK_CHECK_STR(r.version_id, "concatenated");
    CK_CHECK_STR(r.pretty_name, "unquoted with escapes");
    CK_CHECK_STR(r.version_codename, "multi\nline");
    CK_CHECK(r.id_like == NULL); /* an unterminated quote: the line is ignored */
    ck_osrelease_release(&r);
}

static void test_junk_lines(void)
{
    struct ck_osrelease r;

    parse(&r, "not a line\n=value\nID=ok trailing words are ignored\nKEY WITH SPACE=x\nID_LIKE=\"a b\"");
    CK_CHECK_STR(r.id, "ok");
    CK_CHECK_STR(r.id_like, "a b");
    ck_osrelease_release(&r);
    /* later values replace earlier ones; the ID is lower-cased */
    parse(&r, "ID=first\nID=Debian\n");
    CK_CHECK_STR(r.id, "debian");
    ck_osrelease_release(&r);
    parse(&r, "");
    CK_CHECK(r.id == NULL);
    CK_CHECK_STR(ck_osrelease_display_name(&r), "an unknown OS");
    ck_osrelease_release(&r);
}

/* os-release contents as the distributions ship them (their published
 * /etc/os-release files, abridged to the keys that matter here), with the
 * ecosystem OSV spells for each (ossf/osv-schema ecosystems list). */
static void test_ecosystems(void)
{
    static const struct {
        const char *text;
        const char *ecosystem; /* NULL: none applies */
    } cases[] = {
        {"PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n"
         "VERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n",
         "Debian:12"},
        {"PRETTY_NAME=\"Debian GNU/Linux 11 (bullseye)\"\nVERSION_ID=\"11\"\nID=debian\n", "Debian:11"},
        {"PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\nNAME=\"Debian GNU/Linux\"\nVERSION_CODENAME=trixie\nID=debian\n",
         NULL},
        {"PRETTY_NAME=\"Ubuntu 22.04.4 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\n"
         "VERSION=\"22.04.4 LTS (Jammy Jellyfish)\"\nID=ubuntu\nID_LIKE=debian\n",
         "Ubuntu:22.04:LTS"},
        {"NAME=\"Ubuntu\"\nVERSION_ID=\"23.10\"\nVERSION=\"23.10 (Mantic Minotaur)\"\nID=ubuntu\n", "Ubuntu:23.10"},
        {"NAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nID=ubuntu\n", "Ubuntu:24.04:LTS"},     /* even year, April */
        {"NAME=\"Ubuntu\"\nVERSION_ID=\"20.10\"\nID=ubuntu\n", "Ubuntu:20.10"},
        {"NAME=\"Ubuntu\"\nVERSION_ID=\"14.04\"\nVERSION=\"14.04.6 LTS, Trusty Tahr\"\nID=ubuntu\n",
         "Ubuntu:14.04:LTS"},
        {"NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME=\"Alpine Linux v3.20\"\n", "Alpine:v3.20"},
        {"NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.9.6\n", "Alpine:v3.9"},
        {"NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"9.4 (Plow)\"\nID=\"rhel\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"9.4\"\n",
         "Red Hat:enterprise_linux:9"},
        {"NAME=\"Rocky Linux\"\nVERSION=\"8.10 (Green Obsidian)\"\nID=\"rocky\"\nVERSION_ID=\"8.10\"\n", "Rocky Linux:8"},
        {"NAME=\"AlmaLinux\"\nVERSION=\"9.4 (Seafoam Ocelot)\"\nID=\"almalinux\"\nVERSION_ID=\"9.4\"\n", "AlmaLinux:9"},
        {"NAME=\"Common Base Linux Mariner\"\nVERSION=\"2.0.20240123\"\nID=mariner\nVERSION_ID=\"2.0\"\n",
         "Azure Linux:2"},
        {"NAME=\"Microsoft Azure Linux\"\nVERSION=\"3.0.20240727\"\nID=azurelinux\nVERSION_ID=\"3.0\"\n",
         "Azure Linux:3"},
        {"NAME=\"Fedora Linux\"\nVERSION=\"40 (Container Image)\"\nID=fedora\nVERSION_ID=40\n", NULL},
        {"NAME=\"Amazon Linux\"\nVERSION=\"2023\"\nID=\"amzn\"\nVERSION_ID=\"2023\"\n", NULL},
        {"ID=wolfi\nNAME=\"Wolfi\"\nPRETTY_NAME=\"Wolfi\"\nVERSION_ID=\"20230201\"\n", "Wolfi"},
        {"ID=chainguard\nNAME=\"Chainguard\"\n", "Chainguard"},
        {"NAME=\"VMware Photon OS\"\nVERSION=\"5.0\"\nID=photon\nVERSION_ID=5.0\n", "Photon OS:5.0"},
        {"NAME=\"Mageia\"\nVERSION=\"9\"\nID=mageia\nVERSION_ID=9\n", "Mageia:9"},
        {"NAME=\"Raspbian GNU/Linux\"\nVERSION_ID=\"11\"\nID=raspbian\nID_LIKE=debian\n", NULL},
        {"ID=ubuntu\nVERSION_ID=\"22\"\n", NULL}, /* no minor: not a release number */
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ck_osrelease r;
        char *eco;
        parse(&r, cases[i].text);
        eco = ck_osrelease_ecosystem(&r);
        if (cases[i].ecosystem)
            CK_CHECK_STR(eco, cases[i].ecosystem);
        else if (eco)
            CK_CHECK_STR(eco, "(none)");
        free(eco);
        ck_osrelease_release(&r);
    }
}

static void test_to_os(void)
{
    struct ck_osrelease r;
    struct ck_inventory inv;

    ck_inventory_init(&inv);
    parse(&r, "NAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID=\"12\"\n");
    CK_CHECK_INT(ck_osrelease_to_os(&r, &inv.os), CK_OK);
    CK_CHECK_STR(inv.os.id, "debian");
    CK_CHECK_STR(inv.os.version_id, "12");
    CK_CHECK_STR(inv.os.pretty_name, "Debian GNU/Linux"); /* NAME when PRETTY_NAME is missing */
    CK_CHECK_STR(inv.os.ecosystem, "Debian:12");
    CK_CHECK_STR(ck_osrelease_display_name(&r), "Debian GNU/Linux");
    ck_osrelease_release(&r);
    ck_inventory_release(&inv);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    CK_RUN(test_quoting);
    CK_RUN(test_junk_lines);
    CK_RUN(test_ecosystems);
    CK_RUN(test_to_os);
    return ck_test_summary();
}
