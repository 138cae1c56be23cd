/* The temporary-connection journal in HKCU\Software\ConnectAs\Temporary, and the session id it is keyed on.
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "journal_reg.h"
#include "winutil.h"

#define MAX_RECORDS 512
#define MAX_VALUE_CHARS 8192

typedef struct reg_store {
    journal_store s;
} reg_store;

static ca_status reg_list(journal_store *s, char ***texts, size_t *count, ca_error *err)
{
    HKEY key;
    DWORD i;
    WCHAR name[64];
    WCHAR *data;
    (void)s;
    *texts = calloc(MAX_RECORDS, sizeof(**texts));
    *count = 0;
    if (!*texts)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    if (RegOpenKeyExW(HKEY_CURRENT_USER, JOURNAL_REG_KEY, 0, KEY_READ, &key) != ERROR_SUCCESS)
        return CA_OK; /* no journal yet */
    data = malloc((MAX_VALUE_CHARS + 1) * sizeof(WCHAR));
    if (!data) {
        RegCloseKey(key);
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    }
    for (i = 0; *count < MAX_RECORDS; i++) {
        DWORD nlen = ARRAYSIZE(name), type = 0, size = MAX_VALUE_CHARS * sizeof(WCHAR);
        LONG rc = RegEnumValueW(key, i, name, &nlen, NULL, &type, (BYTE *)data, &size);
        char *text;
        if (rc == ERROR_NO_MORE_ITEMS)
            break;
        /* Wrong type or too long: handed on as text that will not parse (counted unreadable). */
        if (rc != ERROR_SUCCESS || type != REG_SZ) {
            text = malloc(1);
            if (text)
                text[0] = 0;
        } else {
            data[size / sizeof(WCHAR) < MAX_VALUE_CHARS ? size / sizeof(WCHAR) : MAX_VALUE_CHARS] = 0;
            text = win_to_utf8(data);
        }
        if (!text)
            continue;
        (*texts)[(*count)++] = text;
    }
    free(data);
    RegCloseKey(key);
    return CA_OK;
}

static ca_status reg_put(journal_store *s, const char *id, const char *text, ca_error *err)
{
    HKEY key;
    WCHAR *wid = win_from_utf8(id), *wtext = win_from_utf8(text);
    LONG rc = ERROR_NOT_ENOUGH_MEMORY;
    (void)s;
    if (wid && wtext && wcslen(wtext) < MAX_VALUE_CHARS) {
        rc = RegCreateKeyExW(HKEY_CURRENT_USER, JOURNAL_REG_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL);
        if (rc == ERROR_SUCCESS) {
            rc = RegSetValueExW(key, wid, 0, REG_SZ, (const BYTE *)wtext,
                                (DWORD)((wcslen(wtext) + 1) * sizeof(WCHAR)));
            RegCloseKey(key);
        }
    } else if (wid && wtext) {
        rc = ERROR_INVALID_DATA;
    }
    free(wid);
    free(wtext);
    if (rc != ERROR_SUCCESS)
        return ca_fail_code(err, CA_ERR_IO, (unsigned long)rc,
                            "cannot write HKCU\\Software\\ConnectAs\\Temporary");
    return CA_OK;
}

static ca_status reg_remove(journal_store *s, const char *id, ca_error *err)
{
    HKEY key;
    WCHAR *wid = win_from_utf8(id);
    LONG rc;
    (void)s;
    if (!wid)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    rc = RegOpenKeyExW(HKEY_CURRENT_USER, JOURNAL_REG_KEY, 0, KEY_SET_VALUE, &key);
    if (rc == ERROR_SUCCESS) {
        rc = RegDeleteValueW(key, wid);
        RegCloseKey(key);
    }
    free(wid);
    if (rc != ERROR_SUCCESS && rc != ERROR_FILE_NOT_FOUND)
        return ca_fail_code(err, CA_ERR_IO, (unsigned long)rc,
                            "cannot update HKCU\\Software\\ConnectAs\\Temporary");
    return CA_OK;
}

static void reg_destroy(journal_store *s)
{
    free(CA_CONTAINER_OF(s, reg_store, s));
}

static const journal_store_vtable reg_vtable = {reg_list, reg_put, reg_remove, reg_destroy};

journal_store *journal_reg_store_create(void)
{
    reg_store *r = calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    r->s.vt = &reg_vtable;
    return &r->s;
}

