/* Test stand-in for connectas-tray.exe: records its command line, folder and process id, then exits. */
#include <windows.h>

#include <string.h>

/* Writes "cmd=<command line>\ncwd=<current folder>\npid=<process id>\n" (UTF-8)
 * to the file named by %CONNECTAS_STANDIN_LOG%: first to <log>.tmp, then
 * renamed, so that a reader polling for <log> never sees half a record. When
 * %CONNECTAS_STANDIN_HOLD% names an event, it then waits (at most 60 s) for the
 * event before it exits: a caller that waited for the tray to end would still
 * be waiting, which the test sees without measuring time. */
int main(void)
{
    WCHAR log[MAX_PATH], tmp[MAX_PATH + 8], cwd[MAX_PATH], hold_name[MAX_PATH];
    const WCHAR *cmd = GetCommandLineW();
    HANDLE file, hold;
    char *text;
    int len, cap;
    DWORD done;

    if (!GetEnvironmentVariableW(L"CONNECTAS_STANDIN_LOG", log, MAX_PATH))
        return 2;
    if (!GetCurrentDirectoryW(MAX_PATH, cwd))
        cwd[0] = 0;
    lstrcpyW(tmp, log);
    lstrcatW(tmp, L".tmp");
    cap = (lstrlenW(cmd) + lstrlenW(cwd)) * 3 + 64;
    text = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)cap);
    if (!text)
        return 3;
    len = 0;
    memcpy(text, "cmd=", 4);
    len = 4;
    len += WideCharToMultiByte(CP_UTF8, 0, cmd, -1, text + len, cap - len, NULL, NULL) - 1;
    memcpy(text + len, "\ncwd=", 5);
    len += 5;
    len += WideCharToMultiByte(CP_UTF8, 0, cwd, -1, text + len, cap - len, NULL, NULL) - 1;
    len += wsprintfA(text + len, "\npid=%lu\n", GetCurrentProcessId());
    file = CreateFileW(tmp, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
        return 4;
    WriteFile(file, text, (DWORD)len, &done, NULL);
    CloseHandle(file);
    if (!MoveFileExW(tmp, log, MOVEFILE_REPLACE_EXISTING))
        return 5;
    if (GetEnvironmentVariableW(L"CONNECTAS_STANDIN_HOLD", hold_name, MAX_PATH) &&
        (hold = OpenEventW(SYNCHRONIZE, FALSE, hold_name)) != NULL) {
        WaitForSingleObject(hold, 60000);
        CloseHandle(hold);
    }
    return 0;
}
