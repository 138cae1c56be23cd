/* Resource IDs shared by the Windows binaries' .rc files and their code. */
#ifndef CONNECTAS_RESOURCE_IDS_H
#define CONNECTAS_RESOURCE_IDS_H

/* Error sentences: IDS_ERROR_BASE + the Windows error code (error table, docs/1219.md). */
#define IDS_ERROR_BASE 20000

#endif
