/* The main window: toolbar, information bar, the images list above tabs of
 * findings, history and log, and a status bar with the engine, the age of
 * the vulnerability data and a progress bar. It runs the commands and hands
 * every slow one to a task (tasks.h), so the window never waits. */
#include "gui.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "automation.h"
#include "dialogs.h"
#include "findingsview.h"
#include "historyview.h"
#include "imagesview.h"
#include "infobar.h"
#include "logpane.h"
#include "platform/win32_text.h"
#include "resource.h"
#include "settings.h"
#include "splitter.h"
#include "tasks.h"
#include "toolbar.h"
#include "view/cells.h"
#include "vuln/text.h"

enum {
    ID_TOOLBAR = 10,
    ID_INFOBAR,
    ID_IMAGES,
    ID_TABS,
    ID_FINDINGS,
    ID_HISTORY,
    ID_LOG,
    ID_STATUS,
    ID_PROGRESS
};
enum { TAB_FINDINGS = 0, TAB_HISTORY, TAB_LOG, TAB_COUNT };
enum { PART_MESSAGE = 0, PART_ENGINE, PART_DATA, PART_PROGRESS, PART_COUNT };
enum { TIMER_SELECT = 1, TIMER_AUTOMATION, TIMER_AUTOMATION_TICK };

struct app {
    HWND hwnd, toolbar, infobar, images, tabs, panels[TAB_COUNT], status, progress;
    HFONT font;
    int dpi;
    int split96;
    struct ck_splitter split;
    wchar_t *automation;
    char status_text[PART_COUNT][512];
    int engine_state;          /* 0 unknown, 1 reachable, -1 not */
    int64_t data_records;      /* -1 unknown */
    int64_t data_updated;
    /* what the findings and history tabs show */
    char *shown_repository, *shown_tag;
    unsigned gen_detail, gen_findings, gen_images;
    int images_loaded;         /* the history's images were read at least once */
    long first_paint_ms;       /* from the process's start to the first paint with the images, -1 before */
    int detail_scans;          /* scans of the shown image */
    /* the running scan */
    struct ck_task *scan;
    size_t scan_done_count, scan_total;
    int closing;
};

static struct app g_app;

/* ---- status bar and progress --------------------------------------------- */

static void set_status(int part, const char *fmt, ...) CK_PRINTF(2, 3);

static void schedule_automation(void)
{
    if (g_app.automation)
        SetTimer(g_app.hwnd, TIMER_AUTOMATION, 150, NULL);
}

static void set_status(int part, const char *fmt, ...)
{
    va_list ap;
    wchar_t *w;
    va_start(ap, fmt);
    vsnprintf(g_app.status_text[part], sizeof g_app.status_text[part], fmt, ap);
    va_end(ap);
    w = ck_utf8_to_wide(g_app.status_text[part]);
    SendMessageW(g_app.status, SB_SETTEXTW, (WPARAM)part, (LPARAM)(w ? w : L""));
    free(w);
    schedule_automation();
}

static void layout_status(void)
{
    RECT rc;
    int parts[PART_COUNT], w;
    GetClientRect(g_app.hwnd, &rc);
    w = rc.right;
    parts[PART_PROGRESS] = -1;
    /* Right edges: progress 150 wide, data and engine 230 each, the
     * message takes the rest. */
    parts[PART_DATA] = w - ck_dpi_scale(150, g_app.dpi);
    parts[PART_ENGINE] = parts[PART_DATA] - ck_dpi_scale(230, g_app.dpi);
    parts[PART_MESSAGE] = parts[PART_ENGINE] - ck_dpi_scale(230, g_app.dpi);
    if (parts[PART_MESSAGE] < ck_dpi_scale(200, g_app.dpi))
        parts[PART_MESSAGE] = ck_dpi_scale(200, g_app.dpi);
    SendMessageW(g_app.status, SB_SETPARTS, PART_COUNT, (LPARAM)parts);
    SendMessageW(g_app.status, SB_GETRECT, PART_PROGRESS, (LPARAM)&rc);
    InflateRect(&rc, -ck_dpi_scale(3, g_app.dpi), -ck_dpi_scale(3, g_app.dpi));
    rc.right -= ck_dpi_scale(16, g_app.dpi); /* the size grip */
    MoveWindow(g_app.progress, rc.left, rc.top, rc.right - rc.left, rc.bottom - rc.top, TRUE);
}

/* A determinate progress (total > 0), a marquee (total == 0), or none (total < 0). */
static void show_progress(long long done, long long total)
{
    LONG_PTR style = GetWindowLongPtrW(g_app.progress, GWL_STYLE);
    if (total < 0) {
        ShowWindow(g_app.progress, SW_HIDE);
        SendMessageW(g_app.progress, PBM_SETMARQUEE, FALSE, 0);
        return;
    }
    if (total == 0) {
        if (!(style & PBS_MARQUEE))
            SetWindowLongPtrW(g_app.progress, GWL_STYLE, style | PBS_MARQUEE);
        SendMessageW(g_app.progress, PBM_SETMARQUEE, TRUE, 40);
    } else {
        if (style & PBS_MARQUEE) {
            SendMessageW(g_app.progress, PBM_SETMARQUEE, FALSE, 0);
            SetWindowLongPtrW(g_app.progress, GWL_STYLE, style & ~PBS_MARQUEE);
        }
        SendMessageW(g_app.progress, PBM_SETRANGE32, 0, 1000);
        SendMessageW(g_app.progress, PBM_SETPOS, (WPARAM)(done * 1000 / total), 0);
    }
    ShowWindow(g_app.progress, SW_SHOW);
}

/* ---- automation ---------------------------------------------------------- */

/* Milliseconds since this process started (for the start-up figure). */
static long ms_since_start(void)
{
    FILETIME created, exited, kernel, user, now;
    ULARGE_INTEGER a, b;
    if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user))
        return -1;
    GetSystemTimeAsFileTime(&now);
    a.LowPart = created.dwLowDateTime;
    a.HighPart = created.dwHighDateTime;
    b.LowPart = now.dwLowDateTime;
    b.HighPart = now.dwHighDateTime;
    return (long)((b.QuadPart - a.QuadPart) / 10000);
}

static void write_automation(void)
{
    char app[2560];
    int tab = TabCtrl_GetCurSel(g_app.tabs);
    static const char *const tabs[] = {"findings", "history", "log"};
    if (!g_app.automation)
        return;
    snprintf(app, sizeof app,
             "[app] tasks=%zu scanning=%d tab=%s first_paint_ms=%ld\n[status] %s\n[engine] %s\n[data] %s\n",
             ck_task_running(), g_app.scan != NULL, tab >= 0 && tab < TAB_COUNT ? tabs[tab] : "", g_app.first_paint_ms,
             g_app.status_text[PART_MESSAGE], g_app.status_text[PART_ENGINE], g_app.status_text[PART_DATA]);
    ck_automation_write(g_app.automation, app);
}

/* ---- commands' availability ----------------------------------------------- */

