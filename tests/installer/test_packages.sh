#!/usr/bin/env bash
# What the build packed: MSI tables (scope, version, upgrade codes, registry rows, no self-registration) and the zip.
# usage: test_packages.sh USER.msi MACHINE.msi PORTABLE.zip ZIPFOLDER VERSION HAVE_TRAY [HAVE_MSIX]
set -u
user_msi=$1 machine_msi=$2 zip=$3 folder=$4 version=$5 have_tray=$6 have_msix=${7:-0}
here=$(cd "$(dirname "$0")" && pwd)
fails=0
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then echo "ok: $what"; else echo "FAILED: $what"; fails=$((fails + 1)); fi
}
for tool in msiinfo python3; do
    command -v $tool >/dev/null || { echo "skip: $tool is not installed"; exit 77; }
done
table() { msiinfo export "$1" "$2" | tail -n +4 | tr -d '\r'; }
prop() { table "$1" Property | awk -F'\t' -v p="$2" '$1 == p { print $2 }'; }
code_in_header() { sed -n "s/^#define CLI_MSI_UPGRADE_CODE_$1 L\"\(.*\)\"$/\1/p" "$here/../../cli/cli_install.h"; }

for scope in user machine; do
    if [ $scope = user ]; then msi=$user_msi hive=1 code=$(code_in_header USER); else msi=$machine_msi hive=2 code=$(code_in_header MACHINE); fi
    echo "== $msi"
    check "$scope: ProductVersion is $version" test "$(prop "$msi" ProductVersion)" = "$version"
    check "$scope: UpgradeCode matches cli_install.h ($code)" test "$(prop "$msi" UpgradeCode)" = "$code"
    source=$(msiinfo suminfo "$msi" | sed -n 's/^Source: \([0-9]*\).*/\1/p')
    if [ $scope = user ]; then
        check "user: no elevation asked (Word Count bit 3 set, source=$source)" test $((source & 8)) -eq 8
        check "user: ALLUSERS not set" test -z "$(prop "$msi" ALLUSERS)"
    else
        check "machine: elevation asked (Word Count bit 3 clear, source=$source)" test $((source & 8)) -eq 0
        check "machine: ALLUSERS=1" test "$(prop "$msi" ALLUSERS)" = 1
    fi
    rows=$(table "$msi" Registry)
    check "$scope: every registry row in one hive ($hive)" test -z "$(echo "$rows" | awk -F'\t' -v h=$hive '$2 != h')"
    check "$scope: InprocServer32 is the installed connectas.dll" \
        grep -qF "InprocServer32		[#ConnectasDll]" <<<"$rows"
    for cls in '*' Directory 'Directory\Background' Drive NetServer NetShare; do
        check "$scope: handler under $cls" grep -qF "Software\\Classes\\$cls\\shellex\\ContextMenuHandlers\\ConnectAs		{5BC33CB3-5A78-410D-88BF-243C7853686F}" <<<"$rows"
    done
    if [ $scope = machine ]; then
        check "machine: Approved entry" grep -qF "Shell Extensions\\Approved	{5BC33CB3-5A78-410D-88BF-243C7853686F}" <<<"$rows"
    else
        check "user: no Approved entry" bash -c '! grep -qF Approved <<<"$1"' _ "$rows"
    fi
    check "$scope: no self-registration (SelfReg table empty)" test -z "$(table "$msi" SelfReg 2>/dev/null)"
    # Custom actions: property setters (51) and, with the tray, only "connectas-tray.exe exit" (18+64).
    actions=$(table "$msi" CustomAction)
    # With the Windows 11 package: connectas.exe package register|unregister, deferred (1024), return ignored
    # (64), per machine as LocalSystem (2048).
    if [ $scope = user ]; then pkgtype=1106 pkgopt=--user; else pkgtype=3154 pkgopt=--machine; fi
    check "$scope: custom actions only set properties, ask the tray to exit or (un)register the package" \
        test -z "$(echo "$actions" | awk -F'\t' -v t=$pkgtype -v o=$pkgopt '!(($2 % 64) == 51 || ($2 == 82 && $3 == "TrayExe" && $4 == "exit") || ($2 == t && $3 == "ConnectasExe" && ($4 == "package register " o || $4 == "package unregister " o)))')"
    if [ "$have_msix" = 1 ]; then
        check "$scope: the package is registered after the files are installed, removed before they go" \
            test "$(table "$msi" InstallExecuteSequence | awk -F'\t' '$1 ~ /Package$/ { print $1 "@" $3 }' | sort | tr '\n' ' ')" = "RegisterPackage@6590 UnregisterPackage@1510 "
    fi
    files=$(table "$msi" File | cut -f3 | sort | tr '\n' ' ')
    names="LICENSE README.md connectas.dll connectas.exe"
    [ "$have_tray" = 1 ] && names="$names connectas-tray.exe"
    [ "$have_msix" = 1 ] && names="$names connectas.msix"
    want=$(printf '%s\n' $names | sort | tr '\n' ' ')
    check "$scope: files are [$want]" test "$files" = "$want"
    if [ "$have_tray" = 1 ]; then
        check "$scope: Start-menu shortcut to the tray" grep -qF "ProgramMenuFolder	ConnectAs	Tray	[#TrayExe]" <<<"$(table "$msi" Shortcut)"
    fi
    check "$scope: downgrades refused" grep -qF "NOT WIX_DOWNGRADE_DETECTED" <<<"$(table "$msi" LaunchCondition)"
done

echo "== $zip"
entries=$(python3 -c 'import sys, zipfile; print(" ".join(sorted(zipfile.ZipFile(sys.argv[1]).namelist())))' "$zip")
names="LICENSE README.md connectas.dll connectas.exe"
[ "$have_tray" = 1 ] && names="$names connectas-tray.exe"
[ "$have_msix" = 1 ] && names="$names connectas.msix"
want=$(python3 -c 'import sys; print(" ".join(sorted(sys.argv[2] + "/" + n for n in sys.argv[1].split())))' "$names" "$folder")
check "zip holds [$want]" test "$entries" = "$want"
exit $fails
