/* View > Decisions expiring soon: the decisions in effect, across every
 * image, whose expiry falls within the setting's days, soonest first (see
 * dialogs.h). */
#include "win/dialogs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "platform/win32_text.h"
#include "resource.h"
#include "util/text.h"
#include "view/cells.h"
#include "win/listview.h"

enum { COL_EXPIRES, COL_VULN, COL_PACKAGE, COL_SCOPE, COL_STATE, COL_OWNER, COL_COUNT };

static const struct ck_lv_column columns[COL_COUNT] = {
    {"Last day", 70, 0}, {"Vulnerability", 110, 0}, {"Package", 90, 0},
    {"Applies to", 190, 0},   {"State", 90, 0},          {"Owner", 90, 0},
};

struct expiring {
    struct ck_decisions list; /* the ones shown, soonest first */
    int days;
    const char *error;        /* why nothing could be read, or NULL */
};

static int by_expiry(const void *pa, const void *pb)
{
    const struct ck_decision *a = pa, *b = pb;
    if (a->expires != b->expires)
        return a->expires < b->expires ? -1 : 1;
    return ck_text_casecmp(a->vuln_id, b->vuln_id);
}

/* The effective decisions that end within e->days from today. */
static void load(struct expiring *e)
{
    char *path = ck_history_default_path();
    struct ck_history *h = NULL;
    struct ck_err err;
    int32_t today = ck_date_of_time(ck_time_now());
    size_t i, k = 0;

    ck_decisions_init(&e->list);
    if (!path || ck_history_open(path, &h, &err) != CK_OK || ck_decisions_effective(h, NULL, &e->list, &err) != CK_OK)
        e->error = "The scan history could not be read.";
    ck_history_close(h);
    free(path);
    for (i = 0; i < e->list.count; i++) {
        struct ck_decision *d = &e->list.items[i];
        if (d->expires != CK_DATE_NONE && d->expires >= today && d->expires <= today + e->days) {
            struct ck_decision keep = *d;
            *d = e->list.items[k];
            e->list.items[k++] = keep;
        }
    }
    for (i = k; i < e->list.count; i++)
        ck_decision_release(&e->list.items[i]);
    e->list.count = k;
    qsort(e->list.items, k, sizeof *e->list.items, by_expiry);
}

static void add_row(HWND lv, int row, const struct ck_decision *d)
{
    char day[16], scope[600];

    ck_date_format(d->expires, day, sizeof day);
    if (d->scope == CK_SCOPE_ALL)
        snprintf(scope, sizeof scope, "every image");
    else if (d->scope == CK_SCOPE_REPOSITORY)
        snprintf(scope, sizeof scope, "every tag of %s", d->repository ? d->repository : "");
    else
        snprintf(scope, sizeof scope, "%s%s%s", d->repository ? d->repository : "", d->tag && *d->tag ? ":" : "",
                 d->tag ? d->tag : "");
    ck_lv_set_cell(lv, row, COL_EXPIRES, day);
    ck_lv_set_cell(lv, row, COL_VULN, d->vuln_id);
    ck_lv_set_cell(lv, row, COL_PACKAGE, d->package ? d->package : "(any)");
    ck_lv_set_cell(lv, row, COL_SCOPE, scope);
    ck_lv_set_cell(lv, row, COL_STATE, ck_cell_state_label(d->state));
    ck_lv_set_cell(lv, row, COL_OWNER, d->owner);
}

static void fill(HWND dlg, struct expiring *e)
{
    HWND lv = GetDlgItem(dlg, IDC_EX_LIST);
    char heading[200];
    size_t i;

    ListView_SetExtendedListViewStyle(lv, LVS_EX_FULLROWSELECT | LVS_EX_LABELTIP);
    ck_lv_add_columns(lv, columns, COL_COUNT, NULL, ck_dpi_of(dlg));
    for (i = 0; i < e->list.count; i++)
        add_row(lv, (int)i, &e->list.items[i]);
    if (e->error)
        snprintf(heading, sizeof heading, "%s", e->error);
    else if (!e->list.count)
        snprintf(heading, sizeof heading, "No decision expires within the next %d days.", e->days);
    else
        snprintf(heading, sizeof heading,
                 "%zu decision%s expire%s within the next %d days. After the last day, the findings are open again.",
                 e->list.count, e->list.count == 1 ? "" : "s", e->list.count == 1 ? "s" : "", e->days);
    ck_dlg_set_text(dlg, IDC_EX_HEADING, heading);
    if (e->list.count)
        ListView_SetItemState(lv, 0, LVIS_SELECTED | LVIS_FOCUSED, LVIS_SELECTED | LVIS_FOCUSED);
}

static INT_PTR CALLBACK expiring_proc(HWND dlg, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_INITDIALOG:
        fill(dlg, (struct expiring *)lp);
        return TRUE;
    case WM_COMMAND:
        if (LOWORD(wp) == IDOK || LOWORD(wp) == IDCANCEL) {
            EndDialog(dlg, LOWORD(wp));
            return TRUE;
        }
        break;
    }
    return FALSE;
}

void ck_expiring_dialog(HWND owner, int days)
{
    struct expiring e;
    memset(&e, 0, sizeof e);
    e.days = days > 0 ? days : 14;
    load(&e);
    DialogBoxParamW(g_instance, MAKEINTRESOURCEW(IDD_EXPIRING), owner, expiring_proc, (LPARAM)&e);
    ck_decisions_release(&e.list);
}
