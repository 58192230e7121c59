/* The findings panel (see findingsview.h). */
#include "win/findingsview.h"

#include <stdlib.h>
#include <string.h>

#include "resource.h"
#include "win/findingdetail.h"
#include "win/listview.h"
#include "win/panel.h"
#include "win/splitter.h"
#include "util/text.h"
#include "view/findings_table.h"
#include "vuln/severity.h"

#define CLASS_NAME L"CKFindingsPanel"
enum {
    ID_HEADING = 1,
    ID_FILTER,
    ID_SEVERITY,
    ID_CHANGE,
    ID_FIXABLE,
    ID_TRIAGE,
    ID_EXPLOIT,
    ID_COUNT,
    ID_LIST,
    ID_DETAIL
};

/* List columns in table order; the Change column is shown first, and only
 * for comparisons. */
static const struct ck_lv_column columns[CK_FCOL_COUNT] = {
    {"ID", 120, 0},      {"CVE", 110, 0},       {"Severity", 64, 0},  {"CVSS", 44, 1},
    {"Triage", 220, 0},  {"Known exploited", 100, 0}, {"EPSS", 80, 1},  {"Package", 110, 0},
    {"Installed", 100, 0}, {"Fixed in", 100, 0}, {"Title", 260, 0},   {"First seen", 110, 0},
    {"Priority", 56, 1}, {"Change", 76, 0},
};

/* Severity choices: which severities each shows. */
static const struct {
    const wchar_t *label;
    unsigned mask;
} severity_choices[] = {
    {L"All severities", 0},
    {L"Critical", CK_SEV_BIT(CK_SEV_CRITICAL)},
    {L"High and above", CK_SEV_BIT(CK_SEV_CRITICAL) | CK_SEV_BIT(CK_SEV_HIGH)},
    {L"Medium and above", CK_SEV_BIT(CK_SEV_CRITICAL) | CK_SEV_BIT(CK_SEV_HIGH) | CK_SEV_BIT(CK_SEV_MEDIUM)},
    {L"Low and above",
     CK_SEV_BIT(CK_SEV_CRITICAL) | CK_SEV_BIT(CK_SEV_HIGH) | CK_SEV_BIT(CK_SEV_MEDIUM) | CK_SEV_BIT(CK_SEV_LOW)},
    {L"Unknown only", CK_SEV_BIT(CK_SEV_UNKNOWN)},
};

static const struct {
    const wchar_t *label;
    unsigned mask;
} change_choices[] = {
    {L"All changes", 0},
    {L"New and fixed", CK_STATE_BIT(CK_STATE_NEW) | CK_STATE_BIT(CK_STATE_FIXED)},
    {L"New", CK_STATE_BIT(CK_STATE_NEW)},
    {L"Fixed", CK_STATE_BIT(CK_STATE_FIXED)},
    {L"Unchanged", CK_STATE_BIT(CK_STATE_UNCHANGED)},
};

static const struct {
    const wchar_t *label;
    enum ck_ftriage triage;
} triage_choices[] = {
    {L"Open and decided", CK_FTRIAGE_ALL},
    {L"Open", CK_FTRIAGE_OPEN},
    {L"Decided", CK_FTRIAGE_DECIDED},
    {L"Expired decisions", CK_FTRIAGE_EXPIRED},
};

