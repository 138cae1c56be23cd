/* System DLLs that are not KnownDLLs, loaded on first use from System32 only (never the program's folder). */
#define SYSDLL_NO_RENAME
#include "sysdll.h"

#define NETAPI L"netapi32.dll"
#define MPR L"mpr.dll"
#define WS2 L"ws2_32.dll"
#define USER32 L"user32.dll"

HMODULE sysdll_module(const WCHAR *name)
{
    /* A short table: netapi32, mpr, ws2_32 and whatever a caller names. */
    static struct {
        const WCHAR *name;
        HMODULE module;
    } loaded[8];
    static SRWLOCK lock = SRWLOCK_INIT;
    HMODULE m = NULL;
    size_t i;

    AcquireSRWLockExclusive(&lock);
    for (i = 0; i < ARRAYSIZE(loaded) && loaded[i].name; i++)
        if (!lstrcmpiW(loaded[i].name, name)) {
            m = loaded[i].module;
            break;
        }
    if (!m && i < ARRAYSIZE(loaded)) {
        /* System32 only: a portable copy may run from Downloads beside a planted netapi32.dll. */
        m = LoadLibraryExW(name, NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
        if (m) {
            loaded[i].name = name;
            loaded[i].module = m; /* kept for the life of the process */
        }
    } else if (!m) {
        m = LoadLibraryExW(name, NULL, LOAD_LIBRARY_SEARCH_SYSTEM32); /* table full: loaded again */
    }
    ReleaseSRWLockExclusive(&lock);
    return m;
}

FARPROC sysdll_proc(const WCHAR *dll, const char *proc)
{
    HMODULE m = sysdll_module(dll);
    return m ? GetProcAddress(m, proc) : NULL;
}

/* Declares fn, a pointer of type t to dll!name, resolved on first use. */
#define RESOLVE(t, fn, dll, name)                                                                            \
    static void *volatile fn##_cache;                                                                        \
    t fn = (t)fn##_cache;                                                                                    \
    if (!fn) {                                                                                               \
        fn = (t)(void (*)(void))sysdll_proc(dll, name);                                                      \
        fn##_cache = (void *)fn;                                                                             \
    }

NET_API_STATUS WINAPI sysdll_NetUseEnum(LMSTR server, DWORD level, LPBYTE *buf, DWORD max, LPDWORD read,
                                        LPDWORD total, LPDWORD resume)
{
    typedef NET_API_STATUS(WINAPI * fn_t)(LMSTR, DWORD, LPBYTE *, DWORD, LPDWORD, LPDWORD, LPDWORD);
    RESOLVE(fn_t, fn, NETAPI, "NetUseEnum");
    if (!fn) {
        *buf = NULL;
        return ERROR_PROC_NOT_FOUND;
    }
    return fn(server, level, buf, max, read, total, resume);
}

NET_API_STATUS WINAPI sysdll_NetUseDel(LMSTR server, LMSTR name, DWORD force)
{
    typedef NET_API_STATUS(WINAPI * fn_t)(LMSTR, LMSTR, DWORD);
    RESOLVE(fn_t, fn, NETAPI, "NetUseDel");
    return fn ? fn(server, name, force) : ERROR_PROC_NOT_FOUND;
}

NET_API_STATUS WINAPI sysdll_NetApiBufferFree(LPVOID buf)
{
    typedef NET_API_STATUS(WINAPI * fn_t)(LPVOID);
    RESOLVE(fn_t, fn, NETAPI, "NetApiBufferFree");
    return fn ? fn(buf) : ERROR_PROC_NOT_FOUND;
}

DWORD WINAPI sysdll_WNetOpenEnumW(DWORD scope, DWORD type, DWORD usage, LPNETRESOURCEW nr, LPHANDLE h)
{
    typedef DWORD(WINAPI * fn_t)(DWORD, DWORD, DWORD, LPNETRESOURCEW, LPHANDLE);
    RESOLVE(fn_t, fn, MPR, "WNetOpenEnumW");
    return fn ? fn(scope, type, usage, nr, h) : ERROR_PROC_NOT_FOUND;
}

DWORD WINAPI sysdll_WNetEnumResourceW(HANDLE h, LPDWORD count, LPVOID buf, LPDWORD size)
{
    typedef DWORD(WINAPI * fn_t)(HANDLE, LPDWORD, LPVOID, LPDWORD);
    RESOLVE(fn_t, fn, MPR, "WNetEnumResourceW");
    return fn ? fn(h, count, buf, size) : ERROR_PROC_NOT_FOUND;
}

DWORD WINAPI sysdll_WNetCloseEnum(HANDLE h)
{
    typedef DWORD(WINAPI * fn_t)(HANDLE);
    RESOLVE(fn_t, fn, MPR, "WNetCloseEnum");
    return fn ? fn(h) : ERROR_PROC_NOT_FOUND;
}

DWORD WINAPI sysdll_WNetGetUserW(LPCWSTR name, LPWSTR user, LPDWORD len)
{
    typedef DWORD(WINAPI * fn_t)(LPCWSTR, LPWSTR, LPDWORD);
    RESOLVE(fn_t, fn, MPR, "WNetGetUserW");
    return fn ? fn(name, user, len) : ERROR_PROC_NOT_FOUND;
}

DWORD WINAPI sysdll_WNetAddConnection2W(LPNETRESOURCEW nr, LPCWSTR password, LPCWSTR user, DWORD flags)
{
    typedef DWORD(WINAPI * fn_t)(LPNETRESOURCEW, LPCWSTR, LPCWSTR, DWORD);
    RESOLVE(fn_t, fn, MPR, "WNetAddConnection2W");
    return fn ? fn(nr, password, user, flags) : ERROR_PROC_NOT_FOUND;
}

DWORD WINAPI sysdll_WNetCancelConnection2W(LPCWSTR name, DWORD flags, BOOL force)
{
    typedef DWORD(WINAPI * fn_t)(LPCWSTR, DWORD, BOOL);
    RESOLVE(fn_t, fn, MPR, "WNetCancelConnection2W");
    return fn ? fn(name, flags, force) : ERROR_PROC_NOT_FOUND;
}

int WSAAPI sysdll_WSAStartup(WORD version, LPWSADATA data)
{
    typedef int(WSAAPI * fn_t)(WORD, LPWSADATA);
    RESOLVE(fn_t, fn, WS2, "WSAStartup");
    return fn ? fn(version, data) : WSASYSNOTREADY;
}

int WSAAPI sysdll_WSACleanup(void)
{
    typedef int(WSAAPI * fn_t)(void);
    RESOLVE(fn_t, fn, WS2, "WSACleanup");
    return fn ? fn() : SOCKET_ERROR;
}

INT WSAAPI sysdll_GetAddrInfoW(PCWSTR node, PCWSTR service, const ADDRINFOW *hints, PADDRINFOW *res)
{
    typedef INT(WSAAPI * fn_t)(PCWSTR, PCWSTR, const ADDRINFOW *, PADDRINFOW *);
    RESOLVE(fn_t, fn, WS2, "GetAddrInfoW");
    if (!fn) {
        *res = NULL;
        return EAI_FAIL;
    }
    return fn(node, service, hints, res);
}

void WSAAPI sysdll_FreeAddrInfoW(PADDRINFOW res)
{
    typedef void(WSAAPI * fn_t)(PADDRINFOW);
    RESOLVE(fn_t, fn, WS2, "FreeAddrInfoW");
    if (fn)
        fn(res);
}

int WSAAPI sysdll_getnameinfo(const struct sockaddr *addr, socklen_t len, char *host, DWORD hostlen,
                              char *serv, DWORD servlen, int flags)
{
    typedef int(WSAAPI * fn_t)(const struct sockaddr *, socklen_t, char *, DWORD, char *, DWORD, int);
    RESOLVE(fn_t, fn, WS2, "getnameinfo");
    return fn ? fn(addr, len, host, hostlen, serv, servlen, flags) : EAI_FAIL;
}

int WINAPI sysdll_LoadStringW(HINSTANCE module, UINT id, LPWSTR buf, int cch)
{
    typedef int(WINAPI * fn_t)(HINSTANCE, UINT, LPWSTR, int);
    RESOLVE(fn_t, fn, USER32, "LoadStringW");
    if (!fn) {
        if (buf && cch > 0)
            buf[0] = 0;
        SetLastError(ERROR_PROC_NOT_FOUND);
        return 0;
    }
    return fn(module, id, buf, cch);
}

HWND WINAPI sysdll_FindWindowExW(HWND parent, HWND after, LPCWSTR cls, LPCWSTR title)
{
    typedef HWND(WINAPI * fn_t)(HWND, HWND, LPCWSTR, LPCWSTR);
    RESOLVE(fn_t, fn, USER32, "FindWindowExW");
    return fn ? fn(parent, after, cls, title) : NULL;
}

DWORD WINAPI sysdll_GetWindowThreadProcessId(HWND hwnd, LPDWORD pid)
{
    typedef DWORD(WINAPI * fn_t)(HWND, LPDWORD);
    RESOLVE(fn_t, fn, USER32, "GetWindowThreadProcessId");
    if (!fn) {
        if (pid)
            *pid = 0;
        return 0;
    }
    return fn(hwnd, pid);
}

LRESULT WINAPI sysdll_SendMessageTimeoutW(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp, UINT flags, UINT timeout,
                                          PDWORD_PTR result)
{
    typedef LRESULT(WINAPI * fn_t)(HWND, UINT, WPARAM, LPARAM, UINT, UINT, PDWORD_PTR);
    RESOLVE(fn_t, fn, USER32, "SendMessageTimeoutW");
    return fn ? fn(hwnd, msg, wp, lp, flags, timeout, result) : 0;
}
