/* connectas.exe: registers connectas.msix (sparse package, external location = the install folder) through
 * the Windows PackageManager's WinRT C ABI; says so once when Windows cannot. */
#ifndef COBJMACROS
#define COBJMACROS
#endif
#include <windows.h>
#include <inspectable.h>
#include <roapi.h>
#include <winstring.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cli_package.h"
#include "winutil.h"

#define PATH_CCH 1024
#define WAIT_MS 120000u /* the longest the package manager is waited for */

/*
 * The WinRT interfaces used here, by hand: MinGW has no header for
 * Windows.Management.Deployment, and C++/WinRT is not wanted. Each struct
 * lists the vtable up to the last slot called (IInspectable's six first); the
 * interface IDs and slot orders are those of the Windows SDK metadata
 * (Windows.Foundation.UniversalApiContract). None of this runs under Wine,
 * which has no package deployment: tests/windows/check-win11.ps1 covers it on
 * a real Windows 11 machine.
 */
typedef HRESULT(STDMETHODCALLTYPE *op_fn)(void *self, void *a, void *b, void **op);

typedef struct pm_vtbl { /* IPackageManager */
    IInspectableVtbl base;
    void *add, *update;
    HRESULT(STDMETHODCALLTYPE *RemovePackageAsync)(void *, HSTRING full_name, void **op);
    void *stage, *reg;
    HRESULT(STDMETHODCALLTYPE *FindPackages)(void *, void **iterable);
    HRESULT(STDMETHODCALLTYPE *FindPackagesByUserSecurityId)(void *, HSTRING sid, void **iterable);
} pm_vtbl;
typedef struct pm2_vtbl { /* IPackageManager2 */
    IInspectableVtbl base;
    HRESULT(STDMETHODCALLTYPE *RemovePackageWithOptionsAsync)
    (void *, HSTRING full_name, UINT32 options, void **op);
} pm2_vtbl;
typedef struct pm6_vtbl { /* IPackageManager6 */
    IInspectableVtbl base;
    HRESULT(STDMETHODCALLTYPE *ProvisionPackageForAllUsersAsync)(void *, HSTRING family, void **op);
} pm6_vtbl;
typedef struct pm9_vtbl { /* IPackageManager9 (Windows 10 2004 and later) */
    IInspectableVtbl base;
    void *find_provisioned;
    op_fn AddPackageByUriAsync;   /* (Uri, AddPackageOptions) */
    op_fn StagePackageByUriAsync; /* (Uri, StagePackageOptions) */
} pm9_vtbl;
typedef struct options_vtbl { /* IAddPackageOptions and IStagePackageOptions share this start */
    IInspectableVtbl base;
    void *get_dependencies, *get_volume, *put_volume, *get_optional_names, *get_optional_uris, *get_related;
    void *get_external;
    HRESULT(STDMETHODCALLTYPE *put_ExternalLocationUri)(void *, void *uri);
} options_vtbl;
typedef struct uri_factory_vtbl { /* IUriRuntimeClassFactory */
    IInspectableVtbl base;
    HRESULT(STDMETHODCALLTYPE *CreateUri)(void *, HSTRING text, void **uri);
} uri_factory_vtbl;
typedef struct async_info_vtbl { /* IAsyncInfo */
    IInspectableVtbl base;
    HRESULT(STDMETHODCALLTYPE *get_Id)(void *, UINT32 *);
    HRESULT(STDMETHODCALLTYPE *get_Status)
    (void *, int *status); /* 0 started, 1 completed, 2 canceled, 3 error */
    HRESULT(STDMETHODCALLTYPE *get_ErrorCode)(void *, HRESULT *);
} async_info_vtbl;
typedef struct operation_vtbl { /* IAsyncOperationWithProgress<DeploymentResult, DeploymentProgress> */
    IInspectableVtbl base;
    void *put_progress, *get_progress, *put_completed, *get_completed;
    HRESULT(STDMETHODCALLTYPE *GetResults)(void *, void **result);
} operation_vtbl;
typedef struct result_vtbl { /* IDeploymentResult */
    IInspectableVtbl base;
    HRESULT(STDMETHODCALLTYPE *get_ErrorText)(void *, HSTRING *);
    HRESULT(STDMETHODCALLTYPE *get_ActivityId)(void *, GUID *);
    HRESULT(STDMETHODCALLTYPE *get_ExtendedErrorCode)(void *, HRESULT *);
} result_vtbl;
typedef struct iterable_vtbl { /* IIterable<Package> */
    IInspectableVtbl base;
    HRESULT(STDMETHODCALLTYPE *First)(void *, void **iterator);
} iterable_vtbl;
typedef struct iterator_vtbl { /* IIterator<Package> */
    IInspectableVtbl base;
    HRESULT(STDMETHODCALLTYPE *get_Current)(void *, void **package);
    HRESULT(STDMETHODCALLTYPE *get_HasCurrent)(void *, BYTE *);
    HRESULT(STDMETHODCALLTYPE *MoveNext)(void *, BYTE *);
} iterator_vtbl;
typedef struct package_vtbl { /* IPackage */
    IInspectableVtbl base;
    HRESULT(STDMETHODCALLTYPE *get_Id)(void *, void **id);
} package_vtbl;
typedef struct package_id_vtbl { /* IPackageId */
    IInspectableVtbl base;
    HRESULT(STDMETHODCALLTYPE *get_Name)(void *, HSTRING *);
    void *version, *architecture, *resource_id, *publisher, *publisher_id;
    HRESULT(STDMETHODCALLTYPE *get_FullName)(void *, HSTRING *);
    HRESULT(STDMETHODCALLTYPE *get_FamilyName)(void *, HSTRING *);
} package_id_vtbl;

