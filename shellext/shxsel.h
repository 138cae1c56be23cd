/* Shell-extension selection logic: which paths get "Connect as…", read from data objects by local facts only.
 */
#ifndef CONNECTAS_SHXSEL_H
#define CONNECTAS_SHXSEL_H

#include <windows.h>
#include <shellapi.h>
#include <shlobj.h>

/* Reports the drive type of a root such as L"N:\\" (GetDriveTypeW's contract). */
typedef UINT(WINAPI *shx_drive_type_fn)(const WCHAR *root);

/* A drive-type cache shared by a process's selections: each letter's answer is
 * kept ttl_ms milliseconds (see shx_cached_drive_type). Zero-initialise slot. */
typedef struct shx_drive_cache {
    shx_drive_type_fn fn;
    DWORD ttl_ms;
    LONG64 volatile slot[26];
} shx_drive_cache;
/* How long the process's cache keeps a drive type. */
#define SHX_DRIVE_CACHE_MS 2000u
/* The type of drive letter (A-Z, any case; others DRIVE_NO_ROOT_DIR) at tick
 * now: cache->fn's answer, asked again once it is ttl_ms old (tick wrap-around
 * included). Thread-safe. */
UINT shx_drive_cache_get(shx_drive_cache *cache, WCHAR letter, DWORD now);
/* GetDriveTypeW through the process's cache: the default drive_type of every
 * function below. */
UINT WINAPI shx_cached_drive_type(const WCHAR *root);

/* What a path is, decided from the string and the drive type alone. */
typedef enum shx_path_kind {
    SHX_PATH_NONE,         /* local, removable, virtual or not understood: no item */
    SHX_PATH_UNC,          /* \\server[\share[\…]] or \\?\UNC\server\share[\…] */
    SHX_PATH_REMOTE_DRIVE, /* X:[\…] where GetDriveTypeW(X:\) == DRIVE_REMOTE */
} shx_path_kind;

/* Longest server name accepted (DNS name limit, as common/core/unc.h). */
#define SHX_MAX_SERVER 255
/* Longest path accepted (Windows' long-path limit, in characters, without the NUL). */
#define SHX_MAX_PATH 32767

/* Classifies path (len characters, need not be NUL-terminated). For SHX_PATH_UNC
 * server and server_len name the server inside path; for SHX_PATH_REMOTE_DRIVE they
 * name the drive letter. drive_type is called only for drive paths. Never touches
 * the file system or the network itself. */
shx_path_kind shx_classify(const WCHAR *path, size_t len, shx_drive_type_fn drive_type, const WCHAR **server,
                           size_t *server_len);

/* A selection being judged item by item.
 *
 * Rule for "one server" (local facts only): UNC items are on one server when
 * their server names are equal ignoring case (different spellings of one host
 * are different session slots, as rule R2). A mapped drive's server cannot be
 * known without asking the redirector, so each drive letter counts as its own
 * server: items on N: go together, items on N: and O: (or N: and a UNC path)
 * do not, even if both lead to the same host. */
typedef struct shx_selection {
    shx_drive_type_fn drive_type;
    UINT drive_cache[26];            /* 0 = not asked yet, else GetDriveTypeW result + 1 */
    shx_path_kind kind;              /* kind of the first item */
    char server[SHX_MAX_SERVER + 1]; /* server (or drive letter) of the first item, ASCII */
    size_t server_len;
    WCHAR *first_path; /* what the tray is given for the first item (UNC paths normalised), HeapAlloc'd */
    size_t count;      /* items accepted so far */
    BOOL rejected;     /* an item was not eligible or on another server */
} shx_selection;

/* Starts an empty selection; drive_type NULL means shx_cached_drive_type. */
void shx_selection_init(shx_selection *sel, shx_drive_type_fn drive_type);
/* Adds one path (len characters). Returns FALSE once the selection cannot get
 * the item any more (this path or an earlier one was rejected, or out of memory). */
BOOL shx_selection_add(shx_selection *sel, const WCHAR *path, size_t len);
/* TRUE when at least one item was added and all of them are on one server. */
BOOL shx_selection_eligible(const shx_selection *sel);
/* Frees what the selection holds and leaves it empty (rejected). Safe twice. */
void shx_selection_cleanup(shx_selection *sel);

