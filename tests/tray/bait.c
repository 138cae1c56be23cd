/* tray_bait.exe: a program ConnectAs must never run; when run it leaves %TEMP%\ca_ran\NAME.txt (NAME = its
 * own name). */
#include <windows.h>

#include <wchar.h>

int wmain(void);
int wmain(void)
{
    WCHAR self[MAX_PATH], marker[MAX_PATH * 2], *name, *dot;
    HANDLE h;
    if (!GetModuleFileNameW(NULL, self, MAX_PATH))
        return 1;
    name = wcsrchr(self, L'\\');
    name = name ? name + 1 : self;
    dot = wcsrchr(name, L'.');
    if (dot)
        *dot = 0;
    if (!GetTempPathW(MAX_PATH, marker))
        return 1;
    wcsncat(marker, L"ca_ran\\", ARRAYSIZE(marker) - wcslen(marker) - 1);
    CreateDirectoryW(marker, NULL);
    wcsncat(marker, name, ARRAYSIZE(marker) - wcslen(marker) - 1);
    wcsncat(marker, L".txt", ARRAYSIZE(marker) - wcslen(marker) - 1);
    h = CreateFileW(marker, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return 1;
    CloseHandle(h);
    return 0;
}
