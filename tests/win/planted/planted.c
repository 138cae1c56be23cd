/* A planted DLL for the DLL-planting test: loading it (or calling it) leaves a marker file behind. */
#include <windows.h>

#include <string.h>

/* Appends this module's file name to %CONNECTAS_PLANT_MARKER% (one line per load or call). */
static void mark(const char *what)
{
    WCHAR path[MAX_PATH];
    char line[MAX_PATH + 64];
    HMODULE self = NULL;
    HANDLE h;
    DWORD done, n;
    if (!GetEnvironmentVariableW(L"CONNECTAS_PLANT_MARKER", path, MAX_PATH))
        return;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                       (LPCWSTR)(void *)mark, &self);
    n = GetModuleFileNameA(self, line, MAX_PATH);
    if (n >= MAX_PATH)
        n = 0;
    line[n] = 0;
    strncat(line, what, sizeof(line) - strlen(line) - 1);
    h = CreateFileW(path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_ALWAYS, 0, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return;
    WriteFile(h, line, (DWORD)strlen(line), &done, NULL);
    CloseHandle(h);
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, void *reserved);

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, void *reserved)
{
    (void)inst;
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH)
        mark(" loaded\n");
    return TRUE;
}

/* Every export: a call that fails with ERROR_NOT_SUPPORTED after leaving its mark. */
#define PLANT(name)                                                                                          \
    DWORD WINAPI name(void);                                                                                 \
    DWORD WINAPI name(void)                                                                                  \
    {                                                                                                        \
        mark(" called " #name "\n");                                                                         \
        return ERROR_NOT_SUPPORTED;                                                                          \
    }

PLANT(plant_NetUseEnum)
PLANT(plant_NetUseDel)
PLANT(plant_NetApiBufferFree)
PLANT(plant_NetDfsGetClientInfo)
PLANT(plant_WNetOpenEnumW)
PLANT(plant_WNetEnumResourceW)
PLANT(plant_WNetCloseEnum)
PLANT(plant_WNetGetUserW)
PLANT(plant_WNetAddConnection2W)
PLANT(plant_WNetCancelConnection2W)
PLANT(plant_WNetGetConnectionW)
PLANT(plant_WNetUseConnectionW)
