/* Checks every .exe/.dll beside this test for hardening flags and forbidden runtime imports. */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

struct pe_facts {
    int valid;
    WORD machine;
    WORD dll_characteristics;
    int wx_section; /* a section both writable and executable */
    char wx_name[9];
    char bad_import[MAX_PATH];  /* first forbidden import, "" if none */
    char unknown_dll[MAX_PATH]; /* first import that is not a KnownDLL, "" if none */
    int import_count;
};

static unsigned char *read_whole(const WCHAR *path, DWORD *size)
{
    HANDLE file =
        CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
    unsigned char *buf = NULL;
    DWORD got = 0;
    LARGE_INTEGER len;
    if (file == INVALID_HANDLE_VALUE)
        return NULL;
    if (GetFileSizeEx(file, &len) && len.QuadPart > 0 && len.QuadPart < 256 * 1024 * 1024) {
        buf = malloc((size_t)len.QuadPart);
        if (buf && (!ReadFile(file, buf, (DWORD)len.QuadPart, &got, NULL) || got != len.QuadPart)) {
            free(buf);
            buf = NULL;
        }
    }
    CloseHandle(file);
    *size = got;
    return buf;
}

static const IMAGE_SECTION_HEADER *section_of_rva(const IMAGE_NT_HEADERS64 *nt, DWORD rva)
{
    const IMAGE_SECTION_HEADER *s = IMAGE_FIRST_SECTION(nt);
    WORD i;
    for (i = 0; i < nt->FileHeader.NumberOfSections; i++, s++) {
        DWORD span = s->Misc.VirtualSize ? s->Misc.VirtualSize : s->SizeOfRawData;
        if (rva >= s->VirtualAddress && rva < s->VirtualAddress + span)
            return s;
    }
    return NULL;
}

static const void *at_rva(const unsigned char *base, DWORD size, const IMAGE_NT_HEADERS64 *nt, DWORD rva,
                          DWORD need)
{
    const IMAGE_SECTION_HEADER *s = section_of_rva(nt, rva);
    DWORD off;
    if (!s)
        return NULL;
    off = rva - s->VirtualAddress + s->PointerToRawData;
    if (off > size || size - off < need)
        return NULL;
    return base + off;
}

static int forbidden_import(const char *name)
{
    static const char *const prefixes[] = {"libgcc_s_", "libwinpthread-", "libstdc++-", "libssp-",
                                           "libgomp-"};
    size_t i;
    for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
        if (!_strnicmp(name, prefixes[i], strlen(prefixes[i])))
            return 1;
    return 0;
}

/* Whether name is one of Windows' KnownDLLs (HKLM\System\CurrentControlSet\Control\Session
 * Manager\KnownDLLs, Windows 10/11): the loader takes those from System32 whatever lies beside the
 * program. Any other static import of ours would load a planted copy from a portable copy's folder. */
static int known_dll(const char *name)
{
    static const char *const known[] = {
        "kernel32.dll", "advapi32.dll", "user32.dll",  "gdi32.dll",    "ole32.dll",    "oleaut32.dll",
        "shell32.dll",  "shlwapi.dll",  "msvcrt.dll",  "ws2_32.dll",   "comdlg32.dll", "imm32.dll",
        "rpcrt4.dll",   "sechost.dll",  "combase.dll", "setupapi.dll", "psapi.dll",    "normaliz.dll",
        "nsi.dll",      "shcore.dll",   "wldap32.dll", "msctf.dll",    "imagehlp.dll", "clbcatq.dll",
        "gdiplus.dll",  "difxapi.dll",  "coml2.dll",
    };
    size_t i;
    for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (!_stricmp(name, known[i]))
            return 1;
    return 0;
}

static void inspect(const unsigned char *base, DWORD size, struct pe_facts *f)
{
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)base;
    const IMAGE_NT_HEADERS64 *nt;
    const IMAGE_SECTION_HEADER *s;
    const IMAGE_DATA_DIRECTORY *dir;
    WORD i;

    memset(f, 0, sizeof(*f));
    if (size < sizeof(*dos) || dos->e_magic != IMAGE_DOS_SIGNATURE || dos->e_lfanew < 0 ||
        (DWORD)dos->e_lfanew > size - sizeof(IMAGE_NT_HEADERS64))
        return;
    nt = (const IMAGE_NT_HEADERS64 *)(base + dos->e_lfanew);
    if (nt->Signature != IMAGE_NT_SIGNATURE || nt->OptionalHeader.Magic != IMAGE_NT_OPTIONAL_HDR64_MAGIC)
        return;
    if ((size_t)((const unsigned char *)IMAGE_FIRST_SECTION(nt) - base) +
            (size_t)nt->FileHeader.NumberOfSections * sizeof(IMAGE_SECTION_HEADER) >
        size)
        return;
    f->valid = 1;
    f->machine = nt->FileHeader.Machine;
    f->dll_characteristics = nt->OptionalHeader.DllCharacteristics;

    s = IMAGE_FIRST_SECTION(nt);
    for (i = 0; i < nt->FileHeader.NumberOfSections; i++, s++) {
        if ((s->Characteristics & IMAGE_SCN_MEM_WRITE) && (s->Characteristics & IMAGE_SCN_MEM_EXECUTE)) {
            f->wx_section = 1;
            memcpy(f->wx_name, s->Name, 8);
        }
    }

    dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT];
    if (nt->OptionalHeader.NumberOfRvaAndSizes > IMAGE_DIRECTORY_ENTRY_IMPORT && dir->VirtualAddress) {
        DWORD rva = dir->VirtualAddress;
        for (;; rva += sizeof(IMAGE_IMPORT_DESCRIPTOR)) {
            const IMAGE_IMPORT_DESCRIPTOR *d = at_rva(base, size, nt, rva, sizeof(*d));
            const char *name;
            if (!d || !d->Name)
                break;
            name = at_rva(base, size, nt, d->Name, 1);
            if (!name)
                break;
            f->import_count++;
            if (!f->bad_import[0] && forbidden_import(name))
                snprintf(f->bad_import, sizeof(f->bad_import), "%s", name);
            if (!f->unknown_dll[0] && !known_dll(name))
                snprintf(f->unknown_dll, sizeof(f->unknown_dll), "%s", name);
        }
    }
}

