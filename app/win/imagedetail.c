/* What the findings and history tabs show of the current image: its scans
 * and the findings of the newest successful one, a scan chosen in the
 * history, or the comparison of two scans (see mainwnd.h); and what the
 * packages and unmanaged tabs show: the inventory of the scan whose
 * findings are shown (of the newer scan in a comparison), read when one of
 * those tabs is shown. Each request has a generation; an answer to an
 * older one is dropped. */
#include "win/mainwnd.h"

#include <stdlib.h>
#include <string.h>

#include "win/findingsview.h"
#include "win/historyview.h"
#include "win/imagesview.h"
#include "win/inventoryview.h"
#include "view/cells.h"
#include "util/text.h"

static struct {
    char *repository, *tag;    /* the image shown, NULL when none */
    unsigned gen_detail, gen_findings, gen_inventory;
    int scans_ok;              /* successful scans of the image shown */
    int64_t inv_want;          /* the scan whose inventory the tabs are to show, 0 none */
    int64_t inv_asked;         /* the scan whose inventory was asked for (or shown), 0 none */
} g_shown;

static const wchar_t not_scanned[] = L"This image has not been scanned yet: press F5 to scan it.";
static const wchar_t no_success[] = L"No scan of this image succeeded yet: see the History tab.";

static void set_shown(const char *repository, const char *tag)
{
    free(g_shown.repository);
    free(g_shown.tag);
    g_shown.repository = repository ? ck_text_dup(repository) : NULL;
    g_shown.tag = tag ? ck_text_dup(tag) : NULL;
}

void ck_mainwnd_forget_shown(void)
{
    set_shown(NULL, NULL);
}

BOOL ck_mainwnd_is_shown(const char *repository, const char *tag)
{
    return g_shown.repository && !strcmp(repository, g_shown.repository) && !strcmp(tag, g_shown.tag);
}

BOOL ck_mainwnd_shown_image(char **repository, char **tag)
{
    *repository = *tag = NULL;
    if (!g_shown.repository)
        return FALSE;
    *repository = ck_text_dup(g_shown.repository);
    *tag = ck_text_dup(g_shown.tag);
    if (*repository && *tag)
        return TRUE;
    free(*repository);
    free(*tag);
    *repository = *tag = NULL;
    return FALSE;
}

int ck_mainwnd_detail_scans(void)
{
    return g_shown.scans_ok;
}

/* "registry/dev/app:1.2" or the path of an archive or folder. */
static void display_name(const char *repository, const char *tag, char *out, size_t size)
{
    snprintf(out, size, "%s%s%s", repository, tag && *tag ? ":" : "", tag ? tag : "");
}

/* The findings heading: "Findings of NAME, scanned WHEN", and what the
 * scan could not assess ("; not assessed: no vulnerability data for npm"). */
static void findings_heading(const char *name, const struct ck_scan_info *s, char *out, size_t size)
{
    char when[CK_CELL_MAX];
    ck_cell_time(s ? s->finished_at : 0, when, sizeof when);
    snprintf(out, size, "Findings of %s, scanned %s%s%s", name, when, s && s->not_assessed ? "; not assessed: " : "",
             s && s->not_assessed ? s->not_assessed : "");
}

/* ---- the packages and unmanaged tabs ------------------------------------------- */

static BOOL inventory_tab_shown(void)
{
    int tab = TabCtrl_GetCurSel(g_main.tabs);
    return tab == TAB_PACKAGES || tab == TAB_UNMANAGED;
}

/* Reads the wanted scan's inventory unless it is shown or on its way. */
static void read_inventory(void)
{
    if (!g_shown.inv_want || g_shown.inv_want == g_shown.inv_asked)
        return;
    g_shown.inv_asked = g_shown.inv_want;
    ck_inventoryview_clear(NULL, L"Reading the packages and files of this scan...");
    if (!ck_start_inventory(g_main.hwnd, ++g_shown.gen_inventory, g_shown.inv_want)) {
        g_shown.inv_asked = 0;
        ck_inventoryview_clear(NULL, L"The packages could not be read: not enough memory.");
    }
}