#define VT(obj, type) ((const type *)*(void **)(obj))

static const IID iid_pm9 = {0x1aa79035, 0xcc71, 0x4b2e, {0x80, 0xa6, 0xc7, 0x04, 0x1d, 0x85, 0x79, 0xa7}};
static const IID iid_pm6 = {0x0847e909, 0x53cd, 0x4e4f, {0x83, 0x2e, 0x57, 0xd1, 0x80, 0xf6, 0xe4, 0x47}};
static const IID iid_pm2 = {0xf7aad08d, 0x0840, 0x46f2, {0xb5, 0xd8, 0xca, 0xd4, 0x76, 0x93, 0xa0, 0x95}};
static const IID iid_pm = {0x9a7d4b65, 0x5e8f, 0x4fc7, {0xa2, 0xe5, 0x7f, 0x69, 0x25, 0xcb, 0x8b, 0x53}};
static const IID iid_add_options = {
    0x05cee018, 0xf68f, 0x422b, {0x95, 0xa4, 0x66, 0x67, 0x9e, 0xc7, 0x7f, 0xc0}};
static const IID iid_stage_options = {
    0x0b110c9c, 0xb95d, 0x4c56, {0xbd, 0x36, 0x6d, 0x65, 0x68, 0x00, 0xd0, 0x6b}};
static const IID iid_uri_factory = {
    0x44a9796f, 0x723e, 0x4fdf, {0xa2, 0x18, 0x03, 0x3e, 0x75, 0xb0, 0xc0, 0x84}};
