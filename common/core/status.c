/* Core status codes: naming them and filling error messages. */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>

ca_status ca_fail(ca_error *err, ca_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
        va_end(ap);
        err->code = 0;
    }
    return status;
}

ca_status ca_fail_code(ca_error *err, ca_status status, unsigned long code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return status;
}

const char *ca_status_name(ca_status status)
{
    switch (status) {
    case CA_OK:
        return "ok";
    case CA_ERR_INVALID:
        return "invalid input";
    case CA_ERR_NOMEM:
        return "out of memory";
    case CA_ERR_IO:
        return "input/output error";
    case CA_ERR_NOT_FOUND:
        return "not found";
    case CA_ERR_CONFLICT:
        return "conflict (1219)";
    case CA_ERR_BUSY:
        return "in use";
    case CA_ERR_LIMIT:
        return "limit exceeded";
    }
    return "unknown status";
}
