/* Tests of UNC path parsing, server-name kinds and the R2 comparison (common/core/unc.c). */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "unc.h"

struct accept_case {
    const char *what;
    const char *text;
    unsigned flags;
    const char *server, *share, *rest, *remote, *full;
    unc_name_kind kind;
};

static const struct accept_case accepted[] = {
    {"plain share", "\\\\hka-fs01\\data", UNC_NEED_SHARE, "hka-fs01", "data", "", "\\\\hka-fs01\\data",
     "\\\\hka-fs01\\data", UNC_NAME_NETBIOS},
    {"share with a path", "\\\\hka-fs01\\data\\machine\\300", UNC_NEED_SHARE, "hka-fs01", "data",
     "\\machine\\300", "\\\\hka-fs01\\data", "\\\\hka-fs01\\data\\machine\\300", UNC_NAME_NETBIOS},
    {"trailing separator dropped", "\\\\srv\\share\\dir\\", 0, "srv", "share", "\\dir", "\\\\srv\\share",
     "\\\\srv\\share\\dir", UNC_NAME_NETBIOS},
    {"trailing separator after share", "\\\\srv\\share\\", 0, "srv", "share", "", "\\\\srv\\share",
     "\\\\srv\\share", UNC_NAME_NETBIOS},
    {"forward slashes normalised", "//fs01/share/a/b", 0, "fs01", "share", "\\a\\b", "\\\\fs01\\share",
     "\\\\fs01\\share\\a\\b", UNC_NAME_NETBIOS},
    {"mixed slashes normalised", "\\\\fs01/share\\a/b", 0, "fs01", "share", "\\a\\b", "\\\\fs01\\share",
     "\\\\fs01\\share\\a\\b", UNC_NAME_NETBIOS},
    {"long-path form", "\\\\?\\UNC\\fs01.corp.example\\data\\x", UNC_NEED_SHARE, "fs01.corp.example", "data",
     "\\x", "\\\\fs01.corp.example\\data", "\\\\fs01.corp.example\\data\\x", UNC_NAME_FQDN},
    {"long-path form, lower-case unc", "\\\\?\\unc\\fs01\\data", 0, "fs01", "data", "", "\\\\fs01\\data",
     "\\\\fs01\\data", UNC_NAME_NETBIOS},
    {"long-path form with slashes", "//?/UNC/fs01/data", 0, "fs01", "data", "", "\\\\fs01\\data",
     "\\\\fs01\\data", UNC_NAME_NETBIOS},
    {"bare server", "\\\\srv", 0, "srv", NULL, "", "\\\\srv", "\\\\srv", UNC_NAME_NETBIOS},
    {"bare server with trailing separator", "\\\\srv\\", 0, "srv", NULL, "", "\\\\srv", "\\\\srv",
     UNC_NAME_NETBIOS},
    {"R2: case kept as typed", "\\\\HKA-FS01\\Data", 0, "HKA-FS01", "Data", "", "\\\\HKA-FS01\\Data",
     "\\\\HKA-FS01\\Data", UNC_NAME_NETBIOS},
    {"R2: FQDN", "\\\\hka-fs01.iai.nl\\data", 0, "hka-fs01.iai.nl", "data", "", "\\\\hka-fs01.iai.nl\\data",
     "\\\\hka-fs01.iai.nl\\data", UNC_NAME_FQDN},
    {"R2: IPv4", "\\\\192.0.2.40\\data", 0, "192.0.2.40", "data", "", "\\\\192.0.2.40\\data",
     "\\\\192.0.2.40\\data", UNC_NAME_IPV4},
    {"R2: IPv6 literal", "\\\\fe80--1.ipv6-literal.net\\data", 0, "fe80--1.ipv6-literal.net", "data", "",
     "\\\\fe80--1.ipv6-literal.net\\data", "\\\\fe80--1.ipv6-literal.net\\data", UNC_NAME_IPV6},
    {"R2: IPv6 literal with scope", "\\\\fe80--1s4.IPV6-LITERAL.NET\\d", 0, "fe80--1s4.IPV6-LITERAL.NET", "d",
     "", "\\\\fe80--1s4.IPV6-LITERAL.NET\\d", "\\\\fe80--1s4.IPV6-LITERAL.NET\\d", UNC_NAME_IPV6},
    {"R2: full IPv6 literal", "\\\\2001-db8-0-0-0-0-0-1.ipv6-literal.net\\d", 0,
     "2001-db8-0-0-0-0-0-1.ipv6-literal.net", "d", "", "\\\\2001-db8-0-0-0-0-0-1.ipv6-literal.net\\d",
     "\\\\2001-db8-0-0-0-0-0-1.ipv6-literal.net\\d", UNC_NAME_IPV6},
    {"R2: IPv6 literal ::1", "\\\\--1.ipv6-literal.net\\d", 0, "--1.ipv6-literal.net", "d", "",
     "\\\\--1.ipv6-literal.net\\d", "\\\\--1.ipv6-literal.net\\d", UNC_NAME_IPV6},
    {"R2: trailing dot is its own name", "\\\\fs01.\\data", 0, "fs01.", "data", "", "\\\\fs01.\\data",
     "\\\\fs01.\\data", UNC_NAME_FQDN},
    {"underscore in server", "\\\\my_srv\\d", 0, "my_srv", "d", "", "\\\\my_srv\\d", "\\\\my_srv\\d",
     UNC_NAME_NETBIOS},
    {"long dot-less name is still a name", "\\\\abcdefghijklmnopqrstuvwxyz\\d", 0,
     "abcdefghijklmnopqrstuvwxyz", "d", "", "\\\\abcdefghijklmnopqrstuvwxyz\\d",
     "\\\\abcdefghijklmnopqrstuvwxyz\\d", UNC_NAME_NETBIOS},
    {"IPC$ share", "\\\\host01\\IPC$", UNC_NEED_SHARE, "host01", "IPC$", "", "\\\\host01\\IPC$",
     "\\\\host01\\IPC$", UNC_NAME_NETBIOS},
    {"admin share", "\\\\srv\\C$\\Windows", 0, "srv", "C$", "\\Windows", "\\\\srv\\C$",
     "\\\\srv\\C$\\Windows", UNC_NAME_NETBIOS},
    {"space in share", "\\\\fs9\\Team Share\\a b", 0, "fs9", "Team Share", "\\a b", "\\\\fs9\\Team Share",
     "\\\\fs9\\Team Share\\a b", UNC_NAME_NETBIOS},
    {"hash in share", "\\\\srv\\C#\\x", 0, "srv", "C#", "\\x", "\\\\srv\\C#", "\\\\srv\\C#\\x",
     UNC_NAME_NETBIOS},
    {"non-ASCII share and path", "\\\\srv\\\xc3\xa9quipe\\\xe6\x96\x87\xe4\xbb\xb6", 0, "srv",
     "\xc3\xa9quipe", "\\\xe6\x96\x87\xe4\xbb\xb6", "\\\\srv\\\xc3\xa9quipe",
     "\\\\srv\\\xc3\xa9quipe\\\xe6\x96\x87\xe4\xbb\xb6", UNC_NAME_NETBIOS},
    {"characters allowed in paths but not shares", "\\\\srv\\s\\a+b=c;d,e[1]", 0, "srv", "s",
     "\\a+b=c;d,e[1]", "\\\\srv\\s", "\\\\srv\\s\\a+b=c;d,e[1]", UNC_NAME_NETBIOS},
    {"digits-only NetBIOS name", "\\\\12345\\s", 0, "12345", "s", "", "\\\\12345\\s", "\\\\12345\\s",
     UNC_NAME_NETBIOS},
};

