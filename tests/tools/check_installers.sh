#!/usr/bin/env bash
# Checks the installers that installer/CMakeLists.txt builds; CTest runs it.
#
#   check_installers.sh msi      <file.msi>  <version> <ContainerKitty.exe> <ckitty.exe>
#       Property table (ProductName, ProductVersion, UpgradeCode), File table
#       (both executables), Shortcut and Upgrade tables, and the packaged
#       executables equal the built ones (msitools).
#   check_installers.sh msi-wine <file.msi>  <version> <ContainerKitty.exe> <ckitty.exe> <wine-run.sh>
#       Under Wine, msiexec installs it quietly into a temporary folder
#       (INSTALLDIR=...); the same version rebuilt (a new product and package
#       code, msibuild) replaces it, leaving one product registered; then it
#       is removed again.
#   check_installers.sh nsis     <setup.exe> <version> <ContainerKitty.exe> <ckitty.exe> <wine-run.sh> <hold_mutex.exe>
#       The setup program is a PE; under Wine it installs silently into a
#       temporary folder (files, Start menu shortcut, uninstall entry in HKCU);
#       while ContainerKitty runs (its single-instance mutex, held by
#       hold_mutex.exe) neither an upgrade nor the uninstaller touches it (exit
#       2); then its uninstaller removes all that silently and keeps the user's
#       data.
#   check_installers.sh one-entry <setup.exe> <file.msi> <wine-run.sh>
#       One product, one uninstall entry: the MSI refuses to install over the
#       setup program's installation, and the setup program over the MSI's.
#
# Exit 0 passed, 1 failed, 77 skipped (a tool is missing). Every Wine call is
# bounded by `timeout`; Wine's own exit code is not trusted alone (a program
# that cannot start may still give 0), every effect is looked at.
set -u

fail() { echo "[!] $*" >&2; exit 1; }
skip() { echo "[?] skipped: $*" >&2; exit 77; }
say() { echo "[*] $*"; }

# Globals for the EXIT trap, which runs after the check functions return.
work=""
cleanups=()
on_exit() {
    local c
    for c in "${cleanups[@]}"; do eval "$c"; done
    [ -n "$work" ] && rm -rf "$work"
}
trap on_exit EXIT

# 0 when the file starts with an MZ header whose e_lfanew points at "PE\0\0".
is_pe() {
    local f=$1 off sig
    [ "$(head -c 2 "$f")" = MZ ] || return 1
    off=$(od -An -tu4 -j 60 -N 4 "$f" | tr -d ' ')
    [ -n "$off" ] || return 1
    sig=$(od -An -c -j "$off" -N 4 "$f" | tr -d ' ')
    [ "$sig" = 'PE\0\0' ]
}

# msiinfo export prints three header lines (names, types, table) then rows.
msi_rows() { # msi table
    msiinfo export "$1" "$2" | tr -d '\r' | tail -n +4
}

