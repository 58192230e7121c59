/* What changed across the fleet, grouped by vulnerability: see changes.h. */
#include "report/changes.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "report/csv.h"
#include "util/json.h"
#include "util/text.h"

static const char *const kind_names[] = {"new", "fixed", "severity"};
static const char *const cause_names[] = {"data", "image"};

static const char *vuln_name(const struct ck_change *x) { return x->cve && *x->cve ? x->cve : x->record_id; }

/* Groups: one kind, one vulnerability; the changes of a group are adjacent
 * after sorting. */
static int by_group(const void *pa, const void *pb)
{
    const struct ck_change *a = *(const struct ck_change *const *)pa, *b = *(const struct ck_change *const *)pb;
    int c = (int)a->kind - (int)b->kind;
    if (!c)
        c = strcmp(vuln_name(a), vuln_name(b));
    if (!c)
        c = (int)b->severity - (int)a->severity;
    return c ? c : (a->image > b->image) - (a->image < b->image);
}


static int group_order(const void *pa, const void *pb)
{
    const struct ck_change_group *a = pa, *b = pb;
    int c = (int)a->items[0]->kind - (int)b->items[0]->kind;
    if (!c)
        c = (a->images < b->images) - (a->images > b->images);
    if (!c)
        c = (int)b->severity - (int)a->severity;
    return c ? c : strcmp(vuln_name(a->items[0]), vuln_name(b->items[0]));
}

/* The changes sorted and cut into groups, most images first in each kind. */
static enum ck_status make_groups(const struct ck_changes *c, const struct ck_change ***order, struct ck_change_group **groups,
                                  size_t *ngroups)
{
    size_t i, start, n = 0;

    *order = c->count ? malloc(c->count * sizeof **order) : NULL;
    *groups = c->count ? malloc(c->count * sizeof **groups) : NULL;
    if (c->count && (!*order || !*groups))
        return CK_ERR_NOMEM;
    for (i = 0; i < c->count; i++)
        (*order)[i] = &c->items[i];
    if (c->count)
        qsort(*order, c->count, sizeof **order, by_group);
    for (start = 0; start < c->count; start = i) {
        struct ck_change_group *g = &(*groups)[n++];
        size_t last_image = (size_t)-1;
        g->items = *order + start;
        g->images = 0;
        g->severity = (*order)[start]->severity;
        for (i = start; i < c->count && (*order)[i]->kind == (*order)[start]->kind &&
                        !strcmp(vuln_name((*order)[i]), vuln_name((*order)[start]));
             i++) {
            if ((*order)[i]->image != last_image)
                g->images++;
            last_image = (*order)[i]->image;
        }
        g->count = i - start;
    }
    if (n)
        qsort(*groups, n, sizeof **groups, group_order);
    *ngroups = n;
    return CK_OK;
}

enum ck_status ck_change_groups_make(const struct ck_changes *c, struct ck_change_groups *out)
{
    enum ck_status rc;
    memset(out, 0, sizeof *out);
    rc = make_groups(c, &out->order, &out->items, &out->count);
    if (rc != CK_OK)
        ck_change_groups_release(out);
    return rc;
}

void ck_change_groups_release(struct ck_change_groups *g)
{
    free(g->order);
    free(g->items);
    memset(g, 0, sizeof *g);
}

const char *ck_change_group_name(const struct ck_change_group *g) { return vuln_name(g->items[0]); }

static void image_name(const struct ck_changes *c, size_t i, char *out, size_t size)
{
    snprintf(out, size, "%s%s%s", c->images[i].repository, *c->images[i].tag ? ":" : "", c->images[i].tag);
}

static size_t count_kind(const struct ck_changes *c, enum ck_change_kind k, size_t *images)
{
    size_t i, n = 0, last = (size_t)-1, distinct = 0;
    for (i = 0; i < c->count; i++)
        if (c->items[i].kind == k) {
            n++;
            if (c->items[i].image != last)
                distinct++;
            last = c->items[i].image;
        }
    if (images)
        *images = distinct;
    return n;
}

void ck_changes_headline(const struct ck_changes *c, const char *when, const char *since_what, char *out, size_t size)
{
    char stamp[32], news_text[64];
    size_t imgs_new = 0, news;

    if (!when) {
        ck_text_format_time(c->since, stamp, sizeof stamp);
        when = stamp;
    }
    news = count_kind(c, CK_CHANGE_NEW, &imgs_new);
    if (news)
        snprintf(news_text, sizeof news_text, "%zu new finding%s in %zu image%s", news, news == 1 ? "" : "s", imgs_new,
                 imgs_new == 1 ? "" : "s");
    else
        snprintf(news_text, sizeof news_text, "no new findings");
    snprintf(out, size, "Since %s%s%s%s: %s, %zu fixed, %zu re-rated", when, since_what ? " (" : "",
             since_what ? since_what : "", since_what ? ")" : "", news_text, count_kind(c, CK_CHANGE_FIXED, NULL),
             count_kind(c, CK_CHANGE_SEVERITY, NULL));
}