/* SYSTEM_TIMEOFDAY_INFORMATION's first member: the boot time (not in the MinGW headers we use). */
typedef struct time_of_day {
    LARGE_INTEGER boot_time;
    LARGE_INTEGER current_time;
    LARGE_INTEGER time_zone_bias;
    ULONG time_zone_id;
    ULONG reserved;
    ULONGLONG boot_time_bias;
    ULONGLONG sleep_time_bias;
} time_of_day;
typedef LONG(NTAPI *query_system_information_fn)(int, void *, ULONG, ULONG *);

/* The logon-session LUID of token as one number; 0 when it cannot be read. */
static ULONGLONG logon_luid(HANDLE token)
{
    TOKEN_STATISTICS stats;
    DWORD len = 0;
    if (!GetTokenInformation(token, TokenStatistics, &stats, sizeof(stats), &len))
        return 0;
    return ((ULONGLONG)(ULONG)stats.AuthenticationId.HighPart << 32) | stats.AuthenticationId.LowPart;
}

void journal_reg_session_id(char *buf, size_t size)
{
    HANDLE token;
    TOKEN_LINKED_TOKEN linked;
    ULONGLONG luid, other;
    DWORD len = 0;
    ULONGLONG boot = 0;
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    query_system_information_fn query =
        ntdll ? (query_system_information_fn)(void (*)(void))GetProcAddress(ntdll, "NtQuerySystemInformation")
              : NULL;
    time_of_day tod;
    buf[0] = 0;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return;
    luid = logon_luid(token);
    /* An administrator's elevated and limited tokens have two logon sessions of one sign-in (UAC): both
     * name the smaller of the two, so an elevated prompt and the tray agree on "this session". */
    if (GetTokenInformation(token, TokenLinkedToken, &linked, sizeof(linked), &len)) {
        other = logon_luid(linked.LinkedToken);
        CloseHandle(linked.LinkedToken);
        if (other && luid && other < luid)
            luid = other;
    }
    CloseHandle(token);
    /* Wine answers a zero LUID: the boot time still tells sessions of different boots apart. */
    memset(&tod, 0, sizeof(tod));
    if (query && query(3 /* SystemTimeOfDayInformation */, &tod, sizeof(tod), NULL) >= 0)
        boot = (ULONGLONG)tod.boot_time.QuadPart / 10000000ull; /* seconds: stable across calls */
    snprintf(buf, size, "%llx@%llx", luid, boot);
}

ca_status journal_reg_run_due_cleanup(backend *be, unsigned flags, journal_report *out, ca_error *err)
{
    journal_store *s = journal_reg_store_create();
    char session[96];
    ca_status st;
    memset(out, 0, sizeof(*out));
    if (!s)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    journal_reg_session_id(session, sizeof(session));
    st = journal_run_cleanup(be, s, session, (long long)time(NULL), flags, out, err);
    journal_store_free(s);
    return st;
}

ca_status journal_reg_force(backend *be, const char *id, journal_item *out, ca_error *err)
{
    journal_store *s = journal_reg_store_create();
    ca_status st;
    if (!s)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    st = journal_force_one(be, s, id, out, err);
    journal_store_free(s);
    return st;
}

ca_status journal_reg_record(const model *before, const model *after, const char *const *names, size_t count,
                             const char *requested, const char *remote, int remember, long minutes,
                             journal_rec *rec, ca_error *err)
{
    journal_store *s = journal_reg_store_create();
    journal_rec mine;
    char session[96];
    ca_status st;
    if (!s)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    journal_reg_session_id(session, sizeof(session));
    st = journal_rec_from_connect(before, after, names, count, requested, remote, remember, &mine, err);
    if (st == CA_OK)
        st = journal_rec_stamp(&mine, (long long)time(NULL), minutes, session, err);
    if (st == CA_OK)
        st = journal_add(s, &mine, err);
    if (st == CA_OK && rec)
        *rec = mine;
    else
        journal_rec_cleanup(&mine);
    journal_store_free(s);
    return st;
}

ca_status journal_reg_load(journal_rec **recs, size_t *count, ca_error *err)
{
    journal_store *s = journal_reg_store_create();
    ca_status st;
    if (!s)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    st = journal_load(s, recs, count, NULL, err);
    journal_store_free(s);
    return st;
}
