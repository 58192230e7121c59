/* The workers' messages to the main window: each task's end goes to what
 * started it, and a task's events to what shows them (see mainwnd.h). */
#include "win/mainwnd.h"

static void dispatch_done(struct ck_task *t)
{
    switch (t->kind) {
    case CK_TASK_IMAGES:
        ck_mainwnd_images_done(t);
        break;
    case CK_TASK_DETAIL:
        ck_mainwnd_detail_done(t);
        break;
    case CK_TASK_FINDINGS:
        ck_mainwnd_findings_done(t);
        break;
    case CK_TASK_COMPARE:
        ck_mainwnd_compare_done(t);
        break;
    case CK_TASK_SCAN:
        ck_mainwnd_scan_done(t);
        break;
    case CK_TASK_ENGINE:
        ck_mainwnd_engine_done(t);
        break;
    case CK_TASK_DATA:
        ck_mainwnd_data_done(t);
        break;
    case CK_TASK_DB_UPDATE:
    case CK_TASK_DB_IMPORT:
        ck_mainwnd_data_task_done(t);
        break;
    case CK_TASK_LIST:
        ck_mainwnd_list_done(t);
        break;
    case CK_TASK_EXPORT:
        ck_mainwnd_export_done(t);
        break;
    case CK_TASK_INVENTORY:
        ck_mainwnd_inventory_done(t);
        break;
    case CK_TASK_CHANGES:
        ck_mainwnd_changes_done(t);
        break;
    }
}

void ck_mainwnd_task_done(struct ck_task *t)
{
    dispatch_done(t);
    ck_task_free(t);
    ck_mainwnd_update_commands();
    ck_mainwnd_schedule_automation();
    /* Closing waits for the last task's end. */
    if (g_main.closing && !ck_task_running())
        DestroyWindow(g_main.hwnd);
}

/* A download's or an import's progress: "what: current of total". */
static void show_task_progress(const struct ck_task_event *ev)
{
    ck_mainwnd_progress((long long)ev->current, (long long)ev->total);
    if (ev->total)
        ck_mainwnd_status(PART_MESSAGE, "%s: %llu of %llu", ev->text, (unsigned long long)ev->current,
                          (unsigned long long)ev->total);
    else
        ck_mainwnd_status(PART_MESSAGE, "%s: %llu", ev->text, (unsigned long long)ev->current);
}

void ck_mainwnd_task_event(struct ck_task *t, struct ck_task_event *ev)
{
    if (ev->type == CK_EVENT_JOB && t == ck_mainwnd_scan_task())
        ck_mainwnd_job_event(ev);
    else if (ev->type == CK_EVENT_PROGRESS)
        show_task_progress(ev);
    ck_task_event_free(ev);
}
