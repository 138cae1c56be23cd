/* The one error table: Windows error code -> class -> CLI exit code and the front ends' next step. */
#include "errtab.h"

/* Ascending by code; the meanings are those of the error table in the 1219 rules. */
static const errtab_row rows[] = {
    {CA_WIN_ACCESS_DENIED, ERRCLASS_ACCESS, ERRNEXT_ASK_ACCESS, "ERROR_ACCESS_DENIED"},
    {CA_WIN_BAD_NETPATH, ERRCLASS_NETWORK, ERRNEXT_CHECK_NETWORK, "ERROR_BAD_NETPATH"},
    {CA_WIN_BAD_NET_NAME, ERRCLASS_NOT_FOUND, ERRNEXT_CHECK_PATH, "ERROR_BAD_NET_NAME"},
    {CA_WIN_ALREADY_ASSIGNED, ERRCLASS_BAD_NAME, ERRNEXT_OTHER_DRIVE, "ERROR_ALREADY_ASSIGNED"},
    {CA_WIN_INVALID_PASSWORD, ERRCLASS_SIGN_IN, ERRNEXT_RETYPE, "ERROR_INVALID_PASSWORD"},
    {CA_WIN_INVALID_NAME, ERRCLASS_BAD_NAME, ERRNEXT_CHECK_PATH, "ERROR_INVALID_NAME"},
    {CA_WIN_NOT_FOUND, ERRCLASS_NOT_FOUND, ERRNEXT_NOTHING_THERE, "ERROR_NOT_FOUND"},
    {CA_WIN_BAD_DEVICE, ERRCLASS_BAD_NAME, ERRNEXT_OTHER_DRIVE, "ERROR_BAD_DEVICE"},
    {CA_WIN_DEVICE_ALREADY_REMEMBERED, ERRCLASS_BAD_NAME, ERRNEXT_OTHER_DRIVE,
     "ERROR_DEVICE_ALREADY_REMEMBERED"},
    {CA_WIN_SESSION_CREDENTIAL_CONFLICT, ERRCLASS_CONFLICT, ERRNEXT_RESOLVE_CONFLICT,
     "ERROR_SESSION_CREDENTIAL_CONFLICT"},
    {CA_WIN_NO_NETWORK, ERRCLASS_NETWORK, ERRNEXT_CHECK_NETWORK, "ERROR_NO_NETWORK"},
    {CA_WIN_CANCELLED, ERRCLASS_CANCELLED, ERRNEXT_NONE, "ERROR_CANCELLED"},
    {CA_WIN_NOT_AUTHENTICATED, ERRCLASS_SIGN_IN, ERRNEXT_RETYPE, "ERROR_NOT_AUTHENTICATED"},
    {CA_WIN_NO_FREE_DRIVE, ERRCLASS_BAD_NAME, ERRNEXT_OTHER_DRIVE, "ERROR_NO_MORE_DEVICES"},
    {CA_WIN_GUEST_BLOCKED, ERRCLASS_ACCOUNT, ERRNEXT_OTHER_ACCOUNT, "ERROR_SMB_GUEST_LOGON_BLOCKED"},
    {CA_WIN_NO_LOGON_SERVERS, ERRCLASS_NETWORK, ERRNEXT_CHECK_NETWORK, "ERROR_NO_LOGON_SERVERS"},
    {CA_WIN_LOGON_FAILURE, ERRCLASS_SIGN_IN, ERRNEXT_RETYPE, "ERROR_LOGON_FAILURE"},
    {CA_WIN_ACCOUNT_RESTRICTION, ERRCLASS_ACCOUNT, ERRNEXT_OTHER_ACCOUNT, "ERROR_ACCOUNT_RESTRICTION"},
    {CA_WIN_PASSWORD_EXPIRED, ERRCLASS_ACCOUNT, ERRNEXT_CHANGE_PASSWORD, "ERROR_PASSWORD_EXPIRED"},
    {CA_WIN_ACCOUNT_DISABLED, ERRCLASS_ACCOUNT, ERRNEXT_OTHER_ACCOUNT, "ERROR_ACCOUNT_DISABLED"},
    {CA_WIN_LOGON_TYPE_NOT_GRANTED, ERRCLASS_ACCOUNT, ERRNEXT_OTHER_ACCOUNT, "ERROR_LOGON_TYPE_NOT_GRANTED"},
    {CA_WIN_WRONG_TARGET_NAME, ERRCLASS_NETWORK, ERRNEXT_USE_SERVER_NAME, "ERROR_WRONG_TARGET_NAME"},
    {CA_WIN_ACCOUNT_EXPIRED, ERRCLASS_ACCOUNT, ERRNEXT_OTHER_ACCOUNT, "ERROR_ACCOUNT_EXPIRED"},
    {CA_WIN_PASSWORD_MUST_CHANGE, ERRCLASS_ACCOUNT, ERRNEXT_CHANGE_PASSWORD, "ERROR_PASSWORD_MUST_CHANGE"},
    {CA_WIN_ACCOUNT_LOCKED_OUT, ERRCLASS_ACCOUNT, ERRNEXT_OTHER_ACCOUNT, "ERROR_ACCOUNT_LOCKED_OUT"},
    {CA_WIN_BAD_USERNAME, ERRCLASS_SIGN_IN, ERRNEXT_CHECK_USER, "NERR_BadUsername"},
    {CA_WIN_NOT_CONNECTED, ERRCLASS_NOT_FOUND, ERRNEXT_NOTHING_THERE, "ERROR_NOT_CONNECTED"},
    {CA_WIN_OPEN_FILES, ERRCLASS_BUSY, ERRNEXT_CLOSE_FILES, "ERROR_OPEN_FILES"},
    {CA_WIN_DEVICE_IN_USE, ERRCLASS_BUSY, ERRNEXT_CLOSE_FILES, "ERROR_DEVICE_IN_USE"},
};

