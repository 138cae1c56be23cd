/* Rule R6's safe order of disconnecting: drive letters, printers, drive-less uses, IPC$ last. A leaf
 * file: the predictor orders its disconnect fix with it and fixrun re-sorts every plan with it. */
#include <stdlib.h>
#include <string.h>

#include "model.h"

int model_disconnect_rank(const model_use *u)
{
    switch (u->kind) {
    case USE_KIND_DRIVE:
        return 0;
    case USE_KIND_PRINTER:
        return 1;
    case USE_KIND_DRIVELESS:
        return 2;
    case USE_KIND_IPC:
        return 3;
    }
    return 2;
}

ca_status model_sort_for_disconnect(const model *m, size_t *idx, size_t count, ca_error *err)
{
    size_t *tmp, i, n = 0;
    int rank;
    if (count < 2)
        return CA_OK;
    tmp = malloc(count * sizeof(*tmp));
    if (!tmp)
        return ca_fail(err, CA_ERR_NOMEM, "out of memory ordering %zu connections", count);
    /* One stable pass per rank. */
    for (rank = 0; rank < 4; rank++)
        for (i = 0; i < count; i++)
            if (model_disconnect_rank(&m->uses[idx[i]]) == rank)
                tmp[n++] = idx[i];
    memcpy(idx, tmp, count * sizeof(*idx));
    free(tmp);
    return CA_OK;
}
