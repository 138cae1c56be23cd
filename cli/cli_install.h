/* connectas.exe install/uninstall: registering a portable copy per user or per machine (the cli_platform
 * hooks). */
#ifndef CONNECTAS_CLI_INSTALL_H
#define CONNECTAS_CLI_INSTALL_H

/*
 * The install and uninstall hooks of cli_platform (cli.h), for a copy of
 * ConnectAs run from a folder or a USB stick. Nothing is copied: install
 * registers connectas.dll from the folder of the running connectas.exe
 * (shx_register_ex: HKEY_CURRENT_USER, or HKEY_LOCAL_MACHINE plus the
 * Approved entry with machine) and, with run_at_logon, adds the tray to the
 * Run key of the same hive (the value the tray writes for "Start with
 * Windows"). Uninstall asks a running tray of that copy to exit, waits for it
 * (bounded), then removes exactly what install added.
 *
 * Both say what is already there instead of registering twice: an MSI
 * installation of the same scope (found through msi.dll by the upgrade codes
 * below) or another registered copy. dry_run only reads: it lists every key,
 * value, process and file the real run would touch. Messages are UTF-8
 * through the platform's write_out/write_err.
 *
 * ctx: the cli_platform itself (main.c sets plat.ctx = &plat), or NULL, in
 * which case messages go to the standard handles directly (UTF-16 on a
 * console, UTF-8 when redirected). Returns a CLI_EXIT_* code:
 * CLI_EXIT_OK also when the wanted state already held ("already registered
 * from this folder", "installed by the MSI", "nothing to remove");
 * CLI_EXIT_FAILURE when another copy is registered, the MSI owns what
 * uninstall would remove, a registry change failed, or a tray did not exit.
 */
int cli_install(void *ctx, int machine, int dry_run, int run_at_logon);
int cli_uninstall(void *ctx, int machine, int dry_run);

/* UpgradeCodes of the MSI packages (installer/connectas.wxs); never change. */
#define CLI_MSI_UPGRADE_CODE_USER L"{C9BC568A-B0D0-47F8-86BA-B0707ABBDFB1}"
#define CLI_MSI_UPGRADE_CODE_MACHINE L"{212A9127-8B33-48DD-9C17-B15ADC6D7739}"

/* The tray's hand-off protocol (window class, 'CAT1', verbs, exe name) is common/win/handoff.h. */
/* How long uninstall waits for a tray to end after asking it to. */
#define CLI_TRAY_EXIT_TIMEOUT_MS 15000u

#endif
