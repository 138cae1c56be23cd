/* The path corpus (tests/data/paths.corpus) through the shell extension's selection code under Wine: the same
 * verdicts and hand-offs as the core (tests/core/test_paths.c). */
#include <windows.h>
#include <shellapi.h>
#include <shlobj.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "harness.h"
#include "pathcorpus.h"
#include "shxsel.h"
#include "shxtest.h"

/* The corpus's drives: N: and O: mapped network drives, C: fixed, E: removable, R: CD, others absent. */
static UINT WINAPI corpus_drive_type(const WCHAR *root)
{
    if (pc_drive_is_remote(root[0]))
        return DRIVE_REMOTE;
    switch (root[0]) {
    case L'C':
        return DRIVE_FIXED;
    case L'E':
        return DRIVE_REMOVABLE;
    case L'R':
        return DRIVE_CDROM;
    default:
        return DRIVE_NO_ROOT_DIR;
    }
}

/* CF_HDROP block of one wide path (len units, may hold a lone surrogate). */
static BYTE *hdrop_of(const WCHAR *path, size_t len, SIZE_T *size)
{
    BYTE *p;
    *size = sizeof(DROPFILES) + (len + 2) * sizeof(WCHAR);
    p = calloc(1, *size);
    ((DROPFILES *)p)->pFiles = sizeof(DROPFILES);
    ((DROPFILES *)p)->fWide = TRUE;
    memcpy(p + sizeof(DROPFILES), path, len * sizeof(WCHAR));
    return p;
}

static void test_corpus(const char *file)
{
    pc_case *cases;
    long count = pc_load(file, &cases), i, yes = 0;
    ok(count > 100, "%s: %ld cases\n", file, count);
    for (i = 0; i < count; i++) {
        const pc_case *c = &cases[i];
        const WCHAR *path = (const WCHAR *)c->path16;
        shx_selection sel;
        WCHAR *decided = NULL;
        BYTE *block;
        SIZE_T size;
        BOOL added, shown;
        HRESULT hr;

        th_push_context("line %d '%s'", c->line, c->path8);
        /* One item added the way every reader adds it. */
        shx_selection_init(&sel, corpus_drive_type);
        added = shx_selection_add(&sel, path, c->len16);
        shown = shx_selection_eligible(&sel);
        ok(added == shown, "add %d, eligible %d\n", added, shown);
        ok(shown == c->expect, "selection code %s, corpus %s\n", shown ? "shows" : "hides",
           c->expect ? "yes" : "no");
        if (shown && c->expect)
            ok(!wcscmp(sel.first_path, (const WCHAR *)c->handoff16), "hand-off %ls, corpus %s\n",
               sel.first_path, c->handoff8);
        shx_selection_cleanup(&sel);

        /* The decision API (the Windows 11 command's entry) from the name. */
        hr = shx_decide_names(&path, 1, corpus_drive_type, &decided);
        ok(hr == (c->expect ? S_OK : S_FALSE), "shx_decide_names 0x%08lx\n", (unsigned long)hr);
        ok(!c->expect ? !decided : decided && !wcscmp(decided, (const WCHAR *)c->handoff16),
           "decided path %ls\n", decided ? decided : L"(none)");
        if (decided)
            HeapFree(GetProcessHeap(), 0, decided);

        /* As Explorer hands a path over in CF_HDROP. */
        if (c->len16) {
            block = hdrop_of(path, c->len16, &size);
            shx_selection_init(&sel, corpus_drive_type);
            hr = shx_read_hdrop(block, size, &sel);
            ok(hr == S_OK && shx_selection_eligible(&sel) == c->expect, "CF_HDROP 0x%08lx, eligible %d\n",
               (unsigned long)hr, shx_selection_eligible(&sel));
            shx_selection_cleanup(&sel);
            free(block);
        }
        yes += c->expect;
        th_pop_context();
    }
    ok(yes > 20 && yes < count - 20, "%ld accepted, %ld refused\n", yes, count - yes);
    pc_free(cases, count);
}

/* The shipped connectas.dll (bin/shellext-test), as Explorer drives it: Initialize with a CF_HDROP of the
 * path, then QueryContextMenu. Drive paths are left out: the DLL asks the real GetDriveTypeW, and N: and O:
 * are no network drives here (tests/shellext/test_host.c defines such drives). */
static void test_corpus_dll(const char *file)
{
    WCHAR dir[MAX_PATH], dll[MAX_PATH];
    IShellExtInit *init = NULL;
    IContextMenu *cm = NULL;
    pc_case *cases;
    long count = pc_load(file, &cases), i, tried = 0;

    test_exe_dir(dir, MAX_PATH);
    _snwprintf(dll, MAX_PATH, L"%lsshellext-test\\connectas.dll", dir);
    if (!test_create_handler(dll, &init, &cm)) {
        ok(0, "cannot create the handler from %ls\n", dll);
        pc_free(cases, count);
        return;
    }
    for (i = 0; i < count; i++) {
        const pc_case *c = &cases[i];
        const WCHAR *path = (const WCHAR *)c->path16;
        IDataObject *obj;
        HMENU menu;
        HRESULT hr, added;
        if (!c->len16 || (c->len16 >= 2 && path[1] == L':'))
            continue;
        th_push_context("DLL, line %d '%s'", c->line, c->path8);
        obj = tdo_create();
        tdo_set(obj, CF_HDROP, tdo_hdrop(&path, 1, TRUE));
        hr = IShellExtInit_Initialize(init, NULL, obj, NULL);
        menu = CreatePopupMenu();
        added = IContextMenu_QueryContextMenu(cm, menu, 0, 1, 10, CMF_NORMAL);
        ok(hr == (c->expect ? S_OK : S_FALSE), "Initialize 0x%08lx\n", (unsigned long)hr);
        ok(HRESULT_CODE(added) == (c->expect ? 1 : 0), "QueryContextMenu added %u items\n",
           (unsigned)HRESULT_CODE(added));
        DestroyMenu(menu);
        IDataObject_Release(obj);
        tried++;
        th_pop_context();
    }
    ok(tried > 80, "%ld paths through the DLL\n", tried);
    IContextMenu_Release(cm);
    IShellExtInit_Release(init);
    pc_free(cases, count);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    if (argc < 2)
        ok(0, "usage: shellext_corpus tests/data/paths.corpus\n");
    else {
        CoInitialize(NULL);
        test_corpus(argv[1]);
        test_corpus_dll(argv[1]);
        CoUninitialize();
    }
    return th_finish();
}