struct reject_case {
    const char *what;
    const char *text;
    unsigned flags;
    const char *message; /* a substring the message must contain */
};

static const struct reject_case rejected[] = {
    {"empty", "", 0, "empty path"},
    {"two backslashes only", "\\\\", 0, "missing server name"},
    {"two slashes only", "//", 0, "missing server name"},
    {"long-path prefix only", "\\\\?\\UNC\\", 0, "missing server name"},
    {"three backslashes", "\\\\\\server\\share", 0, "too many backslashes"},
    {"long-path prefix with extra backslash", "\\\\?\\UNC\\\\srv\\s", 0, "too many backslashes"},
    {"missing share", "\\\\srv", UNC_NEED_SHARE, "missing share name: expected \\\\srv\\share"},
    {"missing share, trailing separator", "\\\\srv\\", UNC_NEED_SHARE, "missing share name"},
    {"empty share component", "\\\\srv\\\\share", 0, "empty path component"},
    {"empty path component", "\\\\srv\\share\\\\x", 0, "empty path component"},
    {"two trailing separators", "\\\\srv\\share\\\\", 0, "empty path component"},
    {"drive path", "O:\\sub", 0, "drive paths are resolved through the uses"},
    {"drive alone", "o:", 0, "drive paths are resolved through the uses"},
    {"long-path drive", "\\\\?\\C:\\x", 0, "drive paths are resolved through the uses"},
    {"other long-path form", "\\\\?\\Volume{x}\\", 0, "only \\\\?\\UNC\\server\\share"},
    {"device namespace", "\\\\.\\pipe\\x", 0, "local device path"},
    {"relative path", "share\\x", 0, "not a UNC path"},
    {"single backslash", "\\srv\\share", 0, "not a UNC path"},
    {"raw IPv6 address", "\\\\fe80::1\\share", 0, "ipv6-literal.net"},
    {"bracketed IPv6 address", "\\\\[2001:db8::1]\\share", 0, "ipv6-literal.net"},
    {"space in server", "\\\\my server\\s", 0, "' ' is not allowed in a server name"},
    {"star in server", "\\\\srv*\\s", 0, "'*' is not allowed in a server name"},
    {"non-ASCII server", "\\\\s\xc3\xa9rv\\s", 0, "(U+00E9) is not allowed in a server name"},
    {"control character in server", "\\\\sr\x01v\\s", 0,
     "control character U+0001 is not allowed in a server"},
    {"leading dot in server", "\\\\.srv\\s", 0, "starts with '.'"},
    {"double dot in server", "\\\\fs01..corp\\s", 0, "empty label"},
    {"two trailing dots", "\\\\fs01..\\s", 0, "empty label"},
    {"bad dotted quad", "\\\\192.0.2.256\\s", 0, "not a valid IPv4 address"},
    {"three-part number", "\\\\192.0.2\\s", 0, "not a valid IPv4 address"},
    {"bad IPv6 literal", "\\\\fe80---1.ipv6-literal.net\\s", 0, "not a valid ipv6-literal.net name"},
    {"IPv6 literal with two compressions", "\\\\1--2--3.ipv6-literal.net\\s", 0, "not a valid ipv6-literal"},
    {"IPv6 literal with too many groups", "\\\\1-2-3-4-5-6-7-8-9.ipv6-literal.net\\s", 0, "not a valid ipv6"},
    {"IPv6 literal with too few groups", "\\\\1-2-3.ipv6-literal.net\\s", 0, "not a valid ipv6"},
    {"IPv6 literal with empty scope", "\\\\fe80--1s.ipv6-literal.net\\s", 0, "not a valid ipv6"},
    {"double quote in share", "\\\\srv\\a\"b", 0, "'\"' is not allowed in a share name"},
    {"colon in share", "\\\\srv\\a:b", 0, "':' is not allowed in a share name"},
    {"bracket in share", "\\\\srv\\a[b", 0, "'[' is not allowed in a share name"},
    {"close bracket in share", "\\\\srv\\a]b", 0, "']' is not allowed in a share name"},
    {"pipe in share", "\\\\srv\\a|b", 0, "'|' is not allowed in a share name"},
    {"less-than in share", "\\\\srv\\a<b", 0, "'<' is not allowed in a share name"},
    {"greater-than in share", "\\\\srv\\a>b", 0, "'>' is not allowed in a share name"},
    {"plus in share", "\\\\srv\\a+b", 0, "'+' is not allowed in a share name"},
    {"equals in share", "\\\\srv\\a=b", 0, "'=' is not allowed in a share name"},
    {"semicolon in share", "\\\\srv\\a;b", 0, "';' is not allowed in a share name"},
    {"comma in share", "\\\\srv\\a,b", 0, "',' is not allowed in a share name"},
    {"question mark in share", "\\\\srv\\a?b", 0, "'?' is not allowed in a share name"},
    {"star in share", "\\\\srv\\a*b", 0, "'*' is not allowed in a share name"},
    {"tab in share", "\\\\srv\\a\tb", 0, "control character U+0009 is not allowed in a share name"},
    {"DEL in share", "\\\\srv\\a\x7f", 0, "control character U+007F"},
    {"star in path", "\\\\srv\\s\\a*b", 0, "'*' is not allowed in a path component"},
    {"colon in path", "\\\\srv\\s\\file:stream", 0, "':' is not allowed in a path component"},
    {"dot-dot component", "\\\\srv\\s\\..\\x", 0, "'..' is not allowed as a path component"},
    {"dot share", "\\\\srv\\.", 0, "'.' is not allowed as a share name"},
    {"invalid UTF-8", "\\\\srv\\s\\\xc3(", 0, "not valid UTF-8"},
    {"overlong UTF-8", "\\\\srv\\s\\\xc0\xaf", 0, "not valid UTF-8"},
    {"UTF-8 surrogate", "\\\\srv\\s\\\xed\xa0\x80", 0, "not valid UTF-8"},
    {"non-ASCII server: the xn-- form",
     "\\\\b\xc3\xbc"
     "cher.example\\d",
     0, "its ASCII (xn--) form"},
    {"WebDAV over SSL", "\\\\srv@SSL@443\\DavWWWRoot", 0, "is a WebDAV address"},
    {"WebDAV with SSL only", "\\\\srv@SSL\\x", 0, "'srv@SSL' is a WebDAV address"},
    {"WebDAV with a port", "\\\\srv@8080\\x", 0, "is a WebDAV address"},
    {"WebDAV share name", "\\\\srv\\davwwwroot\\x", 0, "'davwwwroot' is a WebDAV address"},
    {"trailing dot in share", "\\\\srv\\data.", 0, "share name 'data.' ends with a dot"},
    {"trailing space in share", "\\\\srv\\data ", 0, "share name 'data ' ends with a space"},
    {"trailing dot in path", "\\\\srv\\d\\dir.\\x", 0, "path component 'dir.' ends with a dot"},
    {"trailing space in file", "\\\\srv\\d\\setup.exe ", 0, "ends with a space"},
    {"device namespace UNC", "\\\\.\\UNC\\srv\\s", 0, "local device path"},
};

