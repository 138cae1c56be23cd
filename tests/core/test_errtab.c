/* Tests of the one error table: classes, exit codes, next steps, and the codes issue 11 found classified
 * twice. */
#include <string.h>

#include "errtab.h"
#include "harness.h"

static void test_table_shape(void)
{
    size_t n, i, k;
    const errtab_row *rows = errtab_rows(&n);
    int ascending = 1, named = 1, seen_class[ERRCLASS_COUNT] = {0};
    ok(n >= 25, "table has %zu rows\n", n);
    for (i = 0; i < n; i++) {
        if (i && rows[i - 1].code >= rows[i].code)
            ascending = 0;
        named &= rows[i].name != NULL && errtab_code_name(rows[i].code) == rows[i].name;
        ok(errtab_class_of(rows[i].code) == rows[i].cls && errtab_next_of(rows[i].code) == rows[i].next,
           "lookup of %lu matches its row\n", rows[i].code);
        seen_class[rows[i].cls] = 1;
    }
    ok(ascending, "ascending, each code once (binary search relies on it)\n");
    ok(named, "every row has a symbolic name\n");
    for (i = ERRCLASS_SIGN_IN; i < ERRCLASS_COUNT; i++)
        if (i != ERRCLASS_OTHER)
            ok(seen_class[i], "class %s has codes\n", errtab_class_name((errtab_class)i));
    for (i = 0; i < ERRCLASS_COUNT; i++)
        for (k = i + 1; k < ERRCLASS_COUNT; k++)
            ok(strcmp(errtab_class_name((errtab_class)i), errtab_class_name((errtab_class)k)) != 0,
               "class names differ: %zu %zu\n", i, k);
    for (i = 0; i < ERRNEXT_COUNT; i++)
        for (k = i + 1; k < ERRNEXT_COUNT; k++)
            ok(strcmp(errtab_next_name((errtab_next)i), errtab_next_name((errtab_next)k)) != 0,
               "next-step names differ: %zu %zu\n", i, k);
}

/* Issue 11 finding 4: one classification of 5, 1272 and 2202 for the tray and the CLI. */
static void test_finding4(void)
{
    ok(errtab_class_of(CA_WIN_ACCESS_DENIED) == ERRCLASS_ACCESS &&
           errtab_next_of(CA_WIN_ACCESS_DENIED) == ERRNEXT_ASK_ACCESS,
       "5: signed in, no permission there\n");
    ok(errtab_class_of(CA_WIN_GUEST_BLOCKED) == ERRCLASS_ACCOUNT &&
           errtab_next_of(CA_WIN_GUEST_BLOCKED) == ERRNEXT_OTHER_ACCOUNT,
       "1272: guest blocked, use a real account\n");
    ok(errtab_class_of(CA_WIN_BAD_USERNAME) == ERRCLASS_SIGN_IN &&
           errtab_next_of(CA_WIN_BAD_USERNAME) == ERRNEXT_CHECK_USER,
       "2202: invalid user name\n");
    ok(errtab_exit_code(errtab_class_of(CA_WIN_ACCESS_DENIED)) == CA_EXIT_FAILURE, "5 exits 1\n");
    ok(errtab_exit_code(errtab_class_of(CA_WIN_GUEST_BLOCKED)) == CA_EXIT_SIGNIN, "1272 exits 5\n");
    ok(errtab_exit_code(errtab_class_of(CA_WIN_BAD_USERNAME)) == CA_EXIT_SIGNIN, "2202 exits 5\n");
}

static void test_rules_table(void)
{
    static const struct {
        unsigned long code;
        errtab_class cls;
        int exit_code;
    } cases[] = {
        {53, ERRCLASS_NETWORK, 1},     {67, ERRCLASS_NOT_FOUND, 6},   {85, ERRCLASS_BAD_NAME, 2},
        {86, ERRCLASS_SIGN_IN, 5},     {1202, ERRCLASS_BAD_NAME, 2},  {1219, ERRCLASS_CONFLICT, 3},
        {1222, ERRCLASS_NETWORK, 1},   {1223, ERRCLASS_CANCELLED, 7}, {1326, ERRCLASS_SIGN_IN, 5},
        {1311, ERRCLASS_NETWORK, 1},   {1327, ERRCLASS_ACCOUNT, 5},   {1330, ERRCLASS_ACCOUNT, 5},
        {1331, ERRCLASS_ACCOUNT, 5},   {1385, ERRCLASS_ACCOUNT, 5},   {1396, ERRCLASS_NETWORK, 1},
        {1793, ERRCLASS_ACCOUNT, 5},   {1907, ERRCLASS_ACCOUNT, 5},   {1909, ERRCLASS_ACCOUNT, 5},
        {2250, ERRCLASS_NOT_FOUND, 6}, {2401, ERRCLASS_BUSY, 4},      {2404, ERRCLASS_BUSY, 4},
        {1168, ERRCLASS_NOT_FOUND, 6}, {999999, ERRCLASS_OTHER, 1},
    };
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        errtab_class c = errtab_class_of(cases[i].code);
        ok(c == cases[i].cls && errtab_exit_code(c) == cases[i].exit_code, "%lu: %s, exit %d\n",
           cases[i].code, errtab_class_name(c), errtab_exit_code(c));
    }
    ok(errtab_class_of(0) == ERRCLASS_NONE && errtab_next_of(0) == ERRNEXT_NONE &&
           errtab_exit_code(ERRCLASS_NONE) == 0,
       "0 is no failure\n");
    ok(errtab_next_of(424242) == ERRNEXT_RETRY && errtab_code_name(424242) == NULL,
       "unknown: retry, no name\n");
    ok(errtab_class_of_status(CA_ERR_BUSY, 0) == ERRCLASS_BUSY &&
           errtab_class_of_status(CA_ERR_CONFLICT, 0) == ERRCLASS_CONFLICT &&
           errtab_class_of_status(CA_ERR_NOT_FOUND, 0) == ERRCLASS_NOT_FOUND &&
           errtab_class_of_status(CA_ERR_INVALID, 0) == ERRCLASS_BAD_NAME &&
           errtab_class_of_status(CA_ERR_IO, 0) == ERRCLASS_OTHER &&
           errtab_class_of_status(CA_OK, 0) == ERRCLASS_NONE,
       "status without a code\n");
    ok(errtab_class_of_status(CA_ERR_IO, 1326) == ERRCLASS_SIGN_IN, "the code wins over the status\n");
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_table_shape();
    test_finding4();
    test_rules_table();
    return th_finish();
}
