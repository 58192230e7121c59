/* The main window's CSV export: the selected images' latest scans, or
 * every image's when none is selected (see mainwnd.h). */
#include "win/mainwnd.h"

#include <stdlib.h>

#include "win/dialogs.h"
#include "win/imagesview.h"
#include "win/settings.h"

/* The latest successful scans of the selected images (malloc'd into *ids;
 * NULL out of memory); their count. */
static size_t selected_scans(int64_t **ids)
{
    struct ck_images_table *t = ck_imagesview_table();
    uint32_t *rows = NULL;
    size_t n = ck_imagesview_selection(&rows), i, k = 0;

    *ids = malloc((n ? n : 1) * sizeof **ids);
    for (i = 0; *ids && i < n; i++) {
        const struct ck_images_row *r = ck_images_table_row(t, rows[i]);
        if (r->has_scan && r->state != CK_IMAGE_FAILED)
            (*ids)[k++] = r->scan_id;
    }
    free(rows);
    return k;
}

/* "containerkitty-20240131-0915.csv" */
static void default_name(char *out, size_t size)
{
    struct tm tm;
    ck_time_local(ck_time_now(), &tm);
    snprintf(out, size, "containerkitty-%04d%02d%02d-%02d%02d.csv", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min);
}

void ck_mainwnd_export_csv(void)
{
    int64_t *ids;
    size_t k = selected_scans(&ids);
    char name[96], *path, *full = NULL;
    int chosen = 1;

    default_name(name, sizeof name);
    if (g_settings.report_dir && *g_settings.report_dir)
        full = ck_path_join(g_settings.report_dir, name);
    /* The triage and priority columns follow the preset's own, which stay as they are. */
    path = ck_pick_save(g_main.hwnd, k ? L"Export the selected images' findings" : L"Export every image's findings",
                        L"CSV, the original columns with triage and priority (*.csv)\0*.csv\0"
                        L"CSV, every column with triage and priority (*.csv)\0*.csv\0"
                        L"CSV, the original columns only (*.csv)\0*.csv\0"
                        L"CSV, every column without the review (*.csv)\0*.csv\0",
                        L"csv", full ? full : name, &chosen);
    free(full);
    if (path && ck_start_export(g_main.hwnd, path, chosen == 2 || chosen == 4, chosen <= 2, ids, k)) {
        ck_mainwnd_status(PART_MESSAGE, "Exporting to %s...", path);
        ck_mainwnd_progress(0, 0);
    }
    free(path);
    free(ids);
}

void ck_mainwnd_export_done(struct ck_task *t)
{
    struct ck_gui_export_result *r = t->data;
    ck_mainwnd_progress(0, -1);
    if (t->status == CK_OK) {
        ck_mainwnd_status(PART_MESSAGE, "Exported %zu finding%s of %zu scan%s to %s", r->findings,
                          r->findings == 1 ? "" : "s", r->scans, r->scans == 1 ? "" : "s", r->path);
        ck_log(CK_LOG_SUCCESS, "%s", ck_mainwnd_status_text(PART_MESSAGE));
    } else {
        ck_mainwnd_status(PART_MESSAGE, "The export failed: %s", t->err.msg);
        ck_gui_message(g_main.hwnd, MB_ICONWARNING, "The export failed.\n\n%s", t->err.msg);
    }
}