static int is_binary(const WCHAR *name)
{
    size_t n = wcslen(name);
    return n > 4 && (!_wcsicmp(name + n - 4, L".exe") || !_wcsicmp(name + n - 4, L".dll"));
}

static int check_file(const WCHAR *path, struct pe_facts *f)
{
    DWORD size = 0;
    unsigned char *data = read_whole(path, &size);
    if (!data)
        return 0;
    inspect(data, size, f);
    free(data);
    return 1;
}

static void check_dir(const WCHAR *dir)
{
    WCHAR pattern[MAX_PATH], path[MAX_PATH];
    WIN32_FIND_DATAW fd;
    HANDLE find;
    int checked = 0;
    const WORD want = IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE | IMAGE_DLLCHARACTERISTICS_NX_COMPAT |
                      IMAGE_DLLCHARACTERISTICS_HIGH_ENTROPY_VA;

    swprintf(pattern, MAX_PATH, L"%ls\\*", dir);
    find = FindFirstFileW(pattern, &fd);
    ok(find != INVALID_HANDLE_VALUE, "cannot list %ls: %lu\n", dir, GetLastError());
    if (find == INVALID_HANDLE_VALUE)
        return;
    do {
        struct pe_facts f;
        if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY || !is_binary(fd.cFileName))
            continue;
        swprintf(path, MAX_PATH, L"%ls\\%ls", dir, fd.cFileName);
        th_push_context("%ls", fd.cFileName);
        ok(check_file(path, &f), "cannot read the file\n");
        ok(f.valid, "not a PE32+ image\n");
        if (f.valid) {
            ok(f.machine == IMAGE_FILE_MACHINE_AMD64, "machine %#x, want x64\n", f.machine);
            ok((f.dll_characteristics & want) == want,
               "DllCharacteristics %#x lacks DYNAMIC_BASE/NX_COMPAT/HIGH_ENTROPY_VA\n",
               f.dll_characteristics);
            ok(!f.wx_section, "section %s is writable and executable\n", f.wx_name);
            ok(!f.bad_import[0], "imports the MinGW runtime DLL %s\n", f.bad_import);
            ok(f.import_count > 0, "no imports found (parser out of step?)\n");
            /* What ships (connectas*.exe, connectas.dll): static imports of KnownDLLs only; the rest is
             * loaded from System32 when first used (issue 12, finding 10). Test programs may import anything.
             */
            if (!_wcsnicmp(fd.cFileName, L"connectas", 9))
                ok(!f.unknown_dll[0], "imports %s statically: a copy planted beside it would load first\n",
                   f.unknown_dll);
            checked++;
        }
        th_pop_context();
    } while (FindNextFileW(find, &fd));
    FindClose(find);
    /* At least this test executable itself must have been checked. */
    ok(checked >= 1, "checked %d binaries in %ls\n", checked, dir);
    trace("checked %d binaries in %ls\n", checked, dir);
}

static void check_weak_sample(void)
{
    WCHAR path[MAX_PATH];
    struct pe_facts f;
    if (!GetEnvironmentVariableW(L"PE_CHECK_WEAK_SAMPLE", path, MAX_PATH)) {
        skip("PE_CHECK_WEAK_SAMPLE not set: negative check not run\n");
        return;
    }
    ok(check_file(path, &f) && f.valid, "cannot read the weak sample %ls\n", path);
    ok(!(f.dll_characteristics & IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE),
       "the unhardened sample should lack DYNAMIC_BASE (%#x)\n", f.dll_characteristics);
    ok(!(f.dll_characteristics & IMAGE_DLLCHARACTERISTICS_NX_COMPAT),
       "the unhardened sample should lack NX_COMPAT (%#x)\n", f.dll_characteristics);
}

int main(int argc, char **argv)
{
    WCHAR dir[MAX_PATH], *slash;
    th_init(argc, argv);

    if (GetEnvironmentVariableW(L"PE_CHECK_BIN_DIR", dir, MAX_PATH) == 0) {
        GetModuleFileNameW(NULL, dir, MAX_PATH);
        slash = wcsrchr(dir, L'\\');
        if (slash)
            *slash = 0;
    }
    check_dir(dir);
    check_weak_sample();
    return th_finish();
}
