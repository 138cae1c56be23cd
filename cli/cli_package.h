/* connectas.exe: registering the sparse package (connectas.msix) that puts "Connect as…" in the Windows 11
 * first context menu. */
#ifndef CONNECTAS_CLI_PACKAGE_H
#define CONNECTAS_CLI_PACKAGE_H

#include <windows.h>

#include "cli.h"

/* Name in the package identity (installer/msix.py PACKAGE_NAME) and the package file beside connectas.exe. */
#define CLI_PACKAGE_NAME L"ConnectAs.ExplorerCommand"
#define CLI_PACKAGE_FILE L"connectas.msix"
/* Written under HKCU or HKLM once the package is registered or provisioned there (REG_SZ: the package
 * family name), removed with it; while that family is registered for the user, connectas.dll's classic
 * item steps aside where the package's item shows (shellext/xcmd.c shx_xcmd_covers). */
#define CLI_PACKAGE_FLAG_KEY L"Software\\ConnectAs"
#define CLI_PACKAGE_FLAG_VALUE L"ExplorerCommand"

typedef enum cli_pkg_outcome {
    CLI_PKG_DONE,        /* registered / removed (or, dry run: would be) */
    CLI_PKG_NOTHING,     /* nothing to do: already in the wanted state */
    CLI_PKG_UNAVAILABLE, /* no package registration here (Windows 10, Wine, policy, untrusted certificate) */
    CLI_PKG_FAILED,      /* the package manager refused for another reason */
} cli_pkg_outcome;

/*
 * Registers dir\connectas.msix with dir as its external location: for the
 * current user (PackageManager.AddPackageByUriAsync with ExternalLocationUri),
 * or with machine for every user (StagePackageByUriAsync, then
 * ProvisionPackageForAllUsersAsync; needs administrator rights). The WinRT
 * calls go through the C ABI (RoActivateInstance, hand-written vtables, see
 * cli_package.c); combase.dll is loaded from System32 at run time. Waits for
 * the package manager (at most two minutes). Writes one message (one or more
 * lines, each ending in a newline) into msg (msg_cch characters): what was done,
 * or why the Windows 11 item is not available and that the classic item keeps
 * working. dry_run changes nothing and says what would be done.
 */
cli_pkg_outcome cli_package_register(const WCHAR *dir, int machine, int dry_run, WCHAR *msg, size_t msg_cch);

/* Removes the package for the current user (or with machine: for all users and
 * from the provisioned list) and the flag. msg as above; empty when nothing
 * was registered and nothing needs saying. */
cli_pkg_outcome cli_package_unregister(int machine, int dry_run, WCHAR *msg, size_t msg_cch);

/* The file URI Windows.Foundation.Uri is given for path: "file:///C:/Program%20Files/ConnectAs" for a
 * drive path, "file://server/share/dir" for a UNC path (also from "\\?\" and "\\?\UNC\" forms);
 * ASCII other than letters, digits and RFC 3986 sub-delimiters, ':' '@' '/' is percent-encoded, other
 * characters are left to the Uri class. Returns 0, or -1 when it does not fit in cch characters. */
int cli_package_uri_text(const WCHAR *path, WCHAR *out, size_t cch);

/*
 * "connectas.exe package register|unregister [--user|--machine] [--dry-run]",
 * the installer's custom actions (installer/connectas.wxs): register uses the
 * folder of the running connectas.exe. Messages go through plat->write_out.
 * Returns CLI_EXIT_OK also when registration is not available (the classic item
 * remains), CLI_EXIT_FAILURE when the package manager refused,
 * CLI_EXIT_USAGE for a bad command line.
 */
int cli_package_main(int argc, WCHAR **argv, const cli_platform *plat);

#endif
