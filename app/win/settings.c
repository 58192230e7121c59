/* Settings in HKCU\Software\ContainerKitty (see settings.h). */
#include "win/settings.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "platform/win32_text.h"

struct ck_gui_settings g_settings;

enum kind { K_INT, K_STR, K_COLS };

/* One table drives loading, saving and the defaults. */
static const struct field {
    const wchar_t *name;
    enum kind kind;
    size_t offset;
    int count;           /* K_COLS: entries */
    int def_int;
    const char *def_str;
} fields[] = {
#define F_INT(n, f, d) {n, K_INT, offsetof(struct ck_gui_settings, f), 0, d, NULL}
#define F_STR(n, f, d) {n, K_STR, offsetof(struct ck_gui_settings, f), 0, 0, d}
#define F_COLS(n, f) {n, K_COLS, offsetof(struct ck_gui_settings, f), (int)(sizeof g_settings.f / sizeof(int)), 0, NULL}
    F_INT(L"WindowX", window.x, 0),
    F_INT(L"WindowY", window.y, 0),
    F_INT(L"WindowWidth", window.w, 0),
    F_INT(L"WindowHeight", window.h, 0),
    F_INT(L"WindowDpi", window.dpi, 0),
    F_INT(L"WindowMaximized", window.maximized, 0),
    F_INT(L"ImagesHeight", split96, 260),
    F_INT(L"DetailWidth", detail96, 320),
    F_INT(L"Tab", tab, 0),
    F_COLS(L"ImageColumns", image_cols),
    F_COLS(L"FindingColumns", finding_cols),
    F_COLS(L"ScanColumns", scan_cols),
    F_COLS(L"PackageColumns", package_cols),
    F_COLS(L"UnmanagedColumns", unmanaged_cols),
    F_STR(L"DockerHost", docker_host, ""),
    F_INT(L"ParallelScans", parallel, 2),
    F_INT(L"OsPackagesOnly", os_only, 0),
    F_INT(L"PullPolicy", pull_policy, 0),
    F_INT(L"RemovePulled", remove_pulled, 0),
    F_INT(L"RematchAfterUpdate", rematch_after_update, 1),
    F_STR(L"ReportFolder", report_dir, ""),
    F_STR(L"DatabasePath", vulndb_path, ""),
    F_INT(L"DatabaseMaxAgeDays", max_age_days, 7),
    F_STR(L"DataSourceUrl", data_url, ""),
    F_STR(L"Ecosystems", ecosystems, CK_DEFAULT_ECOSYSTEMS),
    F_INT(L"KeepAllReleases", all_releases, 0),
    F_STR(L"GitLabUrl", gitlab_url, ""),
    F_INT(L"GitLabScope", gitlab_scope, 1),
    F_STR(L"GitLabId", gitlab_id, ""),
    F_STR(L"GitLabTagPolicy", gitlab_policy, "latest"),
    F_INT(L"GitLabRememberToken", gitlab_remember, 0),
    F_STR(L"RegistryUrl", registry_url, ""),
    F_STR(L"RegistryUser", registry_user, ""),
    F_STR(L"RegistryTagPolicy", registry_policy, "latest"),
    F_INT(L"RegistryDockerCredentials", registry_docker_creds, 1),
    F_STR(L"LastListFolder", last_list, ""),
    F_STR(L"TriageOwner", triage_owner, ""),
    F_INT(L"ExpiringDays", expiring_days, 14),
#undef F_INT
#undef F_STR
#undef F_COLS
};

#define FIELD(f, type) ((type *)((char *)&g_settings + (f)->offset))

void ck_settings_set(char **field, const char *value)
{
    size_t n = value ? strlen(value) : 0;
    char *copy = malloc(n + 1);
    if (!copy)
        return; /* keeps the old value */
    memcpy(copy, value ? value : "", n + 1);
    free(*field);
    *field = copy;
}

static void load_field(HKEY key, const struct field *f)
{
    DWORD type, size;
    if (f->kind == K_INT) {
        DWORD v;
        size = sizeof v;
        if (key && RegQueryValueExW(key, f->name, NULL, &type, (BYTE *)&v, &size) == ERROR_SUCCESS &&
            type == REG_DWORD)
            *FIELD(f, int) = (int)v;
        return;
    }
    if (f->kind == K_COLS) {
        size = (DWORD)(f->count * sizeof(int));
        if (key && RegQueryValueExW(key, f->name, NULL, &type, NULL, &size) == ERROR_SUCCESS && type == REG_BINARY &&
            size == f->count * sizeof(int))
            RegQueryValueExW(key, f->name, NULL, &type, (BYTE *)FIELD(f, int), &size);
        return;
    }
    /* K_STR */
    if (key && RegQueryValueExW(key, f->name, NULL, &type, NULL, &size) == ERROR_SUCCESS && type == REG_SZ &&
        size < 65536) {
        wchar_t *w = calloc(size / sizeof(wchar_t) + 1, sizeof(wchar_t));
        if (w && RegQueryValueExW(key, f->name, NULL, &type, (BYTE *)w, &size) == ERROR_SUCCESS) {
            char *u = ck_wide_to_utf8(w);
            if (u) {
                free(*FIELD(f, char *));
                *FIELD(f, char *) = u;
            }
        }
        free(w);
    }
}

void ck_settings_load(void)
{
    HKEY key = NULL;
    size_t i;

    ck_settings_release();
    for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (fields[i].kind == K_INT)
            *FIELD(&fields[i], int) = fields[i].def_int;
        else if (fields[i].kind == K_STR)
            ck_settings_set(FIELD(&fields[i], char *), fields[i].def_str);
    }
    if (RegOpenKeyExW(HKEY_CURRENT_USER, CK_SETTINGS_KEY, 0, KEY_READ, &key) != ERROR_SUCCESS)
        key = NULL;
    for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
        load_field(key, &fields[i]);
    if (key)
        RegCloseKey(key);
    if (g_settings.parallel < 1 || g_settings.parallel > 8)
        g_settings.parallel = 2;
    if (g_settings.max_age_days < 1)
        g_settings.max_age_days = 7;
}

void ck_settings_save(void)
{
    HKEY key;
    size_t i;

    if (RegCreateKeyExW(HKEY_CURRENT_USER, CK_SETTINGS_KEY, 0, NULL, 0, KEY_WRITE, NULL, &key, NULL) !=
        ERROR_SUCCESS)
        return;
    for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const struct field *f = &fields[i];
        if (f->kind == K_INT) {
            DWORD v = (DWORD)*FIELD(f, int);
            RegSetValueExW(key, f->name, 0, REG_DWORD, (const BYTE *)&v, sizeof v);
        } else if (f->kind == K_COLS) {
            RegSetValueExW(key, f->name, 0, REG_BINARY, (const BYTE *)FIELD(f, int), (DWORD)(f->count * sizeof(int)));
        } else {
            wchar_t *w = ck_utf8_to_wide(*FIELD(f, char *) ? *FIELD(f, char *) : "");
            if (w)
                RegSetValueExW(key, f->name, 0, REG_SZ, (const BYTE *)w, (DWORD)((wcslen(w) + 1) * sizeof *w));
            free(w);
        }
    }
    RegCloseKey(key);
}

void ck_settings_release(void)
{
    size_t i;
    for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i].kind == K_STR) {
            free(*FIELD(&fields[i], char *));
            *FIELD(&fields[i], char *) = NULL;
        }
}
