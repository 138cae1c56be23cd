/* UNC path parsing, server-name validation and classification (R2: names are kept as typed). */
#include "unc.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

/* The shell extension's copy (shellext/CMakeLists.txt) needs verdicts only:
 * without the messages' text it stays within the DLL's size budget. */
#ifdef UNC_VERDICT_ONLY
#undef ca_fail
#define ca_fail(err, status, ...) ((void)(err), (status))
#endif

#define IPV6_SUFFIX ".ipv6-literal.net"
#define DAV_SHARE "DavWWWRoot"

static int is_alpha(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_xdigit(unsigned char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Decodes one well-formed UTF-8 sequence from s[0..n): returns its length in
 * bytes and the code point in *cp, or 0 when the bytes are not UTF-8
 * (overlong forms, surrogates and values over U+10FFFF included). */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
    unsigned long c;
    size_t len, i;
    if (!n)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        len = 2;
        c = s[0] & 0x1Fu;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3;
        c = s[0] & 0x0Fu;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        len = 4;
        c = s[0] & 0x07u;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    if ((len == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
        (len == 4 && (c < 0x10000 || c > 0x10FFFF)))
        return 0;
    *cp = c;
    return len;
}

/* Length of s[0..n) in UTF-16 code units, as Windows counts characters;
 * (size_t)-1 when s is not UTF-8 (*bad gets the offset of the bad byte). */
static size_t utf16_len(const char *s, size_t n, size_t *bad)
{
    size_t i = 0, units = 0;
    while (i < n) {
        unsigned long cp;
        size_t k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (!k) {
            *bad = i;
            return (size_t)-1;
        }
        units += cp >= 0x10000 ? 2 : 1;
        i += k;
    }
    return units;
}

/* Copies s[0..n) into buf for a message, cut on a UTF-8 boundary and marked
 * with "..." when it does not fit. */
static const char *excerpt(char *buf, size_t size, const char *s, size_t n)
{
    size_t max = size - 4;
    if (n <= size - 1) {
        memcpy(buf, s, n);
        buf[n] = 0;
        return buf;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    memcpy(buf, s, max);
    memcpy(buf + max, "...", 4);
    return buf;
}

/* Describes the character at p for a message: 'x', control character U+0001,
 * or 'é' (U+00E9). p points into valid UTF-8. */
static const char *describe_char(char *buf, size_t size, const char *p)
{
    unsigned char c = (unsigned char)*p;
    unsigned long cp = c;
    size_t k;
    if (c < 0x20 || c == 0x7F) {
        snprintf(buf, size, "control character U+%04X", (unsigned)c);
    } else if (c < 0x80) {
        snprintf(buf, size, "'%c'", c);
    } else {
        k = utf8_decode((const unsigned char *)p, 4, &cp);
        if (!k)
            snprintf(buf, size, "byte 0x%02X", (unsigned)c);
        else
            snprintf(buf, size, "'%.*s' (U+%04lX)", (int)k, p, cp);
    }
    return buf;
}

static size_t char_len(const char *p)
{
    unsigned long cp;
    size_t k = utf8_decode((const unsigned char *)p, 4, &cp);
    return k ? k : 1;
}

/* 1 when s[0..n) is a dotted quad of numbers 0-255. */
static int ipv4_ok(const char *s, size_t n)
{
    size_t i = 0;
    int part;
    for (part = 0; part < 4; part++) {
        unsigned value = 0;
        size_t digits = 0;
        while (i < n && is_digit((unsigned char)s[i]) && digits < 4) {
            value = value * 10 + (unsigned)(s[i] - '0');
            digits++;
            i++;
        }
        if (!digits || digits > 3 || value > 255)
            return 0;
        if (part < 3) {
            if (i >= n || s[i] != '.')
                return 0;
            i++;
        }
    }
    return i == n;
}

/* 1 when s[0..n) holds only digits and dots and at least one dot: a name that
 * can only have been meant as an IPv4 address. */
static int looks_ipv4(const char *s, size_t n)
{
    size_t i;
    int dot = 0;
    for (i = 0; i < n; i++) {
        if (s[i] == '.')
            dot = 1;
        else if (!is_digit((unsigned char)s[i]))
            return 0;
    }
    return dot;
}

/* 1 when s[0..n) is the part of an ipv6-literal.net name before the suffix:
 * an IPv6 address with '-' for ':' ("--" once for "::") and an optional
 * "s<scope>" for the zone index. */
static int ipv6_literal_ok(const char *s, size_t n)
{
    size_t i, end = n, groups = 0;
    int compressed = 0;
    for (i = 0; i < n; i++)
        if (s[i] == 's' || s[i] == 'S') {
            end = i;
            break;
        }
    if (end < n) {
        if (end + 1 == n)
            return 0;
        for (i = end + 1; i < n; i++)
            if (!is_alpha((unsigned char)s[i]) && !is_digit((unsigned char)s[i]))
                return 0;
    }
    if (!end)
        return 0;
    i = 0;
    if (end >= 2 && s[0] == '-' && s[1] == '-') {
        compressed = 1;
        i = 2;
    } else if (s[0] == '-') {
        return 0;
    }
    while (i < end) {
        size_t start = i;
        while (i < end && is_xdigit((unsigned char)s[i]))
            i++;
        if (i == start || i - start > 4)
            return 0;
        groups++;
        if (i == end)
            break;
        if (s[i] != '-')
            return 0;
        i++;
        if (i < end && s[i] == '-') {
            if (compressed)
                return 0;
            compressed = 1;
            i++;
        } else if (i == end) {
            return 0;
        }
    }
    return compressed ? groups <= 7 : groups == 8;
}

/* Length of the part before ".ipv6-literal.net", or (size_t)-1 without that suffix. */
static size_t ipv6_prefix_len(const char *s, size_t n)
{
    size_t k = sizeof(IPV6_SUFFIX) - 1;
    if (n <= k || !text_eq_ci_n(s + n - k, IPV6_SUFFIX, k))
        return (size_t)-1;
    return n - k;
}

/* WebDAV (\\srv@SSL@443\DavWWWRoot, \\srv@8080\x, \\srv\DavWWWRoot) goes through
 * the WebClient redirector, not SMB: the session rules (R1-R6) do not apply. */
static ca_status fail_webdav(const char *s, size_t n, ca_error *err)
{
    char shown[80];
    return ca_fail(err, CA_ERR_INVALID,
                   "'%s' is a WebDAV address: ConnectAs handles Windows file sharing (SMB) connections only",
                   excerpt(shown, sizeof(shown), s, n));
}

/* Validates a server name s[0..n) (see unc_parse). */
static ca_status check_server(const char *s, size_t n, ca_error *err)
{
    char shown[80], what[40];
    size_t i, label = 0, pre;
    for (i = 0; i < n; i++) {
        if (s[i] == ':' || s[i] == '[' || s[i] == ']' || s[i] == '%')
            return ca_fail(err, CA_ERR_INVALID,
                           "'%s' looks like a raw IPv6 address: in a UNC path write it as an "
                           "ipv6-literal.net name, with '-' for ':' and 's' for '%%' "
                           "(fe80::1%%4 becomes fe80--1s4.ipv6-literal.net)",
                           excerpt(shown, sizeof(shown), s, n));
    }
    if (memchr(s, '@', n))
        return fail_webdav(s, n, err);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80)
            return ca_fail(err, CA_ERR_INVALID,
                           "%s is not allowed in a server name ('%s'): write an international name in "
                           "its ASCII (xn--) form",
                           describe_char(what, sizeof(what), s + i), excerpt(shown, sizeof(shown), s, n));
        if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '.' && c != '_')
            return ca_fail(err, CA_ERR_INVALID,
                           "%s is not allowed in a server name ('%s'): use letters, digits, '-', '.' and '_'",
                           describe_char(what, sizeof(what), s + i), excerpt(shown, sizeof(shown), s, n));
    }
    if (s[0] == '.')
        return ca_fail(err, CA_ERR_INVALID, "server name '%s' starts with '.'",
                       excerpt(shown, sizeof(shown), s, n));
    if (n > UNC_MAX_SERVER)
        return ca_fail(err, CA_ERR_INVALID, "server name '%s' is longer than %d characters",
                       excerpt(shown, sizeof(shown), s, n), UNC_MAX_SERVER);
    for (i = 0; i <= n; i++) {
        if (i < n && s[i] != '.')
            continue;
        /* A label ends here. An empty label is only allowed as the root after
         * a trailing dot ("fs01."), which R2 treats as a name of its own. */
        if (i == label && i < n)
            return ca_fail(err, CA_ERR_INVALID, "server name '%s' has an empty label (two dots in a row)",
                           excerpt(shown, sizeof(shown), s, n));
        if (i - label > UNC_MAX_LABEL)
            return ca_fail(err, CA_ERR_INVALID, "server name '%s' has a label longer than %d characters",
                           excerpt(shown, sizeof(shown), s, n), UNC_MAX_LABEL);
        label = i + 1;
    }
    if (looks_ipv4(s, n) && !ipv4_ok(s, n))
        return ca_fail(err, CA_ERR_INVALID,
                       "'%s' is not a valid IPv4 address: expected four numbers 0-255 separated by dots",
                       excerpt(shown, sizeof(shown), s, n));
    pre = ipv6_prefix_len(s, n);
    if (pre != (size_t)-1 && !ipv6_literal_ok(s, pre))
        return ca_fail(err, CA_ERR_INVALID,
                       "'%s' is not a valid ipv6-literal.net name: expected an IPv6 address with '-' for "
                       "':' and an optional 's' and zone, like fe80--1s4.ipv6-literal.net",
                       excerpt(shown, sizeof(shown), s, n));
    return CA_OK;
}