/* The tabs are to show scan_id's inventory (0: none; they say why). */
static void want_inventory(int64_t scan_id, const char *name, const wchar_t *why)
{
    if (scan_id && scan_id == g_shown.inv_want)
        return;
    g_shown.inv_want = scan_id;
    g_shown.inv_asked = 0;
    g_shown.gen_inventory++;
    if (!scan_id) {
        ck_inventoryview_clear(name, why);
        return;
    }
    ck_inventoryview_clear(name, L"The packages and files of this scan are read when this tab is shown.");
    if (inventory_tab_shown())
        read_inventory();
}

void ck_mainwnd_tab_shown(int tab)
{
    if (tab == TAB_PACKAGES || tab == TAB_UNMANAGED)
        read_inventory();
}

void ck_mainwnd_inventory_done(struct ck_task *t)
{
    struct ck_gui_inventory_result *r = t->data;
    const struct ck_scan_info *s = ck_historyview_scan(r->scan_id);
    char name[600];

    if (t->generation != g_shown.gen_inventory || r->scan_id != g_shown.inv_want)
        return;
    if (t->status != CK_OK || !s) {
        ck_log(CK_LOG_ERROR, "%s", t->status != CK_OK ? t->err.msg : "the scan is no longer in the history");
        g_shown.inv_asked = 0; /* showing the tab again tries again */
        ck_inventoryview_clear(NULL, L"The packages of this scan could not be read: see the log.");
        return;
    }
    display_name(s->repository ? s->repository : "", s->tag, name, sizeof name);
    ck_inventoryview_show(name, s->finished_at, s->walked, s->inventory_from, &r->inv);
    ck_mainwnd_schedule_automation();
}

/* ---- the findings and history tabs ----------------------------------------------- */

static void show_nothing(void)
{
    set_shown(NULL, NULL);
    g_shown.scans_ok = 0;
    ck_findingsview_clear("", NULL);
    ck_historyview_clear("", NULL);
    want_inventory(0, "", NULL);
    ck_mainwnd_update_commands();
    ck_mainwnd_schedule_automation();
}

void ck_mainwnd_load_detail(void)
{
    long row = ck_imagesview_current();
    const struct ck_images_row *r = row >= 0 ? ck_images_table_row(ck_imagesview_table(), (size_t)row) : NULL;
    char name[600];

    g_shown.gen_detail++;
    g_shown.gen_findings++;
    if (!r) {
        show_nothing();
        return;
    }
    set_shown(r->repository, r->tag);
    display_name(r->repository, r->tag, name, sizeof name);
    if (!r->has_scan) {
        ck_findingsview_clear(name, not_scanned);
        want_inventory(0, name, not_scanned);
    }
    ck_start_detail(g_main.hwnd, g_shown.gen_detail, r->repository, r->tag);
}

static void detail_failed(const char *name, const char *why)
{
    ck_findingsview_clear(name, L"The scan history could not be read: see the log.");
    ck_historyview_clear(name, L"The scan history could not be read: see the log.");
    want_inventory(0, name, L"The scan history could not be read: see the log.");
    ck_log(CK_LOG_ERROR, "%s", why);
}

/* The findings of the image's newest successful scan, or why there are none. */
static void show_latest_findings(struct ck_gui_detail_result *r, const char *name)
{
    char heading[800];
    size_t i;
    if (!r->scan_id) {
        ck_findingsview_clear(name, r->count ? no_success : not_scanned);
        return;
    }
    for (i = 0; i < r->count && r->scans[i].id != r->scan_id; i++)
        ;
    findings_heading(name, i < r->count ? &r->scans[i] : NULL, heading, sizeof heading);
    ck_findingsview_show_reviewed(heading, &r->findings, &r->review, &r->decisions,
                                  i < r->count && r->scans[i].not_assessed);
}

void ck_mainwnd_detail_done(struct ck_task *t)
{
    struct ck_gui_detail_result *r = t->data;
    char name[600], heading[800];
    size_t i;

    if (t->generation != g_shown.gen_detail)
        return;
    display_name(r->repository, r->tag, name, sizeof name);
    if (t->status != CK_OK) {
        detail_failed(name, t->err.msg);
        return;
    }
    g_shown.scans_ok = 0;
    for (i = 0; i < r->count; i++)
        g_shown.scans_ok += r->scans[i].ok;
    show_latest_findings(r, name);
    snprintf(heading, sizeof heading, "Scans of %s: %zu", name, r->count);
    ck_historyview_show(heading, r->scans, r->count);
    /* after the history took the scans: the inventory's heading reads them there */
    want_inventory(r->scan_id, name, r->count ? no_success : not_scanned);
    r->scans = NULL;
    r->count = 0;
    ck_mainwnd_update_commands();
    ck_mainwnd_schedule_automation();
}

