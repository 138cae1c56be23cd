/* The locked password buffer: one page, wiped after use (see tray_secret.h for the rules). */
#include "tray_secret.h"

struct tray_secret {
    WCHAR wide[TRAY_SECRET_MAX + 2];
    char utf8[TRAY_SECRET_MAX * 3 + 4];
};

tray_secret *tray_secret_create(void)
{
    tray_secret *s = VirtualAlloc(NULL, sizeof(*s), MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (!s)
        return NULL;
    /* Best effort: a locked page is never written to the page file. */
    VirtualLock(s, sizeof(*s));
    SecureZeroMemory(s, sizeof(*s));
    return s;
}

void tray_secret_free(tray_secret *s)
{
    if (!s)
        return;
    SecureZeroMemory(s, sizeof(*s));
    VirtualUnlock(s, sizeof(*s));
    VirtualFree(s, 0, MEM_RELEASE);
}

void tray_secret_wipe(tray_secret *s)
{
    if (s)
        SecureZeroMemory(s, sizeof(*s));
}

WCHAR *tray_secret_wide(tray_secret *s)
{
    return s->wide;
}

int tray_secret_seal(tray_secret *s)
{
    int ok;
    s->wide[TRAY_SECRET_MAX] = 0;
    ok = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, s->wide, -1, s->utf8, (int)sizeof(s->utf8), NULL,
                             NULL) > 0;
    SecureZeroMemory(s->wide, sizeof(s->wide));
    if (!ok)
        SecureZeroMemory(s->utf8, sizeof(s->utf8));
    return ok;
}

const char *tray_secret_utf8(const tray_secret *s)
{
    return s->utf8;
}

const void *tray_secret_bytes(const tray_secret *s, size_t *size)
{
    *size = s ? sizeof(*s) : 0;
    return s;
}