/* Validates one component below the server: the share (is_share) or a path
 * component; s[0..n) is valid UTF-8. */
static ca_status check_component(const char *s, size_t n, int is_share, ca_error *err)
{
    const char *bad = is_share ? "\"/\\[]:|<>+=;,?*" : "\"/\\:|<>?*";
    const char *what_name = is_share ? "share name" : "path component";
    char shown[80], what[40];
    size_t i, len, dummy;
    for (i = 0; i < n; i += char_len(s + i)) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F || (c < 0x80 && strchr(bad, c)))
            return ca_fail(err, CA_ERR_INVALID, "%s is not allowed in a %s ('%s')",
                           describe_char(what, sizeof(what), s + i), what_name,
                           excerpt(shown, sizeof(shown), s, n));
    }
    if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
        return ca_fail(err, CA_ERR_INVALID, "'%.*s' is not allowed as a %s: write the path without it",
                       (int)n, s, what_name);
    /* Win32 drops trailing dots and spaces, so "dir." would name another item than the one shown. */
    if (s[n - 1] == '.' || s[n - 1] == ' ')
        return ca_fail(err, CA_ERR_INVALID, "%s '%s' ends with %s: Windows would use another name", what_name,
                       excerpt(shown, sizeof(shown), s, n), s[n - 1] == '.' ? "a dot" : "a space");
    if (is_share && n == sizeof(DAV_SHARE) - 1 && text_eq_ci_n(s, DAV_SHARE, n))
        return fail_webdav(s, n, err);
    len = utf16_len(s, n, &dummy);
    if (is_share && len > UNC_MAX_SHARE)
        return ca_fail(err, CA_ERR_INVALID, "share name '%s' is longer than %d characters",
                       excerpt(shown, sizeof(shown), s, n), UNC_MAX_SHARE);
    if (!is_share && len > UNC_MAX_COMPONENT)
        return ca_fail(err, CA_ERR_INVALID, "path component '%s' is longer than %d characters",
                       excerpt(shown, sizeof(shown), s, n), UNC_MAX_COMPONENT);
    return CA_OK;
}

