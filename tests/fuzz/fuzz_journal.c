/* libFuzzer target: journal_rec_parse on arbitrary text; an accepted record formats and parses back the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
    if (!cond)
        abort();
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    journal_rec rec, back;
    strbuf sb;
    ca_error err;
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = 0;
    if (journal_rec_parse(text, &rec, &err) == CA_OK) {
        check(rec.server && rec.requested && (rec.remote || rec.cred_target));
        strbuf_init(&sb);
        check(journal_rec_format(&rec, &sb, &err) == CA_OK);
        check(journal_rec_parse(strbuf_str(&sb), &back, &err) == CA_OK);
        check(!strcmp(back.id, rec.id) && back.created == rec.created && back.expires == rec.expires &&
              same(back.remote, rec.remote) && same(back.local, rec.local) && same(back.user, rec.user) &&
              same(back.cred_target, rec.cred_target) && same(back.cred_user, rec.cred_user) &&
              back.remembered == rec.remembered);
        journal_rec_cleanup(&back);
        journal_rec_cleanup(&rec);
        strbuf_cleanup(&sb);
    } else {
        check(!rec.remote && !rec.server);
    }
    free(text);
    return 0;
}
