/* The background work of the window, one starter per kind of task. Each
 * starter copies what it needs (settings included), starts a task
 * (worker.h) and returns it, or NULL when it could not start (then nothing
 * is posted). The results are in the task's data, read on WM_CK_TASK_DONE:
 * cast t->data to the struct named for its kind. */
#ifndef CK_TASKS_H
#define CK_TASKS_H

#include "job/job.h"
#include "report/review.h"
#include "store/decisions.h"
#include "store/history.h"
#include "job/rematch.h"
#include "store/changes.h"
#include "win/worker.h"

/* A repository and tag as the history names them. */
struct ck_gui_image_name {
    char *repository;
    char *tag;
    int local; /* listed by the local engine: scanned without a pull */
};
void ck_gui_image_names_free(struct ck_gui_image_name *names, size_t n);

/* ---- the history (historyio.c) -------------------------------------------- */

/* CK_TASK_IMAGES: adds the named images (may be none) to the history, then
 * reads every image. */
struct ck_gui_images_result {
    struct ck_gui_image_name *add; /* in */
    size_t add_count;
    struct ck_image_row *rows; /* out */
    size_t count;
    struct ck_severity_counts *decided; /* out: per row, what triage decisions decide (NULL: none) */
};
struct ck_task *ck_start_images(HWND hwnd, unsigned gen, struct ck_gui_image_name *add, size_t add_count);

/* CK_TASK_DETAIL: the scans of repository:tag, and the findings of the
 * newest successful one. */
struct ck_gui_detail_result {
    char *repository, *tag;        /* in */
    struct ck_scan_info *scans;    /* out, newest first */
    size_t count;
    int64_t scan_id;               /* the scan whose findings follow, 0 none */
    struct ck_history_findings findings;
    char *vulndb;                  /* in: the database of the EPSS and KEV facts, NULL none */
    struct ck_review_entry *review; /* out: per finding (review.h), into decisions */
    struct ck_decisions decisions;
};
struct ck_task *ck_start_detail(HWND hwnd, unsigned gen, const char *repository, const char *tag);

/* CK_TASK_FINDINGS: the findings of one scan. */
struct ck_gui_findings_result {
    int64_t scan_id;               /* in */
    char *repository, *tag, *vulndb; /* in: the scan's image; the EPSS and KEV facts' database */
    struct ck_history_findings findings;
    struct ck_review_entry *review; /* out, as in ck_gui_detail_result */
    struct ck_decisions decisions;
};
struct ck_task *ck_start_findings(HWND hwnd, unsigned gen, int64_t scan_id, const char *repository,
                                  const char *tag);

/* CK_TASK_INVENTORY: the packages (application packages with their
 * locations and owners) and unmanaged files of one scan, with its OS. */
struct ck_gui_inventory_result {
    int64_t scan_id;               /* in */
    struct ck_inventory inv;       /* out */
};
struct ck_task *ck_start_inventory(HWND hwnd, unsigned gen, int64_t scan_id);

/* CK_TASK_COMPARE: scan from (older) against scan to (newer). */
struct ck_gui_compare_result {
    int64_t from, to;              /* in */
    struct ck_comparison cmp;
};
struct ck_task *ck_start_compare(HWND hwnd, unsigned gen, int64_t from, int64_t to);

/* CK_TASK_EXPORT: a CSV of the given scans (none: the latest scan of every
 * image), each compared with the scan before it. */
struct ck_gui_export_result {
    char *path;                    /* in */
    int extended;                  /* in: the extended columns, else the original ones */
    int reviewed;                  /* in: then the triage, EPSS, KEV and priority columns */
    char *vulndb;                  /* in: the EPSS and KEV facts' database, NULL none */
    int64_t *scan_ids;             /* in */
    size_t scan_count;
    size_t scans, findings;        /* out */
};
struct ck_task *ck_start_export(HWND hwnd, const char *path, int extended, int reviewed, const int64_t *scan_ids,
                                size_t n);

/* ---- checks at start (checks.c) ------------------------------------------- */

/* CK_TASK_ENGINE: can the engine be reached, and which is it. */
struct ck_gui_engine_result {
    char *host;                    /* in: "" = as the docker CLI chooses */
    char product[64];              /* "Docker Desktop", "the Docker engine" */
    char address[256];             /* \\.\pipe\docker_engine */
    char version[64];              /* "20.10.24+dfsg1" */
    char api[16];
    char os[32];
    int windows_containers;        /* it runs Windows containers: nothing can be scanned */
};
struct ck_task *ck_start_engine_check(HWND hwnd, unsigned gen, const char *host);

/* CK_TASK_DATA: how much vulnerability data there is, and how old. */
struct ck_gui_data_result {
    char *path;                    /* in */
    int64_t max_age;               /* in, seconds */
    int64_t records;               /* out */
    size_t ecosystems;
    int64_t newest_update;         /* 0: never */
    int64_t oldest_update;
    char stale[512];               /* a warning sentence, "" when current */
};
struct ck_task *ck_start_data_check(HWND hwnd);
/* The vulnerability database path of the settings, malloc'd. */
char *ck_gui_vulndb_path(void);

