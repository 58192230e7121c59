/* The packages and unmanaged files panels (see inventoryview.h). One body
 * serves both; what differs is the table behind the list, reached through
 * the few functions under "the tables". */
#include "win/inventoryview.h"

#include <stdlib.h>
#include <string.h>

#include "win/listview.h"
#include "win/panel.h"
#include "view/cells.h"
#include "view/packages_table.h"
#include "view/unmanaged_table.h"

enum { ID_HEADING = 1, ID_FILTER, ID_COUNT, ID_LIST };

static const struct ck_lv_column package_columns[CK_PCOL_COUNT] = {
    {"Ecosystem", 100, 0}, {"Name", 220, 0}, {"Version", 140, 0}, {"Location", 380, 0}, {"Owner", 150, 0},
};

static const struct ck_lv_column unmanaged_columns[CK_UCOL_COUNT] = {
    {"Path", 400, 0}, {"Kind", 170, 0}, {"Size", 76, 1}, {"Product", 250, 0}, {"SHA-256", 110, 0},
};

struct invpanel {
    struct ck_panel panel; /* its list, filter box and heading */
    HWND count;
    enum ck_inv_panel which;
    const wchar_t *empty;  /* what the list says when it shows nothing */
};

static struct {
    struct invpanel p[CK_INV_PANELS];
    struct ck_packages_table packages;
    struct ck_unmanaged_table unmanaged;
    int walked;            /* the scan shown read the whole filesystem */
} g;

static const wchar_t select_image[] = L"Select a scanned image to see its packages and files.";

/* ---- the tables ------------------------------------------------------------------ */

static int is_packages(const struct invpanel *p)
{
    return p->which == CK_INV_PACKAGES;
}

static const struct ck_lv_column *columns_of(const struct invpanel *p, int *n)
{
    *n = is_packages(p) ? CK_PCOL_COUNT : CK_UCOL_COUNT;
    return is_packages(p) ? package_columns : unmanaged_columns;
}

static size_t shown_rows(const struct invpanel *p)
{
    return is_packages(p) ? ck_packages_table_count(&g.packages) : ck_unmanaged_table_count(&g.unmanaged);
}

static size_t total_rows(const struct invpanel *p)
{
    return is_packages(p) ? ck_packages_table_total(&g.packages) : ck_unmanaged_table_total(&g.unmanaged);
}

static uint32_t row_at(const struct invpanel *p, size_t pos)
{
    return is_packages(p) ? ck_packages_table_row_at(&g.packages, pos) : ck_unmanaged_table_row_at(&g.unmanaged, pos);
}

static long position_of(const struct invpanel *p, uint32_t row)
{
    return is_packages(p) ? ck_packages_table_position(&g.packages, row)
                          : ck_unmanaged_table_position(&g.unmanaged, row);
}

static void sort_state(const struct invpanel *p, int *col, int *desc)
{
    *col = is_packages(p) ? g.packages.sort_col : g.unmanaged.sort_col;
    *desc = is_packages(p) ? g.packages.sort_desc : g.unmanaged.sort_desc;
}

static enum ck_status sort_table(const struct invpanel *p, int col, int desc)
{
    return is_packages(p) ? ck_packages_table_sort(&g.packages, col, desc)
                          : ck_unmanaged_table_sort(&g.unmanaged, col, desc);
}

static enum ck_status filter_table(const struct invpanel *p, const char *text)
{
    return is_packages(p) ? ck_packages_table_filter(&g.packages, text)
                          : ck_unmanaged_table_filter(&g.unmanaged, text);
}

static const char *cell_text(const void *ctx, size_t row, int col, char *buf, size_t size)
{
    const struct invpanel *p = ctx;
    if (row >= shown_rows(p))
        return "";
    return is_packages(p) ? ck_packages_table_cell(&g.packages, row, col, buf, size)
                          : ck_unmanaged_table_cell(&g.unmanaged, row, col, buf, size);
}