static void update_commands(void)
{
    HMENU menu = GetMenu(g_app.hwnd);
    uint32_t *rows = NULL;
    size_t selected = ck_imagesview_selection(&rows);
    struct ck_images_table *t = ck_imagesview_table();
    size_t i, scanned = 0;
    int64_t ids[3];
    BOOL busy_scan = g_app.scan != NULL;
    BOOL cancellable = busy_scan || ck_task_running_kind(CK_TASK_DB_UPDATE) || ck_task_running_kind(CK_TASK_LIST) ||
                       ck_task_running_kind(CK_TASK_DB_IMPORT);
    BOOL compare = ck_historyview_selected(ids, 3) == 2 || g_app.detail_scans >= 2;
    struct {
        int cmd;
        BOOL on;
    } states[9];
    int n = 0, k;

    free(rows);
    for (i = 0; i < ck_images_table_total(t); i++)
        scanned += ck_images_table_row(t, i)->has_scan;
    states[n].cmd = IDM_SCAN_SELECTED, states[n++].on = selected && !busy_scan;
    states[n].cmd = IDM_SCAN_ALL, states[n++].on = ck_images_table_count(t) && !busy_scan;
    states[n].cmd = IDM_SCAN_CANCEL, states[n++].on = cancellable;
    states[n].cmd = IDM_SCAN_COMPARE, states[n++].on = compare;
    states[n].cmd = IDM_FILE_EXPORT_CSV, states[n++].on = scanned > 0;
    states[n].cmd = IDM_DB_UPDATE, states[n++].on = !ck_task_running_kind(CK_TASK_DB_UPDATE) && !busy_scan;
    states[n].cmd = IDM_DB_IMPORT, states[n++].on = !ck_task_running_kind(CK_TASK_DB_IMPORT) && !busy_scan;
    for (k = 0; k < n; k++) {
        EnableMenuItem(menu, (UINT)states[k].cmd, MF_BYCOMMAND | (states[k].on ? MF_ENABLED : MF_GRAYED));
        ck_toolbar_enable(g_app.toolbar, states[k].cmd, states[k].on);
    }
}

/* ---- layout and fonts ------------------------------------------------------ */

static void layout(void)
{
    RECT rc, sb, tr;
    int y, bottom, info_h, split_h = ck_dpi_scale(6, g_app.dpi), images_h, i;
    HDWP dwp;

    if (!g_app.status)
        return;
    GetClientRect(g_app.hwnd, &rc);
    y = ck_toolbar_fit(g_app.toolbar, rc.right);
    SendMessageW(g_app.status, WM_SIZE, 0, 0);
    GetWindowRect(g_app.status, &sb);
    bottom = rc.bottom - (sb.bottom - sb.top);
    info_h = ck_infobar_height();
    /* All panes move at once, so none paints over another's old place. */
    dwp = BeginDeferWindowPos(4 + TAB_COUNT);
    if (info_h) {
        dwp = DeferWindowPos(dwp, g_app.infobar, NULL, 0, y, rc.right, info_h, SWP_NOZORDER | SWP_NOACTIVATE);
        y += info_h;
    }
    /* The images take what the splitter says, at most half the height
     * (the findings need room too), at least a few rows. */
    images_h = ck_dpi_scale(g_app.split96, g_app.dpi);
    if (images_h > (bottom - y) / 2)
        images_h = (bottom - y) / 2;
    if (images_h < ck_dpi_scale(90, g_app.dpi))
        images_h = ck_dpi_scale(90, g_app.dpi);
    dwp = DeferWindowPos(dwp, g_app.images, NULL, 0, y, rc.right, images_h, SWP_NOZORDER | SWP_NOACTIVATE);
    y += images_h;
    SetRect(&g_app.split.bar, 0, y, rc.right, y + split_h);
    y += split_h;
    dwp = DeferWindowPos(dwp, g_app.tabs, NULL, 0, y, rc.right, bottom - y, SWP_NOZORDER | SWP_NOACTIVATE);
    SetRect(&tr, 0, y, rc.right, bottom);
    TabCtrl_AdjustRect(g_app.tabs, FALSE, &tr);
    for (i = 0; i < TAB_COUNT; i++)
        dwp = DeferWindowPos(dwp, g_app.panels[i], NULL, tr.left, tr.top, tr.right - tr.left, tr.bottom - tr.top,
                             SWP_NOZORDER | SWP_NOACTIVATE);
    if (dwp)
        EndDeferWindowPos(dwp);
    layout_status();
    InvalidateRect(g_app.hwnd, &g_app.split.bar, TRUE);
}

static void apply_font(void)
{
    HFONT old = g_app.font;
    HWND kids[] = {g_app.toolbar, g_app.infobar, g_app.images, g_app.tabs, g_app.status,
                   g_app.panels[TAB_FINDINGS], g_app.panels[TAB_HISTORY], g_app.panels[TAB_LOG]};
    size_t i;
    g_app.font = ck_dpi_message_font(g_app.dpi);
    for (i = 0; i < sizeof kids / sizeof kids[0]; i++)
        SendMessageW(kids[i], WM_SETFONT, (WPARAM)g_app.font, TRUE);
    if (old)
        DeleteObject(old);
}

static void show_tab(int tab)
{
    int i;
    if (tab < 0 || tab >= TAB_COUNT)
        tab = TAB_FINDINGS;
    TabCtrl_SetCurSel(g_app.tabs, tab);
    /* Panels lie over the tab control, above it in the z-order. */
    for (i = 0; i < TAB_COUNT; i++)
        SetWindowPos(g_app.panels[i], HWND_TOP, 0, 0, 0, 0,
                     SWP_NOMOVE | SWP_NOSIZE | SWP_NOACTIVATE | (i == tab ? SWP_SHOWWINDOW : SWP_HIDEWINDOW));
    schedule_automation();
}

/* ---- what the tabs show ---------------------------------------------------- */

static void set_shown(const char *repository, const char *tag)
{
    free(g_app.shown_repository);
    free(g_app.shown_tag);
    g_app.shown_repository = repository ? ck_text_dup(repository) : NULL;
    g_app.shown_tag = tag ? ck_text_dup(tag) : NULL;
}

/* "registry/dev/app:1.2" or the path of an archive or folder. */
static void display_name(const char *repository, const char *tag, char *out, size_t size)
{
    snprintf(out, size, "%s%s%s", repository, tag && *tag ? ":" : "", tag ? tag : "");
}

static void start_images(struct ck_image_name *add, size_t n)
{
    if (!ck_start_images(g_app.hwnd, ++g_app.gen_images, add, n))
        set_status(PART_MESSAGE, "Could not start reading the scan history.");
}

/* The selected image changed: show its scans and latest findings. */
static void load_detail(void)
{
    long row = ck_imagesview_current();
    const struct ck_images_row *r = row >= 0 ? ck_images_table_row(ck_imagesview_table(), (size_t)row) : NULL;
    char name[600], heading[700];

    g_app.gen_detail++;
    g_app.gen_findings++;
    if (!r) {
        set_shown(NULL, NULL);
        g_app.detail_scans = 0;
        ck_findingsview_clear("", NULL);
        ck_historyview_clear("", NULL);
        update_commands();
        schedule_automation();
        return;
    }
    set_shown(r->repository, r->tag);
    display_name(r->repository, r->tag, name, sizeof name);
    snprintf(heading, sizeof heading, "%s: reading...", name);
    if (!r->has_scan) {
        snprintf(heading, sizeof heading, "%s", name);
        ck_findingsview_clear(heading, L"This image has not been scanned yet: press F5 to scan it.");
    }
    ck_start_detail(g_app.hwnd, g_app.gen_detail, r->repository, r->tag);
}