/* ---- what changed (changestask.c) ------------------------------------------ */

/* CK_TASK_CHANGES: what changed across the fleet since a moment
 * (store/changes.h); after a data update, every image's stored inventory is
 * matched again first (job/rematch.h). */
enum ck_changes_moment {
    CK_CHANGES_AFTER_UPDATE, /* re-match, then since the re-match began */
    CK_CHANGES_AFTER_SCAN,   /* since the scan job began */
    CK_CHANGES_LAST_DAY      /* the last 24 hours, for the view */
};
struct ck_gui_changes_result {
    char *history, *vulndb;        /* in */
    enum ck_changes_moment moment; /* in */
    int64_t since;                 /* in for CK_CHANGES_AFTER_SCAN, else out */
    struct ck_rematch_result rematched; /* out */
    struct ck_changes changes;     /* out (ck_changes_release) */
    char since_what[64];           /* out: "the data update", "the scan job", "the last 24 hours" */
};
struct ck_task *ck_start_changes(HWND hwnd, enum ck_changes_moment moment, int64_t since);

/* ---- vulnerability data (datatasks.c) ------------------------------------- */

enum { CK_EVENT_PROGRESS = 1, CK_EVENT_STEP, CK_EVENT_JOB };

/* CK_TASK_DB_UPDATE: downloads the settings' ecosystems and those updated
 * before. Posts CK_EVENT_PROGRESS (text: what, current/total). */
struct ck_gui_update_result {
    char *path, *base_url;         /* in */
    char **ecosystems;             /* in: the extra ones; the worker adds what the history's images need */
    size_t count;
    int all_releases;              /* in */
    size_t ok, failed;             /* out */
    char summary[1024];
};
struct ck_task *ck_start_db_update(HWND hwnd);

/* CK_TASK_DB_IMPORT: imports a zip, folder or .json of OSV records. */
struct ck_gui_import_result {
    char *path, *file;             /* in */
    size_t added, replaced, unchanged, failed; /* out */
};
struct ck_task *ck_start_db_import(HWND hwnd, const char *file);

/* ---- image lists (listsource.c) ------------------------------------------- */

enum ck_list_source { CK_LIST_FILE = 0, CK_LIST_GITLAB, CK_LIST_REGISTRY, CK_LIST_LOCAL, CK_LIST_TARGET };

/* CK_TASK_LIST: builds a list; its images go into the history next. */
struct ck_gui_list_result {
    enum ck_list_source source;    /* in */
    char *where;                   /* in: file, URL, the target (image, archive, folder),
                                      or the Docker host ("" = default) for the local engine */
    char *id;                      /* in: GitLab user/group/project */
    int scope;                     /* in: GitLab scope */
    char *user, *secret;           /* in: registry user and password, or the GitLab token (wiped after) */
    int docker_credentials;        /* in: registry */
    char *policy;                  /* in: tag policy text */
    struct ck_gui_image_name *names;   /* out */
    size_t count;
    char summary[512];
};
/* Takes the strings of in (moved: the caller's pointers are cleared). */
struct ck_task *ck_start_list(HWND hwnd, struct ck_gui_list_result *in);

/* ---- scans (scanjob.c) ---------------------------------------------------- */

/* CK_TASK_SCAN: runs a job over the targets. Posts CK_EVENT_JOB events
 * whose data is a struct ck_gui_job_note. */
struct ck_gui_job_note {
    enum ck_job_event_type type;
    size_t index, count;
    int ok, cancelled;
    int64_t scan_id;
    struct ck_severity_counts counts;
    uint64_t current, total;
    size_t images_ok, images_failed;
    enum ck_log_level level;
    int not_assessed;              /* IMAGE_DONE: a part had no vulnerability data ... */
    char not_assessed_text[512];   /* ... which (cut to size) */
    /* text in the event */
};
struct ck_gui_scan_result {
    struct ck_target *targets;     /* in (refs owned) */
    struct ck_gui_image_name *names;   /* in: the history's name of each target */
    size_t count;
    char *host, *vulndb, *report_dir; /* in: copied from the settings */
    int parallel;
    int64_t max_age;
    int os_only;                   /* in: the settings' "package databases only" */
    int pull_policy, remove_pulled; /* in: the settings' */
    int read_again;                /* in: inventories kept from earlier scans are not reused */
    struct ck_job_result result;   /* out */
};
/* Takes names (n entries, moved); the targets are made from them.
 * read_again: every image is read anew even when its image ID was
 * inventoried before. */
struct ck_task *ck_start_scan(HWND hwnd, struct ck_gui_image_name *names, size_t n, int read_again);
/* The target for a history image: an image reference, or an archive or
 * root folder when the repository is a path. */
void ck_gui_target_of(const char *repository, const char *tag, struct ck_target *out, char **ref);

#endif
