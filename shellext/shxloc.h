/* Whether a folder is safe to register for all users: a fixed local disk that only administrators can change.
 */
#ifndef CONNECTAS_SHXLOC_H
#define CONNECTAS_SHXLOC_H

#include <windows.h>

typedef enum shx_loc_problem {
    SHX_LOC_OK = 0,
    SHX_LOC_NETWORK,     /* a network share or a mapped network drive */
    SHX_LOC_REMOVABLE,   /* removable media (USB stick, memory card, CD) or an unknown kind of drive */
    SHX_LOC_WRITABLE,    /* an account that is not an administrator may change it (shx_loc_result.who) */
    SHX_LOC_NO_SECURITY, /* no access control at all (FAT, exFAT: a NULL DACL) */
    SHX_LOC_UNREADABLE,  /* its security or volume could not be read */
} shx_loc_problem;

#define SHX_LOC_PATH_CCH 1024
#define SHX_LOC_WHO_CCH 256

typedef struct shx_loc_result {
    shx_loc_problem problem;
    WCHAR path[SHX_LOC_PATH_CCH]; /* the folder or file at fault ("" when OK) */
    WCHAR who[SHX_LOC_WHO_CCH];   /* SHX_LOC_WRITABLE: the account, "DOMAIN\name" or a SID string */
    DWORD error;                  /* SHX_LOC_UNREADABLE: the Windows error */
} shx_loc_result;

/* What a principal may not hold on what is registered for all users. */
#define SHX_LOC_FOLDER_RIGHTS                                                                                \
    (FILE_ADD_FILE | FILE_ADD_SUBDIRECTORY | FILE_DELETE_CHILD | DELETE | WRITE_DAC | WRITE_OWNER |          \
     GENERIC_WRITE | GENERIC_ALL)
#define SHX_LOC_FILE_RIGHTS                                                                                  \
    (FILE_WRITE_DATA | FILE_APPEND_DATA | DELETE | WRITE_DAC | WRITE_OWNER | GENERIC_WRITE | GENERIC_ALL)
/* An ancestor folder: renaming it (or a child) would swap the whole folder. */
#define SHX_LOC_ANCESTOR_RIGHTS (DELETE | FILE_DELETE_CHILD | WRITE_DAC | WRITE_OWNER | GENERIC_ALL)

/* Checks that dir (a full path) and the files names[] in it (NULL-terminated
 * list of file names, may be NULL) may be registered for all users (HKLM
 * InprocServer32, HKLM Run): dir must be on a fixed local disk (not
 * DRIVE_REMOTE, not removable, not on a USB/SD bus), and neither dir, nor
 * those files, nor any folder above dir may be changed by an account that is
 * not an administrator (shx_loc_sd_writer). Fills res (the first problem
 * found). Returns S_OK when safe, S_FALSE when refused (see res->problem). */
HRESULT shx_machine_location(const WCHAR *dir, const WCHAR *const *names, shx_loc_result *res);

/* The first principal an ACE of sd lets hold any of rights (inherit-only ACEs
 * do not count; deny ACEs are not trusted to cancel an allow), or the owner
 * (who may always rewrite the DACL), that is not trusted: trusted are SYSTEM,
 * Administrators, TrustedInstaller, a domain's Administrator account, Domain
 * Admins and Enterprise Admins, and self (the calling administrator's own
 * account; NULL when the caller is not an administrator). Users, Authenticated
 * Users, Everyone, INTERACTIVE, Guests, ANONYMOUS LOGON, any other account
 * and the caller when not an administrator are not. Returns TRUE and *who (a
 * pointer into sd) when there is one; a NULL DACL returns TRUE with *who NULL. */
BOOL shx_loc_sd_writer(PSECURITY_DESCRIPTOR sd, DWORD rights, PSID self, PSID *who);

#endif
