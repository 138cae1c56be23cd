/* Test helpers for GUI tests: bounded waits and window screenshots (Windows only). */
#ifndef CONNECTAS_SCREENSHOT_H
#define CONNECTAS_SCREENSHOT_H

#include <windows.h>

/* Pumps this thread's messages until pred(ctx) is true or timeout_ms passes.
 * Returns 1 when pred held, 0 on timeout. Never sleeps a fixed time.
 * timeout_ms is multiplied by th_wait_scale(): a bound is only reached when
 * something does not happen, and a busy two-core machine is slow. */
int th_wait_for(int (*pred)(void *ctx), void *ctx, DWORD timeout_ms);

/* %TH_WAIT_SCALE% (1 to 20), 1 when unset: tests/wine/wine-run sets 4. */
DWORD th_wait_scale(void);

/* Saves the screen area of hwnd (or the whole screen when hwnd is NULL) as a
 * 24-bit BMP named NAME.bmp in %CONNECTAS_ARTIFACTS% (or the current folder).
 * Fills path (may be NULL) and returns the number of distinct colours sampled,
 * 0 on failure, so a test can tell a drawn window from an empty rectangle. */
int th_screenshot(HWND hwnd, const char *name, WCHAR *path, DWORD path_len);

#endif