static void detail_done(struct ck_task *t)
{
    struct ck_detail_result *r = t->data;
    char name[600], heading[800], when[CK_CELL_MAX];
    size_t i;

    if (t->generation != g_app.gen_detail)
        return;
    display_name(r->repository, r->tag, name, sizeof name);
    if (t->status != CK_OK) {
        snprintf(heading, sizeof heading, "%s", name);
        ck_findingsview_clear(heading, L"The scan history could not be read: see the log.");
        ck_historyview_clear(heading, L"The scan history could not be read: see the log.");
        ck_log(CK_LOG_ERROR, "%s", t->err.msg);
        return;
    }
    g_app.detail_scans = 0;
    for (i = 0; i < r->count; i++)
        g_app.detail_scans += r->scans[i].ok;
    if (r->scan_id) {
        for (i = 0; i < r->count && r->scans[i].id != r->scan_id; i++)
            ;
        ck_cell_time(i < r->count ? r->scans[i].finished_at : 0, when, sizeof when);
        snprintf(heading, sizeof heading, "Findings of %s, scanned %s", name, when);
        ck_findingsview_show(heading, &r->findings);
    } else {
        snprintf(heading, sizeof heading, "%s", name);
        ck_findingsview_clear(heading, r->count ? L"No scan of this image succeeded yet: see the History tab."
                                                : L"This image has not been scanned yet: press F5 to scan it.");
    }
    snprintf(heading, sizeof heading, "Scans of %s: %zu", name, r->count);
    ck_historyview_show(heading, r->scans, r->count);
    r->scans = NULL;
    r->count = 0;
    update_commands();
    schedule_automation();
}

/* One scan chosen in the history: its findings. */
static void history_selection(void)
{
    int64_t ids[3];
    size_t n = ck_historyview_selected(ids, 3);
    const struct ck_scan_info *s;

    update_commands();
    if (n != 1 || !(s = ck_historyview_scan(ids[0])) || !s->ok)
        return;
    ck_start_findings(g_app.hwnd, ++g_app.gen_findings, ids[0]);
}

static void findings_done(struct ck_task *t)
{
    struct ck_findings_result *r = t->data;
    const struct ck_scan_info *s = ck_historyview_scan(r->scan_id);
    char name[600], heading[800], when[CK_CELL_MAX];

    if (t->generation != g_app.gen_findings || !s)
        return;
    if (t->status != CK_OK) {
        ck_log(CK_LOG_ERROR, "%s", t->err.msg);
        return;
    }
    display_name(s->repository ? s->repository : "", s->tag, name, sizeof name);
    ck_cell_time(s->finished_at, when, sizeof when);
    snprintf(heading, sizeof heading, "Findings of %s, scanned %s", name, when);
    ck_findingsview_show(heading, &r->findings);
    schedule_automation();
}

static void compare_scans(void)
{
    int64_t ids[3], from, to;
    size_t n = ck_historyview_selected(ids, 3);
    const struct ck_scan_info *a, *b;

    if (n != 2) {
        /* Without two chosen: the two newest successful scans. */
        n = ck_historyview_newest_ok(ids, 2);
        if (n != 2) {
            ck_gui_message(g_app.hwnd, MB_ICONINFORMATION,
                           "Comparing needs two successful scans of the image. Scan it again (F5), or choose "
                           "two scans on the History tab (Ctrl+click).");
            return;
        }
        ck_historyview_select(ids, 2);
    }
    a = ck_historyview_scan(ids[0]);
    b = ck_historyview_scan(ids[1]);
    if (!a || !b)
        return;
    /* older -> newer */
    if (a->finished_at > b->finished_at || (a->finished_at == b->finished_at && a->id > b->id)) {
        from = b->id;
        to = a->id;
    } else {
        from = a->id;
        to = b->id;
    }
    if (ck_start_compare(g_app.hwnd, ++g_app.gen_findings, from, to))
        set_status(PART_MESSAGE, "Comparing two scans...");
}

static void compare_done(struct ck_task *t)
{
    struct ck_compare_result *r = t->data;
    const struct ck_scan_info *from = ck_historyview_scan(r->from), *to = ck_historyview_scan(r->to);
    char name[600], heading[1000], w1[CK_CELL_MAX], w2[CK_CELL_MAX];

    if (t->generation != g_app.gen_findings)
        return;
    if (t->status != CK_OK) {
        set_status(PART_MESSAGE, "The comparison failed: %s", t->err.msg);
        return;
    }
    display_name(to && to->repository ? to->repository : "", to ? to->tag : "", name, sizeof name);
    ck_cell_time(from ? from->finished_at : 0, w1, sizeof w1);
    ck_cell_time(to ? to->finished_at : 0, w2, sizeof w2);
    snprintf(heading, sizeof heading, "%s: scan of %s compared with %s: %zu new, %zu fixed, %zu unchanged", name, w2,
             w1, r->cmp.added.count, r->cmp.fixed.count, r->cmp.unchanged.count);
    set_status(PART_MESSAGE, "%zu new, %zu fixed, %zu unchanged findings since %s", r->cmp.added.count,
               r->cmp.fixed.count, r->cmp.unchanged.count, w1);
    ck_findingsview_show_comparison(heading, &r->cmp);
    show_tab(TAB_FINDINGS);
}

/* ---- checks at start --------------------------------------------------------- */

static void engine_done(struct ck_task *t)
{
    static const struct ck_info_action actions[] = {{L"&Retry", IDM_TOOLS_CHECK_ENGINE},
                                                    {L"Setti&ngs...", IDM_TOOLS_SETTINGS}};
    struct ck_engine_result *r = t->data;
    char text[1024];

    if (t->generation == CK_GEN_SETTINGS_TEST) {
        ck_settings_dialog_test_done(t);
        return;
    }
    if (t->status == CK_OK) {
        g_app.engine_state = 1;
        set_status(PART_ENGINE, "%s %s (API %s)", strcmp(r->product, "Docker Desktop") ? "Docker" : r->product,
                   r->version, r->api);
        ck_infobar_set(CK_INFO_ENGINE, NULL, 0, NULL, 0);
    } else {
        g_app.engine_state = -1;
        set_status(PART_ENGINE, "%s: not reachable", r->product[0] ? r->product : "Docker engine");
        snprintf(text, sizeof text, "%s. Images cannot be pulled until it runs.", t->err.msg);
        ck_infobar_set(CK_INFO_ENGINE, text, 1, actions, 2);
    }
    layout();
}

/* "updated just now", "updated 5 min ago", "updated 3 h ago", "updated 9 days ago" */
static void format_age(int64_t seconds, char *out, size_t size)
{
    if (seconds < 120)
        snprintf(out, size, "updated just now");
    else if (seconds < 3600)
        snprintf(out, size, "updated %lld min ago", (long long)(seconds / 60));
    else if (seconds < 48 * 3600)
        snprintf(out, size, "updated %lld h ago", (long long)(seconds / 3600));
    else
        snprintf(out, size, "updated %lld days ago", (long long)(seconds / 86400));
}

