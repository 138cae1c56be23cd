/* Saving a support snapshot to a file on Windows: system facts, the computer name, a UTF-16 path. */
#include "snapshot_file.h"

#include <stdlib.h>
#include <time.h>

#include "winutil.h"

DWORD win_write_whole_file(const WCHAR *path, const char *data, size_t len)
{
    HANDLE h;
    DWORD done = 0, rc = NO_ERROR;
    if (!path || len > 0x7FFFFFFF)
        return ERROR_INVALID_PARAMETER;
    h = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return GetLastError();
    if (!WriteFile(h, data, (DWORD)len, &done, NULL) || done != len)
        rc = GetLastError() ? GetLastError() : ERROR_WRITE_FAULT;
    if (!CloseHandle(h) && rc == NO_ERROR)
        rc = GetLastError();
    if (rc != NO_ERROR)
        DeleteFileW(path);
    return rc;
}

ca_status win_save_snapshot(const model *m, const WCHAR *path, unsigned flags, const char *version,
                            size_t *left_out, ca_error *err)
{
    snapshot_info info;
    strbuf sys, text;
    WCHAR name[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD len = ARRAYSIZE(name), rc;
    char *machine = NULL;
    ca_status st;
    strbuf_init(&sys);
    strbuf_init(&text);
    win_describe_system(&sys, 0);
    if (GetComputerNameW(name, &len))
        machine = win_to_utf8(name);
    memset(&info, 0, sizeof(info));
    info.version = version;
    info.taken = (long long)time(NULL);
    info.machine = machine;
    info.system = sys.len ? strbuf_str(&sys) : NULL;
    st = snapshot_write(m, &info, flags, &text, left_out, err);
    if (st == CA_OK && (rc = win_write_whole_file(path, strbuf_str(&text), text.len)) != NO_ERROR)
        st = ca_fail_code(err, CA_ERR_IO, rc, "cannot write the snapshot file");
    free(machine);
    strbuf_cleanup(&sys);
    strbuf_cleanup(&text);
    return st;
}
