/* The application's settings, kept per user in the registry under
 * HKCU\Software\ContainerKitty (strings as REG_SZ, numbers as REG_DWORD,
 * column widths as REG_BINARY arrays of 96-DPI widths). Loaded at start,
 * saved when the settings dialog is confirmed and when the window closes.
 * Strings are UTF-8 and heap-owned by the struct. */
#ifndef CK_SETTINGS_H
#define CK_SETTINGS_H

#include "win/gui.h"
#include "view/findings_table.h"
#include "view/images_table.h"
#include "view/packages_table.h"
#include "view/scans_table.h"
#include "view/unmanaged_table.h"
#include "vuln/osvfeed.h"
#include "win/placement.h"

#define CK_SETTINGS_KEY L"Software\\ContainerKitty"
/* The extra ecosystems of a first start: the current releases, until the
 * images in the history say what they need. */
#define CK_DEFAULT_ECOSYSTEMS CK_OSVFEED_STARTING_SET

struct ck_gui_settings {
    /* the window (placement.h); w == 0: never saved */
    struct ck_saved_placement window;
    int split96;  /* height of the images list */
    int detail96; /* width of the findings' detail pane */
    int tab;      /* the tab shown */
    int image_cols[CK_ICOL_COUNT];
    int finding_cols[CK_FCOL_COUNT];
    int scan_cols[CK_SCOL_COUNT];
    int package_cols[CK_PCOL_COUNT];
    int unmanaged_cols[CK_UCOL_COUNT];
    /* scanning */
    char *docker_host;  /* "" = as the docker CLI chooses */
    int parallel;       /* images at a time, 1..8 */
    char *report_dir;   /* per-image JSON results; "" = none */
    char *vulndb_path;  /* "" = the default */
    int max_age_days;   /* older vulnerability data draws a warning */
    int os_only;        /* scans read only the package databases, not the whole filesystem */
    int pull_policy;    /* enum ck_pull_policy */
    int remove_pulled;  /* images a scan pulled (not in Docker before) are removed after it */
    int rematch_after_update; /* a data update re-matches every stored inventory, then says what changed */
    char *data_url;     /* OSV base URL; "" = the default */
    char *ecosystems;   /* comma-separated extra ones: "Update vulnerability data" downloads
                           these, those the history's images need and those held */
    int all_releases;   /* keep every release of a distribution's feed */
    /* image sources, remembered for the next time */
    char *gitlab_url;
    int gitlab_scope;   /* enum ck_gitlab_scope */
    char *gitlab_id;
    char *gitlab_policy;
    int gitlab_remember; /* the token is kept in the Credential Manager */
    char *registry_url;
    char *registry_user;
    char *registry_policy;
    int registry_docker_creds;
    char *last_list;    /* folder of the last list opened */
    /* the risk review */
    char *triage_owner; /* the owner last given in the Triage dialog */
    int expiring_days;  /* View > Expiring soon lists decisions that end within this many days */
};

extern struct ck_gui_settings g_settings;

/* Defaults, then what the registry holds. */
void ck_settings_load(void);
void ck_settings_save(void);
void ck_settings_release(void);
/* Replaces a string field with a copy of value (NULL = ""). */
void ck_settings_set(char **field, const char *value);

#endif
