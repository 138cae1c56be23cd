/* The tray's hand-off protocol, defined once: exe name, window class, names per user, 'CAT1' payloads, verbs.
 */
#ifndef CONNECTAS_WIN_HANDOFF_H
#define CONNECTAS_WIN_HANDOFF_H

#include <windows.h>

/*
 * connectas-tray.exe runs once per logon session and user (instance name
 * "default", "sandbox" with --scenario, or --instance NAME). The first process
 * holds the mutex handoff_names() gives and owns a hidden window of class
 * HANDOFF_WINDOW_CLASS whose title handoff_names() gives; both carry the
 * user's SID, so two users sharing a session (runas) never meet. A second
 * process (the shell extension's "connect PATH", the CLI's "exit", a second
 * tray start) finds the window with handoff_find_tray, which also checks that
 * the window's process runs as the same user, and sends its command line as
 * WM_COPYDATA with dwData HANDOFF_COPYDATA_TAG: the arguments as consecutive
 * NUL-terminated UTF-16 strings (handoff_pack). The receiver accepts nothing
 * else from another process: handoff_unpack checks every bound and
 * handoff_parse accepts only the documented grammar:
 *
 *   [--background] [--instance NAME] [--scenario FILE] [--refresh SECONDS]
 *   [connect PATH | show | exit] [--help]
 */

#define HANDOFF_TRAY_EXE L"connectas-tray.exe"
#define HANDOFF_WINDOW_CLASS L"ConnectAs.TrayMessages"
#define HANDOFF_COPYDATA_TAG 0x31544143u /* 'CAT1' */
#define HANDOFF_VERB_CONNECT L"connect"
#define HANDOFF_VERB_SHOW L"show"
#define HANDOFF_VERB_EXIT L"exit"
#define HANDOFF_DEFAULT_INSTANCE L"default"
#define HANDOFF_SANDBOX_INSTANCE L"sandbox"

#define HANDOFF_MAX_ARGS 16              /* arguments in one command line */
#define HANDOFF_MAX_ARG_LEN 32767        /* UTF-16 units in one argument (a long path) */
#define HANDOFF_MAX_BYTES (256u * 1024u) /* a whole payload */
#define HANDOFF_MAX_INSTANCE 64          /* characters in an instance name */
#define HANDOFF_MAX_REFRESH_S 86400u
/* Room for the names handoff_names writes (a SID is at most ~190 characters). */
#define HANDOFF_NAME_CCH 320

typedef enum handoff_verb {
    HANDOFF_CMD_NONE,    /* no verb: open the sessions window unless --background */
    HANDOFF_CMD_SHOW,    /* show */
    HANDOFF_CMD_CONNECT, /* connect PATH */
    HANDOFF_CMD_EXIT,    /* exit */
} handoff_verb;

/* A parsed command line; the strings point into the argv it was parsed from. */
typedef struct handoff_cmd {
    handoff_verb verb;
    const WCHAR *path;     /* connect: the path (1..HANDOFF_MAX_ARG_LEN units, no control characters) */
    const WCHAR *scenario; /* --scenario FILE */
    const WCHAR *instance; /* --instance NAME (handoff_instance_name_ok) */
    int background;        /* --background */
    unsigned refresh_s;    /* --refresh SECONDS (1..HANDOFF_MAX_REFRESH_S), 0 when not given */
    int help;              /* --help, -h, /? */
    const WCHAR *bad;      /* on failure: the argument not understood (NULL: a value is missing) */
} handoff_cmd;

/* 1 when name is a valid instance name: 1-64 of A-Z a-z 0-9 . _ - */
int handoff_instance_name_ok(const WCHAR *name);

/* Parses argc arguments (without the program name). Returns 1 when they follow
 * the grammar above, else 0 with cmd->bad set. Every argument is checked:
 * at most HANDOFF_MAX_ARG_LEN units, no control characters, no lone
 * surrogates. */
int handoff_parse(int argc, WCHAR **argv, handoff_cmd *cmd);

/* Packs argv as consecutive NUL-terminated strings (malloc'd, *size in bytes);
 * NULL when it would exceed HANDOFF_MAX_ARGS or HANDOFF_MAX_BYTES. */
WCHAR *handoff_pack(int argc, WCHAR **argv, DWORD *size);

/* Unpacks a payload another process sent: size even, at most
 * HANDOFF_MAX_BYTES, ending in NUL, at most HANDOFF_MAX_ARGS strings of at
 * most HANDOFF_MAX_ARG_LEN units. Returns a malloc'd, NULL-terminated argv
 * (one block: free() it) and *argc, or NULL. Only the layout is checked here;
 * handoff_parse_payload also checks the grammar. */
WCHAR **handoff_unpack(const void *data, DWORD size, int *argc);

/* What the tray's message window does with a WM_COPYDATA: tag must be
 * HANDOFF_COPYDATA_TAG, the payload must unpack and parse. Returns the argv
 * block (free() it; cmd points into it) or NULL when the message is refused. */
WCHAR **handoff_parse_payload(ULONG_PTR tag, const void *data, DWORD size, int *argc, handoff_cmd *cmd);

/* The string SID of this process's user ("S-1-5-21-…") into out (cch
 * characters). ERROR_SUCCESS or a Win32 error. */
DWORD handoff_user_sid(WCHAR *out, size_t cch);

/* The names of instance for this user: mutex "Local\ConnectAs.Tray.<instance>.<SID>"
 * and window title "<instance>.<SID>" (either out may be NULL; each
 * HANDOFF_NAME_CCH characters). ERROR_INVALID_PARAMETER for a bad instance. */
DWORD handoff_names(const WCHAR *instance, WCHAR *mutex, WCHAR *window);

/* TRUE when hwnd's process runs as this process's user (its token's user SID
 * is ours). FALSE when it does not or cannot be checked. */
BOOL handoff_window_is_mine(HWND hwnd);

/* The message window of this user's tray instance: class HANDOFF_WINDOW_CLASS,
 * title from handoff_names, owner checked with handoff_window_is_mine
 * (top-level and message-only windows). NULL when there is none. */
HWND handoff_find_tray(const WCHAR *instance);

/* Sends a packed command line to hwnd (SendMessageTimeout, SMTO_ABORTIFHUNG).
 * ERROR_SUCCESS when the tray accepted it, ERROR_INVALID_DATA when it refused,
 * ERROR_TIMEOUT or another Win32 error. */
DWORD handoff_send(HWND hwnd, const WCHAR *packed, DWORD size, DWORD timeout_ms);

#endif