check_msi() {
    local msi=$1 version=$2 gui=$3 cli=$4
    command -v msiinfo >/dev/null && command -v msiextract >/dev/null ||
        skip "msiinfo/msiextract not found (Debian package msitools)"
    [ -s "$msi" ] || fail "$msi: missing or empty"

    local props
    props=$(msi_rows "$msi" Property) || fail "$msi: no Property table"
    prop() { printf '%s\n' "$props" | awk -F'\t' -v k="$1" '$1 == k { print $2 }'; }
    [ "$(prop ProductName)" = ContainerKitty ] ||
        fail "$msi: ProductName is '$(prop ProductName)', not ContainerKitty"
    [ "$(prop ProductVersion)" = "$version" ] ||
        fail "$msi: ProductVersion is '$(prop ProductVersion)', version.h says $version"
    local upgrade_code
    upgrade_code=$(prop UpgradeCode)
    printf '%s\n' "$upgrade_code" | grep -Eq '^\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}$' ||
        fail "$msi: UpgradeCode '$upgrade_code' is not a GUID"
    say "Property: ProductName=ContainerKitty ProductVersion=$version UpgradeCode=$upgrade_code"

    # File table: the long name is after '|' when a short name precedes it.
    local names exe
    names=$(msi_rows "$msi" File | awk -F'\t' '{ n = $3; sub(/^[^|]*\|/, "", n); print n }') ||
        fail "$msi: no File table"
    for exe in ContainerKitty.exe ckitty.exe; do
        printf '%s\n' "$names" | grep -qxF "$exe" || fail "$msi: File table has no $exe (has: $names)"
    done
    say "File: $(printf '%s ' $names)"

    msi_rows "$msi" Shortcut | awk -F'\t' '$2 == "ProgramMenuFolder"' | grep -q 'ContainerKitty\.exe' ||
        fail "$msi: no Start menu shortcut to ContainerKitty.exe in the Shortcut table"
    # MajorUpgrade: rows of the Upgrade table under the same UpgradeCode.
    msi_rows "$msi" Upgrade | awk -F'\t' -v u="$upgrade_code" '$1 == u' | grep -q . ||
        fail "$msi: the Upgrade table has no row for $upgrade_code"
    say "Shortcut and Upgrade tables present"

    work=$(mktemp -d) || fail "mktemp failed"
    timeout 120 msiextract -C "$work" "$msi" >/dev/null || fail "$msi: msiextract failed"
    local built got
    for built in "$gui" "$cli"; do
        got=$(find "$work" -type f -name "$(basename "$built")" | head -1)
        [ -n "$got" ] || fail "$msi: $(basename "$built") not extracted"
        cmp -s "$got" "$built" || fail "$msi: packaged $(basename "$built") differs from $built"
    done
    say "packaged executables are the built ones"
}

# Wine calls: wine_ <seconds> <program> <args...>; unix_of <VARIABLE>.
wine_setup() { # wine-run.sh
    wine_run=$1
    command -v wine >/dev/null || skip "wine not found"
    # No desktop menu entries on the host for the shortcuts the installers make.
    export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
    work=$(mktemp -d "$PWD/installer-check.XXXXXX") || fail "mktemp failed"
    dest="$work/ContainerKitty"
    # No space in it: wine quotes such an argument, and NSIS takes /D= only unquoted.
    win_dest="Z:$(printf '%s' "$dest" | tr / '\\')"
    local appdata
    appdata=$(unix_of APPDATA)
    [ -d "$appdata" ] || fail "Wine prefix: APPDATA ('$appdata') is not a folder"
    shortcut="$appdata/Microsoft/Windows/Start Menu/Programs/ContainerKitty.lnk"
}
wine_() { timeout "$1" "$wine_run" "${@:2}"; }
unix_of() {
    local w
    w=$(wine_ 120 cmd /c "echo %$1%" | tr -d '\r')
    wine_ 60 winepath -u "$w" 2>/dev/null | tr -d '\r'
}
win_path() { printf 'Z:%s' "$(printf '%s' "$1" | tr / '\\')"; }

expect_installed() { # gui cli
    local f
    for f in ContainerKitty.exe ckitty.exe LICENSE.txt THIRD-PARTY-NOTICES.txt; do
        [ -s "$dest/$f" ] || fail "$dest/$f: not installed"
    done
    cmp -s "$dest/ContainerKitty.exe" "$1" || fail "installed ContainerKitty.exe differs from $1"
    cmp -s "$dest/ckitty.exe" "$2" || fail "installed ckitty.exe differs from $2"
    [ -f "$shortcut" ] || fail "no Start menu shortcut at $shortcut"
}

expect_removed() {
    local f
    for f in ContainerKitty.exe ckitty.exe LICENSE.txt THIRD-PARTY-NOTICES.txt; do
        [ ! -e "$dest/$f" ] || fail "$dest/$f: still there after uninstall"
    done
    [ ! -e "$shortcut" ] || fail "Start menu shortcut still there after uninstall"
}

