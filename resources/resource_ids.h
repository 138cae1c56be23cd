/* Resource IDs shared by the Windows binaries' .rc files and their code. */
#ifndef CONNECTAS_RESOURCE_IDS_H
#define CONNECTAS_RESOURCE_IDS_H

/* Error sentences: IDS_ERROR_BASE + the Windows error code (error table, docs/1219.md). */
#define IDS_ERROR_BASE 20000

/* Tray: why a connection would get 1219 (one sentence per predict_reason, with the same arguments as the
 * CLI's render_reason_text), each warning kind, and fix outcomes (tray/tray_explain.c). */
#define IDS_WHY_NO_SLOT 1400
#define IDS_WHY_NO_SLOT_USER 1401
#define IDS_WHY_SAME_USER 1402
#define IDS_WHY_DEFAULT_REUSES 1403
#define IDS_WHY_DEFAULT_MATCHES 1404
#define IDS_WHY_DEFAULT_THEN_EXPLICIT 1405
#define IDS_WHY_SAME_ACCOUNT 1406
#define IDS_WHY_OTHER_USER 1407
#define IDS_WHY_SPELLING 1408
#define IDS_WHY_SAVED_CRED_USER 1409
#define IDS_WHY_DFS 1410
#define IDS_WHY_VIA_SAVED_CRED 1411 /* appended: the default slot signs in through a saved credential */
#define IDS_WHY_LIKELY 1412         /* appended: the rule is not confirmed */
#define IDS_WHY_DFS_ALSO 1413       /* appended: DFS-related uses hold the session too */
#define IDS_WARN_UNAVAILABLE_REMEMBERED 1420
#define IDS_WARN_SAME_MACHINE 1421
#define IDS_WARN_OPEN_FILES 1422
#define IDS_WARN_ELEVATED 1423
#define IDS_WARN_USERS_UNKNOWN 1424
#define IDS_WARN_SAVED_CRED_USED 1425
#define IDS_WARN_WIDE_CREDENTIAL 1426
#define IDS_RESULT_CHANGED 1430 /* a planned step whose use changed meanwhile: not touched */
#define IDS_CF_BADPASSWORD 1431 /* the typed password cannot be sent (a lone surrogate) */
#define IDS_TRAY_EXPLAIN_FIRST 1400
#define IDS_TRAY_EXPLAIN_LAST 1431

#endif