static char *repeat(const char *prefix, char c, size_t n, const char *suffix)
{
    size_t a = strlen(prefix), b = strlen(suffix);
    char *s = malloc(a + n + b + 1);
    memcpy(s, prefix, a);
    memset(s + a, c, n);
    memcpy(s + a + n, suffix, b + 1);
    return s;
}

static int same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return !strcmp(a, b);
}

static void test_accepted(void)
{
    size_t i;
    for (i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
        const struct accept_case *c = &accepted[i];
        unc_path p;
        ca_error err = {{0}, 0};
        ca_status st;
        th_push_context("accept %s", c->what);
        st = unc_parse(c->text, c->flags, &p, &err);
        ok(st == CA_OK, "status %d (%s)\n", st, err.msg);
        if (st == CA_OK) {
            ok(same(p.server, c->server), "server \"%s\"\n", p.server);
            ok(same(p.share, c->share), "share \"%s\"\n", p.share ? p.share : "(null)");
            ok(same(p.rest, c->rest), "rest \"%s\"\n", p.rest);
            ok(same(p.remote, c->remote), "remote \"%s\"\n", p.remote);
            ok(same(p.full, c->full), "full \"%s\"\n", p.full);
            ok(p.kind == c->kind, "kind %s\n", unc_name_kind_name(p.kind));
            ok(unc_classify_server(p.server) == c->kind, "classify agrees\n");
        }
        unc_path_cleanup(&p);
        ok(!p.server && !p.full, "cleanup zeroes\n");
        th_pop_context();
    }
}

