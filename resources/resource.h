/* Resource identifiers shared by app.rc and the GUI code. */
#ifndef CK_RESOURCE_H
#define CK_RESOURCE_H

#define IDI_APP 1
#define IDR_MAINMENU 100
#define IDR_ACCEL 101
#define IDD_ABOUT 200
#define IDC_ABOUT_TEXT 201
#define IDC_ABOUT_LICENSES 202

/* Menu and accelerator commands */
#define IDM_FILE_OPEN_LIST 1001
#define IDM_FILE_EXPORT_CSV 1002
#define IDM_FILE_EXIT 1003
#define IDM_LIST_GITLAB 1101
#define IDM_LIST_REGISTRY 1102
#define IDM_LIST_LOCAL 1103
#define IDM_SCAN_SELECTED 1201
#define IDM_SCAN_ALL 1202
#define IDM_SCAN_CANCEL 1203
#define IDM_SCAN_COMPARE 1204
#define IDM_DB_UPDATE 1301
#define IDM_DB_IMPORT 1302
#define IDM_TOOLS_SETTINGS 1401
#define IDM_HELP_ABOUT 1501
#define IDM_VIEW_FILTER 1601
#define IDM_VIEW_REFRESH 1602

#endif
