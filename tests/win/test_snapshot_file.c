/* Tests of win_save_snapshot (common/win/snapshot_file.c): a file the scenario parser loads, UTF-16 paths. */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "scenario.h"
#include "snapshot_file.h"
#include "winutil.h"

static char *read_all(const WCHAR *path, size_t *len)
{
    HANDLE h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    DWORD size, got = 0;
    char *buf;
    if (h == INVALID_HANDLE_VALUE)
        return NULL;
    size = GetFileSize(h, NULL);
    buf = malloc(size + 1);
    if (buf && ReadFile(h, buf, size, &got, NULL))
        buf[got] = 0;
    CloseHandle(h);
    *len = got;
    return buf;
}

int main(int argc, char **argv)
{
    static const char text[] = "logon IAI\\bp\nuse O: \\\\hka-fs01\\data\nuse Z: \\\\hka-fs01.iai.nl\\data\n"
                               "cred *.iai.nl IAI\\wide\nhost hka-fs01 hka-fs01.iai.nl 192.0.2.40\n";
    WCHAR path[MAX_PATH], name[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD nlen = ARRAYSIZE(name);
    model *m = NULL, *back = NULL;
    ca_error e = {{0}, 0};
    char *data, *name8;
    size_t len = 0, left = 9;
    th_init(argc, argv);
    ok(scenario_parse("t", text, strlen(text), &m, &e) == CA_OK, "parse: %s\n", e.msg);
    GetTempPathW(MAX_PATH - 24, path);
    wcsncat(path, L"Jos\x00e9-\x6d4b.scenario", ARRAYSIZE(path) - wcslen(path) - 1);
    GetComputerNameW(name, &nlen);
    name8 = win_to_utf8(name);

    ok(win_save_snapshot(m, path, 0, "1.2.3", &left, &e) == CA_OK && left == 0, "save: %s\n", e.msg);
    data = read_all(path, &len);
    ok(data && scenario_parse("saved", data, len, &back, &e) == CA_OK && back && back->use_count == 2 &&
           back->cred_count == 1 && back->host_count == 1,
       "the saved file loads back: %s\n", e.msg);
    ok(data && strstr(data, "by connectas 1.2.3") && strstr(data, "# System: ") && name8 &&
           strstr(data, name8),
       "version, system and computer name in the comments:\n%s", data);
    model_free(back);
    free(data);

    ok(win_save_snapshot(m, path, SNAPSHOT_REDACT, "1.2.3", NULL, &e) == CA_OK, "save redacted: %s\n", e.msg);
    data = read_all(path, &len);
    ok(data && !strstr(data, "hka-fs01") && !strstr(data, "iai") && !strstr(data, "IAI") &&
           (!name8 || !strstr(data, name8)) && strstr(data, "# redacted:"),
       "no real name, not even the computer's:\n%s", data);
    free(data);
    DeleteFileW(path);

    wcsncpy(path, L"Q:\\no\\such\\folder\\x.scenario", ARRAYSIZE(path) - 1);
    ok(win_save_snapshot(m, path, 0, "1.2.3", NULL, &e) == CA_ERR_IO && e.code != 0,
       "an unwritable path fails with a code: %lu %s\n", e.code, e.msg);
    free(name8);
    model_free(m);
    return th_finish();
}