check_msi_wine() {
    local msi=$1 version=$2 gui=$3 cli=$4
    [ -s "$msi" ] || fail "$msi: missing or empty"
    wine_setup "$5"
    local rc product arp
    win_msi=$(win_path "$msi")  # global, for the cleanup
    # Whatever happens, leave no product installed in the build's prefix.
    cleanups+=('[ -e "$dest/ContainerKitty.exe" ] && wine_ 120 msiexec /x "$win_msi" /qn')

    say "msiexec /i $(basename "$msi") /qn INSTALLDIR=$win_dest"
    wine_ 300 msiexec /i "$win_msi" /qn "INSTALLDIR=$win_dest\\"
    rc=$?
    [ $rc = 0 ] || fail "msiexec /i exited with $rc"
    expect_installed "$gui" "$cli"
    wine_ 120 reg query 'HKCU\Software\ContainerKitty\Installer' /v ckitty.exe >/dev/null 2>&1 ||
        fail "no HKCU\\Software\\ContainerKitty\\Installer key path value"
    say "installed: executables, licences, Start menu shortcut"
    # Its registration (Wine keeps it under HKLM even for a per-user package).
    if command -v msiinfo >/dev/null; then
        product=$(msi_rows "$msi" Property | awk -F'\t' '$1 == "ProductCode" { print $2 }')
        arp=$(wine_ 120 reg query "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$product" 2>/dev/null ||
              wine_ 120 reg query "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$product" 2>/dev/null)
        printf '%s\n' "$arp" | tr -d '\r' | grep -Eq "^ +DisplayVersion +REG_SZ +$version\$" ||
            fail "product $product: no uninstall entry with DisplayVersion $version"
        say "registered as $product, version $version"
    fi

    # The same version rebuilt: a new product code and package code, as every wixl run gives.
    if [ -n "${product:-}" ] && command -v msibuild >/dev/null; then
        local rebuilt="$work/rebuilt.msi" new_product template
        new_product="{$(cat /proc/sys/kernel/random/uuid | tr a-f A-F)}"
        template=$(msiinfo suminfo "$msi" | sed -n 's/^Template: //p')
        cp "$msi" "$rebuilt" || fail "cannot copy $msi"
        msibuild "$rebuilt" -q "UPDATE \`Property\` SET \`Value\` = '$new_product' WHERE \`Property\` = 'ProductCode'" &&
            msibuild "$rebuilt" -s "Installation Database" "The ContainerKitty developers" "$template" \
                "{$(cat /proc/sys/kernel/random/uuid | tr a-f A-F)}" || fail "msibuild could not make a rebuilt copy"
        say "msiexec /i a rebuild of the same version ($new_product)"
        # a rebuild installed beside the first must not stay in the prefix either
        rebuilt_product=$new_product  # global, for the cleanup
        cleanups+=('wine_ 120 msiexec /x "$rebuilt_product" /qn >/dev/null 2>&1')
        wine_ 300 msiexec /i "$(win_path "$rebuilt")" /qn "INSTALLDIR=$win_dest\\"
        rc=$?
        [ $rc = 0 ] || fail "msiexec /i of the rebuilt package exited with $rc"
        expect_installed "$gui" "$cli"
        { wine_ 120 reg query "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$product" ||
          wine_ 120 reg query "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$product"; } >/dev/null 2>&1 &&
            fail "the same version rebuilt installed beside $product: two products are registered"
        say "the rebuild replaced $product: one product registered"
        win_msi=$(win_path "$rebuilt")
        product=$new_product
    fi

    wine_ 300 msiexec /x "$win_msi" /qn
    rc=$?
    [ $rc = 0 ] || fail "msiexec /x exited with $rc"
    expect_removed
    wine_ 120 reg query 'HKCU\Software\ContainerKitty\Installer' >/dev/null 2>&1 &&
        fail "HKCU\\Software\\ContainerKitty\\Installer still there after msiexec /x"
    if [ -n "${product:-}" ]; then
        wine_ 120 reg query "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$product" >/dev/null 2>&1 &&
            fail "product $product: uninstall entry still there after msiexec /x"
    fi
    say "removed"
}

