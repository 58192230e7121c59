/* File and folder pickers, and small dialog helpers (see dialogs.h). */
#include "win/dialogs.h"

#define COBJMACROS
#include <commdlg.h>
#include <shlobj.h>
#include <shobjidl.h>
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

/* The shell's folder picker (IFileOpenDialog, FOS_PICKFOLDERS): no length
 * limit on the path, and it needs the COM apartment main.c opens. */
char *ck_pick_folder(HWND owner, const wchar_t *title, const char *folder)
{
    IFileOpenDialog *dlg = NULL;
    IShellItem *start = NULL, *chosen = NULL;
    FILEOPENDIALOGOPTIONS options = 0;
    wchar_t *wfolder = folder && *folder ? ck_utf8_to_wide(folder) : NULL, *path = NULL;
    char *out = NULL;
    HRESULT hr = CoCreateInstance(&CLSID_FileOpenDialog, NULL, CLSCTX_INPROC_SERVER, &IID_IFileOpenDialog,
                                  (void **)&dlg);

    if (FAILED(hr)) {
        ck_gui_message(owner, MB_ICONWARNING | MB_OK,
                       "The folder picker could not be opened (error 0x%08lx): type the folder's path instead.",
                       (unsigned long)hr);
        free(wfolder);
        return NULL;
    }
    IFileOpenDialog_GetOptions(dlg, &options);
    IFileOpenDialog_SetOptions(dlg, options | FOS_PICKFOLDERS | FOS_FORCEFILESYSTEM | FOS_PATHMUSTEXIST);
    IFileOpenDialog_SetTitle(dlg, title);
    if (wfolder && SUCCEEDED(SHCreateItemFromParsingName(wfolder, NULL, &IID_IShellItem, (void **)&start))) {
        IFileOpenDialog_SetFolder(dlg, start);
        IShellItem_Release(start);
    }
    if (SUCCEEDED(IFileOpenDialog_Show(dlg, owner)) && SUCCEEDED(IFileOpenDialog_GetResult(dlg, &chosen))) {
        if (SUCCEEDED(IShellItem_GetDisplayName(chosen, SIGDN_FILESYSPATH, &path)))
            out = ck_wide_to_utf8(path);
        CoTaskMemFree(path);
        IShellItem_Release(chosen);
    }
    IFileOpenDialog_Release(dlg);
    free(wfolder);
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
