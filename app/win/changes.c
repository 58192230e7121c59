/* What changed across the fleet, in the main window: after a data update
 * (which re-matches first) and after each scan job, a line in the
 * information bar ("Since the data update at 08:12: 31 new findings in 9
 * images [What changed...]"), and View > What changed (see mainwnd.h). */
#include "win/mainwnd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resource.h"
#include "win/dialogs.h"
#include "win/infobar.h"

/* The last re-match's changes, for the information bar's button. */
static struct {
    struct ck_changes changes;
    char since_what[96];
    int have;
} g_last;

static void keep(struct ck_gui_changes_result *r, const char *since_what)
{
    ck_changes_release(&g_last.changes);
    g_last.changes = r->changes;
    ck_changes_init(&r->changes);
    snprintf(g_last.since_what, sizeof g_last.since_what, "%s", since_what);
    g_last.have = 1;
}

void ck_mainwnd_rematch_after_update(void)
{
    /* the status bar keeps the update's own line; the log and the bar say the rest */
    if (!ck_start_changes(g_main.hwnd, CK_CHANGES_AFTER_UPDATE, 0))
        ck_log(CK_LOG_ERROR, "The re-match could not start: out of memory.");
}

void ck_mainwnd_changes_after_scan(int64_t job_started)
{
    if (!ck_start_changes(g_main.hwnd, CK_CHANGES_AFTER_SCAN, job_started))
        ck_log(CK_LOG_ERROR, "What the scan changed could not be read: out of memory.");
}

void ck_mainwnd_what_changed(void)
{
    if (g_last.have) {
        ck_changes_dialog(g_main.hwnd, &g_last.changes, g_last.since_what);
        return;
    }
    if (!ck_start_changes(g_main.hwnd, CK_CHANGES_LAST_DAY, 0))
        ck_mainwnd_status(PART_MESSAGE, "What changed could not be read: out of memory.");
}

/* "Since the data update at 08:12: 31 new findings in 9 images, 2 fixed." or,
 * after a scan job, "Since the scan job at 09:40: no new findings, 2 fixed." */
static void say_in_infobar(const struct ck_changes *c, const char *since_what)
{
    static const struct ck_info_action open[] = {{L"&What changed...", IDM_VIEW_CHANGES}};
    char text[600], when[64];
    size_t i, news = 0, fixed = 0, images = 0, last = (size_t)-1;
    struct tm tm;

    for (i = 0; i < c->count; i++) {
        if (c->items[i].kind == CK_CHANGE_NEW) {
            news++;
            if (c->items[i].image != last)
                images++;
            last = c->items[i].image;
        } else if (c->items[i].kind == CK_CHANGE_FIXED) {
            fixed++;
        }
    }
    ck_time_local(c->since, &tm);
    strftime(when, sizeof when, "%H:%M", &tm);
    if (!c->count) {
        ck_infobar_set(CK_INFO_CHANGES, NULL, 0, NULL, 0);
        ck_log(CK_LOG_INFO, "Since %s at %s: nothing changed in %zu images.", since_what, when, c->images_compared);
        return;
    }
    if (news)
        snprintf(text, sizeof text, "Since %s at %s: %zu new finding%s in %zu image%s, %zu fixed.", since_what, when,
                 news, news == 1 ? "" : "s", images, images == 1 ? "" : "s", fixed);
    else
        snprintf(text, sizeof text, "Since %s at %s: no new findings, %zu fixed.", since_what, when, fixed);
    ck_infobar_set(CK_INFO_CHANGES, text, news > 0, open, 1);
    ck_mainwnd_layout();
}

void ck_mainwnd_changes_done(struct ck_task *t)
{
    struct ck_gui_changes_result *r = t->data;

    if (t->status != CK_OK) {
        ck_mainwnd_status(PART_MESSAGE, "What changed could not be read: %s", t->err.msg);
        ck_log(CK_LOG_ERROR, "%s", t->err.msg);
        return;
    }
    if (r->moment == CK_CHANGES_LAST_DAY) {
        ck_changes_dialog(g_main.hwnd, &r->changes, r->since_what);
        return;
    }
    keep(r, r->since_what);
    say_in_infobar(&g_last.changes, g_last.since_what);
    if (r->moment == CK_CHANGES_AFTER_UPDATE) {
        if (r->rematched.images_failed)
            ck_log(CK_LOG_WARN, "%zu images could not be re-matched", r->rematched.images_failed);
        ck_mainwnd_read_images(NULL, 0); /* the counts are those of the re-match now */
    }
}