#define ROW_COUNT (sizeof(rows) / sizeof(rows[0]))

/* Binary search: the table is ascending (checked by the tests). */
static const errtab_row *find(unsigned long code)
{
    size_t lo = 0, hi = ROW_COUNT;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rows[mid].code == code)
            return &rows[mid];
        if (rows[mid].code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The row for code: the table's, or the rows for "no failure" and "unknown". */
static const errtab_row *row_of(unsigned long code)
{
    static const errtab_row none = {0, ERRCLASS_NONE, ERRNEXT_NONE, NULL};
    static const errtab_row unknown = {0, ERRCLASS_OTHER, ERRNEXT_RETRY, NULL};
    const errtab_row *r;
    if (!code)
        return &none;
    r = find(code);
    return r ? r : &unknown;
}

errtab_class errtab_class_of(unsigned long code)
{
    return row_of(code)->cls;
}

errtab_next errtab_next_of(unsigned long code)
{
    return row_of(code)->next;
}

const char *errtab_code_name(unsigned long code)
{
    const errtab_row *r = find(code);
    return r ? r->name : NULL;
}

errtab_class errtab_class_of_status(ca_status st, unsigned long code)
{
    if (code)
        return errtab_class_of(code);
    switch (st) {
    case CA_OK:
        return ERRCLASS_NONE;
    case CA_ERR_CONFLICT:
        return ERRCLASS_CONFLICT;
    case CA_ERR_BUSY:
        return ERRCLASS_BUSY;
    case CA_ERR_NOT_FOUND:
        return ERRCLASS_NOT_FOUND;
    case CA_ERR_INVALID:
        return ERRCLASS_BAD_NAME;
    default:
        return ERRCLASS_OTHER;
    }
}

int errtab_exit_code(errtab_class cls)
{
    switch (cls) {
    case ERRCLASS_NONE:
        return CA_EXIT_OK;
    case ERRCLASS_SIGN_IN:
    case ERRCLASS_ACCOUNT:
        return CA_EXIT_SIGNIN;
    case ERRCLASS_BUSY:
        return CA_EXIT_BUSY;
    case ERRCLASS_NOT_FOUND:
        return CA_EXIT_NOTFOUND;
    case ERRCLASS_CONFLICT:
        return CA_EXIT_CONFLICT;
    case ERRCLASS_CANCELLED:
        return CA_EXIT_CANCELLED;
    case ERRCLASS_BAD_NAME:
        return CA_EXIT_USAGE;
    case ERRCLASS_NETWORK:
    case ERRCLASS_ACCESS:
    case ERRCLASS_OTHER:
        break;
    }
    return CA_EXIT_FAILURE;
}

const char *errtab_class_name(errtab_class cls)
{
    switch (cls) {
    case ERRCLASS_NONE:
        return "none";
    case ERRCLASS_SIGN_IN:
        return "sign_in";
    case ERRCLASS_ACCOUNT:
        return "account";
    case ERRCLASS_BUSY:
        return "busy";
    case ERRCLASS_NOT_FOUND:
        return "not_found";
    case ERRCLASS_BAD_NAME:
        return "bad_name";
    case ERRCLASS_NETWORK:
        return "network";
    case ERRCLASS_ACCESS:
        return "access";
    case ERRCLASS_CANCELLED:
        return "cancelled";
    case ERRCLASS_CONFLICT:
        return "conflict";
    case ERRCLASS_OTHER:
        return "other";
    }
    return "other";
}

const char *errtab_next_name(errtab_next next)
{
    switch (next) {
    case ERRNEXT_NONE:
        return "none";
    case ERRNEXT_RETYPE:
        return "retype";
    case ERRNEXT_CHECK_USER:
        return "check_user";
    case ERRNEXT_OTHER_ACCOUNT:
        return "other_account";
    case ERRNEXT_CHANGE_PASSWORD:
        return "change_password";
    case ERRNEXT_ASK_ACCESS:
        return "ask_access";
    case ERRNEXT_CLOSE_FILES:
        return "close_files";
    case ERRNEXT_CHECK_PATH:
        return "check_path";
    case ERRNEXT_CHECK_NETWORK:
        return "check_network";
    case ERRNEXT_USE_SERVER_NAME:
        return "use_server_name";
    case ERRNEXT_OTHER_DRIVE:
        return "other_drive";
    case ERRNEXT_RESOLVE_CONFLICT:
        return "resolve_conflict";
    case ERRNEXT_NOTHING_THERE:
        return "nothing_there";
    case ERRNEXT_RETRY:
        return "retry";
    }
    return "retry";
}

const errtab_row *errtab_rows(size_t *count)
{
    if (count)
        *count = ROW_COUNT;
    return rows;
}
