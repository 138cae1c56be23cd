/* Shell-extension test helpers: a hand-built IDataObject, HDROP/CIDA builders, ID lists, drives, PE and
 * registry facts. */
#ifndef CONNECTAS_SHXTEST_H
#define CONNECTAS_SHXTEST_H

#include <windows.h>
#include <shellapi.h>
#include <shlobj.h>

/* The handler's class ID as shipped; it must never change. */
#define TEST_CLSID_STRING L"{5BC33CB3-5A78-410D-88BF-243C7853686F}"

/* --- a data object such as Explorer hands to IShellExtInit::Initialize --- */

/* How GetData misbehaves, to test the reader's defences. */
enum tdo_mode {
    TDO_NORMAL,       /* a fresh HGLOBAL copy per call */
    TDO_FAIL,         /* GetData returns E_UNEXPECTED */
    TDO_WRONG_TYMED,  /* S_OK with tymed TYMED_ISTREAM and no stream */
    TDO_NULL_HGLOBAL, /* S_OK with TYMED_HGLOBAL and a NULL handle */
};

/* Creates an empty data object (reference count 1). */
IDataObject *tdo_create(void);
/* Gives format cf the bytes of h (the object takes h). */
void tdo_set(IDataObject *obj, CLIPFORMAT cf, HGLOBAL h);
void tdo_set_mode(IDataObject *obj, enum tdo_mode mode);
/* Number of GetData calls so far. */
LONG tdo_get_calls(IDataObject *obj);
/* The registered CFSTR_SHELLIDLIST format. */
CLIPFORMAT tdo_cf_idlist(void);

/* A GMEM_MOVEABLE copy of size bytes. */
HGLOBAL tdo_bytes(const void *data, SIZE_T size);
/* A CF_HDROP block listing count paths, wide or ANSI. */
HGLOBAL tdo_hdrop(const WCHAR *const *paths, size_t count, BOOL wide);
/* A CIDA: the folder's absolute ID list and count relative items. */
HGLOBAL tdo_cida(PCIDLIST_ABSOLUTE folder, PCUIDLIST_RELATIVE const *items, size_t count);

/* --- ID lists --- */

/* An absolute ID list that the shell here names unc (\\server[\share[\…]]).
 * Windows: ILCreateFromPathW (needs the server). Wine cannot make or name real
 * UNC ID lists (its Network folder has no names), so there it builds a
 * stand-in from IDs: a My Computer drive item whose drive-name text is the
 * \\server or \\server\share part (at most 19 characters), followed by the IDs
 * of local folders (a last component with a dot: a file) of the same names made
 * under C:\shx-ids; Wine's shell32 names such a list by its text. NULL
 * when neither works. Free with ILFree. */
PIDLIST_ABSOLUTE test_unc_idlist(const WCHAR *unc);
/* ILCreateFromPathW with a check that the shell names it back as path. */
PIDLIST_ABSOLUTE test_path_idlist(const WCHAR *path);
/* The My Computer (This PC) folder. */
PIDLIST_ABSOLUTE test_computer_idlist(void);

/* --- drives --- */

/* Under Wine: defines drive letter with GetDriveTypeW type (DRIVE_REMOTE,
 * DRIVE_REMOVABLE…) pointing at the existing folder dir, through the mount
 * manager as winecfg does. Returns FALSE elsewhere or when it fails. */
BOOL test_define_wine_drive(WCHAR letter, UINT type, const WCHAR *dir);

/* --- the handler --- */

/* Loads dll (LoadLibraryW, kept loaded) and creates the handler through its DllGetClassObject, without the
 * registry. TRUE with *init and *cm (release both) or FALSE with both NULL. */
BOOL test_create_handler(const WCHAR *dll, IShellExtInit **init, IContextMenu **cm);

/* --- COM rules --- */

/* One object seen as first (interface first_iid) and as second: both give the
 * same IUnknown, which gives first back for first_iid; each of the count IIDs
 * in foreign is refused (E_NOINTERFACE, *out NULL); a NULL out gives
 * E_POINTER. Returns what releasing the first of its two IUnknowns returned
 * (the caller's references + 1), so the caller can check the count. */
ULONG test_com_identity(IUnknown *first, const IID *first_iid, IUnknown *second, const IID *const *foreign,
                        size_t count);

/* --- files and processes --- */

/* Makes dir, dir\sub and an empty dir\sub\file.txt (what the drive cases point at); TRUE when the file
 * exists. */
BOOL test_make_dir_with_file(const WCHAR *dir);

/* Folder of the running test executable, with a trailing backslash. */
void test_exe_dir(WCHAR *buf, DWORD cch);
/* Runs cmdline, waits at most timeout_ms; returns the exit code or -1 (a trace()
 * line says whether it did not start or ran too long). The start is retried
 * under Wine like th_create_process() (a setup step of the test). */
DWORD test_run(const WCHAR *cmdline, DWORD timeout_ms);
/* For a product call that starts the (stand-in) tray, such as InvokeCommand:
 * TRUE when hr is 0x8007054F (CreateProcessW's ERROR_INTERNAL_ERROR, Wine's
 * answer when the new process ended before it ran; docs/develop.md), under
 * Wine only, and *attempt (start at 1) is below 3; it then traces a note and
 * counts the attempt. Starting the stand-in is the test's setup: the caller
 * calls again and still requires S_OK. */
BOOL test_retry_wine_start(HRESULT hr, int *attempt);
/* Polls (bounded, pumping messages) until path exists; TRUE when it does. */
BOOL test_wait_for_file(const WCHAR *path, DWORD timeout_ms);
/* Reads a whole UTF-8 text file into a new wide string (free with HeapFree). */
WCHAR *test_read_text(const WCHAR *path);

/* --- PE facts --- */

/* Lists the DLLs path imports into names (count entries, each up to 64 chars);
 * returns how many were found or -1 when the file is not a readable x64 PE. */
int test_pe_imports(const WCHAR *path, char names[][64], int count);
/* File size in bytes, or -1. */
LONGLONG test_file_size(const WCHAR *path);

/* --- registry snapshot --- */

/* Lines "K <key>" and "V <key>|<name>|<type>|<data>" for every key and value
 * below root\path (inclusive), sorted. */
typedef struct test_snapshot {
    WCHAR **lines;
    size_t count, cap;
} test_snapshot;

void test_snapshot_take(test_snapshot *snap, HKEY root, const WCHAR *root_name, const WCHAR *path);
void test_snapshot_sort(test_snapshot *snap);
/* TRUE when both hold the same lines; otherwise prints (trace) up to 10 differences. */
BOOL test_snapshot_equal(const test_snapshot *a, const test_snapshot *b);
BOOL test_snapshot_has(const test_snapshot *snap, const WCHAR *line);
void test_snapshot_free(test_snapshot *snap);
/* Adds a line (copied). */
void test_snapshot_add(test_snapshot *snap, const WCHAR *line);
/* Formats value data as in a snapshot line. */
void test_format_value(WCHAR *out, size_t cch, const WCHAR *key, const WCHAR *name, DWORD type,
                       const BYTE *data, DWORD size);

#endif