static const IID iid_async_info = {
    0x00000036, 0x0000, 0x0000, {0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
static const IID iid_result = {0x2563b9ae, 0xb77d, 0x4c1f, {0x8a, 0x7b, 0x20, 0xe6, 0xad, 0x51, 0x5e, 0xf3}};

#define REMOVE_FOR_ALL_USERS 0x80000u

/* combase.dll, loaded from System32 when needed (absent before Windows 8). */
static struct {
    HMODULE dll;
    HRESULT(WINAPI *init)(RO_INIT_TYPE);
    void(WINAPI *uninit)(void);
    HRESULT(WINAPI *activate)(HSTRING, IInspectable **);
    HRESULT(WINAPI *factory)(HSTRING, REFIID, void **);
    HRESULT(WINAPI *create)(LPCWSTR, UINT32, HSTRING *);
    HRESULT(WINAPI *destroy)(HSTRING);
    LPCWSTR(WINAPI *raw)(HSTRING, UINT32 *);
} rt;

typedef struct pkg_msg {
    WCHAR *text;
    size_t cch, len;
} pkg_msg;

static void add(pkg_msg *m, const WCHAR *fmt, ...)
{
    va_list ap;
    int n;
    if (m->len + 1 >= m->cch)
        return;
    va_start(ap, fmt);
    n = _vsnwprintf(m->text + m->len, m->cch - m->len - 1, fmt, ap);
    va_end(ap);
    m->len = n < 0 ? m->cch - 1 : m->len + (size_t)n;
    m->text[m->len] = 0;
}

/* The sentence every "not available" message ends with. */
static void classic_remains(pkg_msg *m)
{
    add(m, L"  \"Connect as…\" stays in the classic context menu (Show more options on Windows 11).\n");
}

static BOOL load_rt(void)
{
    if (rt.dll)
        return TRUE;
    rt.dll = LoadLibraryExW(L"combase.dll", NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
    if (!rt.dll)
        return FALSE;
    rt.init = (void *)GetProcAddress(rt.dll, "RoInitialize");
    rt.uninit = (void *)GetProcAddress(rt.dll, "RoUninitialize");
    rt.activate = (void *)GetProcAddress(rt.dll, "RoActivateInstance");
    rt.factory = (void *)GetProcAddress(rt.dll, "RoGetActivationFactory");
    rt.create = (void *)GetProcAddress(rt.dll, "WindowsCreateString");
    rt.destroy = (void *)GetProcAddress(rt.dll, "WindowsDeleteString");
    rt.raw = (void *)GetProcAddress(rt.dll, "WindowsGetStringRawBuffer");
    if (rt.init && rt.uninit && rt.activate && rt.factory && rt.create && rt.destroy && rt.raw)
        return TRUE;
    FreeLibrary(rt.dll);
    memset(&rt, 0, sizeof(rt));
    return FALSE;
}

static HSTRING hs(const WCHAR *text)
{
    HSTRING s = NULL;
    if (FAILED(rt.create(text, (UINT32)wcslen(text), &s)))
        return NULL;
    return s;
}

static void release(void *obj)
{
    if (obj)
        IUnknown_Release((IUnknown *)obj);
}

static HRESULT activate(const WCHAR *cls, const IID *iid, void **out)
{
    IInspectable *inst = NULL;
    HSTRING name = hs(cls);
    HRESULT hr = name ? rt.activate(name, &inst) : E_OUTOFMEMORY;
    *out = NULL;
    if (name)
        rt.destroy(name);
    if (SUCCEEDED(hr)) {
        hr = IInspectable_QueryInterface(inst, iid, out);
        IInspectable_Release(inst);
    }
    return hr;
}

int cli_package_uri_text(const WCHAR *path, WCHAR *out, size_t cch)
{
    static const WCHAR keep[] = L"/:-._~!$&'()*+,;=@";
    size_t n, i;
    BOOL unc;

    if (!wcsncmp(path, L"\\\\?\\UNC\\", 8)) {
        path += 8;
        unc = TRUE;
    } else if (!wcsncmp(path, L"\\\\?\\", 4)) {
        path += 4;
        unc = FALSE;
    } else {
        unc = path[0] == L'\\' && path[1] == L'\\';
        if (unc)
            path += 2;
    }
    n = (size_t)_snwprintf(out, cch, unc ? L"file://" : L"file:///");
    if (n >= cch)
        return -1;
    for (i = 0; path[i]; i++) {
        WCHAR c = path[i] == L'\\' ? L'/' : path[i];
        if (n + 4 >= cch)
            return -1;
        if (c < 0x80 && !iswalnum(c) && !wcschr(keep, c))
            n += (size_t)_snwprintf(out + n, 4, L"%%%02X", (unsigned)c);
        else
            out[n++] = c; /* non-ASCII stays as text: the Uri class encodes it */
    }
    out[n] = 0;
    return 0;
}

/* A Windows.Foundation.Uri for a local or UNC path. */
static HRESULT file_uri(const WCHAR *path, void **uri)
{
    WCHAR text[PATH_CCH * 3 + 16];
    void *factory = NULL;
    HSTRING s, cls;
    HRESULT hr;

    *uri = NULL;
    if (cli_package_uri_text(path, text, ARRAYSIZE(text)) < 0)
        return HRESULT_FROM_WIN32(ERROR_FILENAME_EXCED_RANGE);
    cls = hs(L"Windows.Foundation.Uri");
    hr = cls ? rt.factory(cls, &iid_uri_factory, &factory) : E_OUTOFMEMORY;
    if (cls)
        rt.destroy(cls);
    if (FAILED(hr))
        return hr;
    s = hs(text);
    hr = s ? VT(factory, uri_factory_vtbl)->CreateUri(factory, s, uri) : E_OUTOFMEMORY;
    if (s)
        rt.destroy(s);
    release(factory);
    return hr;
}

/* Waits (bounded) for a deployment operation; its error, with the package manager's own text in why. */
static HRESULT wait_op(void *op, WCHAR *why, size_t why_cch)
{
    void *info = NULL, *result = NULL;
    HRESULT hr, code = S_OK;
    DWORD start = GetTickCount();
    int status = 0;

    why[0] = 0;
    hr = IUnknown_QueryInterface((IUnknown *)op, &iid_async_info, &info);
    if (FAILED(hr))
        return hr;
    while (SUCCEEDED(hr = VT(info, async_info_vtbl)->get_Status(info, &status)) && status == 0) {
        if (GetTickCount() - start > WAIT_MS) {
            hr = HRESULT_FROM_WIN32(ERROR_TIMEOUT);
            break;
        }
        Sleep(50); /* no message loop here: a console program polling a system service */
    }
    if (SUCCEEDED(hr) && status != 1)
        VT(info, async_info_vtbl)->get_ErrorCode(info, &code);
    if (SUCCEEDED(VT(op, operation_vtbl)->GetResults(op, &result)) && result) {
        void *res = NULL;
        if (SUCCEEDED(IUnknown_QueryInterface((IUnknown *)result, &iid_result, &res))) {
            HSTRING text = NULL;
            HRESULT extended = S_OK;
            VT(res, result_vtbl)->get_ExtendedErrorCode(res, &extended);
            if (FAILED(extended))
                code = extended; /* the precise reason (e.g. CERT_E_UNTRUSTEDROOT) */
            if (SUCCEEDED(VT(res, result_vtbl)->get_ErrorText(res, &text)) && text) {
                _snwprintf(why, why_cch, L"%ls", rt.raw(text, NULL));
                why[why_cch - 1] = 0;
                rt.destroy(text);
            }
            release(res);
        }
        release(result);
    }
    release(info);
    if (FAILED(hr))
        return hr;
    if (status == 2)
        return E_ABORT;
    return status == 1 ? code : (FAILED(code) ? code : E_FAIL);
}

/* The full and family names of our package as installed for the current user (or, all_users, anyone's). */
static HRESULT find_ours(void *pm, BOOL all_users, WCHAR *full, WCHAR *family, size_t cch)
{
    void *iterable = NULL, *iterator = NULL;
    BYTE has = 0;
    HRESULT hr;

    full[0] = family[0] = 0;
    hr = all_users ? VT(pm, pm_vtbl)->FindPackages(pm, &iterable)
                   : VT(pm, pm_vtbl)->FindPackagesByUserSecurityId(pm, NULL, &iterable);
    if (SUCCEEDED(hr))
        hr = VT(iterable, iterable_vtbl)->First(iterable, &iterator);
    if (SUCCEEDED(hr))
        hr = VT(iterator, iterator_vtbl)->get_HasCurrent(iterator, &has);
    while (SUCCEEDED(hr) && has && !full[0]) {
        void *package = NULL, *id = NULL;
        HSTRING name = NULL, text = NULL;
        if (SUCCEEDED(VT(iterator, iterator_vtbl)->get_Current(iterator, &package)) && package &&
            SUCCEEDED(VT(package, package_vtbl)->get_Id(package, &id)) && id &&
            SUCCEEDED(VT(id, package_id_vtbl)->get_Name(id, &name)) && name &&
            !wcscmp(rt.raw(name, NULL), CLI_PACKAGE_NAME)) {
            if (SUCCEEDED(VT(id, package_id_vtbl)->get_FullName(id, &text)) && text) {
                _snwprintf(full, cch, L"%ls", rt.raw(text, NULL));
                rt.destroy(text);
            }
            if (SUCCEEDED(VT(id, package_id_vtbl)->get_FamilyName(id, &text)) && text) {
                _snwprintf(family, cch, L"%ls", rt.raw(text, NULL));
                rt.destroy(text);
            }
        }
        if (name)
            rt.destroy(name);
        release(id);
        release(package);
        hr = VT(iterator, iterator_vtbl)->MoveNext(iterator, &has);
    }
    release(iterator);
    release(iterable);
    full[cch - 1] = family[cch - 1] = 0;
    return hr;
}

/* ---------------------------------------------------------------- availability */

static BOOL on_wine(void)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll && GetProcAddress(ntdll, "wine_get_version");
}

static DWORD windows_build(void)
{
    RTL_OSVERSIONINFOW v;
    LONG(WINAPI * get)(RTL_OSVERSIONINFOW *);
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    memset(&v, 0, sizeof(v));
    v.dwOSVersionInfoSize = sizeof(v);
    get = ntdll ? (void *)GetProcAddress(ntdll, "RtlGetVersion") : NULL;
    if (!get || get(&v) != 0 || v.dwMajorVersion < 10)
        return 0;
    return v.dwBuildNumber;
}

/* TRUE when this Windows can register the package; else says why (once) in m. */
static BOOL available(pkg_msg *m)
{
    DWORD build;
    if (on_wine()) {
        add(m, L"The Windows 11 menu item is not available here: Wine has no package registration.\n");
        classic_remains(m);
        return FALSE;
    }
    build = windows_build();
    if (build < 22000) {
        add(m,
            L"The Windows 11 menu item is not available here: this is not Windows 11 (build %lu), whose "
            L"first "
            L"context menu it is for.\n",
            (unsigned long)build);
        classic_remains(m);
        return FALSE;
    }
    if (!load_rt()) {
        add(m, L"The Windows 11 menu item is not available here: combase.dll has no Windows Runtime.\n");
        classic_remains(m);
        return FALSE;
    }
    return TRUE;
}

/* "not available" for the errors that mean exactly that; the package manager's text for the rest. */
static cli_pkg_outcome explain(pkg_msg *m, const WCHAR *what, HRESULT hr, const WCHAR *why)
{
    switch ((unsigned long)hr) {
    case 0x800B0109: /* CERT_E_UNTRUSTEDROOT */
    case 0x800B010A: /* CERT_E_CHAINING */
    case 0x80073CFF: /* ERROR_INSTALL_POLICY_FAILURE: sideloading of signed packages is off */
    case 0x80073D2E: /* ERROR_DEPLOYMENT_BLOCKED_BY_POLICY */
        add(m, L"The Windows 11 menu item is not available: %ls was refused (0x%08lx)%ls%ls.\n", what,
            (unsigned long)hr, why[0] ? L": " : L"", why);
        if (hr == (HRESULT)0x800B0109 || hr == (HRESULT)0x800B010A)
            add(m, L"  Windows does not trust the certificate that signed connectas.msix: for a self-signed "
                   L"build, deploy that certificate to \"Trusted People\" (docs/install.md), then run "
                   L"\"connectas.exe package register\".\n");
        else
            add(m, L"  A policy forbids installing packages here; ask your administrator.\n");
        classic_remains(m);
        return CLI_PKG_UNAVAILABLE;
    case (unsigned long)REGDB_E_CLASSNOTREG:
    case (unsigned long)E_NOINTERFACE:
    case (unsigned long)E_NOTIMPL:
        add(m,
            L"The Windows 11 menu item is not available: this Windows cannot register packages with an "
            L"external location (Windows 10 version 2004 or later is needed) (0x%08lx).\n",
            (unsigned long)hr);
        classic_remains(m);
        return CLI_PKG_UNAVAILABLE;
    case (unsigned long)E_ACCESSDENIED:
        add(m, L"connectas: %ls failed: access is denied (0x%08lx)%ls%ls.\n", what, (unsigned long)hr,
            why[0] ? L": " : L"", why);
        add(m, L"  For all users, run connectas.exe from an elevated prompt, or use --user.\n");
        classic_remains(m);
        return CLI_PKG_FAILED;
    default:
        add(m, L"connectas: %ls failed (0x%08lx)%ls%ls.\n", what, (unsigned long)hr, why[0] ? L": " : L"",
            why);
        classic_remains(m);
        return CLI_PKG_FAILED;
    }
}

/* ---------------------------------------------------------------- flag for the classic item */

static HKEY flag_hive(int machine)
{
    return machine ? HKEY_LOCAL_MACHINE : HKEY_CURRENT_USER;
}

static BOOL flag_set(int machine)
{
    return RegGetValueW(flag_hive(machine), CLI_PACKAGE_FLAG_KEY, CLI_PACKAGE_FLAG_VALUE, RRF_RT_ANY, NULL,
                        NULL, NULL) == ERROR_SUCCESS;
}

/* The package's family name, which connectas.dll checks is registered for the user before its classic item
 * steps aside. */
static LSTATUS write_flag(int machine, const WCHAR *family)
{
    return RegSetKeyValueW(flag_hive(machine), CLI_PACKAGE_FLAG_KEY, CLI_PACKAGE_FLAG_VALUE, REG_SZ, family,
                           (DWORD)((wcslen(family) + 1) * sizeof(WCHAR)));
}

/* Removes the value, and the key when that leaves it empty. */
static void delete_flag(int machine)
{
    HKEY key;
    DWORD subkeys = 1, values = 1;
    if (RegOpenKeyExW(flag_hive(machine), CLI_PACKAGE_FLAG_KEY, 0, KEY_READ | KEY_SET_VALUE, &key) !=
        ERROR_SUCCESS)
        return;
    RegDeleteValueW(key, CLI_PACKAGE_FLAG_VALUE);
    RegQueryInfoKeyW(key, NULL, NULL, NULL, &subkeys, NULL, NULL, &values, NULL, NULL, NULL, NULL);
    RegCloseKey(key);
    if (subkeys == 0 && values == 0)
        RegDeleteKeyW(flag_hive(machine), CLI_PACKAGE_FLAG_KEY);
}

/* ---------------------------------------------------------------- register / unregister */

static HRESULT with_options(const WCHAR *cls, const IID *iid, void *location, void **out)
{
    HRESULT hr = activate(cls, iid, out);
    if (SUCCEEDED(hr))
        hr = VT(*out, options_vtbl)->put_ExternalLocationUri(*out, location);
    return hr;
}

cli_pkg_outcome cli_package_register(const WCHAR *dir, int machine, int dry_run, WCHAR *msg, size_t msg_cch)
{
    pkg_msg m = {msg, msg_cch, 0};
    WCHAR file[PATH_CCH], why[512] = L"", full[256] = L"", family[256] = L"";
    void *pm = NULL, *pm9 = NULL, *pm6 = NULL, *file_u = NULL, *dir_u = NULL, *options = NULL, *op = NULL;
    cli_pkg_outcome out = CLI_PKG_DONE;
    const WCHAR *what = machine ? L"provisioning the package for all users" : L"registering the package";
    HRESULT hr, init;

    msg[0] = 0;
    _snwprintf(file, ARRAYSIZE(file), L"%ls\\%ls", dir, CLI_PACKAGE_FILE);
    file[ARRAYSIZE(file) - 1] = 0;
    if (GetFileAttributesW(file) == INVALID_FILE_ATTRIBUTES) {
        add(&m,
            L"The Windows 11 menu item is not available: %ls is missing (a build without a signed "
            L"package).\n",
            file);
        classic_remains(&m);
        return CLI_PKG_UNAVAILABLE;
    }
    if (!available(&m))
        return CLI_PKG_UNAVAILABLE;
    if (dry_run) {
        add(&m, L"  package       %ls %ls %ls, external location %ls\n", machine ? L"provision" : L"register",
            CLI_PACKAGE_FILE, machine ? L"for all users" : L"for this user", dir);
        add(&m, L"  set value     %ls\\%ls\\%ls = <the package family name>\n", machine ? L"HKLM" : L"HKCU",
            CLI_PACKAGE_FLAG_KEY, CLI_PACKAGE_FLAG_VALUE);
        return CLI_PKG_DONE;
    }
    init = rt.init(RO_INIT_MULTITHREADED);
    hr = activate(L"Windows.Management.Deployment.PackageManager", &iid_pm, &pm);
    if (SUCCEEDED(hr))
        hr = IUnknown_QueryInterface((IUnknown *)pm, &iid_pm9, &pm9);
    if (SUCCEEDED(hr))
        hr = file_uri(file, &file_u);
    if (SUCCEEDED(hr))
        hr = file_uri(dir, &dir_u);
    if (SUCCEEDED(hr) && !machine) {
        hr = with_options(L"Windows.Management.Deployment.AddPackageOptions", &iid_add_options, dir_u,
                          &options);
        if (SUCCEEDED(hr))
            hr = VT(pm9, pm9_vtbl)->AddPackageByUriAsync(pm9, file_u, options, &op);
        if (SUCCEEDED(hr))
            hr = wait_op(op, why, ARRAYSIZE(why));
    } else if (SUCCEEDED(hr)) {
        /* Staged once for the machine, then provisioned: every user gets it at the next sign-in. */
        hr = with_options(L"Windows.Management.Deployment.StagePackageOptions", &iid_stage_options, dir_u,
                          &options);
        if (SUCCEEDED(hr))
            hr = VT(pm9, pm9_vtbl)->StagePackageByUriAsync(pm9, file_u, options, &op);
        if (SUCCEEDED(hr))
            hr = wait_op(op, why, ARRAYSIZE(why));
        if (SUCCEEDED(hr))
            hr = find_ours(pm, TRUE, full, family, ARRAYSIZE(full));
        if (SUCCEEDED(hr) && !family[0])
            hr = HRESULT_FROM_WIN32(ERROR_NOT_FOUND);
        if (SUCCEEDED(hr))
            hr = IUnknown_QueryInterface((IUnknown *)pm, &iid_pm6, &pm6);
        if (SUCCEEDED(hr)) {
            HSTRING name = hs(family);
            release(op);
            op = NULL;
            hr = name ? VT(pm6, pm6_vtbl)->ProvisionPackageForAllUsersAsync(pm6, name, &op) : E_OUTOFMEMORY;
            if (name)
                rt.destroy(name);
            if (SUCCEEDED(hr))
                hr = wait_op(op, why, ARRAYSIZE(why));
        }
    }
    if (SUCCEEDED(hr) && !machine && FAILED(find_ours(pm, FALSE, full, family, ARRAYSIZE(full))))
        family[0] = 0;
    if (FAILED(hr)) {
        out = explain(&m, what, hr, why);
    } else {
        LSTATUS st = family[0] ? write_flag(machine, family) : ERROR_NOT_FOUND;
        add(&m, L"  package       %ls %ls (external location %ls)\n", CLI_PACKAGE_NAME,
            machine ? L"provisioned for all users; it appears at each user's next sign-in" : L"registered",
            dir);
        if (st != ERROR_SUCCESS)
            add(&m, L"  (could not write %ls\\%ls: error %ld; the classic item may show twice)\n",
                CLI_PACKAGE_FLAG_KEY, CLI_PACKAGE_FLAG_VALUE, (long)st);
    }
    release(op);
    release(options);
    release(dir_u);
    release(file_u);
    release(pm6);
    release(pm9);
    release(pm);
    if (SUCCEEDED(init))
        rt.uninit();
    return out;
}

cli_pkg_outcome cli_package_unregister(int machine, int dry_run, WCHAR *msg, size_t msg_cch)
{
    pkg_msg m = {msg, msg_cch, 0};
    WCHAR why[512] = L"", full[256] = L"", family[256];
    void *pm = NULL, *pm2 = NULL, *op = NULL;
    cli_pkg_outcome out = CLI_PKG_DONE;
    HSTRING name = NULL;
    HRESULT hr, init;
    BOOL had_flag = flag_set(machine);

    msg[0] = 0;
    if (on_wine() || windows_build() < 22000 || !load_rt()) {
        /* Nothing can have been registered; only a stale flag may be left. */
        if (had_flag) {
            add(&m, L"  delete value  %ls\\%ls\\%ls\n", machine ? L"HKLM" : L"HKCU", CLI_PACKAGE_FLAG_KEY,
                CLI_PACKAGE_FLAG_VALUE);
            if (!dry_run)
                delete_flag(machine);
        }
        return had_flag ? CLI_PKG_DONE : CLI_PKG_NOTHING;
    }
    init = rt.init(RO_INIT_MULTITHREADED);
    hr = activate(L"Windows.Management.Deployment.PackageManager", &iid_pm, &pm);
    if (SUCCEEDED(hr))
        hr = find_ours(pm, machine, full, family, ARRAYSIZE(full));
    if (SUCCEEDED(hr) && !full[0]) {
        out = CLI_PKG_NOTHING;
    } else if (SUCCEEDED(hr)) {
        add(&m, L"  package       remove %ls%ls\n", full, machine ? L" for all users" : L"");
        if (!dry_run) {
            name = hs(full);
            if (!name)
                hr = E_OUTOFMEMORY;
            else if (machine && SUCCEEDED(hr = IUnknown_QueryInterface((IUnknown *)pm, &iid_pm2, &pm2)))
                hr = VT(pm2, pm2_vtbl)->RemovePackageWithOptionsAsync(pm2, name, REMOVE_FOR_ALL_USERS, &op);
            else if (!machine)
                hr = VT(pm, pm_vtbl)->RemovePackageAsync(pm, name, &op);
            if (SUCCEEDED(hr))
                hr = wait_op(op, why, ARRAYSIZE(why));
        }
    }
    if (FAILED(hr)) {
        add(&m, L"connectas: removing the package %ls failed (0x%08lx)%ls%ls.\n", full, (unsigned long)hr,
            why[0] ? L": " : L"", why);
        out = CLI_PKG_FAILED;
    } else if (had_flag) {
        add(&m, L"  delete value  %ls\\%ls\\%ls\n", machine ? L"HKLM" : L"HKCU", CLI_PACKAGE_FLAG_KEY,
            CLI_PACKAGE_FLAG_VALUE);
        if (!dry_run)
            delete_flag(machine);
        out = CLI_PKG_DONE;
    }
    if (name)
        rt.destroy(name);
    release(op);
    release(pm2);
    release(pm);
    if (SUCCEEDED(init))
        rt.uninit();
    return out;
}

/* ---------------------------------------------------------------- connectas.exe package … */

static void print(const cli_platform *plat, int err, const WCHAR *text)
{
    char *utf8 = win_to_utf8(text);
    if (!utf8)
        return;
    if (plat && (err ? plat->write_err : plat->write_out))
        (err ? plat->write_err : plat->write_out)(plat->ctx, utf8);
    free(utf8);
}

int cli_package_main(int argc, WCHAR **argv, const cli_platform *plat)
{
    WCHAR dir[PATH_CCH], msg[4096];
    int machine = 0, dry = 0, reg, i;
    cli_pkg_outcome out;
    DWORD n;

    if (argc < 3 || (wcscmp(argv[2], L"register") && wcscmp(argv[2], L"unregister"))) {
        print(plat, 1, L"usage: connectas package register|unregister [--user|--machine] [--dry-run]\n");
        return CLI_EXIT_USAGE;
    }
    reg = !wcscmp(argv[2], L"register");
    for (i = 3; i < argc; i++) {
        if (!wcscmp(argv[i], L"--machine"))
            machine = 1;
        else if (!wcscmp(argv[i], L"--user"))
            machine = 0;
        else if (!wcscmp(argv[i], L"--dry-run"))
            dry = 1;
        else {
            _snwprintf(msg, ARRAYSIZE(msg), L"connectas: unknown option \"%ls\" for package\n", argv[i]);
            msg[ARRAYSIZE(msg) - 1] = 0;
            print(plat, 1, msg);
            return CLI_EXIT_USAGE;
        }
    }
    n = GetModuleFileNameW(NULL, dir, ARRAYSIZE(dir));
    if (n == 0 || n >= ARRAYSIZE(dir))
        return CLI_EXIT_FAILURE;
    while (n > 0 && dir[n - 1] != L'\\')
        n--;
    dir[n > 0 ? n - 1 : 0] = 0;
    out = reg ? cli_package_register(dir, machine, dry, msg, ARRAYSIZE(msg))
              : cli_package_unregister(machine, dry, msg, ARRAYSIZE(msg));
    if (msg[0])
        print(plat, out == CLI_PKG_FAILED, msg);
    else if (!reg && out == CLI_PKG_NOTHING)
        print(plat, 0, L"The ConnectAs package is not registered; nothing to remove.\n");
    return out == CLI_PKG_FAILED ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
}