static void check_reject(const char *what, const char *text, unsigned flags, const char *message)
{
    unc_path p;
    ca_error err = {{0}, 0};
    ca_status st;
    th_push_context("reject %s", what);
    memset(&p, 0xAB, sizeof(p));
    st = unc_parse(text, flags, &p, &err);
    ok(st == CA_ERR_INVALID, "status %d\n", st);
    ok(strstr(err.msg, message) != NULL, "message \"%s\" lacks \"%s\"\n", err.msg, message);
    ok(!p.server && !p.share && !p.rest && !p.remote && !p.full, "out left zeroed\n");
    th_pop_context();
}

static void test_rejected(void)
{
    size_t i;
    for (i = 0; i < sizeof(rejected) / sizeof(rejected[0]); i++)
        check_reject(rejected[i].what, rejected[i].text, rejected[i].flags, rejected[i].message);
    {
        unc_path p;
        ca_error err;
        ok(unc_parse(NULL, 0, &p, &err) == CA_ERR_INVALID, "NULL text is rejected\n");
        ok(unc_parse("", 0, &p, NULL) == CA_ERR_INVALID, "NULL err is allowed\n");
    }
}

/* Length limits, built at run time: exactly at the limit passes, one over fails. */
static void test_limits(void)
{
    struct {
        const char *what, *prefix;
        char c;
        size_t n;
        const char *suffix;
        int good;
        const char *message;
    } cases[] = {
        {"server of 255 characters", "\\\\", 'a', 0, "\\s", 1, NULL},
        {"server over 255 characters", "\\\\", 'a', 0, "\\s", 0, "longer than 255 characters"},
        {"DNS label of 63", "\\\\", 'b', 63, ".example\\s", 1, NULL},
        {"DNS label over 63", "\\\\", 'b', 64, ".example\\s", 0, "label longer than 63"},
        {"dot-less name over 63", "\\\\", 'b', 64, "\\s", 0, "label longer than 63"},
        {"share of 80", "\\\\srv\\", 's', 80, "", 1, NULL},
        {"share over 80", "\\\\srv\\", 's', 81, "", 0, "share name 'sss"},
        {"path component of 255", "\\\\srv\\s\\", 'p', 255, "", 1, NULL},
        {"path component over 255", "\\\\srv\\s\\", 'p', 256, "\\x", 0, "longer than 255 characters"},
    };
    size_t i;
    char label[64];
    memset(label, 'a', 62);
    label[62] = '.';
    label[63] = 0;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *text;
        unc_path p;
        ca_error err = {{0}, 0};
        ca_status st;
        if (i < 2) {
            /* 255 or 256 characters made of 62-character labels joined by dots. */
            size_t want = i == 0 ? 255 : 256, k;
            text = malloc(want + 8);
            strcpy(text, "\\\\");
            for (k = 0; k + 63 <= want; k += 63)
                strcat(text, label);
            memset(text + 2 + k, 'c', want - k);
            strcpy(text + 2 + want, "\\s");
        } else {
            text = repeat(cases[i].prefix, cases[i].c, cases[i].n, cases[i].suffix);
        }
        th_push_context("limit %s", cases[i].what);
        st = unc_parse(text, 0, &p, &err);
        if (cases[i].good) {
            ok(st == CA_OK, "status %d (%s)\n", st, err.msg);
        } else {
            ok(st == CA_ERR_INVALID, "status %d\n", st);
            ok(strstr(err.msg, cases[i].message) != NULL, "message \"%s\"\n", err.msg);
            ok(strlen(err.msg) < 300, "message quotes a short excerpt (%zu bytes)\n", strlen(err.msg));
        }
        unc_path_cleanup(&p);
        th_pop_context();
        free(text);
    }
}