static ca_status fail_drive_path(const char *s, size_t n, ca_error *err)
{
    char shown[80];
    return ca_fail(
        err, CA_ERR_INVALID,
        "'%s' is a drive path: drive paths are resolved through the uses of the session, not parsed "
        "as UNC paths",
        excerpt(shown, sizeof(shown), s, n));
}

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

/* Fills out from the validated pieces of the normalised text. */
static ca_status build(unc_path *out, const char *server, size_t server_n, const char *share, size_t share_n,
                       const char *rest, size_t rest_n, ca_error *err)
{
    size_t remote_n = 2 + server_n + (share ? 1 + share_n : 0);
    out->server = dup_n(server, server_n);
    out->share = share ? dup_n(share, share_n) : NULL;
    out->rest = dup_n(rest, rest_n);
    out->remote = malloc(remote_n + 1);
    out->full = malloc(remote_n + rest_n + 1);
    if (!out->server || (share && !out->share) || !out->rest || !out->remote || !out->full) {
        unc_path_cleanup(out);
        return ca_fail(err, CA_ERR_NOMEM, "out of memory parsing a UNC path");
    }
    memcpy(out->remote, "\\\\", 2);
    memcpy(out->remote + 2, server, server_n);
    if (share) {
        out->remote[2 + server_n] = '\\';
        memcpy(out->remote + 3 + server_n, share, share_n);
    }
    out->remote[remote_n] = 0;
    memcpy(out->full, out->remote, remote_n);
    memcpy(out->full + remote_n, rest, rest_n);
    out->full[remote_n + rest_n] = 0;
    out->kind = unc_classify_server(out->server);
    return CA_OK;
}

/* Validates the part below a share, rest[0..n) ("" or "\\dir\\file", backslashes
 * only, a trailing one allowed and left out of *kept); whole[0..whole_n) is the
 * text shown in messages. */
