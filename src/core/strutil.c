#include "core/strutil.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

/* Optimal string alignment distance: Levenshtein plus transpositions of
 * neighbours at cost 1, the commonest typo ("emial"). */
size_t
str_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t width = lb + 1;
    size_t *d = xmalloc((la + 1) * width * sizeof(*d));
    for (size_t i = 0; i <= la; i++)
        d[i * width] = i;
    for (size_t j = 0; j <= lb; j++)
        d[j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            int ai = tolower((unsigned char)a[i - 1]);
            int bj = tolower((unsigned char)b[j - 1]);
            size_t best = d[(i - 1) * width + j - 1] + (ai == bj ? 0 : 1);
            if (d[(i - 1) * width + j] + 1 < best)
                best = d[(i - 1) * width + j] + 1;
            if (d[i * width + j - 1] + 1 < best)
                best = d[i * width + j - 1] + 1;
            if (i > 1 && j > 1 &&
                ai == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == bj &&
                d[(i - 2) * width + j - 2] + 1 < best)
                best = d[(i - 2) * width + j - 2] + 1;
            d[i * width + j] = best;
        }
    }
    size_t distance = d[la * width + lb];
    free(d);
    return distance;
}

const char *
str_closest(const char *word, const char *const *candidates, size_t count)
{
    size_t limit = strlen(word) / 3;
    if (limit < 1)
        limit = 1;
    if (limit > 3)
        limit = 3;
    const char *best = NULL;
    size_t best_distance = limit + 1;
    for (size_t i = 0; i < count; i++) {
        if (candidates[i] == NULL)
            continue;
        size_t distance = str_edit_distance(word, candidates[i]);
        if (distance < best_distance) {
            best = candidates[i];
            best_distance = distance;
        }
    }
    return best;
}
