#include "vuln/pkgkey.h"

#include <string.h>

#include "util/text.h"

static int is_separator(char c) { return c == '-' || c == '_' || c == '.'; }

/* PEP 503: lower case, every run of '-', '_' and '.' one '-'. */
static void pep503(const char *name, char *buf)
{
    char *o = buf;

    for (; *name; name++) {
        if (is_separator(*name)) {
            if (o == buf || o[-1] != '-')
                *o++ = '-';
            continue;
        }
        *o++ = (char)(*name >= 'A' && *name <= 'Z' ? *name + 32 : *name);
    }
    *o = '\0';
}

static void lower(const char *name, char *buf)
{
    for (; *name; name++)
        *buf++ = (char)(*name >= 'A' && *name <= 'Z' ? *name + 32 : *name);
    *buf = '\0';
}

const char *ck_package_key(const char *ecosystem, const char *name, char *buf, size_t cap)
{
    if (!ecosystem || !name || strlen(name) >= cap)
        return name;
    if (!ck_text_casecmp(ecosystem, "PyPI"))
        pep503(name, buf);
    else if (!ck_text_casecmp(ecosystem, "NuGet") || !ck_text_casecmp(ecosystem, "Packagist"))
        lower(name, buf);
    else
        return name;
    return strcmp(buf, name) ? buf : name;
}

const char *ck_package_match_version(const char *ecosystem, const char *version)
{
    if (ecosystem && version && !ck_text_casecmp(ecosystem, "Go") && version[0] == 'v' && version[1] >= '0' &&
        version[1] <= '9')
        return version + 1;
    return version;
}
