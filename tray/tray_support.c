/* "Save state for support…": a save dialog with "Keep the real names", then the snapshot on the worker. */
#define COBJMACROS
#include "tray_support.h"

#include <shobjidl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot_file.h"
#include "winutil.h"

#ifndef CONNECTAS_VERSION_STRING_C
#define CONNECTAS_VERSION_STRING_C "0"
#endif

/* The dialog's GUIDs (shobjidl.h), here so the library does not pull in all of libuuid. */
static const CLSID ca_clsid_file_save_dialog = {
    0xc0b4e2f3, 0xba21, 0x4773, {0x8d, 0xba, 0x33, 0x5e, 0xc9, 0x46, 0xeb, 0x8b}};
static const IID ca_iid_file_save_dialog = {
    0x84bccd23, 0x5fde, 0x4cdb, {0xae, 0xa4, 0xaf, 0x64, 0xb8, 0x3d, 0x78, 0xab}};
static const IID ca_iid_file_dialog_customize = {
    0xe6fdd21a, 0x163f, 0x4975, {0x9c, 0x8c, 0xa6, 0x9f, 0x1b, 0xa3, 0x70, 0x34}};

#define KEEP_NAMES_ID 1 /* the check button's id in the save dialog */

struct tray_support {
    tray_host *host;
    tray_save_pick_fn pick;
    void *pick_ctx;
    int saving; /* a save dialog is open */
};

typedef struct save_job {
    WCHAR path[MAX_PATH * 4];
    int keep_names;
    ca_status st;
    ca_error err;
    size_t left_out;
} save_job;

tray_support *tray_support_create(tray_host *host)
{
    tray_support *s = calloc(1, sizeof(*s));
    if (s)
        s->host = host;
    return s;
}

void tray_support_free(tray_support *s)
{
    free(s);
}

void tray_support_set_picker(tray_support *s, tray_save_pick_fn fn, void *ctx)
{
    s->pick = fn;
    s->pick_ctx = ctx;
}

/* The standard save dialog (IFileSaveDialog) with a "Keep the real names" check button, unticked.
 * S_OK with path; HRESULT_FROM_WIN32(ERROR_CANCELLED) when cancelled. */
static HRESULT ask_path(HWND owner, WCHAR *path, size_t len, int *keep_names)
{
    IFileSaveDialog *dlg = NULL;
    IFileDialogCustomize *custom = NULL;
    IShellItem *item = NULL;
    WCHAR *title = tray_load(IDS_SAVE_TITLE), *keep = tray_load(IDS_SAVE_KEEP_NAMES),
          *filter = tray_load(IDS_SAVE_FILTER), *name = tray_load(IDS_SAVE_DEFAULT_NAME), *got = NULL;
    COMDLG_FILTERSPEC spec;
    BOOL checked = FALSE;
    HRESULT hr, init = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    hr = CoCreateInstance(&ca_clsid_file_save_dialog, NULL, CLSCTX_INPROC_SERVER, &ca_iid_file_save_dialog,
                          (void **)&dlg);
    if (SUCCEEDED(hr) &&
        SUCCEEDED(IFileSaveDialog_QueryInterface(dlg, &ca_iid_file_dialog_customize, (void **)&custom)))
        IFileDialogCustomize_AddCheckButton(custom, KEEP_NAMES_ID, keep ? keep : L"", FALSE);
    if (SUCCEEDED(hr)) {
        spec.pszName = filter ? filter : L"";
        spec.pszSpec = L"*.scenario";
        IFileSaveDialog_SetFileTypes(dlg, 1, &spec);
        IFileSaveDialog_SetDefaultExtension(dlg, L"scenario");
        IFileSaveDialog_SetFileName(dlg, name ? name : L"connectas.scenario");
        IFileSaveDialog_SetTitle(dlg, title ? title : L"");
        IFileSaveDialog_SetOptions(dlg, FOS_OVERWRITEPROMPT | FOS_FORCEFILESYSTEM | FOS_PATHMUSTEXIST |
                                            FOS_NOREADONLYRETURN);
        hr = IFileSaveDialog_Show(dlg, owner);
    }
    if (SUCCEEDED(hr))
        hr = IFileSaveDialog_GetResult(dlg, &item);
    if (SUCCEEDED(hr))
        hr = IShellItem_GetDisplayName(item, SIGDN_FILESYSPATH, &got);
    if (SUCCEEDED(hr)) {
        if (wcslen(got) >= len) {
            hr = HRESULT_FROM_WIN32(ERROR_FILENAME_EXCED_RANGE);
        } else {
            memcpy(path, got, (wcslen(got) + 1) * sizeof(WCHAR)); /* length checked above */
            if (custom &&
                SUCCEEDED(IFileDialogCustomize_GetCheckButtonState(custom, KEEP_NAMES_ID, &checked)))
                *keep_names = checked != FALSE;
        }
    }
    CoTaskMemFree(got);
    if (item)
        IShellItem_Release(item);
    if (custom)
        IFileDialogCustomize_Release(custom);
    if (dlg)
        IFileSaveDialog_Release(dlg);
    if (SUCCEEDED(init))
        CoUninitialize();
    free(title);
    free(keep);
    free(filter);
    free(name);
    return hr;
}

