/* Registration of connectas.dll as Explorer context-menu handler: one table, written, removed or listed. */
#ifndef CONNECTAS_SHXREG_H
#define CONNECTAS_SHXREG_H

#include <windows.h>

/* The handler's class ID (fixed for the life of the product). */
#define SHX_CLSID_STRING L"{5BC33CB3-5A78-410D-88BF-243C7853686F}"
extern const CLSID shx_clsid;

/* Name of the handler key under each <class>\shellex\ContextMenuHandlers. */
#define SHX_HANDLER_NAME L"ConnectAs"

/* The shell classes the handler is registered for, relative to Software\Classes
 * ("*", "Directory", …), NULL-terminated. */
extern const WCHAR *const shx_handler_classes[];

/* One change to the registry, as reported to an shx_reg_emit_fn. */
typedef enum shx_reg_op {
    SHX_REG_CREATE_KEY,   /* a key that did not exist is created */
    SHX_REG_SET_VALUE,    /* a value is written (created or replaced) */
    SHX_REG_DELETE_VALUE, /* a value is removed */
    SHX_REG_DELETE_KEY,   /* a key and everything below it is removed */
} shx_reg_op;

typedef struct shx_reg_change {
    shx_reg_op op;
    const WCHAR *key;  /* full name: "HKEY_CURRENT_USER\Software\Classes\…" */
    const WCHAR *name; /* value name, NULL for the default value and for key operations */
    DWORD type;        /* REG_SZ or REG_MULTI_SZ (SET_VALUE only) */
    const WCHAR *data; /* SET_VALUE: the text (REG_MULTI_SZ: NUL-separated, ends with two NULs) */
} shx_reg_change;

typedef void (*shx_reg_emit_fn)(void *ctx, const shx_reg_change *change);

/* Registers dll_path (a full path) as the context-menu handler, per user
 * (HKCU\Software\Classes) or per machine (HKLM\Software\Classes plus the
 * "Shell Extensions\Approved" entry). Keys that did not exist before are
 * remembered (value "CreatedKeys" under the CLSID key) so that unregistering
 * removes exactly what registering added. Calls SHChangeNotify(SHCNE_ASSOCCHANGED).
 * On failure what was written is removed again. */
HRESULT shx_register(BOOL machine, const WCHAR *dll_path);

/* Removes what shx_register wrote: the CLSID key, each handler key whose value
 * is our CLSID, the Approved value (per machine), and the keys registering had
 * created when they are empty now. Nothing registered is not an error (S_OK). */
HRESULT shx_unregister(BOOL machine);

/* As shx_register / shx_unregister, reporting every change through emit (may
 * be NULL). With dry_run the registry is only read: emit then lists exactly
 * the changes a real run would make now (the --dry-run of "connectas.exe install"). */
HRESULT shx_register_ex(BOOL machine, const WCHAR *dll_path, BOOL dry_run, shx_reg_emit_fn emit, void *ctx);
HRESULT shx_unregister_ex(BOOL machine, BOOL dry_run, shx_reg_emit_fn emit, void *ctx);

/* Copies the registered DLL path (InprocServer32) into buf (cch characters).
 * S_OK when registered in that scope, S_FALSE when not (buf empty). */
HRESULT shx_registered_path(BOOL machine, WCHAR *buf, DWORD cch);

#endif
