/* Opening a location in Explorer: a folder as a folder, anything else as its parent with the item selected.
 */
#include "tray_open.h"

#include <objbase.h>
#include <shlobj.h>
#include <shellapi.h>

#include <stdlib.h>
#include <string.h>

/* 1 when the shell item is a plain folder (not a file that also browses like a folder, such as a
 * .zip, and not a shortcut), and the file system, when it knows the path, agrees it is a directory. */
static int is_folder(const WCHAR *path, SFGAOF attrs)
{
    DWORD fa;
    if (!(attrs & SFGAO_FOLDER) || (attrs & (SFGAO_STREAM | SFGAO_LINK)))
        return 0;
    fa = GetFileAttributesW(path);
    return fa == INVALID_FILE_ATTRIBUTES || (fa & FILE_ATTRIBUTE_DIRECTORY);
}

HRESULT tray_open_location(const WCHAR *path)
{
    PIDLIST_ABSOLUTE pidl = NULL;
    SFGAOF attrs = 0;
    HRESULT hr;
    if (!path || !*path)
        return E_INVALIDARG;
    hr = SHParseDisplayName(path, NULL, &pidl, SFGAO_FOLDER | SFGAO_STREAM | SFGAO_LINK, &attrs);
    if (FAILED(hr))
        return hr;
    if (is_folder(path, attrs)) {
        /* The item list and the class "Folder" make Explorer browse it: the verb is the folder's, never
         * the handler of whatever file type the name suggests. */
        SHELLEXECUTEINFOW sei;
        memset(&sei, 0, sizeof(sei));
        sei.cbSize = sizeof(sei);
        sei.fMask = SEE_MASK_IDLIST | SEE_MASK_CLASSNAME | SEE_MASK_FLAG_NO_UI | SEE_MASK_NOASYNC;
        sei.lpIDList = pidl;
        sei.lpClass = L"Folder";
        sei.nShow = SW_SHOWNORMAL;
        hr = ShellExecuteExW(&sei) ? S_OK : HRESULT_FROM_WIN32(GetLastError());
    } else {
        /* Its folder, with the item selected. */
        hr = SHOpenFolderAndSelectItems(pidl, 0, NULL, 0);
    }
    CoTaskMemFree(pidl);
    return hr;
}

typedef struct open_request {
    WCHAR *path;
    tray_inbox *inbox;
} open_request;

/* Opening a network folder may wait on the network: done on a thread of its own. */
static DWORD WINAPI open_thread(void *arg)
{
    open_request *req = arg;
    HRESULT init = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);
    HRESULT hr = tray_open_location(req->path);
    if (FAILED(hr)) {
        DWORD rc = HRESULT_FACILITY(hr) == FACILITY_WIN32 ? HRESULT_CODE(hr) : (DWORD)hr;
        WCHAR sentence[600], code[24], *text;
        tray_error_text(rc, NULL, sentence, ARRAYSIZE(sentence));
        text = tray_fmt(IDS_RESULT_OPEN_FAILED, req->path, sentence, tray_num(rc, code), NULL);
        /* The UI thread shows it and frees the text. */
        if (!text || !tray_inbox_put(req->inbox, TRAY_IN_NOTICE, text, 0))
            free(text);
    }
    if (SUCCEEDED(init))
        CoUninitialize();
    tray_inbox_release(req->inbox);
    free(req->path);
    free(req);
    return 0;
}

void tray_open_start(tray_inbox *inbox, const WCHAR *path)
{
    open_request *req = calloc(1, sizeof(*req));
    HANDLE thread;
    if (!req)
        return;
    req->path = tray_wdup(path);
    req->inbox = tray_inbox_ref(inbox);
    thread = req->path ? CreateThread(NULL, 0, open_thread, req, 0, NULL) : NULL;
    if (thread) {
        CloseHandle(thread);
    } else {
        tray_inbox_release(req->inbox);
        free(req->path);
        free(req);
    }
}
