; ContainerKitty's per-user installer (NSIS 3). It needs no administrator
; rights: the program goes to %LOCALAPPDATA%\Programs\ContainerKitty, the
; Start menu shortcut and the uninstall entry go to the current user's profile
; and HKCU. The uninstaller keeps the user's data (%LOCALAPPDATA%\ContainerKitty:
; scan history, vulnerability database) unless its box is ticked.
;
; Built by installer/CMakeLists.txt (target installer_nsis), which reads the
; version from resources/version.h and defines:
;   VERSION       x.y.z
;   GUI_EXE       path of ContainerKitty.exe
;   CLI_EXE       path of ckitty.exe
;   LICENSE_FILE  the licence page's text (LICENSE + THIRD-PARTY-NOTICES.txt, CRLF)
;   NOTICES_FILE  THIRD-PARTY-NOTICES.txt (CRLF)
;   ICON_FILE     resources/app.ico
;   OUT_FILE      path of the setup program to write
;
; Silent use: setup.exe /S [/D=C:\folder]   (/D last, unquoted)
;             uninstall.exe /S              (keeps the user's data)

!macro ck_require NAME
    !ifndef ${NAME}
        !error "${NAME} is not defined: build through CMake (cmake --build <build> --target installer_nsis)"
    !endif
!macroend
!insertmacro ck_require VERSION
!insertmacro ck_require GUI_EXE
!insertmacro ck_require CLI_EXE
!insertmacro ck_require LICENSE_FILE
!insertmacro ck_require NOTICES_FILE
!insertmacro ck_require ICON_FILE
!insertmacro ck_require OUT_FILE

; A 64-bit setup program for 64-bit executables: Windows itself refuses it
; on a 32-bit system, and it runs where only 64-bit Windows programs can
; (a 64-bit-only Wine, for instance).
Target amd64-unicode
SetCompressor /SOLID lzma
ManifestDPIAware true

!include MUI2.nsh
!include FileFunc.nsh

!define PRODUCT "ContainerKitty"
!define PUBLISHER "The ContainerKitty developers"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT}"
!define UNINSTALLER "uninstall.exe"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUT_FILE}"
RequestExecutionLevel user
; $LOCALAPPDATA and $SMPROGRAMS are the current user's (the default shell
; variable context); an earlier install's folder wins over the default.
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"

; Version resource of the setup program itself (VIProductVersion wants four parts).
VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileDescription" "${PRODUCT} ${VERSION} setup"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "Copyright (C) 2026 ${PUBLISHER}"

!define MUI_ICON "${ICON_FILE}"
!define MUI_UNICON "${ICON_FILE}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "${LICENSE_FILE}"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\ContainerKitty.exe"
!insertmacro MUI_PAGE_FINISH

; Page settings apply to the next page macro only: this text is the uninstaller's.
!define MUI_COMPONENTSPAGE_TEXT_TOP "Tick the scan history and vulnerability database to remove them too; otherwise they stay for a later installation."
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

; ---- before anything is written -------------------------------------------

; The window holds this mutex while it runs (app/win/main.c): its files
; cannot be replaced, nor should they be removed, under it. Silent: exit 2.
!define RUNNING_MUTEX "Local\ContainerKitty.SingleInstance"
!macro ck_wait_until_closed
    ck_running_check:
    System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "${RUNNING_MUTEX}") p.r0'
    IntPtrCmp $0 0 ck_not_running
    System::Call 'kernel32::CloseHandle(p r0)'
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION \
        "ContainerKitty is running. Close it (File > Exit), then choose Retry." /SD IDCANCEL IDRETRY ck_running_check
    SetErrorLevel 2
    Quit
    ck_not_running:
!macroend

; One product, one uninstall entry: a ContainerKitty installed from its MSI
; package (whose components keep HKCU\Software\ContainerKitty\Installer) is
; upgraded with the MSI, or removed first.
Function .onInit
    ReadRegStr $1 HKCU "Software\${PRODUCT}\Installer" "InstallDir"
    StrCmp $1 "" ck_no_msi
    MessageBox MB_OK|MB_ICONSTOP \
        "ContainerKitty is installed from its MSI package in $1. Install this version with the MSI package, or remove that installation first (Settings > Apps)." /SD IDOK
    SetErrorLevel 2
    Quit
    ck_no_msi:
    !insertmacro ck_wait_until_closed
FunctionEnd

Function un.onInit
    !insertmacro ck_wait_until_closed
FunctionEnd

Section "${PRODUCT}" SecProgram
    SectionIn RO
    SetOutPath "$INSTDIR"
    File "/oname=ContainerKitty.exe" "${GUI_EXE}"
    File "/oname=ckitty.exe" "${CLI_EXE}"
    File "/oname=LICENSE.txt" "${LICENSE_FILE}"
    File "/oname=THIRD-PARTY-NOTICES.txt" "${NOTICES_FILE}"
    WriteUninstaller "$INSTDIR\${UNINSTALLER}"

    CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\ContainerKitty.exe" "" \
        "$INSTDIR\ContainerKitty.exe" 0 SW_SHOWNORMAL "" "Scan container images for vulnerabilities"

    WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
    WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
    WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
    WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\ContainerKitty.exe,0"
    WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
    WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
    WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
    WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
    WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
    ; EstimatedSize is in KiB.
    ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
    IntFmt $0 "0x%08X" $0
    WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

; The program's own files only, by name: the folder may have been chosen by
; the user and hold other things, so it is never removed recursively.
Section "un.${PRODUCT}" SecUnProgram
    SectionIn RO
    Delete "$SMPROGRAMS\${PRODUCT}.lnk"
    Delete "$INSTDIR\ContainerKitty.exe"
    Delete "$INSTDIR\ckitty.exe"
    Delete "$INSTDIR\LICENSE.txt"
    Delete "$INSTDIR\THIRD-PARTY-NOTICES.txt"
    Delete "$INSTDIR\${UNINSTALLER}"
    RMDir "$INSTDIR"
    DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd

; Unticked by default (/o), so a silent uninstall keeps the data as well.
Section /o "un.Scan history and vulnerability database" SecUnData
    RMDir /r "$LOCALAPPDATA\${PRODUCT}"
SectionEnd
