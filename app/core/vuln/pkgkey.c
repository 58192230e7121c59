#include "vuln/pkgkey.h"

#include <string.h>

#include "inventory/lang/langtext.h"
#include "util/text.h"

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
        ck_lang_pep503(name, buf, cap);
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
