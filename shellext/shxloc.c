/* Whether a folder is safe to register for all users: a fixed local disk that only administrators can change.
 */
#include "shxloc.h"

#include <aclapi.h>
#include <sddl.h>
#include <winioctl.h>

#include <stdio.h>
#include <string.h>

#define TRUSTED_INSTALLER L"S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464"

/* A domain or machine account with one of the administrator RIDs (S-1-5-21-…-500/512/519). */
static BOOL admin_rid(PSID sid)
{
    static const SID_IDENTIFIER_AUTHORITY nt = SECURITY_NT_AUTHORITY;
    PSID_IDENTIFIER_AUTHORITY auth = GetSidIdentifierAuthority(sid);
    UCHAR n = *GetSidSubAuthorityCount(sid);
    DWORD rid;
    if (memcmp(auth, &nt, sizeof(nt)) != 0 || n != 5 || *GetSidSubAuthority(sid, 0) != SECURITY_NT_NON_UNIQUE)
        return FALSE;
    rid = *GetSidSubAuthority(sid, n - 1);
    return rid == DOMAIN_USER_RID_ADMIN || rid == DOMAIN_GROUP_RID_ADMINS ||
           rid == DOMAIN_GROUP_RID_ENTERPRISE_ADMINS;
}

static BOOL is_well_known(PSID sid, WELL_KNOWN_SID_TYPE type)
{
    BYTE buf[SECURITY_MAX_SID_SIZE];
    DWORD size = sizeof(buf);
    return CreateWellKnownSid(type, NULL, buf, &size) && EqualSid(sid, buf);
}

static BOOL is_sid_string(PSID sid, const WCHAR *text)
{
    PSID other = NULL;
    BOOL same;
    if (!ConvertStringSidToSidW(text, &other))
        return FALSE;
    same = EqualSid(sid, other);
    LocalFree(other);
    return same;
}

/* Principals allowed to change what every user's Explorer loads. */
static BOOL trusted(PSID sid, PSID self)
{
    if (!sid || !IsValidSid(sid))
        return FALSE;
    if (self && EqualSid(sid, self))
        return TRUE;
    return is_well_known(sid, WinLocalSystemSid) || is_well_known(sid, WinBuiltinAdministratorsSid) ||
           is_sid_string(sid, TRUSTED_INSTALLER) || admin_rid(sid);
}

BOOL shx_loc_sd_writer(PSECURITY_DESCRIPTOR sd, DWORD rights, PSID self, PSID *who)
{
    PSID owner = NULL;
    PACL dacl = NULL;
    BOOL present = FALSE, defaulted;
    ACL_SIZE_INFORMATION info;
    DWORD i;

    *who = NULL;
    if (!sd || !GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted) || !present || !dacl)
        return TRUE; /* no DACL: everyone may do everything */
    /* The owner may always rewrite the DACL. */
    if (GetSecurityDescriptorOwner(sd, &owner, &defaulted) && owner && !trusted(owner, self)) {
        *who = owner;
        return TRUE;
    }
    if (!GetAclInformation(dacl, &info, sizeof(info), AclSizeInformation))
        return TRUE;
    for (i = 0; i < info.AceCount; i++) {
        ACE_HEADER *ace;
        PSID sid;
        DWORD mask;
        if (!GetAce(dacl, i, (void **)&ace) || (ace->AceFlags & INHERIT_ONLY_ACE))
            continue;
        if (ace->AceType == ACCESS_ALLOWED_ACE_TYPE || ace->AceType == ACCESS_ALLOWED_CALLBACK_ACE_TYPE) {
            ACCESS_ALLOWED_ACE *allowed = (ACCESS_ALLOWED_ACE *)ace;
            mask = allowed->Mask;
            sid = (PSID)&allowed->SidStart;
        } else {
            continue; /* deny ACEs are not trusted to cancel an allow: refusing is the safe side */
        }
        if (!(mask & rights))
            continue;
        /* CREATOR OWNER/GROUP only matter for inheritance; OWNER RIGHTS applies to the owner. */
        if (is_well_known(sid, WinCreatorOwnerSid) || is_well_known(sid, WinCreatorGroupSid))
            continue;
        if (is_sid_string(sid, L"S-1-3-4"))
            sid = owner;
        if (!trusted(sid, self)) {
            *who = sid;
            return TRUE;
        }
    }
    return FALSE;
}