static void data_done(struct ck_task *t)
{
    static const struct ck_info_action get[] = {{L"Do&wnload now", IDM_DB_UPDATE},
                                                {L"&Import a file...", IDM_DB_IMPORT}};
    static const struct ck_info_action update[] = {{L"&Update now", IDM_DB_UPDATE}};
    struct ck_data_result *r = t->data;
    char text[1024], age[48];

    if (t->status != CK_OK) {
        g_app.data_records = -1;
        set_status(PART_DATA, "Vulnerability data: unreadable");
        snprintf(text, sizeof text, "The vulnerability database cannot be read: %s", t->err.msg);
        ck_infobar_set(CK_INFO_DATA, text, 1, get, 2);
        layout();
        return;
    }
    g_app.data_records = r->records;
    g_app.data_updated = r->newest_update;
    if (r->records == 0) {
        set_status(PART_DATA, "No vulnerability data");
        ck_infobar_set(CK_INFO_DATA,
                       "No vulnerability data yet: scans find nothing without it. Download it, or import a file "
                       "on a machine without internet.",
                       1, get, 2);
    } else {
        format_age(ck_time_now() - (r->oldest_update ? r->oldest_update : r->newest_update), age, sizeof age);
        set_status(PART_DATA, "Data: %lld records, %s", (long long)r->records, age);
        if (r->stale[0])
            ck_infobar_set(CK_INFO_DATA, r->stale, 1, update, 1);
        else
            ck_infobar_set(CK_INFO_DATA, NULL, 0, NULL, 0);
    }
    layout();
}

/* ---- image lists ------------------------------------------------------------- */

static void start_list(struct ck_list_result *req, const char *what)
{
    if (!ck_start_list(g_app.hwnd, req)) {
        set_status(PART_MESSAGE, "Could not start: out of memory.");
        return;
    }
    set_status(PART_MESSAGE, "%s", what);
    show_progress(0, 0);
    update_commands();
}

static void open_list_file(void)
{
    struct ck_list_result req;
    char *path = ck_pick_open(g_app.hwnd, L"Open an image list",
                              L"Image lists (*.txt)\0*.txt\0All files (*.*)\0*.*\0", g_settings.last_list);
    char *slash;
    if (!path)
        return;
    memset(&req, 0, sizeof req);
    req.source = CK_LIST_FILE;
    req.where = path;
    slash = strrchr(path, '\\');
    if (slash) {
        *slash = '\0';
        ck_settings_set(&g_settings.last_list, path);
        *slash = '\\';
    }
    start_list(&req, "Reading the image list...");
}

static void list_done(struct ck_task *t)
{
    struct ck_list_result *r = t->data;
    if (t->status != CK_OK) {
        set_status(PART_MESSAGE, "No images added: %s", t->err.msg);
        ck_log(CK_LOG_ERROR, "%s", t->err.msg);
        ck_gui_message(g_app.hwnd, MB_ICONWARNING, "No images were added.\n\n%s", t->err.msg);
        return;
    }
    set_status(PART_MESSAGE, "%s.", r->summary);
    ck_log(CK_LOG_SUCCESS, "%s", r->summary);
    start_images(r->names, r->count);
    r->names = NULL;
    r->count = 0;
}

static void images_done(struct ck_task *t)
{
    struct ck_images_result *r = t->data;
    long current = ck_imagesview_current();
    char *repo = NULL, *tag = NULL;
    long row;

    if (t->status != CK_OK) {
        set_status(PART_MESSAGE, "The scan history could not be read: %s", t->err.msg);
        ck_log(CK_LOG_ERROR, "%s", t->err.msg);
        return;
    }
    if (t->generation != g_app.gen_images)
        return;
    /* Keep the current image current across the reload. */
    if (current >= 0) {
        const struct ck_images_row *cr = ck_images_table_row(ck_imagesview_table(), (size_t)current);
        repo = ck_text_dup(cr->repository);
        tag = ck_text_dup(cr->tag);
    }
    ck_images_table_load(ck_imagesview_table(), r->rows, r->count);
    ck_imagesview_refresh();
    /* The first reading says what there is; later ones keep the message of
     * what caused them. */
    if (!g_app.images_loaded++) {
        set_status(PART_MESSAGE, "%zu image%s in the history.", r->count, r->count == 1 ? "" : "s");
        UpdateWindow(g_app.hwnd);
        g_app.first_paint_ms = ms_since_start();
    }
    if (repo && tag && (row = ck_images_table_find(ck_imagesview_table(), repo, tag)) >= 0)
        ck_imagesview_select_row(row);
    else if (ck_imagesview_current() < 0 && ck_images_table_count(ck_imagesview_table()))
        ck_imagesview_select_row((long)ck_images_table_row_at(ck_imagesview_table(), 0));
    free(repo);
    free(tag);
    update_commands();
    schedule_automation();
}

/* ---- scans -------------------------------------------------------------------- */

static void start_scan(int all)
{
    struct ck_images_table *t = ck_imagesview_table();
    uint32_t *rows = NULL;
    size_t n, i;
    struct ck_image_name *names;

    if (g_app.scan) {
        set_status(PART_MESSAGE, "A scan is running: wait for it or cancel it (Esc).");
        return;
    }
    if (all) {
        n = ck_images_table_count(t);
        rows = malloc((n ? n : 1) * sizeof *rows);
        for (i = 0; rows && i < n; i++)
            rows[i] = ck_images_table_row_at(t, i);
    } else {
        n = ck_imagesview_selection(&rows);
    }
    if (!rows || !n) {
        free(rows);
        set_status(PART_MESSAGE, all ? "No images to scan: open an image list first (Ctrl+O)."
                                     : "Select the images to scan, or scan all of them (Ctrl+F5).");
        return;
    }
    names = calloc(n, sizeof *names);
    for (i = 0; names && i < n; i++) {
        const struct ck_images_row *r = ck_images_table_row(t, rows[i]);
        names[i].repository = ck_text_dup(r->repository);
        names[i].tag = ck_text_dup(r->tag);
        ck_images_table_set_state(t, rows[i], CK_IMAGE_QUEUED, NULL);
    }
    free(rows);
    if (!names)
        return;
    g_app.scan = ck_start_scan(g_app.hwnd, names, n);
    if (!g_app.scan) {
        set_status(PART_MESSAGE, "The scan could not start: out of memory.");
        return;
    }
    g_app.scan_total = n;
    g_app.scan_done_count = 0;
    ck_imagesview_refresh();
    set_status(PART_MESSAGE, "Scanning %zu image%s...", n, n == 1 ? "" : "s");
    show_progress(0, (long long)n);
    update_commands();
}

/* The images-table row of the job's target index. */
static long scan_row(size_t index)
{
    const struct ck_scan_result *r = g_app.scan ? g_app.scan->data : NULL;
    if (!r || index >= r->count)
        return -1;
    return ck_images_table_find(ck_imagesview_table(), r->names[index].repository, r->names[index].tag);
}

