/* Screen-reader support for the tray's windows: live-region announcements and spoken list rows. */
#include "tray_a11y.h"

#include <oleacc.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#ifndef EVENT_OBJECT_LIVEREGIONCHANGED
#define EVENT_OBJECT_LIVEREGIONCHANGED 0x8019
#endif

/* The GUIDs are written out: the tray links no oleacc or uuid import library (MinGW's
 * IID_IAccessible did not match under Wine), and the objects come from ole32 alone. */
static const GUID a11y_clsid_services = {
    0xb5f8350b, 0x0548, 0x48b1, {0xa6, 0xee, 0x88, 0xbd, 0x00, 0xb4, 0xa5, 0xe7}};
static const GUID a11y_iid_services = {
    0x6e26e776, 0x04f0, 0x495d, {0x80, 0xe4, 0x33, 0x30, 0x35, 0x2e, 0x31, 0x69}};
static const GUID a11y_iid_server = {
    0x76c0dbbb, 0x15e0, 0x4e7b, {0xb6, 0x1b, 0x20, 0xee, 0xea, 0x20, 0x01, 0xe0}};
static const GUID a11y_iid_unknown = {
    0x00000000, 0x0000, 0x0000, {0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
static const GUID a11y_propid_name = {
    0x608d3df8, 0x8128, 0x4aa7, {0xa4, 0x28, 0xf5, 0x5e, 0x49, 0x26, 0x72, 0x91}};
static const GUID a11y_live_setting = {
    0xc12bcd8e, 0x2a8e, 0x4950, {0x8a, 0xe7, 0x36, 0x25, 0x11, 0x1d, 0x58, 0xeb}};
#define A11Y_LIVE_POLITE 1

typedef BSTR(WINAPI *sys_alloc_string_fn)(const OLECHAR *);

/* AccPropServices on this (the UI) thread, made once; NULL when the system has none. */
static IAccPropServices *services(void)
{
    static int tried;
    static IAccPropServices *svc;
    HRESULT hr;
    if (tried)
        return svc;
    tried = 1;
    hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    if (FAILED(hr) && hr != RPC_E_CHANGED_MODE)
        return NULL;
    if (FAILED(CoCreateInstance(&a11y_clsid_services, NULL, CLSCTX_INPROC_SERVER, &a11y_iid_services,
                                (void **)&svc)))
        svc = NULL;
    return svc;
}

void tray_a11y_announce(HWND control)
{
    IAccPropServices *svc;
    if (!control)
        return;
    svc = services();
    if (svc && !GetPropW(control, L"ConnectAs.Live")) {
        VARIANT v;
        memset(&v, 0, sizeof(v));
        v.vt = VT_I4;
        v.lVal = A11Y_LIVE_POLITE;
        if (SUCCEEDED(svc->lpVtbl->SetHwndProp(svc, control, (DWORD)OBJID_CLIENT, CHILDID_SELF,
                                               a11y_live_setting, v)))
            SetPropW(control, L"ConnectAs.Live", (HANDLE)1);
    }
    NotifyWinEvent(EVENT_OBJECT_NAMECHANGE, control, OBJID_CLIENT, CHILDID_SELF);
    NotifyWinEvent(EVENT_OBJECT_LIVEREGIONCHANGED, control, OBJID_CLIENT, CHILDID_SELF);
}

WCHAR *tray_a11y_join(const WCHAR *const *cols, int n, const WCHAR *sep)
{
    size_t len = 1, seplen = sep ? wcslen(sep) : 0, at = 0;
    int i;
    WCHAR *out;
    for (i = 0; i < n; i++)
        if (cols[i] && cols[i][0])
            len += wcslen(cols[i]) + seplen;
    out = malloc(len * sizeof(WCHAR));
    if (!out)
        return NULL;
    /* len counts every piece and separator, so the copies below stay inside out. */
    for (i = 0; i < n; i++) {
        size_t k;
        if (!cols[i] || !cols[i][0])
            continue;
        if (at && seplen) {
            memcpy(out + at, sep, seplen * sizeof(WCHAR));
            at += seplen;
        }
        k = wcslen(cols[i]);
        memcpy(out + at, cols[i], k * sizeof(WCHAR));
        at += k;
    }
    out[at] = 0;
    return out;
}

/* ---- the rows' names: an IAccPropServer for the list's children ---- */

typedef struct row_server {
    IAccPropServer iface;
    LONG ref;
    HWND list;
    tray_a11y_row_fn fn;
    void *ctx;
    sys_alloc_string_fn alloc;
} row_server;

static row_server *server_from(IAccPropServer *iface)
{
    return (row_server *)iface;
}

static HRESULT WINAPI server_query_interface(IAccPropServer *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &a11y_iid_unknown) || IsEqualGUID(riid, &a11y_iid_server)) {
        *out = iface;
        iface->lpVtbl->AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI server_add_ref(IAccPropServer *iface)
{
    return (ULONG)InterlockedIncrement(&server_from(iface)->ref);
}

static ULONG WINAPI server_release(IAccPropServer *iface)
{
    row_server *s = server_from(iface);
    LONG ref = InterlockedDecrement(&s->ref);
    if (!ref)
        free(s);
    return (ULONG)ref;
}

static HRESULT WINAPI server_get_prop_value(IAccPropServer *iface, const BYTE *id, DWORD id_len,
                                            MSAAPROPID prop, VARIANT *value, BOOL *has)
{
    row_server *s = server_from(iface);
    IAccPropServices *svc = services();
    HWND hwnd = NULL;
    DWORD object = 0, child = 0;
    WCHAR *text;
    *has = FALSE;
    memset(value, 0, sizeof(*value)); /* VT_EMPTY */
    if (!svc || !s->fn || !IsEqualGUID(&prop, &a11y_propid_name) ||
        FAILED(svc->lpVtbl->DecomposeHwndIdentityString(svc, id, id_len, &hwnd, &object, &child)) ||
        hwnd != s->list || child == CHILDID_SELF)
        return S_OK;
    text = s->fn(s->ctx, (int)child - 1);
    if (text && text[0] && s->alloc) {
        value->vt = VT_BSTR;
        value->bstrVal = s->alloc(text);
        *has = value->bstrVal != NULL;
        if (!*has)
            value->vt = VT_EMPTY;
    }
    free(text);
    return S_OK;
}

static const IAccPropServerVtbl server_vtbl = {server_query_interface, server_add_ref, server_release,
                                               server_get_prop_value};

int tray_a11y_name_rows(HWND list, tray_a11y_row_fn fn, void *ctx)
{
    IAccPropServices *svc = services();
    HMODULE oleaut;
    row_server *s;
    HRESULT hr;
    if (!svc || !list)
        return 0;
    /* BSTRs for the names; oleaut32 from System32 only. */
    oleaut = LoadLibraryExW(L"oleaut32.dll", NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
    s = calloc(1, sizeof(*s));
    if (!oleaut || !s) {
        free(s);
        return 0;
    }
    s->iface.lpVtbl = (IAccPropServerVtbl *)&server_vtbl;
    s->ref = 1;
    s->list = list;
    s->fn = fn;
    s->ctx = ctx;
    s->alloc = (sys_alloc_string_fn)(void (*)(void))GetProcAddress(oleaut, "SysAllocString");
    hr = svc->lpVtbl->SetHwndPropServer(svc, list, (DWORD)OBJID_CLIENT, CHILDID_SELF, &a11y_propid_name, 1,
                                        &s->iface, ANNO_CONTAINER);
    s->iface.lpVtbl->Release(&s->iface); /* the services hold it while annotated */
    return SUCCEEDED(hr);
}

void tray_a11y_unname_rows(HWND list)
{
    IAccPropServices *svc = services();
    if (svc && list)
        svc->lpVtbl->ClearHwndProps(svc, list, (DWORD)OBJID_CLIENT, CHILDID_SELF, &a11y_propid_name, 1);
}
