/* The conflict dialog (tray_conflict.c): why Windows would answer 1219, and the fixes as command links. */
#ifndef CONNECTAS_TRAY_CONFLICT_H
#define CONNECTAS_TRAY_CONFLICT_H

#include "predict.h"
#include "tray_internal.h"

/* Command IDs of the conflict dialog's command links (TDM_CLICK_BUTTON). */
#define TRAY_CF_DISCONNECT 100
#define TRAY_CF_FORGET 101
#define TRAY_CF_SPELLING 102
#define TRAY_CF_ALIAS_FIRST 110 /* one per alias fix, in the prediction's order */
#define TRAY_CF_ALIAS_MAX 16
#define TRAY_CF_MAX_BUTTONS (3 + TRAY_CF_ALIAS_MAX)

/* What the dialog is about: a prediction made on m for the request path8. */
typedef struct tray_conflict_info {
    const prediction *pred;
    const model *m;
    const char *path8;
    int refused; /* Windows already answered 1219 (not just predicted) */
} tray_conflict_info;

/* The dialog's texts in the UI language. */
typedef struct tray_conflict_texts {
    WCHAR *main;   /* main instruction */
    WCHAR *reason; /* the one-sentence reason */
    WCHAR *footer; /* "likely" note, NULL when certain */
    size_t count;  /* command links */
    int ids[TRAY_CF_MAX_BUTTONS];
    WCHAR *buttons[TRAY_CF_MAX_BUTTONS]; /* "title\nnote" */
} tray_conflict_texts;

/* Builds the texts. Returns 1, or 0 when out of memory (then cleaned up). */
int tray_conflict_build(const tray_conflict_info *info, tray_conflict_texts *out);
void tray_conflict_cleanup(tray_conflict_texts *t);
/* Main instruction, reason, then each command link, one per line (tests and support). malloc'd. */
WCHAR *tray_conflict_join(const tray_conflict_texts *t);
/* Shows the task dialog owned by owner (comctl32 6), or a yes/no for the disconnect fix without it.
 * *task is the dialog while it is open (NULL after). Returns the chosen TRAY_CF_* or IDCANCEL. */
int tray_conflict_ask(HWND owner, HINSTANCE inst, const tray_conflict_texts *t, HWND *task);

#endif
