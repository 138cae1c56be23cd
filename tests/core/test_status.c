/* Tests of core status naming and error message formatting. */
#include <string.h>

#include "harness.h"
#include "status.h"

int main(int argc, char **argv)
{
    ca_error err;
    char longer[1000];
    th_init(argc, argv);

    ok(ca_fail(&err, CA_ERR_INVALID, "line %d: %s", 3, "bad") == CA_ERR_INVALID, "status passed through\n");
    ok(!strcmp(err.msg, "line 3: bad"), "message is \"%s\"\n", err.msg);
    ok(ca_fail(NULL, CA_ERR_IO, "ignored") == CA_ERR_IO, "NULL error is allowed\n");

    memset(longer, 'x', sizeof(longer) - 1);
    longer[sizeof(longer) - 1] = 0;
    ca_fail(&err, CA_ERR_LIMIT, "%s", longer);
    ok(strlen(err.msg) == sizeof(err.msg) - 1, "long message truncated to %zu\n", strlen(err.msg));

    ok(!strcmp(ca_status_name(CA_OK), "ok"), "CA_OK name\n");
    ok(!strcmp(ca_status_name(CA_ERR_CONFLICT), "conflict (1219)"), "conflict name\n");
    ok(!strcmp(ca_status_name((ca_status)99), "unknown status"), "unknown status name\n");
    return th_finish();
}
