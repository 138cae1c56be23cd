/* How uses are named in sentences, shared by render.c and render_explain.c (a leaf: calls nothing of theirs).
 */
#include <stdlib.h>

#include "render_int.h"
#include "text.h"

const char *render_use_name(const model_use *u)
{
    return u->local ? u->local : u->remote;
}

/* "O:", "O: and W:", "O:, W: and Y:" */
void render_name_list(strbuf *out, const model *m, const size_t *uses, size_t count)
{
    const char **names;
    size_t i;
    if (!count)
        return;
    names = malloc(count * sizeof(*names));
    if (!names) {
        out->failed = 1;
        return;
    }
    for (i = 0; i < count; i++)
        names[i] = uses[i] < m->use_count ? render_use_name(&m->uses[uses[i]]) : NULL;
    text_join(out, names, count);
    free(names);
}
