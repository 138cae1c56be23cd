/* Test helper (Windows): runs a child process with captured stdout/stderr and fed stdin. */
#include "proc.h"

#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

void th_exe_dir(WCHAR *dir, DWORD len)
{
    WCHAR *slash;
    GetModuleFileNameW(NULL, dir, len);
    slash = wcsrchr(dir, L'\\');
    if (slash)
        *slash = 0;
}

BOOL th_create_process(const WCHAR *app, WCHAR *cmdline, BOOL inherit, DWORD flags, const WCHAR *dir,
                       STARTUPINFOW *si, PROCESS_INFORMATION *pi)
{
    int attempt;
    for (attempt = 1;; attempt++) {
        DWORD error;
        if (CreateProcessW(app, cmdline, NULL, NULL, inherit, flags, NULL, dir, si, pi))
            return TRUE;
        error = GetLastError();
        if (!th_on_wine() || error != ERROR_INTERNAL_ERROR || attempt == 3) {
            SetLastError(error);
            return FALSE;
        }
        trace("Wine could not start [%ls] (error %lu, try %d of 3); retrying this setup step\n", cmdline,
              error, attempt);
    }
}

static HANDLE temp_file(WCHAR *path)
{
    WCHAR dir[MAX_PATH];
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    GetTempPathW(MAX_PATH, dir);
    GetTempFileNameW(dir, L"tho", 0, path);
    return CreateFileW(path, GENERIC_READ | GENERIC_WRITE,
                       FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, &sa, CREATE_ALWAYS,
                       FILE_ATTRIBUTE_TEMPORARY, NULL);
}

static char *slurp(HANDLE h)
{
    LARGE_INTEGER size;
    char *buf;
    DWORD got = 0;
    if (!GetFileSizeEx(h, &size) || size.QuadPart > 64 * 1024 * 1024)
        size.QuadPart = 0;
    buf = calloc(1, (size_t)size.QuadPart + 1);
    if (!buf)
        return NULL;
    SetFilePointer(h, 0, NULL, FILE_BEGIN);
    if (size.QuadPart && !ReadFile(h, buf, (DWORD)size.QuadPart, &got, NULL))
        got = 0;
    buf[got] = 0;
    return buf;
}

int th_run(const WCHAR *cmdline, const char *input, DWORD timeout_ms, th_proc_result *r)
{
    WCHAR out_path[MAX_PATH], err_path[MAX_PATH], *cmd;
    HANDLE out = INVALID_HANDLE_VALUE, err = INVALID_HANDLE_VALUE, in_read = NULL, in_write = NULL;
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    int ran = 0;

    r->exit_code = (DWORD)-1;
    r->start_error = 0;
    r->timed_out = 0;
    r->out = NULL;
    r->err = NULL;
    cmd = _wcsdup(cmdline);
    out = temp_file(out_path);
    err = temp_file(err_path);
    if (!cmd || out == INVALID_HANDLE_VALUE || err == INVALID_HANDLE_VALUE ||
        !CreatePipe(&in_read, &in_write, &sa, 0))
        goto cleanup;
    SetHandleInformation(in_write, HANDLE_FLAG_INHERIT, 0);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = in_read;
    si.hStdOutput = out;
    si.hStdError = err;
    if (!th_create_process(NULL, cmd, TRUE, CREATE_NO_WINDOW, NULL, &si, &pi)) {
        r->start_error = GetLastError();
        trace("could not start [%ls]: error %lu\n", cmdline, r->start_error);
        goto cleanup;
    }
    CloseHandle(in_read);
    in_read = NULL;
    if (input) {
        DWORD done;
        WriteFile(in_write, input, (DWORD)strlen(input), &done, NULL);
    }
    CloseHandle(in_write);
    in_write = NULL;
    if (WaitForSingleObject(pi.hProcess, timeout_ms) == WAIT_OBJECT_0) {
        GetExitCodeProcess(pi.hProcess, &r->exit_code);
        ran = 1;
    } else {
        r->timed_out = 1;
        trace("[%ls] still ran after %lu ms: ended\n", cmdline, timeout_ms);
        TerminateProcess(pi.hProcess, 255); /* our own child, by handle */
        WaitForSingleObject(pi.hProcess, 5000);
    }
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);

cleanup:
    if (out != INVALID_HANDLE_VALUE) {
        r->out = slurp(out);
        CloseHandle(out);
        DeleteFileW(out_path);
    }
    if (err != INVALID_HANDLE_VALUE) {
        r->err = slurp(err);
        CloseHandle(err);
        DeleteFileW(err_path);
    }
    if (!r->out)
        r->out = calloc(1, 1);
    if (!r->err)
        r->err = calloc(1, 1);
    if (in_read)
        CloseHandle(in_read);
    if (in_write)
        CloseHandle(in_write);
    free(cmd);
    return ran;
}

void th_proc_result_free(th_proc_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}
