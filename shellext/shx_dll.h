/* Internal interfaces between the parts of connectas.dll (module state, menu object, icon). */
#ifndef CONNECTAS_SHX_DLL_H
#define CONNECTAS_SHX_DLL_H

#include <windows.h>
#include <shellapi.h>
#include <shlobj.h>

/* The DLL's own module handle (set in DllMain). */
extern HINSTANCE shx_instance;

/* Module reference count: live objects, class-factory references and
 * LockServer(TRUE) calls. DllCanUnloadNow answers S_OK only at zero. */
void shx_module_lock(void);
void shx_module_unlock(void);

/* Creates a context-menu object and returns interface riid in *out (NULL on failure). */
HRESULT shx_menu_create(REFIID riid, void **out);

/* The Windows 11 first-menu command (IExplorerCommand + IObjectWithSite, xcmd.c),
 * class shx_xcmd_clsid, declared by the sparse package (installer/msix.py) and
 * never written to the registry by the DLL. Same selection rules and hand-off
 * as the context-menu object. Returns interface riid in *out (NULL on failure). */
extern const CLSID shx_xcmd_clsid;
HRESULT shx_xcmd_create(REFIID riid, void **out);
/* TRUE when the package's item shows for path (the first selected item), so the
 * classic item steps aside and never shows twice: connectas.exe recorded the
 * package family in HKCU or HKLM\Software\ConnectAs "ExplorerCommand" after
 * registering it (cli/cli_package.c), that family is registered for the
 * current user now (a provisioned package arrives only at the next sign-in;
 * a package removed in Settings is gone), and path is not a \\server or
 * \\server\share root (the Network folder's items, which packaged verbs do
 * not reach). Local reads only, remembered for 5 seconds; called only for
 * selections that get the item. */
BOOL shx_xcmd_covers(const WCHAR *path);

/* The menu item's bitmap: 32-bit, premultiplied alpha, small-icon size; made
 * once per process and owned by the module (NULL if it could not be made). */
HBITMAP shx_icon_get(void);
/* Frees the bitmap (process detach). */
void shx_icon_free(void);

/* Exports (connectas.def); declared here so that every definition has a prototype. */
STDAPI DllCanUnloadNow(void);
STDAPI DllGetClassObject(REFCLSID clsid, REFIID riid, void **out);
STDAPI DllRegisterServer(void);
STDAPI DllUnregisterServer(void);
STDAPI DllInstall(BOOL install, const WCHAR *cmdline);

#endif
