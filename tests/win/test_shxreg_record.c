/* Attacks on unregistration through a hostile CreatedKeys record: overlong key names, keys that are not ours.
 */
#include <windows.h>

#include <string.h>

#include "harness.h"
#include "shxreg.h"

#define CLSID_KEY L"Software\\Classes\\CLSID\\" SHX_CLSID_STRING
#define LONG_PART 255 /* the longest name one registry key may have */

static int emitted, longest;

static void count_change(void *ctx, const shx_reg_change *c)
{
    int n = lstrlenW(c->key);
    (void)ctx;
    emitted++;
    if (n > longest)
        longest = n;
}

static BOOL key_present(const WCHAR *key)
{
    HKEY k;
    if (RegOpenKeyExW(HKEY_CURRENT_USER, key, 0, KEY_READ, &k) != ERROR_SUCCESS)
        return FALSE;
    RegCloseKey(k);
    return TRUE;
}

/* Appends "\" and LONG_PART copies of c to key (a buffer of cch). */
static void add_part(WCHAR *key, size_t cch, WCHAR c)
{
    size_t n = wcslen(key), i;
    if (n + 1 + LONG_PART + 1 > cch)
        return;
    key[n++] = L'\\';
    for (i = 0; i < LONG_PART; i++)
        key[n++] = c;
    key[n] = 0;
}

static void test_hostile_record(void)
{
    static WCHAR level1[1024], level2[1024], level3[1024], record[4096];
    static const WCHAR victim[] = L"Software\\ConnectAsVictim";
    WCHAR *p = record;
    HKEY k;
    HRESULT hr;

    /* Registered for real first, so that the record and the CLSID key exist. */
    hr = shx_register(FALSE, L"C:\\Program Files\\ConnectAs\\connectas.dll");
    ok(hr == S_OK, "register: 0x%08lx\n", (unsigned long)hr);

    /* Three nested keys of 255-character names (the full name is longer than any fixed buffer the
     * registration code had) and an empty key of the user's own, all listed as "created by us". */
    wcsncpy(level1, L"Software\\Classes", ARRAYSIZE(level1) - 1);
    add_part(level1, ARRAYSIZE(level1), L'a');
    memcpy(level2, level1, sizeof(level1));
    add_part(level2, ARRAYSIZE(level2), L'b');
    memcpy(level3, level2, sizeof(level2));
    add_part(level3, ARRAYSIZE(level3), L'c');
    ok(wcslen(level3) > 700, "long key is %zu characters\n", wcslen(level3));
    ok(RegCreateKeyExW(HKEY_CURRENT_USER, level3, 0, NULL, 0, KEY_WRITE, NULL, &k, NULL) == ERROR_SUCCESS,
       "cannot create the long key\n");
    RegCloseKey(k);
    ok(RegCreateKeyExW(HKEY_CURRENT_USER, victim, 0, NULL, 0, KEY_WRITE, NULL, &k, NULL) == ERROR_SUCCESS,
       "cannot create the victim key\n");
    RegCloseKey(k);

    memcpy(p, level3, (wcslen(level3) + 1) * sizeof(WCHAR));
    p += wcslen(level3) + 1;
    memcpy(p, level2, (wcslen(level2) + 1) * sizeof(WCHAR));
    p += wcslen(level2) + 1;
    memcpy(p, level1, (wcslen(level1) + 1) * sizeof(WCHAR));
    p += wcslen(level1) + 1;
    memcpy(p, victim, sizeof(victim));
    p += ARRAYSIZE(victim);
    *p++ = 0;
    ok(RegSetKeyValueW(HKEY_CURRENT_USER, CLSID_KEY, L"CreatedKeys", REG_MULTI_SZ, record,
                       (DWORD)((p - record) * sizeof(WCHAR))) == ERROR_SUCCESS,
       "cannot write the record\n");

    /* A dry run and then the real one, reporting every change (as "connectas.exe uninstall" does). */
    hr = shx_unregister_ex(FALSE, TRUE, count_change, NULL);
    ok(hr == S_OK, "dry unregister: 0x%08lx\n", (unsigned long)hr);
    emitted = longest = 0;
    hr = shx_unregister_ex(FALSE, FALSE, count_change, NULL);
    ok(hr == S_OK, "unregister: 0x%08lx\n", (unsigned long)hr);
    ok(emitted > 0, "no change reported\n");
    ok(longest < 200, "a change outside what registration writes was reported (%d characters)\n", longest);

    /* Only what registration writes is ever removed: the record cannot point elsewhere. */
    ok(key_present(victim), "an empty key of the user's, named in the record, was deleted\n");
    ok(key_present(level3), "a key registration never writes, named in the record, was deleted\n");
    ok(!key_present(CLSID_KEY), "the CLSID key is still there\n");
    RegDeleteTreeW(HKEY_CURRENT_USER, level1);
    RegDeleteKeyW(HKEY_CURRENT_USER, level1);
    RegDeleteKeyW(HKEY_CURRENT_USER, victim);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_hostile_record();
    return th_finish();
}