/* The calling user's SID (in buf) when this process is an administrator, else NULL. */
static PSID admin_self(BYTE *buf, DWORD size)
{
    BYTE admins[SECURITY_MAX_SID_SIZE];
    DWORD admins_size = sizeof(admins), got = 0;
    BOOL member = FALSE;
    HANDLE token;
    PSID self = NULL;
    if (!CreateWellKnownSid(WinBuiltinAdministratorsSid, NULL, admins, &admins_size) ||
        !CheckTokenMembership(NULL, admins, &member) || !member)
        return NULL;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return NULL;
    if (GetTokenInformation(token, TokenUser, buf, size, &got))
        self = ((TOKEN_USER *)buf)->User.Sid;
    CloseHandle(token);
    return self;
}

static void name_sid(PSID sid, WCHAR *out, DWORD cch)
{
    WCHAR name[128], domain[128], *text = NULL;
    DWORD n = ARRAYSIZE(name), d = ARRAYSIZE(domain);
    SID_NAME_USE use;
    out[0] = 0;
    if (LookupAccountSidW(NULL, sid, name, &n, domain, &d, &use))
        _snwprintf(out, cch, L"%ls%ls%ls", domain, domain[0] ? L"\\" : L"", name);
    else if (ConvertSidToStringSidW(sid, &text)) {
        _snwprintf(out, cch, L"%ls", text);
        LocalFree(text);
    }
    out[cch - 1] = 0;
}

static void set_path(shx_loc_result *res, shx_loc_problem problem, const WCHAR *path)
{
    res->problem = problem;
    _snwprintf(res->path, SHX_LOC_PATH_CCH, L"%ls", path);
    res->path[SHX_LOC_PATH_CCH - 1] = 0;
}

/* One folder or file: FALSE (and res filled) when a principal that is not trusted may change it. */
static BOOL object_ok(const WCHAR *path, DWORD rights, PSID self, shx_loc_result *res)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    PSID who = NULL;
    DWORD rc =
        GetNamedSecurityInfoW(path, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                              NULL, NULL, NULL, NULL, &sd);
    BOOL writable;
    if (rc != ERROR_SUCCESS) {
        set_path(res, SHX_LOC_UNREADABLE, path);
        res->error = rc;
        return FALSE;
    }
    writable = shx_loc_sd_writer(sd, rights, self, &who);
    if (writable) {
        set_path(res, who ? SHX_LOC_WRITABLE : SHX_LOC_NO_SECURITY, path);
        if (who)
            name_sid(who, res->who, SHX_LOC_WHO_CCH);
    }
    LocalFree(sd);
    return !writable;
}

