/* Installer test helpers: build paths, msiexec and connectas.exe runs, whole-machine snapshots and their
 * comparison. */
#ifndef CONNECTAS_INSTTEST_H
#define CONNECTAS_INSTTEST_H

#include <windows.h>
#include <shlobj.h>

#include "shxtest.h"

#define IT_CLSID L"{5BC33CB3-5A78-410D-88BF-243C7853686F}"
#define IT_CLASSES L"Software\\Classes"
#define IT_CLSID_KEY IT_CLASSES L"\\CLSID\\" IT_CLSID
#define IT_APPROVED L"Software\\Microsoft\\Windows\\CurrentVersion\\Shell Extensions\\Approved"
#define IT_RUN_KEY L"Software\\Microsoft\\Windows\\CurrentVersion\\Run"
#define IT_RUN_VALUE L"ConnectAs"
#define IT_PATH 1024

/* The shell classes the handler is registered under (shellext/shxreg.c). */
extern const WCHAR *const it_classes[6];

/* A path from the build given on the command line: "/…" (a Unix path, under
 * Wine) becomes "Z:\…"; a Windows path is kept. */
void it_path_arg(const char *arg, WCHAR *out, size_t cch);

/* Runs "msiexec.exe ARGS /l*v <artifacts>\<log>.log" and returns its exit code
 * ((DWORD)-1 when it did not run or end within 5 minutes). */
DWORD it_msiexec(const WCHAR *args, const WCHAR *log);
/* 1 when the last verbose log named log contains text (UTF-16 or ANSI log). */
int it_log_has(const WCHAR *log, const WCHAR *text);

/* Runs exe with args, captures its output (UTF-8); returns the exit code or (DWORD)-1. free() *out. */
DWORD it_run_capture(const WCHAR *exe, const WCHAR *args, char **out);

/* Everything an installation could change: the HKEY_CURRENT_USER and
 * HKEY_LOCAL_MACHINE hives (keys, values, types, data) and the files and
 * folders of drive C: (names and sizes; links/junctions are not followed:
 * Wine links the user's Desktop, Documents… to the Unix home directory). */
void it_snapshot(test_snapshot *s);
/* Compares two snapshots and returns the number of differences the filters
 * below do not explain, each traced:
 *  - empty keys below the Windows Installer's own bookkeeping keys and the
 *    empty folders C:\windows\Installer and %APPDATA%\Microsoft\Installer
 *    appearing after: msi.dll creates them on first use and keeps them (every
 *    Windows machine has them); they hold nothing of ours;
 *  - keys that were empty before and are gone after: Wine's msi.dll deletes a
 *    key emptied by an uninstall and then each parent left empty (its
 *    delete_key walks up), also parents that existed before; they held nothing;
 *  - under Wine, Wine's own state that running programs change (Windows has
 *    no such keys; no code of ours writes there): HKCU\Software\Wine\Fonts and
 *    HKLM\System\CurrentControlSet\Hardware Profiles\Current\Software\Fonts
 *    (font cache code pages, rewritten whenever a process with another ANSI
 *    code page starts: connectas.exe and the tray declare UTF-8),
 *    HKCU\Software\Wine\Temporary System Parameters (system parameters a GUI
 *    program sets for the session) and HKCU\Software\Wine\Credential Manager
 *    (the key store Wine creates on the first credential call; the tray reads
 *    saved credentials).
 * "Empty" means no value (file) in it or below it. Time stamps are never
 * compared (the snapshot has none). */
int it_compare(const test_snapshot *before, const test_snapshot *after);

BOOL it_file_exists(const WCHAR *path);
BOOL it_dir_exists(const WCHAR *path);
BOOL it_key_exists(HKEY root, const WCHAR *key);
BOOL it_read_sz(HKEY root, const WCHAR *key, const WCHAR *name, WCHAR *buf, DWORD cch);
void it_known_folder(REFKNOWNFOLDERID id, WCHAR *out, size_t cch);

/* Checks the handler rows under root\Software\Classes point to dll (and,
 * per machine, the Approved entry) and creates the handler from them: per
 * machine through COM (CoCreateInstance, as Explorer does); per user by
 * loading the registered DLL and asking its class factory, because Wine's COM
 * does not read HKEY_CURRENT_USER\Software\Classes. */
void it_check_handler(HKEY root, BOOL machine, const WCHAR *dll);
/* Checks none of the handler rows is left in root. */
void it_check_no_handler(HKEY root);

/* The target of a shell link (.lnk), "" when it cannot be read. */
void it_link_target(const WCHAR *lnk, WCHAR *target, DWORD cch);

/* Starts exe with args (not waited for); returns the process handle or NULL. */
HANDLE it_start(const WCHAR *exe, const WCHAR *args);
/* Waits (bounded, pumping messages) until a top-level window of class cls owned by pid exists. */
HWND it_wait_window(const WCHAR *cls, DWORD pid, DWORD timeout_ms);

#endif
