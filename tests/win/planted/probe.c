/* The detector's control: a program that imports netapi32 and mpr statically, as connectas.exe once did. */
#include <windows.h>
#include <lm.h>
#include <winnetwk.h>

int main(void)
{
    /* Both calls go wherever the loader bound the imports: a planted DLL marks them. */
    DWORD a = NetApiBufferFree(NULL), b = WNetCloseEnum(NULL);
    return a == 0 && b == 0 ? 0 : 1;
}