/* Drives on a USB, SD or MMC bus (some report DRIVE_FIXED). FALSE when it cannot be told. */
static BOOL on_removable_bus(const WCHAR *root)
{
    WCHAR device[8];
    STORAGE_PROPERTY_QUERY q;
    STORAGE_DEVICE_DESCRIPTOR d;
    DWORD got = 0;
    HANDLE h;
    BOOL removable = FALSE;
    if (!root[0] || root[1] != L':')
        return FALSE;
    _snwprintf(device, ARRAYSIZE(device), L"\\\\.\\%lc:", root[0]);
    device[ARRAYSIZE(device) - 1] = 0;
    h = CreateFileW(device, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return FALSE;
    memset(&q, 0, sizeof(q));
    q.PropertyId = StorageDeviceProperty;
    q.QueryType = PropertyStandardQuery;
    memset(&d, 0, sizeof(d));
    if (DeviceIoControl(h, IOCTL_STORAGE_QUERY_PROPERTY, &q, sizeof(q), &d, sizeof(d), &got, NULL) &&
        got >= FIELD_OFFSET(STORAGE_DEVICE_DESCRIPTOR, BusType) + sizeof(d.BusType))
        removable = d.BusType == BusTypeUsb || d.BusType == BusTypeSd || d.BusType == BusTypeMmc ||
                    d.BusType == BusType1394;
    CloseHandle(h);
    return removable;
}

/* dir (a full path without a trailing backslash), its files and every folder above it. */
static BOOL chain_ok(const WCHAR *dir, const WCHAR *const *names, PSID self, shx_loc_result *res)
{
    WCHAR path[SHX_LOC_PATH_CCH], root[SHX_LOC_PATH_CCH], *slash;
    size_t i, root_len;
    UINT type;

    if (!GetVolumePathNameW(dir, root, ARRAYSIZE(root))) {
        set_path(res, SHX_LOC_UNREADABLE, dir);
        res->error = GetLastError();
        return FALSE;
    }
    type = GetDriveTypeW(root);
    if (type == DRIVE_REMOTE || (dir[0] == L'\\' && dir[1] == L'\\' && dir[2] != L'?' && dir[2] != L'.')) {
        set_path(res, SHX_LOC_NETWORK, dir);
        return FALSE;
    }
    if (type != DRIVE_FIXED || on_removable_bus(root)) {
        set_path(res, SHX_LOC_REMOVABLE, dir);
        return FALSE;
    }
    if (!object_ok(dir, SHX_LOC_FOLDER_RIGHTS, self, res))
        return FALSE;
    for (i = 0; names && names[i]; i++) {
        _snwprintf(path, ARRAYSIZE(path), L"%ls\\%ls", dir, names[i]);
        path[ARRAYSIZE(path) - 1] = 0;
        if (GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES &&
            !object_ok(path, SHX_LOC_FILE_RIGHTS, self, res))
            return FALSE;
    }
    /* Every folder above, up to and including the volume root (renaming one would swap this one). */
    root_len = wcslen(root);
    _snwprintf(path, ARRAYSIZE(path), L"%ls", dir);
    path[ARRAYSIZE(path) - 1] = 0;
    while ((slash = wcsrchr(path, L'\\')) != NULL) {
        *slash = 0;
        if (wcslen(path) < root_len)
            return object_ok(root, SHX_LOC_ANCESTOR_RIGHTS, self, res);
        if (!object_ok(path, SHX_LOC_ANCESTOR_RIGHTS, self, res))
            return FALSE;
    }
    return TRUE;
}

HRESULT shx_machine_location(const WCHAR *dir, const WCHAR *const *names, shx_loc_result *res)
{
    WCHAR full[SHX_LOC_PATH_CCH], final[SHX_LOC_PATH_CCH];
    BYTE self_buf[SECURITY_MAX_SID_SIZE + sizeof(TOKEN_USER)];
    PSID self;
    DWORD n;
    HANDLE h;

    memset(res, 0, sizeof(*res));
    if (!dir || !dir[0])
        return E_INVALIDARG;
    n = GetFullPathNameW(dir, ARRAYSIZE(full), full, NULL);
    if (!n || n >= ARRAYSIZE(full) - 64)
        return HRESULT_FROM_WIN32(ERROR_FILENAME_EXCED_RANGE);
    while (n > 3 && full[n - 1] == L'\\')
        full[--n] = 0;
    self = admin_self(self_buf, sizeof(self_buf));
    if (!chain_ok(full, names, self, res))
        return S_FALSE;
    /* Through a junction or symbolic link: the folder it really is must pass as well. */
    h = CreateFileW(full, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                    FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (h != INVALID_HANDLE_VALUE) {
        n = GetFinalPathNameByHandleW(h, final, ARRAYSIZE(final), FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
        CloseHandle(h);
        if (n && n < ARRAYSIZE(final) - 64) {
            const WCHAR *p = final;
            WCHAR unc[SHX_LOC_PATH_CCH];
            if (!wcsncmp(p, L"\\\\?\\UNC\\", 8)) {
                _snwprintf(unc, ARRAYSIZE(unc), L"\\\\%ls", p + 8);
                unc[ARRAYSIZE(unc) - 1] = 0;
                p = unc;
            } else if (!wcsncmp(p, L"\\\\?\\", 4)) {
                p += 4;
            }
            if (CompareStringOrdinal(p, -1, full, -1, TRUE) != CSTR_EQUAL && !chain_ok(p, names, self, res))
                return S_FALSE;
        }
    }
    return S_OK;
}
