#include "inventory/osrelease.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

void ck_osrelease_init(struct ck_osrelease *r) { memset(r, 0, sizeof *r); }

void ck_osrelease_release(struct ck_osrelease *r)
{
    free(r->id);
    free(r->id_like);
    free(r->name);
    free(r->version);
    free(r->version_id);
    free(r->version_codename);
    free(r->pretty_name);
    ck_osrelease_init(r);
}

static char **slot_of(struct ck_osrelease *r, const char *key, size_t n)
{
    static const struct {
        const char *key;
        size_t off;
    } keys[] = {
        {"ID", offsetof(struct ck_osrelease, id)},
        {"ID_LIKE", offsetof(struct ck_osrelease, id_like)},
        {"NAME", offsetof(struct ck_osrelease, name)},
        {"VERSION", offsetof(struct ck_osrelease, version)},
        {"VERSION_ID", offsetof(struct ck_osrelease, version_id)},
        {"VERSION_CODENAME", offsetof(struct ck_osrelease, version_codename)},
        {"PRETTY_NAME", offsetof(struct ck_osrelease, pretty_name)},
    };
    size_t i;
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strlen(keys[i].key) == n && !memcmp(keys[i].key, key, n))
            return (char **)((char *)r + keys[i].off);
    return NULL;
}

static int is_key_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* Reads a shell-style value starting at *pp up to an unquoted end of line;
 * the decoded text goes to out. Returns 0, or -1 when a quote is left open. */
static int read_value(const char **pp, const char *end, struct ck_buf *out, enum ck_status *st)
{
    const char *p = *pp;
    char quote = 0;
    int stop = 0;

    while (p < end && !stop) {
        char c = *p++;
        if (quote == '\'') {
            if (c == '\'')
                quote = 0;
            else
                *st = ck_buf_putc(out, c);
        } else if (quote == '"') {
            if (c == '"') {
                quote = 0;
            } else if (c == '\\' && p < end && strchr("$\"\\`\n", *p)) {
                if (*p != '\n')
                    *st = ck_buf_putc(out, *p);
                p++;
            } else {
                *st = ck_buf_putc(out, c);
            }
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '\\' && p < end) {
            if (*p != '\n')
                *st = ck_buf_putc(out, *p);
            p++;
        } else if (c == '\n') {
            stop = 1;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            /* an unquoted blank ends the value; the rest of the line is ignored */
            while (p < end && *p != '\n')
                p++;
        } else {
            *st = ck_buf_putc(out, c);
        }
        if (*st != CK_OK)
            break;
    }
    *pp = p;
    return quote ? -1 : 0;
}