static void job_event(const struct ck_task_event *ev)
{
    const struct ck_job_note *note = ev->data;
    struct ck_images_table *t = ck_imagesview_table();
    long row = scan_row(note->index);
    char detail[256];

    switch (note->type) {
    case CK_JOB_IMAGE_STARTED:
        if (row >= 0)
            ck_images_table_set_state(t, (size_t)row, CK_IMAGE_SCANNING, "starting");
        break;
    case CK_JOB_IMAGE_STEP:
        if (row >= 0)
            ck_images_table_set_state(t, (size_t)row, CK_IMAGE_SCANNING, ev->text);
        break;
    case CK_JOB_PULL_PROGRESS:
        if (row >= 0) {
            if (note->total)
                snprintf(detail, sizeof detail, "pulling %d%%", (int)(note->current * 100 / note->total));
            else
                snprintf(detail, sizeof detail, "pulling %llu MB", (unsigned long long)(note->current >> 20));
            ck_images_table_set_state(t, (size_t)row, CK_IMAGE_SCANNING, detail);
        }
        break;
    case CK_JOB_IMAGE_DONE:
        g_app.scan_done_count++;
        show_progress((long long)g_app.scan_done_count, (long long)g_app.scan_total);
        if (row >= 0) {
            const struct ck_images_row *r = ck_images_table_row(t, (size_t)row);
            if (note->ok)
                ck_images_table_scan_done(t, (size_t)row, note->scan_id, ck_time_now(), NULL, &note->counts);
            else if (note->cancelled)
                ck_images_table_set_state(t, (size_t)row, r->has_scan ? CK_IMAGE_DONE : CK_IMAGE_NEVER, NULL);
            else
                ck_images_table_set_state(t, (size_t)row, CK_IMAGE_FAILED, ev->text);
            /* The image on show was scanned again: show the new scan. */
            if (g_app.shown_repository && !strcmp(r->repository, g_app.shown_repository) &&
                !strcmp(r->tag, g_app.shown_tag))
                load_detail();
        }
        set_status(PART_MESSAGE, "Scanned %zu of %zu...", g_app.scan_done_count, g_app.scan_total);
        break;
    case CK_JOB_FINISHED:
        set_status(PART_MESSAGE, "%s: %zu scanned, %zu failed.", note->cancelled ? "Scan cancelled" : "Scan finished",
                   note->images_ok, note->images_failed);
        break;
    default:
        break;
    }
    if (note->type == CK_JOB_IMAGE_DONE || note->type == CK_JOB_IMAGE_STARTED)
        ck_imagesview_refresh();
    else if (row >= 0)
        ck_imagesview_redraw_row((uint32_t)row);
    schedule_automation();
}

/* Queued and scanning rows go back to what the history says. */
static void settle_rows(void)
{
    struct ck_images_table *t = ck_imagesview_table();
    size_t i;
    for (i = 0; i < ck_images_table_total(t); i++) {
        const struct ck_images_row *r = ck_images_table_row(t, i);
        if (r->state == CK_IMAGE_QUEUED || r->state == CK_IMAGE_SCANNING)
            ck_images_table_set_state(t, i, r->has_scan ? CK_IMAGE_DONE : CK_IMAGE_NEVER, NULL);
    }
}

static void scan_done(struct ck_task *t)
{
    if (t == g_app.scan)
        g_app.scan = NULL;
    show_progress(0, -1);
    settle_rows();
    if (t->status != CK_OK) {
        set_status(PART_MESSAGE, "The scan could not start: %s", t->err.msg);
        ck_log(CK_LOG_ERROR, "%s", t->err.msg);
        if (!g_app.closing)
            ck_gui_message(g_app.hwnd, MB_ICONWARNING, "The scan could not start.\n\n%s", t->err.msg);
    }
    if (!g_app.closing)
        start_images(NULL, 0);
    update_commands();
}

/* ---- vulnerability data --------------------------------------------------------- */

static void update_data(void)
{
    if (ck_task_running_kind(CK_TASK_DB_UPDATE))
        return;
    if (!ck_start_db_update(g_app.hwnd)) {
        set_status(PART_MESSAGE, "The update could not start.");
        return;
    }
    set_status(PART_MESSAGE, "Updating the vulnerability data...");
    show_progress(0, 0);
    update_commands();
}

static void import_data(void)
{
    char *path = ck_pick_open(g_app.hwnd, L"Import vulnerability data",
                              L"OSV records (*.zip;*.json)\0*.zip;*.json\0All files (*.*)\0*.*\0", NULL);
    if (!path)
        return;
    if (ck_start_db_import(g_app.hwnd, path)) {
        set_status(PART_MESSAGE, "Importing %s...", path);
        show_progress(0, 0);
    }
    free(path);
    update_commands();
}

static void data_task_done(struct ck_task *t)
{
    show_progress(0, -1);
    if (t->kind == CK_TASK_DB_UPDATE) {
        struct ck_update_result *r = t->data;
        if (t->status == CK_OK)
            set_status(PART_MESSAGE, "Vulnerability data: %s.", r->summary);
        else
            set_status(PART_MESSAGE, "The update failed, the data is as before: %s", t->err.msg);
    } else {
        struct ck_import_result *r = t->data;
        if (t->status == CK_OK) {
            set_status(PART_MESSAGE, "Imported: %zu new, %zu replaced, %zu unchanged, %zu unusable records.",
                       r->added, r->replaced, r->unchanged, r->failed);
            ck_log(CK_LOG_SUCCESS, "%s", g_app.status_text[PART_MESSAGE]);
        } else {
            set_status(PART_MESSAGE, "The import failed, the data is as before: %s", t->err.msg);
            ck_log(CK_LOG_ERROR, "%s", t->err.msg);
        }
    }
    ck_start_data_check(g_app.hwnd);
    update_commands();
}

/* ---- export ---------------------------------------------------------------------- */

static void export_csv(void)
{
    struct ck_images_table *t = ck_imagesview_table();
    uint32_t *rows = NULL;
    size_t n = ck_imagesview_selection(&rows), i, k = 0;
    int64_t *ids = malloc((n ? n : 1) * sizeof *ids);
    char name[96], *path, *full = NULL;
    struct tm tm;
    int chosen = 1;

    for (i = 0; ids && i < n; i++) {
        const struct ck_images_row *r = ck_images_table_row(t, rows[i]);
        if (r->has_scan && r->state != CK_IMAGE_FAILED)
            ids[k++] = r->scan_id;
    }
    free(rows);
    ck_time_local(ck_time_now(), &tm);
    snprintf(name, sizeof name, "containerkitty-%04d%02d%02d-%02d%02d.csv", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min);
    if (g_settings.report_dir && *g_settings.report_dir)
        full = ck_path_join(g_settings.report_dir, name);
    path = ck_pick_save(g_app.hwnd, k ? L"Export the selected images' findings" : L"Export every image's findings",
                        L"CSV, the original columns (*.csv)\0*.csv\0CSV, every column (*.csv)\0*.csv\0", L"csv",
                        full ? full : name, &chosen);
    free(full);
    if (path && ck_start_export(g_app.hwnd, path, chosen == 2, ids, k)) {
        set_status(PART_MESSAGE, "Exporting to %s...", path);
        show_progress(0, 0);
    }
    free(path);
    free(ids);
}

static void export_done(struct ck_task *t)
{
    struct ck_export_result *r = t->data;
    show_progress(0, -1);
    if (t->status == CK_OK) {
        set_status(PART_MESSAGE, "Exported %zu finding%s of %zu scan%s to %s", r->findings,
                   r->findings == 1 ? "" : "s", r->scans, r->scans == 1 ? "" : "s", r->path);
        ck_log(CK_LOG_SUCCESS, "%s", g_app.status_text[PART_MESSAGE]);
    } else {
        set_status(PART_MESSAGE, "The export failed: %s", t->err.msg);
        ck_gui_message(g_app.hwnd, MB_ICONWARNING, "The export failed.\n\n%s", t->err.msg);
    }
}