/* Characters are counted as Windows counts them (UTF-16 units), not bytes. */
static void test_limits_non_ascii(void)
{
    char text[512] = "\\\\srv\\";
    unc_path p;
    ca_error err;
    size_t i;
    for (i = 0; i < 80; i++)
        strcat(text, "\xc3\xa9"); /* é: 2 bytes, 1 character */
    ok(unc_parse(text, 0, &p, &err) == CA_OK, "80 two-byte characters fit a share: %s\n", err.msg);
    unc_path_cleanup(&p);
    strcpy(text, "\\\\srv\\");
    for (i = 0; i < 41; i++)
        strcat(text, "\xf0\x9f\x98\x80"); /* U+1F600: a surrogate pair, 2 characters */
    ok(unc_parse(text, 0, &p, &err) == CA_ERR_INVALID && strstr(err.msg, "longer than 80"),
       "41 astral characters are 82 UTF-16 units: %s\n", err.msg);
    unc_path_cleanup(&p);
    /* An excerpt of non-ASCII text is cut on a character boundary. */
    strcpy(text, "\\\\srv\\");
    for (i = 0; i < 90; i++)
        strcat(text, "\xe6\x96\x87");
    ok(unc_parse(text, 0, &p, &err) == CA_ERR_INVALID, "90 CJK characters are too many for a share\n");
    ok(strstr(err.msg, "\xe6\x96\x87...") != NULL, "excerpt ends on a whole character: %s\n", err.msg);
}

