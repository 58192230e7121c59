/* Severity names and the rating words of the distributions. */
#include "vuln/severity.h"

#include <string.h>

static const char *const names[CK_SEV_COUNT] = {
    "Unknown", "Negligible", "Low", "Medium", "High", "Critical",
};

/* Every word ck_severity_parse accepts, lower case. */
static const struct {
    const char *word;
    enum ck_severity sev;
} words[] = {
    {"unknown", CK_SEV_UNKNOWN},
    {"not yet assigned", CK_SEV_UNKNOWN},
    {"untriaged", CK_SEV_UNKNOWN},
    {"end-of-life", CK_SEV_UNKNOWN},
    {"negligible", CK_SEV_NEGLIGIBLE},
    {"unimportant", CK_SEV_NEGLIGIBLE},
    {"none", CK_SEV_NEGLIGIBLE},
    {"low", CK_SEV_LOW},
    {"medium", CK_SEV_MEDIUM},
    {"moderate", CK_SEV_MEDIUM},
    {"high", CK_SEV_HIGH},
    {"important", CK_SEV_HIGH},
    {"critical", CK_SEV_CRITICAL},
};

const char *ck_severity_str(enum ck_severity sev)
{
    return (unsigned)sev < CK_SEV_COUNT ? names[sev] : "Unknown";
}

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; }
static int blank(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

int ck_severity_parse(const char *word, enum ck_severity *out)
{
    const char *end;
    size_t i, n;

    if (!word)
        return -1;
    while (blank((unsigned char)*word))
        word++;
    end = word + strlen(word);
    while (end > word && (blank((unsigned char)end[-1]) || end[-1] == '*'))
        end--;
    n = (size_t)(end - word);
    for (i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t k;
        if (strlen(words[i].word) != n)
            continue;
        for (k = 0; k < n && lower((unsigned char)word[k]) == words[i].word[k]; k++)
            ;
        if (k == n) {
            *out = words[i].sev;
            return 0;
        }
    }
    return -1;
}