/* ---- task messages --------------------------------------------------------------- */

static void on_task_done(struct ck_task *t)
{
    switch (t->kind) {
    case CK_TASK_IMAGES:
        images_done(t);
        break;
    case CK_TASK_DETAIL:
        detail_done(t);
        break;
    case CK_TASK_FINDINGS:
        findings_done(t);
        break;
    case CK_TASK_COMPARE:
        compare_done(t);
        break;
    case CK_TASK_SCAN:
        scan_done(t);
        break;
    case CK_TASK_ENGINE:
        engine_done(t);
        break;
    case CK_TASK_DATA:
        data_done(t);
        break;
    case CK_TASK_DB_UPDATE:
    case CK_TASK_DB_IMPORT:
        data_task_done(t);
        break;
    case CK_TASK_LIST:
        show_progress(0, -1);
        list_done(t);
        break;
    case CK_TASK_EXPORT:
        export_done(t);
        break;
    }
    ck_task_free(t);
    update_commands();
    schedule_automation();
    if (g_app.closing && !ck_task_running())
        DestroyWindow(g_app.hwnd);
}

static void on_task_event(struct ck_task *t, struct ck_task_event *ev)
{
    if (ev->type == CK_EVENT_JOB && t == g_app.scan)
        job_event(ev);
    else if (ev->type == CK_EVENT_PROGRESS) {
        show_progress((long long)ev->current, (long long)ev->total);
        if (ev->total)
            set_status(PART_MESSAGE, "%s: %llu of %llu", ev->text, (unsigned long long)ev->current,
                       (unsigned long long)ev->total);
        else
            set_status(PART_MESSAGE, "%s: %llu", ev->text, (unsigned long long)ev->current);
    }
    ck_task_event_free(ev);
}

/* From any thread: a log line goes to the window. */
static void log_sink(void *ctx, enum ck_log_level level, const char *line)
{
    size_t n = strlen(line);
    struct ck_log_line *l = malloc(sizeof *l + n);
    if (!l)
        return;
    l->level = level;
    memcpy(l->text, line, n + 1);
    ck_post_payload((HWND)ctx, WM_CK_LOG, 0, l, free);
}

/* ---- commands ------------------------------------------------------------------------ */

static void cancel_work(void)
{
    HWND focus = GetFocus();
    wchar_t cls[16];

    if (g_app.scan || ck_task_running_kind(CK_TASK_DB_UPDATE) || ck_task_running_kind(CK_TASK_LIST) ||
        ck_task_running_kind(CK_TASK_DB_IMPORT)) {
        ck_task_cancel_all(0);
        set_status(PART_MESSAGE, "Cancelling...");
        return;
    }
    /* Nothing to cancel: Esc in a filter box empties it. */
    if (focus && GetClassNameW(focus, cls, 16) && !lstrcmpiW(cls, L"Edit") &&
        !(GetWindowLongPtrW(focus, GWL_STYLE) & ES_READONLY))
        SetWindowTextW(focus, L"");
}

static void on_panel_command(WORD id, WORD code);

static void on_command(WORD id)
{
    struct ck_list_result req;

    switch (id) {
    case IDOK:
        /* Enter, turned into IDOK by the dialog navigation of the message
         * loop: on the images list it opens the image's findings. */
        if (GetFocus() == ck_imagesview_list())
            on_panel_command(ID_IMAGES, CKN_ACTIVATE);
        break;
    case IDM_FILE_OPEN_LIST:
        open_list_file();
        break;
    case IDM_FILE_ADD_TARGET:
        if (ck_target_dialog(g_app.hwnd, &req))
            start_list(&req, "Adding...");
        break;
    case IDM_FILE_EXPORT_CSV:
        export_csv();
        break;
    case IDM_FILE_EXIT:
        PostMessageW(g_app.hwnd, WM_CLOSE, 0, 0);
        break;
    case IDM_LIST_GITLAB:
        if (ck_gitlab_dialog(g_app.hwnd, &req))
            start_list(&req, "Listing the images of GitLab...");
        break;
    case IDM_LIST_REGISTRY:
        if (ck_registry_dialog(g_app.hwnd, &req))
            start_list(&req, "Listing the images of the registry...");
        break;
    case IDM_LIST_LOCAL:
        memset(&req, 0, sizeof req);
        req.source = CK_LIST_LOCAL;
        req.where = ck_text_dup(g_settings.docker_host ? g_settings.docker_host : "");
        start_list(&req, "Listing the images of the local Docker engine...");
        break;
    case IDM_SCAN_SELECTED:
        start_scan(0);
        break;
    case IDM_SCAN_ALL:
        start_scan(1);
        break;
    case IDM_SCAN_CANCEL:
        cancel_work();
        break;
    case IDM_SCAN_COMPARE:
        compare_scans();
        break;
    case IDM_DB_UPDATE:
        update_data();
        break;
    case IDM_DB_IMPORT:
        import_data();
        break;
    case IDM_TOOLS_CHECK_ENGINE:
        set_status(PART_ENGINE, "Docker: checking...");
        ck_start_engine_check(g_app.hwnd, 0, g_settings.docker_host);
        break;
    case IDM_TOOLS_SETTINGS: {
        char *host = ck_text_dup(g_settings.docker_host), *db = ck_vulndb_path_of_settings();
        if (ck_settings_dialog(g_app.hwnd)) {
            char *db2 = ck_vulndb_path_of_settings();
            if (!host || strcmp(host, g_settings.docker_host))
                ck_start_engine_check(g_app.hwnd, 0, g_settings.docker_host);
            if (!db || !db2 || strcmp(db, db2))
                ck_start_data_check(g_app.hwnd);
            free(db2);
        }
        free(host);
        free(db);
        break;
    }
    case IDM_HELP_ABOUT:
        ck_about_show(g_app.hwnd);
        break;
    case IDM_VIEW_FILTER:
        ck_imagesview_focus_filter();
        break;
    case IDM_VIEW_FILTER_FINDINGS:
        show_tab(TAB_FINDINGS);
        ck_findingsview_focus_filter();
        break;
    case IDM_VIEW_FINDINGS:
        show_tab(TAB_FINDINGS);
        ck_findingsview_focus_list();
        break;
    case IDM_VIEW_HISTORY:
        show_tab(TAB_HISTORY);
        ck_historyview_focus_list();
        break;
    case IDM_VIEW_LOG:
        show_tab(TAB_LOG);
        SetFocus(g_app.panels[TAB_LOG]);
        break;
    case IDM_VIEW_REFRESH:
        start_images(NULL, 0);
        load_detail();
        ck_start_data_check(g_app.hwnd);
        break;
    }
    update_commands();
}

static void on_panel_command(WORD id, WORD code)
{
    if (id == ID_IMAGES && code == CKN_SELCHANGE) {
        SetTimer(g_app.hwnd, TIMER_SELECT, 120, NULL);
        update_commands();
    } else if (id == ID_IMAGES && code == CKN_ACTIVATE) {
        show_tab(TAB_FINDINGS);
        ck_findingsview_focus_list();
    } else if (id == ID_HISTORY && code == CKN_SELCHANGE) {
        history_selection();
    } else if (id == ID_HISTORY && code == CKN_ACTIVATE) {
        show_tab(TAB_FINDINGS);
    }
}