check_nsis() {
    local setup=$1 version=$2 gui=$3 cli=$4
    [ -s "$setup" ] || fail "$setup: missing or empty"
    is_pe "$setup" || fail "$setup: not a PE executable"
    command -v file >/dev/null && say "$(file -b "$setup")"
    wine_setup "$5"

    key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\ContainerKitty'  # global, for the cleanup
    # Whatever happens, leave no uninstall entry or shortcut in the build's prefix.
    cleanups+=('wine_ 120 reg delete "$key" /f >/dev/null 2>&1; rm -f "$shortcut"')

    # The user's data must survive a silent uninstall: a marker of our own in it.
    local localdata
    localdata=$(unix_of LOCALAPPDATA)
    [ -d "$localdata" ] || fail "Wine prefix: LOCALAPPDATA ('$localdata') is not a folder"
    datadir="$localdata/ContainerKitty"
    if [ ! -d "$datadir" ]; then
        mkdir -p "$datadir" || fail "$datadir: cannot create"
        cleanups+=('rmdir "$datadir" 2>/dev/null')
    fi
    marker="$datadir/installer-check-$$.keep"
    : >"$marker" || fail "$marker: cannot create"
    cleanups=('rm -f "$marker"' "${cleanups[@]}")

    say "installing silently into $win_dest"
    wine_ 300 "$setup" /S "/D=$win_dest"
    local rc=$?
    [ $rc = 0 ] || fail "silent install exited with $rc"
    [ -s "$dest/uninstall.exe" ] || fail "$dest/uninstall.exe: not installed"
    expect_installed "$gui" "$cli"

    local entry
    entry=$(wine_ 120 reg query "$key" | tr -d '\r') || fail "no uninstall entry $key"
    value() { printf '%s\n' "$entry" | sed -nE "s/^ +$1 +REG_[A-Z_]+ +//p"; }
    expect() { # name value
        [ "$(value "$1")" = "$2" ] || fail "$key: $1 is '$(value "$1")', expected '$2'"
    }
    expect DisplayName ContainerKitty
    expect DisplayVersion "$version"
    expect Publisher "The ContainerKitty developers"
    expect InstallLocation "$win_dest"
    expect UninstallString "\"$win_dest\\uninstall.exe\""
    expect DisplayIcon "$win_dest\\ContainerKitty.exe,0"
    expect NoModify 0x1
    expect NoRepair 0x1
    local size
    size=$(value EstimatedSize)
    [[ "$size" =~ ^0x[0-9a-fA-F]+$ ]] && [ $((size)) -gt 0 ] ||
        fail "$key: EstimatedSize is '$size'"
    say "uninstall entry: version $version, $((size)) KiB"

    # ContainerKitty running: its single-instance mutex, held as the window holds it.
    local held
    coproc HOLD { wine_ 300 "$6" 'Local\ContainerKitty.SingleInstance'; }
    cleanups=('[ -n "${HOLD_PID:-}" ] && kill $HOLD_PID 2>/dev/null' "${cleanups[@]}")
    read -r -t 120 held <&"${HOLD[0]}"
    [ "${held%$'\r'}" = held ] || fail "hold_mutex did not start: '$held'"
    printf 'x\n' >"$dest/marker-of-the-running-copy"
    wine_ 300 "$setup" /S "/D=$win_dest"
    rc=$?
    [ $rc = 2 ] || fail "an upgrade while ContainerKitty runs exited with $rc, not 2"
    wine_ 300 "$dest/uninstall.exe" /S "_?=$win_dest"
    rc=$?
    [ $rc = 2 ] || fail "the uninstaller while ContainerKitty runs exited with $rc, not 2"
    expect_installed "$gui" "$cli"
    rm -f "$dest/marker-of-the-running-copy"
    exec {HOLD[1]}>&-
    wait $HOLD_PID 2>/dev/null
    say "while ContainerKitty runs, neither the setup program nor the uninstaller goes on (exit 2)"

    # _?= runs the uninstaller in place and waits for it (otherwise it copies
    # itself to %TEMP% and returns at once); it then cannot delete itself.
    say "uninstalling silently"
    wine_ 300 "$dest/uninstall.exe" /S "_?=$win_dest"
    rc=$?
    [ $rc = 0 ] || fail "silent uninstall exited with $rc"
    expect_removed
    wine_ 120 reg query "$key" >/dev/null 2>&1 && fail "$key: still there after uninstall"
    [ -f "$marker" ] || fail "the uninstaller removed the user's data ($datadir)"
    say "uninstalled; user data kept"
}

