/* GUI test helpers: message-pumping waits with a bound, and BMP screenshots of windows. */
#include "screenshot.h"

#include <stdio.h>
#include <stdlib.h>

DWORD th_wait_scale(void)
{
    static DWORD scale;
    WCHAR text[16];
    if (!scale) {
        scale = 1;
        if (GetEnvironmentVariableW(L"TH_WAIT_SCALE", text, ARRAYSIZE(text)) && text[0]) {
            DWORD n = wcstoul(text, NULL, 10);
            scale = n >= 1 && n <= 20 ? n : 1;
        }
    }
    return scale;
}

int th_wait_for(int (*pred)(void *ctx), void *ctx, DWORD timeout_ms)
{
    DWORD start = GetTickCount();
    timeout_ms = timeout_ms > MAXDWORD / th_wait_scale() ? MAXDWORD : timeout_ms * th_wait_scale();
    for (;;) {
        MSG msg;
        DWORD elapsed;
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) {
            TranslateMessage(&msg);
            DispatchMessageW(&msg);
        }
        if (pred(ctx))
            return 1;
        elapsed = GetTickCount() - start;
        if (elapsed >= timeout_ms)
            return 0;
        /* Wake on any input or after a short slice to re-check the predicate. */
        MsgWaitForMultipleObjects(0, NULL, FALSE, min(50, timeout_ms - elapsed), QS_ALLINPUT);
    }
}

static int count_colours(const unsigned char *bits, int width, int height, int stride)
{
    DWORD seen[64];
    int count = 0, x, y, i;
    for (y = 0; y < height; y += (height > 64 ? height / 64 : 1))
        for (x = 0; x < width; x += (width > 64 ? width / 64 : 1)) {
            const unsigned char *p = bits + (size_t)y * stride + (size_t)x * 3;
            DWORD c = p[0] | (p[1] << 8) | ((DWORD)p[2] << 16);
            for (i = 0; i < count && seen[i] != c; i++)
                ;
            if (i == count && count < 64)
                seen[count++] = c;
        }
    return count;
}

int th_screenshot(HWND hwnd, const char *name, WCHAR *path, DWORD path_len)
{
    WCHAR dir[MAX_PATH], file[MAX_PATH];
    RECT rc;
    HDC screen = NULL, mem = NULL;
    HBITMAP bmp = NULL;
    HGDIOBJ old = NULL;
    BITMAPINFO bi;
    BITMAPFILEHEADER fh;
    unsigned char *bits = NULL;
    int width, height, stride, colours = 0;
    FILE *out = NULL;

    if (hwnd) {
        if (!GetWindowRect(hwnd, &rc))
            return 0;
    } else {
        SetRect(&rc, 0, 0, GetSystemMetrics(SM_CXSCREEN), GetSystemMetrics(SM_CYSCREEN));
    }
    width = rc.right - rc.left;
    height = rc.bottom - rc.top;
    if (width <= 0 || height <= 0)
        return 0;
    stride = (width * 3 + 3) & ~3;

    if (!GetEnvironmentVariableW(L"CONNECTAS_ARTIFACTS", dir, MAX_PATH))
        lstrcpyW(dir, L".");
    CreateDirectoryW(dir, NULL);
    swprintf(file, MAX_PATH, L"%ls\\%hs.bmp", dir, name);

    screen = GetDC(NULL);
    mem = CreateCompatibleDC(screen);
    bmp = CreateCompatibleBitmap(screen, width, height);
    if (!screen || !mem || !bmp)
        goto cleanup;
    old = SelectObject(mem, bmp);
    if (!BitBlt(mem, 0, 0, width, height, screen, rc.left, rc.top, SRCCOPY))
        goto cleanup;
    SelectObject(mem, old);
    old = NULL;

    memset(&bi, 0, sizeof(bi));
    bi.bmiHeader.biSize = sizeof(bi.bmiHeader);
    bi.bmiHeader.biWidth = width;
    bi.bmiHeader.biHeight = height;
    bi.bmiHeader.biPlanes = 1;
    bi.bmiHeader.biBitCount = 24;
    bi.bmiHeader.biCompression = BI_RGB;
    bits = malloc((size_t)stride * height);
    if (!bits || !GetDIBits(mem, bmp, 0, height, bits, &bi, DIB_RGB_COLORS))
        goto cleanup;

    memset(&fh, 0, sizeof(fh));
    fh.bfType = 0x4d42;
    fh.bfOffBits = sizeof(fh) + sizeof(bi.bmiHeader);
    fh.bfSize = fh.bfOffBits + (DWORD)stride * height;
    out = _wfopen(file, L"wb");
    if (!out)
        goto cleanup;
    if (fwrite(&fh, sizeof(fh), 1, out) == 1 && fwrite(&bi.bmiHeader, sizeof(bi.bmiHeader), 1, out) == 1 &&
        fwrite(bits, (size_t)stride * height, 1, out) == 1)
        colours = count_colours(bits, width, height, stride);
    if (path && path_len)
        lstrcpynW(path, file, path_len);

cleanup:
    if (out)
        fclose(out);
    free(bits);
    if (old)
        SelectObject(mem, old);
    if (bmp)
        DeleteObject(bmp);
    if (mem)
        DeleteDC(mem);
    if (screen)
        ReleaseDC(NULL, screen);
    return colours;
}