enum ck_status ck_osrelease_parse(struct ck_osrelease *r, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    struct ck_buf val;
    enum ck_status st = CK_OK;

    ck_buf_init(&val);
    while (p < end && st == CK_OK) {
        const char *key;
        size_t klen;
        char **slot;

        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
            p++;
        if (p >= end)
            break;
        key = p;
        while (p < end && is_key_char(*p))
            p++;
        klen = (size_t)(p - key);
        if (klen == 0 || p >= end || *p != '=') {
            /* a comment or a line that is not KEY=VALUE */
            while (p < end && *p != '\n')
                p++;
            continue;
        }
        p++;
        ck_buf_reset(&val);
        if (read_value(&p, end, &val, &st) != 0 || st != CK_OK)
            continue; /* an open quote: the line is ignored */
        slot = slot_of(r, key, klen);
        if (slot) {
            char *copy = ck_buf_take(&val);
            if (!copy) {
                st = CK_ERR_NOMEM;
                break;
            }
            free(*slot);
            *slot = copy;
        }
    }
    ck_buf_release(&val);
    if (st == CK_OK && r->id) {
        char *c;
        for (c = r->id; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
    }
    return st;
}

/* Leading "N" or "N.M" of a version (digits only); 0 when absent. */
static int version_parts(const char *v, unsigned *major, unsigned *minor, int *has_minor)
{
    char *end;
    unsigned long a, b;

    if (!v || *v < '0' || *v > '9')
        return 0;
    a = strtoul(v, &end, 10);
    *major = (unsigned)a;
    *has_minor = 0;
    *minor = 0;
    if (*end == '.' && end[1] >= '0' && end[1] <= '9') {
        b = strtoul(end + 1, &end, 10);
        *minor = (unsigned)b;
        *has_minor = 1;
    }
    return a < 100000;
}

static int is_ubuntu_lts(const struct ck_osrelease *r, unsigned year, unsigned month)
{
    if (r->version && strstr(r->version, "LTS"))
        return 1;
    return year % 2 == 0 && month == 4;
}

char *ck_osrelease_ecosystem(const struct ck_osrelease *r)
{
    /* Releases named by their major number alone. */
    static const struct {
        const char *id;
        const char *ecosystem;
    } by_major[] = {
        {"debian", "Debian"},
        {"rhel", "Red Hat:enterprise_linux"},
        {"rocky", "Rocky Linux"},
        {"almalinux", "AlmaLinux"},
        {"mariner", "Azure Linux"},
        {"azurelinux", "Azure Linux"},
        {"mageia", "Mageia"},
    };
    unsigned major = 0, minor = 0;
    int has_minor = 0;
    size_t i;
    const char *id = r->id;
    struct ck_buf b;
    enum ck_status st = CK_ERR_NOTFOUND;

    if (!id)
        return NULL;
    ck_buf_init(&b);
    if (!strcmp(id, "wolfi") || !strcmp(id, "chainguard")) {
        st = ck_buf_puts(&b, !strcmp(id, "wolfi") ? "Wolfi" : "Chainguard");
        goto done;
    }
    if (!version_parts(r->version_id, &major, &minor, &has_minor))
        goto done;
    for (i = 0; i < sizeof by_major / sizeof by_major[0]; i++)
        if (!strcmp(id, by_major[i].id)) {
            st = ck_buf_printf(&b, "%s:%u", by_major[i].ecosystem, major);
            goto done;
        }
    if (!has_minor)
        goto done;
    if (!strcmp(id, "ubuntu"))
        st = ck_buf_printf(&b, "Ubuntu:%02u.%02u%s", major, minor, is_ubuntu_lts(r, major, minor) ? ":LTS" : "");
    else if (!strcmp(id, "alpine"))
        st = ck_buf_printf(&b, "Alpine:v%u.%u", major, minor);
    else if (!strcmp(id, "photon"))
        st = ck_buf_printf(&b, "Photon OS:%u.%u", major, minor);
done:
    if (st != CK_OK) {
        ck_buf_release(&b);
        return NULL;
    }
    return ck_buf_take(&b);
}

const char *ck_osrelease_display_name(const struct ck_osrelease *r)
{
    if (r->pretty_name && *r->pretty_name)
        return r->pretty_name;
    if (r->name && *r->name)
        return r->name;
    if (r->id && *r->id)
        return r->id;
    return "an unknown OS";
}

static int replace_copy(char **slot, const char *s)
{
    char *c = NULL;
    if (s) {
        c = malloc(strlen(s) + 1);
        if (!c)
            return -1;
        strcpy(c, s);
    }
    free(*slot);
    *slot = c;
    return 0;
}

enum ck_status ck_osrelease_to_os(const struct ck_osrelease *r, struct ck_os *os)
{
    char *eco = ck_osrelease_ecosystem(r);
    if (replace_copy(&os->id, r->id) || replace_copy(&os->version_id, r->version_id) ||
        replace_copy(&os->pretty_name, r->pretty_name ? r->pretty_name : r->name)) {
        free(eco);
        return CK_ERR_NOMEM;
    }
    free(os->ecosystem);
    os->ecosystem = eco;
    return CK_OK;
}
