/* View > What changed: across every image, what is new, fixed and re-rated
 * since the data update (or the last 24 hours), one row per vulnerability,
 * most images first (see dialogs.h). */
#include "win/dialogs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/win32_text.h"
#include "report/changes.h"
#include "resource.h"
#include "view/cells.h"
#include "win/listview.h"

enum { COL_CHANGE, COL_VULN, COL_SEVERITY, COL_IMAGES, COL_WHERE, COL_COUNT };

static const struct ck_lv_column columns[COL_COUNT] = {
    {"Change", 70, 0}, {"Vulnerability", 120, 0}, {"Severity", 100, 0}, {"Images", 60, 1}, {"Where", 420, 0},
};

struct view {
    const struct ck_changes *changes;
    const char *since_what;
};

/* "team/app:1 (openssl, the data), team/web:2 (openssl, the image)", cut to fit. */
static void where_text(const struct ck_changes *c, const struct ck_change_group *g, char *out, size_t size)
{
    static const char *const causes[] = {"by the data", "by the image"};
    size_t k, used = 0;
    out[0] = '\0';
    for (k = 0; k < g->count && used + 1 < size; k++) {
        const struct ck_change *x = g->items[k];
        const struct ck_changed_image *img = &c->images[x->image];
        int n = snprintf(out + used, size - used, "%s%s%s%s (%s, %s)", k ? ", " : "", img->repository,
                         *img->tag ? ":" : "", img->tag, x->package, causes[x->cause]);
        if (n < 0)
            break;
        used += (size_t)n < size - used ? (size_t)n : size - used - 1;
    }
}

static void add_row(HWND lv, int row, const struct ck_changes *c, const struct ck_change_group *g)
{
    static const char *const kinds[] = {"New", "Fixed", "Re-rated"};
    const struct ck_change *x = g->items[0];
    char severity[64], images[32], where[2048];

    if (x->kind == CK_CHANGE_SEVERITY)
        snprintf(severity, sizeof severity, "%s \xE2\x86\x92 %s", ck_severity_str(x->previous),
                 ck_severity_str(x->severity));
    else
        snprintf(severity, sizeof severity, "%s", ck_severity_str(g->severity));
    snprintf(images, sizeof images, "%zu", g->images);
    where_text(c, g, where, sizeof where);
    ck_lv_set_cell(lv, row, COL_CHANGE, kinds[x->kind]);
    ck_lv_set_cell(lv, row, COL_VULN, ck_change_group_name(g));
    ck_lv_set_cell(lv, row, COL_SEVERITY, severity);
    ck_lv_set_cell(lv, row, COL_IMAGES, images);
    ck_lv_set_cell(lv, row, COL_WHERE, where);
}

/* ". 9 images compared with their previous scans. 2 first scanned since
 * (nothing to compare)." after the headline. */
static void append_counts(char *heading, size_t size, const struct ck_changes *c)
{
    size_t used = strlen(heading);

    used += (size_t)snprintf(heading + used, size - used, ". %zu image%s compared with %s previous scan%s.",
                             c->images_compared, c->images_compared == 1 ? "" : "s",
                             c->images_compared == 1 ? "its" : "their", c->images_compared == 1 ? "" : "s");
    if (used < size && c->images_first_scanned)
        used += (size_t)snprintf(heading + used, size - used, " %zu first scanned since (nothing to compare).",
                                 c->images_first_scanned);
    if (used < size && !c->count)
        snprintf(heading + used, size - used, " Nothing changed.");
}

static void fill(HWND dlg, const struct view *v)
{
    HWND lv = GetDlgItem(dlg, IDC_CH_LIST);
    struct ck_change_groups groups;
    char heading[600], when[32];
    struct tm tm;
    size_t i;

    ListView_SetExtendedListViewStyle(lv, LVS_EX_FULLROWSELECT | LVS_EX_LABELTIP);
    ck_lv_add_columns(lv, columns, COL_COUNT, NULL, ck_dpi_of(dlg));
    ck_time_local(v->changes->since, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
    ck_changes_headline(v->changes, when, v->since_what, heading, sizeof heading);
    append_counts(heading, sizeof heading, v->changes);
    ck_dlg_set_text(dlg, IDC_CH_HEADING, heading);
    if (ck_change_groups_make(v->changes, &groups) != CK_OK)
        return;
    for (i = 0; i < groups.count; i++)
        add_row(lv, (int)i, v->changes, &groups.items[i]);
    ck_change_groups_release(&groups);
    if (groups.count)
        ListView_SetItemState(lv, 0, LVIS_SELECTED | LVIS_FOCUSED, LVIS_SELECTED | LVIS_FOCUSED);
}

static INT_PTR CALLBACK changes_proc(HWND dlg, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_INITDIALOG:
        fill(dlg, (const struct view *)lp);
        SetFocus(GetDlgItem(dlg, IDC_CH_LIST));
        return FALSE;
    case WM_COMMAND:
        if (LOWORD(wp) == IDOK || LOWORD(wp) == IDCANCEL) {
            EndDialog(dlg, IDOK);
            return TRUE;
        }
        break;
    }
    return FALSE;
}

void ck_changes_dialog(HWND owner, const struct ck_changes *changes, const char *since_what)
{
    struct view v = {changes, since_what};
    DialogBoxParamW(g_instance, MAKEINTRESOURCEW(IDD_CHANGES), owner, changes_proc, (LPARAM)&v);
}
