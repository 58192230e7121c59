#!/usr/bin/env bash
# Checks that a Windows executable imports only Windows' own DLLs (curl,
# SQLite, cJSON, zlib, zstd and the C runtime are linked in statically) and that
# its subsystem is the expected one.
#   check_imports.sh EXE gui|console
set -euo pipefail
exe=$1 want=$2
objdump=${OBJDUMP:-x86_64-w64-mingw32-objdump}
system_dlls='^(kernel32|user32|gdi32|comctl32|comdlg32|shell32|shlwapi|advapi32|ole32|oleaut32|uxtheme|dwmapi|ws2_32|crypt32|secur32|bcrypt|normaliz|wldap32|iphlpapi|userenv|winhttp|rstrtmgr|msvcrt|ucrtbase|api-ms-win-[a-z0-9-]+)\.dll$'
dump=$($objdump -p "$exe")
bad=0
while read -r dll; do
    if ! echo "$dll" | tr 'A-Z' 'a-z' | grep -Eq "$system_dlls"; then
        echo "FAIL: $exe imports $dll, which is not part of Windows"
        bad=1
    fi
done < <(echo "$dump" | awk '/DLL Name:/ {print $3}')
case $want in
gui) grep -q 'Subsystem.*(Windows GUI)' <<<"$dump" || { echo "FAIL: $exe is not a GUI program"; bad=1; } ;;
console) grep -q 'Subsystem.*(Windows CUI)' <<<"$dump" || { echo "FAIL: $exe is not a console program"; bad=1; } ;;
esac
echo "$exe imports: $(echo "$dump" | awk '/DLL Name:/ {printf "%s ", $3}')"
exit $bad