/* On the worker: a fresh snapshot, written by the core (redacted unless the real names were asked for). */
static void save_call(backend *be, tray_job *tj)
{
    save_job *j = tj->ctx;
    model *m = NULL;
    memset(&j->err, 0, sizeof(j->err));
    j->st = backend_snapshot(be, &m, &j->err);
    if (j->st == CA_OK)
        j->st = win_save_snapshot(m, j->path, j->keep_names ? 0 : SNAPSHOT_REDACT, CONNECTAS_VERSION_STRING_C,
                                  &j->left_out, &j->err);
    model_free(m);
}

static void save_done(tray_job *tj)
{
    save_job *j = tj->ctx;
    tray_support *s = tj->owner;
    wbuf b = {0};
    WCHAR *text, num[24];
    if (j->st == CA_OK) {
        text = tray_fmt(j->keep_names ? IDS_RESULT_SAVED_REAL : IDS_RESULT_SAVED, j->path, NULL);
        wbuf_add(&b, text);
        free(text);
        if (j->left_out) {
            text = tray_fmt(IDS_RESULT_SAVED_LEFT, tray_num((long long)j->left_out, num), NULL);
            wbuf_add(&b, L" ");
            wbuf_add(&b, text);
            free(text);
        }
        tray_host_report(s->host, wbuf_str(&b), NIIF_INFO);
        /* Shown selected in its folder, never opened with its own handler. */
        tray_host_open(s->host, j->path);
    } else {
        WCHAR sentence[600];
        tray_error_text(j->err.code, j->err.msg, sentence, ARRAYSIZE(sentence));
        text =
            tray_fmt(IDS_RESULT_SAVE_FAILED, j->path, sentence, tray_num((long long)j->err.code, num), NULL);
        tray_host_report(s->host, text ? text : L"", NIIF_ERROR);
        free(text);
    }
    wbuf_cleanup(&b);
}

void tray_support_save(tray_support *s)
{
    save_job *j;
    tray_job *tj;
    HRESULT hr;
    int picked;
    if (!s || s->saving)
        return;
    j = calloc(1, sizeof(*j));
    if (!j)
        return;
    s->saving = 1;
    if (s->pick) {
        picked = s->pick(s->pick_ctx, tray_host_owner(s->host), j->path, ARRAYSIZE(j->path), &j->keep_names);
        hr = picked ? S_OK : HRESULT_FROM_WIN32(ERROR_CANCELLED);
    } else {
        hr = ask_path(tray_host_owner(s->host), j->path, ARRAYSIZE(j->path), &j->keep_names);
    }
    s->saving = 0;
    if (hr == HRESULT_FROM_WIN32(ERROR_CANCELLED) || !tray_host_alive(s->host)) {
        free(j);
        return;
    }
    if (FAILED(hr)) {
        WCHAR code[24], *text;
        _snwprintf(code, ARRAYSIZE(code), L"0x%08lx", (unsigned long)hr);
        code[ARRAYSIZE(code) - 1] = 0;
        text = tray_fmt(IDS_SAVE_DIALOG_FAILED, code, NULL);
        tray_host_report(s->host, text ? text : L"", NIIF_ERROR);
        free(text);
        free(j);
        return;
    }
    tj = tray_job_new(save_call, save_done, s);
    if (!tj) {
        free(j);
        return;
    }
    tj->ctx = j;
    tj->ctx_free = free;
    tj->action = 1;
    tray_host_submit(s->host, tj);
}