/* ---- the list --------------------------------------------------------------------- */

/* "1,234" */
static const char *grouped(size_t n, char *buf, size_t size)
{
    char digits[32];
    size_t len = (size_t)snprintf(digits, sizeof digits, "%zu", n), i, k = 0;
    for (i = 0; i < len && k + 2 < size; i++) {
        if (i && (len - i) % 3 == 0)
            buf[k++] = ',';
        buf[k++] = digits[i];
    }
    buf[k] = '\0';
    return buf;
}

static void update_count(struct invpanel *p)
{
    char text[160], a[32], b[32], c[32];
    size_t shown = shown_rows(p), total = total_rows(p);
    const char *noun = is_packages(p) ? "package" : "file";

    if (!total)
        text[0] = '\0';
    else if (shown != total)
        snprintf(text, sizeof text, "%s of %s %ss", grouped(shown, a, sizeof a), grouped(total, b, sizeof b), noun);
    else if (is_packages(p) && !g.walked)
        snprintf(text, sizeof text, "%s package%s", grouped(total, a, sizeof a), total == 1 ? "" : "s");
    else if (is_packages(p))
        snprintf(text, sizeof text, "%s package%s, %s of applications", grouped(total, a, sizeof a),
                 total == 1 ? "" : "s", grouped(g.packages.apps, c, sizeof c));
    else
        snprintf(text, sizeof text, "%s file%s, %s executables and libraries", grouped(total, a, sizeof a),
                 total == 1 ? "" : "s", grouped(g.unmanaged.binaries, c, sizeof c));
    ck_gui_set_text(p->count, text);
    /* An empty static paints nothing under a WS_CLIPCHILDREN parent. */
    ShowWindow(p->count, text[0] ? SW_SHOW : SW_HIDE);
}

static long current_row(const struct invpanel *p)
{
    long pos = ck_lv_current(p->panel.list);
    if (pos < 0 || (size_t)pos >= shown_rows(p))
        return -1;
    return (long)row_at(p, (size_t)pos);
}

/* After the rows' order or set changed: the same row stays current. */
static void reselect(struct invpanel *p, long row)
{
    ck_lv_set_count(p->panel.list, shown_rows(p));
    ck_lv_select(p->panel.list, row >= 0 ? position_of(p, (uint32_t)row) : -1);
    update_count(p);
}

static void apply_filter(struct invpanel *p)
{
    char *text = ck_gui_text(p->panel.filter);
    long row = current_row(p);
    HCURSOR old = SetCursor(LoadCursorW(NULL, (LPCWSTR)IDC_WAIT));

    if (filter_table(p, text ? text : "") != CK_OK)
        ck_log(CK_LOG_WARN, "Not enough memory to filter the list.");
    free(text);
    reselect(p, row);
    SetCursor(old);
}

static void sort_by(struct invpanel *p, int col)
{
    int ncols, cur, desc;
    long row = current_row(p);
    HCURSOR old;

    columns_of(p, &ncols);
    if (col < 0 || col >= ncols)
        return;
    sort_state(p, &cur, &desc);
    /* the same column again turns the order round; the largest files first */
    desc = cur == col ? !desc : (!is_packages(p) && col == CK_UCOL_SIZE);
    old = SetCursor(LoadCursorW(NULL, (LPCWSTR)IDC_WAIT));
    if (sort_table(p, col, desc) != CK_OK)
        ck_gui_message(GetAncestor(p->panel.hwnd, GA_ROOT), MB_ICONWARNING, "Not enough memory to sort %zu rows.",
                       total_rows(p));
    SetCursor(old);
    sort_state(p, &cur, &desc);
    ck_lv_sort_arrow(p->panel.list, cur, desc);
    reselect(p, row);
}

