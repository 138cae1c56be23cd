/* Win32 helpers: UTF-8/UTF-16 conversion, error sentences from string tables, system facts. */
#include "winutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "resource_ids.h"
#include "sysdll.h"

/* Both directions refuse what has no exact counterpart (a lone UTF-16
 * surrogate, invalid UTF-8) instead of turning it into U+FFFD: a path, user
 * name or password that changed meaning on the way would name something else. */
char *win_to_utf8(const WCHAR *text)
{
    int n;
    char *out;
    if (!text)
        return NULL;
    n = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, text, -1, NULL, 0, NULL, NULL);
    if (n <= 0)
        return NULL; /* GetLastError(): ERROR_NO_UNICODE_TRANSLATION */
    out = malloc((size_t)n);
    if (!out) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, text, -1, out, n, NULL, NULL) != n) {
        free(out);
        out = NULL;
    }
    return out;
}

WCHAR *win_from_utf8(const char *text)
{
    int n;
    WCHAR *out;
    if (!text)
        return NULL;
    n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, NULL, 0);
    if (n <= 0)
        return NULL; /* GetLastError(): ERROR_NO_UNICODE_TRANSLATION */
    out = malloc((size_t)n * sizeof(WCHAR));
    if (!out) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, out, n) != n) {
        free(out);
        out = NULL;
    }
    return out;
}

WCHAR *win_error_sentence(HMODULE module, DWORD code, WCHAR *buf, DWORD len)
{
    WCHAR sentence[512] = L"", system[512] = L"";
    DWORD n;
    if (!len)
        return buf;
    buf[0] = 0;
    if (!module)
        module = GetModuleHandleW(NULL);
    /* Account-state codes share their sentences' IDs with the error table in resources/strings.rc. */
    if (code <= 0xFFFF && !sysdll_LoadStringW(module, IDS_ERROR_BASE + code, sentence, ARRAYSIZE(sentence)))
        sentence[0] = 0;
    n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0, system,
                       ARRAYSIZE(system), NULL);
    while (n && (system[n - 1] == L'\n' || system[n - 1] == L'\r' || system[n - 1] == L' '))
        system[--n] = 0;
    if (sentence[0] && system[0])
        _snwprintf(buf, len, L"%ls (%ls)", sentence, system);
    else if (sentence[0])
        _snwprintf(buf, len, L"%ls", sentence);
    else if (system[0])
        _snwprintf(buf, len, L"%ls", system);
    buf[len - 1] = 0;
    return buf;
}

typedef BOOL(WINAPI *set_default_dirs_fn)(DWORD);

void win_harden_dll_search(void)
{
    /* Looked up: kernel32 has it from Windows 8 (7 with KB2533623) and in Wine. */
    HMODULE k32 = GetModuleHandleW(L"kernel32.dll");
    set_default_dirs_fn set_dirs =
        k32 ? (set_default_dirs_fn)(void (*)(void))GetProcAddress(k32, "SetDefaultDllDirectories") : NULL;
    if (set_dirs)
        set_dirs(LOAD_LIBRARY_SEARCH_SYSTEM32 | LOAD_LIBRARY_SEARCH_USER_DIRS);
    SetDllDirectoryW(L""); /* and never the current folder, where the old search order still looks */
}

int win_is_elevated(void)
{
    HANDLE token;
    TOKEN_ELEVATION elevation;
    DWORD size = 0;
    int result = -1;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return -1;
    if (GetTokenInformation(token, TokenElevation, &elevation, sizeof(elevation), &size))
        result = elevation.TokenIsElevated ? 1 : 0;
    CloseHandle(token);
    return result;
}

char *win_logon_user(void)
{
    HANDLE token;
    BYTE buffer[256];
    TOKEN_USER *tu = (TOKEN_USER *)buffer;
    WCHAR name[257], domain[256], both[520];
    DWORD size = 0, name_len = ARRAYSIZE(name), domain_len = ARRAYSIZE(domain);
    SID_NAME_USE use;
    char *result = NULL;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return NULL;
    if (GetTokenInformation(token, TokenUser, buffer, sizeof(buffer), &size) &&
        LookupAccountSidW(NULL, tu->User.Sid, name, &name_len, domain, &domain_len, &use)) {
        if (domain[0])
            _snwprintf(both, ARRAYSIZE(both), L"%ls\\%ls", domain, name);
        else
            _snwprintf(both, ARRAYSIZE(both), L"%ls", name);
        both[ARRAYSIZE(both) - 1] = 0;
        result = win_to_utf8(both);
    }
    CloseHandle(token);
    return result;
}

typedef LONG(WINAPI *rtl_get_version_fn)(OSVERSIONINFOW *);

void win_describe_system(strbuf *out, int json)
{
    OSVERSIONINFOW v;
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    rtl_get_version_fn get_version = NULL;
    const char *wine = NULL;
    int elevated = win_is_elevated();
    char os[128] = "unknown";

    memset(&v, 0, sizeof(v));
    v.dwOSVersionInfoSize = sizeof(v);
    if (ntdll) {
        get_version = (rtl_get_version_fn)(void (*)(void))GetProcAddress(ntdll, "RtlGetVersion");
        /* Support staff must know when the report comes from Wine, not Windows. */
        if (GetProcAddress(ntdll, "wine_get_version")) {
            const char *(CDECL * wine_version)(void) =
                (const char *(CDECL *)(void))(void (*)(void))GetProcAddress(ntdll, "wine_get_version");
            wine = wine_version ? wine_version() : "?";
        }
    }
    if (get_version && get_version(&v) == 0)
        snprintf(os, sizeof(os), "Windows %lu.%lu build %lu%s%s", v.dwMajorVersion, v.dwMinorVersion,
                 v.dwBuildNumber, wine ? " (Wine " : "", wine ? wine : "");
    if (wine)
        strncat(os, ")", sizeof(os) - strlen(os) - 1);
    if (json) {
        strbuf_add(out, "\"os\": ");
        strbuf_add_json_string(out, os);
        strbuf_addf(out, ", \"process_elevated\": %s, ", elevated < 0 ? "null" : elevated ? "true" : "false");
    } else {
        strbuf_addf(out, "System: %s\n", os);
        strbuf_addf(out, "This process is elevated: %s\n",
                    elevated < 0 ? "unknown"
                    : elevated   ? "yes — the list shows the elevated logon session, not Explorer's"
                                 : "no");
    }
}
