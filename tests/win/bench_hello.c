/* The startup benchmark's baseline: a console hello-world linked like connectas.exe (msvcrt, -municode). */
#include <stdio.h>
#include <wchar.h>

int wmain(int argc, wchar_t **argv);

int wmain(int argc, wchar_t **argv)
{
    (void)argc;
    (void)argv;
    printf("hello, world\n");
    return 0;
}
