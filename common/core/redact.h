/* Redaction: stable pseudonyms for every name in a model, keeping what the 1219 rules depend on. */
#ifndef CONNECTAS_CORE_REDACT_H
#define CONNECTAS_CORE_REDACT_H

#include "model.h"

/* One set of pseudonyms. The same name (ignoring ASCII case) always gets the
 * same pseudonym within one redactor, so several calls agree. */
typedef struct redactor redactor;

redactor *redactor_create(void);
void redactor_free(redactor *r);

/* A new model with every user, domain, server, share and path component
 * replaced (caller frees *out with model_free). Kept as they are: drive and
 * printer letters, IPC$, ADMIN$ and administrative shares (C$), the
 * credential targets "*" and "*Session", Credential Manager prefixes
 * ("Domain:target="), service classes (TERMSRV/), statuses, open-file counts
 * and the model's notes (source, elevation). Shapes are kept: a NetBIOS name
 * becomes a short dot-less name, a DNS name keeps its number of labels with
 * each label pseudonymised on its own (so *.corp.example still matches
 * fs01.corp.example), an IPv4 address becomes one from the documentation
 * ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24), an IPv6 literal one
 * in 2001:db8::/32, a hidden share keeps its '$', DOMAIN\user, .\user and
 * user@dns.suffix keep their form (the NetBIOS domain and the first label of
 * a DNS suffix share their pseudonym, as the rules compare them). Generic
 * credentials (never used by SMB) get an opaque target. Fails with
 * CA_ERR_LIMIT past 762 IPv4 addresses or 9999 names of one kind. */
ca_status redact_model(redactor *r, const model *in, model **out, ca_error *err);

/* The pseudonym of a UNC path or server name, or of an account name, as
 * redact_model writes it (malloc'ed; caller frees). For tests and for the
 * front ends that show which pseudonym stands for what. */
ca_status redact_path(redactor *r, const char *unc, char **out, ca_error *err);
ca_status redact_user(redactor *r, const char *user, char **out, ca_error *err);

#endif
