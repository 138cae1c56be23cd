/* GUI rig smoke test: a real window appears, paints, and can be photographed. */
#include <windows.h>

#include "harness.h"
#include "screenshot.h"

static int painted;

static LRESULT CALLBACK wndproc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_PAINT) {
        PAINTSTRUCT ps;
        RECT rc;
        HDC dc = BeginPaint(hwnd, &ps);
        HBRUSH brush = CreateSolidBrush(RGB(0, 120, 215));
        GetClientRect(hwnd, &rc);
        FillRect(dc, &rc, GetSysColorBrush(COLOR_WINDOW));
        rc.bottom /= 2;
        FillRect(dc, &rc, brush);
        DeleteObject(brush);
        TextOutW(dc, 10, 10, L"ConnectAs GUI rig", 17);
        EndPaint(hwnd, &ps);
        painted = 1;
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

static int is_painted(void *ctx)
{
    return IsWindowVisible((HWND)ctx) && painted;
}

int main(int argc, char **argv)
{
    WNDCLASSW wc = {0};
    HWND hwnd;
    WCHAR path[MAX_PATH];
    int colours;

    th_init(argc, argv);
    wc.lpfnWndProc = wndproc;
    wc.hInstance = GetModuleHandleW(NULL);
    wc.lpszClassName = L"ConnectAsGuiSmoke";
    wc.hCursor = LoadCursorW(NULL, (LPCWSTR)IDC_ARROW);
    ok(RegisterClassW(&wc) != 0, "RegisterClass failed: %lu\n", GetLastError());

    hwnd = CreateWindowExW(WS_EX_TOPMOST, wc.lpszClassName, L"gui smoke", WS_OVERLAPPEDWINDOW, 40, 40, 320,
                           200, NULL, NULL, wc.hInstance, NULL);
    ok(hwnd != NULL, "CreateWindow failed: %lu\n", GetLastError());
    if (!hwnd)
        return th_finish();
    ShowWindow(hwnd, SW_SHOWNORMAL);
    UpdateWindow(hwnd);
    ok(th_wait_for(is_painted, hwnd, 10000), "window not shown and painted within 10 s\n");

    colours = th_screenshot(hwnd, "gui_smoke", path, MAX_PATH);
    ok(colours >= 2, "screenshot %ls shows %d colours; want a painted window\n", path, colours);
    DestroyWindow(hwnd);
    return th_finish();
}