static ca_status check_rest(const char *rest, size_t n, size_t *kept, const char *whole, size_t whole_n,
                            ca_error *err)
{
    char shown[80];
    const char *q;
    ca_status st;
    if (n && rest[n - 1] == '\\')
        n--; /* a trailing separator is dropped */
    *kept = n;
    for (q = rest; q < rest + n;) {
        const char *c = ++q;
        while (q < rest + n && *q != '\\')
            q++;
        if (q == c)
            return ca_fail(err, CA_ERR_INVALID,
                           "empty path component in '%s': two backslashes in a row below the share",
                           excerpt(shown, sizeof(shown), whole, whole_n));
        st = check_component(c, (size_t)(q - c), 0, err);
        if (st != CA_OK)
            return st;
    }
    return CA_OK;
}

/* unc_parse on the normalised copy buf (backslashes only) of length n. */
static ca_status parse_normalised(const char *buf, size_t n, unsigned flags, unc_path *out, ca_error *err)
{
    char shown[80];
    const char *p = buf, *end = buf + n, *server, *share, *rest;
    size_t server_n, share_n, rest_n;
    ca_status st;

    if (n >= 4 && !memcmp(buf, "\\\\?\\", 4)) {
        if (n >= 8 && text_eq_ci_n(buf + 4, "UNC\\", 4))
            p = buf + 8;
        else if (n >= 6 && is_alpha((unsigned char)buf[4]) && buf[5] == ':')
            return fail_drive_path(buf, n, err);
        else
            return ca_fail(err, CA_ERR_INVALID,
                           "'%s' is not a network path: only \\\\?\\UNC\\server\\share names a network "
                           "location among the \\\\?\\ forms",
                           excerpt(shown, sizeof(shown), buf, n));
    } else if (n >= 4 && !memcmp(buf, "\\\\.\\", 4)) {
        return ca_fail(err, CA_ERR_INVALID, "'%s' is a local device path (\\\\.\\), not a network path",
                       excerpt(shown, sizeof(shown), buf, n));
    } else if (n >= 2 && buf[0] == '\\' && buf[1] == '\\') {
        p = buf + 2;
    } else {
        return ca_fail(err, CA_ERR_INVALID, "'%s' is not a UNC path: expected \\\\server\\share",
                       excerpt(shown, sizeof(shown), buf, n));
    }
    if (p == end)
        return ca_fail(err, CA_ERR_INVALID, "missing server name: expected \\\\server\\share");
    if (*p == '\\')
        return ca_fail(err, CA_ERR_INVALID,
                       "too many backslashes before the server name: expected exactly two, as in "
                       "\\\\server\\share");

    server = p;
    while (p < end && *p != '\\')
        p++;
    server_n = (size_t)(p - server);
    st = check_server(server, server_n, err);
    if (st != CA_OK)
        return st;

    /* A bare \\server, with or without a trailing separator. */
    if (p == end || p + 1 == end) {
        if (flags & UNC_NEED_SHARE)
            return ca_fail(err, CA_ERR_INVALID, "missing share name: expected \\\\%s\\share",
                           excerpt(shown, sizeof(shown), server, server_n));
        return build(out, server, server_n, NULL, 0, "", 0, err);
    }

    share = ++p;
    while (p < end && *p != '\\')
        p++;
    share_n = (size_t)(p - share);
    if (!share_n)
        return ca_fail(err, CA_ERR_INVALID,
                       "empty path component after \\\\%s: two backslashes in a row where the share name "
                       "should be",
                       excerpt(shown, sizeof(shown), server, server_n));
    st = check_component(share, share_n, 1, err);
    if (st != CA_OK)
        return st;

    rest = p;
    st = check_rest(rest, (size_t)(end - p), &rest_n, buf, n, err);
    if (st != CA_OK)
        return st;
    return build(out, server, server_n, share, share_n, rest, rest_n, err);
}

/* Checks text[0..n) is UTF-8 within the length limit (*units: its UTF-16
 * length) and copies it to *copy with '/' turned into '\\' (malloc'd). */
static ca_status normalised_copy(const char *text, size_t n, size_t *units, char **copy, ca_error *err)
{
    size_t i, bad = 0;
    *copy = NULL;
    if (n > 4 * (size_t)UNC_MAX_PATH)
        return ca_fail(err, CA_ERR_INVALID, "path is longer than %d characters", UNC_MAX_PATH);
    *units = utf16_len(text, n, &bad);
    if (*units == (size_t)-1)
        return ca_fail(err, CA_ERR_INVALID, "path is not valid UTF-8 (byte 0x%02X at offset %zu)",
                       (unsigned)(unsigned char)text[bad], bad);
    *copy = malloc(n + 1);
    if (!*copy)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory parsing a path");
    for (i = 0; i < n; i++)
        (*copy)[i] = text[i] == '/' ? '\\' : text[i];
    (*copy)[n] = 0;
    return CA_OK;
}