static void write_text(const struct ck_changes *c, const struct ck_change_group *groups, size_t n, const char *since_what,
                       FILE *f)
{
    static const char *const headings[] = {"New", "Fixed", "Severity changed"};
    char headline[512], name[512];
    size_t i, k;
    int kind = -1;

    ck_changes_headline(c, NULL, since_what, headline, sizeof headline);
    fprintf(f, "%s (%zu images compared; %zu first scanned since)\n", headline, c->images_compared,
            c->images_first_scanned);
    for (i = 0; i < n; i++) {
        const struct ck_change_group *g = &groups[i];
        const struct ck_change *x = g->items[0];
        if ((int)x->kind != kind) {
            kind = (int)x->kind;
            fprintf(f, "\n%s\n", headings[kind]);
        }
        if (x->kind == CK_CHANGE_SEVERITY)
            fprintf(f, "  %s  %s -> %s  in %zu image%s:", vuln_name(x), ck_severity_str(x->previous),
                    ck_severity_str(x->severity), g->images, g->images == 1 ? "" : "s");
        else
            fprintf(f, "  %s  %s  %s %zu image%s:", vuln_name(x), ck_severity_str(g->severity),
                    x->kind == CK_CHANGE_NEW ? "now affects" : "fixed in", g->images, g->images == 1 ? "" : "s");
        for (k = 0; k < g->count; k++) {
            image_name(c, g->items[k]->image, name, sizeof name);
            fprintf(f, "%s %s (%s, by the %s)", k ? "," : "", name, g->items[k]->package,
                    cause_names[g->items[k]->cause]);
        }
        fputc('\n', f);
    }
    if (!c->count)
        fprintf(f, "Nothing changed.\n");
}

static enum ck_status write_csv(const struct ck_changes *c, const struct ck_change_group *groups, size_t n, FILE *f,
                                struct ck_err *err)
{
    static const char *const header[] = {"Change", "Vulnerability", "Record", "Package", "Severity",
                                         "Previous severity", "Image", "Cause"};
    struct ck_csv w;
    char name[512];
    size_t i, k;
    enum ck_status rc;

    ck_csv_init(&w, f);
    ck_csv_row(&w, header, sizeof header / sizeof header[0]);
    for (i = 0; i < n; i++)
        for (k = 0; k < groups[i].count; k++) {
            const struct ck_change *x = groups[i].items[k];
            image_name(c, x->image, name, sizeof name);
            ck_csv_cell(&w, kind_names[x->kind]);
            ck_csv_cell(&w, vuln_name(x));
            ck_csv_cell(&w, x->record_id);
            ck_csv_cell(&w, x->package);
            ck_csv_cell(&w, ck_severity_str(x->severity));
            ck_csv_cell(&w, x->kind == CK_CHANGE_SEVERITY ? ck_severity_str(x->previous) : "");
            ck_csv_cell(&w, name);
            ck_csv_cell(&w, cause_names[x->cause]);
            ck_csv_end_row(&w);
        }
    rc = ck_csv_finish(&w, "the changes", err);
    ck_csv_release(&w);
    return rc;
}

static cJSON *json_group(const struct ck_changes *c, const struct ck_change_group *g)
{
    const struct ck_change *x = g->items[0];
    cJSON *o = cJSON_CreateObject(), *arr;
    char name[512];
    size_t k;

    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "vulnerability", vuln_name(x));
    cJSON_AddStringToObject(o, "severity", ck_severity_str(g->severity));
    if (x->kind == CK_CHANGE_SEVERITY)
        cJSON_AddStringToObject(o, "previous_severity", ck_severity_str(x->previous));
    cJSON_AddNumberToObject(o, "image_count", (double)g->images);
    arr = cJSON_AddArrayToObject(o, "images");
    for (k = 0; arr && k < g->count; k++) {
        cJSON *i = cJSON_CreateObject();
        image_name(c, g->items[k]->image, name, sizeof name);
        cJSON_AddStringToObject(i, "image", name);
        cJSON_AddStringToObject(i, "record_id", g->items[k]->record_id);
        cJSON_AddStringToObject(i, "package", g->items[k]->package);
        cJSON_AddStringToObject(i, "cause", cause_names[g->items[k]->cause]);
        cJSON_AddItemToArray(arr, i);
    }
    return o;
}

static enum ck_status write_json(const struct ck_changes *c, const struct ck_change_group *groups, size_t n, FILE *f,
                                 struct ck_err *err)
{
    static const char *const keys[] = {"new", "fixed", "severity_changed"};
    cJSON *root = cJSON_CreateObject(), *lists[3];
    struct ck_buf text;
    char when[32];
    size_t i;
    int k;

    if (!root)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    ck_text_format_time(c->since, when, sizeof when);
    cJSON_AddStringToObject(root, "since", when);
    cJSON_AddNumberToObject(root, "images_compared", (double)c->images_compared);
    cJSON_AddNumberToObject(root, "images_first_scanned", (double)c->images_first_scanned);
    for (k = 0; k < 3; k++)
        lists[k] = cJSON_AddArrayToObject(root, keys[k]);
    for (i = 0; i < n; i++)
        cJSON_AddItemToArray(lists[groups[i].items[0]->kind], json_group(c, &groups[i]));
    ck_buf_init(&text);
    if (ck_json_print(root, 1, &text) != CK_OK) {
        cJSON_Delete(root);
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    }
    fwrite(text.data, 1, text.len, f);
    fputc('\n', f);
    ck_buf_release(&text);
    cJSON_Delete(root);
    return CK_OK;
}

enum ck_status ck_changes_write(const struct ck_changes *c, enum ck_changes_format format, const char *since_what,
                                FILE *f, struct ck_err *err)
{
    struct ck_change_groups g;
    enum ck_status rc = ck_change_groups_make(c, &g);

    if (rc != CK_OK)
        rc = ck_err_set(err, rc, "out of memory");
    else if (format == CK_CHANGES_CSV)
        rc = write_csv(c, g.items, g.count, f, err);
    else if (format == CK_CHANGES_JSON)
        rc = write_json(c, g.items, g.count, f, err);
    else
        write_text(c, g.items, g.count, since_what, f);
    ck_change_groups_release(&g);
    if (rc == CK_OK && ferror(f))
        rc = ck_err_set(err, CK_ERR_IO, "the changes could not be written");
    return rc;
}