static LRESULT on_notify(struct invpanel *p, NMHDR *nm)
{
    if (nm->idFrom != ID_LIST)
        return 0;
    switch (nm->code) {
    case LVN_GETDISPINFOW:
        ck_lv_cell_text((NMLVDISPINFOW *)nm, shown_rows(p), cell_text, p);
        return 0;
    case LVN_COLUMNCLICK:
        sort_by(p, ((NMLISTVIEW *)nm)->iSubItem);
        return 0;
    case NM_CUSTOMDRAW:
        return ck_lv_customdraw_empty((NMLVCUSTOMDRAW *)nm, p->empty);
    }
    return 0;
}

/* ---- layout ------------------------------------------------------------------------- */

static void layout(struct invpanel *p)
{
    RECT rc;
    int dpi = ck_dpi_of(p->panel.hwnd), pad = ck_dpi_scale(4, dpi), gap = ck_dpi_scale(8, dpi);
    HFONT font = (HFONT)SendMessageW(p->panel.list, WM_GETFONT, 0, 0);
    int line = ck_dpi_line_height(p->panel.hwnd, font), edit_h = line + ck_dpi_scale(8, dpi);
    int filter_w = ck_dpi_scale(280, dpi), y, x, top;

    GetClientRect(p->panel.hwnd, &rc);
    MoveWindow(p->panel.heading, pad, pad, rc.right - 2 * pad, line, TRUE);
    y = pad * 2 + line;
    MoveWindow(p->panel.filter, pad, y, filter_w, edit_h, TRUE);
    x = pad + filter_w + gap;
    MoveWindow(p->count, x, y + (edit_h - line) / 2, rc.right - x - pad > 0 ? rc.right - x - pad : 0, line, TRUE);
    top = y + edit_h + pad;
    MoveWindow(p->panel.list, 0, top, rc.right, rc.bottom - top > 0 ? rc.bottom - top : 0, TRUE);
}

/* The panel class calls back without a context: one small function per panel. */
static void layout_packages(void) { layout(&g.p[CK_INV_PACKAGES]); }
static void layout_unmanaged(void) { layout(&g.p[CK_INV_UNMANAGED]); }
static void filter_packages(void) { apply_filter(&g.p[CK_INV_PACKAGES]); }
static void filter_unmanaged(void) { apply_filter(&g.p[CK_INV_UNMANAGED]); }
static LRESULT notify_packages(NMHDR *nm) { return on_notify(&g.p[CK_INV_PACKAGES], nm); }
static LRESULT notify_unmanaged(NMHDR *nm) { return on_notify(&g.p[CK_INV_UNMANAGED], nm); }
static void release_packages(void) { ck_packages_table_release(&g.packages); }
static void release_unmanaged(void) { ck_unmanaged_table_release(&g.unmanaged); }

/* ---- public -------------------------------------------------------------------------- */

static void set_heading(struct invpanel *p, const char *text)
{
    ck_gui_set_text(p->panel.heading, text && *text ? text : is_packages(p) ? "Packages" : "Unmanaged files");
}

/* New rows are in the table: the first one current, the sort arrow where
 * the sort is, and the sentence of an empty list. */
static void show_rows(struct invpanel *p, const wchar_t *none)
{
    int col, desc;
    p->empty = total_rows(p) ? (is_packages(p) ? L"No packages match the filter." : L"No files match the filter.")
                             : none;
    sort_state(p, &col, &desc);
    ck_lv_sort_arrow(p->panel.list, col, desc);
    ck_lv_set_count(p->panel.list, shown_rows(p));
    ck_lv_select(p->panel.list, shown_rows(p) ? 0 : -1);
    update_count(p);
}

/* The headings' note on a scan that reused the inventory an earlier scan of
 * the same image ID read, and when that was. */
static void reuse_note(int64_t read_at, char *out, size_t size)
{
    char when[CK_CELL_MAX];

    out[0] = '\0';
    if (!read_at)
        return;
    ck_cell_time(read_at, when, sizeof when);
    snprintf(out, size, "; inventory reused from %s (Ctrl+Shift+F5 reads the image again)", when);
}

