/* The About box: version and the licences of the libraries built in. */
#include "win/gui.h"

#include <curl/curl.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>
#include <zlib.h>
#include <zstd.h>
#include <stdio.h>

#include "resource.h"
#include "version.h"

static const char licences[] =
    "libcurl: curl licence (MIT/X derivative), Copyright (c) Daniel Stenberg and contributors.\r\n\r\n"
    "SQLite: public domain.\r\n\r\n"
    "cJSON: MIT licence, Copyright (c) 2009-2017 Dave Gamble and cJSON contributors.\r\n\r\n"
    "zlib: zlib licence, Copyright (C) 1995-2022 Jean-loup Gailly and Mark Adler.\r\n\r\n"
    "zstd: BSD licence, Copyright (c) Meta Platforms, Inc. and affiliates.\r\n";

static void fill(HWND dlg)
{
    char text[512];

    snprintf(text, sizeof text,
             "ContainerKitty %s\r\nScans container images for known vulnerabilities, offline.\r\n"
             "libcurl %s, SQLite %s, cJSON %s, zlib %s, zstd %s\r\n%s",
             CK_VERSION_STRING, curl_version_info(CURLVERSION_NOW)->version, sqlite3_libversion(),
             cJSON_Version(), zlibVersion(), ZSTD_versionString(), CK_COPYRIGHT);
    ck_gui_set_text(GetDlgItem(dlg, IDC_ABOUT_TEXT), text);
    ck_gui_set_text(GetDlgItem(dlg, IDC_ABOUT_LICENSES), licences);
}

static INT_PTR CALLBACK about_proc(HWND dlg, UINT msg, WPARAM wp, LPARAM lp)
{
    (void)lp;
    switch (msg) {
    case WM_INITDIALOG:
        fill(dlg);
        /* Focus on OK, not on the licence text (which would show selected). */
        SetFocus(GetDlgItem(dlg, IDOK));
        return FALSE;
    case WM_COMMAND:
        if (LOWORD(wp) == IDOK || LOWORD(wp) == IDCANCEL) {
            EndDialog(dlg, LOWORD(wp));
            return TRUE;
        }
        break;
    }
    return FALSE;
}

void ck_about_show(HWND owner)
{
    DialogBoxW(g_instance, MAKEINTRESOURCEW(IDD_ABOUT), owner, about_proc);
}