ca_status unc_parse(const char *text, unsigned flags, unc_path *out, ca_error *err)
{
    char letter;
    size_t n, bad = 0, total;
    char *buf;
    ca_status st;

    memset(out, 0, sizeof(*out));
    if (!text || !*text)
        return ca_fail(err, CA_ERR_INVALID, "empty path: expected \\\\server\\share");
    if (unc_is_drive_path(text, &letter))
        return fail_drive_path(text, strlen(text), err);
    n = strlen(text);
    st = normalised_copy(text, n, &total, &buf, err);
    if (st != CA_OK)
        return st;
    st = parse_normalised(buf, n, flags, out, err);
    free(buf);
    if (st != CA_OK)
        return st;
    total = utf16_len(out->full, strlen(out->full), &bad);
    if (total > UNC_MAX_PATH) {
        unc_path_cleanup(out);
        return ca_fail(err, CA_ERR_INVALID, "path is %zu characters long: the limit is %d", total,
                       UNC_MAX_PATH);
    }
    return CA_OK;
}

ca_status unc_place_parse(const char *text, unc_place *out, ca_error *err)
{
    char letter, shown[80], tail[80];
    size_t n, len, kept;
    char *buf;
    ca_status st;

    memset(out, 0, sizeof(*out));
    if (!text || !unc_is_drive_path(text, &letter))
        return unc_parse(text, 0, &out->unc, err);
    n = strlen(text);
    if (n > 2 && text[2] != '\\' && text[2] != '/')
        return ca_fail(err, CA_ERR_INVALID,
                       "'%s' is relative to the current directory of %c:; write %c:\\%s instead",
                       excerpt(shown, sizeof(shown), text, n), letter, letter,
                       excerpt(tail, sizeof(tail), text + 2, n - 2));
    st = normalised_copy(text, n, &len, &buf, err);
    if (st != CA_OK)
        return st;
    if (len > UNC_MAX_PATH) {
        free(buf);
        return ca_fail(err, CA_ERR_INVALID, "path is %zu characters long: the limit is %d", len,
                       UNC_MAX_PATH);
    }
    st = check_rest(buf + 2, n - 2, &kept, buf, n, err);
    free(buf);
    if (st == CA_OK)
        out->drive = letter;
    return st;
}

void unc_place_cleanup(unc_place *place)
{
    if (!place)
        return;
    unc_path_cleanup(&place->unc);
    place->drive = 0;
}

void unc_path_cleanup(unc_path *path)
{
    if (!path)
        return;
    free(path->server);
    free(path->share);
    free(path->rest);
    free(path->remote);
    free(path->full);
    memset(path, 0, sizeof(*path));
}

unc_name_kind unc_classify_server(const char *server)
{
    size_t n = server ? strlen(server) : 0, pre;
    if (!n)
        return UNC_NAME_NETBIOS;
    pre = ipv6_prefix_len(server, n);
    if (pre != (size_t)-1 && ipv6_literal_ok(server, pre))
        return UNC_NAME_IPV6;
    if (ipv4_ok(server, n))
        return UNC_NAME_IPV4;
    if (memchr(server, '.', n))
        return UNC_NAME_FQDN;
    return UNC_NAME_NETBIOS;
}

const char *unc_name_kind_name(unc_name_kind kind)
{
    switch (kind) {
    case UNC_NAME_NETBIOS:
        return "NetBIOS name";
    case UNC_NAME_FQDN:
        return "DNS name";
    case UNC_NAME_IPV4:
        return "IPv4 address";
    case UNC_NAME_IPV6:
        return "IPv6 address";
    }
    return "unknown name kind";
}

int unc_server_equal(const char *a, const char *b)
{
    size_t n;
    if (!a || !b)
        return a == b;
    n = strlen(a);
    return n == strlen(b) && text_eq_ci_n(a, b, n);
}

int unc_is_ipc(const char *share)
{
    return unc_server_equal(share ? share : "", "IPC$");
}

int unc_is_drive_path(const char *text, char *letter)
{
    if (!text || !is_alpha((unsigned char)text[0]) || text[1] != ':')
        return 0;
    if (letter)
        *letter = (char)(text[0] >= 'a' ? text[0] - ('a' - 'A') : text[0]);
    return 1;
}