void ck_inventoryview_show(const char *name, int64_t scanned_at, int walked, int64_t read_at,
                           struct ck_inventory *inv)
{
    struct invpanel *pk = &g.p[CK_INV_PACKAGES], *un = &g.p[CK_INV_UNMANAGED];
    char when[CK_CELL_MAX], reused[CK_CELL_MAX + 80], heading[900];
    enum ck_status st;

    g.walked = walked;
    ck_cell_time(scanned_at, when, sizeof when);
    reuse_note(read_at, reused, sizeof reused);
    snprintf(heading, sizeof heading, "Packages of %s, scanned %s%s%s", name, when,
             walked ? "" : " (package databases only)", reused);
    set_heading(pk, heading);
    snprintf(heading, sizeof heading, "Software in %s that no package manager owns, scanned %s%s", name, when,
             reused);
    set_heading(un, heading);
    /* The filters stay as typed: the tables keep them for the new rows. */
    st = ck_packages_table_take(&g.packages, inv);
    if (st == CK_OK)
        st = ck_unmanaged_table_take(&g.unmanaged, inv);
    if (st != CK_OK)
        ck_log(CK_LOG_ERROR, "Not enough memory to show the packages of %s.", name);
    show_rows(pk, L"This scan found no packages.");
    show_rows(un, walked ? L"This scan found no program, library, script or archive that no package manager owns."
                         : L"This scan read only the package databases, not the whole filesystem. Scan the image "
                           L"again (F5) to see the files no package manager owns.");
}

void ck_inventoryview_clear(const char *name, const wchar_t *why)
{
    struct ck_inventory none;
    int i;

    ck_inventory_init(&none);
    ck_packages_table_take(&g.packages, &none);
    ck_unmanaged_table_take(&g.unmanaged, &none);
    for (i = 0; i < CK_INV_PANELS; i++) {
        char heading[700];
        struct invpanel *p = &g.p[i];
        if (name && *name)
            snprintf(heading, sizeof heading, "%s of %s", is_packages(p) ? "Packages" : "Unmanaged files", name);
        else
            heading[0] = '\0';
        set_heading(p, heading);
        p->empty = why ? why : select_image;
        ck_lv_set_count(p->panel.list, 0);
        update_count(p);
    }
}

void ck_inventoryview_focus_list(enum ck_inv_panel which)
{
    struct invpanel *p = &g.p[which];
    SetFocus(p->panel.list);
    if (ck_lv_current(p->panel.list) < 0 && shown_rows(p))
        ck_lv_select(p->panel.list, 0);
}

void ck_inventoryview_focus_filter(enum ck_inv_panel which)
{
    ck_panel_focus_filter(&g.p[which].panel);
}

void ck_inventoryview_widths(enum ck_inv_panel which, int *widths96)
{
    int n;
    columns_of(&g.p[which], &n);
    ck_lv_widths(g.p[which].panel.list, n, widths96, ck_dpi_of(g.p[which].panel.list));
}

/* "[packages-sort] Version descending", and where the header's column
 * titles are on the screen: "[packages-header] x0 x1 ... y" (each column's
 * middle, then the header's middle), for a test to click them. */
static void dump_sort(FILE *f, const char *name, const struct invpanel *p, const struct ck_lv_column *cols, int n)
{
    HWND header = ListView_GetHeader(p->panel.list);
    int col, desc, i;
    RECT rc;

    sort_state(p, &col, &desc);
    fprintf(f, "[%s-sort] %s%s\n[%s-header]", name, col >= 0 && col < n ? cols[col].title : "",
            col < 0 ? "" : desc ? " descending" : " ascending", name);
    for (i = 0; i < n && header; i++)
        if (Header_GetItemRect(header, i, &rc)) {
            MapWindowPoints(header, NULL, (POINT *)&rc, 2);
            fprintf(f, " %ld", (long)(rc.left + rc.right) / 2);
        }
    if (header && IsWindowVisible(p->panel.hwnd) && GetWindowRect(header, &rc))
        fprintf(f, " %ld", (long)(rc.top + rc.bottom) / 2);
    fputc('\n', f);
}