void ck_mainwnd_history_selection(void)
{
    int64_t ids[3];
    size_t n = ck_historyview_selected(ids, 3);
    const struct ck_scan_info *s;

    ck_mainwnd_update_commands();
    if (n != 1 || !(s = ck_historyview_scan(ids[0])) || !s->ok)
        return;
    ck_start_findings(g_main.hwnd, ++g_shown.gen_findings, ids[0], s->repository, s->tag);
    want_inventory(ids[0], NULL, NULL);
}

void ck_mainwnd_findings_done(struct ck_task *t)
{
    struct ck_gui_findings_result *r = t->data;
    const struct ck_scan_info *s = ck_historyview_scan(r->scan_id);
    char name[600], heading[800];

    if (t->generation != g_shown.gen_findings || !s)
        return;
    if (t->status != CK_OK) {
        ck_log(CK_LOG_ERROR, "%s", t->err.msg);
        return;
    }
    display_name(s->repository ? s->repository : "", s->tag, name, sizeof name);
    findings_heading(name, s, heading, sizeof heading);
    ck_findingsview_show_reviewed(heading, &r->findings, &r->review, &r->decisions, s->not_assessed != NULL);
    ck_mainwnd_schedule_automation();
}

/* The two scans to compare, chosen on the History tab, or else the two
 * newest successful ones (then selected there). */
static BOOL scans_to_compare(int64_t ids[2])
{
    int64_t chosen[3];
    if (ck_historyview_selected(chosen, 3) == 2) {
        memcpy(ids, chosen, 2 * sizeof *ids);
        return TRUE;
    }
    if (ck_historyview_newest_ok(ids, 2) != 2) {
        ck_gui_message(g_main.hwnd, MB_ICONINFORMATION,
                       "Comparing needs two successful scans of the image. Scan it again (F5), or choose "
                       "two scans on the History tab (Ctrl+click).");
        return FALSE;
    }
    ck_historyview_select(ids, 2);
    return TRUE;
}

static BOOL is_older(const struct ck_scan_info *a, const struct ck_scan_info *b)
{
    return a->finished_at < b->finished_at || (a->finished_at == b->finished_at && a->id < b->id);
}

void ck_mainwnd_compare_scans(void)
{
    int64_t ids[2];
    const struct ck_scan_info *a, *b, *from, *to;

    if (!scans_to_compare(ids))
        return;
    a = ck_historyview_scan(ids[0]);
    b = ck_historyview_scan(ids[1]);
    if (!a || !b)
        return;
    from = is_older(b, a) ? b : a;
    to = from == a ? b : a;
    want_inventory(to->id, NULL, NULL);
    if (ck_start_compare(g_main.hwnd, ++g_shown.gen_findings, from->id, to->id))
        ck_mainwnd_status(PART_MESSAGE, "Comparing two scans...");
}

void ck_mainwnd_compare_done(struct ck_task *t)
{
    struct ck_gui_compare_result *r = t->data;
    const struct ck_scan_info *from = ck_historyview_scan(r->from), *to = ck_historyview_scan(r->to);
    char name[600], heading[1000], w1[CK_CELL_MAX], w2[CK_CELL_MAX];

    if (t->generation != g_shown.gen_findings)
        return;
    if (t->status != CK_OK) {
        ck_mainwnd_status(PART_MESSAGE, "The comparison failed: %s", t->err.msg);
        return;
    }
    display_name(to && to->repository ? to->repository : "", to ? to->tag : "", name, sizeof name);
    ck_cell_time(from ? from->finished_at : 0, w1, sizeof w1);
    ck_cell_time(to ? to->finished_at : 0, w2, sizeof w2);
    snprintf(heading, sizeof heading, "%s: scan of %s compared with %s: %zu new, %zu fixed, %zu unchanged", name, w2,
             w1, r->cmp.added.count, r->cmp.fixed.count, r->cmp.unchanged.count);
    ck_mainwnd_status(PART_MESSAGE, "%zu new, %zu fixed, %zu unchanged findings since %s", r->cmp.added.count,
                      r->cmp.fixed.count, r->cmp.unchanged.count, w1);
    ck_findingsview_show_comparison(heading, &r->cmp);
    ck_mainwnd_show_tab(TAB_FINDINGS);
}
