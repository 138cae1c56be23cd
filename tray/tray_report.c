/* The tray's support report: the state in English (no secrets), copied to the clipboard. */
#include "tray_features.h"

#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "winutil.h"

#ifndef CONNECTAS_VERSION_STRING_C
#define CONNECTAS_VERSION_STRING_C "0.0.0"
#endif

void tray_report_build(strbuf *sb, const tray_state *st)
{
    /* For support staff: English like `connectas report`, and never a password. */
    strbuf_addf(sb, "ConnectAs support report (tray, version %s)\n", CONNECTAS_VERSION_STRING_C);
    if (st->sandbox) {
        char *name = win_to_utf8(st->sandbox_name ? st->sandbox_name : L"");
        strbuf_addf(sb, "State: sandbox scenario %s (not this machine)\n", name ? name : "");
        free(name);
    } else {
        win_describe_system(sb, 0);
    }
    if (st->have_state)
        render_report_text(sb, st->m, &st->slots);
    else
        strbuf_addf(sb, "The connections could not be read: %s (error %lu)\n", st->snap_err.msg,
                    st->snap_err.code);
}

void tray_report_copy(tray_host *host, HWND clip_owner, const strbuf *sb)
{
    WCHAR *text = NULL, *crlf = NULL, *msg;
    HGLOBAL mem = NULL;
    DWORD rc = ERROR_SUCCESS;

    if (sb->failed) {
        rc = ERROR_NOT_ENOUGH_MEMORY;
        goto cleanup;
    }
    text = win_from_utf8(strbuf_str(sb));
    crlf = text ? tray_crlf(text) : NULL;
    if (!crlf) {
        rc = ERROR_NOT_ENOUGH_MEMORY;
        goto cleanup;
    }
    mem = GlobalAlloc(GMEM_MOVEABLE, (wcslen(crlf) + 1) * sizeof(WCHAR));
    if (!mem) {
        rc = GetLastError();
        goto cleanup;
    }
    memcpy(GlobalLock(mem), crlf, (wcslen(crlf) + 1) * sizeof(WCHAR));
    GlobalUnlock(mem);
    if (!OpenClipboard(clip_owner)) {
        rc = GetLastError();
        goto cleanup;
    }
    EmptyClipboard();
    if (SetClipboardData(CF_UNICODETEXT, mem))
        mem = NULL; /* the clipboard owns it now */
    else
        rc = GetLastError();
    CloseClipboard();
cleanup:
    if (mem)
        GlobalFree(mem);
    if (rc == ERROR_SUCCESS) {
        msg = tray_load(IDS_RESULT_REPORT);
    } else {
        WCHAR code[24];
        msg = tray_fmt(IDS_RESULT_REPORT_FAILED, tray_num(rc, code), NULL);
    }
    tray_host_report(host, msg, rc == ERROR_SUCCESS ? NIIF_INFO : NIIF_ERROR);
    free(msg);
    free(text);
    free(crlf);
}