static void test_total_limit(void)
{
    /* \\srv\s = 7 characters, then components "\" + 254 'x' = 255 each. */
    size_t parts = (UNC_MAX_PATH - 7) / 255, i;
    size_t size = 8 + (parts + 1) * 255 + 16;
    char *text = malloc(size), *p;
    unc_path u;
    ca_error err;
    strcpy(text, "\\\\srv\\s");
    p = text + 7;
    for (i = 0; i < parts; i++) {
        *p++ = '\\';
        memset(p, 'x', 254);
        p += 254;
    }
    /* pad up to exactly UNC_MAX_PATH characters */
    *p++ = '\\';
    memset(p, 'y', (size_t)UNC_MAX_PATH - (size_t)(p - text));
    p = text + UNC_MAX_PATH;
    *p = 0;
    ok(strlen(text) == UNC_MAX_PATH, "built %zu characters\n", strlen(text));
    ok(unc_parse(text, 0, &u, &err) == CA_OK, "exactly %d characters is accepted: %s\n", UNC_MAX_PATH,
       err.msg);
    ok(u.full && strlen(u.full) == UNC_MAX_PATH, "full keeps every character\n");
    unc_path_cleanup(&u);
    strcpy(p, "z");
    ok(unc_parse(text, 0, &u, &err) == CA_ERR_INVALID && strstr(err.msg, "the limit is 32767"),
       "one more is rejected: %s\n", err.msg);
    unc_path_cleanup(&u);
    /* Long-path prefix is not counted: the normalised path is. */
    p = malloc(strlen(text) + 8);
    strcpy(p, "\\\\?\\UNC\\");
    strcat(p, text + 2);
    p[strlen(p) - 1] = 0;
    ok(unc_parse(p, 0, &u, &err) == CA_OK, "\\\\?\\UNC\\ spelling of a 32767-character path: %s\n", err.msg);
    unc_path_cleanup(&u);
    free(p);
    free(text);
}

static void test_helpers(void)
{
    char letter = 0;
    ok(unc_server_equal("hka-fs01", "HKA-FS01"), "R2: case-insensitive\n");
    ok(!unc_server_equal("hka-fs01", "hka-fs01.iai.nl"), "R2: NetBIOS and FQDN differ\n");
    ok(!unc_server_equal("fs01", "fs01."), "R2: trailing dot is another name\n");
    ok(!unc_server_equal("192.0.2.40", "hka-fs01"), "R2: address and name differ\n");
    ok(!unc_server_equal("fs01", NULL) && unc_server_equal(NULL, NULL), "NULL handling\n");
    ok(unc_is_ipc("IPC$") && unc_is_ipc("ipc$") && !unc_is_ipc("IPC") && !unc_is_ipc(NULL), "unc_is_ipc\n");
    ok(unc_is_drive_path("o:\\sub", &letter) && letter == 'O', "drive path, letter %c\n", letter);
    ok(unc_is_drive_path("Z:", &letter) && letter == 'Z', "bare drive\n");
    ok(unc_is_drive_path("c:/x", NULL), "NULL letter allowed\n");
    ok(!unc_is_drive_path("\\\\srv\\s", &letter) && !unc_is_drive_path("1:", &letter) &&
           !unc_is_drive_path("O", &letter) && !unc_is_drive_path(NULL, &letter),
       "not drive paths\n");
    ok(unc_classify_server("hka-fs01") == UNC_NAME_NETBIOS, "NetBIOS\n");
    ok(unc_classify_server("hka-fs01.iai.nl") == UNC_NAME_FQDN, "FQDN\n");
    ok(unc_classify_server("192.0.2.40") == UNC_NAME_IPV4, "IPv4\n");
    ok(unc_classify_server("fe80--1s4.ipv6-literal.net") == UNC_NAME_IPV6, "IPv6\n");
    ok(!strcmp(unc_name_kind_name(UNC_NAME_NETBIOS), "NetBIOS name"), "kind name NetBIOS\n");
    ok(!strcmp(unc_name_kind_name(UNC_NAME_FQDN), "DNS name"), "kind name DNS\n");
    ok(!strcmp(unc_name_kind_name(UNC_NAME_IPV4), "IPv4 address"), "kind name IPv4\n");
    ok(!strcmp(unc_name_kind_name(UNC_NAME_IPV6), "IPv6 address"), "kind name IPv6\n");
}

