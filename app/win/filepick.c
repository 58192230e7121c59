/* File and folder pickers, and small dialog helpers (see dialogs.h). */
#include "win/dialogs.h"

#include <commdlg.h>
#include <shlobj.h>
#include <stdlib.h>
#include <wchar.h>

#include "platform/win32_text.h"

#define PATH_CHARS 4096

char *ck_pick_open(HWND owner, const wchar_t *title, const wchar_t *filter, const char *folder)
{
    OPENFILENAMEW ofn;
    wchar_t *path = calloc(PATH_CHARS, sizeof *path), *dir = folder && *folder ? ck_utf8_to_wide(folder) : NULL;
    char *out = NULL;

    if (!path) {
        free(dir);
        return NULL;
    }
    memset(&ofn, 0, sizeof ofn);
    ofn.lStructSize = sizeof ofn;
    ofn.hwndOwner = owner;
    ofn.lpstrFilter = filter;
    ofn.lpstrFile = path;
    ofn.nMaxFile = PATH_CHARS;
    ofn.lpstrTitle = title;
    ofn.lpstrInitialDir = dir;
    ofn.Flags = OFN_FILEMUSTEXIST | OFN_PATHMUSTEXIST | OFN_HIDEREADONLY | OFN_EXPLORER;
    if (GetOpenFileNameW(&ofn))
        out = ck_wide_to_utf8(path);
    free(path);
    free(dir);
    return out;
}

char *ck_pick_save(HWND owner, const wchar_t *title, const wchar_t *filter, const wchar_t *def_ext,
                   const char *name, int *chosen)
{
    OPENFILENAMEW ofn;
    wchar_t *path = calloc(PATH_CHARS, sizeof *path), *w = name ? ck_utf8_to_wide(name) : NULL;
    char *out = NULL;

    if (!path) {
        free(w);
        return NULL;
    }
    if (w)
        wcsncpy(path, w, PATH_CHARS - 1);
    free(w);
    memset(&ofn, 0, sizeof ofn);
    ofn.lStructSize = sizeof ofn;
    ofn.hwndOwner = owner;
    ofn.lpstrFilter = filter;
    ofn.nFilterIndex = 1;
    ofn.lpstrFile = path;
    ofn.nMaxFile = PATH_CHARS;
    ofn.lpstrTitle = title;
    ofn.lpstrDefExt = def_ext;
    ofn.Flags = OFN_OVERWRITEPROMPT | OFN_PATHMUSTEXIST | OFN_HIDEREADONLY | OFN_EXPLORER;
    if (GetSaveFileNameW(&ofn)) {
        out = ck_wide_to_utf8(path);
        if (chosen)
            *chosen = (int)ofn.nFilterIndex;
    }
    free(path);
    return out;
}

char *ck_pick_folder(HWND owner, const wchar_t *title)
{
    BROWSEINFOW bi;
    wchar_t path[MAX_PATH];
    PIDLIST_ABSOLUTE pidl;
    char *out = NULL;

    /* The classic folder browser: it needs no COM apartment. */
    memset(&bi, 0, sizeof bi);
    bi.hwndOwner = owner;
    bi.lpszTitle = title;
    bi.ulFlags = BIF_RETURNONLYFSDIRS;
    pidl = SHBrowseForFolderW(&bi);
    if (!pidl)
        return NULL;
    if (SHGetPathFromIDListW(pidl, path))
        out = ck_wide_to_utf8(path);
    ILFree(pidl);
    return out;
}

char *ck_dlg_text(HWND dlg, int id)
{
    return ck_gui_text(GetDlgItem(dlg, id));
}

void ck_dlg_set_text(HWND dlg, int id, const char *utf8)
{
    ck_gui_set_text(GetDlgItem(dlg, id), utf8);
}

void ck_dlg_policy_combo(HWND dlg, int id, const char *current)
{
    static const wchar_t *const choices[] = {L"latest", L"semver", L"all", L"newest:3", L"regex:^v?[0-9]"};
    size_t i;
    for (i = 0; i < sizeof choices / sizeof choices[0]; i++)
        SendDlgItemMessageW(dlg, id, CB_ADDSTRING, 0, (LPARAM)choices[i]);
    ck_dlg_set_text(dlg, id, current && *current ? current : "latest");
}