check_one_entry() {
    local setup=$1 msi=$2 rc
    [ -s "$setup" ] && [ -s "$msi" ] || fail "$setup or $msi: missing or empty"
    wine_setup "$3"
    local nsis_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\ContainerKitty'
    local msi_key='HKCU\Software\ContainerKitty\Installer'
    win_msi=$(win_path "$msi")  # global, for the cleanup
    cleanups+=('wine_ 120 msiexec /x "$win_msi" /qn >/dev/null 2>&1'
               'wine_ 120 reg delete "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\ContainerKitty" /f >/dev/null 2>&1; rm -f "$shortcut"')

    wine_ 300 "$setup" /S "/D=$win_dest"
    [ $? = 0 ] || fail "the setup program did not install"
    wine_ 300 msiexec /i "$win_msi" /qn "INSTALLDIR=$win_dest\\"
    rc=$?
    [ $rc != 0 ] || fail "the MSI installed over the setup program's installation"
    wine_ 120 reg query "$msi_key" >/dev/null 2>&1 && fail "the MSI registered itself beside the setup program"
    wine_ 120 reg query "$nsis_key" >/dev/null 2>&1 || fail "the setup program's entry is gone"
    say "over the setup program's installation, msiexec /i refuses (exit $rc)"
    wine_ 300 "$dest/uninstall.exe" /S "_?=$win_dest"
    [ $? = 0 ] || fail "the setup program's uninstaller failed"

    wine_ 300 msiexec /i "$win_msi" /qn "INSTALLDIR=$win_dest\\"
    [ $? = 0 ] || fail "the MSI did not install"
    wine_ 300 "$setup" /S "/D=$win_dest"
    rc=$?
    [ $rc = 2 ] || fail "the setup program over the MSI's installation exited with $rc, not 2"
    wine_ 120 reg query "$nsis_key" >/dev/null 2>&1 && fail "the setup program registered itself beside the MSI"
    say "over the MSI's installation, the setup program refuses (exit 2)"
    wine_ 300 msiexec /x "$win_msi" /qn
    [ $? = 0 ] || fail "msiexec /x failed"
    expect_removed
}

mode=${1:-}
case "$mode" in
msi) [ $# = 5 ] || fail "usage: $0 msi <file.msi> <version> <gui.exe> <cli.exe>"
     check_msi "${@:2}" ;;
msi-wine) [ $# = 6 ] || fail "usage: $0 msi-wine <file.msi> <version> <gui.exe> <cli.exe> <wine-run.sh>"
          check_msi_wine "${@:2}" ;;
nsis) [ $# = 7 ] || fail "usage: $0 nsis <setup.exe> <version> <gui.exe> <cli.exe> <wine-run.sh> <hold_mutex.exe>"
      check_nsis "${@:2}" ;;
one-entry) [ $# = 4 ] || fail "usage: $0 one-entry <setup.exe> <file.msi> <wine-run.sh>"
           check_one_entry "${@:2}" ;;
*) fail "usage: $0 msi|msi-wine|nsis|one-entry ..." ;;
esac
say "passed"
