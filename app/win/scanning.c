/* The main window's scan: the images it takes, what its job reports on
 * each (queued, pulling, scanning, done or failed), and its end (see
 * mainwnd.h). */
#include "win/mainwnd.h"

#include <stdlib.h>
#include <string.h>

#include "win/imagesview.h"
#include "util/text.h"

static struct {
    struct ck_task *task;  /* the running scan, NULL when none */
    size_t done, total;    /* images finished of the scan's */
    int64_t started;       /* when the job began: what it changed is since then */
} g_scan;

BOOL ck_mainwnd_scanning(void)
{
    return g_scan.task != NULL;
}

const struct ck_task *ck_mainwnd_scan_task(void)
{
    return g_scan.task;
}

/* The rows to scan (malloc'd into *rows): every listed one, or the
 * selected ones; their count. */
static size_t rows_to_scan(int all, uint32_t **rows)
{
    struct ck_images_table *t = ck_imagesview_table();
    size_t n, i;
    if (!all)
        return ck_imagesview_selection(rows);
    n = ck_images_table_count(t);
    *rows = malloc((n ? n : 1) * sizeof **rows);
    for (i = 0; *rows && i < n; i++)
        (*rows)[i] = ck_images_table_row_at(t, i);
    return n;
}

/* The history's names of the rows, which show as queued from now on. */
static struct ck_gui_image_name *queue_rows(const uint32_t *rows, size_t n)
{
    struct ck_images_table *t = ck_imagesview_table();
    struct ck_gui_image_name *names = calloc(n, sizeof *names);
    size_t i;
    for (i = 0; names && i < n; i++) {
        const struct ck_images_row *r = ck_images_table_row(t, rows[i]);
        names[i].repository = ck_text_dup(r->repository);
        names[i].tag = ck_text_dup(r->tag);
        ck_images_table_set_state(t, rows[i], CK_IMAGE_QUEUED, NULL);
    }
    return names;
}

void ck_mainwnd_start_scan(int all, int read_again)
{
    uint32_t *rows = NULL;
    size_t n, i;
    struct ck_gui_image_name *names;

    if (g_scan.task) {
        ck_mainwnd_status(PART_MESSAGE, "A scan is running: wait for it or cancel it (Scan > Cancel the running work).");
        return;
    }
    n = rows_to_scan(all, &rows);
    if (!rows || !n) {
        free(rows);
        ck_mainwnd_status(PART_MESSAGE, all ? "No images to scan: open an image list first (Ctrl+O)."
                                            : "Select the images to scan, or scan all of them (Ctrl+F5).");
        return;
    }
    names = queue_rows(rows, n);
    free(rows);
    if (!names)
        return;
    for (i = 0; i < n; i++) /* images Docker listed itself are never pulled */
        names[i].local = ck_mainwnd_listed_locally(names[i].repository, names[i].tag);
    g_scan.task = ck_start_scan(g_main.hwnd, names, n, read_again);
    if (!g_scan.task) {
        ck_mainwnd_status(PART_MESSAGE, "The scan could not start: out of memory.");
        return;
    }
    g_scan.total = n;
    g_scan.done = 0;
    g_scan.started = ck_time_now();
    ck_imagesview_refresh();
    ck_mainwnd_status(PART_MESSAGE, "Scanning %zu image%s...", n, n == 1 ? "" : "s");
    ck_mainwnd_progress(0, (long long)n);
    ck_mainwnd_update_commands();
}

/* The images-table row of the job's target index. */
static long scan_row(size_t index)
{
    const struct ck_gui_scan_result *r = g_scan.task ? g_scan.task->data : NULL;
    if (!r || index >= r->count)
        return -1;
    return ck_images_table_find(ck_imagesview_table(), r->names[index].repository, r->names[index].tag);
}

static void pull_progress(long row, const struct ck_gui_job_note *note)
{
    char detail[256];
    if (note->total)
        snprintf(detail, sizeof detail, "pulling %d%%", (int)(note->current * 100 / note->total));
    else
        snprintf(detail, sizeof detail, "pulling %llu MB", (unsigned long long)(note->current >> 20));
    ck_images_table_set_state(ck_imagesview_table(), (size_t)row, CK_IMAGE_SCANNING, detail);
}

/* An image's scan ended: its row says how, and the tabs show the new scan
 * when they show this image. */
static void image_done(long row, const struct ck_gui_job_note *note, const char *why)
{
    struct ck_images_table *t = ck_imagesview_table();
    const struct ck_images_row *r;

    g_scan.done++;
    ck_mainwnd_progress((long long)g_scan.done, (long long)g_scan.total);
    if (row >= 0) {
        r = ck_images_table_row(t, (size_t)row);
        if (note->ok)
            ck_images_table_scan_done(t, (size_t)row, note->scan_id, ck_time_now(), NULL, &note->counts,
                                      note->not_assessed ? note->not_assessed_text : NULL);
        else if (note->cancelled)
            ck_images_table_set_state(t, (size_t)row, r->has_scan ? CK_IMAGE_DONE : CK_IMAGE_NEVER, NULL);
        else
            ck_images_table_set_state(t, (size_t)row, CK_IMAGE_FAILED, why);
        ck_mainwnd_show_unassessed();
        if (ck_mainwnd_is_shown(r->repository, r->tag))
            ck_mainwnd_load_detail();
    }
    ck_mainwnd_status(PART_MESSAGE, "Scanned %zu of %zu...", g_scan.done, g_scan.total);
}

void ck_mainwnd_job_event(const struct ck_task_event *ev)
{
    const struct ck_gui_job_note *note = ev->data;
    struct ck_images_table *t = ck_imagesview_table();
    long row = scan_row(note->index);

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
        if (row >= 0)
            pull_progress(row, note);
        break;
    case CK_JOB_IMAGE_DONE:
        image_done(row, note, ev->text);
        break;
    case CK_JOB_FINISHED:
        ck_mainwnd_status(PART_MESSAGE, "%s: %zu scanned, %zu failed.",
                          note->cancelled ? "Scan cancelled" : "Scan finished", note->images_ok,
                          note->images_failed);
        break;
    default:
        break;
    }
    /* A row that starts or ends may move in the sorted list. */
    if (note->type == CK_JOB_IMAGE_DONE || note->type == CK_JOB_IMAGE_STARTED)
        ck_imagesview_refresh();
    else if (row >= 0)
        ck_imagesview_redraw_row((uint32_t)row);
    ck_mainwnd_schedule_automation();
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

void ck_mainwnd_scan_done(struct ck_task *t)
{
    if (t == g_scan.task)
        g_scan.task = NULL;
    ck_mainwnd_progress(0, -1);
    settle_rows();
    if (t->status != CK_OK) {
        ck_mainwnd_status(PART_MESSAGE, "The scan could not start: %s", t->err.msg);
        ck_log(CK_LOG_ERROR, "%s", t->err.msg);
        if (!g_main.closing)
            ck_gui_message(g_main.hwnd, MB_ICONWARNING, "The scan could not start.\n\n%s", t->err.msg);
    }
    if (!g_main.closing)
        ck_mainwnd_read_images(NULL, 0);
    if (!g_main.closing && t->status == CK_OK && g_scan.done)
        ck_mainwnd_changes_after_scan(g_scan.started);
    ck_mainwnd_update_commands();
}
