/* Tests of the USE_INFO_2 → model conversion with crafted arrays (NULLs, every status, IPC$, printers). */
#include <windows.h>
#include <lm.h>

#include <string.h>

#include "harness.h"
#include "model.h"
#include "usecvt.h"

static USE_INFO_2 entry(WCHAR *local, WCHAR *remote, WCHAR *user, WCHAR *domain, DWORD status, DWORD type,
                        DWORD refs)
{
    USE_INFO_2 u;
    memset(&u, 0, sizeof(u));
    u.ui2_local = local;
    u.ui2_remote = remote;
    u.ui2_username = user;
    u.ui2_domainname = domain;
    u.ui2_status = status;
    u.ui2_asg_type = type;
    u.ui2_refcount = refs;
    u.ui2_usecount = 1;
    return u;
}

static void test_statuses(void)
{
    static const struct {
        DWORD status;
        model_use_status want;
    } map[] = {
        {USE_OK, USE_STATUS_OK},
        {USE_PAUSED, USE_STATUS_PAUSED},
        {USE_SESSLOST, USE_STATUS_DISCONNECTED},
        {USE_NETERR, USE_STATUS_ERROR},
        {USE_CONN, USE_STATUS_CONNECTING},
        {USE_RECONN, USE_STATUS_RECONNECTING},
        {12345, USE_STATUS_ERROR},
    };
    size_t i;
    for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        ok(usecvt_status(map[i].status) == map[i].want, "status %lu -> %d\n", map[i].status,
           usecvt_status(map[i].status));
}

static void test_array(void)
{
    USE_INFO_2 arr[8];
    model *m = model_create();
    ca_error e;
    DWORD skipped = 99;
    ca_status st;
    long o;

    ok(m != NULL, "model_create\n");
    if (!m)
        return;
    model_set_logon(m, "IAI\\bp", &e);
    arr[0] = entry(L"O:", L"\\\\hka-fs01\\data", L"bp", L"IAI", USE_OK, USE_DISKDEV, 2);
    arr[1] = entry(NULL, L"\\\\hka-fs01\\IPC$", NULL, NULL, USE_OK, USE_IPC, 0);
    arr[2] = entry(L"", L"\\\\host01\\public", L"svc", L"CUSTOMER", USE_SESSLOST, USE_DISKDEV, 0);
    arr[3] = entry(L"LPT1:", L"\\\\prn01\\laser", L"CUSTOMER\\svc", NULL, USE_OK, USE_SPOOLDEV, 0);
    arr[4] = entry(NULL, NULL, NULL, NULL, USE_OK, USE_DISKDEV, 0);               /* no remote: skipped */
    arr[5] = entry(L"Q:", L"not a unc path", NULL, NULL, USE_OK, USE_DISKDEV, 0); /* unparseable: skipped */
    arr[6] = entry(L"z:", L"\\\\hka-fs01.iai.nl\\data", L"", L"", USE_NETERR, USE_DISKDEV, 0);
    arr[7] = entry(NULL, L"\\\\fs\\x", L"bp", NULL, USE_OK, USE_DISKDEV, 0x80000000u); /* huge refcount */

    st = usecvt_add_use_info2(m, arr, 8, &skipped, &e);
    ok(st == CA_OK, "conversion failed: %s\n", e.msg);
    ok(skipped == 2, "skipped %lu, want 2\n", skipped);
    ok(m->use_count == 6, "uses %zu, want 6\n", m->use_count);
    if (m->use_count != 6)
        goto done;

    o = model_find_local(m, "O:");
    ok(o == 0, "O: at %ld\n", o);
    ok(m->uses[0].user == NULL, "the logon user (domain and user split) is default credentials, got %s\n",
       m->uses[0].user);
    ok(m->uses[0].open_files == 2, "open files %d\n", m->uses[0].open_files);
    ok(m->uses[0].kind == USE_KIND_DRIVE, "drive kind\n");

    ok(m->uses[1].local == NULL && m->uses[1].kind == USE_KIND_IPC, "IPC$ without a local name\n");
    ok(m->uses[2].local == NULL && m->uses[2].kind == USE_KIND_DRIVELESS, "empty local is drive-less\n");
    ok(m->uses[2].user && !strcmp(m->uses[2].user, "CUSTOMER\\svc"), "domain joined to user: %s\n",
       m->uses[2].user);
    ok(m->uses[2].status == USE_STATUS_DISCONNECTED, "session lost\n");
    ok(m->uses[3].kind == USE_KIND_PRINTER && m->uses[3].user && !strcmp(m->uses[3].user, "CUSTOMER\\svc"),
       "printer with a qualified user and no domain field\n");
    ok(m->uses[4].local && !strcmp(m->uses[4].local, "Z:"), "local upper-cased: %s\n", m->uses[4].local);
    ok(m->uses[4].user == NULL && m->uses[4].status == USE_STATUS_ERROR, "empty user is default; NETERR\n");
    ok(m->uses[5].user == NULL, "bare logon user name without domain is default\n");
    ok(m->uses[5].open_files == 0x7fffffff, "refcount clamped: %d\n", m->uses[5].open_files);
done:
    model_free(m);
}

/* Issue 12, finding 11: a name with a lone surrogate is skipped, never listed under a U+FFFD look-alike
 * (a fix would then act on another share), and it is not reported as running out of memory. */
static void test_lone_surrogate(void)
{
    USE_INFO_2 arr[3];
    model *m = model_create();
    ca_error e;
    DWORD skipped = 99;
    ca_status st;
    size_t i;

    ok(m != NULL, "model_create\n");
    if (!m)
        return;
    memset(&e, 0, sizeof(e));
    arr[0] = entry(L"P:", L"\\\\fs\\sh\xd800re", NULL, NULL, USE_OK, USE_DISKDEV, 0);
    arr[1] = entry(L"Q:", L"\\\\fs\\ok", L"b\xdc00ob", L"CORP", USE_OK, USE_DISKDEV, 0);
    arr[2] = entry(L"R:", L"\\\\fs\\fine", NULL, NULL, USE_OK, USE_DISKDEV, 0);
    st = usecvt_add_use_info2(m, arr, 3, &skipped, &e);
    ok(st == CA_OK, "lone surrogate failed the whole snapshot: %d %s\n", st, e.msg);
    ok(skipped == 2, "skipped %lu, want 2\n", skipped);
    ok(m->use_count == 1 && m->uses[0].local && !strcmp(m->uses[0].local, "R:"), "uses %zu\n", m->use_count);
    for (i = 0; i < m->use_count; i++)
        ok(!strstr(m->uses[i].remote, "\xef\xbf\xbd") &&
               (!m->uses[i].user || !strstr(m->uses[i].user, "\xef\xbf\xbd")),
           "U+FFFD in use %zu: %s\n", i, m->uses[i].remote);
    model_free(m);
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_statuses();
    test_array();
    test_lone_surrogate();
    return th_finish();
}