/* ---- window ---------------------------------------------------------------------------- */

static LRESULT on_create(HWND hwnd)
{
    static const wchar_t *const tab_names[TAB_COUNT] = {L"Findings", L"History", L"Log"};
    TCITEMW item;
    int i;

    g_app.hwnd = hwnd;
    g_app.dpi = ck_dpi_of(hwnd);
    g_app.split96 = g_settings.split96 > 0 ? g_settings.split96 : 260;
    g_app.data_records = -1;
    g_app.first_paint_ms = -1;
    g_app.toolbar = ck_toolbar_create(hwnd, ID_TOOLBAR);
    g_app.infobar = ck_infobar_create(hwnd, ID_INFOBAR);
    g_app.images = ck_imagesview_create(hwnd, ID_IMAGES, g_settings.image_cols);
    g_app.tabs = CreateWindowExW(0, WC_TABCONTROLW, L"", WS_CHILD | WS_VISIBLE | WS_CLIPSIBLINGS | WS_TABSTOP, 0, 0,
                                 0, 0, hwnd, (HMENU)(INT_PTR)ID_TABS, g_instance, NULL);
    g_app.panels[TAB_FINDINGS] = ck_findingsview_create(hwnd, ID_FINDINGS, g_settings.finding_cols,
                                                        g_settings.detail96);
    g_app.panels[TAB_HISTORY] = ck_historyview_create(hwnd, ID_HISTORY, g_settings.scan_cols);
    g_app.panels[TAB_LOG] = ck_logpane_create(hwnd, ID_LOG);
    g_app.status = CreateWindowExW(0, STATUSCLASSNAMEW, NULL, WS_CHILD | WS_VISIBLE | SBARS_SIZEGRIP, 0, 0, 0, 0, hwnd,
                                   (HMENU)(INT_PTR)ID_STATUS, g_instance, NULL);
    if (!g_app.toolbar || !g_app.infobar || !g_app.images || !g_app.tabs || !g_app.panels[0] || !g_app.panels[1] ||
        !g_app.panels[2] || !g_app.status)
        return -1;
    g_app.progress = CreateWindowExW(0, PROGRESS_CLASSW, NULL, WS_CHILD, 0, 0, 0, 0, g_app.status,
                                     (HMENU)(INT_PTR)ID_PROGRESS, g_instance, NULL);
    for (i = 0; i < TAB_COUNT; i++) {
        memset(&item, 0, sizeof item);
        item.mask = TCIF_TEXT;
        item.pszText = (LPWSTR)tab_names[i];
        TabCtrl_InsertItem(g_app.tabs, i, &item);
    }
    apply_font();
    show_tab(g_settings.tab);
    ck_findingsview_clear("", NULL);
    ck_historyview_clear("", NULL);
    set_status(PART_MESSAGE, "Reading the scan history...");
    set_status(PART_ENGINE, "Docker: checking...");
    set_status(PART_DATA, "Vulnerability data: checking...");

    ck_log_set_console(0);
    ck_log_set_sink(log_sink, hwnd);
    ck_log(CK_LOG_INFO, "ContainerKitty started");

    /* First start explains itself: engine, data and the images, all checked
     * in the background. */
    start_images(NULL, 0);
    ck_start_engine_check(hwnd, 0, g_settings.docker_host);
    ck_start_data_check(hwnd);
    update_commands();
    if (g_app.automation)
        SetTimer(hwnd, TIMER_AUTOMATION_TICK, 1000, NULL);
    return 0;
}

static void save_settings(void)
{
    WINDOWPLACEMENT wp = {sizeof wp};
    int dpi = g_app.dpi;
    if (GetWindowPlacement(g_app.hwnd, &wp)) {
        g_settings.x = wp.rcNormalPosition.left;
        g_settings.y = wp.rcNormalPosition.top;
        g_settings.w = ck_dpi_unscale(wp.rcNormalPosition.right - wp.rcNormalPosition.left, dpi);
        g_settings.h = ck_dpi_unscale(wp.rcNormalPosition.bottom - wp.rcNormalPosition.top, dpi);
        g_settings.maximized = wp.showCmd == SW_SHOWMAXIMIZED;
    }
    g_settings.split96 = g_app.split96;
    g_settings.tab = TabCtrl_GetCurSel(g_app.tabs);
    ck_imagesview_widths(g_settings.image_cols);
    ck_findingsview_widths(g_settings.finding_cols, &g_settings.detail96);
    ck_historyview_widths(g_settings.scan_cols);
    ck_settings_save();
}

static void on_close(void)
{
    if (g_app.closing)
        return;
    if (g_app.scan &&
        ck_gui_message(g_app.hwnd, MB_ICONQUESTION | MB_YESNO | MB_DEFBUTTON2,
                       "A scan is running. Stop it and close ContainerKitty?\n\n"
                       "Images already scanned are kept in the history; the images in progress are not.") != IDYES)
        return;
    save_settings();
    g_app.closing = 1;
    if (!ck_task_running()) {
        DestroyWindow(g_app.hwnd);
        return;
    }
    ck_task_cancel_all(0);
    set_status(PART_MESSAGE, "Stopping...");
    EnableWindow(g_app.hwnd, FALSE);
}

static void on_dpichanged(WPARAM wp, const RECT *suggested)
{
    int old = g_app.dpi;
    g_app.dpi = HIWORD(wp);
    apply_font();
    ck_toolbar_set_dpi(g_app.toolbar, g_app.dpi);
    /* Column widths follow the DPI as the fonts do. */
    ck_imagesview_rescale(old, g_app.dpi);
    ck_findingsview_rescale(old, g_app.dpi);
    ck_historyview_rescale(old, g_app.dpi);
    SetWindowPos(g_app.hwnd, NULL, suggested->left, suggested->top, suggested->right - suggested->left,
                 suggested->bottom - suggested->top, SWP_NOZORDER | SWP_NOACTIVATE);
    layout();
}