/* Reads a CF_HDROP block (a DROPFILES header and a double-NUL-terminated list,
 * wide or ANSI) of size bytes into sel. Every offset and string is checked
 * against size. S_OK when the block was well formed and held at least one
 * name (sel may still be rejected); E_FAIL for empty or malformed blocks. */
HRESULT shx_read_hdrop(const void *data, SIZE_T size, shx_selection *sel);

/* Reads a CFSTR_SHELLIDLIST block (a CIDA) of size bytes into sel: checks the
 * count, every offset and every item ID against size first, then names the
 * items with the shell's ID-list-to-path functions. With more than two items
 * below a UNC or mapped-network folder, the children are on its server by
 * construction and only the folder and the first child are named. S_OK when well formed and every item needed
 * could be named; E_FAIL otherwise (the caller may then try CF_HDROP). */
HRESULT shx_read_cida(const void *data, SIZE_T size, shx_selection *sel);

/* Adds the folder an ID list names (the background case) to sel. */
HRESULT shx_read_folder(PCIDLIST_ABSOLUTE folder, shx_selection *sel);

/* Fills sel from a data object the way Explorer hands it to IShellExtInit:
 * CFSTR_SHELLIDLIST first, CF_HDROP when the ID lists are absent or cannot be
 * named. E_FAIL quietly for empty or malformed data. */
HRESULT shx_read_dataobject(IDataObject *obj, shx_selection *sel);

/* ---- The selection decision ----
 *
 * The one decision "does Connect as… show, and with which path", shared by the
 * classic IContextMenu (menu.c) and the Windows 11 IExplorerCommand, so that
 * both always agree. Each returns S_OK with *path set to the path to hand to
 * the tray (HeapAlloc'd: HeapFree it; a UNC path in its normalised form) when
 * the item shows; S_FALSE with *path NULL when it hides; a failure HRESULT
 * with *path NULL (hide) for missing or malformed input. drive_type NULL
 * means shx_cached_drive_type. Local facts only (the strings, the ID lists' drive
 * items, drive types, the shell's parsing names): never the network, never
 * UI, never a wait. The rules: shellext/README.md and docs/paths.md. */

/* A data object as IShellExtInit::Initialize gets it (obj), or, with obj
 * NULL, the background of folder. */
HRESULT shx_decide_dataobject(IDataObject *obj, PCIDLIST_ABSOLUTE folder, shx_drive_type_fn drive_type,
                              WCHAR **path);
/* An IShellItemArray as IExplorerCommand::GetState / Invoke get it. */
HRESULT shx_decide_items(IShellItemArray *items, shx_drive_type_fn drive_type, WCHAR **path);
/* count children (single-level or deeper relative ID lists) of the absolute
 * folder; count 0: the folder itself (a background). */
HRESULT shx_decide_idlists(PCIDLIST_ABSOLUTE folder, PCUIDLIST_RELATIVE const *items, size_t count,
                           shx_drive_type_fn drive_type, WCHAR **path);
/* count parsing names (paths as Explorer names them). */
HRESULT shx_decide_names(const WCHAR *const *names, size_t count, shx_drive_type_fn drive_type, WCHAR **path);

/* Name of an absolute ID list: its desktop-absolute parsing name (a path for
 * file-system and network items: \\server\share\dir, \\server, N:\), or, when
 * that is virtual ("::{CLSID}…"), its file-system path if it has one.
 * *out is CoTaskMemAlloc'd. */
HRESULT shx_name_of_idlist(PCIDLIST_ABSOLUTE pidl, WCHAR **out);

/* Appends arg to out (capacity cap characters, NUL included) quoted so that
 * CommandLineToArgvW gives arg back unchanged: wrapped in quotes, backslashes
 * before a quote or the closing quote doubled, quotes escaped. Returns the new
 * length, or (size_t)-1 when it does not fit (out then ends where it was). */
size_t shx_append_quoted(WCHAR *out, size_t len, size_t cap, const WCHAR *arg);

/* Starts "<dir>\connectas-tray.exe" connect "<path>" where dir is the folder of
 * module's file, with the full application path (never a search), current
 * directory dir, and returns without waiting (handles closed). nshow is passed
 * to the new process. An HRESULT from the Win32 error when it cannot start
 * (e.g. HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) when the exe is missing). */
HRESULT shx_launch_tray(HMODULE module, const WCHAR *path, int nshow);

#endif
