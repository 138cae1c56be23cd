/* Consent questions: yes/no before deleting or forcing, naming exactly what would be affected. */
#include "tray_consent.h"

#include <stdlib.h>

#include "winutil.h"

int tray_consent_ask(HWND owner, UINT title_id, const WCHAR *text)
{
    WCHAR *title = tray_load(title_id);
    int answer = MessageBoxW(owner, text, title ? title : L"ConnectAs",
                             MB_YESNO | MB_ICONWARNING | MB_DEFBUTTON2 | MB_SETFOREGROUND);
    free(title);
    return answer == IDYES;
}

int tray_consent_force(HWND owner, const char *server, const tray_busy_use *uses, size_t count)
{
    wbuf lines = {0}, text = {0};
    WCHAR *wserver = win_from_utf8(server ? server : "");
    size_t i;
    int yes;
    for (i = 0; i < count; i++) {
        WCHAR *name = win_from_utf8(uses[i].name),
              *remote = win_from_utf8(uses[i].remote ? uses[i].remote : uses[i].name), num[24];
        const WCHAR *args[3] = {name, remote, tray_num(uses[i].open_files, num)};
        wbuf_add(&lines, L"    ");
        wbuf_add_res(&lines, uses[i].open_files > 0 ? IDS_CONFIRM_FORCE_LINE : IDS_CONFIRM_FORCE_LINE_INUSE,
                     args, 3);
        wbuf_add(&lines, L"\n");
        free(name);
        free(remote);
    }
    wbuf_add_res(&text, IDS_CONFIRM_FORCE, (const WCHAR *const[]){wserver, wbuf_str(&lines)}, 2);
    yes = count && tray_consent_ask(owner, IDS_CONFIRM_FORCE_TITLE, wbuf_str(&text));
    wbuf_cleanup(&lines);
    wbuf_cleanup(&text);
    free(wserver);
    return yes;
}

void tray_consent_kept(wbuf *msg, const char *server, const tray_busy_use *uses, size_t count)
{
    WCHAR **names = calloc(count ? count : 1, sizeof(*names)), *wserver = win_from_utf8(server ? server : "");
    wbuf kept = {0};
    size_t i;
    for (i = 0; names && i < count; i++)
        names[i] = win_from_utf8(uses[i].name);
    for (i = 0; names && i < count; i++) {
        if (i)
            wbuf_add_res(&kept, IDS_LIST_COMMA, NULL, 0);
        wbuf_add(&kept, names[i] ? names[i] : L"?");
    }
    if (msg->len)
        wbuf_add(msg, L"\n");
    wbuf_add_res(msg, IDS_RESULT_KEPT, (const WCHAR *const[]){wserver, wbuf_str(&kept)}, 2);
    for (i = 0; names && i < count; i++)
        free(names[i]);
    free(names);
    free(wserver);
    wbuf_cleanup(&kept);
}