static LRESULT CALLBACK main_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    POINT pt;
    int pos;

    switch (msg) {
    case WM_CREATE:
        return on_create(hwnd);
    case WM_SIZE:
        layout();
        return 0;
    case WM_GETMINMAXINFO: {
        MINMAXINFO *mm = (MINMAXINFO *)lp;
        int dpi = g_app.dpi ? g_app.dpi : ck_dpi_of(hwnd);
        mm->ptMinTrackSize.x = ck_dpi_scale(640, dpi);
        mm->ptMinTrackSize.y = ck_dpi_scale(480, dpi);
        return 0;
    }
    case WM_DPICHANGED:
        on_dpichanged(wp, (const RECT *)lp);
        return 0;
    case WM_SETTINGCHANGE:
    case WM_SYSCOLORCHANGE:
        /* The message font or high contrast may have changed. */
        apply_font();
        layout();
        InvalidateRect(hwnd, NULL, TRUE);
        break;
    case WM_COMMAND:
        if (lp && (HIWORD(wp) == CKN_SELCHANGE || HIWORD(wp) == CKN_ACTIVATE))
            on_panel_command(LOWORD(wp), HIWORD(wp));
        else if (!lp || (HWND)lp == g_app.toolbar)
            on_command(LOWORD(wp));
        return 0;
    case WM_NOTIFY: {
        NMHDR *nm = (NMHDR *)lp;
        if (nm->idFrom == ID_TABS && nm->code == TCN_SELCHANGE)
            show_tab(TabCtrl_GetCurSel(g_app.tabs));
        else if (nm->code == TTN_GETDISPINFOW) {
            NMTTDISPINFOW *di = (NMTTDISPINFOW *)lp;
            const wchar_t *tip = ck_toolbar_tip((int)nm->idFrom);
            if (tip)
                di->lpszText = (LPWSTR)tip;
        }
        return 0;
    }
    case WM_SETCURSOR:
        if ((HWND)wp == hwnd && LOWORD(lp) == HTCLIENT && ck_splitter_cursor(&g_app.split, hwnd))
            return TRUE;
        break;
    case WM_LBUTTONDOWN:
        pt.x = (short)LOWORD(lp);
        pt.y = (short)HIWORD(lp);
        ck_splitter_down(&g_app.split, hwnd, pt);
        return 0;
    case WM_MOUSEMOVE:
        pt.x = (short)LOWORD(lp);
        pt.y = (short)HIWORD(lp);
        if (ck_splitter_move(&g_app.split, pt, &pos)) {
            RECT ir;
            GetWindowRect(g_app.images, &ir);
            MapWindowPoints(NULL, hwnd, (POINT *)&ir, 2);
            g_app.split96 = ck_dpi_unscale(pos - ir.top, g_app.dpi);
            layout();
        }
        return 0;
    case WM_LBUTTONUP:
    case WM_CAPTURECHANGED:
        ck_splitter_up(&g_app.split);
        return 0;
    case WM_TIMER:
        if (wp == TIMER_AUTOMATION_TICK) {
            write_automation();
            return 0;
        }
        KillTimer(hwnd, wp);
        if (wp == TIMER_SELECT)
            load_detail();
        else if (wp == TIMER_AUTOMATION)
            write_automation();
        return 0;
    case WM_INITMENUPOPUP:
        update_commands();
        break;
    case WM_CK_TASK_DONE:
        on_task_done((struct ck_task *)lp);
        return 0;
    case WM_CK_TASK_EVENT:
        on_task_event((struct ck_task *)wp, (struct ck_task_event *)lp);
        return 0;
    case WM_CK_LOG: {
        struct ck_log_line *l = (struct ck_log_line *)lp;
        ck_logpane_append(l->level, l->text);
        free(l);
        schedule_automation();
        return 0;
    }
    case WM_CK_AUTOMATION:
        write_automation();
        return 0;
    case WM_CTLCOLORSTATIC:
        /* The read-only log reads as a document, on the window colour. */
        if ((HWND)lp == g_app.panels[TAB_LOG]) {
            SetBkColor((HDC)wp, GetSysColor(COLOR_WINDOW));
            SetTextColor((HDC)wp, GetSysColor(COLOR_WINDOWTEXT));
            return (LRESULT)GetSysColorBrush(COLOR_WINDOW);
        }
        break;
    case WM_CLOSE:
        on_close();
        return 0;
    case WM_SETFOCUS:
        SetFocus(g_app.images);
        return 0;
    case WM_DESTROY:
        ck_log_set_sink(NULL, NULL);
        set_shown(NULL, NULL);
        if (g_app.font)
            DeleteObject(g_app.font);
        g_app.font = NULL;
        PostQuitMessage(0);
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

void ck_mainwnd_set_automation(const wchar_t *path)
{
    size_t n;
    free(g_app.automation);
    g_app.automation = NULL;
    if (!path || !*path)
        return;
    n = wcslen(path) + 1;
    g_app.automation = malloc(n * sizeof *path);
    if (g_app.automation)
        memcpy(g_app.automation, path, n * sizeof *path);
}

BOOL ck_mainwnd_register(void)
{
    WNDCLASSEXW wc = {sizeof wc};
    wc.lpfnWndProc = main_proc;
    wc.hInstance = g_instance;
    wc.hIcon = LoadIconW(g_instance, MAKEINTRESOURCEW(IDI_APP));
    wc.hIconSm = (HICON)LoadImageW(g_instance, MAKEINTRESOURCEW(IDI_APP), IMAGE_ICON, GetSystemMetrics(SM_CXSMICON),
                                   GetSystemMetrics(SM_CYSMICON), 0);
    wc.hCursor = LoadCursorW(NULL, (LPCWSTR)IDC_ARROW);
    wc.hbrBackground = (HBRUSH)(COLOR_BTNFACE + 1);
    wc.lpszMenuName = MAKEINTRESOURCEW(IDR_MAINMENU);
    wc.lpszClassName = CK_MAIN_CLASS;
    return RegisterClassExW(&wc) != 0;
}

/* A window larger than the screen's work area (a saved size at a higher
 * DPI, a small screen) is shrunk to fit and centred. */
static void fit_work_area(int *x, int *y, int *w, int *h)
{
    RECT work;
    if (!SystemParametersInfoW(SPI_GETWORKAREA, 0, &work, 0))
        return;
    if (*w > work.right - work.left || *h > work.bottom - work.top) {
        *w = *w > work.right - work.left ? (work.right - work.left) * 95 / 100 : *w;
        *h = *h > work.bottom - work.top ? (work.bottom - work.top) * 95 / 100 : *h;
        *x = work.left + (work.right - work.left - *w) / 2;
        *y = work.top + (work.bottom - work.top - *h) / 2;
    }
}

HWND ck_mainwnd_create(int show)
{
    int dpi = ck_dpi_of(NULL);
    int x = CW_USEDEFAULT, y = CW_USEDEFAULT, w = ck_dpi_scale(1100, dpi), h = ck_dpi_scale(720, dpi);
    HWND hwnd;

    if (g_settings.w > 0 && g_settings.h > 0) {
        RECT want, screen;
        SetRect(&want, g_settings.x, g_settings.y, g_settings.x + ck_dpi_scale(g_settings.w, dpi),
                g_settings.y + ck_dpi_scale(g_settings.h, dpi));
        /* Only where a screen still shows it. */
        SetRect(&screen, GetSystemMetrics(SM_XVIRTUALSCREEN), GetSystemMetrics(SM_YVIRTUALSCREEN),
                GetSystemMetrics(SM_XVIRTUALSCREEN) + GetSystemMetrics(SM_CXVIRTUALSCREEN),
                GetSystemMetrics(SM_YVIRTUALSCREEN) + GetSystemMetrics(SM_CYVIRTUALSCREEN));
        if (IntersectRect(&screen, &screen, &want) && screen.right - screen.left > 100 &&
            screen.bottom - screen.top > 100) {
            x = want.left;
            y = want.top;
            w = want.right - want.left;
            h = want.bottom - want.top;
        }
    }
    fit_work_area(&x, &y, &w, &h);
    hwnd = CreateWindowExW(0, CK_MAIN_CLASS, CK_MAIN_TITLE, WS_OVERLAPPEDWINDOW | WS_CLIPCHILDREN, x, y, w, h, NULL,
                           NULL, g_instance, NULL);
    if (hwnd) {
        ShowWindow(hwnd, g_settings.maximized && show == SW_SHOWNORMAL ? SW_SHOWMAXIMIZED : show);
        UpdateWindow(hwnd);
    }
    return hwnd;
}