static const struct {
    const wchar_t *label;
    int kev_only;
    double epss_min;
} exploit_choices[] = {
    {L"Any likelihood", 0, 0},
    {L"Known exploited", 1, 0},
    {L"EPSS at least 50%", 0, 0.5},
    {L"EPSS at least 10%", 0, 0.1},
    {L"EPSS at least 1%", 0, 0.01},
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static struct {
    struct ck_panel panel; /* its list, filter box and heading */
    HWND severity, change, triage, exploit, fixable, count, detail;
    int detail96;      /* its width at 96 DPI */
    struct ck_splitter split;
    struct ck_findings_table table;
    int colmap[CK_FCOL_COUNT]; /* list column -> table column */
    int ncols;
    int widths96[CK_FCOL_COUNT];
    const wchar_t *empty;
} g;

static const wchar_t no_selection[] = L"Select a scanned image to see its findings.";

/* ---- columns -------------------------------------------------------------- */

/* Remembers the shown columns' widths (by table column). */
static void save_widths(void)
{
    int i, dpi = ck_dpi_of(g.panel.list);
    for (i = 0; i < g.ncols; i++)
        g.widths96[g.colmap[i]] = ck_dpi_unscale(ListView_GetColumnWidth(g.panel.list, i), dpi);
}

/* (Re)builds the list's columns for a plain list or a comparison. */
static void set_columns(int comparison)
{
    struct ck_lv_column cols[CK_FCOL_COUNT];
    int widths[CK_FCOL_COUNT];
    int i, n = 0;

    if (g.ncols == (comparison ? CK_FCOL_COUNT : CK_FCOL_COUNT - 1))
        return;
    if (g.ncols)
        save_widths();
    while (ListView_DeleteColumn(g.panel.list, 0))
        ;
    if (comparison)
        g.colmap[n++] = CK_FCOL_CHANGE;
    for (i = 0; i < CK_FCOL_CHANGE; i++)
        g.colmap[n++] = i;
    for (i = 0; i < n; i++) {
        cols[i] = columns[g.colmap[i]];
        widths[i] = g.widths96[g.colmap[i]];
    }
    g.ncols = n;
    ck_lv_add_columns(g.panel.list, cols, n, widths, ck_dpi_of(g.panel.list));
}

static int list_column_of(int table_col)
{
    int i;
    for (i = 0; i < g.ncols; i++)
        if (g.colmap[i] == table_col)
            return i;
    return -1;
}

/* The current finding in the detail pane, or what to do to see one. */
static void show_detail(void)
{
    long pos = ck_lv_current(g.panel.list);
    const char *change = NULL;

    if (pos < 0 || (size_t)pos >= ck_findings_table_count(&g.table)) {
        ck_findingdetail_say(ck_findings_table_count(&g.table)
                                 ? "Select a finding to read its description and references."
                                 : "");
        return;
    }
    if (ck_findings_table_is_comparison(&g.table))
        change = ck_findings_table_state_label(ck_findings_table_change_at(&g.table, (size_t)pos));
    ck_findingdetail_show(ck_findings_table_at(&g.table, (size_t)pos), change);
}

/* ---- list ------------------------------------------------------------------ */

static void update_count(void)
{
    char text[128];
    size_t shown = ck_findings_table_count(&g.table), total = ck_findings_table_total(&g.table);
    if (!g.table.rows.items && !total)
        text[0] = '\0';
    else if (shown == total)
        snprintf(text, sizeof text, "%zu finding%s", total, total == 1 ? "" : "s");
    else
        snprintf(text, sizeof text, "%zu of %zu findings", shown, total);
    ck_gui_set_text(g.count, text);
    /* An empty static paints nothing under a WS_CLIPCHILDREN parent. */
    ShowWindow(g.count, text[0] ? SW_SHOW : SW_HIDE);
}

/* After the rows' order or set changed: the same finding stays selected. */
static void reselect(long row)
{
    long p = row >= 0 ? ck_findings_table_position(&g.table, (uint32_t)row) : -1;
    ck_lv_set_count(g.panel.list, ck_findings_table_count(&g.table));
    ck_lv_select(g.panel.list, p);
    update_count();
    show_detail();
}

static long current_row(void)
{
    long pos = ck_lv_current(g.panel.list);
    if (pos < 0 || (size_t)pos >= ck_findings_table_count(&g.table))
        return -1;
    return (long)ck_findings_table_row_at(&g.table, (size_t)pos);
}

static void apply_filter(void)
{
    struct ck_findings_filter f;
    char *text = ck_gui_text(g.panel.filter);
    int sev = (int)SendMessageW(g.severity, CB_GETCURSEL, 0, 0);
    int ch = (int)SendMessageW(g.change, CB_GETCURSEL, 0, 0);
    int tr = (int)SendMessageW(g.triage, CB_GETCURSEL, 0, 0);
    int ex = (int)SendMessageW(g.exploit, CB_GETCURSEL, 0, 0);
    long row = current_row();
    HCURSOR old = SetCursor(LoadCursorW(NULL, (LPCWSTR)IDC_WAIT));

    memset(&f, 0, sizeof f);
    f.text = text;
    f.severities = sev >= 0 && sev < (int)(sizeof severity_choices / sizeof severity_choices[0])
                       ? severity_choices[sev].mask
                       : 0;
    f.changes = ch >= 0 && ch < (int)(sizeof change_choices / sizeof change_choices[0]) ? change_choices[ch].mask : 0;
    f.fixable_only = SendMessageW(g.fixable, BM_GETCHECK, 0, 0) == BST_CHECKED;
    f.triage = tr >= 0 && tr < (int)COUNT_OF(triage_choices) ? triage_choices[tr].triage : CK_FTRIAGE_ALL;
    if (ex > 0 && ex < (int)COUNT_OF(exploit_choices)) {
        f.kev_only = exploit_choices[ex].kev_only;
        f.epss_min = exploit_choices[ex].epss_min;
    }
    ck_findings_table_filter(&g.table, &f);
    free(text);
    reselect(row);
    SetCursor(old);
}

static void sort_by(int list_col)
{
    int col = list_col >= 0 && list_col < g.ncols ? g.colmap[list_col] : -1, desc;
    long row = current_row();
    HCURSOR old;

    if (col < 0)
        return;
    if (g.table.sort_col == col)
        desc = !g.table.sort_desc;
    else /* most severe, highest score, known exploited, newest first */
        desc = col == CK_FCOL_SEVERITY || col == CK_FCOL_CVSS || col == CK_FCOL_FIRST_SEEN || col == CK_FCOL_EPSS;
    old = SetCursor(LoadCursorW(NULL, (LPCWSTR)IDC_WAIT));
    if (ck_findings_table_sort(&g.table, col, desc) != CK_OK)
        ck_gui_message(GetAncestor(g.panel.hwnd, GA_ROOT), MB_ICONWARNING, "Not enough memory to sort %zu findings.",
                       ck_findings_table_total(&g.table));
    SetCursor(old);
    ck_lv_sort_arrow(g.panel.list, list_column_of(g.table.sort_col), g.table.sort_desc);
    reselect(row);
}

static COLORREF severity_color(enum ck_severity s)
{
    switch (s) {
    case CK_SEV_CRITICAL:
        return RGB(0xa0, 0x00, 0x00);
    case CK_SEV_HIGH:
        return RGB(0xc8, 0x32, 0x00);
    case CK_SEV_MEDIUM:
        return RGB(0x9a, 0x5b, 0x00);
    case CK_SEV_LOW:
        return RGB(0x2f, 0x5f, 0x8f);
    default:
        return GetSysColor(COLOR_GRAYTEXT);
    }
}

static BOOL row_decided(size_t item)
{
    const struct ck_review_entry *e = ck_findings_table_review_at(&g.table, item);
    return e && !e->open;
}

static BOOL row_expired(size_t item)
{
    const struct ck_review_entry *e = ck_findings_table_review_at(&g.table, item);
    return e && e->expired;
}

static LRESULT on_customdraw(NMLVCUSTOMDRAW *cd)
{
    size_t item = (size_t)cd->nmcd.dwItemSpec;
    switch (cd->nmcd.dwDrawStage) {
    case CDDS_PREPAINT:
        if (!ck_findings_table_count(&g.table))
            return ck_lv_customdraw_empty(cd, g.empty);
        return CDRF_NOTIFYITEMDRAW;
    case CDDS_POSTPAINT:
        return ck_lv_customdraw_empty(cd, g.empty);
    case CDDS_ITEMPREPAINT:
        return CDRF_NOTIFYSUBITEMDRAW;
    case CDDS_ITEMPREPAINT | CDDS_SUBITEM: {
        /* The severity and change cells in colour; system colours in high
         * contrast and on the selection. */
        int col = cd->iSubItem >= 0 && cd->iSubItem < g.ncols ? g.colmap[cd->iSubItem] : -1;
        cd->clrText = GetSysColor(COLOR_WINDOWTEXT);
        if (item >= ck_findings_table_count(&g.table) || ck_gui_high_contrast() ||
            (ListView_GetItemState(g.panel.list, (int)item, LVIS_SELECTED) & LVIS_SELECTED))
            return CDRF_DODEFAULT;
        if (row_decided(item))
            cd->clrText = GetSysColor(COLOR_GRAYTEXT); /* decided: dimmed, the open ones stand out */
        else if (col == CK_FCOL_TRIAGE && row_expired(item))
            cd->clrText = RGB(0xb0, 0x4a, 0x00);
        else if (col == CK_FCOL_KEV)
            cd->clrText = RGB(0xa0, 0x00, 0x00);
        else if (col == CK_FCOL_SEVERITY)
            cd->clrText = severity_color(ck_findings_table_at(&g.table, item)->severity);
        else if (col == CK_FCOL_CHANGE && ck_findings_table_change_at(&g.table, item) == CK_STATE_NEW)
            cd->clrText = RGB(0xb0, 0x1c, 0x1c);
        else if (col == CK_FCOL_CHANGE && ck_findings_table_change_at(&g.table, item) == CK_STATE_FIXED)
            cd->clrText = RGB(0x1e, 0x7b, 0x34);
        return CDRF_DODEFAULT;
    }
    }
    return CDRF_DODEFAULT;
}

/* The cell of list column col (the columns shown map to table columns). */
static const char *cell_text(const void *ctx, size_t row, int col, char *buf, size_t size)
{
    (void)ctx;
    if (col < 0 || col >= g.ncols)
        return "";
    return ck_findings_table_cell(&g.table, row, g.colmap[col], buf, size);
}

void ck_findingsview_dump(FILE *f)
{
    struct ck_lv_column cols[CK_FCOL_COUNT];
    char *heading = ck_gui_text(g.panel.heading);
    int i;
    for (i = 0; i < g.ncols; i++)
        cols[i] = columns[g.colmap[i]];
    fprintf(f, "[findings-heading] %s\n", heading ? heading : "");
    free(heading);
    ck_lv_dump(f, "findings", cols, g.ncols, ck_findings_table_count(&g.table), 2000, cell_text, NULL);
}

static LRESULT on_notify(NMHDR *nm)
{
    if (nm->idFrom == ID_DETAIL && nm->code == EN_LINK)
        return ck_findingdetail_link((ENLINK *)nm);
    if (nm->idFrom != ID_LIST)
        return 0;
    switch (nm->code) {
    case LVN_GETDISPINFOW:
        ck_lv_cell_text((NMLVDISPINFOW *)nm, ck_findings_table_count(&g.table), cell_text, NULL);
        return 0;
    case LVN_COLUMNCLICK:
        sort_by(((NMLISTVIEW *)nm)->iSubItem);
        return 0;
    case LVN_ITEMCHANGED:
        if (ck_lv_state_changed(nm, LVIS_SELECTED | LVIS_FOCUSED))
            show_detail();
        return 0;
    case NM_CUSTOMDRAW:
        return on_customdraw((NMLVCUSTOMDRAW *)nm);
    }
    return 0;
}

/* ---- layout ---------------------------------------------------------------- */

static void layout(void)
{
    RECT rc;
    int dpi = ck_dpi_of(g.panel.hwnd), pad = ck_dpi_scale(4, dpi), gap = ck_dpi_scale(8, dpi);
    HFONT font = (HFONT)SendMessageW(g.panel.list, WM_GETFONT, 0, 0);
    int line = ck_dpi_line_height(g.panel.hwnd, font), edit_h = line + ck_dpi_scale(8, dpi);
    int x = pad, y, w, top, detail_w, bar = ck_dpi_scale(5, dpi);
    int combo_w = ck_dpi_scale(150, dpi), check_w = ck_dpi_scale(110, dpi);
    BOOL comparing = ck_findings_table_is_comparison(&g.table);

    GetClientRect(g.panel.hwnd, &rc);
    MoveWindow(g.panel.heading, pad, pad, rc.right - 2 * pad, line, TRUE);
    y = pad * 2 + line;
    w = ck_dpi_scale(240, dpi);
    MoveWindow(g.panel.filter, x, y, w, edit_h, TRUE);
    x += w + gap;
    /* A combo box's height is that of its drop-down list. */
    MoveWindow(g.severity, x, y, combo_w, edit_h + ck_dpi_scale(160, dpi), TRUE);
    x += combo_w + gap;
    ShowWindow(g.change, comparing ? SW_SHOW : SW_HIDE);
    if (comparing) {
        MoveWindow(g.change, x, y, combo_w, edit_h + ck_dpi_scale(160, dpi), TRUE);
        x += combo_w + gap;
    }
    MoveWindow(g.triage, x, y, combo_w, edit_h + ck_dpi_scale(160, dpi), TRUE);
    x += combo_w + gap;
    MoveWindow(g.exploit, x, y, combo_w, edit_h + ck_dpi_scale(160, dpi), TRUE);
    x += combo_w + gap;
    MoveWindow(g.fixable, x, y, check_w, edit_h, TRUE);
    x += check_w + gap;
    MoveWindow(g.count, x, y + (edit_h - line) / 2, rc.right - x - pad > 0 ? rc.right - x - pad : 0, line, TRUE);

    top = y + edit_h + pad;
    detail_w = ck_dpi_scale(g.detail96, dpi);
    if (detail_w > rc.right - ck_dpi_scale(200, dpi))
        detail_w = rc.right - ck_dpi_scale(200, dpi);
    if (detail_w < ck_dpi_scale(120, dpi))
        detail_w = ck_dpi_scale(120, dpi);
    MoveWindow(g.panel.list, 0, top, rc.right - detail_w - bar, rc.bottom - top, TRUE);
    SetRect(&g.split.bar, rc.right - detail_w - bar, top, rc.right - detail_w, rc.bottom);
    MoveWindow(g.detail, rc.right - detail_w, top, detail_w, rc.bottom - top, TRUE);
}

/* ---- public ---------------------------------------------------------------- */

static void reset_view(const char *heading, int comparison)
{
    ck_gui_set_text(g.panel.heading, heading && *heading ? heading : "Findings");
    set_columns(comparison);
    if (!comparison)
        SendMessageW(g.change, CB_SETCURSEL, 0, 0);
    layout();
}

/* New rows are in the table: filtered, sorted as before, the first one
 * selected; none_found is what an empty list says. */
static void show_new_rows(const wchar_t *none_found)
{
    g.empty = ck_findings_table_total(&g.table) ? L"No findings match the filter." : none_found;
    ck_lv_sort_arrow(g.panel.list, list_column_of(g.table.sort_col), g.table.sort_desc);
    apply_filter();
    ck_lv_select(g.panel.list, ck_findings_table_count(&g.table) ? 0 : -1);
    show_detail();
}

static const wchar_t *none_found(int unassessed)
{
    return unassessed ? L"No known vulnerabilities in what this scan could assess. It could not assess "
                        L"everything (see the heading): this is not a clean result."
                      : L"This scan found no known vulnerabilities.";
}

void ck_findingsview_show(const char *heading, struct ck_history_findings *rows, int unassessed)
{
    reset_view(heading, 0);
    ck_findings_table_take(&g.table, rows);
    show_new_rows(none_found(unassessed));
}

void ck_findingsview_show_reviewed(const char *heading, struct ck_history_findings *rows,
                                   struct ck_review_entry **review, struct ck_decisions *decisions, int unassessed)
{
    reset_view(heading, 0);
    if (ck_findings_table_take_reviewed(&g.table, rows, review, decisions) != CK_OK)
        ck_findings_table_take(&g.table, rows);
    show_new_rows(none_found(unassessed));
}

HWND ck_findingsview_list(void)
{
    return g.panel.list;
}

void ck_triage_picks_release(struct ck_triage_picks *p)
{
    size_t i;
    for (i = 0; p->packages && i < p->decisions.count; i++)
        free(p->packages[i]);
    free(p->packages);
    ck_decisions_release(&p->decisions);
    memset(p, 0, sizeof *p);
}

/* The decision to edit for the finding at pos: the one in effect (or that
 * ran out) with its key, else a new one for this image and package. */
static enum ck_status pick(size_t pos, const char *repository, const char *tag, struct ck_triage_picks *out)
{
    const struct ck_history_finding *f = ck_findings_table_at(&g.table, pos);
    const struct ck_decision *now = ck_review_decision(ck_findings_table_review_at(&g.table, pos));
    struct ck_decision d;
    size_t k = out->decisions.count;

    if (f->package && !(out->packages[k] = ck_text_dup(f->package)))
        return CK_ERR_NOMEM;
    if (now) {
        d = *now;
    } else {
        memset(&d, 0, sizeof d);
        d.vuln_id = f->cve && *f->cve ? f->cve : f->record_id;
        d.package = f->package;
        d.scope = CK_SCOPE_IMAGE;
        d.repository = (char *)repository;
        d.tag = (char *)tag;
        d.state = CK_DECISION_UNDER_INVESTIGATION;
        d.expires = CK_DATE_NONE;
    }
    if (ck_decisions_push_copy(&out->decisions, &d) != CK_OK) {
        free(out->packages[k]);
        out->packages[k] = NULL;
        return CK_ERR_NOMEM;
    }
    return CK_OK;
}

size_t ck_findingsview_picks(const char *repository, const char *tag, struct ck_triage_picks *out)
{
    uint32_t *pos = NULL;
    size_t n, i;

    if (!ck_findings_table_is_reviewed(&g.table))
        return 0;
    n = ck_lv_selection(g.panel.list, &pos);
    if (n && !(out->packages = calloc(n, sizeof *out->packages)))
        n = 0;
    for (i = 0; i < n; i++)
        if (pos[i] >= ck_findings_table_count(&g.table) || pick(pos[i], repository, tag, out) != CK_OK) {
            ck_triage_picks_release(out);
            break;
        }
    free(pos);
    return out->decisions.count;
}

void ck_findingsview_show_comparison(const char *heading, struct ck_comparison *c)
{
    reset_view(heading, 1);
    ck_findings_table_take_comparison(&g.table, c);
    show_new_rows(L"Neither scan found known vulnerabilities.");
}

void ck_findingsview_clear(const char *heading, const wchar_t *why)
{
    struct ck_history_findings none;
    reset_view(heading, 0);
    ck_history_findings_init(&none);
    ck_findings_table_take(&g.table, &none);
    g.empty = why ? why : no_selection;
    ck_lv_set_count(g.panel.list, 0);
    update_count();
    ck_findingdetail_say("");
}

void ck_findingsview_focus_list(void)
{
    SetFocus(g.panel.list);
}

void ck_findingsview_focus_filter(void)
{
    ck_panel_focus_filter(&g.panel);
}

void ck_findingsview_widths(int *widths96, int *detail96)
{
    save_widths();
    memcpy(widths96, g.widths96, sizeof g.widths96);
    *detail96 = g.detail96;
}

static void on_filter_command(WORD id, WORD code)
{
    if (((id == ID_SEVERITY || id == ID_CHANGE || id == ID_TRIAGE || id == ID_EXPLOIT) && code == CBN_SELCHANGE) ||
        (id == ID_FIXABLE && code == BN_CLICKED))
        apply_filter();
}

/* The bar between the list and the detail pane was dragged to x = pos. */
static void detail_bar_moved(int pos)
{
    RECT rc;
    GetClientRect(g.panel.hwnd, &rc);
    g.detail96 = ck_dpi_unscale(rc.right - pos - (g.split.bar.right - g.split.bar.left), ck_dpi_of(g.panel.hwnd));
    layout();
}

static void release_rows(void)
{
    ck_findings_table_release(&g.table);
}

static HWND child(const wchar_t *cls, const wchar_t *text, DWORD style, DWORD ex, int id)
{
    return ck_panel_child(&g.panel, cls, text, style, ex, id);
}

static void fill_choices(void)
{
    size_t i;
    for (i = 0; i < sizeof severity_choices / sizeof severity_choices[0]; i++)
        SendMessageW(g.severity, CB_ADDSTRING, 0, (LPARAM)severity_choices[i].label);
    SendMessageW(g.severity, CB_SETCURSEL, 0, 0);
    for (i = 0; i < sizeof change_choices / sizeof change_choices[0]; i++)
        SendMessageW(g.change, CB_ADDSTRING, 0, (LPARAM)change_choices[i].label);
    SendMessageW(g.change, CB_SETCURSEL, 0, 0);
    for (i = 0; i < COUNT_OF(triage_choices); i++)
        SendMessageW(g.triage, CB_ADDSTRING, 0, (LPARAM)triage_choices[i].label);
    SendMessageW(g.triage, CB_SETCURSEL, 0, 0);
    for (i = 0; i < COUNT_OF(exploit_choices); i++)
        SendMessageW(g.exploit, CB_ADDSTRING, 0, (LPARAM)exploit_choices[i].label);
    SendMessageW(g.exploit, CB_SETCURSEL, 0, 0);
}

static BOOL create_children(void)
{
    g.panel.heading = child(WC_STATICW, L"", SS_NOPREFIX | SS_ENDELLIPSIS, 0, ID_HEADING);
    g.panel.filter = child(WC_EDITW, L"", WS_TABSTOP | ES_AUTOHSCROLL, WS_EX_CLIENTEDGE, ID_FILTER);
    g.severity = child(WC_COMBOBOXW, L"", WS_TABSTOP | CBS_DROPDOWNLIST | WS_VSCROLL, 0, ID_SEVERITY);
    g.change = child(WC_COMBOBOXW, L"", WS_TABSTOP | CBS_DROPDOWNLIST | WS_VSCROLL, 0, ID_CHANGE);
    g.triage = child(WC_COMBOBOXW, L"", WS_TABSTOP | CBS_DROPDOWNLIST | WS_VSCROLL, 0, ID_TRIAGE);
    g.exploit = child(WC_COMBOBOXW, L"", WS_TABSTOP | CBS_DROPDOWNLIST | WS_VSCROLL, 0, ID_EXPLOIT);
    g.fixable = child(WC_BUTTONW, L"Fi&xable only", WS_TABSTOP | BS_AUTOCHECKBOX, 0, ID_FIXABLE);
    g.count = child(WC_STATICW, L"", SS_NOPREFIX | SS_ENDELLIPSIS, 0, ID_COUNT);
    g.panel.list = ck_lv_create(g.panel.hwnd, ID_LIST, 0, L"Findings");
    g.detail = ck_findingdetail_create(g.panel.hwnd, ID_DETAIL);
    return g.panel.heading && g.panel.filter && g.severity && g.change && g.triage && g.exploit && g.fixable &&
           g.count && g.panel.list && g.detail;
}

HWND ck_findingsview_create(HWND parent, int id, const int *widths96, int detail96)
{
    size_t i;

    ck_findings_table_init(&g.table);
    g.detail96 = detail96 > 0 ? detail96 : 320;
    g.empty = no_selection;
    g.split.vertical = 1;
    g.split.moved = detail_bar_moved;
    g.panel.layout = layout;
    g.panel.apply_filter = apply_filter;
    g.panel.notify = on_notify;
    g.panel.command = on_filter_command;
    g.panel.destroy = release_rows;
    g.panel.split = &g.split;
    for (i = 0; i < CK_FCOL_COUNT; i++)
        g.widths96[i] = widths96 && widths96[i] > 0 ? widths96[i] : columns[i].width96;
    if (!ck_panel_create(&g.panel, parent, id, CLASS_NAME, L"Findings", 0) || !create_children())
        return NULL;
    ck_panel_set_filter(&g.panel, g.panel.filter, L"Filter findings (Ctrl+Shift+F)", 200);
    fill_choices();
    set_columns(0);
    return g.panel.hwnd;
}

void ck_findingsview_rescale(int old_dpi, int new_dpi)
{
    ck_lv_rescale(g.panel.list, old_dpi, new_dpi);
}
