/* Explorer's side of the hand-off (shx_invoke.c): invoke connectas.dll's "Connect as…" and find the dialog.
 */
#ifndef CONNECTAS_TESTS_SHX_INVOKE_H
#define CONNECTAS_TESTS_SHX_INVOKE_H

#ifndef COBJMACROS
#define COBJMACROS
#endif
#include <windows.h>

/* Loads the handler from dll (bin\connectas.dll), initialises it with a selection of path (CF_HDROP, as
 * Wine cannot name UNC ID lists) and invokes "Connect as…" as Explorer's click does. */
void shx_invoke(HMODULE dll, const WCHAR *path);

typedef struct shx_dialog_search {
    HWND found;
} shx_dialog_search;
/* th_wait_for predicate: a visible "Connect as" dialog of another process (ctx: shx_dialog_search). */
int shx_other_dialog(void *ctx);

#endif
