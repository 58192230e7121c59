#include "vuln/assessment.h"

#include <stdlib.h>
#include <string.h>

#include "util/array.h"
#include "util/buf.h"
#include "util/text.h"

void ck_assessment_init(struct ck_assessment *a) { memset(a, 0, sizeof *a); }

void ck_assessment_release(struct ck_assessment *a)
{
    size_t i;
    for (i = 0; i < a->count; i++)
        free(a->parts[i].ecosystem);
    free(a->parts);
    free(a->os_name);
    ck_assessment_init(a);
}

/* Records of the ecosystem itself or of its streams (Red Hat's
 * "Red Hat:enterprise_linux:9::baseos" for "Red Hat:enterprise_linux:9"). */
static int has_data(struct ck_vulndb *db, const char *ecosystem, struct ck_err *err)
{
    char **streams = NULL;
    size_t n = 0, i;

    if (ck_vulndb_updated_at(db, ecosystem) > 0)
        return 1;
    if (ck_vulndb_ecosystem_streams(db, ecosystem, &streams, &n, err) != CK_OK)
        return 0;
    for (i = 0; i < n; i++)
        free(streams[i]);
    free(streams);
    return n > 0;
}

static struct ck_assessed *part_of(struct ck_assessment *a, const char *ecosystem)
{
    size_t i;

    for (i = 0; i < a->count; i++)
        if (!ck_text_casecmp(a->parts[i].ecosystem, ecosystem))
            return &a->parts[i];
    if (CK_ARRAY_GROW(a->parts, a->count, a->cap) != CK_OK)
        return NULL;
    memset(&a->parts[a->count], 0, sizeof a->parts[a->count]);
    if (ecosystem && !(a->parts[a->count].ecosystem = ck_text_dup(ecosystem)))
        return NULL;
    return &a->parts[a->count++];
}

static int by_ecosystem(const void *x, const void *y)
{
    const struct ck_assessed *a = x, *b = y;
    return ck_text_casecmp(a->ecosystem, b->ecosystem);
}

enum ck_status ck_assess(struct ck_vulndb *db, const struct ck_inventory *inv, struct ck_assessment *out,
                         struct ck_err *err)
{
    struct ck_assessment a;
    size_t i;

    ck_assessment_init(&a);
    a.os_name = ck_text_dup(inv->os.pretty_name ? inv->os.pretty_name : inv->os.id ? inv->os.id : "unknown");
    if (!a.os_name || !part_of(&a, inv->os.ecosystem))
        goto nomem;
    for (i = 0; i < inv->count; i++) {
        const struct ck_package *p = &inv->packages[i];
        int os_part = p->type != CK_PKG_LANG || p->owner || !p->ecosystem;
        struct ck_assessed *part = os_part ? &a.parts[0] : part_of(&a, p->ecosystem);
        if (!part)
            goto nomem;
        part->packages++;
    }
    for (i = 0; i < a.count; i++)
        a.parts[i].has_data = a.parts[i].ecosystem && has_data(db, a.parts[i].ecosystem, err);
    if (a.count > 2)
        qsort(a.parts + 1, a.count - 1, sizeof *a.parts, by_ecosystem);
    *out = a;
    return CK_OK;
nomem:
    ck_assessment_release(&a);
    return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
}

int ck_assessment_part_assessed(const struct ck_assessment *a, size_t i)
{
    return i < a->count && (a->parts[i].has_data || (i == 0 && !a->parts[i].packages));
}

int ck_assessment_complete(const struct ck_assessment *a)
{
    size_t i;
    for (i = 0; i < a->count; i++)
        if (!ck_assessment_part_assessed(a, i))
            return 0;
    return 1;
}

char *ck_assessment_text(const struct ck_assessment *a)
{
    struct ck_buf b;
    size_t i, n = 0;

    if (ck_assessment_complete(a))
        return NULL;
    ck_buf_init(&b);
    ck_buf_puts(&b, "no vulnerability data for ");
    for (i = 0; i < a->count; i++) {
        const struct ck_assessed *p = &a->parts[i];
        if (ck_assessment_part_assessed(a, i))
            continue;
        if (n++)
            ck_buf_puts(&b, ", ");
        if (p->ecosystem)
            ck_buf_puts(&b, p->ecosystem);
        else
            ck_buf_printf(&b, "the OS (%s)", a->os_name);
    }
    if (ck_buf_status(&b) != CK_OK) {
        ck_buf_release(&b);
        return NULL;
    }
    return ck_buf_take(&b);
}