/* unc_place_parse: UNC paths as unc_parse, drive paths checked below the colon. */
static void test_place(void)
{
    static const struct {
        const char *text;
        char drive;
        const char *full;    /* UNC: the parsed path; NULL for a drive path */
        const char *message; /* NULL: accepted */
    } cases[] = {
        {"\\\\srv\\s\\x", 0, "\\\\srv\\s\\x", NULL},
        {"//srv/s", 0, "\\\\srv\\s", NULL},
        {"\\\\srv", 0, "\\\\srv", NULL},
        {"n:", 'N', NULL, NULL},
        {"N:\\", 'N', NULL, NULL},
        {"N:/dir/x", 'N', NULL, NULL},
        {"N:\\dir\\file.txt", 'N', NULL, NULL},
        {"N:dir", 0, NULL, "relative to the current directory of N:; write N:\\dir instead"},
        {"N:\\\\x", 0, NULL, "empty path component"},
        {"N:\\a*b", 0, NULL, "'*' is not allowed in a path component"},
        {"N:\\dir.", 0, NULL, "ends with a dot"},
        {"N:\\..\\x", 0, NULL, "'..' is not allowed"},
        {"N:\\\xc3(", 0, NULL, "not valid UTF-8"},
        {"\\\\?\\N:\\dir", 0, NULL, "is a drive path"},
        {"\\\\srv@SSL\\x", 0, NULL, "WebDAV"},
        {"", 0, NULL, "empty path"},
    };
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        unc_place place;
        ca_error err = {{0}, 0};
        ca_status st;
        th_push_context("place '%s'", cases[i].text);
        st = unc_place_parse(cases[i].text, &place, &err);
        if (cases[i].message) {
            ok(st == CA_ERR_INVALID, "status %d\n", st);
            ok(strstr(err.msg, cases[i].message) != NULL, "message \"%s\"\n", err.msg);
            ok(!place.drive && !place.unc.full, "out zeroed\n");
        } else {
            ok(st == CA_OK, "status %d (%s)\n", st, err.msg);
            ok(place.drive == cases[i].drive, "drive '%c'\n", place.drive ? place.drive : '0');
            ok(same(place.unc.full, cases[i].full), "full \"%s\"\n",
               place.unc.full ? place.unc.full : "(null)");
        }
        unc_place_cleanup(&place);
        ok(!place.drive && !place.unc.full, "cleanup zeroes\n");
        th_pop_context();
    }
    {
        unc_place place;
        char *big = repeat("N:\\", 'x', 256, "");
        ok(unc_place_parse(big, &place, NULL) == CA_ERR_INVALID, "256-character component on a drive\n");
        big[3 + 255] = 0;
        ok(unc_place_parse(big, &place, NULL) == CA_OK, "255-character component on a drive\n");
        unc_place_cleanup(&place);
        free(big);
        ok(unc_place_parse(NULL, &place, NULL) == CA_ERR_INVALID, "NULL\n");
    }
}

int main(int argc, char **argv)
{
    th_init(argc, argv);
    test_accepted();
    test_rejected();
    test_limits();
    test_limits_non_ascii();
    test_total_limit();
    test_helpers();
    test_place();
    return th_finish();
}
