/* Temporary-connection journal: storage helpers, the in-memory store, and "run due cleanup" through fixrun.
 */
#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "text.h"

/* ---- the in-memory store ---- */

typedef struct mem_store {
    journal_store s;
    char **ids, **texts;
    size_t count, cap;
} mem_store;

static mem_store *mem_from(journal_store *s)
{
    return CA_CONTAINER_OF(s, mem_store, s);
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static ca_status mem_list(journal_store *s, char ***texts, size_t *count, ca_error *err)
{
    mem_store *m = mem_from(s);
    size_t i;
    *texts = calloc(m->count ? m->count : 1, sizeof(**texts));
    *count = 0;
    if (!*texts)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    for (i = 0; i < m->count; i++) {
        (*texts)[i] = dup_str(m->texts[i]);
        if (!(*texts)[i]) {
            while (i--)
                free((*texts)[i]);
            free(*texts);
            *texts = NULL;
            return ca_fail(err, CA_ERR_NOMEM, "out of memory");
        }
    }
    *count = m->count;
    return CA_OK;
}

static ca_status mem_put(journal_store *s, const char *id, const char *text, ca_error *err)
{
    mem_store *m = mem_from(s);
    char *t = dup_str(text), *k;
    size_t i;
    if (!t)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    for (i = 0; i < m->count; i++)
        if (!strcmp(m->ids[i], id)) {
            free(m->texts[i]);
            m->texts[i] = t;
            return CA_OK;
        }
    if (m->count == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 8;
        char **ids = realloc(m->ids, cap * sizeof(*ids)), **texts;
        if (ids)
            m->ids = ids;
        texts = ids ? realloc(m->texts, cap * sizeof(*texts)) : NULL;
        if (!texts) {
            free(t);
            return ca_fail(err, CA_ERR_NOMEM, "out of memory");
        }
        m->texts = texts;
        m->cap = cap;
    }
    k = dup_str(id);
    if (!k) {
        free(t);
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    }
    m->ids[m->count] = k;
    m->texts[m->count++] = t;
    return CA_OK;
}

static ca_status mem_remove(journal_store *s, const char *id, ca_error *err)
{
    mem_store *m = mem_from(s);
    size_t i;
    (void)err;
    for (i = 0; i < m->count; i++)
        if (!strcmp(m->ids[i], id)) {
            free(m->ids[i]);
            free(m->texts[i]);
            memmove(&m->ids[i], &m->ids[i + 1], (m->count - i - 1) * sizeof(*m->ids));
            memmove(&m->texts[i], &m->texts[i + 1], (m->count - i - 1) * sizeof(*m->texts));
            m->count--;
            break;
        }
    return CA_OK;
}

static void mem_destroy(journal_store *s)
{
    mem_store *m = mem_from(s);
    size_t i;
    for (i = 0; i < m->count; i++) {
        free(m->ids[i]);
        free(m->texts[i]);
    }
    free(m->ids);
    free(m->texts);
    free(m);
}

static const journal_store_vtable mem_vtable = {mem_list, mem_put, mem_remove, mem_destroy};

journal_store *journal_mem_store_create(void)
{
    mem_store *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    m->s.vt = &mem_vtable;
    return &m->s;
}

void journal_store_free(journal_store *s)
{
    if (s)
        s->vt->destroy(s);
}

/* ---- records in a store ---- */

ca_status journal_add(journal_store *s, const journal_rec *rec, ca_error *err)
{
    strbuf sb;
    ca_status st;
    strbuf_init(&sb);
    st = journal_rec_format(rec, &sb, err);
    if (st == CA_OK)
        st = s->vt->put(s, rec->id, strbuf_str(&sb), err);
    strbuf_cleanup(&sb);
    return st;
}

void journal_recs_free(journal_rec *recs, size_t count)
{
    size_t i;
    for (i = 0; recs && i < count; i++)
        journal_rec_cleanup(&recs[i]);
    free(recs);
}

ca_status journal_load(journal_store *s, journal_rec **recs, size_t *count, size_t *unreadable, ca_error *err)
{
    char **texts = NULL;
    size_t n = 0, i, bad = 0;
    ca_status st;
    *recs = NULL;
    *count = 0;
    st = s->vt->list(s, &texts, &n, err);
    if (st != CA_OK)
        return st;
    *recs = calloc(n ? n : 1, sizeof(**recs));
    if (!*recs)
        st = ca_fail(err, CA_ERR_NOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        if (st == CA_OK) {
            ca_error e;
            if (journal_rec_parse(texts[i], &(*recs)[*count], &e) == CA_OK)
                (*count)++;
            else
                bad++;
        }
        free(texts[i]);
    }
    free(texts);
    if (unreadable)
        *unreadable = bad;
    if (st != CA_OK) {
        journal_recs_free(*recs, *count);
        *recs = NULL;
        *count = 0;
    }
    return st;
}

const journal_rec *journal_find_use(const journal_rec *recs, size_t count, const char *local,
                                    const char *remote)
{
    size_t i;
    for (i = 0; i < count; i++) {
        const journal_rec *r = &recs[i];
        if (!r->remote)
            continue;
        if (local && r->local ? text_eq_ci(local, r->local) && (!remote || text_eq_ci(remote, r->remote))
                              : !local && !r->local && remote && text_eq_ci(remote, r->remote))
            return r;
    }
    return NULL;
}

/* ---- cleanup ---- */

/* 1 when step is the connection rec created: the same device and remote. */
static int step_is_ours(const fixrun_step *s, const journal_rec *rec)
{
    if (s->kind != FIXRUN_STEP_DISCONNECT || !s->remote || !text_eq_ci(s->remote, rec->remote))
        return 0;
    return rec->local ? s->local && text_eq_ci(s->local, rec->local) : !s->local;
}

/* Leaves only step `keep` pending: fixrun_run runs PENDING steps only, so no other use or credential is
 * touched (they existed before, or belong to someone else). */
static void only_step(fixrun_plan *plan, size_t keep)
{
    size_t i;
    for (i = 0; i < plan->step_count; i++)
        if (i != keep)
            plan->steps[i].outcome = FIXRUN_SKIPPED;
}

/* The step's outcome on the item: 1 when what it stood for is gone. */
static int settle(const fixrun_step *s, journal_item *item)
{
    switch (s->outcome) {
    case FIXRUN_DONE:
    case FIXRUN_SKIPPED: /* gone already, or the device now names another remote: not ours to touch */
        return 1;
    case FIXRUN_BUSY:
        item->result = JOURNAL_BUSY;
        item->open_files = s->open_files;
        item->code = s->code;
        return 0;
    default:
        if (item->result != JOURNAL_BUSY)
            item->result = JOURNAL_FAILED;
        item->code = s->code;
        return 0;
    }
}

/* Undoes rec's connection; with force, a busy one is forced (the user agreed to exactly this one). */
static ca_status undo_connection(backend *be, const journal_rec *rec, int force, journal_item *item,
                                 ca_error *err)
{
    model *m = NULL;
    fixrun_plan plan;
    size_t i, mine = (size_t)-1;
    ca_status st;
    if (!rec->remote) {
        item->connection_undone = 1;
        return CA_OK;
    }
    if ((st = backend_snapshot(be, &m, err)) != CA_OK)
        return st;
    st = fixrun_plan_disconnect(m, rec->server, rec->remembered, &plan, err);
    for (i = 0; st == CA_OK && i < plan.step_count; i++)
        if (mine == (size_t)-1 && step_is_ours(&plan.steps[i], rec))
            mine = i;
    if (st == CA_OK && mine == (size_t)-1) {
        item->connection_undone = 1; /* nothing of it is left */
    } else if (st == CA_OK) {
        only_step(&plan, mine);
        st = fixrun_run(be, &plan, err);
        if (st == CA_OK && force && plan.steps[mine].outcome == FIXRUN_BUSY)
            st = fixrun_force(be, &plan, &mine, 1, err);
        if (st == CA_OK)
            item->connection_undone = settle(&plan.steps[mine], item);
    }
    fixrun_plan_cleanup(&plan);
    model_free(m);
    return st;
}

static ca_status undo_credential(backend *be, const journal_rec *rec, journal_item *item, ca_error *err)
{
    model *m = NULL;
    fixrun_plan plan;
    const model_cred *c = NULL;
    size_t i, mine = (size_t)-1;
    ca_status st;
    if (!rec->cred_target) {
        item->credential_undone = 1;
        return CA_OK;
    }
    if ((st = backend_snapshot(be, &m, err)) != CA_OK)
        return st;
    for (i = 0; i < m->cred_count && !c; i++)
        if (m->creds[i].type == CRED_KIND_DOMAIN && text_eq_ci(m->creds[i].raw_target, rec->cred_target))
            c = &m->creds[i];
    /* Gone, or saved again for another user since: not ours any more, left alone. */
    if (!c || !text_eq_ci(c->user, rec->cred_user)) {
        item->credential_undone = 1;
        model_free(m);
        return CA_OK;
    }
    st = fixrun_plan_forget(m, c->target, &plan, err);
    for (i = 0; st == CA_OK && i < plan.step_count; i++)
        if (mine == (size_t)-1 && plan.steps[i].kind == FIXRUN_STEP_FORGET && plan.steps[i].raw_target &&
            text_eq_ci(plan.steps[i].raw_target, rec->cred_target) &&
            text_eq_ci(plan.steps[i].cred_user, rec->cred_user))
            mine = i;
    if (st == CA_OK && mine == (size_t)-1) {
        item->credential_undone = 1;
    } else if (st == CA_OK) {
        only_step(&plan, mine);
        st = fixrun_run(be, &plan, err);
        if (st == CA_OK)
            item->credential_undone = settle(&plan.steps[mine], item);
    }
    fixrun_plan_cleanup(&plan);
    model_free(m);
    return st;
}

/* Rewrites rec with only what is left (after a partial undo). */
static void keep_rest(journal_store *s, journal_item *item)
{
    ca_error e;
    journal_rec *rec = &item->rec;
    if (item->connection_undone && rec->remote) {
        free(rec->remote);
        free(rec->local);
        free(rec->user);
        rec->remote = rec->local = rec->user = NULL;
        rec->remembered = 0;
    }
    if (item->credential_undone && rec->cred_target) {
        free(rec->cred_target);
        free(rec->cred_user);
        rec->cred_target = rec->cred_user = NULL;
    }
    journal_add(s, rec, &e);
}

/* Whether this process's token is elevated (1) or not (0), as the backend's snapshot says. */
static ca_status this_elevation(backend *be, int *elevated, ca_error *err)
{
    model *m = NULL;
    ca_status st = backend_snapshot(be, &m, err);
    if (st == CA_OK)
        *elevated = m->elevated == 1;
    model_free(m);
    return st;
}

/* Undoes one due record and updates the store: removed when all of it is gone, rewritten when part is. */
static void undo_item(backend *be, journal_store *s, int force, journal_item *item)
{
    ca_error e = {{0}, 0};
    item->result = JOURNAL_UNDONE;
    if (undo_connection(be, &item->rec, force, item, &e) != CA_OK ||
        undo_credential(be, &item->rec, item, &e) != CA_OK) {
        item->result = JOURNAL_FAILED;
        item->code = e.code;
    }
    if (item->connection_undone && item->credential_undone) {
        item->result = JOURNAL_UNDONE;
        s->vt->remove(s, item->rec.id, &e);
    } else if (item->connection_undone || item->credential_undone) {
        keep_rest(s, item);
    }
}

ca_status journal_run_cleanup(backend *be, journal_store *s, const char *session, long long now,
                              unsigned flags, journal_report *out, ca_error *err)
{
    journal_rec *recs = NULL;
    size_t count = 0, i;
    int elevated = -1;
    ca_status st;
    memset(out, 0, sizeof(*out));
    st = journal_load(s, &recs, &count, &out->unreadable, err);
    if (st != CA_OK)
        return st;
    out->items = calloc(count ? count : 1, sizeof(*out->items));
    if (!out->items) {
        journal_recs_free(recs, count);
        return ca_fail(err, CA_ERR_NOMEM, "out of memory");
    }
    for (i = 0; i < count; i++) {
        journal_item *item = &out->items[out->count++];
        item->rec = recs[i];
        memset(&recs[i], 0, sizeof(recs[i]));
        item->open_files = -1;
        if (!journal_rec_is_due(&item->rec, now, session, (flags & JOURNAL_CLEAN_ALL) != 0)) {
            item->result = JOURNAL_NOT_DUE;
            continue;
        }
        if (elevated < 0 && (st = this_elevation(be, &elevated, err)) != CA_OK) {
            i++;
            break;
        }
        if (item->rec.elevated != elevated) {
            item->result = JOURNAL_OTHER_TOKEN;
            continue;
        }
        if (flags & JOURNAL_CLEAN_DRY_RUN) {
            item->result = JOURNAL_WOULD;
            continue;
        }
        undo_item(be, s, 0, item);
    }
    for (; i < count; i++)
        journal_rec_cleanup(&recs[i]);
    free(recs);
    if (st != CA_OK)
        journal_report_cleanup(out);
    return st;
}

ca_status journal_force_one(backend *be, journal_store *s, const char *id, journal_item *out, ca_error *err)
{
    journal_rec *recs = NULL;
    size_t count = 0, i;
    int elevated = 0;
    ca_status st;
    memset(out, 0, sizeof(*out));
    out->open_files = -1;
    if (!id)
        return ca_fail(err, CA_ERR_INVALID, "no temporary connection named");
    st = journal_load(s, &recs, &count, NULL, err);
    if (st != CA_OK)
        return st;
    for (i = 0; i < count && strcmp(recs[i].id, id); i++)
        ;
    if (i == count) {
        journal_recs_free(recs, count);
        return ca_fail(err, CA_ERR_NOT_FOUND, "the temporary connection %.40s is not in the journal", id);
    }
    out->rec = recs[i];
    memset(&recs[i], 0, sizeof(recs[i]));
    journal_recs_free(recs, count);
    if ((st = this_elevation(be, &elevated, err)) != CA_OK)
        return st;
    if (out->rec.elevated != elevated)
        out->result = JOURNAL_OTHER_TOKEN;
    else
        undo_item(be, s, 1, out);
    return CA_OK;
}

void journal_report_cleanup(journal_report *r)
{
    size_t i;
    if (!r)
        return;
    for (i = 0; i < r->count; i++)
        journal_rec_cleanup(&r->items[i].rec);
    free(r->items);
    memset(r, 0, sizeof(*r));
}

int journal_report_has_left(const journal_report *r)
{
    size_t i;
    for (i = 0; i < r->count; i++)
        if (r->items[i].result == JOURNAL_BUSY || r->items[i].result == JOURNAL_FAILED)
            return 1;
    return 0;
}

const char *journal_result_name(journal_result r)
{
    switch (r) {
    case JOURNAL_NOT_DUE:
        return "not_due";
    case JOURNAL_UNDONE:
        return "undone";
    case JOURNAL_WOULD:
        return "would_undo";
    case JOURNAL_BUSY:
        return "busy";
    case JOURNAL_OTHER_TOKEN:
        return "other_token";
    case JOURNAL_FAILED:
    default:
        return "failed";
    }
}
