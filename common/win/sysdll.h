/* System DLLs that are not KnownDLLs, loaded on first use from System32 only (never the program's folder). */
#ifndef CONNECTAS_SYSDLL_H
#define CONNECTAS_SYSDLL_H

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <lm.h>
#include <winnetwk.h>

/* The system DLL name (a string literal such as L"netapi32.dll"), loaded once from System32 only
 * (LoadLibraryExW with LOAD_LIBRARY_SEARCH_SYSTEM32) and kept loaded; NULL
 * when it cannot be loaded. Thread-safe. */
HMODULE sysdll_module(const WCHAR *name);

/* GetProcAddress on sysdll_module(dll); NULL when either is missing. */
FARPROC sysdll_proc(const WCHAR *dll, const char *proc);

/* Stand-ins with the system prototypes that load netapi32, mpr and ws2_32
 * through sysdll_proc on first call. A missing DLL or export answers
 * ERROR_PROC_NOT_FOUND (WSASYSNOTREADY for WSAStartup, EAI_FAIL for
 * GetAddrInfoW) as if the call failed. Code that includes this header after
 * the system headers calls them under their usual names (macros below). */
NET_API_STATUS WINAPI sysdll_NetUseEnum(LMSTR server, DWORD level, LPBYTE *buf, DWORD max, LPDWORD read,
                                        LPDWORD total, LPDWORD resume);
NET_API_STATUS WINAPI sysdll_NetUseDel(LMSTR server, LMSTR name, DWORD force);
NET_API_STATUS WINAPI sysdll_NetApiBufferFree(LPVOID buf);
DWORD WINAPI sysdll_WNetOpenEnumW(DWORD scope, DWORD type, DWORD usage, LPNETRESOURCEW nr, LPHANDLE h);
DWORD WINAPI sysdll_WNetEnumResourceW(HANDLE h, LPDWORD count, LPVOID buf, LPDWORD size);
DWORD WINAPI sysdll_WNetCloseEnum(HANDLE h);
DWORD WINAPI sysdll_WNetGetUserW(LPCWSTR name, LPWSTR user, LPDWORD len);
DWORD WINAPI sysdll_WNetAddConnection2W(LPNETRESOURCEW nr, LPCWSTR password, LPCWSTR user, DWORD flags);
DWORD WINAPI sysdll_WNetCancelConnection2W(LPCWSTR name, DWORD flags, BOOL force);
int WSAAPI sysdll_WSAStartup(WORD version, LPWSADATA data);
int WSAAPI sysdll_WSACleanup(void);
INT WSAAPI sysdll_GetAddrInfoW(PCWSTR node, PCWSTR service, const ADDRINFOW *hints, PADDRINFOW *res);
void WSAAPI sysdll_FreeAddrInfoW(PADDRINFOW res);
int WSAAPI sysdll_getnameinfo(const struct sockaddr *addr, socklen_t len, char *host, DWORD hostlen,
                              char *serv, DWORD servlen, int flags);

/* user32 (a KnownDLL) looked up when first needed, so that connectas.exe
 * starts without it: under Wine loading user32 also loads win32u, gdi32,
 * imm32 and version. Same failure convention (0 / NULL, ERROR_PROC_NOT_FOUND). */
int WINAPI sysdll_LoadStringW(HINSTANCE module, UINT id, LPWSTR buf, int cch);
HWND WINAPI sysdll_FindWindowExW(HWND parent, HWND after, LPCWSTR cls, LPCWSTR title);
DWORD WINAPI sysdll_GetWindowThreadProcessId(HWND hwnd, LPDWORD pid);
LRESULT WINAPI sysdll_SendMessageTimeoutW(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp, UINT flags, UINT timeout,
                                          PDWORD_PTR result);

#ifndef SYSDLL_NO_RENAME
#undef WNetOpenEnum
#undef WNetEnumResource
#undef WNetGetUser
#undef WNetAddConnection2
#undef WNetCancelConnection2
#undef GetAddrInfo
#undef FreeAddrInfo
#define NetUseEnum sysdll_NetUseEnum
#define NetUseDel sysdll_NetUseDel
#define NetApiBufferFree sysdll_NetApiBufferFree
#define WNetOpenEnumW sysdll_WNetOpenEnumW
#define WNetEnumResourceW sysdll_WNetEnumResourceW
#define WNetCloseEnum sysdll_WNetCloseEnum
#define WNetGetUserW sysdll_WNetGetUserW
#define WNetAddConnection2W sysdll_WNetAddConnection2W
#define WNetCancelConnection2W sysdll_WNetCancelConnection2W
#define WSAStartup sysdll_WSAStartup
#define WSACleanup sysdll_WSACleanup
#define GetAddrInfoW sysdll_GetAddrInfoW
#define FreeAddrInfoW sysdll_FreeAddrInfoW
#define getnameinfo sysdll_getnameinfo
#endif

#endif
