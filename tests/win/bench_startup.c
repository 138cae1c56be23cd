/* Startup benchmark: "connectas.exe list --scenario F" against a hello-world exe, in one Wine session. */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs cmd with its output thrown away; returns the wall time in milliseconds, or -1. */
static double run_once(WCHAR *cmd, HANDLE nul)
{
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    LARGE_INTEGER f, a, b;
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = nul;
    si.hStdOutput = nul;
    si.hStdError = nul;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&a);
    if (!CreateProcessW(NULL, cmd, NULL, NULL, TRUE, CREATE_NO_WINDOW, NULL, NULL, &si, &pi))
        return -1;
    WaitForSingleObject(pi.hProcess, 60000);
    QueryPerformanceCounter(&b);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return (double)(b.QuadPart - a.QuadPart) * 1000.0 / (double)f.QuadPart;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    WCHAR dir[MAX_PATH], *slash, hello[MAX_PATH + 32], product[MAX_PATH * 3], scenario[MAX_PATH];
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    double *t_hello, *t_product, med_hello, med_product;
    int rounds = 30, i;
    HANDLE nul;

    if (argc < 2) {
        fprintf(stderr, "usage: bench_startup SCENARIO [--rounds N]\n");
        return 2;
    }
    MultiByteToWideChar(CP_UTF8, 0, argv[1], -1, scenario, MAX_PATH);
    if (argc >= 4 && !strcmp(argv[2], "--rounds"))
        rounds = atoi(argv[3]) > 0 ? atoi(argv[3]) : rounds;
    GetModuleFileNameW(NULL, dir, MAX_PATH);
    slash = wcsrchr(dir, L'\\');
    if (slash)
        *slash = 0;
    _snwprintf(hello, ARRAYSIZE(hello), L"\"%ls\\bench_hello.exe\"", dir);
    hello[ARRAYSIZE(hello) - 1] = 0;
    _snwprintf(product, ARRAYSIZE(product), L"\"%ls\\connectas.exe\" list --scenario \"%ls\"", dir, scenario);
    product[ARRAYSIZE(product) - 1] = 0;
    nul = CreateFileW(L"NUL", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa,
                      OPEN_EXISTING, 0, NULL);
    t_hello = calloc((size_t)rounds, sizeof(double));
    t_product = calloc((size_t)rounds, sizeof(double));
    if (!t_hello || !t_product)
        return 1;
    /* One warm-up each (the first start of a program reads it from disk), then alternate. */
    run_once(hello, nul);
    run_once(product, nul);
    for (i = 0; i < rounds; i++) {
        t_hello[i] = run_once(hello, nul);
        t_product[i] = run_once(product, nul);
        if (t_hello[i] < 0 || t_product[i] < 0) {
            fprintf(stderr, "bench_startup: a program did not start (%lu)\n", GetLastError());
            return 1;
        }
    }
    qsort(t_hello, (size_t)rounds, sizeof(double), by_value);
    qsort(t_product, (size_t)rounds, sizeof(double), by_value);
    med_hello = t_hello[rounds / 2];
    med_product = t_product[rounds / 2];
    printf("startup, median of %d runs (persistent wineserver):\n", rounds);
    printf("  hello-world exe                      %7.1f ms (min %.1f)\n", med_hello, t_hello[0]);
    printf("  connectas.exe list --scenario FILE   %7.1f ms (min %.1f)\n", med_product, t_product[0]);
    printf("  ratio                                %7.2fx (target <= 1.3x; 2.2x before issue 12)\n",
           med_product / med_hello);
    free(t_hello);
    free(t_product);
    CloseHandle(nul);
    return 0;
}
