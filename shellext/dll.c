/* connectas.dll: module state, the class factory and the exported COM server entry points. */
#include "shx_dll.h"
#include "shxloc.h"
#include "shxreg.h"

HINSTANCE shx_instance;
static LONG module_refs;

void shx_module_lock(void)
{
    InterlockedIncrement(&module_refs);
}

void shx_module_unlock(void)
{
    InterlockedDecrement(&module_refs);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved);

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    if (reason == DLL_PROCESS_ATTACH) {
        shx_instance = instance;
        DisableThreadLibraryCalls(instance);
    } else if (reason == DLL_PROCESS_DETACH && !reserved) {
        /* FreeLibrary: give the bitmap back. At process exit (reserved set) the
         * system reclaims it and other DLLs may already be gone. */
        shx_icon_free();
    }
    return TRUE;
}

/* The class factories are static objects: their references hold the module. */
/* One static factory per class: the classic context menu and the Windows 11 command. */
struct shx_factory {
    IClassFactory IClassFactory_iface;
    const CLSID *clsid;
    HRESULT (*create)(REFIID riid, void **out);
};

static HRESULT WINAPI factory_QueryInterface(IClassFactory *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IClassFactory)) {
        *out = iface;
        IClassFactory_AddRef(iface);
        return S_OK;
    }
    return E_NOINTERFACE;
}

static ULONG WINAPI factory_AddRef(IClassFactory *iface)
{
    (void)iface;
    shx_module_lock();
    return 2;
}

static ULONG WINAPI factory_Release(IClassFactory *iface)
{
    (void)iface;
    shx_module_unlock();
    return 1;
}

static HRESULT WINAPI factory_CreateInstance(IClassFactory *iface, IUnknown *outer, REFIID riid, void **out)
{
    struct shx_factory *factory = CONTAINING_RECORD(iface, struct shx_factory, IClassFactory_iface);
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (outer)
        return CLASS_E_NOAGGREGATION;
    if (!riid)
        return E_INVALIDARG;
    return factory->create(riid, out);
}

static HRESULT WINAPI factory_LockServer(IClassFactory *iface, BOOL lock)
{
    (void)iface;
    if (lock)
        shx_module_lock();
    else
        shx_module_unlock();
    return S_OK;
}

static const IClassFactoryVtbl factory_vtbl = {
    factory_QueryInterface, factory_AddRef, factory_Release, factory_CreateInstance, factory_LockServer,
};

static struct shx_factory factories[] = {
    {{(IClassFactoryVtbl *)&factory_vtbl}, &shx_clsid, shx_menu_create},
    {{(IClassFactoryVtbl *)&factory_vtbl}, &shx_xcmd_clsid, shx_xcmd_create},
};

STDAPI DllGetClassObject(REFCLSID clsid, REFIID riid, void **out)
{
    size_t i;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!clsid || !riid)
        return E_INVALIDARG;
    for (i = 0; i < ARRAYSIZE(factories); i++)
        if (IsEqualCLSID(clsid, factories[i].clsid))
            return factory_QueryInterface(&factories[i].IClassFactory_iface, riid, out);
    return CLASS_E_CLASSNOTAVAILABLE;
}

STDAPI DllCanUnloadNow(void)
{
    return InterlockedCompareExchange(&module_refs, 0, 0) == 0 ? S_OK : S_FALSE;
}

static HRESULT register_here(BOOL machine)
{
    WCHAR path[MAX_PATH * 4], *slash;
    DWORD n = GetModuleFileNameW(shx_instance, path, ARRAYSIZE(path));
    if (n == 0 || n >= ARRAYSIZE(path))
        return E_FAIL;
    if (machine) {
        /* Every user's Explorer would load this file: only from a folder no standard user can change,
         * on a local disk (issue 12, finding 2). regsvr32 then reports 0x80070005 (access denied). */
        const WCHAR *names[2] = {NULL, NULL};
        shx_loc_result res;
        WCHAR dir[MAX_PATH * 4];
        HRESULT hr;
        memcpy(dir, path, sizeof(dir));
        slash = wcsrchr(dir, L'\\');
        if (!slash)
            return E_FAIL;
        *slash = 0;
        names[0] = slash + 1; /* this very file, whatever it is called */
        hr = shx_machine_location(dir, names, &res);
        if (hr != S_OK)
            return FAILED(hr) ? hr : E_ACCESSDENIED;
    }
    return shx_register(machine, path);
}

/* regsvr32 connectas.dll: per user, needs no administrator. */
STDAPI DllRegisterServer(void)
{
    return register_here(FALSE);
}

STDAPI DllUnregisterServer(void)
{
    return shx_unregister(FALSE);
}

/* regsvr32 [/u] /n /i:machine|user connectas.dll */
STDAPI DllInstall(BOOL install, const WCHAR *cmdline)
{
    BOOL machine;
    if (!cmdline || !*cmdline || CompareStringOrdinal(cmdline, -1, L"user", -1, TRUE) == CSTR_EQUAL)
        machine = FALSE;
    else if (CompareStringOrdinal(cmdline, -1, L"machine", -1, TRUE) == CSTR_EQUAL)
        machine = TRUE;
    else
        return E_INVALIDARG;
    return install ? register_here(machine) : shx_unregister(machine);
}
