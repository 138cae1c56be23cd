/* The benchmark's yardstick: a minimal Win32 program with one hidden window and a message loop. */
#include <windows.h>

static LRESULT CALLBACK proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_DESTROY) {
        PostQuitMessage(0);
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

int WINAPI wWinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmdline, int show)
{
    WNDCLASSW wc = {0};
    MSG msg;
    (void)prev;
    (void)cmdline;
    (void)show;
    wc.lpfnWndProc = proc;
    wc.hInstance = inst;
    wc.lpszClassName = L"ConnectAs.BenchMinimal";
    if (!RegisterClassW(&wc) || !CreateWindowExW(WS_EX_TOOLWINDOW, wc.lpszClassName, L"bench-minimal",
                                                 WS_POPUP, 0, 0, 0, 0, NULL, NULL, inst, NULL))
        return 1;
    while (GetMessageW(&msg, NULL, 0, 0) > 0) {
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    return 0;
}