void ck_inventoryview_dump(FILE *f)
{
    static const char *const names[CK_INV_PANELS] = {"packages", "unmanaged"};
    int i, n;
    for (i = 0; i < CK_INV_PANELS; i++) {
        const struct invpanel *p = &g.p[i];
        const struct ck_lv_column *cols = columns_of(p, &n);
        char *heading = ck_gui_text(p->panel.heading), *count = ck_gui_text(p->count);
        fprintf(f, "[%s-heading] %s\n[%s-count] %s\n", names[i], heading ? heading : "", names[i],
                count ? count : "");
        free(heading);
        free(count);
        dump_sort(f, names[i], p, cols, n);
        ck_lv_dump(f, names[i], cols, n, shown_rows(p), 2000, cell_text, p);
    }
}

void ck_inventoryview_rescale(int old_dpi, int new_dpi)
{
    int i;
    for (i = 0; i < CK_INV_PANELS; i++)
        ck_lv_rescale(g.p[i].panel.list, old_dpi, new_dpi);
}

static BOOL create_children(struct invpanel *p)
{
    struct ck_panel *panel = &p->panel;
    panel->heading = ck_panel_child(panel, WC_STATICW, L"", SS_NOPREFIX | SS_ENDELLIPSIS, 0, ID_HEADING);
    panel->filter = ck_panel_child(panel, WC_EDITW, L"", WS_TABSTOP | ES_AUTOHSCROLL, WS_EX_CLIENTEDGE, ID_FILTER);
    p->count = ck_panel_child(panel, WC_STATICW, L"", SS_NOPREFIX | SS_ENDELLIPSIS, 0, ID_COUNT);
    panel->list = ck_lv_create(panel->hwnd, ID_LIST, 1, is_packages(p) ? L"Packages" : L"Unmanaged files");
    return panel->heading && panel->filter && p->count && panel->list;
}

HWND ck_inventoryview_create(HWND parent, enum ck_inv_panel which, int id, const int *widths96)
{
    struct invpanel *p = &g.p[which];
    const struct ck_lv_column *cols;
    int n;

    if (which == CK_INV_PACKAGES) {
        ck_packages_table_init(&g.packages);
        p->panel.layout = layout_packages;
        p->panel.apply_filter = filter_packages;
        p->panel.notify = notify_packages;
        p->panel.destroy = release_packages;
    } else {
        ck_unmanaged_table_init(&g.unmanaged);
        p->panel.layout = layout_unmanaged;
        p->panel.apply_filter = filter_unmanaged;
        p->panel.notify = notify_unmanaged;
        p->panel.destroy = release_unmanaged;
    }
    p->which = which;
    p->empty = select_image;
    if (!ck_panel_create(&p->panel, parent, id, which == CK_INV_PACKAGES ? L"CKPackagesPanel" : L"CKUnmanagedPanel",
                         which == CK_INV_PACKAGES ? L"Packages" : L"Unmanaged files", 0) ||
        !create_children(p))
        return NULL;
    ck_panel_set_filter(&p->panel, p->panel.filter,
                        which == CK_INV_PACKAGES ? L"Filter by name, location or ecosystem (Ctrl+Shift+F)"
                                                 : L"Filter by path, kind, product or hash (Ctrl+Shift+F)",
                        200);
    cols = columns_of(p, &n);
    ck_lv_add_columns(p->panel.list, cols, n, widths96, ck_dpi_of(p->panel.hwnd));
    update_count(p);
    return p->panel.hwnd;
}
